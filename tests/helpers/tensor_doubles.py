"""Stand-ins for PyTorch tensors, so the helpers' array-like handling is tested without torch."""

from __future__ import annotations

from typing import Any

import numpy as np


class TensorLike:
    """代替 PyTorch 张量：有 ndim 和 __array__。"""

    def __init__(self, data: Any) -> None:
        self._data = np.asarray(data)
        self.ndim = self._data.ndim

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self._data if dtype is None else self._data.astype(dtype)


class GradTensorLike:
    """代替需要梯度的张量：__array__ 会报错，只能先 detach().cpu().numpy()。"""

    def __init__(self, data: Any) -> None:
        self._data = np.asarray(data)
        self.ndim = self._data.ndim

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        raise RuntimeError("Can't call numpy() on Tensor that requires grad.")

    def detach(self) -> GradTensorLike:
        return self

    def cpu(self) -> GradTensorLike:
        return self

    def numpy(self) -> np.ndarray:
        return self._data
