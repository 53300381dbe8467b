"""The helper package's wheel, built with the site and served from it.

A downloaded notebook must run where only Jupyter is installed, and the live code in the page
installs the package in the browser: both need the exact helpers the chapters were executed
with, before (or without) a release on the package index. So every build makes the wheel
from the working tree and serves it under a folder named by its hash: a changed wheel gets a
new URL, and no browser or proxy cache can hand out the old one.

Hatchling builds it in-process (no network, no isolated build environment, ~0.1 s) and
reproducibly: file times come from ``SOURCE_DATE_EPOCH`` and permissions are normalised, so two
builds of the same source give the same bytes and URL. The date is that of the last commit that
changed what goes into the wheel (``date_of``), not the build's: a commit that leaves the
package alone leaves its URL alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from .content_hash import HASH_CHARS

if TYPE_CHECKING:
    from hatchling.builders.wheel import WheelBuilder


class WheelError(Exception):
    """The package's wheel cannot be built; the message is meant to be shown as is."""


@dataclass(frozen=True)
class SiteWheel:
    """A built wheel and where the site serves it."""

    filename: str
    version: str
    sha256: str
    data: bytes
    url: str  # relative to the site root, e.g. "downloads/wheels/<hash>/<filename>"

    def as_extra(self) -> dict[str, str]:
        """What templates and other plugins read from ``config.extra["d2l_wheel"]``."""
        return {
            "url": self.url,
            "version": self.version,
            "sha256": self.sha256,
            "filename": self.filename,
        }

    def write(self, site_dir: Path) -> None:
        """Write the wheel where ``url`` points inside the built site."""
        target = site_dir / self.url
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(self.data)

    def absolute_url(self, site_url: str) -> str:
        """The wheel's address for pip, given the site's ``site_url``."""
        return urljoin(site_url if site_url.endswith("/") else site_url + "/", self.url)


#: The folder, inside the downloads folder, that holds one sub-folder per wheel hash.
WHEELS_DIR = "wheels"


def wheel_url(downloads_dir: str, sha256: str, filename: str) -> str:
    """The site-relative URL of a wheel: a folder per content hash, the wheel's own name in it.

    pip reads the name, version and tags from the file name, so the name stays the wheel's.
    """
    if len(sha256) != 64 or any(ch not in "0123456789abcdef" for ch in sha256):
        raise ValueError(f"sha256 应是 64 位小写十六进制串，而不是 {sha256!r}")
    folder = downloads_dir.strip("/")
    return f"{folder}/{WHEELS_DIR}/{sha256[:HASH_CHARS]}/{filename}"


@contextlib.contextmanager
def _source_date_epoch(epoch: int | None) -> Iterator[None]:
    """hatchling reads the zip times from the environment only."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def build_wheel(
    project: Path, downloads_dir: str, date_of: Callable[[list[Path]], int] | None = None
) -> SiteWheel:
    """Build the wheel of the project in ``project`` (its backend: hatchling) and say where.

    ``date_of`` gives the date of the wheel's files from the paths they are made of; unset,
    ``SOURCE_DATE_EPOCH`` or hatchling's fixed default.
    """
    if not (project / "pyproject.toml").is_file():
        raise WheelError(f"{project} 中没有 pyproject.toml：无法构建要随站点发布的 wheel")
    from hatchling.builders.wheel import WheelBuilder

    with tempfile.TemporaryDirectory(prefix="d2l-wheel-") as out:
        builder = WheelBuilder(str(project))
        try:
            epoch = None if date_of is None else date_of(wheel_inputs(builder, project))
            with _source_date_epoch(epoch):
                path = Path(next(builder.build(directory=out, versions=["standard"])))
            version = builder.metadata.version
        except (OSError, ValueError, TypeError) as error:  # what hatchling raises for bad metadata
            raise WheelError(f"无法构建 {project} 的 wheel：{error}") from None
        data = path.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    return SiteWheel(
        filename=path.name,
        version=version,
        sha256=sha256,
        data=data,
        url=wheel_url(downloads_dir, sha256, path.name),
    )


def insecure_site_url(site_url: str) -> str | None:
    """Why ``site_url`` is unsafe for the downloads, if it is: an ``http://`` address on another
    machine. A downloaded notebook installs the wheel from there; its sha256 protects the wheel,
    but nothing protects the notebook that carries it, unless the site is served over https."""
    parts = urlsplit(site_url)
    if parts.scheme != "http":
        return None
    host = (parts.hostname or "").lower()
    with contextlib.suppress(ValueError):
        if ipaddress.ip_address(host).is_loopback:
            return None
    if host == "localhost":
        return None
    return (
        f"site_url（或环境变量 SITE_URL）是 {site_url}：不在本机的站点必须用 https://，"
        "否则读者下载的笔记本在传输中可能被篡改"
    )


def wheel_inputs(builder: WheelBuilder, project: Path) -> list[Path]:
    """What the wheel is made of: the packaged files and the metadata's sources."""
    core = builder.metadata.core
    files = [Path(included.path) for included in builder.recurse_included_files()]
    metadata = [core.readme_path, *core.license_files]
    return [project / "pyproject.toml", *(project / name for name in metadata if name), *files]


def site_wheel(
    root: Path,
    package: str | None,
    *,
    downloads_dir: str,
    site_url: str | None,
    date_of: Callable[[list[Path]], int] | None = None,
) -> SiteWheel | None:
    """The wheel a site serves: of ``package`` (relative to ``root``, the folder of mkdocs.yml).

    With ``package`` unset, the project beside mkdocs.yml, if there is one; a site without a
    package (such as the small sites of the tests) serves no wheel.
    """
    if package is None and not (root / "pyproject.toml").is_file():
        return None
    wheel = build_wheel((root / (package or ".")).resolve(), downloads_dir, date_of)
    if not site_url:
        raise WheelError(
            "mkdocs.yml 没有设置 site_url：下载的笔记本要按绝对地址安装本站的 wheel，"
            "请设置 site_url（或环境变量 SITE_URL）"
        )
    return wheel
