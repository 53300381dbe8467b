"""The zip of every chapter's notebook: the same notebooks give the same bytes."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from mkdocs_d2l_site.downloads import NOTEBOOKS_ZIP, write_zip

MEMBERS = {"derivatives.ipynb": b'{"cells": []}\n', "calculus.ipynb": b"{}\n", "a.ipynb": b""}
EPOCH = 1764720000  # 2025-12-03 00:00:00 UTC


def test_same_notebooks_same_bytes_whatever_the_order_and_the_clock(tmp_path: Path) -> None:
    first, second = tmp_path / "first.zip", tmp_path / "second.zip"
    write_zip(first, MEMBERS, EPOCH)
    write_zip(second, dict(reversed(MEMBERS.items())), EPOCH)
    assert first.read_bytes() == second.read_bytes()
    write_zip(second, MEMBERS, EPOCH + 2)
    assert first.read_bytes() != second.read_bytes()  # the time is in the bytes


def test_entries_are_sorted_dated_and_readable(tmp_path: Path) -> None:
    target = tmp_path / "notebooks.zip"
    write_zip(target, MEMBERS, EPOCH)
    with zipfile.ZipFile(target) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == [f"{NOTEBOOKS_ZIP}/{n}" for n in sorted(MEMBERS)]
        assert {i.date_time for i in infos} == {(2025, 12, 3, 0, 0, 0)}
        assert {i.external_attr >> 16 for i in infos} == {0o644}
        assert {n: archive.read(f"{NOTEBOOKS_ZIP}/{n}") for n in MEMBERS} == MEMBERS


@pytest.mark.parametrize("epoch", [0, 86400])
def test_a_date_before_1980_becomes_the_oldest_a_zip_holds(tmp_path: Path, epoch: int) -> None:
    target = tmp_path / "old.zip"
    write_zip(target, MEMBERS, epoch)
    with zipfile.ZipFile(target) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
