"""Fixes to Material's own page markup."""

from __future__ import annotations

from mkdocs_d2l_site import theme_fixes


def test_search_dialog_gets_an_accessible_name() -> None:
    page = '<div class="md-search" data-md-component="search" role="dialog">'
    named = theme_fixes.name_search_dialog(page)
    assert named == (
        '<div class="md-search" data-md-component="search" role="dialog" aria-label="搜索">'
    )
