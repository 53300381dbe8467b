"""Two builds are the same site unless they differ beyond the named differences."""

from __future__ import annotations

from pathlib import Path

import pytest
import site_diff

PAGE = '<html><head><meta name="generator" content="{engine}"></head><body>{body}</body></html>'


def make_site(
    root: Path, engine: str, body: str = "导数", extra: dict[str, bytes] | None = None
) -> Path:
    root.mkdir()
    (root / "index.html").write_text(PAGE.format(engine=engine, body=body), encoding="utf-8")
    (root / "figures").mkdir()
    (root / "figures" / "f.svg").write_bytes(b"<svg/>")
    for name, data in (extra or {}).items():
        (root / name).write_bytes(data)
    return root


def test_only_the_generator_tag_differs(tmp_path: Path) -> None:
    a = make_site(tmp_path / "a", "mkdocs-1.6.1")
    b = make_site(tmp_path / "b", "mkdocs-ProperDocs 1.6.7")
    result = site_diff.compare(a, b)
    assert result.ok
    assert result.compared == 2
    assert result.allowed == {"generator tag": 1}


def test_a_content_difference_fails_and_is_shown(tmp_path: Path) -> None:
    a = make_site(tmp_path / "a", "mkdocs", body="导数")
    b = make_site(tmp_path / "b", "properdocs", body="微分")
    result = site_diff.compare(a, b)
    assert not result.ok
    assert "index.html" in result.differing
    assert "+<html><head><<generator tag>></head><body>微分" in result.differing["index.html"]
    assert "1 files differ" in site_diff.report(result, "a", "b")


def test_missing_and_binary_files_fail(tmp_path: Path) -> None:
    a = make_site(tmp_path / "a", "x", extra={"only-a.js": b"1", "font.woff2": b"\x00\x01"})
    b = make_site(tmp_path / "b", "x", extra={"font.woff2": b"\x00\x02"})
    result = site_diff.compare(a, b)
    assert result.only_in_a == ["only-a.js"]
    assert result.differing == {"font.woff2": "binary files differ (2 vs 2 bytes)"}


def test_a_folder_that_is_not_a_site_is_refused(tmp_path: Path) -> None:
    a = make_site(tmp_path / "a", "x")
    with pytest.raises(SystemExit, match="not a built site"):
        site_diff.compare(a, tmp_path)


def test_the_offline_workers_deploy_id_may_differ_but_nothing_else_in_it(tmp_path: Path) -> None:
    worker = 'const DEPLOY = "{}";\nconst PREFIX = "{}";\n'
    a = make_site(tmp_path / "a", "x", extra={"sw.js": worker.format("420306", "d2l").encode()})
    b = make_site(tmp_path / "b", "y", extra={"sw.js": worker.format("30a971", "d2l").encode()})
    assert site_diff.compare(a, b).allowed == {"generator tag": 1, "offline deploy id": 1}
    c = make_site(tmp_path / "c", "y", extra={"sw.js": worker.format("30a971", "x").encode()})
    assert "sw.js" in site_diff.compare(a, c).differing
