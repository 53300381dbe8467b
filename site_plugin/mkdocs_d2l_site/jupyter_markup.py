"""Everything this site knows about mkdocs-jupyter: its files, its cache and its HTML.

mkdocs-jupyter (0.26) stays the notebook renderer; this module is the one place that reads
what it produces, so that leaving it, or a release that changes its markup, costs one module.
The rest of the plugin sees notebooks as :class:`RenderedCell` lists, never ``jp-*`` classes.

What it emits for one notebook, and what the site takes from it:

- ``div.jp-Notebook`` holds one ``div`` per cell, in notebook order;
- a Markdown cell's HTML is inside ``.jp-RenderedMarkdown`` (headings carry ``a.anchor-link``);
- a code cell's Pygments markup is in ``div.highlight-ipynb pre`` (with a hidden copy buffer,
  "Copied!" and "In [1]:" prompts around it, which the site drops by not taking them);
- each output is a ``div.jp-OutputArea-output``: text as ``jp-RenderedText`` with the stream in
  ``data-mime-type``, images as base64 ``<img>`` (SVG too), anything else as rich HTML;
- its page cache is JSON written without an atomic rename: a file cut short by Ctrl-C would fail
  every later build, so damaged entries are dropped before pages are read.

``check_markup`` is the contract: it fails with one message naming the missing piece when a new
mkdocs-jupyter changes any of this (``tests/plugin/test_jupyter_markup.py`` runs it on the
renderer's real output).
"""

from __future__ import annotations

import base64
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bs4.element import PageElement, Tag
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.plugins.d2l_site")

#: The renderer's name in ``plugins:`` (it must be listed before d2l-site).
PLUGIN = "mkdocs-jupyter"

_CELLS = "div.jp-Notebook"
_MARKDOWN = ".jp-RenderedMarkdown"
_CODE = "div.highlight-ipynb pre"
_OUTPUT = "div.jp-OutputArea-output"
_TEXT_OUTPUT = "jp-RenderedText"
_HEADING_ANCHOR = "a.anchor-link"


class MarkupChanged(Exception):
    """mkdocs-jupyter's HTML is not what this module reads: a release changed it."""


@dataclass(frozen=True)
class Image:
    mime: str
    data: bytes


@dataclass
class RenderedOutput:
    """One output of a code cell: ``text`` (with its ``stream``), ``image`` or ``rich`` HTML."""

    kind: str
    element: Tag
    stream: str = "stdout"
    image: Image | None = None


@dataclass
class RenderedCell:
    """One cell as rendered: Markdown's HTML nodes, or a code cell's ``<pre>`` and outputs."""

    markdown: list[PageElement] = field(default_factory=list)
    code: Tag | None = None
    outputs: list[RenderedOutput] = field(default_factory=list)


def is_notebook(file: File) -> bool:
    """Whether mkdocs-jupyter took ``file`` as a notebook to render."""
    from mkdocs_jupyter.plugin import NotebookFile

    return isinstance(file, NotebookFile)


def use_cache_dir(config: MkDocsConfig, cache_dir: Path) -> None:
    """Keep mkdocs-jupyter's page cache in ``cache_dir``, and drop damaged entries there.

    Its cache is keyed on the bytes it renders: once those are the site's executed notebooks,
    the key is correct.
    """
    renderer = config.plugins.get(PLUGIN)
    if renderer is None or not renderer.config.get("cache"):
        return
    renderer.config["cache_dir"] = str(cache_dir)
    for entry in sorted(cache_dir.glob("*.json")):
        if not _intact(entry):
            log.info("d2l-site: 缓存文件 %s 已损坏，删除后重新渲染", entry)
            entry.unlink(missing_ok=True)


def _intact(entry: Path) -> bool:
    try:
        data: Any = json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return (
        isinstance(data, dict)
        and isinstance(data.get("content"), str)
        and isinstance(data.get("toc_tokens"), list)
    )


def _output(out: Tag) -> RenderedOutput:
    img = out.find("img")
    if isinstance(img, Tag) and str(img.get("src", "")).startswith("data:image/"):
        header, _, payload = str(img["src"]).partition(",")
        mime = header[len("data:") :].split(";")[0]
        return RenderedOutput("image", out, image=Image(mime, base64.b64decode(payload)))
    if _TEXT_OUTPUT in out.get_attribute_list("class"):
        pre = out.find("pre")
        if not isinstance(pre, Tag):
            raise MarkupChanged(f"文本输出 div.{_TEXT_OUTPUT} 里没有 <pre>")
        stream = "stderr" if "stderr" in str(out.get("data-mime-type", "")) else "stdout"
        return RenderedOutput("text", pre, stream=stream)
    return RenderedOutput("rich", out)


def cells(root: Tag, count: int) -> list[RenderedCell]:
    """The ``count`` cells of the notebook rendered under ``root``, in order."""
    notebook = root.select_one(_CELLS)
    if notebook is None:
        raise MarkupChanged(f"输出里没有 {_CELLS}")
    divs = notebook.find_all("div", recursive=False)
    if len(divs) != count:
        raise MarkupChanged(f"渲染出 {len(divs)} 个单元格，而笔记本有 {count} 个")
    result = []
    for div in divs:
        cell = RenderedCell()
        markdown = div.select_one(_MARKDOWN)
        if markdown is not None:
            cell.markdown = list(markdown.contents)
        cell.code = div.select_one(_CODE)
        cell.outputs = [_output(out) for out in div.select(_OUTPUT)]
        result.append(cell)
    return result


def heading_anchors(heading: Tag) -> list[Tag]:
    """The renderer's own ``¶`` links inside a Markdown heading (the site writes its own)."""
    return list(heading.select(_HEADING_ANCHOR))


def check_markup(root: Tag, kinds: list[str]) -> None:
    """Fail unless ``root`` is rendered cells of the given kinds (``markdown``, ``code``,
    ``text``, ``stderr``, ``image``, ``rich`` per cell, comma-separated): the contract test."""
    for number, (cell, expected) in enumerate(
        zip(cells(root, len(kinds)), kinds, strict=True), start=1
    ):
        found = []
        if cell.markdown:
            found.append("markdown")
        if cell.code is not None:
            found.append("code")
        for out in cell.outputs:
            found.append("stderr" if out.stream == "stderr" and out.kind == "text" else out.kind)
        if ",".join(found) != expected:
            raise MarkupChanged(f"第 {number} 个单元格读出 {found}，应为 {expected.split(',')}")
