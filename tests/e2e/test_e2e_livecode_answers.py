"""Live code a learner can lean on (issue 27), in a real Chromium with the real Pyodide: every
failure ends as an error under its cell and Python keeps answering (the reader sees only their
own output: test_e2e_livecode, on a Python's first run); the page's cells run in the background
once Python is ready, so that an edited cell then runs alone (the rule:
design/live-code-answers.md); explorable figures survive a run of the book's code; the buttons'
names and looks; kept edits that no cell took back are dropped.
"""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from livecode_support import (
    START_MS,
    LivePage,
    LiveSite,
    cell,
    open_live_page,
    run_cell,
    runs,
    wait_ready,
)
from playwright.sync_api import Browser, Locator, Page, expect

from e2e_support import choose_dark

TABLE_CELL = "numerical limit"
DEFINE_F_CELL = "return 3 * x ** 2 - 4 * x"
NUMERICAL_LIM_CELL = "def numerical_lim"
SECANT_CELL = "slope = numerical_lim(f, 1, h)"


def replace_code(page: Page, target: Locator, code: str) -> None:
    """Put ``code`` into the cell's editor in place of what it has."""
    target.locator(".cm-content").click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.insert_text(code)


def index_of(target: Locator) -> int:
    index: int = target.evaluate(
        "el => [...document.querySelectorAll('article .d2l-cell')].indexOf(el)"
    )
    return index


def last_cell(page: Page) -> Locator:
    return page.locator("article .d2l-cell").last


def test_the_cells_run_in_the_background_then_an_edit_reruns_what_it_changes(
    live: LivePage,
) -> None:
    page = live.page
    count = page.locator("article .d2l-cell").count()
    assert live.background_runs == list(range(count)), "not the page's cells, in order, once"
    table = cell(page, TABLE_CELL)
    # Run out of sight: the build's outputs stay, nothing is marked as running.
    expect(table.locator(".d2l-live-stdout")).to_have_count(0)
    expect(table.locator(".d2l-output")).to_contain_text("h=0.10000, numerical limit=2.30000")
    # (The tests before on this page may have left cells above it to run again: they run now.)
    run_cell(page, table)
    runs(page)
    # An edited cell runs alone, in the notebook's namespace.
    replace_code(page, table, "print(numerical_lim(f, 1, 0.5))")
    run_cell(page, table)
    expect(table.locator(".d2l-live-stdout")).to_have_text("3.5\n")
    assert runs(page) == [index_of(table)]
    # An edit above it that has not run: that cell runs first, shown, then the cells between.
    define_f = cell(page, DEFINE_F_CELL)
    replace_code(page, define_f, "def f(x): return x ** 2")
    run_cell(page, table)
    expect(table.locator(".d2l-live-stdout")).to_have_text("2.5\n")
    assert runs(page) == list(range(index_of(define_f), index_of(table) + 1))
    expect(cell(page, NUMERICAL_LIM_CELL).locator(".d2l-live-stdout")).to_have_count(0)
    # The cells below the one that changed ran on the old f: they run again before a cell
    # further down; the table cell ran with its code since, so it does not.
    secant = cell(page, SECANT_CELL)
    run_cell(page, secant)
    assert runs(page) == list(range(index_of(table) + 1, index_of(secant) + 1))
    for target in (define_f, table):
        target.locator("button.d2l-live-reset").click()


def test_a_slider_survives_a_run_of_the_books_code_but_not_of_an_edit(live: LivePage) -> None:
    page = live.page
    secant = cell(page, SECANT_CELL)
    explorable = secant.locator("figure[data-d2l-slider]")
    run_cell(page, secant)
    expect(explorable).to_have_count(1)
    expect(secant.get_by_role("slider")).to_be_enabled()
    expect(secant.locator("img[src^='blob:']")).to_have_count(0)
    run_all = page.locator("button.d2l-live-run-all")
    run_all.click()
    expect(run_all).to_be_enabled(timeout=START_MS)
    expect(explorable).to_have_count(1)
    expect(secant.get_by_role("slider")).to_be_enabled()
    # An edit draws its own figure in place of the frames, which no longer show its code.
    replace_code(
        page,
        secant,
        (secant.locator(".highlight code").text_content() or "").replace("h = 1\n", "h = 0.3\n"),
    )
    run_cell(page, secant)
    expect(secant.locator("figure img[src^='blob:']")).to_have_count(1)
    expect(explorable).to_have_count(0)
    secant.locator("button.d2l-live-reset").click()
    expect(explorable).to_have_count(1)


DRAW_TWO = "d2l.plt.figure(); d2l.plt.plot([1, 2]); d2l.plt.figure(); d2l.plt.plot([2, 1])\n"
FAILURES = {
    "mathtext": (DRAW_TWO + 'd2l.plt.xlabel("$x^$");', "无法画出第 2 张图：ValueError"),
    "display": (
        DRAW_TWO + "from matplotlib.artist import Artist\n"
        "class Bad(Artist):\n    def draw(self, renderer): raise RuntimeError('cannot draw')\n"
        "d2l.plt.gca().add_artist(Bad());",
        "无法画出第 2 张图：RuntimeError: cannot draw",
    ),
    "exit": ("import sys\nsys.exit(3)", "SystemExit: 3"),
    "recursion": (
        "import sys\nsys.setrecursionlimit(100_000)\ndef down(n): return down(n + 1)\ndown(0)",
        "RecursionError",
    ),
}


@pytest.mark.parametrize("case", FAILURES)
def test_a_failure_is_an_error_under_its_cell_and_python_answers_on(
    live: LivePage, case: str
) -> None:
    page = live.page
    code, error = FAILURES[case]
    target = last_cell(page)
    replace_code(page, target, code)
    run_cell(page, target)
    expect(target.locator(".d2l-live-error")).to_contain_text(error)
    expect(target.locator(".d2l-live-status")).to_have_text("出错")
    if case in {"mathtext", "display"}:  # the figure that could be drawn is still shown
        expect(target.locator("figure img[src^='blob:']")).to_have_count(1)
    replace_code(page, target, "print(len(d2l.plt.get_fignums()), f(2))")
    run_cell(page, target)
    expect(target.locator(".d2l-live-stdout")).to_have_text("0 4\n")  # figures were closed


def test_a_crash_and_a_dead_worker_are_said_and_python_restarts(live: LivePage) -> None:
    page = live.page
    target = last_cell(page)
    progress = page.locator(".d2l-live-progress")
    restart = page.get_by_role("button", name="重新启动 Python")
    # The interpreter itself ends: the worker lives on, but this Python answers no more.
    replace_code(page, target, "import os\nos._exit(1)")
    run_cell(page, target)
    expect(target.locator(".d2l-live-error")).to_contain_text("Python 崩溃了")
    expect(progress).to_contain_text("停止工作")
    expect(restart).to_be_visible()
    replace_code(page, target, "print(f(2))")
    run_cell(page, target)  # 运行 starts a new Python, which runs the cells above first
    expect(target.locator(".d2l-live-stdout")).to_have_text("4\n")
    expect(restart).to_be_hidden()
    # The worker itself ends, with no message to say so (as when the browser stops it).
    wait_ready(page)
    replace_code(page, target, "import js\njs.close()")
    run_cell(page, target)
    expect(progress).to_contain_text("停止工作", timeout=30_000)
    restart.click()
    wait_ready(page)
    replace_code(page, target, "print(f(3))")
    run_cell(page, target)
    expect(target.locator(".d2l-live-stdout")).to_have_text("15\n")
    target.locator("button.d2l-live-reset").click()


def test_buttons_say_what_they_show_look_disabled_and_axe_finds_nothing(live: LivePage) -> None:
    """Label in name (WCAG 2.5.3), the look of a disabled button, and axe over the live-code
    parts of the page with the editors open, in both colour schemes."""
    page = live.page
    buttons = page.locator("article .d2l-live-bar button, article .d2l-live-tools button")
    names = buttons.evaluate_all(
        "bs => bs.filter(b => !b.hidden).map(b => [b.textContent, b.getAttribute('aria-label')])"
    )
    assert len(names) > 20, names
    wrong = [(text, label) for text, label in names if label is not None and text not in label]
    assert wrong == [], wrong
    stop = page.locator(".d2l-live-bar button.d2l-live-stop")
    run_all = page.locator(".d2l-live-bar button.d2l-live-run-all")
    expect(stop).to_be_disabled()
    look = (
        "b => [getComputedStyle(b).cursor, getComputedStyle(b).color, getComputedStyle(b).opacity]"
    )
    ours = [[".d2l-live-bar"], [".d2l-live-editor"], [".d2l-live-tools"], [".d2l-live-outputs"]]
    for scheme in ("light", "dark"):
        if scheme == "dark":
            choose_dark(page)
        disabled, enabled = stop.evaluate(look), run_all.evaluate(look)
        assert disabled[0] == "not-allowed", (scheme, disabled)
        assert disabled[1:] != enabled[1:], (scheme, disabled, enabled)
        violations = Axe().run(page, context={"include": ours}).response["violations"]
        found = [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
        assert found == [], (scheme, found)


def test_kept_edits_that_no_cell_takes_back_are_removed(
    browser: Browser, livecode_site: LiveSite
) -> None:
    page, _, context = open_live_page(browser, livecode_site.server, "/derivatives/")
    try:
        table = cell(page, TABLE_CELL)
        book = (table.locator(".highlight code").text_content() or "").removesuffix("\n")
        prefix = "d2l-live:/derivatives/#"
        kept = {
            f"{prefix}{index_of(table)}": json.dumps({"book": book, "code": "print(1)"}),
            f"{prefix}999": '{"book": "x = 1", "code": "x = 2"}',  # no such cell
            f"{prefix}0": "{damaged",  # not JSON
            "d2l-live:/gradients/#0": '{"book": "x", "code": "y"}',  # another page's: kept
        }
        page.evaluate("kept => Object.assign(localStorage, kept)", kept)
        page.reload(wait_until="load")
        expect(table.locator(".cm-content")).to_have_text("print(1)")
        left = page.evaluate("() => Object.keys(localStorage).sort()")
        assert left == [f"{prefix}{index_of(table)}", "d2l-live:/gradients/#0"]
    finally:
        context.close()
