"""The preview's warm kernels (``kernels.WarmKernels``): a chapter run in one gives exactly
what a new kernel gives, each runs one chapter only, and none outlives ``close`` or the
plugin's ``on_shutdown`` (``mkdocs serve`` stopping, SIGTERM included).

Real kernels; ``ChapterRunner`` as ``mkdocs build`` (new kernels) and as ``mkdocs serve``.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from mkdocs_d2l_site.execution import Chapter, ChapterRunner, ExecutionInterrupted
from mkdocs_d2l_site.kernels import WarmKernels
from mkdocs_d2l_site.plugin import D2LSitePlugin

from site_pages import FRONT_MATTER

#: What a kernel could differ in: names, counters, history, date, figures; ``leak`` is left
#: behind for a kernel that would be used twice.
CHAPTER = """\
# 预热

```python
%matplotlib inline
import os
import numpy as np
from matplotlib import pyplot as plt
from matplotlib_inline.backend_inline import set_matplotlib_formats
set_matplotlib_formats("svg")
print(sorted(name for name in dir() if not name.startswith("_")))
print(get_ipython().execution_count, len(get_ipython().history_manager.input_hist_raw))
print(os.environ["SOURCE_DATE_EPOCH"], "leak" in dir())
```

```python
plt.plot(np.arange(3), np.arange(3) ** 2);
leak = 1
```
"""


def kernels() -> set[int]:
    """This process's kernels (their process ids)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue  # ended meanwhile
        if int(fields[1]) == os.getpid() and b"ipykernel_launcher" in cmdline:
            found.add(int(stat.parent.name))
    return found


def executed(runner: ChapterRunner, path: Path) -> str:
    results, report = runner.run([Chapter(path, "docs/warm.md", date=1700000000)])
    assert report.executed == ["docs/warm.md"]
    return json.dumps(results[path].notebook, sort_keys=True)


@pytest.fixture
def warm() -> object:
    pool = WarmKernels()
    yield pool
    pool.close()


def test_a_warm_kernel_gives_what_a_new_kernel_gives(tmp_path: Path, warm: WarmKernels) -> None:
    path = tmp_path / "warm.md"
    build = ChapterRunner(tmp_path / "build", watch_packages=[])
    serve = ChapterRunner(tmp_path / "serve", watch_packages=[], preview=True, warm=warm)
    for edit in range(3):  # the first has no warm kernel yet; each run warms the next one
        path.write_text(FRONT_MATTER + CHAPTER + f"\n<!-- 第 {edit} 次 -->\n", encoding="utf-8")
        served = executed(serve, path)
        if edit == 1:  # the first warm kernel (edit 2's differs only in having been warmed later)
            assert served == executed(build, path)
        assert warm.used == edit
        assert "1700000000 False" in served  # the chapter's date; a namespace of its own


def test_closing_kills_the_warm_kernel_and_a_running_chapter(
    tmp_path: Path, warm: WarmKernels
) -> None:
    path = tmp_path / "slow.md"
    path.write_text(FRONT_MATTER + "# 慢\n\n```python\nimport time\ntime.sleep(120)\n```\n")
    quick = tmp_path / "quick.md"
    quick.write_text(FRONT_MATTER + "# 快\n\n```python\nprint(1)\n```\n")
    runner = ChapterRunner(tmp_path / "cache", watch_packages=[], preview=True, warm=warm)
    runner.run([Chapter(quick, "docs/quick.md")])  # a new kernel; warms one for the folder
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            runner.run([Chapter(path, "docs/slow.md")])
        except BaseException as error:  # noqa: BLE001 (the test looks at it)
            outcome.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 60
    while warm.used == 0 and time.monotonic() < deadline:  # the chapter has the warm kernel
        time.sleep(0.1)
    time.sleep(1)
    running = kernels()
    assert running, "the chapter runs in a kernel"
    warm.close()
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert [type(error) for error in outcome] == [ExecutionInterrupted]
    assert kernels() == set(), f"kernels left running: {running}"


def test_serve_stops_its_kernels_and_sigterm_stops_serve(tmp_path: Path) -> None:
    before = signal.getsignal(signal.SIGTERM)
    try:
        D2LSitePlugin().on_startup(command="build", dirty=False)
        assert signal.getsignal(signal.SIGTERM) is before, "mkdocs build keeps SIGTERM as it is"
        serve = D2LSitePlugin()
        serve.on_startup(command="serve", dirty=False)
        with pytest.raises(KeyboardInterrupt):  # mkdocs serve stops as on Ctrl-C: on_shutdown
            signal.raise_signal(signal.SIGTERM)
        serve._warm = WarmKernels()  # as its first build's on_files makes it
        serve._warm.refill([(dict(os.environ), tmp_path)])
        deadline = time.monotonic() + 60
        while not kernels() and time.monotonic() < deadline:
            time.sleep(0.1)
        started = kernels()
        assert started, "a kernel is kept warm"
        serve.on_shutdown()
        assert kernels() == set(), f"kernels left running: {started}"
    finally:
        signal.signal(signal.SIGTERM, before)
