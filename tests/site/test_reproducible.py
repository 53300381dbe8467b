"""Two clean builds produce byte-identical sites, even on different days."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import site_pages
from mini_sites import SLOPE
from sitebuild import ROOT, Build, mkdocs_build

#: Runs builds of its own: left out where a build is given (``nox -s newest``).
pytestmark = pytest.mark.own_build

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
    """The second build, 400 days later, starts from the first one's executed chapters (that
    the kernels' outputs do not depend on the day: the next test); it makes everything else
    again: pages, figures, fonts, search index, wheel, downloads, sitemap."""
    base = tmp_path_factory.mktemp("again")
    (base / "cache").mkdir()
    for entry in site_build.cache.glob("*.ipynb"):
        shutil.copy2(entry, base / "cache" / entry.name)
    again = mkdocs_build(
        ROOT / "mkdocs.yml", base / "site", base / "cache", wrapper=shifted_clock()
    )
    assert again.returncode == 0, again.output
    assert f"executed 0 chapter(s), {len(site_pages.CHAPTERS)} from cache" in again.output
    first, second = tree(site_build.site), tree(again.site)
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []


#: Executes the chapter argv[1] into the cache folder argv[2], as a build does.
EXECUTE = """\
import sys
from pathlib import Path
from mkdocs_d2l_site.execution import Chapter, ChapterRunner
ChapterRunner(Path(sys.argv[2]), watch_packages=[]).run([Chapter(Path(sys.argv[1]), "index.md")])
"""


def test_the_kernels_outputs_do_not_depend_on_the_day(tmp_path: Path) -> None:
    chapter = tmp_path / "index.md"
    # What in a chapter could read the clock: a figure's SVG (its date, its ids), a slider's frames.
    chapter.write_text(site_pages.FRONT_MATTER + SLOPE, encoding="utf-8")
    entries = []
    for cache, wrapper in (("today", []), ("later", shifted_clock())):
        command = [*wrapper, sys.executable, "-c", EXECUTE, str(chapter), str(tmp_path / cache)]
        subprocess.run(command, cwd=tmp_path, check=True, capture_output=True)
        (entry,) = (tmp_path / cache).glob("*.ipynb")
        entries.append(entry)
    today, later = entries
    assert later.name == today.name  # the same key
    assert later.read_bytes() == today.read_bytes()


def day(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%d")


def commit_day(page: site_pages.NavPage) -> str:
    """The UTC day of the last commit that changed the page's source, or the helpers it runs
    or documents; an explicit SOURCE_DATE_EPOCH instead, if the tests run under one."""
    if explicit := os.environ.get("SOURCE_DATE_EPOCH"):
        return day(int(explicit))
    paths = [f"docs/{page.source}"]
    if page.is_chapter or "\n::: " in (site_pages.DOCS / page.source).read_text(encoding="utf-8"):
        paths.append("d2l_helpers")
    git = ["git", "log", "-1", "--format=%ct", "--", *paths]
    proc = subprocess.run(git, cwd=ROOT, capture_output=True, text=True, check=False)
    if proc.returncode != 0 or not proc.stdout.strip():
        pytest.skip(f"not a git checkout: {proc.stderr.strip()}")
    return day(int(proc.stdout))


def test_each_page_is_dated_by_its_last_commit_and_the_gzip_by_the_latest(
    site_build: Build,
) -> None:
    sitemap = (site_build.site / "sitemap.xml").read_text(encoding="utf-8")
    entries = re.findall(r"<loc>(.*?)</loc>\s*<lastmod>(.*?)</lastmod>", sitemap)
    lastmod = {urlsplit(loc).path: date for loc, date in entries}
    expected = {page.url: commit_day(page) for page in site_pages.PAGES}
    assert lastmod == expected
    header = (site_build.site / "sitemap.xml.gz").read_bytes()[:10]
    mtime = int.from_bytes(header[4:8], "little")
    assert (day(mtime), mtime % 86400) == (max(expected.values()), 0)
    assert gzip.decompress((site_build.site / "sitemap.xml.gz").read_bytes()) == sitemap.encode()
