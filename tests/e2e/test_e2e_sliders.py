"""Explorable figures in Chromium: the slider the script adds, what it fetches and when, the
keyboard, what a screen reader hears, print, no JavaScript, and live code editing the cell."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from livecode_support import LivePage, cell
from playwright.sync_api import Browser, Locator, expect

from e2e_support import VIEWPORTS, Visit, open_visit
from local_site import SiteServer

SECANT_CELL = "slope = numerical_lim(f, 1, h)"
#: 2.4.1's secant (it also has a tangent whose point moves along the curve: parameter a).
SECANT = 'figure[data-d2l-slider="h"]'


def frames(figure: Locator) -> list[str]:
    return (figure.get_attribute("data-d2l-frames") or "").split()


def fetched(visit: Visit, url: str) -> bool:
    return any(request.endswith(url.removeprefix("../")) for request in visit.traffic.requests)


@pytest.fixture
def derivatives(browser: Browser, site_server: SiteServer) -> Iterator[Visit]:
    visit = open_visit(browser, site_server.url("/derivatives/"), scheme="light", width=375)
    yield visit
    visit.context.close()


def test_the_slider_swaps_frames_fetched_on_first_move(derivatives: Visit) -> None:
    page = derivatives.page
    figure = page.locator(SECANT)
    slider = figure.get_by_role("slider", name="拖动滑块改变 h")
    img = figure.locator("img")
    urls = frames(figure)
    expect(slider).to_have_attribute("aria-valuetext", "h = 1")
    expect(figure.locator("output")).to_have_text("h = 1")
    assert img.get_attribute("src") == urls[0]
    assert not any(fetched(derivatives, url) for url in urls[1:])  # nothing before a move
    slider.focus()
    page.keyboard.press("ArrowRight")
    expect(slider).to_have_attribute("aria-valuetext", "h = 0.5")
    expect(figure.locator("output")).to_have_text("h = 0.5")
    expect(img).to_have_attribute("src", urls[1])
    expected_alt = alt_for(figure, "0.5")
    assert "h = 0.5" in expected_alt
    expect(img).to_have_attribute("alt", expected_alt)
    page.keyboard.press("End")
    expect(img).to_have_attribute("src", urls[-1])
    expect(slider).to_have_attribute("aria-valuetext", "h = 0.01")
    assert fetched(derivatives, urls[1])
    assert fetched(derivatives, urls[-1])
    assert derivatives.traffic.csp_violations == []
    assert derivatives.traffic.console_errors == []
    assert derivatives.traffic.http_errors == []


def alt_for(figure: Locator, value: str) -> str:
    template = figure.get_attribute("data-d2l-alt") or ""
    return template.replace("{h}", value)


def test_a_drag_on_the_phone_moves_the_intro_polygon(
    browser: Browser, site_server: SiteServer
) -> None:
    visit = open_visit(browser, site_server.url("/"), scheme="dark", width=375)
    try:
        figure = visit.page.locator("figure[data-d2l-slider]")
        slider = figure.get_by_role("slider", name="拖动滑块改变 n")
        slider.scroll_into_view_if_needed()
        box = slider.bounding_box()
        assert box is not None
        assert box["width"] >= 150
        visit.page.mouse.click(box["x"] + box["width"] - 2, box["y"] + box["height"] / 2)
        expect(slider).to_have_attribute("aria-valuetext", "n = 64")
        expect(figure.locator("img")).to_have_attribute("src", frames(figure)[-1])
        assert visit.traffic.csp_violations == []
    finally:
        visit.context.close()


def test_no_slider_without_javascript(browser: Browser, site_server: SiteServer) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=VIEWPORTS[1280])
    try:
        page = context.new_page()
        page.goto(site_server.url("/derivatives/"))
        figure = page.locator(SECANT)
        expect(figure.locator("img")).to_have_attribute("src", frames(figure)[0])
        assert "h = 1" in (figure.locator("img").get_attribute("alt") or "")
        expect(page.locator("input[type=range]")).to_have_count(0)
    finally:
        context.close()


def test_no_slider_in_print(derivatives: Visit) -> None:
    page = derivatives.page
    sliders, images = page.locator(".d2l-slider"), page.locator("figure[data-d2l-slider] img")
    expect(sliders).to_have_count(2)
    expect(sliders.first).to_be_visible()
    page.emulate_media(media="print")
    for i in range(2):
        expect(sliders.nth(i)).to_be_hidden()
        expect(images.nth(i)).to_be_visible()


def test_editing_the_cell_disables_the_slider_until_reset(live: LivePage) -> None:
    page = live.page
    target = cell(page, SECANT_CELL)
    slider = target.get_by_role("slider")
    note = target.locator(".d2l-slider-note")
    expect(target.locator(".d2l-live-editor")).to_be_visible()
    expect(slider).to_be_enabled()
    expect(note).to_be_hidden()
    target.locator(".cm-content").click()
    page.keyboard.press("ControlOrMeta+End")
    page.keyboard.type("\nprint(h)")
    expect(slider).to_be_disabled()
    expect(note).to_be_visible()
    expect(note).to_contain_text("重置")
    target.locator("button.d2l-live-reset").click()
    expect(slider).to_be_enabled()
    expect(note).to_be_hidden()
    assert live.traffic.csp_violations == []
