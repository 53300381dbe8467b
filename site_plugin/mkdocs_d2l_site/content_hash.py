"""Content-hashed names: a file or folder named by its bytes, so any host may cache it for ever
(figures, slider frames, the slider script, the live-code folders, the wheel's folder)."""

from __future__ import annotations

import hashlib
from pathlib import Path

#: Hex digits of the sha256 in a name: 64 bits, no accidental collision among a site's files.
HASH_CHARS = 16


def content_hash(data: bytes) -> str:
    """The name part for ``data``: the first ``HASH_CHARS`` hex digits of its sha256."""
    return hashlib.sha256(data).hexdigest()[:HASH_CHARS]


def files_hash(files: dict[str, Path]) -> str:
    """The name part for a set of files: the hash of their names and contents."""
    listing = "".join(
        f"{name}\0{hashlib.sha256(path.read_bytes()).hexdigest()}\0"
        for name, path in sorted(files.items())
    )
    return content_hash(listing.encode())
