"""Where the build's dates come from: SOURCE_DATE_EPOCH, the git history, or a fixed date."""

from __future__ import annotations

import io
import os
import subprocess
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from mkdocs_d2l_site import build_date, execution
from mkdocs_d2l_site.build_date import FIXED_EPOCH, BuildDateError, as_date, build_dates
from mkdocs_d2l_site.wheel import build_wheel

from site_pages import copy_project

DAY = 86400
T0 = 1767225600  # 2026-01-01 00:00 UTC


def git(repo: Path, *args: str, when: int = T0) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "a",
        "GIT_AUTHOR_EMAIL": "a@example.org",
        "GIT_COMMITTER_NAME": "a",
        "GIT_COMMITTER_EMAIL": "a@example.org",
        "GIT_AUTHOR_DATE": f"@{when} +0000",
        "GIT_COMMITTER_DATE": f"@{when} +0000",
    }
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def commit(repo: Path, files: dict[str, str], when: int) -> None:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"at {when}", when=when)


@pytest.fixture
def book(tmp_path: Path) -> Path:
    """A book whose files change on different days: 页面 on day 0, helpers on day 2, another
    page on day 5; the project (mkdocs.yml) is a sub-folder of the repository."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    commit(repo, {"book/mkdocs.yml": "", "book/docs/页面.md": "a"}, T0)
    commit(repo, {"book/helpers/core.py": "x = 1"}, T0 + 2 * DAY)
    commit(repo, {"book/docs/other.md": "b", "elsewhere.txt": "c"}, T0 + 5 * DAY)
    return repo / "book"


def test_in_git_each_path_has_the_date_of_its_last_commit(book: Path) -> None:
    dates = build_dates(book, explicit=None)
    assert (dates.origin, dates.epoch) == ("git", T0 + 5 * DAY)
    assert dates.of([book / "docs" / "页面.md"]) == T0  # a non-ASCII name, unquoted
    assert dates.of([book / "docs" / "页面.md", book / "helpers"]) == T0 + 2 * DAY  # a folder
    assert dates.of([book / "untracked.md"]) == dates.epoch
    assert dates.of([]) == dates.epoch


def test_a_later_change_moves_only_the_changed_page(book: Path) -> None:
    commit(book.parent, {"book/docs/页面.md": "a2"}, T0 + 9 * DAY)
    dates = build_dates(book, explicit=None)
    assert dates.of([book / "docs" / "页面.md"]) == T0 + 9 * DAY
    assert dates.of([book / "docs" / "other.md"]) == T0 + 5 * DAY


def test_a_merged_change_is_dated_when_it_reached_the_main_line(book: Path) -> None:
    """Per-page dates follow the first parents: a branch's change counts from its merge, and a
    change the branch took back (changed, then restored) does not count at all."""
    repo = book.parent
    git(repo, "checkout", "-q", "-b", "side")
    commit(repo, {"book/docs/页面.md": "a2", "book/docs/other.md": "b2"}, T0 + 6 * DAY)
    commit(repo, {"book/docs/other.md": "b"}, T0 + 7 * DAY)
    git(repo, "checkout", "-q", "-")
    git(repo, "merge", "-q", "--no-ff", "-m", "merge", "side", when=T0 + 8 * DAY)
    dates = build_dates(book, explicit=None)
    assert dates.of([book / "docs" / "页面.md"]) == T0 + 8 * DAY
    assert dates.of([book / "docs" / "other.md"]) == T0 + 5 * DAY


def test_a_dirty_tree_keeps_the_commit_dates(book: Path) -> None:
    (book / "docs" / "页面.md").write_text("edited, not committed", encoding="utf-8")
    assert build_dates(book, explicit=None).of([book / "docs" / "页面.md"]) == T0


def test_no_page_is_dated_after_the_commit(book: Path) -> None:
    """Committer times can go backwards (a rebase, a skewed clock): the build's date caps them."""
    commit(book.parent, {"book/docs/other.md": "b2"}, T0 + 3 * DAY)
    dates = build_dates(book, explicit=None)
    assert dates.epoch == T0 + 3 * DAY
    assert dates.of([book / "docs" / "other.md"]) == T0 + 3 * DAY


def test_a_shallow_clone_dates_everything_by_the_commit(book: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    url = book.parent.as_uri()
    subprocess.run(["git", "clone", "-q", "--depth=1", url, str(clone)], check=True)
    dates = build_dates(clone / "book", explicit=None)
    assert (dates.origin, dates.epoch) == ("shallow git", T0 + 5 * DAY)
    assert dates.of([clone / "book" / "docs" / "页面.md"]) == T0 + 5 * DAY
    assert "shallow" in str(build_date.message(dates))


def test_outside_git_the_fixed_date_and_one_info_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # tmp_path may lie inside a checkout (nox puts it under .nox/): git must not look above it.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    dates = build_dates(tmp_path, explicit=None)
    assert (dates.origin, dates.epoch) == ("fixed", FIXED_EPOCH)
    assert dates.of([tmp_path / "page.md"]) == FIXED_EPOCH
    assert as_date(FIXED_EPOCH) in str(build_date.message(dates))
    assert build_date.message(build_dates(tmp_path, explicit="0")) is None


def test_without_a_git_program_the_fixed_date(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(book))  # a PATH on which there is no git
    assert build_dates(book, explicit=None).origin == "fixed"


def test_an_explicit_source_date_epoch_wins_for_every_path(book: Path) -> None:
    dates = build_dates(book, explicit="1700000000")
    assert (dates.origin, dates.epoch) == ("SOURCE_DATE_EPOCH", 1700000000)
    assert dates.of([book / "docs" / "页面.md", book / "helpers"]) == 1700000000


@pytest.mark.parametrize("value", ["", "yesterday", "-1", "1.5"])
def test_a_source_date_epoch_that_is_no_date_is_a_clear_error(book: Path, value: str) -> None:
    with pytest.raises(BuildDateError, match=r"SOURCE_DATE_EPOCH 应是.*秒数"):
        build_dates(book, explicit=value)


def test_as_date_is_the_utc_day() -> None:
    assert as_date(T0 - 1) == "2025-12-31"
    assert as_date(T0) == "2026-01-01"


def test_the_wheel_is_dated_by_what_it_is_made_of(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    seen: list[Path] = []

    def date_of(paths: list[Path]) -> int:
        seen.extend(paths)
        return T0 + 7 * DAY

    before = os.environ.get("SOURCE_DATE_EPOCH")
    wheel = build_wheel(project, "downloads", date_of)
    assert os.environ.get("SOURCE_DATE_EPOCH") == before
    assert {project / "pyproject.toml", project / "README.md", project / "LICENSE"} <= set(seen)
    assert project / "d2l_helpers" / "__init__.py" in seen
    expected = datetime.fromtimestamp(T0 + 7 * DAY, timezone.utc).timetuple()[:6]
    with zipfile.ZipFile(io.BytesIO(wheel.data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {expected}


def test_a_chapters_date_is_part_of_its_cache_key(tmp_path: Path) -> None:
    source = tmp_path / "c.md"
    source.write_text("# c\n", encoding="utf-8")
    runner = execution.ChapterRunner(tmp_path / "cache", watch_packages=[])
    early, _ = runner.run([execution.Chapter(source, "c.md", T0)])
    late, _ = runner.run([execution.Chapter(source, "c.md", T0 + DAY)])
    assert early[source].path != late[source].path
