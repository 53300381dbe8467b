"""Each page's ``<meta name="description">``: the opening sentences of its text.

Search engines and chat apps show the description under a shared link's title. Material writes
``page.meta.description`` there, else the site's one description for every page. The page's own
opening says what it is about; a formula cannot be written in plain text, so the summary ends
before the first one.
"""

from __future__ import annotations

import re

from bs4.element import NavigableString, Tag

from .formulas import MathML

MAX_CHARS = 80  # what a search result shows of a Chinese description
_SENTENCE = re.compile(r"[^。！？]*[。！？]")
_NOT_THE_TEXT = {"details", "pre", "figure", "table"}  # solutions, code, figures, tables


def _not_the_text(tag: Tag) -> bool:
    """A block whose text is not the page's own: those above, and notes (the live-code one)."""
    return tag.name in _NOT_THE_TEXT or "admonition" in tag.get_attribute_list("class")


def opening_sentences(body: Tag, limit: int = MAX_CHARS) -> str | None:
    """The whole sentences that open the page's first paragraph (or list item), at most
    ``limit`` characters (a longer first sentence is cut and ends in …); None if the page opens
    with no text, or with a formula."""
    block = next(
        (
            tag
            for tag in body.find_all(["p", "li"])
            if not tag.get("class") and tag.find_parent(_not_the_text) is None
        ),
        None,
    )
    if block is None:
        return None
    parts: list[str] = []
    at_formula = False
    for node in block.descendants:
        if isinstance(node, MathML):
            at_formula = True
            break
        if type(node) is NavigableString:  # text, not a comment
            parts.append(str(node))
    text = " ".join("".join(parts).split())
    summary = ""
    for sentence in _SENTENCE.findall(text):
        if len(summary) + len(sentence.strip()) > limit:
            break
        summary += sentence.strip()
    if not summary and text and not at_formula:
        # One long first sentence: clipped. (A sentence cut by a formula is not used at all.)
        summary = text if len(text) <= limit else text[: limit - 1] + "…"
    return summary or None
