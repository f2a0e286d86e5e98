"""Known wrong answers ("mutants") of the 03_probability reference, drawn from the catalogs'
pitfalls and errata, and correct answers written differently ("alternatives").

Each mutant must lose points on its own question and nowhere else; each alternative must score full
marks. ``tests/test_content.py`` proves both.
"""

from __future__ import annotations

from autograder.authoring import Mutant

Q1, Q2, Q3 = "q1_urn_tables", "q2_bayes_rule", "q3_discrete_moments"
Q4, Q5, Q6 = "q4_covariance", "q5_mle", "q6_monte_carlo"

MUTANTS = [
    Mutant(
        "P(B | U) returned instead of P(U | B)",
        Q1,
        "joint / p_colour[None, :]",
        "joint / joint.sum(axis=1, keepdims=True)",
    ),
    Mutant(
        "urn prior ignored (uniform choice of urn)",
        Q1,
        "joint = p_urn[:, None] * p_colour_given_urn",
        "joint = p_colour_given_urn / counts.shape[0]",
    ),
    Mutant(
        "no validation of p_urn",
        Q1,
        "if np.any(p_urn < 0) or abs(p_urn.sum() - 1.0) > 1e-9:",
        "if False:",
    ),
    Mutant(
        "false-positive rate taken as the specificity",
        Q2,
        "(1.0 - spec) * (1.0 - prior)",
        "spec * (1.0 - prior)",
    ),
    Mutant(
        "negative result treated like a positive one",
        Q2,
        "like_ill, like_healthy = 1.0 - sens, spec",
        "like_ill, like_healthy = sens, 1.0 - spec",
    ),
    Mutant(
        "posterior not carried over as the next prior",
        Q2,
        "p = like_ill * p / (like_ill * p + like_healthy * (1.0 - p))\n        history.append(p)",
        "history.append(like_ill * p / (like_ill * p + like_healthy * (1.0 - p)))",
    ),
    Mutant(
        "pmf indexed from the smallest sum, not from 0",
        Q3,
        "one_die = np.full(faces + 1, 1.0 / faces)\n    one_die[0] = 0.0",
        "one_die = np.full(faces, 1.0 / faces)",
    ),
    Mutant(
        "variance E[X^2] - E[X] (square forgotten)",
        Q3,
        "var = float(np.sum(pmf * (values - mean) ** 2))",
        "var = float(np.sum(pmf * values**2) - mean)",
    ),
    Mutant(
        "variance without the pmf weights",
        Q3,
        "var = float(np.sum(pmf * (values - mean) ** 2))",
        "var = float(np.mean((values - mean) ** 2))",
    ),
    Mutant(
        "covariance with ddof = 1 (np.cov default)",
        Q4,
        "return centred.T @ centred / X.shape[0]",
        "return centred.T @ centred / (X.shape[0] - 1)",
    ),
    Mutant(
        "correlation divided by the variances",
        Q4,
        "C / np.outer(std, std)",
        "C / np.outer(np.diag(C), np.diag(C))",
    ),
    Mutant("V[aX] = a V[X] (script erratum): A Sigma", Q4, "A @ Sigma @ A.T", "A @ Sigma"),
    Mutant(
        "Gaussian MLE covariance with N - 1",
        Q5,
        "return mu, centred.T @ centred / X.shape[0]",
        "return mu, centred.T @ centred / (X.shape[0] - 1)",
    ),
    Mutant(
        "Gaussian MLE with the scalar (x - mu)^T (x - mu) (script erratum)",
        Q5,
        "return mu, centred.T @ centred / X.shape[0]",
        "return mu, np.sum(centred * centred) / X.shape[0] * np.eye(X.shape[1])",
    ),
    Mutant(
        "binomial MLE as the mean of the ratios k / n",
        Q5,
        "float(np.sum(k) / np.sum(n))",
        "float(np.mean(k / n))",
    ),
    Mutant(
        "d NLL / d sigma2 without the 1/2",
        Q5,
        "d_sigma2 = 0.5 * n / sigma2",
        "d_sigma2 = n / sigma2",
    ),
    Mutant(
        "Sigma used in place of its Cholesky factor",
        Q6,
        "L = np.linalg.cholesky(np.asarray(Sigma, dtype=np.float64))",
        "L = np.asarray(Sigma, dtype=np.float64)",
    ),
    Mutant("samples mu + z L (transposed factor)", Q6, "return mu + z @ L.T", "return mu + z @ L"),
    Mutant(
        "standard error with ddof = 0",
        Q6,
        "values.std(ddof=1) / np.sqrt(n)",
        "values.std() / np.sqrt(n)",
    ),
    Mutant("standard error s / N", Q6, "values.std(ddof=1) / np.sqrt(n)", "values.std(ddof=1) / n"),
]

ALTERNATIVES = [
    Mutant(
        "dice pmf by explicit loops instead of np.convolve",
        Q3,
        "pmf = np.convolve(pmf, one_die)",
        "new = np.zeros(pmf.size + faces)\n"
        "        for s, p_s in enumerate(pmf):\n"
        "            for k in range(1, faces + 1):\n"
        "                new[s + k] += p_s / faces\n"
        "        pmf = new",
    ),
    Mutant(
        "covariance with np.cov(bias=True)",
        Q4,
        "return centred.T @ centred / X.shape[0]",
        "return np.atleast_2d(np.cov(X, rowvar=False, bias=True))",
    ),
    Mutant(
        "Gaussian MLE covariance as a sum of outer products",
        Q5,
        "return mu, centred.T @ centred / X.shape[0]",
        "return mu, sum(np.outer(r, r) for r in centred) / X.shape[0]",
    ),
    Mutant(
        "sampler with Generator.multivariate_normal",
        Q6,
        "z = rng.standard_normal((n, mu.size))\n    return mu + z @ L.T",
        "return rng.multivariate_normal(mu, np.asarray(Sigma, dtype=np.float64), size=n)",
    ),
]
