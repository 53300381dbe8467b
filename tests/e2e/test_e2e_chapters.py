"""The notebook pages in a browser: copy buttons and folded exercise solutions."""

from __future__ import annotations

import pytest

import site_pages
from e2e_support import CHAPTERS, SitePage

EVERY_CHAPTER = pytest.mark.parametrize("site_page", CHAPTERS, indirect=True)

# Material ≥ 9.7 puts the copy button in a code toolbar; older versions used button.md-clipboard.
_COPY_BUTTON = 'button.md-clipboard, button.md-code__button[data-md-type="copy"]'


@EVERY_CHAPTER
def test_code_blocks_have_a_copy_button(site_page: SitePage) -> None:
    """Material's script adds the button (no prompts or copy buffers: the site tests' job)."""
    page = site_page.light.page
    blocks = page.locator("article .highlight pre")
    without = [
        (blocks.nth(i).text_content() or "")[:60]
        for i in range(blocks.count())
        if blocks.nth(i).locator(_COPY_BUTTON).count() != 1
    ]
    assert without == [], "code blocks without Material's copy button"


#: The first page with folded solutions, from the sources.
WITH_SOLUTIONS = next(page.name for page in site_pages.PAGES if page.solutions)


@pytest.mark.parametrize("site_page", [WITH_SOLUTIONS], indirect=True)
def test_solutions_are_folded_until_opened(site_page: SitePage) -> None:
    """Closed in the HTML (the site tests' job); here: hidden, and opened by a click."""
    page = site_page.light.page
    solutions = page.locator("article details.d2l-solution")
    # Not rendered at all while closed (display: none, not the browser's content-visibility):
    # Material measures each code block on load, which would lay out every closed solution.
    displays = page.eval_on_selector_all(
        "article details.d2l-solution > :not(summary)",
        "els => els.map((el) => getComputedStyle(el).display)",
    )
    assert set(displays) == {"none"}
    first = solutions.first
    body = first.locator(":scope > :not(summary)")
    first.locator("summary").click()
    try:
        body.first.wait_for(state="visible", timeout=3000)
        assert len(body.first.inner_text().strip()) > 0, "the opened solution is empty"
        assert first.get_attribute("open") is not None
    finally:
        first.locator("summary").click()  # leave the page as a reader found it


@pytest.mark.parametrize("site_page", ["derivatives"], indirect=True)
def test_copy_button_copies_exactly_the_code(site_page: SitePage) -> None:
    visit = site_page.light
    visit.context.grant_permissions(
        ["clipboard-read", "clipboard-write"], origin=site_page.server.origin
    )
    block = visit.page.locator("article .highlight pre").filter(has_text="def numerical_lim").first
    block.hover()
    block.locator(_COPY_BUTTON).click()
    copied = visit.page.evaluate("navigator.clipboard.readText()")
    assert copied == block.locator("code").inner_text()
    assert copied.startswith("#@save\ndef numerical_lim(")
