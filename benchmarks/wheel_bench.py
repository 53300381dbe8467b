"""What serving the site's own wheel costs a build: time, bytes, and whether it is reproducible.

    nox -s bench                    # or: python benchmarks/wheel_bench.py [--runs N]

Builds the d2l_helpers wheel the way the site plugin does (hatchling, in-process) N times and,
for comparison, once with hatchling's command line in a subprocess (as a build script would). Prints a small Markdown table.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    started = time.perf_counter()
    from mkdocs_d2l_site.wheel import build_wheel

    imported = time.perf_counter() - started
    times, digests = [], set()
    for _ in range(args.runs):
        started = time.perf_counter()
        wheel = build_wheel(ROOT, "downloads")
        times.append(time.perf_counter() - started)
        digests.add(wheel.sha256)

    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", out],
            check=True,
            cwd=ROOT,
            capture_output=True,
        )
        cli_time = time.perf_counter() - started
        (cli_wheel,) = Path(out).glob("*.whl")
        cli_same = hashlib.sha256(cli_wheel.read_bytes()).hexdigest() in digests

    print(f"| d2l_helpers wheel ({wheel.filename}) | value |")
    print("|---|---|")
    print(f"| size | {len(wheel.data):,} bytes |")
    print(f"| hatchling import (once per build process) | {imported * 1000:.0f} ms |")
    print(
        f"| in-process build, median of {args.runs} (min) | "
        f"{statistics.median(times) * 1000:.0f} ms ({min(times) * 1000:.0f} ms) |"
    )
    print(f"| distinct sha256 over {args.runs} builds | {len(digests)} |")
    print(f"| `python -m hatchling build -t wheel` subprocess | {cli_time * 1000:.0f} ms |")
    print(f"| its wheel byte-identical to ours | {'yes' if cli_same else 'no'} |")


if __name__ == "__main__":
    main()
