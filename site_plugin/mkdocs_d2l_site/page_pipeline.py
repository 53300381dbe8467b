"""One page's content, from the renderer's HTML to what the theme templates.

The content is parsed into one tree, the passes below run over it in this order, and it is
serialised once. Each pass reads the page's facts from ``page.meta`` (decided once per page by
the plugin in ``on_page_markdown``; the keys are below) and a chapter's record
(``PageContext.chapter``), and reports problems into the context, which the plugin logs (a
warning or an error fails ``mkdocs build --strict``).

1. ``notebook``: a chapter's cells, rendered by mkdocs-jupyter, rebuilt into Material's
   markup (``notebook_page``); figures are written as files, the TOC and title are replaced.
   ``exercises``: a chapter's checked exercises are marked and their checks folded, and what
   the executed notebook proves about them is checked (``exercises``).
2. ``sliders``: a chapter's explorable figures get their frames, written as files like the
   figures, and the frame list the page's slider script reads (``sliders``).
3. ``under_title``: a chapter's download links and live-code notice, under its ``<h1>``.
4. ``math``: every formula becomes MathML (``formulas``), on every kind of page.
5. ``output_size``: a chapter's text outputs stay within ``max_output_kb``.
6. ``description``: the page's ``<meta name="description">``, from its opening sentences.

The finished, templated page is scanned once more by ``final_page``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from bs4.element import PreformattedString, Tag
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from . import cell_outputs, exercises, formulas, notebook_page
from .chapter_record import ExecutedChapter
from .page_description import opening_sentences
from .sliders import mark_page

#: Keys of ``page.meta`` the plugin sets once per page; templates and passes read them.
CHAPTER = "d2l_chapter"  # an executed notebook (``chapters.is_chapter``)
LIVE = "d2l_live"  # a chapter with code cells: its code can run in the browser
#: {"notebook": "downloads/x.ipynb", "source": "downloads/x.md", "zip": "downloads/….zip"}
DOWNLOADS = "d2l_downloads"
MATH = "d2l_math"  # the page has formulas (set by the math pass)
API = "d2l_api"  # the page documents the helpers (a mkdocstrings block): it needs their styles
SLIDERS = "d2l_sliders"  # a chapter with explorable figures (``sliders``): it loads their script


@dataclass
class Build:
    """What every page of one build shares."""

    converter: formulas.Converter
    slugify: Callable[[str, str], str]
    site_dir: Path
    figures_dir: str
    max_output_kb: int
    #: The live-code notice (the same on every chapter with code in one build).
    live_notice: str
    #: Characters the formulas of all pages draw (``math_assets`` makes the font of them).
    characters: set[str]
    #: The chapter's PDF (site-relative), when the deploy prints it after the build.
    pdf: str | None = None


@dataclass
class PageContext:
    """One page on its way through the passes."""

    page: Page
    files: Files
    build: Build
    #: The chapter's record (``chapter_record``), for chapters.
    chapter: ExecutedChapter | None = None
    #: Each code cell's ``div.d2l-cell`` by its index in the notebook (set by ``notebook``).
    code_blocks: dict[int, Tag] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: The figure files the passes wrote (by name), and the characters its formulas draw.
    figures: dict[str, bytes] = field(default_factory=dict)
    characters: set[str] = field(default_factory=set)

    @property
    def is_chapter(self) -> bool:
        return bool(self.page.meta.get(CHAPTER))

    def relative(self, site_path: str) -> str:
        return get_relative_url(site_path, self.page.url)


Pass = Callable[[BeautifulSoup, PageContext], None]


class RawHTML(PreformattedString):
    """Markup of the site's own, put into the tree as it is written (no parse of its own)."""

    PREFIX = ""
    SUFFIX = ""


def _resolve_link(ctx: PageContext) -> Callable[[str], str | None]:
    src_uri = ctx.page.file.src_uri

    def resolve(href: str) -> str | None:
        parts = urlsplit(href)
        if not parts.path.endswith(".md"):
            return href
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), parts.path))
        file = ctx.files.get_file_from_path(target)
        if file is None:
            return None
        url = ctx.relative(file.url)
        return url + (f"#{parts.fragment}" if parts.fragment else "")

    return resolve


def write_figure(ctx: PageContext, name: str, data: bytes) -> None:
    ctx.figures[name] = data
    target = ctx.build.site_dir / ctx.build.figures_dir / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def notebook(soup: BeautifulSoup, ctx: PageContext) -> None:
    if ctx.chapter is None:
        return
    figures = ctx.build.figures_dir
    rebuilt = notebook_page.rebuild(
        soup,
        ctx.chapter,
        slugify=ctx.build.slugify,
        figure_url=lambda name: ctx.relative(f"{figures}/{name}"),
        resolve_link=_resolve_link(ctx),
    )
    ctx.warnings += rebuilt.warnings
    ctx.code_blocks = rebuilt.code_blocks
    for figure in rebuilt.figures:
        write_figure(ctx, figure.filename, figure.data)
    ctx.page.toc = get_toc(rebuilt.toc_tokens)  # type: ignore[arg-type]
    if rebuilt.title:
        ctx.page.title = rebuilt.title


def checked_exercises(soup: BeautifulSoup, ctx: PageContext) -> None:
    if ctx.chapter is None:
        return
    exercises.mark_page(soup, ctx.chapter.notebook, ctx.code_blocks)
    if ctx.chapter.executed:
        ctx.errors += exercises.problems(ctx.chapter.notebook)


def sliders(soup: BeautifulSoup, ctx: PageContext) -> None:
    if ctx.chapter is None or not ctx.page.meta.get(SLIDERS):
        return
    figures = ctx.build.figures_dir
    files = mark_page(ctx.chapter, ctx.code_blocks, lambda name: ctx.relative(f"{figures}/{name}"))
    for name, data in files.items():
        write_figure(ctx, name, data)


def under_title(soup: BeautifulSoup, ctx: PageContext) -> None:
    downloads = ctx.page.meta.get(DOWNLOADS)
    if not downloads:
        return
    links = [
        (downloads["notebook"], "Jupyter 笔记本（含输出）", ""),
        (downloads["source"], "Markdown 源文件", ""),
        (
            downloads["zip"],
            "全部笔记本（zip）",
            "本章各页的 Jupyter 笔记本（含输出），打包为一个 zip 文件",
        ),
    ]
    if ctx.build.pdf:  # the whole chapter, printed by the deploy after the build
        links.append((ctx.build.pdf, "整章 PDF", "本章各页打印成的一个 PDF 文件"))
    anchors = []
    for path, text, tooltip in links:
        hint = f' title="{tooltip}"' if tooltip else ""
        anchors.append(f'<a download="" href="{ctx.relative(path)}"{hint}>{text}</a>')
    bar = f'<p class="d2l-downloads" data-search-exclude="">下载本节：{"".join(anchors)}</p>'
    if ctx.page.meta.get(LIVE):
        bar += ctx.build.live_notice
    fragment = RawHTML(bar)
    title = soup.find("h1")
    if title is not None:
        title.insert_after(fragment)
    else:
        soup.insert(0, fragment)


def math(soup: BeautifulSoup, ctx: PageContext) -> None:
    found = formulas.render(soup, ctx.build.converter)
    ctx.errors += found.errors
    if found.count:
        ctx.page.meta[MATH] = True
        ctx.characters |= found.characters
        ctx.build.characters |= found.characters


def output_size(soup: BeautifulSoup, ctx: PageContext) -> None:
    if ctx.chapter is None:
        return
    limit = ctx.build.max_output_kb
    for number, size in cell_outputs.oversized_outputs(ctx.chapter, limit):
        ctx.warnings.append(
            f"第 {number} 个代码单元格输出了 {size} KB 文本，超过上限 {limit} KB：请少打印一些；"
            "确需更多时，在 mkdocs.yml 的 d2l-site 插件下调大 max_output_kb"
        )


def description(soup: BeautifulSoup, ctx: PageContext) -> None:
    # The home page keeps the site's description; an author's own description wins. Material
    # writes the value into the attribute as it is: escaped here, so it stays text.
    if ctx.page.is_homepage:
        return
    summary = ctx.page.meta.get("description") or opening_sentences(soup)
    if summary:
        ctx.page.meta["description"] = escape(str(summary))


#: The passes, in the order they run.
PASSES: tuple[Pass, ...] = (
    notebook,
    checked_exercises,
    sliders,
    under_title,
    math,
    output_size,
    description,
)


def run(html: str, ctx: PageContext) -> str:
    """The page's content after every pass: parsed once, serialised once."""
    soup = BeautifulSoup(html, "html.parser")
    for step in PASSES:
        step(soup, ctx)
    return str(soup)
