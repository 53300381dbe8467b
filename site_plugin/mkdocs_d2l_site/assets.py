"""MathJax from the ``django-static-mathjax`` wheel (PyPI), copied into the site at build time.

Nothing third-party is committed to the repository and the reader's browser never asks another
host: the scripts and fonts are served from the site's own origin.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from mkdocs.config.config_options import ExtraScriptValue

#: Where MathJax lives inside the site.
SITE_PATH = "assets/mathjax"

_CONFIG = Path(__file__).with_name("mathjax-config.js")
# The combined tex-chtml.js (1.16 MB) carries a 426 KB context menu and TeX packages the book
# never uses. The loader in startup.js fetches just these (listed again in mathjax-config.js),
# about 760 KB in all; the CHTML fonts are fetched on demand. ui/lazy typesets a formula only
# when it scrolls into view: a long chapter no longer blocks a phone's main thread for seconds.
#: What MathJax's loader fetches after startup.js, given mathjax-config.js (benchmarks count it).
LOADER_FETCHES = (
    "core.js",
    "input/tex-base.js",
    "input/tex/extensions/ams.js",
    "input/tex/extensions/noundefined.js",
    "output/chtml.js",
    "output/chtml/fonts/tex.js",
    "a11y/assistive-mml.js",
    "ui/lazy.js",
)
_COMPONENTS = ("startup.js", *LOADER_FETCHES, "output/chtml/fonts/woff-v2")
_SCRIPT = re.compile(rf'<script[^>]*src="[^"]*{SITE_PATH}/[^"]+"[^>]*></script>\s*')
_MATH = re.compile(r'class="arithmatex"|\$[^$<]+\$|\\\(|\\\[')


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


def mathjax_scripts() -> list[ExtraScriptValue]:
    """Script entries for ``extra_javascript``: our config first, then MathJax, both deferred."""
    scripts = []
    for name in ("config.js", "startup.js"):
        script = ExtraScriptValue(f"{SITE_PATH}/{name}")
        script.defer = True
        scripts.append(script)
    return scripts


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
    shutil.copyfile(_CONFIG, target / "config.js")


def has_math(html: str) -> bool:
    """Whether a page body holds TeX for MathJax: arithmatex markup or $…$ in notebook text."""
    return bool(_MATH.search(html))


def without_mathjax(page_html: str) -> str:
    """The page without the MathJax script tags."""
    return _SCRIPT.sub("", page_html)
