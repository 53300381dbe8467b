"""What stops a build, and how: one short message naming the file, the line and what to do
(the message for each kind of failing line is tested in process: tests/plugin/test_cell_failures.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitebuild import make_site, mkdocs_build

#: Runs builds of its own: left out where a build is given (``nox -s newest``).
pytestmark = pytest.mark.own_build

BROKEN = """\
# 出错的一章

```python
x = 1
```

Some text.

```python
def helper():
    return 1 / 0

helper()
```
"""


def test_failing_cell_gives_short_message_and_nonzero_exit(tmp_path: Path) -> None:
    config = make_site(tmp_path, {"index.md": "# 首页\n", "broken.md": BROKEN})
    build = mkdocs_build(config, tmp_path / "site", tmp_path / "cache")
    assert build.returncode != 0
    # line 19 of the file (the chapter body starts after 8 lines of front matter)
    expected = (
        "docs/broken.md:19: 第 2 个代码单元格执行失败，出错的行 'return 1 / 0' —— "
        "ZeroDivisionError: division by zero"
    )
    assert expected in build.output
    assert "Traceback" not in build.output
    assert "CellExecutionError" not in build.output
    error_lines = [line for line in build.output.splitlines() if "ERROR" in line or "Error" in line]
    assert len(error_lines) <= 2, build.output


@pytest.mark.parametrize(
    ("front_matter", "problem"),
    [
        (
            "---\njupyter:\n  jupytext:\n    formats: md\n---\n",
            "front matter 里有 jupyter:，却没有 kernelspec",
        ),
        (
            "---\njupyter:\n  kernelspec:\n    name: ir\n    language: R\n---\n",
            "kernelspec 的语言是 'R'，本站只执行 Python 章节",
        ),
    ],
)
def test_a_chapter_that_would_not_execute_fails_the_build(
    tmp_path: Path, front_matter: str, problem: str
) -> None:
    config = make_site(tmp_path, {"index.md": "# 首页\n"})
    (tmp_path / "docs" / "notes.md").write_text(front_matter + "# 笔记\n\n```python\n1 + 1\n```\n")
    build = mkdocs_build(config, tmp_path / "site", tmp_path / "cache")
    assert build.returncode != 0
    assert f"docs/notes.md: {problem}" in build.output


def test_what_does_not_stop_the_build(tmp_path: Path) -> None:
    """A cell tagged raises-exception may fail; a page without jupyter: front matter is shown
    as written, its code not run (one build for both)."""
    raising = '# 预期的错误\n\n```python tags=["raises-exception"]\n1 / 0\n```\n'
    config = make_site(tmp_path, {"index.md": raising})
    plain = "---\ntitle: 说明\n---\n# 说明\n\n```python\nprint('not run')\n```\n"
    (tmp_path / "docs" / "about.md").write_text(plain)
    build = mkdocs_build(config, tmp_path / "site", tmp_path / "cache")
    assert build.returncode == 0, build.output
    assert "ZeroDivisionError" in build.page("")
    assert "executed 1 chapter(s)" in build.output
    assert "print" in build.page("about")
