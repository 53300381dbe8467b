"""The site's pages, read from mkdocs.yml's nav, and their facts, read from their sources: the
one list that the tests share. Nothing about a page is written down in a test: a new page, slider,
exercise or formula is found here (``tests/site/test_new_page.py`` proves it on a generated site).
Also the project's files, copied where a test builds the wheel.

``$D2L_SITE_SOURCES`` names another site's folder (its mkdocs.yml and docs/) to test instead.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise
from pathlib import Path
from typing import Any

import jupytext
import yaml

from mkdocs_d2l_site.chapters import is_chapter
from mkdocs_d2l_site.downloads import download_paths

ROOT = Path(__file__).resolve().parents[1]
#: The site under test: this repository's, unless another is named.
SITE = Path(os.environ.get("D2L_SITE_SOURCES") or ROOT).resolve()
DOCS = SITE / "docs"
_MATH = re.compile(r"\$[^$\s]")
#: What makes a Markdown file a chapter (a jupytext notebook with a Python kernel).
FRONT_MATTER = """\
---
jupyter:
  kernelspec:
    display_name: Python 3
    language: python
    name: python3
---

"""


class _ConfigLoader(yaml.SafeLoader):  # type: ignore[misc]  # PyYAML ships no types
    """Reads mkdocs.yml while ignoring its tags (``!ENV``, ``!!python/…``)."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, s, node: None)


@dataclass(frozen=True)
class NavPage:
    """One page of the nav: its source file and where it is served."""

    source: str  # "derivatives.md"
    title: str = ""  # "2.4.1 导数和微分"

    @property
    def name(self) -> str:
        """``index``, ``derivatives``: a short name for test ids and file names."""
        return Path(self.source).with_suffix("").as_posix().replace("/", "-")

    @property
    def path(self) -> str:
        """The page's folder in the built site: ``""`` for the home page, ``derivatives``."""
        stem = Path(self.source).with_suffix("").as_posix()
        return "" if stem == "index" else stem.removesuffix("/index")

    @property
    def html_file(self) -> str:
        """Its file in the built site: ``index.html``, ``derivatives/index.html``."""
        return f"{self.path}/index.html" if self.path else "index.html"

    @property
    def url(self) -> str:
        """The URL path it is served at: ``/``, ``/derivatives/``."""
        return f"/{self.path}/" if self.path else "/"

    @property
    def is_chapter(self) -> bool:
        return is_chapter(DOCS / self.source)

    @cached_property
    def cells(self) -> list[Any]:
        """A chapter's cells as jupytext reads them (metadata: ``slider``, ``alt``, ``tags``)."""
        return list(jupytext.read(DOCS / self.source).cells) if self.is_chapter else []

    @property
    def code_cells(self) -> list[Any]:
        return [cell for cell in self.cells if cell.cell_type == "code"]

    @property
    def sliders(self) -> list[tuple[str, str]]:
        """(parameter, its values separated by spaces) of each slider cell, in page order."""
        found = []
        for cell in self.code_cells:
            if "slider" in cell.metadata:
                name, _, spec = str(cell.metadata["slider"]).partition("=")
                low, dots, high = spec.partition("..")
                values = range(int(low), int(high) + 1) if dots else spec.split(",")
                found.append((name.strip(), " ".join(str(v).strip() for v in values)))
        return found

    @property
    def figures(self) -> int:
        """How many code cells draw a figure (each declares its ``alt`` text)."""
        return sum("alt" in cell.metadata for cell in self.code_cells)

    @property
    def solutions(self) -> int:
        """How many folded solution boxes: each run of cells tagged ``solution`` is one."""
        tagged = ["solution" in cell.metadata.get("tags", []) for cell in self.cells]
        return sum(now and not before for before, now in pairwise([False, *tagged]))

    @property
    def has_math(self) -> bool:
        return bool(_MATH.search((DOCS / self.source).read_text(encoding="utf-8")))

    @property
    def downloads(self) -> dict[str, str]:
        """Site-relative paths of a chapter's ``notebook`` and ``source`` downloads and the ``zip``."""
        return download_paths(self.source, "downloads")


def _entries(nav: Any, title: str = "") -> list[tuple[str, str]]:
    """(source, title) of every Markdown page in a nav (sub)tree."""
    if isinstance(nav, str):
        return [(nav, title)] if nav.endswith(".md") else []
    if isinstance(nav, list):
        return [entry for item in nav for entry in _entries(item)]
    if isinstance(nav, dict):
        return [entry for key, value in nav.items() for entry in _entries(value, str(key))]
    return []


def nav_pages() -> list[NavPage]:
    """Every page in mkdocs.yml's nav, in nav order."""
    config = yaml.load((SITE / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    return [NavPage(source, title) for source, title in _entries(config["nav"])]


PAGES = nav_pages()
CHAPTERS = [page for page in PAGES if page.is_chapter]


def ids(path: str) -> str:
    """A test id for a page's folder: its name (``index`` for the home page)."""
    return path or "index"


def copy_project(target: Path) -> Path:
    """The files the wheel is built from, outside the repository (no .gitignore there)."""
    target.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, target / name)
    shutil.copytree(
        ROOT / "d2l_helpers", target / "d2l_helpers", ignore=shutil.ignore_patterns("__pycache__")
    )
    return target
