"""Rehearse the deploy's mirror sync against a local S3 server (moto on 127.0.0.1), timed.

    python tools/mirror_rehearsal.py site/        (nox -s mirror -- --local; .ci/run runs it)

The bucket first gets what the bucket of issue 19 held beside the mirror (backups/2024.sql,
other-project/index.html). Then four runs of tools/mirror_sync.py, as the deploy runs it:

  1. the previous deploy: this build with another home page, one more page and one more
     hashed file, synced into the empty folder calculus/;
  2. a dry run of this build, which must name the changed home page, the page to delete and
     the hashed file kept for one more deploy, and leave the bucket as it was;
  3. the sync of this build, after which the objects outside the folder must still be there;
  4. the same sync again (the next deploy, nothing changed), which must upload nothing and
     delete the hashed file the previous deploy had.

Exits 1, naming the step, if a run fails or does something else.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
from moto.server import ThreadedMotoServer

TOOL = Path(__file__).with_name("mirror_sync.py")
BUCKET, PREFIX = "mirror-rehearsal", "calculus/"
FOREIGN = {"backups/2024.sql": b"-- not the mirror's", "other-project/index.html": b"<html/>"}
OLD_PAGE, OLD_HASHED = "old-chapter/index.html", "assets/javascripts/bundle.0badc0de.min.js"


class Failed(Exception):
    pass


def previous_deploy(site: Path, into: Path) -> Path:
    """The site as the last deploy had it (hard links: no copy of its 30 MB)."""
    shutil.copytree(site, into, copy_function=os.link)
    (into / "index.html").unlink()  # a link: writing to it would change site/ too
    (into / "index.html").write_text("<html>上一次部署的首页</html>", encoding="utf-8")
    (into / OLD_PAGE).parent.mkdir()
    (into / OLD_PAGE).write_text("<html>已删去的一节</html>", encoding="utf-8")
    (into / OLD_HASHED).write_text("/* the last deploy's bundle */", encoding="utf-8")
    return into


def state(client: Any) -> dict[str, str]:
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET)
    return {o["Key"]: o["ETag"] for page in pages for o in page.get("Contents", [])}


def sync(site: Path, env: dict[str, str], *flags: str) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(TOOL), str(site), *flags],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if done.returncode:
        raise Failed(f"exit {done.returncode}: {done.stderr.strip()}")
    return seconds, done.stdout


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise Failed(what)


def rehearse(site: Path, endpoint: str, scratch: Path) -> list[tuple[str, float, str]]:
    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id="local", aws_secret_access_key="local",
    )  # fmt: skip
    client.create_bucket(Bucket=BUCKET)
    for key, body in FOREIGN.items():
        client.put_object(Bucket=BUCKET, Key=key, Body=body)
    env = {
        **os.environ, "MIRROR_ENDPOINT": endpoint, "MIRROR_BUCKET": BUCKET,
        "MIRROR_ACCESS_KEY_ID": "local", "MIRROR_SECRET_ACCESS_KEY": "local",
        "MIRROR_REGION": "us-east-1", "MIRROR_ADDRESSING": "path",
        "MIRROR_PREFIX": PREFIX, "MIRROR_ALLOW_BUCKET_ROOT": "",
    }  # fmt: skip
    times = []

    def step(name: str, check: Callable[[str], None], directory: Path, *flags: str) -> None:
        try:
            seconds, out = sync(directory, env, *flags)
            check(out)
        except Failed as error:
            raise Failed(f"{name}: {error}") from None
        times.append((name, seconds, out.rstrip()))

    step("previous deploy (first sync)", lambda out: None, previous_deploy(site, scratch / "old"))
    before = state(client)

    def dry_run_names_each_key(out: str) -> None:
        for line in (
            f"  upload  {PREFIX}index.html",
            f"  delete  {PREFIX}{OLD_PAGE}",
            f"  keep    {PREFIX}{OLD_HASHED}  (previous deploy's hashed file)",
        ):
            expect(line in out.splitlines(), f"no line {line!r} in:\n{out}")
        expect(state(client) == before, "the bucket changed")

    step("dry run (reads the bucket)", dry_run_names_each_key, site, "--dry-run")

    def synced(out: str) -> None:
        keys = set(state(client))
        expect(set(FOREIGN) <= keys, "an object outside the folder is gone")
        expect(PREFIX + OLD_PAGE not in keys, f"{OLD_PAGE} is still there")
        expect(PREFIX + OLD_HASHED in keys, f"{OLD_HASHED} is gone one deploy early")

    step("sync", synced, site)

    def next_deploy(out: str) -> None:
        expect("upload 0 files" in out, out)
        expect(PREFIX + OLD_HASHED not in state(client), f"{OLD_HASHED} is still there")

    step("next deploy, nothing changed", next_deploy, site)
    return times


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not (Path(argv[0]) / "index.html").is_file():
        print("usage: mirror_rehearsal.py SITE (a built site: nox -s docs)", file=sys.stderr)
        return 2
    site = Path(argv[0]).resolve()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{server.get_host_and_port()[1]}"
    try:
        with tempfile.TemporaryDirectory() as scratch:
            times = rehearse(site, endpoint, Path(scratch))
    except Failed as error:
        print(f"mirror_rehearsal: {error}", file=sys.stderr)
        return 1
    finally:
        server.stop()
    files = [p for p in site.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files) / 1e6
    print(f"mirror_rehearsal: {site.name}/ ({len(files)} files, {size:.1f} MB) against {endpoint}")
    for name, seconds, out in times:
        last = out.splitlines()[-1].removeprefix("mirror_sync: ")
        print(f"  {name:30s} {seconds:5.2f} s   {last}")
    print("The dry run's plan:", times[1][2], sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
