"""Which pages run, in process through the plugin's first hooks (``on_config``, ``on_files``)
on a small site's real config, as ``mkdocs build`` calls them before any page is rendered: a
page that looks like a chapter but would not execute stops the build; with execution switched
off nothing runs and the caches are left as they are; a damaged page-cache entry is dropped."""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, get_files

from sitebuild import make_site

CHAPTER = '# 一章\n\n```python\nprint("the executed", "output")\n```\n'


@pytest.fixture
def environ() -> Iterator[None]:
    """The plugin exports the build's date (``SOURCE_DATE_EPOCH``): restored afterwards."""
    with mock.patch.dict(os.environ):
        yield


def configured(root: Path, **env: str) -> MkDocsConfig:
    """``root``'s mkdocs.yml after every plugin's ``on_config``, read under ``env``."""
    os.environ.update({"D2L_CACHE_DIR": str(root / "cache"), **env})
    with warnings.catch_warnings():
        # Loading the plugins imports jieba, whose regexes warn on Python >= 3.12.
        warnings.simplefilter("ignore")
        config = load_config(str(root / "mkdocs.yml"))
    result: MkDocsConfig = config.plugins.on_config(config)
    return result


def after_on_files(config: MkDocsConfig) -> Files:
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
    tmp_path: Path, environ: None, front_matter: str, problem: str
) -> None:
    make_site(tmp_path, {"index.md": "# 首页\n"})
    (tmp_path / "docs" / "notes.md").write_text(front_matter + "# 笔记\n\n```python\n1 + 1\n```\n")
    with pytest.raises(PluginError, match=f"^docs/notes.md: {problem}"):
        after_on_files(configured(tmp_path))


def test_a_no_execute_build_runs_no_kernel_and_leaves_the_cache(
    tmp_path: Path, environ: None, caplog: pytest.LogCaptureFixture
) -> None:
    make_site(tmp_path, {"index.md": CHAPTER})
    (tmp_path / "cache").mkdir()
    kept = tmp_path / "cache" / "an-earlier-chapter.ipynb"  # a strict build would evict it
    kept.write_text("{}", encoding="utf-8")
    config = configured(tmp_path, D2L_EXECUTE="false")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.d2l_site"):
        files = after_on_files(config)
    assert "execution switched off" in caplog.text
    chapter = files.get_file_from_path("index.md")
    assert chapter is not None
    # mkdocs-jupyter renders the source as written (no outputs), not an executed notebook.
    assert chapter.abs_src_path == str(tmp_path / "docs" / "index.md")
    assert sorted((tmp_path / "cache").rglob("*.ipynb")) == [kept]


def test_a_damaged_page_cache_entry_is_dropped_with_one_info_line(
    tmp_path: Path, environ: None, caplog: pytest.LogCaptureFixture
) -> None:
    """mkdocs-jupyter's page cache, cut short as by a full disk (its JSON is not written
    atomically); the chapters' own cache: tests/plugin/test_execution_cache.py."""
    make_site(tmp_path, {"index.md": CHAPTER})
    pages = tmp_path / "cache" / "html"
    pages.mkdir(parents=True)
    intact, damaged = pages / "intact.json", pages / "damaged.json"
    intact.write_text('{"content": "<p>x</p>", "toc_tokens": []}', encoding="utf-8")
    damaged.write_text('{"content": "<p>x', encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.d2l_site"):
        configured(tmp_path)
    lines = [r for r in caplog.records if "已损坏" in r.getMessage()]
    assert [r.levelname for r in lines] == ["INFO"]
    assert str(damaged) in lines[0].getMessage()
    assert sorted(pages.glob("*.json")) == [intact]
