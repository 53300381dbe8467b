"""A chapter's page body, built from the cells mkdocs-jupyter rendered (``jupyter_markup``).

The renderer's page is not served as it is; from its cells this module builds lean,
Material-native markup (the reasons: ``design/rebuilt-notebook-html.md``):

- code becomes Material's own ``div.highlight > pre > code`` (its copy button, colours and dark
  scheme apply); token spans Material does not colour (names, whitespace) are dropped; prompts,
  copy buffers and the renderer's inline CSS and scripts are simply not taken;
- headings get ids from the same slugify as the Markdown pages, and the TOC is rebuilt from them;
- image outputs become content-addressed files with the alt text of the cell's ``alt`` metadata;
- relative links to other chapters' ``.md`` files are resolved to page URLs;
- consecutive cells tagged ``solution`` are folded into one ``<details>`` block.

Formulas are left as TeX here: the math pass (``formulas``) handles every kind of page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import nbformat
from bs4 import BeautifulSoup
from bs4.element import NavigableString, PageElement, Tag

from . import jupyter_markup
from .content_hash import content_hash
from .jupyter_markup import RenderedOutput

if TYPE_CHECKING:
    from .chapter_record import ExecutedChapter

SOLUTION_TAG = "solution"
SOLUTION_SUMMARY = "解答"

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


class NotebookHTMLError(Exception):
    """The notebook cannot be rendered as a correct page; the message says why."""


@dataclass(frozen=True)
class Figure:
    """An image output written next to the pages instead of inlined as base64."""

    filename: str
    data: bytes


@dataclass
class RebuiltPage:
    """What the rebuild learnt about the page besides its body."""

    toc_tokens: list[dict[str, Any]]
    title: str | None
    figures: list[Figure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Each code cell's ``div.d2l-cell`` by its index in the notebook (the sliders pass reads it).
    code_blocks: dict[int, Tag] = field(default_factory=dict)


_SUFFIXES = {"image/svg+xml": ".svg", "image/png": ".png", "image/jpeg": ".jpg"}


def figure_filename(mime: str, data: bytes) -> str:
    """A figure's file name in the site: the hash of its bytes (the same figure, one file)."""
    return content_hash(data) + _SUFFIXES[mime]


#: The shortest alt text that can say what a figure shows ("一条抛物线" is five characters).
MIN_ALT_CHARS = 4


def alt_text_problem(alt: str) -> str | None:
    """What is wrong with a figure's alt text, if anything: the site's one rule for it."""
    if not alt:
        return "没有 alt 说明"
    if alt.lower().endswith((".svg", ".png", ".jpg", ".jpeg")):
        return f"alt 说明 {alt!r} 是文件名，应描述图中画了什么"
    if len(alt) < MIN_ALT_CHARS:
        return f"alt 说明 {alt!r} 太短（至少 {MIN_ALT_CHARS} 个字），应描述图中画了什么"
    return None


def _code_block(pre: Tag, soup: BeautifulSoup) -> Tag:
    wrapper = soup.new_tag("div", attrs={"class": "language-python highlight"})
    new_pre = soup.new_tag("pre")
    code = soup.new_tag("code")
    for child in list(pre.contents):
        if isinstance(child, Tag) and child.name == "span" and not child.contents:
            continue  # pygments' empty leading <span></span>
        code.append(child.extract())
    # Material draws names (n) in the code's own colour and whitespace (w) not at all: their
    # spans only add elements (212 of the 2,300 on 2.4.6, a third of all its code spans).
    for span in code.find_all("span", class_=True):
        if span.get_attribute_list("class") in (["n"], ["w"]):
            span.unwrap()
    # A trailing newline inside <code> shows as an empty last line in Material.
    last = code.contents[-1] if code.contents else None
    if isinstance(last, NavigableString) and last.endswith("\n"):
        text = last.rstrip("\n")
        if text:
            last.replace_with(NavigableString(text))
        else:
            last.extract()
    new_pre.append(code)
    wrapper.append(new_pre)
    return wrapper


def _svg_size(data: bytes) -> tuple[int, int] | None:
    head = data[:2000].decode("utf-8", "replace")
    root = re.search(r"<svg\b[^>]*>", head)
    if not root:
        return None
    sizes = []
    for attr in ("width", "height"):
        match = re.search(rf'\b{attr}="([0-9.]+)(pt|px)?"', root.group(0))
        if not match:
            return None
        value = float(match.group(1)) * (4 / 3 if match.group(2) == "pt" else 1)
        sizes.append(round(value))
    return sizes[0], sizes[1]


def _outputs(
    outputs: list[RenderedOutput],
    cell: nbformat.NotebookNode,
    soup: BeautifulSoup,
    figure_url: Callable[[str], str],
    page: RebuiltPage,
    cell_label: str,
) -> list[Tag]:
    rendered: list[Tag] = []
    for out in outputs:
        if out.image is not None:
            data = out.image.data
            name = figure_filename(out.image.mime, data)
            page.figures.append(Figure(name, data))
            alt = str(cell.metadata.get("alt", "")).strip()
            problem = alt_text_problem(alt)
            if problem:
                page.warnings.append(
                    f'{cell_label} 画了图，但{problem}（在代码块的 ``` 行写 alt="…"）'
                )
            # Fetched when the reader comes near (one on the first screen is fetched at once);
            # its size is set, so nothing moves when it arrives.
            attrs = {"src": figure_url(name), "alt": alt, "decoding": "async", "loading": "lazy"}
            size = _svg_size(data) if name.endswith(".svg") else None
            if size:
                attrs["width"], attrs["height"] = str(size[0]), str(size[1])
            figure = soup.new_tag("figure", attrs={"class": "d2l-figure"})
            figure.append(soup.new_tag("img", attrs=attrs))
            rendered.append(figure)
        elif out.kind == "text":
            kind = "d2l-stderr" if out.stream == "stderr" else "d2l-output"
            # Outputs stay out of the search index: numbers and logs are not what readers seek.
            box = soup.new_tag("div", attrs={"class": kind, "data-search-exclude": ""})
            out.element.attrs = {}
            box.append(out.element.extract())
            rendered.append(box)
        else:
            box = soup.new_tag(
                "div", attrs={"class": "d2l-output d2l-rich-output", "data-search-exclude": ""}
            )
            for child in list(out.element.contents):
                box.append(child.extract())
            rendered.append(box)
    return rendered


def _unique(slug: str, seen: set[str]) -> str:
    candidate, n = slug or "section", 0
    while candidate in seen:
        n += 1
        candidate = f"{slug}_{n}"
    seen.add(candidate)
    return candidate


def _nest(flat: list[dict[str, Any]]) -> list[dict[str, Any]]:
    root: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    for token in flat:
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root


def rebuild(
    soup: BeautifulSoup,
    chapter: ExecutedChapter,
    *,
    slugify: Callable[[str, str], str],
    figure_url: Callable[[str], str],
    resolve_link: Callable[[str], str | None],
) -> RebuiltPage:
    """Replace mkdocs-jupyter's HTML for the chapter's notebook in ``soup`` by the page body
    this site serves."""
    nb = chapter.notebook
    try:
        rendered_cells = jupyter_markup.cells(soup, len(nb.cells))
    except jupyter_markup.MarkupChanged as error:
        raise NotebookHTMLError(f"mkdocs-jupyter 的输出变了，无法重建页面：{error}") from None
    page = RebuiltPage(toc_tokens=[], title=None)
    body = soup.new_tag("div", attrs={"class": "d2l-notebook"})
    solution: Tag | None = None
    code_cells = {code.index: code for code in chapter.code_cells}
    for index, (rendered, cell) in enumerate(zip(rendered_cells, nb.cells, strict=True)):
        parts: list[PageElement] = []
        if cell.cell_type == "markdown":
            parts = [child.extract() for child in rendered.markdown]
        elif cell.cell_type == "code":
            block = soup.new_tag("div", attrs={"class": "d2l-cell"})
            if rendered.code is not None:
                block.append(_code_block(rendered.code, soup))
            label = code_cells[index].label
            for out in _outputs(rendered.outputs, cell, soup, figure_url, page, label):
                block.append(out)
            page.code_blocks[index] = block
            parts = [block]
        tags = cell.metadata.get("tags", [])
        if SOLUTION_TAG in tags:
            if solution is None:
                solution = soup.new_tag("details", attrs={"class": "success d2l-solution"})
                summary = soup.new_tag("summary")
                summary.string = SOLUTION_SUMMARY
                solution.append(summary)
                body.append(solution)
            target: Tag = solution
        else:
            solution = None
            target = body
        for part in parts:
            target.append(part)

    seen: set[str] = set()
    flat: list[dict[str, Any]] = []
    for heading in body.find_all(_HEADINGS):
        for anchor in jupyter_markup.heading_anchors(heading):
            anchor.decompose()
        name = heading.get_text().strip()
        ident = _unique(slugify(name, "-"), seen)
        heading["id"] = ident
        link = soup.new_tag(
            "a", attrs={"class": "headerlink", "href": f"#{ident}", "title": "永久链接"}
        )
        link.string = "¶"
        heading.append(link)
        level = int(heading.name[1])
        flat.append({"level": level, "id": ident, "name": name, "children": []})
        if level == 1 and page.title is None:
            page.title = name
    page.toc_tokens = _nest(flat)

    for anchor in body.find_all("a", href=True):
        href = str(anchor["href"])
        if re.match(r"^[a-z][a-z0-9+.-]*:", href) or href.startswith("#"):
            continue
        resolved = resolve_link(href)
        if resolved is not None:  # else left as written: the site's link check reports it
            anchor["href"] = resolved

    soup.clear()
    soup.append(body)
    return page
