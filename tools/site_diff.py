"""Compare two builds of the site file by file, allowing only the differences named here.

    python tools/site_diff.py SITE_A SITE_B

Used by ``nox -s properdocs``: the site built by MkDocs and by ProperDocs must be the same
files with the same bytes, apart from ``ALLOWED``. Exit status 1 lists every other difference.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

# The differences an engine switch may make, each by name. Anything else fails the comparison.
ALLOWED: dict[str, re.Pattern[str]] = {
    # <meta name="generator" content="mkdocs-1.6.1, …"> names the engine that built the page.
    "generator tag": re.compile(r'<meta name="generator" content="[^"]*">'),
    # sw.js names the deploy by a hash of every file it may cache, generator tags included.
    "offline deploy id": re.compile(r'^const DEPLOY = "[0-9a-f]+";$', re.MULTILINE),
}
TEXT_SUFFIXES = {".html", ".xml", ".json", ".js", ".css", ".txt", ".svg"}


@dataclass
class Comparison:
    compared: int = 0
    only_in_a: list[str] = field(default_factory=list)
    only_in_b: list[str] = field(default_factory=list)
    differing: dict[str, str] = field(default_factory=dict)  # path -> first lines of the diff
    allowed: Counter[str] = field(default_factory=Counter)  # name in ALLOWED -> files

    @property
    def ok(self) -> bool:
        return not (self.only_in_a or self.only_in_b or self.differing)


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def _neutralise(text: str) -> tuple[str, set[str]]:
    """The text with each allowed difference replaced by its name, and the names that occurred."""
    seen = set()
    for name, pattern in ALLOWED.items():
        text, count = pattern.subn(f"<<{name}>>", text)
        if count:
            seen.add(name)
    return text, seen


def _first_diff(a: str, b: str, path: str, context: int = 1, limit: int = 12) -> str:
    lines = difflib.unified_diff(
        a.splitlines(), b.splitlines(), f"a/{path}", f"b/{path}", n=context, lineterm=""
    )
    return "\n".join(line[:200] for line in list(lines)[:limit])


def compare(site_a: Path, site_b: Path) -> Comparison:
    """Every file of both sites: the same set of paths, the same bytes up to ``ALLOWED``."""
    for site in (site_a, site_b):
        if not (site / "index.html").is_file():
            raise SystemExit(f"site_diff: {site} is not a built site (no index.html in it)")
    files_a, files_b = _files(site_a), _files(site_b)
    result = Comparison(only_in_a=sorted(files_a - files_b), only_in_b=sorted(files_b - files_a))
    for path in sorted(files_a & files_b):
        result.compared += 1
        bytes_a, bytes_b = (site_a / path).read_bytes(), (site_b / path).read_bytes()
        if bytes_a == bytes_b:
            continue
        if Path(path).suffix not in TEXT_SUFFIXES:
            result.differing[path] = f"binary files differ ({len(bytes_a)} vs {len(bytes_b)} bytes)"
            continue
        text_a, seen_a = _neutralise(bytes_a.decode("utf-8", "replace"))
        text_b, seen_b = _neutralise(bytes_b.decode("utf-8", "replace"))
        if text_a == text_b:
            result.allowed.update(seen_a | seen_b)
        else:
            result.differing[path] = _first_diff(text_a, text_b, path)
    return result


def report(result: Comparison, name_a: str, name_b: str) -> str:
    lines = [f"site_diff: {result.compared} files in both builds ({name_a} vs {name_b})"]
    for name, count in sorted(result.allowed.items()):
        lines.append(f"  allowed difference '{name}': {count} files")
    lines += [f"  only in {name_a}: {p}" for p in result.only_in_a]
    lines += [f"  only in {name_b}: {p}" for p in result.only_in_b]
    for path, diff in result.differing.items():
        lines.append(f"  differs beyond the allowed differences: {path}\n{diff}")
    if result.ok:
        lines.append("site_diff: OK, no difference beyond the allowed ones")
    else:
        bad = len(result.only_in_a) + len(result.only_in_b) + len(result.differing)
        lines.append(
            f"site_diff: FAILED, {bad} files differ. If a difference is expected, name it in "
            "ALLOWED in tools/site_diff.py; otherwise the other engine builds a different site."
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("site_a", type=Path)
    parser.add_argument("site_b", type=Path)
    args = parser.parse_args(argv)
    result = compare(args.site_a, args.site_b)
    print(report(result, args.site_a.name, args.site_b.name))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
