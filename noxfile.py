"""Everything this project does, as a menu: `nox -l` lists it.

nox -s tests    all tests: the helpers on every Python here, plus the site build tests
nox -s docs     build the site into site/ (strict)
nox -s serve    live preview at http://127.0.0.1:8000/
nox -s lint     ruff + mypy --strict
nox -s build    sdist + wheel, twine check, smoke test of the wheel in a fresh venv
nox -s e2e      the built site in a real browser (needs Debian's chromium)
nox -s bench    build benchmark: this project's configuration vs stock mkdocs-jupyter
nox -s screenshots  full-page screenshots of every page (for a person to look at)
"""

from __future__ import annotations

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


def install_site(session: nox.Session, *groups: str) -> None:
    """The package (as a wheel, not the working copy), the site plugin and the given groups."""
    session.install(".", SITE_PLUGIN, *nox.project.dependency_groups(PROJECT, *groups))


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
    """Tests of the site: chapter outputs, #@save sameness, cache, reproducibility, failures."""
    install_site(session, "site-test")
    session.run("pytest", "tests/site", *session.posargs, env=BUILD_ENV)


@nox.session(default=False)
def docs(session: nox.Session) -> None:
    """Build the site into site/ (strict: a warning or a failing cell fails the build)."""
    install_site(session, "docs")
    session.run("mkdocs", "build", "--strict", "--clean", *session.posargs, env=BUILD_ENV)


@nox.session(default=False)
def serve(session: nox.Session) -> None:
    """Live preview; chapters re-execute only when they or the helpers change."""
    # Editable, so that an edit to d2l_helpers/ is what the kernels import and what the
    # cache key hashes: the preview re-executes the chapters with the new helper code.
    session.install("-e", ".", SITE_PLUGIN, *nox.project.dependency_groups(PROJECT, "docs"))
    session.run("mkdocs", "serve", *session.posargs, env=BUILD_ENV)


@nox.session(default=True)
def lint(session: nox.Session) -> None:
    """ruff (lint + format check) and mypy --strict on the package and the site plugin."""
    groups = nox.project.dependency_groups(PROJECT, "lint", "docs", "e2e")
    session.install(".", SITE_PLUGIN, *groups)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy", "d2l_helpers")
    session.run("mypy", "site_plugin/mkdocs_d2l_site")
    # The tests' annotations are checked too, without demanding types from untyped libraries.
    for suite in ("tests/site", "tests/e2e"):
        loose = ["--allow-untyped-calls", "--no-warn-return-any"]
        session.run("mypy", *loose, suite, env={"MYPYPATH": "tests"})


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
        str(bindir / "python"), str(ROOT / "tests" / "wheel_smoke.py"), str(out), external=True
    )


@nox.session(default=False)
def e2e(session: nox.Session) -> None:
    """Build the site and test it in Debian's Chromium (no request may leave 127.0.0.1)."""
    install_site(session, "docs", "e2e")
    session.run("mkdocs", "build", "--strict", "--clean", env=BUILD_ENV)
    session.run("pytest", "tests/e2e", *session.posargs, env=BUILD_ENV)


@nox.session(default=False)
def screenshots(session: nox.Session) -> None:
    """Full-page screenshots of every page, light/dark × desktop/phone, for a person to look at."""
    install_site(session, "docs", "e2e")
    session.run("mkdocs", "build", "--strict", "--clean", env=BUILD_ENV)
    session.run("python", "tests/e2e/screenshots.py", env={**BUILD_ENV, "PYTHONPATH": "tests"})


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Cold / warm / no-execute builds and page weights, ours vs stock mkdocs-jupyter."""
    install_site(session, "docs")
    session.run("python", "benchmarks/build_bench.py", *session.posargs, env=BUILD_ENV)
