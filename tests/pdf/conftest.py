"""Fixtures of the PDF tests: the printed PDF, its text page by page, the built pages.

The PDF is ``$D2L_SITE_DIR/downloads/calculus.pdf`` (default: ``site/``), printed by
``nox -s pdf``. What it must hold is read from the built site, never written down here: a
renumbered equation or a renamed section changes the expectation with it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup, Tag
from print_pdf import PDF_PATH

import site_pages

ROOT = Path(__file__).resolve().parents[2]
SITE_DIR = Path(os.environ.get("D2L_SITE_DIR", ROOT / "site")).resolve()


@dataclass(frozen=True)
class Chapter:
    """One chapter: its built article and the PDF pages it was printed on."""

    name: str
    article: Tag
    text: str  # pdftotext's text of its pages


@pytest.fixture(scope="session")
def pdf_file() -> Path:
    path = SITE_DIR / PDF_PATH
    if not path.is_file():
        pytest.fail(f"No PDF at {path}: run `nox -s pdf` (after `nox -s docs`).", pytrace=False)
    return path


@pytest.fixture(scope="session")
def page_texts(pdf_file: Path) -> list[str]:
    """The text of each page, as poppler's pdftotext lays it out (a line of code stays one line)."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: `apt-get install poppler-utils`.", pytrace=False)
    out = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf_file), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.split("\f")[:-1]  # pdftotext ends every page with a form feed


def article(page: site_pages.NavPage) -> Tag:
    html = (SITE_DIR / page.path / "index.html").read_text(encoding="utf-8")
    found = BeautifulSoup(html, "html.parser").select_one("article.md-content__inner")
    assert found is not None, f"{page.url} has no article"
    return found


@pytest.fixture(scope="session")
def chapters(pdf_file: Path, page_texts: list[str]) -> list[Chapter]:
    """Each chapter of the nav with the text of its pages: a chapter starts on the page its
    entry in the outline points at, and ends where the next one starts."""
    with pikepdf.open(pdf_file) as pdf:
        number = {page.objgen: index for index, page in enumerate(pdf.pages)}
        with pdf.open_outline() as outline:
            assert len(outline.root) == 1, "the outline has one root: the chapter's title"
            entries = [outline.root[0], *outline.root[0].children]
            starts = [number[entry.destination[0].objgen] for entry in entries]
    pages = site_pages.CHAPTERS
    assert len(starts) == len(pages), "one outline entry per chapter at the top two levels"
    ends = [*starts[1:], len(page_texts)]
    return [
        Chapter(page.name, article(page), "".join(page_texts[start:end]))
        for page, start, end in zip(pages, starts, ends, strict=True)
    ]
