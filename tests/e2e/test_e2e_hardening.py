"""What a damaged stored choice and unusual script types do in the real browser."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser

from mkdocs_d2l_site.final_page import scan

from e2e_support import Traffic, choose_dark
from local_site import SiteServer

#: Material's storage key of the scheme choice on a site served at the root (__md_scope "/").
PALETTE_KEY = "/.__palette"


@pytest.mark.parametrize(
    "stored",
    ["{", '{"index":"__proto__"}', '{"index":"length"}', '{"index":7}'],
)
def test_a_damaged_stored_scheme_falls_back_to_the_default(
    browser: Browser, site_server: SiteServer, stored: str
) -> None:
    context = browser.new_context(color_scheme="dark")
    try:
        context.add_init_script(f"localStorage.setItem({PALETTE_KEY!r}, {stored!r})")
        page = context.new_page()
        traffic = Traffic()
        traffic.record(context, page)
        page.goto(site_server.url("/summary/"), wait_until="load")
        assert traffic.page_errors == []
        # The system's scheme (dark) applies, and the toggle is there and works.
        assert page.get_attribute("body", "data-md-color-scheme") == "slate"
        page.locator("form[data-d2l-palette] label.md-header__button >> visible=true").click()
        page.wait_for_selector('body[data-md-color-scheme="default"]', timeout=5000)
        saved = json.loads(page.evaluate(f"localStorage.getItem({PALETTE_KEY!r})"))
        assert saved["index"] == 0
    finally:
        context.close()


def test_a_stored_choice_still_wins(browser: Browser, site_server: SiteServer) -> None:
    context = browser.new_context(color_scheme="light")
    try:
        page = context.new_page()
        page.goto(site_server.url("/summary/"), wait_until="load")
        choose_dark(page)
        page.goto(site_server.url("/"), wait_until="load")
        assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    finally:
        context.close()


#: ``<script>`` attributes, as a chapter's output might write them.
SCRIPT_ATTRIBUTES = [
    "",
    'type=""',
    'type="text/javascript"',
    'type="text/ecmascript"',
    'type=" Application/X-JavaScript "',
    'type="text/javascript1.5"',
    'type="text/jscript"',
    'type="text/livescript"',
    'type="text/javascript; charset=utf-8"',
    'type="module"',
    'type="application/json"',
    'type="text/plain"',
    'type="text/x-python"',
    'language="javascript"',
    'language="vbscript"',
    'type="text/javascript" language="vbscript"',
]


def test_the_scripts_a_browser_runs_are_the_ones_the_build_checks(browser: Browser) -> None:
    scripts = "".join(
        f"<script {attrs}>window.ran.push({n})</script>"
        for n, attrs in enumerate(SCRIPT_ATTRIBUTES)
    )
    html = f"<!doctype html><html><head><script>window.ran = []</script></head>{scripts}</html>"
    page = browser.new_page()
    try:
        page.set_content(html)
        module = SCRIPT_ATTRIBUTES.index('type="module"')
        page.wait_for_function(f"window.ran.includes({module})")  # modules run after parsing
        ran = sorted(page.evaluate("window.ran"))
    finally:
        page.close()
    checked = [int(s.text[len("window.ran.push(") : -1]) for s in scan(html).inline_scripts[1:]]
    assert [SCRIPT_ATTRIBUTES[n] for n in ran] == [SCRIPT_ATTRIBUTES[n] for n in checked]
