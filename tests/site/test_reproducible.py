"""Two clean builds produce byte-identical sites, even on different days."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sitebuild import ROOT, Build, mkdocs_build

#: How far the second build's clock is moved: another day, and another year.
CLOCK_SHIFT = "+400d"


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def shifted_clock() -> list[str]:
    """The command that runs a build under a clock ``CLOCK_SHIFT`` ahead (libfaketime)."""
    faketime = shutil.which("faketime")
    if faketime is None:
        message = "faketime is not installed (Debian: apt-get install faketime)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return [faketime, "-f", CLOCK_SHIFT]


def test_two_clean_builds_on_different_days_are_byte_identical(
    site_build: Build, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = tmp_path_factory.mktemp("again")
    again = mkdocs_build(
        ROOT / "mkdocs.yml", base / "site", base / "cache", wrapper=shifted_clock()
    )
    assert again.returncode == 0, again.output
    first, second = tree(site_build.site), tree(again.site)
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []
