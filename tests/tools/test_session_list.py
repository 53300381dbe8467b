"""The sessions are listed once, by their docstrings (`nox -l`); README.md's table names them all."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def noxfile_sessions() -> dict[str, str | None]:
    """Each ``@nox.session`` function of noxfile.py, with its docstring."""
    tree = ast.parse((ROOT / "noxfile.py").read_text(encoding="utf-8"))
    sessions = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            decorators = [d.func if isinstance(d, ast.Call) else d for d in node.decorator_list]
            if any(ast.unparse(d) == "nox.session" for d in decorators):
                sessions[node.name] = ast.get_docstring(node)
    return sessions


def readme_sessions() -> set[str]:
    """The sessions the first column of README.md's session table names."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("## 所有 nox 会话", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1] for line in table.splitlines() if line.startswith("| `")]
    return {name for cell in rows for name in re.findall(r"`(?:nox -s )?([a-z0-9_]+)", cell)}


def test_every_session_says_what_it_does() -> None:
    sessions = noxfile_sessions()
    assert len(sessions) > 10, "noxfile.py's sessions were not found"
    assert [name for name, doc in sessions.items() if not doc] == []


def test_the_readme_table_names_every_session_and_no_other() -> None:
    assert readme_sessions() == set(noxfile_sessions())
