"""Two clean builds produce byte-identical sites."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitebuild import ROOT, Build, mkdocs_build

#: Runs builds of its own: left out where a build is given (``nox -s newest``).
pytestmark = pytest.mark.own_build


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_two_clean_builds_are_byte_identical(
    site_build: Build, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = tmp_path_factory.mktemp("again")
    again = mkdocs_build(ROOT / "mkdocs.yml", base / "site", base / "cache")
    assert again.returncode == 0, again.output
    first, second = tree(site_build.site), tree(again.site)
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []
