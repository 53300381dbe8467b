"""The site's own wheel: reproducible bytes, a URL named by them, and the notebooks' install cell."""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import nbformat
import pytest
from bs4 import BeautifulSoup
from mkdocs.config.defaults import MkDocsConfig

from mkdocs_d2l_site.downloads import (
    INSTALL_CELL_ID,
    INSTALL_PLACEHOLDER,
    fill_placeholder,
    with_install_cell,
)
from mkdocs_d2l_site.wheel import (
    SiteWheel,
    WheelError,
    build_wheel,
    insecure_site_url,
    wheel_url,
)

from site_pages import copy_project
from sitebuild import ROOT, Build, configured

SHA = "0123456789abcdef" + "f" * 48


@pytest.fixture(scope="module")
def wheel() -> SiteWheel:
    return build_wheel(ROOT, "downloads")


def test_url_is_a_folder_per_hash_holding_the_wheel_under_its_own_name() -> None:
    url = wheel_url("/downloads/", SHA, "d2l_helpers-0.1.0-py3-none-any.whl")
    assert url == "downloads/wheels/0123456789abcdef/d2l_helpers-0.1.0-py3-none-any.whl"


@pytest.mark.parametrize("sha", ["0123", SHA.upper(), SHA[:-1] + "g"])
def test_url_refuses_what_is_not_a_sha256(sha: str) -> None:
    with pytest.raises(ValueError, match="64 位小写十六进制"):
        wheel_url("downloads", sha, "x-1-py3-none-any.whl")


def test_absolute_url_keeps_the_path_of_site_url() -> None:
    wheel = SiteWheel("d2l_helpers-0.1.0-py3-none-any.whl", "0.1.0", SHA, b"", "downloads/w.whl")
    assert wheel.absolute_url("https://example.org/book/") == (
        "https://example.org/book/downloads/w.whl"
    )
    assert wheel.absolute_url("https://example.org/book") == (
        "https://example.org/book/downloads/w.whl"
    )


def test_the_wheel_is_the_package_and_its_url_names_its_hash(wheel: SiteWheel) -> None:
    assert wheel.version == importlib.metadata.version("d2l-helpers")
    assert wheel.filename == f"d2l_helpers-{wheel.version}-py3-none-any.whl"
    assert wheel.sha256 == hashlib.sha256(wheel.data).hexdigest()
    assert wheel.url == f"downloads/wheels/{wheel.sha256[:16]}/{wheel.filename}"
    names = zipfile.ZipFile(io.BytesIO(wheel.data)).namelist()
    assert "d2l_helpers/__init__.py" in names
    assert "d2l_helpers/py.typed" in names
    assert not [name for name in names if "__pycache__" in name or name.startswith("tests/")]


def test_same_source_same_bytes_changed_source_new_url(wheel: SiteWheel, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    assert build_wheel(project, "downloads").data == wheel.data
    init = project / "d2l_helpers" / "__init__.py"
    init.write_text(init.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    changed = build_wheel(project, "downloads")
    assert changed.filename == wheel.filename
    assert changed.url != wheel.url


def test_a_folder_without_a_project_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WheelError, match=r"没有 pyproject\.toml"):
        build_wheel(tmp_path, "downloads")


def test_the_install_cell_comes_first_and_only_where_there_is_code(wheel: SiteWheel) -> None:
    prose = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 小结")])
    assert with_install_cell(prose, wheel, "http://127.0.0.1:8000/") is prose
    code = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import d2l_helpers")])
    out = with_install_cell(code, wheel, "http://127.0.0.1:8000/")
    assert [cell.source for cell in out.cells[1:]] == ["import d2l_helpers"]
    assert len(code.cells) == 1, "the executed notebook itself is left alone"
    assert out.cells[0].id == INSTALL_CELL_ID
    nbformat.validate(out)


def test_a_placeholder_without_a_wheel_is_a_clear_error(wheel: SiteWheel) -> None:
    assert fill_placeholder("# API", None, None, "api/") == "# API"
    with pytest.raises(WheelError, match="没有构建 wheel"):
        fill_placeholder(f"# API\n\n{INSTALL_PLACEHOLDER}\n", None, None, "api/")


# The built site (one shared build): the wheel it serves, the notebooks and page that name it.


@pytest.fixture(scope="module")
def site_config() -> MkDocsConfig:
    """mkdocs.yml after every plugin's on_config, as the shared build saw it."""
    with configured(ROOT / "mkdocs.yml") as config:
        return config


@pytest.fixture(scope="module")
def site_url(site_config: MkDocsConfig) -> str:
    """The site_url of the shared build (mkdocs.yml reads it from SITE_URL)."""
    return str(site_config.site_url)


def site_notebooks(build: Build) -> dict[str, dict[str, Any]]:
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted((build.site / "downloads").glob("*.ipynb"))
    }


def test_config_extra_announces_the_wheel_the_site_serves(
    site_build: Build, site_config: MkDocsConfig
) -> None:
    announced = site_config.extra["d2l_wheel"]
    served = site_build.site / announced["url"]
    assert hashlib.sha256(served.read_bytes()).hexdigest() == announced["sha256"]
    assert served.name == announced["filename"]
    assert announced["filename"] == f"d2l_helpers-{announced['version']}-py3-none-any.whl"


def test_each_downloaded_notebook_installs_the_served_wheel_first(
    site_build: Build, site_url: str
) -> None:
    (wheel_path,) = (site_build.site / "downloads" / "wheels").glob("*/*.whl")
    sha256 = hashlib.sha256(wheel_path.read_bytes()).hexdigest()
    url = site_url + wheel_path.relative_to(site_build.site).as_posix()
    notebooks = site_notebooks(site_build)
    assert len(notebooks) == 7
    for stem, nb in notebooks.items():
        if not any(cell["cell_type"] == "code" for cell in nb["cells"]):
            continue  # the summary: nothing to run, no kernel started
        # Asked from the kernel, as nbclient's execute() does: Jupyter reads the language here.
        assert nb["metadata"]["language_info"]["name"] == "python", stem
        first = "".join(nb["cells"][0]["source"])
        assert f'%pip install --quiet "{url}#sha256={sha256}"' in first, stem
        version = wheel_path.name.split("-")[1]
        assert f"pip install d2l-helpers=={version}" in first, stem


def test_the_api_page_installs_the_same_wheel(site_build: Build, site_url: str) -> None:
    page = BeautifulSoup(site_build.page("api"), "html.parser")
    (wheel_path,) = (site_build.site / "downloads" / "wheels").glob("*/*.whl")
    url = site_url + wheel_path.relative_to(site_build.site).as_posix()
    commands = [pre.get_text() for pre in page.select("article pre")]
    assert f'pip install "{url}"\n' in commands
    (link,) = page.select('article a[href$=".whl"]')
    assert (site_build.site / "api" / str(link["href"])).resolve() == wheel_path.resolve()
    assert INSTALL_PLACEHOLDER not in site_build.page("api")


@pytest.mark.parametrize(
    ("site_url", "safe"),
    [
        ("https://example.org/calculus/", True),
        ("http://example.org/calculus/", False),
        ("http://127.0.0.1:8000/", True),
        ("http://127.8.9.10/", True),
        ("http://localhost:8000/", True),
        ("http://[::1]:8000/", True),
        ("http://10.0.0.5/", False),
    ],
)
def test_only_a_local_site_may_use_http(site_url: str, safe: bool) -> None:
    assert (insecure_site_url(site_url) is None) == safe
