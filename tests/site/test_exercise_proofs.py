"""The strict build proves every checked exercise's check can fail and can pass: the scaffold as
written gets 还没有作答, each wrong answer the author gives fails with its feedback, and the
reference solution passes. A broken proof stops the build with one line naming the exercise."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitebuild import Build, make_site, mkdocs_build

#: Runs builds of its own: left out where a build is given (``nox -s newest``).
pytestmark = pytest.mark.own_build

CHECK = """\
from d2l_helpers.exercises import Wrong, exercise

@exercise('练习 1')
def check_double(double):
    got = double(3.0, shape=())
    if got != 6:
        raise Wrong(f'double(3) 是 {got}，应为 6。')
    return '在 x = 3 处与 2x 一致。'
"""


def chapter(
    *,
    scaffold: str = "def double(x):\n    ...",
    check: str = CHECK,
    wrong: str = "check_double.wrong(lambda x: x + 2, '应为 6')",
    solution: str = "def double(x):\n    return 2 * x\n\ncheck_double.solution(double)",
) -> str:
    return (
        "# 练习\n\n## 练习 1\n\n求 2x。\n\n"
        f'```python tags=["exercise"]\n{scaffold}\n```\n\n'
        f'```python tags=["check"]\n{check}\n{wrong}\ncheck_double(double)\n```\n\n'
        f'```python tags=["solution"]\n{solution}\n```\n'
    )


def build(tmp_path: Path, body: str) -> Build:
    config = make_site(tmp_path, {"index.md": body})
    return mkdocs_build(config, tmp_path / "site", tmp_path / "cache")


def failure(tmp_path: Path, body: str) -> str:
    """The one line of the failed build that names the exercise."""
    result = build(tmp_path, body)
    assert result.returncode != 0, result.output
    lines = [line for line in result.output.splitlines() if "练习 1" in line]
    assert len(lines) == 1, result.output
    return lines[0]


def test_a_checked_exercise_builds_with_its_scaffold_marked_and_its_checks_folded(
    tmp_path: Path,
) -> None:
    result = build(tmp_path, chapter())
    assert result.returncode == 0, result.output
    soup = BeautifulSoup(result.page(""), "html.parser")
    (scaffold,) = soup.select("div.d2l-cell.d2l-exercise")
    assert "def double" in scaffold.get_text()
    (fold,) = soup.select("details.d2l-check")
    assert fold.summary is not None
    assert fold.summary.get_text() == "检查用的代码"
    assert "check_double(double)" in fold.get_text()
    solution = soup.select_one("details.d2l-solution")
    assert solution is not None
    assert "通过：在 x = 3 处与 2x 一致。" in solution.get_text()


def test_a_check_that_passes_a_wrong_answer_stops_the_build(tmp_path: Path) -> None:
    lenient = CHECK.replace(
        "    if got != 6:\n        raise Wrong(f'double(3) 是 {got}，应为 6。')\n", ""
    )
    line = failure(tmp_path, chapter(check=lenient))
    assert "docs/index.md:" in line
    assert "CheckError: 练习 1 的检查让作者准备的错误答案通过了：检查没有起作用" in line


def test_a_wrong_answer_must_get_the_feedback_its_author_wrote(tmp_path: Path) -> None:
    line = failure(tmp_path, chapter(wrong="check_double.wrong(lambda x: x + 2, '应为 7')"))
    assert (
        "练习 1 的错误答案得到的反馈是“还不对：double(3) 是 5.0，应为 6。”，其中没有“应为 7”"
        in line
    )


def test_a_check_without_wrong_answers_stops_the_build(tmp_path: Path) -> None:
    line = failure(tmp_path, chapter(wrong=""))
    assert "练习 1 的检查还没有证明自己能发现错误" in line


def test_the_scaffold_as_written_must_be_unfinished(tmp_path: Path) -> None:
    line = failure(tmp_path, chapter(scaffold="def double(x):\n    return 2 * x"))
    assert "练习 1：检查单元格对题目给出的框架应当回答“还没有作答：……”，实际是“通过：" in line


def test_the_reference_solution_must_pass(tmp_path: Path) -> None:
    wrong_reference = "def double(x):\n    return x * x\n\ncheck_double.solution(double)"
    line = failure(tmp_path, chapter(solution=wrong_reference))
    assert "CheckError: 练习 1 的参考解答没有通过检查：还不对：double(3) 是 9.0，应为 6。" in line


def test_the_reference_solution_must_be_checked(tmp_path: Path) -> None:
    line = failure(tmp_path, chapter(solution="def double(x):\n    return 2 * x"))
    assert "练习 1：没有用检查验证参考解答" in line
