"""Test functions that the public checks pass to your code (``course.<name>``).

``bowl`` is an objective for question 3 (a configuration (theta_0, theta_1) in, a number out);
``lcb_score`` is an acquisition function for question 5 (larger is better).
"""

from typing import Any

import numpy as np


def bowl(theta: Any) -> float:
    """(log10(theta_0) - 0.5)^2 + (theta_1 - 0.25)^2, smallest at theta = (10^0.5, 0.25)."""
    return float((np.log10(theta[0]) - 0.5) ** 2 + (theta[1] - 0.25) ** 2)


def lcb_score(mu: Any, sigma: Any, f_best: float) -> Any:
    """2 sigma - mu: the negated lower confidence bound mu - 2 sigma (f_best is not used)."""
    return 2.0 * np.asarray(sigma) - np.asarray(mu)
