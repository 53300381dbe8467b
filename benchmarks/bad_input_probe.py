"""Count how d2l_helpers answers the mistakes students make (issue 19): clear / unclear / silent / crash.

    python benchmarks/bad_input_probe.py            # the installed (or importable) d2l_helpers
    python benchmarks/bad_input_probe.py --verbose  # one line per call: outcome and message

Every call below is a mistake. Each row names the words a clear answer must contain (the
argument, or the bad value; for the mistakes left to Python, the bad value's type as Python
names it: "bad operand type for abs(): 'NoneType'") and whether returning normally is the
documented behaviour.
An outcome is:

- clear:    an exception with a one-line message containing one of the row's words (as a word:
            "n" must stand alone, not inside "instances");
- warning:  no exception, but a warning containing one of the row's words;
- handled:  returns normally, and the row says that is the documented behaviour;
- unclear:  an exception (or warning) whose message names neither the argument nor the value,
            or spans several lines;
- silent:   returns normally with no warning, although the call is a mistake;
- crash:    MemoryError, or more than TIME_LIMIT seconds (address space is capped at 4 GiB).

Independently, every call that raises is checked for changes to the caller's state: the axes
it was given (lines, title), rcParams["figure.figsize"] and pyplot's current figure.
"""

from __future__ import annotations

import argparse
import math
import re
import resource
import signal
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import matplotlib

matplotlib.use("Agg")

import numpy as np
from matplotlib import pyplot as plt

import d2l_helpers as d2l

TIME_LIMIT = 5  # seconds
nan, inf = math.nan, math.inf
x = np.arange(0, 3, 0.1)


def f(x: Any) -> Any:
    return 3 * x**2 - 4 * x


def no_return(x: Any) -> None:  # a student forgot `return`
    3 * x**2


@dataclass
class Row:
    id: str
    call: Callable[[Any], object]  # gets the caller's axes
    words: tuple[str, ...]
    documented: bool = False  # returning normally is the documented behaviour


def P(id: str, words: tuple[str, ...], *args: Any, documented: bool = False, **kw: Any) -> Row:
    """A call of d2l.plot; the axes argument, when given as "AX", is the caller's axes."""

    def call(ax: Any) -> object:
        kwargs = {k: (ax if isinstance(v, str) and v == "AX" else v) for k, v in kw.items()}
        return d2l.plot(*args, **kwargs)

    return Row(f"plot:{id}", call, words, documented)


Y2 = [f(x), 2 * x - 3]
ROWS = [
    # ------------------------------------------------------------- plot: the data
    P("scalar", ("X",), 5),
    P("None", ("X",), None),
    P("empty", ("X", "没有点"), []),
    P("empty-Y", ("Y", "没有点"), x, []),
    P("str-X", ("'abc'",), "abc"),
    P("str-Y", ("'abc'",), x, "abc"),
    P("strings-in-Y", ("'a'",), x[:2], ["a", "b"]),
    P("function-not-values", ("function",), x, f),
    P("functions-not-values", ("function",), x, [f, f]),
    P("dict", ("dict",), {"a": 1}),
    P("short-Y", ("形状", "shape"), x, [1, 2, 3]),
    P("short-X", ("形状", "shape"), x[:5], f(x)),
    P("ragged-Y", ("形状", "shape"), x, [f(x), x[:5]]),
    P("3-d", ("形状", "shape"), np.zeros((2, 2, 2))),
    P("3-d-Y", ("形状", "shape"), x, np.zeros((3, 30, 2))),
    P("column-Y", ("形状", "shape"), x, f(x).reshape(-1, 1)),
    P("column-X", ("形状", "shape"), x.reshape(-1, 1), f(x)),
    P("2-X-1-Y", ("形状", "shape"), [[1, 2], [3, 4], [5, 6]], [[1, 2], [3, 4]]),
    P("complex-Y", ("complex", "imaginary"), x, f(x) + 1j),
    P("None-in-Y", (), [0, 1, 2], [1, None, 3], documented=True),  # a gap, as NaN
    P("nan-in-Y", (), [0, 1, 2], [1, nan, 3], documented=True),
    # ------------------------------------------------------------- plot: legend
    P("legend-str", ("legend",), x, Y2, legend="f(x)"),
    P("legend-str-positional", ("legend",), x, Y2, "x", "f(x)", "f(x)"),
    P("legend-too-few", ("legend",), x, Y2, legend=["a"]),
    P("legend-too-many", ("legend",), x, Y2, legend=["a", "b", "c"]),
    P("legend-int", ("legend",), x, Y2, legend=5),
    P("legend-empty", (), x, Y2, legend=[], documented=True),
    # ------------------------------------------------------------- plot: fmts
    P("fmts-str", ("fmts",), x, Y2, fmts="r--"),
    P("fmts-empty", ("fmts",), x, Y2, fmts=[]),
    P("fmts-None", ("fmts",), x, Y2, fmts=None),
    P("fmts-int", ("fmts",), x, Y2, fmts=5),
    P("fmts-invalid", ("fmts", "'zz'"), x, Y2, fmts=["zz"]),
    P("fmts-invalid-second", ("fmts", "'zz'"), x, Y2, fmts=["-", "zz"]),
    P("fmts-int-item", ("fmts",), x, Y2, fmts=["-", 5]),
    P("fmts-too-many", (), x, Y2, fmts=["-", "r:", "g", "b"], documented=True),
    P("fmts-fewer-than-curves", (), x, [x, 2 * x, 3 * x], fmts=["-"], documented=True),
    # ------------------------------------------------------------- plot: limits and scales
    P("xlim-nan", ("xlim", "NaN"), x, f(x), xlim=(nan, 1)),
    P("xlim-inf", ("xlim", "Inf"), x, f(x), xlim=(0, inf)),
    P("ylim-nan", ("ylim", "NaN"), x, f(x), ylim=[nan, nan]),
    P("xlim-str", ("xlim",), x, f(x), xlim="abc"),
    P("xlim-number", ("xlim",), x, f(x), xlim=5),
    P("xlim-one", ("xlim",), x, f(x), xlim=(1,)),
    P("xlim-three", ("xlim",), x, f(x), xlim=(0, 1, 2)),
    P("xlim-strings", ("xlim",), x, f(x), xlim=("a", "b")),
    P("ylim-str-item", ("ylim",), x, f(x), ylim=(0, "a")),
    P("xlim-equal", ("xlim", "xlims"), x, f(x), xlim=(1, 1)),  # matplotlib warns and widens
    P("xlim-reversed", (), x, f(x), xlim=(3, 0), documented=True),  # inverted axis
    P("xlim-0-on-log", ("xlim",), x + 1, f(x), xlim=(0, 3), xscale="log"),
    P("xscale-typo", ("xscale", "'loga'"), x, f(x), xscale="loga"),
    P("xscale-case", ("xscale", "'Log'"), x, f(x), xscale="Log"),
    P("yscale-None", ("None", "yscale"), x, f(x), yscale=None),
    P("log-of-zero", (), x, f(x), xscale="log", documented=True),  # matplotlib clips x <= 0 (to the edge)
    # ------------------------------------------------------------- plot: figsize and axes
    P("figsize-negative", ("figsize",), x, f(x), figsize=(-1, 2)),
    P("figsize-zero", ("figsize",), x, f(x), figsize=(0, 2)),
    P("figsize-nan", ("figsize",), x, f(x), figsize=(nan, 2)),
    P("figsize-inf", ("figsize",), x, f(x), figsize=(inf, 2)),
    P("figsize-one", ("figsize",), x, f(x), figsize=(3,)),
    P("figsize-str", ("figsize", "'str'"), x, f(x), figsize="abc"),
    P("figsize-None", ("figsize", "'NoneType'"), x, f(x), figsize=None),
    P("figsize-number", ("figsize", "'int'"), x, f(x), figsize=3),
    P("axes-str", ("axes",), x, f(x), axes="ax"),
    P("axes-array", ("axes",), x, f(x), axes=np.array([None, None])),
    P("axes-figure", ("axes",), x, f(x), axes=plt.Figure()),
    P("fmts-invalid-on-axes", ("fmts", "'zz'"), x, f(x), fmts=["zz"], axes="AX"),
    P("xlim-nan-on-axes", ("xlim", "NaN"), x, f(x), xlim=(nan, 1), axes="AX"),
    P("figsize-negative-on-axes", ("figsize",), x, f(x), figsize=(-1, 2), axes="AX"),
    # ------------------------------------------------------------- set_axes, set_figsize
    Row("set_axes:legend-str", lambda ax: d2l.set_axes(ax, "x", "y", None, None, "linear", "linear", "abc"), ("legend",)),
    Row("set_axes:xlim-str", lambda ax: d2l.set_axes(ax, "x", "y", "abc", None, "linear", "linear", None), ("xlim",)),
    Row("set_axes:ylim-nan", lambda ax: d2l.set_axes(ax, "x", "y", None, (nan, 1), "linear", "linear", None), ("ylim", "NaN")),
    Row("set_axes:xscale", lambda ax: d2l.set_axes(ax, "x", "y", None, None, "loga", "linear", None), ("xscale", "'loga'")),
    Row("set_figsize:negative", lambda ax: d2l.set_figsize((-1, 2)), ("figsize",)),
    Row("set_figsize:number", lambda ax: d2l.set_figsize(3), ("figsize", "'int'")),
    Row("set_figsize:str", lambda ax: d2l.set_figsize("abc"), ("figsize", "'str'")),
    Row("set_figsize:nan", lambda ax: d2l.set_figsize((nan, 2)), ("figsize",)),
    Row("set_figsize:None", lambda ax: d2l.set_figsize(None), ("figsize", "'NoneType'")),
    # ------------------------------------------------------------- numerical_lim
    Row("numerical_lim:h-None", lambda ax: d2l.numerical_lim(f, 1, None), ("h", "'NoneType'")),
    Row("numerical_lim:h-str", lambda ax: d2l.numerical_lim(f, 1, "0.1"), ("h", "'str'")),
    Row("numerical_lim:h-nan", lambda ax: d2l.numerical_lim(f, 1, nan), ("h",)),
    Row("numerical_lim:h-inf", lambda ax: d2l.numerical_lim(f, 1, inf), ("h",)),
    Row("numerical_lim:h-0", lambda ax: d2l.numerical_lim(f, 1, 0), ("division by zero",)),
    Row("numerical_lim:h-0-array", lambda ax: d2l.numerical_lim(f, np.array([1.0, 2.0]), 0), ("divide",)),
    Row("numerical_lim:h-tiny", lambda ax: d2l.numerical_lim(f, 1, 1e-20), ("h=1e-20",)),
    Row("numerical_lim:f-not-callable", lambda ax: d2l.numerical_lim(3, 1, 0.1), ("callable",)),
    Row("numerical_lim:x-None", lambda ax: d2l.numerical_lim(f, None, 0.1), ("x",)),
    # ------------------------------------------------------------- numerical_gradient
    Row("numerical_gradient:h-0", lambda ax: d2l.numerical_gradient(f, 1.0, h=0), ("h",)),
    Row("numerical_gradient:h-negative", lambda ax: d2l.numerical_gradient(f, 1.0, h=-1e-5), ("h",)),
    Row("numerical_gradient:h-tiny", lambda ax: d2l.numerical_gradient(f, 1.0, h=1e-20), ("h=1e-20",)),
    Row("numerical_gradient:h-None", lambda ax: d2l.numerical_gradient(f, 1.0, h=None), ("h",)),
    Row("numerical_gradient:h-nan", lambda ax: d2l.numerical_gradient(f, 1.0, h=nan), ("h",)),
    Row("numerical_gradient:h-inf", lambda ax: d2l.numerical_gradient(f, 1.0, h=inf), ("h",)),
    Row("numerical_gradient:h-str", lambda ax: d2l.numerical_gradient(f, 1.0, h="0.1"), ("h",)),
    Row("numerical_gradient:x-None", lambda ax: d2l.numerical_gradient(f, None), ("x",)),
    Row("numerical_gradient:x-str", lambda ax: d2l.numerical_gradient(f, "abc"), ("'abc'",)),
    Row("numerical_gradient:x-nan", lambda ax: d2l.numerical_gradient(f, [1.0, nan]), ("x",)),
    Row("numerical_gradient:f-no-return", lambda ax: d2l.numerical_gradient(no_return, [1.0, 2.0]), ("f",)),
    Row("numerical_gradient:f-returns-str", lambda ax: d2l.numerical_gradient(lambda x: "abc", [1.0]), ("f",)),
    Row("numerical_gradient:f-not-callable", lambda ax: d2l.numerical_gradient(3, [1.0]), ("callable",)),
    Row("numerical_gradient:1e5-points", lambda ax: d2l.numerical_gradient(lambda x: x @ x, np.ones(10**5)), ("x",)),
    Row("numerical_gradient:huge-jacobian", lambda ax: d2l.numerical_gradient(lambda x: np.ones(5_000) * x.sum(), np.ones(5_000)), ("f(x)",)),
    # ------------------------------------------------------------- the polygons
    Row("inscribed_polygon_area:n-float", lambda ax: d2l.inscribed_polygon_area(3.5), ("n",)),
    Row("inscribed_polygon_area:n-2", lambda ax: d2l.inscribed_polygon_area(2), ("n",)),
    Row("inscribed_polygon_area:n-negative", lambda ax: d2l.inscribed_polygon_area(-5), ("n",)),
    Row("inscribed_polygon_area:n-None", lambda ax: d2l.inscribed_polygon_area(None), ("n",)),
    Row("inscribed_polygon_area:n-str", lambda ax: d2l.inscribed_polygon_area("6"), ("n",)),
    Row("inscribed_polygon_area:n-nan", lambda ax: d2l.inscribed_polygon_area(nan), ("n",)),
    Row("inscribed_polygon_area:radius-negative", lambda ax: d2l.inscribed_polygon_area(6, radius=-1), ("radius",)),
    Row("inscribed_polygon_area:radius-0", lambda ax: d2l.inscribed_polygon_area(6, radius=0), ("radius",)),
    Row("inscribed_polygon_area:radius-nan", lambda ax: d2l.inscribed_polygon_area(6, radius=nan), ("radius",)),
    Row("inscribed_polygon_area:radius-str", lambda ax: d2l.inscribed_polygon_area(6, radius="1"), ("radius",)),
    Row("inscribed_polygon_area:radius-None", lambda ax: d2l.inscribed_polygon_area(6, None), ("radius",)),
    Row("draw_inscribed_polygon:n-nan", lambda ax: d2l.draw_inscribed_polygon(ax, nan), ("n",)),
    Row("draw_inscribed_polygon:n-1e9", lambda ax: d2l.draw_inscribed_polygon(ax, 10**9), ("n",)),
    Row("draw_inscribed_polygon:n-float", lambda ax: d2l.draw_inscribed_polygon(ax, 3.5), ("n",)),
    Row("draw_inscribed_polygon:n-2", lambda ax: d2l.draw_inscribed_polygon(ax, 2), ("n",)),
    Row("draw_inscribed_polygon:n-str", lambda ax: d2l.draw_inscribed_polygon(ax, "6"), ("n",)),
    Row("draw_inscribed_polygon:radius-negative", lambda ax: d2l.draw_inscribed_polygon(ax, 6, radius=-1), ("radius",)),
    Row("draw_inscribed_polygon:radius-inf", lambda ax: d2l.draw_inscribed_polygon(ax, 6, radius=inf), ("radius",)),
    Row("draw_inscribed_polygon:axes-array", lambda ax: d2l.draw_inscribed_polygon(np.array([ax, ax]), 6), ("axes",)),
    Row("draw_inscribed_polygon:axes-None", lambda ax: d2l.draw_inscribed_polygon(None, 6), ("axes",)),
]  # fmt: skip


class TimeLimit(Exception):
    pass


def on_alarm(signum: int, frame: object) -> None:
    raise TimeLimit


def names(row: Row, message: str) -> bool:
    """Does the message name the argument or the value (one of the row's words, as a word)?"""
    return any(re.search(rf"(?<![A-Za-z_]){re.escape(w)}(?![A-Za-z_])", message) for w in row.words)


def probe(row: Row) -> tuple[str, str, bool]:
    """(outcome, message, state changed) for one call, on a fresh figure with known state."""
    plt.close("all")
    plt.rcParams["figure.figsize"] = (6.0, 4.0)
    fig = plt.figure()
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1])
    ax.set_title("keep")
    raised = False
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        signal.alarm(TIME_LIMIT)
        try:
            row.call(ax)
        except (TimeLimit, MemoryError) as e:
            signal.alarm(0)
            return "crash", type(e).__name__, False
        except Exception as e:  # noqa: BLE001 -- every failure is what the probe counts
            raised, message = True, f"{type(e).__name__}: {e}"
        finally:
            signal.alarm(0)
    changed = raised and (
        len(ax.get_lines()) != 1
        or ax.get_title() != "keep"
        or list(plt.rcParams["figure.figsize"]) != [6.0, 4.0]
        or plt.get_fignums() != [fig.number]
        or plt.gcf() is not fig
    )
    if raised:
        clear = "\n" not in message.strip() and names(row, message)
        return ("clear" if clear else "unclear"), message, changed
    if caught:
        text = " | ".join(f"{w.category.__name__}: {w.message}" for w in caught)
        return ("warning" if names(row, text) else "unclear"), text, False
    return ("handled" if row.documented else "silent"), "returned normally", False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="one line per call")
    args = parser.parse_args()
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, hard))
    signal.signal(signal.SIGALRM, on_alarm)
    counts: Counter[str] = Counter()
    changed_state = []
    for row in ROWS:
        outcome, message, changed = probe(row)
        counts[outcome] += 1
        if changed:
            changed_state.append(row.id)
        if args.verbose:
            flag = " [STATE CHANGED]" if changed else ""
            print(f"{outcome:8} {row.id:42} {message.splitlines()[0][:110]}{flag}")
    print(f"d2l_helpers from {d2l.__file__}")
    print(f"{len(ROWS)} bad calls: " + ", ".join(f"{k} {counts[k]}" for k in
          ("clear", "warning", "handled", "unclear", "silent", "crash")))  # fmt: skip
    print(f"failing calls that changed the caller's state: {len(changed_state)}")
    for row_id in changed_state:
        print(f"  {row_id}")


if __name__ == "__main__":
    main()
