"""The mkdocs plugin: its hooks decide each page's facts once and hand the work to modules.

Order of events (mkdocs-jupyter must be listed before this plugin in ``plugins``):

1. ``on_config``: the build's dates are read from git (``build_date``; exported as
   ``SOURCE_DATE_EPOCH`` for MkDocs, hatchling and the kernels), the wheel is built (``wheel``),
   whether live code is available decided (``livecode``, the wheel included), the math asset
   URLs and the wheel announced in ``config.extra`` for the templates.
2. ``on_files`` (after mkdocs-jupyter marked its notebooks): the chapters (``chapters``) are
   executed at once, or taken from the cache (``execution``), each into one record
   (``chapter_record.ExecutedChapter``) that the pages and the downloads read; each chapter's
   source is swapped for its executed notebook, so mkdocs-jupyter only renders.
3. ``on_pre_page``: the page's date (the sitemap's lastmod). ``on_page_markdown``: the page's
   facts go into ``page.meta`` (``page_pipeline.CHAPTER``, ``LIVE``, ``DOWNLOADS``, ``SLIDERS``), once;
   templates and passes read them from there.
4. ``on_page_content``: the page's content goes through ``page_pipeline`` (one parse).
5. ``on_post_page`` / ``on_post_template``: the finished page is scanned once (``final_page``).
6. ``on_post_build``: the site's stylesheets without comments (``site_styles``), the math font
   and fallback, the wheel, live code and the downloads (each chapter's, and all of them in
   one zip).

``on_pre_build`` moves mkdocstrings' styles from every page to the API pages (``page.meta[API]``).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2.bccache
from jinja2 import Environment
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents
from pymdownx.slugs import slugify

from . import (
    build_date,
    build_log,
    downloads,
    final_page,
    jupyter_markup,
    links,
    livecode,
    math_assets,
    offline,
    page_pipeline,
    preview_memo,
    site_styles,
    sliders,
    source_lines,
)
from .chapter_record import ExecutedChapter
from .chapters import chapter_problem, is_chapter
from .execution import (
    Chapter,
    ChapterError,
    ChapterRunner,
    ExecutionInterrupted,
    Progress,
    unexecuted,
)
from .formulas import Converter
from .kernels import WarmKernels
from .notebook_page import NotebookHTMLError
from .page_pipeline import API, CHAPTER, DOWNLOADS, LIVE, SLIDERS
from .wheel import WheelError, insecure_site_url, site_wheel

log = logging.getLogger("mkdocs.plugins.d2l_site")


#: A mkdocstrings block (``::: d2l_helpers.plotting``): the page documents the helpers' source.
_API_BLOCK = re.compile(r"^:::[ \t]", re.MULTILINE)
#: The styles mkdocstrings adds to every page; the templates load them where page.meta[API] is.
API_CSS = "assets/_mkdocstrings.css"


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
    # The deploy prints the chapter's PDF after the build (nox -s pdf): link to it from the pages.
    pdf = c.Type(bool, default=False)
    # Offline reading by a service worker (design/offline.md); false deploys its kill switch.
    offline = c.Type(bool, default=True)


class _TemplateCache(jinja2.bccache.BytecodeCache):
    """Compiled templates kept in memory: ``mkdocs serve`` makes a new environment per rebuild."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self._code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


@dataclass(frozen=True)
class _PageDone:
    """What the page passes gave for one input, and did besides (``preview_memo``)."""

    html: str
    title: str | None
    toc: TableOfContents
    meta: dict[str, Any]
    figures: dict[str, bytes]
    characters: frozenset[str]
    warnings: tuple[str, ...]
    errors: tuple[str, ...]

    @classmethod
    def of(cls, html: str, ctx: page_pipeline.PageContext) -> _PageDone:
        page = ctx.page
        return cls(
            html, page.title, page.toc, dict(page.meta), dict(ctx.figures),
            frozenset(ctx.characters), tuple(ctx.warnings), tuple(ctx.errors),
        )  # fmt: skip

    def replay(self, ctx: page_pipeline.PageContext) -> str:
        """Do again to this build what the passes did; the page's HTML."""
        ctx.page.title, ctx.page.toc = self.title, self.toc
        ctx.page.meta.update(self.meta)
        ctx.build.characters |= self.characters
        for name, data in self.figures.items():
            page_pipeline.write_figure(ctx, name, data)
        ctx.warnings += self.warnings
        ctx.errors += self.errors
        return self.html


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # ``mkdocs serve`` stops as on Ctrl-C: on_shutdown runs


class D2LSitePlugin(BasePlugin[D2LSiteConfig]):  # type: ignore[no-untyped-call]
    _serving = False
    _templates = _TemplateCache()
    _warm: WarmKernels | None = None

    def __init__(self) -> None:
        super().__init__()
        # The preview's memory of each page's passes and final scan (``preview_memo``).
        self._pages: preview_memo.Memo[_PageDone] = preview_memo.Memo()
        self._finished: preview_memo.Memo[final_page.Finished] = preview_memo.Memo()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """``mkdocs serve`` keeps this plugin from one rebuild to the next (MkDocs does so for
        plugins with this hook): the preview's caches and warm kernels live here."""
        self._serving = command == "serve"
        main = threading.current_thread() is threading.main_thread()
        # Not if someone else handles SIGTERM already.
        if self._serving and main and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            signal.signal(signal.SIGTERM, _stop_on_sigterm)

    def on_shutdown(self) -> None:
        """The preview's warm kernels stop with it."""
        if self._warm is not None:
            self._warm.close()
            self._warm = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._pages.next_build()
        self._finished.next_build()
        self._chapters: dict[str, ExecutedChapter] = {}  # by src_uri: each chapter's record
        # The deploy prints the chapter's PDF after the build: pages link it, the links are good.
        pdf = downloads.pdf_path(self.config.downloads_dir) if self.config.pdf else None
        self._links = links.LinkCheck(later=frozenset([pdf] if pdf else []))
        build_log.keep_details_for_verbose()
        self._root = Path(config.config_file_path).parent
        self._cache_dir = (self._root / self.config.cache_dir).resolve()
        self._own_hosts = {urlsplit(config.site_url or "").netloc.lower()} - {""}
        if problem := insecure_site_url(config.site_url or ""):
            log.warning("d2l-site: %s", problem)  # the strict build stops here
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
        self._math = math_assets.MathAssets(self._cache_dir / "fonts")
        config.extra["d2l_math"] = math_assets.extra()
        config.extra["d2l_sliders"] = {"script": sliders.script_path()}
        config.extra["d2l_offline"] = (
            {"script": offline.script_path()} if self.config.offline else None
        )
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
        jupyter_markup.use_cache_dir(config, self._cache_dir / "html")
        self._livecode = livecode.configure(
            config,
            self._root,
            self.config.livecode_dir,
            self.config.pyodide_url,
            self._wheel.url if self._wheel is not None else None,
        )
        self._build = page_pipeline.Build(
            converter=Converter(),
            slugify=slugify(case="lower"),
            site_dir=Path(config.site_dir),
            figures_dir=self.config.figures_dir,
            max_output_kb=self.config.max_output_kb,
            live_notice=livecode.notice_html(self._livecode, config.site_url or ""),
            characters=self._math.characters,
            pdf=pdf,
        )
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """mkdocstrings' styles leave ``extra_css`` (every page) for ``config.extra`` (the pages
        that document the API, see overrides/main.html): every plugin's on_config has run."""
        if API_CSS in config.extra_css:
            config.extra_css.remove(API_CSS)
            config.extra["d2l_api_css"] = API_CSS

    @event_priority(-50)  # after mkdocs-jupyter has marked the notebook files
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        chapters = []
        for file in files:
            if not file.src_uri.endswith(".md"):
                continue
            path = Path(str(file.abs_src_path))
            problem = chapter_problem(path)
            if problem is None and jupyter_markup.is_notebook(file) != is_chapter(path):
                problem = (
                    f"{jupyter_markup.PLUGIN} 与本站对“是否为章节”的判断不一致"
                    "（检查 mkdocs.yml 里它的 include 设置）"
                )
            if problem is not None:
                raise PluginError(f"{self._display_name(path)}: {problem}")
            if is_chapter(path):
                chapters.append(file)
        wanted = {}
        for file in chapters:
            path = Path(str(file.abs_src_path))
            date = self._dates.of([path, *self._helpers])
            wanted[file.src_uri] = Chapter(path, self._display_name(path), date)
        if not self.config.execute:
            log.info("d2l-site: execution switched off; chapters are shown without outputs")
            try:
                self._chapters = {uri: unexecuted(c) for uri, c in wanted.items()}
            except ChapterError as error:
                raise PluginError(str(error)) from None
            return files
        if self._serving and self._warm is None:
            self._warm = WarmKernels()
        runner = ChapterRunner(
            self._cache_dir,
            watch_packages=self.config.watch,
            timeout=self.config.timeout,
            workers=self.config.workers or None,
            progress=Progress(self.config.progress_after, self.config.progress_every),
            preview=self._serving,
            warm=self._warm,
        )
        started = time.perf_counter()
        try:
            executed, report = runner.run(list(wanted.values()))
        except ChapterError as error:
            raise PluginError(str(error)) from None
        except ExecutionInterrupted:
            log.error("d2l-site: 已中断（Ctrl-C）；执行完的章节已存入缓存，下次构建不会重跑")
            raise SystemExit(130) from None
        log.info(
            "d2l-site: executed %d chapter(s), %d from cache, in %.1f s%s",
            len(report.executed),
            len(report.cached),
            time.perf_counter() - started,
            f": {', '.join(report.executed)}" if report.executed else "",
        )
        self._chapters = {uri: executed[c.path] for uri, c in wanted.items()}
        for file in chapters:
            # mkdocs-jupyter renders whatever abs_src_path names: give it the executed notebook.
            file.abs_src_path = str(self._chapters[file.src_uri].path)
        return files

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """The page's date (the sitemap's lastmod): the last commit that changed its source,
        or the helpers, for a chapter that runs them or a page that documents them."""
        chapter = self._chapters.get(page.file.src_uri)
        if chapter is not None:
            inputs = [chapter.source, *self._helpers]
        elif page.file.abs_src_path is not None:
            inputs = [Path(page.file.abs_src_path)]
            if _API_BLOCK.search(page.file.content_string):
                inputs += self._helpers
        else:  # a page a plugin made up: nothing in git
            inputs = []
        page.update_date = build_date.as_date(self._dates.of(inputs))
        return page

    def _display_name(self, path: str | Path | None) -> str:
        """How messages name a page: relative to mkdocs.yml, as an author would type it."""
        return Path(os.path.relpath(str(path), self._root)).as_posix()

    def _source(self, page: Page) -> Path:
        """The file the author edits: a chapter's source, not the executed notebook."""
        chapter = self._chapters.get(page.file.src_uri)
        return chapter.source if chapter else Path(str(page.file.abs_src_path))

    def _page_name(self, page: Page) -> str:
        return self._display_name(self._source(page))

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        chapter = self._chapters.get(page.file.src_uri)
        page.meta[CHAPTER] = chapter is not None
        page.meta[API] = bool(_API_BLOCK.search(markdown))
        if chapter is not None and chapter.executed:  # there is something to download and run
            page.meta[LIVE] = bool(chapter.code_cells)
            page.meta[SLIDERS] = any(cell.slider for cell in chapter.code_cells)
            page.meta[DOWNLOADS] = downloads.download_paths(
                page.file.src_uri, self.config.downloads_dir
            )
        try:
            return downloads.fill_placeholder(markdown, self._wheel, config.site_url, page.url)
        except WheelError as error:
            raise PluginError(f"{page.file.src_uri}: {error}") from None

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        ctx = page_pipeline.PageContext(
            page, files, self._build, self._chapters.get(page.file.src_uri)
        )
        name = self._page_name(page)
        key = self._page_key(html, ctx) if self._serving else ""
        done = self._pages.get(key) if key else None
        if done is not None:  # the preview: this page's input has not changed
            html = done.replay(ctx)
        else:
            try:
                html = page_pipeline.run(html, ctx)
            except NotebookHTMLError as error:
                raise PluginError(f"{name}: {error}") from None
            if key:
                self._pages.put(key, _PageDone.of(html, ctx))
        source = (
            self._source(page).read_text(encoding="utf-8") if ctx.warnings or ctx.errors else ""
        )
        for level, problem in [*((logging.WARNING, w) for w in ctx.warnings),
                               *((logging.ERROR, e) for e in ctx.errors)]:  # fmt: skip
            line = source_lines.line_of(problem, source, ctx.chapter)
            log.log(level, "%s%s: %s", name, f":{line}" if line else "", problem)
        return html

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """The inline scripts the theme's templates write (Material's and overrides/): the
        only ones a page's policy allows. The preview keeps compiled templates across rebuilds."""
        if self._serving:
            env.bytecode_cache = self._templates
        loader = env.loader
        assert loader is not None  # MkDocs always gives its theme's loader
        sources = {
            name: loader.get_source(env, name)[0]
            for name in loader.list_templates()
            if name.endswith(".html")
        }
        self._known_scripts = final_page.template_scripts(sources)
        return env

    def _page_key(self, html: str, ctx: page_pipeline.PageContext) -> str:
        """Everything the page passes read, for the preview's memory of them."""
        page, chapter, build = ctx.page, ctx.chapter, ctx.build
        return preview_memo.digest(
            html,
            [page.file.src_uri, page.url, page.is_homepage, page.title, page.meta],
            [str(chapter.source), str(chapter.path), chapter.notebook] if chapter else None,
            sorted((file.src_uri, file.url) for file in ctx.files),
            [str(build.site_dir), build.figures_dir, build.max_output_kb, build.live_notice],
            build.pdf,
        )

    def _finish(self, output: str, where: str) -> final_page.Finished:
        finished = None
        if self._serving:  # the preview: the same page as in the last build is scanned once
            known = [pattern.pattern for pattern in self._known_scripts]
            key = preview_memo.digest(output, sorted(self._own_hosts), known)
            finished = self._finished.get(key)
        if finished is None:
            finished = final_page.finish(output, self._own_hosts, self._known_scripts)
            if self._serving:
                self._finished.put(key, finished)
        for url in finished.foreign:
            log.warning("%s: 页面会从其他主机加载 %s（本站承诺不向其他主机发请求）", where, url)
        for found in finished.uncovered:
            log.warning(
                "%s: %s的 %s 是内联脚本，内容安全策略（CSP）无法按哈希放行："
                "请改写成 JS 文件里的事件监听",
                where,
                found.place(),
                found.text,
            )
        for found in finished.unexpected:
            log.warning(
                "%s: %s有一段不是站点模板写的内联脚本 %s：内容安全策略只放行模板的脚本，"
                "浏览器会拦下它；请去掉它，或把它做成站点的 JS 文件",
                where,
                found.place(),
                found.sample(),
            )
        return finished

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        name = self._page_name(page)
        finished = self._finish(output, name)
        self._links.add(
            page.url, page.file.src_uri, self._source(page), name, finished.ids, finished.links
        )
        return finished.html

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        return self._finish(output_content, template_name).html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        try:
            site_styles.strip_site_styles(site_dir, Path(config.docs_dir), config.extra_css)
        except site_styles.StylesheetError as error:
            raise PluginError(str(error)) from None
        self._math.write(site_dir)
        if self._wheel is not None:
            self._wheel.write(site_dir)
        livecode.copy_into(self._livecode, site_dir)
        sliders.write_script(site_dir)
        notebooks: dict[str, bytes] = {}
        for src_uri, chapter in sorted(self._chapters.items()):
            if not chapter.executed:
                continue
            paths = downloads.download_paths(src_uri, self.config.downloads_dir)
            (site_dir / self.config.downloads_dir).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(chapter.source, site_dir / paths["source"])
            target = site_dir / paths["notebook"]
            downloads.write_download(chapter.notebook, target, self._wheel, str(config.site_url))
            notebooks[target.name] = target.read_bytes()
        if notebooks:  # the pages link it (page_pipeline.under_title)
            zip_file = site_dir / downloads.zip_path(self.config.downloads_dir)
            downloads.write_zip(zip_file, notebooks, self._dates.epoch)
        for problem in self._links.problems(site_dir):  # every page and file is written
            log.warning(problem)
        offline.write(site_dir, self.config.offline)  # last: it names the deploy by its files
