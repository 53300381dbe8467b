"""One executed chapter, as the build passes it forward: read once, numbered once.

``execution.ChapterRunner.run`` returns one :class:`ExecutedChapter` per chapter (the plugin
makes one with ``execution.unexecuted`` when execution is switched off). Everything after
execution reads it: the page passes (``notebook_page``, ``sliders``, ``cell_outputs`` through
``page_pipeline``), the failure messages (``cell_failures``) and the downloads (``downloads``).
Nothing else reads an executed notebook file, numbers code cells or parses a slider option.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .sliders import Slider, SliderError, cell_slider

_FENCE = re.compile(r"^\s*```+\s*\{?python\b")


@dataclass(frozen=True)
class CodeCell:
    """A code cell: its ``index`` in the notebook, its ``number`` among the code cells (1-based;
    also its execution count), the ``first_line`` of its code in the chapter file (``None``: not
    found) and its ``slider`` option (``None``: not a slider cell)."""

    index: int
    number: int
    first_line: int | None
    slider: Slider | None = None

    @property
    def label(self) -> str:
        """How messages name the cell: ``第 3 个代码单元格``."""
        return f"第 {self.number} 个代码单元格"


@dataclass(frozen=True)
class ExecutedChapter:
    """A chapter's ``source`` file, its ``notebook`` (executed, or as written when execution is
    off) and its ``code_cells``; ``path`` is the executed notebook file mkdocs-jupyter renders
    (the cache entry), ``None`` when execution is off."""

    source: Path
    display_name: str
    notebook: nbformat.NotebookNode
    code_cells: tuple[CodeCell, ...]
    path: Path | None = None

    @classmethod
    def of(
        cls,
        nb: nbformat.NotebookNode,
        chapter_text: str = "",
        *,
        source: Path = Path("chapter.md"),
        display_name: str = "",
        path: Path | None = None,
    ) -> ExecutedChapter:
        """The record of a chapter whose notebook is ``nb`` and whose file holds
        ``chapter_text``; a bad slider option is a ``SliderError`` (see ``code_cells``)."""
        name = display_name or source.as_posix()
        return cls(source, name, nb, code_cells(nb, chapter_text, name), path)

    @property
    def executed(self) -> bool:
        return self.path is not None

    def code_cell(self, index: int) -> CodeCell:
        """The code cell at ``index`` in the notebook's cells."""
        return next(cell for cell in self.code_cells if cell.index == index)


def code_cells(
    nb: nbformat.NotebookNode, chapter_text: str, display_name: str
) -> tuple[CodeCell, ...]:
    """The code cells of ``nb``, found in ``chapter_text`` by walking its code fences in order
    (two cells that start alike are told apart); a bad slider option is a ``SliderError`` naming
    the chapter file and the line of the cell's fence."""
    lines = chapter_text.splitlines()
    found: list[CodeCell] = []
    cursor = 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        number = len(found) + 1
        source = cell.source.splitlines()
        fences = [i for i in range(cursor, len(lines)) if _FENCE.match(lines[i])]
        exact = [i for i in fences if source and i + 1 < len(lines) and lines[i + 1] == source[0]]
        candidates = exact or fences
        first_line = None
        if candidates:
            first_line = candidates[0] + 2  # 1-based line after the fence
            cursor = candidates[0] + 1 + len(source)
        try:
            slider = cell_slider(cell)
        except SliderError as error:
            fence = f":{first_line - 1}" if first_line else ""
            raise SliderError(f"{display_name}{fence}: 第 {number} 个代码单元格：{error}") from None
        found.append(CodeCell(index, number, first_line, slider))
    return tuple(found)
