"""Known wrong answers (mutants) and alternative correct answers for 14_hyperparameter_search.

MUTANTS come from the catalogs' pitfalls: the lecture's k-fold loop with fold_size = len(X) // k
(the remainder never tested) and the remainder put into the last fold; the scaler fitted on all
the data (leakage), the test fold standardised with its own statistics, the unbiased standard
deviation and a penalised intercept; a uniform draw where the search space says log-uniform, the
sign of a negated score (maximising the MAE), a missing random_state (a fresh generator instead
of the one given); expected improvement with the maximisation sign convention, a division by
sigma = 0, a Monte-Carlo mean without the max(0, .); a GP without jitter, the RBF kernel without
its factor 2, f_best = max(y) and a zero prior mean.

VARIANTS were written from the task text alone, right after the master and before the hidden
suite: each breaks one stated requirement (an edge case, an order, a type, an error and its
message, a warning, the seed discipline, the tie rule, the NaN rule, no mutation). Five of them
are biased only in the seeded path of ei_monte_carlo, for the statistical check.
"""

from __future__ import annotations

from autograder.authoring import Mutant

MUTANTS = [
    # q1
    Mutant(
        "folds of n // k samples: the last n % k samples are never tested (the lecture's loop)",
        "q1_kfold",
        "sizes[: n % k] += 1",
        "pass",
    ),
    Mutant(
        "the remainder n % k goes into the last fold",
        "q1_kfold",
        "sizes[: n % k] += 1",
        "sizes[-1] += n % k",
    ),
    Mutant(
        "perm ignored: contiguous folds of 0, ..., n - 1",
        "q1_kfold",
        "order = np.asarray(perm).astype(np.int64)",
        "order = np.arange(n, dtype=np.int64)",
    ),
    # q2
    Mutant(
        "the scaler fitted once on all the data (leakage)",
        "q2_cv_leakage",
        "mean, scale = zscore_fit(X[train])",
        "mean, scale = zscore_fit(X)",
    ),
    Mutant(
        "the test fold standardised with its own mean and standard deviation",
        "q2_cv_leakage",
        "pred = (X[test] - mean) / scale @ w + b",
        "pred = (X[test] - X[test].mean(axis=0)) / X[test].std(axis=0) @ w + b",
    ),
    Mutant(
        "the scaler's standard deviation with N - 1 (ddof=1)",
        "q2_cv_leakage",
        "scale = X.std(axis=0)",
        "scale = X.std(axis=0, ddof=1)",
    ),
    Mutant(
        "the intercept penalised too (a column of ones in the ridge system)",
        "q2_cv_leakage",
        """    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc = X - x_mean
    w = np.linalg.solve(Xc.T @ Xc + lam * np.eye(X.shape[1]), Xc.T @ (y - y_mean))
    return w, float(y_mean - x_mean @ w)""",
        """    A = np.hstack([X, np.ones((X.shape[0], 1))])
    wb = np.linalg.solve(A.T @ A + lam * np.eye(A.shape[1]), A.T @ y)
    return wb[:-1], float(wb[-1])""",
    ),
    # q3
    Mutant(
        "uniform draws where the space says log-uniform",
        "q3_search",
        "return np.where(log_scale, log_uniform, low + (high - low) * U)",
        "return low + (high - low) * U",
    ),
    Mutant(
        "a negated score maximised: grid search picks the largest value",
        "q3_search",
        "best = np.unravel_index(int(np.argmin(filled)), shape)",
        "best = np.unravel_index("
        "int(np.argmax(np.where(np.isnan(values), -np.inf, values))), shape)",
    ),
    Mutant(
        "the missing random_state: a fresh generator instead of the rng given",
        "q3_search",
        "U = rng.random((n, bounds.shape[0]))",
        "U = np.random.default_rng().random((n, bounds.shape[0]))",
    ),
    # q4
    Mutant(
        "EI with the maximisation sign convention (mu - f_best - xi)",
        "q4_expected_improvement",
        "gain = f_best - mu - xi",
        "gain = mu - f_best - xi",
    ),
    Mutant(
        "EI divides by sigma = 0 (a warning, NaN where the gain is 0)",
        "q4_expected_improvement",
        """    positive = sigma > 0
    safe = np.where(positive, sigma, 1.0)""",
        """    positive = sigma >= 0
    safe = sigma""",
    ),
    Mutant(
        "Monte-Carlo EI without the max(0, .): the mean of f_best - f - xi",
        "q4_expected_improvement",
        "np.maximum(f_best - f - xi, 0.0).mean(axis=0)",
        "(f_best - f - xi).mean(axis=0)",
    ),
    # q5
    Mutant(
        "no jitter on the diagonal of K",
        "q5_gp_bo",
        " + jitter * np.eye(y_obs.size)",
        "",
    ),
    Mutant(
        "RBF kernel without the factor 2: exp(-d^2 / l^2)",
        "q5_gp_bo",
        "np.exp(-0.5 * sq / length_scale**2)",
        "np.exp(-sq / length_scale**2)",
    ),
    Mutant(
        "f_best = max(y_obs): the sign convention of maximisation",
        "q5_gp_bo",
        "float(np.min(y_obs))",
        "float(np.max(y_obs))",
    ),
    Mutant(
        "a zero prior mean instead of mean(y_obs)",
        "q5_gp_bo",
        "m0 = y_obs.mean()",
        "m0 = 0.0",
    ),
    Mutant(
        "RBF kernel with the length scale not squared",
        "q5_gp_bo",
        "np.exp(-0.5 * sq / length_scale**2)",
        "np.exp(-0.5 * sq / length_scale)",
    ),
]

VARIANTS = [
    # q1
    Mutant(
        "q1: k > n accepted (empty test folds)",
        "q1_kfold",
        "if k < 2 or k > n:",
        "if k < 2:",
    ),
    Mutant(
        "q1: k = 1 accepted (a fold that trains on nothing)",
        "q1_kfold",
        "if k < 2 or k > n:",
        "if k < 1 or k > n:",
    ),
    Mutant(
        "q1: perm not validated",
        "q1_kfold",
        "if order.shape != (n,) or not np.array_equal(np.sort(order), np.arange(n)):",
        "if False:",
    ),
    Mutant(
        "q1: perm checked only for its length (repeated indices pass)",
        "q1_kfold",
        "if order.shape != (n,) or not np.array_equal(np.sort(order), np.arange(n)):",
        "if order.shape != (n,):",
    ),
    Mutant(
        "q1: the perm error message does not say 'permutation'",
        "q1_kfold",
        '"perm must be a permutation of 0, ..., n - 1"',
        '"invalid perm"',
    ),
    Mutant(
        "q1: test indices in the order of perm, not sorted",
        "q1_kfold",
        "test = np.sort(order[start:stop])",
        "test = order[start:stop]",
    ),
    Mutant(
        "q1: training indices in the order of perm, not sorted",
        "q1_kfold",
        "train = np.sort(np.concatenate([order[:start], order[stop:]]))",
        "train = np.concatenate([order[:start], order[stop:]])",
    ),
    Mutant(
        "q1: each fold returned as (test, train)",
        "q1_kfold",
        "folds.append((train, test))",
        "folds.append((test, train))",
    ),
    Mutant(
        "q1: indices as float arrays",
        "q1_kfold",
        "folds.append((train, test))",
        "folds.append((train.astype(np.float64), test.astype(np.float64)))",
    ),
    Mutant(
        "q1: the last n % k folds get the extra sample",
        "q1_kfold",
        "sizes[: n % k] += 1",
        "sizes[k - n % k :] += 1",
    ),
    Mutant(
        "q1: indices as Python lists",
        "q1_kfold",
        "folds.append((train, test))",
        "folds.append((train.tolist(), test.tolist()))",
    ),
    # q2
    Mutant(
        "q2: a constant feature keeps scale 0 (division by zero)",
        "q2_cv_leakage",
        "np.where(scale == 0.0, 1.0, scale)",
        "scale",
    ),
    Mutant(
        "q2: zscore_fit returns (scale, mean)",
        "q2_cv_leakage",
        "return X.mean(axis=0), np.where(scale == 0.0, 1.0, scale)",
        "return np.where(scale == 0.0, 1.0, scale), X.mean(axis=0)",
    ),
    Mutant(
        "q2: the variance as the scale",
        "q2_cv_leakage",
        "scale = X.std(axis=0)",
        "scale = X.var(axis=0)",
    ),
    Mutant(
        "q2: zscore_fit centres X in place",
        "q2_cv_leakage",
        """    scale = X.std(axis=0)
    return X.mean(axis=0), np.where(scale == 0.0, 1.0, scale)""",
        """    mean = X.mean(axis=0)
    X -= mean
    scale = np.sqrt(np.mean(X**2, axis=0))
    return mean, np.where(scale == 0.0, 1.0, scale)""",
    ),
    Mutant(
        "q2: ridge_fit returns b as a NumPy float",
        "q2_cv_leakage",
        "return w, float(y_mean - x_mean @ w)",
        "return w, y_mean - x_mean @ w",
    ),
    Mutant(
        "q2: ridge_fit centres y but not X",
        "q2_cv_leakage",
        "Xc = X - x_mean",
        "Xc = X",
    ),
    Mutant(
        "q2: lam added to every entry of X^T X",
        "q2_cv_leakage",
        "Xc.T @ Xc + lam * np.eye(X.shape[1])",
        "Xc.T @ Xc + lam",
    ),
    Mutant(
        "q2: the pooled MAE over all test samples (weighted by fold size)",
        "q2_cv_leakage",
        """        maes.append(np.mean(np.abs(y[test] - pred)))
    return float(np.mean(maes))""",
        """        maes.append(np.abs(y[test] - pred))
    return float(np.mean(np.concatenate(maes)))""",
    ),
    Mutant(
        "q2: the mean squared error instead of the MAE",
        "q2_cv_leakage",
        "maes.append(np.mean(np.abs(y[test] - pred)))",
        "maes.append(np.mean((y[test] - pred) ** 2))",
    ),
    Mutant(
        "q2: cv_mae returns a NumPy float",
        "q2_cv_leakage",
        "return float(np.mean(maes))",
        "return np.mean(maes)",
    ),
    Mutant(
        "q2: the test fold not standardised",
        "q2_cv_leakage",
        "pred = (X[test] - mean) / scale @ w + b",
        "pred = X[test] @ w + b",
    ),
    # q3
    Mutant(
        "q3: grid values with the axes swapped (meshgrid's default 'xy' layout)",
        "q3_search",
        "return np.array([g[i] for g, i in zip(grids, best)]), float(values[best]), values",
        "return np.array([g[i] for g, i in zip(grids, best)]), float(values[best]), values.T",
    ),
    Mutant(
        "q3: grid ties go to the first hyperparameter varying fastest (column-major order)",
        "q3_search",
        "best = np.unravel_index(int(np.argmin(filled)), shape)",
        'best = np.unravel_index(int(np.argmin(filled.ravel(order="F"))), shape, order="F")',
    ),
    Mutant(
        "q3: grid ties go to the last combination",
        "q3_search",
        "best = np.unravel_index(int(np.argmin(filled)), shape)",
        "best = np.unravel_index(int(filled.size - 1 - np.argmin(filled.ravel()[::-1])), shape)",
    ),
    Mutant(
        "q3: grid search lets NaN win (np.argmin on the raw values)",
        "q3_search",
        "filled = np.where(np.isnan(values), np.inf, values)",
        "filled = values",
    ),
    Mutant(
        "q3: grid search returns NaN when every value is NaN",
        "q3_search",
        """    if np.all(np.isnan(values)):
        raise ValueError("every objective value on the grid is NaN")""",
        "",
    ),
    Mutant(
        "q3: grid search's best value as a NumPy float",
        "q3_search",
        "return np.array([g[i] for g, i in zip(grids, best)]), float(values[best]), values",
        "return np.array([g[i] for g, i in zip(grids, best)]), values[best], values",
    ),
    Mutant(
        "q3: uniforms drawn one column at a time",
        "q3_search",
        "U = rng.random((n, bounds.shape[0]))",
        "U = np.stack([rng.random(n) for _ in range(bounds.shape[0])], axis=1)",
    ),
    Mutant(
        "q3: logarithms of every bound (a warning for a negative uniform bound)",
        "q3_search",
        """    log_low = np.log(np.where(log_scale, low, 1.0))
    log_high = np.log(np.where(log_scale, high, 1.0))""",
        """    log_low = np.log(low)
    log_high = np.log(high)""",
    ),
    Mutant(
        "q3: a log-uniform dimension with low <= 0 accepted",
        "q3_search",
        "if np.any(log_scale & (low <= 0)):",
        "if False:",
    ),
    Mutant(
        "q3: natural logarithms mapped back with 10 ** x",
        "q3_search",
        "log_uniform = np.exp(log_low + (log_high - log_low) * U)",
        "log_uniform = 10.0 ** (log_low + (log_high - log_low) * U)",
    ),
    Mutant(
        "q3: random-search ties go to the last trial",
        "q3_search",
        "best = int(np.argmin(np.where(np.isnan(values), np.inf, values)))",
        "best = int(values.size - 1 - np.argmin(np.where(np.isnan(values), np.inf, values)[::-1]))",
    ),
    Mutant(
        "q3: random search lets NaN win",
        "q3_search",
        "best = int(np.argmin(np.where(np.isnan(values), np.inf, values)))",
        "best = int(np.argmin(values))",
    ),
    Mutant(
        "q3: random search returns NaN when every value is NaN",
        "q3_search",
        """    if np.all(np.isnan(values)):
        raise ValueError("every trial's objective value is NaN")""",
        "",
    ),
    # q4
    Mutant(
        "q4: a negative sigma accepted",
        "q4_expected_improvement",
        """    if np.any(sigma < 0):
        raise ValueError("sigma must be >= 0")""",
        "",
    ),
    Mutant(
        "q4: the error message does not name sigma",
        "q4_expected_improvement",
        '"sigma must be >= 0"',
        '"negative standard deviation"',
    ),
    Mutant(
        "q4: EI = 0 wherever sigma = 0",
        "q4_expected_improvement",
        "np.maximum(gain, 0.0))",
        "0.0)",
    ),
    Mutant(
        "q4: EI = f_best - mu - xi where sigma = 0, negative too",
        "q4_expected_improvement",
        "np.maximum(gain, 0.0))",
        "gain)",
    ),
    Mutant(
        "q4: xi ignored",
        "q4_expected_improvement",
        "gain = f_best - mu - xi",
        "gain = f_best - mu",
    ),
    Mutant(
        "q4: xi added instead of subtracted",
        "q4_expected_improvement",
        "gain = f_best - mu - xi",
        "gain = f_best - mu + xi",
    ),
    Mutant(
        "q4: the normal density without 1 / sqrt(2 pi)",
        "q4_expected_improvement",
        "np.exp(-0.5 * z**2) / np.sqrt(2.0 * np.pi)",
        "np.exp(-0.5 * z**2)",
    ),
    Mutant(
        "q4: Phi(-z) instead of Phi(z)",
        "q4_expected_improvement",
        "scipy.special.ndtr(z)",
        "scipy.special.ndtr(-z)",
    ),
    Mutant(
        "q4: Monte-Carlo samples f = mu - sigma z",
        "q4_expected_improvement",
        "f = mu[None, :] + sigma[None, :] * z[:, None]",
        "f = mu[None, :] - sigma[None, :] * z[:, None]",
    ),
    Mutant(
        "q4 (biased, seeded path): xi forgotten when drawing the samples",
        "q4_expected_improvement",
        """    if z is None:
        z = np.random.default_rng(seed).standard_normal(n_samples)""",
        """    if z is None:
        xi = 0.0
        z = np.random.default_rng(seed).standard_normal(n_samples)""",
    ),
    Mutant(
        "q4 (biased, seeded path): uniform draws instead of standard-normal ones",
        "q4_expected_improvement",
        "z = np.random.default_rng(seed).standard_normal(n_samples)",
        "z = np.random.default_rng(seed).random(n_samples)",
    ),
    Mutant(
        "q4 (biased, seeded path): Box-Muller without the factor 2 in sqrt(-2 log u)",
        "q4_expected_improvement",
        "z = np.random.default_rng(seed).standard_normal(n_samples)",
        """rng = np.random.default_rng(seed)
        u1, u2 = rng.random(n_samples), rng.random(n_samples)
        z = np.sqrt(-np.log(1.0 - u1)) * np.cos(2.0 * np.pi * u2)""",
    ),
    Mutant(
        "q4 (biased, seeded path): f drawn with sigma**2 as its standard deviation",
        "q4_expected_improvement",
        """    if z is None:
        z = np.random.default_rng(seed).standard_normal(n_samples)
    z = np.asarray(z, dtype=np.float64)
    f = mu[None, :] + sigma[None, :] * z[:, None]""",
        """    if z is None:
        f = np.random.default_rng(seed).normal(mu, sigma**2, size=(n_samples, mu.size))
    else:
        z = np.asarray(z, dtype=np.float64)
        f = mu[None, :] + sigma[None, :] * z[:, None]""",
    ),
    Mutant(
        "q4: the seeded path draws from the global NumPy generator",
        "q4_expected_improvement",
        "z = np.random.default_rng(seed).standard_normal(n_samples)",
        "z = np.random.standard_normal(n_samples)",
    ),
    Mutant(
        "q4 (biased, seeded path): 'outliers' |z| > 2 dropped from the draws",
        "q4_expected_improvement",
        "z = np.random.default_rng(seed).standard_normal(n_samples)",
        """z = np.random.default_rng(seed).standard_normal(n_samples)
        z = z[np.abs(z) <= 2.0]""",
    ),
    # q5
    Mutant(
        "q5: a 1-D array read as one point in n dimensions",
        "q5_gp_bo",
        """    A = A[:, None] if A.ndim == 1 else A
    B = B[:, None] if B.ndim == 1 else B""",
        """    A = A[None, :] if A.ndim == 1 else A
    B = B[None, :] if B.ndim == 1 else B""",
    ),
    Mutant(
        "q5: the signal variance squared",
        "q5_gp_bo",
        "return variance * np.exp(-0.5 * sq / length_scale**2)",
        "return variance**2 * np.exp(-0.5 * sq / length_scale**2)",
    ),
    Mutant(
        "q5: the distance instead of the squared distance",
        "q5_gp_bo",
        "sq = np.sum((A[:, None, :] - B[None, :, :]) ** 2, axis=2)",
        "sq = np.sqrt(np.sum((A[:, None, :] - B[None, :, :]) ** 2, axis=2))",
    ),
    Mutant(
        "q5: jitter added to the posterior variance too",
        "q5_gp_bo",
        "var = np.maximum(variance - np.sum(V**2, axis=0), 0.0)",
        "var = np.maximum(variance + jitter - np.sum(V**2, axis=0), 0.0)",
    ),
    Mutant(
        "q5: negative posterior variances not set to 0 (NaN)",
        "q5_gp_bo",
        "var = np.maximum(variance - np.sum(V**2, axis=0), 0.0)",
        "var = variance - np.sum(V**2, axis=0)",
    ),
    Mutant(
        "q5: y not centred by the prior mean in alpha",
        "q5_gp_bo",
        "alpha = scipy.linalg.cho_solve((L, True), y_obs - m0)",
        "alpha = scipy.linalg.cho_solve((L, True), y_obs)",
    ),
    Mutant(
        "q5: gp_posterior returns the variance instead of the standard deviation",
        "q5_gp_bo",
        "return m0 + K_star.T @ alpha, np.sqrt(var)",
        "return m0 + K_star.T @ alpha, var",
    ),
    Mutant(
        "q5: bo_step ties go to the highest index",
        "q5_gp_bo",
        "return int(np.argmax(scores)), scores",
        "return int(scores.size - 1 - np.argmax(scores[::-1])), scores",
    ),
    Mutant(
        "q5: bo_step picks the smallest score",
        "q5_gp_bo",
        "return int(np.argmax(scores)), scores",
        "return int(np.argmin(scores)), scores",
    ),
    Mutant(
        "q5: bo_step's index as a NumPy integer",
        "q5_gp_bo",
        "return int(np.argmax(scores)), scores",
        "return np.argmax(scores), scores",
    ),
    Mutant(
        "q5: f_best = the last observation",
        "q5_gp_bo",
        "float(np.min(y_obs))",
        "float(y_obs[-1])",
    ),
    Mutant(
        "q5: f_best = the mean of the observations",
        "q5_gp_bo",
        "float(np.min(y_obs))",
        "float(np.mean(y_obs))",
    ),
]

ALTERNATIVES = [
    # q1
    Mutant(
        "q1: the folds by scikit-learn's KFold on the order",
        "q1_kfold",
        """    sizes = np.full(k, n // k)
    sizes[: n % k] += 1
    stops = np.cumsum(sizes)
    folds = []
    for start, stop in zip(stops - sizes, stops):
        test = np.sort(order[start:stop])
        train = np.sort(np.concatenate([order[:start], order[stop:]]))
        folds.append((train, test))
    return folds""",
        """    from sklearn.model_selection import KFold

    return [(np.sort(order[tr]), np.sort(order[te])) for tr, te in KFold(k).split(order)]""",
    ),
    Mutant(
        "q1: the blocks by np.array_split and boolean masks",
        "q1_kfold",
        """    sizes = np.full(k, n // k)
    sizes[: n % k] += 1
    stops = np.cumsum(sizes)
    folds = []
    for start, stop in zip(stops - sizes, stops):
        test = np.sort(order[start:stop])
        train = np.sort(np.concatenate([order[:start], order[stop:]]))
        folds.append((train, test))
    return folds""",
        """    folds = []
    for block in np.array_split(order, k):
        in_test = np.zeros(n, dtype=bool)
        in_test[block] = True
        folds.append((np.flatnonzero(~in_test), np.flatnonzero(in_test)))
    return folds""",
    ),
    # q2
    Mutant(
        "q2: StandardScaler, Ridge and cross_val_score of scikit-learn",
        "q2_cv_leakage",
        """    maes = []
    for train, test in folds:
        mean, scale = zscore_fit(X[train])
        w, b = ridge_fit((X[train] - mean) / scale, y[train], lam)
        pred = (X[test] - mean) / scale @ w + b
        maes.append(np.mean(np.abs(y[test] - pred)))
    return float(np.mean(maes))""",
        """    from sklearn.linear_model import Ridge
    from sklearn.model_selection import cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    model = make_pipeline(StandardScaler(), Ridge(alpha=lam))
    scores = cross_val_score(model, X, y, cv=list(folds), scoring="neg_mean_absolute_error")
    return float(-np.mean(scores))""",
    ),
    Mutant(
        "q2: the scaler by StandardScaler",
        "q2_cv_leakage",
        """    X = np.asarray(X, dtype=np.float64)
    scale = X.std(axis=0)
    return X.mean(axis=0), np.where(scale == 0.0, 1.0, scale)""",
        """    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(np.asarray(X, dtype=np.float64))
    return scaler.mean_, scaler.scale_""",
    ),
    Mutant(
        "q2: ridge by least squares on the augmented system [Xc; sqrt(lam) I]",
        "q2_cv_leakage",
        "w = np.linalg.solve(Xc.T @ Xc + lam * np.eye(X.shape[1]), Xc.T @ (y - y_mean))",
        """D = X.shape[1]
    A = np.vstack([Xc, np.sqrt(lam) * np.eye(D)])
    w = np.linalg.lstsq(A, np.concatenate([y - y_mean, np.zeros(D)]), rcond=None)[0]""",
    ),
    Mutant(
        "q2: ridge by scikit-learn's Ridge",
        "q2_cv_leakage",
        """    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc = X - x_mean
    w = np.linalg.solve(Xc.T @ Xc + lam * np.eye(X.shape[1]), Xc.T @ (y - y_mean))
    return w, float(y_mean - x_mean @ w)""",
        """    from sklearn.linear_model import Ridge

    model = Ridge(alpha=lam).fit(X, y)
    return model.coef_, float(model.intercept_)""",
    ),
    # q3
    Mutant(
        "q3: grid by np.meshgrid(indexing='ij') and np.nanargmin",
        "q3_search",
        """    values = np.empty(shape)
    for idx in itertools.product(*(range(s) for s in shape)):
        values[idx] = float(objective(np.array([g[i] for g, i in zip(grids, idx)])))
    if np.all(np.isnan(values)):
        raise ValueError("every objective value on the grid is NaN")
    filled = np.where(np.isnan(values), np.inf, values)
    best = np.unravel_index(int(np.argmin(filled)), shape)""",
        """    mesh = np.meshgrid(*grids, indexing="ij")
    points = np.stack([m.ravel() for m in mesh], axis=1)
    values = np.array([float(objective(p)) for p in points]).reshape(shape)
    if np.all(np.isnan(values)):
        raise ValueError("every objective value on the grid is NaN")
    best = np.unravel_index(int(np.nanargmin(values)), shape)""",
    ),
    Mutant(
        "q3: log-uniform draws through log10 and 10 ** x, one row of uniforms at a time",
        "q3_search",
        """    U = rng.random((n, bounds.shape[0]))
    log_low = np.log(np.where(log_scale, low, 1.0))
    log_high = np.log(np.where(log_scale, high, 1.0))
    log_uniform = np.exp(log_low + (log_high - log_low) * U)
    return np.where(log_scale, log_uniform, low + (high - low) * U)""",
        """    U = np.array([rng.random(bounds.shape[0]) for _ in range(n)]).reshape(n, -1)
    out = np.empty((n, bounds.shape[0]))
    for j in range(bounds.shape[0]):
        if log_scale[j]:
            a, b = np.log10(low[j]), np.log10(high[j])
            out[:, j] = 10.0 ** (a + (b - a) * U[:, j])
        else:
            out[:, j] = low[j] + (high[j] - low[j]) * U[:, j]
    return out""",
    ),
    Mutant(
        "q3: random search with a running best and a strict comparison",
        "q3_search",
        """    if np.all(np.isnan(values)):
        raise ValueError("every trial's objective value is NaN")
    best = int(np.argmin(np.where(np.isnan(values), np.inf, values)))""",
        """    best = -1
    for i, v in enumerate(values):
        if not np.isnan(v) and (best < 0 or v < values[best]):
            best = i
    if best < 0:
        raise ValueError("every trial's objective value is NaN")""",
    ),
    # q4
    Mutant(
        "q4: EI with scipy.stats.norm's cdf and pdf, sigma = 0 handled by a mask",
        "q4_expected_improvement",
        """    gain = f_best - mu - xi
    positive = sigma > 0
    safe = np.where(positive, sigma, 1.0)
    z = gain / safe
    ei = gain * scipy.special.ndtr(z) + safe * np.exp(-0.5 * z**2) / np.sqrt(2.0 * np.pi)
    return np.where(positive, ei, np.maximum(gain, 0.0))""",
        """    from scipy import stats

    gain = f_best - mu - xi
    out = np.maximum(gain, 0.0)
    pos = sigma > 0
    z = gain[pos] / sigma[pos]
    out[pos] = gain[pos] * stats.norm.cdf(z) + sigma[pos] * stats.norm.pdf(z)
    return out""",
    ),
    Mutant(
        "q4: EI with Phi(z) = erfc(-z / sqrt 2) / 2, in a loop",
        "q4_expected_improvement",
        """    gain = f_best - mu - xi
    positive = sigma > 0
    safe = np.where(positive, sigma, 1.0)
    z = gain / safe
    ei = gain * scipy.special.ndtr(z) + safe * np.exp(-0.5 * z**2) / np.sqrt(2.0 * np.pi)
    return np.where(positive, ei, np.maximum(gain, 0.0))""",
        """    out = np.zeros(mu.shape)
    for i in range(mu.size):
        g = f_best - mu[i] - xi
        if sigma[i] == 0:
            out[i] = max(g, 0.0)
        else:
            t = g / sigma[i]
            cdf = 0.5 * scipy.special.erfc(-t / np.sqrt(2.0))
            out[i] = g * cdf + sigma[i] * np.exp(-0.5 * t * t) / np.sqrt(2.0 * np.pi)
    return out""",
    ),
    Mutant(
        "q4: Monte-Carlo EI point by point; antithetic draws (z, -z) in the seeded path",
        "q4_expected_improvement",
        """    if z is None:
        z = np.random.default_rng(seed).standard_normal(n_samples)
    z = np.asarray(z, dtype=np.float64)
    f = mu[None, :] + sigma[None, :] * z[:, None]
    return np.maximum(f_best - f - xi, 0.0).mean(axis=0)""",
        """    if z is None:
        half = np.random.default_rng(seed).standard_normal(n_samples // 2)
        z = np.concatenate([half, -half])
    z = np.asarray(z, dtype=np.float64)
    out = np.empty(mu.shape)
    for m in range(mu.size):
        out[m] = np.mean(np.clip(f_best - xi - mu[m] - sigma[m] * z, 0.0, None))
    return out""",
    ),
    # q5
    Mutant(
        "q5: kernel by scipy's cdist, posterior by np.linalg.solve",
        "q5_gp_bo",
        """    sq = np.sum((A[:, None, :] - B[None, :, :]) ** 2, axis=2)""",
        """    from scipy.spatial.distance import cdist

    sq = cdist(A, B, "sqeuclidean")""",
    ),
    Mutant(
        "q5: posterior by np.linalg.solve instead of Cholesky",
        "q5_gp_bo",
        """    L = np.linalg.cholesky(K)
    K_star = rbf_kernel(X_obs, X_new, length_scale, variance)
    alpha = scipy.linalg.cho_solve((L, True), y_obs - m0)
    V = scipy.linalg.solve_triangular(L, K_star, lower=True)
    var = np.maximum(variance - np.sum(V**2, axis=0), 0.0)""",
        """    K_star = rbf_kernel(X_obs, X_new, length_scale, variance)
    alpha = np.linalg.solve(K, y_obs - m0)
    var = np.maximum(variance - np.sum(K_star * np.linalg.solve(K, K_star), axis=0), 0.0)""",
    ),
    Mutant(
        "q5: bo_step's argmax by a loop with a strict comparison",
        "q5_gp_bo",
        "return int(np.argmax(scores)), scores",
        """best = 0
    for i in range(1, scores.size):
        if scores[i] > scores[best]:
            best = i
    return best, scores""",
    ),
]
