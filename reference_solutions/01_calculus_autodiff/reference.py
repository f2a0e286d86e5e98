"""Reference solution for assignment 01_calculus_autodiff (calculus and automatic differentiation).

Each ``# %% [answer] <question id>`` section below is pasted verbatim into the answer cell of that
question by ``autograder solve``. A section may only use the names imported by the notebook's setup
cell (``np``, ``torch``, ``sp``, ``plt``) and the names it defines itself.

Conventions: numpy work is float64; "columns are examples", so a data matrix ``X`` has shape
``(k, m)`` for ``k`` features and ``m`` examples, and labels / predictions have shape ``(1, m)``.
"""

import numpy as np
import sympy as sp
import torch

# %% [answer] q1_finite_differences


def forward_diff(f, x: float | np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Forward difference (f(x + h) - f(x)) / h, elementwise; float64 array of x's shape."""
    x = np.asarray(x, dtype=np.float64)  # a new name for the input: x itself is never written to
    return np.asarray((f(x + h) - f(x)) / h, dtype=np.float64)


def central_diff(f, x: float | np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Central difference (f(x + h) - f(x - h)) / (2h), elementwise; float64 array of x's shape."""
    x = np.asarray(x, dtype=np.float64)
    return np.asarray((f(x + h) - f(x - h)) / (2.0 * h), dtype=np.float64)


# %% [answer] q2_derivative_rules


def d_sigmoid(x: np.ndarray) -> np.ndarray:
    """Derivative of the logistic sigmoid, s(x) (1 - s(x)); NaN in, NaN out."""
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(invalid="ignore"):  # logaddexp warns on NaN input; NaN just propagates
        s = np.exp(-np.logaddexp(0.0, -x))  # 1 / (1 + e^-x) without overflow for large |x|
    return s * (1.0 - s)


def d_tanh(x: np.ndarray) -> np.ndarray:
    """Derivative of tanh: 1 - tanh(x)^2."""
    x = np.asarray(x, dtype=np.float64)
    return 1.0 - np.tanh(x) ** 2


def d_relu(x: np.ndarray) -> np.ndarray:
    """Derivative of ReLU: 1 for x > 0, 0 for x <= 0 (ML convention at 0); NaN stays NaN."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(np.isnan(x), np.nan, np.where(x > 0, 1.0, 0.0))


def d_sqrt(x: np.ndarray) -> np.ndarray:
    """Derivative of sqrt: 1 / (2 sqrt(x)) for x > 0, NaN for x <= 0 (and for NaN)."""
    x = np.asarray(x, dtype=np.float64)
    out = np.full(x.shape, np.nan, dtype=np.float64)
    positive = x > 0
    out[positive] = 0.5 / np.sqrt(x[positive])
    return out


def d_abs(x: np.ndarray) -> np.ndarray:
    """Derivative of |x|: sign(x) for x != 0, NaN at x == 0 (|x| has a corner there)."""
    x = np.asarray(x, dtype=np.float64)
    return np.where(x != 0, np.sign(x), np.nan)


# %% [answer] q3_symbolic


def tangent_plane(f: sp.Expr, x: sp.Symbol, y: sp.Symbol, a, b) -> sp.Expr:
    """Plane tangent to z = f(x, y) at (a, b): f(a,b) + f_x(a,b)(x - a) + f_y(a,b)(y - b)."""
    a, b = sp.sympify(a), sp.sympify(b)
    at_point = {x: a, y: b}
    f0 = f.subs(at_point, simultaneous=True)
    fx0 = sp.diff(f, x).subs(at_point, simultaneous=True)
    fy0 = sp.diff(f, y).subs(at_point, simultaneous=True)
    return f0 + fx0 * (x - a) + fy0 * (y - b)


def taylor_poly(expr: sp.Expr, x: sp.Symbol, x0, order: int) -> sp.Expr:
    """Degree-`order` Taylor polynomial of expr about x0: sum_{i<=order} f^(i)(x0)/i! (x-x0)^i."""
    x0 = sp.sympify(x0)
    poly = sp.Integer(0)
    derivative = expr
    for i in range(order + 1):
        poly += derivative.subs(x, x0) / sp.factorial(i) * (x - x0) ** i
        derivative = sp.diff(derivative, x)
    return poly


# %% [answer] q4_single_neuron


def neuron_output(w: np.ndarray, b: float, X: np.ndarray) -> np.ndarray:
    """Linear neuron Y_hat = w @ X + b; w (1, k), X (k, m) -> (1, m)."""
    return w @ X + b


def mse_loss(Y_hat: np.ndarray, Y: np.ndarray) -> float:
    """Half mean squared error sum((Y_hat - Y)^2) / (2m) for arrays of shape (1, m)."""
    m = Y.shape[1]
    return float(np.sum((Y_hat - Y) ** 2) / (2 * m))


def mse_grads(w: np.ndarray, b: float, X: np.ndarray, Y: np.ndarray) -> tuple[np.ndarray, float]:
    """Gradient of mse_loss(neuron_output(w, b, X), Y): dw (1, k) and db (float)."""
    m = X.shape[1]
    residual = Y - neuron_output(w, b, X)
    dw = -(residual @ X.T) / m
    db = -float(np.sum(residual)) / m
    return dw, db


def update_params(
    w: np.ndarray, b: float, dw: np.ndarray, db: float, lr: float
) -> tuple[np.ndarray, float]:
    """One gradient-descent step, returning new parameters (w is not modified)."""
    return w - lr * dw, float(b - lr * db)


def train_neuron(
    w0: np.ndarray,
    b0: float,
    X: np.ndarray,
    Y: np.ndarray,
    lr: float = 0.1,
    tol: float = 1e-4,
    max_iter: int = 1000,
) -> tuple[np.ndarray, float, np.ndarray]:
    """Gradient descent on the half MSE; returns (w, b, losses) with losses[i] after i updates."""
    w, b = np.array(w0, dtype=np.float64), float(b0)  # np.array copies: w0 stays untouched
    losses = [mse_loss(neuron_output(w, b, X), Y)]
    for _ in range(max_iter):
        dw, db = mse_grads(w, b, X, Y)
        w, b = update_params(w, b, dw, db, lr)
        losses.append(mse_loss(neuron_output(w, b, X), Y))
        if losses[-2] - losses[-1] <= tol:
            break
    return w, b, np.array(losses, dtype=np.float64)


# %% [answer] q5_newton


def newton_1d(df, ddf, x0: float, tol: float = 1e-4, max_steps: int = 10) -> np.ndarray:
    """Newton-Raphson for f'(x) = 0; returns the iterates [x0, x1, ..., xK] as float64.

    At each iterate the proposed step df(x_k) / ddf(x_k) is computed. If its size is below tol the
    iteration has converged: the step is not taken and x_k is the last entry. At most max_steps
    steps are taken. A zero second derivative raises ValueError.
    """
    path = [float(x0)]
    for _ in range(max_steps):
        x = path[-1]
        curvature = ddf(x)
        if curvature == 0:
            raise ValueError(f"f''(x) = 0 at x = {x!r}: the Newton step is undefined")
        step = df(x) / curvature
        if abs(step) < tol:
            break
        path.append(float(x - step))
    return np.array(path, dtype=np.float64)


# %% [answer] q6_autograd


def sigmoid_neuron(w: torch.Tensor, b: torch.Tensor, X: torch.Tensor) -> torch.Tensor:
    """Sigmoid neuron sigmoid(w @ X + b); w (1, k), b 0-d, X (k, m) -> (1, m), differentiable."""
    return torch.sigmoid(w @ X + b)


def log_loss(A: torch.Tensor, Y: torch.Tensor) -> torch.Tensor:
    """Mean binary cross-entropy -mean(Y log A + (1-Y) log(1-A)), A clamped to [1e-15, 1-1e-15]."""
    A = torch.clamp(A, 1e-15, 1.0 - 1e-15)
    return -torch.mean(Y * torch.log(A) + (1.0 - Y) * torch.log(1.0 - A))


class Softplus(torch.autograd.Function):
    """softplus(x) = log(1 + e^x) with a hand-written backward pass: d/dx softplus = sigmoid(x)."""

    @staticmethod
    def forward(ctx, x: torch.Tensor) -> torch.Tensor:
        ctx.save_for_backward(x)
        return torch.logaddexp(x, torch.zeros_like(x))  # log(e^x + e^0), no overflow

    @staticmethod
    def backward(ctx, grad_output: torch.Tensor) -> torch.Tensor:
        (x,) = ctx.saved_tensors
        return grad_output * torch.sigmoid(x)


def softplus(x: torch.Tensor) -> torch.Tensor:
    """Apply the custom Softplus function."""
    return Softplus.apply(x)


def hessian(f, x: torch.Tensor) -> torch.Tensor:
    """Hessian (n, n) of a scalar function f at a 1-D tensor x, by differentiating the gradient."""
    x = x.detach().clone().requires_grad_(True)
    (grad,) = torch.autograd.grad(f(x), x, create_graph=True)
    rows = []
    for i in range(x.numel()):
        if grad[i].requires_grad:  # False when the i-th partial does not depend on x at all
            (row,) = torch.autograd.grad(grad[i], x, retain_graph=True, allow_unused=True)
        else:
            row = None
        rows.append(torch.zeros_like(x) if row is None else row)
    return torch.stack(rows).detach()


# %% [answer] q7_logistic_regression


def _sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic sigmoid 1 / (1 + e^-z) computed without overflow."""
    return np.exp(-np.logaddexp(0.0, -z))


def _log_loss_np(A: np.ndarray, Y: np.ndarray) -> float:
    """Mean binary cross-entropy with A clipped away from 0 and 1."""
    A = np.clip(A, 1e-15, 1.0 - 1e-15)
    return float(-np.mean(Y * np.log(A) + (1.0 - Y) * np.log(1.0 - A)))


def train_logistic(
    X: np.ndarray,
    Y: np.ndarray,
    w0: np.ndarray,
    b0: float,
    lr: float = 0.1,
    tol: float = 1e-4,
    max_iter: int = 500,
) -> tuple[np.ndarray, float, np.ndarray]:
    """Gradient descent on the log loss; returns (w, b, losses) with losses[i] after i updates."""
    m = X.shape[1]
    w, b = np.array(w0, dtype=np.float64), float(b0)
    losses = [_log_loss_np(_sigmoid(w @ X + b), Y)]
    for _ in range(max_iter):
        A = _sigmoid(w @ X + b)
        dw = (A - Y) @ X.T / m
        db = float(np.sum(A - Y)) / m
        w, b = w - lr * dw, b - lr * db
        losses.append(_log_loss_np(_sigmoid(w @ X + b), Y))
        if losses[-2] - losses[-1] <= tol:
            break
    return w, b, np.array(losses, dtype=np.float64)


def predict(w: np.ndarray, b: float, X: np.ndarray) -> np.ndarray:
    """0/1 labels (1, m) int64: 1 where sigmoid(w @ X + b) >= 0.5."""
    return (_sigmoid(w @ X + b) >= 0.5).astype(np.int64)
