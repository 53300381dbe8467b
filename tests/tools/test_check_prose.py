"""The prose check run by `nox -s lint`: what it reports in Chinese text and what it leaves alone."""

import pytest
from check_prose import findings


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('我们"训练"模型。', ["ASCII quote", "ASCII quote"]),
        ("导数,也就是变化率。", ["half-width punctuation next to Chinese"]),
        ("见式(2.4.1)。", ["half-width punctuation next to Chinese"] * 2),
        ("我们“训练”模型，见式（2.4.1）。", []),
        ('代码 `print("导数")` 与公式 $f(x), g(x)$ 不是正文。', []),
        ('链接 [导数](derivatives.md#eq-2-4-1) 与 <a href="x">标签</a>。', []),
        ('---\njupyter:\n  name: "python3"\n---\n\n```python\nprint("你好")\n```\n正文。', []),
        ("English text, with commas: fine.", []),
        ("见 [2.4.1 节](derivatives.md)。", ["section number broken from 节/章"]),
        ("见 [2.4.1&nbsp;节](derivatives.md) 与第 2&nbsp;章。", []),
    ],
)
def test_findings(text: str, found: list[str]) -> None:
    assert [what.split(" '")[0] for _, what, _ in findings(text)] == found


def test_findings_keep_line_numbers() -> None:
    text = "第一行。\n\n```python\nx = 1\n```\n第三段,出错。"
    assert [line for line, _, _ in findings(text)] == [6]
