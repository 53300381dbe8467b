"""The live-code kernel (the Python that runs each cell in the browser), tested in CPython.

It is plain Python, so how a cell's outputs are made — Jupyter's display of the last value, the
trailing ``;``, magics, short errors, figures — is checked here, cheaply; the browser tests
only check what needs Pyodide and a page.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import matplotlib
import pytest

import mkdocs_d2l_site.livecode

KERNEL_PY = Path(mkdocs_d2l_site.livecode.__file__).with_name("static") / "kernel.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("d2l_live_kernel", KERNEL_PY)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


kernel = _load()


def run(*cells: str) -> list[tuple[str, str]]:
    """Every output of running ``cells`` in order in one kernel, as (kind, text)."""
    outputs: list[tuple[str, str]] = []
    k = kernel.Kernel()
    for source in cells:
        k.run(source, lambda kind, text: outputs.append((kind, text)))
    return [(kind, text) for kind, text in outputs if text]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("1 + 1", [("result", "2")]),
        ("x = 3\nx * 2", [("result", "6")]),
        ("'a'", [("result", "'a'")]),
        ("1 + 1;", []),
        ("1 + 1;  # a comment after the semicolon", []),
        ("x = [1];\nx", [("result", "[1]")]),
        ("None", []),
        ("print('hi')", [("stdout", "hi"), ("stdout", "\n")]),
        ("for i in range(2):\n    i", []),
    ],
)
def test_the_last_expression_is_shown_as_jupyter_does(
    source: str, expected: list[tuple[str, str]]
) -> None:
    assert run(source) == expected


def test_cells_share_one_namespace_and_future_imports() -> None:
    # The first cell of a chapter imports annotations; later cells' annotations are not evaluated.
    outputs = run(
        "from __future__ import annotations\nh = 0.1",
        "def g(x: NotDefinedAnywhere) -> float:\n    return x + h\ng(1)",
    )
    assert outputs == [("result", "1.1")]


def test_matplotlib_inline_is_accepted_and_other_magics_are_named() -> None:
    outputs = run("%matplotlib inline\n!pip install numpy\n%timeit 1\nx = 1\nx")
    assert outputs == [
        (
            "stderr",
            "第 2 行 '!pip install numpy' 是 IPython 命令，浏览器中的 Python 不支持，已跳过\n",
        ),
        ("stderr", "第 3 行 '%timeit 1' 是 IPython 命令，浏览器中的 Python 不支持，已跳过\n"),
        ("result", "1"),
    ]


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (["y = 1 / 0"], "第 1 行：y = 1 / 0\nZeroDivisionError: division by zero"),
        (
            ["a = 1\nb = undefined_name"],
            "第 2 行：b = undefined_name\nNameError: name 'undefined_name' is not defined",
        ),
        # The line in the cell that raised, not a line deep inside a library.
        (["import json\njson.loads('{')"], "第 2 行：json.loads('{')"),
        (["def f():\n    raise ValueError('bad h')", "f()"], "第 1 行：f()\nValueError: bad h"),
        (["if True\n    pass"], "第 1 行：if True\nSyntaxError: expected ':'"),
        (["raise SystemExit(3)"], "第 1 行：raise SystemExit(3)\nSystemExit: 3"),
    ],
)
def test_an_exception_becomes_a_short_message(cells: list[str], message: str) -> None:
    errors = [text for kind, text in run(*cells) if kind == "error"]
    assert len(errors) == 1
    assert errors[0].startswith(message)
    assert "Traceback" not in errors[0]


def test_output_before_an_error_is_kept_in_order() -> None:
    outputs = run("print('before')\n1 / 0")
    assert [kind for kind, _ in outputs] == ["stdout", "stdout", "error"]


def test_figures_left_open_are_shown_as_svg_and_closed() -> None:
    matplotlib.use("agg")
    from matplotlib import pyplot as plt

    outputs = run("from matplotlib import pyplot as plt\nplt.plot([1, 2], [3, 4]);")
    assert [kind for kind, _ in outputs] == ["figure"]
    assert "<svg" in outputs[0][1]
    assert plt.get_fignums() == []


def test_a_cell_that_raises_still_shows_what_it_drew() -> None:
    matplotlib.use("agg")
    outputs = run("from matplotlib import pyplot as plt\nplt.plot([1, 2])\n1 / 0")
    assert [kind for kind, _ in outputs] == ["error", "figure"]


@pytest.mark.parametrize(
    ("drawing", "message"),
    [
        ('plt.xlabel("$x^$")', "无法画出第 1 张图：ValueError: "),  # mathtext fails when drawn
        (
            (
                "from matplotlib.artist import Artist\n"
                "class Bad(Artist):\n"
                "    def draw(self, renderer):\n"
                "        raise RuntimeError('cannot draw')\n"
                "plt.gca().add_artist(Bad())"
            ),
            "无法画出第 1 张图：RuntimeError: cannot draw",
        ),
    ],
)
def test_a_figure_that_cannot_be_drawn_is_a_one_line_error(drawing: str, message: str) -> None:
    """The other figures are still shown, every figure is closed, and the run reports failure."""
    matplotlib.use("agg")
    from matplotlib import pyplot as plt

    outputs: list[tuple[str, str]] = []
    source = f"from matplotlib import pyplot as plt\nplt.plot([1, 2])\n{drawing}\nplt.figure();"
    ok = kernel.Kernel().run(source, lambda kind, text: outputs.append((kind, text)))
    assert ok is False
    assert [kind for kind, _ in outputs] == ["error", "figure"]
    assert outputs[0][1].startswith(message)
    assert "\n" not in outputs[0][1]
    assert plt.get_fignums() == []
