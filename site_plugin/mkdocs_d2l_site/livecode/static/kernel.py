"""The notebook kernel of the page's in-browser Python: runs one cell the way Jupyter would.

The worker loads this module into Pyodide; it is plain Python, so the tests run it in CPython.
Jupyter behaviours a reader of the book relies on, and how each is done here:

- ``__future__`` imports hold for the cells after them;
- the last expression's value is shown (``Out[n]``), unless the cell ends with ``;``;
- ``%matplotlib inline`` is accepted (figures are always shown inline); other magics and shell
  lines (``!pip …``) get a short message instead of a SyntaxError;
- figures left open by a cell are shown as SVG, then closed (always, in ``finally``), as
  matplotlib-inline does; a figure that cannot be drawn (a mathtext slip such as ``"$x^$"`` raises
  only when the figure is drawn) is a one-line error, and the other figures are still shown;
- an exception becomes a short message: the line of the cell that was running, and the exception;
- ``run`` never raises: whatever goes wrong ends as an "error" output and ``False``;
- the cell's source is in ``linecache``, so ``inspect.getsource`` finds the functions it defines.

``prepare`` does the runtime's housekeeping before Python reports ready (matplotlib's font
list), so none of it reaches a cell's output.
"""

from __future__ import annotations

import ast
import codeop
import contextlib
import importlib.util
import io
import linecache
import sys
import tokenize
import traceback
from collections.abc import Callable
from pathlib import Path
from types import CodeType
from typing import Any, cast

#: Called with (kind, payload): kind is "stdout", "stderr", "result", "figure" or "error".
Emit = Callable[[str, str], None]

_INLINE_MAGICS = {
    "%matplotlib inline",
    "%matplotlib svg",
    "%config InlineBackend.figure_format = 'svg'",
}


class _Stream(io.TextIOBase):
    """sys.stdout/sys.stderr for a cell: text goes to the page as it is written."""

    def __init__(self, kind: str, emit: Emit) -> None:
        self._kind = kind
        self._emit = emit

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if text:
            self._emit(self._kind, text)
        return len(text)


def strip_magics(source: str) -> tuple[str, list[str]]:
    """The cell without IPython-only lines (kept as blank lines, so line numbers hold).

    Returns the Python source and a note for each line that cannot run in the browser.
    """
    lines = source.split("\n")
    notes = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped.startswith(("%", "!")):
            continue
        if " ".join(stripped.split()) not in _INLINE_MAGICS:
            notes.append(
                f"第 {i + 1} 行 {stripped!r} 是 IPython 命令，浏览器中的 Python 不支持，已跳过"
            )
        lines[i] = ""
    return "\n".join(lines), notes


def ends_with_semicolon(source: str) -> bool:
    """Whether the last token of the cell (comments aside) is ``;``, as IPython checks."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return False
    ignored = {
        tokenize.COMMENT,
        tokenize.NL,
        tokenize.NEWLINE,
        tokenize.ENDMARKER,
        tokenize.INDENT,
        tokenize.DEDENT,
    }
    significant = [t for t in tokens if t.type not in ignored]
    return bool(significant) and significant[-1].string == ";"


def short_error(error: BaseException, filename: str, source: str) -> str:
    """'第 3 行：y = 1 / 0\\nZeroDivisionError: division by zero' — the cell's line, then the error."""
    exc_line = "".join(traceback.format_exception_only(type(error), error)).strip()
    where: int | None
    if isinstance(error, SyntaxError) and error.filename == filename:
        where, exc_line = error.lineno, f"{type(error).__name__}: {error.msg}"
    else:
        frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == filename]
        where = frames[-1].lineno if frames else None
    if where is None:
        return exc_line
    lines = source.split("\n")
    code = lines[where - 1].strip() if 0 < where <= len(lines) else ""
    return f"第 {where} 行：{code}\n{exc_line}" if code else f"第 {where} 行\n{exc_line}"


class Kernel:
    """One namespace shared by the cells of a page, like a Jupyter kernel."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": __builtins__}
        self.execution_count = 0
        # Remembers __future__ imports across cells, as IPython does: the chapters put
        # `from __future__ import annotations` in their first cell.
        self._compile = codeop.Compile()

    def run(self, source: str, emit: Emit) -> bool:
        """Run one cell, sending its outputs to ``emit`` in order; False if anything failed."""
        self.execution_count += 1
        filename = f"<单元格 {self.execution_count}>"
        code, notes = strip_magics(source)
        # As IPython does: inspect and tracebacks can read the cell's lines (a checked exercise
        # names the reader's raising line and sees a `...` left in their function).
        linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
        for note in notes:
            emit("stderr", note + "\n")
        old = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = _Stream("stdout", emit), _Stream("stderr", emit)
        try:
            ok = self._execute(code, filename, emit)
            return self._show_figures(emit) and ok
        except BaseException as error:  # noqa: BLE001 - a failure of ours must not hang the page
            emit("error", f"运行时出错：{one_line(error)}")
            return False
        finally:
            sys.stdout, sys.stderr = old
            _close_figures()

    def _execute(self, code: str, filename: str, emit: Emit) -> bool:
        # codeop.Compile is annotated for source text; it compiles an AST just as well.
        compile_ = cast("Callable[[ast.AST, str, str], CodeType]", self._compile)
        try:
            tree = ast.parse(code, filename=filename)
            last = tree.body[-1] if tree.body else None
            if isinstance(last, ast.Expr) and not ends_with_semicolon(code):
                tree.body.pop()
            else:
                last = None
            exec(compile_(tree, filename, "exec"), self.namespace)  # noqa: S102 - the cell
            if last is not None:
                value = eval(compile_(ast.Expression(last.value), filename, "eval"), self.namespace)
                if value is not None:
                    self.namespace["_"] = value
                    emit("result", repr(value))
        # The reader's code may raise anything, SystemExit and KeyboardInterrupt too.
        except BaseException as error:  # noqa: BLE001
            emit("error", short_error(error, filename, code))
            return False
        return True

    @staticmethod
    def _show_figures(emit: Emit) -> bool:
        """Each open figure as SVG; False if one of them could not be drawn."""
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is None:
            return True
        ok = True
        for number in pyplot.get_fignums():
            buffer = io.StringIO()
            try:
                # bbox_inches="tight", as matplotlib-inline does in Jupyter (the build's figures).
                pyplot.figure(number).savefig(buffer, format="svg", bbox_inches="tight")
            except Exception as error:  # noqa: BLE001 - any drawing error, e.g. mathtext's
                emit("error", f"无法画出第 {number} 张图：{one_line(error)}")
                ok = False
            else:
                emit("figure", buffer.getvalue())
        return ok


def one_line(error: BaseException) -> str:
    """``Type: message`` on one line (mathtext's message spans several)."""
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _close_figures() -> None:
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        with contextlib.suppress(Exception):
            pyplot.close("all")


def prepare(font_list: str | None = None) -> None:
    """Housekeeping before Python reports ready, so none of it reaches a cell's output.

    ``font_list`` is matplotlib's font list, built when the runtime was assembled
    (tools/livecode_fonts.mjs). It is written where Pyodide's matplotlib keeps it (beside
    ``font_manager.py``), so matplotlib reads it instead of scanning its fonts, and matplotlib
    is imported later, by the first cell that needs it. Without a list (a runtime from
    ``PYODIDE_URL``) matplotlib builds it now: building announces itself on stderr
    ("Matplotlib is building the font cache; this may take a moment.").
    """
    if font_list is not None:
        spec = importlib.util.find_spec("matplotlib")
        folders = spec.submodule_search_locations if spec is not None else None
        if folders:
            # Replaces the list Pyodide's wheel carries: that one is of another matplotlib
            # (version 390 of the format, 3.8.4 reads 330), so matplotlib ignores it and scans.
            Path(folders[0], "fontlist.json").write_text(font_list, encoding="utf-8")
            return
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        import matplotlib.font_manager  # noqa: F401 - the import builds the list
