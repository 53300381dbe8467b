"""What only a whole build shows, read from one strict build of ``mini_sites.good_site``: the
log's summary, a slider's drawn frames, a checked exercise's page, the escaped description, and
what does not stop the build. The rules behind each are tested in process in tests/plugin.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from mkdocs_d2l_site.build_date import build_dates
from mkdocs_d2l_site.execution import Chapter, ChapterRunner
from mkdocs_d2l_site.sliders import FRAMES_KEY

from mini_sites import GOOD_CHAPTERS, OPENING
from sitebuild import Build

#: Runs builds of its own: left out where a build is given (``nox -s newest``).
pytestmark = pytest.mark.own_build

#: What mkdocs-jupyter says per notebook: details, shown with ``mkdocs build -v`` only.
DETAILS = ("Converting notebook", "Cache miss, writing")


def soup(build: Build, url: str) -> BeautifulSoup:
    return BeautifulSoup(build.page(url), "html.parser")


def test_the_log_is_a_summary_naming_what_ran(good_site: Build) -> None:
    assert [line for line in good_site.output.splitlines() if any(d in line for d in DETAILS)] == []
    (summary,) = [line for line in good_site.output.splitlines() if "d2l-site: executed" in line]
    assert f"executed {len(GOOD_CHAPTERS)} chapter(s), 0 from cache" in summary
    named = summary.rsplit(": ", 1)[1].split(", ")
    assert sorted(named) == sorted(f"docs/{name}" for name in GOOD_CHAPTERS), summary


def test_frames_are_drawn_by_the_cell_and_served_as_figures(good_site: Build) -> None:
    page = soup(good_site, "slope")
    figure = page.select_one("figure[data-d2l-slider]")
    assert figure is not None
    assert (figure["data-d2l-slider"], figure["data-d2l-values"]) == ("k", "1 2 3")
    frames = str(figure["data-d2l-frames"]).split()
    assert len(set(frames)) == 3
    assert frames[0] == figure.img["src"]  # type: ignore[index]
    # matplotlib writes each text it draws into the SVG as a comment
    titles = [
        re.search(r"<!-- (k = \d) -->", (good_site.site / "slope" / url).read_text("utf-8"))
        for url in frames
    ]
    assert [t.group(1) for t in titles if t] == ["k = 1", "k = 2", "k = 3"]
    assert figure.img["alt"] == "斜率为 1 的直线"  # type: ignore[index]
    # The cells below see the state the cell leaves as written (k = 1), not the last frame's.
    assert page.select(".d2l-output pre")[0].get_text().strip() == "1"
    # The downloaded notebook has the code, not the frames.
    text = (good_site.site / "downloads" / "slope.ipynb").read_text(encoding="utf-8")
    assert "k=1,2,3" in text
    assert "d2l_frames" not in text


def test_a_cell_tagged_raises_exception_may_fail(good_site: Build) -> None:
    assert "ZeroDivisionError" in good_site.page("slope")


def test_a_checked_exercise_shows_its_scaffold_marked_and_its_checks_folded(
    good_site: Build,
) -> None:
    page = soup(good_site, "practice")
    (scaffold,) = page.select("div.d2l-cell.d2l-exercise")
    assert "def double" in scaffold.get_text()
    (fold,) = page.select("details.d2l-check")
    assert fold.summary is not None
    assert fold.summary.get_text() == "检查用的代码"
    assert "check_double(double)" in fold.get_text()
    solution = page.select_one("details.d2l-solution")
    assert solution is not None
    assert "通过：在 x = 3 处与 2x 一致。" in solution.get_text()


def test_a_page_without_jupyter_front_matter_is_shown_as_written(good_site: Build) -> None:
    page = soup(good_site, "notes")
    assert "print('not run')" in page.get_text()
    assert page.select(".d2l-cell, .d2l-output") == []  # not a chapter: nothing ran


def test_the_description_is_escaped_and_stays_text(good_site: Build) -> None:
    """Material writes it into an attribute as it is: the page pipeline escapes it once."""
    head = soup(good_site, "notes").head
    assert head is not None
    assert head.find("svg") is None
    meta = head.find("meta", attrs={"name": "description"})
    assert meta is not None
    assert meta["content"] == OPENING.replace("`", "")


def test_the_frames_are_part_of_the_chapters_cache_entry(good_site: Build) -> None:
    """A second build runs no kernel for the slider: the chapter's entry holds its frames (its
    key as the plugin makes it: the helpers watched, the build's date outside git)."""
    assert good_site.config is not None
    slope = good_site.config.parent / "docs" / "slope.md"
    date = build_dates(slope.parent).of([slope])
    runner = ChapterRunner(good_site.cache, watch_packages=["d2l_helpers"])
    records, report = runner.run([Chapter(slope, "docs/slope.md", date)])
    assert (report.executed, report.cached) == ([], ["docs/slope.md"])
    cells = records[slope].notebook.cells
    # the frames of k = 2 and 3 (k = 1's is the cell's own output)
    assert [len(c.metadata[FRAMES_KEY]) for c in cells if FRAMES_KEY in c.metadata] == [2]
