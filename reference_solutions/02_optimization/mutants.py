"""Known wrong answers (mutants) and alternative correct answers for 02_optimization, drawn from
the catalogs' pitfalls (ML catalog 3.2-3.4, calculus catalog 000-9a/9c)."""

from __future__ import annotations

from autograder.authoring import Mutant

MUTANTS = [
    Mutant(
        "stopping rule on the gradient, not the step",
        "q1_gradient_descent",
        "if np.linalg.norm(step) <= eps:",
        "if np.linalg.norm(g) <= eps:",
    ),
    Mutant(
        "one step too many (off-by-one)",
        "q1_gradient_descent",
        "for _ in range(max_steps):",
        "for _ in range(max_steps + 1):",
    ),
    Mutant(
        "step taken before the stopping test",
        "q1_gradient_descent",
        "        if np.linalg.norm(step) <= eps:\n            break\n        x = x - step\n"
        "        path.append(x)",
        "        x = x - step\n        path.append(x)\n"
        "        if np.linalg.norm(step) <= eps:\n            break",
    ),
    Mutant(
        "a zero eigenvalue called a saddle (script L3600)",
        "q2_critical_points",
        'return "degenerate"',
        'return "saddle"',
    ),
    Mutant(
        "no symmetrisation: eigvalsh reads the lower triangle",
        "q2_critical_points",
        "np.linalg.eigvalsh(0.5 * (H + H.T))",
        "np.linalg.eigvalsh(H)",
    ),
    Mutant(
        "tol ignored: strict sign tests",
        "q2_critical_points",
        "if np.any(lam > tol) and np.any(lam < -tol):",
        "tol = 0.0\n    if np.any(lam > tol) and np.any(lam < -tol):",
    ),
    Mutant(
        "product rule: missing the r_x g term in f_x",
        "q2_critical_points",
        "fx = r * (np.cos(x) * np.cos(y) - 0.1 * x * np.sin(x) * np.cos(y))",
        "fx = r * np.cos(x) * np.cos(y)",
    ),
    Mutant(
        "step size not reset to a0 each iteration",
        "q3_backtracking",
        "        alpha = a0\n",
        "        alpha = a0 if len(path) == 1 else alpha\n",
    ),
    Mutant(
        "simple decrease instead of Armijo (c dropped)",
        "q3_backtracking",
        "fx - c * alpha * (g @ g)",
        "fx",
    ),
    Mutant(
        "gradient-norm stopping rule missing (runs to max_iter)",
        "q3_backtracking",
        "if np.linalg.norm(g) <= tol:",
        "if np.linalg.norm(a0 * g) <= tol and False:",
    ),
    Mutant(
        "Hessian diagonal without the +200 term (band structure)",
        "q4_rosenbrock",
        "diag[1:] += 200.0",
        "diag[1:] += 0.0",
    ),
    Mutant(
        "off-diagonal +400 x_i", "q4_rosenbrock", "off = -400.0 * x[:-1]", "off = 400.0 * x[:-1]"
    ),
    Mutant(
        "gradient without the second-of-pair term",
        "q4_rosenbrock",
        "grad[1:] += 200.0 * inner",
        "grad[1:] += 0.0 * inner",
    ),
    Mutant(
        "multiplier with the opposite sign convention",
        "q5_lagrange",
        "x, lam = sol[:n], sol[n:]",
        "x, lam = sol[:n], -sol[n:]",
    ),
    Mutant(
        "constraint ignored: unconstrained minimiser",
        "q5_lagrange",
        "x, lam = sol[:n], sol[n:]",
        "x, lam = np.linalg.solve(Q, -c), sol[n:]",
    ),
    Mutant(
        "KKT right-hand side +c", "q5_lagrange", "np.concatenate([-c, b])", "np.concatenate([c, b])"
    ),
    Mutant(
        "inequality instead of equality constraint",
        "q6_slsqp",
        '{"type": "eq", "fun": con}',
        '{"type": "ineq", "fun": con}',
    ),
    Mutant(
        "maximises instead of minimising",
        "q6_slsqp",
        "return float(-v[0] ** 2 + v[1] ** 2)",
        "return float(v[0] ** 2 - v[1] ** 2)",
    ),
]

# Correct answers written differently from the reference: each must score full marks.
ALTERNATIVES = [
    Mutant(
        "Armijo test from the exact quadratic expansion",
        "q3_backtracking",
        "while f(x - alpha * g) > fx - c * alpha * (g @ g):",
        "gg, gAg = g @ g, g @ A @ g\n"
        "        while -alpha * gg + 0.5 * alpha**2 * gAg > -c * alpha * gg:",
    ),
    Mutant(
        "Rosenbrock derivatives by torch autograd",
        "q4_rosenbrock",
        "    x = np.asarray(x, dtype=np.float64)\n    grad = np.zeros_like(x)",
        "    t = torch.tensor(np.asarray(x, dtype=np.float64), requires_grad=True)\n"
        "    val = (100 * (t[1:] - t[:-1] ** 2) ** 2 + (1 - t[:-1]) ** 2).sum()\n"
        "    return torch.autograd.grad(val, t)[0].numpy()\n"
        "    grad = np.zeros_like(x)",
    ),
    Mutant(
        "Rosenbrock Hessian with explicit loops",
        "q4_rosenbrock",
        "    H = np.diag(diag)\n",
        "    H = np.zeros((n, n))\n"
        "    for i in range(n):\n"
        "        if i < n - 1:\n"
        "            H[i, i] += 1200.0 * x[i] ** 2 - 400.0 * x[i + 1] + 2.0\n"
        "            H[i, i + 1] = H[i + 1, i] = -400.0 * x[i]\n"
        "        if i > 0:\n"
        "            H[i, i] += 200.0\n"
        "    return H\n",
    ),
    Mutant(
        "SLSQP with analytic gradients and ftol 1e-12",
        "q6_slsqp",
        'constraints=[{"type": "eq", "fun": con}])',
        "jac=lambda v: np.array([-2.0 * v[0], 2.0 * v[1]]),\n"
        '                               constraints=[{"type": "eq", "fun": con, "jac": lambda v:'
        " np.array([6.0 * np.cos(6.0 * v[0] - 0.7), -1.0])}],\n"
        '                               options={"ftol": 1e-12, "maxiter": 200})',
    ),
]
