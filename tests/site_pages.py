"""The site's pages, read from mkdocs.yml's nav: the one list that the tests share; and the
project's files, copied where a test builds the wheel."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from mkdocs_d2l_site.chapters import is_chapter
from mkdocs_d2l_site.downloads import download_paths

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
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
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    return [NavPage(source, title) for source, title in _entries(config["nav"])]


PAGES = nav_pages()
CHAPTERS = [page for page in PAGES if page.is_chapter]


def copy_project(target: Path) -> Path:
    """The files the wheel is built from, outside the repository (no .gitignore there)."""
    target.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, target / name)
    shutil.copytree(
        ROOT / "d2l_helpers", target / "d2l_helpers", ignore=shutil.ignore_patterns("__pycache__")
    )
    return target
