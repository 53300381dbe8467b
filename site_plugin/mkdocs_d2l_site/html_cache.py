"""mkdocs-jupyter's page cache, kept from turning one damaged file into a failing build.

mkdocs-jupyter writes its cached HTML without an atomic rename and reads it back with a bare
``json.loads``: a file cut short (Ctrl-C, a full disk) makes every later build fail with a
``JSONDecodeError`` traceback until someone deletes it. A damaged entry is removed before the
pages are read, so it is an ordinary cache miss.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.d2l_site")


def _intact(entry: Path) -> bool:
    try:
        data = json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return (
        isinstance(data, dict)
        and isinstance(data.get("content"), str)
        and isinstance(data.get("toc_tokens"), list)
    )


def drop_damaged_entries(cache_dir: Path) -> None:
    """Remove every unreadable entry of mkdocs-jupyter's cache in ``cache_dir``."""
    for entry in sorted(cache_dir.glob("*.json")):
        if not _intact(entry):
            log.info("d2l-site: 缓存文件 %s 已损坏，删除后重新渲染", entry)
            entry.unlink(missing_ok=True)
