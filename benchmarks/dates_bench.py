"""What per-page dates from git cost: one `git log -1` per page, or one pass for all pages.

    python benchmarks/dates_bench.py [REPO] [--helpers d2l_helpers] [--runs 3]

REPO (default: this repository; a bare clone works too) is read, never changed. Its pages are
the Markdown files at HEAD; with --helpers, a page's date also covers that folder, as a chapter's
covers the helpers it runs. Prints the median seconds of each way and per page.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site_plugin"))

from mkdocs_d2l_site.build_date import HISTORY, BuildDates, last_changes


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout


def per_page(repo: Path, pages: list[str], helpers: list[str]) -> dict[str, int]:
    return {
        page: int(git(repo, "log", "-1", "--format=%ct", "--", page, *helpers)) for page in pages
    }


def one_pass(repo: Path, pages: list[str], helpers: list[str]) -> dict[str, int]:
    """What build_date.build_dates does: one log with file names, then a lookup per page."""
    log = git(repo, *HISTORY)
    changed = last_changes(log)
    top = Path("/dates-bench-top")  # nothing there: resolve() follows no symlink
    dates = BuildDates(int(git(repo, "log", "-1", "--format=%ct")), "git", top, changed)
    return {page: dates.of(top / p for p in [page, *helpers]) for page in pages}


def median_seconds(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", nargs="?", type=Path, default=Path(__file__).parents[1])
    parser.add_argument("--helpers", action="append", default=[])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    files = git(args.repo, "ls-tree", "-r", "--name-only", "HEAD").splitlines()
    pages = [name for name in files if name.endswith(".md")]
    commits = len(git(args.repo, "rev-list", "HEAD").splitlines())
    a = per_page(args.repo, pages, args.helpers)
    b = one_pass(args.repo, pages, args.helpers)
    agree = sum(a[page] == b[page] for page in pages)
    slow = median_seconds(lambda: per_page(args.repo, pages, args.helpers), args.runs)
    fast = median_seconds(lambda: one_pass(args.repo, pages, args.helpers), args.runs)
    print(f"{args.repo}: {commits} commits, {len(pages)} pages, helpers {args.helpers or '-'}")
    print(f"git log -1 per page: {slow:.3f} s ({slow / len(pages) * 1000:.1f} ms/page)")
    print(f"one pass + lookups:  {fast:.3f} s")
    print(f"same date for {agree} of {len(pages)} pages")


if __name__ == "__main__":
    main()
