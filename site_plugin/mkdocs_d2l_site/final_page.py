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
  the theme's templates write (by hash: Material's differ with the page's depth), styles from
  the site and inline (MathML carries ``style`` attributes; the editor and the MathJax
  fallback add ``<style>``), workers only from the site's own URLs, forms sent only to the
  site. Any other inline script (a chapter's ``HTML("<script>…")``), an inline event handler
  or a ``javascript:`` URL is reported, with the code cell it is in: the strict build fails.
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
#: The HTML standard's JavaScript MIME type essences: a ``<script type>`` equal to one of them
#: (ignoring ASCII case and surrounding whitespace) is a classic script.
JAVASCRIPT_TYPES = frozenset(
    ["application/ecmascript", "application/javascript", "application/x-ecmascript"]
    + ["application/x-javascript", "text/ecmascript", "text/javascript"]
    + [f"text/javascript1.{minor}" for minor in range(6)]
    + ["text/jscript", "text/livescript", "text/x-ecmascript", "text/x-javascript"]
)
#: Other types the browser processes under ``script-src`` (the rest are data blocks).
_OTHER_SCRIPT_TYPES = {"module", "importmap", "speculationrules"}
_ASCII_WHITESPACE = "\t\n\f\r "
#: What stands for a template's ``{{ expression }}`` inside an inline script: a path or URL.
_TEMPLATE_VALUE = r"[^\s\"'`\\<>;]*"
#: A code cell of a chapter (``notebook_page``): findings inside one name its number.
CELL_CLASS = "d2l-cell"
#: The policy, apart from the inline scripts' hashes; see ``design/content-security-policy.md``.
POLICY = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data: blob:"),
    ("worker-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)


def runs_as_script(attrs: dict[str, str]) -> bool:
    """Whether a browser runs a ``<script>`` without ``src`` with these attributes (the HTML
    standard's "prepare the script element"), rather than keeping it as a data block."""
    kind = attrs.get("type")
    if kind is None and attrs.get("language"):
        kind = "text/" + attrs["language"]
    kind = (kind or "").strip(_ASCII_WHITESPACE).lower()
    return kind in ("", *JAVASCRIPT_TYPES, *_OTHER_SCRIPT_TYPES)


def is_javascript_url(value: str) -> bool:
    """Whether an attribute value (entities decoded) is a ``javascript:`` URL as a browser's
    URL parser reads it: leading and trailing controls and spaces and every tab or newline
    inside are dropped (``java&#x09;script:``)."""
    url = value.strip("".join(map(chr, range(0x21))))
    return re.sub("[\t\n\r]", "", url).lower().startswith("javascript:")


def template_scripts(sources: dict[str, str]) -> list[re.Pattern[str]]:
    """The inline scripts the templates (name -> source) write, as patterns: the text as
    written, a ``{{ value }}`` any path or URL. A script with ``{% statements %}`` in it is
    left out (so its output fails the strict build until this learns it)."""
    patterns = []
    for source in sources.values():
        for tag in re.finditer(r"<script\b([^>]*)>(.*?)</script>", source, re.DOTALL):
            attrs = {m[1].lower(): m[2] or m[3] or m[4] or "" for m in _ATTR.finditer(tag[1])}
            if "src" in attrs or not runs_as_script(attrs) or "{%" in tag[2]:
                continue
            text = re.sub(r"\{#.*?#\}", "", tag[2], flags=re.DOTALL)
            text = re.sub(r"\s*\{\{-", "{{", re.sub(r"-\}\}\s*", "}}", text))  # {{- x -}} trims
            parts = re.split(r"\{\{.*?\}\}", text, flags=re.DOTALL)
            patterns.append(re.compile(_TEMPLATE_VALUE.join(map(re.escape, parts))))
    return patterns


_ATTR = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


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


@dataclass(frozen=True)
class Finding:
    """Something the policy must allow or the strict build reports, and where it is."""

    #: The script's text as written; for a report, the start of its tag.
    text: str
    #: The chapter's code cell (numbered from 1, as ``notebook_page`` counts) it is in.
    cell: int | None = None

    def place(self) -> str:
        """Where it is, for a report: in the page, or in the output of a code cell."""
        return "页面里" if self.cell is None else f"第 {self.cell} 个代码单元格的输出里"

    def sample(self, limit: int = 40) -> str:
        """A script's start, on one line, as it reads in a report."""
        text = " ".join(self.text.split())
        return repr(f"<script>{text if len(text) <= limit else text[: limit - 1] + '…'}")


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
    #: Each inline script the browser runs, its text as written.
    inline_scripts: list[Finding] = field(default_factory=list)
    #: What a script hash cannot allow: inline event handlers, ``javascript:`` URLs.
    uncovered: list[Finding] = field(default_factory=list)
    #: Every ``id`` on the page, and every link's ``href`` (for ``links``).
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = Scan()
        self._in_style = False
        self._script: list[str] | None = None
        self._line_offsets = [0]
        self._cells = 0  # code cells opened so far
        self._divs: list[bool] = []  # open <div>s: whether each is a code cell

    def _cell(self) -> int | None:
        return self._cells if any(self._divs) else None

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
        if values.get("id"):
            self.scan.ids.add(values["id"])
        if tag == "a" and values.get("href"):
            self.scan.links.append(values["href"])
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
        if tag == "div":
            is_cell = CELL_CLASS in values.get("class", "").split()
            self._cells += is_cell
            self._divs.append(is_cell)
        if tag == "script" and "src" not in values:
            self._script = [] if runs_as_script(values) else None
        for name, text in values.items():
            if name.startswith("on"):
                self.scan.uncovered.append(Finding(f"<{tag} {name}=…>", self._cell()))
            elif is_javascript_url(text):
                self.scan.uncovered.append(Finding(f"<{tag} {name}={text[:40]!r}>", self._cell()))
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
        if tag == "div" and self._divs:
            self._divs.pop()
        if tag == "script" and self._script is not None:
            self.scan.inline_scripts.append(Finding("".join(self._script), self._cell()))
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
    uncovered: list[Finding]
    #: Inline scripts no template writes (each a strict-build warning; not in the policy).
    unexpected: list[Finding] = field(default_factory=list)
    #: The page's ids and links, for the site-wide link check (``links``).
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)


def finish(page: str, own_hosts: set[str], known: list[re.Pattern[str]]) -> Finished:
    """The page as it is written to the site, and what in it breaks the site's promises;
    ``known`` are the inline scripts the templates write (``template_scripts``)."""
    found = scan(page)
    foreign = list(dict.fromkeys(u for u in found.loads if is_foreign(u, own_hosts)))

    def is_known(script: Finding) -> bool:
        return any(pattern.fullmatch(script.text) for pattern in known)

    allowed = [script.text for script in found.inline_scripts if is_known(script)]
    unexpected = [script for script in found.inline_scripts if not is_known(script)]
    # Both edits are made from the end, so the offsets found by the scan stay right.
    end = found.search_dialog_end
    if end is not None and page[end] == ">":
        page = f'{page[:end]} aria-label="{SEARCH_DIALOG_NAME}"{page[end:]}'
    at = found.charset_end or found.head_end
    if at is not None:
        meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(allowed)}">'
        page = page[:at] + meta + page[at:]
    return Finished(page, foreign, found.uncovered, unexpected, found.ids, found.links)
