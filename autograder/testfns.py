"""Test functions that suites pass to student code as callable arguments.

Only names under this module (and numpy, math, torch) may be sent to the sandbox as callables;
the sandbox resolves them itself, so no code crosses the boundary.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np


def cube(x: Any) -> Any:
    return x**3


def exp_minus_log_d1(x: float) -> float:
    """f'(x) for f(x) = e^x - ln x."""
    return math.exp(x) - 1.0 / x


def exp_minus_log_d2(x: float) -> float:
    """f''(x) for f(x) = e^x - ln x."""
    return math.exp(x) + 1.0 / x**2


def square_d1(x: float) -> float:
    return 2.0 * x


def square_d2(x: float) -> float:
    return 2.0


def cosh_d1(x: float) -> float:
    """f'(x) for f(x) = cosh(x) + x^2 / 4 (minimum at a root of sinh x + x/2)."""
    return math.sinh(x) + 0.5 * x


def cosh_d2(x: float) -> float:
    return math.cosh(x) + 0.5


def normal_pdf_d1(x: float) -> float:
    """f'(x) for the standard normal density."""
    return -x * math.exp(-x * x / 2) / math.sqrt(2 * math.pi)


def normal_pdf_d2(x: float) -> float:
    """f''(x) for the standard normal density: zero at x = +-1."""
    return (x * x - 1.0) * math.exp(-x * x / 2) / math.sqrt(2 * math.pi)


def quadratic_2d(v: Any) -> Any:
    """2x^2 + 3y^2 - xy (torch or numpy vector)."""
    return 2 * v[0] ** 2 + 3 * v[1] ** 2 - v[0] * v[1]


def quartic_2d(v: Any) -> Any:
    """x^4 + 0.8 y^4 + 4x^2 + 2y^2 - xy - 0.2 x^2 y."""
    x, y = v[0], v[1]
    return x**4 + 0.8 * y**4 + 4 * x**2 + 2 * y**2 - x * y - 0.2 * x**2 * y


def rosenbrock(v: Any) -> Any:
    """sum 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2 over consecutive pairs."""
    return (100 * (v[1:] - v[:-1] ** 2) ** 2 + (1 - v[:-1]) ** 2).sum()


def softplus_sum(v: Any) -> Any:
    """sum log(1 + e^{v_i}) + prod-free coupling term 0.5 * (v . v)^2 / n."""
    import torch

    return torch.nn.functional.softplus(v).sum() + 0.5 * (v @ v) ** 2 / v.shape[0]


def smooth_bump(x: np.ndarray) -> np.ndarray:
    """x sin x, vectorised."""
    return x * np.sin(x)
