"""d2l_helpers.exercises: what a reader's answer gets, and the author's mistakes it refuses."""

from __future__ import annotations

import numpy as np
import pytest

from d2l_helpers.exercises import Answer, CheckError, Wrong, exercise


@exercise("练习 9")
def check_double(double: Answer) -> str:
    got = double(3.0, shape=())
    if got != 6:
        raise Wrong(f"double(3) 是 {got:g}，应为 6。")
    return "在 x = 3 处与 2x 一致。"


def test_feedback_for_a_wrong_a_raising_and_a_shapeless_answer() -> None:
    assert repr(check_double.feedback(lambda x: x + 2)) == "还不对：double(3) 是 5，应为 6。"
    raised = repr(check_double.feedback(lambda x: 1 / 0))
    assert raised.startswith("运行出错：计算 double(3) 时，")
    assert raised.endswith("出错：ZeroDivisionError: division by zero")
    shaped = repr(check_double.feedback(lambda x: np.array([x, x])))
    assert shaped == "还不对：double(3) 返回了形状为 (2,) 的数组，应为一个数。"
    assert repr(check_double.feedback(3)) == "还不对：double 应当是一个函数，现在是 3。"


def test_the_author_proves_the_check_can_fail_and_pass() -> None:
    with pytest.raises(CheckError, match=r"至少用 \.wrong"):
        check_double(lambda x: 2 * x)
    with pytest.raises(CheckError, match="让作者准备的错误答案通过了"):
        check_double.wrong(lambda x: 2 * x, "应为 6")
    with pytest.raises(CheckError, match="其中没有“应为 7”"):
        check_double.wrong(lambda x: x + 2, "应为 7")
    with pytest.raises(CheckError, match="反馈中应有的话（现在是空的）"):
        check_double.wrong(lambda x: x + 2, " ")
    with pytest.raises(CheckError, match="参考解答没有通过检查：还不对"):
        check_double.solution(lambda x: x * x)
    check_double.wrong(lambda x: x + 2, "应为 6")
    assert check_double(lambda x: 2 * x).passed
    assert check_double.solution(lambda x: 2 * x).detail == "在 x = 3 处与 2x 一致。"


def test_a_check_must_take_exactly_the_readers_function() -> None:
    def two(a: Answer, b: Answer) -> str:
        return ""

    with pytest.raises(CheckError, match="恰好有一个参数（读者要完成的函数），现在有 2 个"):
        exercise("练习 9")(two)  # type: ignore[arg-type]
