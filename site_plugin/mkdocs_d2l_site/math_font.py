"""The site's math font: STIX Two Math, subset at build time to the glyphs the formulas use.

MathML needs an OpenType MATH font for stretchy brackets, fraction bars and big operators.
STIX Two Math (SIL Open Font License 1.1) comes inside the PyPI package ``ziamath``, which
installs the same way on Linux, macOS and Windows; nothing is committed to this repository.

The OFL lets us subset and serve the font, on two conditions that shape this module:

- a Modified Version may not use the Reserved Font Name ("TM Math"), and "STIX Fonts" is a
  trademark; the subset is therefore renamed ``FAMILY`` so nobody mistakes it for the original;
- every copy carries the copyright notice and the licence: the name table keeps the copyright,
  licence and licence-URL records (name IDs 0, 13, 14).
"""

from __future__ import annotations

import hashlib
import html
import importlib.util
import io
import re
from pathlib import Path

#: The CSS font-family of the subset (not the original's name: see the module docstring).
FAMILY = "D2L Math"
#: Where the subset lives inside the site.
SITE_PATH = "assets/fonts/d2l-math.woff2"
#: The licence, named in the README and the footer.
LICENCE = "SIL Open Font License 1.1"

# Browsers draw a one-letter <mi>x</mi> with its MATHEMATICAL ITALIC code point (U+1D465), not
# with "x" (MathML Core's italic mapping: U+1D434–1D467, U+1D6E2–1D71B, U+210E for h). No formula
# contains those code points as text, so `drawn` adds the italic form of each such letter. The
# plain letter stays too: without it Chromium lays the italic one out 1 px higher or lower
# (measured, tests/e2e/test_e2e_math_font.py). Only the letters used, not the whole ranges:
# that halves the font.
_ITALIC_EXTRAS = {
    "h": 0x210E,
    "ı": 0x1D6A4,
    "ȷ": 0x1D6A5,
    "ϴ": 0x1D6F3,
    "∇": 0x1D6FB,
    "∂": 0x1D715,
    "ϵ": 0x1D716,
    "ϑ": 0x1D717,
    "ϰ": 0x1D718,
    "ϕ": 0x1D719,
    "ϱ": 0x1D71A,
    "ϖ": 0x1D71B,
}
_ITALIC_RUNS = (("a", "z", 0x1D44E), ("A", "Z", 0x1D434), ("Α", "Ω", 0x1D6E2), ("α", "ω", 0x1D6FC))
# Invisible operators math-core writes (function application, times, separator).
_ALWAYS = {0x2061, 0x2062, 0x2063}
# Glyphs MathML Core draws that are not in any element's text: the radical sign of <msqrt> and
# <mroot> (MathML Core, "Radicals"). Every other element draws its text only, or no glyph at all
# (fraction bars and the radical's overbar are rules; <ms> draws no quotes in MathML Core). A
# stretchy or large operator draws size variants and parts of its own glyph: fontTools keeps the
# MATH table's variants and assemblies of every glyph it keeps.
IMPLICIT = {"msqrt": "\u221a", "mroot": "\u221a"}
# FreeType's auto-hinter (Linux browsers hint unhinted fonts with it) places a script's alignment
# zones by measuring a few reference letters in the font. Without them the subset is hinted with
# other zones than the full font, and Chromium lays formulas out with hinted glyph boxes: a letter
# 1 px taller here, a bracket 2 px shorter there. So the subset keeps the reference letters of the
# scripts it draws: Latin (the math italic and bold letters count as Latin) and, if the formulas
# use upright Greek, Greek. The letters are FreeType's (src/autofit/afblue.dat, afscript.h).
_HINTING_LATIN = "THEZOCQSLUfijkdbhxzroescpqgyoO0"
_HINTING_GREEK = "ΓΒΕΖΘΟΩΔΞβθδζλξαειοπστωγημρφχψο"
# The original's copyright (0), licence (13) and licence URL (14) travel with every copy.
_KEPT_NAMES = (0, 1, 2, 3, 4, 5, 6, 13, 14)


class MathFontError(RuntimeError):
    pass


def source_font() -> Path:
    """STIX Two Math as installed by the ``ziamath`` wheel (found, not imported: importing
    ziamath loads its fonts and warns about deprecated APIs)."""
    spec = importlib.util.find_spec("ziamath")
    if spec is None or not spec.submodule_search_locations:
        raise MathFontError(
            "找不到数学字体：请安装 ziamath（它带有 STIX Two Math；nox -s docs 会自动安装）"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "STIXTwoMath-Regular.ttf"
    if not path.is_file():
        raise MathFontError(f"ziamath 里没有 STIX Two Math：{path} 不存在")
    return path


def italic(character: str) -> int | None:
    """The code point a browser draws for ``<mi>character</mi>``, if it maps it to italic."""
    if character in _ITALIC_EXTRAS:
        return _ITALIC_EXTRAS[character]
    for first, last, start in _ITALIC_RUNS:
        if first <= character <= last:
            return start + ord(character) - ord(first)
    return None


def drawn(mathml: str) -> set[str]:
    """The characters a browser takes from the math font for this MathML: its elements' text
    (not the TeX annotation), the italic form of a one-letter ``<mi>``, and the glyphs its
    elements draw without text (``IMPLICIT``)."""
    shown = mathml.split("<annotation", 1)[0]
    found = {IMPLICIT[name] for name in re.findall(r"<(m[a-z]+)", shown) if name in IMPLICIT}
    for name, attributes, escaped in re.findall(r"<(m[a-z]+)([^>]*)>([^<]+)", shown):
        text = html.unescape(escaped)
        found.update(text)
        if name == "mi" and len(text) == 1 and 'mathvariant="normal"' not in attributes:
            found.add(chr(italic(text) or ord(text)))
    return found


def code_points(characters: set[str]) -> list[int]:
    """What the subset keeps: the characters the formulas draw (``drawn``) and the letters the
    auto-hinter measures."""
    greek = any("\u0370" <= ch <= "\u03ff" for ch in characters)
    hinting = _HINTING_LATIN + (_HINTING_GREEK if greek else "")
    return sorted(_ALWAYS | {ord(ch) for ch in characters | set(hinting) if len(ch) == 1})


def subset(characters: set[str], cache_dir: Path) -> bytes:
    """The woff2 subset for ``characters``; cached by input, since subsetting takes seconds."""
    source = source_font()
    unicodes = code_points(characters)
    recipe = f"{FAMILY};unhinted;" + ",".join(map(str, unicodes))
    key = hashlib.sha256(source.read_bytes() + recipe.encode()).hexdigest()[:24]
    cached = cache_dir / f"{key}.woff2"
    if cached.is_file():
        return cached.read_bytes()
    data = _subset(source, unicodes)
    cache_dir.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(data)
    return data


def _subset(source: Path, unicodes: list[int]) -> bytes:
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    options = ft_subset.Options()
    options.layout_features = ["*"]  # keeps the MATH table's variants and assemblies reachable
    options.name_IDs = list(_KEPT_NAMES)
    options.name_languages = [0x0409]
    options.flavor = "woff2"
    options.notdef_outline = True
    # No TrueType hinting: phones and high-density screens do not use it, and it is 30 % of the
    # subset (37 -> 26 KB). On a low-resolution Windows screen the formulas may look softer.
    options.hinting = False
    # A fixed head.modified keeps two builds byte-identical.
    font = TTFont(str(source), recalcTimestamp=False)
    if "MATH" not in font:
        raise MathFontError(f"{source.name} 没有 OpenType MATH 表，不能用来排版 MathML")
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    _rename(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()


def _rename(font: object) -> None:
    """Give the subset its own family name (OFL: no Reserved Font Name on a Modified Version)."""
    from fontTools.ttLib import TTFont

    assert isinstance(font, TTFont)
    names = font["name"]
    postscript = FAMILY.replace(" ", "") + "-Regular"
    for record_id, value in (
        (1, FAMILY),
        (3, f"{postscript};subset"),
        (4, f"{FAMILY} Regular"),
        (6, postscript),
    ):
        names.setName(value, record_id, 3, 1, 0x0409)
        names.removeNames(nameID=record_id, platformID=1)
    for record_id in (16, 17, 21, 22):
        names.removeNames(nameID=record_id)
