"""The finished page's one scan: loads from other hosts, and the search dialog's name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mkdocs_d2l_site.final_page import finish

from sitebuild import make_site, mkdocs_build

OWN = {"example.org"}


@pytest.mark.parametrize(
    ("html", "loads"),
    [
        ('<img src="https://cdn.test/a.png">', ["https://cdn.test/a.png"]),
        ('<img srcset="/a.png 1x, //cdn.test/a2.png 2x">', ["//cdn.test/a2.png"]),
        ('<script src="http://cdn.test/x.js"></script>', ["http://cdn.test/x.js"]),
        ('<link rel="stylesheet" href="https://fonts.test/css">', ["https://fonts.test/css"]),
        ('<link rel="preconnect" href="https://fonts.test">', ["https://fonts.test"]),
        ('<iframe src="https://video.test/embed"></iframe>', ["https://video.test/embed"]),
        (
            '<video poster="https://v.test/p.jpg"><source src="https://v.test/v.mp4"></video>',
            ["https://v.test/p.jpg", "https://v.test/v.mp4"],
        ),
        ('<audio src="https://a.test/s.ogg"></audio>', ["https://a.test/s.ogg"]),
        (
            "<div style=\"background: url('https://img.test/b.png')\"></div>",
            ["https://img.test/b.png"],
        ),
        (
            "<style>@import 'https://css.test/a.css'; p { background: url(//img.test/c.png) }</style>",
            ["//img.test/c.png", "https://css.test/a.css"],
        ),
        # not loads from another host:
        ('<a href="https://zh.d2l.ai/">the book</a>', []),
        ('<link rel="canonical" href="https://elsewhere.test/page/">', []),
        ('<img src="../figures/a.svg"><script src="/assets/x.js"></script>', []),
        ('<img src="https://example.org/calculus/a.png">', []),
        ('<img src="data:image/png;base64,AAAA">', []),
        ("<p>url(https://text.test/not-css.png)</p>", []),
    ],
)
def test_foreign_loads(html: str, loads: list[str]) -> None:
    assert sorted(finish(html, OWN).foreign) == sorted(loads)


def test_search_dialog_gets_an_accessible_name_and_nothing_else_changes() -> None:
    page = (
        '<img src="a.png">\n<div class="md-search" data-md-component="search" role="dialog">'
        "\r<p>x</p></div>"
    )
    assert finish(page, OWN).html == page.replace(
        'role="dialog">', 'role="dialog" aria-label="搜索">'
    )
    named = finish(page, OWN).html
    assert finish(named, OWN).html == named  # already named: left alone


FOREIGN_OUTPUT = """\
# 外部资源

```python
from IPython.display import HTML
HTML('<img src="https://img.test/cat.png" alt="猫"> <a href="https://zh.d2l.ai/">原书</a>')
```
"""


def test_an_output_loading_from_another_host_fails_the_strict_build(tmp_path: Path) -> None:
    config = make_site(tmp_path, {"index.md": "# 首页\n", "cat.md": FOREIGN_OUTPUT})
    build = mkdocs_build(config, tmp_path / "site", tmp_path / "cache")
    assert build.returncode != 0
    assert "docs/cat.md: 页面会从其他主机加载 https://img.test/cat.png" in build.output
    assert "zh.d2l.ai" not in build.output


BIG_OUTPUT = '# 很长的输出\n\n```python\nprint("很长的输出" * 20_000)\n```\n'


def test_a_big_text_output_fails_the_strict_build_and_says_how_to_allow_it(
    tmp_path: Path,
) -> None:
    config = make_site(tmp_path, {"index.md": BIG_OUTPUT})
    build = mkdocs_build(config, tmp_path / "site", tmp_path / "cache")
    assert build.returncode != 0
    assert "docs/index.md: 第 1 个代码单元格输出了 293 KB 文本，超过上限 100 KB" in build.output
    assert "调大 max_output_kb" in build.output

    config = make_site(tmp_path, {"index.md": BIG_OUTPUT}, options={"max_output_kb": 400})
    config.write_text(config.read_text().replace("plugins:\n", "plugins:\n  - search\n"))
    allowed = mkdocs_build(config, tmp_path / "site", tmp_path / "cache")
    assert allowed.returncode == 0, allowed.output
    index = (tmp_path / "site" / "search" / "search_index.json").read_bytes()
    assert len(index) < 5_000
    assert "很长的输出很长的输出" not in json.loads(index)["docs"][0]["text"]
