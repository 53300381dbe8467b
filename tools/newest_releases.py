"""What `nox -s newest` needs: the caps to lift, and what the newest releases changed.

    python tools/newest_releases.py overrides   # requirements with our upper bounds removed
    python tools/newest_releases.py report      # installed versions that uv.lock does not have

The report is printed and, on GitHub Actions, added to the job summary, so a failing scheduled
run says which new releases it was built with.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import sys
from pathlib import Path

from packaging.markers import InvalidMarker, Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
# Caps that are facts, not caution: MkDocs 2 has no plugin system, so nothing here can run on it.
KEEP_CAPS = {"mkdocs"}
UPPER = ("<", "<=", "==", "~=", "===")


def declared_requirements(root: Path) -> list[Requirement]:
    """The site plugin's dependencies and the docs group's plain requirements."""
    plugin = tomllib.loads((root / "site_plugin" / "pyproject.toml").read_text(encoding="utf-8"))
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    docs = [r for r in project["dependency-groups"]["docs"] if isinstance(r, str)]
    return [Requirement(r) for r in [*plugin["project"]["dependencies"], *docs]]


def overrides(requirements: list[Requirement]) -> list[str]:
    """For each capped requirement, the same requirement with its upper bounds removed."""
    lifted = []
    for req in requirements:
        name = canonicalize_name(req.name)
        if name in KEEP_CAPS or not any(s.operator in UPPER for s in req.specifier):
            continue
        # An override replaces the whole requirement: keep its extras (fonttools[woff] brings
        # brotli, without which no woff2 font can be written) and its markers.
        extras = f"[{','.join(sorted(req.extras))}]" if req.extras else ""
        lower = ",".join(str(s) for s in req.specifier if s.operator not in UPPER)
        marker = f"; {req.marker}" if req.marker else ""
        lifted.append(f"{req.name}{extras}{lower}{marker}")
    return sorted(set(lifted))


def _applies_here(markers: list[str]) -> bool:
    """Whether a lock entry's resolution markers (its Python fork) match this interpreter."""
    if not markers:
        return True
    for marker in markers:
        try:
            if Marker(marker).evaluate({"extra": ""}):
                return True
        except InvalidMarker:  # a marker this packaging cannot read: count the entry in
            return True
    return False


def locked_versions(root: Path) -> dict[str, set[str]]:
    """The versions uv.lock holds of each package for this interpreter's fork of the lock."""
    lock = tomllib.loads((root / "uv.lock").read_text(encoding="utf-8"))
    versions: dict[str, set[str]] = {}
    for package in lock["package"]:
        if "version" in package and _applies_here(package.get("resolution-markers", [])):
            versions.setdefault(canonicalize_name(package["name"]), set()).add(package["version"])
    return versions


def changes(root: Path) -> list[tuple[str, str, str]]:
    """(package, locked versions, installed version) for each installed version not in the lock."""
    locked = locked_versions(root)
    found = []
    for dist in importlib.metadata.distributions():
        name = canonicalize_name(dist.metadata["Name"])
        if name in locked and dist.version not in locked[name]:
            found.append((name, ", ".join(sorted(locked[name])), dist.version))
    return sorted(set(found))


def report(root: Path) -> str:
    found = changes(root)
    if not found:
        return "newest: the newest releases are the versions in uv.lock; nothing new to test."
    lines = [
        "newest: built and tested with these releases newer than uv.lock",
        "",
        "| package | uv.lock | newest |",
        "|---|---|---|",
        *(f"| {name} | {old} | {new} |" for name, old, new in found),
        "",
        (
            "If the build or the tests below fail, one of these broke it: pin it below the new "
            "release (site_plugin/pyproject.toml or the docs group) until the site is fixed; if "
            "they pass, raise the caps and run `uv lock --upgrade`."
        ),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("what", choices=["overrides", "report"])
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.what == "overrides":
        print("\n".join(overrides(declared_requirements(args.root))))
        return 0
    text = report(args.root)
    print(text)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with Path(summary).open("a", encoding="utf-8") as out:
            out.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
