"""Live-code weights and speed, measured in Debian's Chromium against a built site.

    nox -s bench_live [-- --runs 3]      # builds the site, then runs this on it
    PYTHONPATH=tests python benchmarks/livecode_bench.py --site SITE   # a site already built

Prints, for the derivatives chapter:

- bytes a page that is only read costs for live code (gzip): boot.js plus the page's markup;
- bytes the first run downloads, raw and as gzip (what a host that compresses would send);
- time from pressing 运行代码 to the first output of the table cell, cold (empty cache) and
  warm (the runtime in the browser's HTTP cache), medians of ``--runs``;
- one reader's answers (issue 27): Python ready (the page says 已就绪, timed by the page's own
  clock; also as Playwright's polling saw it) after 运行代码 on a first and on a repeat visit;
  the edited table cell's output after 运行, pressed once Python has been ready for 10 s; the
  bytes the repeat visit (page and run) fetched over the network (Chromium's encoded body and
  header sizes of every request the service worker or the HTTP cache did not answer); and
  whether the page and a run work offline after that.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    Request,
    Response,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError

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


READY = "已就绪"


def _network_bytes(context: BrowserContext) -> list[int]:
    """A growing list of the bytes each request took over the network."""
    sizes: list[int] = []

    def finished(request: Request) -> None:
        response = request.response()
        if response is None or response.from_service_worker:
            return
        try:
            size = request.sizes()
        except PlaywrightError:  # the page closed before Chromium reported it
            return
        sizes.append(max(size["responseBodySize"], 0) + max(size["responseHeadersSize"], 0))

    context.on("requestfinished", finished)
    return sizes


#: In the page, after Python is ready: where the time since 运行代码 went, in ms (main.js marks
#: the worker's start, the worker reports its steps, which main.js records as measures).
PHASES = """() => {
  const click = performance.getEntriesByName("d2l-live click")[0].startTime;
  const worker = performance.getEntriesByName("d2l-live worker")[0].startTime;
  const steps = performance.getEntriesByType("measure").filter((m) => m.name.startsWith("d2l-live "));
  const phases = [["editor.js", click, worker]];
  let last = worker;
  for (const m of steps) {
    phases.push([`(${phases.length === 1 ? "worker start" : "gap"})`, last, m.startTime]);
    phases.push([m.name.slice("d2l-live ".length), m.startTime, m.startTime + m.duration]);
    last = m.startTime + m.duration;
  }
  const shown = performance.getEntriesByName("d2l-live ready shown")[0].startTime;
  phases.push(["(ready shown)", last, shown]);
  return phases.filter(([name, start, end]) => !name.startsWith("(gap") || end - start >= 1)
    .map(([name, start, end]) => [name, end - start]);
}"""


#: Marks, on the page's own clock, the first moment the page says 已就绪. Playwright's waiting
#: polls at growing intervals (up to 500 ms apart), so the moment it sees the text comes up to
#: half a second late; this mark is when the reader could have seen it.
WATCH_READY = """() => {
  const observer = new MutationObserver(() => {
    const progress = document.querySelector(".d2l-live-progress");
    if (progress && progress.textContent.includes("已就绪")) {
      performance.mark("d2l-live ready shown");
      observer.disconnect();
    }
  });
  observer.observe(document.body, { subtree: true, childList: true, characterData: true });
}"""


def _start(
    page: Page, server: SiteServer, phases: list[list[tuple[str, float]]] | None = None
) -> tuple[float, float]:
    """Open the chapter, press 运行代码; seconds until the page says Python is ready, on the
    page's clock and as Playwright saw it (its steps into ``phases``)."""
    page.goto(server.url("/derivatives/"), wait_until="load")
    page.wait_for_load_state("networkidle")
    page.evaluate(WATCH_READY)
    page.evaluate("performance.mark('d2l-live click')")
    started = time.perf_counter()
    page.locator("button.d2l-live-start").click()
    page.locator(".d2l-live-progress", has_text=READY).wait_for(timeout=300_000)
    seen = time.perf_counter() - started
    shown = page.evaluate(
        "performance.getEntriesByName('d2l-live ready shown')[0].startTime"
        " - performance.getEntriesByName('d2l-live click')[0].startTime"
    )
    if phases is not None:
        phases.append([(str(name), float(ms)) for name, ms in page.evaluate(PHASES)])
    return float(shown) / 1000, seen


def _table(page: Page) -> Locator:
    cells = page.locator("article .d2l-cell")
    texts = cells.locator(".highlight code").all_text_contents()
    return cells.nth(next(i for i, t in enumerate(texts) if TABLE in t))


def _answer(page: Page, code: str) -> float:
    """Put ``code`` into the table cell, press 运行: seconds until its output shows."""
    table = _table(page)
    table.locator(".cm-content").click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.insert_text(code)
    started = time.perf_counter()
    table.locator("button.d2l-live-run").click()
    table.locator(".d2l-live-stdout").wait_for(timeout=300_000)
    return time.perf_counter() - started


def answers(browser: Browser, server: SiteServer) -> dict[str, object]:
    """One reader: a first visit with a run, a repeat visit with a run, then offline."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    first_phases: list[list[tuple[str, float]]] = []
    repeat_phases: list[list[tuple[str, float]]] = []
    ready_first, seen_first = _start(page, server, first_phases)
    page.wait_for_timeout(10_000)
    edited = _answer(page, "print(numerical_lim(f, 1, 0.5))")
    _table(page).locator("button.d2l-live-reset").click()  # no kept edit: 运行代码 again
    page.close()
    sizes = _network_bytes(context)
    page = context.new_page()
    ready_repeat, seen_repeat = _start(page, server, repeat_phases)
    _answer(page, "print('repeat')")
    repeat_bytes = sum(sizes)
    _table(page).locator("button.d2l-live-reset").click()
    page.close()
    # Offline: no network and no HTTP cache; only a service worker could answer.
    page = context.new_page()
    context.new_cdp_session(page).send("Network.clearBrowserCache")
    context.set_offline(True)
    try:
        _start(page, server)
        _answer(page, "print('offline')")
        works_offline = True
    except PlaywrightError:
        works_offline = False
    context.close()
    return {
        "ready_first": ready_first,
        "ready_repeat": ready_repeat,
        "seen_first": seen_first,
        "seen_repeat": seen_repeat,
        "edited": edited,
        "repeat_bytes": repeat_bytes,
        "offline": works_offline,
        "phases_first": first_phases[0],
        "phases_repeat": repeat_phases[0],
    }


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
            readers = [answers(browser, server) for _ in range(args.runs)]
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
    load = os.getloadavg()
    for key, label in (
        ("ready_first", "Python ready after 运行代码, first visit"),
        ("ready_repeat", "Python ready after 运行代码, repeat visit"),
        ("seen_first", "  the same as Playwright saw it, first visit"),
        ("seen_repeat", "  the same as Playwright saw it, repeat visit"),
        ("edited", "edited cell's output after 运行 (ready for 10 s)"),
    ):
        values = [float(str(r[key])) for r in readers]
        listed = ", ".join(f"{v:.1f}" for v in values)
        print(f"{label}: {statistics.median(values):.1f} s (runs: {listed})")
    print(
        f"repeat visit with a run fetched {int(str(readers[0]['repeat_bytes'])):,} B over the network"
    )
    for key, label in (("phases_first", "first visit"), ("phases_repeat", "repeat visit")):
        print(f"where the {label}'s ready time went (ms, median of {args.runs}):")
        runs_phases = [dict(r[key]) for r in readers]  # type: ignore[call-overload]
        for name in runs_phases[0]:
            values = [p.get(name, 0.0) for p in runs_phases]
            print(f"  {name:<24} {statistics.median(values):7.0f}")
    print(f"offline after a visit and a run: {'yes' if readers[0]['offline'] else 'no'}")
    print(f"load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} (2 cores, shared)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
