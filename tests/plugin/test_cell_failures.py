"""A failing cell's message, in process through ``ChapterRunner``: the chapter file, the line
that raised and what it raised (the whole build's exit and output: tests/site/test_failures.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_d2l_site.execution import Chapter, ChapterError, ChapterRunner

from site_pages import FRONT_MATTER

# Two cells start with the same line; the second one fails, inside a function of the first,
# then a library raises below a line of the third.
SAME_START = """\
# 同样开头的单元格

```python
def f(x):
    return 1 / x
```

```python
def f(x):
    y = x
    return g(y)
```
"""


def failure(tmp_path: Path, body: str) -> str:
    """The message running a chapter of ``body`` (after the usual front matter) stops with."""
    chapter = tmp_path / "index.md"
    chapter.write_text(FRONT_MATTER + body, encoding="utf-8")
    runner = ChapterRunner(tmp_path / "cache", watch_packages=[])
    with pytest.raises(ChapterError) as error:
        runner.run([Chapter(chapter, "docs/index.md")])
    return str(error.value)


def test_failure_names_the_raising_line_also_when_cells_start_alike(tmp_path: Path) -> None:
    body = SAME_START + "\n```python\ndef g(y):\n    return 1 / y\n\nf(0)\n```\n"
    # g raises on line 24 of the file; the failing cell is the third code cell.
    assert failure(tmp_path, body) == (
        "docs/index.md:24: 第 3 个代码单元格执行失败，出错的行 'return 1 / y' —— "
        "ZeroDivisionError: division by zero"
    )


def test_an_error_inside_a_library_names_the_chapter_line_that_called_it(tmp_path: Path) -> None:
    body = "# 库里的错误\n\n```python\nimport numpy as np\n\nnp.zeros(-1)\nx = 1\n```\n"
    assert failure(tmp_path, body).startswith(
        "docs/index.md:14: 第 1 个代码单元格执行失败，出错的行 'np.zeros(-1)' —— ValueError"
    )


def test_a_failing_frame_names_its_slider_value(tmp_path: Path) -> None:
    body = '# 出错的一帧\n\n```python slider="x=1,0,2" alt="一条水平线"\nx = 1\ny = 1 / x\n```\n'
    assert failure(tmp_path, body) == (
        "docs/index.md:13: 第 1 个代码单元格（滑块 x = 0）执行失败，出错的行 'y = 1 / x' —— "
        "ZeroDivisionError: division by zero"
    )
