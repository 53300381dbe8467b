"""在一张图中画出函数曲线。"""

import itertools

import numpy as np
from matplotlib import pyplot as plt

from d2l_helpers.display import set_figsize


def set_axes(axes, xlabel, ylabel, xlim, ylim, xscale, yscale, legend):
    """设置坐标轴的标签、范围、刻度类型和图例，并画上网格。"""
    if isinstance(legend, str):  # 否则 'f(x)' 的字符会被依次用作各条曲线的标签
        raise TypeError(f"legend 应是标签的列表，例如 [{legend!r}]，而不是字符串")
    for name, lim in (("xlim", xlim), ("ylim", ylim)):  # 'abc' 或 5 会被 matplotlib 误读
        if lim is not None and (np.shape(lim) != (2,) or np.asarray(lim).dtype.kind not in "iuf"):
            raise ValueError(f"{name} 应是 (下限, 上限) 两个数或 None，收到 {lim!r}")
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    axes.set_xscale(xscale)
    axes.set_yscale(yscale)
    axes.set_xlim(xlim)
    axes.set_ylim(ylim)
    if legend:
        axes.legend(legend)
    axes.grid()


def plot(X, Y=None, xlabel=None, ylabel=None, legend=None, xlim=None,
         ylim=None, xscale="linear", yscale="linear",
         fmts=("-", "m--", "g-.", "r:"), figsize=(3.5, 2.5), axes=None):  # fmt: skip
    """画出一条或多条曲线，返回所用的坐标轴。X、Y 是一维数组（一条曲线）、二维数组或
    数组的列表（每行、每个数组一条曲线）；省略 Y 时把 X 当作纵坐标。"""

    def curves(data):
        if isinstance(data, (list, tuple)) and len(data) and np.ndim(data[0]) > 0:
            return [np.asarray(d, dtype=float) for d in data]
        data = np.asarray(data, dtype=float)
        return list(data) if data.ndim == 2 else [data]

    def draw(axes):
        axes.cla()
        for x, y, fmt in zip(xs, ys, itertools.cycle(fmts)):
            axes.plot(x, y, fmt)
        set_axes(axes, xlabel, ylabel, xlim, ylim, xscale, yscale, legend)

    ys = curves(X if Y is None else Y)
    xs = [np.arange(y.size) for y in ys] if Y is None else curves(X)
    if len(xs) == 1:
        xs = xs * len(ys)  # 一组横坐标由所有曲线共用
    # 先检查所有参数，再改动图和全局设置：失败的调用什么也不改
    if len(xs) != len(ys) or any(
        x.shape != y.shape or y.ndim != 1 or not y.size for x, y in zip(xs, ys, strict=True)
    ):
        raise ValueError(
            "X、Y 应给出点数相同的非空一维曲线（X 只有一条时为各曲线共用）："
            f"X 的形状 {[x.shape for x in xs]}，Y 的形状 {[y.shape for y in ys]}"
        )
    if legend is not None and (np.ndim(legend) != 1 or len(legend) not in (0, len(ys))):
        raise ValueError(f"legend 应是每条曲线一个标签的列表（共 {len(ys)} 条），收到 {legend!r}")
    if np.ndim(fmts) != 1 or not len(fmts) or not all(isinstance(s, str) for s in fmts):
        raise ValueError(f"fmts 应是非空的格式字符串列表，例如 ['-', 'm--']，收到 {fmts!r}")
    if axes is not None and not isinstance(axes, plt.Axes):
        raise TypeError(f"axes 应是 matplotlib 的 Axes，收到 {type(axes).__name__}")
    # 先画在一张不显示的草稿图上：格式字符串、坐标范围等有错时，matplotlib 在这里就报错
    draw(plt.Figure().add_subplot())
    set_figsize(figsize)
    axes = axes if axes is not None else plt.gca()
    draw(axes)
    return axes
