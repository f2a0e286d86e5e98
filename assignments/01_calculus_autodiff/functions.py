"""Test functions that the public checks pass to your code (f', f'' pairs and a quadratic).

The checks name them as ``course.<name>``; they are ordinary Python you may call yourself.
"""

import math
from typing import Any


def exp_minus_log_d1(x: float) -> float:
    """f'(x) for f(x) = e^x - ln x."""
    return math.exp(x) - 1.0 / x


def exp_minus_log_d2(x: float) -> float:
    """f''(x) for f(x) = e^x - ln x."""
    return math.exp(x) + 1.0 / x**2


def normal_pdf_d1(x: float) -> float:
    """f'(x) for the standard normal density."""
    return -x * math.exp(-x * x / 2) / math.sqrt(2 * math.pi)


def normal_pdf_d2(x: float) -> float:
    """f''(x) for the standard normal density: zero at x = +-1."""
    return (x * x - 1.0) * math.exp(-x * x / 2) / math.sqrt(2 * math.pi)


def quadratic_2d(v: Any) -> Any:
    """2x^2 + 3y^2 - xy (torch or numpy vector)."""
    return 2 * v[0] ** 2 + 3 * v[1] ** 2 - v[0] * v[1]
