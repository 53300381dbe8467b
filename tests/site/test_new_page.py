"""A new page is tested without editing tests/: the tests read pages and their facts from the sources.

``mini_sites.good_site`` is this repository's configuration with pages an author might add
(``taylor.md``: formulas, a figure, a slider, a link to an equation of another page, a folded
exercise). The tests marked ``any_site`` run against its build unchanged (``$D2L_SITE_SOURCES``,
``$D2L_BUILT_SITE``), and each of them that is parametrized by page must have checked the new
page and passed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from site_pages import ROOT
from sitebuild import Build

pytestmark = pytest.mark.own_build


def test_the_tests_check_a_new_page_without_being_edited(good_site: Build) -> None:
    command = [sys.executable, "-m", "pytest", "-m", "any_site", "-p", "no:cacheprovider", "-v"]
    assert good_site.config is not None
    sources = good_site.config.parent
    env = {**os.environ, "D2L_SITE_SOURCES": str(sources), "D2L_BUILT_SITE": str(good_site.site)}
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
