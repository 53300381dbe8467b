"""Search in Chinese: the words of the chapter find their sections, from the site alone."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Route, expect

from e2e_support import Visit, open_visit
from local_site import SiteServer

_RESULT = "li.md-search-result__item"
_FIRST_RESULTS = 3

_RESULT_LINKS_JS = """(n) => [...document.querySelectorAll("li.md-search-result__item")]
  .slice(0, n).flatMap((li) => [...li.querySelectorAll("a.md-search-result__link")]
  .map((a) => a.href))"""


@pytest.fixture(scope="module")
def search_visit(browser: Browser, site_server: SiteServer) -> Iterator[Visit]:
    visit = open_visit(browser, site_server.url("/"), scheme="light", width=1280)
    yield visit
    visit.context.close()


def _search(visit: Visit, query: str) -> list[str]:
    """Type `query` into Material's search box; the links of the first results.

    Material searches on ``keyup``; Chinese text arrives from an IME, which Playwright models as
    a bare text insertion, so a key is released afterwards as the IME's commit would.
    """
    field = visit.page.locator("input.md-search__input")
    field.click()
    field.fill("")
    field.press("End")
    visit.page.locator(_RESULT).first.wait_for(state="detached", timeout=5000)
    field.fill(query)
    field.press("End")
    visit.page.locator(_RESULT).first.wait_for(state="attached", timeout=10_000)
    links: list[str] = visit.page.evaluate(_RESULT_LINKS_JS, _FIRST_RESULTS)
    return links


@pytest.mark.parametrize(
    ("query", "path"),
    [("梯度", "/gradients/"), ("偏导数", "/partial-derivatives/"), ("链式法则", "/chain-rule/")],
)
def test_chinese_query_finds_its_section(search_visit: Visit, query: str, path: str) -> None:
    links = _search(search_visit, query)
    on_page = [link for link in links if urlsplit(link).path == path]
    assert on_page, f"{query!r}: none of the first {_FIRST_RESULTS} results is on {path}: {links}"
    assert any(urlsplit(link).fragment for link in on_page), f"no section of {path}: {on_page}"


def test_search_stays_on_the_site(search_visit: Visit, site_server: SiteServer) -> None:
    """The search worker and its index come from the site too (runs after the queries)."""
    assert any(url.endswith("/search/search_index.json") for url in search_visit.traffic.requests)
    assert search_visit.traffic.problems(site_server.host) == {}


def test_the_index_is_fetched_when_search_is_opened(
    browser: Browser, site_server: SiteServer
) -> None:
    """A reader who does not search fetches neither the index nor the worker; one who opens
    search on a phone sees that it is loading, and the first query is answered."""
    # No service worker: the index must be held on its way, and a worker's fetch is not routed.
    url = site_server.url("/derivatives/")
    visit = open_visit(browser, url, scheme="light", width=375, workers=False)
    page, traffic = visit.page, visit.traffic
    try:
        searching = ("/search/search_index.json", "/lunr/", "/workers/search.")
        assert [u for u in traffic.requests if any(part in u for part in searching)] == []
        held: list[Route] = []  # the index stays on its way until the loading state is seen
        page.route("**/search/search_index.json", lambda route: held.append(route))
        page.locator(".md-header label.md-header__button[for=__search]").click()
        expect(page.locator(".md-search-result__meta")).to_have_text("正在初始化搜索引擎")
        field = page.locator("input.md-search__input")
        field.fill("梯度")
        field.press("End")
        for _ in range(50):
            if held:
                break
            page.wait_for_timeout(100)
        assert len(held) == 1, "opening search did not request the index"
        held[0].continue_()
        page.locator(_RESULT).first.wait_for(state="attached", timeout=10_000)
        links: list[str] = page.evaluate(_RESULT_LINKS_JS, _FIRST_RESULTS)
        assert any(urlsplit(link).path == "/gradients/" for link in links), links
        assert traffic.problems(site_server.host) == {}
    finally:
        visit.context.close()
