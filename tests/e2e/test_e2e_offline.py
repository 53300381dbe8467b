"""Offline reading in a real Chromium (design/offline.md): the service worker keeps what the
reader opened and, after a first run, the live-code runtime; a new deploy replaces its cache;
the kill switch returns readers to plain network loading. Pages and the runtime read offline:
test_e2e_exercises, whose reader goes offline after checking (Python starts from the cache).

Each test serves its own copy of the built site (hard links: cheap) and changes it in place
as a deploy would, with the build's own code (``offline.write``) for ``sw.js``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from livecode_support import SNAPSHOTS, LiveSite
from playwright.sync_api import Browser, Error, Locator, Page, expect

from mkdocs_d2l_site import offline

from e2e_support import eventually
from local_site import SiteServer


@pytest.fixture
def deploy(livecode_site: LiveSite, tmp_path: Path) -> Iterator[tuple[Path, SiteServer]]:
    """A copy of the live-code site, served on its own origin (its own service worker)."""
    site = tmp_path / "site"
    shutil.copytree(livecode_site.site_dir, site, copy_function=os.link)
    server = SiteServer(site)
    yield site, server
    server.close()


@pytest.fixture
def reader(browser: Browser, deploy: tuple[Path, SiteServer]) -> Iterator[Page]:
    """A fresh reader on the copy's /derivatives/, once the site's worker controls the page."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    page = context.new_page()
    page.goto(deploy[1].url("/derivatives/"), wait_until="load")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30_000)
    yield page
    context.close()


def go_offline(page: Page) -> None:
    """No network, and nothing in the browser's HTTP cache: what answers now is the worker."""
    page.context.new_cdp_session(page).send("Network.clearBrowserCache")
    page.context.set_offline(True)


def drawn(figure: Locator) -> bool:
    """Scroll a (lazy) figure into view; whether it was loaded and drawn."""
    figure.scroll_into_view_if_needed()
    expect(figure).to_have_js_property("complete", True)
    return bool(figure.evaluate("img => img.naturalWidth > 0"))


def cache_names(page: Page) -> list[str]:
    names: list[str] = page.evaluate("() => caches.keys()")
    return names


def edit(path: Path, old: str, new: str) -> None:
    """A deploy's new version of a file (the copy's files are hard links to the built site's)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.unlink()
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def keep_a_snapshot(page: Page) -> None:
    """What live code's worker keeps after a first start: a snapshot of Python (here a stand-in)."""
    page.evaluate(
        "async (name) => (await caches.open(name)).put('/snapshot', new Response('python'))",
        SNAPSHOTS,
    )


def test_a_new_deploy_takes_over_and_removes_the_old_cache(
    reader: Page, deploy: tuple[Path, SiteServer]
) -> None:
    page, site = reader, deploy[0]
    eventually(page, "async () => (await caches.keys()).length === 1")  # filled after load
    (old,) = cache_names(page)
    keep_a_snapshot(page)
    edit(site / "derivatives" / "index.html", "</h1>", "（新版）</h1>")
    offline.write(site, enabled=True)
    page.reload(wait_until="load")
    expect(page.locator("h1")).to_contain_text("（新版）")
    # The new deploy's worker takes over, deletes the old cache and keeps this page; the
    # snapshot of Python is live code's, not the deploy's: it stays.
    eventually(
        page,
        "async ([old, kept]) => { const names = (await caches.keys()).filter((n) => n !== kept);"
        " return names.length === 1 && names[0] !== old }",
        [old, SNAPSHOTS],
    )
    assert SNAPSHOTS in cache_names(page)
    go_offline(page)
    page.reload(wait_until="load")
    expect(page.locator("h1")).to_contain_text("（新版）")


def test_the_kill_switch_unregisters_the_worker_and_deletes_its_caches(
    reader: Page, deploy: tuple[Path, SiteServer]
) -> None:
    (site, server), page = deploy, reader
    eventually(page, "async () => (await caches.keys()).length === 1")  # filled after load
    keep_a_snapshot(page)  # the kill switch deletes it too
    # The deploy of a build with `offline: false`: the kill switch, pages that register nothing.
    offline.write(site, enabled=False)
    tag = f'<script src="../{offline.script_path()}" defer></script>'
    edit(site / "derivatives" / "index.html", tag, "")
    page.reload(wait_until="load")
    eventually(page, "async () => (await navigator.serviceWorker.getRegistrations()).length === 0")
    eventually(page, "async () => (await caches.keys()).length === 0")
    go_offline(page)
    with pytest.raises(Error, match="ERR_INTERNET_DISCONNECTED"):  # nothing answers now
        page.goto(server.url("/derivatives/"))
