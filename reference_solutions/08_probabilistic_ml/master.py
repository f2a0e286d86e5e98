"""Reference solution for assignment 08_probabilistic_ml (maximum likelihood, the multivariate
normal log-density by Cholesky, naive Bayes with Laplace smoothing on twelve iris flowers, MAP
estimation as ridge regression, Bayesian linear regression and its predictive distribution,
inverted dropout and early stopping, and the evidence lower bound of a Gaussian variational
posterior).

This is the assignment's master: ``autograder assign`` generates the student notebook from it
(the solution regions become stubs) and the reference module is its header and answer cells.
An answer cell may only use the names imported by the notebook's setup cell (``np``,
``scipy``, ``plt``, ``load_iris``) and the names it defines itself.

Conventions: everything is float64 NumPy; rows are samples. Nothing draws from a global random
generator: dropout's mask is handed in or drawn from ``np.random.default_rng(seed)``, and the
Monte-Carlo ELBO receives its standard-normal draws as an argument.
"""

import numpy as np
import scipy.linalg


# %% [markdown]
# # Assignment 08: Probabilistic and statistical methods
#
# Most of machine learning can be read as **fitting a probability model**: a loss is a negative
# log-likelihood, a regulariser is a prior, and a prediction comes with an uncertainty. This
# assignment builds that view step by step:
#
# 1. **Maximum likelihood** for a coin (Bernoulli) and for a multivariate Gaussian.
# 2. The **log-density of a multivariate normal**, computed stably through a Cholesky factor.
# 3. A **naive Bayes** classifier with Laplace smoothing, on twelve flowers of the iris data set.
# 4. **MAP estimation**: a Gaussian prior turns least squares into ridge regression.
# 5. **Bayesian linear regression**: the full posterior over the weights and the predictive
#    mean and variance.
# 6. Two regularisers of neural networks: **inverted dropout** and **early stopping**.
# 7. The **evidence lower bound** (ELBO) of variational inference, in closed form and by
#    Monte Carlo.
#
# ### How grading works
#
# * Each question has one **answer cell** with function stubs that `raise NotImplementedError`.
#   Replace the bodies with your implementation. Do **not** rename the functions, change their
#   arguments or move them into other cells: the grader looks them up by name.
# * Hidden tests call your functions on **inputs you do not see** (other shapes, seeds and edge
#   cases), so follow the contract written in each docstring, not just the printed numbers.
# * The **check cell** `check("...")` under each answer cell runs a few public checks. Passing them
#   is a good sign, not a grade.
# * Each answer cell must work on its own: do not call a function defined in *another* question's
#   answer cell (helpers of your own inside the same cell are fine).
# * Run the cells from top to bottom.
#
# **Conventions.** Everything is NumPy float64 and **rows are samples**: a data matrix `X` has
# shape `(N, D)` for $N$ samples of $D$ variables. Never modify the arrays you are given (no
# in-place operations such as `x /= 2` or `X[X > 0] = 1` on an argument). Where randomness is
# needed, it is handed in (a mask, standard-normal draws) or drawn from
# `np.random.default_rng(seed)`: never from the global NumPy generator.


# %% [setup]
import numpy as np
import scipy.linalg
import matplotlib.pyplot as plt
from sklearn.datasets import load_iris
from autograder.public import Checker

check = Checker("08_probabilistic_ml", globals())


# %% [question q1_mle]
# Given independent observations $x_1, \dots, x_N$ of a model $p(x \mid \theta)$, the
# **maximum-likelihood estimate** (MLE) is the parameter under which the observed data are most
# probable: it maximises the **log-likelihood** $\ell(\theta) = \sum_n \log p(x_n \mid \theta)$.
#
# **A coin.** For $x_n \in \{0, 1\}$ and $p(x \mid \theta) = \theta^x (1 - \theta)^{1 - x}$, with
# $m = \sum_n x_n$ ones among $N$ observations,
# $$\ell(\theta) = m \log\theta + (N - m) \log(1 - \theta), \qquad
#   \ell'(\theta) = \frac{m}{\theta} - \frac{N - m}{1 - \theta} = 0
#   \;\Longrightarrow\; \theta_{\mathrm{ML}} = \frac{m}{N}.$$
# At $\theta = 0$ or $\theta = 1$ a term has the form $0 \cdot \log 0$; its limit is $0$, so
# use the convention $0 \cdot \log 0 = 0$: ten tails make $\theta = 0$ perfectly likely
# ($\ell = 0$), while a single head makes it impossible ($\ell = -\infty$). Return these values
# without evaluating `np.log(0)` (NumPy would warn "divide by zero").
#
# **A Gaussian.** For $\mathbf x_n \in \mathbb R^D$ and $\mathcal N(\boldsymbol\mu, \Sigma)$,
# setting the derivatives of the log-likelihood to zero gives
# $$\boldsymbol\mu_{\mathrm{ML}} = \frac1N \sum_{n=1}^N \mathbf x_n, \qquad
#   \Sigma_{\mathrm{ML}} = \frac1N \sum_{n=1}^N (\mathbf x_n - \boldsymbol\mu_{\mathrm{ML}})
#   (\mathbf x_n - \boldsymbol\mu_{\mathrm{ML}})^\top .$$
# Two details matter. The divisor is $N$, not $N - 1$: the unbiased sample covariance
# (`np.cov`'s default) is *not* the maximum-likelihood estimate. And each term is an **outer
# product**, a $D \times D$ matrix; the lecture script writes $(\mathbf x - \boldsymbol\mu)^\top
# (\mathbf x - \boldsymbol\mu)$, which is a single number (an erratum). With the centred data as
# the rows of $\bar X$, the sum is $\bar X^\top \bar X$.
#
# **Worked example.** $x = (1, 0, 1, 1, 0, 1, 1, 1)$: $m = 6$, $N = 8$, $\theta_{\mathrm{ML}} =
# 0.75$ and $\ell(0.75) = 6 \log 0.75 + 2 \log 0.25 = -4.49868116$ (at $\theta = 0.5$:
# $-5.54517744$, lower). For the four points $(1, 2), (3, 0), (2, 4), (6, 2)$:
# $\boldsymbol\mu = (3, 2)$ and $\Sigma = \begin{pmatrix} 3.5 & -0.5 \\ -0.5 & 2 \end{pmatrix}$
# (`np.cov` would give $\frac43$ of that, and the scalar erratum $5.5$).


# %% [answer]
def bernoulli_mle(x):
    """Maximum-likelihood estimate m / N of a coin's probability from 0/1 observations x.

    x is a 1-D array (bool, int or float) of N >= 1 observations, each 0 or 1. Returns a Python
    float. Raises ValueError for an empty x, and ValueError whose message contains "0 or 1" if
    an observation is anything else (2, 0.5, NaN, ...).
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64).ravel()
    if x.size == 0:
        raise ValueError("bernoulli_mle needs at least one observation")
    if not np.all((x == 0.0) | (x == 1.0)):
        raise ValueError("Bernoulli observations must be 0 or 1")
    return float(np.sum(x) / x.size)
    ### END SOLUTION


def bernoulli_loglik(x, theta):
    """Log-likelihood m log(theta) + (N - m) log(1 - theta) of 0/1 observations x, 0 <= theta <= 1.

    Returns a Python float, with 0 * log(0) = 0: theta = 0 gives 0.0 when x has no ones and
    -inf when it has one (likewise theta = 1 with zeros). Emits no warning.
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64).ravel()
    ones = float(np.sum(x))
    zeros = x.size - ones
    total = 0.0
    if ones > 0:
        total += ones * np.log(theta) if theta > 0 else -np.inf
    if zeros > 0:
        total += zeros * np.log1p(-theta) if theta < 1 else -np.inf
    return float(total)
    ### END SOLUTION


def gaussian_mle(X):
    """Maximum-likelihood (mu, Sigma) of a Gaussian from the rows of X, dividing by N.

    X has shape (N, D) with N >= 1; a 1-D X of shape (N,) is N samples of one variable (D = 1).
    Returns the tuple (mu, Sigma): mu of shape (D,) and Sigma of shape (D, D), both float64.
    Raises ValueError if X has no rows.
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=np.float64)
    if X.ndim == 1:
        X = X[:, None]
    if X.shape[0] == 0:
        raise ValueError("gaussian_mle needs at least one sample")
    mu = X.mean(axis=0)
    centred = X - mu
    return mu, centred.T @ centred / X.shape[0]
    ### END SOLUTION


# %% [explore]
# The log-likelihood of the worked example's coin as a function of theta: it peaks at the
# fraction of heads, and falls to -inf at theta = 0 and theta = 1 (the data contain both sides).
try:
    coin = np.array([1, 0, 1, 1, 0, 1, 1, 1])
    thetas = np.linspace(0.0, 1.0, 201)
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(thetas, [bernoulli_loglik(coin, t) for t in thetas])
    ax.axvline(bernoulli_mle(coin), color="C1", ls="--", label="theta_ML = m / N")
    ax.set_ylim(-20, 0)
    ax.set_xlabel("theta")
    ax.set_ylabel("log-likelihood")
    ax.legend()
    plt.show()
    mu_ex, sigma_ex = gaussian_mle(np.array([[1.0, 2.0], [3.0, 0.0], [2.0, 4.0], [6.0, 2.0]]))
    print("mu =", mu_ex, "\nSigma =\n", sigma_ex)
except NotImplementedError:
    print("implement the functions of question 1 first")


# %% [question q2_mvn_logpdf]
# The density of the multivariate normal $\mathcal N(\boldsymbol\mu, \Sigma)$ in $D$ dimensions is
# $$p(\mathbf x) = \frac{1}{(2\pi)^{D/2}\, |\Sigma|^{1/2}}
#   \exp\Bigl(-\tfrac12 (\mathbf x - \boldsymbol\mu)^\top \Sigma^{-1}
#   (\mathbf x - \boldsymbol\mu)\Bigr),
# \qquad
# \log p(\mathbf x) = -\frac12 \Bigl[ D \log(2\pi) + \log|\Sigma| +
#   (\mathbf x - \boldsymbol\mu)^\top \Sigma^{-1} (\mathbf x - \boldsymbol\mu) \Bigr].$$
# The normaliser is $(2\pi)^{D/2} |\Sigma|^{1/2}$, one factor $\sqrt{2\pi}$ per dimension; the
# lecture script misplaces the power of $2\pi$ (an erratum), so trust the formula above.
#
# **Through the Cholesky factor.** A symmetric positive-definite $\Sigma$ factors as
# $\Sigma = L L^\top$ with $L$ lower triangular and a positive diagonal
# (`np.linalg.cholesky`). Then
# * the quadratic form is $\lVert \mathbf z \rVert^2$ with $\mathbf z = L^{-1}(\mathbf x -
#   \boldsymbol\mu)$, the solution of the triangular system $L \mathbf z = \mathbf x -
#   \boldsymbol\mu$ (`scipy.linalg.solve_triangular(L, ..., lower=True)` solves it for all
#   points at once, as columns);
# * the log-determinant is $\log|\Sigma| = 2 \sum_i \log L_{ii}$.
#
# There is no need to form $\Sigma^{-1}$: two triangular solves are cheaper and at least as
# accurate. And **never compute** $|\Sigma|$ itself (`np.linalg.det`): for $D = 300$ variables of
# variance $0.01$ it is $10^{-600}$, which underflows to $0$, and its logarithm becomes $-\infty$,
# while $2 \sum_i \log L_{ii}$ is a harmless $-1381.55$. Cholesky also tells you when $\Sigma$ is
# not a valid covariance: `np.linalg.cholesky` raises `np.linalg.LinAlgError` (a subclass of
# `ValueError`) when the matrix is not positive definite.
#
# **Worked example** (the lecture's density). $\boldsymbol\mu = (0, 1)$ and
# $\Sigma = \begin{pmatrix} 1 & -0.5 \\ -0.5 & 1.5 \end{pmatrix}$:
# $L = \begin{pmatrix} 1 & 0 \\ -0.5 & \sqrt{1.25} \end{pmatrix}$ and $|\Sigma| = 1.25$. At
# $\mathbf x = (1, 0)$: $\mathbf z = (1, -0.5/\sqrt{1.25})$, $\lVert\mathbf z\rVert^2 = 1.2$ and
# $\log p = -\frac12 (2 \log 2\pi + \log 1.25 + 1.2) = -2.54944884$; at the mean $(0, 1)$ it is
# $-1.94944884$. With the strongly correlated $\Sigma = \begin{pmatrix} 1 & -0.99 \\ -0.99 & 2.2
# \end{pmatrix}$ (condition number $6.2$) and the same $\boldsymbol\mu$, the three points
# $(0, 1), (1, 0), (-1, 2)$ give $-1.93726151, -2.43730250, -2.43730250$, exactly what
# `scipy.stats.multivariate_normal.logpdf` returns.


# %% [answer]
def mvn_logpdf(X, mu, Sigma):
    """Log-density of N(mu, Sigma) at the rows of X, through the Cholesky factor of Sigma.

    X has shape (N, D) and gives a float64 array of shape (N,); a 1-D X of shape (D,) is a
    single point and gives a Python float. mu has shape (D,), Sigma shape (D, D). Computes
    log|Sigma| as 2 * sum(log(diag(L))), never det(Sigma), so that it stays finite for large D.
    Raises ValueError whose message contains "positive definite" if Sigma is not positive
    definite.
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=np.float64)
    mu = np.asarray(mu, dtype=np.float64)
    Sigma = np.asarray(Sigma, dtype=np.float64)
    try:
        L = np.linalg.cholesky(Sigma)
    except np.linalg.LinAlgError:
        raise ValueError("Sigma is not positive definite") from None
    D = mu.shape[0]
    diff = np.atleast_2d(X) - mu
    Z = scipy.linalg.solve_triangular(L, diff.T, lower=True)
    logdet = 2.0 * np.sum(np.log(np.diag(L)))
    out = -0.5 * (D * np.log(2.0 * np.pi) + logdet + np.sum(Z**2, axis=0))
    return float(out[0]) if X.ndim == 1 else out
    ### END SOLUTION


# %% [explore]
# Contours of the two densities of the worked example, and a comparison with SciPy on a grid.
try:
    from scipy import stats

    g = np.linspace(-3.0, 4.0, 71)
    grid = np.array([[a, b] for b in g for a in g])
    fig, axes = plt.subplots(1, 2, figsize=(9, 4))
    for ax, S in zip(axes, [np.array([[1.0, -0.5], [-0.5, 1.5]]),
                            np.array([[1.0, -0.99], [-0.99, 2.2]])]):
        logp = mvn_logpdf(grid, np.array([0.0, 1.0]), S)
        ax.contourf(g, g, np.exp(logp).reshape(len(g), len(g)), levels=15, cmap="viridis")
        ax.set_title(f"Sigma_12 = {S[0, 1]}")
        ax.set_aspect("equal")
        gap = np.max(np.abs(logp - stats.multivariate_normal.logpdf(grid, [0.0, 1.0], S)))
        print(f"Sigma_12 = {S[0, 1]}: largest difference to scipy on the grid = {gap:.2e}")
    plt.show()
except NotImplementedError:
    print("implement mvn_logpdf first")


# %% [question q3_naive_bayes]
# A **naive Bayes** classifier scores each class $c$ by Bayes' rule and the "naive" assumption
# that the features are independent given the class:
# $$p(c \mid \mathbf x) \;\propto\; p(c) \prod_{f=1}^{F} p(x_f \mid c), \qquad
#   \operatorname{score}(c) = \log p(c) + \sum_{f=1}^{F} \log p(x_f \mid c).$$
# We work with **binary features** $x_f \in \{0, 1\}$ and estimate every probability by counting
# the training rows. With $N$ rows, $N_c$ of them in class $c$, and $n_{c,f,v}$ rows of class $c$
# whose feature $f$ equals $v$:
# $$p(c) = \frac{N_c}{N}, \qquad
#   p(x_f = v \mid c) = \frac{n_{c,f,v} + \alpha}{N_c + 2\alpha} \quad (v \in \{0, 1\}).$$
# This is **Laplace smoothing**: $\alpha$ imaginary rows of each value ($K = 2$ values, hence
# $2\alpha$ in the denominator). With $\alpha = 0$ a feature value never seen in a class has
# probability $0$, its logarithm is $-\infty$, and that single feature vetoes the class however
# well the other features fit. The priors $p(c)$ are not smoothed. Work in **log space**: a
# product of hundreds of probabilities underflows to $0$, a sum of their logarithms does not.
#
# **The data.** Twelve flowers of the iris data set, rows `IRIS_ROWS = [4, 10, 12, 53, 63, 74,
# 88, 99, 100, 104, 109, 137]` of `load_iris().data`; the five versicolor flowers among them
# (target 1) are "pick" (class 1), the other seven "don't pick" (class 0). Each flower becomes
# four binary features, one per measurement (in cm):
# $$x_1 = [\text{sepal length} > 5.0], \quad x_2 = [\text{sepal width} > 3.0], \quad
#   x_3 = [\text{petal length} < 4.3], \quad x_4 = [\text{petal width} < 1.4].$$
# The comparisons are **strict**: a sepal width of exactly 3.0 gives $x_2 = 0$ (three of the
# twelve flowers have one), a petal length of exactly 4.3 gives $x_3 = 0$.
#
# **Worked example.** Counting the rows whose features match those of the new flower
# $(5.8, 3.2, 4.1, 1.3) \to (1, 1, 1, 1)$ gives, for "pick", $5, 0, 3, 4$ out of $5$, and for
# "don't pick" $5, 5, 3, 3$ out of $7$. The scores, as probabilities $e^{\text{score}}$:
# * $\alpha = 0$: pick $\frac{5}{12} \cdot \frac55 \cdot \frac05 \cdot \frac35 \cdot \frac45 = 0$
#   (score $-\infty$), don't pick $\frac{7}{12} \cdot \frac57 \cdot \frac57 \cdot \frac37 \cdot
#   \frac37 = 0.054665$;
# * $\alpha = 1$: pick $\frac{5}{12} \cdot \frac67 \cdot \frac17 \cdot \frac47 \cdot \frac57 =
#   0.020825$, don't pick $\frac{7}{12} \cdot \frac69 \cdot \frac69 \cdot \frac49 \cdot \frac49 =
#   0.051212$.
#
# Either way the answer is "don't pick" (class 0). (The lecture script's table of sepal widths
# does not match its own twelve rows; count the rows, as above.)
#
# **Your task.** `binarize_iris` turns measurements into the four features, `naive_bayes_fit`
# counts, `naive_bayes_log_scores` and `naive_bayes_predict` classify one binary vector. The model
# is the tuple `(classes, log_prior, log_cond)` described in the docstring.


# %% [answer]
def binarize_iris(X):
    """Binary features [x1 > 5.0, x2 > 3.0, x3 < 4.3, x4 < 1.4] (strict) of iris measurements.

    X has shape (N, 4) (sepal length, sepal width, petal length, petal width). Returns an int64
    array of shape (N, 4) of 0s and 1s.
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=np.float64)
    return np.stack(
        [X[:, 0] > 5.0, X[:, 1] > 3.0, X[:, 2] < 4.3, X[:, 3] < 1.4], axis=1
    ).astype(np.int64)
    ### END SOLUTION


def naive_bayes_fit(Xb, y, alpha):
    """Fit a naive Bayes classifier with Laplace smoothing alpha >= 0 to binary features.

    Xb: (N, F) array of 0/1 features; y: (N,) integer class labels. Returns the tuple
    (classes, log_prior, log_cond): classes the sorted distinct labels (int64, shape (C,)),
    log_prior[i] = log(N_c / N) (float64, shape (C,)), and log_cond[i, f, v] =
    log((n_cfv + alpha) / (N_c + 2 alpha)) for v in {0, 1} (float64, shape (C, F, 2)), where c
    = classes[i]. A zero count with alpha = 0 gives -inf, without a warning.
    """
    ### BEGIN SOLUTION
    Xb = np.asarray(Xb)
    y = np.asarray(y)
    classes = np.unique(y)
    log_prior = np.empty(classes.size)
    log_cond = np.empty((classes.size, Xb.shape[1], 2))
    with np.errstate(divide="ignore"):
        for i, c in enumerate(classes):
            rows = Xb[y == c]
            n_c = rows.shape[0]
            ones = rows.sum(axis=0)
            log_prior[i] = np.log(n_c / y.size)
            log_cond[i, :, 1] = np.log((ones + alpha) / (n_c + 2.0 * alpha))
            log_cond[i, :, 0] = np.log((n_c - ones + alpha) / (n_c + 2.0 * alpha))
    return classes.astype(np.int64), log_prior, log_cond
    ### END SOLUTION


def naive_bayes_log_scores(model, xb):
    """Scores log p(c) + sum_f log p(xb_f | c) of one binary vector xb (shape (F,)).

    Returns a dict {label: score} with the class labels as Python ints (the keys) and the
    scores as floats (-inf where a probability is 0), computed as a sum of logarithms.
    """
    ### BEGIN SOLUTION
    classes, log_prior, log_cond = model
    xb = np.asarray(xb).astype(np.int64)
    features = np.arange(xb.size)
    return {
        int(c): float(log_prior[i] + np.sum(log_cond[i, features, xb]))
        for i, c in enumerate(classes)
    }
    ### END SOLUTION


def naive_bayes_predict(model, xb):
    """The label (Python int) with the largest score; on a tie, the smallest such label."""
    ### BEGIN SOLUTION
    scores = naive_bayes_log_scores(model, xb)
    best = max(scores.values())
    return min(c for c, s in scores.items() if s == best)
    ### END SOLUTION


# %% [explore]
# The twelve flowers, their features, and the two classes' scores for the new flower as the
# smoothing alpha grows: the veto of alpha = 0 disappears, the decision stays "don't pick".
try:
    iris = load_iris()
    IRIS_ROWS = [4, 10, 12, 53, 63, 74, 88, 99, 100, 104, 109, 137]
    X12 = iris.data[IRIS_ROWS]
    y12 = (iris.target[IRIS_ROWS] == 1).astype(np.int64)
    Xb12 = binarize_iris(X12)
    for row, bits, label in zip(X12, Xb12, y12):
        print(row, bits, "pick" if label else "don't pick")
    x_new = binarize_iris(np.array([[5.8, 3.2, 4.1, 1.3]]))[0]
    alphas = np.linspace(0.0, 5.0, 51)
    scores = [naive_bayes_log_scores(naive_bayes_fit(Xb12, y12, a), x_new) for a in alphas]
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(alphas, [np.exp(s[1]) for s in scores], label="pick")
    ax.plot(alphas, [np.exp(s[0]) for s in scores], label="don't pick")
    ax.set_xlabel("Laplace smoothing alpha")
    ax.set_ylabel("p(c) prod p(x_f | c)")
    ax.legend()
    plt.show()
    for a in (0.0, 1.0):
        model = naive_bayes_fit(Xb12, y12, a)
        print(f"alpha = {a}:", naive_bayes_log_scores(model, x_new),
              "-> predict", naive_bayes_predict(model, x_new))
except NotImplementedError:
    print("implement the functions of question 3 first")


# %% [question q4_map_ridge]
# Linear regression as a probability model: the targets are $\mathbf y = \Phi \mathbf w +
# \boldsymbol\varepsilon$ with noise $\varepsilon_n \sim \mathcal N(0, \sigma^2)$, and the
# weights get a **prior** $\mathbf w \sim \mathcal N(\mathbf 0, \alpha^2 I)$ (here $\alpha^2$ is
# the prior *variance* of every weight, the bias included). By Bayes' rule the posterior is
# $p(\mathbf w \mid \mathbf y) \propto p(\mathbf y \mid \mathbf w)\, p(\mathbf w)$, and its
# negative logarithm is, up to a constant that does not depend on $\mathbf w$,
# $$E(\mathbf w) = \frac{1}{2\sigma^2} \lVert \mathbf y - \Phi \mathbf w \rVert^2 +
#   \frac{1}{2\alpha^2} \lVert \mathbf w \rVert^2 .$$
# The **maximum a posteriori** (MAP) estimate minimises $E$. Multiplying by $2\sigma^2$ does not
# move the minimum and gives the **ridge** objective $\lVert \mathbf y - \Phi \mathbf w \rVert^2
# + \lambda \lVert \mathbf w \rVert^2$ with
# $$\lambda = \frac{\sigma^2}{\alpha^2}, \qquad
#   \mathbf w_{\mathrm{MAP}} = (\Phi^\top \Phi + \lambda I)^{-1} \Phi^\top \mathbf y .$$
# A noisier likelihood (larger $\sigma^2$) or a tighter prior (smaller $\alpha^2$) means stronger
# shrinkage. Solve the linear system with `np.linalg.solve` rather than inverting the matrix; for
# $\lambda > 0$ it is invertible even when there are fewer samples than features.
#
# **Worked example.** $\Phi = \begin{pmatrix} 1 & -1 \\ 1 & 0 \\ 1 & 2 \end{pmatrix}$,
# $\mathbf y = (-1, 0.5, 2)$, $\sigma^2 = 0.25$, $\alpha^2 = 1$: $\lambda = 0.25$ and
# $\mathbf w_{\mathrm{MAP}} = (0.17898833, 0.91828794)$ with $E(\mathbf w_{\mathrm{MAP}}) =
# 0.78015564$ ($E(\mathbf 0) = 10.5$). scikit-learn's `Ridge(alpha=0.25, fit_intercept=False)`
# finds the same weights (its `alpha` is our $\lambda$).


# %% [answer]
def neg_log_posterior(w, Phi, y, sigma2, alpha2):
    """E(w) = ||y - Phi w||^2 / (2 sigma2) + ||w||^2 / (2 alpha2), as a Python float.

    w (D,), Phi (N, D), y (N,); sigma2 > 0 is the noise variance, alpha2 > 0 the prior variance.
    """
    ### BEGIN SOLUTION
    r = y - Phi @ w
    return float(r @ r / (2.0 * sigma2) + w @ w / (2.0 * alpha2))
    ### END SOLUTION


def ridge_fit(Phi, y, lam):
    """Ridge weights (Phi^T Phi + lam I)^{-1} Phi^T y, every weight penalised; float64 (D,)."""
    ### BEGIN SOLUTION
    D = Phi.shape[1]
    return np.linalg.solve(Phi.T @ Phi + lam * np.eye(D), Phi.T @ y)
    ### END SOLUTION


def map_estimate(Phi, y, sigma2, alpha2):
    """The minimiser of neg_log_posterior: ridge weights with lam = sigma2 / alpha2; (D,)."""
    ### BEGIN SOLUTION
    return ridge_fit(Phi, y, sigma2 / alpha2)
    ### END SOLUTION


# %% [explore]
# The MAP estimate for a growing prior variance alpha^2 moves from 0 (a very tight prior) to the
# least-squares solution (a flat prior); scikit-learn's Ridge agrees at lambda = sigma^2 / alpha^2.
try:
    from sklearn.linear_model import Ridge

    Phi_ex = np.array([[1.0, -1.0], [1.0, 0.0], [1.0, 2.0]])
    y_ex = np.array([-1.0, 0.5, 2.0])
    a2s = np.logspace(-3, 3, 61)
    path = np.array([map_estimate(Phi_ex, y_ex, 0.25, a2) for a2 in a2s])
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.semilogx(a2s, path[:, 0], label="w0 (bias)")
    ax.semilogx(a2s, path[:, 1], label="w1")
    ax.set_xlabel("prior variance alpha^2 (sigma^2 = 0.25)")
    ax.set_ylabel("MAP weight")
    ax.legend()
    plt.show()
    sk = Ridge(alpha=0.25, fit_intercept=False).fit(Phi_ex, y_ex).coef_
    print("MAP:", map_estimate(Phi_ex, y_ex, 0.25, 1.0), " sklearn Ridge:", sk)
except NotImplementedError:
    print("implement the functions of question 4 first")


# %% [question q5_bayes_linreg]
# The MAP estimate keeps only the peak of the posterior. With a Gaussian prior and a Gaussian
# likelihood the **whole posterior** is Gaussian, $p(\mathbf w \mid \mathbf y) =
# \mathcal N(\mathbf m, S)$, with
# $$S = \Bigl(\frac{1}{\alpha^2} I + \frac{1}{\sigma^2} \Phi^\top \Phi\Bigr)^{-1}, \qquad
#   \mathbf m = \frac{1}{\sigma^2} S\, \Phi^\top \mathbf y .$$
# $S^{-1}$ is the posterior **precision**: the prior's precision $1/\alpha^2$ plus what the data
# add. (Mind the naming: $\alpha^2$ and $\sigma^2$ are *variances* here; libraries such as
# scikit-learn's `BayesianRidge` parametrise by precisions and also learn them, so they are not a
# drop-in check.) The mean $\mathbf m$ is exactly the MAP estimate of question 4. Without data
# ($N = 0$, `Phi` of shape `(0, D)`) the posterior is the prior: $\mathbf m = \mathbf 0$,
# $S = \alpha^2 I$.
#
# **Prediction.** For a new input with features $\boldsymbol\phi_*$ the predictive distribution
# of its target is Gaussian with
# $$\text{mean} = \boldsymbol\phi_*^\top \mathbf m, \qquad
#   \text{var} = \sigma^2 + \boldsymbol\phi_*^\top S \boldsymbol\phi_* :$$
# the noise of a new measurement plus our remaining uncertainty about $\mathbf w$. For $M$ test
# inputs (the rows of $\Phi_*$) only the diagonal of $\Phi_* S \Phi_*^\top$ is needed:
# `np.sum((Phi_test @ S) * Phi_test, axis=1)` computes it without the $M \times M$ matrix.
#
# **The lecture's setup.** Data from $y = w_0 + w_1 x^3 + \varepsilon$ with $w_0 = -0.25$,
# $w_1 = 0.6$, noise variance $\sigma^2 = 0.04$, prior variance $\alpha^2 = 0.5$ and features
# $\boldsymbol\phi(x) = (1, x^3)$. The explore cell draws 20 points with
# `np.random.default_rng(2021)` ($x$ uniform on $[-1, 1]$) and shows the posterior after 0, 1, 3
# and 20 of them.
#
# **Worked example.** $x = (-1, 0.5, 1)$, so $\Phi = \begin{pmatrix} 1 & -1 \\ 1 & 0.125 \\ 1 & 1
# \end{pmatrix}$, and $\mathbf y = (-0.9, -0.2, 0.4)$: $\mathbf m = (-0.25257614, 0.62347606)$,
# $S = \begin{pmatrix} 0.01301853 & -0.00077653 \\ -0.00077653 & 0.01913370 \end{pmatrix}$. At
# $x_* = 0$ and $x_* = 2$ (features $(1, 0)$ and $(1, 8)$) the predictive means are
# $-0.25257614, 4.73523234$ and the variances $0.05301853, 1.26515104$.


# %% [answer]
def bayes_linreg(Phi, y, sigma2, alpha2):
    """Posterior N(m, S) of the weights: S = (I / alpha2 + Phi^T Phi / sigma2)^{-1},
    m = S Phi^T y / sigma2.

    Phi (N, D) (N may be 0), y (N,); sigma2 the noise variance, alpha2 the prior variance.
    Returns the tuple (m, S): float64 arrays of shapes (D,) and (D, D).
    """
    ### BEGIN SOLUTION
    D = Phi.shape[1]
    precision = np.eye(D) / alpha2 + Phi.T @ Phi / sigma2
    S = np.linalg.inv(precision)
    m = S @ (Phi.T @ y) / sigma2
    return m, S
    ### END SOLUTION


def predictive(Phi_test, m, S, sigma2):
    """Predictive mean Phi_test m and variance sigma2 + diag(Phi_test S Phi_test^T).

    Phi_test (M, D). Returns the tuple (mean, var) of float64 arrays of shape (M,).
    """
    ### BEGIN SOLUTION
    mean = Phi_test @ m
    var = sigma2 + np.sum((Phi_test @ S) * Phi_test, axis=1)
    return mean, var
    ### END SOLUTION


# %% [explore]
# The lecture's experiment: predictive mean +- 2 standard deviations after 0, 1, 3 and 20 samples.
try:
    rng_demo = np.random.default_rng(2021)
    x_all = rng_demo.uniform(-1.0, 1.0, 20)
    y_all = -0.25 + 0.6 * x_all**3 + rng_demo.normal(0.0, 0.2, 20)
    Phi_all = np.stack([np.ones_like(x_all), x_all**3], axis=1)
    xs = np.linspace(-1.2, 1.2, 121)
    Phi_s = np.stack([np.ones_like(xs), xs**3], axis=1)
    fig, axes = plt.subplots(1, 4, figsize=(14, 3.2), sharey=True)
    for ax, n in zip(axes, (0, 1, 3, 20)):
        m_n, S_n = bayes_linreg(Phi_all[:n], y_all[:n], 0.04, 0.5)
        mean_s, var_s = predictive(Phi_s, m_n, S_n, 0.04)
        ax.fill_between(xs, mean_s - 2 * np.sqrt(var_s), mean_s + 2 * np.sqrt(var_s), alpha=0.3)
        ax.plot(xs, mean_s, label="predictive mean")
        ax.plot(xs, -0.25 + 0.6 * xs**3, "k--", label="truth")
        ax.plot(x_all[:n], y_all[:n], "o", color="C3")
        ax.set_title(f"N = {n}: m = {np.round(m_n, 3)}")
    axes[0].legend(fontsize=8)
    plt.show()
except NotImplementedError:
    print("implement the functions of question 5 first")


# %% [question q6_dropout_early_stopping]
# Two ways to keep a neural network from overfitting, both seen through probability.
#
# **Inverted dropout.** During training every activation is kept with probability $1 - p$ and
# set to zero with probability $p$. To keep the expected activation unchanged, the kept ones are
# divided by $1 - p$:
# $$\text{out} = \frac{\mathbf m \odot \mathbf x}{1 - p}, \quad m_i \sim \text{Bernoulli}(1 - p)
#   \quad\Longrightarrow\quad \mathbb E[\text{out}_i] = \frac{(1 - p)\, x_i}{1 - p} = x_i .$$
# At test time (`train=False`) the layer does nothing: the output is `x` itself. This is the
# convention of Keras and PyTorch; the lecture script speaks of scaling activations *down*, which
# is the older convention (no scaling in training, a factor $1 - p$ at test time), not ours.
# `dropout_forward` takes the keep-mask as an argument when it is given (True = keep), which
# makes it exactly reproducible; otherwise it draws one from `np.random.default_rng(seed)` (for
# instance `rng.random(x.shape) >= p`, which is True with probability $1 - p$). The grader checks
# the mean of your output over hundreds of thousands of draws: it must be $x$.
#
# **Early stopping.** Training is stopped when the monitored value (a validation loss, or an
# accuracy) has not improved for `patience` epochs. The rule, as in Keras' `EarlyStopping`:
# * the best value starts at `history[0]`, and a counter at 0;
# * epoch $e \ge 1$ **improves** if `history[e] < best - min_delta` (mode `"min"`, for a loss) or
#   `history[e] > best + min_delta` (mode `"max"`, for an accuracy), strictly. An improvement
#   becomes the new best and resets the counter to 0; any other epoch (a NaN too) adds 1 to it;
# * training stops after the first epoch $e$ at which the counter reaches `patience`; return that
#   $e$. If it never does, training ran to the end: return `len(history) - 1`.
#
# An accuracy must be monitored with mode `"max"`: the lecture script monitors `val_accuracy` with
# `mode='min'`, which stops as soon as the accuracy *rises* (an erratum).
#
# **Worked examples.** `dropout_forward([1, -2, 3, 4], 0.5, mask=[True, False, True, False])` is
# `[2, 0, 6, 0]`. For the validation losses `[1.0, 0.8, 0.75, 0.76, 0.74, 0.77, 0.78, 0.73]` and
# `patience=2`: with `min_delta=0.02` epoch 4 ($0.74 \not< 0.75 - 0.02$) is the second epoch
# without improvement, so training stops at epoch **4**; with `min_delta=0` epoch 4 improves and it
# stops at epoch **6**. For the accuracies `[0.5, 0.6, 0.65, 0.64, 0.66, 0.63, 0.62]` with mode
# `"max"` and `patience=2` it stops at epoch **6** (mode `"min"` would stop at epoch 2).


# %% [answer]
def dropout_forward(x, p, mask=None, train=True, seed=None):
    """Inverted dropout: x * keep / (1 - p) in training, x itself at test time.

    x: float64 array (any shape). p: drop probability, 0 <= p < 1, else ValueError whose
    message contains "0 <= p < 1". train=False returns x unchanged (a float64 copy; mask and
    seed are ignored). train=True with a boolean mask of x's shape (True = keep) returns exactly
    x * mask / (1 - p); without a mask, each entry is kept with probability 1 - p, drawn from
    np.random.default_rng(seed) only (never the global RNG), so that the same seed gives the
    same output. Returns a float64 array of x's shape.
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    if not 0.0 <= p < 1.0:
        raise ValueError(f"the drop probability p must satisfy 0 <= p < 1, got {p}")
    if not train:
        return x.copy()
    if mask is None:
        mask = np.random.default_rng(seed).random(x.shape) >= p
    return np.where(mask, x / (1.0 - p), 0.0)
    ### END SOLUTION


def early_stop_epoch(history, min_delta=0.0, patience=1, mode="min"):
    """The epoch (a Python int index into history) after which early stopping ends training.

    history: 1-D sequence of the monitored value per epoch. Improvement is strict: history[e]
    < best - min_delta (mode "min") or > best + min_delta (mode "max"). Stops when the number of
    epochs since the last improvement reaches patience; len(history) - 1 if that never happens.
    Raises ValueError for an empty history, patience < 1, or a mode other than "min" and "max".
    """
    ### BEGIN SOLUTION
    h = np.asarray(history, dtype=np.float64)
    if mode not in ("min", "max"):
        raise ValueError(f"mode must be 'min' or 'max', got {mode!r}")
    if h.size == 0:
        raise ValueError("history is empty")
    if patience < 1:
        raise ValueError(f"patience must be at least 1, got {patience}")
    best, wait = h[0], 0
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
    return int(h.size - 1)
    ### END SOLUTION


# %% [explore]
# Dropout keeps the mean: the average of 2000 dropout passes over x approaches x. And the
# stopping epochs of the worked example's validation losses.
try:
    x_demo = np.linspace(-2.0, 2.0, 9)
    runs = np.array([dropout_forward(x_demo, 0.4, seed=s) for s in range(2000)])
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.5))
    ax1.plot(x_demo, x_demo, "k--", label="x")
    ax1.plot(x_demo, runs.mean(axis=0), "o", label="mean of 2000 dropout passes (p = 0.4)")
    ax1.plot(x_demo, runs[0], "x", label="one pass")
    ax1.legend(fontsize=8)
    losses = [1.0, 0.8, 0.75, 0.76, 0.74, 0.77, 0.78, 0.73]
    ax2.plot(losses, "o-", label="validation loss")
    for delta, colour in ((0.02, "C1"), (0.0, "C2")):
        stop = early_stop_epoch(losses, delta, 2, "min")
        ax2.axvline(stop, color=colour, ls="--", label=f"stop (min_delta = {delta}, patience 2)")
    ax2.set_xlabel("epoch")
    ax2.legend(fontsize=8)
    plt.show()
except NotImplementedError:
    print("implement the functions of question 6 first")


# %% [question q7_elbo]
# When the posterior $p(\mathbf w \mid \mathbf y)$ has no closed form, **variational inference**
# picks the closest member of a simple family $q(\mathbf w)$ by maximising the **evidence lower
# bound**
# $$\mathrm{ELBO}(q) = \underbrace{\mathbb E_{q}\bigl[\log p(\mathbf y \mid \mathbf w)\bigr]}_{
#   \text{reconstruction}} - \mathrm{KL}\bigl(q(\mathbf w) \,\|\, p(\mathbf w)\bigr)
#   = \log p(\mathbf y) - \mathrm{KL}\bigl(q(\mathbf w) \,\|\, p(\mathbf w \mid \mathbf y)\bigr)
#   \;\le\; \log p(\mathbf y).$$
# The bound is tight exactly when $q$ is the posterior. We test this on the model of question 5,
# where the answer is known, with a full-covariance Gaussian $q = \mathcal N(\mathbf m, L L^\top)$
# ($L$ lower triangular) and the prior $p(\mathbf w) = \mathcal N(\mathbf 0, \alpha^2 I)$ in $D$
# dimensions.
#
# **The KL term** has a closed form (with $\lVert L \rVert_F^2 = \operatorname{tr}(L L^\top)$):
# $$\mathrm{KL} = \frac12 \Bigl[ \frac{\lVert L \rVert_F^2 + \lVert \mathbf m \rVert^2}{\alpha^2}
#   - D + D \log \alpha^2 - \log|L L^\top| \Bigr], \qquad
#   \log|L L^\top| = 2 \sum_i \log |L_{ii}| .$$
# Take the absolute value: flipping the sign of a column of $L$ leaves $L L^\top$ unchanged, so a
# negative diagonal entry is allowed.
#
# **The reconstruction term by Monte Carlo** (the reparameterisation trick). With standard-normal
# draws $\boldsymbol\varepsilon_1, \dots, \boldsymbol\varepsilon_S$ (the rows of `eps`, handed in),
# $\mathbf w_s = \mathbf m + L \boldsymbol\varepsilon_s$ is a sample of $q$ (as rows: `W = m + eps
# @ L.T`), and
# $$\mathbb E_q\bigl[\log p(\mathbf y \mid \mathbf w)\bigr] \approx \frac1S \sum_{s=1}^S
#   \Bigl[-\frac N2 \log(2\pi\sigma^2) - \frac{1}{2\sigma^2} \lVert \mathbf y - \Phi \mathbf w_s
#   \rVert^2\Bigr].$$
#
# **The reconstruction term exactly.** For this Gaussian model the expectation is known:
# $$\mathbb E_q\bigl[\log p(\mathbf y \mid \mathbf w)\bigr] = -\frac N2 \log(2\pi\sigma^2) -
#   \frac{1}{2\sigma^2}\Bigl(\lVert \mathbf y - \Phi \mathbf m \rVert^2 + \lVert \Phi L
#   \rVert_F^2\Bigr).$$
# At the exact posterior of question 5 ($\mathbf m$, and $L$ the Cholesky factor of $S$) the ELBO
# equals the log-evidence $\log p(\mathbf y) = \log \mathcal N(\mathbf y \mid \mathbf 0,
# \sigma^2 I + \alpha^2 \Phi \Phi^\top)$; the grader checks that.
#
# **Worked example** (the data of question 5's worked example, $\sigma^2 = 0.04$, $\alpha^2 =
# 0.5$). For $\mathbf m = (0, 0.5)$, $L = \begin{pmatrix} 0.5 & 0 \\ 0.2 & 0.4 \end{pmatrix}$:
# $\mathrm{KL} = 0.61629073$; with `eps = [[1, 0], [-0.5, 1]]` the samples are $\mathbf w_1 =
# (0.5, 0.7)$, $\mathbf w_2 = (-0.25, 0.8)$ and the Monte-Carlo ELBO is $-9.78014416$; the exact
# ELBO is $-16.25768322$. At the posterior the ELBO is $-1.86371845 = \log p(\mathbf y)$.


# %% [answer]
def gaussian_kl(m, L, alpha2):
    """KL(N(m, L L^T) || N(0, alpha2 I)) in closed form, as a Python float.

    m (D,); L (D, D) lower triangular with a nonzero diagonal (use log|L_ii|); alpha2 > 0.
    """
    ### BEGIN SOLUTION
    D = m.shape[0]
    logdet_q = 2.0 * np.sum(np.log(np.abs(np.diag(L))))
    return float(0.5 * ((np.sum(L**2) + m @ m) / alpha2 - D + D * np.log(alpha2) - logdet_q))
    ### END SOLUTION


def elbo_mc(Phi, y, m, L, sigma2, alpha2, eps):
    """Monte-Carlo ELBO: mean over the rows eps_s of eps (S, D) of log N(y | Phi w_s, sigma2 I),
    with w_s = m + L eps_s, minus gaussian_kl(m, L, alpha2). Returns a Python float."""
    ### BEGIN SOLUTION
    W = m + eps @ L.T
    R = y[None, :] - W @ Phi.T
    N = y.shape[0]
    loglik = -0.5 * N * np.log(2.0 * np.pi * sigma2) - np.sum(R**2, axis=1) / (2.0 * sigma2)
    return float(np.mean(loglik) - gaussian_kl(m, L, alpha2))
    ### END SOLUTION


def elbo_exact(Phi, y, m, L, sigma2, alpha2):
    """The ELBO with the exact expectation -N/2 log(2 pi sigma2) - (||y - Phi m||^2 +
    ||Phi L||_F^2) / (2 sigma2), minus gaussian_kl(m, L, alpha2). Returns a Python float."""
    ### BEGIN SOLUTION
    N = y.shape[0]
    r = y - Phi @ m
    expected = -0.5 * N * np.log(2.0 * np.pi * sigma2) - (r @ r + np.sum((Phi @ L) ** 2)) / (
        2.0 * sigma2
    )
    return float(expected - gaussian_kl(m, L, alpha2))
    ### END SOLUTION


# %% [explore]
# Monte-Carlo ELBOs with more and more samples approach the exact ELBO (their spread shrinks
# like 1 / sqrt(S)); at the posterior of question 5 the ELBO touches the log-evidence.
try:
    Phi_w = np.array([[1.0, -1.0], [1.0, 0.125], [1.0, 1.0]])
    y_w = np.array([-0.9, -0.2, 0.4])
    m_q, L_q = np.array([0.0, 0.5]), np.array([[0.5, 0.0], [0.2, 0.4]])
    sizes = [1, 3, 10, 30, 100, 300, 1000, 3000]
    rng_e = np.random.default_rng(0)
    est = [[elbo_mc(Phi_w, y_w, m_q, L_q, 0.04, 0.5, rng_e.standard_normal((s, 2)))
            for _ in range(20)] for s in sizes]
    fig, ax = plt.subplots(figsize=(6, 3.5))
    for s, e in zip(sizes, est):
        ax.semilogx([s] * len(e), e, ".", color="C0", alpha=0.5)
    ax.axhline(elbo_exact(Phi_w, y_w, m_q, L_q, 0.04, 0.5), color="C1", label="exact ELBO")
    ax.set_xlabel("number of samples S")
    ax.set_ylabel("Monte-Carlo ELBO")
    ax.legend()
    plt.show()
    S_post = np.linalg.inv(np.eye(2) / 0.5 + Phi_w.T @ Phi_w / 0.04)
    m_post = S_post @ Phi_w.T @ y_w / 0.04
    print("ELBO at the posterior:", elbo_exact(Phi_w, y_w, m_post, np.linalg.cholesky(S_post),
                                               0.04, 0.5))
except NotImplementedError:
    print("implement the functions of question 7 first")
