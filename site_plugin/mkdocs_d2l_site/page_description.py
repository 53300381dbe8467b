"""Each page's ``<meta name="description">``: the opening sentences of its text.

Search engines and chat apps show the description under a shared link's title. Material writes
``page.meta.description`` there, else the site's one description for every page. The page's own
opening says what it is about; a formula cannot be written in plain text, so the summary ends
before the first one.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

MAX_CHARS = 80  # what a search result shows of a Chinese description
# Blocks that are not the page's own text: notes, solutions, code, figures.
_SKIPPED = {"details", "pre", "figure", "table", "nav", "aside"}
_SENTENCE = re.compile(r"[^。！？]*[。！？]")


class _OpeningText(HTMLParser):
    """Text of the first paragraph (or list item) outside notes, up to its first formula."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.done = False
        self.at_formula = False
        self._open: list[str] = []  # tags of open skipped/admonition blocks
        self._block: str | None = None  # the paragraph being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done:
            return
        classes = (dict(attrs).get("class") or "").split()
        if self._block is not None:
            if tag == "math":  # the summary stops where the first formula begins
                self.done = self.at_formula = True
            return
        if tag in _SKIPPED or "admonition" in classes:
            self._open.append(tag)
        elif tag in {"p", "li"} and not classes and not self._open:
            self._block = tag

    def handle_endtag(self, tag: str) -> None:
        if self.done:
            return
        if self._block == tag:
            self.done = True
        elif self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._block is not None and not self.done:
            self.text.append(data)


def opening_sentences(html: str, limit: int = MAX_CHARS) -> str | None:
    """The whole sentences that open the page's first paragraph, at most ``limit`` characters
    (a longer first sentence is cut and ends in …); None if the page opens with no text."""
    parser = _OpeningText()
    parser.feed(html)
    text = " ".join("".join(parser.text).split())
    summary = ""
    for sentence in _SENTENCE.findall(text):
        if len(summary) + len(sentence.strip()) > limit:
            break
        summary += sentence.strip()
    if not summary and text and not parser.at_formula:
        # One long first sentence: clipped. (A sentence cut by a formula is not used at all.)
        summary = text if len(text) <= limit else text[: limit - 1] + "…"
    return summary or None
