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
    Mutant("no ValueError for constant targets", "q4_r_squared", "if sst == 0:", "if False:"),
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
]
