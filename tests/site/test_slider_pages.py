"""The real site's explorable figures: which pages have them, and what those pages load."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

import site_pages
from sitebuild import Build

SCRIPT = re.compile(r"assets/sliders/[0-9a-f]{16}/slider\.js$")
#: Page → (parameter, values) of each of its explorable figures, in page order, from the sources.
SLIDERS = {page.path: page.sliders for page in site_pages.PAGES if page.sliders}


@pytest.mark.any_site
@pytest.mark.parametrize("url", [page.path for page in site_pages.PAGES], ids=site_pages.ids)
def test_only_pages_with_a_slider_load_its_script(site_build: Build, url: str) -> None:
    page = BeautifulSoup(site_build.page(url), "html.parser")
    figures = page.select("figure[data-d2l-slider]")
    scripts = page.find_all("script", src=SCRIPT)
    if url not in SLIDERS:
        assert (figures, scripts) == ([], [])
        return
    assert len(scripts) == 1
    assert (site_build.site / url / str(scripts[0]["src"])).is_file()
    found = [(str(f["data-d2l-slider"]), str(f["data-d2l-values"])) for f in figures]
    assert found == SLIDERS[url]
    for figure in figures:
        frames = str(figure["data-d2l-frames"]).split()
        assert len(frames) == len(str(figure["data-d2l-values"]).split()) == len(set(frames))
        assert all((site_build.site / url / frame).is_file() for frame in frames)
