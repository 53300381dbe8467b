"""Sync the built site to a folder of an S3-compatible bucket (a mirror behind a CDN in China).

    python tools/mirror_sync.py site/ [--dry-run] [--adopt] [--force]

Aliyun OSS, Tencent COS, Huawei OBS, Qiniu Kodo and Cloudflare R2 all speak the S3 API. The
bucket is named by environment variables (in the deploy workflow: secrets and variables):

  MIRROR_ENDPOINT           e.g. https://oss-cn-hangzhou.aliyuncs.com
  MIRROR_BUCKET             the bucket
  MIRROR_ACCESS_KEY_ID      a key allowed to list, get, put and delete in that bucket only
  MIRROR_SECRET_ACCESS_KEY
  MIRROR_PREFIX             the mirror's folder in the bucket, e.g. calculus (required)
  MIRROR_ALLOW_BUCKET_ROOT  1: the whole bucket is the mirror's (MIRROR_PREFIX empty)
  MIRROR_REGION             optional, e.g. cn-hangzhou
  MIRROR_ADDRESSING         optional: virtual (default) or path

What it never does: touch anything outside the prefix; delete an object that no run of it
uploaded; overwrite an object it did not upload (unless --adopt found it); delete more than half
of its own fixed-name objects, or of its own hashed ones (unless --force). Its record, the marker
object <prefix>/.mirror-sync.json, lists the keys each deploy uploaded; a prefix without it gets
it on the first sync, and nothing is deleted then. --adopt, only for a folder that has no record
yet (an earlier copy of this mirror), may overwrite what it finds there and deletes nothing.

Order: files with a content hash in their name first, other files next, pages (HTML) last,
deletions after all uploads. Files with a content hash that the new build no longer has stay for
one more deploy, so open pages and downloaded notebooks still find them. Only changed files are
uploaded (MD5 against the ETag). Pages revalidate on every visit; hashed files are cached a year.
The design: design/mirror-sync.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import mimetypes
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

# Types the standard table lacks or gets wrong on some systems; a wrong type breaks WebAssembly
# streaming compilation, module scripts and the wheel download.
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".md": "text/markdown; charset=utf-8",  # the chapters' downloadable sources, in Chinese
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    ".woff2": "font/woff2",
    ".whl": "application/zip",
    ".ipynb": "application/x-ipynb+json",
    ".zip": "application/zip",
    ".gz": "application/gzip",
    ".txt": "text/plain; charset=utf-8",
}
REVALIDATE = {".html", ".xml", ".json", ".txt", ".ipynb", ".md"}  # the same URL gets new content
REQUIRED = ("MIRROR_ENDPOINT", "MIRROR_BUCKET", "MIRROR_ACCESS_KEY_ID", "MIRROR_SECRET_ACCESS_KEY")
MARKER = ".mirror-sync.json"  # relative to the prefix
PROJECT = "d2l calculus chapter site (tools/mirror_sync.py)"
# A run of 8+ lower-case hex digits standing alone between separators (or at an end).
HEX_RUN = re.compile(r"(?<![0-9A-Za-z])[0-9a-f]{8,}(?![0-9A-Za-z])")


class MirrorError(Exception):
    """A refusal or a failure, printed as one line."""


def is_hashed(name: str) -> bool:
    """Whether a path has a content hash in a folder or file name, so that new content always
    gets a new URL: a run of at least 8 lower-case hex digits between separators (/ . - _),
    with a letter in it: bundle.4fd8a2c1.min.js, wheels/ca98f31351b1fa3e/x.whl, figures/<hash>.svg.
    All-decimal runs (20241203, a date) are not hashes; the rare hash that is all decimal
    digits is then treated as a fixed name: cached an hour and deleted with its deploy."""
    return any(not run.isdecimal() for run in HEX_RUN.findall(name))


def etag_matches(etag: str | None, md5: str) -> bool:
    """Whether an object's ETag says it holds content with this MD5 (hex). OSS answers in upper
    case, S3 in lower case, both in quotes. A multipart upload's ETag (`<hex>-<parts>`) is not
    the file's MD5: it never matches, so that file is uploaded once more, in one part, after
    which its ETag is its MD5."""
    return etag is not None and etag.strip().strip('"').lower() == md5


def headers_for(name: str) -> tuple[str, str]:
    """(Content-Type, Cache-Control) of an object."""
    suffix = Path(name).suffix.lower()
    content_type = TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    if suffix in REVALIDATE:
        cache = "public, max-age=0, must-revalidate"
    elif is_hashed(name):
        cache = "public, max-age=31536000, immutable"
    else:
        cache = "public, max-age=3600"
    return content_type, cache


def mirror_prefix(environ: Mapping[str, str]) -> str:
    """The folder the mirror owns, as `a/b/` (or "" when MIRROR_ALLOW_BUCKET_ROOT=1)."""
    raw = environ.get("MIRROR_PREFIX", "")
    prefix = raw.strip().strip("/")
    if not prefix:
        if environ.get("MIRROR_ALLOW_BUCKET_ROOT") == "1":
            return ""
        raise MirrorError(
            f"MIRROR_PREFIX is {raw!r}: set it to the mirror's folder in the bucket (e.g. "
            "calculus), or set MIRROR_ALLOW_BUCKET_ROOT=1 if the whole bucket is the mirror's"
        )
    if any(part in ("", ".", "..") for part in prefix.split("/")):
        raise MirrorError(f"MIRROR_PREFIX {raw!r} has an empty, . or .. part: expected a/b")
    return prefix + "/"


@dataclass(frozen=True)
class LocalFile:
    name: str  # relative to the site and to the prefix
    path: Path
    md5: str
    content_type: str
    cache_control: str


def local_files(site: Path) -> list[LocalFile]:
    if not (site / "index.html").is_file():
        raise MirrorError(f"{site} is not a built site (no index.html): build it first")
    files = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        name = path.relative_to(site).as_posix()
        if name == MARKER:
            raise MirrorError(f"{path}: the site may not hold {MARKER}, the mirror's own record")
        md5 = hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()
        files.append(LocalFile(name, path, md5, *headers_for(name)))
    return files


def upload_order(f: LocalFile) -> tuple[int, str]:
    """Hashed files first, pages last: a page never goes up before what it loads."""
    rank = 0 if is_hashed(f.name) else 2 if f.name.endswith(".html") else 1
    return rank, f.name


# --- The record: which keys each deploy wrote (design/mirror-sync.md).


@dataclass
class Deploy:
    started: str
    complete: bool
    names: set[str]


@dataclass
class Record:
    deploys: list[Deploy] = field(default_factory=list)  # newest first
    #: Names --adopt found and no run has uploaded since: they may be overwritten, not deleted.
    adopted: set[str] = field(default_factory=set)

    def owned(self) -> set[str]:
        """Every name a run of the mirror uploaded and has not deleted."""
        return set().union(*(d.names for d in self.deploys))

    def recent(self) -> set[str]:
        """Names of the last complete deploy and of any that started after it (and failed):
        their pages may be open somewhere, so their hashed files stay."""
        names: set[str] = set()
        for deploy in self.deploys:
            names |= deploy.names
            if deploy.complete:
                break
        return names

    def pruned(self) -> Record:
        """Without the older deploys none of whose objects are left."""
        return Record(self.deploys[:1] + [d for d in self.deploys[1:] if d.names], self.adopted)

    def to_json(self) -> bytes:
        deploys = [
            {"started": d.started, "complete": d.complete, "names": sorted(d.names)}
            for d in self.deploys
        ]
        record = {"project": PROJECT, "adopted": sorted(self.adopted), "deploys": deploys}
        return json.dumps(record, indent=1).encode()

    @staticmethod
    def from_json(data: bytes, where: str) -> Record:
        try:
            parsed = json.loads(data)
            if parsed["project"] != PROJECT:
                raise ValueError(f"project {parsed['project']!r}")
            deploys = [
                Deploy(str(d["started"]), bool(d["complete"]), set(map(str, d["names"])))
                for d in parsed["deploys"]
            ]
            adopted = set(map(str, parsed.get("adopted", [])))
        except (ValueError, KeyError, TypeError) as error:
            raise MirrorError(
                f"{where} is not this project's mirror record ({error}): refusing to touch "
                "its folder; choose another MIRROR_PREFIX"
            ) from None
        return Record(deploys, adopted)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# --- The plan.


@dataclass
class Plan:
    upload: list[LocalFile]
    names: set[str]  # this deploy's: what it uploads and what of the build a run uploaded before
    delete: list[str]  # names a run uploaded that the build no longer has
    keep: list[str]  # hashed names of a recent deploy: deleted by a later one
    foreign: list[str]  # names under the prefix no run uploaded: left alone
    overwrite_foreign: list[str]  # uploads that would replace an object no run uploaded
    unchanged: int
    own: list[str]  # the objects under the prefix that a run uploaded


def plan(files: list[LocalFile], remote: Mapping[str, str], record: Record) -> Plan:
    """What to do, given the prefix's objects (name -> ETag) and the mirror's record."""
    upload = sorted(
        (f for f in files if not etag_matches(remote.get(f.name), f.md5)), key=upload_order
    )
    build = {f.name for f in files}
    owned, recent = record.owned(), record.recent()
    stale = sorted(name for name in remote if name not in build)
    overwritable = owned | record.adopted
    return Plan(
        upload=upload,
        names={f.name for f in upload} | (build & owned),
        delete=[n for n in stale if n in owned and not (is_hashed(n) and n in recent)],
        keep=[n for n in stale if n in owned and is_hashed(n) and n in recent],
        foreign=[n for n in stale if n not in owned],
        overwrite_foreign=[
            f.name for f in upload if f.name in remote and f.name not in overwritable
        ],
        unchanged=len(files) - len(upload),
        own=sorted(owned & set(remote)),
    )


def refusal(todo: Plan, record_exists: bool, force: bool) -> str | None:
    if todo.overwrite_foreign:
        # --adopt is only for a folder without a record (an earlier copy of this mirror).
        way_out = (
            "; if this site should replace them, remove them by hand"
            if record_exists
            else ", or pass --adopt if that folder is an earlier copy of this mirror"
        )
        return (
            f"{len(todo.overwrite_foreign)} objects (e.g. {todo.overwrite_foreign[0]}) would be "
            f"overwritten but no run of the mirror uploaded them: check MIRROR_PREFIX{way_out}"
        )
    for kind, hashed in (("without", False), ("with", True)):
        deleting = sum(is_hashed(n) == hashed for n in todo.delete)
        total = sum(is_hashed(n) == hashed for n in todo.own)
        if deleting * 2 > total and not force:
            return (
                f"would delete {deleting} of the mirror's {total} objects {kind} a hashed name "
                "in the folder (more than half): check the build and MIRROR_PREFIX, or pass --force"
            )
    return None


def describe(todo: Plan, key: Callable[[str], str]) -> list[str]:
    """One line per upload, deletion, kept and foreign object, by key."""
    lines = [f"  upload  {key(f.name)}" for f in todo.upload]
    lines += [f"  delete  {key(n)}" for n in todo.delete]
    lines += [f"  keep    {key(n)}  (previous deploy's hashed file)" for n in todo.keep]
    lines += [f"  leave   {key(n)}  (not written by the mirror)" for n in todo.foreign]
    return lines


def summary(todo: Plan) -> str:
    size = sum(f.path.stat().st_size for f in todo.upload)
    return (
        f"upload {len(todo.upload)} files ({size / 1e6:.1f} MB), delete {len(todo.delete)}, "
        f"unchanged {todo.unchanged}, kept for one more deploy {len(todo.keep)}, "
        f"not the mirror's {len(todo.foreign)}"
    )


# --- The bucket.


@contextmanager
def failing_as(what: str) -> Iterator[None]:
    """Any error of the S3 client, as a one-line MirrorError that says what failed."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        yield
    except ClientError as error:
        info = error.response.get("Error", {})
        raise MirrorError(f"{what} failed: {info.get('Code')}: {info.get('Message')}") from None
    except BotoCoreError as error:
        raise MirrorError(f"{what} failed: {error}") from None


class Bucket:
    """The mirror's folder in the bucket; every error becomes a one-line MirrorError."""

    def __init__(self, client: Any, bucket: str, prefix: str) -> None:
        self.client, self.bucket, self.prefix = client, bucket, prefix

    def key(self, name: str) -> str:
        return self.prefix + name

    def call(self, what: str, method: str, **kwargs: Any) -> Any:
        with failing_as(what):
            return getattr(self.client, method)(Bucket=self.bucket, **kwargs)

    def objects(self) -> dict[str, str]:
        """name -> ETag of every object under the prefix (the record too)."""
        pages = self.client.get_paginator("list_objects_v2")
        with failing_as(f"listing {self.bucket}/{self.prefix}"):
            return {
                item["Key"][len(self.prefix) :]: item["ETag"]
                for page in pages.paginate(Bucket=self.bucket, Prefix=self.prefix)
                for item in page.get("Contents", [])
            }

    def read_record(self, present: bool) -> Record | None:
        if not present:
            return None
        where = f"{self.bucket}/{self.key(MARKER)}"
        body = self.call(f"reading {where}", "get_object", Key=self.key(MARKER))["Body"].read()
        return Record.from_json(body, where)

    def write_record(self, record: Record) -> None:
        self.call(
            f"writing {self.key(MARKER)}", "put_object", Key=self.key(MARKER),
            Body=record.to_json(), ContentType="application/json",
            CacheControl="no-store",
        )  # fmt: skip

    def upload(self, f: LocalFile) -> None:
        try:
            body = f.path.read_bytes()
        except OSError as error:
            raise MirrorError(f"reading {f.path} failed: {error.strerror}") from None
        if hashlib.md5(body, usedforsecurity=False).hexdigest() != f.md5:
            raise MirrorError(f"{f.path} changed during the sync: was the site rebuilt?")
        self.call(
            f"upload of {self.key(f.name)}", "put_object", Key=self.key(f.name), Body=body,
            ContentType=f.content_type, CacheControl=f.cache_control,
        )  # fmt: skip

    def delete(self, names: list[str]) -> dict[str, str]:
        """Delete; return the names that failed, with why."""
        failed = {}
        for start in range(0, len(names), 1000):  # the API deletes at most 1000 at once
            chunk = names[start : start + 1000]
            objects = [{"Key": self.key(n)} for n in chunk]
            try:
                answer = self.call(
                    "delete", "delete_objects", Delete={"Objects": objects, "Quiet": True}
                )
            except MirrorError as error:
                failed.update(dict.fromkeys(chunk, str(error)))
                continue
            for problem in answer.get("Errors", []):
                name = problem["Key"][len(self.prefix) :]
                failed[name] = f"{problem.get('Code')}: {problem.get('Message')}"
        return failed


def client_from_env() -> Any:
    missing = [name for name in REQUIRED if not os.environ.get(name)]
    if missing:
        raise MirrorError(
            f"{', '.join(missing)} not set: the mirror needs an S3-compatible endpoint, a "
            "bucket and a key pair (see --help)"
        )
    import boto3
    from botocore.config import Config

    config = Config(
        region_name=os.environ.get("MIRROR_REGION") or None,
        # OSS and COS want virtual-hosted addressing and reject the CRC checksums newer
        # botocore sends by default.
        s3={"addressing_style": os.environ.get("MIRROR_ADDRESSING", "virtual")},
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        retries={"max_attempts": 5, "mode": "standard"},
    )
    return boto3.client(
        "s3",
        endpoint_url=os.environ["MIRROR_ENDPOINT"],
        aws_access_key_id=os.environ["MIRROR_ACCESS_KEY_ID"],
        aws_secret_access_key=os.environ["MIRROR_SECRET_ACCESS_KEY"],
        config=config,
    )


# --- The sync.


def apply(bucket: Bucket, todo: Plan, record: Record, build: set[str], remote: set[str]) -> None:
    """Uploads, then deletions; the record names this deploy's keys before the first upload,
    so whatever a failed sync leaves behind is still the mirror's. What --adopt found becomes
    the mirror's only once this sync has uploaded it."""
    found = record.adopted & remote
    started = Deploy(now(), False, todo.names - found)
    bucket.write_record(Record([started, *record.deploys], found))
    for done, f in enumerate(todo.upload):
        try:
            bucket.upload(f)
        except MirrorError as error:
            raise MirrorError(
                f"{error}; {done} of {len(todo.upload)} uploaded, nothing deleted: the pages "
                "already online still find their files. Run the sync again"
            ) from None
    failed = bucket.delete(todo.delete)
    left = remote - (set(todo.delete) - set(failed)) - build
    older = [Deploy(d.started, d.complete, d.names & left) for d in record.deploys]
    finished = Deploy(started.started, True, todo.names)
    bucket.write_record(Record([finished, *older], found - todo.names).pruned())
    if failed:
        for name, why in sorted(failed.items()):
            print(f"mirror_sync: could not delete {bucket.key(name)}: {why}", file=sys.stderr)
        raise MirrorError(f"{len(failed)} of {len(todo.delete)} deletions failed (listed above)")


def offline_dry_run(files: list[LocalFile]) -> int:
    kinds = Counter((f.content_type, f.cache_control) for f in files)
    for (content_type, cache), count in sorted(kinds.items()):
        print(f"  {count:4d} × {content_type:32s} {cache}")
    size = sum(f.path.stat().st_size for f in files)
    print(
        f"mirror_sync: dry run WITHOUT the bucket (no MIRROR_* credentials): could not read it, "
        f"so what would change or be deleted is unknown; the build has {len(files)} files "
        f"({size / 1e6:.1f} MB)"
    )
    return 0


def run(args: argparse.Namespace) -> int:
    prefix = mirror_prefix(os.environ)
    files = local_files(args.site)
    if args.dry_run and not any(os.environ.get(name) for name in REQUIRED):
        return offline_dry_run(files)
    bucket = Bucket(client_from_env(), os.environ["MIRROR_BUCKET"], prefix)
    listing = bucket.objects()
    remote = {n: e for n, e in listing.items() if n != MARKER}
    where = f"{bucket.bucket}/{prefix}"
    record = bucket.read_record(MARKER in listing) or Record()
    if args.adopt and MARKER in listing:
        raise MirrorError(
            f"--adopt refused: {where} already has the mirror's record {MARKER}, so the "
            "objects no run of the mirror uploaded are someone else's; sync without --adopt"
        )
    if args.adopt:
        record = Record(adopted=set(remote))
    todo = plan(files, remote, record)
    for line in describe(todo, bucket.key):
        print(line)
    if MARKER not in listing:
        print(f"mirror_sync: {where} has no {MARKER} yet: this sync writes it, deletes nothing")
    if reason := refusal(todo, MARKER in listing, args.force):
        raise MirrorError(f"{where}: {reason}")
    if args.dry_run:
        print(f"mirror_sync: dry run, {where} read, not changed: {summary(todo)}")
        return 0
    apply(bucket, todo, record, {f.name for f in files}, set(remote))
    print(f"mirror_sync: {where} synced: {summary(todo)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n", 1)[0],
        epilog=__doc__.split("\n", 3)[3],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("site", type=Path, help="the built site (site/)")
    parser.add_argument(
        "--dry-run", action="store_true",
        help="list every upload and deletion by key; with credentials the bucket is read, "
        "never written",
    )  # fmt: skip
    parser.add_argument(
        "--adopt", action="store_true",
        help="the folder, which has no record yet, is an earlier copy of this mirror: "
        "overwrite what is there, delete nothing",
    )  # fmt: skip
    parser.add_argument(
        "--force", action="store_true",
        help="delete even if that is more than half of the mirror's fixed-name (or hashed) "
        "objects",
    )  # fmt: skip
    try:
        return run(parser.parse_args(argv))
    except MirrorError as error:
        print(f"mirror_sync: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
