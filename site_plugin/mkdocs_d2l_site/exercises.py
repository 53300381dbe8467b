"""Checked exercises: the build side (the checks themselves are ``d2l_helpers.exercises``).

A chapter marks a checked exercise with two code cells (CONTRIBUTING.md has an example):

- ``tags=["exercise"]``: the scaffold, a function whose body is ``...``; on the page it gets
  a 检查 button (``livecode/editor/exercise.js``);
- ``tags=["check"]`` right after it: the chapter's checks, the author's wrong answers
  (``.wrong``) and the call that checks the scaffold; folded on the page under 检查用的代码,
  as plain code without its output.

The kernel proves, while the chapter executes, that each wrong answer fails with its feedback
and that the reference solution passes (``.solution`` in the solution; a ``CheckError`` stops
the build). This module proves from the executed notebook what the kernel cannot know: the
scaffold as written gets 还没有作答, and a reference solution was checked at all.
"""

from __future__ import annotations

import nbformat
from bs4 import BeautifulSoup
from bs4.element import Tag

EXERCISE_TAG = "exercise"
CHECK_TAG = "check"
CHECK_SUMMARY = "检查用的代码"
#: How ``d2l_helpers.exercises.Feedback`` starts, for the scaffold and for a passing answer.
UNFINISHED = "还没有作答："
PASSED = "通过："


def _tags(cell: nbformat.NotebookNode) -> list[str]:
    return list(cell.metadata.get("tags", []))


def _text(cell: nbformat.NotebookNode) -> str:
    """The cell's result and printed text."""
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        elif "data" in output:
            parts.append(output["data"].get("text/plain", ""))
    return "\n".join(parts)


def _title(nb: nbformat.NotebookNode, index: int) -> str:
    """The exercise's name: the last heading above its scaffold."""
    for cell in reversed(nb.cells[:index]):
        if cell.cell_type == "markdown":
            headings = [line for line in cell.source.splitlines() if line.startswith("#")]
            if headings:
                return str(headings[-1]).lstrip("#").strip()
    return f"第 {index + 1} 个单元格的练习"


def problems(nb: nbformat.NotebookNode) -> list[str]:
    """What is wrong with the chapter's checked exercises, one line each, naming the exercise."""
    code = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]
    scaffolds = [i for i in code if EXERCISE_TAG in _tags(nb.cells[i])]
    found = []
    for number, index in enumerate(scaffolds):
        title = _title(nb, index)
        after = [i for i in code if i > index]
        check = nb.cells[after[0]] if after else None
        if check is None or CHECK_TAG not in _tags(check):
            found.append(f'{title}：框架单元格后面应紧跟一个 tags=["{CHECK_TAG}"] 的检查单元格')
            continue
        got = _text(check).strip()
        if not got.startswith(UNFINISHED):
            found.append(
                f"{title}：检查单元格对题目给出的框架应当回答“{UNFINISHED}……”，"
                f"实际是“{got.splitlines()[0] if got else '（没有输出）'}”"
            )
        end = scaffolds[number + 1] if number + 1 < len(scaffolds) else len(nb.cells)
        if not any(PASSED in _text(nb.cells[i]) for i in after[1:] if i < end):
            found.append(
                f"{title}：没有用检查验证参考解答（在解答的代码中调用 .solution(参考解答)）"
            )
    return found


def mark_page(soup: BeautifulSoup, nb: nbformat.NotebookNode, blocks: dict[int, Tag]) -> None:
    """Mark each scaffold's block (``blocks``: by cell index) for 检查; fold each check cell."""
    for index, block in blocks.items():
        tags = _tags(nb.cells[index])
        # Search finds the book's code once, in the solution: not the scaffold, not the checks.
        if EXERCISE_TAG in tags:
            _add_class(block, "d2l-exercise")
            block["data-search-exclude"] = ""
        elif CHECK_TAG in tags:
            _plain(block)
            fold = soup.new_tag(
                "details", attrs={"class": "note d2l-check", "data-search-exclude": ""}
            )
            summary = soup.new_tag("summary")
            summary.string = CHECK_SUMMARY
            block.wrap(fold)
            fold.insert(0, summary)


def _plain(block: Tag) -> None:
    """A check cell on the page: its code without token colours and without its output (the
    scaffold's 还没有作答, which the reader sees by pressing 检查): the exercises page may grow by
    3 KB gzip at most, and these four folded cells took 3.3 KB (design/checked-exercises.md)."""
    for child in block.find_all(recursive=False):
        if "highlight" not in child.get_attribute_list("class"):
            child.decompose()
    code = block.find("code")
    if code is not None:
        code.string = code.get_text()


def _add_class(block: Tag, name: str) -> None:
    block["class"] = " ".join([*block.get_attribute_list("class"), name])
