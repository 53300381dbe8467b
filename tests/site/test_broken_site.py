"""What fails the strict build without stopping it: each problem named in one line, at its
source line (``docs/FILE.md:LINE: …``) where it has one.

One build of ``mini_sites.broken_site`` holds one of each, so it shows that every pass reports
through the plugin's log (a warning or an error fails ``mkdocs build --strict``) and that good
links beside the broken ones raise no false alarm. Failing cells, which do stop the build, are
in ``test_failures``; each rule itself is tested at its own module in tests/plugin.
"""

from __future__ import annotations

import pytest

from mini_sites import INSECURE_SITE_URL
from sitebuild import Build

#: Runs builds of its own: left out where a build is given (``nox -s newest``).
pytestmark = pytest.mark.own_build


def test_each_broken_link_fails_the_strict_build_with_its_source_line(broken_site: Build) -> None:
    found = sorted(
        line.split("-  ", 1)[-1] for line in broken_site.output.splitlines() if "链接 '" in line
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
            "（最接近的页面：index.md、outputs.md、formula.md）"
        ),
    ], broken_site.output


def test_each_other_problem_fails_the_strict_build_with_its_own_line(broken_site: Build) -> None:
    expected = [
        f"site_url（或环境变量 SITE_URL）是 {INSECURE_SITE_URL}：不在本机的站点必须用 https://",
        "docs/outputs.md: 页面会从其他主机加载 https://img.test/cat.png",
        "docs/outputs.md:17: 第 2 个代码单元格输出了 293 KB 文本，超过上限 100 KB",
        "调大 max_output_kb",
        "docs/outputs.md:21: 第 3 个代码单元格 画了图，但没有 alt 说明",
        "docs/formula.md:14: 公式 “\\frac{1}{” 无法转换为 MathML",
        (
            "docs/outputs.md: 第 4 个代码单元格的输出里有一段不是站点模板写的内联脚本 "
            """'<script>document.title = "x"'："""
        ),
    ]
    assert [line for line in expected if line not in broken_site.output] == [], broken_site.output
    assert "zh.d2l.ai" not in broken_site.output  # a link is not a load
    assert "Traceback" not in broken_site.output
