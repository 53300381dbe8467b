"""What a reader downloads: notebooks that install the site's own wheel, and how to install it.

A downloaded notebook is the executed chapter plus one first cell that installs exactly the
wheel the chapter ran with, by its absolute URL (a reader's Jupyter is not on this site). The
URL carries the wheel's sha256 as a fragment, which pip checks: a changed or truncated file is
refused instead of installed. The API page shows the same URL through a placeholder.
"""

from __future__ import annotations

import copy
import html
import time
import zipfile
from collections.abc import Mapping
from pathlib import Path

import nbformat
from mkdocs.utils import get_relative_url

from .sliders import without_frames
from .wheel import SiteWheel, WheelError

#: Written where a page should show how to install the helpers (the API page).
INSTALL_PLACEHOLDER = "<!-- d2l-wheel-install -->"

#: The id of the install cell: fixed, so that two builds write the same notebook bytes.
INSTALL_CELL_ID = "install-d2l-helpers"


def download_stem(src_uri: str) -> str:
    """The name a chapter's downloads get: its path without ``.md``; the home page is
    ``calculus`` (the chapter's own name, not ``index``)."""
    stem = Path(src_uri).with_suffix("").as_posix().replace("/", "-")
    return "calculus" if stem == "index" else stem


#: Every chapter's downloaded notebook in one file; its entries are in a folder of this name.
NOTEBOOKS_ZIP = "calculus-notebooks"

#: The oldest time a zip entry can carry (1980-01-01 UTC).
_ZIP_EPOCH = 315532800


def zip_path(downloads_dir: str) -> str:
    """Site-relative path of the zip of all the chapters' notebooks."""
    return f"{downloads_dir}/{NOTEBOOKS_ZIP}.zip"


def download_paths(src_uri: str, downloads_dir: str) -> dict[str, str]:
    """Site-relative paths of a chapter's downloads: its ``notebook`` and ``source``, and the
    ``zip`` of every chapter's notebook (the same for all chapters)."""
    stem = f"{downloads_dir}/{download_stem(src_uri)}"
    return {"notebook": f"{stem}.ipynb", "source": f"{stem}.md", "zip": zip_path(downloads_dir)}


def write_zip(target: Path, members: Mapping[str, bytes], epoch: int) -> None:
    """Write ``members`` (name → bytes) into the zip ``target``, under the folder
    ``NOTEBOOKS_ZIP``: the same members give the same bytes, whatever their order, the clock
    or the platform (sorted names, every time ``epoch``, fixed permissions and compression)."""
    stamp = time.gmtime(max(epoch, _ZIP_EPOCH))[:6]
    with zipfile.ZipFile(target, "w") as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(f"{NOTEBOOKS_ZIP}/{name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, on every platform: the permissions below are read
            info.external_attr = 0o644 << 16
            archive.writestr(info, members[name], compresslevel=9)


def pdf_path(downloads_dir: str) -> str:
    """Site-relative path of the chapter's PDF, which ``nox -s pdf`` prints from the built site
    (tools/print_pdf.py); pages link to it only when the build is told it will be there."""
    return f"{downloads_dir}/{download_stem('index.md')}.pdf"


def index_requirement(wheel: SiteWheel) -> str:
    """The requirement that installs the same version from the package index, once released."""
    name = wheel.filename.split("-", 1)[0].replace("_", "-")
    return f"{name}=={wheel.version}"


def install_cell(wheel: SiteWheel, site_url: str) -> nbformat.NotebookNode:
    """A code cell that installs ``wheel`` from the site into the notebook's own kernel."""
    url = f"{wheel.absolute_url(site_url)}#sha256={wheel.sha256}"
    source = (
        f"# 安装本节用到的辅助函数包：本站构建时执行代码所用的同一个 wheel（{wheel.version} 版）。\n"
        f"# 该包发布到包索引后，也可以改用：%pip install {index_requirement(wheel)}\n"
        f'%pip install --quiet "{url}"'
    )
    cell: nbformat.NotebookNode = nbformat.v4.new_code_cell(source)  # type: ignore[no-untyped-call]
    cell["id"] = INSTALL_CELL_ID
    return cell


def with_install_cell(
    nb: nbformat.NotebookNode, wheel: SiteWheel, site_url: str
) -> nbformat.NotebookNode:
    """A copy of ``nb`` whose first cell installs the wheel (unchanged if it has no code)."""
    if not any(cell.cell_type == "code" for cell in nb.cells):
        return nb
    out = copy.deepcopy(nb)
    out.cells.insert(0, install_cell(wheel, site_url))
    return out


def write_download(
    executed: nbformat.NotebookNode, target: Path, wheel: SiteWheel | None, site_url: str
) -> None:
    """Write the executed notebook (a chapter record's, left as it is) to ``target`` for
    readers to download."""
    nb = without_frames(copy.deepcopy(executed))
    if wheel is not None:
        nb = with_install_cell(nb, wheel, site_url)
    target.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")  # type: ignore[no-untyped-call]


def install_snippet(wheel: SiteWheel, site_url: str, wheel_href: str) -> str:
    """Markdown for the placeholder: the pip command, the file and the index alternative.

    ``wheel_href`` is the wheel's URL relative to the page. The link is raw HTML because mkdocs
    checks Markdown links against the documentation files, and the wheel is not one of them.
    """
    link = f'<a href="{html.escape(wheel_href)}" download>{html.escape(wheel.filename)}</a>'
    return (
        "```bash\n"
        f'pip install "{wheel.absolute_url(site_url)}"\n'
        "```\n\n"
        f"这个地址指向本站构建时打包的 {link}，包的内容一变，地址也随之改变；"
        "下载的笔记本第一个单元格安装的正是它。"
        f"`d2l-helpers` 发布到包索引后，也可以直接运行 `pip install {index_requirement(wheel)}`。\n"
    )


def fill_placeholder(
    markdown: str, wheel: SiteWheel | None, site_url: str | None, page_url: str
) -> str:
    """Replace the install placeholder in a page's Markdown, if it has one."""
    if INSTALL_PLACEHOLDER not in markdown:
        return markdown
    if wheel is None or not site_url:
        raise WheelError(
            f"页面里有安装说明的占位符 {INSTALL_PLACEHOLDER}，但站点没有构建 wheel："
            "请在 d2l-site 的 package 选项中指明含 pyproject.toml 的目录"
        )
    href = get_relative_url(wheel.url, page_url)
    return markdown.replace(INSTALL_PLACEHOLDER, install_snippet(wheel, site_url, href))
