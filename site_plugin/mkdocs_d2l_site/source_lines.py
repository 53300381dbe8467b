"""Where in its source file a page's problem is: the line an author opens, for ``FILE:LINE``.

A page pass names a code cell by its number (``第 2 个代码单元格 画了图，但没有 alt 说明``) or a
formula by its TeX (``公式 “\\frac{1}{” 无法转换为 MathML``); the line is found in the source: the
cell's code fence, or the first line of the formula as written.
"""

from __future__ import annotations

import re

from .chapter_record import ExecutedChapter

_CELL = re.compile(r"^第 (\d+) 个代码单元格")
_FORMULA = re.compile(r"^公式 “(.+?)…?” ")


def line_of(message: str, source: str, chapter: ExecutedChapter | None) -> int | None:
    """The 1-based line of ``source`` that ``message`` is about, if it can be told."""
    if (cell := _CELL.match(message)) and chapter is not None:
        for place in chapter.code_cells:
            if place.number == int(cell.group(1)) and place.first_line:
                return place.first_line - 1  # the fence, where the cell's options are
    if formula := _FORMULA.match(message):
        return _line_of_text(formula.group(1), source)
    return None


def _line_of_text(flat: str, source: str) -> int | None:
    """The line where ``flat`` (whitespace runs made single spaces) starts in ``source``."""
    words, lines = [], []
    for number, line in enumerate(source.split("\n"), 1):
        for word in line.split():
            words.append(word)
            lines.append(number)
    text = " ".join(words)
    at = text.find(flat)
    return None if at < 0 else lines[text.count(" ", 0, at)]
