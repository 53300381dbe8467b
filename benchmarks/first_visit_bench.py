"""What a reader's first visit of a page fetches, measured in Debian's Chromium.

    PYTHONPATH=tests python benchmarks/first_visit_bench.py [--site site] [--page /derivatives/]
    nox -s bench_first_visit        # builds the site, then runs this on it

The site is served on 127.0.0.1 with gzip, as every static host sends text. The page is opened
in a fresh browser context (empty cache), as a phone (375 × 812) and as a desktop (1280 × 800);
every response until the network is idle is counted, the page's web workers included: its body
as the browser decoded it (raw) and as it came over the wire (gzip for text, the file itself
for fonts and images). Nothing is scrolled or clicked: images below the first screen that are
``loading="lazy"`` are not counted, exactly as a reader who only opens the page.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Response, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
sys.path.insert(0, str(ROOT / "tools"))

from e2e_support import CHROMIUM, CHROMIUM_ARGS
from local_site import SiteServer

VIEWPORTS = {"phone": (375, 812), "desktop": (1280, 800)}


@dataclass
class Visit:
    """Bytes of every response of one visit, by path: (raw, over the wire)."""

    files: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def raw(self) -> int:
        return sum(raw for raw, _ in self.files.values())

    @property
    def wire(self) -> int:
        return sum(wire for _, wire in self.files.values())


def visit(browser: Browser, server: SiteServer, path: str, width: int, height: int) -> Visit:
    mobile = width < 600
    context = browser.new_context(
        viewport={"width": width, "height": height},
        is_mobile=mobile,
        has_touch=mobile,
        locale="zh-CN",
        device_scale_factor=1,
    )
    result = Visit()
    responses: list[Response] = []
    context.on("response", lambda response: responses.append(response))  # workers' too
    page = context.new_page()
    page.goto(server.url(path), wait_until="load")
    page.wait_for_load_state("networkidle")
    for response in responses:
        if response.status != 200 or urlsplit(response.url).scheme not in {"http", "https"}:
            continue
        body = response.body()
        # What tools/local_site.py sent: gzip -6 of the file, or the file. (Chromium reports
        # no transfer size for a worker's requests, so it is recomputed for every file.)
        compressed = response.headers.get("content-encoding") == "gzip"
        wire = len(gzip.compress(body, 6)) if compressed else len(body)
        raw = len(body)
        # The offline worker asks again for what the page fetched before it took over: the
        # browser's cache answers, and Chromium reports those bodies empty; one entry per file.
        path = urlsplit(response.url).path
        result.files[path] = max(result.files.get(path, (0, 0)), (raw, wire))
    context.close()
    return result


def kb(n: int) -> str:
    return f"{n / 1000:.1f} KB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--page", default="/derivatives/")
    parser.add_argument("--files", action="store_true", help="list every file of the phone visit")
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        server = stack.enter_context(SiteServer(args.site, gzip=True))
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        visits = {
            name: visit(browser, server, args.page, *size) for name, size in VIEWPORTS.items()
        }
    print(f"first visit of {args.page} (fresh cache, until the network is idle):")
    for name, result in visits.items():
        print(
            f"  {name:8} {len(result.files):3} files  {kb(result.raw):>9} raw  "
            f"{kb(result.wire):>9} over the wire (gzip)"
        )
    if args.files:
        phone = visits["phone"]
        for path, (raw, wire) in sorted(phone.files.items(), key=lambda item: -item[1][1]):
            print(f"    {kb(wire):>9} gzip {kb(raw):>9} raw  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
