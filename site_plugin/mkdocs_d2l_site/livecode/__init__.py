"""Live code: the chapter's code cells become editors that run in the reader's browser.

What the build does (the browser side is in ``static/``):

- ``configure`` (on_config) decides, once, whether live code is available: where the Python
  runtime comes from — the folder ``nox -s runtime`` assembled (copied into the site), or
  ``PYODIDE_URL`` — and the helpers' wheel it installs. It puts what the page needs into
  ``config.extra["livecode"]`` for ``overrides/partials/livecode.html``; the notice and
  ``copy_into`` read the same ``LiveCode``. When it is off, the build says why in one line and
  the pages say live code is not available: no CDN.
  What the runtime holds (its files, packages, licence file) is read from the ``runtime.json``
  that ``tools/assemble_livecode.py`` writes beside it.
- ``copy_into`` (on_post_build) writes the front end and the runtime into the site.

A page that is only read loads ``boot.js`` (about 2 KB gzip); everything else is fetched when
the reader presses 运行代码.

The front end and the runtime keep their file names (``loadPyodide`` asks for its own names,
the worker for ``kernel.py``), so each goes into a folder named by the hash of its files:
a deploy that stops halfway never pairs a new page with old scripts or an old page with new
ones, and every host may cache them for a long time.
"""

from __future__ import annotations

import dataclasses
import html
import json
import logging
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..content_hash import files_hash

log = logging.getLogger("mkdocs.plugins.d2l_site.livecode")

#: Where the front end and the runtime live inside the site (in a folder named by their hash).
SITE_PATH = "assets/livecode/"
RUNTIME_SITE_PATH = "assets/pyodide/"
STATIC = Path(__file__).with_name("static")
#: What ``static/`` adds when live code is on (besides boot.js; the bundle is built by npm).
STATIC_FILES = ("worker.js", "kernel.py", "livecode.css")
BUNDLE = "editor.js"
#: Written by ``tools/assemble_livecode.py`` beside the bundle: what the runtime holds.
MANIFEST = "runtime.json"
_MANIFEST_KEYS = {
    "pyodide_version": "text",
    "packages": "a list of text",
    "core_files": "a list of text",
    "lock_file": "text",
    "notices": "text",
}


@dataclasses.dataclass(frozen=True)
class Manifest:
    """``runtime.json``: the assembled runtime's Pyodide release, the packages the chapters
    import, the core files and lock a first run downloads, and the bundle's licence file."""

    pyodide_version: str
    packages: tuple[str, ...]
    core_files: tuple[str, ...]
    lock_file: str
    notices: str

    @classmethod
    def read(cls, path: Path) -> Manifest:
        """The manifest at ``path``; ValueError saying what is wrong if it is not one."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise ValueError(f"not JSON ({error})") from None
        fields = data if isinstance(data, dict) else {}
        for key, expected in _MANIFEST_KEYS.items():
            value = fields.get(key)
            if expected == "text":
                valid = isinstance(value, str)
            else:
                valid = isinstance(value, list) and all(isinstance(v, str) for v in value)
            if not valid:
                raise ValueError(f"{key!r} should be {expected}, not {value!r}")
        return cls(
            fields["pyodide_version"],
            tuple(fields["packages"]),
            tuple(fields["core_files"]),
            fields["lock_file"],
            fields["notices"],
        )

    @property
    def first_run_core(self) -> tuple[str, ...]:
        """Files of the runtime a first run downloads (besides the wheels of the lock's closure)."""
        return (*self.core_files, self.lock_file)


@dataclasses.dataclass(frozen=True)
class LiveCode:
    """Where this build's live code comes from; ``reason`` says why it is off, if it is."""

    runtime_dir: Path | None
    pyodide_url: str | None
    bundle: Path | None
    reason: str | None
    first_run_bytes: int
    manifest: Manifest | None = None
    #: The front end's folder in the site, ``assets/livecode/<hash>/``, and the self-hosted
    #: runtime's, ``assets/pyodide/<hash>/`` (set by ``with_folders``).
    assets_path: str = SITE_PATH
    runtime_path: str | None = None
    #: The helpers' wheel the runtime installs (site-relative URL); ``None``: the site has none.
    wheel: str | None = None

    @property
    def available(self) -> bool:
        """Whether the pages offer live code: runtime, editor and wheel are all there."""
        return self.reason is None

    @property
    def front_end(self) -> dict[str, Path]:
        """The front end's files by their name in the site: boot.js, and with live code on,
        the worker, the kernel, the styles, the editor bundle and its licences."""
        files = {"boot.js": STATIC / "boot.js"}
        if self.bundle is not None and self.manifest is not None:
            files |= {name: STATIC / name for name in STATIC_FILES}
            files[BUNDLE] = self.bundle
            notices = self.bundle.with_name(self.manifest.notices)
            if notices.is_file():
                files[self.manifest.notices] = notices
        return files

    def with_folders(self) -> LiveCode:
        """This, with the folders named by the hash of their files as they are now (the
        names the pages are given are the names the files are written under)."""
        runtime = None
        if self.runtime_dir is not None:
            files = {p.name: p for p in self.runtime_dir.iterdir() if p.is_file()}
            runtime = f"{RUNTIME_SITE_PATH}{files_hash(files)}/"
        assets = f"{SITE_PATH}{files_hash(self.front_end)}/"
        return dataclasses.replace(self, assets_path=assets, runtime_path=runtime)

    def page_config(self) -> dict[str, Any]:
        """What ``partials/livecode.html`` hands to ``boot.js`` (site-relative paths)."""
        config: dict[str, Any] = {"available": False, "assets": self.assets_path}
        if self.available and self.manifest is not None:
            config |= {
                "available": True,
                "pyodide": self.pyodide_url or self.runtime_path,
                "packages": list(self.manifest.packages),
            }
        if self.wheel is not None:
            config["wheel"] = self.wheel
        return config


def notice_html(live: LiveCode, site_url: str) -> str:
    """The 在线运行 notice under a chapter's title. It is written at build time, not by
    boot.js, so nothing on the page moves when the script arrives (a notice inserted after
    load shifted the whole chapter 200 px down: Lighthouse CLS 0.15). boot.js only enables
    the button."""
    head = (
        '<div aria-label="在线运行代码" class="admonition tip d2l-live-bar" '
        'data-search-exclude="" role="region"><p class="admonition-title">在线运行</p>'
    )
    if not live.available:
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


def runtime_bytes(runtime_dir: Path, manifest: Manifest) -> int:
    """Bytes a first run downloads from ``runtime_dir``: the core, the lock and the wheels."""
    names = [*manifest.first_run_core, *(p.name for p in runtime_dir.glob("*.whl"))]
    return sum((runtime_dir / name).stat().st_size for name in names)


#: Why live code is off in a site without the helpers' wheel.
NO_WHEEL = (
    "no d2l_helpers wheel to install (the d2l-site plugin builds none: see its package option), "
    "so `import d2l_helpers` would fail in the browser"
)


def locate(root: Path, livecode_dir: str, pyodide_url: str, wheel: str | None) -> LiveCode:
    """Find the runtime and the editor bundle, or the reason live code is off; ``wheel`` is
    the helpers' wheel in the site (``None``: there is none, and live code is off)."""
    live = dataclasses.replace(_find(root, livecode_dir, pyodide_url).with_folders(), wheel=wheel)
    if live.reason is None and wheel is None:
        live = dataclasses.replace(live, reason=NO_WHEEL)
    return live


def _find(root: Path, livecode_dir: str, pyodide_url: str) -> LiveCode:
    folder = (root / livecode_dir).resolve()
    bundle = folder / BUNDLE
    runtime = folder / "pyodide"
    url = pyodide_url.strip() or None
    if url is not None and not url.endswith("/"):
        url += "/"
    if not bundle.is_file():
        reason = f"no editor bundle in {folder} (run `nox -s runtime`, which needs npm)"
        return LiveCode(None, None, None, reason, 0)
    if not (folder / MANIFEST).is_file():
        reason = f"no {MANIFEST} in {folder} (run `nox -s runtime`: it writes the runtime's list)"
        return LiveCode(None, None, None, reason, 0)
    try:
        manifest = Manifest.read(folder / MANIFEST)
    except ValueError as error:
        reason = (
            f"{folder / MANIFEST} is not what tools/assemble_livecode.py writes: {error} "
            "(run `nox -s runtime` again)"
        )
        return LiveCode(None, None, None, reason, 0)
    if url is not None:
        return LiveCode(None, url, bundle, None, bundle.stat().st_size, manifest)
    missing = [name for name in manifest.first_run_core if not (runtime / name).is_file()]
    if missing:
        reason = (
            f"no complete Pyodide runtime in {runtime} (missing {', '.join(missing)}) and "
            "PYODIDE_URL is not set (run `nox -s runtime`)"
        )
        return LiveCode(None, None, None, reason, 0)
    first_run = runtime_bytes(runtime, manifest) + bundle.stat().st_size
    return LiveCode(runtime, None, bundle, None, first_run, manifest)


def configure(
    config: Any, root: Path, livecode_dir: str, pyodide_url: str, wheel: str | None
) -> LiveCode:
    """on_config: decide whether live code is available, tell the templates, and say in one
    line if it is off."""
    live = locate(root, livecode_dir, pyodide_url, wheel)
    if live.reason is not None:
        log.info("d2l-site: live code is off in this build: %s", live.reason)
    config.extra["livecode"] = live.page_config()
    return live


def copy_into(live: LiveCode, site_dir: Path) -> None:
    """on_post_build: the front end, the editor bundle and (if self-hosted) the runtime."""
    target = site_dir / live.assets_path
    target.mkdir(parents=True, exist_ok=True)
    # The templates load boot.js on every page with the notice, also when it says "off".
    for name, source in live.front_end.items():
        shutil.copyfile(source, target / name)
    if not live.available:
        return
    if live.runtime_dir is not None and live.runtime_path is not None:  # self-hosted
        shutil.copytree(live.runtime_dir, site_dir / live.runtime_path, dirs_exist_ok=True)
