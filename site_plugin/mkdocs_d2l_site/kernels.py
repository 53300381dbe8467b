"""The Jupyter kernels that execute chapters: a new one for every chapter, or, in the preview
only, one started ahead of time with numpy and matplotlib already imported.

A kernel spends most of a small chapter's time starting and importing numpy and matplotlib
(design/preview-loop.md). ``WarmKernels`` (``mkdocs serve`` only) keeps one such kernel ready
for the next edit. Each kernel runs one chapter and is killed afterwards, so every chapter
starts from an empty namespace, exactly as in a new kernel: the imports bind no name
(``sys.modules`` is all they fill), and the chapter's ``SOURCE_DATE_EPOCH`` is set before its
first cell. ``mkdocs build`` never uses them: its kernels are always new.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import tempfile
import threading
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

T = TypeVar("T")

#: What a warm kernel imports ahead of time, in a namespace of its own (it binds no name).
WARM_UP = "exec('import numpy, matplotlib.pyplot', {})"

#: The one variable of a kernel's environment that differs between chapters (their dates).
DATE = "SOURCE_DATE_EPOCH"

#: How a chapter asks for a kernel: ``async with kernel(env, cwd) as km``.
KernelSource = Callable[
    [dict[str, str], Path], contextlib.AbstractAsyncContextManager[AsyncKernelManager]
]


class KernelFailed(Exception):
    """A warm kernel did not start or import (the chapter gets a new kernel instead)."""


def _manager(sockets: str) -> AsyncKernelManager:
    """The manager of one kernel, its IPC sockets in the folder ``sockets``."""
    # IPC sockets in a private folder: no TCP ports, and no "running over TCP without
    # encryption" warning from every kernel. Always the build environment's own Python kernel:
    # a chapter's kernelspec name is whatever the author's Jupyter called it.
    return AsyncKernelManager(
        kernel_name="python3", transport="ipc", ip=str(Path(sockets) / "kernel")
    )


async def _start(km: AsyncKernelManager, env: dict[str, str], cwd: Path) -> None:
    """Start the kernel of ``km`` exactly as nbclient starts one for a notebook."""
    # Not nbclient's async_setup_kernel: it installs its own SIGINT handler, which shuts
    # kernels down gracefully (up to 30 s) and ends in a CancelledError traceback.
    empty = nbformat.v4.new_notebook()  # type: ignore[no-untyped-call]
    await NotebookClient(empty, km=km).async_start_new_kernel(env=env, cwd=str(cwd))


async def _kill(km: AsyncKernelManager) -> None:
    """Kill, not a graceful shutdown: whatever the kernel computed is already kept."""
    if km.has_kernel:
        await km.shutdown_kernel(now=True)


@contextlib.asynccontextmanager
async def fresh_kernel(env: dict[str, str], cwd: Path) -> AsyncIterator[AsyncKernelManager]:
    """A new kernel for one chapter, killed afterwards (``mkdocs build``)."""
    with tempfile.TemporaryDirectory(prefix="d2l-kernel-") as sockets:
        km = _manager(sockets)  # killed even if cancelled while it starts
        try:
            await _start(km, env, cwd)
            yield km
        finally:
            await _kill(km)


async def _run_silently(km: AsyncKernelManager, code: str, timeout: float = 60) -> None:
    """Run ``code`` without a trace in the kernel's history, counter or outputs."""
    kc = km.client()
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=timeout)
        reply = await kc.execute_interactive(
            code, silent=True, store_history=False, timeout=timeout
        )
        if reply["content"]["status"] != "ok":
            raise KernelFailed(f"{code!r}: {reply['content'].get('ename')}")
    finally:
        kc.stop_channels()


def _key(env: dict[str, str], cwd: Path) -> tuple[str, frozenset[tuple[str, str]]]:
    """Which kernels can serve a chapter: the same folder and environment, its date aside."""
    return str(cwd), frozenset((k, v) for k, v in env.items() if k != DATE)


@dataclass
class _Warm:
    """A kernel being started and warmed up in the background, and its sockets' folder."""

    task: asyncio.Task[AsyncKernelManager]
    sockets: tempfile.TemporaryDirectory[str]


class WarmKernels:
    """Kernels started ahead of time for ``mkdocs serve``, in an event loop of their own.

    The preview's executions run in this loop (``run``), so the kernels, their clients and
    the executions share one loop across rebuilds. ``kernel`` hands out a warm kernel (or a
    new one, when none is ready for that environment) and kills it after its one chapter;
    ``refill`` starts the next one once the chapters are executed (warming up then does not slow
    them down); ``close`` kills them all (when ``mkdocs serve`` stops).
    """

    def __init__(self) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="d2l-warm-kernels", daemon=True
        )
        self._thread.start()
        self._ready: dict[tuple[str, frozenset[tuple[str, str]]], _Warm] = {}
        self._in_use: set[AsyncKernelManager] = set()
        self._running: set[asyncio.Task[Any]] = set()  # the executions ``run`` waits for
        self._closed = False
        self.used = 0  #: chapters run in a warm kernel so far

    def run(self, work: Coroutine[Any, Any, T]) -> T:
        """Run ``work`` in this loop; Ctrl-C cancels it (its kernels are killed) and re-raises."""
        future = asyncio.run_coroutine_threadsafe(self._tracked(work), self._loop)
        try:
            return future.result()
        except KeyboardInterrupt:
            future.cancel()  # then wait until its kernels are killed
            settled = asyncio.run_coroutine_threadsafe(self._settle(), self._loop)
            with contextlib.suppress(concurrent.futures.TimeoutError):
                settled.result(timeout=30)
            raise

    async def _tracked(self, work: Coroutine[Any, Any, T]) -> T:
        task = asyncio.current_task()
        assert task is not None
        self._running.add(task)
        try:
            return await work
        finally:
            self._running.discard(task)

    async def _settle(self) -> None:
        await asyncio.gather(*self._running, return_exceptions=True)

    def refill(self, wanted: list[tuple[dict[str, str], Path]]) -> None:
        """Keep one kernel warm (started now, in the background) for each environment and folder
        in ``wanted``, and none for any other."""
        if not self._closed:
            asyncio.run_coroutine_threadsafe(self._refill(wanted), self._loop).result()

    async def _refill(self, wanted: list[tuple[dict[str, str], Path]]) -> None:
        keys = {_key(env, cwd): (env, cwd) for env, cwd in wanted}
        for key in [key for key in self._ready if key not in keys]:
            await self._discard(self._ready.pop(key))
        for key, (env, cwd) in keys.items():
            if key not in self._ready:
                sockets = tempfile.TemporaryDirectory(prefix="d2l-kernel-")
                task = asyncio.create_task(self._warm_up(env, cwd, sockets.name))
                self._ready[key] = _Warm(task, sockets)

    async def _discard(self, warm: _Warm) -> None:
        """Stop a warm kernel that is not wanted (being started, or waiting)."""
        warm.task.cancel()
        with contextlib.suppress(BaseException):
            await _kill(await warm.task)
        warm.sockets.cleanup()

    async def _warm_up(self, env: dict[str, str], cwd: Path, sockets: str) -> AsyncKernelManager:
        km = _manager(sockets)
        try:
            await _start(km, env, cwd)
            await _run_silently(km, WARM_UP)
        except BaseException:
            await _kill(km)
            raise
        return km

    @contextlib.asynccontextmanager
    async def kernel(self, env: dict[str, str], cwd: Path) -> AsyncIterator[AsyncKernelManager]:
        """A kernel for one chapter: the warm one for its environment if any, else a new one."""
        warm = self._ready.pop(_key(env, cwd), None)
        if warm is None:
            async with fresh_kernel(env, cwd) as km:
                yield km
            return
        started: AsyncKernelManager | None = None
        try:
            started = await warm.task
            self._in_use.add(started)
            await _run_silently(started, f"__import__('os').environ[{DATE!r}] = {env[DATE]!r}")
        except Exception:  # noqa: BLE001 (a new kernel tells what is wrong, if anything still is)
            if started is not None:
                self._in_use.discard(started)
                await _kill(started)  # (a failed warm-up has killed its own)
            warm.sockets.cleanup()
            async with fresh_kernel(env, cwd) as km:
                yield km
            return
        km = started
        self.used += 1
        try:
            yield km
        finally:
            self._in_use.discard(km)
            await _kill(km)
            warm.sockets.cleanup()

    def close(self) -> None:
        """Kill every kernel (warm or running a chapter) and stop the loop."""
        if self._closed:
            return
        self._closed = True
        asyncio.run_coroutine_threadsafe(self._close(), self._loop).result(timeout=60)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    async def _close(self) -> None:
        others = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in others:  # warm-ups and executions: each kills its kernel when cancelled
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)
        for km in list(self._in_use):
            await _kill(km)
        for warm in self._ready.values():  # warm and waiting: not stopped by the cancel
            if not warm.task.cancelled() and warm.task.exception() is None:
                await _kill(warm.task.result())
            warm.sockets.cleanup()
        self._ready.clear()
