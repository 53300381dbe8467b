"""在一张图中画出函数曲线。"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy.typing as npt
from matplotlib import pyplot as plt
from matplotlib.axes import Axes

from d2l_helpers.display import set_figsize
from d2l_helpers.validation import (
    as_curves,
    check_fmts,
    check_legend,
    check_lim,
    check_scale,
)


def set_axes(
    axes: Axes,
    xlabel: str | None,
    ylabel: str | None,
    xlim: tuple[float, float] | None,
    ylim: tuple[float, float] | None,
    xscale: str,
    yscale: str,
    legend: Sequence[str] | None,
) -> None:
    """设置坐标轴的标签、刻度、范围、图例，并画上网格。

    Parameters
    ----------
    axes : matplotlib.axes.Axes
        要设置的坐标轴。
    xlabel, ylabel : str 或 None
        x 轴、y 轴的标签；None 表示不加标签。
    xlim, ylim : (float, float) 或 None
        x 轴、y 轴的范围；None 表示自动。
    xscale, yscale : str
        x 轴、y 轴的刻度，如 'linear'、'log'。
    legend : list of str 或 None
        图例标签；None 或空列表表示不画图例。
    """
    check_scale("xscale", xscale)
    check_scale("yscale", yscale)
    axes.set_xlabel(xlabel or "")
    axes.set_ylabel(ylabel or "")
    axes.set_xscale(xscale)
    axes.set_yscale(yscale)
    axes.set_xlim(xlim)
    axes.set_ylim(ylim)
    if legend:
        axes.legend(legend)
    axes.grid()


def plot(
    X: npt.ArrayLike,
    Y: npt.ArrayLike | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    legend: Sequence[str] | None = None,
    xlim: tuple[float, float] | None = None,
    ylim: tuple[float, float] | None = None,
    xscale: str = "linear",
    yscale: str = "linear",
    fmts: Sequence[str] = ("-", "m--", "g-.", "r:"),
    figsize: tuple[float, float] = (3.5, 2.5),
    axes: Axes | None = None,
) -> Axes:
    """绘制一条或多条曲线，返回所用的 Axes。

    Parameters
    ----------
    X : 类数组
        横坐标：一维数组（一条曲线）、二维数组（每行一条）或数组的列表。
        只给一组时为所有曲线共用；省略 Y 时 X 被当作纵坐标，横坐标为下标。
    Y : 类数组, 可选
        纵坐标，形式同 X。
    xlabel, ylabel : str, 可选
        坐标轴标签。
    legend : list of str, 可选
        图例，每条曲线一个标签。
    xlim, ylim : (float, float), 可选
        坐标轴范围。
    xscale, yscale : str, 默认 'linear'
        坐标轴刻度，如 'linear'、'log'。
    fmts : list of str, 默认 ('-', 'm--', 'g-.', 'r:')
        各曲线的格式；曲线比格式多时循环使用。
    figsize : (float, float), 默认 (3.5, 2.5)
        图像大小（英寸）。
    axes : matplotlib.axes.Axes, 可选
        画在哪个坐标轴上；默认为当前坐标轴 ``plt.gca()``。它会先被清空。

    Returns
    -------
    matplotlib.axes.Axes
        画好曲线的坐标轴。

    Raises
    ------
    TypeError, ValueError
        任何参数不合要求；此时图像和全局设置都不会被改动。
    """
    curves = as_curves(X, Y)
    legend = check_legend(legend, len(curves))
    fmts = check_fmts(fmts)
    check_scale("xscale", xscale)
    check_scale("yscale", yscale)
    xlim, ylim = check_lim("xlim", xlim), check_lim("ylim", ylim)
    set_figsize(figsize)
    if axes is None:
        axes = plt.gca()
    axes.cla()
    for (x, y), fmt in zip(curves, itertools.cycle(fmts)):
        axes.plot(x, y, fmt)
    set_axes(axes, xlabel, ylabel, xlim, ylim, xscale, yscale, legend)
    return axes
