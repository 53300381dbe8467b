"""What the chapters' code cells output: one canonical form, and a size limit.

Canonical form, so that timing cannot change a build's bytes: a kernel flushes ``print`` output in chunks whose boundaries depend on timing: one build may
store a cell's printed text as one stream output and the next as two, and text written to
stdout and stderr close together may arrive in either order. Each run of consecutive stream
outputs becomes at most one stdout output followed by at most one stderr output, with its
text as one string.

Size: a text output larger than ``max_output_kb`` (a loop that prints too much) fails the strict
build instead of bloating the page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import nbformat

if TYPE_CHECKING:
    from .chapter_record import ExecutedChapter

#: The order streams take inside a run of consecutive stream outputs.
STREAM_ORDER = ("stdout", "stderr")


def _text(output: Any) -> str:
    text = output.get("text", "")
    return "".join(text) if isinstance(text, list) else str(text)


def _merged(run: list[Any]) -> list[Any]:
    merged = []
    for name in STREAM_ORDER:
        text = "".join(_text(out) for out in run if out.get("name") == name)
        if text:
            stream = {"output_type": "stream", "name": name, "text": text}
            merged.append(nbformat.NotebookNode(stream))  # type: ignore[no-untyped-call]
    return merged


def normalise_outputs(outputs: list[Any]) -> list[Any]:
    """The outputs of one cell with every run of stream outputs merged and ordered."""
    result: list[Any] = []
    run: list[Any] = []
    for output in outputs:
        if output.get("output_type") == "stream":
            run.append(output)
            continue
        result.extend(_merged(run))
        run = []
        result.append(output)
    result.extend(_merged(run))
    return result


def normalise_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Normalise the outputs of every code cell of ``nb`` in place; returns ``nb``."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = normalise_outputs(cell.outputs)
    return nb


def _output_texts(output: Any) -> Iterator[str]:
    if output.get("output_type") == "stream":
        text = output.get("text", "")
        yield "".join(text) if isinstance(text, list) else str(text)
    elif output.get("output_type") == "error":
        yield "\n".join(output.get("traceback", []))
    for mime, value in (output.get("data") or {}).items():
        if mime.startswith("text/") or mime.endswith(("+json", "/json")):
            yield "".join(value) if isinstance(value, list) else str(value)


def oversized_outputs(chapter: ExecutedChapter, limit_kb: int) -> Iterator[tuple[int, int]]:
    """``(code cell number, size in KB)`` of each text output larger than ``limit_kb``."""
    for code in chapter.code_cells:
        for output in chapter.notebook.cells[code.index].get("outputs", []):
            for text in _output_texts(output):
                size = len(text.encode("utf-8"))
                if size > limit_kb * 1024:
                    yield code.number, -(-size // 1024)
