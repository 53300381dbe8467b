"""Build benchmark: this project's site configuration vs stock mkdocs-jupyter, same chapters.

    nox -s bench                    # or: python benchmarks/build_bench.py [--runs N] [--json PATH]

Builds run in a temporary folder with generated copies of mkdocs.yml, so the repository, its
site/ and its .cache/ are never touched and "cold" really starts from an empty cache. Prints a
machine header, a Markdown table of build times and page weights, and a per-page table.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

# tools/ on the path: smoke_check's page_refs is the one URL collector of tools and benchmarks.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # site_pages: the nav
import smoke_check

from mkdocs_d2l_site.notebook_page import figure_filename

import site_pages

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mkdocs.yml"
DOCS = ROOT / "docs"

#: A made-up origin to resolve page URLs against; anything on another host is cross-origin.
ORIGIN = "http://bench.invalid"
#: The chapter that is also built as a plain Markdown page, for the notebook-page overhead.
PLAIN_SOURCE = "derivatives.md"
PLAIN_PAGE = "derivatives-plain.md"
VERSIONS = ("mkdocs", "mkdocs-material", "mkdocs-jupyter", "nbclient", "jupytext", "d2l-helpers")

NOTES = [
    (
        "Both configurations are built without --strict, so they are measured the same way "
        "(stock output may have warnings); NO_MKDOCS_2_WARNING=1, cwd = repo root, each build "
        "into its own temporary site_dir."
    ),
    (
        "ours = the repo's mkdocs.yml (d2l-site executes; its cache in a temporary dir). stock = "
        "a config that INHERITs it, with the plugin list minus d2l-site and "
        "`mkdocs-jupyter: {execute: true}`, its other options at their defaults (cache on, "
        "cache_dir in a temporary dir)."
    ),
    (
        "cold = empty build cache. One untimed warm-up imports matplotlib and jieba first, so "
        "the OS file cache, matplotlib's font list and jieba's dictionary cache are warm for both."
    ),
    "warm = the same build again right away, nothing changed.",
    "no-execute: ours with D2L_EXECUTE=false; stock with `execute: false` and an empty cache.",
    (
        "first visit = the page's HTML + same-origin <link rel=stylesheet|preload>, <script "
        "src> and <img src> (lazy images included; data: URIs are inside the HTML already). "
        "Formulas are MathML in the HTML; the preloaded math font is counted, MathJax (loaded "
        "only by browsers without MathML) is not. Cross-origin requests are not counted in "
        "bytes (listed under Observed). gzip = level 6, per file."
    ),
    "Material also fetches search/search_index.json on page load; its size is a separate row.",
    (
        f"plain Markdown page = docs/{PLAIN_SOURCE} rewritten without kernelspec: code as fenced "
        "blocks, text outputs as ```text blocks, figures as ![alt](the same SVG files), built "
        "by ours in a copy of docs/."
    ),
]


# --------------------------------------------------------------------------------------------
# Generated configurations: small files that INHERIT the repo's mkdocs.yml. mkdocs merges the
# two deeply for mappings and replaces lists, so a child sets only what differs: absolute paths
# (relative ones resolve against the child's folder) and, for stock, the whole plugin list.
# --------------------------------------------------------------------------------------------


def _parent() -> dict[str, Any]:
    """mkdocs.yml as mkdocs loads it (!ENV and python tags resolved)."""
    from mkdocs.utils.yaml import yaml_load

    with CONFIG.open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = yaml_load(handle)
    return loaded


def _plugin_name(entry: Any) -> str:
    return next(iter(entry)) if isinstance(entry, dict) else str(entry)


def _write_child(path: Path, overrides: dict[str, Any]) -> Path:
    """``INHERIT: mkdocs.yml`` plus ``overrides`` (JSON is valid YAML, one key per line)."""
    lines = [f"INHERIT: {json.dumps(str(CONFIG))}"]
    lines += [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in overrides.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _paths(docs_dir: Path) -> dict[str, Any]:
    parent = _parent()
    overrides: dict[str, Any] = {"docs_dir": str(docs_dir)}
    custom_dir = parent.get("theme", {}).get("custom_dir")
    if custom_dir:
        overrides["theme"] = {"custom_dir": str((ROOT / custom_dir).resolve())}
    if parent.get("watch"):
        overrides["watch"] = [str((ROOT / item).resolve()) for item in parent["watch"]]
    return overrides


def write_ours_config(path: Path, *, docs_dir: Path) -> Path:
    """The repo's configuration; d2l-site's cache goes where D2L_CACHE_DIR says, and its wheel
    is built from the repository (not from the temporary folder the config is written to)."""
    plugins: list[Any] = []
    for entry in _parent().get("plugins", []):
        if _plugin_name(entry) == "d2l-site":
            options = dict(entry["d2l-site"]) if isinstance(entry, dict) else {}
            options.pop("cache_dir", None)  # D2L_CACHE_DIR, read by the plugin's own default
            entry = {"d2l-site": {**options, "package": str(ROOT)}}
        plugins.append(entry)
    return _write_child(path, {**_paths(docs_dir), "plugins": plugins})


def write_stock_config(path: Path, *, execute: bool, cache_dir: Path) -> Path:
    """The same without d2l-site, with mkdocs-jupyter executing and otherwise at its defaults."""
    plugins: list[Any] = []
    for entry in _parent().get("plugins", []):
        name = _plugin_name(entry)
        if name == "d2l-site":
            continue
        if name == "mkdocs-jupyter":
            entry = {name: {"execute": execute, "cache_dir": str(cache_dir)}}
        plugins.append(entry)
    if "mkdocs-jupyter" not in {_plugin_name(p) for p in plugins}:
        raise ValueError("mkdocs.yml has no mkdocs-jupyter plugin entry")
    return _write_child(path, {**_paths(DOCS), "plugins": plugins})


# --------------------------------------------------------------------------------------------
# Builds
# --------------------------------------------------------------------------------------------


@dataclass
class Build:
    seconds: float | None
    warnings: int = 0
    error: str | None = None


def run_build(config: Path, site: Path, *, env: dict[str, str], timeout: float) -> Build:
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)]
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    started = time.perf_counter()
    try:
        proc = subprocess.run(
            command,
            cwd=ROOT,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Build(None, error=f"timed out after {timeout:.0f} s")
    seconds = time.perf_counter() - started
    output = proc.stdout + proc.stderr
    site.with_name(site.name + ".log").write_text(output, encoding="utf-8")  # for --keep
    warnings = len(re.findall(r"^WARNING\b", output, flags=re.MULTILINE))
    if proc.returncode != 0:
        tail = [line for line in output.splitlines() if line.strip()][-3:]
        return Build(None, warnings, "build failed: " + " | ".join(tail)[-400:])
    return Build(seconds, warnings)


def warm_up() -> None:
    """Pay one-off per-machine costs (font list, dictionary cache) outside the timings."""
    code = (
        "import matplotlib.pyplot\n"
        "try:\n import jieba; jieba.initialize()\n"
        "except ImportError:\n pass\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, check=False)


@dataclass
class Run:
    cold: Build
    warm: Build
    no_execute: Build


def _failed(reason: str) -> Run:
    return Run(*(Build(None, error=reason) for _ in range(3)))


def run_ours(work: Path, timeout: float) -> Run:
    work.mkdir(parents=True)
    cache = {"D2L_CACHE_DIR": str(work / "cache")}
    try:
        config = write_ours_config(work / "mkdocs.yml", docs_dir=DOCS)
    except (ValueError, OSError, ImportError) as error:
        return _failed(f"cannot generate the config: {error}")
    cold = run_build(config, work / "site-cold", env=cache, timeout=timeout)
    warm = run_build(config, work / "site-warm", env=cache, timeout=timeout)
    no_exec_env = {**cache, "D2L_EXECUTE": "false"}
    no_execute = run_build(config, work / "site-noexec", env=no_exec_env, timeout=timeout)
    return Run(cold, warm, no_execute)


def run_stock(work: Path, timeout: float) -> Run:
    work.mkdir(parents=True)
    try:
        config = write_stock_config(work / "mkdocs.yml", execute=True, cache_dir=work / "cache")
        no_exec_config = write_stock_config(
            work / "mkdocs-noexec.yml", execute=False, cache_dir=work / "cache-noexec"
        )
    except (ValueError, OSError, ImportError) as error:
        return _failed(f"cannot generate the config: {error}")
    cold = run_build(config, work / "site-cold", env={}, timeout=timeout)
    warm = run_build(config, work / "site-warm", env={}, timeout=timeout)
    no_execute = run_build(no_exec_config, work / "site-noexec", env={}, timeout=timeout)
    return Run(cold, warm, no_execute)


# --------------------------------------------------------------------------------------------
# Page weights
# --------------------------------------------------------------------------------------------


def first_visit_urls(html: str) -> list[tuple[str, str]]:
    """(tag, URL) of what the notes count as a first visit: <link rel=stylesheet|preload>,
    <script src>, <img src> (not srcset, icons or manifests)."""
    return [
        (ref.tag, ref.url)
        for ref in smoke_check.page_refs(html).loaded
        if (ref.tag, ref.how) in {("script", "src"), ("img", "src")}
        or (ref.tag == "link" and {"stylesheet", "preload"} & set(ref.how.split()))
    ]


@dataclass
class PageWeight:
    html: int
    html_gzip: int
    first_visit: int
    first_visit_gzip: int
    loads_mathjax: bool
    #: same-origin path → (bytes, gzip bytes)
    resources: dict[str, tuple[int, int]] = field(default_factory=dict)
    cross_origin: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def _gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def page_url(html_path: str) -> str:
    """URL path of a page from its file in site_dir: derivatives/index.html → /derivatives/."""
    return "/" + html_path.removesuffix("index.html")


def page_resources(site: Path, html_path: str) -> tuple[set[str], list[str], bool]:
    """Same-origin paths, cross-origin URLs, and whether the page loads MathJax at all."""
    urls = first_visit_urls((site / html_path).read_text(encoding="utf-8"))
    local: set[str] = set()
    foreign: set[str] = set()
    for _, url in urls:
        if url.startswith("data:"):
            continue  # already counted in the HTML
        absolute = urlsplit(urljoin(ORIGIN + page_url(html_path), url))
        if f"{absolute.scheme}://{absolute.netloc}" != ORIGIN:
            foreign.add(url)
        else:
            local.add(absolute.path)
    mathjax = any("mathjax" in url.lower() for tag, url in urls if tag == "script")
    return local, sorted(foreign), mathjax


def weigh_page(site: Path, html_path: str) -> PageWeight:
    html = (site / html_path).read_bytes()
    local, foreign, mathjax = page_resources(site, html_path)
    size, packed = len(html), _gzip_size(html)
    weight = PageWeight(size, packed, size, packed, mathjax, cross_origin=foreign)
    for path in sorted(local):
        file = site / path.lstrip("/")
        if path.endswith("/"):
            file = file / "index.html"
        if not file.is_file():
            weight.missing.append(path)
            continue
        data = file.read_bytes()
        weight.resources[path] = (len(data), _gzip_size(data))
        weight.first_visit += len(data)
        weight.first_visit_gzip += _gzip_size(data)
    return weight


def nav_pages() -> list[tuple[str, str]]:
    """(title, html path in site_dir) for the nav's pages (the tests' one reading of the nav)."""
    return [(page.title, page.html_file) for page in site_pages.PAGES]


def html_path(src_uri: str) -> str:
    """Where mkdocs (use_directory_urls) writes the page for ``src_uri`` (also pages made here)."""
    return site_pages.NavPage(src_uri).html_file


def site_bytes(site: Path) -> int:
    return sum(f.stat().st_size for f in site.rglob("*") if f.is_file())


# --------------------------------------------------------------------------------------------
# The chapter as a plain Markdown page (same text, code, text outputs and figure files)
# --------------------------------------------------------------------------------------------


def _fence(body: str, info: str) -> str:
    """A fenced block whose fence is longer than any backtick run inside it."""
    longest = max((len(m) for m in re.findall(r"`+", body)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{info}\n{body.rstrip(chr(10))}\n{ticks}"


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _figure_name(mime: str, data: Any) -> tuple[str, bytes]:
    """The content-addressed file name d2l-site gives the same figure, and its bytes."""
    raw = _text(data).encode() if mime == "image/svg+xml" else base64.b64decode(_text(data))
    return figure_filename(mime, raw), raw


def _output_blocks(output: Any, alt: str, figures: dict[str, bytes]) -> list[str]:
    if output.get("output_type") == "stream":
        return [_fence(_text(output.get("text", "")), "text")]
    if output.get("output_type") == "error":
        return [_fence("\n".join(output.get("traceback", [])), "text")]
    data = output.get("data", {})
    for mime in ("image/svg+xml", "image/png", "image/jpeg"):
        if mime in data:
            name, raw = _figure_name(mime, data[mime])
            figures[name] = raw
            return [f"![{alt}](figures/{name})"]
    if "text/plain" in data:
        return [_fence(_text(data["text/plain"]), "text")]
    return []


def plain_markdown(nb: dict[str, Any]) -> tuple[str, dict[str, bytes]]:
    """The executed notebook (as JSON) as a plain Markdown page, and the figure files it uses."""
    blocks: list[str] = []
    figures: dict[str, bytes] = {}
    for cell in nb["cells"]:
        source = _text(cell["source"])
        if cell["cell_type"] == "markdown":
            blocks.append(source)
        elif cell["cell_type"] == "code":
            blocks.append(_fence(source, "python"))
            alt = str(cell.get("metadata", {}).get("alt", "")).replace("]", "\\]")
            for output in cell.get("outputs", []):
                blocks += _output_blocks(output, alt, figures)
    return "\n\n".join(blocks) + "\n", figures


def _cells(nb: dict[str, Any]) -> list[tuple[str, str]]:
    return [(cell["cell_type"], _text(cell["source"])) for cell in nb["cells"]]


def find_executed(cache: Path, chapter: Path) -> dict[str, Any]:
    """The executed notebook in d2l-site's cache whose cells are the chapter's cells."""
    import jupytext

    wanted = _cells(jupytext.read(chapter))
    for candidate in sorted(cache.glob("*.ipynb")):
        nb: dict[str, Any] = json.loads(candidate.read_text(encoding="utf-8"))
        if _cells(nb) == wanted:
            return nb
    raise LookupError(f"no executed notebook for docs/{chapter.name} in the cache")


@dataclass
class PlainComparison:
    chapter_html: int | None = None
    plain_html: int | None = None
    reason: str | None = None

    def ratio(self) -> float | None:
        return ratio(self.chapter_html, self.plain_html)

    def describe(self) -> str:
        value = self.ratio()
        if value is None:
            return f"n/a ({self.reason or 'not measured'})"
        return f"{fmt(self.chapter_html)} ÷ {fmt(self.plain_html)} = {fmt(value, 'x')}"


def _executed_notebook(config: Path, chapter: Path, cache: Path, timeout: float) -> dict[str, Any]:
    """The chapter's executed notebook; one build of the snapshot fills the cache if needed."""
    try:
        return find_executed(cache, chapter)
    except LookupError:
        pass  # the chapter changed since the timed builds: execute the snapshot's version
    env = {"D2L_CACHE_DIR": str(cache)}
    build = run_build(config, config.parent / "site-fill", env=env, timeout=timeout)
    if build.seconds is None:
        raise LookupError(build.error or "build failed")
    return find_executed(cache, chapter)


def compare_plain(work: Path, cache: Path, timeout: float) -> PlainComparison:
    """Build a docs copy with the plain page added (ours, execution on, same cache)."""
    docs = work / "docs"
    # A snapshot, so the chapter page and its plain copy come from the same text.
    shutil.copytree(DOCS, docs)
    try:
        config = write_ours_config(work / "mkdocs.yml", docs_dir=docs)
        text, figures = plain_markdown(
            _executed_notebook(config, docs / PLAIN_SOURCE, cache, timeout)
        )
    except (LookupError, ImportError, OSError, ValueError) as error:
        return PlainComparison(reason=str(error))
    (docs / PLAIN_PAGE).write_text(text, encoding="utf-8")
    for name, raw in figures.items():
        (docs / "figures").mkdir(exist_ok=True)
        (docs / "figures" / name).write_bytes(raw)
    site = work / "site"
    build = run_build(config, site, env={"D2L_CACHE_DIR": str(cache)}, timeout=timeout)
    if build.seconds is None:
        return PlainComparison(reason=build.error)
    return PlainComparison(
        chapter_html=(site / html_path(PLAIN_SOURCE)).stat().st_size,
        plain_html=(site / html_path(PLAIN_PAGE)).stat().st_size,
    )


def docs_fingerprint() -> str:
    """Hash of docs/, to tell whether the chapters changed while the benchmark ran."""
    digest = hashlib.sha256()
    for file in sorted(p for p in DOCS.rglob("*") if p.is_file()):
        digest.update(file.relative_to(DOCS).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = platform.processor() or "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        match = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), flags=re.MULTILINE)
        cpu = match.group(1).strip() if match else cpu
    info = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "cpu": cpu,
        "cpu_count": str(os.cpu_count()),
        "python": platform.python_version(),
        "commit": _git_commit(),
    }
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        info["note"] = "PYTHONDONTWRITEBYTECODE is set: every build compiles its imports anew"
    for dist in VERSIONS:
        try:
            info[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            info[dist] = "not installed"
    return info


def _git_commit() -> str:
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" + uncommitted changes" if dirty else "")


def median_time(builds: Sequence[Build]) -> float | None:
    times = [b.seconds for b in builds if b.seconds is not None]
    return statistics.median(times) if len(times) == len(builds) and times else None


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def fmt(value: float | str | None, kind: str = "") -> str:
    if value is None:
        return "n/a"
    if isinstance(value, str):
        return value
    if kind == "s":
        return f"{value:.2f} s"
    if kind == "x":
        return f"{value:.2f}×"
    return f"{value:,.0f}"


def failure(builds: Sequence[Build]) -> str | None:
    return next((b.error for b in builds if b.error), None)


@dataclass
class Side:
    """Everything measured for one configuration."""

    runs: list[Run]
    pages: dict[str, PageWeight]
    site_total: int | None
    search_index: int | None

    def times(self, kind: str) -> list[Build]:
        return [getattr(run, kind) for run in self.runs]

    def median(self, kind: str) -> float | None:
        return median_time(self.times(kind))

    def total(self, attr: str) -> int | None:
        return sum(getattr(p, attr) for p in self.pages.values()) if self.pages else None

    def cross_origin(self) -> int | None:
        return sum(len(p.cross_origin) for p in self.pages.values()) if self.pages else None

    def mathjax_pages(self) -> str | None:
        if not self.pages:
            return None
        return f"{sum(p.loads_mathjax for p in self.pages.values())} of {len(self.pages)}"

    def largest(self, count: int = 3) -> list[str]:
        sizes = {path: size for p in self.pages.values() for path, size in p.resources.items()}
        top = sorted(sizes.items(), key=lambda item: -item[1][0])[:count]
        return [
            f"{path.lstrip('/')} {fmt(raw)} (gzip {fmt(packed)})" for path, (raw, packed) in top
        ]

    def cold_warnings(self) -> int | None:
        return self.runs[0].cold.warnings if self.runs[0].cold.seconds is not None else None

    def errors(self) -> list[str]:
        found = []
        for kind in ("cold", "warm", "no_execute"):
            error = failure(self.times(kind))
            if error:
                found.append(f"{kind}: {error}")
        return found

    def observed(self, name: str) -> list[str]:
        """Failures and resources not counted in the first-visit bytes, for the notes."""
        lines = [f"{name}, {error}" for error in self.errors()]
        foreign = sorted({url for page in self.pages.values() for url in page.cross_origin})
        missing = sorted({url for page in self.pages.values() for url in page.missing})
        if self.pages:
            lines.append(f"{name}: largest first-visit resources: {'; '.join(self.largest())}")
        if foreign:
            lines.append(f"{name}: cross-origin, not counted: {', '.join(foreign)}")
        if missing:
            lines.append(f"{name}: referenced but not in site_dir: {', '.join(missing)}")
        return lines


def weigh_side(runs: list[Run], site: Path, pages: Sequence[tuple[str, str]]) -> Side:
    if runs[0].cold.seconds is None or not site.is_dir():
        return Side(runs, {}, None, None)
    weights = {path: weigh_page(site, path) for _, path in pages if (site / path).is_file()}
    index = site / "search" / "search_index.json"
    return Side(runs, weights, site_bytes(site), index.stat().st_size if index.is_file() else None)


def metric_rows(ours: Side, stock: Side, plain: PlainComparison) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    sides = (ours, stock)

    def add(name: str, values: Sequence[float | None], kind: str = "") -> None:
        rows.append((name, fmt(values[0], kind), fmt(values[1], kind), fmt(ratio(*values), "x")))

    for label, kind in (("cold", "cold"), ("warm", "warm"), ("no-execute", "no_execute")):
        add(f"{label} build, median (s)", [s.median(kind) for s in sides], "s")
    add("cold ÷ warm", [ratio(s.median("cold"), s.median("warm")) for s in sides], "x")
    add("warm ÷ no-execute", [ratio(s.median("warm"), s.median("no_execute")) for s in sides], "x")
    add("HTML, all pages (bytes)", [s.total("html") for s in sides])
    add("HTML, all pages, gzip (bytes)", [s.total("html_gzip") for s in sides])
    add("first visit, sum over pages (bytes)", [s.total("first_visit") for s in sides])
    add("first visit, sum over pages, gzip (bytes)", [s.total("first_visit_gzip") for s in sides])
    mathjax = [s.mathjax_pages() for s in sides]
    rows.append(("pages that load MathJax (formulas typeset)", *map(fmt, mathjax), "—"))
    add("cross-origin requests, sum over pages", [s.cross_origin() for s in sides])
    add("search/search_index.json (bytes)", [s.search_index for s in sides])
    add("site_dir, all files (bytes)", [s.site_total for s in sides])
    add("WARNING lines in cold build log", [s.cold_warnings() for s in sides])
    rows.append(("chapter page HTML ÷ plain Markdown page HTML", plain.describe(), "—", "—"))
    return rows


def page_rows(pages: Sequence[tuple[str, str]], ours: Side, stock: Side) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for title, path in pages:
        a, b = ours.pages.get(path), stock.pages.get(path)
        row = [f"{title} (`{path}`)"]
        for attr in ("html", "first_visit", "first_visit_gzip"):
            x = getattr(a, attr) if a else None
            y = getattr(b, attr) if b else None
            row += [fmt(x), fmt(y), fmt(ratio(x, y), "x")]
        rows.append(tuple(row))
    return rows


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


PAGE_COLUMNS = (
    *("page", "HTML ours", "HTML stock", "ratio"),
    *("first visit ours", "first visit stock", "ratio"),
    *("first visit gzip ours", "first visit gzip stock", "ratio"),
)


def report(info: dict[str, str], args: argparse.Namespace, result: dict[str, Any]) -> str:
    ours: Side = result["ours"]
    stock: Side = result["stock"]
    pages = result["pages"]
    header = [f"# Build benchmark ({args.runs} run(s), medians)", ""]
    header += [f"- {key}: {value}" for key, value in info.items()]
    metrics = markdown_table(
        ["metric", "ours", "stock", "ours/stock"], metric_rows(ours, stock, result["plain"])
    )
    per_page = markdown_table(
        PAGE_COLUMNS,
        page_rows(pages, ours, stock),
    )
    observed = [f"- {line}" for line in ours.observed("ours") + stock.observed("stock")]
    if result["docs_changed"]:
        observed.insert(0, "- docs/ changed while the benchmark ran: numbers mix chapter versions")
    notes = ["## Notes", "", *(f"- {note}" for note in NOTES)]
    parts = [*header, "", metrics, "", "## Per page (bytes)", "", per_page, "", *notes]
    if observed:
        parts += ["", "## Observed", "", *observed]
    return "\n".join(parts)


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def measure(work: Path, runs: int, timeout: float) -> dict[str, Any]:
    """All builds; runs alternate between the two configurations so drift hits both alike."""
    before = docs_fingerprint()
    ours_runs: list[Run] = []
    stock_runs: list[Run] = []
    for number in range(1, runs + 1):
        print(f"run {number}/{runs}: ours …", file=sys.stderr, flush=True)
        ours_runs.append(run_ours(work / f"ours-{number}", timeout))
        print(f"run {number}/{runs}: stock …", file=sys.stderr, flush=True)
        stock_runs.append(run_stock(work / f"stock-{number}", timeout))
    pages = nav_pages()
    # Page weights from the last cold builds (the output does not depend on the run), so they
    # are the pair built closest together in time.
    ours = weigh_side(ours_runs, work / f"ours-{runs}" / "site-cold", pages)
    stock = weigh_side(stock_runs, work / f"stock-{runs}" / "site-cold", pages)
    print("plain Markdown page …", file=sys.stderr, flush=True)
    plain = (
        compare_plain(work / "plain", work / f"ours-{runs}" / "cache", timeout)
        if ours_runs[-1].cold.seconds is not None
        else PlainComparison(reason="ours' cold build failed")
    )
    changed = docs_fingerprint() != before
    return {
        "ours": ours,
        "stock": stock,
        "pages": pages,
        "plain": plain,
        "docs_changed": changed,
        "runs": {"ours": ours_runs, "stock": stock_runs},
    }


def raw_numbers(info: dict[str, str], result: dict[str, Any]) -> dict[str, Any]:
    return {
        "machine": info,
        "pages": result["pages"],
        "ours": asdict(result["ours"]),
        "stock": asdict(result["stock"]),
        "plain": asdict(result["plain"]),
        "docs_changed": result["docs_changed"],
        "notes": NOTES,
    }


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=1, help="cold/warm/no-execute repetitions")
    parser.add_argument("--json", type=Path, help="also write the raw numbers to this file")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per build")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    info = machine()
    work = Path(tempfile.mkdtemp(prefix="d2l-build-bench-"))
    try:
        warm_up()
        result = measure(work, args.runs, args.timeout)
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(report(info, args, result))
    if args.json:
        args.json.write_text(
            json.dumps(raw_numbers(info, result), ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )
    failed = [
        f"{side} {kind}: {build.error}"
        for side, runs in result["runs"].items()
        for run in runs
        for kind, build in vars(run).items()
        if build.error
    ]
    for line in failed:
        print(f"build_bench: FAILED {line}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
