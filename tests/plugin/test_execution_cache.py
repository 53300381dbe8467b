"""The execution cache, in process through ``ChapterRunner``: chapters re-execute when they,
the helpers or the runtime change, and only then (the whole build: tests/site/test_cache.py)."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from mkdocs_d2l_site import execution
from mkdocs_d2l_site.chapter_record import ExecutedChapter

from site_pages import FRONT_MATTER

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


def printed(record: ExecutedChapter) -> str:
    """What the chapter's code cells printed."""
    cells = [record.notebook.cells[code.index] for code in record.code_cells]
    return "".join(out.get("text", "") for cell in cells for out in cell.outputs)


@dataclass
class Chapters:
    """Two chapters; the first prints a value from a watched helper package.

    One pair for the whole module: each test starts from a cache that is up to date with the
    sources (the fixture's first run, or the last test's) and leaves one behind.
    """

    root: Path
    package: Path
    answer: str = "version 1"

    def run(self) -> tuple[dict[str, ExecutedChapter], execution.ExecutionReport]:
        runner = execution.ChapterRunner(self.root / "cache", watch_packages=["fakehelpers"])
        paths = [self.root / "index.md", self.root / "other.md"]
        records, report = runner.run([execution.Chapter(p, p.name) for p in paths])
        return {path.name: record for path, record in records.items()}, report

    def set_answer(self, answer: str) -> None:
        (self.package / "__init__.py").write_text(f"def answer():\n    return {answer!r}\n")
        self.answer = answer


@pytest.fixture(scope="module")
def chapters(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chapters]:
    root = tmp_path_factory.mktemp("cache")
    package = root / "pkgs" / "fakehelpers"
    package.mkdir(parents=True)
    for name, body in {"index.md": CHAPTER, "other.md": OTHER}.items():
        (root / name).write_text(FRONT_MATTER + body, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(root / "pkgs"))  # the fingerprint finds the package here
        patch.setenv("PYTHONPATH", str(root / "pkgs"))  # and the kernels import it
        found = Chapters(root, package)
        found.set_answer(found.answer)
        records, report = found.run()
        assert (report.executed, report.cached) == (["index.md", "other.md"], [])
        assert found.answer in printed(records["index.md"])
        yield found


def test_a_second_run_executes_nothing(chapters: Chapters) -> None:
    records, report = chapters.run()
    assert (report.executed, report.cached) == ([], ["index.md", "other.md"])
    assert chapters.answer in printed(records["index.md"])


def test_a_helper_change_reexecutes_every_chapter(chapters: Chapters) -> None:
    before = chapters.answer
    chapters.set_answer(f"version {int(before.split()[1]) + 1}")
    records, report = chapters.run()
    assert report.executed == ["index.md", "other.md"]  # every chapter may import the helpers
    assert chapters.answer in printed(records["index.md"])
    assert before not in printed(records["index.md"])


def test_touching_a_helper_without_changing_it_reuses_the_cache(chapters: Chapters) -> None:
    init = chapters.package / "__init__.py"
    init.write_bytes(init.read_bytes())  # new mtime, same bytes
    assert chapters.run()[1].executed == []


def test_editing_one_chapter_reexecutes_only_that_chapter(chapters: Chapters) -> None:
    other = chapters.root / "other.md"
    other.write_text(other.read_text().replace("chapter", "chapter, edited"))
    records, report = chapters.run()
    assert (report.executed, report.cached) == (["other.md"], ["index.md"])
    assert "chapter, edited" in printed(records["other.md"])


def test_a_damaged_cache_entry_is_a_cache_miss_with_one_info_line(
    chapters: Chapters, caplog: pytest.LogCaptureFixture
) -> None:
    records, _ = chapters.run()
    entry = records["index.md"].path
    assert entry is not None
    entry.write_text(entry.read_text()[:300])  # cut short, as by a full disk
    with caplog.at_level("INFO", logger="mkdocs.plugins.d2l_site"):
        records, report = chapters.run()
    assert (report.executed, report.cached) == (["index.md"], ["other.md"])
    damaged = [r for r in caplog.records if "已损坏" in r.getMessage()]
    assert [r.levelname for r in damaged] == ["INFO"]
    assert str(entry) in damaged[0].getMessage()
    assert chapters.answer in printed(records["index.md"])


def test_the_cache_key_follows_the_versions_that_execute_the_chapters(
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
