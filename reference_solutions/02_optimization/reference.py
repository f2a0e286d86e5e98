"""Reference solution for assignment 02_optimization (gradient descent, critical points, line
search, the Rosenbrock function and constrained optimisation).

Each ``# %% [answer] <question id>`` section below is pasted verbatim into the answer cell of that
question by ``autograder solve``. A section may only use the names imported by the notebook's setup
cell (``np``, ``torch``, ``plt``, ``optimize``) and the names it defines itself.

Conventions: all work is float64; points are 1-D arrays of shape ``(d,)`` and trajectories are
2-D arrays of shape ``(k + 1, d)`` whose row ``i`` is the iterate after ``i`` steps.
"""

import numpy as np
import torch  # noqa: F401  (the notebook's setup cell imports it; alternatives use it)
from scipy import optimize

# %% [answer] q1_gradient_descent


def gradient_descent(grad_f, x0, lr: float, eps: float = 1e-8, max_steps: int = 1000) -> np.ndarray:
    """Fixed-step gradient descent x_{k+1} = x_k - lr * grad_f(x_k); returns the trajectory.

    At each iterate the step lr * grad_f(x_k) is computed; if its Euclidean norm is <= eps the
    method has converged, the step is not taken and x_k is the last row. At most max_steps steps
    are taken. The result is a float64 array of shape (k + 1, d); x0 is not modified.
    """
    x = np.array(x0, dtype=np.float64).reshape(-1)  # a copy, so x0 is never written to
    path = [x]
    for _ in range(max_steps):
        g = np.asarray(grad_f(x), dtype=np.float64).reshape(-1)
        step = lr * g
        if np.linalg.norm(step) <= eps:
            break
        x = x - step
        path.append(x)
    return np.array(path, dtype=np.float64)


# %% [answer] q2_critical_points


def landscape_grad(p: np.ndarray) -> np.ndarray:
    """Gradient (2,) of f(x, y) = exp(-0.05 (x^2 + y^2)) sin(x) cos(y) at p = (x, y)."""
    x, y = float(p[0]), float(p[1])
    r = np.exp(-0.05 * (x * x + y * y))
    fx = r * (np.cos(x) * np.cos(y) - 0.1 * x * np.sin(x) * np.cos(y))
    fy = r * (-np.sin(x) * np.sin(y) - 0.1 * y * np.sin(x) * np.cos(y))
    return np.array([fx, fy], dtype=np.float64)


def landscape_hessian(p: np.ndarray) -> np.ndarray:
    """Hessian (2, 2) of the same f at p, from the product rule for r(x, y) * g(x, y)."""
    x, y = float(p[0]), float(p[1])
    r = np.exp(-0.05 * (x * x + y * y))
    r_x, r_y = -0.1 * x * r, -0.1 * y * r
    r_xx, r_yy, r_xy = (0.01 * x * x - 0.1) * r, (0.01 * y * y - 0.1) * r, 0.01 * x * y * r
    g = np.sin(x) * np.cos(y)
    g_x, g_y = np.cos(x) * np.cos(y), -np.sin(x) * np.sin(y)
    g_xx = g_yy = -np.sin(x) * np.cos(y)
    g_xy = -np.cos(x) * np.sin(y)
    f_xx = r_xx * g + 2.0 * r_x * g_x + r * g_xx
    f_yy = r_yy * g + 2.0 * r_y * g_y + r * g_yy
    f_xy = r_xy * g + r_x * g_y + r_y * g_x + r * g_xy
    return np.array([[f_xx, f_xy], [f_xy, f_yy]], dtype=np.float64)


def classify_critical_point(H: np.ndarray, tol: float = 1e-10) -> str:
    """'minimum', 'maximum', 'saddle' or 'degenerate' from the eigenvalues of sym(H)."""
    H = np.asarray(H, dtype=np.float64)
    lam = np.linalg.eigvalsh(0.5 * (H + H.T))
    if np.any(lam > tol) and np.any(lam < -tol):
        return "saddle"
    if np.all(lam > tol):
        return "minimum"
    if np.all(lam < -tol):
        return "maximum"
    return "degenerate"


# %% [answer] q3_backtracking


def backtracking_gd(A: np.ndarray, b: np.ndarray, x0: np.ndarray, a0: float = 1.0,
                    rho: float = 0.5, c: float = 1e-4, tol: float = 1e-8,
                    max_iter: int = 500) -> np.ndarray:
    """Gradient descent with Armijo backtracking on f(x) = x^T A x / 2 - b^T x; trajectory (k+1, d).

    At x_k: g = A x_k - b; stop (no step) when ||g|| <= tol. Otherwise start from alpha = a0 and
    multiply alpha by rho until f(x_k - alpha g) <= f(x_k) - c alpha g^T g, then step.
    """
    A = np.asarray(A, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)

    def f(v: np.ndarray) -> float:
        return float(0.5 * v @ A @ v - b @ v)

    x = np.array(x0, dtype=np.float64)
    path = [x]
    for _ in range(max_iter):
        g = A @ x - b
        if np.linalg.norm(g) <= tol:
            break
        alpha = a0
        fx = f(x)
        while f(x - alpha * g) > fx - c * alpha * (g @ g):
            alpha *= rho
        x = x - alpha * g
        path.append(x)
    return np.array(path, dtype=np.float64)


# %% [answer] q4_rosenbrock


def rosen_grad(x: np.ndarray) -> np.ndarray:
    """Gradient (n,) of sum_i 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2, for n >= 2."""
    x = np.asarray(x, dtype=np.float64)
    grad = np.zeros_like(x)
    inner = x[1:] - x[:-1] ** 2  # x_{i+1} - x_i^2 for each consecutive pair
    grad[:-1] += -400.0 * x[:-1] * inner - 2.0 * (1.0 - x[:-1])  # x_i as the first of a pair
    grad[1:] += 200.0 * inner  # x_{i+1} as the second of a pair
    return grad


def rosen_hessian(x: np.ndarray) -> np.ndarray:
    """Hessian (n, n) of the n-D Rosenbrock function: tridiagonal, symmetric."""
    x = np.asarray(x, dtype=np.float64)
    n = x.size
    diag = np.zeros(n)
    diag[:-1] += 1200.0 * x[:-1] ** 2 - 400.0 * x[1:] + 2.0
    diag[1:] += 200.0
    off = -400.0 * x[:-1]
    H = np.diag(diag)
    H[np.arange(n - 1), np.arange(1, n)] = off
    H[np.arange(1, n), np.arange(n - 1)] = off
    return H


# %% [answer] q5_lagrange


def lagrange_qp(Q: np.ndarray, c: np.ndarray, A: np.ndarray,
                b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Minimiser x (n,) and multipliers lam (m,) of x^T Q x / 2 + c^T x subject to A x = b.

    With L = f + lam^T (A x - b) the KKT system is [[Q, A^T], [A, 0]] [x; lam] = [-c; b].
    """
    Q, c = np.asarray(Q, dtype=np.float64), np.asarray(c, dtype=np.float64)
    A, b = np.asarray(A, dtype=np.float64), np.asarray(b, dtype=np.float64)
    n, m = Q.shape[0], A.shape[0]
    K = np.block([[Q, A.T], [A, np.zeros((m, m))]])
    sol = np.linalg.solve(K, np.concatenate([-c, b]))
    x, lam = sol[:n], sol[n:]
    return x, lam


# %% [answer] q6_slsqp


def slsqp_local_min(x0: np.ndarray) -> np.ndarray:
    """SLSQP local minimiser (2,) of -x^2 + y^2 subject to sin(6x - 0.7) - y - 0.5 = 0.

    scipy's defaults are used (gradients by finite differences, ftol 1e-6): the result is a local
    KKT point only, since the objective is unbounded below along the constraint.
    """

    def fun(v: np.ndarray) -> float:
        return float(-v[0] ** 2 + v[1] ** 2)

    def con(v: np.ndarray) -> float:
        return float(np.sin(6.0 * v[0] - 0.7) - v[1] - 0.5)

    result = optimize.minimize(fun, np.asarray(x0, dtype=np.float64), method="SLSQP",
                               constraints=[{"type": "eq", "fun": con}])
    return np.asarray(result.x, dtype=np.float64)
