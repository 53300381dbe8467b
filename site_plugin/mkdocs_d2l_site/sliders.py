"""Explorable figures: a code cell drawn once per value of a parameter, and a slider to pick one.

An author writes the option on the cell's code fence, as jupytext cell metadata, and sets the
parameter on the cell's first line to the first value::

    ```python slider="n=3..64" alt="圆和它的内接正 {n} 边形"
    n = 3
    ...
    ```

``NAME=A..B`` is every integer from A to B; ``NAME=V1,V2,…`` is a list of numbers, fractions
such as ``2/3`` included (the cell's first line then reads ``a = 2/3``). The build
(``execution``) runs the cell once per further value, in the chapter's kernel, with only the first
line changed to ``NAME = value``, and then runs the cell as written (the first value: the page's
static figure, and the kernel state the cells below see). The frames are stored in the executed
notebook (``FRAMES_KEY`` in the cell's metadata), so they are part of the execution cache entry.

The page pass (``page_pass``) writes each frame as a content-addressed figure and hands the
frame list to the page's script (``static/slider.js``) in data attributes of the ``<figure>``; the
script adds the ``<input type="range">``. Without JavaScript, or printed, the page shows the first
frame as an ordinary figure. Reasons and alternatives: ``design/explorable-figures.md``.
"""

from __future__ import annotations

import ast
import base64
import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nbformat
from bs4.element import Tag
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from .cell_outputs import normalise_outputs
from .content_hash import content_hash
from .notebook_page import figure_filename

if TYPE_CHECKING:
    from .chapter_record import ExecutedChapter

#: The cell option (jupytext metadata on the code fence).
OPTION = "slider"
#: Where the executed notebook keeps a slider cell's further frames.
FRAMES_KEY = "d2l_frames"
#: The most frames one slider may have: each is a file a reader may fetch.
MAX_FRAMES = 100
#: The script and its place in the site (content-addressed, like the figures).
SCRIPT = Path(__file__).parent / "static" / "slider.js"
SITE_FOLDER = "assets/sliders"

_SYNTAX = (
    "应写成 名字=起..止（整数，如 n=3..64）或 名字=值1,值2,…（数或分数，如 h=1,0.5,0.1、a=0,2/3,1）"
)
_IMAGE_MIMES = ("image/svg+xml", "image/png")


class SliderError(Exception):
    """A slider cell cannot be built; the message says what was wrong and what was expected."""


@dataclass(frozen=True)
class Slider:
    """A parameter ``name`` and its values, as written (the first one is the page's figure)."""

    name: str
    values: tuple[str, ...]

    def assignment(self, value: str) -> str:
        return f"{self.name} = {value}"


def parse_option(text: str) -> Slider:
    """The slider ``slider="…"`` describes; ``SliderError`` for anything else."""
    name, sep, spec = str(text).partition("=")
    name, spec = name.strip(), spec.strip()
    if not sep or not name.isidentifier() or not spec:
        raise SliderError(f"slider={text!r} {_SYNTAX}")
    if ".." in spec:
        low, _, high = spec.partition("..")
        if not re.fullmatch(r"-?\d+", low.strip()) or not re.fullmatch(r"-?\d+", high.strip()):
            raise SliderError(f"slider={text!r} 的范围 {spec!r} 应是两个整数，{_SYNTAX}")
        start, stop = int(low), int(high)
        if stop <= start:
            raise SliderError(f"slider={text!r} 的范围应从小到大（起 < 止），{_SYNTAX}")
        values = tuple(str(v) for v in range(start, stop + 1))
    else:
        values = tuple(part.strip() for part in spec.split(","))
        bad = [v for v in values if _number(v) is None]
        if bad:
            raise SliderError(f"slider={text!r} 的取值 {bad[0]!r} 不是数，{_SYNTAX}")
        if len(values) < 2:
            raise SliderError(f"slider={text!r} 只有一个取值：滑块至少要有两个，{_SYNTAX}")
        numbers = [_number(v) for v in values]
        if len(set(numbers)) != len(numbers):
            raise SliderError(f"slider={text!r} 有重复的取值：每个取值只能出现一次")
    if len(values) > MAX_FRAMES:
        raise SliderError(
            f"slider={text!r} 有 {len(values)} 个取值，至多 {MAX_FRAMES} 个（每个都是一张图）"
        )
    return Slider(name, values)


def cell_slider(cell: Any) -> Slider | None:
    """The slider of a code cell, checked against its first line; ``None``: not a slider cell."""
    if cell.get("cell_type") != "code" or OPTION not in cell.metadata:
        return None
    slider = parse_option(cell.metadata[OPTION])
    first = cell.source.split("\n", 1)[0]
    if not _sets(first, slider.name, slider.values[0]):
        raise SliderError(
            f"slider 单元格的第一行应是 {slider.assignment(slider.values[0])}"
            f"（滑块的第一个值，也是页面上的图），实际是 {first!r}"
        )
    return slider


def _number(text: str) -> Fraction | None:
    """The exact value ``text`` writes (``0.5``, ``1e-3``, ``2/3``); ``None``: not a number."""
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        return None


def _sets(line: str, name: str, value: str) -> bool:
    """Whether ``line`` is ``name = <value>`` (a comment after it is fine)."""
    try:
        tree = ast.parse(line)
    except SyntaxError:
        return False
    if len(tree.body) != 1 or not isinstance(statement := tree.body[0], ast.Assign):
        return False
    target = statement.targets
    written = _number(ast.unparse(statement.value).replace(" ", ""))
    return (
        len(target) == 1
        and isinstance(target[0], ast.Name)
        and target[0].id == name
        and written is not None
        and written == _number(value)
    )


def frame_source(source: str, slider: Slider, value: str) -> str:
    """The cell's code as it runs for ``value``: the first line set to it, the rest as written."""
    _, newline, rest = source.partition("\n")
    return slider.assignment(value) + newline + rest


def frame_label(slider: Slider, value: str) -> str:
    """How messages name one frame: ``滑块 n = 17``."""
    return f"滑块 {slider.assignment(value)}"


def single_image(outputs: list[Any]) -> tuple[str, str] | None:
    """``(mime, data)`` when ``outputs`` are exactly one figure, else ``None``."""
    if len(outputs) != 1 or outputs[0].get("output_type") not in ("display_data", "execute_result"):
        return None
    data = outputs[0].get("data", {})
    for mime in _IMAGE_MIMES:
        if mime in data:
            value = data[mime]
            return mime, "".join(value) if isinstance(value, list) else str(value)
    return None


def image_problem(outputs: list[Any]) -> str | None:
    """Why ``outputs`` cannot be a frame: a slider swaps one figure, nothing else."""
    if single_image(outputs) is not None:
        return None
    kinds = [out.get("output_type", "?") for out in outputs]
    return f"没有画出恰好一张图（输出是 {kinds}）：slider 单元格每个取值都应只输出一张图"


def store_frames(cell: Any, frames: list[dict[str, str]]) -> None:
    """Keep a slider cell's further frames in the executed notebook (the cache entry)."""
    cell.metadata[FRAMES_KEY] = frames


def without_frames(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """``nb`` without the stored frames (for downloads: readers get the code, not the cache)."""
    for cell in nb.cells:
        cell.metadata.pop(FRAMES_KEY, None)
    return nb


def _frame_bytes(mime: str, data: str) -> bytes:
    return data.encode("utf-8") if mime == "image/svg+xml" else base64.b64decode(data)


class FrameFailed(Exception):
    """A frame's code raised (``error``) or drew no single figure (``problem``)."""

    def __init__(self, label: str, error: Exception | None = None, problem: str = "") -> None:
        super().__init__(label)
        self.label = label
        self.error = error
        self.problem = problem


async def run_frames(
    client: NotebookClient, cell: Any, index: int, number: int, slider: Slider
) -> list[dict[str, str]]:
    """Run ``cell`` for every value of ``slider`` but the first; return the frames.

    The frames run in the chapter's kernel, before the cell itself, without entering IPython's
    history: the execution count stays the cell's number (tracebacks name ``Cell In[number]``),
    and the cell then runs as written, so the cells below see the state its code leaves.
    """
    frames = []
    for value in slider.values[1:]:
        label = frame_label(slider, value)
        frame = nbformat.v4.new_code_cell(frame_source(cell.source, slider, value))  # type: ignore[no-untyped-call]
        frame.metadata = {key: v for key, v in cell.metadata.items() if key != OPTION}
        try:
            await client.async_execute_cell(
                frame, index, execution_count=number, store_history=False
            )
        except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
            raise FrameFailed(label, error) from None
        finally:
            client.nb.cells[index] = cell  # nbclient put the frame in the notebook's place
        # Outside the history, IPython cannot see the cell's closing ";" (it reads the last
        # history entry): drop the text result it shows then. The cell as written runs in the
        # history, and its outputs are checked to be one figure alone.
        outputs = [
            out
            for out in normalise_outputs(frame.outputs)
            if out.get("output_type") != "execute_result"
            or any(mime in out.get("data", {}) for mime in _IMAGE_MIMES)
        ]
        image = single_image(outputs)
        if image is None:
            raise FrameFailed(label, problem=str(image_problem(outputs)))
        frames.append({"value": value, "mime": image[0], "data": image[1]})
    return frames


def mark_page(
    chapter: ExecutedChapter, blocks: dict[int, Tag], figure_url: Callable[[str], str]
) -> dict[str, bytes]:
    """Give every slider cell's figure its frame list; return the files to write.

    ``blocks`` are the page's ``div.d2l-cell`` by notebook index (``notebook_page.rebuild``).
    """
    files: dict[str, bytes] = {}
    for code in chapter.code_cells:
        slider, cell, block = code.slider, chapter.notebook.cells[code.index], blocks[code.index]
        figure = block.find("figure", class_="d2l-figure")
        img = figure.find("img") if isinstance(figure, Tag) else None
        if slider is None or not isinstance(figure, Tag) or not isinstance(img, Tag):
            continue  # not a slider, or not executed (execute: false): the cell as written
        alt = str(img.get("alt", ""))
        placeholder = "{" + slider.name + "}"
        if placeholder in alt:
            figure["data-d2l-alt"] = alt
            img["alt"] = alt.replace(placeholder, slider.values[0])
        stored = cell.metadata.get(FRAMES_KEY)
        if not stored:
            continue
        urls = [str(img["src"])]
        for frame in stored:
            data = _frame_bytes(frame["mime"], frame["data"])
            name = figure_filename(frame["mime"], data)
            files[name] = data
            urls.append(figure_url(name))
        figure["data-d2l-slider"] = slider.name
        figure["data-d2l-values"] = " ".join(slider.values)
        figure["data-d2l-frames"] = " ".join(urls)
    return files


def script_path() -> str:
    """The script's path in the site: its folder is named by its bytes (cacheable for ever)."""
    return f"{SITE_FOLDER}/{content_hash(SCRIPT.read_bytes())}/slider.js"


def write_script(site_dir: Path) -> None:
    target = site_dir / script_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(SCRIPT.read_bytes())
