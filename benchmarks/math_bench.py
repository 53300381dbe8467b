"""What the formulas cost a reader: first-visit bytes, DOM size, Lighthouse vs the page without math.

    python benchmarks/math_bench.py SITE_DIR [--runs 3] [--pages /derivatives/ /exercises/]
        [--lighthouse PATH] [--json PATH]

SITE_DIR is a built site (``nox -s docs`` leaves it in site/); nothing is built here. For each
page of the nav it prints the first-visit weight (HTML + stylesheets, scripts, images and the
preloaded math font, raw and gzip) and the number of elements in the HTML. With Lighthouse
(npm ``lighthouse@12.2.3``; ``--lighthouse`` names its binary, CHROME_PATH the browser) it runs
mobile Lighthouse on each page and on the same page with its math removed, alternating the two
(paired runs, so that load on the machine hits both alike), and prints medians and their ratio.

"Without math" = the same HTML with every ``<math>`` element, the math font's preload and the
math script removed (the formula boxes and numbers stay, empty; site.css's @font-face is then
unused, so the font is not downloaded).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
# tools/ on the path: local_site is the one local web server of tests, tools and benchmarks.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from build_bench import markdown_table, nav_pages, page_url, weigh_page

from local_site import SiteServer

CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
_MATH = re.compile(r"<math\b.*?</math>", re.DOTALL)
# A solution holds no <details> of its own (cells folded by notebook_page.py), so the first
# </details> closes it.
_CLOSED_SOLUTION = re.compile(
    r'<details class="[^"]*\bd2l-solution\b"(?![^>]*\bopen\b)[^>]*>\s*'
    r"<summary>.*?</summary>(.*?)</details>",
    re.DOTALL,
)
_MATH_ASSETS = (
    re.compile(r'<link rel="preload" href="[^"]*d2l-math\.woff2"[^>]*>\s*'),
    re.compile(
        r'<script>\s*\(function \(\) \{\s*if \(!\("MathMLElement".*?</script>\s*', re.DOTALL
    ),
)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.count += 1


def element_count(html: str) -> int:
    parser = _Elements()
    parser.feed(html)
    return parser.count


def closed_solution_elements(html: str) -> int:
    """Elements inside the page's closed solutions (summary excepted): site.css gives them
    ``display: none``, so the browser parses them but never styles or lays them out."""
    return sum(element_count(content) for content in _CLOSED_SOLUTION.findall(html))


def without_math(html: str) -> str:
    """The page with its formulas and every math asset removed; fails if one is not found."""
    stripped, formulas = _MATH.subn("", html)
    if formulas == 0:
        raise ValueError("no <math> element on the page")
    for pattern in _MATH_ASSETS:
        stripped, found = pattern.subn("", stripped)
        if found != 1:
            raise ValueError(f"math asset {pattern.pattern[:40]!r} found {found} times")
    return stripped


@dataclass
class Lighthouse:
    performance: float
    tbt_ms: float
    lcp_ms: float
    cls: float
    dom_size: float
    bytes: float


def lighthouse(binary: str, url: str, out: Path) -> Lighthouse:
    subprocess.run(
        [binary, url, "--quiet", "--output=json", f"--output-path={out}",
         f"--chrome-flags={CHROME_FLAGS}", "--only-categories=performance"],
        check=True, capture_output=True, timeout=300,
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
    )  # fmt: skip
    report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    return Lighthouse(
        performance=round(report["categories"]["performance"]["score"] * 100),
        tbt_ms=audits["total-blocking-time"]["numericValue"],
        lcp_ms=audits["largest-contentful-paint"]["numericValue"],
        cls=audits["cumulative-layout-shift"]["numericValue"],
        dom_size=audits["dom-size"]["numericValue"],
        bytes=audits["total-byte-weight"]["numericValue"],
    )


@dataclass
class Paired:
    page: str
    with_math: list[Lighthouse] = field(default_factory=list)
    no_math: list[Lighthouse] = field(default_factory=list)

    def median(self, side: str, metric: str) -> float:
        return statistics.median(getattr(run, metric) for run in getattr(self, side))


def paired_runs(site: Path, pages: list[str], runs: int, binary: str, work: Path) -> list[Paired]:
    bare = work / "no-math"
    shutil.copytree(site, bare)
    for path in pages:
        page = bare / path.strip("/") / "index.html"
        page.write_text(without_math(page.read_text(encoding="utf-8")), encoding="utf-8")
    results = []
    # Text gzip-compressed, as by any real static host (Lighthouse blames the site otherwise).
    with SiteServer(site, gzip=True) as server_a, SiteServer(bare, gzip=True) as server_b:
        origin_a, origin_b = server_a.origin, server_b.origin
        for path in pages:
            pair = Paired(path)
            for run in range(runs):
                # Alternate which goes first, so that neither always meets a warmer machine.
                order = [("with_math", origin_a), ("no_math", origin_b)]
                for side, origin in order if run % 2 == 0 else order[::-1]:
                    out = work / f"{path.strip('/') or 'index'}-{side}-{run}.json"
                    getattr(pair, side).append(lighthouse(binary, origin + path, out))
            results.append(pair)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", nargs="*", default=None, help="URL paths for Lighthouse")
    parser.add_argument("--lighthouse", help="the lighthouse binary (npm lighthouse@12.2.3)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    site: Path = args.site.resolve()

    rows, weights = [], {}
    for title, html_path in nav_pages():
        weight = weigh_page(site, html_path)
        html = (site / html_path).read_text(encoding="utf-8")
        formulas = len(_MATH.findall(html))
        elements, hidden = element_count(html), closed_solution_elements(html)
        weights[page_url(html_path)] = {
            **asdict(weight),
            "elements": elements,
            "in_closed_solutions": hidden,
        }
        rows.append(
            (
                f"`{page_url(html_path)}` {title}",
                str(formulas),
                f"{weight.first_visit / 1000:,.0f} KB",
                f"{weight.first_visit_gzip / 1000:,.0f} KB",
                f"{elements:,}",
                f"{element_count(without_math(html)) if formulas else elements:,}",
                f"{hidden:,}",
            )
        )
    print(
        markdown_table(
            [
                "page",
                "formulas",
                "first visit",
                "gzip",
                "elements",
                "elements without math",
                "in closed solutions",
            ],
            rows,
        )
    )
    result: dict[str, Any] = {"pages": weights}
    if args.lighthouse:
        pages = args.pages or ["/derivatives/", "/exercises/"]
        with tempfile.TemporaryDirectory(prefix="math-bench-") as work:
            pairs = paired_runs(site, pages, args.runs, args.lighthouse, Path(work))
        lh_rows = []
        for pair in pairs:
            ours, bare = (
                pair.median("with_math", "performance"),
                pair.median("no_math", "performance"),
            )
            lh_rows.append(
                (
                    f"`{pair.page}`",
                    " ".join(f"{r.performance:.0f}" for r in pair.with_math),
                    " ".join(f"{r.performance:.0f}" for r in pair.no_math),
                    f"{ours:.0f} vs {bare:.0f} ({ours / bare:.2f}×, {ours - bare:+.0f})",
                    f"{pair.median('with_math', 'tbt_ms'):.0f} / {pair.median('no_math', 'tbt_ms'):.0f}",
                    f"{pair.median('with_math', 'dom_size'):.0f} / {pair.median('no_math', 'dom_size'):.0f}",
                    f"{pair.median('with_math', 'cls'):.3f} / {pair.median('no_math', 'cls'):.3f}",
                )
            )
            result.setdefault("lighthouse", {})[pair.page] = asdict(pair)
        print()
        print(
            markdown_table(
                ["page (mobile)", "perf runs", "no-math runs", "median (ratio, diff)",
                 "TBT ms", "DOM", "CLS"],
                lh_rows,
            )
        )  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
