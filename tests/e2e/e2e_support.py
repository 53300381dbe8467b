"""What the browser tests share: page loads and what each load did on the wire.

A `Visit` is one page opened in a fresh browser context (its own cache and storage), with
fonts loaded, every lazy figure loaded and every request, console error, page error, failed
request and HTTP error of the context (web workers included) recorded. A `SitePage` opens the
visits of one URL lazily and closes them together, so the tests of one page share its page loads:
scrolled (every figure loaded) light and dark on a desktop and light on a phone, and unscrolled
(as an audit opens it) in each scheme on each width.
"""

from __future__ import annotations

import contextlib
import os
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    Response,
    ViewportSize,
)

import site_pages
from local_site import SiteServer

ROOT = Path(__file__).resolve().parents[2]
SITE_DIR = Path(os.environ.get("D2L_SITE_DIR", ROOT / "site")).resolve()
SCREENSHOT_DIR = Path(
    os.environ.get("D2L_SCREENSHOT_DIR", ROOT / "artifacts" / "screenshots")
).resolve()

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: Every page of the site (from mkdocs.yml's nav): screenshot/test name → URL path.
PAGES: dict[str, str] = {page.name: page.url for page in site_pages.PAGES}
#: The notebook pages (executed chapters).
CHAPTERS = [page.name for page in site_pages.CHAPTERS]

Scheme = Literal["light", "dark"]
Width = Literal[1280, 375]
SCHEMES: tuple[Scheme, ...] = ("light", "dark")
WIDTHS: tuple[Width, ...] = (1280, 375)
VIEWPORTS: dict[Width, ViewportSize] = {
    1280: {"width": 1280, "height": 800},
    375: {"width": 375, "height": 812},
}

#: The alt text Jupyter gives every figure: it tells a screen reader nothing.
#: The light/dark toggle the reader sees (overrides/partials/palette.html).
_PALETTE_TOGGLE = "form[data-d2l-palette] label.md-header__button >> visible=true"

# Wait (boundedly) for fonts (and MathJax, where the fallback runs), then bring every rendered
# image into view (they are loading="lazy") and wait for it; images in closed <details> load
# when opened, not here.
_SETTLE_JS = """async () => {
  const within = (promise, ms) =>
    Promise.race([promise, new Promise((resolve) => setTimeout(resolve, ms))]);
  // Only browsers without MathML Core load MathJax (the fallback tests make one).
  if (window.MathJax && MathJax.startup) await within(MathJax.startup.promise, 20000);
  await within(document.fonts.ready, 5000);
  for (const img of document.images) {
    if (img.closest("details:not([open])") || !img.checkVisibility()) continue;
    img.scrollIntoView({block: "center"});
    await within(img.decode().catch(() => null), 5000);
  }
  window.scrollTo(0, 0);
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
}"""

# Every layout shift the reader did not cause (what Lighthouse sums into CLS), with what moved.
SHIFTS_INIT = """window.__d2lShifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    const moved = entry.sources.map((s) => s.node ? (s.node.nodeName + " " +
      (s.node.textContent || "").trim().slice(0, 30)) : "?");
    window.__d2lShifts.push({value: entry.value, time: entry.startTime, moved});
  }
}).observe({type: "layout-shift", buffered: true});"""

_BACKGROUNDS_JS = """() => ({
  body: getComputedStyle(document.body).backgroundColor,
  main: getComputedStyle(document.querySelector(".md-main")).backgroundColor,
})"""


_CSP_LISTENER_JS = """document.addEventListener("securitypolicyviolation", (event) => {
  window.__d2lCspViolation(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
    + ` (${event.sourceFile}:${event.lineNumber}) ${event.sample}`);
});"""


@dataclass
class Traffic:
    """Everything a browser context did that a reader's network log or console would show."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    http_errors: list[str] = field(default_factory=list)
    #: What the page's Content-Security-Policy blocked (``securitypolicyviolation`` events).
    csp_violations: list[str] = field(default_factory=list)

    def record(self, context: BrowserContext, page: Page) -> None:
        context.expose_function("__d2lCspViolation", self._on_csp_violation)
        context.add_init_script(_CSP_LISTENER_JS)
        # context events include requests from dedicated and service workers (the search worker)
        context.on("request", self._on_request)
        context.on("requestfailed", self._on_failed)
        context.on("response", self._on_response)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("worker", lambda worker: worker.on("console", self._on_console))

    def _on_csp_violation(self, report: str) -> None:
        self.csp_violations.append(report)

    def _on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def _on_failed(self, request: Request) -> None:
        self.failed_requests.append(f"{request.url}: {request.failure}")

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.http_errors.append(f"{response.status} {response.url}")

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            self.console_errors.append(f"{message.text} ({where})")

    def problems(self, host: str) -> dict[str, list[str]]:
        """What a clean visit has none of, by kind: requests that left the site, failed, were
        answered with an HTTP error or blocked by the CSP, and errors in the console or the page.
        ``assert traffic.problems(host) == {}`` is the one clean-traffic assertion."""
        found = {
            "foreign": self.foreign(host),
            "failed": self.failed_requests,
            "http_errors": self.http_errors,
            "blocked": self.csp_violations,
            "console_errors": self.console_errors,
            "page_errors": self.page_errors,
        }
        return {kind: items for kind, items in found.items() if items}

    def foreign(self, host: str) -> list[str]:
        """Requests that left the site: anything but http(s)://host, data: and blob: URLs."""
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in {"data", "blob"} and urlsplit(url).netloc != host
        ]


@dataclass(repr=False)
class Visit:
    page: Page
    context: BrowserContext
    traffic: Traffic
    #: computed backgrounds of body and .md-main before the palette toggle (dark visits only)
    light_backgrounds: dict[str, str] | None = None

    def __repr__(self) -> str:  # short, for --showlocals
        return f"Visit({self.page.url}, {self.page.viewport_size}, dark={self.light_backgrounds is not None})"

    def backgrounds(self) -> dict[str, str]:
        result: dict[str, str] = self.page.evaluate(_BACKGROUNDS_JS)
        return result

    def scheme(self) -> str | None:
        return self.page.get_attribute("body", "data-md-color-scheme")


def _reader(
    browser: Browser, url: str, *, scheme: Scheme, width: Width, workers: bool = True
) -> tuple[BrowserContext, Page, Traffic]:
    """A new reader (own context, Chinese locale, a phone below 600 px) who has loaded ``url``;
    everything the context does is recorded. ``workers=False``: no service worker, so that
    ``page.route`` sees every request (it cannot see what a service worker fetches)."""
    mobile = width < 600
    context = browser.new_context(
        viewport=VIEWPORTS[width],
        color_scheme=scheme,
        locale="zh-CN",
        is_mobile=mobile,
        has_touch=mobile,
        device_scale_factor=1,
        service_workers="allow" if workers else "block",
    )
    page = context.new_page()
    traffic = Traffic()
    traffic.record(context, page)
    page.goto(url, wait_until="load")
    return context, page, traffic


def open_visit(
    browser: Browser, url: str, *, scheme: Scheme, width: Width, workers: bool = True
) -> Visit:
    """Open `url` as a new reader would, in light scheme, then toggle to dark if asked."""
    context, page, traffic = _reader(browser, url, scheme="light", width=width, workers=workers)
    page.evaluate(_SETTLE_JS)
    page.wait_for_load_state("networkidle")
    visit = Visit(page, context, traffic)
    if scheme == "dark":
        visit.light_backgrounds = visit.backgrounds()
        choose_dark(page)
        page.evaluate("() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)))")
    return visit


def open_unscrolled(browser: Browser, url: str, *, scheme: Scheme, width: Width) -> Visit:
    """Open `url` as an audit does (Lighthouse runs axe this way): nothing scrolled or clicked.

    The scheme is the one the system prefers, not the toggle: after the toggle, Chromium's
    getComputedStyle can still report the old scheme's colours inside a block skipped by
    content-visibility that was drawn before (what it paints is right), and the figures that
    `open_visit` scrolls into view draw some blocks. Everything else waits as there: fonts.
    """
    context, page, traffic = _reader(browser, url, scheme=scheme, width=width)
    page.evaluate("() => document.fonts.ready.then(() => null)")
    page.wait_for_load_state("networkidle")
    return Visit(page, context, traffic)


def choose_dark(page: Page) -> None:
    """Press the light/dark toggle as a reader would; return once the dark scheme is on."""
    page.locator(_PALETTE_TOGGLE).click()
    page.wait_for_selector('body[data-md-color-scheme="slate"]', timeout=5000)


def pixel(page: Page, x: float, y: float) -> tuple[int, int, int]:
    """The colour the reader sees at (x, y) of the viewport (CSS pixels; the visits' scale is 1)."""
    png = page.screenshot(clip={"x": x, "y": y, "width": 1, "height": 1}, animations="disabled")
    data, at = b"", 8  # after the PNG signature: chunks of length, type, data, CRC
    while at < len(png):
        size = int.from_bytes(png[at : at + 4], "big")
        if png[at + 4 : at + 8] == b"IDAT":
            data += png[at + 8 : at + 8 + size]
        at += 12 + size
    row = zlib.decompress(data)  # one row: its filter byte, then the pixel
    red, green, blue = row[1:4]  # a lone pixel has no neighbours: every PNG filter leaves it as is
    return red, green, blue


class SitePage:
    """One URL of the site and its visits, opened on first use and closed together."""

    def __init__(self, name: str, browser: Browser, server: SiteServer) -> None:
        self.name = name
        self.path = PAGES[name]
        self.url = server.url(self.path)
        self.server = server
        self._browser = browser
        self._visits: dict[tuple[Scheme, Width, bool], Visit] = {}

    def __repr__(self) -> str:
        return f"SitePage({self.name!r})"

    @property
    def is_chapter(self) -> bool:
        return self.name in CHAPTERS

    def visit(self, scheme: Scheme = "light", width: Width = 1280) -> Visit:
        key = (scheme, width, False)
        if key not in self._visits:
            self._visits[key] = open_visit(self._browser, self.url, scheme=scheme, width=width)
        return self._visits[key]

    def unscrolled(self, scheme: Scheme, width: Width) -> Visit:
        """The page as an audit opens it (see `open_unscrolled`)."""
        key = (scheme, width, True)
        if key not in self._visits:
            self._visits[key] = open_unscrolled(self._browser, self.url, scheme=scheme, width=width)
        return self._visits[key]

    @property
    def light(self) -> Visit:
        return self.visit("light", 1280)

    @property
    def dark(self) -> Visit:
        return self.visit("dark", 1280)

    def open_all(self) -> None:
        """Open every view the tests read (those not opened yet): scrolled, light and dark (by
        the toggle) on a desktop and light on a phone; unscrolled, each scheme on each width."""
        scrolled: tuple[tuple[Scheme, Width], ...] = (
            ("light", 1280),
            ("dark", 1280),
            ("light", 375),
        )
        for scheme, width in scrolled:
            self.visit(scheme, width)
        for scheme in SCHEMES:
            for width in WIDTHS:
                self.unscrolled(scheme, width)

    def traffic(self) -> Traffic:
        """The traffic of every visit of this page so far, together."""
        total = Traffic()
        for visit in self._visits.values():
            for name in vars(total):
                getattr(total, name).extend(getattr(visit.traffic, name))
        return total

    def close(self) -> None:
        for visit in self._visits.values():
            with contextlib.suppress(Exception):
                visit.context.close()
        self._visits.clear()


def eventually(page: Page, predicate: str, arg: object = None, seconds: float = 30) -> None:
    """Until the async ``predicate`` holds (wait_for_function does not await a promise)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(predicate, arg):
        assert time.monotonic() < deadline, f"still false after {seconds} s: {predicate}"
        page.wait_for_timeout(200)
