"""A page's description in a whole build: Material writes it into an attribute as it is, so the
page pipeline escapes it once (the rules for choosing it: tests/plugin/test_page_description.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitebuild import make_site, mkdocs_build


@pytest.mark.own_build
def test_the_description_is_escaped_and_stays_text(tmp_path: Path) -> None:
    opening = '例如 x = "a" 与 a < b、R&D，以及 `"><svg onload=alert(1)>` 这样的代码。'
    config = make_site(tmp_path, {"index.md": "# 首页\n", "code.md": f"# 代码\n\n{opening}\n"})
    build = mkdocs_build(config, tmp_path / "site", tmp_path / "cache")
    assert build.returncode == 0, build.output
    head = BeautifulSoup(build.page("code"), "html.parser").head
    assert head is not None
    assert head.find("svg") is None
    meta = head.find("meta", attrs={"name": "description"})
    assert meta is not None
    assert meta["content"] == opening.replace("`", "")
