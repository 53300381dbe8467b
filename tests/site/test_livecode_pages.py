"""What live code adds to the built pages a reader only reads: one small script, no runtime."""

from __future__ import annotations

import gzip
import json
import re

import pytest

import site_pages
from livecode_markup import BOOT, CONFIG, boot_script, without_live_code
from sitebuild import Build

#: Pages with code cells to run, and the pages without any (from the sources).
WITH_CODE = [page.path for page in site_pages.CHAPTERS if page.code_cells]
WITHOUT_CODE = [page.path for page in site_pages.PAGES if not page.code_cells]

#: The issue's budget: a page that is only read costs at most 5 KB (gzip) more.
BUDGET = 5 * 1024


def _gzip(data: bytes) -> int:
    return len(gzip.compress(data, 6))


@pytest.mark.any_site
@pytest.mark.parametrize("url", WITH_CODE, ids=site_pages.ids)
def test_pages_with_code_load_only_the_boot_script(site_build: Build, url: str) -> None:
    html = site_build.page(url)
    match = CONFIG.search(html)
    assert match is not None
    config = json.loads(match.group(1))
    assert set(config) <= {"available", "pyodide", "assets", "packages", "wheel"}
    assert len(BOOT.findall(html)) == 1
    # Nothing of the runtime or the editor is referenced by the page itself.
    assert not re.search(r'(src|href)="[^"]*(pyodide|editor\.js|worker\.js)', html)


@pytest.mark.any_site
@pytest.mark.parametrize("url", WITHOUT_CODE, ids=site_pages.ids)
def test_a_page_without_code_has_no_live_code(site_build: Build, url: str) -> None:
    html = site_build.page(url)
    assert CONFIG.search(html) is None
    assert BOOT.search(html) is None


def test_a_read_only_page_stays_within_the_budget(site_build: Build) -> None:
    html = site_build.page("derivatives")
    without = without_live_code(html)
    boot = boot_script(site_build.site / "derivatives" / "index.html").read_bytes()
    added = _gzip(html.encode()) - _gzip(without.encode()) + _gzip(boot)
    assert added <= BUDGET, f"live code adds {added} B (gzip) to a page that is only read"
