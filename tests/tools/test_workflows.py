"""GitHub Actions cannot run here, so every step a workflow runs must be a nox session that
.ci/run runs too: then a green .ci/run has exercised every command the workflows will run.
(actionlint, in `nox -s lint`, checks the workflow files' syntax and expressions.)"""

from __future__ import annotations

import ast
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
# `run:` steps that only prepare the runner (what .ci/run does before its nox lines).
SETUP = [
    re.compile(r"uv tool install nox"),
    re.compile(r"echo \"No MIRROR_\* secrets"),
    re.compile(r"apt-get update -qq\napt-get install .*chromium", re.DOTALL),
]
# Sessions a workflow may name before the branch that adds them is merged, and who adds them.
PENDING: dict[str, str] = {}  # sessions a workflow may name before they exist (none now)


def noxfile_sessions() -> dict[str, ast.FunctionDef]:
    tree = ast.parse((ROOT / "noxfile.py").read_text(encoding="utf-8"))
    return {
        node.name: node
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and any("nox.session" in ast.unparse(d) for d in node.decorator_list)
    }


def notified_by(function: ast.FunctionDef) -> set[str]:
    """Sessions a session queues with session.notify (f-string suffixes like -{python} cut)."""
    names = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and ast.unparse(node.func).endswith(".notify"):
            first = node.args[0]
            text = first.value if isinstance(first, ast.Constant) else ast.unparse(first)
            names.add(re.split(r"[-{]", str(text).strip("f'\""))[0])
    return names


def nox_sessions(command: str) -> list[str] | None:
    """The sessions of a `nox -s a b …` command line, or None if it is not one."""
    words = shlex.split(command.replace("python3 -m nox", "nox"), comments=True)
    if not words or words[0] != "nox" or "-s" not in words:
        return None
    sessions = []
    for word in words[words.index("-s") + 1 :]:
        if word.startswith("-"):
            break
        sessions.append(word)
    return sessions


def ci_run_sessions() -> set[str]:
    sessions = noxfile_sessions()
    ran = set()
    for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines():
        for name in nox_sessions(line.strip()) or []:
            ran.add(name)
            if name in sessions:
                ran |= notified_by(sessions[name])
    return ran


def run_steps(workflow: Path) -> list[tuple[str, str]]:
    data: dict[str, Any] = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    return [
        (f"{workflow.name}: {job_name}", step["run"].strip())
        for job_name, job in data["jobs"].items()
        for step in job.get("steps", [])
        if "run" in step
    ]


STEPS = [step for workflow in WORKFLOWS for step in run_steps(workflow)]


def test_there_are_workflows() -> None:
    assert {w.name for w in WORKFLOWS} >= {"deploy.yml", "tests.yml", "release.yml", "newest.yml"}


@pytest.mark.parametrize(("where", "command"), STEPS, ids=[f"{w} {c[:40]}" for w, c in STEPS])
def test_each_step_is_a_nox_session_that_ci_runs(where: str, command: str) -> None:
    if any(pattern.search(command) for pattern in SETUP):
        return
    sessions = nox_sessions(command)
    assert sessions, f"{where}: `{command}` is not a nox session (make it one, run it in .ci/run)"
    defined, in_ci = noxfile_sessions(), ci_run_sessions()
    for name in sessions:
        if name in PENDING and name not in defined:
            continue
        assert name in defined, f"{where}: `nox -s {name}` is not a session in noxfile.py"
        assert name in in_ci, f"{where}: `nox -s {name}` is not run by .ci/run; add a line there"


def test_the_checker_reads_nox_lines_and_knows_what_ci_skips() -> None:
    assert nox_sessions("nox -s tests_oldest tests_site --force-python 3.14") == [
        "tests_oldest",
        "tests_site",
    ]
    assert nox_sessions('nox -s smoke -- "$PAGE_URL" --wait 120') == ["smoke"]
    assert nox_sessions("pip install nox") is None
    # .ci/run does not run the benchmark: a workflow step `nox -s bench` would fail above.
    assert "bench" in noxfile_sessions()
    assert "bench" not in ci_run_sessions()
