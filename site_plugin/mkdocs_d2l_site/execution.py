"""Run the chapters in Jupyter kernels, with a cache that knows what the outputs depend on.

mkdocs-jupyter's own cache is keyed on the notebook bytes only, so a change in an imported
helper package serves stale figures; it also executes one notebook at a time and reports a
failing cell as a multi-screen traceback. Here the key covers the chapter, the source of the
packages the chapters import and the versions of everything that executes them; chapters run
concurrently (one kernel each); a failure becomes one short message.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import dataclasses
import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import os
import platform
import signal
import threading
import time
from collections.abc import Coroutine, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import jupytext
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from . import sliders
from .build_date import FIXED_EPOCH
from .cell_failures import failure_message
from .cell_outputs import normalise_notebook, normalise_outputs
from .chapter_record import CodeCell, ExecutedChapter
from .frame_store import FrameStore
from .kernels import KernelSource, WarmKernels, fresh_kernel

log = logging.getLogger("mkdocs.plugins.d2l_site")
T = TypeVar("T")

#: Versions that change what a chapter prints or draws.
RUNTIME_DISTRIBUTIONS = (
    "numpy",
    "matplotlib",
    "matplotlib-inline",
    "ipykernel",
    "ipython",
    "nbclient",
    "nbformat",
    "jupytext",
)

#: The date in matplotlib's SVG metadata unless the caller sets one: a build outside git's.
DEFAULT_SOURCE_DATE_EPOCH = str(FIXED_EPOCH)

#: Bumped whenever this module changes what it stores.
CACHE_FORMAT = "4"  # 2: stream outputs normalised; 3: language_info recorded; 4: slider frames

_MATPLOTLIBRC = """\
# Written by mkdocs_d2l_site: the same build must give the same bytes.
svg.hashsalt: d2l-calculus
"""


class ChapterError(Exception):
    """A chapter failed to execute; the message is meant to be shown as is."""


class ExecutionInterrupted(Exception):
    """The author pressed Ctrl-C (SIGINT): kernels are stopped, finished chapters are cached."""


@dataclass(frozen=True)
class Chapter:
    """A chapter source file and the name it is shown under in messages.

    ``date`` (seconds since 1970) is the kernel's ``SOURCE_DATE_EPOCH``, the date in the
    figures' metadata; it is part of the cache key. Unset: the build's environment decides.
    """

    path: Path
    display_name: str
    date: int | None = None


def read_chapter(path: Path) -> nbformat.NotebookNode:
    """Read a jupytext chapter with cell ids that do not change from build to build."""
    nb: nbformat.NotebookNode = jupytext.read(path, fmt="md")
    for index, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{index}"
    nbformat.validate(nb)
    return nb


def package_fingerprint(packages: Iterable[str]) -> str:
    """Hash the source files of the given importable packages (path and bytes)."""
    digest = hashlib.sha256()
    for name in sorted(packages):
        spec = importlib.util.find_spec(name)
        if spec is None:
            raise ChapterError(f"找不到要监视的包 {name!r}：它没有安装在构建环境中")
        roots = [Path(r) for r in spec.submodule_search_locations or []]
        if not roots and spec.origin:  # a single-module distribution
            roots = [Path(spec.origin).parent]
            sources = [(roots[0], Path(spec.origin))]
        else:
            sources = [
                (root, path)
                for root in roots
                for path in sorted(root.rglob("*"))
                if path.suffix in {".py", ".pyi", ".typed"}
            ]
        for root, path in sources:
            digest.update(f"{name}/{path.relative_to(root).as_posix()}\n".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def runtime_fingerprint() -> str:
    """Python version and the versions of what executes the chapters."""
    versions = [f"python={platform.python_version()}", f"format={CACHE_FORMAT}"]
    for dist in RUNTIME_DISTRIBUTIONS:
        try:
            versions.append(f"{dist}={importlib.metadata.version(dist)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{dist}=absent")
    return hashlib.sha256("\n".join(versions).encode()).hexdigest()


def cache_key(chapter_bytes: bytes, dependencies: str) -> str:
    """The key of one chapter: its own bytes plus everything its outputs depend on."""
    return hashlib.sha256(chapter_bytes + b"\0" + dependencies.encode()).hexdigest()


def kernel_environment(cache_dir: Path) -> dict[str, str]:
    """Environment for the kernels: fixed SVG dates and ids, no stray display."""
    rc = cache_dir / "matplotlibrc"
    if not rc.exists() or rc.read_text(encoding="utf-8") != _MATPLOTLIBRC:
        rc.write_text(_MATPLOTLIBRC, encoding="utf-8")
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", DEFAULT_SOURCE_DATE_EPOCH)
    env["MATPLOTLIBRC"] = str(rc)
    env["PYTHONHASHSEED"] = "0"
    env.pop("MPLBACKEND", None)
    env.pop("DISPLAY", None)
    return env


async def _record_language_info(
    chapter: Chapter, client: NotebookClient, nb: nbformat.NotebookNode
) -> None:
    """Store the kernel's ``language_info`` in the notebook, as ``NotebookClient.execute`` does.

    Cells are run one by one here (so a failure can name its chapter line), which bypasses
    ``execute()`` and with it nbclient's kernel-info request. Without ``language_info`` a
    downloaded notebook names no language and file extension, and Jupyter, nbconvert and
    editors cannot tell how to highlight or export it.
    """
    assert client.kc is not None  # async_setup_kernel has started the client
    reply = await client.async_wait_for_reply(client.kc.kernel_info())
    if reply is None or "language_info" not in reply["content"]:
        raise ChapterError(
            f"{chapter.display_name}: 内核没有回报 language_info（kernel_info 的回复：{reply!r}）"
        )
    nb.metadata["language_info"] = reply["content"]["language_info"]


@dataclass(frozen=True)
class Progress:
    """When to tell the author that a cell is still running: after ``first`` seconds, then
    every ``every`` seconds."""

    first: float = 10.0
    every: float = 30.0


async def _report_progress(label: str, started: float, timeout: int, progress: Progress) -> None:
    await asyncio.sleep(progress.first)
    while True:
        log.info(
            "d2l-site: %s 仍在运行，已 %.0f 秒（上限 timeout = %d 秒）",
            label,
            time.monotonic() - started,
            timeout,
        )
        await asyncio.sleep(progress.every)


async def _execute(
    chapter: Chapter,
    nb: nbformat.NotebookNode,
    cells: tuple[CodeCell, ...],
    *,
    timeout: int,
    env: dict[str, str],
    cwd: Path,
    progress: Progress,
    frame_store: FrameStore,
    dependencies: str,
    kernel: KernelSource,
) -> nbformat.NotebookNode:
    async with kernel(env, cwd) as km:
        client = NotebookClient(
            nb,
            km=km,
            timeout=timeout,
            allow_errors=False,
            record_timing=False,  # timings would make every build differ
            resources={"metadata": {"path": str(cwd)}},
        )
        try:
            await client.async_start_new_kernel_client()
            await _record_language_info(chapter, client, nb)
            for place in cells:
                index, slider, cell = place.index, place.slider, nb.cells[place.index]
                where = f"{chapter.display_name}:{place.first_line or '?'}"
                label = f"{where} {place.label}"
                watcher = asyncio.create_task(
                    _report_progress(label, time.monotonic(), timeout, progress)
                )
                try:
                    frames: list[dict[str, str]] = []
                    stored = None
                    if slider is not None:
                        stored = frame_store.get(chapter.path, nb, index, dependencies)
                        frames = stored or await sliders.run_frames(
                            client, cell, index, place.number, slider
                        )
                    await client.async_execute_cell(cell, index, execution_count=place.number)
                    if slider is not None:
                        if problem := sliders.image_problem(normalise_outputs(cell.outputs)):
                            raise ChapterError(f"{where}: {place.label}{problem}")
                        sliders.store_frames(cell, frames)
                        if stored is None:
                            frame_store.put(nb, index, dependencies, frames)
                except sliders.FrameFailed as failed:
                    if failed.error is None:
                        raise ChapterError(
                            f"{where}: {place.label}（{failed.label}）{failed.problem}"
                        ) from None
                    message = failure_message(
                        chapter.display_name,
                        cells,
                        nb,
                        index,
                        failed.error,
                        timeout=timeout,
                        frame=failed.label,
                    )
                    raise ChapterError(message) from None
                except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
                    message = failure_message(
                        chapter.display_name,
                        cells,
                        nb,
                        index,
                        error,
                        timeout=timeout,
                    )
                    raise ChapterError(message) from None
                finally:
                    watcher.cancel()
        finally:
            if client.kc is not None:
                client.kc.stop_channels()
    return normalise_notebook(nb)


@dataclass
class ExecutionReport:
    executed: list[str]
    cached: list[str]


class ChapterRunner:
    """Executes chapters into ``cache_dir`` and reuses results whose key has not changed."""

    def __init__(
        self,
        cache_dir: Path,
        *,
        watch_packages: Sequence[str],
        timeout: int = 300,
        workers: int | None = None,
        progress: Progress | None = None,
        preview: bool = False,
        warm: WarmKernels | None = None,
    ) -> None:
        """``preview`` (``mkdocs serve``): keep every entry, and reuse slider frames
        (``frame_store``); its chapters with reused frames are cached apart. ``warm`` (the
        preview's): kernels started ahead of time (``kernels``)."""
        self.preview = preview
        self.warm = warm
        self.cache_dir = cache_dir
        self.watch_packages = list(watch_packages)
        self.timeout = timeout
        self.workers = workers or os.cpu_count() or 1
        self.progress = progress or Progress()

    def dependencies(self) -> str:
        return package_fingerprint(self.watch_packages) + runtime_fingerprint()

    def cached_path(self, key: str) -> Path:
        return self.cache_dir / f"{key}.ipynb"

    def run(
        self, chapters: Sequence[Chapter]
    ) -> tuple[dict[Path, ExecutedChapter], ExecutionReport]:
        """Return, for every chapter (by its path), its record: the executed notebook (from
        the cache, or run now) and its code cells. A bad cell option fails before any kernel
        starts."""
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        dependencies = self.dependencies()
        results: dict[Path, ExecutedChapter] = {}
        todo: list[tuple[Chapter, Path, ExecutedChapter]] = []
        report = ExecutionReport(executed=[], cached=[])
        store = FrameStore(self.cache_dir / "frames", reuse=self.preview)
        for chapter in chapters:
            data = chapter.path.read_bytes()
            target = self.cached_path(cache_key(data, _dated(dependencies, chapter)))
            preview = _preview_path(target)
            if self.preview and not target.exists() and preview.exists():
                target = preview  # this preview's own entry, with reused frames
            nb = _load(target, chapter) if target.exists() else None
            if nb is not None:
                results[chapter.path] = _record(chapter, data, nb, target)
                report.cached.append(chapter.display_name)
            else:
                todo.append((chapter, target, _record(chapter, data, read_chapter(chapter.path))))
        try:
            if todo:
                written = self._run_in_loop(self._run_all(todo, store, dependencies))
                for (chapter, _, unrun), (nb, path) in zip(todo, written, strict=True):
                    results[chapter.path] = dataclasses.replace(unrun, notebook=nb, path=path)
                report.executed = [chapter.display_name for chapter, _, _ in todo]
        finally:  # the next edit's kernel warms up while the rest of the site is rebuilt
            if self.warm is not None:
                env = kernel_environment(self.cache_dir)
                self.warm.refill([(env, folder) for folder in {c.path.parent for c in chapters}])
        if not self.preview:  # the preview keeps every entry: undoing an edit is a cache hit
            self._evict({record.path for record in results.values() if record.path is not None})
            store.evict()
        return results, report

    def _run_in_loop(self, work: Coroutine[Any, Any, T]) -> T:
        """Run ``work`` in a loop of its own, or in the warm kernels' loop (the preview's)."""
        if self.warm is None:
            return asyncio.run(work)
        try:
            return self.warm.run(work)
        # Ctrl-C (that loop's thread sets no signal handler), or ``mkdocs serve`` stopping: the
        # kernels are killed, as ``_interrupts_cancel`` does.
        except (KeyboardInterrupt, concurrent.futures.CancelledError):
            raise ExecutionInterrupted from None

    async def _run_all(
        self,
        todo: list[tuple[Chapter, Path, ExecutedChapter]],
        store: FrameStore,
        dependencies: str,
    ) -> list[tuple[nbformat.NotebookNode, Path]]:
        """Execute and store each chapter; return the notebooks as stored and where (in
        ``todo``'s order)."""
        env = kernel_environment(self.cache_dir)
        gate = asyncio.Semaphore(self.workers)

        async def one(
            chapter: Chapter, target: Path, unrun: ExecutedChapter
        ) -> tuple[nbformat.NotebookNode, Path]:
            nb = unrun.notebook
            if unrun.code_cells:
                async with gate:
                    nb = await _execute(
                        chapter,
                        nb,
                        unrun.code_cells,
                        timeout=self.timeout,
                        env=env
                        if chapter.date is None
                        else {**env, "SOURCE_DATE_EPOCH": str(chapter.date)},
                        cwd=chapter.path.parent,
                        progress=self.progress,
                        frame_store=store,
                        dependencies=_dated(dependencies, chapter),
                        kernel=fresh_kernel if self.warm is None else self.warm.kernel,
                    )
            if chapter.path in store.reused:  # not what the strict build would have drawn
                target = _preview_path(target)
            return _parse(_write_atomic(target, nb)), target

        tasks = [asyncio.create_task(one(*entry)) for entry in todo]
        with _interrupts_cancel(tasks) as interrupted:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
            failures = [
                error for t in done if not t.cancelled() and (error := t.exception()) is not None
            ]
            if failures and not interrupted.is_set():
                for task in tasks:  # one chapter failed: stop the others' kernels too
                    task.cancel()
            if failures or interrupted.is_set():
                # Cancelled once only: a second cancel could cut a kernel's shutdown short.
                await asyncio.gather(*tasks, return_exceptions=True)
            if interrupted.is_set():
                raise ExecutionInterrupted
            if failures:
                raise failures[0]
        return [task.result() for task in tasks]

    def _evict(self, keep: set[Path]) -> None:
        for entry in [*self.cache_dir.glob("*.ipynb"), *self.cache_dir.glob("*.tmp")]:
            if entry not in keep:
                entry.unlink()


@contextlib.contextmanager
def _interrupts_cancel(tasks: Sequence[asyncio.Task[Any]]) -> Iterator[asyncio.Event]:
    """While the block runs, Ctrl-C cancels ``tasks`` (their kernels are killed at once) and
    sets the yielded event, instead of raising KeyboardInterrupt somewhere inside nbclient."""
    interrupted = asyncio.Event()
    loop = asyncio.get_running_loop()

    def on_sigint() -> None:
        if interrupted.is_set():
            return  # a second Ctrl-C: the kernels are being stopped already
        interrupted.set()
        for task in tasks:
            task.cancel()

    # Signal handlers can only be set in the main thread (``mkdocs serve`` rebuilds in another).
    installed = threading.current_thread() is threading.main_thread()
    if installed:
        loop.add_signal_handler(signal.SIGINT, on_sigint)
    try:
        yield interrupted
    finally:
        if installed:
            loop.remove_signal_handler(signal.SIGINT)


def _dated(dependencies: str, chapter: Chapter) -> str:
    return dependencies if chapter.date is None else f"{dependencies}date={chapter.date}"


def _preview_path(target: Path) -> Path:
    """Where the preview keeps a chapter executed with reused frames."""
    return target.with_name(f"{target.stem}-preview{target.suffix}")


def _parse(text: str) -> nbformat.NotebookNode:
    """An executed notebook from its stored text: the one place one is read."""
    nb: nbformat.NotebookNode = nbformat.reads(text, as_version=4)  # type: ignore[no-untyped-call]
    nbformat.validate(nb)
    return nb


def _load(entry: Path, chapter: Chapter) -> nbformat.NotebookNode | None:
    """The notebook of a cache entry; a damaged one is removed (``None``: a cache miss)."""
    try:
        return _parse(entry.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, nbformat.ValidationError) as error:
        log.info(
            "d2l-site: 缓存文件 %s 已损坏（%s），重新执行 %s",
            entry,
            type(error).__name__,
            chapter.display_name,
        )
        entry.unlink(missing_ok=True)
        return None


def _write_atomic(target: Path, nb: nbformat.NotebookNode) -> str:
    """Store ``nb`` at ``target`` (renamed into place: never half written); return its text."""
    tmp = target.with_suffix(".tmp")
    text = json.dumps(nb, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    return text


def _record(
    chapter: Chapter, data: bytes, nb: nbformat.NotebookNode, path: Path | None = None
) -> ExecutedChapter:
    """The record of ``chapter`` (its file's bytes ``data``) whose notebook is ``nb``."""
    try:
        return ExecutedChapter.of(
            nb,
            data.decode("utf-8"),
            source=chapter.path,
            display_name=chapter.display_name,
            path=path,
        )
    except sliders.SliderError as error:
        raise ChapterError(str(error)) from None


def unexecuted(chapter: Chapter) -> ExecutedChapter:
    """The record of ``chapter`` as written, for a build with execution switched off."""
    return _record(chapter, chapter.path.read_bytes(), read_chapter(chapter.path))
