"""Checked exercises in a real Chromium on a 360 px phone: 检查 runs the reader's function
through the chapter's checks in Pyodide and shows the feedback under it.

What each answer gets is the chapter's and the checks' business (tests/site/test_exercise_checks
runs them in CPython); here: the button, the feedback shown and styled, and the layout on a
phone; last, offline (design/offline.md): the reader goes offline, and an answer typed before
comes back after a reload, its first 检查 starts Python from the cache, 重置 brings the scaffold
back, the chapter read before opens with its figure. Python starts twice: online, then offline."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from livecode_support import LiveSite, cell
from playwright.sync_api import Browser, BrowserContext, Error, Locator, Page, ViewportSize, expect
from test_e2e_offline import drawn, go_offline

from e2e_support import Traffic

#: Python's start, numpy, matplotlib and the cells above: generous for 2 busy cores.
FIRST_RUN_MS = 180_000
PHONE: ViewportSize = {"width": 360, "height": 740}
GRAD_F = "f(x) = 3x₁² + 5e^{x₂} 在 x 处的梯度"
TANGENT = "f(x) = x³ − 1/x 在 x = 1 处的切线"


def phone(browser: Browser, site: LiveSite) -> tuple[BrowserContext, Page, Traffic]:
    """A reader on a phone who has read 2.4.1 (the site's offline worker now controls the site's
    pages, a figure seen) and then opened the exercises."""
    context = browser.new_context(
        viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True, color_scheme="light"
    )
    page = context.new_page()
    traffic = Traffic()
    traffic.record(context, page)
    page.goto(site.server.url("/derivatives/"), wait_until="load")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30_000)
    assert drawn(page.locator("article img").first)
    page.goto(site.server.url("/exercises/"), wait_until="load")
    return context, page, traffic


def answer(page: Page, scaffold: Locator, code: str) -> None:
    """Replace the scaffold by one line of code, then press 检查."""
    scaffold.locator(".cm-content").click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(code)
    scaffold.locator("button.d2l-live-check").click()


def feedback(scaffold: Locator) -> Locator:
    return scaffold.locator(".d2l-exercise-feedback")


@pytest.fixture(scope="module")
def exercises(browser: Browser, livecode_site: LiveSite) -> Iterator[Page]:
    context, page, traffic = phone(browser, livecode_site)
    page.wait_for_load_state("networkidle")
    assert [u for u in traffic.requests if "/assets/pyodide/" in u] == []  # nothing yet
    page.locator("button.d2l-live-start").click()
    yield page
    context.close()


def check(scaffold: Locator, expected: str) -> None:
    """Press the exercise's 检查 and wait for its feedback."""
    scaffold.locator("button.d2l-live-check").click()
    expect(feedback(scaffold)).to_contain_text(expected, timeout=FIRST_RUN_MS)


def test_the_scaffold_as_written_is_unfinished(exercises: Page) -> None:
    # Once the page's cells have run in the background, the solution below has defined its own
    # grad_f: 检查 must check the scaffold's, not that one.
    progress = exercises.locator(".d2l-live-progress")
    expect(progress).to_have_text("Python 已就绪。", timeout=FIRST_RUN_MS)
    scaffold = cell(exercises, GRAD_F)
    scaffold.locator("button.d2l-live-check").click()
    expect(feedback(scaffold)).to_have_text(
        "还没有作答：把 grad_f 函数体中的 ... 换成你的代码，再检查一次。", timeout=FIRST_RUN_MS
    )


def test_a_wrong_answer_gets_feedback_and_no_pass(exercises: Page) -> None:
    scaffold = cell(exercises, GRAD_F)
    answer(exercises, scaffold, "def grad_f(x): return np.array([6 * x[0], 5 * x[1]])")
    shown = feedback(scaffold)
    expect(shown).to_contain_text("第 2 个分量是 −2.5，应为 5e^{x₂} ≈ 3.033", timeout=FIRST_RUN_MS)
    expect(shown).to_have_class("d2l-exercise-feedback d2l-exercise-wrong")
    expect(shown).not_to_contain_text("通过")


def test_a_raising_answer_gets_its_line(exercises: Page) -> None:
    scaffold = cell(exercises, GRAD_F)
    answer(exercises, scaffold, "def grad_f(x): return x[2]")
    expect(feedback(scaffold)).to_contain_text(
        "运行出错：计算 grad_f([1.5, −0.5]) 时，第 1 行 def grad_f(x): return x[2] 出错：IndexError",
        timeout=FIRST_RUN_MS,
    )


def test_a_right_answer_passes(exercises: Page) -> None:
    scaffold = cell(exercises, GRAD_F)
    answer(exercises, scaffold, "def grad_f(x): return np.array([6 * x[0], 5 * np.exp(x[1])])")
    shown = feedback(scaffold)
    expect(shown).to_contain_text(
        "通过：在 x = [1.5, −0.5]、[0, 0]、[−2, 1] 处", timeout=FIRST_RUN_MS
    )
    expect(shown).to_have_class("d2l-exercise-feedback d2l-exercise-passed")


def test_the_button_and_the_feedback_fit_a_phone(exercises: Page) -> None:
    scaffold = cell(exercises, GRAD_F)
    button = scaffold.locator("button.d2l-live-check").bounding_box()
    shown = feedback(scaffold).bounding_box()
    assert button is not None
    assert shown is not None
    assert button["height"] >= 40, button  # a finger's size
    assert button["width"] >= 44, button
    assert shown["x"] >= 0, shown
    assert shown["x"] + shown["width"] <= PHONE["width"], shown
    width = exercises.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways: {width} px"


def test_offline_an_answer_comes_back_and_checking_starts_python_from_the_cache(
    exercises: Page, livecode_site: LiveSite
) -> None:
    """After the checks above (Python ran once online): the runtime, the editor, numpy and
    matplotlib all come from the worker's cache; a page never opened is not there."""
    page, server = exercises, livecode_site.server
    tangent = cell(page, TANGENT)
    tangent.locator(".cm-content").click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("def tangent(x): return 4 * x - 4")
    go_offline(page)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.reload(wait_until="load")
    tangent = cell(page, TANGENT)
    expect(tangent.locator(".cm-content")).to_have_text("def tangent(x): return 4 * x - 4")
    page.wait_for_load_state("networkidle")
    assert [u for u in requested if "/assets/pyodide/" in u] == []  # Python waits for 检查
    check(tangent, "通过：切线过切点 (1, 0)")
    tangent.locator("button.d2l-live-reset").click()
    expect(tangent.locator(".cm-content")).to_contain_text("...")
    expect(feedback(tangent)).to_be_hidden()
    page.goto(server.url("/derivatives/"), wait_until="load")
    expect(page.locator("h1")).to_contain_text("导数")
    assert drawn(page.locator("article img").first)
    with pytest.raises(Error):  # a page never opened is not there
        page.goto(server.url("/gradients/"))
