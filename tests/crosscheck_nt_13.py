"""13_kernels_infinite_width against Neural Tangents (an independent implementation).

Not part of `make test`: Neural Tangents 0.6.5 needs numpy < 2 and jax 0.4.30, so it lives in a
venv of its own. `make crosscheck-nt` builds that venv and runs this file (18 tests with the
catalog tests it imports, about 40 s).
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import numpy as np
import pytest

from tests.test_catalog_13 import ref, regression_split

__all__ = ["ref"]  # the fixture, re-exported for pytest


def _nt() -> Any:
    import jax
    import neural_tangents as nt

    jax.config.update("jax_enable_x64", True)
    return nt


@pytest.mark.parametrize(
    ("W", "b", "depth"), [(1.0, 0.0, 1), (1.3, 0.4, 1), (1.5, 0.5, 2), (1.3, 0.4, 3)]
)
def test_relu_kernels_match_neural_tangents(
    ref: ModuleType, W: float, b: float, depth: int
) -> None:
    nt = _nt()
    stax = nt.stax
    layers = [layer for _ in range(depth) for layer in (stax.Dense(512, W, b), stax.Relu())]
    kernel_fn = stax.serial(*layers, stax.Dense(1, W, b))[2]
    rng = np.random.default_rng(depth)
    A, B = rng.normal(size=(5, 3)), rng.normal(size=(4, 3))
    A[1] = 0.0
    k = kernel_fn(A, B, ("nngp", "ntk"))
    K, T = ref.relu_kernels(A, B, W, b, depth)
    np.testing.assert_allclose(K, np.asarray(k.nngp), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(T, np.asarray(k.ntk), rtol=1e-12, atol=1e-14)
    k = kernel_fn(A, None, ("nngp", "ntk"))
    K, T = ref.relu_kernels(A, None, W, b, depth)
    np.testing.assert_allclose(K, np.asarray(k.nngp), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(T, np.asarray(k.ntk), rtol=1e-7, atol=1e-12)  # the diagonal


def test_erf_kernels_match_neural_tangents(ref: ModuleType) -> None:
    nt = _nt()
    stax = nt.stax
    kernel_fn = stax.serial(stax.Dense(512, 1.3, 0.4), stax.Erf(), stax.Dense(1, 1.3, 0.4))[2]
    rng = np.random.default_rng(1)
    A, B = rng.normal(size=(5, 3)), 3.0 * rng.normal(size=(4, 3))
    k = kernel_fn(A, B, ("nngp", "ntk"))
    K, T = ref.erf_kernels(A, B, 1.3, 0.4)
    np.testing.assert_allclose(K, np.asarray(k.nngp), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(T, np.asarray(k.ntk), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("diag_reg", [0.0, 1e-4])
def test_ntk_predictions_match_neural_tangents(ref: ModuleType, diag_reg: float) -> None:
    """NT's time normalisation (y_train.size) and diag_reg (times trace / N) [V]."""
    nt = _nt()
    stax = nt.stax
    kernel_fn = stax.serial(stax.Dense(5), stax.Relu(), stax.Dense(1))[2]
    X_tr, X_te, y_tr, _ = regression_split()
    K_tr, T_tr = ref.relu_kernels(X_tr)
    K_te, T_te = ref.relu_kernels(X_te, X_tr)
    K_tt, _ = ref.relu_kernels(X_te)
    predict_fn = nt.predict.gradient_descent_mse_ensemble(
        kernel_fn, X_tr, y_tr[:, None], diag_reg=diag_reg
    )
    for t in (None, 10.0):
        mean, cov = predict_fn(t=t, x_test=X_te, get="ntk", compute_cov=True)
        np.testing.assert_allclose(
            ref.ntk_mean(T_tr, T_te, y_tr, t, 1.0, diag_reg),
            np.asarray(mean).ravel(),
            rtol=1e-8,
            atol=1e-8,
        )
        np.testing.assert_allclose(
            ref.ntk_cov(K_tr, K_te, K_tt, T_tr, T_te, t, 1.0, diag_reg),
            np.asarray(cov),
            rtol=1e-8,
            atol=1e-10,
        )


def test_empirical_ntk_matches_neural_tangents(ref: ModuleType) -> None:
    nt = _nt()
    import jax

    stax = nt.stax
    init_fn, apply_fn, _ = stax.serial(
        stax.Dense(300, 1.3, 0.4), stax.Relu(), stax.Dense(1, 1.3, 0.4)
    )
    X = np.random.default_rng(2).normal(size=(4, 3))
    _, params = init_fn(jax.random.PRNGKey(0), X.shape)
    (W1, b1), _, (W2, b2) = params
    mine = ref.empirical_ntk(
        (np.asarray(W1), np.asarray(b1), np.asarray(W2)[:, 0], float(np.asarray(b2).ravel()[0])),
        X,
        1.3,
        0.4,
    )
    theirs = np.asarray(nt.empirical_ntk_fn(apply_fn, trace_axes=())(X, None, params))
    np.testing.assert_allclose(mine, theirs.reshape(4, 4), rtol=1e-12, atol=1e-13)
