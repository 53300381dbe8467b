"""The finished page, as the theme templated it: scanned once, just before it is written.

The page pipeline (``page_pipeline``) sees only a page's content; Material's own scripts,
preloads and the MathJax loader are added by the templates around it. This pass reads the
whole document once (a streaming ``HTMLParser``, no tree) and

- reports every URL on another host that the page would make a browser load: the site
  promises that a reader's browser asks no other host for anything, and a chapter's output
  (``display(HTML('<img src="https://…">'))``), a theme update or a Markdown extension could
  break that silently. Links a reader follows (``<a href>``) are navigation, not loads; what
  scripts build at run time is left to the browser tests;
- gives Material's search dialog an accessible name (axe: aria-dialog-name). Material renders
  ``<div class="md-search" role="dialog">`` with no name; if a release changes that markup, the
  page is left as it is and the browser tests' axe check reports it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

#: Attributes through which an element makes the browser fetch something.
_FETCHING = {
    "img": ("src", "srcset"),
    "script": ("src",),
    "link": ("href",),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "image": ("href", "xlink:href"),  # SVG inline in HTML
    "use": ("href", "xlink:href"),
}
#: ``<link rel=…>`` values that only name a URL; the browser does not load it.
_NAMING_RELS = {"canonical", "alternate", "prev", "next", "author", "license", "me", "bookmark"}
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+(['"])([^'"]+)\1""", re.IGNORECASE)
SEARCH_DIALOG_NAME = "搜索"


def is_foreign(url: str, own_hosts: set[str]) -> bool:
    """Whether loading ``url`` would contact a host other than the site's own."""
    url = url.strip()
    if not url.startswith("//") and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url):
        return False  # relative: the site's own host
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about", "javascript"}:
        return False
    return parts.netloc.lower() not in own_hosts


def _srcset_urls(value: str) -> list[str]:
    return [item.strip().split()[0] for item in value.split(",") if item.strip()]


def _css_urls(css: str) -> list[str]:
    return [m.group(2) for m in _CSS_URL.finditer(css)] + [
        m.group(2) for m in _CSS_IMPORT.finditer(css)
    ]


@dataclass
class Scan:
    """What one reading of a finished page found."""

    #: Every URL the page makes a browser load, in document order.
    loads: list[str] = field(default_factory=list)
    #: Where Material's unnamed search dialog's start tag ends (to add a name there).
    search_dialog_end: int | None = None


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = Scan()
        self._in_style = False
        self._line_offsets = [0]

    def feed_page(self, page: str) -> Scan:
        # getpos() counts lines by "\n" only (str.splitlines would also split at \r, \x0c, …).
        for line in page.split("\n"):
            self._line_offsets.append(self._line_offsets[-1] + len(line) + 1)
        self.feed(page)
        self.close()
        return self.scan

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "style" in values:
            self.scan.loads += _css_urls(values["style"])
        self._in_style = tag == "style"
        if (
            tag == "div"
            and values.get("data-md-component") == "search"
            and values.get("role") == "dialog"
            and "aria-label" not in values
        ):
            line, column = self.getpos()
            start = self._line_offsets[line - 1] + column
            self.scan.search_dialog_end = start + len(self.get_starttag_text() or "") - 1
        rels = set(values.get("rel", "").lower().split())
        if tag == "link" and rels and rels <= _NAMING_RELS:
            return
        for attr in _FETCHING.get(tag, ()):
            value = values.get(attr)
            if value:
                self.scan.loads += _srcset_urls(value) if attr == "srcset" else [value]

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.scan.loads += _css_urls(data)


def scan(page: str) -> Scan:
    """Read ``page`` once."""
    return _Scanner().feed_page(page)


@dataclass
class Finished:
    html: str
    #: URLs on other hosts the page would load (each a strict-build warning).
    foreign: list[str]


def finish(page: str, own_hosts: set[str]) -> Finished:
    """The page as it is written to the site, and what it would load from other hosts."""
    found = scan(page)
    foreign = list(dict.fromkeys(u for u in found.loads if is_foreign(u, own_hosts)))
    end = found.search_dialog_end
    if end is not None and page[end] == ">":
        page = f'{page[:end]} aria-label="{SEARCH_DIALOG_NAME}"{page[end:]}'
    return Finished(page, foreign)
