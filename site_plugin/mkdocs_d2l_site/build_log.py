"""The build's log: a short summary by default; the details with ``mkdocs build -v``.

mkdocs-jupyter announces every notebook it converts and every cache entry it writes, and jieba
(the search index's Chinese word splitter) its dictionary's start-up: two or three lines per
chapter and four per build that say nothing an author acts on. They become DEBUG lines, shown
only when MkDocs is verbose; warnings and errors from the same loggers are left as they are.
"""

from __future__ import annotations

import logging

#: The loggers whose INFO and DEBUG lines are details.
DETAILED = ("mkdocs.mkdocs-jupyter", "mkdocs.plugins.mkdocs_jupyter", "jieba")


class _Details(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.INFO:
            return True
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return logging.getLogger("mkdocs").isEnabledFor(logging.DEBUG)  # mkdocs -v


def keep_details_for_verbose() -> None:
    """Make the details of ``DETAILED`` DEBUG lines (once per process: serve rebuilds)."""
    for name in DETAILED:
        logger = logging.getLogger(name)
        if not any(isinstance(f, _Details) for f in logger.filters):
            logger.addFilter(_Details())
