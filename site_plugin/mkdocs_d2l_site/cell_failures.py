"""One-line messages that point an author at the line of the chapter file to fix.

IPython's traceback names every frame in executed code as ``Cell In[N], line L``; the last such
frame is the line that raised (or, when the exception comes from a library, the chapter's line
that called into it). ``N`` is the execution count, which the runner sets to the code cell's
position, and ``L`` counts from the cell's first line, which is found in the chapter file by
walking its code fences in order (so two cells that start alike are told apart).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import nbformat
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# IPython ≥ 8.5 writes "Cell In[3], line 2"; 8.0–8.4 wrote "Input In [3], in <cell line: 2>".
_FRAME = re.compile(r"(?:Cell In|Input In) ?\[(\d+)\],? (?:line (\d+)|in <cell line: (\d+)>)")
_FENCE = re.compile(r"^\s*```+\s*\{?python\b")


@dataclass(frozen=True)
class CellPlace:
    """A code cell: its position among code cells (1-based) and its first source line."""

    number: int
    first_line: int | None


def code_cell_places(text: str, nb: nbformat.NotebookNode) -> dict[int, CellPlace]:
    """Map each code cell's index in ``nb`` to its number and first line in the chapter file."""
    lines = text.splitlines()
    places: dict[int, CellPlace] = {}
    cursor = 0
    number = 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        number += 1
        source = cell.source.splitlines()
        fences = [i for i in range(cursor, len(lines)) if _FENCE.match(lines[i])]
        exact = [i for i in fences if source and i + 1 < len(lines) and lines[i + 1] == source[0]]
        candidates = exact or fences
        if not candidates:
            places[index] = CellPlace(number, None)
            continue
        fence = candidates[0]
        places[index] = CellPlace(number, fence + 2)  # 1-based line after the fence
        cursor = fence + 1 + len(source)
    return places


def _clean(text: str) -> str:
    return _ANSI.sub("", text)


def _first_line(source: str) -> str:
    return next((line.strip() for line in source.splitlines() if line.strip()), "")


def failure_message(
    display_name: str,
    chapter_text: str,
    nb: nbformat.NotebookNode,
    index: int,
    error: Exception,
    *,
    timeout: int,
    frame: str = "",
) -> str:
    """The message for the code cell ``nb.cells[index]`` having failed with ``error``;
    ``frame`` names the slider value it ran for (``sliders``), if any."""
    places = code_cell_places(chapter_text, nb)
    place = places[index]
    by_count = {place.number: (i, place) for i, place in places.items()}

    def at(line: int | None) -> str:
        return f"{display_name}:{line}" if line else display_name

    cell_label = f"第 {place.number} 个代码单元格" + (f"（{frame}）" if frame else "")
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
        raising_index, raising_place = by_count.get(int(count), (index, place))
        source = nb.cells[raising_index].source.splitlines()
        if 0 < line_in_cell <= len(source):
            text = source[line_in_cell - 1].strip()
        if raising_place.first_line:
            line_in_file = raising_place.first_line + line_in_cell - 1
        if raising_index != index:
            where = f"（在第 {raising_place.number} 个代码单元格定义的代码中）"
    return f"{at(line_in_file)}: {cell_label}执行失败，出错的行 {text!r}{where} —— {what}"
