"""The preview's memory of a page's work, so that a rebuild redoes only the pages an edit touched.

``mkdocs serve`` rebuilds every page after any edit. The page passes (``page_pipeline``) and
the finished-page scan (``final_page``) are functions of their inputs, so the preview keeps
what they gave for each input (a digest of everything they read) and gives it back when the
same input comes again. What a pass does besides returning HTML (the page's TOC, title and
meta, the formulas' characters, the figure files) is recorded with it and done again. An entry
not used by a rebuild is dropped after it. ``mkdocs build`` never keeps one.
"""

from __future__ import annotations

import hashlib
import json
from typing import Generic, TypeVar

V = TypeVar("V")


def digest(*parts: object) -> str:
    """A key for ``parts``: strings, bytes and what JSON writes (sorted keys; others by repr)."""
    h = hashlib.sha256()
    for part in parts:
        if isinstance(part, bytes):
            data = part
        elif isinstance(part, str):
            data = part.encode()
        else:
            data = json.dumps(part, sort_keys=True, default=repr, ensure_ascii=False).encode()
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


class Memo(Generic[V]):
    """Values by key, kept from one build to the next only if that build used them."""

    def __init__(self) -> None:
        self._last: dict[str, V] = {}
        self._now: dict[str, V] = {}

    def next_build(self) -> None:
        self._last, self._now = self._now, {}

    def get(self, key: str) -> V | None:
        value = self._now.get(key, self._last.get(key))
        if value is not None:
            self._now[key] = value
        return value

    def put(self, key: str, value: V) -> V:
        self._now[key] = value
        return value
