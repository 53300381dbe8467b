"""Full-page screenshots of every page in both schemes, on a desktop and on a phone.

Pictures for a person to look at (dark figures, phone layout). `nox -s screenshots` builds the
site and runs this; the PNGs land in ``$D2L_SCREENSHOT_DIR`` (default ``artifacts/screenshots/``,
git-ignored) as ``<page>-<scheme>-<width>.png``; page names as arguments (``derivatives``,
``index``) picture those pages only. It opens pages as the browser tests do, with
their code: run it with ``PYTHONPATH=tests/e2e:tests`` (the noxfile does).
"""

from __future__ import annotations

import sys

from playwright.sync_api import sync_playwright

from e2e_support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PAGES,
    SCHEMES,
    SCREENSHOT_DIR,
    SITE_DIR,
    WIDTHS,
    open_visit,
)
from local_site import SiteServer

_EVERY_FIGURE_JS = """() => Promise.all([...document.images].map((img) => {
  img.loading = "eager";
  return img.decode().catch(() => null);
}))"""
# A block with content-visibility: auto (site.css) is drawn only near the screen, and the
# browser does not count a whole-page picture as the screen: every block is drawn here, as a
# reader scrolling down sees it.
_EVERY_BLOCK_JS = """() => new Promise((done) => {
  for (const block of document.querySelectorAll("article *")) {
    if (getComputedStyle(block).contentVisibility === "auto") block.style.contentVisibility = "visible";
  }
  requestAnimationFrame(() => setTimeout(done, 50));
})"""


def main(names: list[str]) -> int:
    unknown = [name for name in names if name not in PAGES]
    if unknown:
        print(f"No page {unknown[0]!r}: the pages are {', '.join(PAGES)}", file=sys.stderr)
        return 2
    pages = {name: path for name, path in PAGES.items() if name in names or not names}
    if not (SITE_DIR / "index.html").is_file():
        print(f"No built site in {SITE_DIR}: run `mkdocs build` first.", file=sys.stderr)
        return 1
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    server = SiteServer(SITE_DIR)
    count = 0
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            for name, path in pages.items():
                for scheme in SCHEMES:
                    for width in WIDTHS:
                        visit = open_visit(browser, server.url(path), scheme=scheme, width=width)
                        target = SCREENSHOT_DIR / f"{name}-{scheme}-{width}.png"
                        # The whole page is pictured: figures below the screen load now, not
                        # when a reader would scroll to them.
                        visit.page.evaluate(_EVERY_FIGURE_JS)
                        visit.page.evaluate(_EVERY_BLOCK_JS)
                        visit.page.screenshot(path=target, full_page=True, animations="disabled")
                        visit.context.close()
                        count += 1
            browser.close()
    finally:
        server.close()
    print(f"{count} screenshots in {SCREENSHOT_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
