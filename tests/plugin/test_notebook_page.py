"""A chapter's page body rebuilt from mkdocs-jupyter's real output for a small notebook."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from mkdocs_jupyter.convert import nb2html
from pymdownx.slugs import slugify

from mkdocs_d2l_site.chapter_record import ExecutedChapter
from mkdocs_d2l_site.notebook_page import RebuiltPage, alt_text_problem, rebuild

SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="240pt" height="180pt"></svg>'


def notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Py"}
    figure = nbformat.v4.new_code_cell("plot()", execution_count=1)
    figure.metadata["alt"] = "一条抛物线"
    figure.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="h=0.1\n"),
        nbformat.v4.new_output(
            "display_data", data={"image/svg+xml": SVG.decode(), "text/plain": "<Figure>"}
        ),
    ]
    solution_md = nbformat.v4.new_markdown_cell("解答见 [式 (2.4.1)](other.md#eq-2-4-1)。")
    solution_code = nbformat.v4.new_code_cell("1 + 1", execution_count=2)
    solution_code.outputs = [
        nbformat.v4.new_output("execute_result", data={"text/plain": "2"}, execution_count=2)
    ]
    for cell in (solution_md, solution_code):
        cell.metadata["tags"] = ["solution"]
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# 2.4.1 导数和微分\n\n## 导数的定义\n\n$$f'(x) \\tag{2.4.1}$$"
        ),
        figure,
        nbformat.v4.new_markdown_cell("## 导数的定义\n\n正文。"),
        solution_md,
        solution_code,
    ]
    return nb


@pytest.fixture(scope="module")
def rebuilt(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[RebuiltPage, BeautifulSoup, int]:
    nb = notebook()
    path = Path(tmp_path_factory.mktemp("nb")) / "page.ipynb"
    nbformat.write(nb, path)
    html = nb2html(str(path), execute=False)
    links = {"other.md": "../other/"}
    soup = BeautifulSoup(html, "html.parser")
    page = rebuild(
        soup,
        ExecutedChapter.of(nb),
        slugify=slugify(case="lower"),
        figure_url=lambda name: f"../figures/{name}",
        resolve_link=lambda href: links[href.split("#")[0]] + "#" + href.split("#")[1],
    )
    return page, soup, len(html)


def test_jupyter_css_scripts_and_copy_text_are_gone(
    rebuilt: tuple[RebuiltPage, BeautifulSoup, int],
) -> None:
    _, soup, original_size = rebuilt
    html = str(soup)
    assert soup.find("style") is None
    assert soup.find("script") is None
    assert "Copied!" not in html
    assert "In [" not in html
    assert len(html) < original_size / 50  # ~600 KB of inline CSS and JS dropped


def test_code_becomes_materials_code_block(rebuilt: tuple[RebuiltPage, BeautifulSoup, int]) -> None:
    _, soup, _ = rebuilt
    blocks = soup.select("div.d2l-cell > div.highlight > pre > code")
    assert [b.get_text() for b in blocks] == ["plot()", "1 + 1"]
    # names are drawn in the code's own colour: no span; punctuation and numbers keep theirs
    assert [str(child) for child in blocks[0].contents] == ["plot", '<span class="p">()</span>']
    assert [span["class"] for span in blocks[1].find_all("span")] == [["mi"], ["o"], ["mi"]]


def test_headings_get_unique_unicode_ids_and_a_matching_toc(
    rebuilt: tuple[RebuiltPage, BeautifulSoup, int],
) -> None:
    page, soup, _ = rebuilt
    ids = [h["id"] for h in soup.find_all(["h1", "h2"])]
    assert ids == ["241-导数和微分", "导数的定义", "导数的定义_1"]
    assert page.title == "2.4.1 导数和微分"
    top = page.toc_tokens[0]
    assert top["id"] == ids[0]
    assert [child["id"] for child in top["children"]] == ids[1:]


def test_svg_becomes_a_file_with_alt_and_size(
    rebuilt: tuple[RebuiltPage, BeautifulSoup, int],
) -> None:
    page, soup, _ = rebuilt
    (figure,) = page.figures
    assert figure.data == SVG
    (img,) = soup.select("figure.d2l-figure img")
    assert img["src"] == f"../figures/{figure.filename}"
    assert img["alt"] == "一条抛物线"
    assert (img["width"], img["height"]) == ("320", "240")  # pt → px
    assert img["loading"] == "lazy"  # fetched near the screen (its size is set: nothing moves)
    assert not page.warnings


def test_md_link_to_an_equation_is_resolved(
    rebuilt: tuple[RebuiltPage, BeautifulSoup, int],
) -> None:
    _, soup, _ = rebuilt
    (link,) = soup.find_all("a", string="式 (2.4.1)")
    assert link["href"] == "../other/#eq-2-4-1"


def test_solution_cells_fold_into_one_details_block(
    rebuilt: tuple[RebuiltPage, BeautifulSoup, int],
) -> None:
    _, soup, _ = rebuilt
    (details,) = soup.select("details.d2l-solution")
    assert details.select("summary")[0].get_text() == "解答"
    assert details.select(".d2l-output pre")[0].get_text() == "2"
    assert "解答见" in details.get_text()


@pytest.mark.parametrize(
    ("alt", "problem"),
    [
        ("一条抛物线", None),
        ("", "没有 alt 说明"),
        ("plot.svg", "是文件名"),
        ("抛物线", "太短（至少 4 个字）"),
    ],
)
def test_the_one_rule_for_alt_text(alt: str, problem: str | None) -> None:
    found = alt_text_problem(alt)
    assert found is None if problem is None else problem in str(found)


def test_figure_without_alt_is_reported(tmp_path: Path) -> None:
    nb = notebook()
    del nb.cells[1].metadata["alt"]
    path = tmp_path / "page.ipynb"
    nbformat.write(nb, path)
    page = rebuild(
        BeautifulSoup(nb2html(str(path)), "html.parser"),
        ExecutedChapter.of(nb),
        slugify=slugify(case="lower"),
        figure_url=lambda name: name,
        resolve_link=lambda href: href,
    )
    assert any("alt" in warning for warning in page.warnings)


def test_outputs_stay_out_of_the_search_index(
    rebuilt: tuple[RebuiltPage, BeautifulSoup, int],
) -> None:
    _, soup, _ = rebuilt
    outputs = soup.select(".d2l-output, .d2l-stderr")
    assert outputs
    assert all(output.has_attr("data-search-exclude") for output in outputs)
