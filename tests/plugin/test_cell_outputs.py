"""Outputs are normalised, so the timing of a kernel's flushes cannot change a build's bytes."""

from __future__ import annotations

import json

import nbformat

from mkdocs_d2l_site.cell_outputs import normalise_notebook, oversized_outputs
from mkdocs_d2l_site.chapter_record import ExecutedChapter


def stream(name: str, text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("stream", name=name, text=text)


def figure() -> nbformat.NotebookNode:
    return nbformat.v4.new_output("display_data", data={"text/plain": "<Figure>"})


def crafted(*outputs: nbformat.NotebookNode) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# t", id="text"),
        nbformat.v4.new_code_cell("run()", id="code"),
    ]
    nb.cells[1].outputs = list(outputs)
    return nb


def saved(nb: nbformat.NotebookNode) -> str:
    return json.dumps(normalise_notebook(nb), sort_keys=True)


def test_the_same_output_flushed_in_different_chunks_is_saved_identically() -> None:
    one_block = crafted(stream("stdout", "a\nb\nc\n"), figure(), stream("stdout", "d\n"))
    three_chunks = crafted(
        stream("stdout", "a\n"),
        stream("stdout", "b\n"),
        stream("stdout", "c\n"),
        figure(),
        stream("stdout", "d\n"),
    )
    assert saved(one_block) == saved(three_chunks)
    outputs = normalise_notebook(three_chunks).cells[1].outputs
    assert [o.output_type for o in outputs] == ["stream", "display_data", "stream"]
    assert outputs[0].text == "a\nb\nc\n"
    nbformat.validate(three_chunks)


def test_stdout_and_stderr_arriving_in_either_order_are_saved_identically() -> None:
    stdout_first = crafted(
        stream("stdout", "x\n"), stream("stderr", "warn\n"), stream("stdout", "y\n")
    )
    stderr_first = crafted(stream("stderr", "warn\n"), stream("stdout", "x\ny\n"))
    assert saved(stdout_first) == saved(stderr_first)
    outputs = normalise_notebook(stderr_first).cells[1].outputs
    assert [(o.name, o.text) for o in outputs] == [("stdout", "x\ny\n"), ("stderr", "warn\n")]


def test_text_stored_as_a_list_of_lines_is_joined() -> None:
    nb = crafted(stream("stdout", "a\n"))
    nb.cells[1].outputs[0].text = ["a\n", "b\n"]
    assert normalise_notebook(nb).cells[1].outputs[0].text == "a\nb\n"


def test_a_text_output_over_the_limit_is_reported_by_code_cell_number() -> None:
    nb = crafted(stream("stdout", "很长的输出" * 20_000))
    nb.cells.insert(0, nbformat.v4.new_code_cell("x = 1", id="first"))
    chapter = ExecutedChapter.of(nb)
    assert list(oversized_outputs(chapter, 100)) == [(2, 293)]
    assert list(oversized_outputs(chapter, 400)) == []
