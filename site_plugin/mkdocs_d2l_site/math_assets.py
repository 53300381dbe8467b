"""What pages with formulas load: the math font subset and, for old browsers, MathJax.

The math pass (``formulas``) reports the characters each page draws; ``write`` makes one font
subset of them all after the build and copies the MathJax fallback. What a page loads is decided
in ``overrides/main.html`` from ``page.meta["d2l_math"]`` and ``config.extra["d2l_math"]``.
"""

from __future__ import annotations

from pathlib import Path

from . import math_font, mathjax_fallback


def extra() -> dict[str, str]:
    """``config.extra["d2l_math"]``: site-relative URLs the templates link to."""
    return {
        "font": math_font.SITE_PATH,
        "mathjax": f"{mathjax_fallback.SITE_PATH}/startup.js",
    }


class MathAssets:
    """The characters this build's formulas draw, and the files that draw them."""

    def __init__(self, font_cache: Path) -> None:
        self._font_cache = font_cache
        self.characters: set[str] = set()

    def write(self, site_dir: Path) -> None:
        """The font subset for this build's formulas, and MathJax for the fallback."""
        if not self.characters:
            return  # no formulas, nothing to draw them with (saves seconds in small test sites)
        font = site_dir / math_font.SITE_PATH
        font.parent.mkdir(parents=True, exist_ok=True)
        font.write_bytes(math_font.subset(self.characters, self._font_cache))
        mathjax_fallback.copy_mathjax(site_dir)
