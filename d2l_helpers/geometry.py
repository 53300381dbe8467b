"""逼近法（穷竭法）：用圆内接正多边形逼近圆的面积。"""

import math

import numpy as np


def inscribed_polygon_area(n, radius=1.0):
    """半径为 radius 的圆的内接正 n 边形的面积 (n/2)·r²·sin(2π/n)。"""
    if n < 3:
        raise ValueError(f"正多边形至少有 3 条边，收到 n={n}")
    return n / 2 * radius**2 * math.sin(2 * math.pi / n)


def draw_inscribed_polygon(axes, n, radius=1.0):
    """在 axes 上画出虚线圆和它的内接正 n 边形（第一个顶点在正上方），返回 axes。"""
    if n < 3:
        raise ValueError(f"正多边形至少有 3 条边，收到 n={n}")
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
