"""The site the live-code tests run against, a fresh page on it, and the one shared page whose
Python is ready.

Live code installs d2l_helpers from the wheel the site serves (``config.extra["d2l_wheel"]``, set
by the site plugin). A built site that already has it and the Pyodide runtime is used as is;
otherwise the real site is built once more with a wheel made from this checkout under that key,
the wheel placed at its URL, as the plugin would. The runtime must have been assembled
(``nox -s runtime``): without it the tests fail and say so.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from e2e_support import ROOT, SITE_DIR, VIEWPORTS, Traffic, choose_dark
from livecode_markup import CONFIG
from local_site import SiteServer

# Builds the site in-process with one addition to config.extra, as the site plugin would make.
_BUILD = """
import json, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(sys.argv[1], site_dir=sys.argv[2], strict=True)
config.extra["d2l_wheel"] = json.loads(sys.argv[3])
config.plugins.on_startup(command="build", dirty=False)
try:
    build(config)
finally:
    config.plugins.on_shutdown()
"""


#: Python's start, numpy, matplotlib and the page's cells: generous for 2 busy cores.
START_MS = 180_000
#: What the page says once Python is ready and the background run of its cells is over.
READY = "Python 已就绪。"
#: The ids of the cells the page asks the worker to run, in order (the protocol's "run").
RECORD_RUNS = """
window.__runs = [];
const post = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (message, ...rest) {
  if (message && message.type === "run") window.__runs.push(message.id);
  return post.call(this, message, ...rest);
};
"""


@dataclass
class LiveSite:
    site_dir: Path
    server: SiteServer


@dataclass
class LivePage:
    """The derivatives chapter in live-code mode with Python ready, shared by the tests that
    need only a ready Python (conftest's ``live``); every request of its context is recorded."""

    page: Page
    traffic: Traffic
    #: The cells the background run after Python's first start ran, in order.
    background_runs: list[int]


def page_config(site_dir: Path, path: str = "derivatives") -> dict[str, object]:
    html = (site_dir / path / "index.html").read_text(encoding="utf-8")
    match = CONFIG.search(html)
    assert match, f"{path}: no live-code configuration in the page"
    config: dict[str, object] = json.loads(match.group(1))
    return config


def _has_live_code(site_dir: Path) -> bool:
    if not (site_dir / "derivatives" / "index.html").is_file():
        return False
    config = page_config(site_dir)
    return bool(config.get("available") and config.get("wheel"))


def _build_wheel(out: Path) -> Path:
    uv = shutil.which("uv")
    if uv is None:
        pytest.fail("uv is needed to build the d2l_helpers wheel for the live-code tests")
    subprocess.run(
        [uv, "build", "--wheel", "--out-dir", str(out), str(ROOT)], check=True, capture_output=True
    )
    return next(out.glob("d2l_helpers-*.whl"))


def live_site(tmp: Path) -> LiveSite:
    """A built site with live code on: ``SITE_DIR`` if it has it, else a fresh build."""
    if _has_live_code(SITE_DIR):
        return LiveSite(SITE_DIR, SiteServer(SITE_DIR))
    if not (ROOT / ".cache" / "livecode" / "pyodide" / "pyodide.asm.wasm").is_file():
        pytest.fail("No Pyodide runtime: run `nox -s runtime` first (needs npm).", pytrace=False)
    wheel = _build_wheel(tmp / "dist")
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    version = wheel.name.split("-")[1]
    url = f"downloads/wheels/{digest[:16]}/{wheel.name}"
    entry = {"url": url, "version": version, "sha256": digest, "filename": wheel.name}
    site = tmp / "site"
    proc = subprocess.run(
        [sys.executable, "-c", _BUILD, str(ROOT / "mkdocs.yml"), str(site), json.dumps(entry)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    (site / url).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(wheel, site / url)
    assert _has_live_code(site), page_config(site)
    return LiveSite(site, SiteServer(site))


def open_live_page(
    browser: Browser,
    server: SiteServer,
    path: str,
    *,
    width: int = 1280,
    dark: bool = False,
    init_script: str | None = None,
) -> tuple[Page, Traffic, BrowserContext]:
    """A fresh reader (own cache) on ``path``; every request of the context is recorded;
    ``init_script`` runs in each document before the page's own scripts."""
    mobile = width < 600
    context = browser.new_context(
        viewport=VIEWPORTS[375 if mobile else 1280],
        color_scheme="light",
        locale="zh-CN",
        is_mobile=mobile,
        has_touch=mobile,
    )
    if init_script is not None:
        context.add_init_script(init_script)
    page = context.new_page()
    traffic = Traffic()
    traffic.record(context, page)
    page.goto(server.url(path), wait_until="load")
    if dark:
        choose_dark(page)
    return page, traffic, context


def wait_ready(page: Page) -> None:
    """Until Python is ready and the background run of the page's cells has finished."""
    expect(page.locator(".d2l-live-progress")).to_have_text(READY, timeout=START_MS)


#: The cache where the page's worker keeps its snapshot of Python (static/worker.js).
SNAPSHOTS = "d2l-site-python"


def python_starts(page: Page) -> list[str]:
    """How each Python of the page started, in order: "loadPyodide" (the long way) or
    "loadPyodide (snapshot)" (restored from this browser's snapshot)."""
    names: list[str] = page.evaluate(
        "() => performance.getEntriesByType('measure').map((m) => m.name)"
        ".filter((n) => n.startsWith('d2l-live loadPyodide')).map((n) => n.slice(9))"
    )
    return names


def snapshot_sizes(page: Page) -> list[int]:
    """The byte size of each snapshot of Python the browser keeps."""
    sizes: list[int] = page.evaluate(
        """async (name) => {
          const cache = await caches.open(name);
          const kept = await Promise.all((await cache.keys()).map((key) => cache.match(key)));
          return Promise.all(kept.map(async (r) => (await r.arrayBuffer()).byteLength));
        }""",
        SNAPSHOTS,
    )
    return sizes


def runs(page: Page) -> list[int]:
    """The cells run since the last call (the page must have ``RECORD_RUNS``)."""
    ids: list[int] = page.evaluate("window.__runs.splice(0)")
    return ids


def run_cell(page: Page, target: Locator) -> None:
    """Press the cell's 运行 (from the keyboard: a lazy figure loading above it may move the
    button under a mouse click) and wait until its run has finished."""
    target.locator("button.d2l-live-run").focus()
    page.keyboard.press("Enter")
    expect(target.locator(".d2l-live-status")).not_to_have_text("正在运行……", timeout=START_MS)
    page.wait_for_function(
        "c => !c.classList.contains('d2l-live-busy')", arg=target.element_handle(), timeout=START_MS
    )


def cell(page: Page, code: str) -> Locator:
    """The code cell whose code (as built) contains ``code``; it stays found after edits."""
    cells = page.locator("article .d2l-cell")
    texts = cells.locator(".highlight code").all_text_contents()
    matches = [i for i, text in enumerate(texts) if code in text]
    assert len(matches) == 1, f"{len(matches)} cells contain {code!r}"
    return cells.nth(matches[0])
