"""The execution cache: re-execute when the chapter, the helpers or the runtime change — only then."""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

import pytest

from mkdocs_d2l_site import execution

from sitebuild import Build, make_site, mkdocs_build

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


@pytest.fixture
def helper_site(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    package = tmp_path / "pkgs" / "fakehelpers"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("def answer():\n    return 'version one'\n")
    config = make_site(tmp_path, {"index.md": CHAPTER, "other.md": OTHER}, watch="fakehelpers")
    env = {"PYTHONPATH": str(tmp_path / "pkgs")}
    return config, package, env


def test_second_build_executes_nothing(helper_site: tuple[Path, Path, dict[str, str]]) -> None:
    config, _, env = helper_site
    root = config.parent
    first = mkdocs_build(config, root / "site", root / "cache", env=env)
    assert first.returncode == 0, first.output
    assert executed(first) == (2, 0)
    second = mkdocs_build(config, root / "site", root / "cache", env=env)
    assert second.returncode == 0, second.output
    assert executed(second) == (0, 2)
    assert "version one" in second.page("")


def test_helper_change_reexecutes_and_page_shows_new_output(
    helper_site: tuple[Path, Path, dict[str, str]],
) -> None:
    config, package, env = helper_site
    root = config.parent
    assert mkdocs_build(config, root / "site", root / "cache", env=env).returncode == 0
    (package / "__init__.py").write_text("def answer():\n    return 'version two'\n")
    rebuilt = mkdocs_build(config, root / "site", root / "cache", env=env)
    assert rebuilt.returncode == 0, rebuilt.output
    assert executed(rebuilt) == (2, 0)  # every chapter may import the helpers
    page = rebuilt.page("")
    assert "version two" in page
    assert "version one" not in page


def test_touching_a_helper_without_changing_it_reuses_the_cache(
    helper_site: tuple[Path, Path, dict[str, str]],
) -> None:
    config, package, env = helper_site
    root = config.parent
    assert mkdocs_build(config, root / "site", root / "cache", env=env).returncode == 0
    init = package / "__init__.py"
    init.write_bytes(init.read_bytes())  # new mtime, same bytes
    again = mkdocs_build(config, root / "site", root / "cache", env=env)
    assert executed(again) == (0, 2)


def test_editing_one_chapter_reexecutes_only_that_chapter(
    helper_site: tuple[Path, Path, dict[str, str]],
) -> None:
    config, _, env = helper_site
    root = config.parent
    assert mkdocs_build(config, root / "site", root / "cache", env=env).returncode == 0
    other = root / "docs" / "other.md"
    other.write_text(other.read_text().replace("unchanged chapter", "edited chapter"))
    again = mkdocs_build(config, root / "site", root / "cache", env=env)
    assert executed(again) == (1, 1)
    assert "edited chapter" in again.page("other")


def test_no_execute_build_runs_no_kernel(helper_site: tuple[Path, Path, dict[str, str]]) -> None:
    config, _, env = helper_site
    root = config.parent
    build = mkdocs_build(
        config, root / "site", root / "cache", env={**env, "D2L_EXECUTE": "false"}, strict=False
    )
    assert build.returncode == 0, build.output
    assert "execution switched off" in build.output
    assert "version one" not in build.page("")


def test_cache_key_follows_the_versions_that_execute_the_chapters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = execution.runtime_fingerprint()
    real_version = importlib.metadata.version

    def newer_matplotlib(dist: str) -> str:
        return "99.0" if dist == "matplotlib" else real_version(dist)

    monkeypatch.setattr(execution.importlib.metadata, "version", newer_matplotlib)
    assert execution.runtime_fingerprint() != before
    key = execution.cache_key(b"# chapter", execution.runtime_fingerprint())
    assert key != execution.cache_key(b"# chapter", before)
