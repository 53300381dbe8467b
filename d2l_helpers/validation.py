"""输入检查：把书中灵活的输入整理成统一的形式，出错时用中文说明错在哪里、应该是什么。

这些函数被 ``plotting``、``calculus``、``geometry`` 中的函数在做任何改动之前调用，
所以一次失败的调用不会留下半画好的图或被改掉的全局设置。
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt
from matplotlib import scale
from matplotlib.axes import _base

FloatArray = npt.NDArray[np.float64]

# 各种 dtype 为什么不被当作实数，用于错误信息
_DTYPE_HINTS = {
    "b": "布尔值不当作数值，请先用 .astype(float) 转换",
    "c": "不支持复数",
    "O": "其中有 None 或其他非数值对象",
    "U": "其中有字符串",
    "S": "其中有字节串",
}

# 这两种刻度还需要额外的 functions= 参数，只给名字无法使用
_SCALES_NEEDING_ARGS = {"function", "functionlog"}


def as_float_array(name: str, value: object) -> FloatArray:
    """把实数类数组转换为 float64 的 NumPy 数组（总是新副本，不改动原数据）。

    Parameters
    ----------
    name : str
        参数名，用于错误信息。
    value : 类数组
        数、列表、元组、NumPy 数组，或带 ``__array__`` / ``detach()`` 的张量。

    Returns
    -------
    numpy.ndarray
        dtype 为 float64、形状与 value 相同的新数组。NaN 和 inf 原样保留。

    Raises
    ------
    TypeError
        value 不是实数数据：字符串、None、其他对象、复数，以及布尔值（不当作数值）。
    """
    if value is None or isinstance(value, (str, bytes)):
        raise TypeError(f"{name} 应是数值数组，但收到了 {type(value).__name__}")
    try:
        array = np.asarray(value)
    except Exception as err:
        if not hasattr(value, "detach"):
            raise TypeError(
                f"{name} 应是数值数组，但 {type(value).__name__} 无法转换为数组：{err}"
            ) from err
        tensor: Any = value  # 例如需要梯度或在 GPU 上的 PyTorch 张量
        array = np.asarray(tensor.detach().cpu().numpy())
    if array.dtype.kind not in "iuf":
        hint = _DTYPE_HINTS.get(array.dtype.kind, "不是实数类型")
        raise TypeError(
            f"{name} 应是实数数组，但收到的 {type(value).__name__} 的数据类型是 "
            f"{array.dtype}（{hint}）"
        )
    return np.array(array, dtype=np.float64)


def _split_curves(name: str, data: object) -> list[FloatArray]:
    """把 X 或 Y 拆成若干条一维曲线。"""
    if isinstance(data, (list, tuple)) and any(
        isinstance(item, (list, tuple)) or getattr(item, "ndim", 0) > 0 for item in data
    ):
        curves = [as_float_array(f"{name}[{i}]", item) for i, item in enumerate(data)]
        for i, curve in enumerate(curves):
            if curve.ndim != 1:
                raise ValueError(f"{name}[{i}] 应是一维数组，但形状是 {curve.shape}")
    else:
        array = as_float_array(name, data)
        if array.ndim not in (1, 2):
            raise ValueError(
                f"{name} 应是一维数组（一条曲线）或二维数组（每行一条曲线），但形状是 {array.shape}"
            )
        curves = list(array) if array.ndim == 2 else [array]
    if not curves:
        raise ValueError(f"{name} 中没有曲线；至少需要一条曲线")
    for i, curve in enumerate(curves):
        if curve.size == 0:
            raise ValueError(f"{name} 的第 {i} 条曲线没有数据点；每条曲线至少需要一个点")
    return curves


def as_curves(X: object, Y: object = None) -> list[tuple[FloatArray, FloatArray]]:
    """把 ``plot(X, Y)`` 的各种输入整理成 (x, y) 数组对的列表，每对一条曲线。

    Parameters
    ----------
    X : 类数组
        横坐标：一维数组（一条）、二维数组（每行一条）或数组的列表。
        只有一条时为所有曲线共用。
    Y : 类数组, 可选
        纵坐标，形式同 X。省略时把 X 当作纵坐标，横坐标为下标 0, 1, ..., n-1。

    Returns
    -------
    list of tuple of numpy.ndarray
        每条曲线的 (x, y)，都是 float64 一维数组的新副本。

    Raises
    ------
    TypeError
        数据不是实数数组（见 ``as_float_array``）。
    ValueError
        没有曲线或曲线没有点；X 与 Y 的条数既不相等、X 也不是只有一条；
        某条曲线的 x 与 y 长度不同。
    """
    if Y is None:
        ys = _split_curves("X", X)
        xs = [np.arange(len(y), dtype=np.float64) for y in ys]
    else:
        ys = _split_curves("Y", Y)
        xs = _split_curves("X", X)
    if len(xs) == 1:
        xs = xs * len(ys)
    if len(xs) != len(ys):
        raise ValueError(
            f"X 有 {len(xs)} 组横坐标，Y 有 {len(ys)} 条曲线；"
            "X 应只有 1 组（各曲线共用）或与 Y 的条数相同"
        )
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        if len(x) != len(y):
            raise ValueError(
                f"第 {i} 条曲线的 x 有 {len(x)} 个点，y 有 {len(y)} 个点；两者长度必须相同"
            )
    return list(zip(xs, ys, strict=True))


def _strings(name: str, value: object, example: str) -> list[str]:
    """检查 value 是字符串的列表（不是单个字符串），返回新列表。"""
    if isinstance(value, str):
        raise TypeError(
            f"{name} 应是字符串列表，但收到了单个字符串 {value!r}；"
            f"请写成 [{value!r}]，例如 {example}"
        )
    if not isinstance(value, Iterable):
        raise TypeError(f"{name} 应是字符串列表，例如 {example}，但收到了 {type(value).__name__}")
    items = list(value)
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise TypeError(f"{name}[{i}] 应是字符串，但收到了 {type(item).__name__}")
    return items


def check_legend(legend: object, n_curves: int) -> list[str]:
    """检查图例：每条曲线一个字符串标签。

    Parameters
    ----------
    legend : list of str 或 None
        图例标签。None 或空列表表示不画图例。
    n_curves : int
        曲线条数。

    Returns
    -------
    list of str
        标签列表；不画图例时为空列表。

    Raises
    ------
    TypeError
        legend 是单个字符串（否则会被拆成一个个字符）、不是列表或含有非字符串。
    ValueError
        标签个数与曲线条数不同。
    """
    if legend is None:
        return []
    labels = _strings("legend", legend, "['f(x)', 'g(x)']")
    if labels and len(labels) != n_curves:
        raise ValueError(
            f"legend 有 {len(labels)} 个标签，但绘制了 {n_curves} 条曲线；两者数目必须相同"
        )
    return labels


def check_fmts(fmts: object) -> list[str]:
    """检查曲线格式：非空的 matplotlib 格式字符串列表，如 ``['-', 'm--']``。

    Parameters
    ----------
    fmts : list of str
        每条曲线的格式（颜色、线型、标记），曲线比格式多时循环使用。

    Returns
    -------
    list of str
        格式字符串列表。

    Raises
    ------
    TypeError
        fmts 是单个字符串、不是列表或含有非字符串。
    ValueError
        fmts 为空，或某个字符串不是有效的格式。
    """
    formats = _strings("fmts", fmts, "['-', 'm--']")
    if not formats:
        raise ValueError("fmts 不能为空；至少需要一个格式字符串，例如 ['-']")
    # matplotlib 解析格式字符串的内部函数；若将来不存在，就跳过这项检查
    parse = getattr(_base, "_process_plot_format", lambda fmt: None)
    for i, fmt in enumerate(formats):
        try:
            parse(fmt)
        except ValueError as err:
            raise ValueError(
                f"fmts[{i}] = {fmt!r} 不是有效的格式字符串（{err}）；"
                "应由颜色、线型、标记组成，例如 'r--'、'g-.'、'bo'"
            ) from err
    return formats


def check_scale(name: str, value: object) -> str:
    """检查坐标轴刻度名，如 ``'linear'``、``'log'``。

    Parameters
    ----------
    name : str
        参数名（``'xscale'`` 或 ``'yscale'``），用于错误信息。
    value : str
        刻度名，须是 matplotlib 认识、且不需要额外参数的刻度。

    Returns
    -------
    str
        value 本身。

    Raises
    ------
    TypeError
        value 不是字符串。
    ValueError
        value 不是可用的刻度名；错误信息列出全部可用的名字。
    """
    valid = [s for s in scale.get_scale_names() if s not in _SCALES_NEEDING_ARGS]
    if not isinstance(value, str):
        raise TypeError(
            f"{name} 应是字符串（{', '.join(valid)} 之一），但收到了 {type(value).__name__}"
        )
    if value not in valid:
        raise ValueError(f"{name} 应是 {', '.join(valid)} 之一，但收到了 {value!r}")
    return value


def _as_real(name: str, value: object) -> float:
    """检查 value 是实数（bool 除外），返回 float。"""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} 应是实数，但收到了 {type(value).__name__}")
    return float(value)


def check_positive(name: str, value: object) -> float:
    """检查 value 是有限的正数，返回 float。

    Raises
    ------
    TypeError
        value 不是实数（bool 也不行）。
    ValueError
        value 不是有限的正数。
    """
    number = _as_real(name, value)
    if not (math.isfinite(number) and number > 0):
        raise ValueError(f"{name} 应是有限的正数，但收到了 {value!r}")
    return number


def check_figsize(figsize: object) -> tuple[float, float]:
    """检查图像大小 (宽, 高)，单位英寸。

    Parameters
    ----------
    figsize : tuple of float
        两个有限的正数。

    Returns
    -------
    tuple of float
        (宽, 高)。

    Raises
    ------
    TypeError
        figsize 不是 (宽, 高) 形式的元组或列表，或其中有非实数。
    ValueError
        figsize 不是恰好两个数，或其中有非正数、NaN、inf。
    """
    if not isinstance(figsize, (tuple, list, np.ndarray)):
        raise TypeError(
            f"figsize 应是 (宽, 高) 形式的元组，例如 (3.5, 2.5)，但收到了 {type(figsize).__name__}"
        )
    if len(figsize) != 2:
        raise ValueError(
            f"figsize 应恰好有 (宽, 高) 两个数，但收到了 {len(figsize)} 个：{figsize!r}"
        )
    return check_positive("figsize 的宽", figsize[0]), check_positive("figsize 的高", figsize[1])


def check_lim(name: str, lim: object) -> tuple[float, float] | None:
    """检查坐标轴范围 (下限, 上限)；None 表示自动。

    Parameters
    ----------
    name : str
        参数名（``'xlim'`` 或 ``'ylim'``），用于错误信息。
    lim : (float, float) 或 None
        两个不相等的有限实数；下限大于上限时坐标轴反向。

    Returns
    -------
    tuple of float 或 None
        (下限, 上限)，或 None。

    Raises
    ------
    TypeError
        lim 不是元组或列表，或其中有非实数。
    ValueError
        lim 不是恰好两个数、含 NaN 或 inf，或上下限相同。
    """
    if lim is None:
        return None
    if not isinstance(lim, (tuple, list, np.ndarray)):
        raise TypeError(
            f"{name} 应是 (下限, 上限) 形式的元组，例如 (0, 3)，但收到了 {type(lim).__name__}"
        )
    if len(lim) != 2:
        raise ValueError(f"{name} 应恰好有 (下限, 上限) 两个数，但收到了 {len(lim)} 个：{lim!r}")
    low, high = _as_real(f"{name} 的下限", lim[0]), _as_real(f"{name} 的上限", lim[1])
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError(f"{name} 的上下限应是有限的数，但收到了 {lim!r}")
    if low == high:
        raise ValueError(f"{name} 的下限与上限都是 {low}；两者必须不同")
    return low, high


def check_step(h: object, *, positive: bool = False) -> float:
    """检查步长 h：有限、非零的实数（``positive=True`` 时须大于 0）。

    Parameters
    ----------
    h : float
        差分的步长。
    positive : bool, 默认 False
        是否要求 h > 0。

    Returns
    -------
    float
        h 转换成的 float。

    Raises
    ------
    TypeError
        h 不是实数（bool 也不行）。
    ValueError
        h 为 0、NaN 或 inf，或要求为正时 h < 0。
    """
    step = _as_real("h", h)
    if not math.isfinite(step) or step == 0:
        raise ValueError(f"步长 h 应是有限的非零实数，但收到了 {h!r}")
    if positive and step < 0:
        raise ValueError(f"步长 h 应是正数（中心差分用 x ± h），但收到了 {h!r}")
    return step


def check_callable(f: object, name: str = "f") -> None:
    """检查 f 可以被调用（例如一个函数或 lambda）。

    Raises
    ------
    TypeError
        f 不可调用。
    """
    if not callable(f):
        raise TypeError(
            f"{name} 应是可调用的函数，例如 lambda x: x ** 2，但收到了 {type(f).__name__}"
        )


def check_sides(n: object) -> int:
    """检查正多边形的边数 n：不小于 3 的整数（bool 除外）。

    Raises
    ------
    TypeError
        n 不是整数。
    ValueError
        n 小于 3。
    """
    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise TypeError(f"边数 n 应是整数，但收到了 {type(n).__name__}")
    if n < 3:
        raise ValueError(f"边数 n 应至少为 3（三角形），但收到了 {n}")
    return int(n)
