"""Live-code weights and speed, measured in Debian's Chromium against a built site.

    nox -s bench_live [-- --runs 3]      # builds the site, then runs this on it
    PYTHONPATH=tests python benchmarks/livecode_bench.py --site SITE   # a site already built

Prints, for the derivatives chapter:

- bytes a page that is only read costs for live code (gzip): boot.js plus the page's markup;
- bytes the first run downloads, raw and as gzip (what a host that compresses would send);
- time from pressing 运行代码 to the first output of the table cell, cold (empty cache) and
  warm (the runtime in the browser's HTTP cache), medians of ``--runs``.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import Browser, Response, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
# tools/ on the path: local_site is the one local web server of tests, tools and benchmarks.
sys.path.insert(0, str(ROOT / "tools"))

from e2e_support import CHROMIUM, CHROMIUM_ARGS
from livecode_markup import boot_script, without_live_code
from local_site import SiteServer

TABLE = "numerical limit"


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6))


def read_only_cost(site: Path) -> tuple[int, int]:
    """gzip bytes of the page's live-code markup, and of boot.js."""
    html = (site / "derivatives" / "index.html").read_bytes()
    without = without_live_code(html.decode()).encode()
    boot = boot_script(site / "derivatives" / "index.html").read_bytes()
    return gz(html) - gz(without), gz(boot)


def first_run(browser: Browser, server: SiteServer) -> tuple[float, float, int, int]:
    """(cold s, warm s, raw bytes, gzip bytes) of one reader's first and second run."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    bodies: dict[str, bytes] = {}

    def record(response: Response) -> None:
        if response.ok and ("/assets/" in response.url or "/downloads/" in response.url):
            bodies[response.url] = response.body()

    timings = []
    for attempt in range(2):
        page = context.new_page()
        page.goto(server.url("/derivatives/"), wait_until="load")
        page.wait_for_load_state("networkidle")
        if attempt == 0:
            bodies.clear()
            page.on("response", record)
        cells = page.locator("article .d2l-cell")
        texts = cells.locator(".highlight code").all_text_contents()
        table = cells.nth(next(i for i, t in enumerate(texts) if TABLE in t))
        started = time.perf_counter()
        page.locator("button.d2l-live-start").click()
        table.locator("button.d2l-live-run").click()
        table.locator(".d2l-live-stdout").wait_for(timeout=300_000)
        timings.append(time.perf_counter() - started)
        page.close()
    context.close()
    live = {
        u: b
        for u, b in bodies.items()
        if "/livecode/" in u or "/pyodide/" in u or u.endswith(".whl")
    }
    raw = sum(len(b) for b in live.values())
    return timings[0], timings[1], raw, sum(gz(b) for b in live.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    markup, boot = read_only_cost(args.site)
    print(f"read-only page: +{markup} B gzip markup, boot.js {boot} B gzip = {markup + boot} B")
    server = SiteServer(args.site)
    try:
        with contextlib.ExitStack() as stack:
            playwright = stack.enter_context(sync_playwright())
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            runs = [first_run(browser, server) for _ in range(args.runs)]
            browser.close()
    finally:
        server.close()
    cold = statistics.median(r[0] for r in runs)
    warm = statistics.median(r[1] for r in runs)
    raw, packed = runs[0][2], runs[0][3]
    print(f"first run downloads: {raw / 1e6:.1f} MB raw, {packed / 1e6:.1f} MB gzip")
    print(
        f"press 运行代码 → first output: cold {cold:.1f} s, warm (HTTP cache) {warm:.1f} s "
        f"(median of {args.runs}: {', '.join(f'{r[0]:.1f}/{r[1]:.1f}' for r in runs)})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
