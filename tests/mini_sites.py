"""The small sites the site tests build, each once per session, and the pages they hold.

- ``good_site``: this repository's mkdocs.yml with a few pages an author might write (a new
  chapter, a drawn slider, a checked exercise, a cell that may fail, a plain page). Its strict
  build passes; ``test_new_page`` runs the page tests against it, and the tests of the whole
  build's output (``test_good_site``) read its pages and log.
- ``broken_site``: one of each problem that fails the strict build without stopping it (broken
  links, foreign loads, oversized output, a figure without alt text, a formula typo, a stray
  inline script, an insecure site_url); ``test_broken_site`` finds each one's line in its log.

A page here is read by the test named beside it; each fact is asserted once.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from site_pages import FRONT_MATTER, ROOT
from sitebuild import make_site

# The good site.

HOME = "# 2.4 微积分\n\n导数 $f'(x)$ 的定义见 [2.4.1&nbsp;节](derivatives.md)。\n"
DERIVATIVES = """\
# 2.4.1 导数和微分

$$
f'(x) = \\lim_{h \\rightarrow 0} \\frac{f(x+h) - f(x)}{h}. \\tag{2.4.1}
$$
"""
#: The new page ``test_new_page`` proves the page tests check without being edited.
TAYLOR = """\
# 2.4.7 泰勒展开（补充）

由导数的定义 [(2.4.1)](derivatives.md#eq-2-4-1)，函数在 $x = 0$ 附近可以写成多项式
$f(x) \\approx \\sum_{k=0}^{n} \\frac{f^{(k)}(0)}{k!} x^k$。

```python
import numpy as np

import d2l_helpers as d2l
```

```python slider="n=1..4" alt="函数 exp(x) 和它的 {n} 阶泰勒多项式"
n = 1
x = np.arange(-2, 2, 0.1)
terms = sum(x**k / np.prod(range(1, k + 1)) for k in range(n + 1))
d2l.plot(x, [np.exp(x), terms], 'x', 'f(x)', legend=['exp(x)', f'n = {n}']);
```

## 练习

求 $e^x$ 在 $x = 0$ 处的二阶泰勒多项式。

<!-- #region tags=["solution"] -->
各阶导数都是 $e^0 = 1$，所以是 $1 + x + \\frac{x^2}{2}$。
<!-- #endregion -->

```python tags=["solution"]
assert abs(np.exp(0.1) - (1 + 0.1 + 0.1**2 / 2)) < 1e-3
```
"""
#: A slider whose frames the cell draws (``test_good_site``: frames, titles, state, download),
#: then a cell tagged ``raises-exception``, which may fail without stopping the build.
SLOPE = """\
# 2.4.8 可拖动的图（补充）

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

```python tags=["raises-exception"]
1 / 0
```
"""
EXERCISE_CHECK = """\
from d2l_helpers.exercises import Wrong, exercise

@exercise('练习 1')
def check_double(double):
    got = double(3.0, shape=())
    if got != 6:
        raise Wrong(f'double(3) 是 {got}，应为 6。')
    return '在 x = 3 处与 2x 一致。'
"""


def exercise_chapter(
    *,
    scaffold: str = "def double(x):\n    ...",
    check: str = EXERCISE_CHECK,
    wrong: str = "check_double.wrong(lambda x: x + 2, '应为 6')",
    solution: str = "def double(x):\n    return 2 * x\n\ncheck_double.solution(double)",
) -> str:
    """A chapter with one checked exercise; the defaults make a sound one (``test_good_site``),
    each argument breaks one part of its proof (``tests/plugin/test_exercise_proofs.py``)."""
    return (
        "# 2.4.9 练习（补充）\n\n## 练习 1\n\n求 2x。\n\n"
        f'```python tags=["exercise"]\n{scaffold}\n```\n\n'
        f'```python tags=["check"]\n{check}\n{wrong}\ncheck_double(double)\n```\n\n'
        f'```python tags=["solution"]\n{solution}\n```\n'
    )


#: A page's opening as the description, escaped once (``test_good_site``).
OPENING = '例如 x = "a" 与 a < b、R&D，以及 `"><svg onload=alert(1)>` 这样的代码。'
#: A page without ``jupyter:`` front matter: shown as written, its code not run.
NOTES = f"---\ntitle: 说明\n---\n# 说明\n\n{OPENING}\n\n```python\nprint('not run')\n```\n"
#: The good site's chapters (each after ``FRONT_MATTER``), in nav order, and its plain page.
GOOD_CHAPTERS = {
    "index.md": ("2.4 微积分", HOME),
    "derivatives.md": ("2.4.1 导数和微分", DERIVATIVES),
    "taylor.md": ("2.4.7 泰勒展开（补充）", TAYLOR),
    "slope.md": ("2.4.8 可拖动的图（补充）", SLOPE),
    "practice.md": ("2.4.9 练习（补充）", exercise_chapter()),
}
GOOD_PLAIN = {"notes.md": ("说明", NOTES)}


def good_site(root: Path) -> Path:
    """This repository's mkdocs.yml and stylesheets with the pages above in its nav; returns
    its mkdocs.yml."""
    pages = {**GOOD_CHAPTERS, **GOOD_PLAIN}
    nav = "nav:\n" + "".join(f"  - {title}: {name}\n" for name, (title, _) in pages.items())
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^nav:\n(  - .*\n)+", nav, config)
    config = config.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    config = re.sub(r"(?m)^watch:\n(  - .*\n)+", "", config)  # no d2l_helpers/ folder here
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "docs" / "stylesheets", root / "docs" / "stylesheets")
    for name, (_, body) in GOOD_CHAPTERS.items():
        (root / "docs" / name).write_text(FRONT_MATTER + body, encoding="utf-8")
    for name, (_, body) in GOOD_PLAIN.items():
        (root / "docs" / name).write_text(body, encoding="utf-8")
    return root / "mkdocs.yml"


# The broken site.

LINKED = """\
# 导数

## 导数的定义

$$
f'(x) = \\lim_{h \\to 0} \\frac{f(x + h) - f(x)}{h}. \\tag{2.4.1}
$$
"""
#: Links that work (a heading of a chapter, an equation number, the page itself) beside each
#: kind of broken one: a missing anchor in another chapter and in the same one, a missing page.
CHAIN = """\
# 链式法则

由 [导数的定义](derivatives.md#导数的定义) 与式 [(2.4.1)](derivatives.md#eq-2-4-1)，

[见](derivatives.md#不存在的小节)

又见 [x](#不存在) 和 [本页](#链式法则)。

[缺页](nothere.md)
"""
#: A plain Markdown page (not a chapter) with a good and a broken link.
API = "# API\n\n[式 (2.4.1)](derivatives.md#eq-2-4-1)，[坏链接](derivatives.md#不存在)\n"
#: Outputs the strict build refuses, in one chapter (one kernel): a foreign image (beside a
#: link to another host, which is no load), too much text, a figure without alt text, and an
#: inline script the site's templates did not write.
OUTPUTS = """\
# 输出

```python
from IPython.display import HTML

HTML('<img src="https://img.test/cat.png" alt="猫"> <a href="https://zh.d2l.ai/">原书</a>')
```

```python
print("很长的输出" * 20_000)
```

```python
%matplotlib inline
import matplotlib.pyplot as plt
from matplotlib_inline import backend_inline

backend_inline.set_matplotlib_formats('svg')
plt.plot([1, 2]);
```

```python
HTML('<p>结果</p><script>document.title = "x"</script>')
```
"""
BAD_FORMULA = "# 坏公式\n\n正文 $x$，然后\n\n$$\n\\frac{1}{\n$$\n"
BROKEN_CHAPTERS = {
    "index.md": "# 首页\n",
    "derivatives.md": LINKED,
    "chain.md": CHAIN,
    "outputs.md": OUTPUTS,
    "formula.md": BAD_FORMULA,
}
#: Not https, and not this machine: the strict build refuses it.
INSECURE_SITE_URL = "http://example.org/calculus/"


def broken_site(root: Path) -> Path:
    """The small site with one of each problem; returns its mkdocs.yml."""
    config = make_site(root, BROKEN_CHAPTERS)
    (root / "docs" / "api.md").write_text(API, encoding="utf-8")
    config.write_text(f"site_url: {INSECURE_SITE_URL}\n" + config.read_text("utf-8"))
    return config
