"""Sync the built site to an S3-compatible bucket, for a mirror behind a CDN in mainland China.

    python tools/mirror_sync.py site/ [--dry-run]

Aliyun OSS, Tencent COS, Huawei OBS, Qiniu Kodo and Cloudflare R2 all speak the S3 API. The
bucket is named by environment variables (in the deploy workflow: repository secrets):

    MIRROR_ENDPOINT            e.g. https://oss-cn-hangzhou.aliyuncs.com
    MIRROR_BUCKET              the bucket
    MIRROR_ACCESS_KEY_ID       a key allowed to list, put and delete in that bucket only
    MIRROR_SECRET_ACCESS_KEY
    MIRROR_REGION              optional (e.g. cn-hangzhou); MIRROR_PREFIX optional folder

Only changed files are uploaded (compared by MD5 with the object's ETag); pages go up after the
files they load, and objects the new build no longer has are deleted last, so a reader never
gets a page whose assets are missing. Each object gets its Content-Type and a Cache-Control:
pages revalidate on every visit, files with a content hash in their name are cached for a year.
"""

from __future__ import annotations

import argparse
import hashlib
import mimetypes
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass
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
HASHED_NAME = re.compile(r"[.\-_/][0-9a-f]{8,64}[.\-_/]")  # bundle.4fd8a2c1.min.js, wheels/<sha>/
REQUIRED = ("MIRROR_ENDPOINT", "MIRROR_BUCKET", "MIRROR_ACCESS_KEY_ID", "MIRROR_SECRET_ACCESS_KEY")


@dataclass(frozen=True)
class LocalFile:
    key: str
    path: Path
    md5: str
    content_type: str
    cache_control: str


def headers_for(key: str) -> tuple[str, str]:
    """(Content-Type, Cache-Control) of an object."""
    suffix = Path(key).suffix.lower()
    content_type = TYPES.get(suffix) or mimetypes.guess_type(key)[0] or "application/octet-stream"
    if suffix in REVALIDATE:
        cache = "public, max-age=0, must-revalidate"
    elif HASHED_NAME.search(key):
        cache = "public, max-age=31536000, immutable"
    else:
        cache = "public, max-age=3600"
    return content_type, cache


def local_files(site: Path, prefix: str) -> list[LocalFile]:
    if not (site / "index.html").is_file():
        raise SystemExit(f"mirror_sync: {site} is not a built site (no index.html): build it first")
    files = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        key = prefix + path.relative_to(site).as_posix()
        md5 = hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()
        files.append(LocalFile(key, path, md5, *headers_for(key)))
    return files


@dataclass
class Plan:
    upload: list[LocalFile]
    delete: list[str]
    unchanged: int

    def describe(self) -> str:
        size = sum(f.path.stat().st_size for f in self.upload)
        return (
            f"{len(self.upload)} files to upload ({size / 1e6:.1f} MB), "
            f"{len(self.delete)} to delete, {self.unchanged} unchanged"
        )


def plan(files: list[LocalFile], remote: dict[str, str]) -> Plan:
    """What to do, given the bucket's objects (key -> ETag). Pages are uploaded last."""
    upload = [f for f in files if remote.get(f.key, "").strip('"') != f.md5]
    upload.sort(key=lambda f: (f.key.endswith(".html"), f.key))
    keys = {f.key for f in files}
    delete = sorted(k for k in remote if k not in keys)
    return Plan(upload, delete, len(files) - len(upload))


def client_from_env() -> Any:
    missing = [name for name in REQUIRED if not os.environ.get(name)]
    if missing:
        raise SystemExit(
            f"mirror_sync: {', '.join(missing)} not set: the mirror needs an S3-compatible "
            "endpoint, a bucket and a key pair (see the README, 'Publishing elsewhere')"
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


def remote_objects(client: Any, bucket: str, prefix: str) -> dict[str, str]:
    objects = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            objects[item["Key"]] = item["ETag"]
    return objects


def apply(client: Any, bucket: str, todo: Plan) -> None:
    for f in todo.upload:
        with f.path.open("rb") as body:
            client.put_object(
                Bucket=bucket,
                Key=f.key,
                Body=body,
                ContentType=f.content_type,
                CacheControl=f.cache_control,
            )
    for start in range(0, len(todo.delete), 1000):  # the API deletes at most 1000 at once
        chunk = todo.delete[start : start + 1000]
        client.delete_objects(
            Bucket=bucket, Delete={"Objects": [{"Key": k} for k in chunk], "Quiet": True}
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("site", type=Path)
    parser.add_argument(
        "--dry-run", action="store_true", help="print what would be uploaded; touch no bucket"
    )
    args = parser.parse_args(argv)
    prefix = os.environ.get("MIRROR_PREFIX", "").strip("/")
    prefix = f"{prefix}/" if prefix else ""
    files = local_files(args.site, prefix)
    if args.dry_run:
        todo = plan(files, {})
        kinds = Counter((f.content_type, f.cache_control) for f in todo.upload)
        for (content_type, cache), count in sorted(kinds.items()):
            print(f"  {count:4d} × {content_type:32s} {cache}")
        print(f"mirror_sync: dry run, bucket not contacted: {todo.describe()}")
        return 0
    client = client_from_env()
    bucket = os.environ["MIRROR_BUCKET"]
    todo = plan(files, remote_objects(client, bucket, prefix))
    apply(client, bucket, todo)
    print(f"mirror_sync: {bucket}/{prefix}: {todo.describe()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
