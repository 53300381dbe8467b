"""Syncing the site to a folder of an S3-compatible bucket, against moto's S3 server on 127.0.0.1."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import mirror_sync
import pytest
from moto.core import DEFAULT_ACCOUNT_ID
from moto.s3.models import s3_backends
from moto.server import ThreadedMotoServer

BUCKET = "calculus-mirror"
PREFIX = "calculus/"
# What the issue's bucket held besides the mirror: never the mirror's to touch.
FOREIGN = {"backups/2024.sql": "-- dump", "other-project/index.html": "<html>别的项目</html>"}
SITE = {
    "index.html": "<html>首页</html>",
    "derivatives/index.html": "<html>导数</html>",
    "assets/javascripts/bundle.4fd8a2c1.min.js": "1",
    "runtime/pyodide.asm.wasm": "\0asm",
    "sitemap.xml": "<urlset/>",
}


class Mirror:
    """The moto server, a client of it, and the tool run as the deploy runs it."""

    def __init__(self, server: ThreadedMotoServer, endpoint: str, capsys: Any) -> None:
        self.server, self.endpoint, self.capsys = server, endpoint, capsys
        # The servers of one process share their state: start from an empty one.
        post(f"{endpoint}/moto-api/reset", "")
        self.client = client(endpoint, "test", "test")
        self.client.create_bucket(Bucket=BUCKET)
        self.out = self.err = ""

    def sync(self, site: Path, *flags: str) -> int:
        self.capsys.readouterr()
        code = mirror_sync.main([str(site), *flags])
        self.out, self.err = self.capsys.readouterr()
        return code

    def put(self, key: str, body: str) -> None:
        self.client.put_object(Bucket=BUCKET, Key=key, Body=body.encode())

    def body(self, key: str) -> str:
        return str(self.client.get_object(Bucket=BUCKET, Key=key)["Body"].read().decode())

    def state(self) -> dict[str, str]:
        """Every key in the bucket -> its ETag."""
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET)
        return {o["Key"]: o["ETag"] for page in pages for o in page.get("Contents", [])}

    def all_keys(self) -> set[str]:
        return set(self.state())


def post(url: str, data: str) -> None:
    headers = {"Content-Type": "text/plain"}  # not a form: moto reads the raw body
    urllib.request.urlopen(urllib.request.Request(url, data.encode(), headers)).close()


def client(endpoint: str, key_id: str, secret: str, service: str = "s3") -> Any:
    return boto3.client(
        service, endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id=key_id, aws_secret_access_key=secret,
    )  # fmt: skip


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[Mirror]:
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
        "MIRROR_PREFIX": PREFIX.strip("/"),
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("MIRROR_ALLOW_BUCKET_ROOT", raising=False)
    mirror = Mirror(server, endpoint, capsys)
    for key, body in FOREIGN.items():
        mirror.put(key, body)
    yield mirror
    server.stop()


def make_site(root: Path, files: dict[str, str] = SITE) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def edit(site: Path, files: dict[str, str | None]) -> Path:
    """Change, add (text) or remove (None) files of a built site."""
    for name, text in files.items():
        if text is None:
            (site / name).unlink()
        else:
            make_site(site, {name: text})
    return site


# --- Rules at their own layer.


@pytest.mark.parametrize(
    ("name", "hashed"),
    [
        ("assets/javascripts/bundle.4fd8a2c1.min.js", True),
        ("downloads/wheels/ca98f31351b1fa3e/d2l_helpers-0.1.0-py3-none-any.whl", True),
        ("figures/3dbd62c481d61031c727.svg", True),
        ("live/run-0a1b2c3d.js", True),
        ("assets/pyodide/pyodide.asm.wasm", False),
        ("assets/javascripts/bundle.4fd8a2c.min.js", False),  # 7 digits
        ("assets/BUNDLE.4FD8A2C1.js", False),  # generators write lower case
        ("decafbad12x/index.html", False),  # not standing alone
        ("backups/20241203.sql", False),  # all decimal: a date
        ("numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl", False),
    ],
)
def test_which_names_are_hashed(name: str, hashed: bool) -> None:
    assert mirror_sync.is_hashed(name) is hashed


@pytest.mark.parametrize(
    ("etag", "same"),
    [
        ('"c4ca4238a0b923820dcc509a6f75849b"', True),  # S3
        ('"C4CA4238A0B923820DCC509A6F75849B"', True),  # Aliyun OSS
        ("c4ca4238a0b923820dcc509a6f75849b", True),
        ('"c4ca4238a0b923820dcc509a6f75849b-1"', False),  # multipart: not an MD5
        ('"d41d8cd98f00b204e9800998ecf8427e"', False),
        (None, False),
    ],
)
def test_etags_are_compared_without_case_or_quotes(etag: str | None, same: bool) -> None:
    assert mirror_sync.etag_matches(etag, "c4ca4238a0b923820dcc509a6f75849b") is same


def test_hashed_files_go_up_first_and_pages_last(tmp_path: Path) -> None:
    files = mirror_sync.local_files(make_site(tmp_path))
    order = [f.name for f in mirror_sync.plan(files, {}, mirror_sync.Record()).upload]
    assert order == [
        "assets/javascripts/bundle.4fd8a2c1.min.js",
        "runtime/pyodide.asm.wasm",
        "sitemap.xml",
        "derivatives/index.html",
        "index.html",
    ]


@pytest.mark.parametrize("prefix", [None, "", "/", " // "])
def test_an_empty_or_root_prefix_is_refused(
    prefix: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MIRROR_ALLOW_BUCKET_ROOT", raising=False)
    environ = {} if prefix is None else {"MIRROR_PREFIX": prefix}
    with pytest.raises(mirror_sync.MirrorError, match="MIRROR_ALLOW_BUCKET_ROOT=1 if the whole"):
        mirror_sync.mirror_prefix(environ)


def test_prefixes_are_normalised_and_checked() -> None:
    assert mirror_sync.mirror_prefix({"MIRROR_PREFIX": "/mirrors/calculus/"}) == "mirrors/calculus/"
    root = {"MIRROR_PREFIX": "/", "MIRROR_ALLOW_BUCKET_ROOT": "1"}
    assert mirror_sync.mirror_prefix(root) == ""
    with pytest.raises(mirror_sync.MirrorError, match=r"has an empty, \. or \.\. part"):
        mirror_sync.mirror_prefix({"MIRROR_PREFIX": "mirrors/../backups"})


# --- Against the server.


def test_sync_uploads_with_types_and_caching(s3: Mirror, tmp_path: Path) -> None:
    site = make_site(tmp_path)
    assert s3.sync(site) == 0
    assert f"{BUCKET}/{PREFIX} has no .mirror-sync.json yet" in s3.out
    assert s3.all_keys() == {*FOREIGN, PREFIX + mirror_sync.MARKER, *(PREFIX + n for n in SITE)}
    heads = {n: s3.client.head_object(Bucket=BUCKET, Key=PREFIX + n) for n in SITE}
    page = heads["derivatives/index.html"]
    assert (page["ContentType"], page["CacheControl"]) == (
        "text/html; charset=utf-8", "public, max-age=0, must-revalidate",
    )  # fmt: skip
    assert heads["runtime/pyodide.asm.wasm"]["ContentType"] == "application/wasm"
    bundle = heads["assets/javascripts/bundle.4fd8a2c1.min.js"]
    assert bundle["CacheControl"] == "public, max-age=31536000, immutable"


def test_the_issue_bucket_root_loses_nothing_that_is_not_the_mirrors(
    s3: Mirror, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MIRROR_PREFIX")
    before = s3.state()
    assert s3.sync(make_site(tmp_path)) == 1
    assert "MIRROR_PREFIX is ''" in s3.err
    assert s3.state() == before
    monkeypatch.setenv("MIRROR_ALLOW_BUCKET_ROOT", "1")
    assert s3.sync(tmp_path) == 0
    assert s3.sync(tmp_path) == 0  # now with a record: still not the mirror's to delete
    assert "  leave   backups/2024.sql  (not written by the mirror)" in s3.out
    assert {*FOREIGN, *SITE} <= s3.all_keys()


def test_a_stale_object_is_deleted_and_only_changes_go_up(s3: Mirror, tmp_path: Path) -> None:
    site = make_site(tmp_path)
    s3.put("calculus-old/index.html", "a sibling folder with the same start")
    s3.sync(site)
    edit(site, {"index.html": "<html>新首页</html>", "runtime/pyodide.asm.wasm": None})
    assert s3.sync(site) == 0
    assert s3.out.splitlines()[:2] == [
        f"  upload  {PREFIX}index.html",
        f"  delete  {PREFIX}runtime/pyodide.asm.wasm",
    ]
    assert "upload 1 files (0.0 MB), delete 1, unchanged 3" in s3.out
    assert PREFIX + "runtime/pyodide.asm.wasm" not in s3.all_keys()
    assert {*FOREIGN, "calculus-old/index.html"} <= s3.all_keys()
    assert s3.body(PREFIX + "index.html") == "<html>新首页</html>"


def test_without_a_record_nothing_is_deleted_or_overwritten(s3: Mirror, tmp_path: Path) -> None:
    s3.put(PREFIX + "old-chapter.html", "an earlier mirror's page")
    s3.put(PREFIX + "index.html", "an earlier mirror's index")
    site = make_site(tmp_path)
    before = s3.state()
    assert s3.sync(site) == 1
    assert s3.err == (
        f"mirror_sync: {BUCKET}/{PREFIX}: 1 objects (e.g. index.html) would be overwritten but "
        "no run of the mirror uploaded them: check MIRROR_PREFIX, or pass --adopt if that "
        "folder is an earlier copy of this mirror\n"
    )
    assert s3.state() == before
    edit(site, {"index.html": "an earlier mirror's index"})  # the same bytes: no overwrite
    assert s3.sync(site) == 0
    assert s3.sync(site) == 0
    assert f"  leave   {PREFIX}old-chapter.html  (not written by the mirror)" in s3.out
    # The same bytes were not uploaded, so the object is still not the mirror's to change, and
    # with a record present --adopt is not the way out.
    edit(site, {"index.html": "<html>新首页</html>"})
    assert s3.sync(site) == 1
    assert s3.err.endswith(
        "would be overwritten but no run of the mirror uploaded them: check MIRROR_PREFIX; "
        "if this site should replace them, remove them by hand\n"
    )
    assert s3.body(PREFIX + "index.html") == "an earlier mirror's index"


def test_adopting_overwrites_what_it_found_and_deletes_nothing(s3: Mirror, tmp_path: Path) -> None:
    found = {"old-chapter.html": "旧章节", "assets/old.0a1b2c3d.js": "旧", "index.html": "旧首页"}
    for name, body in found.items():
        s3.put(PREFIX + name, body)
    site = make_site(tmp_path)
    assert s3.sync(site, "--adopt") == 0
    assert s3.body(PREFIX + "index.html") == SITE["index.html"]  # overwritten: found there
    assert {PREFIX + n for n in found} <= s3.all_keys()
    record = json.loads(s3.body(PREFIX + mirror_sync.MARKER))
    assert record["adopted"] == ["assets/old.0a1b2c3d.js", "old-chapter.html"]
    assert record["deploys"][0]["names"] == sorted(SITE)
    assert s3.sync(site) == 0  # later runs delete only what a run uploaded
    assert s3.sync(site) == 0
    assert {PREFIX + n for n in found} <= s3.all_keys()
    assert f"  leave   {PREFIX}assets/old.0a1b2c3d.js  (not written by the mirror)" in s3.out
    # What --adopt found may be replaced; once a run uploaded it, the mirror may delete it.
    edit(site, {"old-chapter.html": "新章节"})
    assert s3.sync(site) == 0
    edit(site, {"old-chapter.html": None, "derivatives/index.html": None})
    assert s3.sync(site) == 0
    assert s3.all_keys() & {PREFIX + "old-chapter.html", PREFIX + "derivatives/index.html"} == set()
    assert PREFIX + "assets/old.0a1b2c3d.js" in s3.all_keys()


def test_an_adopting_sync_that_fails_owns_nothing_it_did_not_upload(
    s3: Mirror, tmp_path: Path
) -> None:
    s3.put(PREFIX + "old/page.html", "旧")
    deny = {"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/{PREFIX}old/page.html"}  # fmt: skip
    s3.client.put_bucket_policy(
        Bucket=BUCKET, Policy=json.dumps({"Version": "2012-10-17", "Statement": [deny]})
    )
    site = make_site(tmp_path, {**SITE, "old/page.html": "新"})
    assert s3.sync(site, "--adopt") == 1
    assert f"upload of {PREFIX}old/page.html failed: 403: Forbidden; 5 of 6 uploaded" in s3.err
    s3.client.delete_bucket_policy(Bucket=BUCKET)
    edit(site, {"old/page.html": None})
    assert s3.sync(site) == 0
    assert s3.body(PREFIX + "old/page.html") == "旧"  # found, never uploaded: not the mirror's


# What someone else put in the issue's bucket after the mirror's first sync (bucket-root mode).
OTHERS = {
    "uploads/3f2c9a4e-7b1d-4e8a-9c6f-2d5e8b1a7c40.jpg": "photo",
    "uploads/a1b2c3d4e5f6.png": "png",
    "db/dump-2f9e8d7c6b.sql.gz": "dump",
    "other/readme.txt": "readme",
}


def test_the_issue_adopt_with_a_record_is_refused_and_others_objects_survive(
    s3: Mirror, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MIRROR_PREFIX")
    monkeypatch.setenv("MIRROR_ALLOW_BUCKET_ROOT", "1")
    site = make_site(tmp_path)
    assert s3.sync(site) == 0
    for key, body in OTHERS.items():
        s3.put(key, body)
    before = s3.state()
    for flags in (["--adopt"], ["--adopt", "--dry-run"], ["--adopt", "--force"]):
        assert s3.sync(site, *flags) == 1
        assert s3.err == (
            f"mirror_sync: --adopt refused: {BUCKET}/ already has the mirror's record "
            ".mirror-sync.json, so the objects no run of the mirror uploaded are someone "
            "else's; sync without --adopt\n"
        )
    assert s3.state() == before
    edit(site, {"index.html": "<html>新首页</html>"})
    assert s3.sync(site) == 0
    assert s3.sync(site) == 0
    assert {*OTHERS, *FOREIGN} <= s3.all_keys()
    assert all(f"  leave   {key}  (not written by the mirror)" in s3.out for key in OTHERS)


def test_a_record_of_another_project_is_refused(s3: Mirror, tmp_path: Path) -> None:
    s3.put(PREFIX + mirror_sync.MARKER, json.dumps({"project": "another"}))
    assert s3.sync(make_site(tmp_path)) == 1
    assert "is not this project's mirror record (project 'another')" in s3.err


def test_deleting_more_than_half_the_fixed_names_needs_force(s3: Mirror, tmp_path: Path) -> None:
    site = make_site(tmp_path)
    s3.sync(site)
    edit(site, {"derivatives/index.html": None, "runtime/pyodide.asm.wasm": None})
    edit(site, {"sitemap.xml": None, "index.html": "<html>只剩首页</html>"})
    before = s3.state()
    assert s3.sync(site) == 1
    assert "would delete 3 of the mirror's 4 objects without a hashed name" in s3.err
    assert s3.state() == before  # not even the uploads happened
    assert s3.sync(site, "--force") == 0
    assert s3.all_keys() & {PREFIX + n for n in SITE} == {
        PREFIX + "index.html", PREFIX + "assets/javascripts/bundle.4fd8a2c1.min.js",
    }  # fmt: skip


def test_deleting_more_than_half_the_hashed_names_needs_force(s3: Mirror, tmp_path: Path) -> None:
    hashed = [f"figures/{n}0c1d2e3f.svg" for n in "abc"]
    site = make_site(tmp_path, {**SITE, **dict.fromkeys(hashed, "<svg/>")})
    s3.sync(site)
    edit(site, {**dict.fromkeys(hashed), "figures/d0c1d2e3f.svg": "<svg/>"})
    assert s3.sync(site) == 0  # kept for one more deploy
    before = s3.state()
    assert s3.sync(site) == 1
    assert "would delete 3 of the mirror's 5 objects with a hashed name" in s3.err
    assert s3.state() == before
    assert s3.sync(site, "--force") == 0
    assert not {PREFIX + n for n in hashed} & s3.all_keys()


def test_hashed_files_survive_one_deploy_then_go(s3: Mirror, tmp_path: Path) -> None:
    site = make_site(tmp_path)
    s3.sync(site)
    old, new = (
        "assets/javascripts/bundle.4fd8a2c1.min.js",
        "assets/javascripts/bundle.9e0b7d22.min.js",
    )
    edit(site, {old: None, new: "2"})
    assert s3.sync(site) == 0
    assert f"  keep    {PREFIX}{old}  (previous deploy's hashed file)" in s3.out
    assert {PREFIX + old, PREFIX + new} <= s3.all_keys()
    assert s3.sync(site) == 0
    assert f"  delete  {PREFIX}{old}" in s3.out
    assert PREFIX + old not in s3.all_keys()


def test_the_dry_run_reads_the_bucket_and_changes_nothing(s3: Mirror, tmp_path: Path) -> None:
    site = make_site(tmp_path)
    s3.sync(site)
    edit(site, {"index.html": "<html>新首页</html>", "sitemap.xml": None})
    before = s3.state()
    assert s3.sync(site, "--dry-run") == 0
    assert s3.out.splitlines() == [
        f"  upload  {PREFIX}index.html",
        f"  delete  {PREFIX}sitemap.xml",
        (
            f"mirror_sync: dry run, {BUCKET}/{PREFIX} read, not changed: upload 1 files "
            "(0.0 MB), delete 1, unchanged 3, kept for one more deploy 0, not the mirror's 0"
        ),
    ]
    assert s3.state() == before


def test_the_dry_run_without_credentials_says_it_could_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in mirror_sync.REQUIRED:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MIRROR_PREFIX", "calculus")
    assert mirror_sync.main([str(make_site(tmp_path)), "--dry-run"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "mirror_sync: dry run WITHOUT the bucket (no MIRROR_* credentials): could not read it, "
        "so what would change or be deleted is unknown; the build has 5 files (0.0 MB)"
    )


def test_upper_case_etags_are_the_same_files(s3: Mirror, tmp_path: Path) -> None:
    site = make_site(tmp_path)
    s3.sync(site)
    stored = s3_backends[DEFAULT_ACCOUNT_ID]["aws"].buckets[BUCKET].keys
    for name in SITE:  # as Aliyun OSS answers
        stored[PREFIX + name]._etag = stored[PREFIX + name]._etag.upper()
    assert s3.state()[PREFIX + "index.html"].isupper()
    assert s3.sync(site) == 0
    assert "upload 0 files (0.0 MB), delete 0, unchanged 5" in s3.out


def test_failed_deletes_are_named_and_fail_the_sync(s3: Mirror, tmp_path: Path) -> None:
    site = make_site(tmp_path)
    s3.sync(site)
    locked = PREFIX + "sitemap.xml"
    deny = {"Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/{locked}"}  # fmt: skip
    s3.client.put_bucket_policy(
        Bucket=BUCKET, Policy=json.dumps({"Version": "2012-10-17", "Statement": [deny]})
    )
    edit(site, {"sitemap.xml": None, "runtime/pyodide.asm.wasm": None})
    assert s3.sync(site) == 1
    assert f"could not delete {locked}: AccessDenied: Access Denied" in s3.err
    assert "1 of 2 deletions failed (listed above)" in s3.err
    assert locked in s3.all_keys()
    s3.client.delete_bucket_policy(Bucket=BUCKET)
    assert s3.sync(site) == 0  # still the mirror's: the next sync deletes it
    assert locked not in s3.all_keys()


@pytest.fixture
def deny_uploads_under(s3: Mirror) -> Iterator[tuple[str, str]]:
    """A key pair whose policy forbids writing under calculus/locked/ (moto checks IAM
    policies once /moto-api/reset-auth switches authorisation on)."""
    iam = client(s3.endpoint, "test", "test", "iam")
    iam.create_user(UserName="deployer")
    statements = [
        {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
        {"Effect": "Deny", "Action": "s3:PutObject",
         "Resource": f"arn:aws:s3:::{BUCKET}/{PREFIX}locked/*"},
    ]  # fmt: skip
    iam.put_user_policy(
        UserName="deployer", PolicyName="mirror",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": statements}),
    )  # fmt: skip
    key = iam.create_access_key(UserName="deployer")["AccessKey"]

    post(f"{s3.endpoint}/moto-api/reset-auth", "0")
    s3.client = client(s3.endpoint, key["AccessKeyId"], key["SecretAccessKey"])
    yield key["AccessKeyId"], key["SecretAccessKey"]
    post(f"{s3.endpoint}/moto-api/reset-auth", "inf")


def test_a_sync_that_fails_halfway_leaves_the_live_site_whole(
    s3: Mirror,
    tmp_path: Path,
    deny_uploads_under: tuple[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key_id, secret = deny_uploads_under
    monkeypatch.setenv("MIRROR_ACCESS_KEY_ID", key_id)
    monkeypatch.setenv("MIRROR_SECRET_ACCESS_KEY", secret)
    site = make_site(tmp_path)
    assert s3.sync(site) == 0
    old, new = (
        "assets/javascripts/bundle.4fd8a2c1.min.js",
        "assets/javascripts/bundle.9e0b7d22.min.js",
    )
    edit(site, {old: None, new: "2", "locked/data.txt": "x", "index.html": "<html>新</html>"})
    edit(site, {"sitemap.xml": None})
    assert s3.sync(site) == 1
    assert s3.err == (
        f"mirror_sync: upload of {PREFIX}locked/data.txt failed: AccessDenied: Access Denied; "
        "1 of 3 uploaded, nothing deleted: the pages already online still find their files. "
        "Run the sync again\n"
    )
    # The old pages, and everything they load, are still there; the new bundle waits.
    assert s3.body(PREFIX + "index.html") == SITE["index.html"]
    assert {PREFIX + n for n in (old, new, "sitemap.xml")} <= s3.all_keys()
    edit(site, {"locked/data.txt": None})
    assert s3.sync(site) == 0
    assert s3.body(PREFIX + "index.html") == "<html>新</html>"
    # The last complete deploy still had the old bundle: it stays for one more deploy.
    assert f"  keep    {PREFIX}{old}  (previous deploy's hashed file)" in s3.out


def test_missing_configuration_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in mirror_sync.REQUIRED:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MIRROR_BUCKET", "b")
    monkeypatch.setenv("MIRROR_PREFIX", "calculus")
    assert mirror_sync.main([str(make_site(tmp_path))]) == 1
    message = "MIRROR_ENDPOINT, MIRROR_ACCESS_KEY_ID, MIRROR_SECRET_ACCESS_KEY not set"
    assert message in capsys.readouterr().err


def test_a_bucket_that_cannot_be_read_is_one_line(
    s3: Mirror, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MIRROR_BUCKET", "no-such-bucket")
    assert s3.sync(make_site(tmp_path), "--dry-run") == 1
    assert s3.err == (
        "mirror_sync: listing no-such-bucket/calculus/ failed: NoSuchBucket: "
        "The specified bucket does not exist\n"
    )
