"""Fixtures of the browser tests: the built site served on 127.0.0.1, one Chromium, the pages.

The site is taken from ``$D2L_SITE_DIR`` (default: ``site/``, where ``nox -s e2e`` builds it).
Tests take a page with ``@pytest.mark.parametrize("site_page", [...], indirect=True)``; the
fixture is session-scoped, so pytest runs all the tests of one page together and the page is
loaded once per (scheme, width) for all of them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from livecode_support import LiveSite, live_site
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
