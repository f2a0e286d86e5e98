"""13_kernels_infinite_width: the reference reproduces every number the notebook quotes.

The catalog's verified facts for seed 000, post 1 (section 1.1 of the calculus/autodiff/kernels
catalog): make_regression(125, n_features=2, n_informative=15, noise=0.25) has shape (125, 2)
and splits 112 / 13; the arc-cosine NNGP and NTK agree with Neural Tangents' kernel_fn; the NTK
mean uses time normalised by y_train.size and diag_reg scaled by trace / N; with random_state=0
the largest infinite-time NTK standard deviation is at most 3.8e-3. And the notebook's own
derivations: the worked example of each question, the post's predictions at t = 10 and t = inf,
the closed-form solution of gradient flow (against a numerical ODE solve), and the exact
standard deviation of an empirical-NTK entry that the hidden StatisticalCheck uses (against a
Monte Carlo over 400,000 hidden units).

The cross-checks against Neural Tangents itself are in tests/crosscheck_nt_13.py (`make
crosscheck-nt`: neural-tangents 0.6.5 needs jax 0.4.30, jaxlib 0.4.30, numpy 1.26.4 and tf2jax
0.3.6, in a venv of its own). In process, no sandbox; about a second.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from scipy.integrate import solve_ivp
from sklearn.datasets import make_regression
from sklearn.model_selection import train_test_split

from autograder.course import Assignment
from tests.helpers import ROOT

X_EX = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
X4 = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, -1.0]])


@pytest.fixture(scope="module")
def ref() -> ModuleType:
    return Assignment.load("13_kernels_infinite_width", ROOT).reference_module


@pytest.fixture(scope="module")
def suite() -> ModuleType:
    path = Path(ROOT) / "reference_solutions" / "13_kernels_infinite_width" / "suite.py"
    spec = importlib.util.spec_from_file_location("_suite_13", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def regression_split() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    X, y = make_regression(
        n_samples=125, n_features=2, n_informative=15, noise=0.25, random_state=0
    )
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.1, shuffle=True, random_state=0)
    return X_tr, X_te, y_tr, y_te


def test_the_posts_data_set_and_split() -> None:
    X, _ = make_regression(n_samples=125, n_features=2, n_informative=15, noise=0.25)
    assert X.shape == (125, 2)  # n_informative is quietly capped at the 2 features
    X_tr, X_te, _, _ = regression_split()
    assert X_tr.shape == (112, 2) and X_te.shape == (13, 2)


def test_relu_worked_example(ref: ModuleType) -> None:
    K, T = ref.relu_kernels(X_EX)
    assert K[0, 1] == pytest.approx(1 / (4 * np.pi), abs=1e-15)  # 0.07957747
    expected_K = [
        [0.25, 0.07957747, 0.26707747],
        [0.07957747, 0.25, 0.26707747],
        [0.26707747, 0.26707747, 0.5],
    ]
    np.testing.assert_allclose(K, expected_K, atol=5e-9)
    np.testing.assert_allclose(T[0], [0.5, 0.07957747, 0.45457747], atol=5e-9)
    K2, T2 = ref.relu_kernels(X_EX, X_EX, 1.5, 0.5, 2)
    np.testing.assert_allclose(K2[0], [2.27148438, 1.47563633, 2.43597949], atol=5e-9)
    np.testing.assert_allclose(K2[2, 2], 3.6953125, atol=5e-9)
    np.testing.assert_allclose(T2[0], [6.03320312, 2.26001002, 5.18058479], atol=5e-9)
    np.testing.assert_allclose(T2[2, 2], 10.3046875, atol=5e-9)


def test_erf_worked_example(ref: ModuleType) -> None:
    K, T = ref.erf_kernels(X_EX)
    np.testing.assert_allclose(
        [K[0, 2], T[0, 2], K[0, 0], T[0, 0]], [0.26772047, 0.55242549, 1 / 3, 0.70088593], atol=5e-9
    )
    assert K[0, 1] == 0.0 and T[0, 1] == 0.0


def test_gp_worked_example(ref: ModuleType) -> None:
    K, _ = ref.relu_kernels(X_EX)
    mean, cov = ref.gp_posterior(K[:1, :1], K[2:, :1], K[2:, 2:], np.array([2.0]), 0.05)
    np.testing.assert_allclose([mean[0], cov[0, 0]], [1.78051648, 0.26223208], atol=5e-9)


def test_ntk_mean_worked_example(ref: ModuleType) -> None:
    _, T = ref.relu_kernels(X4)
    tr, te, y = T[:2, :2], T[2:, :2], np.array([1.0, -1.0])
    np.testing.assert_allclose(np.linalg.eigvalsh(tr), [0.42042253, 0.57957747], atol=5e-9)
    np.testing.assert_allclose(te[1], [0.93199385, -0.01705325], atol=5e-9)
    got = [ref.ntk_mean(tr, te, y, t)[1] for t in (1.0, 10.0, None)]
    np.testing.assert_allclose(got, [0.42796702, 1.98151953, 2.257365], atol=5e-9)
    assert ref.ntk_mean(tr, te, y, None, 1.0, 0.1)[1] == pytest.approx(2.01743549, abs=5e-9)
    assert abs(ref.ntk_mean(tr, te, y, 10.0)[0]) < 1e-15  # Theta_* is orthogonal to y
    assert np.all(ref.ntk_mean(tr, te, y, 0.0) == 0.0)


def test_ntk_cov_and_risk_worked_example(ref: ModuleType) -> None:
    K, T = ref.relu_kernels(X4)
    args = (K[:2, :2], K[2:, :2], K[2:, 2:], T[:2, :2], T[2:, :2])
    np.testing.assert_allclose(
        ref.ntk_cov(*args, 0.0), [[0.5, 0.38933651], [0.38933651, 1.25]], atol=5e-9
    )
    np.testing.assert_allclose(
        ref.ntk_cov(*args, 1.0), [[0.31486595, 0.19527314], [0.19527314, 0.87645594]], atol=5e-9
    )
    cov = ref.ntk_cov(*args)
    np.testing.assert_allclose(
        cov, [[0.06758734, -0.07663806], [-0.07663806, 0.20290947]], atol=5e-9
    )
    mean = ref.ntk_mean(T[:2, :2], T[2:, :2], np.array([1.0, -1.0]))
    risk = ref.gaussian_risk(np.array([0.5, 2.0]), mean, np.diag(cov))
    assert risk == pytest.approx(0.29336678, abs=5e-9)


def test_empirical_ntk_worked_example(ref: ModuleType) -> None:
    W1, w2 = np.array([[1.0, -1.0], [2.0, 1.0]]), np.array([1.0, -2.0])
    got = ref.empirical_ntk((W1, np.zeros(2), w2, 0.0), X_EX[:2])
    np.testing.assert_allclose(got, [[0.5, 0.5], [0.5, 2.5]], atol=1e-15)
    got = ref.empirical_ntk((W1, np.array([0.3, -0.2]), w2, 0.7), X_EX[:2], 1.0, 0.5)
    np.testing.assert_allclose(got, [[0.99231602, 1.04534903], [1.04534903, 3.53267136]], atol=5e-9)


def test_the_posts_experiment(ref: ModuleType) -> None:
    """The post's predictions at t = 10 and t = inf, and the catalog's [V] largest std."""
    X_tr, X_te, y_tr, _ = regression_split()
    K_tr, T_tr = ref.relu_kernels(X_tr)
    K_te, T_te = ref.relu_kernels(X_te, X_tr)
    K_tt, _ = ref.relu_kernels(X_te)
    assert 1.5e6 < np.linalg.cond(T_tr) < 1.7e6
    assert ref.ntk_mean(T_tr, T_te, y_tr, 10.0)[0] == pytest.approx(-5.365808, abs=5e-7)
    assert ref.ntk_mean(T_tr, T_te, y_tr)[0] == pytest.approx(-6.805406, abs=5e-7)
    std = float(np.sqrt(np.max(np.diag(ref.ntk_cov(K_tr, K_te, K_tt, T_tr, T_te)))))
    assert std == pytest.approx(0.0037278, abs=5e-8)
    assert std <= 3.8e-3


def test_the_closed_form_solves_gradient_flow(ref: ModuleType) -> None:
    """f_t on the training set from the ODE df/dt = -(lr / N) Theta (f - y), f_0 = 0."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(6, 3))
    y = rng.normal(size=6)
    _, T = ref.relu_kernels(X, None, 1.2, 0.3)
    lr, t_end = 0.7, 9.0
    sol = solve_ivp(
        lambda _, f: -(lr / y.size) * T @ (f - y), (0.0, t_end), np.zeros(6), rtol=1e-11, atol=1e-12
    )
    np.testing.assert_allclose(ref.ntk_mean(T, T, y, t_end, lr), sol.y[:, -1], atol=1e-8)


def test_the_exact_sd_of_an_empirical_ntk_entry(suite: ModuleType) -> None:
    """One hidden unit's term g of the empirical NTK, 400,000 times: its mean is the analytic
    Theta - b^2 and its standard deviation is what the StatisticalCheck assumes."""
    rng = np.random.default_rng(13)
    X = suite.X6S
    W, b, n = suite.W6S, suite.B6S, 400_000
    h = W / np.sqrt(3) * X @ rng.standard_normal((3, n)) + b * rng.standard_normal(n)
    v = rng.standard_normal(n)
    K0 = W**2 * X @ X.T / 3 + b**2
    a, s = np.maximum(h, 0.0), (h > 0) * v
    g = W**2 * (a[:, None, :] * a[None, :, :] + K0[:, :, None] * s[:, None, :] * s[None, :, :])
    theta = suite._relu(X, X, W, b)[1]
    sd = suite._entry_sd(X, W, b, 1)
    np.testing.assert_allclose(g.mean(axis=2) + b**2, theta, atol=6 * sd.max() / np.sqrt(n))
    np.testing.assert_allclose(g.std(axis=2), sd, rtol=0.02)
