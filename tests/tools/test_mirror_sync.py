"""Syncing the site to an S3-compatible bucket, against moto's S3 server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import mirror_sync
import pytest
from moto.server import ThreadedMotoServer

BUCKET = "calculus-mirror"


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{server.get_host_and_port()[1]}"
    env = {
        "MIRROR_ENDPOINT": endpoint,
        "MIRROR_BUCKET": BUCKET,
        "MIRROR_ACCESS_KEY_ID": "test",
        "MIRROR_SECRET_ACCESS_KEY": "test",
        "MIRROR_REGION": "us-east-1",
        "MIRROR_ADDRESSING": "path",  # virtual hosts need DNS for <bucket>.127.0.0.1
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id="test", aws_secret_access_key="test",
    )  # fmt: skip
    client.create_bucket(Bucket=BUCKET)
    yield client
    server.stop()


def make_site(root: Path) -> Path:
    for name, text in {
        "index.html": "<html>首页</html>",
        "derivatives/index.html": "<html>导数</html>",
        "assets/javascripts/bundle.4fd8a2c1.min.js": "1",
        "runtime/pyodide.asm.wasm": "\0asm",
        "sitemap.xml": "<urlset/>",
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def objects(client: Any) -> dict[str, dict[str, Any]]:
    keys = [o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    return {k: client.head_object(Bucket=BUCKET, Key=k) for k in keys}


def test_sync_uploads_with_types_and_caching(
    s3: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site(tmp_path)
    assert mirror_sync.main([str(site)]) == 0
    assert "5 files to upload" in capsys.readouterr().out
    got = objects(s3)
    assert sorted(got) == sorted(p.relative_to(site).as_posix() for p in site.rglob("*.*"))
    page = got["derivatives/index.html"]
    assert (page["ContentType"], page["CacheControl"]) == (
        "text/html; charset=utf-8", "public, max-age=0, must-revalidate",
    )  # fmt: skip
    assert got["runtime/pyodide.asm.wasm"]["ContentType"] == "application/wasm"
    bundle = got["assets/javascripts/bundle.4fd8a2c1.min.js"]
    assert bundle["CacheControl"] == "public, max-age=31536000, immutable"


def test_second_sync_uploads_only_changes_and_deletes_stale(
    s3: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = make_site(tmp_path)
    mirror_sync.main([str(site)])
    (site / "index.html").write_text("<html>新首页</html>", encoding="utf-8")
    (site / "runtime" / "pyodide.asm.wasm").unlink()
    capsys.readouterr()
    assert mirror_sync.main([str(site)]) == 0
    assert "1 files to upload (0.0 MB), 1 to delete, 3 unchanged" in capsys.readouterr().out
    assert "runtime/pyodide.asm.wasm" not in objects(s3)
    body = s3.get_object(Bucket=BUCKET, Key="index.html")["Body"].read().decode()
    assert body == "<html>新首页</html>"


def test_pages_are_uploaded_after_what_they_load(tmp_path: Path) -> None:
    files = mirror_sync.local_files(make_site(tmp_path), "")
    order = [f.key for f in mirror_sync.plan(files, {}).upload]
    assert order[-2:] == ["derivatives/index.html", "index.html"]


def test_missing_configuration_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in mirror_sync.REQUIRED:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MIRROR_BUCKET", "b")
    message = "MIRROR_ENDPOINT, MIRROR_ACCESS_KEY_ID, MIRROR_SECRET_ACCESS_KEY not set"
    with pytest.raises(SystemExit, match=message):
        mirror_sync.main([str(make_site(tmp_path))])
