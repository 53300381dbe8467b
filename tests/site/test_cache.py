"""The execution cache: re-execute when the chapter, the helpers or the runtime change — only then."""

from __future__ import annotations

import importlib.metadata
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from mkdocs_d2l_site import execution

from sitebuild import Build, make_site, mkdocs_build

#: Runs builds of its own: left out where a build is given (``nox -s newest``).
pytestmark = pytest.mark.own_build

CHAPTER = """\
# 缓存测试

```python
import fakehelpers

print(fakehelpers.answer())
```
"""
OTHER = """\
# 另一章

```python
print("unchanged chapter")
```
"""


def executed(build: Build) -> tuple[int, int]:
    match = re.search(r"executed (\d+) chapter\(s\), (\d+) from cache", build.output)
    assert match, build.output
    return int(match.group(1)), int(match.group(2))


@dataclass
class HelperSite:
    """A two-chapter site whose first chapter prints a value from a watched helper package.

    One site for the whole module: each test starts from a build that is up to date with the
    sources (the fixture's first build, or the last test's) and leaves one behind.
    """

    config: Path
    package: Path
    env: dict[str, str]
    answer: str = "version 1"

    def build(self, **env: str) -> Build:
        root = self.config.parent
        strict = env.get("D2L_EXECUTE") != "false"
        return mkdocs_build(
            self.config, root / "site", root / "cache", env={**self.env, **env}, strict=strict
        )

    def set_answer(self, answer: str) -> None:
        (self.package / "__init__.py").write_text(f"def answer():\n    return {answer!r}\n")
        self.answer = answer


@pytest.fixture(scope="module")
def helper_site(tmp_path_factory: pytest.TempPathFactory) -> HelperSite:
    root = tmp_path_factory.mktemp("cache")
    package = root / "pkgs" / "fakehelpers"
    package.mkdir(parents=True)
    config = make_site(root, {"index.md": CHAPTER, "other.md": OTHER}, watch="fakehelpers")
    site = HelperSite(config, package, {"PYTHONPATH": str(root / "pkgs")})
    site.set_answer(site.answer)
    first = site.build()
    assert first.returncode == 0, first.output
    assert executed(first) == (2, 0)
    return site


def test_second_build_executes_nothing(helper_site: HelperSite) -> None:
    second = helper_site.build()
    assert second.returncode == 0, second.output
    assert executed(second) == (0, 2)
    assert helper_site.answer in second.page("")


def test_helper_change_reexecutes_and_page_shows_new_output(helper_site: HelperSite) -> None:
    before = helper_site.answer
    helper_site.set_answer(f"version {int(before.split()[1]) + 1}")
    rebuilt = helper_site.build()
    assert rebuilt.returncode == 0, rebuilt.output
    assert executed(rebuilt) == (2, 0)  # every chapter may import the helpers
    page = rebuilt.page("")
    assert helper_site.answer in page
    assert before not in page


def test_touching_a_helper_without_changing_it_reuses_the_cache(helper_site: HelperSite) -> None:
    init = helper_site.package / "__init__.py"
    init.write_bytes(init.read_bytes())  # new mtime, same bytes
    assert executed(helper_site.build()) == (0, 2)


def test_editing_one_chapter_reexecutes_only_that_chapter(helper_site: HelperSite) -> None:
    other = helper_site.config.parent / "docs" / "other.md"
    text = other.read_text()
    other.write_text(text.replace("chapter", "chapter, edited"))
    again = helper_site.build()
    assert executed(again) == (1, 1)
    assert "chapter, edited" in again.page("other")


def test_no_execute_build_runs_no_kernel(helper_site: HelperSite) -> None:
    build = helper_site.build(D2L_EXECUTE="false")
    assert build.returncode == 0, build.output
    assert "execution switched off" in build.output
    assert helper_site.answer not in build.page("")
    assert executed(helper_site.build()) == (0, 2)  # and it left the cache as it was


def test_cache_key_follows_the_versions_that_execute_the_chapters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = execution.runtime_fingerprint()
    real_version = importlib.metadata.version

    def newer_matplotlib(dist: str) -> str:
        return "99.0" if dist == "matplotlib" else real_version(dist)

    monkeypatch.setattr(importlib.metadata, "version", newer_matplotlib)
    assert execution.runtime_fingerprint() != before
    key = execution.cache_key(b"# chapter", execution.runtime_fingerprint())
    assert key != execution.cache_key(b"# chapter", before)


def test_a_damaged_cache_entry_is_a_cache_miss_with_one_info_line(
    helper_site: HelperSite,
) -> None:
    cache = helper_site.config.parent / "cache"
    notebook = min(cache.glob("*.ipynb"))
    notebook.write_text(notebook.read_text()[:300])  # cut short, as by a full disk
    page = min((cache / "html").glob("*.json"))
    page.write_text(page.read_text()[:100])
    again = helper_site.build()
    assert again.returncode == 0, again.output
    assert executed(again) == (1, 1)
    damaged = [line for line in again.output.splitlines() if "已损坏" in line]
    assert len(damaged) == 2, again.output
    assert all(line.startswith("INFO") for line in damaged)
    assert str(notebook) in damaged[0] or str(notebook) in damaged[1]
    assert "Traceback" not in again.output
    assert helper_site.answer in again.page("")
