"""Fixtures of the site tests."""

from __future__ import annotations

import pytest

from sitebuild import ROOT, Build, mkdocs_build


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """One cold, strict build of the real site."""
    base = tmp_path_factory.mktemp("site")
    build = mkdocs_build(ROOT / "mkdocs.yml", base / "site", base / "cache")
    assert build.returncode == 0, build.output
    return build
