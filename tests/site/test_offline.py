"""What the build writes for offline reading (design/offline.md), on a folder standing in for a
built site: the worker names its deploy by the site's files, the kill switch replaces it."""

from __future__ import annotations

from pathlib import Path

from mkdocs_d2l_site import offline


def worker(site: Path) -> str:
    return (site / "sw.js").read_text(encoding="utf-8")


def test_the_worker_is_named_for_its_deploy_and_a_changed_file_is_a_new_deploy(
    tmp_path: Path,
) -> None:
    (tmp_path / "index.html").write_text("<h1>A</h1>", encoding="utf-8")
    offline.write(tmp_path, enabled=True)
    first = worker(tmp_path)
    assert f'const DEPLOY = "{offline.deploy_id(tmp_path)}"' in first
    assert (tmp_path / offline.script_path()).is_file()
    offline.write(tmp_path, enabled=True)  # sw.js itself is not part of the deploy's name
    assert worker(tmp_path) == first
    (tmp_path / "index.html").write_text("<h1>B</h1>", encoding="utf-8")
    offline.write(tmp_path, enabled=True)
    assert worker(tmp_path) != first


def test_offline_false_deploys_the_kill_switch(tmp_path: Path) -> None:
    offline.write(tmp_path, enabled=False)
    text = worker(tmp_path)
    assert "registration.unregister()" in text
    assert "caches.delete" in text
    assert "fetch" not in text  # it answers nothing: every request goes to the network
    assert not (tmp_path / "assets" / "offline").exists()
