"""MathJax, for the few browsers without MathML Core only, from the ``django-static-mathjax`` wheel.

Every page carries its formulas as MathML (see ``formulas``). A browser that lacks
``MathMLElement`` (old Android WebViews, some in-app browsers) gets MathJax's MathML input and
CHTML output instead, loaded by a few inline lines in ``overrides/partials/math-scripts.html``.
Those files are copied into the site at build time: nothing third-party is committed and the
reader's browser never asks another host.
"""

from __future__ import annotations

import shutil
from pathlib import Path

#: Where MathJax lives inside the site.
SITE_PATH = "assets/mathjax"

# startup.js's loader fetches these for `loader.load: ["input/mml", "output/chtml"]`; the TeX
# input, the menu and the accessibility extensions are not needed to draw MathML.
#: What MathJax's loader fetches after startup.js (benchmarks count it).
LOADER_FETCHES = (
    "core.js",
    "input/mml.js",
    "output/chtml.js",
    "output/chtml/fonts/tex.js",
)
_COMPONENTS = ("startup.js", *LOADER_FETCHES, "output/chtml/fonts/woff-v2")


class MathJaxMissingError(RuntimeError):
    pass


def mathjax_root() -> Path:
    """The ``es5`` folder of the installed MathJax 3 distribution."""
    try:
        import mathjax  # provided by django-static-mathjax
    except ImportError as error:  # pragma: no cover - guarded by the dependency
        raise MathJaxMissingError(
            "找不到 MathJax：请安装 django-static-mathjax（nox -s docs 会自动安装）"
        ) from error
    root = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
    missing = [part for part in _COMPONENTS if not (root / part).exists()]
    if missing:
        raise MathJaxMissingError(f"MathJax 安装不完整：{root} 里缺少 {', '.join(missing)}")
    return root


def copy_mathjax(site_dir: Path) -> None:
    root = mathjax_root()
    target = site_dir / SITE_PATH
    for part in _COMPONENTS:
        source = root / part
        if source.is_dir():
            shutil.copytree(source, target / part, dirs_exist_ok=True)
        else:
            (target / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / part)
