"""What fails the strict build without stopping it: each problem named in one line, at
its source line (``docs/FILE.md:LINE: …``) where it has one.

One small site holds one of each, so one build shows that every pass reports through the
plugin's log (a warning or an error fails ``mkdocs build --strict``). Failing cells, which do
stop the build, are in ``test_failures``; each rule itself is tested at its own module.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sitebuild import Build, make_site, mkdocs_build

#: Runs builds of its own: left out where a build is given (``nox -s newest``).
pytestmark = pytest.mark.own_build

FOREIGN_OUTPUT = """\
# 外部资源

```python
from IPython.display import HTML

HTML('<img src="https://img.test/cat.png" alt="猫"> <a href="https://zh.d2l.ai/">原书</a>')
```
"""
BIG_OUTPUT = '# 很长的输出\n\n```python\nprint("很长的输出" * 20_000)\n```\n'
NO_ALT = (
    "# 没有说明的图\n\n```python\n%matplotlib inline\nimport matplotlib.pyplot as plt\n"
    "from matplotlib_inline import backend_inline\n"
    "backend_inline.set_matplotlib_formats('svg')\nplt.plot([1, 2]);\n```\n"
)
BAD_FORMULA = "# 坏公式\n\n正文 $x$，然后\n\n$$\n\\frac{1}{\n$$\n"
SCRIPT_OUTPUT = """\
# 脚本

```python
x = 1
```

```python
from IPython.display import HTML

HTML('<p>结果</p><script>document.title = "x"</script>')
```
"""


def test_each_problem_fails_the_strict_build_with_its_own_line(tmp_path: Path) -> None:
    pages = {
        "index.md": "# 首页\n",
        "cat.md": FOREIGN_OUTPUT,
        "big.md": BIG_OUTPUT,
        "figure.md": NO_ALT,
        "formula.md": BAD_FORMULA,
        "script.md": SCRIPT_OUTPUT,
    }
    config = make_site(tmp_path, pages)
    config.write_text("site_url: http://example.org/calculus/\n" + config.read_text("utf-8"))
    build: Build = mkdocs_build(config, tmp_path / "site", tmp_path / "cache")
    assert build.returncode != 0
    expected = [
        "site_url（或环境变量 SITE_URL）是 http://example.org/calculus/：不在本机的站点必须用 https://",
        "docs/cat.md: 页面会从其他主机加载 https://img.test/cat.png",
        "docs/big.md:11: 第 1 个代码单元格输出了 293 KB 文本，超过上限 100 KB",
        "调大 max_output_kb",
        "docs/figure.md:11: 第 1 个代码单元格 画了图，但没有 alt 说明",
        "docs/formula.md:14: 公式 “\\frac{1}{” 无法转换为 MathML",
        (
            "docs/script.md: 第 2 个代码单元格的输出里有一段不是站点模板写的内联脚本 "
            """'<script>document.title = "x"'："""
        ),
    ]
    assert [line for line in expected if line not in build.output] == [], build.output
    assert "zh.d2l.ai" not in build.output  # a link is not a load
    assert "Traceback" not in build.output
