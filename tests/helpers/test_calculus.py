"""数值极限与数值梯度：书中的输出逐字相同，梯度满足本节的五个恒等式。"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import d2l_helpers as d2l

RTOL, ATOL = 1e-6, 1e-6  # h = 1e-5 的中心差分对二次函数只有舍入误差


def f(x: Any) -> Any:
    return 3 * x**2 - 4 * x


def test_numerical_lim_prints_exactly_what_the_book_shows(
    capsys: pytest.CaptureFixture[str],
) -> None:
    h = 0.1
    for _ in range(5):
        print(f"h={h:.5f}, numerical limit={d2l.numerical_lim(f, 1, h):.5f}")
        h *= 0.1
    assert capsys.readouterr().out == (
        "h=0.10000, numerical limit=2.30000\n"
        "h=0.01000, numerical limit=2.03000\n"
        "h=0.00100, numerical limit=2.00300\n"
        "h=0.00010, numerical limit=2.00030\n"
        "h=0.00001, numerical limit=2.00003\n"
    )


def test_numerical_lim_is_the_difference_quotient() -> None:
    assert d2l.numerical_lim(f, 1, 0.1) == pytest.approx(2.3)
    assert d2l.numerical_lim(f, 1, -0.1) == pytest.approx(1.7)  # 从左侧逼近


def test_below_the_warning_threshold_the_quotient_is_less_accurate_but_not_meaningless() -> None:
    # What 2.4.1 and the warning say: near h = 1e-8 the rounding error (about 1e-16 / h) overtakes
    # the truncation error (3h for this f); smaller steps are worse, yet still close to f'(1) = 2.
    assert abs(d2l.numerical_lim(f, 1, 1e-8) - 2) < 3e-8
    with pytest.warns(UserWarning, match="h=1e-09 太小"):
        quotient = d2l.numerical_lim(f, 1, 1e-9)
    assert f"{quotient:.8f}" == "2.00000017"
    assert abs(quotient - 2) > 10 * 3e-9  # mostly rounding error now


@pytest.mark.parametrize(
    ("x", "h"),
    [
        (1e9, 1e-5),  # h is tiny next to x: the rounding error, about 1e9 * 1e-16 / h, is 1e-2
        (1.0, -1e-9),  # a tiny step to the left is as tiny as one to the right
    ],
)
def test_the_warning_measures_h_against_x_whatever_its_sign(x: float, h: float) -> None:
    with pytest.warns(UserWarning, match=f"h={h} 太小"):
        d2l.numerical_lim(f, x, h)


def test_numerical_lim_works_elementwise_on_arrays() -> None:
    x = np.array([0.0, 1.0, 2.0])
    np.testing.assert_allclose(d2l.numerical_lim(f, x, 1e-6), 6 * x - 4, atol=1e-5)
    np.testing.assert_array_equal(x, [0.0, 1.0, 2.0])


# ---------------------------------------------------------------- numerical_gradient


def test_gradient_of_a_scalar_function_at_a_scalar() -> None:
    grad = d2l.numerical_gradient(f, 1.0)
    assert grad.shape == ()
    np.testing.assert_allclose(grad, 2.0, rtol=RTOL)


def test_gradient_of_ax_is_a_transpose() -> None:
    rng = np.random.default_rng(0)
    A = rng.normal(size=(3, 4))  # A ∈ R^{m×n}, m = 3, n = 4
    x = rng.normal(size=4)
    grad = d2l.numerical_gradient(lambda x: A @ x, x)
    assert grad.shape == (4, 3)
    np.testing.assert_allclose(grad, A.T, rtol=RTOL, atol=ATOL)


def test_gradient_of_xt_a_is_a() -> None:
    rng = np.random.default_rng(1)
    A = rng.normal(size=(4, 3))  # A ∈ R^{n×m}
    x = rng.normal(size=4)
    grad = d2l.numerical_gradient(lambda x: x @ A, x)
    assert grad.shape == (4, 3)
    np.testing.assert_allclose(grad, A, rtol=RTOL, atol=ATOL)


def test_gradient_of_xt_a_x_is_a_plus_at_times_x() -> None:
    rng = np.random.default_rng(2)
    A = rng.normal(size=(5, 5))
    x = rng.normal(size=5)
    grad = d2l.numerical_gradient(lambda x: x @ A @ x, x)
    assert grad.shape == (5,)
    np.testing.assert_allclose(grad, (A + A.T) @ x, rtol=RTOL, atol=ATOL)


def test_gradient_of_squared_norm_is_2x() -> None:
    x = np.random.default_rng(3).normal(size=6)
    grad = d2l.numerical_gradient(lambda x: np.sum(x**2), x)
    np.testing.assert_allclose(grad, 2 * x, rtol=RTOL, atol=ATOL)


def test_gradient_of_squared_frobenius_norm_is_2x() -> None:
    X = np.random.default_rng(4).normal(size=(3, 4))
    grad = d2l.numerical_gradient(lambda X: np.linalg.norm(X) ** 2, X)
    assert grad.shape == (3, 4)
    np.testing.assert_allclose(grad, 2 * X, rtol=RTOL, atol=ATOL)


def test_gradient_shape_is_x_shape_plus_output_shape() -> None:
    X = np.ones((2, 3))
    grad = d2l.numerical_gradient(lambda X: np.stack([X.sum(), (X**2).sum()]), X)
    assert grad.shape == (2, 3, 2)
    np.testing.assert_allclose(grad[..., 0], np.ones((2, 3)), rtol=RTOL)
    np.testing.assert_allclose(grad[..., 1], 2 * X, rtol=RTOL)


def test_gradient_accepts_int_lists_and_never_mutates_x() -> None:
    seen: list[np.dtype[Any]] = []

    def square(x: np.ndarray) -> Any:
        seen.append(x.dtype)
        return np.sum(x**2)

    x = np.array([1, 2, 3])
    np.testing.assert_allclose(d2l.numerical_gradient(square, x), [2, 4, 6], rtol=RTOL)
    np.testing.assert_allclose(d2l.numerical_gradient(square, [1, 2, 3]), [2, 4, 6], rtol=RTOL)
    np.testing.assert_array_equal(x, [1, 2, 3])
    assert x.dtype.kind == "i"
    assert set(seen) == {np.dtype(np.float64)}


def test_gradient_with_a_larger_step() -> None:
    grad = d2l.numerical_gradient(lambda x: x**3, 2.0, h=0.1)
    assert grad == pytest.approx(12.01)  # ((2.1)³ - (1.9)³) / 0.2 = 12 + h²


def test_gradient_of_the_identity_is_the_identity_matrix() -> None:
    # f 返回它收到的数组本身：每次调用都必须拿到一份新的副本，否则前一次的结果会被改掉
    grad = d2l.numerical_gradient(lambda x: x, np.arange(4.0))
    np.testing.assert_allclose(grad, np.eye(4), rtol=RTOL, atol=ATOL)


def test_gradient_at_the_size_limit_still_runs() -> None:
    x = np.linspace(-1, 1, 10_000)  # 上限本身是允许的（更多的分量见 test_bad_input.py）
    np.testing.assert_allclose(d2l.numerical_gradient(lambda x: x @ x, x), 2 * x, atol=1e-6)
