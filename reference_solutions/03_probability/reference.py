"""Reference solution for assignment 03_probability (probability tables, Bayes' rule, moments,
maximum likelihood and Monte-Carlo sampling).

Each ``# %% [answer] <question id>`` section below is pasted verbatim into the answer cell of that
question by ``autograder solve``. A section may only use the names imported by the notebook's setup
cell (``np``, ``plt``) and the names it defines itself.

Conventions: everything is float64 NumPy; a data matrix ``X`` has shape ``(N, D)``: one row per
sample (observation), one column per variable. Covariances and maximum-likelihood variances divide
by ``N`` (the population / biased convention), the standard error of a Monte-Carlo mean uses the
sample standard deviation with ``N - 1``.
"""

import numpy as np

# %% [answer] q1_urn_tables


def urn_tables(counts: np.ndarray, p_urn: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Joint P(U, B), marginal P(B) and conditional P(U | B) of the two-stage urn experiment.

    counts[u, c] is the number of balls of colour c in urn u, p_urn[u] the probability to pick
    urn u. Returns (joint (U, C), p_colour (C,), p_urn_given_colour (U, C)); a colour that cannot
    be drawn has a NaN column in the conditional table.
    """
    counts = np.asarray(counts, dtype=np.float64)
    p_urn = np.asarray(p_urn, dtype=np.float64)
    if np.any(counts < 0) or np.any(counts.sum(axis=1) == 0):
        raise ValueError("every urn needs a non-negative number of balls, at least one in total")
    if np.any(p_urn < 0) or abs(p_urn.sum() - 1.0) > 1e-9:
        raise ValueError("p_urn must be a probability vector")
    p_colour_given_urn = counts / counts.sum(axis=1, keepdims=True)  # P(B = c | U = u)
    joint = p_urn[:, None] * p_colour_given_urn  # product rule
    p_colour = joint.sum(axis=0)  # sum rule: marginalise the urn out
    with np.errstate(invalid="ignore", divide="ignore"):
        p_urn_given_colour = joint / p_colour[None, :]
    return joint, p_colour, p_urn_given_colour


# %% [answer] q2_bayes_rule


def posterior_positive(sens, spec, prior):
    """P(ill | positive test) = sens * prior / (sens * prior + (1 - spec) * (1 - prior)).

    Scalars in, Python float out; arrays broadcast and give a float64 array.
    """
    sens, spec, prior = (np.asarray(v, dtype=np.float64) for v in (sens, spec, prior))
    evidence = sens * prior + (1.0 - spec) * (1.0 - prior)  # P(positive), sum rule
    out = sens * prior / evidence
    return float(out) if out.ndim == 0 else out


def sequential_posterior(sens: float, spec: float, prior: float, results) -> np.ndarray:
    """P(ill | first k results) for k = 1..len(results); results holds 1 (positive) or 0."""
    p = float(prior)
    history = []
    for r in np.asarray(results).ravel():
        if r:
            like_ill, like_healthy = sens, 1.0 - spec  # P(+ | ill), P(+ | healthy)
        else:
            like_ill, like_healthy = 1.0 - sens, spec  # P(- | ill), P(- | healthy)
        p = like_ill * p / (like_ill * p + like_healthy * (1.0 - p))
        history.append(p)
    return np.array(history, dtype=np.float64)


# %% [answer] q3_discrete_moments


def dice_sum_pmf(n_dice: int, faces: int = 6) -> np.ndarray:
    """pmf[s] = P(sum of n_dice fair dice = s) for s = 0..n_dice * faces (float64)."""
    if n_dice < 1 or faces < 1:
        raise ValueError("need at least one die with at least one face")
    one_die = np.full(faces + 1, 1.0 / faces)
    one_die[0] = 0.0  # index = number of pips; a die never shows 0
    pmf = np.array([1.0])  # the sum of zero dice is 0 with certainty
    for _ in range(n_dice):
        pmf = np.convolve(pmf, one_die)  # distribution of a sum = convolution of the pmfs
    return pmf


def pmf_moments(values: np.ndarray, pmf: np.ndarray) -> tuple[float, float]:
    """Mean E[X] = sum p x and variance V[X] = sum p (x - E[X])^2 of a discrete distribution."""
    values = np.asarray(values, dtype=np.float64)
    pmf = np.asarray(pmf, dtype=np.float64)
    mean = float(np.sum(pmf * values))
    var = float(np.sum(pmf * (values - mean) ** 2))
    return mean, var


# %% [answer] q4_covariance


def covariance_matrix(X: np.ndarray) -> np.ndarray:
    """Population covariance (1/N) of the columns of X (N, D) -> (D, D)."""
    X = np.asarray(X, dtype=np.float64)
    centred = X - X.mean(axis=0)
    return centred.T @ centred / X.shape[0]


def cov_to_corr(C: np.ndarray) -> np.ndarray:
    """Correlation c_ij = C_ij / sqrt(C_ii C_jj) from a covariance C (D, D); NaN where C_ii = 0."""
    C = np.asarray(C, dtype=np.float64)
    std = np.sqrt(np.diag(C))
    with np.errstate(invalid="ignore", divide="ignore"):
        return C / np.outer(std, std)


def affine_moments(mu: np.ndarray, Sigma: np.ndarray, A: np.ndarray,
                   b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean A mu + b (K,) and covariance A Sigma A^T (K, K) of y = A x + b."""
    mu, Sigma, A, b = (np.asarray(v, dtype=np.float64) for v in (mu, Sigma, A, b))
    return A @ mu + b, A @ Sigma @ A.T


# %% [answer] q5_mle


def bernoulli_mle(x: np.ndarray) -> float:
    """theta_ML = (number of ones) / N for 0/1 observations; ValueError if x is empty."""
    x = np.asarray(x, dtype=np.float64)
    if x.size == 0:
        raise ValueError("no observations")
    return float(np.sum(x) / x.size)


def binomial_mle(k: np.ndarray, n: np.ndarray) -> float:
    """Pooled success probability sum(k) / sum(n) from k[i] successes in n[i] trials."""
    k = np.asarray(k, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    return float(np.sum(k) / np.sum(n))


def gaussian_mle(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """mu (D,) = sample mean, Sigma (D, D) = (1/N) sum of outer products (x_n - mu)(x_n - mu)^T."""
    X = np.asarray(X, dtype=np.float64)
    mu = X.mean(axis=0)
    centred = X - mu
    return mu, centred.T @ centred / X.shape[0]


def gaussian_nll(x: np.ndarray, mu: float, sigma2: float) -> float:
    """Negative log-likelihood of 1-D data x under N(mu, sigma2), summed over the samples."""
    x = np.asarray(x, dtype=np.float64)
    n = x.size
    return float(0.5 * n * np.log(2.0 * np.pi * sigma2) + np.sum((x - mu) ** 2) / (2.0 * sigma2))


def gaussian_nll_grad(x: np.ndarray, mu: float, sigma2: float) -> tuple[float, float]:
    """(d nll / d mu, d nll / d sigma2) of gaussian_nll."""
    x = np.asarray(x, dtype=np.float64)
    n = x.size
    r = x - mu
    d_mu = -float(np.sum(r)) / float(sigma2)
    d_sigma2 = 0.5 * n / sigma2 - float(np.sum(r**2)) / (2.0 * sigma2**2)
    return d_mu, float(d_sigma2)


# %% [answer] q6_monte_carlo


def sample_gaussian(mu: np.ndarray, Sigma: np.ndarray, n: int, seed: int) -> np.ndarray:
    """n samples (n, D) of N(mu, Sigma) as x = mu + L z with Sigma = L L^T (Cholesky)."""
    mu = np.asarray(mu, dtype=np.float64)
    L = np.linalg.cholesky(np.asarray(Sigma, dtype=np.float64))
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n, mu.size))
    return mu + z @ L.T  # row-wise x_n = mu + L z_n


def mc_mean_se(values: np.ndarray) -> tuple[float, float]:
    """Monte-Carlo estimate of E[X] and its standard error s / sqrt(N) with s using N - 1."""
    values = np.asarray(values, dtype=np.float64).ravel()
    n = values.size
    if n < 2:
        raise ValueError("need at least two samples for a standard error")
    return float(values.mean()), float(values.std(ddof=1) / np.sqrt(n))
