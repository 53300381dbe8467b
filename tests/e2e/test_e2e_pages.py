"""Every page, as a reader opens it: network, console, math, anchors, figures, schemes, phones."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page

from e2e_support import (
    PAGES,
    SCHEMES,
    SHIFTS_INIT,
    SITE_DIR,
    VIEWPORTS,
    WIDTHS,
    Scheme,
    SitePage,
    Visit,
    Width,
    choose_dark,
    pixel,
)
from local_site import SiteServer

EVERY_PAGE = pytest.mark.parametrize("site_page", list(PAGES), indirect=True)

# Text outside code and math: TeX delimiters left there are formulas the build did not convert.
# Every formula drawn with a real box, and the math font in use (not a system fallback).
_MATH_JS = """() => ({
  formulas: [...document.querySelectorAll("article math")].map((m) => {
    const box = m.getBoundingClientRect();
    return {width: box.width, height: box.height,
            tex: m.querySelector("annotation").textContent.slice(0, 60)};
  }),
  font: document.fonts.check('16px "D2L Math"', "∂") &&
    [...document.fonts].some((f) => f.family === "D2L Math" && f.status === "loaded"),
  mathjax: typeof window.MathJax,
})"""

# Closed solutions are display: none: what is inside them is measured after opening them.
_OPEN_SOLUTIONS_JS = """() => document.querySelectorAll("details:not([open])").forEach((d) => {
  d.open = true;
  d.dataset.e2eOpened = "";
})"""
_CLOSE_SOLUTIONS_JS = """() => document.querySelectorAll("details[data-e2e-opened]").forEach((d) => {
  d.open = false;
  delete d.dataset.e2eOpened;
})"""

# Every image, loaded as a reader would: those in a closed solution after opening it.
_IMAGES_JS = """async () => {
  const within = (promise, ms) =>
    Promise.race([promise, new Promise((resolve) => setTimeout(resolve, ms))]);
  const images = [];
  for (const img of document.images) {
    const closed = img.closest("details:not([open])");
    if (closed) closed.open = true;
    img.scrollIntoView({block: "center"});
    await within(img.decode().catch(() => null), 5000);
    images.push({src: img.getAttribute("src"),
                 naturalWidth: img.naturalWidth});
    if (closed) closed.open = false;
  }
  window.scrollTo(0, 0);
  return images;
}"""

_THEME_COLOR_JS = """() => ({
  meta: document.querySelector('meta[name="theme-color"]').content,
  background: getComputedStyle(document.querySelector("header")).backgroundColor,
})"""

_FIGURES_JS = """() => [...document.querySelectorAll("figure.d2l-figure img")].map((img) => {
  const box = img.getBoundingClientRect();
  const style = getComputedStyle(img);
  return {src: img.getAttribute("src"), filter: style.filter, width: box.width,
          height: box.height, visibility: style.visibility, opacity: style.opacity};
})"""

# What sticks out on the right of a phone screen with no scrolling box around it: the outermost
# such elements, and for math the TeX source, so that a failure says which formula it is.
_OVERFLOW_JS = """(width) => {
  const scrolls = (el) => getComputedStyle(el).overflowX !== "visible";
  const sticksOut = (el) => {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) return false;
    for (let p = el; p && p !== document.documentElement; p = p.parentElement) {
      if (getComputedStyle(p).position === "fixed") return false;  // follows the viewport
      if (p !== el && scrolls(p)) return false;
    }
    return true;
  };
  const describe = (el) => {
    const math = el.closest("math") || el.querySelector("math");
    if (math) return `formula ${JSON.stringify(
      (math.querySelector("annotation") || math).textContent.slice(0, 90))}`;
    const cls = typeof el.className === "string" ? el.className.trim() : "";
    return `<${el.tagName.toLowerCase()}${cls ? " class=" + JSON.stringify(cls) : ""}>`;
  };
  const culprits = [...document.body.querySelectorAll("*")].filter(sticksOut)
    .filter((el) => !el.parentElement || !sticksOut(el.parentElement))
    .map((el) => `${describe(el)} reaches ${Math.round(el.getBoundingClientRect().right)} px`);
  return {scrollWidth: document.documentElement.scrollWidth, culprits: culprits.slice(0, 10)};
}"""


def _with_solutions_open(page: Page, script: str) -> Any:
    """What `script` returns with every closed solution opened, as a reader would open it."""
    page.evaluate(_OPEN_SOLUTIONS_JS)
    try:
        return page.evaluate(script)
    finally:
        page.evaluate(_CLOSE_SOLUTIONS_JS)


def _recorded(context: BrowserContext, url: str, init: str, read: str) -> Any:
    """Open `url` with `init` run before the page's own scripts; `read`'s result once settled."""
    context.add_init_script(init)
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    return page.evaluate(read)


def _axe_report(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:8]:
            html = " ".join(node["html"].split())[:200]
            lines.append(f"    {' '.join(map(str, node['target']))}: {html}")
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"        {summary[:300]}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    … and {len(violation['nodes']) - 8} more nodes")
    return "\n".join(lines)


@EVERY_PAGE
def test_the_traffic_is_clean(site_page: SitePage) -> None:
    """Fonts, MathJax, search worker, figures: all from the site itself, in every view the
    tests open, and nothing failed, was blocked or logged an error."""
    site_page.open_all()
    traffic = site_page.traffic()
    assert traffic.requests, "no request was recorded at all"
    assert traffic.problems(site_page.server.host) == {}


@EVERY_PAGE
def test_math_is_mathml_without_math_javascript(site_page: SitePage) -> None:
    """A browser with MathML Core draws the formulas itself: no MathJax, the site's font."""
    page = site_page.light.page
    state = _with_solutions_open(page, _MATH_JS)
    assert state["formulas"], "every page of this chapter has formulas"
    assert [f for f in state["formulas"] if not (f["width"] > 0 and f["height"] > 0)] == []
    assert state["font"], "the math font did not load"
    assert state["mathjax"] == "undefined"
    assert [url for url in site_page.light.traffic.requests if "mathjax" in url.lower()] == []


@EVERY_PAGE
def test_images_load(site_page: SitePage) -> None:
    """Each image is drawn (its alt text is the build's rule: ``alt_text_problem``)."""
    for image in site_page.light.page.evaluate(_IMAGES_JS):
        assert image["naturalWidth"] > 0, f"{image['src']} did not load"


@EVERY_PAGE
def test_dark_toggle_switches_scheme_and_keeps_figures(site_page: SitePage) -> None:
    visit = site_page.dark  # opened light, then the palette toggle was clicked
    assert visit.scheme() == "slate"
    before, after = visit.light_backgrounds, visit.backgrounds()
    assert before is not None
    assert before != after, f"backgrounds did not change: {after}"
    header = visit.page.evaluate(_THEME_COLOR_JS)
    assert header["meta"] == header["background"], (
        f"address bar colour is not the header's: {header}"
    )
    for figure in _with_solutions_open(visit.page, _FIGURES_JS):
        assert figure["width"] > 0, f"{figure['src']} has no width in the dark scheme"
        assert figure["height"] > 0, f"{figure['src']} has no height in the dark scheme"
        assert figure["visibility"] == "visible", figure
        assert figure["opacity"] == "1", figure
        assert figure["filter"] != "none", f"{figure['src']}: black-on-white in the dark scheme"


# One figure (solutions opened) brought to the middle of the screen and drawn; two points in
# viewport pixels: just inside its paper, and just right of it, on the page.
_FIGURE_EDGE_JS = """async (index) => {
  const img = document.querySelectorAll("figure.d2l-figure img")[index];
  img.scrollIntoView({block: "center"});
  await img.decode().catch(() => null);
  const box = img.getBoundingClientRect();
  const column = img.closest("article").getBoundingClientRect();
  return {src: img.getAttribute("src"), right: box.right, paper: [box.left + 3, box.top + 3],
          page: [Math.min(box.right + 12, column.right - 2), box.top + 3]};
}"""


@EVERY_PAGE
def test_dark_figures_sit_on_the_page_background(site_page: SitePage) -> None:
    """In pixels: a figure's paper is the colour around it, not a rectangle of another grey."""
    page = site_page.dark.page
    count = page.evaluate("() => document.querySelectorAll('figure.d2l-figure img').length")
    page.evaluate(_OPEN_SOLUTIONS_JS)
    try:
        for index in range(count):
            figure = page.evaluate(_FIGURE_EDGE_JS, index)
            assert figure["page"][0] > figure["right"], f"{figure['src']} fills the column"
            paper, around = pixel(page, *figure["paper"]), pixel(page, *figure["page"])
            assert paper == around, f"{figure['src']}: its paper is {paper}, around it {around}"
    finally:
        page.evaluate(_CLOSE_SOLUTIONS_JS)


@EVERY_PAGE
def test_dark_choice_is_kept_on_the_next_page(site_page: SitePage) -> None:
    visit = site_page.dark
    other = visit.context.new_page()
    try:
        other.goto(site_page.server.url("/summary/" if site_page.name != "summary" else "/"))
        assert other.get_attribute("body", "data-md-color-scheme") == "slate"
    finally:
        other.close()


@EVERY_PAGE
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_accessibility_axe(site_page: SitePage, scheme: Scheme, width: Width) -> None:
    """axe-core: nothing serious or critical, in either colour scheme, on a desktop and a phone.

    Read as Lighthouse reads it, before any scrolling: blocks holding math are not laid out yet
    (content-visibility), and what axe measures of them must still pass.
    """
    visit: Visit = site_page.unscrolled(scheme, width)
    # On a touch screen Material gives a code block that scrolls sideways no tab stop (it does
    # only where the device can hover), so axe's keyboard-scrolling rule fails every page with a
    # wide code block there; Lighthouse does not run that rule. Desktop still checks it.
    rules = {"scrollable-region-focusable": {"enabled": width >= 600}}
    # Only the violations are read: axe then lists one node for each other result (its default).
    options = {"rules": rules, "resultTypes": ["violations"]}
    results = Axe().run(visit.page, options=options)
    bad = [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
    assert bad == [], f"axe-core ({scheme}, {width} px, {site_page.path}):\n{_axe_report(bad)}"


@EVERY_PAGE
def test_phone_layout_has_no_horizontal_scroll(site_page: SitePage) -> None:
    """At 375 px only code, math and outputs may scroll sideways, inside their own boxes."""
    width = VIEWPORTS[375]["width"]
    layout = site_page.visit("light", 375).page.evaluate(_OVERFLOW_JS, width)
    # A block holding math clips what would stick out of it (content-visibility contains its
    # paint), so the page's width alone would not show a formula that does not fit.
    wide, culprits = layout["scrollWidth"], "\n".join(layout["culprits"])
    assert wide <= width + 1, f"the page is {wide} px wide on a {width} px phone:\n{culprits}"
    assert not culprits, f"sticking out on a {width} px phone:\n{culprits}"


#: On the slow network below: scripts arrive 0.6 s after the page, the math font 1.2 s after.
SCRIPTS_LATE, FONT_LATE = 0.6, 1.2


@pytest.fixture(scope="module")
def slow_server() -> Iterator[SiteServer]:
    """The site on a slow phone network: the page paints before its scripts and font arrive."""
    server = SiteServer(SITE_DIR, late={".js": SCRIPTS_LATE, ".woff2": FONT_LATE})
    yield server
    server.close()


@pytest.mark.parametrize("path", list(PAGES.values()))
def test_nothing_moves_when_scripts_and_fonts_arrive_late(
    browser: Browser, slow_server: SiteServer, path: str
) -> None:
    """What scripts add must already have its place in the HTML: no layout shift before the
    font arrives (the live-code notice, once inserted by boot.js, moved a chapter by 0.15).
    The math font swapping in may re-wrap a few lines (up to 0.033 measured on a 375 px phone,
    with the font always late); the total stays under half of the 0.1 that counts as good CLS."""
    context = browser.new_context(viewport=VIEWPORTS[375], is_mobile=True, has_touch=True)
    try:
        shifts = _recorded(context, slow_server.url(path), SHIFTS_INIT, "window.__d2lShifts")
    finally:
        context.close()
    before_font = [shift for shift in shifts if shift["time"] < FONT_LATE * 1000]
    assert sum(shift["value"] for shift in before_font) < 0.01, f"{path} moved: {before_font}"
    total = sum(shift["value"] for shift in shifts)
    assert total < 0.05, f"layout shift {total:.3f} on a phone, {path}: {shifts}"


# Changes to <html>'s and <body>'s attributes, and whether the page's main part was already in
# the document when each was made (a change there restyles every element below it).
_ROOT_CHANGES_INIT = """window.__d2lRootChanges = [];
new MutationObserver((records) => {
  const parsed = document.querySelector(".md-main") !== null;
  for (const r of records) {
    if (r.target !== document.documentElement && r.target !== document.body) continue;
    // Material's focus polyfill marks <html> with it; no style rule reads it (no restyle).
    if (r.attributeName === "data-js-focus-visible") continue;
    const now = r.target.getAttribute(r.attributeName);
    if (now === r.oldValue) continue;
    window.__d2lRootChanges.push(
      {element: r.target.nodeName, attribute: r.attributeName, from: r.oldValue, to: now, parsed});
  }
}).observe(document, {attributes: true, attributeOldValue: true, subtree: true});"""


@pytest.mark.parametrize("path", ["/derivatives/", "/"])
@pytest.mark.parametrize("system", ["light", "dark", "chosen dark"])
def test_theme_scripts_leave_the_page_root_alone(
    browser: Browser, site_server: SiteServer, path: str, system: str
) -> None:
    """The scheme and the js classes are set while only the header exists: a change of <html>
    or <body> after that makes the browser restyle the whole chapter (Material's palette and
    class swaps did it five times per load, 230 ms on a throttled phone). A first visit follows
    the system's scheme; a reader's own choice wins over it."""
    context = browser.new_context(color_scheme="dark" if system == "dark" else "light")
    try:
        if system == "chosen dark":
            chooser = context.new_page()
            chooser.goto(site_server.url("/summary/"), wait_until="load")
            choose_dark(chooser)
            chooser.close()
        changes, scheme, classes = _recorded(
            context,
            site_server.url(path),
            _ROOT_CHANGES_INIT,
            "[window.__d2lRootChanges, document.body.dataset.mdColorScheme,"
            " document.documentElement.className]",
        )
    finally:
        context.close()
    late = [change for change in changes if change["parsed"]]
    assert late == [], f"{path}: changed after the page was in the document: {late}"
    assert scheme == ("default" if system == "light" else "slate")
    assert "js" in (classes or "").split()


def test_enter_on_the_focused_toggle_switches_the_scheme(
    browser: Browser, site_server: SiteServer
) -> None:
    context = browser.new_context(color_scheme="light")
    try:
        page = context.new_page()
        page.goto(site_server.url("/"), wait_until="load")
        page.focus("form[data-d2l-palette] input:checked")
        page.keyboard.press("Enter")
        page.wait_for_selector('body[data-md-color-scheme="slate"]', timeout=5000)
        page.keyboard.press("Enter")
        page.wait_for_selector('body[data-md-color-scheme="default"]', timeout=5000)
    finally:
        context.close()
