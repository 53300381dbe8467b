"""Fixtures of the browser tests: the built site served on 127.0.0.1, one Chromium, the pages.

The site is taken from ``$D2L_SITE_DIR`` (default: ``site/``, where ``nox -s e2e`` builds it).
Tests take a page with ``@pytest.mark.parametrize("site_page", [...], indirect=True)``; the
fixture is session-scoped, so pytest runs all the tests of one page together and the page is
loaded once per (scheme, width) for all of them.

Live code: the tests that need only a ready Python share one page (``live``), whose Python
starts once; a test that starts Python on a page of its own does so because the start is its
fact (design/test-layers.md lists them).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from livecode_support import (
    RECORD_RUNS,
    LivePage,
    LiveSite,
    live_site,
    open_live_page,
    runs,
    wait_ready,
)
from playwright.sync_api import Browser, sync_playwright

from e2e_support import CHROMIUM, CHROMIUM_ARGS, SITE_DIR, SitePage
from local_site import SiteServer


@pytest.fixture(scope="session")
def site_server() -> Iterator[SiteServer]:
    """The built site over HTTP on 127.0.0.1 and a random free port."""
    if not (SITE_DIR / "index.html").is_file():
        pytest.fail(
            f"No built site in {SITE_DIR}: run `mkdocs build` (or `nox -s e2e`), "
            "or point D2L_SITE_DIR at a built site.",
            pytrace=False,
        )
    server = SiteServer(SITE_DIR)
    yield server
    server.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, with a fresh profile and no background traffic."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. Install it with "
            "`sudo apt-get update && sudo apt-get install -y chromium` "
            "(`playwright install` is not used).",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def site_page(
    request: pytest.FixtureRequest, browser: Browser, site_server: SiteServer
) -> Iterator[SitePage]:
    """One page of the site (parametrized indirectly by its name in ``PAGES``)."""
    page = SitePage(request.param, browser, site_server)
    yield page
    page.close()


@pytest.fixture(scope="session")
def livecode_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveSite]:
    """A built site with live code on, served: shared by the live-code and slider tests."""
    site = live_site(tmp_path_factory.mktemp("livecode"))
    yield site
    site.server.close()


@pytest.fixture(scope="session")
def live_session(browser: Browser, livecode_site: LiveSite) -> Iterator[LivePage]:
    """The derivatives chapter in live-code mode, Python started once and ready, the page's
    cells run in the background (``RECORD_RUNS`` records what the page asks Python to run)."""
    page, traffic, context = open_live_page(
        browser, livecode_site.server, "/derivatives/", init_script=RECORD_RUNS
    )
    page.locator("button.d2l-live-start").click()
    wait_ready(page)
    yield LivePage(page, traffic, runs(page))
    context.close()


@pytest.fixture
def live(live_session: LivePage) -> Iterator[LivePage]:
    """The shared live-code page with Python ready and no run recorded yet; afterwards, once
    Python is ready again, every cell gets the book's code back (重置)."""
    page = live_session.page
    wait_ready(page)  # the test before may have restarted Python
    runs(page)
    yield live_session
    wait_ready(page)
    page.evaluate(
        "() => document.querySelectorAll('button.d2l-live-reset').forEach((b) => b.click())"
    )
