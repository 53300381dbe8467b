"""图像的显示方式与默认大小。"""

from __future__ import annotations

import sys

from matplotlib import pyplot as plt

from d2l_helpers.validation import check_figsize


def use_svg_display() -> None:
    """在 Jupyter/IPython 中用 SVG 格式显示图像；在普通 Python 进程中什么也不做。"""
    ipython = sys.modules.get("IPython")
    if ipython is None or ipython.get_ipython() is None:
        return  # 不在 IPython 中：不导入 IPython，也不创建 IPython shell
    from matplotlib_inline import backend_inline

    backend_inline.set_matplotlib_formats("svg")


def set_figsize(figsize: tuple[float, float] = (3.5, 2.5)) -> None:
    """设置 matplotlib 图像的默认大小（英寸），并在 Jupyter 中使用 SVG 显示。

    Parameters
    ----------
    figsize : tuple of float, 默认 (3.5, 2.5)
        (宽, 高)，两个有限的正数。

    Raises
    ------
    TypeError, ValueError
        figsize 不是两个有限的正数；此时不改动任何设置。
    """
    figsize = check_figsize(figsize)
    use_svg_display()
    plt.rcParams["figure.figsize"] = figsize
