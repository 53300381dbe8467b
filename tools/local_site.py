"""A folder served over HTTP on 127.0.0.1: the one local web server of the tests, tools and
benchmarks.

    with SiteServer(Path("site")) as server:       # a free port, in a background thread
        status, body = server.fetch("/derivatives/")

    python tools/local_site.py site/ [--port 8000] [--gzip]   # prints its URL, serves until killed

Quiet (no request log, no traceback when a browser drops a connection). Options, each for a
reason a caller has: ``gzip`` sends text compressed, as every real static host does (Lighthouse
blames the site otherwise); ``late`` delays files by suffix, as a phone network would (the page
must paint before its scripts and fonts arrive); ``fallback`` answers every missing path with
one file, as a host misconfigured for a single-page app does; ``requested`` records every path
asked for. Standard library only: the smoke check runs before anything is installed.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import Any, final

#: Content types sent gzip-compressed when ``gzip`` is on (what GitHub Pages compresses).
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


class _Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args: Any, site: SiteServer, **kwargs: Any) -> None:
        self.site = site
        super().__init__(*args, **kwargs)  # handles the request: `site` must be set before

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def translate_path(self, path: str) -> str:
        real = super().translate_path(path)
        if self.site.fallback is None or Path(real).exists():
            return real
        return super().translate_path(self.site.fallback)

    def do_HEAD(self) -> None:
        self.site.requested.append(self.path.split("?")[0])
        super().do_HEAD()

    def do_GET(self) -> None:
        url_path = self.path.split("?")[0]
        self.site.requested.append(url_path)
        delay = self.site.late.get(Path(url_path).suffix)
        if delay:
            time.sleep(delay)
        if not self.site.gzip or "gzip" not in self.headers.get("Accept-Encoding", ""):
            super().do_GET()
            return
        file = Path(self.translate_path(self.path))
        if file.is_dir() and url_path.endswith("/"):
            file = file / "index.html"
        kind = self.guess_type(file)
        if not (kind.startswith(TEXT_TYPES) and file.is_file()):
            super().do_GET()
            return
        body = gzip.compress(file.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a browser drops connections when a page or context closes; nothing to report


@final
class SiteServer:
    """``folder`` over HTTP on 127.0.0.1 (``port`` 0: a free one) until ``close()`` or the end
    of the ``with`` block."""

    def __init__(
        self,
        folder: Path | str,
        *,
        port: int = 0,
        gzip: bool = False,
        late: Mapping[str, float] | None = None,
        fallback: str | None = None,
    ) -> None:
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise FileNotFoundError(f"no folder {self.folder} to serve")
        self.gzip = gzip
        #: seconds to wait before answering, by file suffix (".js": 2.0)
        self.late: Mapping[str, float] = late or {}
        #: URL path answered for every path that does not exist ("/index.html")
        self.fallback = fallback
        #: every path asked for (without its query), in order of arrival
        self.requested: list[str] = []
        handler = partial(_Handler, directory=str(self.folder), site=self)
        self._httpd = _QuietServer(("127.0.0.1", port), handler)
        #: "127.0.0.1:PORT", as a browser's URL shows it
        self.host = f"127.0.0.1:{self._httpd.server_address[1]}"
        #: "http://127.0.0.1:PORT", no trailing slash
        self.origin = f"http://{self.host}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        # No proxy from the environment: a request to 127.0.0.1 must not leave the machine.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def url(self, path: str = "/") -> str:
        """The URL of ``path`` (which starts with "/") on this server."""
        return self.origin + path

    def fetch(self, path_or_url: str, timeout: float = 30) -> tuple[int, bytes]:
        """Status and body of a GET (a path, or a URL on this server); an error status has an
        empty body."""
        url = path_or_url if path_or_url.startswith("http") else self.url(path_or_url)
        try:
            with self._opener.open(url, timeout=timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, b""

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> SiteServer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve a folder on 127.0.0.1 until killed.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--gzip", action="store_true", help="send text gzip-compressed")
    args = parser.parse_args(argv)
    try:
        server = SiteServer(args.folder, port=args.port, gzip=args.gzip)
    except FileNotFoundError as error:
        print(f"local_site: {error}", file=sys.stderr)
        return 2
    except OSError as error:  # the port is taken, or not ours to take
        print(f"local_site: cannot listen on 127.0.0.1:{args.port}: {error}", file=sys.stderr)
        return 2
    print(server.url(), flush=True)  # the first line: scripts wait for it
    try:
        threading.Event().wait()  # until killed
    except KeyboardInterrupt:
        server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
