"""The math font: STIX Two Math from PyPI, subset, renamed, licence kept, MATH table kept."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from mkdocs_d2l_site import math_font

# What the browser draws for <mi>x</mi><mi>f</mi><mi>h</mi><mi>θ</mi><mi>∂</mi><mi>∇</mi> and
# operators: each letter with its italic form.
USED = set("()+−=′→∂∇∑∈ℝ⊤≈≠⋯…×√‖[]{}|,.xfhθ") | set("𝑥𝑓ℎ𝜃𝜕𝛻")


@pytest.fixture(scope="module")
def subset(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, TTFont]:
    data = math_font.subset(USED, tmp_path_factory.mktemp("fonts"))
    return data, TTFont(io.BytesIO(data))


def test_subset_is_small_woff2_with_a_math_table(subset: tuple[bytes, TTFont]) -> None:
    data, font = subset
    assert data[:4] == b"wOF2"
    assert len(data) < 60_000
    assert "MATH" in font
    assert not {"fpgm", "prep", "cvt "} & set(font.keys()), "hinting is not needed on phones"


def test_subset_has_what_browsers_draw(subset: tuple[bytes, TTFont]) -> None:
    _, font = subset
    cmap = font.getBestCmap()
    # and the letters FreeType's auto-hinter measures (not their italic forms)
    assert {ord(c) for c in USED} | {ord("H"), ord("o")} <= set(cmap)
    assert 0x1D467 not in cmap, "italic z: no formula uses z"


def test_subset_is_renamed_and_keeps_copyright_and_licence(subset: tuple[bytes, TTFont]) -> None:
    _, font = subset
    names = {record.nameID: record.toUnicode() for record in font["name"].names}
    assert names[1] == math_font.FAMILY
    assert all("STIX" not in names[i] for i in (1, 3, 4, 6)), "OFL: not the original's name"
    assert "STIX Fonts Project Authors" in names[0]
    assert "Open Font License" in names[13]


def test_subset_is_reproducible_and_cached(tmp_path: Path, subset: tuple[bytes, TTFont]) -> None:
    data, _ = subset
    again = math_font.subset(USED, tmp_path)
    assert again == data
    assert len(list(tmp_path.glob("*.woff2"))) == 1


@pytest.mark.parametrize(
    ("character", "point"),
    [("a", 0x1D44E), ("x", 0x1D465), ("h", 0x210E), ("A", 0x1D434), ("α", 0x1D6FC),
     ("Ω", 0x1D6FA), ("∂", 0x1D715), ("1", None), ("+", None), ("𝐱", None)],
)  # fmt: skip
def test_italic_mapping(character: str, point: int | None) -> None:
    assert math_font.italic(character) == point


def test_drawn_is_text_italic_letters_and_the_radical() -> None:
    mathml = (
        '<math><semantics><mrow><msqrt><mi>x</mi></msqrt><mo>+</mo><mi mathvariant="normal">d'
        "</mi><mi>sin</mi><mroot><mi>&#x3B8;</mi><mn>3</mn></mroot></mrow>"
        '<annotation encoding="application/x-tex">\\sqrt{x}+</annotation></semantics></math>'
    )
    assert math_font.drawn(mathml) == set("√x𝑥+dsinθ𝜃3")


def test_greek_letters_bring_greek_reference_letters() -> None:
    assert ord("β") in math_font.code_points({"θ", "𝜃"})
    assert ord("β") not in math_font.code_points({"x", "𝑥"})
