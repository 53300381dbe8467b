"""The built site's formulas: MathML in every page, the assets each page loads, search, errors."""

from __future__ import annotations

import re
from typing import Any

import pytest
from bs4 import BeautifulSoup
from fontTools.ttLib import TTFont

from mkdocs_d2l_site import math_font

import site_pages
from sitebuild import Build

#: The pages whose sources hold formulas.
PAGES = [page.path for page in site_pages.PAGES if page.has_math]
# TeX delimiters or commands in running text: a formula that was not converted.
_RAW_TEX = re.compile(r"\$\$|\\\(|\\\[|\$[^$\s][^$]*\$|\\(frac|partial|mathbf|tag)\b")


def article(build: Build, url: str) -> Any:
    page = BeautifulSoup(build.page(url), "html.parser")
    found = page.select_one("article")
    assert found is not None
    return found


@pytest.mark.any_site
@pytest.mark.parametrize("url", PAGES, ids=site_pages.ids)
def test_every_formula_is_mathml_with_its_tex(site_build: Build, url: str) -> None:
    body = article(site_build, url)
    formulas = body.find_all("math")
    assert formulas, "its source has formulas"
    for math in formulas:
        assert math.select_one('semantics > annotation[encoding="application/x-tex"]').string
    for tag in body.find_all(["math", "pre", "code", "script"]):
        tag.decompose()
    assert _RAW_TEX.findall(body.get_text()) == []
    assert body.select(".arithmatex") == []


@pytest.mark.any_site
@pytest.mark.parametrize("url", PAGES, ids=site_pages.ids)
def test_math_pages_load_the_font_and_no_math_script(site_build: Build, url: str) -> None:
    html = site_build.page(url)
    preload = re.search(r'<link rel="preload" href="([./]*)(assets/fonts/d2l-math\.woff2)"', html)
    assert preload
    assert preload.group(2) == math_font.SITE_PATH
    assert "mathjax/startup.js" in html, "the fallback loader names MathJax…"
    assert not re.search(r"<script[^>]*src=\"[^\"]*mathjax", html), "…but does not load it"


def test_page_without_formulas_loads_nothing_for_math(site_build: Build) -> None:
    html = (site_build.site / "404.html").read_text(encoding="utf-8")
    assert "d2l-math" not in html
    assert "mathjax" not in html.lower()


def test_the_fallback_and_the_font_are_in_the_site(site_build: Build) -> None:
    assert (site_build.site / math_font.SITE_PATH).stat().st_size < 60_000
    css = (site_build.site / "stylesheets/site.css").read_text(encoding="utf-8")
    face = re.search(r'font-family: "([^"]+)";\s*src: url\("\.\./([^"]+)"\)', css)
    assert face, "site.css declares the math font"
    assert face.groups() == (math_font.FAMILY, math_font.SITE_PATH)
    for part in ("startup.js", "core.js", "input/mml.js", "output/chtml.js"):
        assert (site_build.site / "assets/mathjax" / part).is_file(), part


def _constructions(font: TTFont, point: int) -> list[Any]:
    """The MATH table's size variants and assembly of a character's glyph, both directions, by
    what a browser uses from them (advances, widths, part flags, connector lengths)."""
    variants = font["MATH"].table.MathVariants
    glyph = font.getBestCmap()[point]
    width = font["hmtx"]
    found: list[Any] = []
    for coverage, constructions in (
        (variants.VertGlyphCoverage, variants.VertGlyphConstruction),
        (variants.HorizGlyphCoverage, variants.HorizGlyphConstruction),
    ):
        if coverage is None or glyph not in coverage.glyphs:
            found.append(None)
            continue
        made = constructions[coverage.glyphs.index(glyph)]
        sizes = [
            (v.AdvanceMeasurement, width[v.VariantGlyph][0]) for v in made.MathGlyphVariantRecord
        ]
        parts = made.GlyphAssembly.PartRecords if made.GlyphAssembly else []
        found.append((sizes, [(p.FullAdvance, p.PartFlags, p.StartConnectorLength,
                               p.EndConnectorLength, width[p.glyph][0]) for p in parts]))  # fmt: skip
    return found


def test_the_font_keeps_every_glyph_and_stretch_the_formulas_draw(site_build: Build) -> None:
    """The radical sign of each square root, and the size variants and assemblies of every
    operator: drawn by the browser from the font, never written in the formula's text."""
    subset = TTFont(site_build.site / math_font.SITE_PATH)
    full = TTFont(math_font.source_font())
    kept = subset.getBestCmap()
    operators, roots = set(), 0
    for url in PAGES:
        body = article(site_build, url)
        roots += len(body.select("math msqrt, math mroot"))
        operators |= {mo.get_text() for mo in body.select("math mo") if len(mo.get_text()) == 1}
    assert roots, "the exercises' solutions draw square roots"
    assert 0x221A in kept, "√ (U+221A): <msqrt> draws it from the font"
    stretchy = [ch for ch in operators | {"√"} if any(_constructions(full, ord(ch)))]
    assert {"(", "∑", "√"} <= set(stretchy)
    for character in stretchy:
        assert ord(character) in kept, character
        assert _constructions(subset, ord(character)) == _constructions(full, ord(character))
