"""Everything this project does, as a menu: `nox -l` lists it.

nox -s tests    all tests: the helpers on every Python here, plus the site build tests
nox -s docs     build the site into site/ (strict)
nox -s serve    live preview at http://127.0.0.1:8000/
nox -s lint     ruff + mypy --strict
nox -s build    sdist + wheel, twine check, smoke test of the wheel in a fresh venv
nox -s e2e      the built site in a real browser (needs Debian's chromium)
nox -s bench    build benchmark: this project's configuration vs stock mkdocs-jupyter
nox -s runtime  live code: npm ci, the editor bundle and the Pyodide runtime into .cache/livecode
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["lint", "tests"]

ROOT = Path(__file__).parent
PROJECT = nox.project.load_toml("pyproject.toml")
PYTHONS = ["3.10", "3.11", "3.12", "3.13"]
SITE_PLUGIN = str(ROOT / "site_plugin")
# The build's own environment: quiet, reproducible, and no end-of-life banner from Material.
BUILD_ENV = {"NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore::DeprecationWarning:jieba"}


def install_site(session: nox.Session, *groups: str) -> None:
    """The package (as a wheel, not the working copy), the site plugin and the given groups."""
    session.install(".", SITE_PLUGIN, *nox.project.dependency_groups(PROJECT, *groups))


@nox.session(python=False, default=True)
def tests(session: nox.Session) -> None:
    """Run every test suite: helpers on each Python, then the site tests."""
    for python in PYTHONS:
        session.notify(f"tests_helpers-{python}", posargs=session.posargs)
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
    if shutil.which("npm") and not (ROOT / LIVECODE_DIR / "editor.js").is_file():
        assemble_runtime(session)
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
    session.install(".", SITE_PLUGIN, *nox.project.dependency_groups(PROJECT, "lint", "docs"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy", "d2l_helpers")
    session.run("mypy", "site_plugin/mkdocs_d2l_site")


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
def bench(session: nox.Session) -> None:
    """Cold / warm / no-execute builds and page weights, ours vs stock mkdocs-jupyter."""
    install_site(session, "docs")
    session.run("python", "benchmarks/build_bench.py", *session.posargs, env=BUILD_ENV)


LIVECODE = ROOT / "site_plugin" / "mkdocs_d2l_site" / "livecode"
LIVECODE_DIR = Path(".cache") / "livecode"


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
        str(LIVECODE / "assemble.py"),
        f"--dest={LIVECODE_DIR}",
        f"--metafile={LIVECODE_DIR / 'editor.meta.json'}",
    )


@nox.session(default=False)
def runtime(session: nox.Session) -> None:
    """Live code: the editor bundle and Pyodide with numpy/matplotlib (needs npm)."""
    if not shutil.which("npm"):
        session.error("nox -s runtime needs npm (Node.js): live code is built from npm packages")
    assemble_runtime(session)
