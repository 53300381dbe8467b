"""What a reader copies from a chapter runs, and its `#@save` code IS the package's code.

Sameness is checked on parsed code: each `#@save` function's AST (names, arguments, defaults,
body and docstring) must equal the AST of the function of the same name in the installed
package; comments and formatting do not count. The package adds type stubs (`.pyi`) beside the
modules; they hold no code (mypy's stubtest checks them against these functions in `nox -s lint`).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import os
import pkgutil
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import jupytext
import pytest

import d2l_helpers

from sitebuild import CHAPTERS

SAVE_MARK = "#@save"
#: The book's 2.4 definitions, each to be shown in a chapter and to live in the package, with
#: its length in the book: non-blank lines from `def` to its last line. Counted in d2l-zh's
#: chapter_preliminaries/calculus.md (commit e6b18cc, 2023-08-17), the source d2lbook turns into
#: d2l/torch.py (which only adds a "Defined in" line to each docstring).
BOOK_LINES = {
    "use_svg_display": 3,
    "set_figsize": 4,
    "set_axes": 11,
    "plot": 27,
    "numerical_lim": 2,
}


def saved_definitions(chapter: Path) -> dict[str, tuple[ast.AST, int]]:
    """Top-level functions and classes of every `#@save` cell, with their non-blank lines."""
    found: dict[str, tuple[ast.AST, int]] = {}
    for cell in jupytext.read(chapter, fmt="md").cells:
        if cell.cell_type != "code" or SAVE_MARK not in cell.source:
            continue
        lines = cell.source.splitlines()
        for node in ast.parse(cell.source).body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                assert node.name not in found, f"{chapter.name}: {node.name} 被定义了两次"
                shown = lines[node.lineno - 1 : node.end_lineno]
                found[node.name] = node, sum(1 for line in shown if line.strip())
    return found


def package_definitions() -> dict[str, ast.AST]:
    """Every top-level function and class defined in the d2l_helpers modules."""
    found: dict[str, ast.AST] = {}
    for info in pkgutil.iter_modules(d2l_helpers.__path__, "d2l_helpers."):
        module = importlib.import_module(info.name)
        for node in ast.parse(inspect.getsource(module)).body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                found[node.name] = node
    return found


def same_code(a: ast.AST, b: ast.AST) -> bool:
    """Equal as parsed code: comments, blank lines and formatting do not count."""
    return ast.dump(a, include_attributes=False) == ast.dump(b, include_attributes=False)


SHOWN = {
    (chapter.name, name): shown
    for chapter in CHAPTERS
    for name, shown in saved_definitions(chapter).items()
}
SAVED = {key: node for key, (node, _) in SHOWN.items()}


def test_the_books_saved_functions_are_shown_in_the_chapter() -> None:
    shown = {name for _, name in SAVED}
    assert shown >= set(BOOK_LINES), (
        f"章节里缺少这些 #@save 定义：{sorted(set(BOOK_LINES) - shown)}"
    )


@pytest.mark.parametrize(("chapter", "name"), sorted(k for k in SHOWN if k[1] in BOOK_LINES))
def test_saved_definition_stays_book_sized(chapter: str, name: str) -> None:
    """A reader meets the book's code: input checks may add at most max(50 %, 4 lines)."""
    book, lines = BOOK_LINES[name], SHOWN[chapter, name][1]
    budget = int(max(1.5 * book, book + 4))
    assert lines <= budget, (
        f"{chapter} 中的 {name} 有 {lines} 行（不算空行），原书 {book} 行，"
        f"上限 max(1.5 × {book}, {book} + 4) = {budget}：只留下不检查就会悄悄出错或报错难懂的检查"
    )


@pytest.mark.parametrize(("chapter", "name"), sorted(SAVED))
def test_saved_definition_is_the_package_code(chapter: str, name: str) -> None:
    package = package_definitions()
    assert name in package, f"{chapter} 把 {name} 标为 #@save，但 d2l_helpers 里没有它"
    assert same_code(SAVED[chapter, name], package[name]), (
        f"{chapter} 中的 {name} 与 d2l_helpers 中的不同；请把包里的源码原样复制到章节中"
    )


def test_comparison_ignores_comments_but_catches_code_changes() -> None:
    original = ast.parse("def f(x):\n    return x + 1\n").body[0]
    commented = ast.parse("def f(x):  #@save\n    # add one\n    return x + 1\n").body[0]
    changed = ast.parse("def f(x):\n    return x + 2\n").body[0]
    assert same_code(original, commented)
    assert not same_code(original, changed)


def test_a_real_divergence_would_be_caught() -> None:
    """Change one character of a package function as shown in a chapter: it must differ."""
    (chapter, name), node = next(iter(sorted(SAVED.items(), key=lambda kv: kv[0])))
    source = textwrap.dedent(ast.unparse(node)).replace("(", "( ", 1)
    assert same_code(ast.parse(source).body[0], node)  # formatting only: still the same
    mutated = ast.unparse(node).replace("return", "return None or", 1)
    if mutated == ast.unparse(node):
        pytest.skip(f"{name} in {chapter} has no return to mutate")
    assert not same_code(ast.parse(mutated).body[0], package_definitions()[name])


def code_cells(chapter: Path) -> list[str]:
    return [c.source for c in jupytext.read(chapter, fmt="md").cells if c.cell_type == "code"]


def run_in_fresh_ipython(tmp_path: Path, cells: list[str]) -> subprocess.CompletedProcess[str]:
    """Paste cells, in order, into a new IPython session (no display, nothing else imported)."""
    script = tmp_path / "pasted.ipy"
    script.write_text("\n\n".join(cells), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in {"MPLBACKEND", "PYTHONPATH"}}
    env["MPLCONFIGDIR"] = str(tmp_path)
    ipython = [sys.executable, "-m", "IPython", "--no-banner", "--colors=NoColor", str(script)]
    return subprocess.run(
        ipython, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False
    )


#: A use of the saved helpers, after the import cell and the `#@save` cells alone.
USE = (
    "ax = plot([0, 1, 2], [[0, 1, 4], [0, 2, 4]], 'x', 'y', legend=['a', 'b'])\n"
    "assert len(ax.get_lines()) == 2 and numerical_lim(lambda x: x * x, 1, 1e-3) > 2\n"
)
Pasted = dict[str, subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def pasted(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Pasted:
    """The pastes the selected tests read, each in its own fresh IPython, run side by side:
    ``NAME`` is a chapter's code cells in order, ``saved:NAME`` its import cell and `#@save`
    cells followed by ``USE``."""
    jobs: dict[str, list[str]] = {}
    for item in request.session.items:
        test = getattr(item, "originalname", "")
        if test == "test_every_cell_runs_when_pasted_in_order":
            chapter = item.callspec.params["chapter"]  # type: ignore[attr-defined]
            jobs[chapter.stem] = code_cells(chapter)
        elif test == "test_saved_cells_need_only_the_import_cell":
            for chapter in CHAPTERS:
                cells = code_cells(chapter)
                if saved := [c for c in cells if SAVE_MARK in c]:
                    jobs[f"saved:{chapter.stem}"] = [cells[0], *saved, USE]
    with ThreadPoolExecutor(os.cpu_count()) as pool:
        runs = {
            name: pool.submit(run_in_fresh_ipython, tmp_path_factory.mktemp("paste"), cells)
            for name, cells in jobs.items()
        }
    return {name: run.result() for name, run in runs.items()}


def ran_cleanly(pasted: Pasted, name: str) -> None:
    result = pasted[name]
    assert result.returncode == 0, f"{name}:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    assert "Traceback" not in result.stdout + result.stderr, f"{name}:\n{result.stdout[-2000:]}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_every_cell_runs_when_pasted_in_order(chapter: Path, pasted: Pasted) -> None:
    ran_cleanly(pasted, chapter.stem)


def test_saved_cells_need_only_the_import_cell(pasted: Pasted) -> None:
    """The import cell plus the `#@save` cells, nothing else, define working helpers."""
    saved = [name for name in pasted if name.startswith("saved:")]
    assert saved, "no chapter has #@save cells"
    for name in saved:
        ran_cleanly(pasted, name)
