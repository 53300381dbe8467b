"""The contract with mkdocs-jupyter: its real output for every kind of cell the chapters use.

When a new mkdocs-jupyter changes its markup, this is the test that fails, with one message
naming what ``jupyter_markup`` could not find; the rest of the site never reads ``jp-*``.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from bs4.element import Tag
from mkdocs_jupyter.convert import nb2html

from mkdocs_d2l_site import jupyter_markup

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10pt" height="10pt"></svg>'


def every_kind_of_cell() -> tuple[nbformat.NotebookNode, list[str]]:
    """A notebook with each kind of cell and output, and the kinds ``check_markup`` expects."""
    out = nbformat.v4.new_output
    code = nbformat.v4.new_code_cell
    cells = [
        (nbformat.v4.new_markdown_cell("## 标题\n\n正文 $x$。"), "markdown"),
        (code("x = 1"), "code"),
        (code("print(1)", outputs=[out("stream", name="stdout", text="1\n")]), "code,text"),
        (code("warn()", outputs=[out("stream", name="stderr", text="!\n")]), "code,stderr"),
        (code("plot()", outputs=[out("display_data", data={"image/svg+xml": SVG})]), "code,image"),
        (
            code("HTML()", outputs=[out("display_data", data={"text/html": "<b>粗</b>"})]),
            "code,rich",
        ),
    ]
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Py"}
    nb.cells = [cell for cell, _ in cells]
    return nb, [kinds for _, kinds in cells]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[BeautifulSoup, list[str]]:
    nb, kinds = every_kind_of_cell()
    path = Path(tmp_path_factory.mktemp("nb")) / "page.ipynb"
    nbformat.write(nb, path)
    return BeautifulSoup(nb2html(str(path), execute=False), "html.parser"), kinds


def test_the_renderers_markup_is_what_the_site_reads(
    rendered: tuple[BeautifulSoup, list[str]],
) -> None:
    soup, kinds = rendered
    jupyter_markup.check_markup(soup, kinds)
    cells = jupyter_markup.cells(soup, len(kinds))
    image = cells[4].outputs[0].image
    assert image is not None
    assert (image.mime, image.data) == ("image/svg+xml", SVG.encode())
    assert cells[2].outputs[0].element.get_text() == "1\n"
    heading = next(
        node for node in cells[0].markdown if isinstance(node, Tag) and node.name == "h2"
    )
    assert len(jupyter_markup.heading_anchors(heading)) == 1


def test_a_changed_markup_is_named_in_one_message(
    rendered: tuple[BeautifulSoup, list[str]],
) -> None:
    soup, kinds = rendered
    with pytest.raises(
        jupyter_markup.MarkupChanged,
        match="第 4 个单元格读出 \\['code', 'stderr'\\]，应为 \\['code', 'text'\\]",
    ):
        jupyter_markup.check_markup(soup, [*kinds[:3], "code,text", *kinds[4:]])
    with pytest.raises(jupyter_markup.MarkupChanged, match="而笔记本有 7 个"):
        jupyter_markup.cells(soup, 7)
    with pytest.raises(jupyter_markup.MarkupChanged, match=r"div\.jp-Notebook"):
        jupyter_markup.cells(BeautifulSoup("<div></div>", "html.parser"), 1)
