"""The math pass: TeX → MathML at build time, what is left alone, and bad input."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import pytest
from bs4 import BeautifulSoup

from mkdocs_d2l_site import formulas
from mkdocs_d2l_site.formulas import Converter, equation_id


@dataclass
class Rendered:
    """What the math pass made of one page body, and the body as the page would serve it."""

    html: str
    count: int
    characters: set[str]
    errors: list[str]


def render(body: str, converter: Converter) -> Rendered:
    soup = BeautifulSoup(body, "html.parser")
    found = formulas.render(soup, converter)
    return Rendered(str(soup), found.count, found.characters, found.errors)


@pytest.fixture(scope="module")
def converter() -> Converter:
    return Converter()


def rendered(body: str, converter: Converter) -> tuple[Rendered, Any]:
    """The result and its parsed HTML (navigated freely: bs4's Tag | None unions are not the point)."""
    result = render(body, converter)
    return result, BeautifulSoup(result.html, "html.parser")


@pytest.mark.parametrize(
    "body",
    [
        "<p>函数 $f(x)$ 的导数</p>",  # notebook page (nbconvert keeps $…$)
        '<p>函数 <span class="arithmatex">\\(f(x)\\)</span> 的导数</p>',  # Markdown page
    ],
)
def test_inline_math_on_both_kinds_of_page(body: str, converter: Converter) -> None:
    result, soup = rendered(body, converter)
    assert result.count == 1
    math = soup.select_one("p > math")
    assert math is not None
    assert math.get("display") is None
    assert math.select_one('annotation[encoding="application/x-tex"]').string == "f(x)"
    assert soup.select(".arithmatex") == []
    assert soup.p.get_text().startswith("函数 ")


@pytest.mark.parametrize(
    "body",
    [
        "<p>$$\nf'(x) = \\lim_{h \\rightarrow 0} \\frac{f(x+h) - f(x)}{h}.\\tag{2.4.1}\n$$</p>",
        (
            '<div class="arithmatex">\\[\nf\'(x) = \\lim_{h \\rightarrow 0} \\frac{f(x+h) - f(x)}{h}.'
            "\\tag{2.4.1}\n\\]</div>"
        ),
    ],
)
def test_numbered_display_formula(body: str, converter: Converter) -> None:
    result, soup = rendered(body, converter)
    (box,) = soup.select("div.d2l-math")
    assert box.parent is soup, "the formula replaces its <p> / arithmatex <div>"
    assert box["id"] == "eq-2-4-1"
    assert box.math["display"] == "block"
    assert box.select_one(".d2l-math-number").string == "(2.4.1)"
    assert "(2.4.1)" not in box.math.mstyle.get_text(), "the number is not drawn twice"
    tex = box.select_one("annotation").string
    assert tex.startswith("f'(x) = \\lim")
    assert tex.endswith("\\tag{2.4.1}")
    assert not result.errors


def test_a_starred_tag_is_shown_as_written(converter: Converter) -> None:
    """``\\tag*{A}`` numbers the formula A, without the parentheses (as in LaTeX)."""
    result, soup = rendered("<p>$$x^2 \\tag*{A}$$</p>", converter)
    assert not result.errors
    (box,) = soup.select("div.d2l-math")
    assert box["id"] == "eq-A"
    assert box.select_one(".d2l-math-number").string == "A"
    assert box.select_one("annotation").string == "x^2 \\tag*{A}"


def test_prime_is_written_flat_after_its_base(converter: Converter) -> None:
    # Chromium draws <msup><mi>f</mi><mo>′</mo></msup> with a tiny raised prime.
    _, soup = rendered("<p>$f'(x)$ 和 $f''(x)$</p>", converter)
    assert soup.find("msup") is None
    first: Any = soup.find("math").mstyle
    assert [child.name for child in first.children][:2] == ["mi", "mo"]


@pytest.mark.parametrize("punctuation", ["，", "。", "；", "：", "、", ",", "."])
def test_punctuation_after_inline_math_stays_with_it(
    punctuation: str, converter: Converter
) -> None:
    _, soup = rendered(f"<p>设 $x${punctuation}则</p>", converter)
    keep = soup.select_one("span.d2l-math-nobr")
    assert keep is not None
    assert [c.name for c in keep.contents] == ["math", None]
    assert keep.contents[1] == punctuation
    assert soup.p.get_text().endswith(f"{punctuation}则")


@pytest.mark.parametrize(
    "body",
    [
        "<pre><code>price = $5 and $6</code></pre>",
        '<div class="d2l-output"><pre>$x$</pre></div>',
        "<p>没有公式的段落。</p>",
        "<p>价格是 \\$5。</p>",
    ],
)
def test_text_that_is_not_math_is_left_alone(body: str, converter: Converter) -> None:
    result = render(body, converter)
    assert result.count == 0
    assert "<math" not in result.html
    assert not result.errors


def test_tex_is_escaped_in_the_markup(converter: Converter) -> None:
    result, soup = rendered("<p>$\\text{&lt;script&gt;} a &lt; b$</p>", converter)
    assert "<script" not in result.html
    assert soup.find("script") is None
    assert soup.select_one("annotation").string == "\\text{<script>} a < b"


def test_characters_are_what_the_font_must_draw(converter: Converter) -> None:
    result = render("<p>$\\nabla f \\in \\mathbb{R}$</p>", converter)
    assert {"∇", "f", "∈", "ℝ"} <= result.characters
    assert "\\" not in result.characters, "the annotation's TeX is not drawn"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<p>$\\frac{1}{$</p>", "公式 “\\frac{1}{” 无法转换为 MathML"),
        ("<p>$\\notacommand x$</p>", "notacommand"),
        ("<p>$x \\tag{2.4.1}$</p>", "行内公式"),
        ("<p>$$x \\tag{1} \\tag{2}$$</p>", "2 个 \\tag"),
        (
            "<p>$$x \\tag{2.4.1}$$</p><p>$$y \\tag{2.4.1}$$</p>",
            "公式编号 (2.4.1) 在本页出现了不止一次",
        ),
    ],
)
def test_bad_formula_is_reported_by_name(body: str, message: str, converter: Converter) -> None:
    result = render(body, converter)
    assert len(result.errors) == 1
    assert message in result.errors[0]


def test_a_failed_formula_stays_as_written(converter: Converter) -> None:
    result = render("<p>先 $x$ 后 $\\frac{1}{$ 完</p>", converter)
    assert result.count == 1
    assert "$\\frac{1}{$" in result.html


@pytest.mark.parametrize(("tag", "anchor"), [("2.4.1", "eq-2-4-1"), ("2.4.10", "eq-2-4-10")])
def test_equation_id(tag: str, anchor: str) -> None:
    assert equation_id(tag) == anchor


@pytest.mark.parametrize(
    "tex",
    [
        "\\frac{\\partial y}{\\partial x}",  # one element, marked itself
        "\\frac{\\frac{a}{b}}{c}",  # one element, but with its own name inside
        "\\left(\\sum_{k} x_k\\right)^{1/2}",
        "x",
        "f(x) = 3x^2",
    ],
)
def test_materials_search_parser_indexes_the_tex_only(tex: str, converter: Converter) -> None:
    with warnings.catch_warnings():  # jieba, imported by Material's search, has old regexes
        warnings.simplefilter("ignore")
        from material.plugins.search.plugin import Parser  # type: ignore[import-untyped]

    parser = Parser()
    parser.feed(render(f"<p>$${tex}$$</p>", converter).html)
    parser.close()
    assert "".join(text for section in parser.data for text in section.text) == tex
