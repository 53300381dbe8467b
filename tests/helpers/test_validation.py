"""输入检查：每张坏输入表都是一份规格——什么输入、什么异常、信息里说了什么。"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from d2l_helpers.validation import (
    as_curves,
    as_float_array,
    check_callable,
    check_figsize,
    check_fmts,
    check_legend,
    check_lim,
    check_positive,
    check_scale,
    check_sides,
    check_step,
)

from tensor_doubles import GradTensorLike, TensorLike


class NoArray:
    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        raise RuntimeError("conversion failed")


# ---------------------------------------------------------------- as_float_array


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3, np.array(3.0)),
        ([1, 2, 3], np.array([1.0, 2.0, 3.0])),
        ((1, 2.5), np.array([1.0, 2.5])),
        (np.arange(4, dtype=np.int8).reshape(2, 2), np.array([[0.0, 1.0], [2.0, 3.0]])),
        (np.array([1, 2], dtype=np.float32), np.array([1.0, 2.0])),
        ([np.nan, np.inf, -np.inf], np.array([np.nan, np.inf, -np.inf])),
        (TensorLike([1, 2]), np.array([1.0, 2.0])),
        (GradTensorLike([[1, 2]]), np.array([[1.0, 2.0]])),
    ],
)
def test_as_float_array_accepts_real_arrays(value: object, expected: np.ndarray) -> None:
    result = as_float_array("x", value)
    assert result.dtype == np.float64
    np.testing.assert_array_equal(result, expected)


def test_as_float_array_returns_a_copy() -> None:
    data = np.array([1.0, 2.0])
    result = as_float_array("x", data)
    result[0] = 100.0
    assert data[0] == 1.0


@pytest.mark.parametrize(
    ("value", "match"),
    [
        ("abc", r"x 应是数值数组，但收到了 str"),
        (b"abc", r"x 应是数值数组，但收到了 bytes"),
        (None, r"x 应是数值数组，但收到了 NoneType"),
        (["a", "b"], r"x 应是实数数组.*其中有字符串"),
        ([1, None, 3], r"x 应是实数数组.*object.*None"),
        (object(), r"x 应是实数数组.*object"),
        ({"a": 1}, r"x 应是实数数组.*dict"),
        ([1 + 2j], r"x 应是实数数组.*complex128.*不支持复数"),
        ([True, False], r"x 应是实数数组.*bool.*布尔值不当作数值"),
        (np.array(["2020-01-01"], dtype="datetime64[D]"), r"x 应是实数数组.*datetime64"),
        (NoArray(), r"x 应是数值数组，但 NoArray 无法转换为数组"),
    ],
)
def test_as_float_array_rejects_non_real_data(value: object, match: str) -> None:
    with pytest.raises(TypeError, match=match):
        as_float_array("x", value)


# ---------------------------------------------------------------- as_curves


def _pairs(curves: list[tuple[np.ndarray, np.ndarray]]) -> list[tuple[list[float], list[float]]]:
    return [(x.tolist(), y.tolist()) for x, y in curves]


@pytest.mark.parametrize(
    ("X", "Y", "expected"),
    [
        pytest.param([1, 2, 3], [4, 5, 6], [([1, 2, 3], [4, 5, 6])], id="one curve"),
        pytest.param((1, 2), (3, 4), [([1, 2], [3, 4])], id="tuples"),
        pytest.param([4, 5, 6], None, [([0, 1, 2], [4, 5, 6])], id="Y omitted: x is the index"),
        pytest.param(
            [[1, 2], [3, 4, 5]], None, [([0, 1], [1, 2]), ([0, 1, 2], [3, 4, 5])], id="Y omitted"
        ),
        pytest.param(
            np.array([0, 1]),
            [np.array([2, 3]), [4, 5], (6, 7)],
            [([0, 1], [2, 3]), ([0, 1], [4, 5]), ([0, 1], [6, 7])],
            id="shared X",
        ),
        pytest.param(
            np.array([[0, 1], [2, 3]]),
            np.array([[4, 5], [6, 7]]),
            [([0, 1], [4, 5]), ([2, 3], [6, 7])],
            id="2-D arrays: each row a curve",
        ),
        pytest.param(
            [0, 1], np.array([[4, 5], [6, 7]]), [([0, 1], [4, 5]), ([0, 1], [6, 7])], id="2-D Y"
        ),
        pytest.param(
            [[0, 1], [2, 3]], [[4, 5], [6, 7]], [([0, 1], [4, 5]), ([2, 3], [6, 7])], id="lists"
        ),
        pytest.param(
            TensorLike([0, 1]),
            [TensorLike([2, 3]), GradTensorLike([4, 5])],
            [([0, 1], [2, 3]), ([0, 1], [4, 5])],
            id="tensors",
        ),
        pytest.param([1], [2], [([1], [2])], id="a single point"),
    ],
)
def test_as_curves_accepts_the_books_inputs(X: object, Y: object, expected: list[Any]) -> None:
    curves = as_curves(X, Y)
    assert _pairs(curves) == expected
    for x, y in curves:
        assert x.dtype == y.dtype == np.float64
        assert x.ndim == y.ndim == 1


def test_as_curves_keeps_nan_and_inf() -> None:
    [(_x, y)] = as_curves([0, 1, 2], [1.0, np.nan, np.inf])
    assert math.isnan(y[1])
    assert y[2] == np.inf


def test_as_curves_does_not_mutate_or_alias_inputs() -> None:
    X = np.array([0, 1, 2])
    Y = [np.array([3, 4, 5]), [6, 7, 8]]
    curves = as_curves(X, Y)
    for x, y in curves:
        x[:] = -1
        y[:] = -1
    np.testing.assert_array_equal(X, [0, 1, 2])
    assert X.dtype.kind == "i"
    np.testing.assert_array_equal(Y[0], [3, 4, 5])
    assert Y[1] == [6, 7, 8]


@pytest.mark.parametrize(
    ("X", "Y", "error", "match"),
    [
        ([], None, ValueError, r"X 的第 0 条曲线没有数据点"),
        ([1, 2], [], ValueError, r"Y 的第 0 条曲线没有数据点"),
        (np.zeros((0, 3)), None, ValueError, r"X 中没有曲线"),
        ([[1, 2], []], None, ValueError, r"X 的第 1 条曲线没有数据点"),
        (
            [0, 1, 2],
            [3, 4],
            ValueError,
            r"第 0 条曲线的 x 有 3 个点，y 有 2 个点；两者长度必须相同",
        ),
        ([0, 1], [[2, 3], [4, 5, 6]], ValueError, r"第 1 条曲线的 x 有 2 个点，y 有 3 个点"),
        (
            [[0, 1], [0, 1]],
            [[2, 3], [4, 5], [6, 7]],
            ValueError,
            r"X 有 2 组横坐标，Y 有 3 条曲线；X 应只有 1 组（各曲线共用）或与 Y 的条数相同",
        ),
        ([[0, 1], [0, 1]], [2, 3], ValueError, r"X 有 2 组横坐标，Y 有 1 条曲线"),
        (np.zeros((2, 2, 2)), None, ValueError, r"X 应是一维数组.*或二维数组.*形状是 \(2, 2, 2\)"),
        (5, None, ValueError, r"X 应是一维数组.*形状是 \(\)"),
        ([[1, 2], [[1, 2]]], None, ValueError, r"X\[1\] 应是一维数组，但形状是 \(1, 2\)"),
        (None, None, TypeError, r"X 应是数值数组，但收到了 NoneType"),
        (["a", "b"], None, TypeError, r"X 应是实数数组.*其中有字符串"),
        ([0, 1], [1, None], TypeError, r"Y 应是实数数组.*None"),
        ([0, 1], [[1, 2], ["a", "b"]], TypeError, r"Y\[1\] 应是实数数组"),
        ([0, 1], "ab", TypeError, r"Y 应是数值数组，但收到了 str"),
        ([0, 1], [1j, 2j], TypeError, r"不支持复数"),
        ([0, 1], [True, False], TypeError, r"布尔值不当作数值"),
        ([0, 1], [object(), object()], TypeError, r"Y 应是实数数组.*object"),
    ],
)
def test_as_curves_rejects_bad_input(X: object, Y: object, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        as_curves(X, Y)


# ---------------------------------------------------------------- check_legend


@pytest.mark.parametrize(
    ("legend", "n_curves", "expected"),
    [
        (None, 2, []),
        ([], 2, []),
        ((), 3, []),
        (["f(x)", "g(x)"], 2, ["f(x)", "g(x)"]),
        (("a",), 1, ["a"]),
    ],
)
def test_check_legend_accepts(legend: object, n_curves: int, expected: list[str]) -> None:
    assert check_legend(legend, n_curves) == expected


@pytest.mark.parametrize(
    ("legend", "n_curves", "error", "match"),
    [
        ("f(x)", 1, TypeError, r"legend 应是字符串列表，但收到了单个字符串 'f\(x\)'"),
        (5, 1, TypeError, r"legend 应是字符串列表.*但收到了 int"),
        ([1, 2], 2, TypeError, r"legend\[0\] 应是字符串，但收到了 int"),
        (["a", None], 2, TypeError, r"legend\[1\] 应是字符串，但收到了 NoneType"),
        (
            ["a", "b", "c"],
            2,
            ValueError,
            r"legend 有 3 个标签，但绘制了 2 条曲线；两者数目必须相同",
        ),
        (["a"], 2, ValueError, r"legend 有 1 个标签，但绘制了 2 条曲线"),
    ],
)
def test_check_legend_rejects(legend: object, n_curves: int, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        check_legend(legend, n_curves)


# ---------------------------------------------------------------- check_fmts


@pytest.mark.parametrize("fmts", [("-", "m--", "g-.", "r:"), ["bo"], ["red"], ["C1--"]])
def test_check_fmts_accepts(fmts: tuple[str, ...] | list[str]) -> None:
    assert check_fmts(fmts) == list(fmts)


@pytest.mark.parametrize(
    ("fmts", "error", "match"),
    [
        ("r--", TypeError, r"fmts 应是字符串列表，但收到了单个字符串 'r--'"),
        (None, TypeError, r"fmts 应是字符串列表.*但收到了 NoneType"),
        ([], ValueError, r"fmts 不能为空"),
        (["-", 3], TypeError, r"fmts\[1\] 应是字符串，但收到了 int"),
        (["-", "zz"], ValueError, r"fmts\[1\] = 'zz' 不是有效的格式字符串"),
    ],
)
def test_check_fmts_rejects(fmts: object, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        check_fmts(fmts)


# ---------------------------------------------------------------- check_scale


@pytest.mark.parametrize("value", ["linear", "log", "symlog", "logit"])
def test_check_scale_accepts(value: str) -> None:
    assert check_scale("xscale", value) == value


@pytest.mark.parametrize(
    ("value", "error", "match"),
    [
        ("loga", ValueError, r"yscale 应是 .*linear, log.* 之一，但收到了 'loga'"),
        ("Log", ValueError, r"但收到了 'Log'"),
        ("function", ValueError, r"但收到了 'function'"),
        (None, TypeError, r"yscale 应是字符串（.*linear.*）.*但收到了 NoneType"),
        (10, TypeError, r"yscale 应是字符串.*但收到了 int"),
    ],
)
def test_check_scale_rejects(value: object, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        check_scale("yscale", value)


# ---------------------------------------------------------------- check_figsize


@pytest.mark.parametrize(
    ("figsize", "expected"),
    [((3.5, 2.5), (3.5, 2.5)), ([4, 3], (4.0, 3.0)), (np.array([1.0, 2.0]), (1.0, 2.0))],
)
def test_check_figsize_accepts(figsize: object, expected: tuple[float, float]) -> None:
    assert check_figsize(figsize) == expected


@pytest.mark.parametrize(
    ("figsize", "error", "match"),
    [
        (3.5, TypeError, r"figsize 应是 \(宽, 高\) 形式的元组.*但收到了 float"),
        ("ab", TypeError, r"figsize 应是 \(宽, 高\) 形式的元组.*但收到了 str"),
        (None, TypeError, r"但收到了 NoneType"),
        ((3.5,), ValueError, r"figsize 应恰好有 \(宽, 高\) 两个数，但收到了 1 个"),
        ((1, 2, 3), ValueError, r"但收到了 3 个"),
        ((0, 2.5), ValueError, r"figsize 的宽 应是有限的正数，但收到了 0"),
        ((3.5, -1), ValueError, r"figsize 的高 应是有限的正数，但收到了 -1"),
        ((math.nan, 1), ValueError, r"figsize 的宽 应是有限的正数，但收到了 nan"),
        ((1, math.inf), ValueError, r"figsize 的高 应是有限的正数，但收到了 inf"),
        (("3", 2), TypeError, r"figsize 的宽 应是实数，但收到了 str"),
        ((True, 2), TypeError, r"figsize 的宽 应是实数，但收到了 bool"),
    ],
)
def test_check_figsize_rejects(figsize: object, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        check_figsize(figsize)


# ---------------------------------------------------------------- check_lim


@pytest.mark.parametrize(
    ("lim", "expected"), [(None, None), ((0, 3), (0.0, 3.0)), ([2, -1], (2.0, -1.0))]
)
def test_check_lim_accepts(lim: object, expected: object) -> None:
    assert check_lim("xlim", lim) == expected


@pytest.mark.parametrize(
    ("lim", "error", "match"),
    [
        (3, TypeError, r"xlim 应是 \(下限, 上限\) 形式的元组.*但收到了 int"),
        ((0,), ValueError, r"xlim 应恰好有 \(下限, 上限\) 两个数，但收到了 1 个"),
        ((0, "a"), TypeError, r"xlim 的上限 应是实数，但收到了 str"),
        ((None, 1), TypeError, r"xlim 的下限 应是实数，但收到了 NoneType"),
        ((0, math.nan), ValueError, r"xlim 的上下限应是有限的数"),
        ((1, 1), ValueError, r"xlim 的下限与上限都是 1.0；两者必须不同"),
    ],
)
def test_check_lim_rejects(lim: object, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        check_lim("xlim", lim)


# ---------------------------------------------------------------- check_step


@pytest.mark.parametrize("h", [0.1, -0.1, 1, 1e-300, np.float64(0.5), np.int64(2)])
def test_check_step_accepts(h: Any) -> None:
    assert check_step(h) == float(h)


@pytest.mark.parametrize(
    ("h", "positive", "error", "match"),
    [
        (0, False, ValueError, r"步长 h 应是有限的非零实数，但收到了 0"),
        (0.0, True, ValueError, r"步长 h 应是有限的非零实数，但收到了 0.0"),
        (math.nan, False, ValueError, r"步长 h 应是有限的非零实数，但收到了 nan"),
        (math.inf, False, ValueError, r"但收到了 inf"),
        (-0.1, True, ValueError, r"步长 h 应是正数.*但收到了 -0.1"),
        (True, False, TypeError, r"h 应是实数，但收到了 bool"),
        ("0.1", False, TypeError, r"h 应是实数，但收到了 str"),
        (None, False, TypeError, r"h 应是实数，但收到了 NoneType"),
        (1j, False, TypeError, r"h 应是实数，但收到了 complex"),
        (np.array([0.1]), False, TypeError, r"h 应是实数，但收到了 ndarray"),
    ],
)
def test_check_step_rejects(h: object, positive: bool, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        check_step(h, positive=positive)


# ---------------------------------------------------------------- check_callable


@pytest.mark.parametrize("f", [abs, lambda x: x, np.sin, TensorLike])
def test_check_callable_accepts(f: object) -> None:
    check_callable(f)


@pytest.mark.parametrize(
    ("f", "name", "match"),
    [
        (3, "f", r"f 应是可调用的函数.*但收到了 int"),
        ("sin", "f", r"f 应是可调用的函数.*但收到了 str"),
        (None, "g", r"g 应是可调用的函数.*但收到了 NoneType"),
    ],
)
def test_check_callable_rejects(f: object, name: str, match: str) -> None:
    with pytest.raises(TypeError, match=match):
        check_callable(f, name)


# ---------------------------------------------------------------- check_positive, check_sides


@pytest.mark.parametrize(
    ("value", "error", "match"),
    [
        (0, ValueError, r"radius 应是有限的正数，但收到了 0"),
        (-2.0, ValueError, r"radius 应是有限的正数，但收到了 -2.0"),
        (math.inf, ValueError, r"radius 应是有限的正数，但收到了 inf"),
        (False, TypeError, r"radius 应是实数，但收到了 bool"),
        ("1", TypeError, r"radius 应是实数，但收到了 str"),
    ],
)
def test_check_positive_rejects(value: object, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        check_positive("radius", value)


@pytest.mark.parametrize("n", [3, 6, 1000, np.int64(8)])
def test_check_sides_accepts(n: object) -> None:
    assert check_sides(n) == n
    assert type(check_sides(n)) is int


@pytest.mark.parametrize(
    ("n", "error", "match"),
    [
        (2, ValueError, r"边数 n 应至少为 3（三角形），但收到了 2"),
        (-5, ValueError, r"但收到了 -5"),
        (6.0, TypeError, r"边数 n 应是整数，但收到了 float"),
        (True, TypeError, r"边数 n 应是整数，但收到了 bool"),
        ("6", TypeError, r"边数 n 应是整数，但收到了 str"),
    ],
)
def test_check_sides_rejects(n: object, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        check_sides(n)
