"""What the workflows must be, checked where GitHub Actions cannot run.

Who checks what (each fact once):
- actionlint (`nox -s lint`): syntax, expressions, shellcheck on `run:` scripts.
- zizmor --offline, default persona (`nox -s lint`): every `uses:` pinned to a commit SHA,
  `persist-credentials: false`, permissions not left at the default, no cache in the release
  build (cache poisoning), injection of attacker-controlled contexts, dependabot cooldowns.
- This file: what neither sees.
  * Each `run:` is a nox session that .ci/run runs (so .ci/run has run every command), or
    runner setup, or a script a session that .ci/run runs also runs.
  * Each pinned SHA carries a `# vX.Y.Z` comment, and one action has one SHA everywhere.
  * No `${{ }}` at all in a `run:` line (zizmor's default persona allows matrix values).
  * Secrets appear only in jobs bound to a GitHub environment, and such a job runs no npm,
    no nox, no uv and no install without hashes, and restores no cache.
  * The tools the workflows install come from .github/ci-tools/requirements.txt, pinned; the
    mirror's requirements are pinned and hashed.
  * zizmor also runs online, weekly, with the workflow's read-only token (audit.yml), so the
    offline lint is not the only audit.
"""

from __future__ import annotations

import ast
import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
CI_TOOLS = ROOT / ".github" / "ci-tools" / "requirements.txt"
MIRROR_REQUIREMENTS = ROOT / "tools" / "mirror-requirements.txt"
# `run:` steps that only prepare the runner (what .ci/run does before its nox lines).
SETUP = [
    re.compile(r"^uv tool install -c \.github/ci-tools/requirements\.txt nox$"),
    re.compile(r"apt-get update -qq\napt-get install .*chromium", re.DOTALL),
    re.compile(r"^sudo apt-get update -qq\nsudo apt-get install [^\n]*fonts-noto-cjk[^\n]*$"),
    re.compile(r"^python3 -m venv /opt/nox\n/opt/nox/bin/pip install -q -r \.github/ci-tools/"),
    re.compile(r"^python -m pip install --require-hashes --only-binary=:all: -r tools/\S+\.txt$"),
]
# Steps that run a script directly, not through nox, and the session that runs the same script
# (in .ci/run): the mirror's sync job holds secrets, so it runs no nox
# (design/workflow-hardening.md).
SCRIPT_STEPS = {"python tools/mirror_sync.py site": "mirror"}
# Sessions a workflow may name before the branch that adds them is merged, and who adds them.
PENDING: dict[str, str] = {}  # sessions a workflow may name before they exist (none now)
USES = re.compile(r"^\s*-?\s*uses:\s*(?P<action>[^@\s]+)@(?P<ref>\S+)(?P<rest>.*)$")
PINNED = re.compile(r"^[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"^\s+#\s*v\d+\.\d+\.\d+\s*$")
# What a job holding a secret may run: the hashed install and a script from tools/.
SECRET_JOB_RUN = [
    re.compile(r"^python -m pip install --require-hashes --only-binary=:all: -r tools/\S+\.txt$"),
    re.compile(r"^python tools/\w+\.py( [\w./-]+)*$"),
]
SECRET_JOB_FORBIDDEN_USES = ("astral-sh/setup-uv", "actions/cache", "actions/setup-node")


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
        # A line may hold several commands: `( nox -s e2e && nox -s smoke ) > log &`.
        commands = re.findall(r"nox -s [\w -]+", line.split("#", 1)[0]) or [line.strip()]
        for name in [n for c in commands for n in nox_sessions(c.strip()) or []]:
            ran.add(name)
            if name in sessions:
                ran |= notified_by(sessions[name])
    return ran


def load(workflow: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    return data


def run_steps(workflow: Path) -> list[tuple[str, str]]:
    return [
        (f"{workflow.name}: {job_name}", step["run"].strip())
        for job_name, job in load(workflow)["jobs"].items()
        for step in job.get("steps", [])
        if "run" in step
    ]


STEPS = [step for workflow in WORKFLOWS for step in run_steps(workflow)]


# --- Checkers: each returns what is wrong, so the negative tests below can show they bite.


def unversioned_pins(text: str, where: str) -> list[str]:
    """`uses:` lines whose SHA lacks a `# vX.Y.Z` comment, and actions pinned two ways."""
    problems: list[str] = []
    seen: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = USES.match(line)
        if not match or match["action"].startswith("./"):
            continue
        action, ref, rest = match["action"], match["ref"], match["rest"]
        if PINNED.match(ref) and not VERSION_COMMENT.match(rest):
            problems.append(f"{where}:{number}: {action}@{ref[:7]}… has no `# vX.Y.Z` comment")
        pin = f"{ref}{rest.strip()}"
        if seen.setdefault(action, pin) != pin:
            problems.append(
                f"{where}:{number}: {action} is pinned to {pin}, elsewhere {seen[action]}"
            )
    return problems


def templates_in_run(data: dict[str, Any], where: str) -> list[str]:
    """`run:` scripts with a `${{ }}` in them (values belong in `env:`, quoted in the shell)."""
    return [
        f"{where}: {job_name}: `{step['run'].strip()[:60]}` expands ${{{{ }}}} in the script"
        for job_name, job in data["jobs"].items()
        for step in job.get("steps", [])
        if "${{" in step.get("run", "")
    ]


def secret_misuse(data: dict[str, Any], where: str) -> list[str]:
    """Secrets outside an environment-bound job; npm, nox, uv, caches or unhashed installs in one."""
    problems = []
    outside_jobs = {key: value for key, value in data.items() if key != "jobs"}
    if "secrets." in json.dumps(outside_jobs):
        problems.append(f"{where}: secrets are read outside a job (workflow-level env?)")
    for job_name, job in data["jobs"].items():
        if "secrets." not in json.dumps(job):
            continue
        if not job.get("environment"):
            problems.append(f"{where}: {job_name} reads secrets but is bound to no environment")
        for step in job.get("steps", []):
            uses = str(step.get("uses", ""))
            if uses.startswith(SECRET_JOB_FORBIDDEN_USES):
                problems.append(f"{where}: {job_name} holds secrets and uses {uses.split('@')[0]}")
            command = step.get("run", "").strip()
            if command and not any(pattern.match(command) for pattern in SECRET_JOB_RUN):
                problems.append(
                    f"{where}: {job_name} holds secrets and runs `{command[:60]}`; it may only"
                    " install hashed requirements and run a script from tools/"
                )
    return problems


def unpinned_requirements(text: str, where: str, *, hashes: bool) -> list[str]:
    """Requirements not pinned with `==` (and, if `hashes`, without a sha256)."""
    problems = []
    logical = re.sub(r"\\\n", " ", text)
    for line in logical.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        spec = line.split(" --hash=")[0].strip()
        requirement = Requirement(spec)
        pins = [s for s in requirement.specifier if s.operator == "=="]
        if len(pins) != 1 or len(requirement.specifier) != 1:
            problems.append(f"{where}: {spec} is not pinned to one version with ==")
        if hashes and "--hash=sha256:" not in line:
            problems.append(f"{where}: {requirement.name} has no --hash=sha256:")
    return problems


def online_audit_problems(data: dict[str, Any], where: str) -> list[str]:
    """What keeps a workflow from being the weekly online audit with a read-only token."""
    problems = []
    triggers = data.get("on", data.get(True)) or {}  # YAML 1.1 reads a bare `on` as true
    if not isinstance(triggers, dict) or "schedule" not in triggers:
        problems.append(f"{where}: not scheduled")
    if data.get("permissions") != {}:
        problems.append(f"{where}: the workflow grants permissions to every job")
    steps = []
    for job_name, job in data["jobs"].items():
        if job.get("permissions") != {"contents": "read"}:
            problems.append(f"{where}: {job_name}: permissions are not exactly contents: read")
        steps += [(job_name, step) for step in job.get("steps", [])]
    audits = [(job_name, step) for job_name, step in steps if step.get("run") == "nox -s audit"]
    if not audits:
        problems.append(f"{where}: no step runs `nox -s audit`")
    for job_name, step in audits:
        if step.get("env", {}).get("GH_TOKEN") not in (
            "${{ github.token }}",
            "${{ secrets.GITHUB_TOKEN }}",
        ):
            problems.append(
                f"{where}: {job_name}: `nox -s audit` gets no GH_TOKEN from the workflow"
            )
    return problems


def zizmor_flags(function: ast.FunctionDef) -> list[list[str]]:
    """The arguments of each `session.run("zizmor", …)` in a nox session."""
    return [
        [ast.literal_eval(arg) for arg in node.args[1:]]
        for node in ast.walk(function)
        if isinstance(node, ast.Call)
        and ast.unparse(node.func).endswith(".run")
        and node.args
        and ast.unparse(node.args[0]) == "'zizmor'"
    ]


def requirements_in(path: Path) -> list[Requirement]:
    """The requirements of a plain requirements file (one a line, `#` comments)."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines())
    return [Requirement(line) for line in lines if line]


# --- The repository's workflows.


def test_there_are_workflows() -> None:
    assert {w.name for w in WORKFLOWS} >= {
        "deploy.yml", "tests.yml", "release.yml", "newest.yml", "audit.yml",
    }  # fmt: skip


def test_zizmor_also_runs_online_weekly_with_a_read_only_token() -> None:
    audit = ROOT / ".github" / "workflows" / "audit.yml"
    assert online_audit_problems(load(audit), audit.name) == []
    sessions = noxfile_sessions()
    (online,) = zizmor_flags(sessions["audit"])
    assert not {"--offline", "--no-online-audits"} & set(online)
    (offline,) = zizmor_flags(sessions["lint"])  # every push, no token
    assert "--offline" in offline


@pytest.mark.parametrize(("where", "command"), STEPS, ids=[f"{w} {c[:40]}" for w, c in STEPS])
def test_each_step_is_a_nox_session_that_ci_runs(where: str, command: str) -> None:
    if any(pattern.search(command) for pattern in SETUP):
        return
    defined, in_ci = noxfile_sessions(), ci_run_sessions()
    if command in SCRIPT_STEPS:
        session = SCRIPT_STEPS[command]
        script = command.split()[1]
        assert script in ast.unparse(defined[session]), f"`nox -s {session}` does not run {script}"
        assert session in in_ci, f"{where}: `{command}` is run by no session that .ci/run runs"
        return
    sessions = nox_sessions(command)
    assert sessions, f"{where}: `{command}` is not a nox session (make it one, run it in .ci/run)"
    for name in sessions:
        if name in PENDING and name not in defined:
            continue
        assert name in defined, f"{where}: `nox -s {name}` is not a session in noxfile.py"
        assert name in in_ci, f"{where}: `nox -s {name}` is not run by .ci/run; add a line there"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=[w.name for w in WORKFLOWS])
def test_workflow_structure(workflow: Path) -> None:
    text, data = workflow.read_text(encoding="utf-8"), load(workflow)
    problems = unversioned_pins(text, workflow.name)
    problems += templates_in_run(data, workflow.name)
    problems += secret_misuse(data, workflow.name)
    assert not problems, "\n".join(problems)


def test_the_mirror_keys_are_in_the_mirror_environment_only() -> None:
    jobs = load(ROOT / ".github" / "workflows" / "deploy.yml")["jobs"]
    holding = {name for name, job in jobs.items() if "secrets.MIRROR_" in json.dumps(job)}
    assert holding == {"mirror"}
    assert jobs["mirror"]["environment"]["name"] == "mirror"
    # It syncs what a job without secrets built: the artifact, not a build of its own.
    built_by = jobs["mirror"]["needs"]
    assert "secrets." not in json.dumps(jobs[built_by])
    assert any(
        str(s.get("uses", "")).startswith("actions/download-artifact")
        for s in jobs["mirror"]["steps"]
    )


def test_the_workflows_tools_are_pinned_and_installed_from_one_file() -> None:
    assert not unpinned_requirements(
        CI_TOOLS.read_text(encoding="utf-8"), CI_TOOLS.name, hashes=False
    )
    assert {requirement.name for requirement in requirements_in(CI_TOOLS)} == {"nox", "uv"}
    for workflow in WORKFLOWS:
        for job_name, job in load(workflow)["jobs"].items():
            for step in job.get("steps", []):
                if str(step.get("uses", "")).startswith("astral-sh/setup-uv"):
                    version_file = step.get("with", {}).get("version-file")
                    assert version_file == ".github/ci-tools/requirements.txt", (
                        f"{workflow.name}: {job_name}: setup-uv without the pinned uv version"
                    )
                command = step.get("run", "")
                for line in command.splitlines():
                    if re.search(r"\b(pip|uv tool) install\b", line):
                        assert re.search(r"(-r|-c) (\.github/ci-tools|tools)/\S+\.txt", line), (
                            f"{workflow.name}: {job_name}: `{line.strip()}` installs unpinned"
                        )


def test_the_mirror_requirements_are_pinned_with_hashes() -> None:
    text = MIRROR_REQUIREMENTS.read_text(encoding="utf-8")
    assert not unpinned_requirements(text, MIRROR_REQUIREMENTS.name, hashes=True)
    (wanted,) = requirements_in(ROOT / "tools" / "mirror-requirements.in")
    pinned = re.search(rf"^{wanted.name}==(\S+)", text, re.MULTILINE)
    assert pinned, f"{wanted.name} is missing from {MIRROR_REQUIREMENTS.name}"
    assert wanted.specifier.contains(pinned[1]), f"{pinned[0]} is outside {wanted}: recompile"


# --- The checkers themselves: each finds what it is for.


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


BAD = """\
on: push
env:
  TOKEN: ${{ secrets.TOKEN }}
jobs:
  sync:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@d23441a48e516b6c34aea4fa41551a30e30af803
      - uses: actions/checkout@v6
      - uses: astral-sh/setup-uv@37802adc94f370d6bfd71619e3f0bf239e1f3b78  # v7.6.0
      - run: npm ci
      - run: pip install boto3
      - run: nox -s mirror --force-python ${{ matrix.python }}
        env:
          KEY: ${{ secrets.KEY }}
"""


def test_the_online_audit_checker_finds_what_it_is_for() -> None:
    bad = {
        "on": {"push": None},
        "permissions": "read-all",
        "jobs": {
            "zizmor": {"permissions": {"contents": "write"}, "steps": [{"run": "nox -s audit"}]}
        },
    }
    assert online_audit_problems(bad, "a.yml") == [
        "a.yml: not scheduled",
        "a.yml: the workflow grants permissions to every job",
        "a.yml: zizmor: permissions are not exactly contents: read",
        "a.yml: zizmor: `nox -s audit` gets no GH_TOKEN from the workflow",
    ]
    bad["jobs"]["zizmor"]["steps"] = [{"run": "zizmor ."}]
    assert "a.yml: no step runs `nox -s audit`" in online_audit_problems(bad, "a.yml")


def test_the_checkers_find_what_they_are_for() -> None:
    pins = unversioned_pins(BAD, "bad.yml")
    assert any("bad.yml:8: actions/checkout@d23441a… has no `# vX.Y.Z`" in p for p in pins)
    assert any("actions/checkout is pinned to v6, elsewhere d23441a" in p for p in pins)
    data = yaml.safe_load(BAD)
    assert len(templates_in_run(data, "bad.yml")) == 1
    misuse = "\n".join(secret_misuse(data, "bad.yml"))
    for expected in (
        "outside a job",
        "bound to no environment",
        "uses astral-sh/setup-uv",
        "runs `npm ci`",
        "runs `pip install boto3`",
        "runs `nox -s mirror",
    ):
        assert expected in misuse
    data["env"] = {}
    data["jobs"]["sync"]["environment"] = "mirror"
    data["jobs"]["sync"]["steps"] = [
        {"run": "python -m pip install --require-hashes --only-binary=:all: -r tools/m.txt"},
        {"run": "python tools/mirror_sync.py site", "env": {"KEY": "${{ secrets.KEY }}"}},
    ]
    assert secret_misuse(data, "bad.yml") == []
    requirements = "nox>=2025\nuv==0.13.9\nboto3==1.0 \\\n    --hash=sha256:00\n"
    assert unpinned_requirements(requirements, "r.txt", hashes=True) == [
        "r.txt: nox>=2025 is not pinned to one version with ==",
        "r.txt: nox has no --hash=sha256:",
        "r.txt: uv has no --hash=sha256:",
    ]
