"""The preview (``mkdocs serve``) passes a page whose input has not changed only once: the next
rebuild gets the same HTML and the same effects (meta, formula characters) from its memory."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from pymdownx.slugs import slugify

from mkdocs_d2l_site import page_pipeline
from mkdocs_d2l_site.formulas import Converter
from mkdocs_d2l_site.plugin import D2LSitePlugin

HTML = '<h1 id="t">导数</h1><p>导数 <span class="arithmatex">\\(f\'(x) = 2x\\)</span> 描述曲线的斜率。</p>'


def page(tmp_path: Path) -> tuple[Page, Files, MkDocsConfig]:
    """A new Page for ``docs/slope.md``, as each rebuild makes one."""
    config = MkDocsConfig()
    config.load_dict({"site_name": "测试", "docs_dir": str(tmp_path / "docs")})
    config.validate()
    file = File("slope.md", str(tmp_path / "docs"), str(tmp_path / "site"), True)
    found = Page(None, file, config)
    found.meta = {page_pipeline.CHAPTER: False}
    return found, Files([file]), config


def rebuild(plugin: D2LSitePlugin, tmp_path: Path, html: str) -> tuple[str, Page, set[str]]:
    """One rebuild's on_page_content: the page's HTML, the page, the build's characters."""
    plugin._pages.next_build()
    plugin._build = page_pipeline.Build(
        converter=Converter(),
        slugify=slugify(case="lower"),
        site_dir=tmp_path / "site",
        figures_dir="figures",
        max_output_kb=100,
        live_notice="",
        characters=set(),
    )
    plugin._chapters = {}
    plugin._root = tmp_path
    found, files, config = page(tmp_path)
    out = plugin.on_page_content(html, page=found, config=config, files=files)
    assert out is not None
    return out, found, plugin._build.characters


@pytest.mark.parametrize("serving", [True, False])
def test_an_unchanged_page_is_passed_once_in_the_preview(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serving: bool
) -> None:
    runs = []
    real_run = page_pipeline.run

    def counted(html: str, ctx: page_pipeline.PageContext) -> str:
        runs.append(ctx.page.file.src_uri)
        return real_run(html, ctx)

    monkeypatch.setattr(page_pipeline, "run", counted)
    plugin = D2LSitePlugin()
    plugin._serving = serving
    first, first_page, first_chars = rebuild(plugin, tmp_path, HTML)
    again, again_page, again_chars = rebuild(plugin, tmp_path, HTML)
    assert "<math" in first, "the formula was converted"
    assert first_chars
    assert (again, again_page.meta, again_chars) == (first, first_page.meta, first_chars)
    assert again_page.title == first_page.title
    assert len(runs) == (1 if serving else 2), "mkdocs build never remembers a page"
    changed, _, _ = rebuild(plugin, tmp_path, HTML.replace("2x", "3x"))
    assert changed != first
    assert len(runs) == (2 if serving else 3)
