"""Known wrong answers (mutants) and alternative correct answers for 08_probabilistic_ml.

MUTANTS come from the catalog's pitfalls and errata of chapter 9: the N - 1 divisor and the
scalar (x - mu)^T (x - mu) "covariance" of the Gaussian MLE, the misplaced (2 pi)^D normaliser
and an inverse-and-determinant log-density, >= instead of > at a threshold of the naive-Bayes
features, a Laplace denominator without K and a product of probabilities that underflows, the
prior and noise variances confused with precisions (MAP, Bayesian regression), dropout that scales
down instead of up, early stopping on an accuracy with mode "min", and the usual ELBO slips (sign,
L vs L^T, the log-determinant's factor 2).

VARIANTS were written from the task text alone, before the hidden suite: each breaks one stated
requirement (an edge case, a type, an error, a warning, the seed discipline, no mutation).
"""

from __future__ import annotations

from autograder.authoring import Mutant

MUTANTS = [
    # q1
    Mutant(
        "Gaussian covariance with N - 1 (np.cov's default)",
        "q1_mle",
        "return mu, centred.T @ centred / X.shape[0]",
        "return mu, centred.T @ centred / (X.shape[0] - 1)",
    ),
    Mutant(
        "the script's scalar (x - mu)^T (x - mu) instead of the outer product",
        "q1_mle",
        "return mu, centred.T @ centred / X.shape[0]",
        "return mu, np.sum(centred * centred) / X.shape[0]",
    ),
    Mutant(
        "uncentred second moment X^T X / N",
        "q1_mle",
        "centred = X - mu",
        "centred = X",
    ),
    Mutant(
        "Bernoulli log-likelihood written literally (0 * log 0 = NaN)",
        "q1_mle",
        """    total = 0.0
    if ones > 0:
        total += ones * np.log(theta) if theta > 0 else -np.inf
    if zeros > 0:
        total += zeros * np.log1p(-theta) if theta < 1 else -np.inf
    return float(total)""",
        """    return float(ones * np.log(theta) + zeros * np.log(1.0 - theta))""",
    ),
    # q2
    Mutant(
        "normaliser (2 pi)^D instead of (2 pi)^(D/2) (script erratum)",
        "q2_mvn_logpdf",
        "D * np.log(2.0 * np.pi)",
        "2.0 * D * np.log(2.0 * np.pi)",
    ),
    Mutant(
        "a single factor 2 pi whatever D",
        "q2_mvn_logpdf",
        "D * np.log(2.0 * np.pi)",
        "np.log(2.0 * np.pi)",
    ),
    Mutant(
        "log-determinant from det(Sigma) (underflows for large D)",
        "q2_mvn_logpdf",
        "logdet = 2.0 * np.sum(np.log(np.diag(L)))",
        "logdet = np.log(np.linalg.det(Sigma))",
    ),
    Mutant(
        "log-determinant without the factor 2",
        "q2_mvn_logpdf",
        "logdet = 2.0 * np.sum(np.log(np.diag(L)))",
        "logdet = np.sum(np.log(np.diag(L)))",
    ),
    Mutant(
        "triangular solve with L^T instead of L",
        "q2_mvn_logpdf",
        "scipy.linalg.solve_triangular(L, diff.T, lower=True)",
        "scipy.linalg.solve_triangular(L.T, diff.T, lower=False)",
    ),
    # q3
    Mutant(
        ">= instead of > at sepal width 3.0",
        "q3_naive_bayes",
        "X[:, 1] > 3.0",
        "X[:, 1] >= 3.0",
    ),
    Mutant(
        "Laplace denominator N_c + alpha (K = 2 missing)",
        "q3_naive_bayes",
        "(n_c + 2.0 * alpha)",
        "(n_c + alpha)",
    ),
    Mutant(
        "the class prior smoothed too",
        "q3_naive_bayes",
        "log_prior[i] = np.log(n_c / y.size)",
        "log_prior[i] = np.log((n_c + alpha) / (y.size + classes.size * alpha))",
    ),
    Mutant(
        "product of probabilities, logarithm at the end (underflows)",
        "q3_naive_bayes",
        "float(log_prior[i] + np.sum(log_cond[i, features, xb]))",
        "float(np.log(np.exp(log_prior[i]) * np.prod(np.exp(log_cond[i, features, xb]))))",
    ),
    # q4
    Mutant(
        "lambda = alpha^2 / sigma^2 (ratio inverted)",
        "q4_map_ridge",
        "ridge_fit(Phi, y, sigma2 / alpha2)",
        "ridge_fit(Phi, y, alpha2 / sigma2)",
    ),
    Mutant(
        "lambda = 1 / alpha^2 (the noise variance forgotten)",
        "q4_map_ridge",
        "ridge_fit(Phi, y, sigma2 / alpha2)",
        "ridge_fit(Phi, y, 1.0 / alpha2)",
    ),
    Mutant(
        "the bias weight not penalised",
        "q4_map_ridge",
        "lam * np.eye(D)",
        "lam * np.diag(np.r_[0.0, np.ones(D - 1)])",
    ),
    Mutant(
        "negative log-posterior without the factors 1/2",
        "q4_map_ridge",
        "return float(r @ r / (2.0 * sigma2) + w @ w / (2.0 * alpha2))",
        "return float(r @ r / sigma2 + w @ w / alpha2)",
    ),
    # q5
    Mutant(
        "prior variance used as a precision",
        "q5_bayes_linreg",
        "np.eye(D) / alpha2",
        "np.eye(D) * alpha2",
    ),
    Mutant(
        "noise variance used as a precision",
        "q5_bayes_linreg",
        "precision = np.eye(D) / alpha2 + Phi.T @ Phi / sigma2",
        "precision = np.eye(D) / alpha2 + Phi.T @ Phi * sigma2",
    ),
    Mutant(
        "predictive variance without the noise sigma^2",
        "q5_bayes_linreg",
        "var = sigma2 + np.sum((Phi_test @ S) * Phi_test, axis=1)",
        "var = np.sum((Phi_test @ S) * Phi_test, axis=1)",
    ),
    Mutant(
        "posterior mean without 1 / sigma^2",
        "q5_bayes_linreg",
        "m = S @ (Phi.T @ y) / sigma2",
        "m = S @ (Phi.T @ y)",
    ),
    # q6
    Mutant(
        "dropout without the 1 / (1 - p) scale",
        "q6_dropout_early_stopping",
        "np.where(mask, x / (1.0 - p), 0.0)",
        "np.where(mask, x, 0.0)",
    ),
    Mutant(
        "dropout scales kept activations down by (1 - p) (script wording)",
        "q6_dropout_early_stopping",
        "np.where(mask, x / (1.0 - p), 0.0)",
        "np.where(mask, x * (1.0 - p), 0.0)",
    ),
    Mutant(
        "old convention: test-time output scaled by 1 - p",
        "q6_dropout_early_stopping",
        "return x.copy()",
        "return x * (1.0 - p)",
    ),
    Mutant(
        "keeps each entry with probability p instead of 1 - p",
        "q6_dropout_early_stopping",
        ".random(x.shape) >= p",
        ".random(x.shape) < p",
    ),
    Mutant(
        "early stopping always in mode 'min' (accuracy erratum)",
        "q6_dropout_early_stopping",
        'if mode == "min":',
        "if True:",
    ),
    Mutant(
        "an improvement of exactly min_delta counts",
        "q6_dropout_early_stopping",
        "improved = h[epoch] < best - min_delta",
        "improved = h[epoch] <= best - min_delta",
    ),
    # q7
    Mutant(
        "KL against N(0, I) (the prior variance ignored)",
        "q7_elbo",
        "(np.sum(L**2) + m @ m) / alpha2 - D + D * np.log(alpha2)",
        "(np.sum(L**2) + m @ m) - D",
    ),
    Mutant(
        "samples m + L^T eps instead of m + L eps",
        "q7_elbo",
        "W = m + eps @ L.T",
        "W = m + eps @ L",
    ),
    Mutant(
        "ELBO with the KL added instead of subtracted",
        "q7_elbo",
        " - gaussian_kl(m, L, alpha2))",
        " + gaussian_kl(m, L, alpha2))",
    ),
    Mutant(
        "log|L L^T| without the factor 2",
        "q7_elbo",
        "logdet_q = 2.0 * np.sum(",
        "logdet_q = 1.0 * np.sum(",
    ),
    Mutant(
        "Monte-Carlo sum over the samples instead of the mean",
        "q7_elbo",
        "np.mean(loglik)",
        "np.sum(loglik)",
    ),
]

ALTERNATIVES = [
    Mutant(
        "Gaussian MLE covariance by np.cov(bias=True)",
        "q1_mle",
        "return mu, centred.T @ centred / X.shape[0]",
        "return mu, np.atleast_2d(np.cov(X, rowvar=False, bias=True))",
    ),
    Mutant(
        "Gaussian MLE covariance as a loop of outer products",
        "q1_mle",
        "return mu, centred.T @ centred / X.shape[0]",
        "return mu, sum(np.outer(r, r) for r in centred) / X.shape[0]",
    ),
    Mutant(
        "Bernoulli log-likelihood with scipy.special.xlogy",
        "q1_mle",
        """    total = 0.0
    if ones > 0:
        total += ones * np.log(theta) if theta > 0 else -np.inf
    if zeros > 0:
        total += zeros * np.log1p(-theta) if theta < 1 else -np.inf
    return float(total)""",
        """    import scipy.special

    return float(scipy.special.xlogy(ones, theta) + scipy.special.xlog1py(zeros, -theta))""",
    ),
    Mutant(
        "MVN log-density by np.linalg.solve with the triangular factor",
        "q2_mvn_logpdf",
        "scipy.linalg.solve_triangular(L, diff.T, lower=True)",
        "np.linalg.solve(L, diff.T)",
    ),
    Mutant(
        "MVN log-density by cho_factor / cho_solve and slogdet",
        "q2_mvn_logpdf",
        """    Z = scipy.linalg.solve_triangular(L, diff.T, lower=True)
    logdet = 2.0 * np.sum(np.log(np.diag(L)))
    out = -0.5 * (D * np.log(2.0 * np.pi) + logdet + np.sum(Z**2, axis=0))""",
        """    factor = scipy.linalg.cho_factor(Sigma, lower=True)
    quad = np.sum(diff.T * scipy.linalg.cho_solve(factor, diff.T), axis=0)
    logdet = np.linalg.slogdet(Sigma)[1]
    out = -0.5 * (D * np.log(2.0 * np.pi) + logdet + quad)""",
    ),
    Mutant(
        "naive Bayes counts with Python loops",
        "q3_naive_bayes",
        """            ones = rows.sum(axis=0)
            log_prior[i] = np.log(n_c / y.size)
            log_cond[i, :, 1] = np.log((ones + alpha) / (n_c + 2.0 * alpha))
            log_cond[i, :, 0] = np.log((n_c - ones + alpha) / (n_c + 2.0 * alpha))""",
        """            log_prior[i] = np.log(n_c) - np.log(y.size)
            for f in range(Xb.shape[1]):
                for v in (0, 1):
                    count = sum(1 for r in rows if r[f] == v)
                    log_cond[i, f, v] = np.log(count + alpha) - np.log(n_c + 2.0 * alpha)""",
    ),
    Mutant(
        "naive Bayes scores by a loop over the features",
        "q3_naive_bayes",
        """    return {
        int(c): float(log_prior[i] + np.sum(log_cond[i, features, xb]))
        for i, c in enumerate(classes)
    }""",
        """    out = {}
    for i, c in enumerate(classes):
        total = float(log_prior[i])
        for f in features:
            total += float(log_cond[i, f, xb[f]])
        out[int(c)] = total
    return out""",
    ),
    Mutant(
        "p(x_f = 0 | c) as 1 - p(x_f = 1 | c) (the same number)",
        "q3_naive_bayes",
        "log_cond[i, :, 0] = np.log((n_c - ones + alpha) / (n_c + 2.0 * alpha))",
        "log_cond[i, :, 0] = np.log(1.0 - (ones + alpha) / (n_c + 2.0 * alpha))",
    ),
    Mutant(
        "naive Bayes scores as NumPy floats (the text asks for floats)",
        "q3_naive_bayes",
        "int(c): float(log_prior[i] + np.sum(log_cond[i, features, xb]))",
        "int(c): log_prior[i] + np.sum(log_cond[i, features, xb])",
    ),
    Mutant(
        "ridge by least squares on the augmented system",
        "q4_map_ridge",
        "return np.linalg.solve(Phi.T @ Phi + lam * np.eye(D), Phi.T @ y)",
        "return np.linalg.lstsq(np.vstack([Phi, np.sqrt(lam) * np.eye(D)]), "
        "np.concatenate([y, np.zeros(D)]), rcond=None)[0]",
    ),
    Mutant(
        "posterior covariance by solve and predictive variance by einsum",
        "q5_bayes_linreg",
        "S = np.linalg.inv(precision)",
        "S = np.linalg.solve(precision, np.eye(D))",
    ),
    Mutant(
        "predictive variance by einsum",
        "q5_bayes_linreg",
        "var = sigma2 + np.sum((Phi_test @ S) * Phi_test, axis=1)",
        "var = sigma2 + np.einsum('ij,jk,ik->i', Phi_test, S, Phi_test)",
    ),
    Mutant(
        "dropout mask from rng.binomial, output x * mask / (1 - p)",
        "q6_dropout_early_stopping",
        """        mask = np.random.default_rng(seed).random(x.shape) >= p
    return np.where(mask, x / (1.0 - p), 0.0)""",
        """        gen = np.random.default_rng(seed)
        mask = gen.binomial(1, 1.0 - p, size=x.shape).astype(bool)
    return x * mask / (1.0 - p)""",
    ),
    Mutant(
        "early stopping that tracks the epoch of the best value",
        "q6_dropout_early_stopping",
        """    best, wait = h[0], 0
    for epoch in range(1, h.size):
        if mode == "min":
            improved = h[epoch] < best - min_delta
        else:
            improved = h[epoch] > best + min_delta
        if improved:
            best, wait = h[epoch], 0
        else:
            wait += 1
            if wait >= patience:
                return epoch
    return int(h.size - 1)""",
        """    sign = 1.0 if mode == "min" else -1.0
    best_epoch = 0
    for epoch in range(1, h.size):
        if sign * h[epoch] < sign * h[best_epoch] - min_delta:
            best_epoch = epoch
        elif epoch - best_epoch == patience:
            return epoch
    return h.size - 1""",
    ),
    Mutant(
        "KL log-determinant by slogdet of L L^T, Monte Carlo by a loop",
        "q7_elbo",
        "logdet_q = 2.0 * np.sum(np.log(np.abs(np.diag(L))))",
        "logdet_q = np.linalg.slogdet(L @ L.T)[1]",
    ),
    Mutant(
        "Monte-Carlo reconstruction term by a loop over the samples",
        "q7_elbo",
        """    W = m + eps @ L.T
    R = y[None, :] - W @ Phi.T
    N = y.shape[0]
    loglik = -0.5 * N * np.log(2.0 * np.pi * sigma2) - np.sum(R**2, axis=1) / (2.0 * sigma2)""",
        """    N = y.shape[0]
    loglik = []
    for e in eps:
        r = y - Phi @ (m + L @ e)
        loglik.append(-0.5 * N * np.log(2.0 * np.pi * sigma2) - r @ r / (2.0 * sigma2))""",
    ),
]

VARIANTS = [
    # q1
    Mutant(
        "q1 bern-float: returns a NumPy float64 instead of a Python float",
        "q1_mle",
        "return float(np.sum(x) / x.size)",
        "return np.sum(x) / x.size",
    ),
    Mutant(
        "q1 bern-invalid: accepts observations other than 0 and 1",
        "q1_mle",
        "if not np.all((x == 0.0) | (x == 1.0)):",
        "if False:",
    ),
    Mutant(
        "q1 bern-invalid: the error message does not say '0 or 1'",
        "q1_mle",
        '"Bernoulli observations must be 0 or 1"',
        '"invalid observation"',
    ),
    Mutant(
        "q1 bern-invalid: tests only for values above 1 (NaN and 0.5 pass)",
        "q1_mle",
        "if not np.all((x == 0.0) | (x == 1.0)):",
        "if np.any(x > 1.0) or np.any(x < 0.0):",
    ),
    Mutant(
        "q1 bern-empty: an empty x returns NaN",
        "q1_mle",
        "if x.size == 0:",
        "if False:",
    ),
    Mutant(
        "q1 loglik-no-warnings: evaluates log1p(-1) at theta = 1",
        "q1_mle",
        "total += zeros * np.log1p(-theta) if theta < 1 else -np.inf",
        "total += zeros * np.log1p(-theta)",
    ),
    Mutant(
        "q1 loglik-boundary: theta = 0 with no ones gives -inf",
        "q1_mle",
        "total += ones * np.log(theta) if theta > 0 else -np.inf",
        "total += ones * np.log(theta) if theta > 0 else -np.inf\n"
        "    elif theta == 0:\n"
        "        total = -np.inf",
    ),
    Mutant(
        "q1 gauss-1d: a 1-D X read as one sample of N variables",
        "q1_mle",
        "X = X[:, None]",
        "X = X[None, :]",
    ),
    Mutant(
        "q1 gauss-empty: no ValueError for N = 0",
        "q1_mle",
        "if X.shape[0] == 0:",
        "if False:",
    ),
    Mutant(
        "q1 no-mutation: centres the caller's X in place",
        "q1_mle",
        "centred = X - mu",
        "X -= mu\n    centred = X",
    ),
    # q2
    Mutant(
        "q2 single-point: returns an array of length 1 for a single point",
        "q2_mvn_logpdf",
        "return float(out[0]) if X.ndim == 1 else out",
        "return out",
    ),
    Mutant(
        "q2 shape: returns shape (N, 1)",
        "q2_mvn_logpdf",
        "return float(out[0]) if X.ndim == 1 else out",
        "return float(out[0]) if X.ndim == 1 else out[:, None]",
    ),
    Mutant(
        "q2 not-pd: the error message does not say 'positive definite'",
        "q2_mvn_logpdf",
        'raise ValueError("Sigma is not positive definite") from None',
        'raise ValueError("invalid covariance matrix") from None',
    ),
    Mutant(
        "q2 not-pd: returns NaN instead of raising",
        "q2_mvn_logpdf",
        'raise ValueError("Sigma is not positive definite") from None',
        "return np.full(np.atleast_2d(X).shape[0], np.nan)",
    ),
    Mutant(
        "q2 no-mutation: subtracts mu from the caller's X in place",
        "q2_mvn_logpdf",
        "diff = np.atleast_2d(X) - mu",
        "diff = np.atleast_2d(X)\n    diff -= mu",
    ),
    Mutant(
        "q2 no-det: log-determinant by log(prod(diag(L))**2)",
        "q2_mvn_logpdf",
        "logdet = 2.0 * np.sum(np.log(np.diag(L)))",
        "logdet = np.log(np.prod(np.diag(L)) ** 2)",
    ),
    # q3
    Mutant(
        "q3 binarize-ties: <= at petal length 4.3",
        "q3_naive_bayes",
        "X[:, 2] < 4.3",
        "X[:, 2] <= 4.3",
    ),
    Mutant(
        "q3 binarize-ties: >= at sepal length 5.0",
        "q3_naive_bayes",
        "X[:, 0] > 5.0",
        "X[:, 0] >= 5.0",
    ),
    Mutant(
        "q3 binarize-dtype: returns a bool array",
        "q3_naive_bayes",
        "\n    ).astype(np.int64)",
        "\n    )",
    ),
    Mutant(
        "q3 fit-classes: classes in order of first appearance",
        "q3_naive_bayes",
        "classes = np.unique(y)",
        "classes = np.array(list(dict.fromkeys(y.tolist())))",
    ),
    Mutant(
        "q3 fit-zero: log(0) warns (no errstate)",
        "q3_naive_bayes",
        'with np.errstate(divide="ignore"):',
        "if True:",
    ),
    Mutant(
        "q3 scores-dict: labels as NumPy integers",
        "q3_naive_bayes",
        "int(c): float(log_prior[i] + np.sum(log_cond[i, features, xb]))",
        "c: float(log_prior[i] + np.sum(log_cond[i, features, xb]))",
    ),
    Mutant(
        "q3 predict-tie: the largest label on a tie",
        "q3_naive_bayes",
        "return min(c for c, s in scores.items() if s == best)",
        "return max(c for c, s in scores.items() if s == best)",
    ),
    Mutant(
        "q3 predict: returns a NumPy integer",
        "q3_naive_bayes",
        "return min(c for c, s in scores.items() if s == best)",
        "return np.int64(min(c for c, s in scores.items() if s == best))",
    ),
    Mutant(
        "q3 scores-value: assumes labels 0..C-1 (indexes by label)",
        "q3_naive_bayes",
        "int(c): float(log_prior[i] + np.sum(log_cond[i, features, xb]))",
        "int(c): float(log_prior[int(c) % len(classes)] "
        "+ np.sum(log_cond[int(c) % len(classes), features, xb]))",
    ),
    # q4
    Mutant(
        "q4 nlp-value: returns a 0-d array",
        "q4_map_ridge",
        "return float(r @ r / (2.0 * sigma2) + w @ w / (2.0 * alpha2))",
        "return np.asarray(r @ r / (2.0 * sigma2) + w @ w / (2.0 * alpha2))",
    ),
    Mutant(
        "q4 ridge-value: lambda added to every entry of Phi^T Phi",
        "q4_map_ridge",
        "lam * np.eye(D)",
        "lam * np.ones((D, D))",
    ),
    Mutant(
        "q4 map-value: lambda = sigma^2 * alpha^2",
        "q4_map_ridge",
        "ridge_fit(Phi, y, sigma2 / alpha2)",
        "ridge_fit(Phi, y, sigma2 * alpha2)",
    ),
    Mutant(
        "q4 ridge-wide: least squares then shrinkage by 1 / (1 + lam)",
        "q4_map_ridge",
        "return np.linalg.solve(Phi.T @ Phi + lam * np.eye(D), Phi.T @ y)",
        "return np.linalg.lstsq(Phi, y, rcond=None)[0] / (1.0 + lam)",
    ),
    # q5
    Mutant(
        "q5 pred-shapes: the full M x M predictive covariance",
        "q5_bayes_linreg",
        "var = sigma2 + np.sum((Phi_test @ S) * Phi_test, axis=1)",
        "var = sigma2 + Phi_test @ S @ Phi_test.T",
    ),
    Mutant(
        "q5 pred-noise: adds the noise standard deviation",
        "q5_bayes_linreg",
        "var = sigma2 + np.sum(",
        "var = np.sqrt(sigma2) + np.sum(",
    ),
    Mutant(
        "q5 shapes: m of shape (D, 1)",
        "q5_bayes_linreg",
        "m = S @ (Phi.T @ y) / sigma2",
        "m = S @ (Phi.T @ y.reshape(-1, 1)) / sigma2",
    ),
    Mutant(
        "q5 no-data: the prior covariance alpha (a standard deviation) without data",
        "q5_bayes_linreg",
        "S = np.linalg.inv(precision)",
        "S = np.linalg.inv(precision) if Phi.shape[0] else np.sqrt(alpha2) * np.eye(D)",
    ),
    # q6
    Mutant(
        "q6 dropout-eval: applies the given mask at test time",
        "q6_dropout_early_stopping",
        "if not train:",
        "if not train and mask is None:",
    ),
    Mutant(
        "q6 dropout-p: p = 1 accepted",
        "q6_dropout_early_stopping",
        "if not 0.0 <= p < 1.0:",
        "if not 0.0 <= p <= 1.0:",
    ),
    Mutant(
        "q6 dropout-p: a negative p accepted",
        "q6_dropout_early_stopping",
        "if not 0.0 <= p < 1.0:",
        "if p >= 1.0:",
    ),
    Mutant(
        "q6 dropout-p: the message does not state the range",
        "q6_dropout_early_stopping",
        'f"the drop probability p must satisfy 0 <= p < 1, got {p}"',
        'f"invalid drop probability {p}"',
    ),
    Mutant(
        "q6 dropout-seed: draws from the global NumPy RNG",
        "q6_dropout_early_stopping",
        "mask = np.random.default_rng(seed).random(x.shape) >= p",
        "mask = np.random.random(x.shape) >= p",
    ),
    Mutant(
        "q6 dropout-seed: seeds the global RNG with np.random.seed",
        "q6_dropout_early_stopping",
        "mask = np.random.default_rng(seed).random(x.shape) >= p",
        "np.random.seed(seed)\n        mask = np.random.random(x.shape) >= p",
    ),
    Mutant(
        "q6 dropout-shape: flattens the output",
        "q6_dropout_early_stopping",
        "return np.where(mask, x / (1.0 - p), 0.0)",
        "return np.where(mask, x / (1.0 - p), 0.0).ravel()",
    ),
    Mutant(
        "q6 dropout-mask: a given mask read as True = drop",
        "q6_dropout_early_stopping",
        """    if mask is None:
        mask = np.random.default_rng(seed).random(x.shape) >= p""",
        """    if mask is None:
        mask = np.random.default_rng(seed).random(x.shape) >= p
    else:
        mask = ~np.asarray(mask, dtype=bool)""",
    ),
    Mutant(
        "q6 stop-nan: a NaN counts as an improvement",
        "q6_dropout_early_stopping",
        "improved = h[epoch] < best - min_delta",
        "improved = not h[epoch] >= best - min_delta",
    ),
    Mutant(
        "q6 stop-best: compares with the previous epoch, not the best",
        "q6_dropout_early_stopping",
        "improved = h[epoch] < best - min_delta",
        "improved = h[epoch] < h[epoch - 1] - min_delta",
    ),
    Mutant(
        "q6 stop-best: the best follows every decrease, even below min_delta",
        "q6_dropout_early_stopping",
        """        else:
            wait += 1""",
        """        else:
            best = min(best, h[epoch]) if mode == "min" else max(best, h[epoch])
            wait += 1""",
    ),
    Mutant(
        "q6 stop-patience: stops when the counter exceeds patience",
        "q6_dropout_early_stopping",
        "if wait >= patience:",
        "if wait > patience:",
    ),
    Mutant(
        "q6 stop-end: returns len(history) when it never stops",
        "q6_dropout_early_stopping",
        "return int(h.size - 1)",
        "return int(h.size)",
    ),
    Mutant(
        "q6 stop-value: returns a NumPy integer",
        "q6_dropout_early_stopping",
        "return epoch",
        "return np.int64(epoch)",
    ),
    Mutant(
        "q6 stop-raises: patience 0 accepted",
        "q6_dropout_early_stopping",
        "if patience < 1:",
        "if patience < 0:",
    ),
    Mutant(
        "q6 stop-raises: an unknown mode treated as 'max'",
        "q6_dropout_early_stopping",
        'if mode not in ("min", "max"):',
        "if False:",
    ),
    # q7
    Mutant(
        "q7 kl-abs: log of the diagonal without the absolute value",
        "q7_elbo",
        "np.log(np.abs(np.diag(L)))",
        "np.log(np.diag(L))",
    ),
    Mutant(
        "q7 float: the Monte-Carlo ELBO as a NumPy float",
        "q7_elbo",
        "return float(np.mean(loglik) - gaussian_kl(m, L, alpha2))",
        "return np.mean(loglik) - gaussian_kl(m, L, alpha2)",
    ),
    Mutant(
        "q7 mc-value: uses only the first sample",
        "q7_elbo",
        "np.mean(loglik)",
        "loglik[0]",
    ),
    Mutant(
        "q7 exact-value: the ||Phi L||_F^2 term forgotten",
        "q7_elbo",
        "(r @ r + np.sum((Phi @ L) ** 2))",
        "(r @ r)",
    ),
    Mutant(
        "q7 kl-value: trace of L instead of trace of L L^T",
        "q7_elbo",
        "np.sum(L**2)",
        "np.trace(L)",
    ),
    Mutant(
        "q7 exact-value: the reconstruction term without its constant",
        "q7_elbo",
        "expected = -0.5 * N * np.log(2.0 * np.pi * sigma2) - ",
        "expected = -",
    ),
]
