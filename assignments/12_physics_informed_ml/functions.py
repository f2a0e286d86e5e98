"""Test functions that the public checks pass to your code (``course.<name>``).

Networks and right sides are plain torch functions on columns (N, 1); force functions refuse to
be called twice in a row at the same position (question 6 asks for one force call per step).
"""

from collections.abc import Callable
from typing import Any

import numpy as np
import torch


def decay(x: Any, u: Any) -> Any:
    """The right side F(x, u) = -u of u' = -u."""
    return -u


def exact_decay_net(x: Any) -> Any:
    """N(x) = (exp(-x) - 1) / x: with it, 1 + x N(x) = exp(-x) solves u' = -u, u(0) = 1."""
    return torch.expm1(-x) / x


def exact_bvp_example(x: Any) -> Any:
    """The exact solution of u'' + 2 u' = 1, u(0) = 0, u(1) = 1 (question 2's worked example)."""
    c2 = (1.0 - 0.0 - 0.5) / (np.exp(-2.0) - 1.0)
    return (0.0 - c2) + c2 * torch.exp(-2.0 * x) + 0.5 * x


def sine_wave(x: Any, t: Any) -> Any:
    """u(x, t) = sin(pi x) exp(-t): not a solution of Burgers' equation."""
    return torch.sin(np.pi * x) * torch.exp(-t)


def _one_call_per_position(f: Callable[[np.ndarray], np.ndarray]) -> Callable[..., np.ndarray]:
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


pendulum_force = _one_call_per_position(lambda x: -np.sin(x))


def pendulum_potential(x: Any) -> float:
    """V(x) = 1 - cos(x) of one position x of shape (1,)."""
    return float(1.0 - np.cos(x[0]))
