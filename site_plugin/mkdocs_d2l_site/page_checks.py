"""Checks on what a finished page would make a reader's browser do, and on outputs' size.

The site promises that a reader's browser asks no other host for anything: a chapter's output
(``display(HTML('<img src="https://…">'))``), a theme update or a Markdown extension could break
that silently. Links a reader follows (``<a href>``) are navigation, not loads, and are allowed;
what scripts build at run time is left to the browser tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
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


class _Loads(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "style" in values:
            self.urls += _css_urls(values["style"])
        self._in_style = tag == "style"
        rels = set(values.get("rel", "").lower().split())
        if tag == "link" and rels and rels <= _NAMING_RELS:
            return
        for attr in _FETCHING.get(tag, ()):
            value = values.get(attr)
            if value:
                self.urls += _srcset_urls(value) if attr == "srcset" else [value]

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls += _css_urls(data)


def foreign_loads(html: str, own_hosts: set[str]) -> list[str]:
    """Every URL on another host that ``html`` makes a browser load, in document order."""
    parser = _Loads()
    parser.feed(html)
    parser.close()
    return list(dict.fromkeys(u for u in parser.urls if is_foreign(u, own_hosts)))


def _output_texts(output: Any) -> Iterator[str]:
    if output.get("output_type") == "stream":
        text = output.get("text", "")
        yield "".join(text) if isinstance(text, list) else str(text)
    elif output.get("output_type") == "error":
        yield "\n".join(output.get("traceback", []))
    for mime, value in (output.get("data") or {}).items():
        if mime.startswith("text/") or mime.endswith(("+json", "/json")):
            yield "".join(value) if isinstance(value, list) else str(value)


def oversized_outputs(nb: Any, limit_kb: int) -> Iterator[tuple[int, int]]:
    """``(code cell number, size in KB)`` of each text output larger than ``limit_kb``."""
    number = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        number += 1
        for output in cell.get("outputs", []):
            for text in _output_texts(output):
                size = len(text.encode("utf-8"))
                if size > limit_kb * 1024:
                    yield number, -(-size // 1024)
