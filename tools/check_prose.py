"""Chinese prose in the chapters uses full-width punctuation: report ASCII quotes and half-width
punctuation written next to Chinese text (code, math, links and HTML are not prose), and a
section number parted from its 节/章 by an ordinary space (a phone breaks the line there).

    python tools/check_prose.py docs/*.md      exit 1 and one line per finding
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"  # CJK text and its full-width punctuation
NOT_PROSE = re.compile(
    r"^---\n.*?\n---\n"  # front matter
    r"|^```.*?^```"  # code blocks
    r"|\$\$.*?\$\$|\$[^$\n]+\$"  # math
    r"|`[^`\n]+`"  # inline code
    r"|\]\([^)\s]*\)"  # link targets
    r"|<[^>\n]+>"  # HTML tags and attributes
    r"|&[a-z]+;",  # HTML entities (&nbsp;)
    re.DOTALL | re.MULTILINE,
)
FINDINGS = {
    "ASCII quote": re.compile(r'"'),
    "half-width punctuation next to Chinese": re.compile(
        rf"(?<={CJK})[,.;:?!()]|[,;:?!()](?={CJK})"
    ),
    "section number broken from 节/章": re.compile(r"(?<=\d) (?=[节章])"),
}
USE_INSTEAD = {
    '"': "“…”",
    ",": "，",
    ".": "。",
    ";": "；",
    ":": "：",
    "?": "？",
    "!": "！",
    " ": "&nbsp;",
}


def blank(match: re.Match[str]) -> str:
    """Keep line numbers: replace what is not prose by spaces, newlines stay."""
    return re.sub(r"[^\n]", " ", match.group(0))


def findings(text: str) -> list[tuple[int, str, str]]:
    """(line, what, the line) for every problem in a Markdown chapter."""
    prose = NOT_PROSE.sub(blank, text)
    found = []
    for number, (line, original) in enumerate(
        zip(prose.splitlines(), text.splitlines(), strict=True), start=1
    ):
        if not re.search(CJK, line):
            continue
        for what, pattern in FINDINGS.items():
            for match in pattern.finditer(line):
                char = match.group(0)
                hint = USE_INSTEAD.get(char, "（）")
                found.append((number, f"{what} {char!r} (use {hint})", original.strip()))
    return found


def main(paths: list[str]) -> int:
    count = 0
    for path in paths:
        for number, what, line in findings(Path(path).read_text(encoding="utf-8")):
            print(f"{path}:{number}: {what}: {line[:80]}")
            count += 1
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
