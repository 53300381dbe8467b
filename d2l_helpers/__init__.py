"""《动手学深度学习》2.4 节的辅助函数：``#@save`` 函数、数值梯度与逼近法作图。"""

from importlib.metadata import PackageNotFoundError, version

from matplotlib import pyplot as plt

from d2l_helpers.calculus import numerical_gradient, numerical_lim
from d2l_helpers.display import set_figsize, use_svg_display
from d2l_helpers.geometry import draw_inscribed_polygon, inscribed_polygon_area
from d2l_helpers.plotting import plot, set_axes

try:
    __version__ = version("d2l-helpers")
except PackageNotFoundError:  # 直接从源码目录导入、没有安装时
    __version__ = "0.0.0+unknown"

__all__ = [
    "__version__",
    "draw_inscribed_polygon",
    "inscribed_polygon_area",
    "numerical_gradient",
    "numerical_lim",
    "plot",
    "plt",
    "set_axes",
    "set_figsize",
    "use_svg_display",
]
