"""逼近法（穷竭法）：用圆内接正多边形逼近圆的面积。"""

import math
import numbers

import numpy as np
from matplotlib.axes import Axes

# 本站的图至多用到 64 条边；边数再多，图上已看不出多边形与圆的差别，顶点数组却越来越大。
_MAX_DRAWN_SIDES = 10_000


def _check_polygon(n, radius):
    """n 是不小于 3 的整数、radius 是有限的正数，否则引发一行说明的异常。"""
    sides = f"n 应是不小于 3 的整数（正多边形的边数），收到 {n!r}"
    if not isinstance(n, numbers.Integral):
        raise TypeError(sides)
    if n < 3:
        raise ValueError(sides)
    size = f"radius 应是有限的正数（圆的半径），收到 {radius!r}"
    if not isinstance(radius, numbers.Real):
        raise TypeError(size)
    if not 0 < radius < math.inf:
        raise ValueError(size)


def inscribed_polygon_area(n, radius=1.0):
    """半径为 radius 的圆的内接正 n 边形的面积 (n/2)·r²·sin(2π/n)。"""
    _check_polygon(n, radius)
    return n / 2 * radius**2 * math.sin(2 * math.pi / n)


def draw_inscribed_polygon(axes, n, radius=1.0):
    """在 axes 上画出虚线圆和它的内接正 n 边形（第一个顶点在正上方），返回 axes。"""
    if not isinstance(axes, Axes):
        raise TypeError(f"axes 应是 matplotlib 的 Axes，收到 {type(axes).__name__}")
    _check_polygon(n, radius)
    if n > _MAX_DRAWN_SIDES:
        raise ValueError(f"n={n} 太大：至多画 {_MAX_DRAWN_SIDES} 条边，再多图上已看不出与圆的差别")
    t = np.linspace(0, 2 * np.pi, 200)
    axes.plot(radius * np.cos(t), radius * np.sin(t), color="0.45", linewidth=1, linestyle="--")
    angles = 2 * np.pi * np.arange(n) / n + np.pi / 2
    # 浅色填充、实线描边：边数多时仍能看出多边形与圆的差别
    corners = radius * np.cos(angles), radius * np.sin(angles)
    axes.fill(*corners, facecolor=(0.12, 0.47, 0.71, 0.25), edgecolor="C0", linewidth=1.5)
    axes.set_aspect("equal")
    axes.set_axis_off()
    axes.set_title(f"n = {n}")
    return axes
