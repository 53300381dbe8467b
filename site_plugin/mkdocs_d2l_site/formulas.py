"""Formulas become static MathML when the site is built: the reader's browser runs no math code.

One pass over a page body handles both kinds of page: notebook pages carry ``$…$`` / ``$$…$$``
as text (nbconvert leaves math alone), Markdown pages carry arithmatex's ``\\(…\\)`` / ``\\[…\\]``.
The converter is PyPI's ``math-core`` (LaTeX → MathML Core). What this module adds around it:

- ``\\tag{2.4.1}``: math-core accepts a tag only inside a numbered environment and then lays the
  number out as a 100 %-wide table, which cannot scroll on a phone. The tag is taken out of the
  TeX, the number is written next to the formula as HTML, and the block gets the anchor
  ``eq-2-4-1`` that links such as ``derivatives.md#eq-2-4-1`` point to.
- The TeX source stays in ``<annotation encoding="application/x-tex">`` (screen readers, copy).
  The rendered part is marked ``data-search-exclude``, so the search index holds the TeX and not
  the glyphs one by one (or, for a formula that contains ``<mstyle>``, nothing).
- Chromium draws ``<msup><mi>f</mi><mo>′</mo></msup>`` with a tiny raised prime; a prime written
  flat after its base renders at the right size and place everywhere.
- Punctuation right after inline math (``$x$，``) is kept on the formula's line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import math_core
from bs4 import BeautifulSoup
from bs4.element import NavigableString, PageElement, PreformattedString, Tag

from . import math_font

#: The class of a display formula's box (the anchor target, scrolls sideways on phones).
DISPLAY_CLASS = "d2l-math"
#: The class that keeps inline math and the punctuation after it on one line.
NOBREAK_CLASS = "d2l-math-nobr"

# $$…$$ first so that it is not read as two empty $…$; a backslash-escaped \$ is a dollar sign.
_DELIMITED = re.compile(
    r"(?<!\\)\$\$(?P<d1>.+?)(?<!\\)\$\$"
    r"|\\\[(?P<d2>.+?)\\\]"
    r"|(?<![\\$])\$(?P<i1>[^$]+?)(?<!\\)\$"
    r"|\\\((?P<i2>.+?)\\\)",
    re.DOTALL,
)
#: ``\tag{2.4.1}`` is shown as (2.4.1); ``\tag*{A}``, as in LaTeX, as A (no parentheses).
_TAG = re.compile(r"\\tag(\*?)\{([^{}]+)\}")
# Code, outputs and scripts hold text that only looks like TeX.
_SKIP = {"code", "pre", "script", "style", "math", "kbd", "samp", "textarea"}
_SKIP_CLASSES = {"d2l-output", "d2l-stderr", "highlight"}
_PRIME = re.compile(r"<msup>(<mi>[^<]*</mi>)(<mo>[′″‴]</mo>)</msup>")
_AFTER = "，。；：、！？）》」』”’,.;:!?)"


class MathML(PreformattedString):
    """A converted formula in the page tree: written out exactly as math-core made it.

    The converter's output is already well-formed markup; parsing it into a tree of its own
    (433 formulas, a BeautifulSoup each) cost more than the rest of the math pass.
    """

    PREFIX = ""
    SUFFIX = ""


class MathError(Exception):
    """A formula that cannot be converted; the message names the formula and the reason."""


@dataclass
class Formulas:
    """What the math pass found on one page."""

    count: int = 0
    #: Every character drawn by the math font (what the font subset must contain).
    characters: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)


def equation_id(tag: str) -> str:
    """``2.4.1`` → ``eq-2-4-1``: the anchor of a display equation numbered with ``\\tag``."""
    return "eq-" + re.sub(r"[^0-9A-Za-z]+", "-", tag).strip("-")


class Converter:
    """TeX → MathML with the fixes above; one per build (math-core's parser is reusable)."""

    def __init__(self) -> None:
        self._core = math_core.LatexToMathML(fancy_error=False)

    def mathml(self, tex: str, *, display: bool) -> str:
        """The ``<math>`` element for ``tex`` (no ``\\tag``), with its TeX as annotation."""
        try:
            out = str(self._core.convert_with_local_state(tex, displaystyle=display))
        except math_core.LatexError as error:
            reason = " ".join(str(error).split()) or type(error).__name__
            raise MathError(f"公式 “{_shorten(tex)}” 无法转换为 MathML：{reason}") from None
        head, _, rest = out.partition(">")
        inner = rest[: -len("</math>")]
        inner = _PRIME.sub(r"\1\2", inner)
        annotation = (
            f'<annotation encoding="application/x-tex">{html.escape(tex.strip(), quote=False)}'
            "</annotation>"
        )
        # Material's search parser matches end tags by name only: the excluded element must
        # be a tag that does not occur inside it, or the index gets the rest as glyphs. A
        # formula drawn by one such element (x, 2, \frac{a}{b}) is marked itself: no wrapper.
        root = re.match(r"<(m[a-z]+)[\s>]", inner)
        if (
            root
            and inner.endswith(f"</{root[1]}>")
            and len(re.findall(rf"<{root[1]}[\s>]", inner)) == 1
        ):
            marked = inner.replace(root[0], f'<{root[1]} data-search-exclude=""{root[0][-1]}', 1)
            return f"{head}><semantics>{marked}{annotation}</semantics></math>"
        if "<mstyle" not in inner:
            return (
                f'{head}><semantics><mstyle data-search-exclude="">{inner}</mstyle>'
                f"{annotation}</semantics></math>"
            )
        return (
            f'{head}><semantics data-search-exclude=""><mrow>{inner}</mrow>'
            f"{annotation}</semantics></math>"
        )


def _shorten(tex: str, limit: int = 80) -> str:
    flat = " ".join(tex.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _skipped(node: NavigableString) -> bool:
    for parent in node.parents:
        if parent.name in _SKIP:
            return True
        if _SKIP_CLASSES.intersection(parent.get_attribute_list("class") or []):
            return True
    return False


def _texts(soup: BeautifulSoup) -> Iterator[NavigableString]:
    for node in list(soup.find_all(string=_DELIMITED)):
        if type(node) is NavigableString and not _skipped(node):
            yield node


def render(soup: BeautifulSoup, converter: Converter) -> Formulas:
    """Replace every formula in ``soup`` by MathML; failures are collected, not raised."""
    result = Formulas()
    inline: list[MathML] = []
    boxes: list[Tag] = []
    seen_ids = {str(tag["id"]) for tag in soup.find_all(id=True)}
    for node in list(_texts(soup)):
        text = str(node)
        pieces: list[PageElement | str] = []
        last = 0
        for match in _DELIMITED.finditer(text):
            display = match.group("d1") is not None or match.group("d2") is not None
            tex = next(g for g in match.group("d1", "d2", "i1", "i2") if g is not None)
            pieces.append(text[last : match.start()])
            last = match.end()
            try:
                element = _element(soup, tex, display, converter, seen_ids, result)
            except MathError as error:
                result.errors.append(str(error))
                pieces.append(match.group(0))
                continue
            pieces.append(element)
            if isinstance(element, Tag):
                boxes.append(element)
            else:
                inline.append(element)
        pieces.append(text[last:])
        _replace(node, pieces)
    for holder in soup.select("span.arithmatex"):
        if any(isinstance(child, MathML) for child in holder.contents):
            holder.unwrap()  # so that the punctuation after it becomes the formula's neighbour
    for box in boxes:
        _unwrap_holder(box)
    for math in inline:
        _keep_punctuation(math, soup)
    return result


def _element(
    soup: BeautifulSoup,
    tex: str,
    display: bool,
    converter: Converter,
    seen_ids: set[str],
    result: Formulas,
) -> Tag | MathML:
    found = _TAG.findall(tex)
    tags = [label for _, label in found]
    if len(tags) > 1:
        raise MathError(f"公式 “{_shorten(tex)}” 有 {len(tags)} 个 \\tag，一个公式只能有一个编号")
    if tags and not display:
        raise MathError(f"行内公式 “{_shorten(tex)}” 不能带 \\tag：编号只用于独立成行的公式")
    ident = equation_id(tags[0]) if tags else None
    if ident in seen_ids:
        raise MathError(f"公式编号 ({tags[0]}) 在本页出现了不止一次：“{_shorten(tex)}”")
    markup = converter.mathml(_TAG.sub("", tex), display=display)
    if tags:
        # The annotation is what a reader copies: the formula as written, number included.
        written = html.escape(f" \\tag{found[0][0]}{{{tags[0]}}}", quote=False)
        markup = markup.replace("</annotation>", written + "</annotation>", 1)
    result.count += 1
    result.characters.update(math_font.drawn(markup))
    math = MathML(markup)
    if not display:
        return math
    box = soup.new_tag("div", attrs={"class": DISPLAY_CLASS})
    box.append(math)
    if ident is not None:
        seen_ids.add(ident)
        box["id"] = ident
        number = soup.new_tag("span", attrs={"class": "d2l-math-number"})
        number.string = tags[0] if found[0][0] else f"({tags[0]})"
        box.append(number)
    return box


def _replace(node: NavigableString, pieces: list[PageElement | str]) -> None:
    """Put ``pieces`` where ``node`` was."""
    # A MathML node is a str too: only plain text becomes a new text node.
    out = [p if isinstance(p, PageElement) else NavigableString(p) for p in pieces if p != ""]
    first = out[0] if out else NavigableString("")
    node.replace_with(first)
    anchor: PageElement = first
    for item in out[1:]:
        anchor.insert_after(item)
        anchor = item


def _keep_punctuation(math: MathML, soup: BeautifulSoup) -> None:
    """``$x$，`` must not break between the formula and its comma (a line starting with "，")."""
    after = math.next_sibling
    if not isinstance(after, NavigableString) or str(after)[:1] not in _AFTER:
        return
    text = str(after)
    keep = soup.new_tag("span", attrs={"class": NOBREAK_CLASS})
    math.replace_with(keep)
    keep.append(math)
    keep.append(text[0])
    if text[1:]:
        after.replace_with(NavigableString(text[1:]))
    else:
        after.extract()


def _unwrap_holder(box: Tag) -> None:
    """A display formula alone in its ``<p>`` or arithmatex ``<div>`` replaces that holder.

    A ``<div>`` may not sit inside a ``<p>``, and the holder would add its own margins.
    """
    holder = box.parent
    if not isinstance(holder, Tag) or holder.name not in {"p", "div"}:
        return
    if holder.name == "div" and "arithmatex" not in holder.get_attribute_list("class"):
        return
    others = [
        child
        for child in holder.contents
        if child is not box and not (isinstance(child, NavigableString) and not child.strip())
    ]
    if not others:
        holder.replace_with(box)
    elif holder.name == "p":
        box.name = "span"  # a block inside running text: still valid HTML
