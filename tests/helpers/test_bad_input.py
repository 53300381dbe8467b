"""错误输入的规格表：学生常犯的错误，每一行是一次通过公开 API 的调用和它应得的结果。

结果只有三种：一行说明的异常（本包自己检查的给出中文信息；numpy、matplotlib 和 Python 已经
说得清楚的留给它们，也列在表中，证明它们确实清楚）、一条警告，或文档写明的行为。没有哪一行
是“静默地得到错误结果”。每个引发异常的调用都不得改动调用者的状态：给定的坐标轴、当前图、
rcParams["figure.figsize"]。每条信息只在这里断言一次。
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import matplotlib
import numpy as np
import pytest
from matplotlib import pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

import d2l_helpers as d2l

nan, inf = math.nan, math.inf
x = np.arange(0, 3, 0.1)
bad: Any = d2l  # 表中的调用故意违背类型注解：学生的笔记本里没有类型检查


def f(x: Any) -> Any:
    return 3 * x**2 - 4 * x


def no_return(x: Any) -> None:  # 忘了写 return
    3 * x**2


Call = Callable[[Axes], object]  # 参数是调用者已经画好的坐标轴


@dataclass(frozen=True)
class Raises:
    error: type[Exception]
    message: str  # 信息中必须出现的文字


@dataclass(frozen=True)
class Warns:
    category: type[Warning]
    message: str


@dataclass(frozen=True)
class Documented:
    check: Callable[[Any], None]  # 拿到返回值，断言 api.md 写明的行为


def plot(*args: Any, **kwargs: Any) -> Call:
    """一次 d2l.plot 调用；axes="AX" 表示画在调用者的坐标轴上。"""

    def call(ax: Axes) -> object:
        if isinstance(kwargs.get("axes"), str) and kwargs["axes"] == "AX":
            return d2l.plot(*args, **{**kwargs, "axes": ax})
        return d2l.plot(*args, **kwargs)

    return call


def gap_at(index: int) -> Documented:
    def check(ax: Axes) -> None:
        assert np.isnan(np.asarray(ax.get_lines()[0].get_ydata(), dtype=float)[index])

    return Documented(check)


def styles(*expected: str) -> Documented:
    def check(ax: Axes) -> None:
        assert [line.get_linestyle() for line in ax.get_lines()] == list(expected)

    return Documented(check)


def no_legend(ax: Axes) -> None:
    assert ax.get_legend() is None


def inverted_x(ax: Axes) -> None:
    assert ax.xaxis_inverted()


Y2 = [f(x), 2 * x - 3]
SHAPES = "X、Y 应给出点数相同的非空一维曲线（X 只有一条时为各曲线共用）："
LEGEND = "legend 应是每条曲线一个标签的列表（共 2 条），收到 "
FMTS = "fmts 应是非空的格式字符串列表，例如 ['-', 'm--']，收到 "
FIGSIZE = "figsize 应是 (宽, 高) 两个有限的正数，单位英寸，收到 "
SIDES = "n 应是不小于 3 的整数（正多边形的边数），收到 "
RADIUS = "radius 应是有限的正数（圆的半径），收到 "
STEP = "步长 h 应是有限的正数，收到 "

# 本包自己检查、给出中文信息的错误
OURS = [
    pytest.param(plot(5), Raises(ValueError, SHAPES + "X 的形状 [(1,)]，Y 的形状 [()]"), id="plot-a-number"),
    pytest.param(plot(None), Raises(ValueError, "Y 的形状 [()]"), id="plot-None"),
    pytest.param(plot([]), Raises(ValueError, "Y 的形状 [(0,)]"), id="plot-empty"),
    pytest.param(plot(x, []), Raises(ValueError, "X 的形状 [(30,)]，Y 的形状 [(0,)]"), id="plot-empty-Y"),
    pytest.param(plot(x, [1, 2, 3]), Raises(ValueError, "Y 的形状 [(3,)]"), id="plot-lengths"),
    pytest.param(plot(x, [f(x), x[:5]]), Raises(ValueError, "Y 的形状 [(30,), (5,)]"), id="plot-ragged-Y"),
    pytest.param(plot(np.zeros((2, 2, 2))), Raises(ValueError, "Y 的形状 [(2, 2, 2)]"), id="plot-3-d"),
    pytest.param(plot(x, f(x).reshape(-1, 1)), Raises(ValueError, "Y 的形状 [(1,), (1,)"), id="plot-column-Y"),
    pytest.param(plot([[0, 1]] * 3, [[1, 2], [3, 4]]), Raises(ValueError, "X 的形状 [(2,), (2,), (2,)]，Y 的形状 [(2,), (2,)]"), id="plot-3-X-2-Y"),
    pytest.param(plot(x, Y2, legend="f(x)"), Raises(ValueError, LEGEND + "'f(x)'"), id="legend-str"),
    pytest.param(plot(x, Y2, "x", "f(x)", "f(x)"), Raises(ValueError, LEGEND + "'f(x)'"), id="legend-str-positional"),
    pytest.param(plot(x, Y2, legend=["a"]), Raises(ValueError, LEGEND + "['a']"), id="legend-too-few"),
    pytest.param(plot(x, Y2, legend=["a", "b", "c"]), Raises(ValueError, LEGEND + "['a', 'b', 'c']"), id="legend-too-many"),
    pytest.param(plot(x, Y2, legend=5), Raises(ValueError, LEGEND + "5"), id="legend-number"),
    pytest.param(plot(x, Y2, fmts="r--"), Raises(ValueError, FMTS + "'r--'"), id="fmts-str"),
    pytest.param(plot(x, Y2, fmts=[]), Raises(ValueError, FMTS + "[]"), id="fmts-empty"),
    pytest.param(plot(x, Y2, fmts=None), Raises(ValueError, FMTS + "None"), id="fmts-None"),
    pytest.param(plot(x, Y2, fmts=5), Raises(ValueError, FMTS + "5"), id="fmts-number"),
    pytest.param(plot(x, Y2, fmts=["-", 5]), Raises(ValueError, FMTS + "['-', 5]"), id="fmts-number-item"),
    pytest.param(plot(x, f(x), xlim="abc"), Raises(ValueError, "xlim 应是 (下限, 上限) 两个数或 None，收到 'abc'"), id="xlim-str"),
    pytest.param(plot(x, f(x), xlim=5), Raises(ValueError, "收到 5"), id="xlim-number"),
    pytest.param(plot(x, f(x), xlim=(1,)), Raises(ValueError, "收到 (1,)"), id="xlim-one"),
    pytest.param(plot(x, f(x), xlim=(0, 1, 2)), Raises(ValueError, "收到 (0, 1, 2)"), id="xlim-three"),
    pytest.param(plot(x, f(x), xlim=("a", "b")), Raises(ValueError, "收到 ('a', 'b')"), id="xlim-strings"),
    pytest.param(plot(x, f(x), ylim=(0, "a")), Raises(ValueError, "ylim 应是 (下限, 上限) 两个数或 None，收到 (0, 'a')"), id="ylim-str-item"),
    pytest.param(plot(x, f(x), figsize=(-1, 2)), Raises(ValueError, FIGSIZE + "(-1, 2)"), id="figsize-negative"),
    pytest.param(plot(x, f(x), figsize=(-1, 2), axes="AX"), Raises(ValueError, FIGSIZE + "(-1, 2)"), id="figsize-negative-given-axes"),
    pytest.param(plot(x, f(x), figsize=(0, 2)), Raises(ValueError, FIGSIZE + "(0, 2)"), id="figsize-zero"),
    pytest.param(plot(x, f(x), figsize=(nan, 2)), Raises(ValueError, FIGSIZE + "(nan, 2)"), id="figsize-nan"),
    pytest.param(plot(x, f(x), figsize=(inf, 2)), Raises(ValueError, FIGSIZE + "(inf, 2)"), id="figsize-inf"),
    pytest.param(plot(x, f(x), axes="ax"), Raises(TypeError, "axes 应是 matplotlib 的 Axes，收到 str"), id="axes-str"),
    pytest.param(plot(x, f(x), axes=np.array([None, None])), Raises(TypeError, "收到 ndarray"), id="axes-array"),
    pytest.param(plot(x, f(x), axes=Figure()), Raises(TypeError, "收到 Figure"), id="axes-figure"),
    pytest.param(lambda ax: bad.set_axes(ax, "x", "y", None, None, "linear", "linear", "abc"), Raises(TypeError, "legend 应是标签的列表，例如 ['abc']，而不是字符串"), id="set_axes-legend-str"),
    pytest.param(lambda ax: bad.set_axes(ax, "x", "y", "abc", None, "linear", "linear", None), Raises(ValueError, "xlim 应是 (下限, 上限)"), id="set_axes-xlim-str"),
    pytest.param(lambda ax: bad.set_figsize((-1, 2)), Raises(ValueError, FIGSIZE + "(-1, 2)"), id="set_figsize-negative"),
    pytest.param(lambda ax: bad.numerical_gradient(f, 1.0, h=0), Raises(ValueError, STEP + "0"), id="gradient-h-0"),
    pytest.param(lambda ax: bad.numerical_gradient(f, 1.0, h=-1e-5), Raises(ValueError, STEP + "-1e-05"), id="gradient-h-negative"),
    pytest.param(lambda ax: bad.numerical_gradient(f, 1.0, h=None), Raises(ValueError, STEP + "None"), id="gradient-h-None"),
    pytest.param(lambda ax: bad.numerical_gradient(f, 1.0, h=nan), Raises(ValueError, STEP + "nan"), id="gradient-h-nan"),
    pytest.param(lambda ax: bad.numerical_gradient(f, 1.0, h=inf), Raises(ValueError, STEP + "inf"), id="gradient-h-inf"),
    pytest.param(lambda ax: bad.numerical_gradient(f, 1.0, h="0.1"), Raises(ValueError, STEP + "'0.1'"), id="gradient-h-str"),
    pytest.param(lambda ax: bad.numerical_gradient(f, None), Raises(ValueError, "x 应是有限的数或数组，但其中有 1 个 nan 或 inf（None 也会变成 nan）"), id="gradient-x-None"),
    pytest.param(lambda ax: bad.numerical_gradient(f, [1.0, nan, inf]), Raises(ValueError, "其中有 2 个 nan 或 inf"), id="gradient-x-nan"),
    pytest.param(lambda ax: bad.numerical_gradient(no_return, [1.0]), Raises(TypeError, "f 应返回一个数或数值数组，却返回了 NoneType（返回 None 时请检查 return）"), id="gradient-f-no-return"),
    pytest.param(lambda ax: bad.numerical_gradient(lambda x: "abc", [1.0]), Raises(TypeError, "却返回了 str"), id="gradient-f-returns-str"),
    pytest.param(lambda ax: bad.numerical_gradient(lambda x: x @ x, np.ones(10_001)), Raises(ValueError, "x 有 10001 个分量，超过了上限 10000：每个分量都要调用 f 两次"), id="gradient-too-many-components"),
    pytest.param(lambda ax: bad.numerical_gradient(lambda x: np.ones(5_000) * x.sum(), np.ones((50, 50))), Raises(ValueError, "梯度的形状 x.shape + f(x).shape = (50, 50, 5000)，共 12500000 个元素，超过了上限 10000000"), id="gradient-too-many-entries"),
    pytest.param(lambda ax: bad.inscribed_polygon_area(3.5), Raises(TypeError, SIDES + "3.5"), id="area-n-float"),
    pytest.param(lambda ax: bad.inscribed_polygon_area(6.0), Raises(TypeError, SIDES + "6.0"), id="area-n-integral-float"),
    pytest.param(lambda ax: bad.inscribed_polygon_area(nan), Raises(TypeError, SIDES + "nan"), id="area-n-nan"),
    pytest.param(lambda ax: bad.inscribed_polygon_area(None), Raises(TypeError, SIDES + "None"), id="area-n-None"),
    pytest.param(lambda ax: bad.inscribed_polygon_area("6"), Raises(TypeError, SIDES + "'6'"), id="area-n-str"),
    pytest.param(lambda ax: bad.inscribed_polygon_area(2), Raises(ValueError, SIDES + "2"), id="area-n-2"),
    pytest.param(lambda ax: bad.inscribed_polygon_area(-5), Raises(ValueError, SIDES + "-5"), id="area-n-negative"),
    pytest.param(lambda ax: bad.inscribed_polygon_area(6, radius=-1), Raises(ValueError, RADIUS + "-1"), id="area-radius-negative"),
    pytest.param(lambda ax: bad.inscribed_polygon_area(6, radius=0), Raises(ValueError, RADIUS + "0"), id="area-radius-0"),
    pytest.param(lambda ax: bad.inscribed_polygon_area(6, radius=nan), Raises(ValueError, RADIUS + "nan"), id="area-radius-nan"),
    pytest.param(lambda ax: bad.inscribed_polygon_area(6, radius="1"), Raises(TypeError, RADIUS + "'1'"), id="area-radius-str"),
    pytest.param(lambda ax: bad.inscribed_polygon_area(6, None), Raises(TypeError, RADIUS + "None"), id="area-radius-None"),
    pytest.param(lambda ax: bad.draw_inscribed_polygon(ax, nan), Raises(TypeError, SIDES + "nan"), id="draw-n-nan"),
    pytest.param(lambda ax: bad.draw_inscribed_polygon(ax, 3.5), Raises(TypeError, SIDES + "3.5"), id="draw-n-float"),
    pytest.param(lambda ax: bad.draw_inscribed_polygon(ax, 2), Raises(ValueError, SIDES + "2"), id="draw-n-2"),
    pytest.param(lambda ax: bad.draw_inscribed_polygon(ax, 10_001), Raises(ValueError, "n=10001 太大：至多画 10000 条边"), id="draw-n-too-many"),
    pytest.param(lambda ax: bad.draw_inscribed_polygon(ax, 10**9), Raises(ValueError, "n=1000000000 太大"), id="draw-n-1e9"),
    pytest.param(lambda ax: bad.draw_inscribed_polygon(ax, 6, radius=-1), Raises(ValueError, RADIUS + "-1"), id="draw-radius-negative"),
    pytest.param(lambda ax: bad.draw_inscribed_polygon(ax, 6, radius=inf), Raises(ValueError, RADIUS + "inf"), id="draw-radius-inf"),
    pytest.param(lambda ax: bad.draw_inscribed_polygon(np.array([ax, ax]), 6), Raises(TypeError, "axes 应是 matplotlib 的 Axes，收到 ndarray"), id="draw-axes-array"),
    pytest.param(lambda ax: bad.draw_inscribed_polygon(None, 6), Raises(TypeError, "收到 NoneType"), id="draw-axes-None"),
]  # fmt: skip

# numpy、matplotlib 和 Python 已经说清楚的错误：plot 先在草稿图上试画，matplotlib 的错误也不改动任何东西
LEFT_TO_LIBRARIES = [
    pytest.param(plot("abc"), Raises(ValueError, "could not convert string to float: 'abc'"), id="numpy-str"),
    pytest.param(plot(x[:2], ["a", "b"]), Raises(ValueError, "could not convert string to float: 'a'"), id="numpy-strings"),
    pytest.param(plot(x, f), Raises(TypeError, "not 'function'"), id="numpy-function-not-values"),
    pytest.param(plot(x, Y2, fmts=["zz"]), Raises(ValueError, "'zz' is not a valid format string"), id="mpl-fmt"),
    pytest.param(plot(x, Y2, fmts=["-", "zz"]), Raises(ValueError, "'zz' is not a valid format string"), id="mpl-second-fmt"),
    pytest.param(plot(x, Y2, fmts=["zz"], axes="AX"), Raises(ValueError, "'zz' is not a valid format string"), id="mpl-fmt-given-axes"),
    pytest.param(plot(x, f(x), xlim=(nan, 1)), Raises(ValueError, "Axis limits cannot be NaN or Inf"), id="mpl-xlim-nan"),
    pytest.param(plot(x, f(x), xlim=(0, inf), axes="AX"), Raises(ValueError, "Axis limits cannot be NaN or Inf"), id="mpl-xlim-inf-given-axes"),
    pytest.param(plot(x, f(x), ylim=[nan, nan]), Raises(ValueError, "Axis limits cannot be NaN or Inf"), id="mpl-ylim-nan"),
    pytest.param(plot(x, f(x), xscale="loga"), Raises(ValueError, "'loga' is not a valid value for scale"), id="mpl-xscale"),
    pytest.param(plot(x, f(x), yscale=None), Raises(ValueError, "None is not a valid value for scale"), id="mpl-yscale-None"),
    pytest.param(plot(x, f(x), figsize=(3,)), Raises(ValueError, "Key figure.figsize: Expected 2 values, but there are 1 values in (3,)"), id="mpl-figsize-one"),
    pytest.param(plot(x, f(x), figsize="abc"), Raises(TypeError, "'<' not supported between instances of 'int' and 'str'"), id="python-figsize-str"),
    pytest.param(plot(x, f(x), figsize=None), Raises(TypeError, "'NoneType' object is not iterable"), id="python-figsize-None"),
    pytest.param(lambda ax: bad.set_figsize(3), Raises(TypeError, "'int' object is not iterable"), id="python-set_figsize-number"),
    pytest.param(lambda ax: bad.numerical_lim(f, 1, None), Raises(TypeError, "bad operand type for abs(): 'NoneType'"), id="python-lim-h-None"),
    pytest.param(lambda ax: bad.numerical_lim(f, 1, "0.1"), Raises(TypeError, "bad operand type for abs(): 'str'"), id="python-lim-h-str"),
    pytest.param(lambda ax: bad.numerical_lim(3, 1, 0.1), Raises(TypeError, "'int' object is not callable"), id="python-f"),
    pytest.param(lambda ax: bad.numerical_lim(f, 1, 0), Raises(ZeroDivisionError, "division by zero"), id="python-h-0"),
    pytest.param(lambda ax: bad.numerical_gradient(3, [1.0]), Raises(TypeError, "'int' object is not callable"), id="python-gradient-f"),
]  # fmt: skip

TINY = "h=1e-20 太小：舍入误差通常已超过截断误差，缩小 h 不再提高精度"
WARNINGS = [
    pytest.param(lambda ax: bad.numerical_lim(f, 1, 1e-20), Warns(UserWarning, TINY), id="lim-h-tiny"),
    pytest.param(lambda ax: bad.numerical_gradient(f, [1.0, 2.0], h=1e-20), Warns(UserWarning, TINY), id="gradient-h-tiny"),
    pytest.param(lambda ax: bad.numerical_gradient(f, 1e9, h=1e-5), Warns(UserWarning, "h=1e-05 太小"), id="gradient-h-tiny-for-x"),
    pytest.param(lambda ax: bad.numerical_lim(f, np.array([1.0, 2.0]), 0), Warns(RuntimeWarning, "invalid value encountered in divide"), id="numpy-lim-h-0-array"),
    pytest.param(lambda ax: bad.numerical_lim(np.exp, 1.0, 0), Warns(RuntimeWarning, "invalid value encountered in scalar divide"), id="numpy-lim-h-0-scalar"),
    pytest.param(plot(x, f(x) + 1j), Warns(Warning, "discards the imaginary part"), id="numpy-complex"),
    pytest.param(plot(x, f(x), xlim=(1, 1)), Warns(UserWarning, "Attempting to set identical low and high xlims"), id="mpl-xlim-equal"),
    pytest.param(plot(x + 1, f(x), xlim=(0, 3), xscale="log"), Warns(UserWarning, "non-positive xlim on a log-scaled axis"), id="mpl-xlim-0-log"),
]  # fmt: skip

DOCUMENTED = [
    pytest.param(plot([0, 1, 2], [1, None, 3]), gap_at(1), id="None-is-a-gap"),
    pytest.param(plot(x, Y2, legend=[]), Documented(no_legend), id="legend-empty"),
    pytest.param(plot(x, Y2, fmts=["-", ":", "--", "-."]), styles("-", ":"), id="fmts-extra-unused"),
    pytest.param(plot(x, f(x), xlim=(3, 0)), Documented(inverted_x), id="xlim-reversed"),
]  # fmt: skip


def caller_state(ax: Axes) -> tuple[object, ...]:
    """调用者能看到的一切：坐标轴上的内容、当前图、默认图像大小。"""
    return (
        [np.asarray(line.get_ydata()).tolist() for line in ax.get_lines()],
        len(ax.patches),
        ax.get_title(),
        ax.get_xlabel(),
        ax.get_xlim(),
        ax.get_xscale(),
        plt.get_fignums(),
        plt.gcf(),
        plt.gca(),
        list(plt.rcParams["figure.figsize"]),
    )


@pytest.fixture
def callers_axes() -> Axes:
    """一张画好的图，rcParams 中的图像大小也不是默认值：出错的调用不得改动其中任何一样。"""
    plt.rcParams["figure.figsize"] = (6, 4)
    _fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [5, 6, 7])
    ax.set_title("keep")
    ax.set_xlabel("mine")
    ax.set_xlim(-1, 3)
    return ax


@pytest.mark.parametrize(("call", "expected"), OURS + LEFT_TO_LIBRARIES)
def test_a_bad_call_fails_clearly_and_changes_nothing(
    call: Call, expected: Raises, callers_axes: Axes
) -> None:
    before = caller_state(callers_axes)
    with pytest.raises(expected.error) as excinfo:
        call(callers_axes)
    message = str(excinfo.value)
    assert expected.message in message
    assert "\n" not in message, "一行说明"
    assert caller_state(callers_axes) == before


@pytest.mark.parametrize(("call", "expected"), WARNINGS)
def test_a_doubtful_call_warns(call: Call, expected: Warns, callers_axes: Axes) -> None:
    with pytest.warns(expected.category, match=re.escape(expected.message)):
        call(callers_axes)


@pytest.mark.parametrize(("call", "expected"), DOCUMENTED)
def test_a_documented_behaviour(call: Call, expected: Documented, callers_axes: Axes) -> None:
    expected.check(call(callers_axes))


def test_a_failed_call_creates_no_figure() -> None:
    with pytest.raises(ValueError, match="figsize"):
        d2l.plot([1, 2], figsize=(-1, 2))
    with pytest.raises(ValueError, match="not a valid format string"):
        d2l.plot([1, 2], fmts=["zz"])
    assert plt.get_fignums() == []
    default = matplotlib.rcParamsDefault["figure.figsize"]
    assert plt.figure().get_size_inches().tolist() == default  # 下一张图照常新建
