"""A link to a file the deploy writes after the build (the chapter's PDF) is not broken."""

from __future__ import annotations

from pathlib import Path

from mkdocs_d2l_site.links import LinkCheck


def _problems(check: LinkCheck, site_dir: Path) -> list[str]:
    check.add("derivatives/", "derivatives.md", Path("nowhere.md"), "docs/derivatives.md",
              set(), ["../downloads/calculus.pdf"])  # fmt: skip
    return check.problems(site_dir)


def test_the_pdf_printed_after_the_build_is_a_good_link(tmp_path: Path) -> None:
    assert _problems(LinkCheck(later=frozenset({"downloads/calculus.pdf"})), tmp_path) == []


def test_without_it_the_same_link_is_broken(tmp_path: Path) -> None:
    (problem,) = _problems(LinkCheck(), tmp_path)
    link = "docs/derivatives.md: 链接 '../downloads/calculus.pdf'"
    assert problem == f"{link} 指向的页面不存在（最接近的页面：derivatives.md）"
