"""The preview (``mkdocs serve``) draws a slider's frames again only when what they read changed.

Real kernels run a small chapter; each step edits one cell, as an author does in the preview.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs_d2l_site.execution import Chapter, ChapterRunner
from mkdocs_d2l_site.frame_store import inputs
from mkdocs_d2l_site.sliders import FRAMES_KEY

from site_pages import FRONT_MATTER

CHAPTER = """\
# 斜率

```python
%matplotlib inline
from matplotlib import pyplot as plt
k = 2
```

```python
note = '不被滑块读取的单元格'
print(note)
```

```python slider="n=1,2,3" alt="斜率为 {n} 乘 k 的直线"
n = 1
plt.plot([0, 1], [0, k * n]);
```
"""


def frames(runner: ChapterRunner, path: Path) -> tuple[Path, object]:
    """Execute the chapter; where its entry is, and its slider's frames."""
    results, _ = runner.run([Chapter(path, "docs/slope.md")])
    record = results[path]
    assert record.path is not None
    (cell,) = [c for c in record.notebook.cells if FRAMES_KEY in c.metadata]
    return record.path, cell.metadata[FRAMES_KEY]


def test_preview_reuses_frames_until_their_inputs_change(tmp_path: Path) -> None:
    path = tmp_path / "slope.md"
    path.write_text(FRONT_MATTER + CHAPTER, encoding="utf-8")
    strict = ChapterRunner(tmp_path / "cache", watch_packages=[])
    preview = ChapterRunner(tmp_path / "cache", watch_packages=[], preview=True)
    _, drawn = frames(strict, path)

    path.write_text(FRONT_MATTER + CHAPTER.replace("不被滑块读取的", "改过的"), encoding="utf-8")
    entry, reused = frames(preview, path)
    assert reused == drawn
    assert entry.name.endswith("-preview.ipynb"), "kept apart from the strict build's entries"
    entry, again = frames(strict, path)  # the strict build never takes reused frames
    assert not entry.name.endswith("-preview.ipynb")
    assert again == drawn

    path.write_text(FRONT_MATTER + CHAPTER.replace("k = 2", "k = 3"), encoding="utf-8")
    _, redrawn = frames(preview, path)
    assert redrawn != drawn, "the slider reads k: its frames are drawn again"


def test_a_slider_cell_reads_the_cells_that_bind_its_names() -> None:
    cells = [
        "%matplotlib inline\nimport numpy as np",  # binds np
        "def f(x):\n    return 3 * x**2",  # binds f
        "print(f(1))",  # binds nothing: a setting, or output only; counted
        "h = 0.1\nfor i in range(5):\n    h *= 0.1",  # binds h, i: the slider sets h itself
        None,  # a Markdown cell
        "h = 1\nprint(np.pi, f(h))",
    ]
    assert inputs(cells, 5) == [0, 1, 2, 5]
