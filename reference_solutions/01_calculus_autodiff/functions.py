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


def sin_whole_arrays(x: Any) -> Any:
    """np.sin that must be called once on the whole array: a loop over the entries of x hands it
    NumPy scalars (or Python floats) instead, and then it refuses."""
    import numpy

    if not isinstance(x, numpy.ndarray):
        raise TypeError(
            "f was called on a single entry; call it once on the whole array (no loops over x)"
        )
    return numpy.sin(x)


def quartic_d1(x: float) -> float:
    """f'(x) for f(x) = x^4 / 4: Newton converges only linearly here (x_{k+1} = 2 x_k / 3)."""
    return x**3


def quartic_d2(x: float) -> float:
    return 3.0 * x**2


def neg_square_d1(x: float) -> float:
    """f'(x) for f(x) = -x^2 (a maximum at 0)."""
    return -2.0 * x


def neg_square_d2(x: float) -> float:
    return -2.0


def cos_d1(x: float) -> float:
    """f'(x) for f(x) = cos x (a maximum at 0)."""
    return -math.sin(x)


def cos_d2(x: float) -> float:
    return -math.cos(x)


def flat_cubic_d1(x: float) -> float:
    """f'(x) = (x - 0.375)^3 + 2: from 1.375 one Newton step lands exactly on 0.375."""
    return (x - 0.375) ** 3 + 2.0


def flat_cubic_d2(x: float) -> float:
    """f''(x) = 3 (x - 0.375)^2, exactly 0 at x = 0.375."""
    return 3.0 * (x - 0.375) ** 2


def linear_3d(v: Any) -> Any:
    """2 x - y + z / 2: linear, so its gradient does not depend on v and the Hessian is zero."""
    return 2.0 * v[0] - v[1] + 0.5 * v[2]


def mixed_3d(v: Any) -> Any:
    """x^2 y + y^3 + 3 z: linear in z, so the last row of the Hessian is zero."""
    return v[0] ** 2 * v[1] + v[1] ** 3 + 3.0 * v[2]
