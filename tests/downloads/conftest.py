"""The downloads tests build the real site with the site tests' helpers."""

from __future__ import annotations

import sys
from pathlib import Path

# sitebuild lives beside the site tests; pytest puts that folder on sys.path only for them.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))
