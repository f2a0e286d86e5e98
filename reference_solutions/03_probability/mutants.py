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

# Wrong answers written by hand from the task text alone (before the suite was read); each breaks
# one row of requirements.md, named by "q<N> <row id>: ...".
VARIANTS = [
    Mutant(
        "q1 nan: impossible colour gets a 0 column (nan_to_num), not NaN",
        Q1,
        "p_urn_given_colour = joint / p_colour[None, :]",
        "p_urn_given_colour = np.nan_to_num(joint / p_colour[None, :])",
    ),
    Mutant(
        "q1 nan: raises ValueError for a colour of probability 0",
        Q1,
        '    with np.errstate(invalid="ignore", divide="ignore"):',
        "    if np.any(p_colour == 0):\n"
        '        raise ValueError("a colour has probability 0")\n'
        '    with np.errstate(invalid="ignore", divide="ignore"):',
    ),
    Mutant(
        "q1 raises-counts: an empty urn is not rejected",
        Q1,
        "if np.any(counts < 0) or np.any(counts.sum(axis=1) == 0):",
        "if np.any(counts < 0):",
    ),
    Mutant(
        "q1 raises-counts: negative counts accepted when the urn total is positive",
        Q1,
        "if np.any(counts < 0) or np.any(counts.sum(axis=1) == 0):",
        "if np.any(counts.sum(axis=1) <= 0):",
    ),
    Mutant(
        "q1 raises-p-urn: negative entries accepted when p_urn sums to 1",
        Q1,
        "if np.any(p_urn < 0) or abs(p_urn.sum() - 1.0) > 1e-9:",
        "if abs(p_urn.sum() - 1.0) > 1e-9:",
    ),
    Mutant(
        "q1 raises-p-urn: exact sum == 1 test without the 1e-9 tolerance",
        Q1,
        "abs(p_urn.sum() - 1.0) > 1e-9",
        "p_urn.sum() != 1.0",
    ),
    Mutant(
        "q1 raises-p-urn: tolerance 1e-6 instead of 1e-9",
        Q1,
        "abs(p_urn.sum() - 1.0) > 1e-9",
        "abs(p_urn.sum() - 1.0) > 1e-6",
    ),
    Mutant(
        "q1 raises-p-urn: assert instead of ValueError",
        Q1,
        "    if np.any(p_urn < 0) or abs(p_urn.sum() - 1.0) > 1e-9:\n"
        '        raise ValueError("p_urn must be a probability vector")',
        '    assert np.all(p_urn >= 0) and abs(p_urn.sum() - 1.0) <= 1e-9, "bad p_urn"',
    ),
    Mutant(
        "q2 float-scalar: inputs through np.atleast_1d, scalars give a (1,) array",
        Q2,
        "(np.asarray(v, dtype=np.float64) for v in (sens, spec, prior))",
        "(np.atleast_1d(np.asarray(v, dtype=np.float64)) for v in (sens, spec, prior))",
    ),
    Mutant(
        "q2 broadcast: float(out) whenever out.size == 1 (a (1,) array input)",
        Q2,
        "return float(out) if out.ndim == 0 else out",
        "return float(out) if out.size == 1 else out",
    ),
    Mutant(
        "q2 seq-shape: the prior is kept as the first entry",
        Q2,
        "history = []",
        "history = [p]",
    ),
    Mutant(
        "q2 seq-shape: a Python list returned instead of a float64 array",
        Q2,
        "return np.array(history, dtype=np.float64)",
        "return history",
    ),
    Mutant(
        "q3 dice-faces: faces argument ignored (always a six-sided die)",
        Q3,
        "one_die = np.full(faces + 1, 1.0 / faces)",
        "one_die = np.full(7, 1.0 / 6)",
    ),
    Mutant(
        "q3 unsorted: values sorted without reordering the pmf",
        Q3,
        "values = np.asarray(values, dtype=np.float64)",
        "values = np.sort(np.asarray(values, dtype=np.float64))",
    ),
    Mutant(
        "q3 moments-type: an array [mean, var] returned instead of a tuple of floats",
        Q3,
        "return mean, var",
        "return np.array([mean, var])",
    ),
    Mutant(
        "q4 cov-shape: np.cov(X.T, bias=True) gives a 0-d array for D = 1",
        Q4,
        "return centred.T @ centred / X.shape[0]",
        "return np.cov(X.T, bias=True)",
    ),
    Mutant(
        "q4 corr-nan: zero-variance rows and columns set to 0 (nan_to_num)",
        Q4,
        "return C / np.outer(std, std)",
        "return np.nan_to_num(C / np.outer(std, std))",
    ),
    Mutant(
        "q4 corr-nan: diagonal forced to 1 even for a zero variance",
        Q4,
        "return C / np.outer(std, std)",
        "R = C / np.outer(std, std)\n        np.fill_diagonal(R, 1.0)\n        return R",
    ),
    Mutant("q4 affine-mean: shift b forgotten in the mean", Q4, "A @ mu + b,", "A @ mu,"),
    Mutant(
        "q4 affine-cov: the shift b also added to the covariance",
        Q4,
        "A @ Sigma @ A.T",
        "A @ Sigma @ A.T + np.outer(b, b)",
    ),
    Mutant(
        "q5 bernoulli-empty: empty array gives NaN instead of ValueError",
        Q5,
        '    if x.size == 0:\n        raise ValueError("no observations")\n',
        "",
    ),
    Mutant(
        "q5 gaussian-shapes: mean over all entries (axis forgotten)",
        Q5,
        "mu = X.mean(axis=0)",
        "mu = X.mean()",
    ),
    Mutant(
        "q5 nll-type: NLL averaged over the samples instead of summed",
        Q5,
        "0.5 * n * np.log(2.0 * np.pi * sigma2) + np.sum((x - mu) ** 2)",
        "0.5 * np.log(2.0 * np.pi * sigma2) + np.mean((x - mu) ** 2)",
    ),
    Mutant(
        "q5 grad-value: derivative taken with respect to sigma, not sigma^2",
        Q5,
        "d_sigma2 = 0.5 * n / sigma2 - float(np.sum(r**2)) / (2.0 * sigma2**2)",
        "d_sigma2 = n / np.sqrt(sigma2) - float(np.sum(r**2)) / np.sqrt(sigma2) ** 3",
    ),
    Mutant(
        "q5 grad-type: gradient returned as a NumPy array",
        Q5,
        "return d_mu, float(d_sigma2)",
        "return np.array([d_mu, d_sigma2])",
    ),
    Mutant(
        "q6 no-global-rng: seeds and draws from the global np.random state",
        Q6,
        "rng = np.random.default_rng(seed)",
        "np.random.seed(seed)\n    rng = np.random",
    ),
    Mutant(
        "q6 seed: seed ignored (fresh generator every call)",
        Q6,
        "rng = np.random.default_rng(seed)",
        "rng = np.random.default_rng()",
    ),
    Mutant(
        "q6 sample-dist: correlations dropped (z scaled by the standard deviations)",
        Q6,
        "return mu + z @ L.T",
        "return mu + z * np.sqrt(np.diag(L @ L.T))",
    ),
    Mutant(
        "q6 sample-shape: samples returned as columns (D, n)",
        Q6,
        "z = rng.standard_normal((n, mu.size))\n    return mu + z @ L.T",
        "z = rng.standard_normal((mu.size, n))\n    return mu[:, None] + L @ z",
    ),
    Mutant(
        "q6 raises-few: a single value accepted (se is NaN)",
        Q6,
        "if n < 2:",
        "if n == 0:",
    ),
]

# Round 2: wrong answers for the rows added from the introduction (no mutation, float64) and for
# contracts the round-1 variants did not reach (Python floats, an empty input).
VARIANTS += [
    Mutant(
        "q1 no-mutation: counts normalised in place",
        Q1,
        "p_colour_given_urn = counts / counts.sum(axis=1, keepdims=True)",
        "counts /= counts.sum(axis=1, keepdims=True)\n    p_colour_given_urn = counts",
    ),
    Mutant(
        "q2 float-scalar: a NumPy float64 scalar returned for three scalars",
        Q2,
        "return float(out) if out.ndim == 0 else out",
        "return out[()]",
    ),
    Mutant(
        "q3 moments-type: NumPy float64 scalars instead of Python floats",
        Q3,
        "return mean, var",
        "return np.float64(mean), np.float64(var)",
    ),
    Mutant(
        "q4 no-mutation: X centred in place",
        Q4,
        "centred = X - X.mean(axis=0)",
        "X -= X.mean(axis=0)\n    centred = X",
    ),
    Mutant(
        "q4 float64: centring a copy of X in place fails for integer data",
        Q4,
        "    X = np.asarray(X, dtype=np.float64)\n    centred = X - X.mean(axis=0)",
        "    centred = np.array(X)\n    centred -= centred.mean(axis=0)",
    ),
    Mutant(
        "q5 no-mutation: X centred in place",
        Q5,
        "centred = X - mu",
        "X -= mu\n    centred = X",
    ),
    Mutant(
        "q5 float64: integer data kept as integers (centring in place fails)",
        Q5,
        "    X = np.asarray(X, dtype=np.float64)\n    mu = X.mean(axis=0)\n    centred = X - mu",
        "    mu = X.mean(axis=0)\n    centred = np.array(X)\n    centred -= mu",
    ),
    Mutant(
        "q5 nll-type: a NumPy float64 returned instead of a Python float",
        Q5,
        "return float(0.5 * n * np.log(2.0 * np.pi * sigma2)",
        "return np.float64(0.5 * n * np.log(2.0 * np.pi * sigma2)",
    ),
    Mutant(
        "q6 mc-type: NumPy float64 scalars instead of Python floats",
        Q6,
        "return float(values.mean()), float(values.std(ddof=1) / np.sqrt(n))",
        "return values.mean(), values.std(ddof=1) / np.sqrt(n)",
    ),
    Mutant(
        "q6 raises-few: only a single value rejected, an empty array accepted",
        Q6,
        "if n < 2:",
        "if n == 1:",
    ),
]
