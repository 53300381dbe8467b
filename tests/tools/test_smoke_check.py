"""The post-deploy smoke check, run against small sites served on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import smoke_check

from local_site import SiteServer

SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://example.org/calculus/</loc></url>
<url><loc>https://example.org/calculus/derivatives/</loc></url>
</urlset>"""
HOME = """<!doctype html><html><head>
<link rel="stylesheet" href="assets/site.css"><link rel="icon" href="assets/icon.svg">
<script src="assets/app.js"></script></head>
<body><a href="derivatives/">导数</a><a href="https://github.com/d2l-ai/d2l-zh">原书</a>
<img src="figures/f.svg" alt="图"></body></html>"""


def make_site(root: Path, derivatives_head: str = "") -> Path:
    files = {
        "sitemap.xml": SITEMAP,
        "index.html": HOME,
        "derivatives/index.html": f"<html><head>{derivatives_head}</head><body>导数</body></html>",
        "assets/site.css": "@font-face{src:url(../fonts/math.woff2)} body{background:url(data:,)}",
        "assets/icon.svg": "<svg/>",
        "assets/app.js": "console.log(1)",
        "figures/f.svg": "<svg/>",
        "fonts/math.woff2": "x",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def check(root: Path) -> smoke_check.Report:
    with smoke_check.serve(root) as base:
        return smoke_check.check_site(base)


def test_a_clean_site_passes(tmp_path: Path) -> None:
    report = check(make_site(tmp_path))
    assert report.ok, report.summary()
    # 2 pages + css, icon, js, figure, font (found in the css) + the 404 probe
    assert (report.pages, report.checked) == (2, 8)


@pytest.mark.parametrize(
    ("head", "host"),
    [
        (
            '<script src="https://cdn.jsdelivr.net/npm/pyodide/pyodide.js"></script>',
            "cdn.jsdelivr.net",
        ),
        (
            '<link rel="stylesheet" href="//fonts.googleapis.com/css?family=Roboto">',
            "fonts.googleapis.com",
        ),
        (
            '<script type="module">import m from "https://cdnjs.cloudflare.com/m.js"</script>',
            "cdnjs.cloudflare.com",
        ),
        ('<img srcset="a.png 1x, https://img.example.com/b.png 2x">', "img.example.com"),
    ],
)
def test_a_resource_from_another_host_fails(tmp_path: Path, head: str, host: str) -> None:
    report = check(make_site(tmp_path, derivatives_head=head))
    assert not report.ok
    assert report.foreign == {host: {"/derivatives/"}}


def test_a_same_host_stylesheet_loading_from_another_host_fails(tmp_path: Path) -> None:
    """The check reads the stylesheets it fetches: their @import and url() load too."""
    root = make_site(tmp_path)
    css = root / "assets" / "site.css"
    css.write_text(
        '@import url(https://a.example/x.css);@import "https://b.example/y.css";'
        + css.read_text(encoding="utf-8")
        + "h1{background:url('https://c.example/bg.png')}",
        encoding="utf-8",
    )
    report = check(root)
    assert report.foreign == {host: {"/"} for host in ("a.example", "b.example", "c.example")}


def test_a_missing_asset_fails(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    (root / "fonts" / "math.woff2").unlink()
    report = check(root)
    assert report.failures == [f"HTTP 404: {report_base(report)}fonts/math.woff2 (from /)"]


def report_base(report: smoke_check.Report) -> str:
    return report.failures[0].split()[2].split("fonts/")[0]


@pytest.fixture
def spa_server(tmp_path: Path) -> Iterator[str]:
    """A host misconfigured as a single-page app: every path serves the home page."""
    with SiteServer(make_site(tmp_path), fallback="/index.html") as server:
        yield server.url()


def test_a_host_answering_200_for_missing_pages_fails(spa_server: str) -> None:
    report = smoke_check.check_site(spa_server)
    assert report.failures == ["a missing page answered HTTP 200, not 404"]


def test_an_unreachable_site_is_a_clear_error() -> None:
    with pytest.raises(SystemExit, match=r"sitemap.xml not reachable"):
        smoke_check.check_site("http://127.0.0.1:9/")


def test_page_refs_says_what_loads_each_url() -> None:
    """build_bench counts a first visit from these (tag, how) pairs."""
    refs = smoke_check.page_refs(
        '<link rel="preload stylesheet" href="a.css"><link rel="canonical" href="/x/">'
        '<script src=""></script><script src="m.js"></script>'
        '<img src="f.svg" srcset="f.png 1x, f2.png 2x"><a href="next/">下一节</a>'
    )
    assert refs.loaded == [
        smoke_check.Loaded("link", "preload stylesheet", "a.css"),
        smoke_check.Loaded("script", "src", "m.js"),
        smoke_check.Loaded("img", "src", "f.svg"),
        smoke_check.Loaded("img", "srcset", "f.png"),
        smoke_check.Loaded("img", "srcset", "f2.png"),
    ]
    assert refs.links == ["next/"]
