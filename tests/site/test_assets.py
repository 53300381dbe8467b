"""MathJax comes from a PyPI package, trimmed to what the config loads, and only where needed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mkdocs_d2l_site import assets, theme_fixes


def test_every_component_the_config_loads_is_copied(tmp_path: Path) -> None:
    assets.copy_mathjax(tmp_path)
    root = tmp_path / assets.SITE_PATH
    config = (root / "config.js").read_text(encoding="utf-8")
    load = re.search(r"load:\s*\[([^\]]*)\]", config)
    assert load is not None
    for name in re.findall(r'"([^"]+)"', load.group(1)):
        path = name.replace("[tex]/", "input/tex/extensions/") + ".js"
        assert (root / path).is_file(), path
    assert (root / "startup.js").is_file()
    assert (root / "output/chtml/fonts/tex.js").is_file()
    assert list((root / "output/chtml/fonts/woff-v2").glob("*.woff"))


def test_trimmed_mathjax_is_much_smaller_than_the_combined_bundle(tmp_path: Path) -> None:
    assets.copy_mathjax(tmp_path)
    scripts = sum(p.stat().st_size for p in (tmp_path / assets.SITE_PATH).rglob("*.js"))
    bundle = (assets.mathjax_root() / "tex-chtml.js").stat().st_size
    assert scripts < 0.7 * bundle


@pytest.mark.parametrize(
    ("body", "math"),
    [
        ('<p class="arithmatex">\\(x\\)</p>', True),
        ("<p>函数 $f(x)$ 的导数</p>", True),
        ("<p>$$f'(x) \\tag{2.4.1}$$</p>", True),
        ("<h2>API 参考</h2><p>plot 返回 Axes。</p>", False),
    ],
)
def test_has_math(body: str, math: bool) -> None:
    assert assets.has_math(body) is math


def test_without_mathjax_removes_only_the_mathjax_scripts() -> None:
    page = (
        '<script src="assets/javascripts/bundle.js"></script>\n'
        '<script defer src="../assets/mathjax/config.js"></script>\n'
        '<script defer src="../assets/mathjax/startup.js"></script>\n'
    )
    assert assets.without_mathjax(page) == '<script src="assets/javascripts/bundle.js"></script>\n'


def test_search_dialog_gets_an_accessible_name() -> None:
    page = '<div class="md-search" data-md-component="search" role="dialog">'
    named = theme_fixes.name_search_dialog(page)
    assert named == (
        '<div class="md-search" data-md-component="search" role="dialog" aria-label="搜索">'
    )
