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
        "scipy's rosen_der called on x as given (float32 in, float32 out)",
        "q4_rosenbrock",
        "    x = np.asarray(x, dtype=np.float64)\n    grad = np.zeros_like(x)",
        "    return optimize.rosen_der(x)\n    grad = np.zeros_like(x)",
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

ALTERNATIVES += [
    Mutant(
        "step test as lr * ||g|| by hand, d = 1 by np.atleast_1d",
        "q1_gradient_descent",
        "    x = np.array(x0, dtype=np.float64).reshape(-1)  # a copy, so x0 is never written to\n"
        "    path = [x]\n"
        "    for _ in range(max_steps):\n"
        "        g = np.asarray(grad_f(x), dtype=np.float64).reshape(-1)\n"
        "        step = lr * g\n"
        "        if np.linalg.norm(step) <= eps:\n",
        "    x = np.atleast_1d(np.array(x0, dtype=np.float64))\n"
        "    path = [x]\n"
        "    for _ in range(max_steps):\n"
        "        g = np.asarray(grad_f(x), dtype=np.float64).reshape(-1)\n"
        "        step = lr * g\n"
        "        if lr * np.sqrt(np.sum(g * g)) <= eps:\n",
    ),
    Mutant(
        "eigenvalues by np.linalg.eigh of the symmetric part",
        "q2_critical_points",
        "np.linalg.eigvalsh(0.5 * (H + H.T))",
        "np.linalg.eigh(0.5 * (H + H.T))[0]",
    ),
    Mutant(
        "KKT system by least squares (no inverse)",
        "q5_lagrange",
        "np.linalg.solve(K, np.concatenate([-c, b]))",
        "np.linalg.lstsq(K, np.concatenate([-c, b]), rcond=None)[0]",
    ),
]

# Wrong answers written by hand from the task text alone (before the suite was read); each breaks
# one row of requirements.md, named after the question number and the row id.
# Dropped in round 2: "q4 no-scipy: gradient from scipy.optimize.rosen_der" after a float64
# cast. It returns the same float64 values up to the summation order (1e-16), so no output can
# tell it from a hand-written gradient; the naive call on x as given is the MUTANT above.
VARIANTS = [
    Mutant(
        "q1 stop-rule: strict < eps, a step exactly equal to eps is taken",
        "q1_gradient_descent",
        "if np.linalg.norm(step) <= eps:",
        "if np.linalg.norm(step) < eps:",
    ),
    Mutant(
        "q1 stop-rule: max-abs norm instead of the 2-norm of the step",
        "q1_gradient_descent",
        "if np.linalg.norm(step) <= eps:",
        "if np.max(np.abs(step)) <= eps:",
    ),
    Mutant(
        "q1 no-mutation: in-place update writes into the caller's x0",
        "q1_gradient_descent",
        "    x = np.array(x0, dtype=np.float64).reshape(-1)  # a copy, so x0 is never written to\n"
        "    path = [x]\n"
        "    for _ in range(max_steps):\n"
        "        g = np.asarray(grad_f(x), dtype=np.float64).reshape(-1)\n"
        "        step = lr * g\n"
        "        if np.linalg.norm(step) <= eps:\n"
        "            break\n"
        "        x = x - step\n"
        "        path.append(x)\n",
        "    x = np.asarray(x0, dtype=np.float64).reshape(-1)\n"
        "    path = [x.copy()]\n"
        "    for _ in range(max_steps):\n"
        "        g = np.asarray(grad_f(x), dtype=np.float64).reshape(-1)\n"
        "        step = lr * g\n"
        "        if np.linalg.norm(step) <= eps:\n"
        "            break\n"
        "        x -= step\n"
        "        path.append(x.copy())\n",
    ),
    Mutant(
        "q1 scalar-x0: no reshape, a scalar x0 stays 0-d",
        "q1_gradient_descent",
        "x = np.array(x0, dtype=np.float64).reshape(-1)",
        "x = np.array(x0, dtype=np.float64)",
    ),
    Mutant(
        "q1 first-step: returns x0 itself (shape (d,)) when the first step is below eps",
        "q1_gradient_descent",
        "        if np.linalg.norm(step) <= eps:\n            break\n",
        "        if np.linalg.norm(step) <= eps:\n"
        "            if len(path) == 1:\n"
        "                return x0\n"
        "            break\n",
    ),
    Mutant(
        "q1 trajectory: no float64 cast, an integer x0 stays integer when no step is taken",
        "q1_gradient_descent",
        "    x = np.array(x0, dtype=np.float64).reshape(-1)  # a copy, so x0 is never written to\n"
        "    path = [x]\n"
        "    for _ in range(max_steps):\n"
        "        g = np.asarray(grad_f(x), dtype=np.float64).reshape(-1)\n"
        "        step = lr * g\n"
        "        if np.linalg.norm(step) <= eps:\n"
        "            break\n"
        "        x = x - step\n"
        "        path.append(x)\n"
        "    return np.array(path, dtype=np.float64)\n",
        "    x = np.array(x0).reshape(-1)\n"
        "    path = [x]\n"
        "    for _ in range(max_steps):\n"
        "        step = lr * np.asarray(grad_f(x)).reshape(-1)\n"
        "        if np.linalg.norm(step) <= eps:\n"
        "            break\n"
        "        x = x - step\n"
        "        path.append(x)\n"
        "    return np.array(path)\n",
    ),
    Mutant(
        "q1 max-steps: max_steps counts rows, not steps (one step short)",
        "q1_gradient_descent",
        "for _ in range(max_steps):",
        "for _ in range(max_steps - 1):",
    ),
    Mutant(
        "q2 tol: an eigenvalue equal to tol counts as nonzero (>= instead of >)",
        "q2_critical_points",
        "lam > tol",
        "lam >= tol",
    ),
    Mutant(
        "q2 no-mutation: symmetrises H in place",
        "q2_critical_points",
        "    lam = np.linalg.eigvalsh(0.5 * (H + H.T))\n",
        "    H[:] = 0.5 * (H + H.T)\n    lam = np.linalg.eigvalsh(H)\n",
    ),
    Mutant(
        "q2 any-size: unpacks exactly two eigenvalues (written for the 2-D landscape)",
        "q2_critical_points",
        "    lam = np.linalg.eigvalsh(0.5 * (H + H.T))\n",
        "    lam1, lam2 = np.linalg.eigvalsh(0.5 * (H + H.T))\n    lam = np.array([lam1, lam2])\n",
    ),
    Mutant(
        "q2 labels: returns 'saddle point' instead of 'saddle'",
        "q2_critical_points",
        'return "saddle"',
        'return "saddle point"',
    ),
    Mutant(
        "q2 symmetric-part: eigenvalues of H itself with np.linalg.eigvals",
        "q2_critical_points",
        "lam = np.linalg.eigvalsh(0.5 * (H + H.T))",
        "lam = np.linalg.eigvals(H).real",
    ),
    Mutant(
        "q2 product-rule: f_xy without the r_xy g term",
        "q2_critical_points",
        "f_xy = r_xy * g + r_x * g_y + r_y * g_x + r * g_xy",
        "f_xy = r_x * g_y + r_y * g_x + r * g_xy",
    ),
    Mutant(
        "q2 grad-dtype-shape: landscape_grad returns a Python list",
        "q2_critical_points",
        "return np.array([fx, fy], dtype=np.float64)",
        "return [float(fx), float(fy)]",
    ),
    Mutant(
        "q3 no-mutation: in-place update writes into the caller's x0",
        "q3_backtracking",
        "    x = np.array(x0, dtype=np.float64)\n"
        "    path = [x]\n"
        "    for _ in range(max_iter):\n"
        "        g = A @ x - b\n"
        "        if np.linalg.norm(g) <= tol:\n"
        "            break\n"
        "        alpha = a0\n"
        "        fx = f(x)\n"
        "        while f(x - alpha * g) > fx - c * alpha * (g @ g):\n"
        "            alpha *= rho\n"
        "        x = x - alpha * g\n"
        "        path.append(x)\n",
        "    x = np.asarray(x0, dtype=np.float64)\n"
        "    path = [x.copy()]\n"
        "    for _ in range(max_iter):\n"
        "        g = A @ x - b\n"
        "        if np.linalg.norm(g) <= tol:\n"
        "            break\n"
        "        alpha = a0\n"
        "        fx = f(x)\n"
        "        while f(x - alpha * g) > fx - c * alpha * (g @ g):\n"
        "            alpha *= rho\n"
        "        x -= alpha * g\n"
        "        path.append(x.copy())\n",
    ),
    Mutant(
        "q3 reset: always shrinks at least once, a0 itself is never tried",
        "q3_backtracking",
        "        while f(x - alpha * g) > fx - c * alpha * (g @ g):\n            alpha *= rho\n",
        "        while True:\n"
        "            alpha *= rho\n"
        "            if f(x - alpha * g) <= fx - c * alpha * (g @ g):\n"
        "                break\n",
    ),
    Mutant(
        "q3 armijo: c alpha ||g|| instead of c alpha g^T g",
        "q3_backtracking",
        "fx - c * alpha * (g @ g)",
        "fx - c * alpha * np.linalg.norm(g)",
    ),
    Mutant(
        "q3 stop-rule: tests the step a0 * g as in q1, not the gradient",
        "q3_backtracking",
        "if np.linalg.norm(g) <= tol:",
        "if np.linalg.norm(a0 * g) <= tol:",
    ),
    Mutant(
        "q3 stop-rule: strict < tol",
        "q3_backtracking",
        "if np.linalg.norm(g) <= tol:",
        "if np.linalg.norm(g) < tol:",
    ),
    Mutant(
        "q3 max-iter: max_iter counts rows, not steps (one step short)",
        "q3_backtracking",
        "for _ in range(max_iter):",
        "for _ in range(max_iter - 1):",
    ),
    Mutant(
        "q4 grad-dtype-shape: no float64 cast, integer x gives an integer gradient",
        "q4_rosenbrock",
        "    x = np.asarray(x, dtype=np.float64)\n    grad = np.zeros_like(x)",
        "    x = np.asarray(x)\n    grad = np.zeros_like(x)",
    ),
    Mutant(
        "q4 endpoints: +200 on every diagonal entry, x_0 included",
        "q4_rosenbrock",
        "diag[1:] += 200.0",
        "diag += 200.0",
    ),
    Mutant(
        "q4 grad-value: chain-rule sign of the (1 - x_i)^2 term",
        "q4_rosenbrock",
        "- 2.0 * (1.0 - x[:-1])",
        "+ 2.0 * (1.0 - x[:-1])",
    ),
    Mutant(
        "q4 hess-symmetric: only the upper off-diagonal band is set",
        "q4_rosenbrock",
        "    H[np.arange(1, n), np.arange(n - 1)] = off\n",
        "",
    ),
    Mutant(
        "q5 tuple: returns a list [x, lam]",
        "q5_lagrange",
        "    return x, lam\n",
        "    return [x, lam]\n",
    ),
    Mutant(
        "q5 dtype-shape: lam squeezed, a 0-d array for one constraint",
        "q5_lagrange",
        "    return x, lam\n",
        "    return x, lam.squeeze()\n",
    ),
    Mutant(
        "q5 indefinite-q: Cholesky check rejects an indefinite Q",
        "q5_lagrange",
        "    n, m = Q.shape[0], A.shape[0]\n",
        "    np.linalg.cholesky(Q)  # Q must be positive definite\n"
        "    n, m = Q.shape[0], A.shape[0]\n",
    ),
    Mutant(
        "q5 indefinite-q: Schur complement through Q, fails for a singular Q",
        "q5_lagrange",
        "    x, lam = sol[:n], sol[n:]\n",
        "    Qc, QAt = np.linalg.solve(Q, c), np.linalg.solve(Q, A.T)\n"
        "    lam = np.linalg.solve(A @ QAt, -(b + A @ Qc))\n"
        "    x = -(Qc + QAt @ lam)\n",
    ),
    Mutant(
        "q5 solve: inverts the KKT matrix",
        "q5_lagrange",
        "np.linalg.solve(K, np.concatenate([-c, b]))",
        "np.linalg.inv(K) @ np.concatenate([-c, b])",
    ),
    Mutant(
        "q5 kkt: right-hand side -b (everything moved to one side)",
        "q5_lagrange",
        "np.concatenate([-c, b])",
        "np.concatenate([-c, -b])",
    ),
    Mutant(
        "q6 start: the worked example's start hard-coded instead of x0",
        "q6_slsqp",
        "optimize.minimize(fun, np.asarray(x0, dtype=np.float64),",
        "optimize.minimize(fun, np.array([1.0, -0.5]),",
    ),
    Mutant(
        "q6 accuracy: result rounded to 4 decimals",
        "q6_slsqp",
        "return np.asarray(result.x, dtype=np.float64)",
        "return np.round(result.x, 4)",
    ),
    Mutant(
        "q6 no-mutation: the result is written into the caller's x0",
        "q6_slsqp",
        '    result = optimize.minimize(fun, np.asarray(x0, dtype=np.float64), method="SLSQP",\n'
        '                               constraints=[{"type": "eq", "fun": con}])\n'
        "    return np.asarray(result.x, dtype=np.float64)",
        "    x = np.asarray(x0, dtype=np.float64)\n"
        '    result = optimize.minimize(fun, x, method="SLSQP",\n'
        '                               constraints=[{"type": "eq", "fun": con}])\n'
        "    x[:] = result.x\n"
        "    return x",
    ),
    Mutant(
        "q6 problem: constraint typo sin(6x) - 0.7 instead of sin(6x - 0.7)",
        "q6_slsqp",
        "np.sin(6.0 * v[0] - 0.7)",
        "np.sin(6.0 * v[0]) - 0.7",
    ),
    Mutant(
        "q6 return: returns the tuple (x, f(x))",
        "q6_slsqp",
        "return np.asarray(result.x, dtype=np.float64)",
        "return np.asarray(result.x, dtype=np.float64), float(result.fun)",
    ),
    Mutant(
        "q6 method: trust-constr instead of SLSQP",
        "q6_slsqp",
        'method="SLSQP"',
        'method="trust-constr"',
    ),
]
