"""Building the real site and small throwaway sites, the way `nox -s docs` does."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

import site_pages
from site_pages import FRONT_MATTER

ROOT = site_pages.ROOT
#: The chapter files, in nav order.
CHAPTERS = [site_pages.DOCS / page.source for page in site_pages.CHAPTERS]


@dataclass
class Build:
    returncode: int
    output: str
    site: Path
    cache: Path
    config: Path | None = None  # the mkdocs.yml built

    def page(self, url_path: str) -> str:
        return (self.site / url_path / "index.html").read_text(encoding="utf-8")


def mkdocs_build(
    config: Path,
    site: Path,
    cache: Path,
    *,
    strict: bool = True,
    verbose: bool = False,
    env: dict[str, str] | None = None,
    wrapper: Sequence[str] = (),
) -> Build:
    """Run `mkdocs build` the way `nox -s docs` does, with its own site and cache folders.

    ``wrapper`` is a command that runs the build, such as ``faketime -f +400d``.
    """
    full_env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "D2L_CACHE_DIR": str(cache),
        "PYTHONWARNINGS": "ignore::DeprecationWarning:jieba",
        **(env or {}),
    }
    args = [*wrapper, sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)]
    if strict:
        args.append("--strict")
    if verbose:
        args.append("--verbose")
    proc = subprocess.run(
        args, capture_output=True, text=True, env=full_env, cwd=config.parent, check=False
    )
    return Build(proc.returncode, proc.stdout + proc.stderr, site, cache, config)


@contextlib.contextmanager
def configured(config: Path, **env: str) -> Iterator[MkDocsConfig]:
    """``config`` after every plugin's ``on_config``, read under ``env`` as ``mkdocs build``
    reads it, in process; the environment (``on_config`` exports SOURCE_DATE_EPOCH) is restored
    when the block ends."""
    with mock.patch.dict(os.environ, env):
        with warnings.catch_warnings():
            # Loading the plugins imports jieba, whose regexes warn on Python >= 3.12.
            warnings.simplefilter("ignore")
            loaded = load_config(str(config))
        yield loaded.plugins.on_config(loaded)


MINI_CONFIG = """\
site_name: mini
docs_dir: docs
theme:
  name: material
  language: zh
  font: false
plugins:
  - mkdocs-jupyter:
      include: ["*.md", "*.ipynb"]
      execute: false
      cache: true
  - d2l-site:
      execute: !ENV [D2L_EXECUTE, true]
      cache_dir: !ENV [D2L_CACHE_DIR, .cache/d2l-site]
      watch: [{watch}]
{options}"""


def make_site(
    root: Path,
    chapters: dict[str, str],
    *,
    watch: str = "",
    options: dict[str, float] | None = None,
) -> Path:
    """A throwaway site: one jupytext chapter per entry; returns its mkdocs.yml.

    ``options`` are further settings of the d2l-site plugin.
    """
    docs = root / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    for name, body in chapters.items():
        (docs / name).write_text(FRONT_MATTER + body, encoding="utf-8")
    config = root / "mkdocs.yml"
    extra = "".join(f"      {key}: {value}\n" for key, value in (options or {}).items())
    config.write_text(MINI_CONFIG.format(watch=watch, options=extra), encoding="utf-8")
    return config
