"""After a deploy: every page of the live site answers 200 and loads nothing from another host.

    python tools/smoke_check.py https://example.github.io/calculus/   # the deployed site
    python tools/smoke_check.py --serve site/                         # a built folder, on 127.0.0.1

The pages are those of the site's ``sitemap.xml``. For each page, every resource it loads
(scripts, stylesheets, images, icons, frames, and ``url()`` in its stylesheets) and every link to
its own host must answer 200; a resource on another host is a failure (readers in mainland China
would wait for it). A missing page must answer 404, so a host that serves the home page for
every path is noticed. Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urldefrag, urljoin, urlsplit
from xml.etree import ElementTree

from local_site import SiteServer

USER_AGENT = "d2l-calculus-smoke-check/1"
# Attributes through which a page makes the browser fetch something by itself, and the <link>
# rels that only name a URL: the site plugin's final_page reads pages by the same rules
# (tests/plugin/test_final_page.py proves they agree).
LOADED_BY = {
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("audio", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("track", "src"),
    ("input", "src"),
    ("image", "href"),  # SVG inline in HTML
    ("image", "xlink:href"),
    ("use", "href"),
    ("use", "xlink:href"),
}
LINK_RELS_NAMING = {"canonical", "alternate", "prev", "next", "author", "license", "me", "bookmark"}
ABSOLUTE_URL = re.compile(r"""(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s"'`<>)]*""")
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)|@import\s+["']([^"']+)["']""")
MISSING_PAGE = "d2l-smoke-check-missing-page/"


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes


class Loaded(NamedTuple):
    """A URL the browser fetches by itself, and what makes it: ``("img", "srcset")``, or for a
    ``<link>`` the rel that does (``("link", "stylesheet")``)."""

    tag: str
    how: str
    url: str


@dataclass
class PageRefs:
    loaded: list[Loaded] = field(default_factory=list)  # resources the browser fetches itself
    links: list[str] = field(default_factory=list)  # <a href>: followed only on a click
    inline_urls: list[str] = field(default_factory=list)  # absolute URLs in inline script/style


class _RefParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs = PageRefs()
        self._inline: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # An empty src/href fetches nothing (the browser fires an error event instead).
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if (tag, name) in LOADED_BY and value:
                urls = (
                    [part.split()[0] for part in value.split(",")] if "srcset" in name else [value]
                )
                self.refs.loaded += [Loaded(tag, name, u) for u in urls if u]
        rels = set(values.get("rel", "").lower().split())
        if tag == "link" and rels and not rels <= LINK_RELS_NAMING and values.get("href"):
            self.refs.loaded.append(Loaded(tag, " ".join(sorted(rels)), values["href"]))
        if tag == "a" and values.get("href"):
            self.refs.links.append(values["href"])
        if tag in ("script", "style") and "src" not in values:
            self._inline = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._inline:
            self._inline = None

    def handle_data(self, data: str) -> None:
        if self._inline is not None:
            self.refs.inline_urls += ABSOLUTE_URL.findall(data)


def page_refs(html: str) -> PageRefs:
    """What a page loads and links to, read from its HTML (the collector of tools/ and
    benchmarks/: build_bench weighs pages with it)."""
    parser = _RefParser()
    parser.feed(html)
    return parser.refs


def css_refs(css: str) -> list[str]:
    return [a or b for a, b in CSS_URL.findall(css) if not (a or b).startswith("data:")]


def fetch(url: str, timeout: float = 30) -> Response:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return Response(answer.status, answer.headers.get("Content-Type", ""), answer.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.headers.get("Content-Type", ""), b"")


@dataclass
class Report:
    pages: int = 0
    checked: int = 0
    failures: list[str] = field(default_factory=list)
    foreign: dict[str, set[str]] = field(default_factory=dict)  # host -> pages loading from it

    def summary(self) -> str:
        lines = [f"  {f}" for f in self.failures]
        for host, pages in sorted(self.foreign.items()):
            lines.append(f"  loads from another host {host}: {', '.join(sorted(pages))}")
        verdict = "OK" if self.ok else "FAILED"
        lines.append(
            f"smoke_check: {verdict}: {self.pages} pages, {self.checked} URLs checked, "
            f"{len(self.failures)} failures, {len(self.foreign)} foreign hosts"
        )
        return "\n".join(lines)

    @property
    def ok(self) -> bool:
        return not self.failures and not self.foreign


def sitemap_pages(base: str, wait: float) -> list[str]:
    """The page URLs of ``sitemap.xml``, moved onto ``base`` (the site may be built for another
    URL than the one checked, e.g. a folder served on 127.0.0.1). Retries while the site is
    still appearing after a deploy."""
    deadline = time.monotonic() + wait
    while True:
        try:
            answer = fetch(urljoin(base, "sitemap.xml"))
        except OSError as error:  # connection refused, DNS not there yet, ...
            answer = Response(0, "", str(error).encode())
        if answer.status == 200 or time.monotonic() >= deadline:
            break
        time.sleep(5)
    if answer.status != 200:
        reason = answer.body.decode(errors="replace") or f"HTTP {answer.status}"
        raise SystemExit(f"smoke_check: {urljoin(base, 'sitemap.xml')} not reachable: {reason}")
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = [e.text or "" for e in ElementTree.fromstring(answer.body).iter(f"{namespace}loc")]
    if not locs:
        raise SystemExit("smoke_check: sitemap.xml lists no page")
    root = min(locs, key=len)  # the home page: every other page lies under it
    return [urljoin(base, loc.removeprefix(root)) for loc in locs]


def check_site(base: str, *, wait: float = 0) -> Report:
    """Check every page of the site at ``base`` (which ends with ``/``)."""
    if not base.endswith("/"):
        base += "/"
    host = urlsplit(base).netloc
    report = Report()
    seen: set[str] = set()

    def check_same_host(url: str, page: str) -> Response | None:
        if url in seen:
            return None
        seen.add(url)
        report.checked += 1
        answer = fetch(url)
        if answer.status != 200:
            report.failures.append(f"HTTP {answer.status}: {url} (from {page})")
            return None
        return answer

    def classify(refs: list[str], page_url: str, page: str, loaded: bool) -> None:
        for ref in refs:
            url = urldefrag(urljoin(page_url, ref)).url
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https"):
                continue  # data:, mailto:, javascript:
            if parts.netloc != host:
                if loaded:
                    report.foreign.setdefault(parts.netloc, set()).add(page)
                continue
            answer = check_same_host(url, page)
            if answer is not None and answer.content_type.startswith("text/css"):
                classify(css_refs(answer.body.decode(errors="replace")), url, page, loaded=True)

    pages = sitemap_pages(base, wait)
    seen.update(pages)  # fetched below as pages, not again as link targets
    for url in pages:
        page = urlsplit(url).path
        report.pages += 1
        report.checked += 1
        answer = fetch(url)
        if answer.status != 200 or not answer.content_type.startswith("text/html"):
            report.failures.append(f"HTTP {answer.status} ({answer.content_type}): {url}")
            continue
        refs = page_refs(answer.body.decode("utf-8", errors="replace"))
        classify([ref.url for ref in refs.loaded], url, page, loaded=True)
        classify(refs.inline_urls, url, page, loaded=True)
        classify(refs.links, url, page, loaded=False)
    missing = fetch(urljoin(base, MISSING_PAGE))
    report.checked += 1
    if missing.status != 404:
        report.failures.append(f"a missing page answered HTTP {missing.status}, not 404")
    return report


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """The folder over HTTP on 127.0.0.1 and a free port, for as long as the block runs."""
    if not (folder / "sitemap.xml").is_file():
        raise SystemExit(f"smoke_check: {folder} has no sitemap.xml: build the site first")
    with SiteServer(folder) as server:
        yield server.url()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("url", nargs="?", help="base URL of the deployed site")
    where.add_argument("--serve", type=Path, metavar="FOLDER", help="check a built folder")
    parser.add_argument(
        "--wait", type=float, default=0, help="seconds to retry while the site is not up yet"
    )
    args = parser.parse_args(argv)
    if args.serve is not None:
        with serve(args.serve) as base:
            report = check_site(base)
    else:
        if urlsplit(args.url).scheme not in ("http", "https"):
            parser.error(f"{args.url!r} is not an http(s) URL")
        report = check_site(args.url, wait=args.wait)
    print(report.summary())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
