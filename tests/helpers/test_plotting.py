"""绘图：画了哪些曲线、数据是什么、格式如何循环，以及出错时什么也不改。"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib import colors
from matplotlib import pyplot as plt
from matplotlib.axes import Axes

import d2l_helpers as d2l


def f(x: Any) -> Any:
    return 3 * x**2 - 4 * x


def lines_data(axes: Axes) -> list[tuple[list[float], list[float]]]:
    return [
        (np.asarray(line.get_xdata()).tolist(), np.asarray(line.get_ydata()).tolist())
        for line in axes.get_lines()
    ]


# ---------------------------------------------------------------- the book's example


def test_tangent_line_example() -> None:
    x = np.arange(0, 3, 0.1)
    ax = d2l.plot(x, [f(x), 2 * x - 3], "x", "f(x)", legend=["f(x)", "Tangent line (x=1)"])
    assert isinstance(ax, Axes)
    assert ax is plt.gca()
    assert len(ax.get_lines()) == 2
    (x0, y0), (x1, y1) = lines_data(ax)
    np.testing.assert_allclose(x0, x)
    np.testing.assert_allclose(x1, x)
    np.testing.assert_allclose(y0, f(x))
    np.testing.assert_allclose(y1, 2 * x - 3)
    assert ax.get_xlabel() == "x"
    assert ax.get_ylabel() == "f(x)"
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["f(x)", "Tangent line (x=1)"]
    assert ax.xaxis.get_gridlines()[0].get_visible()
    assert list(plt.rcParams["figure.figsize"]) == [3.5, 2.5]
    assert plt.gcf().get_size_inches().tolist() == [3.5, 2.5]


def test_headless_script_saves_svg(tmp_path: Path, run_python: Callable[..., Any]) -> None:
    svg = tmp_path / "tangent.svg"
    run_python(
        "import numpy as np\n"
        "import d2l_helpers as d2l\n"
        "def f(x):\n"
        "    return 3 * x ** 2 - 4 * x\n"
        "x = np.arange(0, 3, 0.1)\n"
        "ax = d2l.plot(x, [f(x), 2 * x - 3], 'x', 'f(x)', legend=['f(x)', 'Tangent line (x=1)'])\n"
        f"ax.figure.savefig({str(svg)!r})\n"
        "import matplotlib\n"
        "assert matplotlib.get_backend().lower() == 'agg', matplotlib.get_backend()\n"
    )
    assert svg.exists()
    root = ET.parse(svg).getroot()
    # 曲线画在坐标区内，带 clip-path；图例中的短线与网格线没有这种“蓝色 / 品红”的长路径
    curve_colors = {"#1f77b4": 0, "#bf00bf": 0}
    for path in root.iter("{http://www.w3.org/2000/svg}path"):
        style = path.get("style", "")
        stroke = re.search(r"stroke: (#[0-9a-f]{6})", style)
        if path.get("clip-path") and stroke and stroke.group(1) in curve_colors:
            assert path.get("d", "").count("L") == 29  # 30 个点：1 个 M，29 个 L
            curve_colors[stroke.group(1)] += 1
    assert curve_colors == {"#1f77b4": 1, "#bf00bf": 1}


# ---------------------------------------------------------------- inputs


def test_y_omitted_plots_against_the_index() -> None:
    ax = d2l.plot([4, 5, 6])
    assert lines_data(ax) == [([0, 1, 2], [4, 5, 6])]


def test_shared_x_for_several_y() -> None:
    x = [0, 1, 2]
    ax = d2l.plot(x, [[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    assert lines_data(ax) == [(x, [1, 2, 3]), (x, [4, 5, 6]), (x, [7, 8, 9])]


def test_2d_arrays_plot_one_curve_per_row() -> None:
    X = np.array([[0, 1], [2, 3]])
    Y = np.array([[4, 5], [6, 7]])
    ax = d2l.plot(X, Y)
    assert lines_data(ax) == [([0, 1], [4, 5]), ([2, 3], [6, 7])]


def test_tuple_input() -> None:
    ax = d2l.plot((0, 1, 2), ((1, 2, 3), (3, 2, 1)))
    assert lines_data(ax) == [([0, 1, 2], [1, 2, 3]), ([0, 1, 2], [3, 2, 1])]


class TensorLike:
    """像 PyTorch 张量那样，通过 __array__ 交出数据。"""

    def __init__(self, data: list[float]) -> None:
        self.data = data

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return np.array(self.data, dtype=dtype)


def test_tensor_like_inputs() -> None:
    ax = d2l.plot(TensorLike([0, 1, 2]), [TensorLike([1, 2, 3]), TensorLike([3, 2, 1])])
    assert lines_data(ax) == [([0, 1, 2], [1, 2, 3]), ([0, 1, 2], [3, 2, 1])]


def test_nan_and_inf_are_drawn_as_gaps() -> None:
    ax = d2l.plot([0, 1, 2, 3], [1, np.nan, np.inf, 2])
    assert len(ax.get_lines()) == 1


def test_inputs_are_not_mutated() -> None:
    x = np.arange(4)
    Y: list[Any] = [x**2, [3, 2, 1, 0]]
    ax = d2l.plot(x, Y)
    for line in ax.get_lines():
        np.asarray(line.get_ydata())[:] = -1  # 改动画出的数据不影响调用者的数据
    np.testing.assert_array_equal(x, [0, 1, 2, 3])
    assert x.dtype.kind == "i"
    np.testing.assert_array_equal(Y[0], [0, 1, 4, 9])
    assert Y[1] == [3, 2, 1, 0]


# ---------------------------------------------------------------- formats


def test_default_fmts() -> None:
    ax = d2l.plot([0, 1], [[0, 1], [1, 2], [2, 3], [3, 4]])
    lines = ax.get_lines()
    assert [line.get_linestyle() for line in lines] == ["-", "--", "-.", ":"]
    assert [colors.to_hex(line.get_color()) for line in lines[1:]] == [
        colors.to_hex("m"),
        colors.to_hex("g"),
        colors.to_hex("r"),
    ]


def test_more_curves_than_fmts_cycles_the_fmts() -> None:
    ax = d2l.plot([0, 1], [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5]])
    lines = ax.get_lines()
    assert len(lines) == 5
    assert lines[4].get_linestyle() == lines[0].get_linestyle() == "-"
    assert lines_data(ax)[4] == ([0, 1], [4, 5])


def test_custom_fmts_cycle_with_colors_and_markers() -> None:
    ax = d2l.plot([0, 1], [[0, 1], [1, 2], [2, 3]], fmts=["ro", "b--"])
    styles = [
        (colors.to_hex(line.get_color()), line.get_linestyle(), line.get_marker())
        for line in ax.get_lines()
    ]
    red, blue = colors.to_hex("r"), colors.to_hex("b")
    assert styles == [(red, "None", "o"), (blue, "--", "None"), (red, "None", "o")]


# ---------------------------------------------------------------- axes settings


def test_labels_scales_limits_and_legend() -> None:
    x = np.arange(1, 10)
    ax = d2l.plot(
        x,
        [x, x**2],
        xlabel="x",
        ylabel="y",
        legend=("linear", "square"),
        xlim=(1, 9),
        ylim=(1, 100),
        xscale="log",
        yscale="log",
        figsize=(5, 3),
    )
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("x", "y")
    assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")
    assert ax.get_xlim() == (1.0, 9.0)
    assert ax.get_ylim() == (1.0, 100.0)
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["linear", "square"]
    assert list(plt.rcParams["figure.figsize"]) == [5.0, 3.0]


def test_no_legend_and_no_labels_by_default() -> None:
    ax = d2l.plot([1, 2, 3])
    assert ax.get_legend() is None
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("", "")
    assert (ax.get_xscale(), ax.get_yscale()) == ("linear", "linear")


def test_plot_on_given_axes_clears_it_and_returns_it() -> None:
    _fig, (left, right) = plt.subplots(1, 2)
    left.plot([0, 1], [5, 5])
    left.set_title("old")
    ax = d2l.plot([0, 1], [1, 2], axes=left)
    assert ax is left
    assert lines_data(left) == [([0, 1], [1, 2])]
    assert left.get_title() == ""
    assert right.get_lines() == []


def test_plot_without_axes_uses_current_axes() -> None:
    fig = plt.figure()
    ax = d2l.plot([1, 2])
    assert ax is plt.gca()
    assert ax.figure is fig
    ax2 = d2l.plot([3, 4])
    assert ax2 is ax
    assert lines_data(ax) == [([0, 1], [3, 4])]


def test_set_axes() -> None:
    _fig, ax = plt.subplots()
    ax.plot([1, 2, 3], [1, 4, 9])
    d2l.set_axes(ax, "x", "y", (1, 3), (1, 9), "linear", "log", ["x²"])
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("x", "y")
    assert (ax.get_xlim(), ax.get_ylim()) == ((1.0, 3.0), (1.0, 9.0))
    assert (ax.get_xscale(), ax.get_yscale()) == ("linear", "log")
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["x²"]


def test_a_saved_figure_keeps_its_axis_labels(tmp_path: Path) -> None:
    x = np.arange(0, 3, 0.1)
    ax = d2l.plot(x, [f(x), 2 * x - 3], "x", "f(x)", legend=["f(x)", "Tangent line (x=1)"])
    plt.gcf().savefig(tmp_path / "tangent.svg")  # 读者的保存方式：不加 bbox_inches
    figure = plt.gcf().bbox
    for label in (ax.xaxis.label, ax.yaxis.label):
        box = label.get_window_extent()
        assert figure.contains(box.x0, box.y0), label.get_text()
        assert figure.contains(box.x1, box.y1), label.get_text()
