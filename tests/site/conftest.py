"""Fixtures of the site tests: the real site and the two small sites, each built once."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import mini_sites
import site_pages
from sitebuild import Build, mkdocs_build


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """One strict build of the real site, shared by every test that reads the site.

    Its execution cache starts as a copy of what ``nox -s docs`` executed and drew (the site's
    own cache, keyed by content and dependencies: an entry that still matches is what executing
    again would give, one that does not is not used, tests/plugin/test_execution_cache.py), so
    the chapters are executed here only when that cache is missing or stale.
    ``$D2L_BUILT_SITE`` names a site built already (strictly) by the caller instead: ``nox -s
    newest`` builds with the newest releases, then reads that build; ``test_new_page`` reads
    the good site.
    """
    if built := os.environ.get("D2L_BUILT_SITE"):
        return Build(0, "", Path(built), Path())
    base = tmp_path_factory.mktemp("site")
    executed = site_pages.SITE / ".cache" / "d2l-site"
    if executed.is_dir():
        shutil.copytree(executed, base / "cache")
    build = mkdocs_build(site_pages.SITE / "mkdocs.yml", base / "site", base / "cache")
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def good_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """``mini_sites.good_site``, built cold and strictly (it passes)."""
    base = tmp_path_factory.mktemp("good")
    config = mini_sites.good_site(base / "sources")
    build = mkdocs_build(config, base / "site", base / "cache")
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def broken_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """``mini_sites.broken_site``, built cold and strictly (it fails, having reported each
    problem)."""
    base = tmp_path_factory.mktemp("broken")
    build = mkdocs_build(mini_sites.broken_site(base), base / "site", base / "cache")
    assert build.returncode != 0, build.output
    return build
