"""Hidden test functions of 14 that the suite passes to student code (``course.<name>``).

Objectives for question 3 (a configuration array in, a number out) and acquisition functions for
question 5 (mu, sigma, f_best in, one score per candidate out). Their source travels with each
grading job; no course file is mounted in the sandbox.
"""

import math
from typing import Any

import numpy as np
import scipy.special

_DIABETES: list[Any] = []


def _diabetes() -> Any:
    if not _DIABETES:
        from sklearn.datasets import load_diabetes

        _DIABETES.append(load_diabetes(return_X_y=True, scaled=False))
    return _DIABETES[0]


def ridge_cv_diabetes(theta: Any) -> float:
    """4-fold CV MAE (contiguous folds of 111, 111, 110, 110 patients) of ridge on the z-scored
    raw diabetes data, lambda = theta[0]; the scaler is fitted per training fold."""
    X, y = _diabetes()
    lam = float(theta[0])
    maes = []
    for start, stop in ((0, 111), (111, 222), (222, 332), (332, 442)):
        train = np.r_[0:start, stop:442]
        mean, scale = X[train].mean(axis=0), X[train].std(axis=0)
        Z = (X[train] - mean) / scale
        w = np.linalg.solve(Z.T @ Z + lam * np.eye(10), Z.T @ (y[train] - y[train].mean()))
        pred = (X[start:stop] - mean) / scale @ w + y[train].mean()
        maes.append(np.mean(np.abs(y[start:stop] - pred)))
    return float(np.mean(maes))


def tilted(theta: Any) -> float:
    """A smooth bowl in (log10 theta_0, theta_1) with a cross term."""
    a, b = math.log10(float(theta[0])), float(theta[1])
    return (a - 0.3) ** 2 + 0.5 * (b + 0.2) ** 2 + 0.3 * a * b


def weighted_sum(theta: Any) -> float:
    """theta_0 + 10 theta_1 + 100 theta_2: every grid point has its own value."""
    return float(theta[0] + 10.0 * theta[1] + 100.0 * theta[2])


def product_gap(theta: Any) -> float:
    """(theta_0 theta_1 - 0.5)^2: exactly 0 wherever the product is 0.5 (ties on a grid)."""
    return float((theta[0] * theta[1] - 0.5) ** 2)


def plateau(theta: Any) -> float:
    """0 on the square |theta_0|, |theta_1| <= 0.5, growing outside it (ties)."""
    return float(max(0.0, abs(theta[0]) - 0.5) + max(0.0, abs(theta[1]) - 0.5))


def nan_below(theta: Any) -> float:
    """NaN (a failed fit) where theta_0 < 0.3, else a bowl around (0.6, 0)."""
    if theta[0] < 0.3:
        return math.nan
    return float((theta[0] - 0.6) ** 2 + theta[1] ** 2)


def always_nan(theta: Any) -> float:
    """Every fit fails."""
    return math.nan


def ei_acquisition(mu: Any, sigma: Any, f_best: float) -> Any:
    """Expected improvement for minimisation with xi = 0.01 (0 where sigma = 0 and no gain)."""
    mu, sigma = np.asarray(mu, dtype=np.float64), np.asarray(sigma, dtype=np.float64)
    gain = f_best - mu - 0.01
    s = np.where(sigma > 0, sigma, 1.0)
    z = gain / s
    ei = gain * scipy.special.ndtr(z) + s * np.exp(-0.5 * z**2) / math.sqrt(2.0 * math.pi)
    return np.where(sigma > 0, ei, np.maximum(gain, 0.0))


def capped_ei(mu: Any, sigma: Any, f_best: float) -> Any:
    """min(EI, 0.02): every candidate whose EI reaches 0.02 ties."""
    return np.minimum(ei_acquisition(mu, sigma, f_best), 0.02)


def prob_improvement(mu: Any, sigma: Any, f_best: float) -> Any:
    """P(f < f_best) = Phi((f_best - mu) / sigma), 0 where sigma = 0."""
    mu, sigma = np.asarray(mu, dtype=np.float64), np.asarray(sigma, dtype=np.float64)
    s = np.where(sigma > 0, sigma, 1.0)
    return np.where(sigma > 0, scipy.special.ndtr((f_best - mu) / s), 0.0)
