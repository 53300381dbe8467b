"""穷竭法：用圆内接正多边形逼近圆的面积。"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba

from d2l_helpers.validation import check_positive, check_sides


def inscribed_polygon_area(n: int, radius: float = 1.0) -> float:
    """圆内接正 n 边形的面积 (n/2)·r²·sin(2π/n)；n 越大越接近圆面积 πr²。

    Parameters
    ----------
    n : int
        边数，不小于 3。
    radius : float, 默认 1.0
        圆的半径，有限的正数。

    Returns
    -------
    float
        正 n 边形的面积。

    Raises
    ------
    TypeError
        n 不是整数，或 radius 不是实数。
    ValueError
        n 小于 3，或 radius 不是有限的正数。
    """
    n = check_sides(n)
    radius = check_positive("radius", radius)
    return n / 2 * radius**2 * math.sin(2 * math.pi / n)


def draw_inscribed_polygon(axes: Axes, n: int, radius: float = 1.0) -> Axes:
    """在 axes 上画出圆及其内接正 n 边形，返回该 Axes。

    Parameters
    ----------
    axes : matplotlib.axes.Axes
        画在哪个坐标轴上。
    n : int
        边数，不小于 3。
    radius : float, 默认 1.0
        圆的半径，有限的正数。

    Returns
    -------
    matplotlib.axes.Axes
        传入的 axes。

    Raises
    ------
    TypeError, ValueError
        n 或 radius 不合要求；此时不画任何东西。
    """
    n = check_sides(n)
    radius = check_positive("radius", radius)
    t = np.linspace(0, 2 * np.pi, 200)
    axes.plot(radius * np.cos(t), radius * np.sin(t), color="0.45", linewidth=1, linestyle="--")
    angles = 2 * np.pi * np.arange(n) / n + np.pi / 2  # 第一个顶点在正上方
    # 浅色填充、实线描边：边数多时仍能看出多边形的边与圆的差别
    axes.fill(
        radius * np.cos(angles),
        radius * np.sin(angles),
        facecolor=to_rgba("C0", 0.25),
        edgecolor="C0",
        linewidth=1.5,
    )
    axes.set_aspect("equal")
    axes.set_xticks([])
    axes.set_yticks([])
    for spine in axes.spines.values():
        spine.set_visible(False)
    axes.set_title(f"n = {n}")
    return axes
