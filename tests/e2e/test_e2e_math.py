"""Formulas in the browser: the MathJax fallback, copying TeX, phones, print."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from e2e_support import PAGES, VIEWPORTS, Traffic
from local_site import SiteServer

_NO_MATHML = "delete window.MathMLElement;"  # what a browser without MathML Core looks like

_COPY_JS = """(selector) => {
  const range = document.createRange();
  range.selectNodeContents(document.querySelector(selector));
  getSelection().removeAllRanges();
  getSelection().addRange(range);
  const data = new DataTransfer();
  document.dispatchEvent(new ClipboardEvent("copy", {clipboardData: data, bubbles: true,
                                                     cancelable: true}));
  return data.getData("text/plain");
}"""

# Each wide formula box on a phone, and whether the page itself scrolls sideways. A block holding
# math is laid out only near the screen (content-visibility), so each is measured on screen.
_PHONE_JS = """async () => {
  const frames = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const boxes = [], broken = [];
  for (const block of document.querySelectorAll("article .d2l-notebook > *")) {
    if (!block.querySelector("math")) continue;
    block.scrollIntoView({block: "center"});
    await frames();
    for (const box of [block, ...block.querySelectorAll(".d2l-math")]) {
      if (!box.matches(".d2l-math")) continue;
      boxes.push({id: box.id, overflowX: getComputedStyle(box).overflowX,
                  wide: box.scrollWidth > box.clientWidth + 1,
                  shadow: getComputedStyle(box).backgroundImage.includes("gradient")});
    }
    // inline math + following punctuation broken over two lines has two client rects
    for (const nobr of block.querySelectorAll(".d2l-math-nobr")) {
      if (nobr.getClientRects().length > 1) broken.push(nobr.textContent.slice(0, 40));
    }
  }
  return {boxes, broken, pageScrolls: document.documentElement.scrollWidth > innerWidth};
}"""


def _open(browser: Browser, url: str, *, width: int = 1280, init: str | None = None) -> Page:
    context = browser.new_context(viewport=VIEWPORTS[1280 if width > 600 else 375])
    if init:
        context.add_init_script(init)
    page = context.new_page()
    page.goto(url, wait_until="load")
    return page


@pytest.fixture
def pages(browser: Browser) -> Iterator[list[Page]]:
    opened: list[Page] = []
    yield opened
    for page in opened:
        page.context.close()


@pytest.mark.parametrize("path", ["/derivatives/", "/api/"])
def test_browser_without_mathml_gets_mathjax(
    path: str, browser: Browser, site_server: SiteServer, pages: list[Page]
) -> None:
    _, html = site_server.fetch(path)
    formulas = len(re.findall(rb"<math[ >]", html))
    context = browser.new_context(viewport=VIEWPORTS[1280])
    context.add_init_script(_NO_MATHML)
    page = context.new_page()
    pages.append(page)
    traffic = Traffic()
    traffic.record(context, page)
    page.goto(site_server.url(path), wait_until="load")
    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
    page.evaluate("() => MathJax.startup.promise")
    assert page.locator("article mjx-container").count() == formulas
    assert page.locator("article mjx-merror").count() == 0
    assert page.locator("article math").count() == 0, "every <math> was replaced"
    assert traffic.problems(site_server.host) == {}
    if path == "/derivatives/":
        box = page.locator("#eq-2-4-1")
        assert box.locator("mjx-container").count() == 1
        assert box.locator(".d2l-math-number").inner_text() == "(2.4.1)"


def test_copying_text_with_formulas_gives_their_tex(
    browser: Browser, site_server: SiteServer, pages: list[Page]
) -> None:
    page = _open(browser, site_server.url("/derivatives/"))
    pages.append(page)
    text = page.evaluate(_COPY_JS, "article .d2l-notebook > p:has(+ #eq-2-4-1)")
    assert "$f: \\mathbb{R} \\rightarrow \\mathbb{R}$" in text
    display = page.evaluate(_COPY_JS, "#eq-2-4-1")
    assert display.startswith("$$f'(x) = \\lim_{h \\rightarrow 0}")
    assert display.endswith("\\tag{2.4.1}$$")
    assert "(2.4.1)" not in display, "the drawn number is not copied twice"


@pytest.mark.parametrize("path", ["/derivatives/", "/partial-derivatives/", "/chain-rule/"])
def test_phone_wide_formulas_scroll_in_their_box(
    path: str, browser: Browser, site_server: SiteServer, pages: list[Page]
) -> None:
    page = _open(browser, site_server.url(path), width=375)
    pages.append(page)
    page.evaluate("() => document.fonts.ready.then(() => null)")
    state = page.evaluate(_PHONE_JS)
    assert not state["pageScrolls"]
    assert state["broken"] == [], "punctuation wrapped away from its formula"
    wide = [box for box in state["boxes"] if box["wide"]]
    assert wide, "these pages have formulas wider than a phone"
    assert all(box["overflowX"] == "auto" and box["shadow"] for box in wide), wide


def test_print_shows_every_formula(
    browser: Browser, site_server: SiteServer, pages: list[Page]
) -> None:
    page = _open(browser, site_server.url("/derivatives/"))
    pages.append(page)
    page.emulate_media(media="print")
    sizes = page.eval_on_selector_all(
        "article math",
        "els => els.map((m) => m.getBoundingClientRect()).map((b) => b.width * b.height)",
    )
    _, html = site_server.fetch(site_server.url("/derivatives/"))
    built = len(re.findall(rb"<math[ >]", html))  # every formula the build wrote into the page
    assert built > 50
    assert len(sizes) == built
    assert min(sizes) > 0
    assert len(page.pdf(format="A4")) > 10_000


@pytest.mark.parametrize("width", [375, 1280])
def test_a_link_to_a_formula_lands_on_it_without_moving_back_up(
    width: int, browser: Browser, site_server: SiteServer, pages: list[Page]
) -> None:
    # The blocks above it have estimated heights until drawn: the page may settle, but only
    # downwards (moving back up reads as the reader scrolling up: Material's "back to top").
    record = """window.scrolls = []; window.lastScroll = 0;
      addEventListener("scroll", () => { scrolls.push(scrollY); lastScroll = performance.now(); });"""
    page = _open(browser, site_server.url("/derivatives/#eq-2-4-6"), width=width, init=record)
    pages.append(page)
    # settled: no scrolling for half a second
    page.wait_for_function("() => performance.now() - lastScroll > 500", timeout=10_000)
    state = page.evaluate("""() => ({
      top: document.getElementById("eq-2-4-6").getBoundingClientRect().top,
      margin: parseFloat(getComputedStyle(document.getElementById("eq-2-4-6")).scrollMarginTop),
      scrolls, backToTop: !document.querySelector(".md-top").hidden})""")
    assert abs(state["top"] - state["margin"]) < 2, state  # where Material's styles put a target
    assert state["scrolls"] == sorted(state["scrolls"]), state
    assert not state["backToTop"], state


def test_formulas_far_below_the_screen_are_not_laid_out_yet(
    browser: Browser, site_server: SiteServer, pages: list[Page]
) -> None:
    # Laying out the formulas is most of a chapter's layout work: it waits until the reader
    # scrolls near them (content-visibility on the blocks that hold math).
    page = _open(browser, site_server.url("/gradients/"), width=375)
    pages.append(page)
    drawn = page.evaluate("""() => new Promise((done) => requestAnimationFrame(() =>
      requestAnimationFrame(() => done([...document.querySelectorAll("article math")].map(
        (math) => math.checkVisibility({contentVisibilityAuto: true}))))))""")
    assert drawn[0], "the first formula, on the first screen, is drawn"
    assert not drawn[-1], "the last formula, far below, is not laid out yet"


# Each numbered formula, brought on screen: its number's box, the visible part of its scroll box
# (the padding box: what is not scrolled away), the formula's box and how far it is scrolled;
# then the number's box once a link to the formula has scrolled the page (a fragment navigation
# scrolls as a load of the link does; that such a load lands there: the test above).
_NUMBERS_JS = """async () => {
  const frames = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  await document.fonts.ready;
  const found = [];
  for (const box of document.querySelectorAll(".d2l-math[id^='eq-']")) {
    box.scrollIntoView({block: "center"});
    await frames();
    const rect = (e) => { const r = e.getBoundingClientRect();
                          return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
    const outer = box.getBoundingClientRect();
    const left = outer.left + box.clientLeft, top = outer.top + box.clientTop;
    const number = box.querySelector(".d2l-math-number");
    const measured = {id: box.id, number: rect(number),
                math: rect(box.querySelector("math")), scrollLeft: box.scrollLeft,
                visible: {left, right: left + box.clientWidth, top, bottom: top + box.clientHeight},
                viewport: {left: 0, right: innerWidth, top: 0, bottom: innerHeight}};
    location.hash = box.id;
    await frames();
    found.push({...measured, linked: rect(number)});
  }
  return found;
}"""
NUMBERED = ["derivatives", "partial-derivatives", "gradients", "chain-rule"]
Numbers = Callable[[str, int], list[dict[str, Any]]]


def _inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    return (
        inner["left"] >= outer["left"] - 0.5
        and inner["right"] <= outer["right"] + 0.5
        and inner["top"] >= outer["top"] - 0.5
        and inner["bottom"] <= outer["bottom"] + 0.5
    )


@pytest.fixture(scope="module")
def numbers(browser: Browser, site_server: SiteServer) -> Numbers:
    """The numbered formulas of a page at a width (``_NUMBERS_JS``), each page and width loaded
    and measured once for all the tests of numbers."""
    measured: dict[tuple[str, int], list[dict[str, Any]]] = {}

    def measure(name: str, width: int) -> list[dict[str, Any]]:
        if (name, width) not in measured:
            phone = width < 600
            context = browser.new_context(
                viewport={"width": width, "height": 760 if phone else 800}, is_mobile=phone,
                has_touch=phone, device_scale_factor=1,
            )  # fmt: skip
            try:
                page = context.new_page()
                page.goto(site_server.url(PAGES[name]), wait_until="load")
                measured[name, width] = page.evaluate(_NUMBERS_JS)
            finally:
                context.close()
        return measured[name, width]

    return measure


@pytest.mark.parametrize("width", [320, 360, 412])
@pytest.mark.parametrize("name", NUMBERED)
def test_phone_shows_every_equation_number_without_scrolling(
    name: str, width: int, numbers: Numbers
) -> None:
    found = numbers(name, width)
    assert found, f"{name} has numbered equations"
    hidden = [
        n["id"]
        for n in found
        if n["scrollLeft"] != 0
        or not _inside(n["number"], n["viewport"])
        or not _inside(n["number"], n["visible"])
    ]
    assert hidden == [], f"{width} px: numbers not fully on screen in their formula's box"


@pytest.mark.parametrize("name", NUMBERED)
def test_desktop_keeps_each_number_on_its_formulas_line(name: str, numbers: Numbers) -> None:
    for n in numbers(name, 1280):
        middle = (n["number"]["top"] + n["number"]["bottom"]) / 2
        assert n["math"]["top"] < middle < n["math"]["bottom"], n["id"]
        assert n["number"]["left"] > n["math"]["right"], n["id"]
        assert _inside(n["number"], n["visible"]), n["id"]


@pytest.mark.parametrize("width", [320, 412])
def test_a_link_to_an_equation_shows_its_number_on_a_phone(width: int, numbers: Numbers) -> None:
    off_screen = [n["id"] for name in NUMBERED for n in numbers(name, width)
                  if not _inside(n["linked"], n["viewport"])]  # fmt: skip
    assert off_screen == [], f"{width} px: after a link to it, a number is off the screen"
