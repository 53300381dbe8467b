"""可以检查的练习：把读者写的函数交给章节自己的检查，给出具体的中文反馈。

章节在检查单元格中这样写（完整的例子见 CONTRIBUTING.md）::

    @exercise("练习 2")
    def check_grad_f(grad_f):          # 参数名就是读者要完成的函数名
        got = grad_f(x, shape=(2,))     # 读者的函数：出错、没写完、形状不对都会变成反馈
        if ...: raise Wrong("在 x = … 处，……")
        return "在 3 个点上与精确公式一致"   # 通过时说明检查了什么

    check_grad_f.wrong(lambda x: ..., "反馈中应有的话")  # 作者准备的错误答案：必须不通过
    check_grad_f(grad_f)                # 检查读者的答案，显示反馈

解答中用 ``check_grad_f.solution(grad_f)`` 证明参考解答能通过。检查本身有错时
（错误答案通过了、反馈不对、参考解答没通过）抛出 ``CheckError``，构建因此失败。
"""

from __future__ import annotations

import ast
import inspect
import linecache
import textwrap
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

PASSED = "通过"
UNFINISHED = "还没有作答"
WRONG = "还不对"
RAISED = "运行出错"


class Wrong(Exception):
    """检查发现答案不对；消息说明在哪里不对、为什么。"""


class CheckError(Exception):
    """章节的检查本身有错（例如让错误答案通过了）：这是作者的错，不是读者的。"""


@dataclass(frozen=True)
class Feedback:
    """一次检查的结论（``verdict``）和具体说明（``detail``）；显示为“结论：说明”。"""

    verdict: str
    detail: str

    @property
    def passed(self) -> bool:
        return self.verdict == PASSED

    def __repr__(self) -> str:
        return f"{self.verdict}：{self.detail}"


class _Stop(BaseException):
    """读者的函数出错：检查到此为止，带着反馈（检查中的 ``except Exception`` 不会截住它）。"""

    def __init__(self, feedback: Feedback) -> None:
        super().__init__(repr(feedback))
        self.feedback = feedback


def show(value: Any) -> str:
    """数或数组的简短写法，负号用“−”：``[1.5, −0.5]``。"""
    array = np.asarray(value)
    if array.ndim == 0:
        return f"{float(array):.4g}".replace("-", "−")
    return "[" + ", ".join(show(v) for v in array) + "]"


def _unfinished(func: Callable[..., Any]) -> bool:
    """函数体里是否还留着作为语句或返回值的 ``...``（``x[..., 0]`` 这样的下标不算）。"""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(func)))
    except (OSError, TypeError, SyntaxError):
        return False
    in_subscript = {
        id(node)
        for sub in ast.walk(tree)
        if isinstance(sub, ast.Subscript)
        for node in ast.walk(sub.slice)
    }
    return any(
        isinstance(node, ast.Constant) and node.value is Ellipsis and id(node) not in in_subscript
        for node in ast.walk(tree)
    )


def _where(error: BaseException, func: Callable[..., Any]) -> str:
    """读者的函数中出错的那一行：“第 3 行 return x[2]”。"""
    filename = getattr(getattr(func, "__code__", None), "co_filename", None)
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == filename]
    if not frames:
        return ""
    line = frames[-1].lineno or 0
    code = linecache.getline(frames[-1].filename, line).strip()
    return f"第 {line} 行 {code} " if code else f"第 {line} 行"


class Answer:
    """检查所调用的读者的函数：它出错、返回 None 或形状不对时，检查停下并给出反馈。"""

    def __init__(self, func: Callable[..., Any], name: str) -> None:
        self.func = func
        self.name = name

    def raw(self, *args: Any) -> Any:
        """直接调用读者的函数，异常由检查自己处理（例如要求在某点抛出 ValueError）。"""
        return self.func(*args)

    def __call__(self, *args: Any, shape: tuple[int, ...] | None = None) -> np.ndarray:
        call = f"{self.name}({', '.join(show(a) for a in args)})"
        try:
            value = self.func(*args)
        except Exception as error:  # noqa: BLE001 - the reader's code may raise anything
            what = "".join(traceback.format_exception_only(type(error), error)).strip()
            where = _where(error, self.func)
            raise _Stop(Feedback(RAISED, f"计算 {call} 时，{where}出错：{what}")) from None
        if value is None:
            raise Wrong(f"{call} 没有返回值（得到的是 None）：是不是漏写了 return？")
        try:
            array = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise Wrong(f"{call} 返回了 {value!r}，它不是数，也不是由数组成的数组。") from None
        if shape is not None and array.shape != shape:
            want = "一个数" if shape == () else f"形状为 {shape} 的数组"
            got = "一个数" if array.shape == () else f"形状为 {array.shape} 的数组"
            raise Wrong(f"{call} 返回了{got}，应为{want}。")
        return array


@dataclass
class Exercise:
    """一道可以检查的练习：调用它检查读者的函数，返回 ``Feedback``。"""

    title: str
    check: Callable[[Answer], str]
    name: str
    wrong_answers: list[Callable[..., Any]] = field(default_factory=list)

    def feedback(self, func: Any) -> Feedback:
        """``func`` 的检查结果（不管作者的证明）。"""
        if not callable(func):
            return Feedback(WRONG, f"{self.name} 应当是一个函数，现在是 {func!r}。")
        if _unfinished(func):
            return Feedback(UNFINISHED, f"把 {self.name} 函数体中的 ... 换成你的代码，再检查一次。")
        try:
            detail = self.check(Answer(func, self.name))
        except Wrong as wrong:
            return Feedback(WRONG, str(wrong))
        except _Stop as stop:
            return stop.feedback
        return Feedback(PASSED, detail)

    def __call__(self, func: Any) -> Feedback:
        if not self.wrong_answers:
            raise CheckError(
                f"{self.title} 的检查还没有证明自己能发现错误：至少用 .wrong(...) 给出一个错误答案"
            )
        return self.feedback(func)

    def wrong(self, func: Callable[..., Any], expected: str) -> None:
        """作者准备的错误答案：它必须不通过，且反馈中有 ``expected`` 这句话。"""
        result = self.feedback(func)
        if result.passed:
            raise CheckError(f"{self.title} 的检查让作者准备的错误答案通过了：检查没有起作用")
        if not expected.strip():
            raise CheckError(f"{self.title} 的错误答案要写明反馈中应有的话（现在是空的）")
        if expected not in result.detail:
            raise CheckError(
                f"{self.title} 的错误答案得到的反馈是“{result!r}”，其中没有“{expected}”"
            )
        self.wrong_answers.append(func)

    def solution(self, func: Callable[..., Any]) -> Feedback:
        """参考解答：它必须通过。"""
        result = self.feedback(func)
        if not result.passed:
            raise CheckError(f"{self.title} 的参考解答没有通过检查：{result!r}")
        return result


def exercise(title: str) -> Callable[[Callable[[Answer], str]], Exercise]:
    """把检查函数变成 ``Exercise``；检查函数的参数名就是读者要完成的函数名。"""

    def wrap(check: Callable[[Answer], str]) -> Exercise:
        names = list(inspect.signature(check).parameters)
        if len(names) != 1:
            raise CheckError(
                f"{title} 的检查函数应当恰好有一个参数（读者要完成的函数），现在有 {len(names)} 个"
            )
        return Exercise(title, check, names[0])

    return wrap
