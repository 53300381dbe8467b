"""The mkdocs plugin: wires execution, page rebuilding and local assets into the build.

Order of events (mkdocs-jupyter must be listed before this plugin in ``plugins``):

1. ``on_config``: the build's date is exported as ``SOURCE_DATE_EPOCH`` (see ``build_date``);
   the math asset URLs go into ``config.extra["d2l_math"]`` for the templates.
2. ``on_files`` (after mkdocs-jupyter wrapped the chapters): all chapters are executed at once,
   or taken from the cache; each chapter's source is swapped for its executed notebook, so
   mkdocs-jupyter only renders (``execute: false`` there).
3. ``on_page_content``: the rendered notebook HTML is rebuilt (see ``notebook_html``), figures
   are written as files, the TOC is replaced, download links are added; on every page the
   formulas become MathML (see ``math_site``).
4. ``on_post_build``: the math font subset, the MathJax fallback and the downloads are written.

The package's wheel is built in ``on_config`` (see ``wheel``), announced in
``config.extra["d2l_wheel"]``, installed by the downloaded notebooks' first cell and by the API
page's placeholder (see ``downloads``), and written under the downloads in ``on_post_build``.
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url
from pymdownx.slugs import slugify

from . import build_date, downloads, livecode, math_site, page_checks, theme_fixes
from .execution import (
    Chapter,
    ChapterError,
    ChapterRunner,
    ExecutionInterrupted,
    Progress,
    read_chapter,
)
from .front_matter import chapter_problem
from .html_cache import drop_damaged_entries
from .notebook_html import NotebookHTMLError, rebuild
from .page_description import opening_sentences
from .wheel import WheelError, site_wheel

log = logging.getLogger("mkdocs.plugins.d2l_site")

_slugify = slugify(case="lower")

#: A mkdocstrings block (``::: d2l_helpers.plotting``): the page documents the helpers' source.
_API_BLOCK = re.compile(r"^:::[ \t]", re.MULTILINE)


class D2LSiteConfig(Config):  # type: ignore[no-untyped-call]
    execute = c.Type(bool, default=True)
    cache_dir = c.Type(str, default=".cache/d2l-site")
    watch = c.Type(list, default=["d2l_helpers"])
    timeout = c.Type(int, default=300)
    workers = c.Type(int, default=0)
    figures_dir = c.Type(str, default="figures")
    downloads_dir = c.Type(str, default="downloads")
    # The folder whose pyproject.toml builds the wheel the site serves, relative to mkdocs.yml.
    # Unset: mkdocs.yml's own folder, if it holds a pyproject.toml (else the site has no wheel).
    package = c.Optional(c.Type(str))
    # A cell still running after progress_after seconds is reported, then every progress_every.
    progress_after = c.Type((int, float), default=10)
    progress_every = c.Type((int, float), default=30)
    # Larger text outputs fail the strict build (they bloat the page); raise it here if needed.
    max_output_kb = c.Type(int, default=100)
    livecode_dir = c.Type(str, default=".cache/livecode")  # what `nox -s runtime` assembles
    pyodide_url = c.Type(str, default="")  # a Pyodide elsewhere instead of the site's own copy


class D2LSitePlugin(BasePlugin[D2LSiteConfig]):  # type: ignore[no-untyped-call]
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._executed: dict[str, Path] = {}
        self._sources: dict[str, Path] = {}
        self._downloads: dict[str, tuple[Path, Path]] = {}
        self._root = Path(config.config_file_path).parent
        self._cache_dir = (self._root / self.config.cache_dir).resolve()
        try:
            self._dates = build_date.build_dates(self._root)
        except build_date.BuildDateError as error:
            raise PluginError(str(error)) from None
        if line := build_date.message(self._dates):
            log.info(line)
        # Read by MkDocs (sitemap, its gzip header), hatchling and the kernels.
        os.environ["SOURCE_DATE_EPOCH"] = str(self._dates.epoch)
        self._helpers = [
            self._root / f"{name.replace('.', '/')}{suffix}"
            for name in self.config.watch
            for suffix in ("", ".py")
        ]
        self._math = math_site.MathSite(self._cache_dir / "fonts")
        config.extra["d2l_math"] = math_site.extra()
        try:
            self._wheel = site_wheel(
                self._root,
                self.config.package,
                downloads_dir=self.config.downloads_dir,
                site_url=config.site_url,
                date_of=self._dates.of,
            )
        except WheelError as error:
            raise PluginError(str(error)) from None
        if self._wheel is not None:
            config.extra["d2l_wheel"] = self._wheel.as_extra()
        jupyter = config.plugins.get("mkdocs-jupyter")
        if jupyter is not None and jupyter.config.get("cache"):
            # Its HTML cache is keyed on the bytes it renders: once those are our executed
            # notebooks, the key is correct. Keep it in our cache folder, not in the cwd.
            jupyter.config["cache_dir"] = str(self._cache_dir / "html")
        self._livecode = livecode.configure(
            config, self._root, self.config.livecode_dir, self.config.pyodide_url
        )
        return config

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        try:
            return downloads.fill_placeholder(markdown, self._wheel, config.site_url, page.url)
        except WheelError as error:
            raise PluginError(f"{page.file.src_uri}: {error}") from None

    @event_priority(-50)  # after mkdocs-jupyter has marked the notebook files
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        from mkdocs_jupyter.plugin import NotebookFile

        chapters = [f for f in files if isinstance(f, NotebookFile) and f.src_uri.endswith(".md")]
        for file in files:
            if file.src_uri.endswith(".md") and not isinstance(file, NotebookFile):
                problem = chapter_problem(Path(str(file.abs_src_path)))
                if problem:
                    raise PluginError(f"{self._display_name(file.abs_src_path)}: {problem}")
        drop_damaged_entries(self._cache_dir / "html")
        self._executed = {}
        self._sources = {f.src_uri: Path(str(f.abs_src_path)) for f in chapters}
        if not self.config.execute:
            log.info("d2l-site: execution switched off; chapters are shown without outputs")
            return files
        runner = ChapterRunner(
            self._cache_dir,
            watch_packages=self.config.watch,
            timeout=self.config.timeout,
            workers=self.config.workers or None,
            progress=Progress(self.config.progress_after, self.config.progress_every),
        )
        started = time.perf_counter()
        try:
            executed, report = runner.run(
                [
                    Chapter(
                        Path(f.abs_src_path),
                        self._display_name(f.abs_src_path),
                        self._dates.of([Path(f.abs_src_path), *self._helpers]),
                    )
                    for f in chapters
                ]
            )
        except ChapterError as error:
            raise PluginError(str(error)) from None
        except ExecutionInterrupted:
            log.error("d2l-site: 已中断（Ctrl-C）；执行完的章节已存入缓存，下次构建不会重跑")
            raise SystemExit(130) from None
        log.info(
            "d2l-site: executed %d chapter(s), %d from cache, in %.1f s",
            len(report.executed),
            len(report.cached),
            time.perf_counter() - started,
        )
        for file in chapters:
            source = Path(file.abs_src_path)
            notebook = executed[source]
            self._executed[file.src_uri] = notebook
            self._downloads[file.src_uri] = (source, notebook)
            # mkdocs-jupyter renders whatever abs_src_path names: give it the executed notebook.
            file.abs_src_path = str(notebook)
        return files

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """The page's date (the sitemap's lastmod): the last commit that changed its source,
        or the helpers, for a chapter that runs them or a page that documents them."""
        source = self._sources.get(page.file.src_uri)
        if source is not None:
            inputs = [source, *self._helpers]
        elif page.file.abs_src_path is not None:
            inputs = [Path(page.file.abs_src_path)]
            if _API_BLOCK.search(page.file.content_string):
                inputs += self._helpers
        else:  # a page a plugin made up: nothing in git
            inputs = []
        page.update_date = build_date.as_date(self._dates.of(inputs))
        return page

    def _display_name(self, path: str | Path | None) -> str:
        """How messages name a chapter: relative to mkdocs.yml, as an author would type it."""
        return Path(os.path.relpath(str(path), self._root)).as_posix()

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        name = self._display_name(self._sources.get(page.file.src_uri, page.file.abs_src_path))
        html = self._math.page(self._notebook_content(html, page, config, files), page, name)
        # The home page keeps the site's description; an author's own description wins.
        if not page.is_homepage and not page.meta.get("description"):
            description = opening_sentences(html)
            if description:
                page.meta["description"] = description
        return html

    def _notebook_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if "jupyter-wrapper" not in html or "jp-Notebook" not in html:
            return html
        src_uri = page.file.src_uri
        path = self._executed.get(src_uri)
        if path is not None:
            nb = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
        else:  # execution switched off: the chapter as written
            nb = read_chapter(Path(str(page.file.abs_src_path)))
        site_dir = Path(config.site_dir)
        figures_dir = self.config.figures_dir

        def figure_url(name: str) -> str:
            return get_relative_url(f"{figures_dir}/{name}", page.url)

        def resolve_link(href: str) -> str | None:
            parts = urlsplit(href)
            if not parts.path.endswith(".md"):
                return href
            target = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), parts.path))
            file = files.get_file_from_path(target)
            if file is None:
                return None
            url = get_relative_url(file.url, page.url)
            return url + (f"#{parts.fragment}" if parts.fragment else "")

        name = self._display_name(self._sources.get(src_uri, page.file.abs_src_path))
        try:
            rebuilt = rebuild(
                html, nb, slugify=_slugify, figure_url=figure_url, resolve_link=resolve_link
            )
        except NotebookHTMLError as error:
            raise PluginError(f"{name}: {error}") from None
        for warning in rebuilt.warnings:
            log.warning("%s: %s", name, warning)
        for number, size in page_checks.oversized_outputs(nb, self.config.max_output_kb):
            log.warning(
                "%s: 第 %d 个代码单元格输出了 %d KB 文本，超过上限 %d KB：请少打印一些；"
                "确需更多时，在 mkdocs.yml 的 d2l-site 插件下调大 max_output_kb",
                name,
                number,
                size,
                self.config.max_output_kb,
            )
        for figure in rebuilt.figures:
            target = site_dir / figures_dir / figure.filename
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(figure.data)
        page.toc = get_toc(rebuilt.toc_tokens)  # type: ignore[arg-type]
        if rebuilt.title:
            page.title = rebuilt.title
        return self._under_title(rebuilt.html, page, config)

    def _under_title(self, html: str, page: Page, config: MkDocsConfig) -> str:
        """The download links and, on pages with code, the live-code notice."""
        if page.file.src_uri not in self._downloads:
            return html
        stem = self._download_stem(page.file.src_uri)
        base = self.config.downloads_dir
        ipynb = get_relative_url(f"{base}/{stem}.ipynb", page.url)
        md = get_relative_url(f"{base}/{stem}.md", page.url)
        bar = (
            '<p class="d2l-downloads" data-search-exclude>下载本节：'
            f'<a href="{ipynb}" download>Jupyter 笔记本（含输出）</a>'
            f'<a href="{md}" download>Markdown 源文件</a></p>'
        )
        if "d2l-cell" in html:
            bar += livecode.notice_html(
                self._livecode, bool(config.extra.get("d2l_wheel")), config.site_url or ""
            )
        head, sep, rest = html.partition("</h1>")
        return head + sep + bar + rest if sep else bar + html

    @staticmethod
    def _download_stem(src_uri: str) -> str:
        stem = Path(src_uri).with_suffix("").as_posix().replace("/", "-")
        return "calculus" if stem == "index" else stem

    def _check_loads(self, html: str, where: str, config: MkDocsConfig) -> None:
        own = {urlsplit(config.site_url or "").netloc.lower()} - {""}
        for url in page_checks.foreign_loads(html, own):
            log.warning("%s: 页面会从其他主机加载 %s（本站承诺不向其他主机发请求）", where, url)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        name = self._display_name(self._sources.get(page.file.src_uri, page.file.abs_src_path))
        self._check_loads(output, name, config)
        return theme_fixes.name_search_dialog(output)

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        self._check_loads(output_content, template_name, config)
        return theme_fixes.name_search_dialog(output_content)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        self._math.write(site_dir)
        if self._wheel is not None:
            self._wheel.write(site_dir)
        livecode.copy_into(self._livecode, site_dir, config.extra)
        target = site_dir / self.config.downloads_dir
        for src_uri, (source, notebook) in sorted(self._downloads.items()):
            target.mkdir(parents=True, exist_ok=True)
            stem = self._download_stem(src_uri)
            shutil.copyfile(source, target / f"{stem}.md")
            downloads.write_download(
                notebook, target / f"{stem}.ipynb", self._wheel, str(config.site_url)
            )
