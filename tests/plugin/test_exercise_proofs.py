"""Every checked exercise proves, when its chapter runs, that its check can fail and can pass.

The kernel's half (each wrong answer fails with its feedback, the reference solution passes, a
``CheckError`` otherwise) is ``d2l_helpers.exercises``, tested in tests/helpers/test_exercises.py;
here, in process through ``ChapterRunner``: a ``CheckError`` stops the chapter with one line
naming the exercise, and what the plugin proves from the executed notebook (``exercises``). A
sound exercise's page: tests/site/test_good_site.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_d2l_site import exercises
from mkdocs_d2l_site.execution import Chapter, ChapterError, ChapterRunner

from mini_sites import EXERCISE_CHECK, exercise_chapter
from site_pages import FRONT_MATTER


def chapters(tmp_path: Path, **bodies: str) -> list[Chapter]:
    """A chapter file per body (after the usual front matter), named ``docs/NAME.md``."""
    found = []
    for name, body in bodies.items():
        path = tmp_path / f"{name}.md"
        path.write_text(FRONT_MATTER + body, encoding="utf-8")
        found.append(Chapter(path, f"docs/{name}.md"))
    return found


def test_a_check_error_stops_the_chapter_with_one_line_naming_the_exercise(
    tmp_path: Path,
) -> None:
    lenient = EXERCISE_CHECK.replace(
        "    if got != 6:\n        raise Wrong(f'double(3) 是 {got}，应为 6。')\n", ""
    )
    runner = ChapterRunner(tmp_path / "cache", watch_packages=[])
    with pytest.raises(ChapterError) as error:
        runner.run(chapters(tmp_path, index=exercise_chapter(check=lenient)))
    message = str(error.value)
    assert message.startswith("docs/index.md:"), message
    assert "CheckError: 练习 1 的检查让作者准备的错误答案通过了：检查没有起作用" in message
    assert "\n" not in message


def test_the_scaffold_must_be_unfinished_and_the_reference_solution_checked(
    tmp_path: Path,
) -> None:
    """The kernel cannot know either: the executed notebook shows it (one run for both)."""
    written = chapters(
        tmp_path,
        finished=exercise_chapter(scaffold="def double(x):\n    return 2 * x"),
        unchecked=exercise_chapter(solution="def double(x):\n    return 2 * x"),
    )
    records, _ = ChapterRunner(tmp_path / "cache", watch_packages=[]).run(written)
    finished, unchecked = (exercises.problems(records[c.path].notebook) for c in written)
    assert finished == [
        "练习 1：检查单元格对题目给出的框架应当回答“还没有作答：……”，实际是“通过：在 x = 3 处与 2x 一致。”"
    ]
    assert unchecked == ["练习 1：没有用检查验证参考解答（在解答的代码中调用 .solution(参考解答)）"]
