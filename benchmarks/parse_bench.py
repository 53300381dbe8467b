"""How often a build parses HTML, and how long a warm build takes: the page pipeline's budget.

    nox -s bench_parse                 # or: python benchmarks/parse_bench.py [--runs N]

Builds the repository's site in process (mkdocs' own ``build``) into a temporary folder,
with the execution cache of a first, untimed build. It counts every BeautifulSoup tree and
every other ``html.parser.HTMLParser`` made while the build runs (by the whole build: the site
plugin, Material's search plugin, mkdocs' own checks), then times ``--runs`` warm builds and
prints the median wall and CPU time.
"""

from __future__ import annotations

import argparse
import html.parser
import logging
import os
import statistics
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

import bs4
from mkdocs.commands.build import build
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parent.parent


def _who(stack: list[traceback.FrameSummary]) -> str:
    """The package that asked for the parse: the first frame outside bs4 and html.parser."""
    for frame in reversed(stack[:-2]):
        path = frame.filename
        if "/bs4/" in path or path.endswith("html/parser.py") or path == __file__:
            continue
        for marker in ("site-packages/", "lib/python"):
            if marker in path:
                return path.split(marker, 1)[1].split("/", 1)[0]
        return Path(path).name
    return "?"


def count_parses(site_dir: Path) -> tuple[Counter[str], Counter[str]]:
    """BeautifulSoup trees and other HTMLParser instances made by one build, by package."""
    trees: Counter[str] = Counter()
    parsers: Counter[str] = Counter()
    soup_init = bs4.BeautifulSoup.__init__
    parser_init = html.parser.HTMLParser.__init__

    def counting_soup(self: bs4.BeautifulSoup, *args: object, **kwargs: object) -> None:
        trees[_who(traceback.extract_stack())] += 1
        soup_init(self, *args, **kwargs)  # type: ignore[arg-type]

    def counting_parser(self: html.parser.HTMLParser, *args: object, **kwargs: object) -> None:
        if not isinstance(self, bs4.builder._htmlparser.BeautifulSoupHTMLParser):
            parsers[_who(traceback.extract_stack())] += 1
        parser_init(self, *args, **kwargs)  # type: ignore[arg-type]

    bs4.BeautifulSoup.__init__ = counting_soup  # type: ignore[method-assign]
    html.parser.HTMLParser.__init__ = counting_parser  # type: ignore[method-assign]
    try:
        _build(site_dir)
    finally:
        bs4.BeautifulSoup.__init__ = soup_init  # type: ignore[method-assign]
        html.parser.HTMLParser.__init__ = parser_init  # type: ignore[method-assign]
    return trees, parsers


def _build(site_dir: Path) -> None:
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed warm builds (default 5)")
    args = parser.parse_args()
    os.chdir(ROOT)
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["D2L_CACHE_DIR"] = str(Path(tmp) / "cache")
        site = Path(tmp) / "site"
        _build(site)  # cold: executes the chapters and fills the caches
        trees, parsers = count_parses(site)
        pages = len(list(site.rglob("index.html")))
        print(f"warm build, {pages} pages:")
        print(f"  BeautifulSoup trees: {sum(trees.values())}  {dict(trees.most_common())}")
        print(f"  other HTMLParsers:   {sum(parsers.values())}  {dict(parsers.most_common())}")
        walls, cpus = [], []
        for _ in range(args.runs):
            wall, cpu = time.perf_counter(), time.process_time()
            _build(site)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        print(
            f"  warm build, median of {args.runs}: {statistics.median(walls):.2f} s wall, "
            f"{statistics.median(cpus):.2f} s CPU (this process; kernels are not started)"
        )
    sys.exit(0)


if __name__ == "__main__":
    main()
