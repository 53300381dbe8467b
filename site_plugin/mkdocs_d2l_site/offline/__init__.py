"""Offline reading: a service worker at the site's root keeps what the reader's pages fetched.

See ``design/offline.md``. ``write`` (on_post_build, after every other file is written) puts
``sw.js`` at the site's root — the worker, named for this deploy by a hash of the site's files,
or with ``offline: false`` the kill switch that removes an earlier worker and its caches — and
the pages' small ``register.js`` into a folder named by its bytes.
"""

from __future__ import annotations

from pathlib import Path

from ..content_hash import content_hash, files_hash

STATIC = Path(__file__).parent
WORKER = STATIC / "sw.js"
KILL_SWITCH = STATIC / "off.js"
REGISTER = STATIC / "register.js"
#: At the site's root: a worker's scope is the folder of its script.
SITE_WORKER = "sw.js"
SITE_FOLDER = "assets/offline"
_DEPLOY = "__DEPLOY__"


def _shipped(script: Path) -> str:
    """The script without its whole-line comments (they are for us, not for every reader)."""
    lines = script.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.lstrip().startswith("//")) + "\n"


def script_path() -> str:
    """Where the pages load ``register.js`` from (a folder named by its bytes)."""
    return f"{SITE_FOLDER}/{content_hash(_shipped(REGISTER).encode())}/register.js"


def deploy_id(site_dir: Path) -> str:
    """A hash of every file of the built site but the worker: it changes with any file."""
    files = {p.relative_to(site_dir).as_posix(): p for p in site_dir.rglob("*") if p.is_file()}
    files.pop(SITE_WORKER, None)
    return files_hash(files)


def write(site_dir: Path, enabled: bool) -> None:
    """``sw.js`` for this deploy (or the kill switch), and ``register.js`` if enabled."""
    if enabled:
        target = site_dir / script_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_shipped(REGISTER), encoding="utf-8")
        worker = _shipped(WORKER).replace(_DEPLOY, deploy_id(site_dir))
    else:
        worker = _shipped(KILL_SWITCH)
    path = site_dir / SITE_WORKER
    path.unlink(missing_ok=True)  # a copy of the site may share this file's inode
    path.write_text(worker, encoding="utf-8")
