"""The one local web server (tools/local_site.py): each option, over a real socket."""

from __future__ import annotations

import gzip
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from local_site import SiteServer

TOOL = Path(__file__).resolve().parents[2] / "tools" / "local_site.py"


def make_folder(root: Path) -> Path:
    (root / "guide").mkdir(parents=True)
    (root / "index.html").write_text("<p>首页</p>" * 50, encoding="utf-8")
    (root / "guide" / "index.html").write_text("<p>guide</p>", encoding="utf-8")
    (root / "app.js").write_text("console.log(1);\n" * 50, encoding="utf-8")
    (root / "font.woff2").write_bytes(b"\x00" * 100)
    return root


def get(url: str, **headers: str) -> tuple[dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=10) as response:
        return dict(response.headers), response.read()


def test_serves_the_folder_and_records_what_was_asked(tmp_path: Path) -> None:
    with SiteServer(make_folder(tmp_path)) as server:
        assert server.fetch("/guide/?q=1") == (200, b"<p>guide</p>")
        assert server.fetch(server.url("/missing.css")) == (404, b"")
        assert server.requested == ["/guide/", "/missing.css"]
        assert server.url("/a/") == f"http://{server.host}/a/"


def test_gzip_compresses_text_only_for_clients_that_accept_it(tmp_path: Path) -> None:
    with SiteServer(make_folder(tmp_path), gzip=True) as server:
        headers, body = get(server.url("/"), **{"Accept-Encoding": "gzip"})
        assert headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(body) == (tmp_path / "index.html").read_bytes()
        headers, body = get(server.url("/font.woff2"), **{"Accept-Encoding": "gzip"})
        assert "Content-Encoding" not in headers  # not text: sent as it is
        headers, body = get(server.url("/app.js"))
        assert "Content-Encoding" not in headers
        assert body == (tmp_path / "app.js").read_bytes()


def test_late_delays_only_the_named_suffixes(tmp_path: Path) -> None:
    with SiteServer(make_folder(tmp_path), late={".js": 0.5}) as server:
        started = time.perf_counter()
        server.fetch("/")
        page = time.perf_counter() - started
        server.fetch("/app.js")
        script = time.perf_counter() - started - page
    assert page < 0.4
    assert script >= 0.5


def test_fallback_answers_every_missing_path(tmp_path: Path) -> None:
    with SiteServer(make_folder(tmp_path), fallback="/index.html") as server:
        assert server.fetch("/no/such/page/") == (200, (tmp_path / "index.html").read_bytes())
        assert server.fetch("/app.js")[1] == (tmp_path / "app.js").read_bytes()


def test_a_folder_that_is_not_there_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"no folder .*nothing to serve"):
        SiteServer(tmp_path / "nothing")


def test_the_command_line_prints_its_url_then_serves(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    command = [sys.executable, str(TOOL), str(folder), "--gzip"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            url = process.stdout.readline().strip()
            assert url.startswith("http://127.0.0.1:")
            assert url.endswith("/")
            headers, _ = get(url + "app.js", **{"Accept-Encoding": "gzip"})
            assert headers["Content-Encoding"] == "gzip"
        finally:
            process.terminate()


def test_the_command_line_refuses_a_missing_folder(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, str(TOOL), str(tmp_path / "nothing")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    assert run.stderr == f"local_site: no folder {tmp_path / 'nothing'} to serve\n"
