// matplotlib's font list, built once when the live-code runtime is assembled (issue 27):
//
//     node tools/livecode_fonts.mjs RUNTIME_DIR
//
// RUNTIME_DIR is an assembled runtime (tools/assemble_livecode.py): this script loads that very
// Pyodide and its matplotlib, lets matplotlib scan its fonts and write its font list, and saves
// the list as RUNTIME_DIR/fontlist.json. The worker puts it back where matplotlib looks
// (kernel.py's prepare), so a reader's browser does not scan the fonts again.
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import path from "node:path";

const runtime = path.resolve(process.argv[2] ?? "");
const { loadPyodide } = createRequire(import.meta.url)(path.join(runtime, "pyodide.js"));
const pyodide = await loadPyodide({ indexURL: runtime + path.sep, env: { MPLBACKEND: "agg" } });
await pyodide.loadPackage(["matplotlib"], { messageCallback: () => {} });
const text = pyodide.runPython(`
import contextlib, io, pathlib
with contextlib.redirect_stderr(io.StringIO()):
    import matplotlib.font_manager as fm
pathlib.Path(fm.__file__).with_name("fontlist.json").read_text(encoding="utf-8")
`);
writeFileSync(path.join(runtime, "fontlist.json"), text);
