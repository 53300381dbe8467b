"""Checked exercises: the time from pressing 检查 to the feedback, once Python is ready.

    PYTHONPATH=tests python benchmarks/exercise_bench.py [--site site] [--runs 5]
    nox -s bench_live               # builds the site, runs livecode_bench.py and this

In Debian's Chromium, on /exercises/ served from 127.0.0.1: the reader presses 运行代码 and
waits for “Python 已就绪。” (the page's cells have run in the background); then exercise 2's
scaffold gets a wrong answer and 检查 is pressed, six times. Each 检查 runs the reader's function
and the chapter's check cell (the author's wrong answers proved again). Timed in the page, from
the click to the feedback's text.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
sys.path.insert(0, str(ROOT / "tools"))

from e2e_support import CHROMIUM, CHROMIUM_ARGS
from local_site import SiteServer

#: Resolves with the milliseconds from a click on the second scaffold's 检查 to its feedback.
_TIME_CHECK = """() => new Promise((resolve) => {
    // The second 检查 and the feedback line live code put under the same scaffold.
    const button = document.querySelectorAll("article button.d2l-live-check")[1];
    let box = button.parentElement;
    while (!box.querySelector(".d2l-exercise-feedback")) box = box.parentElement;
    const feedback = box.querySelector(".d2l-exercise-feedback");
    const started = performance.now();
    const observer = new MutationObserver(() => {
        if (feedback.textContent && feedback.textContent !== "正在检查……") {
            observer.disconnect();
            resolve(performance.now() - started);
        }
    });
    observer.observe(feedback, { childList: true, characterData: true, subtree: true });
    button.click();
})"""


def check_times(page: Page, runs: int) -> list[float]:
    """Seconds from 检查 to feedback: the first press, then ``runs`` more."""
    page.locator("button.d2l-live-start").click()
    expect(page.locator(".d2l-live-progress")).to_have_text("Python 已就绪。", timeout=300_000)
    scaffold = page.locator("article .d2l-cell.d2l-exercise").nth(1)
    scaffold.locator(".cm-content").click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("def grad_f(x): return np.array([6 * x[0], 5 * x[1]])")
    return [page.evaluate(_TIME_CHECK) / 1000 for _ in range(runs + 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    server = SiteServer(args.site)
    try:
        with contextlib.ExitStack() as stack:
            playwright = stack.enter_context(sync_playwright())
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(server.url("/exercises/"), wait_until="load")
            first, *later = check_times(page, args.runs)
            browser.close()
    finally:
        server.close()
    print(
        f"检查 → feedback, Python ready: first {first:.2f} s, then median "
        f"{statistics.median(later):.2f} s of {len(later)} ({', '.join(f'{t:.2f}' for t in later)})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
