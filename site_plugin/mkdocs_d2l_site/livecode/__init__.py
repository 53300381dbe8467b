"""Live code: the chapter's code cells become editors that run in the reader's browser.

What the build does (the browser side is in ``static/``):

- ``configure`` (on_config) decides where the Python runtime comes from — the folder
  ``nox -s runtime`` assembled (copied into the site), or ``PYODIDE_URL`` — and puts what the
  page needs into ``config.extra["livecode"]`` for ``overrides/partials/livecode.html``. Without
  either, the build says so in one line and the pages say live code is not available: no CDN.
- ``copy_into`` (on_post_build) writes the front end and the runtime into the site.

A page that is only read loads ``boot.js`` (about 2 KB gzip); everything else is fetched when
the reader presses 运行代码.
"""

from __future__ import annotations

import html
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import assemble

log = logging.getLogger("mkdocs.plugins.d2l_site.livecode")

#: Where the front end and the runtime live inside the site.
SITE_PATH = "assets/livecode/"
RUNTIME_SITE_PATH = "assets/pyodide/"
STATIC = Path(__file__).with_name("static")
#: What ``static/`` adds when live code is on (besides boot.js; the bundle is built by npm).
STATIC_FILES = ("worker.js", "kernel.py", "livecode.css")
BUNDLE = "editor.js"
#: Files of the runtime a first run downloads (the wheels are added from the lock's closure).
FIRST_RUN_CORE = (*assemble.CORE_FILES, assemble.LOCK_FILE)


@dataclass(frozen=True)
class LiveCode:
    """Where this build's live code comes from; ``reason`` says why it is off, if it is."""

    runtime_dir: Path | None
    pyodide_url: str | None
    bundle: Path | None
    reason: str | None
    first_run_bytes: int

    def page_config(self) -> dict[str, Any]:
        """What ``partials/livecode.html`` hands to ``boot.js`` (site-relative paths)."""
        if self.reason is not None:
            return {"available": False}
        return {
            "available": True,
            "pyodide": self.pyodide_url or RUNTIME_SITE_PATH,
            "assets": SITE_PATH,
            "packages": list(assemble.PACKAGES),
        }


def notice_html(live: LiveCode, has_wheel: bool, site_url: str) -> str:
    """The 在线运行 notice under a chapter's title. It is written at build time, not by
    boot.js, so nothing on the page moves when the script arrives (a notice inserted after
    load shifted the whole chapter 200 px down: Lighthouse CLS 0.15). boot.js only enables
    the button."""
    head = (
        '<div aria-label="在线运行代码" class="admonition tip d2l-live-bar" '
        'data-search-exclude="" role="region"><p class="admonition-title">在线运行</p>'
    )
    if live.reason is not None or not has_wheel:
        return (
            head
            + "<p>本站的这次构建没有包含浏览器中的 Python 运行环境，本页代码只能阅读。</p></div>"
        )
    source = urlsplit(live.pyodide_url or "").netloc
    origin = "本站" if not source or source == urlsplit(site_url).netloc else html.escape(source)
    # Only a self-hosted runtime has a known size (with PYODIDE_URL only the editor's is known).
    megabytes = round(live.first_run_bytes / 1e6)
    size = f"约 {megabytes} MB" if megabytes else "Python 运行环境"
    return (
        f"{head}<p>可以在浏览器里修改并运行本页的代码。第一次运行要从{origin}下载{size}"
        "，之后由浏览器缓存。</p>"
        '<p><button class="md-button md-button--primary d2l-live-start" disabled="" type="button">'
        "运行代码</button></p></div>"
    )


def runtime_bytes(runtime_dir: Path) -> int:
    """Bytes a first run downloads from ``runtime_dir``: the core, the lock and the wheels."""
    names = [*FIRST_RUN_CORE, *(p.name for p in runtime_dir.glob("*.whl"))]
    return sum((runtime_dir / name).stat().st_size for name in names)


def locate(root: Path, livecode_dir: str, pyodide_url: str) -> LiveCode:
    """Find the runtime and the editor bundle, or the reason live code is off."""
    folder = (root / livecode_dir).resolve()
    bundle = folder / BUNDLE
    runtime = folder / "pyodide"
    url = pyodide_url.strip() or None
    if url is not None and not url.endswith("/"):
        url += "/"
    if not bundle.is_file():
        reason = f"no editor bundle in {folder} (run `nox -s runtime`, which needs npm)"
        return LiveCode(None, None, None, reason, 0)
    if url is not None:
        return LiveCode(None, url, bundle, None, bundle.stat().st_size)
    if not (runtime / "pyodide.asm.wasm").is_file():
        reason = (
            f"no Pyodide runtime in {runtime} and PYODIDE_URL is not set (run `nox -s runtime`)"
        )
        return LiveCode(None, None, None, reason, 0)
    return LiveCode(runtime, None, bundle, None, runtime_bytes(runtime) + bundle.stat().st_size)


def configure(config: Any, root: Path, livecode_dir: str, pyodide_url: str) -> LiveCode:
    """on_config: locate the runtime, tell the templates, and say in one line if it is off."""
    live = locate(root, livecode_dir, pyodide_url)
    if live.reason is not None:
        log.info("d2l-site: live code is off in this build: %s", live.reason)
    config.extra["livecode"] = live.page_config()
    return live


def copy_into(live: LiveCode, site_dir: Path, has_wheel: bool) -> None:
    """on_post_build: the front end, the editor bundle and (if self-hosted) the runtime."""
    target = site_dir / SITE_PATH
    target.mkdir(parents=True, exist_ok=True)
    # The templates load boot.js on every page with the notice, also when it says "off".
    shutil.copyfile(STATIC / "boot.js", target / "boot.js")
    if live.bundle is None:
        return
    if not has_wheel:
        log.info(
            "d2l-site: live code has no d2l_helpers wheel to install (config.extra['d2l_wheel'] "
            "is not set): `import d2l_helpers` will fail in the browser"
        )
    for name in STATIC_FILES:
        shutil.copyfile(STATIC / name, target / name)
    shutil.copyfile(live.bundle, target / BUNDLE)
    notices = live.bundle.with_name(assemble.NOTICES)
    if notices.is_file():
        shutil.copyfile(notices, target / assemble.NOTICES)
    if live.runtime_dir is not None:
        shutil.copytree(live.runtime_dir, site_dir / RUNTIME_SITE_PATH, dirs_exist_ok=True)
