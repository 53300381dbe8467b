"""The chapter's PDF (tools/print_pdf.py) against the built site it was printed from."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

import pikepdf
import print_pdf
from bs4 import Tag
from conftest import SITE_DIR, Chapter, article

import site_pages

MAX_BYTES = 3_000_000


def squeeze(text: str) -> str:
    """Text without whitespace: pdftotext breaks lines and spaces where the layout did."""
    return re.sub(r"\s+", "", text)


def heading_text(heading: Tag) -> str:
    """A heading's text without its permalink."""
    parts = heading.find_all(string=True)
    return "".join(p for p in parts if not p.find_parent(class_="headerlink")).strip()


def headings(chapter: Chapter) -> list[str]:
    return [heading_text(h) for h in chapter.article.select("h1, h2, h3, h4, h5, h6")]


def test_size(pdf_file: Path) -> None:
    assert pdf_file.stat().st_size <= MAX_BYTES


def test_every_section_title_is_printed(chapters: list[Chapter]) -> None:
    for chapter in chapters:
        titles = headings(chapter)
        assert titles, f"{chapter.name} has no heading"
        missing = [title for title in titles if squeeze(title) not in squeeze(chapter.text)]
        assert not missing, f"{chapter.name}: not in its pages' text: {missing}"


def test_outline_is_the_headings(pdf_file: Path, chapters: list[Chapter]) -> None:
    """2.4 at the root, each section under it, each section's headings under the section."""
    with pikepdf.open(pdf_file) as pdf, pdf.open_outline() as outline:
        assert [item.title for item in outline.root] == [headings(chapters[0])[0]]
        sections = outline.root[0].children
        assert [item.title for item in sections] == [headings(c)[0] for c in chapters[1:]]
        nested = [[item.title for item in section.children] for section in sections]
    assert nested == [headings(c)[1:] for c in chapters[1:]]  # h2s: the pages have no h3


def test_every_equation_number_is_printed(chapters: list[Chapter]) -> None:
    numbers = 0
    for chapter in chapters:
        for number in chapter.article.select(".d2l-math-number"):
            numbers += 1
            assert number.get_text() in chapter.text, f"{chapter.name}: {number.get_text()}"
    assert numbers >= 11  # the book numbers eleven equations


# MathML Core draws a one-letter <mi> in italic: the PDF's text holds the italic letter
# (U+1D44E 𝑎, U+210E ℎ, U+1D715 𝜕), which no prose or code uses.
def _drawn(identifier: Tag) -> str:
    text = identifier.get_text()
    if len(text) != 1 or identifier.get("mathvariant") == "normal" or is_math_letter(text):
        return text
    name = unicodedata.name(text, "")
    letter = re.sub(r"^(LATIN|GREEK) (SMALL|CAPITAL) LETTER ", r"\2 ", name)
    if text == "h":
        return "\u210e"
    try:
        return unicodedata.lookup(f"MATHEMATICAL ITALIC {letter}")
    except KeyError:
        return text


def is_math_letter(char: str) -> bool:
    return 0x1D400 <= ord(char) <= 0x1D7FF or char == "\u210e"


def test_no_formula_is_blank(chapters: list[Chapter]) -> None:
    """Every italic or bold letter of every formula is in its chapter's pages: a formula that
    was not drawn (no font, not laid out) takes its letters with it."""
    for chapter in chapters:
        identifiers = chapter.article.select("math mi")
        expected = Counter(c for mi in identifiers for c in _drawn(mi) if is_math_letter(c))
        printed = Counter(c for c in chapter.text if is_math_letter(c))
        assert sum(expected.values()) > 0, f"{chapter.name}: no formula letters to look for"
        assert printed == expected, chapter.name


def test_every_radical_sign_is_printed(chapters: list[Chapter]) -> None:
    """<msqrt> draws √ from the math font, never from text: a font without it printed
    √2 − 1 as "2 − 1". Each chapter prints one √ per square root, plus those written as text."""
    roots = 0
    for chapter in chapters:
        radicals = len(chapter.article.select("math msqrt, math mroot"))
        strings = chapter.article.find_all(string=True)
        written = sum(s.count("√") for s in strings if not s.find_parent("annotation"))
        assert chapter.text.count("√") == radicals + written, chapter.name
        roots += radicals
    assert roots > 0, "the exercises' solutions have square roots"


def test_fonts_are_embedded(pdf_file: Path, page_texts: list[str]) -> None:
    listing = subprocess.run(
        ["pdffonts", str(pdf_file)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    # name, type, encoding, emb, sub, uni: "emb" is the third column from the right but two.
    not_embedded = [line for line in listing if line.split()[-5] != "yes"]
    assert listing
    assert not not_embedded
    assert any("\u4e00" <= char <= "\u9fff" for char in "".join(page_texts))  # Chinese text


def test_figures_are_vector(pdf_file: Path) -> None:
    figures = sum(len(c.select("img")) for c in map(article, site_pages.CHAPTERS))
    assert figures > 0
    with pikepdf.open(pdf_file) as pdf:
        images = [
            o
            for o in pdf.objects
            if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"
        ]
    assert not images, "a figure was printed as a bitmap"


def test_page_numbers(page_texts: list[str]) -> None:
    total = len(page_texts)
    for number, text in enumerate(page_texts, start=1):
        assert f"{number} / {total}" in text, f"page {number} has no page number"


def prose(block: Tag) -> str:
    """The longest stretch of a block's text that is not a formula or code."""
    strings = block.find_all(string=True)
    text = [s for s in strings if not s.find_parent(["math", "pre", "code", "summary"])]
    return max(map(squeeze, text), key=len)


def test_solutions_open_and_no_live_code(chapters: list[Chapter]) -> None:
    solutions = 0
    for chapter in chapters:
        for solution in chapter.article.select("details.d2l-solution"):
            solutions += 1
            # Its code's output (prose is cut into pieces by the formulas set within its lines).
            output = solution.select_one(".d2l-output pre")
            assert output is not None, f"{chapter.name}: a solution without an output"
            first_line = squeeze(output.get_text().strip().splitlines()[0])
            assert first_line in squeeze(chapter.text), chapter.name
        for control in chapter.article.select(".d2l-live-bar, .d2l-downloads"):
            assert prose(control) not in squeeze(chapter.text), chapter.name
    assert solutions > 0


def test_dates_are_the_builds(pdf_file: Path) -> None:
    epoch = print_pdf.build_epoch(SITE_DIR)
    with pikepdf.open(pdf_file) as pdf:
        dates = {str(pdf.docinfo[key]) for key in ("/CreationDate", "/ModDate")}
    assert dates == {print_pdf.pdf_date(epoch)}


def test_same_site_same_bytes(pdf_file: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.pdf"
    assert print_pdf.main([str(SITE_DIR), "--out", str(again)]) == 0
    assert again.read_bytes() == pdf_file.read_bytes()


def test_every_chapter_or_none_links_to_this_pdf(pdf_file: Path) -> None:
    """`D2L_PDF=true nox -s docs` (the deploy) links every chapter to the PDF, a plain build none.
    What the build did is read from its pages, so `nox -s pdf` checks either build as it is."""
    targets = {}
    for page in site_pages.CHAPTERS:
        links = article(page).select(".d2l-downloads a[href$='.pdf']")
        targets[page.url] = [(SITE_DIR / page.path / str(a["href"])).resolve() for a in links]
    assert len({tuple(t) for t in targets.values()}) == 1, f"some chapters link the PDF: {targets}"
    assert next(iter(targets.values())) in ([], [pdf_file.resolve()]), targets
