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
  page is left as it is and the browser tests' axe check reports it;
- writes the page's Content-Security-Policy as the first element of ``<head>``, so the
  browser itself enforces "no other host": scripts only from the site and the inline scripts
  this page has (by hash: Material's differ with the page's depth), styles from the site and
  inline (MathML carries ``style`` attributes; the editor and the MathJax fallback add
  ``<style>``), workers only from the site's own URLs. What a hash cannot cover (an inline
  event handler, a ``javascript:`` URL) is reported: the strict build fails on it.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

#: Attributes through which an element makes the browser fetch something (tools/smoke_check.py
#: reads pages with the same rules: tests/plugin/test_final_page.py proves they agree).
_FETCHING = {
    "img": ("src", "srcset"),
    "script": ("src",),
    "link": ("href",),
    "iframe": ("src",),
    "input": ("src",),  # <input type="image">
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
#: Script types a browser runs (others, such as application/json, are data).
_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
#: The policy, apart from the inline scripts' hashes; see ``design/content-security-policy.md``.
POLICY = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data: blob:"),
    ("worker-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
)


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
    #: Where ``<head>``'s start tag, and a ``<meta charset>`` in it, end (the policy goes
    #: right after them: before every script, with the charset still in the first bytes).
    head_end: int | None = None
    charset_end: int | None = None
    #: The text of each inline script the browser runs, as written.
    inline_scripts: list[str] = field(default_factory=list)
    #: What a script hash cannot allow: inline event handlers, ``javascript:`` URLs.
    uncovered: list[str] = field(default_factory=list)


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = Scan()
        self._in_style = False
        self._script: list[str] | None = None
        self._line_offsets = [0]

    def _end_of_start_tag(self) -> int:
        line, column = self.getpos()
        start = self._line_offsets[line - 1] + column
        return start + len(self.get_starttag_text() or "")

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
            self.scan.search_dialog_end = self._end_of_start_tag() - 1
        if tag == "head" and self.scan.head_end is None:
            self.scan.head_end = self._end_of_start_tag()
        if tag == "meta" and "charset" in values and self.scan.head_end is not None:
            self.scan.charset_end = self.scan.charset_end or self._end_of_start_tag()
        if tag == "script" and "src" not in values:
            kind = values.get("type", "").strip().lower()
            self._script = [] if kind in _SCRIPT_TYPES else None
        for name, text in values.items():
            if name.startswith("on"):
                self.scan.uncovered.append(f"<{tag} {name}=…>")
            elif text.strip().lower().startswith("javascript:"):
                self.scan.uncovered.append(f"<{tag} {name}={text[:40]!r}>")
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
        if tag == "script" and self._script is not None:
            self.scan.inline_scripts.append("".join(self._script))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.scan.loads += _css_urls(data)
        if self._script is not None:
            self._script.append(data)  # script text is never decoded: hashed as written


def scan(page: str) -> Scan:
    """Read ``page`` once."""
    return _Scanner().feed_page(page)


def _sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def policy(inline_scripts: list[str]) -> str:
    """The Content-Security-Policy of a page with these inline scripts."""
    hashes = sorted(set(map(_sha256, inline_scripts)))
    parts = [
        f"{name} {value} {' '.join(hashes)}"
        if name == "script-src" and hashes
        else f"{name} {value}"
        for name, value in POLICY
    ]
    return "; ".join(parts)


@dataclass
class Finished:
    html: str
    #: URLs on other hosts the page would load (each a strict-build warning).
    foreign: list[str]
    #: What the policy cannot allow (each a strict-build warning).
    uncovered: list[str]


def finish(page: str, own_hosts: set[str]) -> Finished:
    """The page as it is written to the site, and what in it breaks the site's promises."""
    found = scan(page)
    foreign = list(dict.fromkeys(u for u in found.loads if is_foreign(u, own_hosts)))
    # Both edits are made from the end, so the offsets found by the scan stay right.
    end = found.search_dialog_end
    if end is not None and page[end] == ">":
        page = f'{page[:end]} aria-label="{SEARCH_DIALOG_NAME}"{page[end:]}'
    at = found.charset_end or found.head_end
    if at is not None:
        meta = (
            f'<meta http-equiv="Content-Security-Policy" content="{policy(found.inline_scripts)}">'
        )
        page = page[:at] + meta + page[at:]
    return Finished(page, foreign, found.uncovered)
