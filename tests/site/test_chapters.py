"""The built chapter pages: real outputs, figures, anchors, lean markup, no foreign requests."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from bs4 import BeautifulSoup

import d2l_helpers as d2l
from mkdocs_d2l_site.downloads import INSTALL_CELL_ID

import site_pages
from sitebuild import CHAPTERS, Build

SEED_TABLE = """\
h=0.10000, numerical limit=2.30000
h=0.01000, numerical limit=2.03000
h=0.00100, numerical limit=2.00300
h=0.00010, numerical limit=2.00030
h=0.00001, numerical limit=2.00003
"""
#: The chapter pages (folder in the built site → source file) and every page's folder, from the nav.
PAGES = {page.path: page.source for page in site_pages.CHAPTERS}
NAV = {page.path: page for page in site_pages.CHAPTERS}
ALL_PAGES = [page.path for page in site_pages.PAGES]
#: Each page's own facts, from its source: what a test parametrized by page reads.
BY_PATH = {page.path: page for page in site_pages.PAGES}
over_chapters = pytest.mark.parametrize("url", list(PAGES), ids=site_pages.ids)
over_pages = pytest.mark.parametrize("url", ALL_PAGES, ids=site_pages.ids)


def soup(build: Build, url: str) -> BeautifulSoup:
    return BeautifulSoup(build.page(url), "html.parser")


def notebook(build: Build, url: str) -> dict[str, Any]:
    """The executed chapter, as downloaded, without the cell that installs the helpers."""
    nb = json.loads((build.site / NAV[url].downloads["notebook"]).read_text(encoding="utf-8"))
    nb["cells"] = [cell for cell in nb["cells"] if cell.get("id") != INSTALL_CELL_ID]
    return nb


def stream_text(nb: dict[str, Any]) -> str:
    return "".join(
        "".join(out.get("text", ""))
        for cell in nb["cells"]
        for out in cell.get("outputs", [])
        if out.get("output_type") == "stream"
    )


def test_derivative_experiment_prints_exactly_the_seed_table(site_build: Build) -> None:
    assert SEED_TABLE in stream_text(notebook(site_build, "derivatives"))
    outputs = [pre.get_text() for pre in soup(site_build, "derivatives").select(".d2l-output pre")]
    assert SEED_TABLE in outputs


def test_the_tangent_slider_stops_where_the_tangent_is_horizontal(site_build: Build) -> None:
    """2.4.1 promises a horizontal tangent at a = 2/3: the slider has that frame, and its title
    prints the slope 0.00 (matplotlib writes each text of an SVG figure as a comment too)."""
    figure = soup(site_build, "derivatives").select_one('figure[data-d2l-slider="a"]')
    assert figure is not None
    values, frames = str(figure["data-d2l-values"]).split(), str(figure["data-d2l-frames"]).split()
    assert "2/3" in values, values
    svg = site_build.site / "derivatives" / frames[values.index("2/3")]
    assert "<!-- a = 0.667: slope = 6a - 4 = 0.00 -->" in svg.read_text(encoding="utf-8")


@pytest.mark.any_site
@over_chapters
def test_chapter_page_shows_its_executed_outputs(site_build: Build, url: str) -> None:
    nb = notebook(site_build, url)
    code_cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
    page = soup(site_build, url)
    assert len(page.select(".d2l-cell")) == len(code_cells)
    # A checked exercise's check cell is shown without its output (site_plugin/…/exercises.py).
    produced = sum(
        len(c["outputs"]) for c in code_cells if "check" not in c["metadata"].get("tags", [])
    )
    shown = len(page.select(".d2l-output, .d2l-stderr, figure.d2l-figure"))
    assert shown == produced
    assert all(c["execution_count"] is not None for c in code_cells)


@pytest.mark.any_site
@over_chapters
def test_each_drawing_cell_is_one_svg_figure(site_build: Build, url: str) -> None:
    images = soup(site_build, url).select("figure.d2l-figure img")
    assert len(images) == NAV[url].figures
    for img in images:
        assert not str(img["src"]).startswith("data:")
        path = (site_build.site / url / str(img["src"])).resolve()
        assert path.suffix == ".svg"
        assert path.read_bytes().lstrip().startswith(b"<?xml")
        assert int(str(img["width"])) > 0
        assert int(str(img["height"])) > 0


@pytest.mark.any_site
@over_chapters
def test_notebook_pages_carry_no_jupyter_leftovers(site_build: Build, url: str) -> None:
    html = site_build.page(url)
    for leftover in (
        "<style",
        "clipboard-copy",
        "Copied!",
        "In&nbsp;[",
        "In [",
        "jp-Cell",
        "cdnjs",
        'src=""',  # mkdocs-jupyter's empty MathJax URL
    ):
        assert leftover not in html, leftover
    assert len(html.encode()) < 120_000


@pytest.mark.any_site
@over_pages
def test_headings_have_ids_and_the_toc_points_at_them(site_build: Build, url: str) -> None:
    page = soup(site_build, url)
    article = page.select_one("article")
    assert article is not None
    all_ids = [str(tag["id"]) for tag in page.find_all(id=True)]
    assert sorted({i for i in all_ids if all_ids.count(i) > 1}) == [], "duplicate ids"
    ids = set(all_ids)
    for heading in article.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
        assert heading.get("id"), heading
    toc = [str(a["href"]) for a in page.select("nav.md-nav--secondary a.md-nav__link")]
    if article.find("h2"):
        assert toc, "a page with sections lists them in its table of contents"
    for href in toc:
        assert href.startswith("#"), href
        assert href[1:] in ids, href


#: The eleven display equations the book numbers (d2l-zh 2.4, as on zh.d2l.ai): the page that
#: holds each and a piece of its TeX. The formulas the site adds are not numbered.
BOOK_EQUATIONS = {
    "2.4.1": ("derivatives", r"f'(x) = \lim_{h \rightarrow 0} \frac{f(x+h) - f(x)}{h}"),
    "2.4.2": ("derivatives", r"= Df(x) = D_x f(x)"),
    "2.4.3": ("derivatives", r"[C f(x)] = C \frac{\mathrm{d}}{\mathrm{d}x} f(x)"),
    "2.4.4": ("derivatives", r"[f(x) + g(x)] ="),
    "2.4.5": ("derivatives", r"[f(x) g(x)] ="),
    "2.4.6": ("derivatives", r"\left[\frac{f(x)}{g(x)}\right] ="),
    "2.4.7": ("partial-derivatives", r"\frac{\partial y}{\partial x_i} = \lim_{h \rightarrow 0}"),
    "2.4.8": ("partial-derivatives", r"= D_i f = D_{x_i} f"),
    "2.4.9": ("gradients", r"\nabla_{\mathbf{x}} f(\mathbf{x}) = \left["),
    "2.4.10": ("chain-rule", r"\frac{\mathrm{d}y}{\mathrm{d}x} = \frac{\mathrm{d}y}{\mathrm{d}u}"),
    "2.4.11": ("chain-rule", r"\frac{\partial y}{\partial x_i} = \sum_{j=1}^m"),
}


def test_the_books_eleven_equations_and_only_they_carry_its_numbers(site_build: Build) -> None:
    found: dict[str, tuple[str, str, str]] = {}  # number → (page, anchor, TeX)
    drawn = 0
    for url in ALL_PAGES:
        page = soup(site_build, url)
        drawn += len(page.select(".d2l-math-number"))
        for box in page.select("[id^=eq-]"):
            number, tex = box.select_one(".d2l-math-number"), box.find("annotation")
            assert number is not None, f"{url}: #{box['id']} has no number"
            assert tex is not None, f"{url}: #{box['id']} holds no formula"
            key = str(number.string).strip("()")
            assert key not in found, f"({key}) is drawn twice"
            found[key] = (url, str(box["id"]), tex.get_text())
    assert drawn == len(found), "every drawn number belongs to an anchored formula"
    assert sorted(found, key=lambda n: int(n.rsplit(".", 1)[1])) == list(BOOK_EQUATIONS)
    for label, (url, piece) in BOOK_EQUATIONS.items():
        where, anchor, source = found[label]
        assert (where, anchor) == (url, "eq-" + label.replace(".", "-")), label
        assert piece in source, f"({label}) is {source!r}"


@pytest.mark.any_site
@over_pages
def test_exercise_solutions_fold_and_are_checked(site_build: Build, url: str) -> None:
    page = soup(site_build, url)
    solutions = page.select("details.d2l-solution")
    assert len(solutions) == BY_PATH[url].solutions
    assert all(not s.has_attr("open") for s in solutions)
    assert all(s.select(".d2l-cell") for s in solutions), "each solution has a checking cell"


def test_exercise_answers_hold() -> None:
    """The claims the exercise solutions make, checked independently of the chapter."""
    # (1) y = x³ − 1/x: y(1) = 0 and y'(1) = 4, so the tangent at x = 1 is y = 4x − 4.
    y = lambda x: x**3 - 1 / x
    assert y(1.0) == 0.0
    assert d2l.numerical_gradient(y, 1.0) == pytest.approx(4.0, rel=1e-8)
    # (2) f(x) = 3x₁² + 5e^{x₂}: ∇f = [6x₁, 5e^{x₂}].
    x = np.array([0.7, -0.3])
    grad = d2l.numerical_gradient(lambda v: 3 * v[0] ** 2 + 5 * np.exp(v[1]), x)
    np.testing.assert_allclose(grad, [6 * x[0], 5 * np.exp(x[1])], rtol=1e-7)
    # (3) ∇‖x‖₂ = x / ‖x‖₂ away from 0; at 0 the one-sided slopes along e₁ are +1 and −1.
    v = np.array([3.0, -4.0, 12.0])
    np.testing.assert_allclose(d2l.numerical_gradient(np.linalg.norm, v), v / 13.0, rtol=1e-7)
    along_e1 = lambda t: np.linalg.norm(np.array([t, 0.0, 0.0]))
    assert d2l.numerical_lim(along_e1, 0.0, 1e-6) == pytest.approx(1.0)
    assert d2l.numerical_lim(along_e1, 0.0, -1e-6) == pytest.approx(-1.0)
    # (4) u = f(x, y, z), x, y, z functions of (a, b): ∂u/∂a = Σ ∂u/∂w · ∂w/∂a over w = x, y, z.
    inner = lambda ab: np.array([ab[0] * ab[1], ab[0] + ab[1] ** 2, np.sin(ab[0])])
    outer = lambda xyz: xyz[0] ** 2 + xyz[1] * xyz[2]
    ab = np.array([0.4, 1.3])
    chain = d2l.numerical_gradient(inner, ab) @ d2l.numerical_gradient(outer, inner(ab))
    direct = d2l.numerical_gradient(lambda p: outer(inner(p)), ab)
    np.testing.assert_allclose(chain, direct, rtol=1e-6)


@pytest.mark.any_site
@over_pages
def test_every_footer_credits_the_book_and_its_licence(site_build: Build, url: str) -> None:
    footer = soup(site_build, url).select_one(".md-copyright")
    assert footer is not None
    assert "《动手学深度学习》" in footer.get_text()
    links = [a["href"] for a in footer.find_all("a")]
    assert "https://zh.d2l.ai/" in links
    assert any("creativecommons.org/licenses/by-nc-sa/4.0" in link for link in links)


@pytest.mark.any_site
def test_downloads_are_the_executed_notebook_and_the_source(site_build: Build) -> None:
    for url, source in PAGES.items():
        downloads = NAV[url].downloads
        md = (site_build.site / downloads["source"]).read_bytes()
        assert md == (Path(CHAPTERS[0]).parent / source).read_bytes()
        page = soup(site_build, url)
        anchors = page.select("p.d2l-downloads a")
        names = [Path(downloads[kind]).name for kind in ("notebook", "source", "zip")]
        assert [Path(str(a["href"])).name for a in anchors] == names
        assert all(a.has_attr("download") for a in anchors)


@pytest.mark.any_site
def test_the_zip_holds_every_chapter_notebook_as_downloaded(site_build: Build) -> None:
    (zip_path,) = {NAV[url].downloads["zip"] for url in PAGES}
    with zipfile.ZipFile(site_build.site / zip_path) as archive:
        members = {Path(name).name: archive.read(name) for name in archive.namelist()}
    notebooks = [Path(NAV[url].downloads["notebook"]) for url in PAGES]
    assert members == {path.name: (site_build.site / path).read_bytes() for path in notebooks}


@pytest.mark.any_site
@over_pages
def test_page_language_is_chinese(site_build: Build, url: str) -> None:
    html = soup(site_build, url).html
    assert html is not None
    assert str(html.get("lang", "")).startswith("zh")


def search_docs(build: Build) -> list[dict[str, Any]]:
    index = json.loads((build.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return [{**doc, "text": doc["text"].replace("\u200b", "")} for doc in index["docs"]]


def test_search_index_holds_prose_and_each_code_cell_once(site_build: Build) -> None:
    docs = search_docs(site_build)
    assert any("def numerical_lim" in doc["text"] for doc in docs)
    for doc in docs:
        assert "In [" not in doc["text"], doc["location"]
        assert "Copied!" not in doc["text"], doc["location"]
        assert "在线运行" not in doc["text"], doc["location"]  # the live-code notice, on every page
        definitions = re.findall(r"\bdef \w+\(", doc["text"])
        repeated = sorted({d for d in definitions if definitions.count(d) > 1})
        assert repeated == [], f"{doc['location']}: {repeated}"


def test_each_page_is_described_by_its_own_opening(site_build: Build) -> None:
    descriptions = {
        url: soup(site_build, url).select_one('meta[name="description"]') for url in ALL_PAGES
    }
    texts = {url: str(meta["content"]) if meta else "" for url, meta in descriptions.items()}
    assert texts["derivatives"] == (
        "我们先讨论导数的计算。几乎所有深度学习优化算法都离不开这一步。"
        "在深度学习中，我们通常会选择对模型参数可微的损失函数。"
    )
    assert texts[""].startswith("《动手学深度学习》2.4 微积分")  # the home page: the site's own
    assert len(set(texts.values())) == len(texts), texts
