"""Reference solution for assignment 03_probability (probability tables, Bayes' rule, moments,
maximum likelihood and Monte-Carlo sampling).

This is the assignment's master: ``autograder assign`` generates the student notebook from it
(the solution regions become stubs) and the reference module is its header and answer cells.
An answer cell may only use the names imported by the notebook's setup
cell (``np``, ``plt``) and the names it defines itself.

Conventions: everything is float64 NumPy; a data matrix ``X`` has shape ``(N, D)``: one row per
sample (observation), one column per variable. Covariances and maximum-likelihood variances divide
by ``N`` (the population / biased convention), the standard error of a Monte-Carlo mean uses the
sample standard deviation with ``N - 1``.
"""

import numpy as np


# %% [markdown]
# # Assignment 03: Probability and statistics
#
# Machine learning is built on a handful of probabilistic ideas: probabilities of joint events and
# how to turn them around (Bayes' rule), summaries of distributions (mean, variance, covariance),
# fitting a distribution to data (maximum likelihood) and estimating expectations by sampling. This
# assignment implements each of them in NumPy:
#
# 1. **Probability tables** for a two-stage experiment (pick an urn, then draw a ball).
# 2. **Bayes' rule** for a medical test, once and repeatedly.
# 3. **Discrete distributions**: the sum of several dice and its mean and variance.
# 4. **Covariance and correlation**, and how an affine map transforms mean and covariance.
# 5. **Maximum-likelihood estimates** for Bernoulli, binomial and Gaussian data, with the gradient of
#    the Gaussian negative log-likelihood.
# 6. **Monte Carlo**: sampling a multivariate Gaussian and putting an error bar on an average.
#
# ### How grading works
#
# * Each question has one **answer cell** with function stubs that `raise NotImplementedError`.
#   Replace the bodies with your implementation. Do **not** rename the functions, change their
#   arguments or move them into other cells: the grader looks them up by name.
# * Your answer cells are graded by **hidden tests on inputs you do not see** (other sizes, other
#   data, edge cases), so follow the contract in the text, not just the numbers printed here.
# * Below each answer cell a **check cell** `check("...")` runs a few *public* checks. Passing them is
#   a good sign, not a guarantee.
# * Work in float64 NumPy. A data matrix `X` always has shape `(N, D)`: **one row per sample**, one
#   column per variable. Functions must not modify their input arrays.
# * Only `numpy` (as `np`) and `matplotlib.pyplot` (as `plt`) are imported for you.


# %% [setup]
import numpy as np
import matplotlib.pyplot as plt
from autograder.public import Checker

check = Checker("03_probability", globals())


# %% [question q1_urn_tables]
# Two urns: urn 1 holds 4 black and 3 golden balls, urn 2 holds 4 black and 1 golden ball. We pick
# urn 1 with probability $P(U=1) = 0.4$ and urn 2 with $P(U=2) = 0.6$, then draw one ball from the
# chosen urn. Two random variables describe the outcome: the urn $U$ and the colour $B$.
#
# * **Conditional probability of the colour given the urn** is just the share of that colour in the
#   urn: $P(B=c \mid U=u) = \dfrac{n_{uc}}{\sum_{c'} n_{uc'}}$, where $n_{uc}$ counts the balls.
# * **Product rule**: the joint probability of "urn $u$ *and* colour $c$" is
#   $$P(U=u, B=c) = P(U=u)\,P(B=c \mid U=u).$$
# * **Sum rule** (marginalisation): the probability of a colour, whatever the urn, sums the joint
#   table over the urns: $P(B=c) = \sum_u P(U=u, B=c)$.
# * **Conditioning the other way round**: dividing the joint by the marginal of the colour gives the
#   probability of each urn once we have *seen* the colour:
#   $$P(U=u \mid B=c) = \frac{P(U=u, B=c)}{P(B=c)}.$$
#   Each *column* of this table sums to 1 (the urns given a colour), not each row.
#
# **Worked example.** With rows = urns and columns = (black, golden):
#
# | | black | golden |
# |---|---|---|
# | $P(U=1, B)$ | $0.4 \cdot 4/7 = 0.228571$ | $0.4 \cdot 3/7 = 0.171429$ |
# | $P(U=2, B)$ | $0.6 \cdot 4/5 = 0.48$ | $0.6 \cdot 1/5 = 0.12$ |
# | $P(B)$ | $0.708571$ | $0.291429$ |
#
# so $P(U=1 \mid B=\text{black}) = 0.228571 / 0.708571 = 0.322581$ and
# $P(U=2 \mid B=\text{golden}) = 0.12 / 0.291429 = 0.411765$. (These are exact fractions such as
# $8/35$; the checks compare to full float64 precision, not to the rounded digits shown here.)
#
# **Your task.** `urn_tables(counts, p_urn)` takes `counts` of shape `(U, C)` (balls of colour `c` in
# urn `u`) and `p_urn` of shape `(U,)`, and returns the tuple `(joint, p_colour, p_urn_given_colour)`:
#
# * `joint`: float64 array `(U, C)` with `joint[u, c]` $= P(U=u, B=c)$;
# * `p_colour`: float64 array `(C,)` with $P(B=c)$;
# * `p_urn_given_colour`: float64 array `(U, C)` with entry $[u, c] = P(U=u \mid B=c)$. A colour that
#   no urn can produce has $P(B=c) = 0$: its column is **NaN** (0/0), without raising.
# * Raise `ValueError` if `p_urn` has a negative entry or does not sum to 1 (to within `1e-9`), or if
#   a count is negative or an urn is empty.


# %% [answer]
def urn_tables(counts, p_urn):
    """Probability tables of the experiment "pick urn u with p_urn[u], draw one ball".

    counts: (U, C) ball counts, p_urn: (U,) probabilities.
    Returns (joint (U, C), p_colour (C,), p_urn_given_colour (U, C)), all float64;
    NaN column in p_urn_given_colour for a colour of probability 0.
    Raises ValueError for an invalid p_urn or an empty urn / negative count.
    """
    ### BEGIN SOLUTION
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
    ### END SOLUTION


# %% [explore]
# The urn example as tables.
try:
    joint, p_colour, post = urn_tables(np.array([[4, 3], [4, 1]]), np.array([0.4, 0.6]))
    print("joint P(U, B):\n", joint)
    print("P(B):", p_colour)
    print("P(U | B) (columns sum to 1):\n", post, "\ncolumn sums:", post.sum(axis=0))
except NotImplementedError:
    print("implement urn_tables first")


# %% [question q2_bayes_rule]
# A test for a disease $F$ is described by two numbers:
#
# * **sensitivity** $P(+ \mid F)$: the probability that the test is positive for an ill person;
# * **specificity** $P(- \mid \neg F)$: the probability that it is negative for a healthy person.
#   The false-positive rate is therefore $P(+ \mid \neg F) = 1 - \text{specificity}$.
#
# The **prior** $P(F)$ is the share of ill people before testing. Bayes' rule turns the test's
# properties around into what a patient wants to know:
# $$P(F \mid +) = \frac{P(+ \mid F)\,P(F)}{P(+)}, \qquad
# P(+) = P(+ \mid F)\,P(F) + P(+ \mid \neg F)\,\bigl(1 - P(F)\bigr).$$
# The denominator is the sum rule over the two possibilities ill / healthy.
#
# **Worked example.** Sensitivity $0.99$, specificity $0.99$, prior $0.005$:
# $$P(F \mid +) = \frac{0.99 \cdot 0.005}{0.99 \cdot 0.005 + 0.01 \cdot 0.995} = 0.332215 .$$
# Even with a 99 % accurate test, two out of three positives are false alarms, because healthy
# people are so much more common.
#
# **Repeated tests.** If tests are independent given the health state, the posterior after one test
# is the prior for the next. For a *negative* result the likelihoods are
# $P(- \mid F) = 1 - \text{sensitivity}$ and $P(- \mid \neg F) = \text{specificity}$:
# $$P(F \mid -) = \frac{(1 - \text{sens})\,p}{(1 - \text{sens})\,p + \text{spec}\,(1 - p)} .$$
# In the example, a second positive test raises $0.332215$ to $0.980100$.
#
# **Your task.**
#
# * `posterior_positive(sens, spec, prior)`: $P(F \mid +)$. With three scalars return a Python
#   `float`; with arrays, broadcast them (NumPy rules) and return a float64 array of the broadcast
#   shape.
# * `sequential_posterior(sens, spec, prior, results)`: scalars `sens, spec, prior` and a 1-D integer
#   array `results` of 1 (positive) and 0 (negative) test results in order. Return a float64 array of
#   shape `(len(results),)` whose entry `k` is the probability of illness after the first `k + 1`
#   results.


# %% [answer]
def posterior_positive(sens, spec, prior):
    """P(ill | positive) by Bayes' rule; float for scalar inputs, broadcast float64 array else."""
    ### BEGIN SOLUTION
    sens, spec, prior = (np.asarray(v, dtype=np.float64) for v in (sens, spec, prior))
    evidence = sens * prior + (1.0 - spec) * (1.0 - prior)  # P(positive), sum rule
    out = sens * prior / evidence
    return float(out) if out.ndim == 0 else out
    ### END SOLUTION


def sequential_posterior(sens, spec, prior, results):
    """Posterior P(ill | results[:k+1]) for each k: float64 array of shape (len(results),)."""
    ### BEGIN SOLUTION
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
    ### END SOLUTION


# %% [explore]
# How the posterior after one positive test depends on the prior (sensitivity = specificity = 0.99).
try:
    priors = np.logspace(-4, 0, 60)[:-1]
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.semilogx(priors, posterior_positive(0.99, 0.99, priors), label="one positive test")
    two = [sequential_posterior(0.99, 0.99, p, np.array([1, 1]))[-1] for p in priors]
    ax.semilogx(priors, two, label="two positive tests")
    ax.set_xlabel("prior P(F)")
    ax.set_ylabel("posterior P(F | +)")
    ax.legend()
    plt.show()
except NotImplementedError:
    print("implement posterior_positive and sequential_posterior first")


# %% [question q3_discrete_moments]
# A discrete random variable $X$ with values $x_i$ and probabilities (the **pmf**) $p_i$ has
# $$\mathbb{E}[X] = \sum_i p_i x_i, \qquad
# \mathbb{V}[X] = \sum_i p_i \bigl(x_i - \mathbb{E}[X]\bigr)^2 = \mathbb{E}[X^2] - \mathbb{E}[X]^2 .$$
# For one fair die, $\mathbb{E}[X] = 3.5$ and $\mathbb{V}[X] = 35/12$.
#
# **Sum of dice.** If $S = X_1 + X_2$ for independent $X_1, X_2$, then
# $P(S = s) = \sum_k P(X_1 = k)\,P(X_2 = s - k)$: the pmf of a sum is the **convolution** of the
# pmfs (`np.convolve` does exactly this for arrays indexed by value). For two dice $P(S=s)$ is
# $1/36, 2/36, \dots, 6/36, \dots, 1/36$ for $s = 2, \dots, 12$, with $\mathbb{E}[S] = 7$ and
# $\mathbb{V}[S] = 35/6$ (means and, for independent variables, variances add).
#
# **Index convention (important).** We index a pmf by the value itself: `pmf[s]` $= P(S = s)$ for
# $s = 0, 1, \dots, n \cdot \text{faces}$. Sums below $n$ are impossible, so the first $n$ entries are
# $0$. For two dice `pmf` has length 13, `pmf[0] == pmf[1] == 0` and `pmf[7] == 6/36`.
#
# **Your task.**
#
# * `dice_sum_pmf(n_dice, faces=6)`: float64 array of length `n_dice * faces + 1` as above, for
#   `n_dice >= 1` fair dice with faces $1, \dots, \text{faces}$.
# * `pmf_moments(values, pmf)`: the tuple `(mean, variance)` of two Python floats for 1-D arrays of
#   values and probabilities of equal length (the pmf sums to 1; values need not be sorted).


# %% [answer]
def dice_sum_pmf(n_dice, faces=6):
    """pmf[s] = P(sum of n_dice fair dice = s), s = 0..n_dice*faces; float64 array."""
    ### BEGIN SOLUTION
    if n_dice < 1 or faces < 1:
        raise ValueError("need at least one die with at least one face")
    one_die = np.full(faces + 1, 1.0 / faces)
    one_die[0] = 0.0  # index = number of pips; a die never shows 0
    pmf = np.array([1.0])  # the sum of zero dice is 0 with certainty
    for _ in range(n_dice):
        pmf = np.convolve(pmf, one_die)  # distribution of a sum = convolution of the pmfs
    return pmf
    ### END SOLUTION


def pmf_moments(values, pmf):
    """(E[X], V[X]) as two Python floats for a discrete distribution."""
    ### BEGIN SOLUTION
    values = np.asarray(values, dtype=np.float64)
    pmf = np.asarray(pmf, dtype=np.float64)
    mean = float(np.sum(pmf * values))
    var = float(np.sum(pmf * (values - mean) ** 2))
    return mean, var
    ### END SOLUTION


# %% [explore]
# The distribution of the sum of n dice becomes bell-shaped as n grows (central limit theorem).
try:
    fig, ax = plt.subplots(figsize=(7, 3.5))
    for n in (1, 2, 3, 5):
        pmf = dice_sum_pmf(n)
        mean, var = pmf_moments(np.arange(pmf.size), pmf)
        ax.plot(np.arange(pmf.size), pmf, "o-", ms=3,
                label=f"n = {n}: E = {mean:.1f}, V = {var:.2f}")
    ax.set_xlabel("sum s")
    ax.set_ylabel("P(S = s)")
    ax.legend()
    plt.show()
except NotImplementedError:
    print("implement dice_sum_pmf and pmf_moments first")


# %% [question q4_covariance]
# For random variables $x$ and $y$ the **covariance** is
# $\operatorname{Cov}[x, y] = \mathbb{E}\bigl[(x - \mathbb{E}[x])(y - \mathbb{E}[y])\bigr]
# = \mathbb{E}[xy] - \mathbb{E}[x]\,\mathbb{E}[y]$. For a data matrix $X$ of $N$ samples (rows)
# $\mathbf{x}_n \in \mathbb{R}^D$ with mean $\bar{\mathbf{x}} = \frac1N \sum_n \mathbf{x}_n$, the
# (population) **covariance matrix** is
# $$C = \frac{1}{N} \sum_{n=1}^N (\mathbf{x}_n - \bar{\mathbf{x}})(\mathbf{x}_n - \bar{\mathbf{x}})^\top
# = \frac1N \bar X^\top \bar X, \qquad \bar X = X - \bar{\mathbf{x}}^\top \text{ (centred rows)} .$$
# **Beware of `ddof`.** `np.cov` divides by $N - 1$ unless you pass `bias=True` (and it treats rows as
# variables unless `rowvar=False`). Here we want $1/N$; the difference matters for small $N$.
#
# The **correlation** rescales the covariance to $[-1, 1]$:
# $c_{ij} = C_{ij} / \sqrt{C_{ii} C_{jj}}$ (divide by the *standard deviations*, not the variances).
# For $C_1 = \begin{pmatrix} 4 & -4 \\ -4 & 5 \end{pmatrix}$, $c_{12} = -4/\sqrt{20} = -0.894427$.
# A variable with zero variance has no defined correlation: its row and column are NaN.
#
# **Affine maps.** If $\mathbf{y} = A\mathbf{x} + \mathbf{b}$ with $A$ of shape $(K, D)$, then
# $$\mathbb{E}[\mathbf{y}] = A\,\mathbb{E}[\mathbf{x}] + \mathbf{b}, \qquad
# \operatorname{Cov}[\mathbf{y}] = A\,\operatorname{Cov}[\mathbf{x}]\,A^\top .$$
# In one dimension this says $\mathbb{V}[a x + b] = a^2\,\mathbb{V}[x]$: a shift does not change the
# spread, and a scale enters **squared** (it is *not* $a\,\mathbb{V}[x]$). Example:
# $\mathbb{V}[X] = 3 \Rightarrow \mathbb{V}[2X + 1] = 12$.
#
# **Your task.**
#
# * `covariance_matrix(X)`: $X$ of shape `(N, D)` → float64 `(D, D)` with the $1/N$ convention
#   (a single sample gives the zero matrix).
# * `cov_to_corr(C)`: covariance `(D, D)` → correlation `(D, D)`; NaN where $C_{ii} = 0$.
# * `affine_moments(mu, Sigma, A, b)`: `mu (D,)`, `Sigma (D, D)`, `A (K, D)`, `b (K,)` → the tuple
#   `(mean (K,), cov (K, K))` of $\mathbf{y} = A\mathbf{x} + \mathbf{b}$.


# %% [answer]
def covariance_matrix(X):
    """(1/N) sum_n (x_n - mean)(x_n - mean)^T for X of shape (N, D): float64 (D, D)."""
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=np.float64)
    centred = X - X.mean(axis=0)
    return centred.T @ centred / X.shape[0]
    ### END SOLUTION


def cov_to_corr(C):
    """C_ij / sqrt(C_ii C_jj): float64 (D, D); NaN in rows/columns where C_ii == 0."""
    ### BEGIN SOLUTION
    C = np.asarray(C, dtype=np.float64)
    std = np.sqrt(np.diag(C))
    with np.errstate(invalid="ignore", divide="ignore"):
        return C / np.outer(std, std)
    ### END SOLUTION


def affine_moments(mu, Sigma, A, b):
    """(A mu + b, A Sigma A^T): arrays of shapes (K,) and (K, K)."""
    ### BEGIN SOLUTION
    mu, Sigma, A, b = (np.asarray(v, dtype=np.float64) for v in (mu, Sigma, A, b))
    return A @ mu + b, A @ Sigma @ A.T
    ### END SOLUTION


# %% [question q5_mle]
# Given independent observations $x_1, \dots, x_N$ from a distribution $p(x \mid \theta)$, the
# **maximum-likelihood estimate** (MLE) is the $\theta$ that maximises the likelihood
# $\prod_n p(x_n \mid \theta)$, or equivalently minimises the **negative log-likelihood** (NLL)
# $-\sum_n \log p(x_n \mid \theta)$. Setting the derivative to zero gives closed forms:
#
# * **Bernoulli** ($x_n \in \{0, 1\}$, $p(x \mid \theta) = \theta^x (1 - \theta)^{1-x}$): with
#   $m = \sum_n x_n$ ones, $\text{NLL} = -m \log\theta - (N - m)\log(1 - \theta)$ and
#   $\theta_{\text{ML}} = m / N$, the fraction of ones.
# * **Binomial** (experiment $i$: $k_i$ successes in $n_i$ trials): the trials pool, so
#   $\theta_{\text{ML}} = \sum_i k_i / \sum_i n_i$. This is **not** the average of the ratios
#   $k_i / n_i$ when the $n_i$ differ.
# * **Gaussian** $\mathcal{N}(\boldsymbol\mu, \Sigma)$ in $D$ dimensions:
#   $\boldsymbol\mu_{\text{ML}} = \frac1N \sum_n \mathbf{x}_n$ and
#   $\Sigma_{\text{ML}} = \frac1N \sum_n (\mathbf{x}_n - \boldsymbol\mu_{\text{ML}})
#   (\mathbf{x}_n - \boldsymbol\mu_{\text{ML}})^\top$: a sum of **outer products** (a $D \times D$
#   matrix), divided by $N$, not $N - 1$. (The $1/N$ estimate is biased, but it is the one that
#   maximises the likelihood.)
#
# **The 1-D Gaussian NLL and its gradient.** For data $x_1, \dots, x_N$ and parameters $\mu$,
# $\sigma^2 > 0$,
# $$\text{NLL}(\mu, \sigma^2) = \frac N2 \log(2\pi\sigma^2) + \frac{1}{2\sigma^2}\sum_n (x_n - \mu)^2,$$
# $$\frac{\partial\,\text{NLL}}{\partial \mu} = -\frac{1}{\sigma^2}\sum_n (x_n - \mu), \qquad
# \frac{\partial\,\text{NLL}}{\partial \sigma^2} = \frac{N}{2\sigma^2} - \frac{1}{2\sigma^4}\sum_n (x_n - \mu)^2 .$$
# Both vanish exactly at $\mu = \bar x$, $\sigma^2 = \frac1N\sum_n (x_n - \bar x)^2$. Note the
# derivative is taken with respect to the *variance* $\sigma^2$, not the standard deviation.
#
# **Worked example.** $x = (1, 2, 6)$ at $\mu = 2, \sigma^2 = 4$: the residuals are $(-1, 0, 4)$, so
# $\partial_\mu = -3/4 = -0.75$ and $\partial_{\sigma^2} = 3/8 - 17/32 = -0.15625$.
#
# **Your task.**
#
# * `bernoulli_mle(x)`: 1-D array of 0/1 → Python float; `ValueError` for an empty array.
# * `binomial_mle(k, n)`: 1-D arrays of successes and trials → Python float.
# * `gaussian_mle(X)`: `X (N, D)` → tuple `(mu (D,), Sigma (D, D))`, float64, with $1/N$.
# * `gaussian_nll(x, mu, sigma2)`: 1-D data, scalar parameters → Python float (the sum over samples).
# * `gaussian_nll_grad(x, mu, sigma2)`: → tuple of two Python floats
#   `(dNLL/dmu, dNLL/dsigma2)`. The grader compares it with finite differences of *your*
#   `gaussian_nll`.


# %% [answer]
def bernoulli_mle(x):
    """Fraction of ones in the 0/1 array x (Python float); ValueError if x is empty."""
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    if x.size == 0:
        raise ValueError("no observations")
    return float(np.sum(x) / x.size)
    ### END SOLUTION


def binomial_mle(k, n):
    """Pooled success probability sum(k) / sum(n) (Python float)."""
    ### BEGIN SOLUTION
    k = np.asarray(k, dtype=np.float64)
    n = np.asarray(n, dtype=np.float64)
    return float(np.sum(k) / np.sum(n))
    ### END SOLUTION


def gaussian_mle(X):
    """(mu (D,), Sigma (D, D)) maximising the Gaussian likelihood of the rows of X (1/N)."""
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=np.float64)
    mu = X.mean(axis=0)
    centred = X - mu
    return mu, centred.T @ centred / X.shape[0]
    ### END SOLUTION


def gaussian_nll(x, mu, sigma2):
    """N/2 log(2 pi sigma2) + sum((x - mu)^2) / (2 sigma2) as a Python float."""
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    n = x.size
    return float(0.5 * n * np.log(2.0 * np.pi * sigma2) + np.sum((x - mu) ** 2) / (2.0 * sigma2))
    ### END SOLUTION


def gaussian_nll_grad(x, mu, sigma2):
    """(d NLL / d mu, d NLL / d sigma2) as a tuple of two Python floats."""
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    n = x.size
    r = x - mu
    d_mu = -float(np.sum(r)) / float(sigma2)
    d_sigma2 = 0.5 * n / sigma2 - float(np.sum(r**2)) / (2.0 * sigma2**2)
    return d_mu, float(d_sigma2)
    ### END SOLUTION


# %% [explore]
# The NLL of 20 Gaussian samples as a function of sigma^2 (mu fixed at the sample mean): its minimum
# sits at the 1/N variance, not at the 1/(N - 1) one.
try:
    x = np.random.default_rng(0).normal(1.0, 2.0, size=20)
    mu_hat, var_hat = gaussian_mle(x[:, None])
    s2 = np.linspace(1.0, 8.0, 200)
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(s2, [gaussian_nll(x, mu_hat[0], v) for v in s2])
    ax.axvline(var_hat[0, 0], color="C1", label="1/N variance (MLE)")
    ax.axvline(x.var(ddof=1), color="C2", ls="--", label="1/(N-1) variance")
    ax.set_xlabel("sigma^2")
    ax.set_ylabel("NLL")
    ax.legend()
    plt.show()
    print("gradient at the MLE:", gaussian_nll_grad(x, mu_hat[0], var_hat[0, 0]))
except NotImplementedError:
    print("implement the functions of question 5 first")


# %% [question q6_monte_carlo]
# **Sampling $\mathcal{N}(\boldsymbol\mu, \Sigma)$.** A random number generator gives standard normal
# vectors $\mathbf{z} \sim \mathcal{N}(0, I)$. Write $\Sigma = L L^\top$ with the lower-triangular
# **Cholesky factor** $L$ (`np.linalg.cholesky`). Then $\mathbf{x} = \boldsymbol\mu + L\mathbf{z}$ has
# mean $\boldsymbol\mu$ and, by the affine rule of question 4, covariance $L I L^\top = \Sigma$.
# (Using $\Sigma$ itself instead of $L$ would give covariance $\Sigma^2$.) With samples stored as
# rows, $Z$ of shape `(n, D)` becomes `mu + Z @ L.T`.
#
# Use `rng = np.random.default_rng(seed)` inside the function and draw from `rng` only, never from
# the global `np.random` state, so that the same seed gives the same samples. Any correct sampler
# passes: the grader tests your samples *statistically*.
#
# **Monte-Carlo error bars.** The average $\hat m = \frac1N \sum_n f(\mathbf{x}_n)$ of $N$
# independent samples estimates $\mathbb{E}[f(\mathbf{x})]$. It is itself random, with standard
# deviation $\sigma_f / \sqrt N$. Estimating $\sigma_f$ by the sample standard deviation
# $s = \sqrt{\frac{1}{N-1}\sum_n (f_n - \hat m)^2}$ (here $N - 1$: `ddof=1`) gives the **standard error**
# $\text{se} = s / \sqrt N$. An estimate more than a few (say 5) standard errors away from the true
# value is a strong sign of a bug; the grader uses exactly this test on your sampler.
#
# **Worked example.** For the values $1, 2, 3, 4$: $\hat m = 2.5$, $s^2 = 5/3$,
# $\text{se} = \sqrt{5/3}/2 = 0.645497$.
#
# **Your task.**
#
# * `sample_gaussian(mu, Sigma, n, seed)`: `mu (D,)`, symmetric positive definite `Sigma (D, D)` →
#   float64 array `(n, D)` of independent samples.
# * `mc_mean_se(values)`: 1-D array → tuple `(mean, se)` of Python floats; `ValueError` if there are
#   fewer than two values.


# %% [answer]
def sample_gaussian(mu, Sigma, n, seed):
    """n samples of N(mu, Sigma) as a float64 array (n, D), using np.random.default_rng(seed)."""
    ### BEGIN SOLUTION
    mu = np.asarray(mu, dtype=np.float64)
    L = np.linalg.cholesky(np.asarray(Sigma, dtype=np.float64))
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n, mu.size))
    return mu + z @ L.T  # row-wise x_n = mu + L z_n
    ### END SOLUTION


def mc_mean_se(values):
    """(mean, standard error s / sqrt(N) with s using N - 1); ValueError for fewer than 2 values."""
    ### BEGIN SOLUTION
    values = np.asarray(values, dtype=np.float64).ravel()
    n = values.size
    if n < 2:
        raise ValueError("need at least two samples for a standard error")
    return float(values.mean()), float(values.std(ddof=1) / np.sqrt(n))
    ### END SOLUTION


# %% [explore]
# Samples of a correlated 2-D Gaussian, and Monte-Carlo estimates of E[x1 * x2] = Sigma_12 + mu1 mu2
# with +-2 standard-error bars: the bars shrink like 1 / sqrt(N).
try:
    mu, Sigma = np.array([1.0, -1.0]), np.array([[2.0, 1.2], [1.2, 1.0]])
    xs = sample_gaussian(mu, Sigma, 4000, seed=1)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.8))
    ax1.scatter(xs[:500, 0], xs[:500, 1], s=4, alpha=0.5)
    ax1.set_title("500 samples")
    ns = np.array([10, 30, 100, 300, 1000, 4000])
    est = [mc_mean_se(xs[:n, 0] * xs[:n, 1]) for n in ns]
    ax2.errorbar(ns, [m for m, _ in est], yerr=[2 * s for _, s in est], fmt="o", capsize=3)
    ax2.axhline(Sigma[0, 1] + mu[0] * mu[1], color="k", ls="--", label="exact")
    ax2.set_xscale("log")
    ax2.set_xlabel("number of samples N")
    ax2.set_title("estimate of E[x1 x2] +- 2 se")
    ax2.legend()
    plt.show()
except NotImplementedError:
    print("implement sample_gaussian and mc_mean_se first")


# %% [markdown]
# ## Edge cases
#
# Hidden tests will call your functions on other inputs, so test edge cases yourself: empty
# colours, negative test results, a single sample, a constant variable.
