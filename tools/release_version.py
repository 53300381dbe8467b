"""The version is written once, in pyproject.toml; a release tag, the CHANGELOG and any pinned
install line must agree with it.

    python tools/release_version.py           # on every CI run: pyproject, CHANGELOG, install lines
    python tools/release_version.py v0.2.0    # in the release workflow: and the pushed tag

The version is never derived from git (no setuptools-scm): a build of main is byte-identical
whatever tags or commits surround it.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from packaging.version import InvalidVersion, Version

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
# Files whose install lines readers copy; a pinned `d2l-helpers==X` there must be this version.
INSTALL_LINE_FILES = ("README.md", "docs/*.md")
PIN = re.compile(r"d2l[-_]helpers\s*==\s*([0-9][^\s`\"'<>)\]]*)")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class VersionError(Exception):
    """A disagreement between the version and something that must follow it."""


def project_version(root: Path) -> str:
    """``[project] version`` of pyproject.toml, which must be a canonical PEP 440 version."""
    data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    version = data.get("project", {}).get("version")
    if not isinstance(version, str):
        raise VersionError(
            "pyproject.toml has no static [project] version: write it there, e.g. "
            'version = "0.1.0" (it is the only place the version is written)'
        )
    try:
        canonical = str(Version(version))
    except InvalidVersion:
        raise VersionError(
            f"pyproject.toml version {version!r} is not a PEP 440 version (e.g. 0.1.0, 1.0.0rc1)"
        ) from None
    if canonical != version:
        raise VersionError(
            f"pyproject.toml version {version!r} is not in canonical form: write {canonical!r}"
        )
    return version


def check_tag(tag: str, version: str) -> None:
    """The tag must be exactly ``v`` + the version."""
    if tag.startswith("refs/tags/"):
        tag = tag.removeprefix("refs/tags/")
    if tag != f"v{version}":
        raise VersionError(
            f"tag {tag!r} does not match pyproject.toml version {version!r}: the tag must be "
            f"'v{version}'. To release another version, change `version` in pyproject.toml and "
            "the CHANGELOG first, then tag that commit."
        )


def changelog_heading(root: Path, version: str) -> str:
    """The CHANGELOG heading of this version: ``## [0.1.0] - 2026-11-26`` (or ``- Unreleased``)."""
    changelog = root / "CHANGELOG.md"
    if not changelog.is_file():
        raise VersionError("CHANGELOG.md is missing")
    pattern = re.compile(rf"^## \[{re.escape(version)}\](.*)$", re.MULTILINE)
    match = pattern.search(changelog.read_text(encoding="utf-8"))
    if match is None:
        raise VersionError(
            f"CHANGELOG.md has no section for {version}: add a heading "
            f"'## [{version}] - Unreleased' and list the changes under it"
        )
    return match.group(0)


def check_released_changelog(heading: str, version: str) -> None:
    """At release time the version's section carries its date, not ``Unreleased``."""
    if not DATE.search(heading):
        raise VersionError(
            f"CHANGELOG.md: {heading!r} has no release date: write '## [{version}] - YYYY-MM-DD' "
            "before tagging"
        )


def check_install_lines(root: Path, version: str) -> list[str]:
    """Every ``d2l-helpers==X`` a reader may copy pins this version; returns the files read."""
    files = sorted({p for pattern in INSTALL_LINE_FILES for p in root.glob(pattern)})
    wrong = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for pinned in PIN.findall(line):
                if pinned != version:
                    wrong.append(f"{path.relative_to(root)}:{number}: pins {pinned}")
    if wrong:
        raise VersionError(
            f"install lines pin another version than pyproject.toml's {version}:\n  "
            + "\n  ".join(wrong)
        )
    return [str(p.relative_to(root)) for p in files]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check the version against tag and CHANGELOG.")
    parser.add_argument("tag", nargs="?", help="the release tag, e.g. v0.1.0 (release workflow)")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        version = project_version(args.root)
        heading = changelog_heading(args.root, version)
        read = check_install_lines(args.root, version)
        if args.tag is not None:
            check_tag(args.tag, version)
            check_released_changelog(heading, version)
    except VersionError as error:
        print(f"release_version: {error}", file=sys.stderr)
        return 1
    what = f"tag {args.tag}, " if args.tag else ""
    print(f"release_version: {version} agrees with {what}CHANGELOG.md and {len(read)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
