"""Which pages run, in process through the plugin's first hooks (``on_config``, ``on_files``)
on a small site's real config, as ``mkdocs build`` calls them before any page is rendered: a
page that looks like a chapter but would not execute stops the build; with execution switched
off nothing runs and the caches are left as they are; a damaged page-cache entry is dropped."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, get_files

from sitebuild import configured, make_site

CHAPTER = '# 一章\n\n```python\nprint("the executed", "output")\n```\n'


def files_after_on_files(root: Path, **env: str) -> Files:
    """The site's files after every plugin's ``on_files``, as ``mkdocs build`` calls it."""
    with configured(root / "mkdocs.yml", D2L_CACHE_DIR=str(root / "cache"), **env) as config:
        files: Files = config.plugins.on_files(get_files(config), config=config)
        return files


@pytest.mark.parametrize(
    ("front_matter", "problem"),
    [
        (
            "---\njupyter:\n  jupytext:\n    formats: md\n---\n",
            "front matter 里有 jupyter:，却没有 kernelspec",
        ),
        (
            "---\njupyter:\n  kernelspec:\n    name: ir\n---\n",
            "kernelspec 缺少 language: python",
        ),
        (
            "---\njupyter:\n  kernelspec:\n    name: ir\n    language: R\n---\n",
            "kernelspec 的语言是 'R'，本站只执行 Python 章节",
        ),
    ],
)
def test_a_chapter_that_would_not_execute_fails_the_build(
    tmp_path: Path, front_matter: str, problem: str
) -> None:
    make_site(tmp_path, {"index.md": "# 首页\n"})
    (tmp_path / "docs" / "notes.md").write_text(front_matter + "# 笔记\n\n```python\n1 + 1\n```\n")
    with pytest.raises(PluginError, match=f"^docs/notes.md: {problem}"):
        files_after_on_files(tmp_path)


def test_a_no_execute_build_runs_no_kernel_and_leaves_the_cache(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    make_site(tmp_path, {"index.md": CHAPTER})
    (tmp_path / "cache").mkdir()
    kept = tmp_path / "cache" / "an-earlier-chapter.ipynb"  # a strict build would evict it
    kept.write_text("{}", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.d2l_site"):
        files = files_after_on_files(tmp_path, D2L_EXECUTE="false")
    assert "execution switched off" in caplog.text
    chapter = files.get_file_from_path("index.md")
    assert chapter is not None
    # mkdocs-jupyter renders the source as written (no outputs), not an executed notebook.
    assert chapter.abs_src_path == str(tmp_path / "docs" / "index.md")
    assert sorted((tmp_path / "cache").rglob("*.ipynb")) == [kept]


def test_a_damaged_page_cache_entry_is_dropped_with_one_info_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """mkdocs-jupyter's page cache, cut short as by a full disk (its JSON is not written
    atomically); the chapters' own cache: tests/plugin/test_execution_cache.py."""
    make_site(tmp_path, {"index.md": CHAPTER})
    pages = tmp_path / "cache" / "html"
    pages.mkdir(parents=True)
    intact, damaged = pages / "intact.json", pages / "damaged.json"
    intact.write_text('{"content": "<p>x</p>", "toc_tokens": []}', encoding="utf-8")
    damaged.write_text('{"content": "<p>x', encoding="utf-8")
    cache = {"D2L_CACHE_DIR": str(tmp_path / "cache")}
    with (
        caplog.at_level(logging.INFO, logger="mkdocs.plugins.d2l_site"),
        configured(tmp_path / "mkdocs.yml", **cache),
    ):
        pass  # on_config drops the damaged entries
    lines = [r for r in caplog.records if "已损坏" in r.getMessage()]
    assert [r.levelname for r in lines] == ["INFO"]
    assert str(damaged) in lines[0].getMessage()
    assert sorted(pages.glob("*.json")) == [intact]
