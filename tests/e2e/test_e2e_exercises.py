"""Checked exercises in a real Chromium on a 360 px phone: 检查 runs the reader's function
through the chapter's checks in Pyodide and shows the feedback under it.

What each answer gets is the chapter's and the checks' business (tests/site/test_exercise_checks
runs them in CPython); here: the button, the feedback shown and styled, and the layout on a
phone, with one Python. An answer kept across a reload, the first 检查 after it starting Python,
重置 and checking offline: test_e2e_offline, where Python starts from the cache."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from livecode_support import LiveSite, cell
from playwright.sync_api import Browser, BrowserContext, Locator, Page, ViewportSize, expect

from e2e_support import Traffic

#: Python's start, numpy, matplotlib and the cells above: generous for 2 busy cores.
FIRST_RUN_MS = 180_000
PHONE: ViewportSize = {"width": 360, "height": 740}
GRAD_F = "f(x) = 3x₁² + 5e^{x₂} 在 x 处的梯度"


def phone(browser: Browser, site: LiveSite) -> tuple[BrowserContext, Page, Traffic]:
    context = browser.new_context(
        viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True, color_scheme="light"
    )
    page = context.new_page()
    traffic = Traffic()
    traffic.record(context, page)
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
