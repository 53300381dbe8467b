"""The build's dates come from the commit, never from the clock (see design/build-dates.md).

One source for every date in the site: ``SOURCE_DATE_EPOCH`` if the caller set it; else, in a
git checkout, commit times (the whole build: the committer time of HEAD; a page: the last
commit that changed what it is built from); else a fixed date. The plugin exports the build's
date as ``SOURCE_DATE_EPOCH``, which MkDocs (sitemap, gzip header), hatchling (the wheel's zip
times) and matplotlib in the kernels (SVG metadata) read.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

#: The date of a build outside git (a source archive, or no git installed): 2024-01-01.
FIXED_EPOCH = 1704067200

#: ``SOURCE_DATE_EPOCH`` as the process found it, before the plugin exported its own.
EXPLICIT_AT_START = os.environ.get("SOURCE_DATE_EPOCH")


class BuildDateError(Exception):
    """The caller's SOURCE_DATE_EPOCH is not a date; the message is meant to be shown as is."""


@dataclass(frozen=True)
class BuildDates:
    """The build's date and, in a full git checkout, when each file last changed."""

    epoch: int  # the whole build: seconds since 1970-01-01 UTC
    origin: str  # "SOURCE_DATE_EPOCH", "git", "shallow git" or "fixed"
    top: Path | None = None  # the git work tree whose history ``changed`` records
    changed: dict[str, int] = field(default_factory=dict)  # path in ``top`` -> commit time

    def of(self, paths: Iterable[Path]) -> int:
        """The time of the last commit that changed any of ``paths`` (files or folders).

        Never later than the build's date; the build's date for paths git does not track.
        """
        if self.top is None:
            return self.epoch
        prefixes = []
        for path in paths:
            try:
                prefixes.append(path.resolve().relative_to(self.top).as_posix())
            except ValueError:  # outside the work tree: not in its history
                continue
        times = [self.changed[p] for p in prefixes if p in self.changed]
        return min(max(times, default=self.epoch), self.epoch)


def as_date(epoch: int) -> str:
    """The day of ``epoch`` in UTC, as MkDocs writes ``page.update_date``: 2024-01-01."""
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%d")


#: One pass over the history of the project's folder, fast even for a large book: each
#: first-parent commit's time and the files it changed (a merge by what it brought in).
HISTORY = (
    "log",
    "-z",
    "--format=%x01%ct",
    "--name-only",
    "--no-renames",
    "--first-parent",
    "-m",
    "--",
    ".",
)


def _git(root: Path, *args: str) -> str | None:
    try:
        proc = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except OSError:  # no git installed
        return None
    return proc.stdout if proc.returncode == 0 else None


def build_dates(root: Path, explicit: str | None = EXPLICIT_AT_START) -> BuildDates:
    """The dates of a build of the project in ``root`` (the folder of mkdocs.yml)."""
    if explicit is not None:
        if not explicit.strip().isdigit():
            raise BuildDateError(
                f"SOURCE_DATE_EPOCH 应是自 1970-01-01 起的秒数（非负整数），而不是 {explicit!r}"
            )
        return BuildDates(int(explicit), "SOURCE_DATE_EPOCH")
    head = _git(root, "log", "-1", "--format=%ct")
    top = _git(root, "rev-parse", "--show-toplevel")
    if not head or not top:  # not a checkout, no commit yet, or no git
        return BuildDates(FIXED_EPOCH, "fixed")
    epoch = int(head)
    if _git(root, "rev-parse", "--is-shallow-repository") == "true\n":
        # The oldest commit of a shallow clone seems to add every file: its dates would
        # depend on the clone's depth. One date for all, whatever the depth.
        return BuildDates(epoch, "shallow git")
    log = _git(root, *HISTORY)
    return BuildDates(epoch, "git", Path(top.strip()).resolve(), last_changes(log or ""))


def last_changes(log: str) -> dict[str, int]:
    """Parse ``git log -z --format=%x01%ct --name-only``: the latest time of each file, and of
    each folder (its latest file), so that a lookup is one dict access. ``.`` is the top."""
    files: dict[str, int] = {}
    time = 0
    for token in log.split("\0"):
        token = token.lstrip("\n")
        if token.startswith("\x01"):
            time = int(token[1:])
        elif token:
            files[token] = max(time, files.get(token, time))
    changed = dict(files)
    for name, time in files.items():
        parts = name.split("/")
        for folder in ["."] + ["/".join(parts[:n]) for n in range(1, len(parts))]:
            changed[folder] = max(time, changed.get(folder, time))
    return changed


def message(dates: BuildDates) -> str | None:
    """The INFO line that says where the dates came from, when it is not the usual."""
    day = as_date(dates.epoch)
    if dates.origin == "fixed":
        return (
            f"d2l-site: not a git checkout (or no git): the build is dated {day}, a fixed date; "
            "set SOURCE_DATE_EPOCH for another"
        )
    if dates.origin == "shallow git":
        return (
            f"d2l-site: shallow git clone: every page is dated by the commit ({day}); "
            "fetch the full history (git fetch --unshallow) for per-page dates"
        )
    return None
