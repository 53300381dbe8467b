"""Which pages are chapters (executed notebooks), and why a page that looks like one is not.

mkdocs-jupyter turns a ``.md`` file into a notebook only when its jupytext front matter names a
Python kernelspec; any other page with ``jupyter:`` front matter silently stays plain Markdown,
so its code would be shown without outputs. A page that starts with ``jupyter:`` front matter
means to be executed: this module names what is missing instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.utils.meta import get_data

EXAMPLE = "jupyter: {kernelspec: {name: python3, display_name: Python 3, language: python}}"


def front_matter(text: str) -> dict[str, Any] | None:
    """The YAML front matter of a Markdown page (as mkdocs reads it), or None if it has none."""
    _, meta = get_data(text)
    return meta or None


def _front(path: Path) -> dict[str, Any]:
    return front_matter(path.read_text(encoding="utf-8")) or {}


def is_chapter(path: Path) -> bool:
    """Whether ``path`` is a chapter: a Markdown page whose front matter names a Python
    kernelspec. The one predicate of the site, its tests and its benchmarks."""
    if path.suffix != ".md":
        return False
    jupyter = _front(path).get("jupyter")
    kernelspec = jupyter.get("kernelspec") if isinstance(jupyter, dict) else None
    return isinstance(kernelspec, dict) and str(kernelspec.get("language")).lower() == "python"


def chapter_problem(path: Path) -> str | None:
    """Why a page with ``jupyter:`` front matter will not be executed (None: it will, or it is
    an ordinary page)."""
    meta = _front(path)
    if "jupyter" not in meta or is_chapter(path):
        return None
    jupyter = meta["jupyter"]
    kernelspec = jupyter.get("kernelspec") if isinstance(jupyter, dict) else None
    if not isinstance(kernelspec, dict):
        return f"front matter 里有 jupyter:，却没有 kernelspec，这一章不会被执行。应写成 {EXAMPLE}"
    language = kernelspec.get("language")
    if language is None:
        return f"kernelspec 缺少 language: python，这一章不会被执行。应写成 {EXAMPLE}"
    return (
        f"kernelspec 的语言是 {language!r}，本站只执行 Python 章节。"
        f"改用 Python，或删去 front matter 里的 jupyter: 让它成为不执行的普通页面"
    )
