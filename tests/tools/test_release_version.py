"""The version is written once; tag, CHANGELOG and install lines must agree with it."""

from __future__ import annotations

from pathlib import Path

import pytest
import release_version

CHANGELOG = "# 更新记录\n\n## [0.2.0] - {when}\n\n- 新增\n\n## [0.1.0] - 2026-11-26\n"


def make_repo(tmp_path: Path, version: str = "0.2.0", when: str = "Unreleased") -> Path:
    (tmp_path / "pyproject.toml").write_text(
        f'[project]\nname = "d2l-helpers"\nversion = "{version}"\n', encoding="utf-8"
    )
    (tmp_path / "CHANGELOG.md").write_text(CHANGELOG.format(when=when), encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "api.md").write_text("pip install d2l-helpers\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("`pip install d2l-helpers==0.2.0`\n", encoding="utf-8")
    return tmp_path


def run(root: Path, *args: str) -> int:
    return release_version.main([*args, "--root", str(root)])


def test_the_repository_itself_agrees() -> None:
    assert release_version.main([]) == 0


def test_a_matching_tag_on_a_dated_changelog_passes(tmp_path: Path) -> None:
    root = make_repo(tmp_path, when="2026-12-01")
    assert run(root, "v0.2.0") == 0
    assert run(root, "refs/tags/v0.2.0") == 0


@pytest.mark.parametrize(
    ("version", "when", "tag", "message"),
    [
        ("0.2.0", "2026-12-01", "v0.2.1", "tag 'v0.2.1' does not match pyproject.toml version"),
        ("0.2.0", "2026-12-01", "0.2.0", "the tag must be 'v0.2.0'"),
        ("0.2.0", "Unreleased", "v0.2.0", "has no release date"),
        ("0.3.0", "Unreleased", None, "CHANGELOG.md has no section for 0.3.0"),
        ("0.02.0", "Unreleased", None, "not in canonical form: write '0.2.0'"),
        ("two", "Unreleased", None, "is not a PEP 440 version"),
    ],
)
def test_disagreements_are_named(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    version: str,
    when: str,
    tag: str | None,
    message: str,
) -> None:
    root = make_repo(tmp_path, version=version, when=when)
    assert run(root, *([tag] if tag else [])) == 1
    assert message in capsys.readouterr().err


def test_an_install_line_pinning_another_version_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo(tmp_path)
    (root / "docs" / "api.md").write_text("pip install d2l-helpers==0.1.0\n", encoding="utf-8")
    assert run(root) == 1
    assert "docs/api.md:1: pins 0.1.0" in capsys.readouterr().err


def test_version_missing_from_pyproject(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(tmp_path)
    (root / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert run(root) == 1
    assert "no static [project] version" in capsys.readouterr().err
