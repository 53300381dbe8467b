"""Each downloaded notebook runs where only Jupyter is installed (`nox -s downloads`).

The site is built with its site_url on a free port of 127.0.0.1 and served from there. A fresh
venv holds only ipykernel, nbclient and nbformat; each notebook is fetched from the served site
and run with nbclient's own `jupyter execute`. Its first cell installs the helpers from the
served wheel; pip fetches numpy and matplotlib from the package index (so this needs network,
and is kept out of `nox -s tests`). One venv serves all notebooks: the first one installs the
wheel into it, the later ones find it installed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from mkdocs_d2l_site.downloads import download_stem

from local_site import SiteServer
from sitebuild import CHAPTERS, ROOT, mkdocs_build

log = logging.getLogger(__name__)
BIN = "Scripts" if os.name == "nt" else "bin"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """The real site, built for and served at http://127.0.0.1:<free port>/."""
    site = tmp_path_factory.mktemp("served") / "site"
    site.mkdir()
    with SiteServer(site) as server:  # up before the build: the site is built for its URL
        # The execution cache of `nox -s docs` (keyed on everything the outputs depend on, and
        # independent of site_url): after a docs build, this one only renders.
        cache = ROOT / ".cache" / "d2l-site"
        started = time.perf_counter()
        build = mkdocs_build(ROOT / "mkdocs.yml", site, cache, env={"SITE_URL": server.url()})
        log.info("site built for %s in %.1f s", server.origin, time.perf_counter() - started)
        assert build.returncode == 0, build.output
        yield server


@pytest.fixture(scope="module")
def jupyter_only(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A fresh venv with only Jupyter's kernel and client; the environment to run it in."""
    base = tmp_path_factory.mktemp("reader")
    started = time.perf_counter()
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "MPLBACKEND", "PYTHONWARNINGS"}
        and not key.startswith(("JUPYTER", "IPYTHON", "D2L_"))
    }
    env["PATH"] = str(venv / BIN) + os.pathsep + env.get("PATH", "")
    env["VIRTUAL_ENV"] = str(venv)
    # No kernelspec or config of this machine's user: only what the venv itself holds.
    for name in ("JUPYTER_DATA_DIR", "JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        env[name] = str(base / name.lower())
    python = str(venv / BIN / "python")
    subprocess.run(
        [
            python,
            "-m",
            "pip",
            "install",
            "-q",
            "--disable-pip-version-check",
            "ipykernel",
            "nbclient",
            "nbformat",
        ],
        check=True,
        env=env,
    )
    absent = subprocess.run(
        [python, "-c", "import d2l_helpers"], env=env, capture_output=True, check=False
    )
    assert absent.returncode != 0, "the reader's venv must not have the helpers yet"
    env["READER_PYTHON"] = python
    log.info("venv with ipykernel, nbclient, nbformat in %.1f s", time.perf_counter() - started)
    return env


def stem(chapter: Path) -> str:
    """The name the site gives a chapter's download."""
    return download_stem(chapter.name)


@pytest.fixture(scope="module")
def runs(served: SiteServer, jupyter_only: dict[str, str]) -> dict[str, Path]:
    """Fetch each chapter's notebook from the site and run it with `jupyter execute`, in order."""
    folder = Path(jupyter_only["VIRTUAL_ENV"]).parent / "notebooks"
    folder.mkdir()
    executed = {}
    for chapter in CHAPTERS:
        notebook = folder / f"{stem(chapter)}.ipynb"
        status, body = served.fetch(f"/downloads/{notebook.name}")
        assert status == 200, f"/downloads/{notebook.name}: HTTP {status}"
        notebook.write_bytes(body)
        started = time.perf_counter()
        run = subprocess.run(
            [
                str(Path(jupyter_only["VIRTUAL_ENV"]) / BIN / "jupyter-execute"),
                "--inplace",
                "--timeout=600",
                notebook.name,
            ],
            env=jupyter_only,
            cwd=folder,
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == 0, f"{notebook.name}:\n{run.stderr[-3000:]}"
        executed[stem(chapter)] = notebook
        log.info("%s ran in %.1f s", notebook.name, time.perf_counter() - started)
    return executed


@pytest.mark.parametrize("chapter", CHAPTERS, ids=stem)
def test_downloaded_notebook_runs_with_only_jupyter(runs: dict[str, Path], chapter: Path) -> None:
    nb = json.loads(runs[stem(chapter)].read_text(encoding="utf-8"))
    code = [cell for cell in nb["cells"] if cell["cell_type"] == "code"]
    assert all(cell["execution_count"] for cell in code), "a code cell did not run"
    errors = [out for cell in code for out in cell["outputs"] if out["output_type"] == "error"]
    assert errors == []


def test_the_reader_got_exactly_the_served_wheel(
    served: SiteServer, jupyter_only: dict[str, str], runs: dict[str, Path]
) -> None:
    """After the notebooks ran: pip installed the site's wheel, from its URL, checked by hash."""
    (wheel,) = (served.folder / "downloads" / "wheels").glob("*/*.whl")
    path = "/" + wheel.relative_to(served.folder).as_posix()
    assert path in served.requested, served.requested
    direct_url = subprocess.run(
        [
            jupyter_only["READER_PYTHON"],
            "-c",
            "import importlib.metadata as m; "
            + "print(m.distribution('d2l-helpers').read_text('direct_url.json'))",
        ],
        env=jupyter_only,
        capture_output=True,
        text=True,
        check=True,
    )
    installed = json.loads(direct_url.stdout)
    assert installed["url"] == served.url(path)
    sha256 = hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert installed["archive_info"]["hashes"]["sha256"] == sha256


def test_a_checked_exercise_checks_the_readers_answer_in_jupyter(
    runs: dict[str, Path], jupyter_only: dict[str, str]
) -> None:
    """The exercises notebook holds each scaffold and its check cell: the reader edits the
    scaffold, runs the notebook, and the check cell under it answers."""
    downloaded = runs[stem(ROOT / "docs" / "exercises.md")]
    nb = json.loads(downloaded.read_text(encoding="utf-8"))
    answers = {
        "def grad_f(x):": "def grad_f(x):\n    return np.array([6 * x[0], 5 * x[1]])\n",
        "def tangent(x):": "def tangent(x):\n    return 4 * x - 4\n",
    }
    checks = []
    for index, cell in enumerate(nb["cells"]):
        if "exercise" in cell["metadata"].get("tags", []):
            start = "".join(cell["source"]).split("\n")[0]
            cell["source"] = answers.get(start, cell["source"])
            checks.append(index + 1)
            assert "check" in nb["cells"][index + 1]["metadata"]["tags"]
    assert len(checks) == 4
    # The solutions redefine the answers: run only up to the last check cell.
    nb["cells"] = nb["cells"][: checks[-1] + 1]
    edited = downloaded.with_name("edited-exercises.ipynb")
    edited.write_text(json.dumps(nb), encoding="utf-8")
    env = jupyter_only
    subprocess.run(
        [str(Path(env["VIRTUAL_ENV"]) / BIN / "jupyter-execute"), "--inplace", edited.name],
        env=env,
        cwd=edited.parent,
        capture_output=True,
        check=True,
    )
    ran = json.loads(edited.read_text(encoding="utf-8"))["cells"]
    said = ["".join(ran[i]["outputs"][-1]["data"]["text/plain"]) for i in checks]
    assert said[0].startswith("通过：切线过切点 (1, 0)")
    assert said[1].startswith("还不对：在 x = [1.5, −0.5] 处，第 2 个分量是 −2.5")
    assert said[2].startswith("还没有作答：把 grad_norm 函数体中的 ...")
