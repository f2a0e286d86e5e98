"""Known wrong answers and alternative correct answers for 04_linear_regression, as substring
replacements in the reference sections (see ``tests/mutants.py``)."""

from autograder.authoring import Mutant

MUTANTS = [
    Mutant(
        "features without the constant column",
        "q1_features_cost",
        "x[:, None] ** np.arange(degree + 1)",
        "x[:, None] ** np.arange(1, degree + 1)",
    ),
    Mutant(
        "poly_predict with np.polyval (highest power first)",
        "q1_features_cost",
        "return x[:, None] ** np.arange(w.size) @ w",
        "return np.polyval(w, x)",
    ),
    Mutant(
        "cost with 1/N instead of 1/(2N)",
        "q1_features_cost",
        "residual @ residual / (2 * len(y))",
        "residual @ residual / len(y)",
    ),
    Mutant(
        "gradient with the wrong sign",
        "q1_features_cost",
        "return -(Phi.T @ residual) / len(y)",
        "return (Phi.T @ residual) / len(y)",
    ),
    Mutant(
        "stable solver that forms the normal equations anyway",
        "q2_least_squares",
        'Q, R = np.linalg.qr(Phi, mode="reduced")\n    return np.linalg.solve(R, Q.T @ y)',
        "return np.linalg.solve(Phi.T @ Phi, Phi.T @ y)",
    ),
    Mutant(
        "Gram matrix scaled by 1/N but not the right-hand side",
        "q2_least_squares",
        "np.linalg.solve(Phi.T @ Phi, Phi.T @ y)",
        "np.linalg.solve(Phi.T @ Phi / len(y), Phi.T @ y)",
    ),
    Mutant(
        "sequential instead of simultaneous update",
        "q3_gradient_descent",
        "dw = lr * (Phi.T @ (y - Phi @ w)) / n  # simultaneous update of all coefficients\n"
        "        w = w + dw",
        "w_old = w.copy()\n"
        "        for j in range(len(w)):\n"
        "            w[j] = w[j] + lr * (Phi[:, j] @ (y - Phi @ w)) / n\n"
        "        dw = w - w_old",
    ),
    Mutant(
        "stopping test before recording the last step",
        "q3_gradient_descent",
        "        rows.append(np.concatenate([[float(step)], w, [cost(w)]]))\n"
        "        if np.linalg.norm(dw) < precision:\n            break",
        "        if np.linalg.norm(dw) < precision:\n            break\n"
        "        rows.append(np.concatenate([[float(step)], w, [cost(w)]]))",
    ),
    Mutant(
        "gradient-descent step without 1/N",
        "q3_gradient_descent",
        "dw = lr * (Phi.T @ (y - Phi @ w)) / n",
        "dw = lr * (Phi.T @ (y - Phi @ w)) / n / n",
    ),
    Mutant(
        "R^2 as SSR/SST (the script's erratum)",
        "q4_r_squared",
        "return float(1.0 - sse / sst)",
        "return float(np.sum((y_hat - np.mean(y)) ** 2) / sst)",
    ),
    Mutant(
        "SST around the mean of the predictions",
        "q4_r_squared",
        "sst = np.sum((y - np.mean(y)) ** 2)",
        "sst = np.sum((y - np.mean(y_hat)) ** 2)",
    ),
    Mutant("no ValueError for constant targets", "q4_r_squared", "if np.ptp(y) == 0:", "if False:"),
    Mutant("ridge penalises the intercept", "q5_ridge", "penalty[0, 0] = 0.0", "pass"),
    Mutant(
        "ridge adds the scalar lambda to every entry",
        "q5_ridge",
        "np.linalg.solve(Phi.T @ Phi + penalty, Phi.T @ y)",
        "np.linalg.solve(Phi.T @ Phi + lam, Phi.T @ y)",
    ),
    Mutant(
        "AdaGrad with '+' (the script's erratum)",
        "q6_optimizers",
        "return w - lr * grad / (np.sqrt(G_new) + eps), G_new",
        "return w + lr * grad / (np.sqrt(G_new) + eps), G_new",
    ),
    Mutant(
        "RMSProp with a square root inside another root (the script's erratum)",
        "q6_optimizers",
        "return w - lr * grad / (np.sqrt(s_new) + eps), s_new",
        "return w - lr * grad / (np.sqrt(np.sqrt(s_new)) + eps), s_new",
    ),
    Mutant(
        "Adam without bias correction",
        "q6_optimizers",
        "m_hat = m_new / (1.0 - beta1**t)",
        "m_hat = m_new",
    ),
    Mutant(
        "momentum with dampening (1 - beta) g",
        "q6_optimizers",
        "v_new = beta * v + lr * grad",
        "v_new = beta * v + (1.0 - beta) * lr * grad",
    ),
    Mutant(
        "RMSProp with eps inside the square root",
        "q6_optimizers",
        "return w - lr * grad / (np.sqrt(s_new) + eps), s_new",
        "return w - lr * grad / np.sqrt(s_new + eps), s_new",
    ),
    # round 2: one per requirement row that no other known answer breaks
    Mutant(
        "mse_cost returns a NumPy scalar, not a Python float",
        "q1_features_cost",
        "return float(residual @ residual / (2 * len(y)))",
        "return residual @ residual / (2 * len(y))",
    ),
    Mutant(
        "poly_predict keeps the integer dtype of integer inputs",
        "q1_features_cost",
        "x = np.asarray(x, dtype=np.float64).reshape(-1)\n"
        "    w = np.asarray(w, dtype=np.float64)\n"
        "    return x[:, None] ** np.arange(w.size) @ w",
        "x = np.asarray(x).reshape(-1)\n"
        "    w = np.asarray(w)\n"
        "    return x[:, None] ** np.arange(w.size) @ w",
    ),
    Mutant(
        "mse_grad returns a (p, 1) column",
        "q1_features_cost",
        "return -(Phi.T @ residual) / len(y)",
        "return -(Phi.T @ residual[:, None]) / len(y)",
    ),
    Mutant(
        "R^2 undefined-test on the computed SST (equal targets 0.1 leave a residue)",
        "q4_r_squared",
        "if np.ptp(y) == 0:",
        "if sst == 0:",
    ),
    Mutant(
        "r2_score returns a NumPy scalar, not a Python float",
        "q4_r_squared",
        "return float(1.0 - sse / sst)",
        "return 1.0 - sse / sst",
    ),
    Mutant(
        "AdaGrad with PyTorch's default eps = 1e-10",
        "q6_optimizers",
        "def adagrad_step(w, grad, G, lr, eps=1e-8):",
        "def adagrad_step(w, grad, G, lr, eps=1e-10):",
    ),
    Mutant(
        "RMSProp with PyTorch's default rho = 0.99",
        "q6_optimizers",
        "def rmsprop_step(w, grad, s, lr, rho=0.9, eps=1e-8):",
        "def rmsprop_step(w, grad, s, lr, rho=0.99, eps=1e-8):",
    ),
    Mutant(
        "Adam without eps (0/0 on a zero gradient)",
        "q6_optimizers",
        "return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new",
        "return w - lr * m_hat / np.sqrt(v_hat), m_new, v_new",
    ),
    Mutant(
        "RMSProp with the squared norm of the gradient instead of elementwise squares",
        "q6_optimizers",
        "s_new = rho * s + (1.0 - rho) * grad**2",
        "s_new = rho * s + (1.0 - rho) * np.sum(grad**2)",
    ),
    Mutant(
        "unknown method detected only inside the step loop (steps = 0 does not raise)",
        "q6_optimizers",
        'if method not in ("gd", "momentum", "adagrad", "rmsprop", "adam"):',
        'if steps > 0 and method not in ("gd", "momentum", "adagrad", "rmsprop", "adam"):',
    ),
]

# Correct answers written differently from the reference: each must score full marks.
ALTERNATIVES = [
    Mutant(
        "features with np.vander(increasing=True)",
        "q1_features_cost",
        "return x[:, None] ** np.arange(degree + 1)",
        "return np.vander(x, degree + 1, increasing=True).astype(np.float64)",
    ),
    Mutant(
        "stable solver through np.linalg.lstsq (SVD)",
        "q2_least_squares",
        'Q, R = np.linalg.qr(Phi, mode="reduced")\n    return np.linalg.solve(R, Q.T @ y)',
        "return np.linalg.lstsq(Phi, y, rcond=None)[0]",
    ),
    Mutant(
        "gradient-descent step with explicit loops",
        "q3_gradient_descent",
        "dw = lr * (Phi.T @ (y - Phi @ w)) / n  # simultaneous update of all coefficients",
        "dw = np.zeros_like(w)\n"
        "        for i in range(n):\n"
        "            r_i = y[i] - Phi[i] @ w\n"
        "            for j in range(len(w)):\n"
        "                dw[j] += lr * r_i * Phi[i, j] / n",
    ),
    Mutant(
        "R^2 from mean squared error and variance",
        "q4_r_squared",
        "return float(1.0 - sse / sst)",
        "return float(1.0 - np.mean((y - y_hat) ** 2) / np.var(y))",
    ),
    Mutant(
        "ridge as least squares on an augmented system",
        "q5_ridge",
        "return np.linalg.solve(Phi.T @ Phi + penalty, Phi.T @ y)",
        "root = np.sqrt(penalty)\n"
        "    big = np.vstack([Phi, root])\n"
        "    rhs = np.concatenate([y, np.zeros(Phi.shape[1])])\n"
        "    return np.linalg.lstsq(big, rhs, rcond=None)[0]",
    ),
    Mutant(
        "Adam with the bias corrections folded into the step size",
        "q6_optimizers",
        "    m_hat = m_new / (1.0 - beta1**t)\n    v_hat = v_new / (1.0 - beta2**t)\n"
        "    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new",
        "    denom = np.sqrt(v_new) / np.sqrt(1.0 - beta2**t) + eps\n"
        "    return w - (lr / (1.0 - beta1**t)) * m_new / denom, m_new, v_new",
    ),
    # round 2: correct answers near the new edge cases (residual threshold, exact tie, 0.1 targets)
    Mutant(
        "normal equations solved through a Cholesky factor",
        "q2_least_squares",
        "return np.linalg.solve(Phi.T @ Phi, Phi.T @ y)",
        "L = np.linalg.cholesky(Phi.T @ Phi)\n"
        "    return np.linalg.solve(L.T, np.linalg.solve(L, Phi.T @ y))",
    ),
    Mutant(
        "step length as sqrt(dw @ dw) and dw as lr / n * gradient",
        "q3_gradient_descent",
        "dw = lr * (Phi.T @ (y - Phi @ w)) / n  # simultaneous update of all coefficients\n"
        "        w = w + dw\n"
        "        rows.append(np.concatenate([[float(step)], w, [cost(w)]]))\n"
        "        if np.linalg.norm(dw) < precision:",
        "dw = lr / n * (Phi.T @ (y - Phi @ w))\n"
        "        w = w + dw\n"
        "        rows.append(np.concatenate([[float(step)], w, [cost(w)]]))\n"
        "        if np.sqrt(dw @ dw) < precision:",
    ),
    Mutant(
        "constant targets detected by comparing every target with the first",
        "q4_r_squared",
        "if np.ptp(y) == 0:",
        "if np.all(y == y[0]):",
    ),
]

# More wrong answers, written by hand from the task text alone (before the suite was read); each
# breaks one requirement row of requirements.md, named after the question number and the row id.
VARIANTS = [
    Mutant(
        "q1 features-dtype-shape: integer x gives an integer matrix",
        "q1_features_cost",
        "x = np.asarray(x, dtype=np.float64).reshape(-1)\n"
        "    return x[:, None] ** np.arange(degree + 1)",
        "x = np.asarray(x).reshape(-1)\n    return x[:, None] ** np.arange(degree + 1)",
    ),
    Mutant(
        "q1 degree-zero: degree 0 returns a 1-D vector of ones",
        "q1_features_cost",
        "return x[:, None] ** np.arange(degree + 1)",
        "if degree == 0:\n        return np.ones(len(x))\n"
        "    return x[:, None] ** np.arange(degree + 1)",
    ),
    Mutant(
        "q1 predict-lists: coefficient loop that needs arrays (lists raise TypeError)",
        "q1_features_cost",
        "x = np.asarray(x, dtype=np.float64).reshape(-1)\n"
        "    w = np.asarray(w, dtype=np.float64)\n"
        "    return x[:, None] ** np.arange(w.size) @ w",
        "return sum(w[k] * x**k for k in range(len(w)))",
    ),
    Mutant(
        "q1 cost-type: row-times-column product returns a 1x1 array",
        "q1_features_cost",
        "return float(residual @ residual / (2 * len(y)))",
        "return residual[None, :] @ residual[:, None] / (2 * len(y))",
    ),
    Mutant(
        "q1 no-mutation: mse_grad subtracts the prediction from y in place",
        "q1_features_cost",
        "residual = y - Phi @ w\n    return -(Phi.T @ residual) / len(y)",
        "y -= Phi @ w\n    return -(Phi.T @ y) / len(y)",
    ),
    Mutant(
        "q2 no-inverse: normal equations through the explicit inverse",
        "q2_least_squares",
        "return np.linalg.solve(Phi.T @ Phi, Phi.T @ y)",
        "return np.linalg.inv(Phi.T @ Phi) @ Phi.T @ y",
    ),
    Mutant(
        "q2 dtype-shape: returns lstsq's whole result tuple",
        "q2_least_squares",
        'Q, R = np.linalg.qr(Phi, mode="reduced")\n    return np.linalg.solve(R, Q.T @ y)',
        "return np.linalg.lstsq(Phi, y, rcond=None)",
    ),
    Mutant(
        "q2 input-shapes: complete QR (works only for square Phi)",
        "q2_least_squares",
        'np.linalg.qr(Phi, mode="reduced")',
        'np.linalg.qr(Phi, mode="complete")',
    ),
    Mutant(
        "q3 stop-rule: stops when the step equals precision (<= instead of <)",
        "q3_gradient_descent",
        "if np.linalg.norm(dw) < precision:",
        "if np.linalg.norm(dw) <= precision:",
    ),
    Mutant(
        "q3 stop-rule: tests the gradient norm, not the step",
        "q3_gradient_descent",
        "if np.linalg.norm(dw) < precision:",
        "if np.linalg.norm(dw / lr) < precision:",
    ),
    Mutant(
        "q3 max-steps: one update too few",
        "q3_gradient_descent",
        "for step in range(1, max_steps + 1):",
        "for step in range(1, max_steps):",
    ),
    Mutant(
        "q3 cost-column: history cost without the 1/2",
        "q3_gradient_descent",
        "return r @ r / (2 * n)",
        "return r @ r / n",
    ),
    Mutant(
        "q3 no-mutation: w_init updated in place",
        "q3_gradient_descent",
        "w = np.array(w_init, dtype=np.float64)\n\n"
        "    def cost(v):\n"
        "        r = y - Phi @ v\n"
        "        return r @ r / (2 * n)\n\n"
        "    rows = [np.concatenate([[0.0], w, [cost(w)]])]\n"
        "    for step in range(1, max_steps + 1):\n"
        "        dw = lr * (Phi.T @ (y - Phi @ w)) / n  # simultaneous update of all coefficients\n"
        "        w = w + dw",
        "w = np.asarray(w_init, dtype=np.float64)\n\n"
        "    def cost(v):\n"
        "        r = y - Phi @ v\n"
        "        return r @ r / (2 * n)\n\n"
        "    rows = [np.concatenate([[0.0], w, [cost(w)]])]\n"
        "    for step in range(1, max_steps + 1):\n"
        "        dw = lr * (Phi.T @ (y - Phi @ w)) / n\n"
        "        w += dw",
    ),
    Mutant(
        "q4 raises-constant: ZeroDivisionError instead of ValueError",
        "q4_r_squared",
        'raise ValueError("R^2 is undefined for constant targets (SST = 0)")',
        'raise ZeroDivisionError("R^2 is undefined for constant targets (SST = 0)")',
    ),
    Mutant(
        "q4 negative: R^2 clipped at 0",
        "q4_r_squared",
        "return float(1.0 - sse / sst)",
        "return float(max(0.0, 1.0 - sse / sst))",
    ),
    Mutant(
        "q4 value: MSE over the sample variance (ddof=1)",
        "q4_r_squared",
        "return float(1.0 - sse / sst)",
        "return float(1.0 - np.mean((y - y_hat) ** 2) / np.var(y, ddof=1))",
    ),
    Mutant(
        "q5 intercept-unpenalised: last coefficient left unpenalised instead of w0",
        "q5_ridge",
        "penalty[0, 0] = 0.0",
        "penalty[-1, -1] = 0.0",
    ),
    Mutant(
        "q5 sum-not-mean: penalty scaled by N (mean-cost derivation)",
        "q5_ridge",
        "penalty = lam * np.eye(Phi.shape[1])",
        "penalty = len(y) * lam * np.eye(Phi.shape[1])",
    ),
    Mutant(
        "q5 value: lambda/2 on the diagonal (derivative of lambda/2 w^2 taken as lambda/2 w)",
        "q5_ridge",
        "penalty = lam * np.eye(Phi.shape[1])",
        "penalty = lam / 2 * np.eye(Phi.shape[1])",
    ),
    Mutant(
        "q6 no-mutation: momentum updates the velocity in place",
        "q6_optimizers",
        "v_new = beta * v + lr * grad",
        "v *= beta\n    v += lr * grad\n    v_new = v",
    ),
    Mutant(
        "q6 no-mutation: AdaGrad accumulates G in place",
        "q6_optimizers",
        "G_new = G + grad**2\n    return",
        "G += grad**2\n    G_new = G\n    return",
    ),
    Mutant(
        "q6 root-once: AdaGrad with eps inside the square root",
        "q6_optimizers",
        "return w - lr * grad / (np.sqrt(G_new) + eps), G_new",
        "return w - lr * grad / np.sqrt(G_new + eps), G_new",
    ),
    Mutant(
        "q6 adam-value: v-hat bias correction with beta1",
        "q6_optimizers",
        "v_hat = v_new / (1.0 - beta2**t)",
        "v_hat = v_new / (1.0 - beta1**t)",
    ),
    Mutant(
        "q6 optimize-setup: Adam steps counted from t = 0",
        "q6_optimizers",
        "w, s1, s2 = adam_step(w, g, s1, s2, t, lr)",
        "w, s1, s2 = adam_step(w, g, s1, s2, t - 1, lr)",
    ),
    Mutant(
        "q6 raises-unknown: unknown method silently falls back to gd",
        "q6_optimizers",
        'raise ValueError(f"unknown method {method!r}")',
        "pass  # an unknown method runs the final (gd) branch",
    ),
    Mutant(
        "q6 raises-unknown: KeyError instead of ValueError",
        "q6_optimizers",
        'raise ValueError(f"unknown method {method!r}")',
        'raise KeyError(f"unknown method {method!r}")',
    ),
    Mutant(
        "q6 trajectory: starting point w0 not recorded",
        "q6_optimizers",
        "path = [w.copy()]",
        "path = []",
    ),
]
