"""Full-page screenshots of every page in both schemes, on a desktop and on a phone.

They land in ``$D2L_SCREENSHOT_DIR`` (default ``artifacts/screenshots/``, git-ignored) as
``<page>-<scheme>-<width>.png``, for a person to look at: dark figures, phone layout.
"""

from __future__ import annotations

import struct

import pytest

from e2e_support import PAGES, SCHEMES, SCREENSHOT_DIR, VIEWPORTS, WIDTHS, Scheme, SitePage, Width


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("site_page", list(PAGES), indirect=True)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_full_page_screenshot(site_page: SitePage, scheme: Scheme, width: Width) -> None:
    visit = site_page.visit(scheme, width)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{site_page.name}-{scheme}-{width}.png"
    data = visit.page.screenshot(path=path, full_page=True, animations="disabled")
    shot_width, shot_height = _png_size(data)
    assert shot_width >= width, path.name  # wider when the page overflows (see the layout test)
    assert shot_height >= VIEWPORTS[width]["height"], path.name
