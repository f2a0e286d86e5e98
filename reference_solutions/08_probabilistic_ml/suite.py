"""Hidden suite for 08_probabilistic_ml.

Inputs differ from the notebook's worked examples: other sizes, seeds, offsets and
hyperparameters. Edge cases the task text names: coins with theta exactly 0 and 1 (0 log 0 = 0,
-inf, no warning), a single Gaussian sample and 1-D data, an empty data set; a D = 300 density
whose determinant underflows, a single point, D = 1, a non-positive-definite Sigma; iris
measurements exactly at the thresholds, class labels that are not 0..C-1, zero counts with
alpha = 0, 2000 features (a product of probabilities underflows), a tie between classes; fewer
samples than features for ridge; Bayesian regression without data; dropout with a given mask,
at test time, and its mean over 4 x 60,000 seeded draws; early-stopping histories with an
improvement of exactly min_delta, NaNs, accuracies and runs that never stop; a Cholesky-like
factor with a negative diagonal entry and the ELBO at the exact posterior.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
from scipy import stats
from sklearn.datasets import load_iris
from sklearn.linear_model import Ridge

from autograder.authoring import (
    Call,
    FlagsCheck,
    NestedCall,
    NoMutationCheck,
    NoWarningsCheck,
    Question,
    RaisesCheck,
    SeedCheck,
    ShapeCheck,
    StatisticalCheck,
    ThresholdCheck,
    Tolerance,
    ValueCheck,
)

rng = np.random.default_rng(8_2026)
TIGHT = Tolerance(1e-10, 1e-12)
tight_value = partial(ValueCheck, tol=TIGHT)  # float64 closed forms: most value checks
EXACT = Tolerance(0.0, 0.0)
exact_value = partial(ValueCheck, tol=EXACT)  # integers, labels and exact arithmetic

# -- q1 ---------------------------------------------------------------------------------------
COIN = rng.integers(0, 2, size=37)
COIN_BOOL = rng.uniform(size=11) < 0.3
X1 = rng.normal(size=(23, 3)) @ np.array([[1.0, 0.4, 0.0], [0.0, 0.7, -0.3], [0.0, 0.0, 0.5]])
X1 = X1 + np.array([5.0, -2.0, 0.1])
X1_1D = rng.normal(loc=3.0, scale=0.7, size=17)
ZEROS = np.zeros(9, dtype=np.int64)
ONES = np.ones(6)
q1 = Question(
    "q1_mle",
    points=2,
    title="Maximum likelihood: a coin and a Gaussian",
    checks=(
        tight_value(
            name="bernoulli_mle of 37 integer 0/1 observations",
            covers=("bern-value", "bern-input"),
            call=Call("bernoulli_mle", (COIN,)),
        ),
        tight_value(
            name="bernoulli_mle of a bool array",
            covers=("bern-value", "bern-input"),
            call=Call("bernoulli_mle", (COIN_BOOL,)),
        ),
        FlagsCheck(
            name="bernoulli_mle returns a Python float",
            covers=("bern-float",),
            python_type="float",
            call=Call("bernoulli_mle", (COIN,)),
        ),
        RaisesCheck(
            name="bernoulli_mle of an empty array raises ValueError",
            covers=("bern-empty",),
            exception="ValueError",
            call=Call("bernoulli_mle", (np.zeros(0),)),
        ),
        RaisesCheck(
            name="bernoulli_mle of an observation 0.5 raises ValueError naming 0 or 1",
            covers=("bern-invalid",),
            exception="ValueError",
            match="0 or 1",
            says='"0 or 1"',
            call=Call("bernoulli_mle", (np.array([0.0, 1.0, 0.5, 1.0]),)),
        ),
        RaisesCheck(
            name="bernoulli_mle of an observation NaN raises ValueError naming 0 or 1",
            covers=("bern-invalid",),
            exception="ValueError",
            match="0 or 1",
            says='"0 or 1"',
            call=Call("bernoulli_mle", (np.array([1.0, np.nan, 0.0]),)),
        ),
        RaisesCheck(
            name="bernoulli_mle of an observation 2 raises ValueError naming 0 or 1",
            covers=("bern-invalid",),
            exception="ValueError",
            match="0 or 1",
            says='"0 or 1"',
            call=Call("bernoulli_mle", (np.array([0, 1, 2, 1]),)),
        ),
        tight_value(
            name="bernoulli_loglik of 37 observations at theta = 0.3",
            covers=("loglik-value",),
            call=Call("bernoulli_loglik", (COIN, 0.3)),
        ),
        FlagsCheck(
            name="bernoulli_loglik returns a Python float",
            covers=("loglik-float",),
            python_type="float",
            call=Call("bernoulli_loglik", (COIN, 0.3)),
        ),
        exact_value(
            name="bernoulli_loglik at theta = 0 with a one is -inf",
            covers=("loglik-boundary",),
            call=Call("bernoulli_loglik", (COIN, 0.0)),
        ),
        exact_value(
            name="bernoulli_loglik at theta = 0 of nine zeros is 0",
            covers=("loglik-boundary", "loglik-float"),
            pays_alone=False,
            call=Call("bernoulli_loglik", (ZEROS, 0.0)),
        ),
        exact_value(
            name="bernoulli_loglik at theta = 1 with a zero is -inf",
            covers=("loglik-boundary",),
            call=Call("bernoulli_loglik", (COIN, 1.0)),
        ),
        exact_value(
            name="bernoulli_loglik at theta = 1 of six ones is 0",
            covers=("loglik-boundary",),
            pays_alone=False,
            call=Call("bernoulli_loglik", (ONES, 1.0)),
        ),
        NoWarningsCheck(
            name="bernoulli_loglik emits no warning at theta = 0",
            covers=("loglik-no-warnings",),
            call=Call("bernoulli_loglik", (COIN, 0.0)),
        ),
        NoWarningsCheck(
            name="bernoulli_loglik emits no warning at theta = 1",
            covers=("loglik-no-warnings",),
            call=Call("bernoulli_loglik", (COIN, 1.0)),
        ),
        NoWarningsCheck(
            name="bernoulli_loglik emits no warning for nine zeros at theta = 0",
            covers=("loglik-no-warnings",),
            call=Call("bernoulli_loglik", (ZEROS, 0.0)),
        ),
        tight_value(
            name="gaussian_mle mean of 23 samples in 3-D",
            covers=("gauss-value",),
            part=(0,),
            call=Call("gaussian_mle", (X1,)),
        ),
        tight_value(
            name="gaussian_mle covariance of 23 samples in 3-D (outer products, 1/N)",
            covers=("gauss-value", "gauss-outer"),
            part=(1,),
            call=Call("gaussian_mle", (X1,)),
        ),
        ShapeCheck(
            name="gaussian_mle returns (mu (D,), Sigma (D, D))",
            covers=("gauss-shape",),
            expect="the tuple (mu, Sigma) with mu (D,) and Sigma (D, D), float64",
            call=Call("gaussian_mle", (X1,)),
        ),
        tight_value(
            name="gaussian_mle of 1-D data (D = 1)",
            covers=("gauss-1d",),
            call=Call("gaussian_mle", (X1_1D,)),
        ),
        tight_value(
            name="gaussian_mle of a single sample (Sigma = 0)",
            covers=("gauss-value",),
            call=Call("gaussian_mle", (X1[:1],)),
        ),
        RaisesCheck(
            name="gaussian_mle of X with no rows raises ValueError",
            covers=("gauss-empty",),
            exception="ValueError",
            call=Call("gaussian_mle", (np.zeros((0, 3)),)),
        ),
        NoMutationCheck(
            name="gaussian_mle does not modify X",
            covers=("no-mutation",),
            call=Call("gaussian_mle", (X1.copy(),)),
        ),
    ),
)


# -- q2 ---------------------------------------------------------------------------------------
def _spd(d: int, scale: float) -> np.ndarray:
    a = rng.normal(size=(d, d))
    return scale * (a @ a.T / d + 0.3 * np.eye(d))


MU2 = np.array([0.5, -1.0, 2.0])
SIGMA2 = _spd(3, 1.5)
X2 = MU2 + rng.normal(size=(9, 3)) * 1.3
MU_LEC = np.array([0.0, 1.0])
SIGMA_COND = np.array([[1.0, -0.99], [-0.99, 2.2]])
GRID2 = np.array([[a, b] for a in np.linspace(-2.0, 2.5, 5) for b in np.linspace(-1.5, 3.0, 5)])
D_BIG = 300
B_BIG = rng.normal(size=(D_BIG, D_BIG)) / np.sqrt(D_BIG)
SIGMA_BIG = 0.01 * np.eye(D_BIG) + 0.002 * (B_BIG @ B_BIG.T)
X_BIG = rng.normal(size=(4, D_BIG)) * 0.1
SCIPY_GRID2 = stats.multivariate_normal.logpdf(GRID2, MU_LEC, SIGMA_COND)


def scipy_gap(logp: Any) -> float:
    """Largest relative difference to scipy.stats.multivariate_normal.logpdf on GRID2."""
    logp = np.asarray(logp, dtype=np.float64)
    if logp.shape != SCIPY_GRID2.shape:
        raise ValueError(f"shape {logp.shape} is not (N,)")
    return float(np.max(np.abs(logp - SCIPY_GRID2) / np.abs(SCIPY_GRID2)))


q2 = Question(
    "q2_mvn_logpdf",
    points=3,
    title="The multivariate normal log-density by Cholesky",
    checks=(
        tight_value(
            name="mvn_logpdf of 9 points in 3-D",
            covers=("value", "normaliser"),
            call=Call("mvn_logpdf", (X2, MU2, SIGMA2)),
        ),
        ShapeCheck(
            name="mvn_logpdf of 9 points returns shape (N,)",
            covers=("shape",),
            expect="a float64 array of shape (N,)",
            call=Call("mvn_logpdf", (X2, MU2, SIGMA2)),
        ),
        tight_value(
            name="mvn_logpdf on a 5 x 5 grid with the strongly correlated Sigma",
            covers=("value",),
            call=Call("mvn_logpdf", (GRID2, MU_LEC, SIGMA_COND)),
        ),
        ThresholdCheck(
            name="mvn_logpdf on the grid agrees with scipy.stats.multivariate_normal.logpdf",
            covers=("value",),
            call=Call("mvn_logpdf", (GRID2, MU_LEC, SIGMA_COND)),
            params=((),),
            loss=scipy_gap,
            threshold=1e-10,
            what="the largest relative difference to scipy's logpdf",
        ),
        tight_value(
            name="mvn_logpdf of a single point (D,) is a float",
            covers=("single-point", "value"),
            call=Call("mvn_logpdf", (X2[3], MU2, SIGMA2)),
        ),
        FlagsCheck(
            name="mvn_logpdf of a single point returns a Python float",
            covers=("single-point",),
            python_type="float",
            call=Call("mvn_logpdf", (X2[3], MU2, SIGMA2)),
        ),
        tight_value(
            name="mvn_logpdf with D = 300 and variances near 0.01 (det underflows)",
            covers=("no-det",),
            call=Call("mvn_logpdf", (X_BIG, np.zeros(D_BIG), SIGMA_BIG)),
        ),
        tight_value(
            name="mvn_logpdf in one dimension (D = 1)",
            covers=("value", "normaliser"),
            call=Call("mvn_logpdf", (X2[:, :1], MU2[:1], np.array([[0.3]]))),
        ),
        RaisesCheck(
            name="mvn_logpdf with an indefinite Sigma raises ValueError",
            covers=("not-pd",),
            exception="ValueError",
            match="positive definite",
            says='"positive definite"',
            call=Call("mvn_logpdf", (X2[:, :2], MU2[:2], np.array([[1.0, 2.0], [2.0, 1.0]]))),
        ),
        NoMutationCheck(
            name="mvn_logpdf does not modify X, mu or Sigma",
            covers=("no-mutation",),
            call=Call("mvn_logpdf", (X2.copy(), MU2.copy(), SIGMA2.copy())),
        ),
    ),
)

# -- q3 ---------------------------------------------------------------------------------------
IRIS = load_iris()
HIDDEN_ROWS = [0, 4, 12, 18, 50, 59, 61, 74, 85, 97, 104, 121, 134, 149]
X_IRIS = IRIS.data[HIDDEN_ROWS]
X_TIES = np.array([[5.0, 3.0, 4.3, 1.4], [5.1, 3.1, 4.2, 1.3], [4.9, 2.9, 4.4, 1.5]])
XB3 = (rng.uniform(size=(30, 6)) < 0.45).astype(np.int64)
Y3 = rng.choice(np.array([2, 5, 7]), size=30)
XB3_NEW = np.array([1, 0, 0, 1, 1, 0])
# two classes with the same rows: every score ties exactly
XB_TIE = np.array([[1, 0, 1], [0, 1, 1], [1, 0, 1], [0, 1, 1]])
Y_TIE = np.array([6, 4, 4, 6])
XB_WIDE = (rng.uniform(size=(25, 2000)) < 0.3).astype(np.int64)
Y_WIDE = (rng.uniform(size=25) < 0.5).astype(np.int64)
XB_WIDE_NEW = (rng.uniform(size=2000) < 0.3).astype(np.int64)
FIT3 = Call("naive_bayes_fit", (XB3, Y3, 0.5))
FIT3_ZERO = Call("naive_bayes_fit", (XB3[:8], Y3[:8], 0.0))
q3 = Question(
    "q3_naive_bayes",
    points=3,
    title="Naive Bayes with Laplace smoothing",
    checks=(
        exact_value(
            name="binarize_iris of 14 iris flowers",
            covers=("binarize", "binarize-dtype"),
            call=Call("binarize_iris", (X_IRIS,)),
        ),
        exact_value(
            name="binarize_iris at the thresholds exactly (strict comparisons)",
            covers=("binarize-ties",),
            call=Call("binarize_iris", (X_TIES,)),
        ),
        FlagsCheck(
            name="binarize_iris returns an int64 array",
            covers=("binarize-dtype",),
            python_type="ndarray",
            dtype="int64",
            call=Call("binarize_iris", (X_IRIS,)),
        ),
        tight_value(
            name="naive_bayes_fit with labels 2, 5, 7 and alpha = 0.5",
            covers=("fit-classes", "fit-prior", "fit-laplace"),
            call=FIT3,
        ),
        tight_value(
            name="naive_bayes_fit with alpha = 0 (zero counts give -inf)",
            covers=("fit-zero", "fit-laplace"),
            call=FIT3_ZERO,
        ),
        NoWarningsCheck(
            name="naive_bayes_fit with alpha = 0 emits no warning",
            covers=("fit-zero",),
            call=FIT3_ZERO,
        ),
        tight_value(
            name="naive_bayes_log_scores with three classes",
            covers=("scores-value", "scores-dict"),
            call=Call(
                "naive_bayes_log_scores", (NestedCall("naive_bayes_fit", FIT3.args), XB3_NEW)
            ),
        ),
        tight_value(
            name="naive_bayes_log_scores with alpha = 0 (a zero count gives -inf)",
            covers=("scores-inf", "scores-value"),
            call=Call(
                "naive_bayes_log_scores", (NestedCall("naive_bayes_fit", FIT3_ZERO.args), XB3_NEW)
            ),
        ),
        tight_value(
            name="naive_bayes_log_scores with 2000 features (log space)",
            covers=("scores-log", "scores-value"),
            call=Call(
                "naive_bayes_log_scores",
                (NestedCall("naive_bayes_fit", (XB_WIDE, Y_WIDE, 1.0)), XB_WIDE_NEW),
            ),
        ),
        exact_value(
            name="naive_bayes_predict with three classes",
            covers=("predict",),
            call=Call("naive_bayes_predict", (NestedCall("naive_bayes_fit", FIT3.args), XB3_NEW)),
        ),
        exact_value(
            name="naive_bayes_predict on an exact tie between labels 4 and 6",
            covers=("predict-tie", "predict"),
            call=Call(
                "naive_bayes_predict",
                (NestedCall("naive_bayes_fit", (XB_TIE, Y_TIE, 1.0)), np.array([1, 0, 1])),
            ),
        ),
        exact_value(
            name="naive_bayes_predict when every class scores -inf (alpha = 0)",
            covers=("predict-tie", "scores-inf"),
            call=Call(
                "naive_bayes_predict",
                (NestedCall("naive_bayes_fit", (XB_TIE, Y_TIE, 0.0)), np.array([1, 1, 0])),
            ),
        ),
        FlagsCheck(
            name="naive_bayes_predict returns a Python int",
            covers=("predict",),
            python_type="int",
            call=Call("naive_bayes_predict", (NestedCall("naive_bayes_fit", FIT3.args), XB3_NEW)),
        ),
        NoMutationCheck(
            name="naive_bayes_fit does not modify Xb or y",
            covers=("no-mutation",),
            call=FIT3,
        ),
    ),
)

# -- q4 ---------------------------------------------------------------------------------------
PHI4 = np.hstack([np.ones((12, 1)), rng.normal(size=(12, 3))])
Y4 = PHI4 @ np.array([1.5, -0.7, 0.3, 2.0]) + rng.normal(scale=0.4, size=12)
W4 = rng.normal(size=4)
PHI4_WIDE = rng.normal(size=(3, 6))
Y4_WIDE = rng.normal(size=3)


SKLEARN_RIDGE4 = Ridge(alpha=0.3 / 2.0, fit_intercept=False).fit(PHI4, Y4).coef_


def sklearn_gap(w: Any) -> float:
    """Relative distance of the returned weights to Ridge(alpha = sigma2 / alpha2)."""
    w = np.asarray(w, dtype=np.float64).reshape(-1)
    if w.shape != SKLEARN_RIDGE4.shape:
        raise ValueError(f"shape {w.shape} is not (D,)")
    return float(np.linalg.norm(w - SKLEARN_RIDGE4) / np.linalg.norm(SKLEARN_RIDGE4))


def map_gradient_norm(w: Any) -> float:
    """|grad E(w)| / |Phi^T y / sigma2| for the map_estimate call below (0 at the minimum)."""
    w = np.asarray(w, dtype=np.float64).reshape(-1)
    grad = -PHI4.T @ (Y4 - PHI4 @ w) / 0.3 + w / 2.0
    return float(np.linalg.norm(grad) / np.linalg.norm(PHI4.T @ Y4 / 0.3))


q4 = Question(
    "q4_map_ridge",
    points=2,
    title="MAP estimation is ridge regression",
    checks=(
        tight_value(
            name="neg_log_posterior at a random w",
            covers=("nlp-value",),
            call=Call("neg_log_posterior", (W4, PHI4, Y4, 0.3, 2.0)),
        ),
        FlagsCheck(
            name="neg_log_posterior returns a Python float",
            covers=("nlp-value",),
            python_type="float",
            call=Call("neg_log_posterior", (W4, PHI4, Y4, 0.3, 2.0)),
        ),
        tight_value(
            name="ridge_fit with lam = 0.7",
            covers=("ridge-value", "prior-variance"),
            call=Call("ridge_fit", (PHI4, Y4, 0.7)),
        ),
        tight_value(
            name="ridge_fit with fewer samples than features",
            covers=("ridge-wide",),
            call=Call("ridge_fit", (PHI4_WIDE, Y4_WIDE, 0.1)),
        ),
        tight_value(
            name="map_estimate with sigma2 = 0.3, alpha2 = 2",
            covers=("map-value", "prior-variance"),
            call=Call("map_estimate", (PHI4, Y4, 0.3, 2.0)),
        ),
        ThresholdCheck(
            name="the gradient of E vanishes at map_estimate",
            covers=("map-value",),
            call=Call("map_estimate", (PHI4, Y4, 0.3, 2.0)),
            params=((),),
            loss=map_gradient_norm,
            threshold=1e-9,
            what="the relative gradient norm of E",
        ),
        ThresholdCheck(
            name="map_estimate equals scikit-learn's Ridge with alpha = sigma2 / alpha2",
            covers=("map-value", "prior-variance"),
            call=Call("map_estimate", (PHI4, Y4, 0.3, 2.0)),
            params=((),),
            loss=sklearn_gap,
            threshold=1e-9,
            what="the relative distance to scikit-learn's Ridge weights",
        ),
        NoMutationCheck(
            name="ridge_fit does not modify Phi or y",
            covers=("no-mutation",),
            call=Call("ridge_fit", (PHI4.copy(), Y4.copy(), 0.7)),
        ),
    ),
)

# -- q5 ---------------------------------------------------------------------------------------
PHI5 = np.hstack([np.ones((15, 1)), rng.uniform(-1, 1, size=(15, 2))])
Y5 = PHI5 @ np.array([-0.4, 0.8, 1.1]) + rng.normal(scale=0.3, size=15)
PHI5_TEST = np.hstack([np.ones((7, 1)), rng.uniform(-2, 2, size=(7, 2))])
POST5 = Call("bayes_linreg", (PHI5, Y5, 0.09, 0.7))
q5 = Question(
    "q5_bayes_linreg",
    points=3,
    title="Bayesian linear regression",
    checks=(
        tight_value(
            name="bayes_linreg posterior mean, 15 samples, 3 features",
            covers=("posterior", "variances"),
            part=(0,),
            call=POST5,
        ),
        tight_value(
            name="bayes_linreg posterior covariance, 15 samples, 3 features",
            covers=("posterior", "variances"),
            part=(1,),
            call=POST5,
        ),
        ShapeCheck(
            name="bayes_linreg returns (m (D,), S (D, D))",
            covers=("shapes",),
            expect="the tuple (m, S) of float64 arrays of shapes (D,) and (D, D)",
            call=POST5,
        ),
        tight_value(
            name="bayes_linreg without data is the prior",
            covers=("no-data",),
            call=Call("bayes_linreg", (np.zeros((0, 3)), np.zeros(0), 0.09, 0.7)),
        ),
        tight_value(
            name="predictive mean and variance at 7 test inputs",
            covers=("pred-value", "pred-noise"),
            call=Call(
                "predictive",
                (
                    PHI5_TEST,
                    NestedCall("bayes_linreg", POST5.args, index=0),
                    NestedCall("bayes_linreg", POST5.args, index=1),
                    0.09,
                ),
            ),
        ),
        ShapeCheck(
            name="predictive returns (mean (M,), var (M,))",
            covers=("pred-shapes",),
            expect="the tuple (mean, var) of float64 arrays of shape (M,)",
            call=Call("predictive", (PHI5_TEST, np.zeros(3), np.eye(3), 0.09)),
        ),
        NoMutationCheck(
            name="bayes_linreg does not modify Phi or y",
            covers=("no-mutation",),
            call=Call("bayes_linreg", (PHI5.copy(), Y5.copy(), 0.09, 0.7)),
        ),
    ),
)

# -- q6 ---------------------------------------------------------------------------------------
X6 = rng.normal(size=(5, 7))
MASK6 = rng.uniform(size=(5, 7)) < 0.7
P6 = 0.3
X6_STAT = rng.normal(size=(200, 300)) + 0.5
SEEDS6 = (601, 602, 603, 604)


def keep_ratio(out: Any) -> np.ndarray:
    """out / x per entry: 0 or 1 / (1 - p) for inverted dropout; its mean is 1."""
    return np.asarray(out, dtype=np.float64).reshape(X6_STAT.shape).ravel() / X6_STAT.ravel()


def kept(out: Any) -> np.ndarray:
    """1 where an entry was kept (nonzero), else 0: a proportion 1 - p."""
    flags: np.ndarray = np.asarray(out, dtype=np.float64).reshape(X6_STAT.shape).ravel() != 0
    return flags.astype(np.float64)


LOSSES = [1.0, 0.75, 0.5, 0.5, 0.25, 0.5, 0.25, 0.0]
q6 = Question(
    "q6_dropout_early_stopping",
    points=4,
    title="Inverted dropout and early stopping",
    checks=(
        tight_value(
            name="dropout_forward with a given mask, p = 0.3",
            covers=("dropout-mask",),
            call=Call("dropout_forward", (X6, P6), {"mask": MASK6}),
        ),
        exact_value(
            name="dropout_forward at test time ignores the mask",
            covers=("dropout-eval",),
            pays_alone=False,
            call=Call("dropout_forward", (X6, P6), {"mask": MASK6, "train": False}),
        ),
        StatisticalCheck(
            name="E[dropout_forward(x)] = x: mean of out / x over 4 x 60,000 entries",
            covers=("dropout-mean",),
            call=Call("dropout_forward", (X6_STAT, P6)),
            seeds=SEEDS6,
            what="the mean of dropout_forward(x) / x",
            observe=keep_ratio,
            mean=1.0,
            value_range=(0.0, 1.0 / (1.0 - P6)),
            pays_alone=False,
        ),
        StatisticalCheck(
            name="dropout_forward keeps a fraction 1 - p of the entries",
            covers=("dropout-keep",),
            call=Call("dropout_forward", (X6_STAT, P6)),
            seeds=SEEDS6,
            what="the fraction of kept entries",
            observe=kept,
            mean=1.0 - P6,
            proportion=True,
        ),
        SeedCheck(
            name="dropout_forward: the seed alone decides the mask",
            covers=("dropout-seed",),
            seed_arg="seed",
            call=Call("dropout_forward", (X6, 0.5), {"seed": 0}),
        ),
        tight_value(
            name="dropout_forward with p = 0 returns x",
            covers=("dropout-keep", "dropout-mask"),
            pays_alone=False,
            call=Call("dropout_forward", (X6, 0.0), {"seed": 3}),
        ),
        RaisesCheck(
            name="dropout_forward with p = -0.1 raises ValueError",
            covers=("dropout-p",),
            exception="ValueError",
            match=r"0 <= p < 1",
            says='"0 <= p < 1"',
            call=Call("dropout_forward", (X6, -0.1)),
        ),
        RaisesCheck(
            name="dropout_forward with p = 1 raises ValueError",
            covers=("dropout-p",),
            exception="ValueError",
            match=r"0 <= p < 1",
            says='"0 <= p < 1"',
            call=Call("dropout_forward", (X6, 1.0)),
        ),
        ShapeCheck(
            name="dropout_forward keeps the shape of x",
            covers=("dropout-shape",),
            expect="a float64 array of x's shape",
            call=Call("dropout_forward", (X6, P6), {"mask": MASK6}),
        ),
        NoMutationCheck(
            name="dropout_forward does not modify x or mask",
            covers=("no-mutation",),
            call=Call("dropout_forward", (X6.copy(), P6), {"mask": MASK6.copy()}),
        ),
        exact_value(
            name="early_stop_epoch on losses with patience 2",
            covers=("stop-value", "stop-patience", "stop-best"),
            call=Call("early_stop_epoch", (LOSSES, 0.0, 2, "min")),
        ),
        exact_value(
            name="early_stop_epoch on accuracies, mode max",
            covers=("stop-max", "stop-value"),
            call=Call(
                "early_stop_epoch", ([0.2, 0.5, 0.4, 0.55, 0.6, 0.58, 0.59, 0.57], 0.0, 3, "max")
            ),
        ),
        exact_value(
            name="early_stop_epoch when it never stops",
            covers=("stop-end",),
            call=Call("early_stop_epoch", ([3.0, 2.0, 1.5, 1.4, 1.2], 0.05, 2, "min")),
        ),
        FlagsCheck(
            name="early_stop_epoch returns a Python int",
            covers=("stop-value",),
            python_type="int",
            call=Call("early_stop_epoch", (LOSSES, 0.0, 2, "min")),
        ),
        exact_value(
            name="early_stop_epoch: an improvement of exactly min_delta does not count",
            covers=("stop-strict", "stop-best"),
            call=Call("early_stop_epoch", ([1.0, 0.9375, 0.875, 0.8125, 0.75], 0.125, 3, "min")),
        ),
        exact_value(
            name="early_stop_epoch, mode max: a rise of exactly min_delta does not count",
            covers=("stop-strict", "stop-max"),
            call=Call("early_stop_epoch", ([0.5, 0.625, 0.75, 0.875, 0.8125], 0.125, 1, "max")),
        ),
        exact_value(
            name="early_stop_epoch: NaN epochs are no improvement",
            covers=("stop-nan",),
            call=Call("early_stop_epoch", ([1.0, 0.8, np.nan, np.nan, 0.7, 0.6], 0.0, 2, "min")),
        ),
        RaisesCheck(
            name="early_stop_epoch with patience 0 raises ValueError",
            covers=("stop-raises",),
            exception="ValueError",
            call=Call("early_stop_epoch", (LOSSES, 0.0, 0, "min")),
        ),
        RaisesCheck(
            name="early_stop_epoch of an empty history raises ValueError",
            covers=("stop-raises",),
            exception="ValueError",
            call=Call("early_stop_epoch", ([], 0.0, 2, "min")),
        ),
        RaisesCheck(
            name="early_stop_epoch with an unknown mode raises ValueError",
            covers=("stop-raises",),
            exception="ValueError",
            call=Call("early_stop_epoch", (LOSSES, 0.0, 2, "auto")),
        ),
    ),
)

# -- q7 ---------------------------------------------------------------------------------------
D7 = 3
M7 = np.array([0.3, -0.8, 1.2])
L7 = np.array([[0.6, 0.0, 0.0], [0.25, 0.4, 0.0], [-0.1, 0.3, 0.9]])
L7_NEG = np.array([[0.6, 0.0, 0.0], [0.25, -0.4, 0.0], [-0.1, 0.3, 0.9]])  # same L L^T up to a sign
PHI7 = np.hstack([np.ones((10, 1)), rng.normal(size=(10, 2))])
Y7 = PHI7 @ np.array([0.5, -1.0, 0.7]) + rng.normal(scale=0.3, size=10)
EPS7 = rng.standard_normal((50, D7))
SIG7, ALPHA7 = 0.09, 0.8
_S7 = np.linalg.inv(np.eye(D7) / ALPHA7 + PHI7.T @ PHI7 / SIG7)
M7_POST = _S7 @ PHI7.T @ Y7 / SIG7
L7_POST = np.linalg.cholesky(_S7)
_C7 = SIG7 * np.eye(10) + ALPHA7 * PHI7 @ PHI7.T
LOG_EVIDENCE7 = float(
    -0.5 * (10 * np.log(2 * np.pi) + np.linalg.slogdet(_C7)[1] + Y7 @ np.linalg.solve(_C7, Y7))
)


def evidence_gap(elbo: Any) -> float:
    """|ELBO - log p(y)| / |log p(y)|: 0 when q is the exact posterior."""
    return abs(float(elbo) - LOG_EVIDENCE7) / abs(LOG_EVIDENCE7)


q7 = Question(
    "q7_elbo",
    points=3,
    title="The evidence lower bound",
    checks=(
        tight_value(
            name="gaussian_kl in 3-D with alpha2 = 0.8",
            covers=("kl-value",),
            call=Call("gaussian_kl", (M7, L7, ALPHA7)),
        ),
        tight_value(
            name="gaussian_kl with a negative diagonal entry of L",
            covers=("kl-abs", "kl-value"),
            call=Call("gaussian_kl", (M7, L7_NEG, ALPHA7)),
        ),
        FlagsCheck(
            name="gaussian_kl returns a Python float",
            covers=("float",),
            python_type="float",
            call=Call("gaussian_kl", (M7, L7, ALPHA7)),
        ),
        tight_value(
            name="elbo_mc with 50 draws",
            covers=("mc-value",),
            call=Call("elbo_mc", (PHI7, Y7, M7, L7, SIG7, ALPHA7, EPS7)),
        ),
        FlagsCheck(
            name="elbo_mc returns a Python float",
            covers=("float",),
            python_type="float",
            call=Call("elbo_mc", (PHI7, Y7, M7, L7, SIG7, ALPHA7, EPS7)),
        ),
        tight_value(
            name="elbo_mc with a single draw and a negative diagonal entry of L",
            covers=("mc-value", "kl-abs"),
            call=Call("elbo_mc", (PHI7, Y7, M7, L7_NEG, SIG7, ALPHA7, EPS7[:1])),
        ),
        FlagsCheck(
            name="elbo_exact returns a Python float",
            covers=("float",),
            python_type="float",
            call=Call("elbo_exact", (PHI7, Y7, M7, L7, SIG7, ALPHA7)),
        ),
        tight_value(
            name="elbo_exact at a non-posterior q",
            covers=("exact-value",),
            call=Call("elbo_exact", (PHI7, Y7, M7, L7, SIG7, ALPHA7)),
        ),
        ThresholdCheck(
            name="elbo_exact at the exact posterior equals the log-evidence",
            covers=("exact-posterior",),
            call=Call("elbo_exact", (PHI7, Y7, M7_POST, L7_POST, SIG7, ALPHA7)),
            params=((),),
            loss=evidence_gap,
            threshold=1e-10,
            what="the relative gap |ELBO - log p(y)| / |log p(y)|",
        ),
        NoMutationCheck(
            name="elbo_mc does not modify its arguments",
            covers=("no-mutation",),
            call=Call(
                "elbo_mc", (PHI7.copy(), Y7.copy(), M7.copy(), L7.copy(), SIG7, ALPHA7, EPS7.copy())
            ),
        ),
    ),
)

QUESTIONS = [q1, q2, q3, q4, q5, q6, q7]
