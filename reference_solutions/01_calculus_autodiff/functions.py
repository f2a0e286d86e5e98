"""Hidden test functions of 01 that the suite passes to student code (``course.<name>``).

Their source travels with each grading job; no course file is mounted in the sandbox.
"""

import math
from typing import Any


def cube(x: Any) -> Any:
    return x**3


def square_d1(x: float) -> float:
    return 2.0 * x


def square_d2(x: float) -> float:
    return 2.0


def cosh_d1(x: float) -> float:
    """f'(x) for f(x) = cosh(x) + x^2 / 4 (minimum at a root of sinh x + x/2)."""
    return math.sinh(x) + 0.5 * x


def cosh_d2(x: float) -> float:
    return math.cosh(x) + 0.5


def quartic_2d(v: Any) -> Any:
    """x^4 + 0.8 y^4 + 4x^2 + 2y^2 - xy - 0.2 x^2 y."""
    x, y = v[0], v[1]
    return x**4 + 0.8 * y**4 + 4 * x**2 + 2 * y**2 - x * y - 0.2 * x**2 * y


def rosenbrock(v: Any) -> Any:
    """sum 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2 over consecutive pairs."""
    return (100 * (v[1:] - v[:-1] ** 2) ** 2 + (1 - v[:-1]) ** 2).sum()
