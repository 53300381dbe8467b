"""The build's log: mkdocs-jupyter's and jieba's chatter is DEBUG, shown with ``mkdocs build -v``
only; their warnings stay warnings (that a normal build shows none of it, and the summary it
shows instead: tests/site/test_good_site.py)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from mkdocs_d2l_site import build_log


@pytest.fixture
def mkdocs_logger() -> Iterator[logging.Logger]:
    """MkDocs's logger, whose level ``-v`` sets to DEBUG; restored afterwards."""
    logger = logging.getLogger("mkdocs")
    level = logger.level
    build_log.keep_details_for_verbose()
    yield logger
    logger.setLevel(level)


@pytest.mark.parametrize("name", build_log.DETAILED)
def test_details_are_shown_only_when_mkdocs_is_verbose(
    mkdocs_logger: logging.Logger, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    detail = logging.getLogger(name)
    with caplog.at_level(logging.DEBUG):
        mkdocs_logger.setLevel(logging.INFO)  # mkdocs build
        detail.info("Converting notebook a.ipynb")
        detail.warning("a real problem")
        mkdocs_logger.setLevel(logging.DEBUG)  # mkdocs build -v
        detail.info("Cache miss, writing b.json")
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("WARNING", "a real problem"),
        ("DEBUG", "Cache miss, writing b.json"),
    ]


def test_the_filter_is_added_once_per_process() -> None:
    """``mkdocs serve`` configures the plugin again on every rebuild."""
    build_log.keep_details_for_verbose()
    build_log.keep_details_for_verbose()
    for name in build_log.DETAILED:
        assert len(logging.getLogger(name).filters) == 1, name
