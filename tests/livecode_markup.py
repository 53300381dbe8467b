"""What live code writes into a built page: its config, the boot script and the notice under
the title. Read by the site and browser tests and by ``benchmarks/livecode_bench.py``."""

from __future__ import annotations

import re
from pathlib import Path

CONFIG = re.compile(r'<script type="application/json" id="d2l-livecode">(.*?)</script>', re.DOTALL)
# boot.js lives in a folder named by the hash of the front end's files.
BOOT = re.compile(r'<script src="([^"]*assets/livecode/[0-9a-f]{16}/boot\.js)" defer></script>')
# The notice holds no <div> of its own, so the first </div> closes it.
NOTICE = re.compile(r'<div [^>]*class="admonition tip d2l-live-bar".*?</div>', re.DOTALL)


def without_live_code(html: str) -> str:
    """The page with its live-code markup removed; fails unless each part is there once."""
    for pattern in (CONFIG, BOOT, NOTICE):
        html, found = pattern.subn("", html)
        if found != 1:
            raise ValueError(f"live-code markup {pattern.pattern[:45]!r} found {found} times")
    return html


def boot_script(page_file: Path) -> Path:
    """The boot.js that the built page ``page_file`` loads."""
    found = BOOT.search(page_file.read_text(encoding="utf-8"))
    if found is None:
        raise ValueError(f"{page_file} loads no boot.js")
    return (page_file.parent / found.group(1)).resolve()
