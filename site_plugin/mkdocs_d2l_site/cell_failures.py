"""One-line messages that point an author at the line of the chapter file to fix.

IPython's traceback names every frame in executed code as ``Cell In[N], line L``; the last such
frame is the line that raised (or, when the exception comes from a library, the chapter's line
that called into it). ``N`` is the execution count, which the runner sets to the code cell's
position, and ``L`` counts from the cell's first line in the chapter file (both are in the
chapter's record, ``chapter_record.CodeCell``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import nbformat
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from .chapter_record import CodeCell

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# IPython ≥ 8.5 writes "Cell In[3], line 2"; 8.0–8.4 wrote "Input In [3], in <cell line: 2>".
_FRAME = re.compile(r"(?:Cell In|Input In) ?\[(\d+)\],? (?:line (\d+)|in <cell line: (\d+)>)")


def _clean(text: str) -> str:
    return _ANSI.sub("", text)


def _first_line(source: str) -> str:
    return next((line.strip() for line in source.splitlines() if line.strip()), "")


def failure_message(
    display_name: str,
    cells: Sequence[CodeCell],
    nb: nbformat.NotebookNode,
    index: int,
    error: Exception,
    *,
    timeout: int,
    frame: str = "",
) -> str:
    """The message for the code cell ``nb.cells[index]`` having failed with ``error``;
    ``frame`` names the slider value it ran for (``sliders``), if any."""
    place = next(cell for cell in cells if cell.index == index)
    by_count = {cell.number: cell for cell in cells}

    def at(line: int | None) -> str:
        return f"{display_name}:{line}" if line else display_name

    cell_label = place.label + (f"（{frame}）" if frame else "")
    if isinstance(error, CellTimeoutError):
        return (
            f"{at(place.first_line)}: {cell_label}（{_first_line(nb.cells[index].source)!r}）"
            f"运行超过 {timeout} 秒，已停止。确实需要更久时，在 mkdocs.yml 的 d2l-site 插件下"
            f"调大 timeout（单位：秒）"
        )
    if isinstance(error, DeadKernelError):
        return (
            f"{at(place.first_line)}: {cell_label}（{_first_line(nb.cells[index].source)!r}）"
            f"运行时内核意外退出（内存不足，或代码调用了 exit/os._exit？）"
        )
    if isinstance(error, CellExecutionError):
        what = f"{error.ename}: {_clean(error.evalue)}".rstrip(": ")
        frames = _FRAME.findall(_clean(error.traceback or ""))
    else:
        what = f"{type(error).__name__}: {_clean(str(error)).splitlines()[0]}"
        frames = []
    line_in_file = place.first_line
    text = _first_line(nb.cells[index].source)
    where = ""
    if frames:
        count, line_a, line_b = frames[-1]
        line_in_cell = int(line_a or line_b)
        raising_place = by_count.get(int(count), place)
        source = nb.cells[raising_place.index].source.splitlines()
        if 0 < line_in_cell <= len(source):
            text = source[line_in_cell - 1].strip()
        if raising_place.first_line:
            line_in_file = raising_place.first_line + line_in_cell - 1
        if raising_place.index != index:
            where = f"（在第 {raising_place.number} 个代码单元格定义的代码中）"
    return f"{at(line_in_file)}: {cell_label}执行失败，出错的行 {text!r}{where} —— {what}"
