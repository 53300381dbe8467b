"""错误输入的规格表：每一行是一次通过公开 API 的调用、它引发的异常和信息。

本包自己检查的输入给出中文信息，并且在改动任何东西之前就失败；numpy、matplotlib 和 Python
已经说得清楚的错误留给它们，表中也列出，证明它们确实清楚。每条信息只在这里断言一次。
"""

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from matplotlib import pyplot as plt

import d2l_helpers as d2l

TWO_CURVES = {"X": [0, 1], "Y": [[1, 2], [3, 4]]}
NOT_CALLABLE: Any = 3


def f(x: Any) -> Any:
    return 3 * x**2 - 4 * x


def plot(**kwargs: Any) -> Callable[[], object]:
    return lambda: d2l.plot(**{**TWO_CURVES, **kwargs})


# (调用, 异常类型, 信息中必须出现的文字)
OURS = [
    pytest.param(
        plot(legend=["a", "b", "c"]),
        ValueError,
        "legend 应是每条曲线一个标签的列表（共 2 条）",
        id="legend-count",
    ),
    pytest.param(plot(legend="f(x)"), ValueError, "收到 'f(x)'", id="legend-str"),
    pytest.param(
        plot(fmts="r--"),
        ValueError,
        "fmts 应是非空的格式列表，例如 ['-', 'm--']，收到 'r--'",
        id="fmts-str",
    ),
    pytest.param(plot(fmts=[]), ValueError, "收到 []", id="fmts-empty"),
    pytest.param(plot(xscale="loga"), ValueError, "xscale、yscale 应是 [", id="scale"),
    pytest.param(plot(axes="ax"), TypeError, "axes 应是 matplotlib 的 Axes，收到 str", id="axes"),
    pytest.param(plot(Y=[[1, 2], [3]]), ValueError, "X 与 Y 的曲线条数或点数对不上", id="lengths"),
    pytest.param(
        plot(X=[[0, 1]] * 3),
        ValueError,
        "X 的形状 [(2,), (2,), (2,)]，Y 的形状 [(2,), (2,)]",
        id="groups",
    ),
    pytest.param(plot(X=[], Y=None), ValueError, "（或曲线没有点）", id="empty"),
    pytest.param(plot(X=np.zeros((2, 2, 2)), Y=None), ValueError, "Y 的形状 [(2, 2, 2)]", id="3-d"),
]
LEFT_TO_LIBRARIES = [
    pytest.param(plot(Y=["a", "b"]), ValueError, "could not convert string to float: 'a'", id="numpy-strings"),
    pytest.param(plot(fmts=["-", "zz"]), ValueError, "'zz' is not a valid format string", id="mpl-fmt"),
    pytest.param(plot(xlim=(math.nan, 1)), ValueError, "Axis limits cannot be NaN or Inf", id="mpl-xlim"),
    pytest.param(plot(figsize=(3,)), ValueError, "Expected 2 values", id="mpl-figsize"),
    pytest.param(lambda: d2l.numerical_lim(NOT_CALLABLE, 1, 0.1), TypeError, "'int' object is not callable", id="python-f"),
    pytest.param(lambda: d2l.numerical_lim(f, 1, 0), ZeroDivisionError, "division by zero", id="python-h0"),
]  # fmt: skip
OTHERS = [
    pytest.param(lambda: d2l.set_axes(plt.gca(), "x", "y", None, None, "linear", "linear", "abc"), TypeError, "legend 应是标签的列表，例如 ['abc']", id="set_axes-legend"),
    pytest.param(lambda: d2l.numerical_gradient(f, [1.0], h=0), ValueError, "步长 h 应是正数，但收到了 0", id="gradient-h"),
    pytest.param(lambda: d2l.inscribed_polygon_area(2), ValueError, "正多边形至少有 3 条边，收到 n=2", id="area-n"),
    pytest.param(lambda: d2l.draw_inscribed_polygon(plt.gca(), 2), ValueError, "至少有 3 条边", id="draw-n"),
]  # fmt: skip


@pytest.mark.parametrize(("call", "error", "message"), OURS + LEFT_TO_LIBRARIES + OTHERS)
def test_bad_input_message(call: Callable[[], object], error: type, message: str) -> None:
    with pytest.raises(error) as excinfo:
        call()
    assert message in str(excinfo.value)


@pytest.mark.parametrize(("call", "error", "message"), OURS)
def test_a_failed_plot_changes_nothing(
    call: Callable[[], object], error: type, message: str
) -> None:
    plt.rcParams["figure.figsize"] = (6, 4)
    with pytest.raises(error):
        call()
    assert plt.get_fignums() == []  # no figure was created, nothing was drawn
    assert list(plt.rcParams["figure.figsize"]) == [6.0, 4.0]


def test_a_step_swamped_by_round_off_warns() -> None:
    with pytest.warns(UserWarning, match=r"h=1e-20 太小：浮点数的舍入误差会让差商失去意义"):
        d2l.numerical_lim(f, 1, 1e-20)
