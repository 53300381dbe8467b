"""Explorable figures in a real build: the frames are drawn, cached and served (a failing frame's
one-line message is tested in process: tests/plugin/test_cell_failures.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitebuild import make_site, mkdocs_build

#: Runs builds of its own: left out where a build is given (``nox -s newest``).
pytestmark = pytest.mark.own_build

DRAWN = """\
# 可拖动的图

```python
%matplotlib inline
%config InlineBackend.figure_formats = ['svg']
from matplotlib import pyplot as plt
```

```python slider="k=1,2,3" alt="斜率为 {k} 的直线"
k = 1
plt.plot([0, 1], [0, k])
plt.title(f'k = {k}');
```

```python
print(k)
```
"""


def test_frames_are_drawn_by_the_cell_and_served_as_figures(tmp_path: Path) -> None:
    config = make_site(tmp_path, {"index.md": DRAWN})
    build = mkdocs_build(config, tmp_path / "site", tmp_path / "cache")
    assert build.returncode == 0, build.output
    page = BeautifulSoup(build.page(""), "html.parser")
    figure = page.select_one("figure[data-d2l-slider]")
    assert figure is not None
    assert (figure["data-d2l-slider"], figure["data-d2l-values"]) == ("k", "1 2 3")
    frames = str(figure["data-d2l-frames"]).split()
    assert len(set(frames)) == 3
    assert frames[0] == figure.img["src"]  # type: ignore[index]
    # matplotlib writes each text it draws into the SVG as a comment
    titles = [
        re.search(r"<!-- (k = \d) -->", (tmp_path / "site" / url).read_text(encoding="utf-8"))
        for url in frames
    ]
    assert [t.group(1) for t in titles if t] == ["k = 1", "k = 2", "k = 3"]
    assert figure.img["alt"] == "斜率为 1 的直线"  # type: ignore[index]
    # The cells below see the state the cell leaves as written (k = 1), not the last frame's.
    assert page.select(".d2l-output pre")[-1].get_text().strip() == "1"
    # The downloaded notebook has the code, not the cached frames.
    [download] = (tmp_path / "site" / "downloads").glob("*.ipynb")
    text = download.read_text(encoding="utf-8")
    assert "k=1,2,3" in text
    assert "d2l_frames" not in text
    # The frames are part of the chapter's cache entry: a second build runs no kernel.
    again = mkdocs_build(config, tmp_path / "site2", tmp_path / "cache")
    assert "executed 0 chapter(s), 1 from cache" in again.output
    assert (
        BeautifulSoup(again.page(""), "html.parser").select_one("figure[data-d2l-slider]") == figure
    )
