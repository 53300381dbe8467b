"""What stops a build, and how: one short message naming the file, the line and what to do,
and the exit code (the message for each kind of failing line is tested in process:
tests/plugin/test_cell_failures.py; a chapter that would not execute, and what does not stop
the build: tests/plugin/test_chapter_files.py and tests/site/test_good_site.py)."""

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
