"""Every formula drawn with the subset math font exactly as with the full font it was cut from.

The site serves a subset of STIX Two Math (site_plugin/mkdocs_d2l_site/math_font.py). A glyph
the browser draws but the subset lacks is drawn as nothing (a radical without its sign reads
√2 − 1 as "2 − 1") or taken from another font: either way the formula's boxes change. So each
page is drawn twice, once as built and once with the full STIX Two Math from ziamath served in
place of the subset, and every formula's box, its elements' boxes and its pixels must agree.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pytest
from PIL import Image, ImageChops
from playwright.sync_api import Browser, Page, Route

from mkdocs_d2l_site import math_font

from e2e_support import PAGES, VIEWPORTS
from local_site import SiteServer

# Everything laid out and shown: folded solutions opened (content not displayed has no size),
# blocks skipped by content-visibility drawn.
_SHOW_ALL_CSS = "* { content-visibility: visible !important; }"
_OPEN_JS = "() => document.querySelectorAll('details').forEach((d) => { d.open = true; })"

# Each formula: its TeX, its box in the page, and its elements' boxes relative to it; measured
# once the page has stopped moving (what loads late, such as figures, may move it by a fraction
# of a pixel).
_FORMULAS_JS = """async () => {
  const round = (v) => Math.round(v * 100) / 100;
  const measure = () => [...document.querySelectorAll("article math")].map((math) => {
    const box = math.getBoundingClientRect();
    const parts = [...math.querySelectorAll("*")].filter((e) => e.localName !== "annotation")
      .map((e) => {
        const r = e.getBoundingClientRect();
        return [e.localName, round(r.left - box.left), round(r.top - box.top),
                round(r.width), round(r.height)];
      });
    return {tex: math.querySelector("annotation").textContent,
            box: [box.left + scrollX, box.top + scrollY, box.width, box.height].map(round),
            parts};
  });
  await document.fonts.ready;
  const face = [...document.fonts].find((f) => f.family === "D2L Math");
  const settle = () => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 200)));
  let last = "", now = JSON.stringify(measure());
  for (let tries = 0; now !== last && tries < 20; tries++) {
    await settle();
    [last, now] = [now, JSON.stringify(measure())];
  }
  return {font: face ? face.status : "missing", formulas: JSON.parse(now)};
}"""


@dataclass
class Drawing:
    """One page drawn with one font: the formulas' boxes and a screenshot of the whole page."""

    formulas: list[dict[str, Any]]
    image: Image.Image


def _draw(browser: Browser, url: str, font: bytes | None) -> Drawing:
    context = browser.new_context(viewport=VIEWPORTS[1280], device_scale_factor=1)
    try:
        page = context.new_page()
        if font is not None:
            page.route(f"**/{math_font.SITE_PATH}", lambda route: _serve(route, font))
        page.goto(url, wait_until="load")
        page.evaluate(_OPEN_JS)
        page.add_style_tag(content=_SHOW_ALL_CSS)
        state = page.evaluate(_FORMULAS_JS)
        assert state["font"] == "loaded", f"the math font did not load ({state['font']})"
        return Drawing(state["formulas"], _screenshot(page))
    finally:
        context.close()


def _serve(route: Route, font: bytes) -> None:
    route.fulfill(status=200, body=font, headers={"Content-Type": "font/ttf"})


def _screenshot(page: Page) -> Image.Image:
    return Image.open(io.BytesIO(page.screenshot(full_page=True, animations="disabled")))


def _pixels(image: Image.Image, box: list[float]) -> Image.Image:
    left, top, width, height = box
    return image.crop((int(left), int(top), int(left + width) + 1, int(top + height) + 1))


def _differences(subset: Drawing, full: Drawing) -> list[str]:
    """The formulas the subset draws differently from the full font, each with what differs."""
    assert [f["tex"] for f in subset.formulas] == [f["tex"] for f in full.formulas]
    found = []
    for mine, theirs in zip(subset.formulas, full.formulas, strict=True):
        tex = " ".join(mine["tex"].split())[:70]
        if mine["box"] != theirs["box"]:
            found.append(f"{tex}: box {mine['box']} != {theirs['box']}")
        elif mine["parts"] != theirs["parts"]:
            part = next(a for a, b in zip(mine["parts"], theirs["parts"], strict=True) if a != b)
            found.append(f"{tex}: <{part[0]}> box differs")
        elif ImageChops.difference(
            _pixels(subset.image, mine["box"]), _pixels(full.image, theirs["box"])
        ).getbbox():
            found.append(f"{tex}: pixels differ")
    return found


@pytest.fixture(scope="module")
def full_font() -> bytes:
    """STIX Two Math as ziamath ships it: the font the subset is cut from."""
    return math_font.source_font().read_bytes()


@pytest.mark.parametrize("name", list(PAGES))
def test_every_formula_is_drawn_as_with_the_full_font(
    name: str, browser: Browser, site_server: SiteServer, full_font: bytes
) -> None:
    _, html = site_server.fetch(PAGES[name])
    if b"<math" not in html:
        pytest.skip("no formula on this page")
    url = site_server.url(PAGES[name])
    subset = _draw(browser, url, None)
    full = _draw(browser, url, full_font)
    assert subset.formulas, f"{name}: no formula drawn"
    differ = _differences(subset, full)
    assert not differ, (
        f"{name}: {len(differ)} of {len(subset.formulas)} formulas are drawn differently with "
        "the subset font than with the full STIX Two Math:\n" + "\n".join(differ)
    )
