"""The newest-releases run lifts exactly our caps and reports what is newer than the lock."""

from __future__ import annotations

from pathlib import Path

import newest_releases

ROOT = Path(__file__).resolve().parents[2]


def test_caps_are_lifted_but_lower_bounds_and_mkdocs_kept() -> None:
    lifted = newest_releases.overrides(newest_releases.declared_requirements(ROOT))
    assert "mkdocs-jupyter>=0.25" in lifted
    assert "fonttools[woff]>=4.47" in lifted  # an override without the extra drops brotli
    assert not any("<" in line for line in lifted)
    assert not any(line.startswith("mkdocs>") or line == "mkdocs" for line in lifted)


def test_report_names_versions_not_in_the_lock(tmp_path: Path) -> None:
    (tmp_path / "uv.lock").write_text(
        'version = 1\n[[package]]\nname = "pytest"\nversion = "0.0.1"\n'
        '[[package]]\nname = "Not-Installed-Here"\nversion = "1.0"\n',
        encoding="utf-8",
    )
    changed = newest_releases.changes(tmp_path)
    assert [name for name, _, _ in changed] == ["pytest"]
    assert "| pytest | 0.0.1 |" in newest_releases.report(tmp_path)


def test_the_installed_lock_reports_nothing_new(tmp_path: Path) -> None:
    (tmp_path / "uv.lock").write_text("version = 1\npackage = []\n", encoding="utf-8")
    assert "nothing new to test" in newest_releases.report(tmp_path)


def test_only_this_pythons_fork_of_the_lock_counts(tmp_path: Path) -> None:
    (tmp_path / "uv.lock").write_text(
        'version = 1\n[[package]]\nname = "pytest"\nversion = "0.0.1"\n'
        "resolution-markers = [\"python_full_version < '3.0'\"]\n"
        '[[package]]\nname = "pytest"\nversion = "0.0.2"\n'
        "resolution-markers = [\"python_full_version >= '3.0'\"]\n",
        encoding="utf-8",
    )
    assert newest_releases.locked_versions(tmp_path)["pytest"] == {"0.0.2"}


def test_a_lifted_cap_keeps_extras_and_markers() -> None:
    from packaging.requirements import Requirement

    req = Requirement('foo[b,a]>=1,<2; python_version < "3.11"')
    assert newest_releases.overrides([req]) == ['foo[a,b]>=1; python_version < "3.11"']
