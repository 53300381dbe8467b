"""A broken internal link fails the strict build with one line, where its author wrote it.

One small site holds each kind of broken link (a missing anchor in another chapter, in the
same chapter, written on a Markdown page, a missing page) next to links that work (a heading
of a chapter, an equation number, a page), so one build shows every case and no false alarm.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sitebuild import make_site, mkdocs_build

pytestmark = pytest.mark.own_build

DERIVATIVES = """\
# 导数

## 导数的定义

$$
f'(x) = \\lim_{h \\to 0} \\frac{f(x + h) - f(x)}{h}. \\tag{2.4.1}
$$
"""
CHAIN = """\
# 链式法则

由 [导数的定义](derivatives.md#导数的定义) 与式 [(2.4.1)](derivatives.md#eq-2-4-1)，

[见](derivatives.md#不存在的小节)

又见 [x](#不存在) 和 [本页](#链式法则)。

[缺页](nothere.md)
"""
API = "# API\n\n[式 (2.4.1)](derivatives.md#eq-2-4-1)，[坏链接](derivatives.md#不存在)\n"


def test_each_broken_link_fails_the_strict_build_with_its_source_line(tmp_path: Path) -> None:
    config = make_site(tmp_path, {"index.md": "# 首页\n", "derivatives.md": DERIVATIVES,
                                  "chain.md": CHAIN})  # fmt: skip
    (tmp_path / "docs" / "api.md").write_text(API, encoding="utf-8")  # a plain Markdown page
    build = mkdocs_build(config, tmp_path / "site", tmp_path / "cache")
    assert build.returncode != 0
    found = sorted(
        line.split("-  ", 1)[-1] for line in build.output.splitlines() if "链接 '" in line
    )
    assert found == [
        (
            "docs/api.md:3: 链接 'derivatives.md#不存在' 指向的锚点不存在"
            "（最接近的锚点：#导数的定义、#导数、#eq-2-4-1）"
        ),
        (
            "docs/chain.md:13: 链接 'derivatives.md#不存在的小节' 指向的锚点不存在"
            "（最接近的锚点：#导数的定义、#导数、#eq-2-4-1）"
        ),
        "docs/chain.md:15: 链接 '#不存在' 指向的锚点不存在（最接近的锚点：#链式法则）",
        (
            "docs/chain.md:17: 链接 'nothere.md' 指向的页面不存在"
            "（最接近的页面：index.md、derivatives.md、chain.md）"
        ),
    ], build.output
