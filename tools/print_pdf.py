"""The chapter as one PDF, printed by headless Chromium from the built site (design/pdf.md).

    python tools/print_pdf.py site [--out site/downloads/calculus.pdf]

The built site is served on 127.0.0.1; the first page of mkdocs.yml's nav is opened, and its
article is replaced by the articles of every chapter in nav order (fetched from the same server,
so the site's own CSS and math font apply). Solutions are opened; the live-code controls and
download links are left out by the site's print CSS. Chromium prints it once, with an outline
from the headings and page numbers in the footer. pikepdf then fixes what Chromium takes from
the clock: the creation and modification dates become the site's build date and the document
ID is derived from the content, so the same site gives the same bytes.

Needs Chromium (``$D2L_CHROMIUM``, default Debian's /usr/bin/chromium), Playwright for Python,
pikepdf, and ``tests/`` on the path (the nav is read by ``site_pages``).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pikepdf
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from mkdocs_d2l_site.downloads import pdf_path

import site_pages
from local_site import SiteServer

#: Where the PDF is published, site-relative: where the pages' download bar links to.
PDF_PATH = pdf_path("downloads")
CHROMIUM = Path(os.environ.get("D2L_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
CHROMIUM_ARGS += ["--disable-background-networking", "--disable-component-update"]
#: The PDF's title, in its metadata and a reader's window title.
TITLE = "2.4 微积分 · 动手学深度学习"

# Builds the printed document inside the first page: each chapter's article, fetched from the
# same server, becomes a <section> of it. Ids that two chapters share are prefixed with the
# chapter's name; links between printed chapters become links inside the PDF; every other link
# to the site points at the published page (its canonical address), not at 127.0.0.1.
_ASSEMBLE_JS = """async (pages) => {
  const article = document.querySelector("article.md-content__inner");
  const published = new URL(document.querySelector("link[rel=canonical]").href);
  const siteRoot = new URL(".", location.href);  // the first page is the site's root
  const sections = [];
  for (const [index, page] of pages.entries()) {
    const url = new URL(page.url, location.href);
    const html = index === 0 ? document.documentElement.outerHTML
      : await (await fetch(url)).text();
    const doc = new DOMParser().parseFromString(html, "text/html");
    const content = doc.querySelector("article.md-content__inner");
    if (!content) throw new Error(`${page.url} has no article`);
    const section = document.createElement("section");
    section.className = "d2l-print-chapter";
    section.id = `d2l-chapter-${page.name}`;
    section.append(...content.childNodes);
    sections.push({page, url, section});
  }
  const seen = new Map();  // id -> how many chapters use it
  for (const {section} of sections) {
    for (const el of section.querySelectorAll("[id]")) seen.set(el.id, (seen.get(el.id) || 0) + 1);
  }
  const target = new Map();  // "chapter path + #id" -> id in the printed document
  for (const {page, url, section} of sections) {
    target.set(url.pathname, section.id);
    for (const el of section.querySelectorAll("[id]")) {
      const id = seen.get(el.id) > 1 ? `${page.name}--${el.id}` : el.id;
      target.set(url.pathname + "#" + el.id, id);
      el.id = id;
    }
  }
  for (const {url, section} of sections) {
    for (const img of section.querySelectorAll("img[src]")) {
      img.src = new URL(img.getAttribute("src"), url).href;
      img.loading = "eager";
    }
    for (const a of section.querySelectorAll("a[href]")) {
      const href = new URL(a.getAttribute("href"), url);
      if (href.origin !== location.origin) continue;
      const hash = decodeURIComponent(href.hash.slice(1));
      const inside = target.get(href.pathname + (hash ? "#" + hash : ""));
      if (inside) {
        a.setAttribute("href", "#" + inside);
      } else {
        const path = href.pathname.slice(siteRoot.pathname.length);
        a.setAttribute("href", new URL(path + href.search + href.hash, published).href);
      }
    }
    // Solutions are printed open.
    for (const details of section.querySelectorAll("details")) details.open = true;
  }
  article.replaceChildren(...sections.map(({section}) => section));
  // The math font and every figure are loaded before printing.
  await document.fonts.load('1em "D2L Math"', "x");
  await document.fonts.ready;
  await Promise.all([...document.images].map((img) => img.decode().catch(() => null)));
  const missing = [...article.querySelectorAll("img")].filter((img) => !img.naturalWidth);
  if (missing.length) throw new Error(`figures not loaded: ${missing.map((i) => i.src)}`);
  if (!document.fonts.check('1em "D2L Math"', "x")) throw new Error("math font not loaded");
  // The headings the PDF's outline is made of, in order (Chromium writes the title of one
  // that starts a page twice; fix_metadata puts these back).
  const headings = [...article.querySelectorAll("h1, h2, h3, h4, h5, h6")]
    .filter((h) => h.checkVisibility())
    .map((h) => [...h.childNodes].filter((n) => !n.classList?.contains("headerlink"))
      .map((n) => n.textContent).join("").trim());
  return {
    headings,
    sections: sections.length,
    formulas: article.querySelectorAll("math").length,
    figures: article.querySelectorAll("img").length,
  };
}"""

# Page numbers at the foot of every page ("3 / 24"); the header stays empty.
_FOOTER = (
    '<div style="width:100%;font-size:8px;color:#555;text-align:center;'
    'font-family:sans-serif"><span class="pageNumber"></span> / '
    '<span class="totalPages"></span></div>'
)


class PrintError(Exception):
    """The PDF cannot be printed; the message is meant to be shown as is."""


def build_epoch(site: Path) -> int:
    """The site's build date: ``SOURCE_DATE_EPOCH`` if set (the build used it too), else the
    newest ``<lastmod>`` of its sitemap (midnight UTC, as MkDocs dates the pages)."""
    explicit = os.environ.get("SOURCE_DATE_EPOCH")
    if explicit is not None:
        if not explicit.isdigit():
            raise PrintError(f"SOURCE_DATE_EPOCH={explicit!r} is not a date: expected seconds")
        return int(explicit)
    sitemap = site / "sitemap.xml"
    try:
        root = ET.parse(sitemap).getroot()
    except (OSError, ET.ParseError) as error:
        raise PrintError(f"cannot read the build date from {sitemap}: {error}") from None
    days = [el.text for el in root.iter() if el.tag.endswith("lastmod") and el.text]
    if not days:
        raise PrintError(f"{sitemap} has no <lastmod>: expected a site built by `nox -s docs`")
    newest = max(datetime.strptime(day, "%Y-%m-%d") for day in days)
    return int(newest.replace(tzinfo=timezone.utc).timestamp())


@dataclass(frozen=True)
class Printed:
    """What was printed: the headings (in order) and how many chapters, formulas, figures."""

    headings: list[str]
    sections: int
    formulas: int
    figures: int


def print_chapter(site: Path, raw_pdf: Path) -> Printed:
    """Print every chapter of ``site`` into ``raw_pdf`` (Chromium's bytes, not yet fixed)."""
    if not CHROMIUM.is_file():
        raise PrintError(
            f"no Chromium at {CHROMIUM}: install Debian's (`apt-get install chromium`) "
            "or point D2L_CHROMIUM at a Chrome or Chromium binary"
        )
    pages = [{"url": page.url, "name": page.name} for page in site_pages.CHAPTERS]
    with SiteServer(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(color_scheme="light", java_script_enabled=True)
            page.goto(server.url(pages[0]["url"]), wait_until="load")
            printed = Printed(**page.evaluate(_ASSEMBLE_JS, pages))
            page.emulate_media(media="print")
            page.pdf(
                path=raw_pdf,
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template="<div></div>",
                footer_template=_FOOTER,
                margin={"top": "18mm", "bottom": "20mm", "left": "18mm", "right": "18mm"},
                outline=True,
                tagged=True,
            )
        except PlaywrightError as error:
            raise PrintError(f"Chromium could not print the chapter: {error.message}") from None
        finally:
            browser.close()
    return printed


def fix_outline(pdf: pikepdf.Pdf, headings: list[str]) -> None:
    """The outline's titles are the page's headings; the sections (2.4.1, ...) sit under the
    chapter's title (2.4), as in the book's table of contents."""
    with pdf.open_outline() as outline:
        items: list[pikepdf.OutlineItem] = []
        stack = list(reversed(outline.root))
        while stack:
            item = stack.pop()
            items.append(item)
            stack.extend(reversed(item.children))
        titles = [item.title for item in items]
        if len(items) != len(headings) or not all(
            title.startswith(heading) for title, heading in zip(titles, headings, strict=True)
        ):
            raise PrintError(f"the PDF's outline {titles} does not follow the headings {headings}")
        for item, heading in zip(items, headings, strict=True):
            item.title = heading
        chapter, *sections = outline.root
        chapter.children.extend(sections)
        del outline.root[1:]


def pdf_date(epoch: int) -> str:
    """``epoch`` as a PDF date in UTC: D:20261203000000Z."""
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("D:%Y%m%d%H%M%SZ")


def fix_metadata(raw_pdf: Path, out: Path, epoch: int, headings: list[str]) -> None:
    """Dates from the build, an ID from the content: the same site, the same bytes."""
    stamp = pdf_date(epoch)
    with pikepdf.open(raw_pdf) as pdf:
        fix_outline(pdf, headings)
        pdf.docinfo["/Title"] = TITLE
        pdf.docinfo["/CreationDate"] = stamp
        pdf.docinfo["/ModDate"] = stamp
        if "/Metadata" in pdf.Root:  # XMP repeats the dates and holds random UUIDs
            del pdf.Root["/Metadata"]
        out.parent.mkdir(parents=True, exist_ok=True)
        pdf.save(
            out,
            deterministic_id=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            compress_streams=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the built chapter into one PDF.")
    parser.add_argument("site", type=Path, help="the built site (mkdocs build's site/)")
    parser.add_argument("--out", type=Path, help=f"default: SITE/{PDF_PATH}")
    args = parser.parse_args(argv)
    site: Path = args.site
    out: Path = args.out or site / PDF_PATH
    if not (site / "index.html").is_file():
        print(f"print_pdf: no built site in {site}: run `nox -s docs` first", file=sys.stderr)
        return 2
    start = time.perf_counter()
    try:
        epoch = build_epoch(site)
        with tempfile.TemporaryDirectory() as tmp:
            raw = Path(tmp) / "chromium.pdf"
            printed = print_chapter(site, raw)
            fix_metadata(raw, out, epoch, printed.headings)
    except PrintError as error:
        print(f"print_pdf: {error}", file=sys.stderr)
        return 1
    with pikepdf.open(out) as pdf:
        pages = len(pdf.pages)
    size = out.stat().st_size
    print(
        f"{out}: {pages} pages, {size / 1e6:.2f} MB, {printed.sections} chapters, "
        f"{printed.formulas} formulas, {printed.figures} figures, "
        f"{time.perf_counter() - start:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
