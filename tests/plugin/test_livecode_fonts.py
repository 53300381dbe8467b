"""The assembled runtime under Node: matplotlib reads the font list built at assembly instead
of scanning, and draws without the packages the assembly leaves out.

Runs the assembled runtime (``nox -s runtime``, ``.cache/livecode/pyodide``) under Node: the
same Pyodide, matplotlib and kernel.py as a reader's worker, which hands the runtime's
``fontlist.json`` to ``prepare`` before anything imports matplotlib.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import assemble_livecode
import pytest

from mkdocs_d2l_site import livecode

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = ROOT / ".cache" / "livecode" / "pyodide"

# What the worker does (static/worker.js), then each Python program given, in order, in that
# one Python (the value of each is printed on a line of its own).
SCRIPT = r"""
const [runtime, kernelPath, fontList, ...programs] = process.argv.slice(1);
const fs = require("node:fs");
(async () => {
  const { loadPyodide } = require(runtime + "/pyodide.js");
  const pyodide = await loadPyodide({ indexURL: runtime + "/", env: { MPLBACKEND: "agg" } });
  await pyodide.loadPackage(["matplotlib"], { messageCallback: () => {} });
  const kernel = pyodide.runPython("import types\n_m = types.ModuleType('k')\n_m");
  pyodide.runPython(fs.readFileSync(kernelPath, "utf8"), { globals: kernel.__dict__ });
  kernel.prepare(fs.readFileSync(fontList, "utf8"));
  for (const python of programs) console.log(pyodide.runPython(python));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
"""

#: How matplotlib found its fonts: its log, its stderr, the fonts it has and a fresh scan's.
FONTS = r"""
import contextlib, io, json, logging
messages = []
handler = logging.Handler()
handler.emit = lambda record: messages.append(record.getMessage())
logger = logging.getLogger("matplotlib.font_manager")
logger.addHandler(handler)
logger.setLevel(logging.DEBUG)
stderr = io.StringIO()
with contextlib.redirect_stderr(stderr):
    import matplotlib.font_manager as fm
found = list(messages)
def fonts(manager):
    return sorted((f.fname, f.name, f.style, f.weight) for f in manager.ttflist + manager.afmlist)
json.dumps({"log": found, "stderr": stderr.getvalue(), "fonts": fonts(fm.fontManager),
            "scanned": fonts(fm.FontManager())})
"""

#: The chapters' kind of figure, with mathtext, to PNG (what a cell shows) and SVG; then which
#: of the packages the assembly leaves out are imported, and what importing one says.
DRAW = r"""
import io, json, sys
import matplotlib.pyplot as plt
fig, ax = plt.subplots()
ax.plot([0, 1, 2], [0, 1, 4], label=r"$\frac{d}{dx} x^2$")
ax.legend()
sizes = {}
for fmt in ("png", "svg"):
    buffer = io.BytesIO()
    fig.savefig(buffer, format=fmt)
    sizes[fmt] = len(buffer.getvalue())
left_out = ("fontTools", "pytz", "matplotlib_pyodide")
left_out = sorted(m for m in sys.modules if m.split(".")[0] in left_out)
try:
    import fontTools  # noqa: F401
    missing = ""
except ModuleNotFoundError as error:
    missing = str(error)
json.dumps({"sizes": sizes, "missing": missing, "imported": left_out})
"""


@pytest.fixture(scope="module")
def answers() -> list[dict[str, Any]]:
    """The values (JSON) of ``FONTS`` and ``DRAW`` in the assembled runtime, after the worker's
    steps: one Node process, one Pyodide start."""
    node = shutil.which("node")
    font_list = RUNTIME / assemble_livecode.FONT_LIST
    if node is None or not (RUNTIME / "pyodide.asm.wasm").is_file():
        if os.environ.get("CI"):
            pytest.fail(f"CI needs node and the assembled runtime in {RUNTIME} (nox -s runtime)")
        pytest.skip("needs node and the assembled runtime (nox -s runtime)")
    assert font_list.is_file(), f"the assembled runtime has no {font_list.name}"
    kernel = livecode.STATIC / "kernel.py"
    proc = subprocess.run(
        [node, "-e", SCRIPT, str(RUNTIME), str(kernel), str(font_list), FONTS, DRAW],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return [json.loads(line) for line in proc.stdout.strip().splitlines()[-2:]]


def test_matplotlib_uses_the_font_list_built_at_assembly(answers: list[dict[str, Any]]) -> None:
    seen = answers[0]
    # matplotlib read the list (it logs this) and did not build one.
    assert any(m.startswith("Using fontManager instance from") for m in seen["log"]), seen["log"]
    assert "generated new fontManager" not in seen["log"]
    assert seen["stderr"] == ""  # no "Matplotlib is building the font cache"
    # The very fonts a scan in this runtime finds, with the paths of this runtime.
    assert seen["fonts"] == seen["scanned"]
    assert len(seen["fonts"]) > 30


def test_the_runtime_draws_without_the_packages_left_out(answers: list[dict[str, Any]]) -> None:
    # Without fontTools, pytz and matplotlib-pyodide (assemble_livecode.LEFT_OUT).
    seen = answers[1]
    assert seen["sizes"]["png"] > 5_000, seen
    assert seen["sizes"]["svg"] > 5_000, seen
    assert seen["imported"] == []
    # A plain error: the lock shipped does not name fontTools, so Pyodide does not suggest
    # installing a package this site does not serve.
    assert seen["missing"] == "No module named 'fontTools'"
