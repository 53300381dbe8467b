"""The math font: STIX Two Math from PyPI, subset, renamed, licence kept, MATH table kept."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from mkdocs_d2l_site import math_font

USED = set("()+−=′→∂∇∑∈ℝ⊤≈≠⋯…×√‖[]{}|,.xfhθ")


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
    # <mi>x</mi> is drawn as MATHEMATICAL ITALIC SMALL X, <mi>h</mi> as U+210E, <mi>∂</mi> as
    # U+1D715: each letter used brings its italic form, letters not used stay out.
    wanted = {ord(c) for c in USED} | {0x1D465, 0x1D453, 0x210E, 0x1D703, 0x1D715, 0x1D6FB}
    assert wanted - set(cmap) == set()
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
