"""The site's side of build-time math: which pages have formulas, the font, the fallback files.

The plugin calls ``page`` for every page body (notebook and Markdown pages alike) and
``write`` once after the build. What a page then loads is decided in ``overrides/main.html``
from ``page.meta["d2l_math"]`` and ``config.extra["d2l_math"]`` (the asset URLs).
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.structure.pages import Page

from . import assets, math_font
from .math_markup import Converter, render

log = logging.getLogger("mkdocs.plugins.d2l_site")


def extra() -> dict[str, str]:
    """``config.extra["d2l_math"]``: site-relative URLs the templates link to."""
    return {
        "font": math_font.SITE_PATH,
        "mathjax": f"{assets.SITE_PATH}/startup.js",
    }


class MathSite:
    """One build's formulas: converts page bodies and collects the characters they draw."""

    def __init__(self, font_cache: Path) -> None:
        self._converter = Converter()
        self._font_cache = font_cache
        self._characters: set[str] = set()
        self.failures = 0

    def page(self, html: str, page: Page, name: str) -> str:
        """``html`` with MathML for every formula; each failure is logged as an error naming
        page and formula (``mkdocs build --strict`` then fails), the TeX stays as written."""
        rendered = render(html, self._converter)
        for error in rendered.errors:
            log.error("%s: %s", name, error)
        self.failures += len(rendered.errors)
        if rendered.count:
            page.meta["d2l_math"] = True
            self._characters |= rendered.characters
        return rendered.html

    def write(self, site_dir: Path) -> None:
        """The font subset for this build's formulas, and MathJax for the fallback."""
        if not self._characters:
            return  # no formulas, nothing to draw them with (saves seconds in small test sites)
        font = site_dir / math_font.SITE_PATH
        font.parent.mkdir(parents=True, exist_ok=True)
        font.write_bytes(math_font.subset(self._characters, self._font_cache))
        assets.copy_mathjax(site_dir)
