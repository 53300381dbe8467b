"""穷竭法：内接正多边形的面积与示意图。"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from matplotlib import colors
from matplotlib import pyplot as plt
from matplotlib.patches import Polygon

import d2l_helpers as d2l


@pytest.mark.parametrize(
    ("n", "radius", "area"),
    [
        (3, 1.0, 3 * math.sqrt(3) / 4),
        (4, 1.0, 2.0),
        (6, 1.0, 3 * math.sqrt(3) / 2),
        (4, 2.0, 8.0),
        (np.int64(6), 1, 3 * math.sqrt(3) / 2),
    ],
)
def test_inscribed_polygon_area(n: Any, radius: float, area: float) -> None:
    assert d2l.inscribed_polygon_area(n, radius) == pytest.approx(area, rel=1e-12)


def test_area_grows_towards_pi_r_squared() -> None:
    areas = [d2l.inscribed_polygon_area(n) for n in range(3, 200)]
    assert areas == sorted(areas)
    assert all(a < math.pi for a in areas)
    assert d2l.inscribed_polygon_area(10**6, 3.0) == pytest.approx(9 * math.pi, rel=1e-10)


@pytest.mark.parametrize(("n", "radius"), [(3, 1.0), (6, 1.0), (12, 2.5)])
def test_draw_inscribed_polygon(n: int, radius: float) -> None:
    _fig, ax = plt.subplots()
    assert d2l.draw_inscribed_polygon(ax, n, radius) is ax

    [polygon] = ax.patches
    assert isinstance(polygon, Polygon)
    vertices = polygon.get_xy()[:n]  # 多边形自动闭合，最后一点与第一点相同
    angles = 2 * np.pi * np.arange(n) / n + np.pi / 2
    np.testing.assert_allclose(vertices[:, 0], radius * np.cos(angles), atol=1e-12)
    np.testing.assert_allclose(vertices[:, 1], radius * np.sin(angles), atol=1e-12)
    np.testing.assert_allclose(vertices[0], [0.0, radius], atol=1e-12)  # 顶点在正上方
    assert 0 < colors.to_rgba(polygon.get_facecolor())[3] < 1  # 浅色填充
    assert colors.to_rgba(polygon.get_edgecolor())[3] == 1  # 边不透明，边数多时仍看得见

    [circle] = ax.get_lines()
    points = np.column_stack([circle.get_xdata(), circle.get_ydata()])
    np.testing.assert_allclose(np.hypot(points[:, 0], points[:, 1]), radius)

    assert ax.get_aspect() in ("equal", 1.0)
    assert not ax.axison  # 没有刻度和边框，只有图形
    assert ax.get_title() == f"n = {n}"


def test_draw_at_the_size_limit() -> None:
    _fig, ax = plt.subplots()
    d2l.draw_inscribed_polygon(ax, 10_000)  # 上限本身是允许的（更多的边见 test_bad_input.py）
    [polygon] = ax.patches
    assert isinstance(polygon, Polygon)
    assert len(polygon.get_xy()) == 10_001  # 自动闭合：末点与首点相同
