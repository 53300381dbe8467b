"""测试共用的设置：无界面的 Agg 后端、每个测试后恢复 rcParams 并关闭所有图。"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator

import matplotlib

matplotlib.use("Agg")

import pytest
from matplotlib import pyplot as plt


@pytest.fixture(autouse=True)
def _isolated_matplotlib() -> Iterator[None]:
    with matplotlib.rc_context():
        yield
    plt.close("all")


@pytest.fixture(scope="session")
def mpl_config(tmp_path_factory: pytest.TempPathFactory) -> os.PathLike[str]:
    """子进程共用的 matplotlib 配置目录：不读用户的设置，字体缓存只建一次（建一次要好几秒）。"""
    return tmp_path_factory.mktemp("mplconfig")


@pytest.fixture
def run_python(
    tmp_path: os.PathLike[str], mpl_config: os.PathLike[str]
) -> Callable[..., subprocess.CompletedProcess[str]]:
    """在全新的 Python 子进程中运行一段代码（无显示器、不指定后端），返回运行结果。"""

    def run(code: str, *, warnings_as_errors: bool = True) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k not in {"MPLBACKEND", "DISPLAY"}}
        env.pop("WAYLAND_DISPLAY", None)
        env["MPLCONFIGDIR"] = os.fspath(mpl_config)
        args = [sys.executable, *(["-W", "error"] if warnings_as_errors else []), "-c", code]
        result = subprocess.run(
            args, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False
        )
        assert result.returncode == 0, f"子进程失败：\n{result.stdout}\n{result.stderr}"
        return result

    return run
