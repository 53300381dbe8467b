"""A normal build says what it executed and what came from the cache; details need ``-v``."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitebuild import make_site, mkdocs_build

pytestmark = pytest.mark.own_build

CHAPTER = "# 一章\n\n```python\nprint(1 + 1)\n```\n"
#: What mkdocs-jupyter says per notebook: details, not news.
DETAILS = ("Converting notebook", "Cache miss, writing")


def test_the_log_is_a_summary_and_verbose_has_the_details(tmp_path: Path) -> None:
    config = make_site(tmp_path, {"index.md": CHAPTER, "other.md": CHAPTER})
    build = mkdocs_build(config, tmp_path / "site", tmp_path / "cache")
    assert build.returncode == 0, build.output
    assert [line for line in build.output.splitlines() if any(d in line for d in DETAILS)] == []
    assert "executed 2 chapter(s), 0 from cache" in build.output
    assert "docs/index.md, docs/other.md" in build.output, "the summary names what ran"
    make_site(tmp_path, {"index.md": CHAPTER, "other.md": CHAPTER.replace("1 + 1", "2 + 2")})
    verbose = mkdocs_build(config, tmp_path / "site", tmp_path / "cache", verbose=True)
    assert "executed 1 chapter(s), 1 from cache" in verbose.output
    assert any(detail in verbose.output for detail in DETAILS), verbose.output
