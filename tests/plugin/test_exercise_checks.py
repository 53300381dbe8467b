"""What 检查 answers on the exercises page, run as the browser runs it: the chapter's own cells in
the live-code kernel (in CPython here; the browser tests check the button in Pyodide).

检查 runs the reader's scaffold cell, then the check cell right after it; the check's result is
the feedback the page shows."""

from __future__ import annotations

import itertools
import runpy
from collections.abc import Callable
from pathlib import Path

import jupytext
import pytest

import mkdocs_d2l_site.livecode
from mkdocs_d2l_site.exercises import CHECK_TAG, EXERCISE_TAG

from site_pages import ROOT

KERNEL_PY = Path(mkdocs_d2l_site.livecode.__file__).with_name("static") / "kernel.py"
CHAPTER = ROOT / "docs" / "exercises.md"
#: ``check(name, answer=None)``: the feedback 检查 shows for the scaffold defining ``name``.
Check = Callable[..., str]


@pytest.fixture(scope="module")
def check() -> Check:
    """``check(name, answer)``: the feedback 检查 shows for the scaffold defining ``name``."""
    cells = [c for c in jupytext.read(CHAPTER).cells if c.cell_type == "code"]
    kernel = runpy.run_path(str(KERNEL_PY))["Kernel"]()

    def drop(kind: str, text: str) -> None:
        pass

    kernel.run(cells[0].source, drop)  # the chapter's imports
    checks = {}
    for scaffold, after in itertools.pairwise(cells):
        if EXERCISE_TAG in scaffold.metadata.get("tags", []):
            assert CHECK_TAG in after.metadata["tags"]
            name = scaffold.source.split("(")[0].removeprefix("def ")
            checks[name] = (scaffold.source, after.source)
            kernel.run(scaffold.source, drop)  # as a page that ran from the top
            kernel.run(after.source, drop)

    def run(name: str, answer: str | None = None) -> str:
        scaffold, check_cell = checks[name]
        results: list[tuple[str, str]] = []
        kernel.run(answer or scaffold, lambda kind, text: results.append((kind, text)))
        kernel.run(check_cell, lambda kind, text: results.append((kind, text)))
        shown = [text for kind, text in results if kind in ("result", "error")]
        assert len(shown) == 1, results
        return shown[0]

    return run


def test_each_scaffold_as_written_is_unfinished(check: Check) -> None:
    for name in ("tangent", "grad_f", "grad_norm", "grad_u"):
        assert check(name) == f"还没有作答：把 {name} 函数体中的 ... 换成你的代码，再检查一次。"


def test_a_wrong_gradient_gets_the_component_the_formula_and_why(check: Check) -> None:
    answer = "def grad_f(x):\n    return np.array([6 * x[0], 5 * x[1]])"
    assert check("grad_f", answer) == (
        "还不对：在 x = [1.5, −0.5] 处，第 2 个分量是 −2.5，应为 5e^{x₂} ≈ 3.033："
        "对 x₂ 求偏导时 e^{x₂} 的导数是它自己。"
    )


def test_a_raising_answer_gets_its_line(check: Check) -> None:
    answer = "def grad_f(x):\n    y = x[2]\n    return y"
    assert check("grad_f", answer) == (
        "运行出错：计算 grad_f([1.5, −0.5]) 时，第 2 行 y = x[2] 出错："
        "IndexError: index 2 is out of bounds for axis 0 with size 2"
    )


def test_a_wrong_shape_and_a_missing_return_are_named(check: Check) -> None:
    scalar = "def grad_f(x):\n    return 6 * x[0] + 5 * np.exp(x[1])"
    assert check("grad_f", scalar) == (
        "还不对：grad_f([1.5, −0.5]) 返回了一个数，应为形状为 (2,) 的数组。"
    )
    no_return = "def grad_f(x):\n    g = np.array([6 * x[0], 5 * np.exp(x[1])])"
    assert "没有返回值（得到的是 None）：是不是漏写了 return？" in check("grad_f", no_return)


def test_the_norm_at_zero_must_be_said_to_have_no_gradient(check: Check) -> None:
    naive = "def grad_norm(x):\n    return x / np.linalg.norm(x)"
    feedback = check("grad_norm", naive)
    assert feedback.startswith("还不对：在 x = 0 处返回了 [nan, nan, nan]")
    assert "右差商是 1，左差商是 −1" in feedback


def test_a_missing_path_of_the_chain_rule_is_named(check: Check) -> None:
    answer = "def grad_u(a, b):\n    return np.array([a * b + (a + b) * b, 1.0])"
    assert "少了经过 z 的一项 ∂u/∂z · ∂z/∂a" in check("grad_u", answer)


def test_right_answers_pass_and_say_what_was_checked(check: Check) -> None:
    tangent = check("tangent", "def tangent(x):\n    return 4 * x - 4")
    assert tangent.startswith("通过：切线过切点 (1, 0)")
    norm = (
        "def grad_norm(x):\n    if not x.any():\n        raise ValueError('不可微')\n"
        "    return x / np.linalg.norm(x)"
    )
    assert check("grad_norm", norm).startswith("通过：在三个非零的点上")
