"""图像的显示方式与默认大小。"""

import sys

import numpy as np
from matplotlib import pyplot as plt


def use_svg_display():
    """在 Jupyter 中用 SVG 格式显示图像；不在 Jupyter 中时什么也不做。"""
    ipython = sys.modules.get("IPython")
    if ipython is not None and ipython.get_ipython() is not None:
        from matplotlib_inline import backend_inline

        backend_inline.set_matplotlib_formats("svg")


def set_figsize(figsize=(3.5, 2.5)):
    """设置 matplotlib 图像的默认大小（英寸），并让坐标轴标签总是完整地留在图内。"""
    if not all(0 < size < np.inf for size in figsize):  # 否则之后新建的每张图都会失败
        raise ValueError(f"figsize 应是 (宽, 高) 两个有限的正数，单位英寸，收到 {figsize!r}")
    use_svg_display()
    plt.rcParams["figure.figsize"] = figsize
    plt.rcParams["figure.autolayout"] = True
