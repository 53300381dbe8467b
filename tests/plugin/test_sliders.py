"""Explorable figures in process: the ``slider`` option, the first-line rule, the page pass."""

from __future__ import annotations

import gzip
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from bs4.element import Tag

from mkdocs_d2l_site.chapter_record import ExecutedChapter
from mkdocs_d2l_site.execution import Chapter, ChapterError, ChapterRunner
from mkdocs_d2l_site.notebook_page import figure_filename
from mkdocs_d2l_site.sliders import (
    FRAMES_KEY,
    MAX_FRAMES,
    SCRIPT,
    Slider,
    SliderError,
    cell_slider,
    frame_source,
    mark_page,
    parse_option,
    without_frames,
)


@pytest.mark.parametrize(
    ("option", "slider"),
    [
        ("n=3..6", Slider("n", ("3", "4", "5", "6"))),
        (" n = -1..1 ", Slider("n", ("-1", "0", "1"))),
        ("h=1,0.5,0.01", Slider("h", ("1", "0.5", "0.01"))),
        ("step_size=1e-1, .5", Slider("step_size", ("1e-1", ".5"))),
        ("a=0,2/3,1", Slider("a", ("0", "2/3", "1"))),
    ],
)
def test_option_names_the_parameter_and_its_values(option: str, slider: Slider) -> None:
    assert parse_option(option) == slider


@pytest.mark.parametrize(
    ("option", "problem"),
    [
        ("n", "应写成 名字=起..止"),
        ("3n=1..4", "应写成 名字=起..止"),
        ("n=", "应写成 名字=起..止"),
        ("n=3..x", "的范围 '3..x' 应是两个整数"),
        ("n=1.5..4", "的范围 '1.5..4' 应是两个整数"),
        ("n=6..3", "的范围应从小到大"),
        ("h=1,a", "的取值 'a' 不是数"),
        ("h=1", "只有一个取值"),
        ("h=1,1.0", "有重复的取值"),
        ("a=0.5,1/2", "有重复的取值"),
        ("a=0,1/0", "的取值 '1/0' 不是数"),
        (f"n=1..{MAX_FRAMES + 1}", f"有 {MAX_FRAMES + 1} 个取值，至多 {MAX_FRAMES} 个"),
    ],
)
def test_a_bad_option_says_what_was_wrong(option: str, problem: str) -> None:
    with pytest.raises(SliderError) as error:
        parse_option(option)
    assert problem in str(error.value)
    assert "\n" not in str(error.value)


def code_cell(source: str, **metadata: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata.update(metadata)
    return cell


@pytest.mark.parametrize("first", ["h = 1", "h=1.0  # 步长", "h = 1."])
def test_the_first_line_sets_the_first_value(first: str) -> None:
    cell = code_cell(f"{first}\nplot(h)", slider="h=1,0.5")
    assert cell_slider(cell) == Slider("h", ("1", "0.5"))
    assert frame_source(cell.source, Slider("h", ("1", "0.5")), "0.5") == "h = 0.5\nplot(h)"


@pytest.mark.parametrize(
    "first", ["h = 0.5", "plot(h)", "g = 1", "h, g = 1, 2", "h = (", "h = f(1)"]
)
def test_a_first_line_that_does_not_set_the_first_value_is_refused(first: str) -> None:
    with pytest.raises(SliderError, match=r"第一行应是 h = 1（滑块的第一个值"):
        cell_slider(code_cell(f"{first}\nplot(h)", slider="h=1,0.5"))


def test_a_fraction_is_set_as_written() -> None:
    cell = code_cell("a = 2/3\nplot(a)", slider="a=2/3,1")
    assert cell_slider(cell) == Slider("a", ("2/3", "1"))
    assert frame_source(cell.source, Slider("a", ("2/3", "1")), "1") == "a = 1\nplot(a)"
    with pytest.raises(SliderError, match="第一行应是 a = 2/3"):
        cell_slider(code_cell("a = 0.667\nplot(a)", slider="a=2/3,1"))


def test_cells_without_the_option_are_not_sliders() -> None:
    assert cell_slider(code_cell("h = 1")) is None
    assert cell_slider(nbformat.v4.new_markdown_cell("h = 1")) is None


def test_a_bad_option_fails_the_chapter_before_a_kernel_starts(tmp_path: Path) -> None:
    chapter = tmp_path / "broken.md"
    chapter.write_text(
        "---\njupyter:\n  kernelspec:\n    name: python3\n    display_name: Python 3\n"
        "    language: python\n---\n\n# 一章\n\n```python\nx = 1\n```\n\n"
        '```python slider="n=3..x"\nn = 3\n```\n',
        encoding="utf-8",
    )
    runner = ChapterRunner(tmp_path / "cache", watch_packages=[])
    with pytest.raises(ChapterError) as error:
        runner.run([Chapter(chapter, "docs/broken.md")])
    # the option is on line 15 (the fence) of the file
    assert str(error.value).startswith(
        "docs/broken.md:15: 第 2 个代码单元格：slider='n=3..x' 的范围 '3..x' 应是两个整数"
    )


SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10pt" height="10pt"><!-- {} --></svg>'


def page_and_notebook(alt: str) -> tuple[BeautifulSoup, nbformat.NotebookNode]:
    """A chapter with a plain code cell and a slider cell, and its page as rebuilt."""
    nb = nbformat.v4.new_notebook()
    plain = code_cell("x = 1")
    slider = code_cell("n = 3\ndraw(n)", slider="n=3..5", alt=alt)
    slider.metadata[FRAMES_KEY] = [
        {"value": str(n), "mime": "image/svg+xml", "data": SVG.format(n)} for n in (4, 5)
    ]
    nb.cells = [nbformat.v4.new_markdown_cell("# 标题"), plain, slider]
    soup = BeautifulSoup(
        '<div class="d2l-notebook"><h1>标题</h1><div class="d2l-cell"></div>'
        '<div class="d2l-cell"><figure class="d2l-figure">'
        f'<img src="../figures/first.svg" alt="{alt}"></figure></div></div>',
        "html.parser",
    )
    return soup, nb


def record_and_blocks(
    soup: BeautifulSoup, nb: nbformat.NotebookNode
) -> tuple[ExecutedChapter, dict[int, Tag]]:
    """The chapter's record, and its code cells' blocks by notebook index (as rebuilt)."""
    return ExecutedChapter.of(nb), dict(zip((1, 2), soup.select("div.d2l-cell"), strict=True))


def test_the_figure_gets_its_frames_in_order() -> None:
    soup, nb = page_and_notebook("圆和内接正 {n} 边形")
    files = mark_page(*record_and_blocks(soup, nb), lambda name: f"../figures/{name}")
    names = [figure_filename("image/svg+xml", SVG.format(n).encode()) for n in (4, 5)]
    assert files == {name: SVG.format(n).encode() for name, n in zip(names, (4, 5), strict=True)}
    figure = soup.select_one("figure[data-d2l-slider]")
    assert figure is not None
    assert figure["data-d2l-slider"] == "n"
    assert figure["data-d2l-values"] == "3 4 5"
    assert figure["data-d2l-frames"] == " ".join(
        ["../figures/first.svg", *(f"../figures/{name}" for name in names)]
    )
    # The static figure describes the first frame; the script fills the template for the others.
    assert figure["data-d2l-alt"] == "圆和内接正 {n} 边形"
    assert soup.select_one("img")["alt"] == "圆和内接正 3 边形"  # type: ignore[index]


def test_a_page_without_stored_frames_keeps_a_plain_figure() -> None:
    soup, nb = page_and_notebook("圆和内接正多边形")
    del nb.cells[2].metadata[FRAMES_KEY]  # execution switched off
    assert mark_page(*record_and_blocks(soup, nb), lambda name: name) == {}
    assert soup.select_one("figure[data-d2l-slider]") is None
    assert soup.select_one("figure[data-d2l-alt]") is None


def test_the_download_leaves_the_frames_out() -> None:
    _, nb = page_and_notebook("圆和内接正 {n} 边形")
    assert all(FRAMES_KEY not in cell.metadata for cell in without_frames(nb).cells)
    assert nb.cells[2].metadata["slider"] == "n=3..5"  # the option stays: it is the author's


def test_the_script_stays_within_its_budget() -> None:
    """At most 5 KB gzip of script for the whole feature (issue 20)."""
    assert len(gzip.compress(SCRIPT.read_bytes(), 9)) <= 5 * 1024
