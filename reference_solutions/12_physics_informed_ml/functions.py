"""Hidden test functions of 12 that the suite passes to student code (``course.<name>``).

Their source travels with each grading job; no course file is mounted in the sandbox. Networks
build their weights on the device and in the dtype of their input, so they work on a GPU and
in float32 alike.
"""

from collections.abc import Callable
from typing import Any

import numpy as np
import torch

NU = 0.01 / np.pi


def tanh_net(x: Any) -> Any:
    """A 1-5-1 tanh network with fixed weights and nonzero biases."""
    kw = {"dtype": x.dtype, "device": x.device}
    w1 = torch.tensor([[0.9, -1.3, 0.4, 2.1, -0.7]], **kw)
    b1 = torch.tensor([0.2, -0.5, 0.1, 0.3, 0.8], **kw)
    w2 = torch.tensor([[0.6], [-0.4], [1.1], [0.3], [-0.9]], **kw)
    return torch.tanh(x @ w1 + b1) @ w2 + 0.15


def wavy_net(x: Any) -> Any:
    """0.8 sin(1.7 x + 0.3) - 0.2 x^2 + 0.1: curvature of both signs on [0, 1]."""
    return 0.8 * torch.sin(1.7 * x + 0.3) - 0.2 * x**2 + 0.1


def riccati(x: Any, u: Any) -> Any:
    """F(x, u) = x - u^2 (a nonlinear right side)."""
    return x - u**2


def forced(x: Any, u: Any) -> Any:
    """F(x, u) = cos(3 x) - 0.5 u."""
    return torch.cos(3.0 * x) - 0.5 * u


def exact_sub_net(x: Any) -> Any:
    """N(x) = 1 + 2 expm1(-x) / x: 1 + x N(x) = x - 1 + 2 exp(-x) solves u' = x - u, u(0) = 1."""
    return 1.0 + 2.0 * torch.expm1(-x) / x


# u'' + a u' = b with a = -1.5, b = 0.7, u(0) = 0.3, u(1) = -0.4
_A, _B, _U0, _U1 = -1.5, 0.7, 0.3, -0.4
_C2 = (_U1 - _U0 - _B / _A) / (np.exp(-_A) - 1.0)


def exact_bvp_hidden(x: Any) -> Any:
    """The exact solution of u'' - 1.5 u' = 0.7, u(0) = 0.3, u(1) = -0.4."""
    return (_U0 - _C2) + _C2 * torch.exp(-_A * x) + (_B / _A) * x


def parabola_bvp(x: Any) -> Any:
    """The exact solution of u'' = -1.2, u(0) = 0.4, u(1) = 0.9 (a = 0)."""
    return 0.4 + 1.1 * x - 0.6 * x**2


def linear_flow(x: Any, t: Any) -> Any:
    """u = x / (1 + t): solves Burgers' equation for every nu; u_x does not depend on x."""
    return x / (1.0 + t)


def front_default_nu(x: Any, t: Any) -> Any:
    """The travelling front c - A tanh(A (x - c t) / (2 nu)) with nu = 0.01 / pi."""
    c, amp = 0.2, 0.05
    return c - amp * torch.tanh(amp * (x - c * t) / (2.0 * NU))


def front_nu_003(x: Any, t: Any) -> Any:
    """The travelling front for nu = 0.03, c = -0.3, A = 0.4."""
    c, amp = -0.3, 0.4
    return c - amp * torch.tanh(amp * (x - c * t) / (2.0 * 0.03))


def steady_shock(x: Any, t: Any) -> Any:
    """-A tanh(A x / (2 nu)) with nu = 0.01 / pi: a steady solution; t is not used."""
    amp = 0.04
    return -amp * torch.tanh(amp * x / (2.0 * NU))


def slope_flow(x: Any, t: Any) -> Any:
    """u = 2 x + 1: t is not used and u_x = 2 does not even require grad."""
    return 2.0 * x + 1.0


def bumpy_flow(x: Any, t: Any) -> Any:
    """exp(-t) sin(2 x) + 0.5 x t^2 + 0.3 x^3: not a solution; every term of the residual is
    nonzero."""
    return torch.exp(-t) * torch.sin(2.0 * x) + 0.5 * x * t**2 + 0.3 * x**3


def _single_calls(f: Callable[[np.ndarray], np.ndarray]) -> Callable[..., np.ndarray]:
    """The force f, refusing to be called twice in a row at the same position."""
    last: list[bytes | None] = [None]

    def force(x: Any) -> np.ndarray:
        key = np.asarray(x, dtype=np.float64).tobytes()
        if key == last[0]:
            raise RuntimeError(
                "force was called twice in a row at the same position: evaluate it once per "
                "step and reuse a_{k+1} as the next step's a_k"
            )
        last[0] = key
        return f(np.asarray(x, dtype=np.float64))

    return force


def _coupled(x: np.ndarray) -> np.ndarray:
    return -np.array([4.0 * x[0] + 0.5 * x[0] * x[1] ** 2, x[1] + 0.5 * x[0] ** 2 * x[1]])


def coupled_potential(x: Any) -> float:
    """V = 2 x0^2 + x1^2 / 2 + x0^2 x1^2 / 4 (two coupled anharmonic oscillators)."""
    return float(2.0 * x[0] ** 2 + 0.5 * x[1] ** 2 + 0.25 * x[0] ** 2 * x[1] ** 2)


def _double_well(x: np.ndarray) -> np.ndarray:
    return np.asarray(-(x**3) + x, dtype=np.float64)


def double_well_potential(x: Any) -> float:
    """V = x^4 / 4 - x^2 / 2 of a position of shape (1,)."""
    return float(0.25 * x[0] ** 4 - 0.5 * x[0] ** 2)


def _kepler(x: np.ndarray) -> np.ndarray:
    return np.asarray(-x / np.linalg.norm(x) ** 3, dtype=np.float64)


coupled_force = _single_calls(_coupled)
double_well_force = _single_calls(_double_well)
kepler_force = _single_calls(_kepler)


def double_well_force_plain(x: Any) -> np.ndarray:
    """The double-well force without the single-call guard (for n = 0)."""
    return _double_well(np.asarray(x, dtype=np.float64))
