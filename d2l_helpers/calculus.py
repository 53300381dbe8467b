"""用差分近似导数：数值极限与数值梯度。"""

import warnings

import numpy as np

# numerical_gradient 只用来核对小例子：x 的每个分量都要调用 f 两次，每次都复制一份 x，
# 用时随分量数的平方增长（1 万个分量、f 为 x @ x 时约 0.1 秒）；梯度的元素上限对应 80 MB 的 float64 数组。
_MAX_COMPONENTS = 10_000
_MAX_ENTRIES = 10_000_000


def numerical_lim(f, x, h):
    """计算差商 (f(x + h) - f(x)) / h，它近似导数 f'(x)；h 太小时舍入误差反而使它变差。"""
    if 0 < abs(h) < 1e-8 * np.max(np.abs(x), initial=1):  # 再小，舍入误差就超过截断误差
        warnings.warn(f"h={h} 太小：舍入误差通常已超过截断误差，缩小 h 不再提高精度", stacklevel=2)
    return (f(x + h) - f(x)) / h


def numerical_gradient(f, x, h=1e-5):
    """用中心差分求 f 在 x 处的梯度，形状为 x.shape + f(x).shape（分母布局）。"""
    if np.asarray(h).dtype.kind not in "iuf" or not 0 < h < np.inf:
        raise ValueError(f"步长 h 应是有限的正数，收到 {h!r}")
    x = np.array(x, dtype=float)  # 一份副本：调用者的 x 不会被改动
    if not np.isfinite(x).all():
        bad = np.count_nonzero(~np.isfinite(x))
        raise ValueError(f"x 应是有限的数或数组，但其中有 {bad} 个 nan 或 inf（None 也会变成 nan）")
    if x.size > _MAX_COMPONENTS:
        raise ValueError(
            f"x 有 {x.size} 个分量，超过了上限 {_MAX_COMPONENTS}：每个分量都要调用 f 两次，"
            "numerical_gradient 只用来核对小规模的例子"
        )
    value = f(x.copy())
    fx = np.asarray(value)
    if fx.dtype.kind not in "biuf":
        kind = type(value).__name__
        raise TypeError(f"f 应返回一个数或数值数组，却返回了 {kind}（返回 None 时请检查 return）")
    if x.size * fx.size > _MAX_ENTRIES:
        raise ValueError(
            f"梯度的形状 x.shape + f(x).shape = {x.shape + fx.shape}，"
            f"共 {x.size * fx.size} 个元素，超过了上限 {_MAX_ENTRIES}"
        )
    if h < 1e-8 * np.max(np.abs(x), initial=1):  # 与 numerical_lim 的界限相同
        warnings.warn(f"h={h} 太小：舍入误差通常已超过截断误差，缩小 h 不再提高精度", stacklevel=2)
    grad = np.empty(x.shape + fx.shape)
    for i in np.ndindex(x.shape):
        forward, backward = x.copy(), x.copy()
        forward[i] += h  # 只在第 i 个分量上移动 h
        backward[i] -= h
        grad[i] = (np.asarray(f(forward)) - np.asarray(f(backward))) / (2 * h)
    return grad
