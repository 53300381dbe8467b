"""数值极限与数值梯度：用差分近似导数。"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from d2l_helpers.validation import FloatArray, as_float_array, check_callable, check_step


def numerical_lim(f: Callable[[Any], Any], x: Any, h: float) -> Any:
    """计算差商 (f(x + h) - f(x)) / h；h 越接近 0，结果越接近导数 f'(x)。

    Parameters
    ----------
    f : callable
        一元函数。
    x : float 或 numpy.ndarray
        求导的位置；数组时逐元素计算。
    h : float
        步长，有限且不为 0。

    Returns
    -------
    float 或 numpy.ndarray
        差商的值。

    Raises
    ------
    TypeError
        f 不可调用，或 h 不是实数。
    ValueError
        h 为 0、NaN 或 inf。
    """
    check_callable(f)
    h = check_step(h)
    return (f(x + h) - f(x)) / h


def numerical_gradient(
    f: Callable[[FloatArray], Any], x: npt.ArrayLike, h: float = 1e-5
) -> FloatArray:
    """用中心差分 (f(x + h e_i) - f(x - h e_i)) / (2h) 计算 f 对 x 每个元素的偏导数。

    Parameters
    ----------
    f : callable
        接受与 x 同形状的 float64 数组，返回标量或数组。
    x : 类数组
        求梯度的位置：标量、向量或矩阵。不会被改动。
    h : float, 默认 1e-5
        步长，有限的正数。

    Returns
    -------
    numpy.ndarray
        形状为 ``x.shape + np.shape(f(x))``，第 [i, j] 个元素是 ∂f_j/∂x_i
        （分母布局）。例如 f(x) = Ax 时结果是 Aᵀ；f 返回标量时结果与 x 同形状。

    Raises
    ------
    TypeError
        f 不可调用、h 或 x 不是实数，或 f 的返回值不是实数。
    ValueError
        h 不是有限的正数，或 x 是空数组。
    """
    check_callable(f)
    h = check_step(h, positive=True)
    x = as_float_array("x", x)
    if x.size == 0:
        raise ValueError("x 是空数组；至少需要一个元素才能求梯度")
    y = as_float_array("f(x) 的返回值", f(x))
    grad = np.zeros(x.shape + y.shape)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = h  # e 是第 i 个方向上长度为 h 的向量
        y_plus = as_float_array("f(x + h) 的返回值", f(x + e))
        y_minus = as_float_array("f(x - h) 的返回值", f(x - e))
        grad[i] = (y_plus - y_minus) / (2 * h)
    return grad
