"""包的顶层：书中写 ``import d2l_helpers as d2l`` 后用到的名字。"""

from __future__ import annotations

from matplotlib import pyplot

import d2l_helpers as d2l


def test_all_is_sorted_and_complete() -> None:
    assert d2l.__all__ == sorted(d2l.__all__)
    for name in d2l.__all__:
        assert hasattr(d2l, name), name


def test_plt_is_pyplot() -> None:
    assert d2l.plt is pyplot
    d2l.plt.rcParams["figure.figsize"] = (4, 3)
    assert list(pyplot.rcParams["figure.figsize"]) == [4.0, 3.0]


def test_version_is_a_string() -> None:
    assert isinstance(d2l.__version__, str)
    assert d2l.__version__
