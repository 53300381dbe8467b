from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

def numerical_lim(f: Callable[[Any], Any], x: Any, h: float) -> Any: ...
def numerical_gradient(
    f: Callable[[npt.NDArray[np.float64]], Any], x: npt.ArrayLike, h: float = 1e-5
) -> npt.NDArray[np.float64]: ...
