"""Rebuild mkdocs-jupyter's notebook HTML into lean, Material-native markup.

What mkdocs-jupyter 0.26 emits for one notebook, and what this module does about it:

- ~590 KB of inline Jupyter CSS, a clipboard web component, ``<script src="">`` for MathJax and a
  cdnjs mermaid import: all dropped (the site ships its own small stylesheet once).
- a hidden copy of every code cell ("clipboard-copy-txt"), "Copied!" notices and "In [1]:"
  prompts, which Material's search indexes as text: dropped; code becomes Material's own
  ``div.highlight > pre > code`` so its copy button, colours and dark scheme apply; token
  spans that Material does not colour (names, whitespace) are dropped.
- headings with empty ids (an ASCII-only slugify) while the TOC links to ``#_1``: ids are
  recomputed with the same slugify as the Markdown pages, and the TOC is rebuilt from them.
- SVG figures as base64 ``<img>`` with alt "No description has been provided": written to
  content-addressed files, with the alt text taken from the cell's ``alt`` metadata.
- relative links to other chapters' ``.md`` files left unresolved: resolved to page URLs.
- formulas are left as TeX here; ``math_markup`` turns them into MathML on every kind of page.
- consecutive cells tagged ``solution`` are folded into one ``<details>`` block.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import nbformat
from bs4 import BeautifulSoup
from bs4.element import NavigableString, PageElement, Tag

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
    html: str
    toc_tokens: list[dict[str, Any]]
    title: str | None
    figures: list[Figure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _top_level_cells(soup: BeautifulSoup) -> list[Tag]:
    notebook = soup.select_one("div.jp-Notebook")
    if notebook is None:
        raise NotebookHTMLError("mkdocs-jupyter 的输出里没有 div.jp-Notebook，无法重建页面")
    return list(notebook.find_all("div", recursive=False))


def _code_block(cell_div: Tag, soup: BeautifulSoup) -> Tag | None:
    pre = cell_div.select_one("div.highlight-ipynb pre")
    if pre is None:
        return None
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
        last.replace_with(NavigableString(last.rstrip("\n")))
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
    cell_div: Tag,
    cell: nbformat.NotebookNode,
    soup: BeautifulSoup,
    figure_url: Callable[[str], str],
    page: RebuiltPage,
    cell_label: str,
) -> list[Tag]:
    rendered: list[Tag] = []
    for out in cell_div.select("div.jp-OutputArea-output"):
        classes = set(out.get("class") or [])
        img = out.find("img")
        if isinstance(img, Tag) and str(img.get("src", "")).startswith("data:image/"):
            header, _, payload = str(img["src"]).partition(",")
            mime = header[len("data:") :].split(";")[0]
            suffix = {"image/svg+xml": ".svg", "image/png": ".png", "image/jpeg": ".jpg"}[mime]
            data = base64.b64decode(payload)
            name = hashlib.sha256(data).hexdigest()[:20] + suffix
            page.figures.append(Figure(name, data))
            alt = str(cell.metadata.get("alt", "")).strip()
            if not alt:
                page.warnings.append(
                    f'{cell_label} 画了图，但没有 alt 说明（在代码块的 ``` 行写 alt="…"）'
                )
            attrs = {"src": figure_url(name), "alt": alt, "decoding": "async"}
            size = _svg_size(data) if suffix == ".svg" else None
            if size:
                attrs["width"], attrs["height"] = str(size[0]), str(size[1])
            figure = soup.new_tag("figure", attrs={"class": "d2l-figure"})
            figure.append(soup.new_tag("img", attrs=attrs))
            rendered.append(figure)
        elif "jp-RenderedText" in classes:
            pre = out.find("pre")
            kind = "d2l-stderr" if "stderr" in str(out.get("data-mime-type", "")) else "d2l-output"
            # Outputs stay out of the search index: numbers and logs are not what readers seek.
            box = soup.new_tag("div", attrs={"class": kind, "data-search-exclude": ""})
            if isinstance(pre, Tag):
                pre.attrs = {}
                box.append(pre.extract())
            rendered.append(box)
        else:
            box = soup.new_tag(
                "div", attrs={"class": "d2l-output d2l-rich-output", "data-search-exclude": ""}
            )
            for child in list(out.contents):
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
    html: str,
    nb: nbformat.NotebookNode,
    *,
    slugify: Callable[[str, str], str],
    figure_url: Callable[[str], str],
    resolve_link: Callable[[str], str | None],
) -> RebuiltPage:
    """Turn mkdocs-jupyter's HTML for ``nb`` into the page body this site serves."""
    soup = BeautifulSoup(html, "html.parser")
    divs = _top_level_cells(soup)
    if len(divs) != len(nb.cells):
        raise NotebookHTMLError(
            f"mkdocs-jupyter 渲染出 {len(divs)} 个单元格，而笔记本有 {len(nb.cells)} 个"
        )
    page = RebuiltPage(html="", toc_tokens=[], title=None)
    body = soup.new_tag("div", attrs={"class": "d2l-notebook"})
    solution: Tag | None = None
    code_number = 0
    for div, cell in zip(divs, nb.cells, strict=False):
        parts: list[PageElement] = []
        if cell.cell_type == "markdown":
            rendered = div.select_one(".jp-RenderedMarkdown")
            if rendered is not None:
                parts = [child.extract() for child in list(rendered.contents)]
        elif cell.cell_type == "code":
            code_number += 1
            block = soup.new_tag("div", attrs={"class": "d2l-cell"})
            code = _code_block(div, soup)
            if code is not None:
                block.append(code)
            for out in _outputs(
                div, cell, soup, figure_url, page, f"第 {code_number} 个代码单元格"
            ):
                block.append(out)
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
        for anchor in heading.select("a.anchor-link"):
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
        if resolved is None:
            page.warnings.append(f"链接 {href!r} 指向的页面不存在")
        else:
            anchor["href"] = resolved

    page.html = str(body)
    return page
