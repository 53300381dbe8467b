"""Each page's description: the whole sentences that open its text, up to the first formula."""

from __future__ import annotations

from bs4 import BeautifulSoup

from mkdocs_d2l_site import formulas, page_description

CONVERTER = formulas.Converter()


def opening_sentences(html: str, limit: int = page_description.MAX_CHARS) -> str | None:
    """As the page pipeline runs it: after the math pass."""
    soup = BeautifulSoup(html, "html.parser")
    formulas.render(soup, CONVERTER)
    return page_description.opening_sentences(soup, limit)


MATH = "$x$"


def test_the_build_s_own_blocks_are_not_the_page_s_text() -> None:
    html = (
        '<h1>2.4.1 导数</h1><p class="d2l-downloads">下载本节：<a>笔记本</a></p>'
        '<div class="admonition tip"><p>可以在浏览器里运行本节的代码。</p></div>'
        "<details><summary>解答</summary><p>答案。</p></details>"
        "<p>我们先讨论<strong>导数</strong>的计算。这是第二句。</p><p>下一段。</p>"
    )
    assert opening_sentences(html) == "我们先讨论导数的计算。这是第二句。"


def test_it_ends_with_the_last_whole_sentence_before_the_first_formula() -> None:
    html = f"<p>先看一个例子。设函数 {MATH} 可导，那么 {MATH} 存在。</p>"
    assert opening_sentences(html) == "先看一个例子。"


def test_a_page_that_opens_with_a_formula_has_no_summary_of_its_own() -> None:
    assert opening_sentences(f"<p>设函数 {MATH} 可导。</p>") is None
    assert opening_sentences("<h1>标题</h1><pre>x = 1</pre>") is None


def test_whole_sentences_up_to_the_limit_and_a_long_one_is_clipped() -> None:
    assert opening_sentences("<p>一二三。四五六。七八九。</p>", limit=8) == "一二三。四五六。"
    assert opening_sentences("<p>一二三四五六七八九十。</p>", limit=6) == "一二三四五…"


def test_a_list_opens_a_page_too_and_entities_become_plain_text() -> None:
    html = "<ol><li>积分源自逼近法（见 2.4&nbsp;节）。</li><li>第二条。</li></ol>"
    assert opening_sentences(html) == "积分源自逼近法（见 2.4 节）。"


def test_a_note_with_blocks_of_its_own_is_skipped_whole() -> None:
    html = '<div class="admonition note"><div>甲</div><p>注释里的话。</p></div><p>正文。</p>'
    assert opening_sentences(html) == "正文。"
