"""Smoke test of the built wheel, run by `nox -s build` in a fresh venv with nothing else installed.

A plain `python` process (no Jupyter, no IPython, no display) draws the book's tangent-line
example and saves it as SVG.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from importlib import metadata
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

import d2l_helpers as d2l


def f(x: np.ndarray) -> np.ndarray:
    y: np.ndarray = 3 * x**2 - 4 * x
    return y


def check_wheel_contents() -> None:
    """The wheel ships the package, its py.typed marker and metadata: nothing else."""
    files = [str(f) for f in metadata.files("d2l-helpers") or []]
    stray = [f for f in files if not f.startswith(("d2l_helpers/", "d2l_helpers-"))]
    assert stray == [], stray
    assert "d2l_helpers/py.typed" in files
    assert {"d2l_helpers/plotting.pyi", "d2l_helpers/calculus.pyi"} <= set(files)  # the types
    assert metadata.version("d2l-helpers") == d2l.__version__


def main(out: Path) -> None:
    check_wheel_contents()
    assert "IPython" not in sys.modules
    d2l.use_svg_display()  # must be harmless outside Jupyter
    x = np.arange(0, 3, 0.1)
    ax = d2l.plot(x, [f(x), 2 * x - 3], "x", "f(x)", legend=["f(x)", "Tangent line (x=1)"])
    assert len(ax.get_lines()) == 2
    figure = ax.figure
    assert isinstance(figure, Figure), figure  # the plot's own figure, not a subfigure
    figure.savefig(out)
    root = ET.parse(out).getroot()
    assert root.tag.endswith("svg"), root.tag
    assert abs(d2l.numerical_lim(f, 1, 1e-5) - 2.00003) < 1e-9
    print(f"ok: {out} ({out.stat().st_size} bytes), backend {d2l.plt.get_backend()}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
