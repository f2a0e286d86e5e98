"""Reference solution for assignment 14_hyperparameter_search (k-fold cross-validation indices, a
cross-validated ridge regression on the diabetes data with the z-score scaler fitted inside each
training fold, grid search and log-uniform random search, expected improvement in closed form and
by Monte Carlo, and one step of Bayesian optimisation with a Gaussian-process surrogate).

This is the assignment's master: ``autograder assign`` generates the student notebook from it
(the solution regions become stubs) and the reference module is its header and answer cells.
An answer cell may only use the names imported by the notebook's setup cell (``itertools``,
``np``, ``scipy``, ``plt``, ``load_diabetes``) and the names it defines itself.

Conventions: everything is float64 NumPy; rows are samples. Nothing draws from a global random
generator: random search receives an ``np.random.Generator``, the Monte-Carlo expected
improvement receives its standard-normal draws or a seed for ``np.random.default_rng``. The
objectives and acquisition functions of questions 3 and 5 are handed in as functions, so that
no answer cell needs another question's code.
"""

import itertools

import numpy as np
import scipy.linalg
import scipy.special


# %% [markdown]
# # Assignment 14: Hyperparameter search
#
# A model's **hyperparameters** (a regularisation strength, a learning rate, the number of
# trees) are not fitted by the training algorithm: we choose them, by comparing how well models
# trained with different settings *generalise*. This assignment builds the whole pipeline:
#
# 1. **k-fold cross-validation**: which samples each fold trains and tests on.
# 2. A **cross-validated score without leakage**: ridge regression on scikit-learn's diabetes
#    data, with the z-score scaler fitted inside each training fold.
# 3. **Grid search and random search**: exhaustive on a grid, or log-uniform random samples from
#    a given random generator.
# 4. **Expected improvement** (EI), the acquisition function of Bayesian optimisation, in closed
#    form and by Monte Carlo.
# 5. A **Gaussian-process surrogate** and one **Bayesian-optimisation step**: where to evaluate
#    next.
#
# ### How grading works
#
# * Each question has one **answer cell** with function stubs that `raise NotImplementedError`.
#   Replace the bodies with your implementation. Do **not** rename the functions, change their
#   arguments or move them into other cells: the grader looks them up by name.
# * Hidden tests call your functions on **inputs you do not see** (other data, shapes, seeds and
#   edge cases), so follow the contract written in each docstring, not just the printed numbers.
# * The **check cell** `check("...")` under each answer cell runs a few public checks. Passing them
#   is a good sign, not a grade.
# * Each answer cell must work on its own: do not call a function defined in *another* question's
#   answer cell (helpers of your own inside the same cell are fine). Where a question needs
#   another question's idea (an objective to minimise, an acquisition function), it receives it
#   as a function argument.
# * Run the cells from top to bottom.
#
# **Conventions.** Everything is NumPy float64 and **rows are samples**: a data matrix `X` has
# shape `(N, D)` for $N$ samples of $D$ features. Never modify the arrays you are given (no
# in-place operations such as `X -= mean` on an argument). Randomness is always handed in, as a
# generator `rng` (an `np.random.Generator`), as the draws themselves, or as a `seed` for
# `np.random.default_rng(seed)`: never use the global NumPy generator (`np.random.rand`, ...).


# %% [setup]
import itertools

import numpy as np
import scipy.linalg
import scipy.special
import matplotlib.pyplot as plt
from sklearn.datasets import load_diabetes
from autograder.public import Checker

check = Checker("14_hyperparameter_search", globals())


# %% [question q1_kfold]
# A model that is evaluated on the data it was trained on looks better than it is. **k-fold
# cross-validation** uses every sample for testing exactly once: split the $N$ samples into $k$
# disjoint **folds**; for each fold, train on the other $k - 1$ folds and test on it; average the
# $k$ test scores.
#
# **The fold layout.** Take the samples in a given order: `perm` (a permutation of $0, \dots,
# N - 1$, for a shuffled split) or, without it, $0, 1, \dots, N - 1$. Cut that order into $k$
# **contiguous** blocks. When $k$ does not divide $N$, the fold sizes are $\lfloor N/k \rfloor$
# and $\lfloor N/k \rfloor + 1$: **the first $N \bmod k$ folds get one extra sample** (the rule of
# scikit-learn's `KFold`). The lecture computes `fold_size = len(X) // 5`; a loop over the blocks
# `[i * fold_size, (i + 1) * fold_size)` alone never tests the last $N \bmod k$ samples, a common
# mistake. Fold $i$'s test indices are its block, its training indices all the others; return
# both **sorted ascending** (as `KFold` does), whatever the order of `perm`.
#
# **Worked example.** $N = 7$, $k = 3$: sizes $3, 2, 2$; the test folds are $\{0, 1, 2\}$,
# $\{3, 4\}$, $\{5, 6\}$ and the first training fold is $\{3, 4, 5, 6\}$. With `perm = [3, 6, 0,
# 5, 1, 4, 2]` the blocks are $(3, 6, 0)$, $(5, 1)$, $(4, 2)$, so the sorted test folds are
# $[0, 3, 6]$, $[1, 5]$, $[2, 4]$ and the first training fold is $[1, 2, 4, 5]$.


# %% [answer]
def kfold_indices(n, k, perm=None):
    """The k folds of n samples as a list of k tuples (train_idx, test_idx).

    The order perm (a permutation of 0, ..., n - 1; default 0, ..., n - 1) is cut into k
    contiguous blocks; the first n % k blocks have n // k + 1 samples, the others n // k. Fold i
    tests on block i and trains on the other blocks. Both index arrays are int64 and sorted
    ascending. Raises ValueError if k < 2 or k > n, and ValueError whose message contains
    "permutation" if perm is not a permutation of 0, ..., n - 1.
    """
    ### BEGIN SOLUTION
    if k < 2 or k > n:
        raise ValueError(f"need 2 <= k <= n, got k = {k} for n = {n}")
    if perm is None:
        order = np.arange(n, dtype=np.int64)
    else:
        order = np.asarray(perm).astype(np.int64)
        if order.shape != (n,) or not np.array_equal(np.sort(order), np.arange(n)):
            raise ValueError("perm must be a permutation of 0, ..., n - 1")
    sizes = np.full(k, n // k)
    sizes[: n % k] += 1
    stops = np.cumsum(sizes)
    folds = []
    for start, stop in zip(stops - sizes, stops):
        test = np.sort(order[start:stop])
        train = np.sort(np.concatenate([order[:start], order[stop:]]))
        folds.append((train, test))
    return folds
    ### END SOLUTION


# %% [explore]
# The fold layout as a picture: one row per fold, test samples dark. Without a permutation the
# test blocks are contiguous; with one they are scattered, but still disjoint and covering all.
try:
    n_demo, k_demo = 23, 5
    perm_demo = np.random.default_rng(0).permutation(n_demo)
    fig, axes = plt.subplots(1, 2, figsize=(11, 2.6))
    for ax, p, title in zip(axes, (None, perm_demo), ("contiguous", "with a permutation")):
        layout = np.zeros((k_demo, n_demo))
        for i, (train_i, test_i) in enumerate(kfold_indices(n_demo, k_demo, p)):
            layout[i, test_i] = 1.0
        ax.imshow(layout, cmap="Greys", aspect="auto")
        ax.set_xlabel("sample")
        ax.set_ylabel("fold")
        ax.set_title(f"{title}: fold sizes {layout.sum(axis=1).astype(int).tolist()}")
    plt.show()
except NotImplementedError:
    print("implement kfold_indices first")


# %% [question q2_cv_leakage]
# **The model: ridge regression with an intercept.** For features $X$ ($N \times D$) and targets
# $\mathbf y$, ridge regression minimises
# $$\lVert \mathbf y - X \mathbf w - b \mathbf 1 \rVert^2 + \lambda \lVert \mathbf w \rVert^2 ,$$
# with the **intercept $b$ not penalised**. The solution centres the data first: with the column
# means $\bar{\mathbf x}$ and the mean $\bar y$,
# $$\mathbf w = \bigl(X_c^\top X_c + \lambda I\bigr)^{-1} X_c^\top (\mathbf y - \bar y), \qquad
#   b = \bar y - \bar{\mathbf x}^\top \mathbf w, \qquad X_c = X - \mathbf 1 \bar{\mathbf x}^\top .$$
# (Solve the linear system, e.g. with `np.linalg.solve`; there is no need for an inverse.) This
# is exactly scikit-learn's `Ridge(alpha=lam)`.
#
# **Standardisation.** The penalty $\lambda \lVert \mathbf w \rVert^2$ treats all features alike,
# so they should be on one scale: the **z-score** maps feature $j$ to $(x_j - m_j) / s_j$ with
# its mean $m_j$ and standard deviation $s_j$ (divisor $N$, as `np.std` and scikit-learn's
# `StandardScaler`). A feature with $s_j = 0$ (a constant feature) is given the scale $s_j = 1$,
# so that it becomes 0 instead of a division by zero.
#
# **Leakage.** Inside cross-validation the scaler is part of the model: its $m_j, s_j$ are
# **fitted on the training fold only**, then applied unchanged to the training fold and to the
# test fold. Fitting the scaler once on all the data before splitting lets the test samples leak
# into training: the score is no longer an honest estimate of the error on new data (for large
# data sets the effect on a scaler is small, but the same mistake with feature selection or
# imputation can be dramatic). Standardising the test fold with its *own* statistics is wrong
# too: a model must treat a new sample the same way whatever other samples are tested with it.
#
# **The score.** The mean absolute error (MAE) of fold $i$ is $\frac{1}{|T_i|}\sum_{t \in T_i}
# |y_t - \hat y_t|$ over its test set $T_i$; the **cross-validated MAE** is the plain, unweighted
# mean of the $k$ fold MAEs (what `cross_val_score(..., scoring="neg_mean_absolute_error")`
# averages, with the sign flipped). Folds are handed in as a list of `(train_idx, test_idx)`
# pairs, such as question 1 produces.
#
# **The data.** `load_diabetes(return_X_y=True, scaled=False)`: 442 patients, 10 raw features
# (age, sex coded 1/2, body-mass index, blood pressure, six serum measurements) and a measure of
# disease progression one year later.
#
# **Worked example.** For $X = \begin{pmatrix} 1 & 5 \\ 2 & 5 \\ 4 & 5 \end{pmatrix}$ the scaler
# is $\mathbf m = (7/3, 5)$, $\mathbf s = (1.24721913, 1)$ (the second feature is constant).
# `ridge_fit` of $X = (0, 1, 2, 3)^\top$ (one feature) and $\mathbf y = (1, 3, 2, 5)$ with
# $\lambda = 1$ gives $w = 11/12 = 0.91666667$, $b = 1.375$. On the diabetes data with the five
# contiguous folds of `kfold_indices(442, 5)` and $\lambda = 1$, the cross-validated MAE is
# **44.26465395**; with the scaler fitted on all 442 patients (leakage) it would be 44.26416358,
# and with $\lambda = 100$ it is 45.18812161.


# %% [answer]
def zscore_fit(X):
    """The z-score scaler of the rows of X (N, D): the tuple (mean, scale) of float64 arrays of
    shape (D,), with scale the standard deviation (divisor N) and 1.0 where it is 0."""
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=np.float64)
    scale = X.std(axis=0)
    return X.mean(axis=0), np.where(scale == 0.0, 1.0, scale)
    ### END SOLUTION


def ridge_fit(X, y, lam):
    """Ridge regression with an unpenalised intercept: the tuple (w, b) minimising
    ||y - X w - b||^2 + lam ||w||^2, w a float64 array of shape (D,), b a Python float."""
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc = X - x_mean
    w = np.linalg.solve(Xc.T @ Xc + lam * np.eye(X.shape[1]), Xc.T @ (y - y_mean))
    return w, float(y_mean - x_mean @ w)
    ### END SOLUTION


def cv_mae(X, y, folds, lam):
    """Cross-validated MAE of z-scored ridge regression, as a Python float.

    folds: a list of (train_idx, test_idx) pairs. For each fold, the scaler is fitted on
    X[train_idx] only and applied to X[train_idx] and X[test_idx]; ridge_fit(lam) is fitted on
    the scaled training fold and predicts the scaled test fold. Returns the unweighted mean of
    the fold MAEs.
    """
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    maes = []
    for train, test in folds:
        mean, scale = zscore_fit(X[train])
        w, b = ridge_fit((X[train] - mean) / scale, y[train], lam)
        pred = (X[test] - mean) / scale @ w + b
        maes.append(np.mean(np.abs(y[test] - pred)))
    return float(np.mean(maes))
    ### END SOLUTION


# %% [explore]
# The cross-validated MAE as a function of lambda, honest and with the leaky scaler. Both curves
# are close here (a scaler is a mild leak with 350 training samples), yet they differ, and only
# the honest one estimates the error on new patients.
try:
    X_db, y_db = load_diabetes(return_X_y=True, scaled=False)
    folds_db = [
        (np.setdiff1d(np.arange(442), np.arange(s, e)), np.arange(s, e))
        for s, e in ((0, 89), (89, 178), (178, 266), (266, 354), (354, 442))
    ]
    lams = np.logspace(-3, 3.5, 27)
    honest = [cv_mae(X_db, y_db, folds_db, lam) for lam in lams]
    mean_all, scale_all = zscore_fit(X_db)  # the leak: statistics of all 442 patients
    Z_all = (X_db - mean_all) / scale_all
    leaky = []
    for lam in lams:
        fold_maes = []
        for train_f, test_f in folds_db:
            w_f, b_f = ridge_fit(Z_all[train_f], y_db[train_f], lam)
            fold_maes.append(np.mean(np.abs(y_db[test_f] - Z_all[test_f] @ w_f - b_f)))
        leaky.append(np.mean(fold_maes))
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.5))
    ax1.semilogx(lams, honest, "o-", label="scaler fitted per training fold")
    ax1.semilogx(lams, leaky, "x--", label="scaler fitted on all data (leakage)")
    ax1.set_xlabel("lambda")
    ax1.set_ylabel("cross-validated MAE")
    ax1.legend(fontsize=8)
    ax2.semilogx(lams, np.array(leaky) - np.array(honest), "o-")
    ax2.axhline(0.0, color="k", lw=0.5)
    ax2.set_xlabel("lambda")
    ax2.set_ylabel("leaky MAE - honest MAE")
    plt.show()
    print("best lambda on this grid:", lams[int(np.argmin(honest))], "MAE", min(honest))
except NotImplementedError:
    print("implement the functions of question 2 first")


# %% [question q3_search]
# Cross-validation turns a hyperparameter configuration $\boldsymbol\theta$ into a number
# $f(\boldsymbol\theta)$ to **minimise**. Every evaluation trains $k$ models, so the question is
# where to evaluate. Here `objective` is any function that takes a configuration (a float64
# array of shape `(d,)`, one entry per hyperparameter) and returns a number.
#
# **Grid search** evaluates every combination of given values per hyperparameter, the Cartesian
# product of `grids[0], ..., grids[d - 1]`, in the order of `itertools.product` (the **last**
# hyperparameter varies fastest). The values are returned as an array of shape
# `(len(grids[0]), ..., len(grids[d - 1]))`, entry `[i0, ..., i_{d-1}]` being the value at
# `(grids[0][i0], ..., grids[d-1][i_{d-1}])`.
#
# **Random search** draws each configuration at random instead. Bergstra and Bengio's argument:
# when only a few hyperparameters matter, $n$ random points try $n$ different values of each,
# while a grid of $n$ points tries only $n^{1/d}$. Scale-like hyperparameters (a regularisation
# strength, a learning rate) are drawn **log-uniformly**: $\log\theta$ is uniform between
# $\log(\text{low})$ and $\log(\text{high})$, so that $[10^{-3}, 10^{-2}]$ gets as many draws as
# $[10^2, 10^3]$ (the blog post's `Real(0.005, 0.9, "log-uniform")`). Drawing uniformly on
# $[10^{-3}, 10^3]$ would put 90 % of the draws above 100. To make the draws reproducible, take
# **all** uniforms at once from the generator you are given, `U = rng.random((n, d))` (row $i$
# is configuration $i$), then map column $j$ to
# $$\theta_{ij} = \text{low}_j + (\text{high}_j - \text{low}_j)\, U_{ij} \quad\text{(uniform)},
#   \qquad
#   \theta_{ij} = \exp\bigl(\log \text{low}_j + (\log \text{high}_j - \log \text{low}_j)\,
#   U_{ij}\bigr) \quad\text{(log-uniform)} .$$
# The base of the logarithm does not matter. A log-uniform dimension needs $0 < \text{low}$
# (`ValueError` otherwise); a uniform one may have negative bounds, so take no logarithm of
# those (NumPy would warn about the logarithm of a negative number).
#
# **The best configuration** is the one with the smallest value. **Ties** go to the one evaluated
# first (the smallest flat index of the grid, the smallest trial number). An objective may
# return **NaN** (a failed fit): NaN is worse than every number and never wins, unless every
# value is NaN, which raises `ValueError`.
#
# **Which names does scikit-learn know?** A search space must name options that the current
# library accepts: the blog post searched `GradientBoostingRegressor` over the losses
# `'ls'` and `'lad'`, which scikit-learn has since renamed `'squared_error'` and
# `'absolute_error'`; the old names now raise `InvalidParameterError`.
#
# **Worked example** (the public objective `bowl`: $f(\boldsymbol\theta) = (\log_{10}\theta_0 -
# 0.5)^2 + (\theta_1 - 0.25)^2$). `grid_search(bowl, [[0.1, 1, 10, 100], [0, 0.5, 1]])` evaluates
# 12 configurations; the best is $(1, 0)$ with value $0.3125$, tied with $(1, 0.5)$, $(10, 0)$
# and $(10, 0.5)$, which come later. `sample_configs([[1e-3, 1e3], [-1, 1]], [True, False], 3, np.random.default_rng(0))`
# draws `U = [[0.63696169, 0.26978671], [0.04097352, 0.01652764], [0.81327024, 0.91275558]]` and
# returns the configurations $(6.63391838, -0.46042657)$, $(0.00176133, -0.96694473)$,
# $(75.79166280, 0.82551116)$; `random_search(bowl, ...)` with the same arguments picks trial 0,
# value $0.60824193$.


# %% [answer]
def grid_search(objective, grids):
    """Grid search: evaluate objective at every combination of the grids, in itertools.product
    order (the last hyperparameter varies fastest).

    grids: a list of d 1-D arrays of candidate values. objective(config) takes a float64 array
    of shape (d,) and returns a number. Returns the tuple (best_config, best_value, values):
    best_config a float64 array of shape (d,), best_value a Python float, values a float64 array
    of shape (len(grids[0]), ..., len(grids[d - 1])). Ties go to the smallest flat index; NaN
    values never win; ValueError if every value is NaN.
    """
    ### BEGIN SOLUTION
    grids = [np.asarray(g, dtype=np.float64) for g in grids]
    shape = tuple(len(g) for g in grids)
    values = np.empty(shape)
    for idx in itertools.product(*(range(s) for s in shape)):
        values[idx] = float(objective(np.array([g[i] for g, i in zip(grids, idx)])))
    if np.all(np.isnan(values)):
        raise ValueError("every objective value on the grid is NaN")
    filled = np.where(np.isnan(values), np.inf, values)
    best = np.unravel_index(int(np.argmin(filled)), shape)
    return np.array([g[i] for g, i in zip(grids, best)]), float(values[best]), values
    ### END SOLUTION


def sample_configs(bounds, log_scale, n, rng):
    """n random configurations: a float64 array of shape (n, d).

    bounds: array (d, 2) of [low, high] per hyperparameter; log_scale: d booleans, True for a
    log-uniform dimension. Draws U = rng.random((n, d)) once from the np.random.Generator rng and
    maps column j uniformly (low + (high - low) U) or log-uniformly (exp of the uniform map of
    the logs). Raises ValueError if a log-uniform dimension has low <= 0. Emits no warning.
    """
    ### BEGIN SOLUTION
    bounds = np.asarray(bounds, dtype=np.float64)
    log_scale = np.asarray(log_scale, dtype=bool)
    low, high = bounds[:, 0], bounds[:, 1]
    if np.any(log_scale & (low <= 0)):
        raise ValueError("a log-uniform dimension needs 0 < low")
    U = rng.random((n, bounds.shape[0]))
    log_low = np.log(np.where(log_scale, low, 1.0))
    log_high = np.log(np.where(log_scale, high, 1.0))
    log_uniform = np.exp(log_low + (log_high - log_low) * U)
    return np.where(log_scale, log_uniform, low + (high - low) * U)
    ### END SOLUTION


def random_search(objective, bounds, log_scale, n_trials, rng):
    """Random search: configs = sample_configs(bounds, log_scale, n_trials, rng), evaluated in
    order.

    Returns the tuple (best_config, best_value, configs, values): best_config float64 (d,),
    best_value a Python float, configs float64 (n_trials, d), values float64 (n_trials,). Ties go
    to the smallest trial index; NaN values never win; ValueError if every value is NaN.
    """
    ### BEGIN SOLUTION
    configs = sample_configs(bounds, log_scale, n_trials, rng)
    values = np.array([float(objective(c)) for c in configs])
    if np.all(np.isnan(values)):
        raise ValueError("every trial's objective value is NaN")
    best = int(np.argmin(np.where(np.isnan(values), np.inf, values)))
    return configs[best].copy(), float(values[best]), configs, values
    ### END SOLUTION


# %% [explore]
# Grid versus random search with 16 evaluations each on a function where only the first
# hyperparameter matters much: the grid tries 4 values of it, random search 16. And the old
# loss names of GradientBoostingRegressor, refused by the current scikit-learn.
try:

    def important_first(theta):
        return np.sin(3.0 * theta[0]) * np.exp(-theta[0]) + 0.02 * theta[1]

    g = np.linspace(0.05, 2.0, 4)
    best_g, val_g, _ = grid_search(important_first, [g, g])
    best_r, val_r, cfg_r, _ = random_search(
        important_first, [[0.05, 2.0], [0.05, 2.0]], [False, False], 16, np.random.default_rng(1)
    )
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.8))
    gx, gy = np.meshgrid(g, g, indexing="ij")
    ax1.plot(gx.ravel(), gy.ravel(), "s", label=f"grid, best {val_g:.3f}")
    ax1.plot(cfg_r[:, 0], cfg_r[:, 1], "o", label=f"random, best {val_r:.3f}")
    ax1.set_xlabel("theta_0 (important)")
    ax1.set_ylabel("theta_1 (unimportant)")
    ax1.legend(fontsize=8)
    t = np.linspace(0.0, 2.0, 200)
    ax2.plot(t, np.sin(3.0 * t) * np.exp(-t), "k-", label="f as a function of theta_0")
    ax2.plot(g, np.sin(3.0 * g) * np.exp(-g), "s", label="values the grid tries")
    ax2.plot(
        cfg_r[:, 0],
        np.sin(3.0 * cfg_r[:, 0]) * np.exp(-cfg_r[:, 0]),
        "o",
        label="values random search tries",
    )
    ax2.legend(fontsize=8)
    plt.show()
    log_draws = sample_configs([[1e-3, 1e3]], [True], 2000, np.random.default_rng(2))
    print("fraction of log-uniform draws below 1:", np.mean(log_draws < 1.0))
    from sklearn.ensemble import GradientBoostingRegressor

    for loss in ("ls", "squared_error"):
        try:
            GradientBoostingRegressor(loss=loss, n_estimators=2).fit(np.eye(4), np.arange(4.0))
            print(f"loss={loss!r}: accepted")
        except ValueError as exc:  # InvalidParameterError is a ValueError
            print(f"loss={loss!r}: {type(exc).__name__}")
except NotImplementedError:
    print("implement the functions of question 3 first")


# %% [question q4_expected_improvement]
# **Bayesian optimisation** replaces the expensive objective by a **surrogate**: a probabilistic
# model that predicts, at a candidate configuration, a Gaussian $f \sim \mathcal N(\mu,
# \sigma^2)$ for the objective's value (question 5 builds one). Where to evaluate next is decided
# by an **acquisition function**. With $f^*$ the best (smallest) value observed so far, the
# **improvement** of a new evaluation is $\max(0, f^* - f - \xi)$, where $\xi \ge 0$ is a small
# margin that favours exploration, and the **expected improvement** is its mean under the
# surrogate. We **minimise**, so improvement means a *smaller* $f$; with $z = (f^* - \mu -
# \xi)/\sigma$,
# $$\mathrm{EI} = \mathbb E\bigl[\max(0, f^* - f - \xi)\bigr] = (f^* - \mu - \xi)\,\Phi(z) +
#   \sigma\,\varphi(z), \qquad \sigma > 0,$$
# with $\Phi$ and $\varphi$ the standard-normal CDF and density (`scipy.special.ndtr(z)` is
# $\Phi(z)$). The first term rewards a low mean (exploitation), the second a large uncertainty
# (exploration). Libraries that *maximise* write $\mu - f^* - \xi$ instead: copying their
# formula into a minimisation is a common mistake.
#
# **No uncertainty.** At $\sigma = 0$ the formula divides by zero, but the improvement is no
# longer random: $\mathrm{EI} = \max(0, f^* - \mu - \xi)$. Return that without evaluating
# $z$ for those entries (NumPy would warn "divide by zero"). A negative $\sigma$ is an error.
#
# **By Monte Carlo.** The same expectation is the mean of the improvement over samples
# $f_s = \mu + \sigma z_s$ of the surrogate, with standard-normal draws $z_1, \dots, z_S$:
# $$\widehat{\mathrm{EI}} = \frac1S \sum_{s=1}^S \max\bigl(0, f^* - \mu - \sigma z_s - \xi\bigr).$$
# `ei_monte_carlo` takes the draws `z` as an argument, shared by all $M$ points (the same $z_s$
# for every $\mu_m, \sigma_m$), which makes it exactly reproducible. Without `z` it draws
# `n_samples` of them from `np.random.default_rng(seed)`. The grader compares the mean of your
# seeded estimates, over 4 seeds of 20,000 draws each, with the closed form: any systematic bias
# shows up.
#
# **Worked example.** $f^* = 0.5$, $\xi = 0.01$ and four candidates with $\boldsymbol\mu = (0.2,
# 0.5, 1.0, 0.3)$, $\boldsymbol\sigma = (0.1, 0.3, 0.0, 0.0)$: $\mathrm{EI} = (0.29005417,
# 0.11474917, 0, 0.19)$. The first is almost sure to improve, by about $0.29$; the second is a
# coin toss with a large spread; the last two are certain, with no gain and a gain of $0.19$.
# With the five draws `z = [-1.0, 0.5, 0.0, 2.0, -0.3]` the Monte-Carlo estimates are $(0.266,
# 0.074, 0, 0.19)$.


# %% [answer]
def expected_improvement(mu, sigma, f_best, xi=0.01):
    """Expected improvement for minimisation: (f_best - mu - xi) Phi(z) + sigma phi(z) with
    z = (f_best - mu - xi) / sigma, and max(0, f_best - mu - xi) where sigma == 0.

    mu, sigma: float64 arrays of the same shape (M,); f_best, xi: floats. Returns a float64
    array of shape (M,). Emits no warning for sigma == 0; raises ValueError whose message
    contains "sigma" if any sigma is negative.
    """
    ### BEGIN SOLUTION
    mu = np.asarray(mu, dtype=np.float64)
    sigma = np.asarray(sigma, dtype=np.float64)
    if np.any(sigma < 0):
        raise ValueError("sigma must be >= 0")
    gain = f_best - mu - xi
    positive = sigma > 0
    safe = np.where(positive, sigma, 1.0)
    z = gain / safe
    ei = gain * scipy.special.ndtr(z) + safe * np.exp(-0.5 * z**2) / np.sqrt(2.0 * np.pi)
    return np.where(positive, ei, np.maximum(gain, 0.0))
    ### END SOLUTION


def ei_monte_carlo(mu, sigma, f_best, xi=0.01, z=None, n_samples=10000, seed=None):
    """Monte-Carlo expected improvement: the mean over s of max(0, f_best - (mu + sigma z_s) - xi).

    mu, sigma: float64 arrays of shape (M,). z: a 1-D array of S standard-normal draws shared by
    all M points; if z is None, n_samples draws come from np.random.default_rng(seed) only
    (never the global RNG), so that the same seed gives the same estimate. Returns a float64
    array of shape (M,).
    """
    ### BEGIN SOLUTION
    mu = np.asarray(mu, dtype=np.float64)
    sigma = np.asarray(sigma, dtype=np.float64)
    if z is None:
        z = np.random.default_rng(seed).standard_normal(n_samples)
    z = np.asarray(z, dtype=np.float64)
    f = mu[None, :] + sigma[None, :] * z[:, None]
    return np.maximum(f_best - f - xi, 0.0).mean(axis=0)
    ### END SOLUTION


# %% [explore]
# EI along a line of candidates with a made-up surrogate: it is large where the mean is low
# (exploitation) or the spread is large (exploration). Right: Monte-Carlo estimates at one
# candidate approach the closed form as the number of draws grows (error ~ 1 / sqrt(S)).
try:
    xs = np.linspace(0.0, 1.0, 201)
    mu_demo = 0.6 + 0.3 * np.sin(6.0 * xs)
    sigma_demo = 0.05 + 0.2 * xs**2
    ei_demo = expected_improvement(mu_demo, sigma_demo, 0.4, 0.01)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.5))
    ax1.plot(xs, mu_demo, label="surrogate mean")
    ax1.fill_between(xs, mu_demo - 2 * sigma_demo, mu_demo + 2 * sigma_demo, alpha=0.3)
    ax1.axhline(0.4, color="k", ls=":", label="f* = 0.4")
    ax1b = ax1.twinx()
    ax1b.plot(xs, ei_demo, color="C3", label="EI")
    ax1b.set_ylabel("expected improvement")
    ax1.legend(fontsize=8, loc="upper left")
    ax1b.legend(fontsize=8, loc="upper right")
    sizes = [10, 30, 100, 300, 1000, 3000, 10000]
    one = (np.array([0.55]), np.array([0.2]))
    for s in sizes:
        est = [ei_monte_carlo(*one, 0.4, 0.01, n_samples=s, seed=r)[0] for r in range(20)]
        ax2.semilogx([s] * 20, est, ".", color="C0", alpha=0.5)
    ax2.axhline(expected_improvement(*one, 0.4, 0.01)[0], color="C1", label="closed form")
    ax2.set_xlabel("number of draws S")
    ax2.set_ylabel("Monte-Carlo EI")
    ax2.legend()
    fig.tight_layout()
    plt.show()
except NotImplementedError:
    print("implement the functions of question 4 first")


# %% [question q5_gp_bo]
# **A Gaussian-process surrogate.** A Gaussian process (GP) is a prior over functions: any finite
# set of values $f(\mathbf x_1), \dots, f(\mathbf x_n)$ is jointly Gaussian, with covariances
# given by a **kernel**. We use the RBF (squared-exponential) kernel with length scale $\ell$ and
# signal variance $v$:
# $$k(\mathbf x, \mathbf x') = v \exp\Bigl(-\frac{\lVert \mathbf x - \mathbf x' \rVert^2}{2
#   \ell^2}\Bigr).$$
# Note the square of $\ell$ and the factor 2: $\ell$ is the distance over which the function
# changes, in the units of $\mathbf x$. A 1-D array of $n$ numbers is $n$ points in one dimension.
#
# **The posterior.** Given the observations $\mathbf y$ at $X = (\mathbf x_1, \dots, \mathbf x_n)$
# and a constant prior mean $m_0 = \bar y$ (the mean of the observed values, so that far from
# the data the surrogate predicts the average), the posterior at new points $X_*$ has
# $$\boldsymbol\mu_* = m_0 + K_*^\top K^{-1} (\mathbf y - m_0), \qquad
#   \sigma_*^2 = v - \operatorname{diag}\bigl(K_*^\top K^{-1} K_*\bigr),$$
# with $K = k(X, X) + \varepsilon I$ ($n \times n$) and $K_* = k(X, X_*)$ ($n \times m$). The
# **jitter** $\varepsilon$ (e.g. $10^{-8}$) is added to the diagonal of $K$ only, for numerical
# reasons: two observations at the same point (or very close ones) make $k(X, X)$ singular, and
# a small jitter makes it positive definite again. Compute through the Cholesky factor $K = L
# L^\top$: $\boldsymbol\alpha = K^{-1}(\mathbf y - m_0)$ by two triangular solves
# (`scipy.linalg.cho_solve`) and $\sigma_*^2 = v - \sum_i V_{ij}^2$ with $V = L^{-1} K_*$
# (`scipy.linalg.solve_triangular`). Round-off can make $\sigma_*^2$ slightly negative: set
# those to 0 before the square root.
#
# **One Bayesian-optimisation step.** Fit the GP to the evaluations so far, compute the
# acquisition function on a grid of **candidates**, and pick the candidate with the **largest**
# score (ties: the **lowest index**, as `np.argmax`). We minimise, so $f^*$ is the **smallest**
# observed value. The acquisition is handed in as a function `acquisition(mu, sigma, f_best)`
# that returns one score per candidate; in this notebook you can pass your expected improvement,
# `lambda mu, sigma, f_best: expected_improvement(mu, sigma, f_best, 0.01)`.
#
# **Worked example.** Observations $y = (1.0, 0.2, 0.6)$ at $x = (0, 0.5, 1)$, $\ell = 0.3$,
# $v = 1$, $\varepsilon = 10^{-8}$; $m_0 = 0.6$. At $x_* = (0.25, 0.75, 2)$ the posterior mean is
# $(0.58609724, 0.31998393, 0.60053921)$ (far from the data it returns towards $m_0$) and the
# standard deviation $(0.43597108, 0.43597108, 0.99999201)$. At an observed point the mean is the observation
# and the standard deviation about $10^{-4}$. With the acquisition $2\sigma - \mu$ (a
# lower-confidence-bound rule) on the candidates $(0.1, 0.4, 0.7, 1.5)$, the step picks
# index 3 ($x = 1.5$, far from the data: pure exploration).


# %% [answer]
def rbf_kernel(A, B, length_scale, variance):
    """RBF kernel matrix variance * exp(-||a - b||^2 / (2 length_scale^2)) between the rows of
    A (n, d) and B (m, d): a float64 array of shape (n, m). A 1-D A (n,) is n points in 1-D."""
    ### BEGIN SOLUTION
    A = np.asarray(A, dtype=np.float64)
    B = np.asarray(B, dtype=np.float64)
    A = A[:, None] if A.ndim == 1 else A
    B = B[:, None] if B.ndim == 1 else B
    sq = np.sum((A[:, None, :] - B[None, :, :]) ** 2, axis=2)
    return variance * np.exp(-0.5 * sq / length_scale**2)
    ### END SOLUTION


def gp_posterior(X_obs, y_obs, X_new, length_scale, variance, jitter):
    """GP posterior (mu, sigma) at the rows of X_new, given y_obs (n,) at the rows of X_obs.

    Prior mean mean(y_obs); kernel rbf_kernel(., ., length_scale, variance); jitter added to
    the diagonal of k(X_obs, X_obs) only. Posterior variances below 0 are set to 0; sigma is
    their square root. Returns the tuple (mu, sigma) of float64 arrays of shape (m,).
    """
    ### BEGIN SOLUTION
    y_obs = np.asarray(y_obs, dtype=np.float64)
    m0 = y_obs.mean()
    K = rbf_kernel(X_obs, X_obs, length_scale, variance) + jitter * np.eye(y_obs.size)
    L = np.linalg.cholesky(K)
    K_star = rbf_kernel(X_obs, X_new, length_scale, variance)
    alpha = scipy.linalg.cho_solve((L, True), y_obs - m0)
    V = scipy.linalg.solve_triangular(L, K_star, lower=True)
    var = np.maximum(variance - np.sum(V**2, axis=0), 0.0)
    return m0 + K_star.T @ alpha, np.sqrt(var)
    ### END SOLUTION


def bo_step(X_obs, y_obs, candidates, length_scale, variance, jitter, acquisition):
    """One Bayesian-optimisation step for minimisation.

    Fits gp_posterior to (X_obs, y_obs), evaluates scores = acquisition(mu, sigma, f_best) at
    the rows of candidates with f_best = min(y_obs), and returns the tuple (index, scores):
    index (a Python int) of the largest score, the lowest such index on a tie; scores a float64
    array of shape (m,).
    """
    ### BEGIN SOLUTION
    mu, sigma = gp_posterior(X_obs, y_obs, candidates, length_scale, variance, jitter)
    scores = np.asarray(acquisition(mu, sigma, float(np.min(y_obs))), dtype=np.float64)
    return int(np.argmax(scores)), scores
    ### END SOLUTION


# %% [explore]
# Bayesian optimisation of lambda for ridge on the diabetes data (the objective of question 2,
# lambda searched as log10(lambda) in [-3, 4]), against random search with the same budget.
# Left: the GP surrogate and EI after the last step. Right: the best MAE found so far.
try:
    X_db, y_db = load_diabetes(return_X_y=True, scaled=False)
    folds_db = kfold_indices(442, 5)

    def objective_db(log_lam):
        return cv_mae(X_db, y_db, folds_db, 10.0 ** float(np.ravel(log_lam)[0]))

    cand = np.linspace(-3.0, 4.0, 141)
    ei_fn = lambda mu, sigma, f_best: expected_improvement(mu, sigma, f_best, 0.01)  # noqa: E731
    x_obs = [-2.0, 3.5]
    y_obs = [objective_db(x) for x in x_obs]
    for _ in range(8):
        idx, _scores = bo_step(
            np.array(x_obs), np.array(y_obs), cand, 1.0, np.var(y_obs) + 1e-6, 1e-8, ei_fn
        )
        x_obs.append(cand[idx])
        y_obs.append(objective_db(cand[idx]))
    _, _, cfg_rs, val_rs = random_search(
        lambda t: objective_db(t[0]), [[-3.0, 4.0]], [False], 10, np.random.default_rng(0)
    )
    mu_c, sd_c = gp_posterior(
        np.array(x_obs), np.array(y_obs), cand, 1.0, np.var(y_obs) + 1e-6, 1e-8
    )
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.6))
    ax1.plot(cand, mu_c, label="GP mean")
    ax1.fill_between(cand, mu_c - 2 * sd_c, mu_c + 2 * sd_c, alpha=0.3)
    ax1.plot(x_obs, y_obs, "ko", label="evaluated")
    ax1.set_xlabel("log10(lambda)")
    ax1.set_ylabel("cross-validated MAE")
    ax1.legend(fontsize=8)
    ax2.plot(np.minimum.accumulate(y_obs), "o-", label="Bayesian optimisation")
    ax2.plot(np.minimum.accumulate(val_rs), "s-", label="random search")
    ax2.set_xlabel("evaluation")
    ax2.set_ylabel("best MAE so far")
    ax2.legend()
    plt.show()
except NotImplementedError:
    print("implement the functions of questions 1, 2, 3, 4 and 5 first")
