"""A failing cell stops the build with one short message: file, line, cell, exception."""

from __future__ import annotations

from pathlib import Path

from sitebuild import make_site, mkdocs_build

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
    # line 18 of the file: the chapter body starts after 8 lines of front matter
    expected = (
        "docs/broken.md:18: 第 2 个代码单元格（'def helper():'）执行失败 —— "
        "ZeroDivisionError: division by zero"
    )
    assert expected in build.output
    assert "Traceback" not in build.output
    assert "CellExecutionError" not in build.output
    error_lines = [line for line in build.output.splitlines() if "ERROR" in line or "Error" in line]
    assert len(error_lines) <= 2, build.output


def test_cell_tagged_raises_exception_may_fail(tmp_path: Path) -> None:
    chapter = '# 预期的错误\n\n```python tags=["raises-exception"]\n1 / 0\n```\n'
    config = make_site(tmp_path, {"index.md": chapter})
    build = mkdocs_build(config, tmp_path / "site", tmp_path / "cache")
    assert build.returncode == 0, build.output
    assert "ZeroDivisionError" in build.page("")


def test_figure_without_alt_text_fails_the_strict_build(tmp_path: Path) -> None:
    chapter = (
        "# 没有说明的图\n\n```python\n%matplotlib inline\nimport matplotlib.pyplot as plt\n"
        "from matplotlib_inline import backend_inline\n"
        "backend_inline.set_matplotlib_formats('svg')\nplt.plot([1, 2]);\n```\n"
    )
    config = make_site(tmp_path, {"index.md": chapter})
    build = mkdocs_build(config, tmp_path / "site", tmp_path / "cache")
    assert build.returncode != 0
    assert "docs/index.md: 第 1 个代码单元格 画了图，但没有 alt 说明" in build.output
