"""用差分近似导数：数值极限与数值梯度。"""

import warnings

import numpy as np


def numerical_lim(f, x, h):
    """计算差商 (f(x + h) - f(x)) / h；h 越接近 0，结果越接近导数 f'(x)。"""
    if 0 < abs(h) < 1e-8 * np.max(np.abs(x), initial=1):  # 再小，舍入误差就会盖过 h
        warnings.warn(f"h={h} 太小：浮点数的舍入误差会让差商失去意义", stacklevel=2)
    return (f(x + h) - f(x)) / h


def numerical_gradient(f, x, h=1e-5):
    """用中心差分求 f 在 x 处的梯度，形状为 x.shape + f(x).shape（分母布局）。"""
    if not h > 0:
        raise ValueError(f"步长 h 应是正数，但收到了 {h!r}")
    x = np.asarray(x, dtype=float)
    grad = np.zeros(x.shape + np.shape(f(x)))
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = h  # 只在第 i 个分量上移动 h
        grad[i] = (np.asarray(f(x + e)) - np.asarray(f(x - e))) / (2 * h)
    return grad
