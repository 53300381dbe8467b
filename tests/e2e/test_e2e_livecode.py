"""Live code in a real Chromium: real Pyodide, numpy and matplotlib, all from 127.0.0.1.

The site comes from ``livecode_site`` (see ``livecode_support``): the built site if it already
serves the d2l_helpers wheel (``config.extra["d2l_wheel"]``), otherwise a build of the real
site with a wheel made from this checkout. Cells are found by their code, not their position,
so the tests hold while the chapter's text changes. The tests that need only a ready Python
share one page (``live``); the others open their own, because what they check happens before
Python is ready or is its start.
"""

from __future__ import annotations

import re

from livecode_support import (
    RECORD_RUNS,
    SNAPSHOTS,
    LivePage,
    LiveSite,
    cell,
    open_live_page,
    python_starts,
    run_cell,
    runs,
    snapshot_sizes,
)
from playwright.sync_api import Browser, Locator, Page, expect

from e2e_support import choose_dark, eventually
from livecode_markup import boot_script

TABLE_CELL = "numerical limit"
IMPORT_CELL = "import d2l_helpers as d2l"
PLOT_CELL = "d2l.plot(x, [f(x), 2 * x - 3]"
DEFINE_F_CELL = "return 3 * x ** 2 - 4 * x"
#: Python's start, numpy, matplotlib and the first cells: generous for 2 busy cores.
FIRST_RUN_MS = 120_000


def replace_code(page: Page, target: Locator, code: str) -> None:
    """Select all of the cell's code and type ``code`` (one line: auto-indent stays out)."""
    target.locator(".cm-content").click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(code)


def test_reading_fetches_no_runtime_and_states_the_download(
    browser: Browser, livecode_site: LiveSite
) -> None:
    page, traffic, context = open_live_page(browser, livecode_site.server, "/derivatives/")
    try:
        bar = page.locator(".d2l-live-bar")
        expect(bar).to_contain_text("本站")
        assert re.search(r"约 \d+ MB", bar.inner_text()), bar.inner_text()
        page.wait_for_load_state("networkidle")
        fetched = [u for u in traffic.requests if "/assets/pyodide/" in u or "/livecode/" in u]
        boot = boot_script(livecode_site.site_dir / "derivatives" / "index.html")
        # A set: the offline worker asks again for what the page fetched (the cache answers).
        assert set(fetched) == {
            f"{livecode_site.server.origin}/{boot.relative_to(livecode_site.site_dir.resolve())}"
        }
    finally:
        context.close()


def test_edit_a_cell_and_run_it_with_the_keyboard(live: LivePage) -> None:
    page = live.page
    table = cell(page, TABLE_CELL)
    expect(table.locator(".d2l-output")).to_contain_text("h=0.10000, numerical limit=2.30000")
    table.locator(".cm-line", has_text="h = 0.1").click()
    page.keyboard.press("End")
    page.keyboard.press("Backspace")
    page.keyboard.type("2")
    page.keyboard.press("ControlOrMeta+Enter")
    # In the page's one Python, where the cells above it (f, numerical_lim) have run.
    output = table.locator(".d2l-live-stdout")
    expect(output).to_contain_text("h=0.20000, numerical limit=2.60000", timeout=FIRST_RUN_MS)
    expect(output).to_contain_text("h=0.00200, numerical limit=2.00600")
    expect(output).not_to_contain_text("h=0.10000")
    # Tab indents inside the editor; Escape then Tab leaves it for the cell's buttons.
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    expect(table.locator("button.d2l-live-run")).to_be_focused()
    # Shift+Enter runs the cell and moves to the next one, as in Jupyter.
    table.locator(".cm-content").focus()
    page.keyboard.press("Shift+Enter")
    index = table.evaluate("el => [...document.querySelectorAll('article .d2l-cell')].indexOf(el)")
    next_cell = page.locator("article .d2l-cell").nth(index + 1)
    expect(next_cell.locator(".cm-content")).to_be_focused()


def test_the_tangent_plot_draws_an_svg_figure(live: LivePage) -> None:
    page = live.page
    plot = cell(page, PLOT_CELL)
    run_cell(page, plot)
    image = plot.locator("figure.d2l-figure img[src^='blob:']")
    # What the reader sees under the cell, should the figure be missing.
    shown = plot.locator(".d2l-live-status, .d2l-live-outputs").all_inner_texts()
    assert image.count() == 1, shown
    expect(image).to_be_visible()
    # The page's policy allows no fetch of blob: URLs (connect-src 'self'), so the figure is
    # checked as the reader sees it: an image of the plot's size, drawn.
    size = image.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    assert size[0] > 200, size
    assert size[1] > 100, size
    # The trailing `;` keeps the Axes' repr out of the output, as in Jupyter.
    expect(plot.locator(".d2l-live-result")).to_have_count(0)


def test_an_error_is_a_short_message(live: LivePage) -> None:
    page = live.page
    target = cell(page, DEFINE_F_CELL)
    replace_code(page, target, "y = 1 / 0")
    target.locator("button.d2l-live-run").click()
    error = target.locator(".d2l-live-error")
    expect(error).to_have_text(
        "第 1 行：y = 1 / 0\nZeroDivisionError: division by zero", timeout=FIRST_RUN_MS
    )


def test_reset_restores_the_code_and_the_build_outputs(live: LivePage) -> None:
    page = live.page
    table = cell(page, TABLE_CELL)
    original = table.locator(".highlight code").text_content() or ""
    replace_code(page, table, "print('changed')")
    table.locator("button.d2l-live-run").click()
    expect(table.locator(".d2l-live-stdout")).to_have_text("changed\n", timeout=FIRST_RUN_MS)
    table.locator("button.d2l-live-reset").click()
    assert table.locator(".cm-content").inner_text() == original.rstrip("\n")
    expect(table.locator(".d2l-live-outputs .d2l-output")).to_contain_text(
        "h=0.10000, numerical limit=2.30000"
    )
    expect(table.locator(".d2l-live-stdout")).to_have_count(0)


def restart_python(page: Page) -> None:
    """Run a runaway loop and press 停止: the page ends that Python and starts a new one."""
    target = cell(page, DEFINE_F_CELL)
    replace_code(page, target, "while True: pass")
    target.locator("button.d2l-live-run").click()
    expect(target.locator(".d2l-live-status")).to_have_text("正在运行……", timeout=FIRST_RUN_MS)
    target.locator("button.d2l-live-stop").click()
    expect(target.locator(".d2l-live-stderr")).to_contain_text("变量都丢失了")
    target.locator("button.d2l-live-reset").click()


def run_table(page: Page) -> None:
    """Run the table cell: in a new Python, after the cells above it."""
    table = cell(page, TABLE_CELL)
    run_cell(page, table)
    expect(table.locator(".d2l-live-stdout")).to_contain_text("numerical limit=2.30000")


def random_number(page: Page) -> str:
    """What ``random.random()`` gives in the page's Python now."""
    target = cell(page, DEFINE_F_CELL)
    replace_code(page, target, "import random; print(random.random())")
    run_cell(page, target)
    number = target.locator(".d2l-live-stdout").inner_text()
    target.locator("button.d2l-live-reset").click()
    return number


def test_stop_ends_a_runaway_loop_and_python_restarts(live: LivePage) -> None:
    page = live.page
    before = random_number(page)
    restart_python(page)
    run_table(page)
    # The page's first Python started the long way and kept a snapshot; this one restored it,
    # and its `random` does not repeat the numbers of the Python the snapshot was taken from.
    starts = python_starts(page)
    assert (starts[0], starts[-1]) == ("loadPyodide", "loadPyodide (snapshot)"), starts
    assert random_number(page) != before


def test_a_damaged_snapshot_is_replaced_and_python_starts_the_long_way(live: LivePage) -> None:
    page = live.page
    (size,) = snapshot_sizes(page)
    # One byte of the kept snapshot changed: Pyodide would restore it without complaint, a
    # broken Python (a cut one would make it wait forever); the snapshot's SHA-256 catches both.
    page.evaluate(
        """async (name) => {
          const cache = await caches.open(name);
          const [key] = await cache.keys();
          const kept = await cache.match(key);
          const bytes = new Uint8Array(await kept.arrayBuffer());
          bytes[bytes.length >> 1] ^= 1;
          await cache.put(key, new Response(bytes, { headers: kept.headers }));
        }""",
        SNAPSHOTS,
    )
    restart_python(page)
    run_table(page)
    assert python_starts(page)[-1] == "loadPyodide"
    # The long way kept a good snapshot again (the same size: the same Python).
    eventually(
        page,
        "async ([name, size]) => { const cache = await caches.open(name);"
        " const keys = await cache.keys(); return keys.length === 1"
        " && (await (await cache.match(keys[0])).arrayBuffer()).byteLength === size }",
        [SNAPSHOTS, size],
    )


def test_run_all_runs_every_cell_from_the_top(live: LivePage) -> None:
    page = live.page
    cells = page.locator("article .d2l-cell")
    for reset in page.locator("button.d2l-live-reset").all():  # the book's code in every cell
        reset.click()
    # A mark in each cell's outputs (a run clears them), and the order in which cells start.
    page.evaluate(
        """() => {
          window.__started = [];
          const cells = [...document.querySelectorAll("article .d2l-cell")];
          cells.forEach((cell, i) => {
            cell.querySelector(".d2l-live-outputs").append(Object.assign(
              document.createElement("i"), {className: "not-run"}));
            new MutationObserver(() => {
              if (cell.querySelector(".d2l-live-status").textContent === "正在运行……")
                window.__started.push(i);
            }).observe(cell.querySelector(".d2l-live-status"), {childList: true});
          });
        }"""
    )
    run_all = page.locator("button.d2l-live-run-all")
    run_all.click()
    expect(run_all).to_be_disabled()
    expect(run_all).to_be_enabled(timeout=FIRST_RUN_MS)
    assert page.evaluate("window.__started") == list(range(cells.count()))
    expect(page.locator("article .d2l-cell .not-run")).to_have_count(0)
    expect(page.locator("article .d2l-cell .d2l-live-error")).to_have_count(0)
    expect(cell(page, TABLE_CELL).locator(".d2l-live-stdout")).to_contain_text(
        "h=0.10000, numerical limit=2.30000"
    )


def storage_keys(page: Page) -> dict[str, str]:
    keys: dict[str, str] = page.evaluate("() => ({...localStorage})")
    return keys


def book_code(target: Locator) -> str:
    return (target.locator(".highlight code").text_content() or "").removesuffix("\n")


def test_edits_survive_a_reload_and_reset_forgets_them(
    browser: Browser, livecode_site: LiveSite
) -> None:
    page, traffic, context = open_live_page(browser, livecode_site.server, "/derivatives/")
    try:
        page.locator("button.d2l-live-start").click()
        table = cell(page, TABLE_CELL)
        replace_code(page, table, "print('kept')")
        page.reload(wait_until="load")
        reloaded = len(traffic.requests)
        # The editors come back without a click, with the edit in its cell, and Python waits.
        table = cell(page, TABLE_CELL)
        expect(table.locator(".cm-content")).to_have_text("print('kept')")
        expect(table.locator(".d2l-live-status")).to_have_text("已恢复上次的修改")
        expect(page.locator(".d2l-live-progress")).to_contain_text("恢复你上次在本页修改的 1 个")
        expect(page.locator(".cm-content", has_text="print('kept')")).to_have_count(1)
        page.wait_for_load_state("networkidle")
        assert [u for u in traffic.requests[reloaded:] if "/assets/pyodide/" in u] == []
        # 重置: the book's code, and nothing kept for the next visit.
        table.locator("button.d2l-live-reset").click()
        assert table.locator(".cm-content").inner_text() == book_code(table)
        assert storage_keys(page) == {}
        page.reload(wait_until="load")
        expect(page.locator("button.d2l-live-start")).to_be_enabled()
        page.wait_for_load_state("networkidle")
        expect(page.locator(".d2l-live-editor")).to_have_count(0)
    finally:
        context.close()


def test_a_changed_chapter_restores_no_edit_into_another_cell(
    browser: Browser, livecode_site: LiveSite
) -> None:
    """Edits kept by an older version of the chapter: one for a cell whose code has changed
    since, one made where another cell of today's chapter now stands."""
    page, _, context = open_live_page(browser, livecode_site.server, "/derivatives/")
    try:
        cells = page.locator("article .d2l-cell")
        texts = [t.removesuffix("\n") for t in cells.locator(".highlight code").all_text_contents()]
        table = next(i for i, text in enumerate(texts) if TABLE_CELL in text)
        kept = {
            # the table cell's code, kept at the position of the cell above it
            f"d2l-live:/derivatives/#{table - 1}": {"book": texts[table], "code": "print('moved')"},
            # the table cell's position, with code the book no longer has there
            f"d2l-live:/derivatives/#{table}": {"book": "h = 0.1", "code": "print('stale')"},
        }
        page.evaluate(
            "kept => { for (const [k, v] of Object.entries(kept)) localStorage[k] = JSON.stringify(v) }",
            kept,
        )
        page.reload(wait_until="load")
        expect(page.locator(".d2l-live-progress")).to_contain_text("没有恢复")
        contents = page.locator(".cm-content")
        expect(contents).to_have_count(len(texts))
        for index in (table - 1, table):
            assert contents.nth(index).inner_text() == texts[index]
        expect(page.locator(".d2l-live-status", has_text="已恢复")).to_have_count(0)
        assert storage_keys(page) == {}  # what no cell can take back is dropped
    finally:
        context.close()


def test_no_request_left_the_site(live: LivePage, livecode_site: LiveSite) -> None:
    assert live.traffic.problems(livecode_site.server.host) == {}


def test_editors_fit_a_phone_and_follow_the_scheme(
    browser: Browser, livecode_site: LiveSite
) -> None:
    page, _, context = open_live_page(browser, livecode_site.server, "/derivatives/", width=375)
    try:
        page.locator("button.d2l-live-start").tap()
        editor = page.locator(".d2l-live-editor").first
        expect(editor).to_be_visible()
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
        run = page.locator("button.d2l-live-run").first
        box = run.bounding_box()
        assert box is not None
        assert box["height"] >= 40, box
        for scheme in ("light", "dark"):
            if scheme == "dark":
                choose_dark(page)
            colours = editor.evaluate(
                """el => [getComputedStyle(el).backgroundColor,
                          getComputedStyle(el.closest('article').querySelector('.highlight code'))
                            .backgroundColor]"""
            )
            assert colours[0] == colours[1], f"{scheme}: the editor's background is not the code's"
    finally:
        context.close()


def test_a_runtime_that_cannot_load_says_so_and_can_be_retried(
    browser: Browser, livecode_site: LiveSite
) -> None:
    """The connection drops while the interpreter downloads; 运行 again starts Python anew.
    Its first run, the cell that imports matplotlib, shows nothing; a warning of the reader's
    own code shows."""
    page, _, context = open_live_page(
        browser, livecode_site.server, "/derivatives/", init_script=RECORD_RUNS
    )
    try:
        context.route("**/pyodide.asm.wasm", lambda route: route.abort())
        page.locator("button.d2l-live-start").click()
        table = cell(page, TABLE_CELL)
        table.locator("button.d2l-live-run").click()
        progress = page.locator(".d2l-live-progress")
        expect(progress).to_contain_text("浏览器中的 Python 无法运行", timeout=FIRST_RUN_MS)
        expect(progress).to_contain_text("重试")
        expect(table.locator(".d2l-live-status")).to_have_text("")
        context.unroute("**/pyodide.asm.wasm")
        first = cell(page, IMPORT_CELL)
        run_cell(page, first)
        index = first.evaluate(
            "el => [...document.querySelectorAll('article .d2l-cell')].indexOf(el)"
        )
        assert runs(page)[:1] == [index], "the import cell was not the first to run"
        expect(first.locator(".d2l-live-status")).to_have_text("")
        expect(first.locator(".d2l-live-stderr")).to_have_count(0)
        table.locator("button.d2l-live-run").click()
        expect(table.locator(".d2l-live-stdout")).to_contain_text(
            "numerical limit=2.30000", timeout=FIRST_RUN_MS
        )
        last = page.locator("article .d2l-cell").last
        replace_code(page, last, "import warnings; warnings.warn('小心')")
        run_cell(page, last)
        expect(last.locator(".d2l-live-stderr")).to_contain_text("UserWarning: 小心")
    finally:
        context.close()
