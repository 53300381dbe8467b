"""Every internal link of every finished page, checked against the ids the pages really carry.

MkDocs checks the anchors of plain Markdown pages only, against its own idea of their headings;
a chapter page's links (``[见](derivatives.md#某节)``), an equation number (``#eq-2-4-1``) or a
link into a chapter from a Markdown page would ship broken. Here the finished pages are read
(``final_page`` collects each page's ids and ``<a href>`` in its one scan), and after the build
each link must name a page or a file of the site and, if it has a ``#``, an id of that page.
A broken link is reported where its author wrote it: ``docs/FILE.md:LINE: 链接 '…' …``.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

#: A Markdown link's target, or an HTML ``href``, as an author writes them.
_WRITTEN = re.compile(r"\]\(\s*<?([^)\s>]+)|href=[\"']([^\"']+)")
_EXTERNAL = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|//)")


@dataclass
class _Page:
    url: str  # "/derivatives/"
    src_uri: str  # "derivatives.md"
    source: Path  # the file the author edits
    name: str  # how messages name it: "docs/derivatives.md"
    ids: set[str]
    links: list[str]


@dataclass
class LinkCheck:
    """The pages of one build: add each as it is finished, then ask for the problems."""

    pages: dict[str, _Page] = field(default_factory=dict)
    #: Site paths written after the build (the chapter's PDF, printed by ``nox -s pdf``).
    later: frozenset[str] = frozenset()

    def add(
        self, url: str, src_uri: str, source: Path, name: str, ids: set[str], links: list[str]
    ) -> None:
        self.pages["/" + url] = _Page("/" + url, src_uri, source, name, ids, links)

    def problems(self, site_dir: Path) -> list[str]:
        """One line per broken link, in page order."""
        return [
            line for page in self.pages.values() for line in self._page_problems(page, site_dir)
        ]

    def _target(self, page: _Page, href: str) -> tuple[str, str]:
        """(URL path, decoded anchor) that ``href`` on ``page`` leads to."""
        parts = urlsplit(urljoin(page.url, href))
        return unquote(parts.path), unquote(parts.fragment)

    def _written_target(self, page: _Page, written: str) -> tuple[str, str]:
        """Where a link as written in ``page``'s source leads (``x.md`` names a source file)."""
        parts = urlsplit(written)
        if parts.path.endswith(".md"):
            src_uri = posixpath.normpath(
                posixpath.join(posixpath.dirname(page.src_uri), parts.path)
            )
            for other in self.pages.values():
                if other.src_uri == src_uri:
                    return other.url, unquote(parts.fragment)
        return self._target(page, written)

    def _broken(self, page: _Page, href: str, site_dir: Path) -> str | None:
        """What is wrong with one link of ``page``, or None."""
        path, anchor = self._target(page, href)
        target = self.pages.get(path)
        if target is None:
            file = site_dir / path.lstrip("/")
            if path.lstrip("/") in self.later or file.is_file() or (file / "index.html").is_file():
                return None
            pages = [p.src_uri for p in self.pages.values()]
            near = difflib.get_close_matches(posixpath.basename(path), pages, n=3, cutoff=0)
            return "指向的页面不存在" + _hint("最接近的页面", near)
        if not anchor or anchor in target.ids:
            return None
        own = sorted(i for i in target.ids if not i.startswith("_"))
        near = difflib.get_close_matches(anchor, own, n=3, cutoff=0)
        return "指向的锚点不存在" + _hint("最接近的锚点", [f"#{i}" for i in near])

    def _page_problems(self, page: _Page, site_dir: Path) -> list[str]:
        broken: dict[tuple[str, str], tuple[str, str]] = {}  # target → (href, problem)
        for href in dict.fromkeys(page.links):
            if _EXTERNAL.match(href) or href == "#":
                continue
            if (problem := self._broken(page, href, site_dir)) is not None:
                broken.setdefault(self._target(page, href), (href, problem))
        lines, placed = [], set()
        source = page.source.read_text(encoding="utf-8") if page.source.is_file() else ""
        for number, text in enumerate(source.split("\n"), 1):
            for match in _WRITTEN.finditer(text):
                written = match.group(1) or match.group(2)
                target = self._written_target(page, written)
                if target not in broken:
                    target = self._target(page, written)  # left unresolved in the page
                if target in broken:
                    placed.add(target)
                    lines.append(
                        f"{page.name}:{number}: 链接 '{unquote(written)}' {broken[target][1]}"
                    )
        for target, (href, problem) in broken.items():
            if target not in placed:  # made by the build, not written in the source
                lines.append(f"{page.name}: 链接 '{unquote(href)}' {problem}")
        return lines


def _hint(what: str, names: list[str]) -> str:
    return f"（{what}：{'、'.join(names)}）" if names else ""
