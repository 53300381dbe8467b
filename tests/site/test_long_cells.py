"""A long cell reports progress; Ctrl-C stops the build at once and keeps the cache right.

The test runs a real build in a subprocess and sends it a real SIGINT, with the progress
thresholds lowered (the defaults are 10 s and 30 s) so that it takes seconds.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mkdocs_d2l_site.build_date import build_dates
from mkdocs_d2l_site.execution import Chapter, ChapterRunner

from sitebuild import make_site

#: Runs builds of its own: left out where a build is given (``nox -s newest``).
pytestmark = pytest.mark.own_build

SLOW = """\
# 慢的一章

```python
import os, time

time.sleep(float(os.environ.get("D2L_TEST_SLEEP", "0")))
```
"""
FAST = '# 快的一章\n\n```python\nprint("fast")\n```\n'


def processes_with_env(marker: str) -> list[str]:
    """Processes whose environment mentions ``marker`` (the build's kernels inherit it)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if marker.encode() in (proc / "environ").read_bytes():
                found.append(proc.name)
        except OSError:  # gone, or not ours to read
            continue
    return found


def test_progress_lines_then_ctrl_c_stops_within_5_s_and_keeps_the_cache(tmp_path: Path) -> None:
    config = make_site(
        tmp_path,
        {"index.md": FAST, "slow.md": SLOW},
        options={"progress_after": 1, "progress_every": 1.5},
    )
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "D2L_CACHE_DIR": str(tmp_path / "cache"),
        "D2L_TEST_SLEEP": "120",
        "PYTHONWARNINGS": "ignore::DeprecationWarning:jieba",
    }
    build = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    assert build.stdout is not None
    lines: list[str] = []
    try:
        while len([line for line in lines if "仍在运行" in line]) < 2:
            line = build.stdout.readline()
            assert line, "".join(lines)
            lines.append(line)
        os.killpg(build.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        interrupted = time.monotonic()
        rest, _ = build.communicate(timeout=30)
        stopped_after = time.monotonic() - interrupted
    finally:
        if build.poll() is None:
            build.kill()
    progress = [line for line in lines if "仍在运行" in line]
    pattern = r"docs/slow\.md:12 第 1 个代码单元格 仍在运行，已 (\d+) 秒（上限 timeout = 300 秒）"
    elapsed = [int(m.group(1)) for line in progress if (m := re.search(pattern, line))]
    assert len(elapsed) == 2, progress
    assert 1 <= elapsed[0] < elapsed[1], progress
    assert stopped_after < 5, rest
    assert build.returncode == 130
    assert processes_with_env(env["D2L_CACHE_DIR"]) == []  # no kernel left running
    assert [line for line in rest.splitlines() if line.strip()] == [
        "ERROR   -  d2l-site: 已中断（Ctrl-C）；执行完的章节已存入缓存，下次构建不会重跑"
    ]
    # The fast chapter finished before the interrupt: the next build takes it from the cache
    # (its key as the plugin makes it: no watched package, the build's date outside git).
    fast = tmp_path / "docs" / "index.md"
    date = build_dates(tmp_path).of([fast])
    runner = ChapterRunner(tmp_path / "cache", watch_packages=[])
    _, report = runner.run([Chapter(fast, "docs/index.md", date)])
    assert (report.executed, report.cached) == ([], ["docs/index.md"])
