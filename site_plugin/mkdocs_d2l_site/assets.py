"""MathJax from the ``django-static-mathjax`` wheel (PyPI), copied into the site at build time.

Nothing third-party is committed to the repository and the reader's browser never asks another
host: the scripts and fonts are served from the site's own origin.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.config.config_options import ExtraScriptValue

#: Where MathJax lives inside the site.
SITE_PATH = "assets/mathjax"

_CONFIG = Path(__file__).with_name("mathjax-config.js")
# Only what tex-chtml needs: the component, the fonts it loads and the TeX extensions autoload
# may fetch; the 40 MB package also carries sources, speech rules and other outputs.
_PARTS = ("tex-chtml.js", "output/chtml/fonts/woff-v2", "input/tex/extensions")


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
    if not (root / "tex-chtml.js").is_file():
        raise MathJaxMissingError(f"MathJax 安装不完整：{root} 里没有 tex-chtml.js")
    return root


def mathjax_scripts() -> list[ExtraScriptValue]:
    """Script entries for ``extra_javascript``: our config first, then MathJax, both deferred."""
    scripts = []
    for name in ("config.js", "tex-chtml.js"):
        script = ExtraScriptValue(f"{SITE_PATH}/{name}")
        script.defer = True
        scripts.append(script)
    return scripts


def copy_mathjax(site_dir: Path) -> None:
    root = mathjax_root()
    target = site_dir / SITE_PATH
    for part in _PARTS:
        source = root / part
        if source.is_dir():
            shutil.copytree(source, target / part, dirs_exist_ok=True)
        else:
            (target / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / part)
    shutil.copyfile(_CONFIG, target / "config.js")
