"""Known wrong answers (mutants) and alternative correct answers for 13_kernels_infinite_width.

MUTANTS come from the catalog's pitfalls for seed 000, post 1 (rows 000-1a..1e): cos(theta) not
clipped (NaN on the diagonal), the missing 1/d fan-in factor, float32 kernels as JAX computes
them by default, the time of gradient flow not normalised by y_train.size or normalised twice
(the post's double 1/n), diag_reg taken in absolute units instead of relative to trace / N,
1 - exp instead of expm1, the post's extra 1/n and the cookbook's 1/2 in the expected squared
error, the standard instead of the NTK parameterisation, forgotten bias gradients and the ReLU
derivative at 0, and a global instead of a seeded generator. Plus the usual slips of the
recursions (K instead of Theta carried through the layers, the diagonal not updated, 1/pi for
1/(2 pi), the erf kernel's factors 2 and 4/pi) and of GP inference (noise added to the test
block or used as a standard deviation, the sign of the covariance update).

VARIANTS were written from the task text alone, before the hidden suite: each breaks one stated
requirement (a row of requirements.md; the name starts with the question and the row id).
"""

from __future__ import annotations

from autograder.authoring import Mutant

MUTANTS = [
    # q1
    Mutant(
        "cos(theta) not clipped: arccos(1 + 2e-16) is NaN on the diagonal",
        "q1_relu_kernels",
        "        cos = np.clip(cos, -1.0, 1.0)\n",
        "",
    ),
    Mutant(
        "no 1/d fan-in factor in K0",
        "q1_relu_kernels",
        "/ d + b2",
        "+ b2",
    ),
    Mutant(
        "the NTK recursion carries K instead of Theta through the layers",
        "q1_relu_kernels",
        "theta_ntk = K_next + w2 * (np.pi - angle) / (2.0 * np.pi) * theta_ntk",
        "theta_ntk = K_next + w2 * (np.pi - angle) / (2.0 * np.pi) * K",
    ),
    Mutant(
        "the diagonal variances are not updated from layer to layer",
        "q1_relu_kernels",
        "        k1 = w2 * k1 / 2.0 + b2\n        k2 = w2 * k2 / 2.0 + b2\n",
        "",
    ),
    Mutant(
        "arc-cosine kernel with 1/pi instead of 1/(2 pi)",
        "q1_relu_kernels",
        "(np.sin(angle) + (np.pi - angle) * cos) / (2.0 * np.pi)",
        "(np.sin(angle) + (np.pi - angle) * cos) / np.pi",
    ),
    Mutant(
        "zero-variance input: cos = K / norms divides 0 by 0 (NaN)",
        "q1_relu_kernels",
        "cos = np.divide(K, norms, out=np.zeros_like(K), where=positive)",
        "cos = K / norms",
    ),
    Mutant(
        "float32 like JAX's default",
        "q1_relu_kernels",
        "X1 = np.asarray(X1, dtype=np.float64)\n    X2 = X1 if X2 is None else np.asarray(X2, "
        "dtype=np.float64)",
        "X1 = np.asarray(X1, dtype=np.float32)\n    X2 = X1 if X2 is None else np.asarray(X2, "
        "dtype=np.float32)",
    ),
    # q2
    Mutant(
        "erf kernel with 1 + K instead of 1 + 2K",
        "q2_erf_kernels",
        "np.outer(1.0 + 2.0 * k1, 1.0 + 2.0 * k2)",
        "np.outer(1.0 + k1, 1.0 + k2)",
    ),
    Mutant(
        "erf derivative kernel with 2/pi instead of 4/pi",
        "q2_erf_kernels",
        "(4.0 / np.pi)",
        "(2.0 / np.pi)",
    ),
    Mutant(
        "no 1/d fan-in factor (erf)",
        "q2_erf_kernels",
        "/ d + b2",
        "+ b2",
    ),
    Mutant(
        "erf NTK multiplies the derivative term by K instead of K0",
        "q2_erf_kernels",
        "return K, K + w2 * derivative * K0",
        "return K, K + w2 * derivative * K",
    ),
    # q3
    Mutant(
        "noise added to the test covariance too (predictive of a noisy y)",
        "q3_gp_posterior",
        "cov = np.asarray(K_test, dtype=np.float64) - K_test_train @ B",
        "cov = np.asarray(K_test, dtype=np.float64) + noise_var * np.eye(len(K_test)) "
        "- K_test_train @ B",
    ),
    Mutant(
        "noise_var used as a standard deviation",
        "q3_gp_posterior",
        "A = K_train + noise_var * np.eye",
        "A = K_train + noise_var**2 * np.eye",
    ),
    Mutant(
        "covariance update with the noise-free K_train",
        "q3_gp_posterior",
        "B = scipy.linalg.cho_solve(factor, K_test_train.T)",
        "B = np.linalg.solve(K_train, K_test_train.T)",
    ),
    Mutant(
        "covariance update with the wrong sign",
        "q3_gp_posterior",
        "- K_test_train @ B",
        "+ K_test_train @ B",
    ),
    # q4
    Mutant(
        "time not normalised by N = y.size",
        "q4_ntk_mean",
        "c = lr * t / N",
        "c = lr * t",
    ),
    Mutant(
        "the post's double normalisation: time divided by N twice",
        "q4_ntk_mean",
        "c = lr * t / N",
        "c = lr * t / N**2",
    ),
    Mutant(
        "diag_reg in absolute units, not relative to trace / N",
        "q4_ntk_mean",
        "diag_reg * np.trace(ntk_train) / N * np.eye(N)",
        "diag_reg * np.eye(N)",
    ),
    Mutant(
        "1 - exp instead of expm1 (digits lost at small t)",
        "q4_ntk_mean",
        "-np.expm1(-x[nonzero])",
        "(1.0 - np.exp(-x[nonzero]))",
    ),
    Mutant(
        "learning rate ignored",
        "q4_ntk_mean",
        "c = lr * t / N",
        "c = t / N",
    ),
    Mutant(
        "no guard for a zero eigenvalue (0 / 0 at finite t)",
        "q4_ntk_mean",
        "        nonzero = x != 0\n        g = np.full_like(lam, c)\n"
        "        g[nonzero] = -np.expm1(-x[nonzero]) / lam[nonzero]\n",
        "        g = -np.expm1(-x) / lam\n",
    ),
    # q5
    Mutant(
        "the post's extra 1/n in the expected squared error",
        "q5_ntk_cov_risk",
        "err = np.mean(y**2 - 2.0 * mean * y + var + mean**2, axis=-1)",
        "err = np.mean(y**2 - 2.0 * mean * y + var + mean**2, axis=-1) / y.size",
    ),
    Mutant(
        "the cookbook's factor 1/2 in the expected squared error",
        "q5_ntk_cov_risk",
        "err = np.mean(y**2 - 2.0 * mean * y + var + mean**2, axis=-1)",
        "err = 0.5 * np.mean(y**2 - 2.0 * mean * y + var + mean**2, axis=-1)",
    ),
    Mutant(
        "diag_reg applied to the NNGP kernel too",
        "q5_ntk_cov_risk",
        "P @ nngp_train @ P.T",
        "P @ (nngp_train + diag_reg * np.trace(nngp_train) / N * np.eye(N)) @ P.T",
    ),
    Mutant(
        "covariance time not normalised by N",
        "q5_ntk_cov_risk",
        "c = lr * t / N",
        "c = lr * t",
    ),
    Mutant(
        "expected error without the variance",
        "q5_ntk_cov_risk",
        "- 2.0 * mean * y + var + mean**2",
        "- 2.0 * mean * y + mean**2",
    ),
    # q6
    Mutant(
        "standard parameterisation: no 1/n",
        "q6_empirical_ntk",
        "W_std**2 / n *",
        "W_std**2 *",
    ),
    Mutant(
        "the output bias gradient forgotten",
        "q6_empirical_ntk",
        "return W_std**2 / n * (a @ a.T + (s @ s.T) * K0) + b_std**2",
        "return W_std**2 / n * (a @ a.T + (s @ s.T) * K0)",
    ),
    Mutant(
        "the hidden bias gradient forgotten",
        "q6_empirical_ntk",
        "K0 = W_std**2 * (X @ X.T) / d + b_std**2",
        "K0 = W_std**2 * (X @ X.T) / d",
    ),
    Mutant(
        "ReLU derivative 1 at 0",
        "q6_empirical_ntk",
        "s = (h > 0) *",
        "s = (h >= 0) *",
    ),
    Mutant(
        "no 1/sqrt(d) in the first layer's pre-activation",
        "q6_empirical_ntk",
        "h = W_std / np.sqrt(d) * (X @ W1)",
        "h = W_std * (X @ W1)",
    ),
    Mutant(
        "sample_ntk seeds the global generator",
        "q6_empirical_ntk",
        "rng = np.random.default_rng(seed)",
        "np.random.seed(seed)\n    rng = np.random",
    ),
    Mutant(
        "sample_ntk draws uniform instead of standard-normal parameters",
        "q6_empirical_ntk",
        "rng.standard_normal(",
        "rng.random(",
    ),
]

ALTERNATIVES = [
    Mutant(
        "zero-variance guard by np.where on a safe denominator",
        "q1_relu_kernels",
        "cos = np.divide(K, norms, out=np.zeros_like(K), where=positive)",
        "cos = np.where(positive, K / np.where(positive, norms, 1.0), 0.0)",
    ),
    Mutant(
        "ReLU kernels by explicit loops over the pairs and layers",
        "q1_relu_kernels",
        "    theta_ntk = K.copy()\n    for _ in range(depth):",
        "    theta_ntk = K.copy()\n"
        "    Kl, Tl = K.copy(), K.copy()\n"
        "    for i in range(K.shape[0]):\n"
        "        for j in range(K.shape[1]):\n"
        "            a, b, c = k1[i], k2[j], K[i, j]\n"
        "            th = c\n"
        "            for _ in range(depth):\n"
        "                s = (a * b) ** 0.5\n"
        "                ang = float(np.arccos(min(1.0, max(-1.0, c / s)))) if s > 0 else "
        "np.pi / 2\n"
        "                cn = w2 * s * (np.sin(ang) + (np.pi - ang) * np.cos(ang)) / (2 * np.pi) "
        "+ b2\n"
        "                th = cn + w2 * (np.pi - ang) / (2 * np.pi) * th\n"
        "                c, a, b = cn, w2 * a / 2 + b2, w2 * b / 2 + b2\n"
        "            Kl[i, j], Tl[i, j] = c, th\n"
        "    return Kl, Tl\n"
        "    for _ in range(depth):",
    ),
    Mutant(
        "ReLU kernels with the angle by arctan2 of the sine and cosine",
        "q1_relu_kernels",
        "        angle = np.arccos(cos)\n",
        "        angle = np.arctan2(np.sqrt(np.maximum(1.0 - cos**2, 0.0)), cos)\n",
    ),
    Mutant(
        "erf kernel with arcsin written as arctan2",
        "q2_erf_kernels",
        "np.arcsin(2.0 * K0 / np.sqrt(scale))",
        "np.arctan2(2.0 * K0, np.sqrt(scale - 4.0 * K0**2))",
    ),
    Mutant(
        "GP posterior by np.linalg.solve after a Cholesky test",
        "q3_gp_posterior",
        "    alpha = scipy.linalg.cho_solve(factor, np.asarray(y, dtype=np.float64))\n"
        "    B = scipy.linalg.cho_solve(factor, K_test_train.T)\n",
        "    alpha = np.linalg.solve(A, np.asarray(y, dtype=np.float64))\n"
        "    B = np.linalg.solve(A, K_test_train.T)\n",
    ),
    Mutant(
        "GP posterior with np.linalg.cholesky and triangular solves",
        "q3_gp_posterior",
        "    try:\n        factor = scipy.linalg.cho_factor(A, lower=True)\n"
        "    except np.linalg.LinAlgError:\n"
        '        raise ValueError("K_train + noise_var * I is not positive definite") from None\n'
        "    alpha = scipy.linalg.cho_solve(factor, np.asarray(y, dtype=np.float64))\n"
        "    B = scipy.linalg.cho_solve(factor, K_test_train.T)\n",
        "    try:\n        C = np.linalg.cholesky(A)\n"
        "    except np.linalg.LinAlgError as exc:\n"
        '        raise ValueError(f"not positive definite: {exc}") from None\n'
        "    st = scipy.linalg.solve_triangular\n"
        "    alpha = st(C.T, st(C, np.asarray(y, dtype=np.float64), lower=True), lower=False)\n"
        "    B = st(C.T, st(C, K_test_train.T, lower=True), lower=False)\n",
    ),
    Mutant(
        "infinite-time NTK mean by np.linalg.solve",
        "q4_ntk_mean",
        "    if t is None or np.isinf(t):\n        g = 1.0 / lam\n",
        "    if t is None or np.isinf(t):\n"
        "        return np.asarray(ntk_test_train, dtype=np.float64) @ np.linalg.solve(A, y)\n",
    ),
    Mutant(
        "NTK mean with scipy.linalg.eigh and a np.divide guard",
        "q4_ntk_mean",
        "    lam, V = np.linalg.eigh(A)\n",
        "    lam, V = scipy.linalg.eigh(A)\n",
    ),
    Mutant(
        "NTK mean: g by expm1 with np.where on a safe denominator",
        "q4_ntk_mean",
        "        nonzero = x != 0\n        g = np.full_like(lam, c)\n"
        "        g[nonzero] = -np.expm1(-x[nonzero]) / lam[nonzero]\n",
        "        safe = np.where(x != 0, lam, 1.0)\n"
        "        g = np.where(x != 0, -np.expm1(-x) / safe, c)\n",
    ),
    Mutant(
        "NTK covariance without the final symmetrisation, through A^T",
        "q5_ntk_cov_risk",
        "    cov = np.asarray(nngp_test, dtype=np.float64) + P @ nngp_train @ P.T - cross - "
        "cross.T\n"
        "    return (cov + cov.T) / 2.0\n",
        "    Q = A @ np.asarray(ntk_test_train, dtype=np.float64).T\n"
        "    return (np.asarray(nngp_test, dtype=np.float64) + Q.T @ nngp_train @ Q - cross\n"
        "            - np.asarray(nngp_test_train, dtype=np.float64) @ Q)\n",
    ),
    Mutant(
        "expected squared error as (y - mean)^2 + var",
        "q5_ntk_cov_risk",
        "err = np.mean(y**2 - 2.0 * mean * y + var + mean**2, axis=-1)",
        "err = ((y - mean) ** 2 + var).mean(axis=-1)",
    ),
    Mutant(
        "empirical NTK from the explicit Jacobian J (N, P)",
        "q6_empirical_ntk",
        "    return W_std**2 / n * (a @ a.T + (s @ s.T) * K0) + b_std**2\n",
        "    N = X.shape[0]\n"
        "    c = W_std / np.sqrt(n)\n"
        "    J_W1 = (c * W_std / np.sqrt(d)) * X[:, :, None] * s[:, None, :]\n"
        "    J = np.concatenate([J_W1.reshape(N, -1), c * b_std * s, c * a,\n"
        "                        np.full((N, 1), b_std)], axis=1)\n"
        "    return J @ J.T\n",
    ),
    Mutant(
        "sample_ntk draws the parameters in another order",
        "q6_empirical_ntk",
        "    params = (rng.standard_normal((d, width)), rng.standard_normal(width),\n"
        "              rng.standard_normal(width), rng.standard_normal())\n",
        "    b2 = rng.standard_normal()\n"
        "    w2 = rng.standard_normal(width)\n"
        "    b1 = rng.standard_normal(width)\n"
        "    W1 = rng.standard_normal((width, d)).T\n"
        "    params = (W1, b1, w2, b2)\n",
    ),
]


# Wrong answers written from the task text alone, before the suite, each breaking one row of
# requirements.md; the name starts with the question and the row id.
VARIANTS = [
    # q1
    Mutant(
        "q1 depth: always one hidden layer",
        "q1_relu_kernels",
        "for _ in range(depth):",
        "for _ in range(1):",
    ),
    Mutant(
        "q1 depth0: depth 0 rejected",
        "q1_relu_kernels",
        "if depth < 0:",
        "if depth < 1:",
    ),
    Mutant(
        "q1 negative-depth: a negative depth not rejected",
        "q1_relu_kernels",
        "if depth < 0:",
        "if False:",
    ),
    Mutant(
        "q1 x2-none: X2=None not supported",
        "q1_relu_kernels",
        "X2 = X1 if X2 is None else np.asarray(X2, dtype=np.float64)",
        "X2 = np.asarray(X2, dtype=np.float64)",
    ),
    Mutant(
        "q1 zero-var: NaN silenced by errstate but returned",
        "q1_relu_kernels",
        "cos = np.divide(K, norms, out=np.zeros_like(K), where=positive)",
        "with np.errstate(all='ignore'):\n            cos = K / norms",
    ),
    Mutant(
        "q1 no-warnings: zero variance gives 0 but warns",
        "q1_relu_kernels",
        "cos = np.divide(K, norms, out=np.zeros_like(K), where=positive)",
        "cos = np.where(positive, K / norms, 0.0)",
    ),
    Mutant(
        "q1 bias: sigma_b^2 added only to K0, not after each layer",
        "q1_relu_kernels",
        "/ (2.0 * np.pi) + b2",
        "/ (2.0 * np.pi)",
    ),
    Mutant(
        "q1 value: W_std^2 missing in the layer kernel",
        "q1_relu_kernels",
        "K_next = w2 * norms",
        "K_next = norms",
    ),
    Mutant(
        "q1 clip: only the upper side clipped (antiparallel inputs give NaN)",
        "q1_relu_kernels",
        "np.clip(cos, -1.0, 1.0)",
        "np.minimum(cos, 1.0)",
    ),
    Mutant(
        "q1 shape: returns (Theta, K) in the wrong order",
        "q1_relu_kernels",
        "    return K, theta_ntk\n",
        "    return theta_ntk, K\n",
    ),
    # q2
    Mutant(
        "q2 x2-none: X2=None not supported",
        "q2_erf_kernels",
        "X2 = X1 if X2 is None else np.asarray(X2, dtype=np.float64)",
        "X2 = np.asarray(X2, dtype=np.float64)",
    ),
    Mutant(
        "q2 value: sigma_b^2 missing in K",
        "q2_erf_kernels",
        "np.arcsin(2.0 * K0 / np.sqrt(scale)) + b2",
        "np.arcsin(2.0 * K0 / np.sqrt(scale))",
    ),
    Mutant(
        "q2 ntk: Theta without the K term",
        "q2_erf_kernels",
        "return K, K + w2 * derivative * K0",
        "return K, w2 * derivative * K0",
    ),
    Mutant(
        "q2 ntk: W_std^2 missing on the derivative term",
        "q2_erf_kernels",
        "K + w2 * derivative * K0",
        "K + derivative * K0",
    ),
    Mutant(
        "q2 factor-2: arcsin argument without the 2",
        "q2_erf_kernels",
        "np.arcsin(2.0 * K0 /",
        "np.arcsin(K0 /",
    ),
    # q3
    Mutant(
        "q3 negative-noise: a negative noise_var not rejected",
        "q3_gp_posterior",
        "if noise_var < 0:",
        "if False:",
    ),
    Mutant(
        "q3 not-pd: the error message does not say positive definite",
        "q3_gp_posterior",
        'raise ValueError("K_train + noise_var * I is not positive definite") from None',
        'raise ValueError("the Cholesky factorisation failed") from None',
    ),
    Mutant(
        "q3 shape: returns the variances instead of the covariance",
        "q3_gp_posterior",
        "    return mean, cov\n",
        "    return mean, np.diag(cov).copy()\n",
    ),
    Mutant(
        "q3 noise-var: noise added to every entry of K_train",
        "q3_gp_posterior",
        "noise_var * np.eye(K_train.shape[0])",
        "noise_var",
    ),
    # q4
    Mutant(
        "q4 negative-t: a negative t not rejected",
        "q4_ntk_mean",
        "if t is not None and t < 0:",
        "if False:",
    ),
    Mutant(
        "q4 diag-reg: scaled by the trace, not trace / N",
        "q4_ntk_mean",
        "np.trace(ntk_train) / N",
        "np.trace(ntk_train)",
    ),
    Mutant(
        "q4 shape: returns shape (M, 1)",
        "q4_ntk_mean",
        "@ (V @ (g * (V.T @ y)))",
        "@ (V @ (g * (V.T @ y)))[:, None]",
    ),
    Mutant(
        "q4 value: exp(+c lambda) (sign of the exponent)",
        "q4_ntk_mean",
        "-np.expm1(-x[nonzero])",
        "np.expm1(x[nonzero])",
    ),
    Mutant(
        "q4 t-inf: t=None not handled (only np.inf)",
        "q4_ntk_mean",
        "    if t is None or np.isinf(t):\n        g = 1.0 / lam\n",
        "    if np.isinf(t):\n        g = 1.0 / lam\n",
    ),
    # q5
    Mutant(
        "q5 cov-t0: time ignored (always the infinite-time covariance)",
        "q5_ntk_cov_risk",
        "    if t is None or np.isinf(t):\n        g = 1.0 / lam\n    else:",
        "    if True:\n        g = 1.0 / lam\n    else:",
    ),
    Mutant(
        "q5 symmetric: cross term counted as 2 * cross, no symmetrisation",
        "q5_ntk_cov_risk",
        "- cross - cross.T\n    return (cov + cov.T) / 2.0",
        "- 2.0 * cross\n    return cov",
    ),
    Mutant(
        "q5 time-axis: (T, M) inputs give (T, 1)",
        "q5_ntk_cov_risk",
        "var + mean**2, axis=-1)",
        "var + mean**2, axis=-1, keepdims=True)",
    ),
    Mutant(
        "q5 time-axis: mean over every entry of a (T, M) input",
        "q5_ntk_cov_risk",
        "var + mean**2, axis=-1)",
        "var + mean**2)",
    ),
    Mutant(
        "q5 diag-reg: diag_reg ignored in the covariance",
        "q5_ntk_cov_risk",
        "A_reg = ntk_train + diag_reg * np.trace(ntk_train) / N * np.eye(N)",
        "A_reg = ntk_train",
    ),
    Mutant(
        "q5 risk-value: var taken for a standard deviation (squared)",
        "q5_ntk_cov_risk",
        "+ var + mean**2",
        "+ var**2 + mean**2",
    ),
    Mutant(
        "q5 risk-float: returns a 0-d array for 1-D inputs",
        "q5_ntk_cov_risk",
        "return float(err) if mean.ndim == 1 else err",
        "return np.asarray(err)",
    ),
    # q6
    Mutant(
        "q6 biases: output bias gradient 1 instead of sigma_b",
        "q6_empirical_ntk",
        "(s @ s.T) * K0) + b_std**2",
        "(s @ s.T) * K0) + 1.0",
    ),
    Mutant(
        "q6 emp-value: the W1 block without W_std^2 / d",
        "q6_empirical_ntk",
        "K0 = W_std**2 * (X @ X.T) / d + b_std**2",
        "K0 = X @ X.T + b_std**2",
    ),
    Mutant(
        "q6 biases: hidden bias gradient with sigma_b instead of sigma_b^2",
        "q6_empirical_ntk",
        "K0 = W_std**2 * (X @ X.T) / d + b_std**2",
        "K0 = W_std**2 * (X @ X.T) / d + b_std",
    ),
    Mutant(
        "q6 emp-value: 1/n on the w2 block only",
        "q6_empirical_ntk",
        "W_std**2 / n * (a @ a.T + (s @ s.T) * K0)",
        "W_std**2 * (a @ a.T / n + (s @ s.T) * K0)",
    ),
    Mutant(
        "q6 sample-seed: an unseeded generator",
        "q6_empirical_ntk",
        "np.random.default_rng(seed)",
        "np.random.default_rng()",
    ),
    Mutant(
        "q6 sample-mean: each layer seeded with the same seed (correlated b1, w2 and W1)",
        "q6_empirical_ntk",
        "    params = (rng.standard_normal((d, width)), rng.standard_normal(width),\n"
        "              rng.standard_normal(width), rng.standard_normal())\n",
        "    params = (rng.standard_normal((d, width)),\n"
        "              np.random.default_rng(seed).standard_normal(width),\n"
        "              np.random.default_rng(seed).standard_normal(width), "
        "rng.standard_normal())\n",
    ),
    Mutant(
        "q6 sample-mean: weights of variance W_std^2 on top of the factor W_std",
        "q6_empirical_ntk",
        "rng.standard_normal((d, width))",
        "W_std * rng.standard_normal((d, width))",
    ),
    Mutant(
        "q6 sample-mean: W_std and b_std swapped in the call of empirical_ntk",
        "q6_empirical_ntk",
        "    return empirical_ntk(params, X, W_std, b_std)\n",
        "    return empirical_ntk(params, X, b_std, W_std)\n",
    ),
    Mutant(
        "q6 sample-mean: the analytic kernel's output bias term left out of the sampler",
        "q6_empirical_ntk",
        "    return empirical_ntk(params, X, W_std, b_std)\n",
        "    return empirical_ntk(params, X, W_std, b_std) - b_std**2\n",
    ),
]
