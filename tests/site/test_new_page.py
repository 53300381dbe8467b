"""A new page is tested without editing tests/: the tests read pages and their facts from the sources.

A site is generated with this repository's configuration and a page an author might add
(``taylor.md``: formulas, a figure, a slider, a link to an equation of another page, a folded
exercise). The tests marked ``any_site`` run against it unchanged (``$D2L_SITE_SOURCES``), and
each of them that is parametrized by page must have checked the new page and passed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from site_pages import FRONT_MATTER, ROOT

pytestmark = pytest.mark.own_build

HOME = "# 2.4 微积分\n\n导数 $f'(x)$ 的定义见 [2.4.1&nbsp;节](derivatives.md)。\n"
DERIVATIVES = """\
# 2.4.1 导数和微分

$$
f'(x) = \\lim_{h \\rightarrow 0} \\frac{f(x+h) - f(x)}{h}. \\tag{2.4.1}
$$
"""
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
PAGES = {"index.md": HOME, "derivatives.md": DERIVATIVES, "taylor.md": TAYLOR}
NAV = "nav:\n  - 2.4 微积分: index.md\n  - 2.4.1 导数和微分: derivatives.md\n"
NEW_PAGE_NAV = "  - 2.4.7 泰勒展开（补充）: taylor.md\n"


def generated_site(root: Path) -> Path:
    """This repository's mkdocs.yml and stylesheet, with the pages above and one nav line more."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^nav:\n(  - .*\n)+", NAV + NEW_PAGE_NAV, config)
    config = config.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    config = re.sub(r"(?m)^watch:\n(  - .*\n)+", "", config)  # no d2l_helpers/ folder here
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "docs" / "stylesheets", root / "docs" / "stylesheets")
    for name, body in PAGES.items():
        (root / "docs" / name).write_text(FRONT_MATTER + body, encoding="utf-8")
    return root


def test_the_tests_check_a_new_page_without_being_edited(tmp_path: Path) -> None:
    site = generated_site(tmp_path)
    command = [sys.executable, "-m", "pytest", "-m", "any_site", "-p", "no:cacheprovider", "-v"]
    env = {**os.environ, "D2L_SITE_SOURCES": str(site)}
    run = subprocess.run(
        [*command, "-o", "log_cli=false", str(ROOT / "tests" / "site")],
        env=env, cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    on_new_page = set(re.findall(r"::(\w+)\[taylor\] PASSED", run.stdout))
    assert on_new_page >= {
        "test_only_pages_with_a_slider_load_its_script",
        "test_each_drawing_cell_is_one_svg_figure",
        "test_exercise_solutions_fold_and_are_checked",
        "test_every_formula_is_mathml_with_its_tex",
        "test_chapter_page_shows_its_executed_outputs",
        "test_headings_have_ids_and_the_toc_points_at_them",
    }, run.stdout
