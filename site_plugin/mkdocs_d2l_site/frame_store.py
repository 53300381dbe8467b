"""A slider cell's frames, kept apart from the chapter so that the preview need not draw them again.

Every build (``mkdocs build`` and ``mkdocs serve``) stores each slider cell's frames under a key
made of the slider cell's code, the code of the earlier cells it reads names from (found by
``ast``, transitively; a cell that binds no name or is not plain Python counts always: it may
change a setting), the packages and runtime the chapters depend on, and the chapter's date.
Only the preview (``reuse=True``) takes frames from here: an edit to a cell the slider does
not read leaves its frames as they were. A method that mutates an object in place
(``xs.append(…)``) is invisible to this reading, so the strict build never reuses frames, and a
chapter whose frames were reused is cached apart from the strict build's entries
(``design/execution-cache.md``).
"""

from __future__ import annotations

import ast
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def _names(source: str) -> tuple[set[str], set[str]] | None:
    """(names a cell binds, names it reads); None if it is not plain Python (magics)."""
    code = "\n".join(line for line in source.split("\n") if not line.lstrip().startswith("%"))
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None
    bound: set[str] = set()
    read: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            bound.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, ast.Attribute | ast.Subscript) and not isinstance(node.ctx, ast.Load):
            root = node.value
            while isinstance(root, ast.Attribute | ast.Subscript):
                root = root.value
            if isinstance(root, ast.Name):
                bound.add(root.id)  # x[0] = …, x.a = …: x changes
    return bound, read


def inputs(sources: list[str | None], index: int) -> list[int]:
    """The code cells (indexes into ``sources``, None for other cells) whose code can change
    what cell ``index`` draws."""
    found = _names(sources[index] or "")
    wanted = set() if found is None else found[1] - found[0]
    needed = [index]
    for earlier in range(index - 1, -1, -1):
        source = sources[earlier]
        if source is None:
            continue
        names = _names(source)
        if names is None or not names[0] or names[0] & wanted:
            needed.append(earlier)
            wanted |= names[1] if names else set()
    return sorted(needed)


@dataclass
class FrameStore:
    """``folder/<key>.json``: the frames of one slider cell in one state of its inputs."""

    folder: Path
    reuse: bool  # the preview: take frames from here
    used: set[Path] = field(default_factory=set)
    #: The chapters (paths) some of whose frames were taken from here.
    reused: set[Path] = field(default_factory=set)

    def _path(self, nb: Any, index: int, dependencies: str) -> Path:
        sources = [c.source if c.cell_type == "code" else None for c in nb.cells]
        digest = hashlib.sha256(dependencies.encode())
        for i in inputs(sources, index):
            digest.update(f"\0{i}\0{sources[i]}".encode())  # the position, too
        path = self.folder / f"{digest.hexdigest()}.json"
        self.used.add(path)
        return path

    def get(
        self, chapter: Path, nb: Any, index: int, dependencies: str
    ) -> list[dict[str, str]] | None:
        """The stored frames of cell ``index``, in the preview only; None: draw them."""
        path = self._path(nb, index, dependencies)
        if not self.reuse or not path.is_file():
            return None
        try:
            frames: list[dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # damaged: drawn again
        self.reused.add(chapter)
        return frames

    def put(self, nb: Any, index: int, dependencies: str, frames: list[dict[str, str]]) -> None:
        path = self._path(nb, index, dependencies)
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(frames), encoding="utf-8")
        tmp.replace(path)

    def evict(self) -> None:
        """Remove the frames no chapter of this build asked for."""
        for entry in self.folder.glob("*.json") if self.folder.is_dir() else []:
            if entry not in self.used:
                entry.unlink()
