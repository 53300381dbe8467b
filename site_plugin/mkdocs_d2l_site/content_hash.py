"""Content-hashed names: a file or folder named by its bytes, so any host may cache it for ever
(figures, slider frames, the slider script, the live-code folders, the wheel's folder)."""

from __future__ import annotations

import hashlib

#: Hex digits of the sha256 in a name: 64 bits, no accidental collision among a site's files.
HASH_CHARS = 16


def content_hash(data: bytes) -> str:
    """The name part for ``data``: the first ``HASH_CHARS`` hex digits of its sha256."""
    return hashlib.sha256(data).hexdigest()[:HASH_CHARS]
