"""Reference solution for assignment 04_linear_regression (least squares, gradient descent, R^2,
ridge regression and the update rules of adaptive optimisers).

Each ``# %% [answer] <question id>`` section below is pasted verbatim into the answer cell of that
question by ``autograder solve``. A section may only use the names imported by the notebook's setup
cell (``np``, ``plt``) and the names it defines itself; no section calls another section's
functions, so one wrong answer costs points on its own question only.

Conventions: float64 throughout; "rows are examples": a design matrix ``Phi`` has shape ``(N, p)``
for ``N`` examples and ``p`` coefficients, targets ``y`` and predictions have shape ``(N,)`` and a
coefficient vector ``w`` has shape ``(p,)`` with ``w[0]`` the intercept.
"""

import numpy as np

# %% [answer] q1_features_cost


def polynomial_features(x, degree):
    """Design matrix [1, x, x^2, ..., x^degree]: float64 array of shape (N, degree + 1)."""
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    return x[:, None] ** np.arange(degree + 1)


def poly_predict(w, x):
    """Polynomial w[0] + w[1] x + ... + w[d] x^d at every x: float64 array of shape (N,)."""
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    w = np.asarray(w, dtype=np.float64)
    return x[:, None] ** np.arange(w.size) @ w


def mse_cost(w, Phi, y):
    """J(w) = 1/(2N) sum_i (y_i - Phi_i w)^2 as a Python float."""
    residual = y - Phi @ w
    return float(residual @ residual / (2 * len(y)))


def mse_grad(w, Phi, y):
    """Gradient of J: -(1/N) Phi^T (y - Phi w), float64 array of shape (p,)."""
    residual = y - Phi @ w
    return -(Phi.T @ residual) / len(y)


# %% [answer] q2_least_squares


def fit_normal_equations(Phi, y):
    """Solve (Phi^T Phi) w = Phi^T y; float64 array of shape (p,)."""
    return np.linalg.solve(Phi.T @ Phi, Phi.T @ y)


def fit_lstsq(Phi, y):
    """Least squares through the thin QR factorisation Phi = Q R: solve R w = Q^T y."""
    Q, R = np.linalg.qr(Phi, mode="reduced")
    return np.linalg.solve(R, Q.T @ y)


# %% [answer] q3_gradient_descent


def gd_fit(Phi, y, w_init, lr, max_steps, precision):
    """Batch gradient descent on J(w) = 1/(2N) ||y - Phi w||^2.

    Returns the history, float64 of shape (k + 1, p + 2): row j = [j, w_0, ..., w_{p-1}, J(w)]
    after j updates (row 0 = the start). Stops after the first update with ||dw|| < precision,
    or after max_steps updates.
    """
    n = len(y)
    w = np.array(w_init, dtype=np.float64)

    def cost(v):
        r = y - Phi @ v
        return r @ r / (2 * n)

    rows = [np.concatenate([[0.0], w, [cost(w)]])]
    for step in range(1, max_steps + 1):
        dw = lr * (Phi.T @ (y - Phi @ w)) / n  # simultaneous update of all coefficients
        w = w + dw
        rows.append(np.concatenate([[float(step)], w, [cost(w)]]))
        if np.linalg.norm(dw) < precision:
            break
    return np.array(rows)


# %% [answer] q4_r_squared


def r2_score(y, y_hat):
    """Coefficient of determination 1 - SSE/SST as a Python float; ValueError if SST == 0."""
    y = np.asarray(y, dtype=np.float64)
    y_hat = np.asarray(y_hat, dtype=np.float64)
    sse = np.sum((y - y_hat) ** 2)
    sst = np.sum((y - np.mean(y)) ** 2)
    if sst == 0:
        raise ValueError("R^2 is undefined for constant targets (SST = 0)")
    return float(1.0 - sse / sst)


# %% [answer] q5_ridge


def ridge_fit(Phi, y, lam):
    """Ridge coefficients (Phi^T Phi + lam I') w = Phi^T y; I' = identity with I'[0, 0] = 0,
    so the intercept w[0] is not penalised. float64 array of shape (p,)."""
    penalty = lam * np.eye(Phi.shape[1])
    penalty[0, 0] = 0.0
    return np.linalg.solve(Phi.T @ Phi + penalty, Phi.T @ y)


# %% [answer] q6_optimizers


def momentum_step(w, grad, v, lr, beta=0.9):
    """v_new = beta v + lr grad;  w_new = w - v_new.  Returns (w_new, v_new)."""
    v_new = beta * v + lr * grad
    return w - v_new, v_new


def adagrad_step(w, grad, G, lr, eps=1e-8):
    """G_new = G + grad^2;  w_new = w - lr grad / (sqrt(G_new) + eps).  Returns (w_new, G_new)."""
    G_new = G + grad**2
    return w - lr * grad / (np.sqrt(G_new) + eps), G_new


def rmsprop_step(w, grad, s, lr, rho=0.9, eps=1e-8):
    """s_new = rho s + (1 - rho) grad^2;  w_new = w - lr grad / (sqrt(s_new) + eps)."""
    s_new = rho * s + (1.0 - rho) * grad**2
    return w - lr * grad / (np.sqrt(s_new) + eps), s_new


def adam_step(w, grad, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    """One Adam step number t (t = 1 for the first step). Returns (w_new, m_new, v_new)."""
    m_new = beta1 * m + (1.0 - beta1) * grad
    v_new = beta2 * v + (1.0 - beta2) * grad**2
    m_hat = m_new / (1.0 - beta1**t)
    v_hat = v_new / (1.0 - beta2**t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new


def optimize_quadratic(A, b, w0, method, lr, steps):
    """Minimise f(w) = 1/2 w^T A w - b^T w with `steps` steps of `method` ("gd", "momentum",
    "adagrad", "rmsprop" or "adam", default hyper-parameters, zero initial state).

    Returns the trajectory, float64 of shape (steps + 1, d): row k = w after k steps.
    """
    w = np.array(w0, dtype=np.float64)
    s1, s2 = np.zeros_like(w), np.zeros_like(w)
    path = [w.copy()]
    for t in range(1, steps + 1):
        g = A @ w - b
        if method == "gd":
            w = w - lr * g
        elif method == "momentum":
            w, s1 = momentum_step(w, g, s1, lr)
        elif method == "adagrad":
            w, s1 = adagrad_step(w, g, s1, lr)
        elif method == "rmsprop":
            w, s1 = rmsprop_step(w, g, s1, lr)
        elif method == "adam":
            w, s1, s2 = adam_step(w, g, s1, s2, t, lr)
        else:
            raise ValueError(f"unknown method {method!r}")
        path.append(w.copy())
    return np.array(path)
