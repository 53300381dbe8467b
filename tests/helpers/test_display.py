"""显示设置：SVG 显示只在 IPython 中生效；图像大小先检查再设置。"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from matplotlib import pyplot as plt

import d2l_helpers as d2l

RunPython = Callable[..., Any]


def test_set_figsize_sets_rcparams() -> None:
    d2l.set_figsize((5, 4))
    assert list(plt.rcParams["figure.figsize"]) == [5.0, 4.0]


def test_set_figsize_default_is_the_books() -> None:
    d2l.set_figsize()
    assert list(plt.rcParams["figure.figsize"]) == [3.5, 2.5]
    assert plt.figure().get_size_inches().tolist() == [3.5, 2.5]


def test_use_svg_display_in_plain_python_does_nothing(run_python: RunPython) -> None:
    run_python(
        "import sys\n"
        "import d2l_helpers as d2l\n"
        "d2l.use_svg_display()\n"
        "d2l.set_figsize((4, 3))\n"
        "assert list(d2l.plt.rcParams['figure.figsize']) == [4.0, 3.0]\n"
        "assert 'IPython' not in sys.modules, 'IPython should not be imported'\n"
        "assert 'matplotlib_inline' not in sys.modules\n"
    )


def test_use_svg_display_without_ipython_installed(run_python: RunPython) -> None:
    run_python(
        "import sys\n"
        "sys.modules['IPython'] = None  # import IPython now raises ImportError\n"
        "import d2l_helpers as d2l\n"
        "d2l.use_svg_display()\n"
        "d2l.set_figsize()\n"
        "d2l.plot([1, 2, 3])\n"
    )


def test_use_svg_display_with_ipython_imported_but_no_shell(run_python: RunPython) -> None:
    run_python(
        "import IPython\n"
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "import d2l_helpers as d2l\n"
        "d2l.use_svg_display()\n"
        "assert IPython.get_ipython() is None\n"
        "assert not InteractiveShell.initialized(), 'no shell may be created'\n"
    )


def test_use_svg_display_inside_ipython_selects_svg(run_python: RunPython) -> None:
    # 不把警告当错误：matplotlib 3.7 与 IPython ≥ 8.24 搭配时，matplotlib 自己会触发
    # IPython 的 DeprecationWarning（backend2gui），与本包无关。
    result = run_python(
        "from IPython.core.interactiveshell import InteractiveShell\n"
        "from matplotlib.figure import Figure\n"
        "shell = InteractiveShell.instance()\n"
        "import d2l_helpers as d2l\n"
        "d2l.use_svg_display()\n"
        "formatters = shell.display_formatter.formatters\n"
        "print(sorted(m for m, f in formatters.items() if Figure in f.type_printers))\n",
        warnings_as_errors=False,
    )
    assert result.stdout.strip() == "['image/svg+xml']"
