"""The execution cache in a whole build: what only ``mkdocs build`` shows (the keying itself is
tested in process: tests/plugin/test_execution_cache.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from sitebuild import Build, make_site, mkdocs_build

#: Runs builds of its own: left out where a build is given (``nox -s newest``).
pytestmark = pytest.mark.own_build

CHAPTER = """\
# 缓存测试

```python
print("the executed", "output")  # the page shows the output only when it ran
```
"""


@dataclass
class CachedSite:
    """A one-chapter site built once (executed), its caches left behind for the tests."""

    config: Path

    @property
    def cache(self) -> Path:
        return self.config.parent / "cache"

    def build(self, **env: str) -> Build:
        root = self.config.parent
        strict = env.get("D2L_EXECUTE") != "false"
        return mkdocs_build(self.config, root / "site", self.cache, env=env, strict=strict)


@pytest.fixture(scope="module")
def cached_site(tmp_path_factory: pytest.TempPathFactory) -> CachedSite:
    site = CachedSite(make_site(tmp_path_factory.mktemp("cache"), {"index.md": CHAPTER}))
    first = site.build()
    assert first.returncode == 0, first.output
    assert "the executed output" in first.page("")
    return site


def test_a_no_execute_build_runs_no_kernel_and_leaves_the_cache(cached_site: CachedSite) -> None:
    before = sorted(cached_site.cache.rglob("*.ipynb"))
    build = cached_site.build(D2L_EXECUTE="false")
    assert build.returncode == 0, build.output
    assert "execution switched off" in build.output
    assert "the executed output" not in build.page("")
    assert sorted(cached_site.cache.rglob("*.ipynb")) == before


def test_damaged_cache_entries_are_misses_with_one_info_line_each(cached_site: CachedSite) -> None:
    """Both caches, the chapters' and mkdocs-jupyter's pages', cut short as by a full disk."""
    notebook = min(cached_site.cache.glob("*.ipynb"))
    notebook.write_text(notebook.read_text()[:300])
    page = min((cached_site.cache / "html").glob("*.json"))
    page.write_text(page.read_text()[:100])
    again = cached_site.build()
    assert again.returncode == 0, again.output
    damaged = [line for line in again.output.splitlines() if "已损坏" in line]
    assert len(damaged) == 2, again.output
    assert all(line.startswith("INFO") for line in damaged)
    assert any(str(notebook) in line for line in damaged)
    assert "Traceback" not in again.output
    assert "the executed output" in again.page("")
