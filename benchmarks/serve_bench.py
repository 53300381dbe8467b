"""Edit → served: how long `nox -s serve` takes to show a one-cell change of a chapter.

    nox -s bench_serve                     # python benchmarks/serve_bench.py [--runs N] [--slider]

Starts ``mkdocs serve`` (as the serve session does) on a free port, waits for the first build,
then N times: adds a ``print`` to one code cell of docs/derivatives.md (2.4.1), saves it, and
polls the page over HTTP until the new output is served. ``--slider`` changes the y range of
the first slider cell instead (a slider cell draws one figure and prints nothing) and waits for
its new frames (their content-addressed names) to be served. The chapter is restored
afterwards. Printed per run: edit → served, and the serve log's own parts (when the change was
detected, execution, the whole build). The first build's line says how many chapters came from
the cache (`nox -s docs` fills the same cache).
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "docs" / "derivatives.md"
#: The edited cells: where a line is added, and the slider cell's y range.
PLAIN_CELL = "h = 0.1\nfor i in range(5):"
SLIDER_CELL = "h = 1\nslope = numerical_lim(f, 1, h)"
SLIDER_RANGE = "ylim=(-3, 16))\nd2l.plt.plot([1, 1 + h]"
FRAMES = re.compile(r'data-d2l-frames="([^"]+)"')
EXECUTED = re.compile(r"executed (\d+) chapter\(s\), (\d+) from cache, in ([\d.]+) s")
BUILT = re.compile(r"Documentation built in ([\d.]+) seconds")
DETECTED = re.compile(r"Detected file changes")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Serve:
    """``mkdocs serve`` in the background, its log lines kept with the time they arrived."""

    def __init__(self, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}/derivatives/"
        command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"]
        self.proc = subprocess.Popen(
            command, cwd=ROOT, stderr=subprocess.STDOUT, stdout=subprocess.PIPE, text=True
        )
        self.lines: list[tuple[float, str]] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append((time.perf_counter(), line.rstrip()))

    def page(self) -> str:
        try:
            with urllib.request.urlopen(self.url, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            return ""

    def frames(self) -> str:
        found = FRAMES.search(self.page())
        return found.group(1) if found else ""

    def wait_for(self, text: str = "", *, not_frames: str = "", timeout: float = 300) -> float:
        """Poll the page every 50 ms until it contains ``text`` (or its first slider's frames
        are no longer ``not_frames``); the time that happened."""
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            if self.proc.poll() is not None:
                sys.exit("mkdocs serve stopped:\n" + "\n".join(line for _, line in self.lines))
            if (text and text in self.page()) or (
                not_frames and self.frames() not in ("", not_frames)
            ):
                return time.perf_counter()
            time.sleep(0.05)
        sys.exit(
            f"the edit was not served within {timeout} s; the log:\n"
            + "\n".join(line for _, line in self.lines[-20:])
        )

    def log_since(self, start: float, pattern: re.Pattern[str]) -> re.Match[str] | None:
        found = [m for t, line in self.lines if t >= start and (m := pattern.search(line))]
        return found[-1] if found else None

    def seen_at(self, start: float, pattern: re.Pattern[str]) -> float | None:
        """When the first line matching ``pattern`` after ``start`` arrived."""
        return next((t for t, line in self.lines if t >= start and pattern.search(line)), None)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed edits (default 5)")
    parser.add_argument("--slider", action="store_true", help="edit a slider cell")
    args = parser.parse_args()
    original = CHAPTER.read_text(encoding="utf-8")
    for cell in (PLAIN_CELL, SLIDER_CELL, SLIDER_RANGE):
        if cell not in original:
            sys.exit(f"{CHAPTER}: {cell!r} is gone; update serve_bench.py")
    print(f"load average {os.getloadavg()[0]:.2f} at start; {os.cpu_count()} cores")
    serve = Serve(free_port())
    started = time.perf_counter()
    try:
        serve.wait_for("numerical_lim")
        first = serve.log_since(started, EXECUTED)
        print(f"first build: {time.perf_counter() - started:.1f} s; " + (
            f"{first.group(1)} executed, {first.group(2)} from cache" if first else "no line"
        ))  # fmt: skip
        served = []
        for run in range(1, args.runs + 1):
            time.sleep(2)  # let the watcher settle
            marker = f"bench-serve {run} {time.time_ns()}"
            before = serve.frames()
            if args.slider:
                top = f"ylim=(-3, 16 + {run} / 100))"
                edited = original.replace(SLIDER_RANGE, SLIDER_RANGE.replace("ylim=(-3, 16))", top))
            else:
                first, rest = PLAIN_CELL.split("\n", 1)
                edited = original.replace(PLAIN_CELL, f"{first}\nprint('{marker}')\n{rest}", 1)
            saved = time.perf_counter()
            CHAPTER.write_text(edited, encoding="utf-8")
            if args.slider:
                seconds = serve.wait_for(not_frames=before) - saved
            else:
                seconds = serve.wait_for(marker) - saved
            served.append(seconds)
            executed, built = serve.log_since(saved, EXECUTED), serve.log_since(saved, BUILT)
            detected = serve.seen_at(saved, DETECTED)
            print(
                f"run {run}: edit → served {seconds:.2f} s; change detected after "
                f"{f'{detected - saved:.2f}' if detected else '?'} s; execution "
                f"{executed.group(3) if executed else '?'} s "
                f"({executed.group(1) if executed else '?'} chapter(s) executed); "
                f"build {built.group(1) if built else '?'} s; "
                f"load {os.getloadavg()[0]:.2f}"
            )
        print(f"median edit → served: {statistics.median(served):.2f} s over {len(served)} runs")
    finally:
        CHAPTER.write_text(original, encoding="utf-8")
        time.sleep(1)
        serve.stop()


if __name__ == "__main__":
    main()
