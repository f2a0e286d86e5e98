"""Hidden suite for 14_hyperparameter_search.

Inputs differ from the notebook's worked examples: other sizes, permutations, folds, seeds and
hyperparameters. Edge cases the task text names: k = n and k outside 2..n, remainders, a perm
given as a list, perms that repeat or miss an index; a constant feature, folds of very unequal
sizes, diabetes rows sorted by BMI (the scaler's leak shows), more features than samples; a
three-dimensional grid, exact ties on a grid and among random trials, NaN objective values and
all-NaN searches, a uniform dimension with negative bounds (no logarithm, no warning), a
log-uniform dimension with low <= 0; EI with sigma = 0 at a gain of exactly 0 (no warning, no
NaN), a gain below 0, z = -13.75 and 25, negative sigma, the default xi; the seeded Monte-Carlo
EI on 4 seeds of 20,000 draws against the closed form; a 1-D and a 2-D kernel, duplicate
observations, posterior variances that round below 0, a point far from the data, ties of a
capped acquisition. Trusted comparisons with scikit-learn (Ridge, cross_val_score, the RBF
kernel) and with numerical integration (EI) do not depend on the reference.
"""

from __future__ import annotations

import math
from functools import partial
from typing import Any

import numpy as np
from scipy import integrate, stats
from sklearn.datasets import load_diabetes
from sklearn.gaussian_process.kernels import RBF, ConstantKernel
from sklearn.linear_model import Ridge
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from autograder.authoring import (
    Call,
    Callable_,
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

rng = np.random.default_rng(14_2026)
TIGHT = Tolerance(1e-10, 1e-12)
tight_value = partial(ValueCheck, tol=TIGHT)  # float64 closed forms
NAN_AWARE = Tolerance(1e-10, 1e-12, equal_nan=True)  # objective values that are NaN
EXACT = Tolerance(0.0, 0.0)
exact_value = partial(ValueCheck, tol=EXACT)  # indices
# the GP posterior through another factorisation (np.linalg.solve, an inverse) moves by about
# cond(K) * 1e-16; the kernels below have cond(K) <= 1e5
GP_TOL = Tolerance(1e-8, 1e-10)
gp_value = partial(ValueCheck, tol=GP_TOL)
C = "course."


def power_of_ten(x: float) -> float:
    """The smallest power of ten >= x (0 for 0): what a threshold check's message prints of a
    distance to a hidden value, so that the value cannot be solved for from it."""
    return 0.0 if x == 0 else float(10.0 ** math.ceil(math.log10(x)))


def generator(seed: int) -> NestedCall:
    """An np.random.Generator built in the sandbox: np.random.default_rng(seed)."""
    return NestedCall("np.random.default_rng", (seed,))


# -- q1 ---------------------------------------------------------------------------------------
PERM23 = rng.permutation(23)
PERM9 = rng.permutation(9)
KF = Call("kfold_indices", (23, 5, PERM23))
q1 = Question(
    "q1_kfold",
    points=2,
    title="k-fold cross-validation indices",
    checks=(
        exact_value(
            name="kfold_indices(23, 5): contiguous folds of 5, 5, 5, 4, 4",
            covers=("value", "contiguous", "remainder"),
            call=Call("kfold_indices", (23, 5)),
        ),
        exact_value(
            name="kfold_indices(23, 5) with a permutation",
            covers=("perm", "sorted", "remainder"),
            call=KF,
        ),
        exact_value(
            name="kfold_indices(20, 4): k divides n",
            covers=("value", "contiguous"),
            call=Call("kfold_indices", (20, 4)),
        ),
        exact_value(
            name="kfold_indices(6, 6): k = n (leave-one-out)",
            covers=("k-range", "value"),
            call=Call("kfold_indices", (6, 6)),
        ),
        exact_value(
            name="kfold_indices(9, 2) with a permutation",
            covers=("perm", "sorted", "remainder"),
            call=Call("kfold_indices", (9, 2, PERM9)),
        ),
        exact_value(
            name="kfold_indices(7, 3) with perm given as a Python list",
            covers=("perm", "sorted"),
            call=Call("kfold_indices", (7, 3, [6, 5, 4, 3, 2, 1, 0])),
        ),
        FlagsCheck(
            name="kfold_indices returns a list",
            covers=("value",),
            python_type="list",
            call=KF,
        ),
        FlagsCheck(
            name="kfold_indices returns int64 index arrays",
            covers=("dtype",),
            dtype="int64",
            call=KF,
        ),
        ShapeCheck(
            name="kfold_indices returns k pairs of int64 arrays",
            covers=("dtype", "value"),
            expect="a list of k tuples (train_idx, test_idx) of int64 arrays",
            call=KF,
        ),
        RaisesCheck(
            name="kfold_indices(5, 1) raises ValueError (k < 2)",
            covers=("k-range",),
            exception="ValueError",
            call=Call("kfold_indices", (5, 1)),
        ),
        RaisesCheck(
            name="kfold_indices(4, 5) raises ValueError (k > n)",
            covers=("k-range",),
            exception="ValueError",
            call=Call("kfold_indices", (4, 5)),
        ),
        RaisesCheck(
            name="kfold_indices with a repeated index in perm raises ValueError",
            covers=("perm-invalid",),
            exception="ValueError",
            match="permutation",
            says='"permutation"',
            call=Call("kfold_indices", (5, 2, np.array([0, 1, 2, 2, 4]))),
        ),
        RaisesCheck(
            name="kfold_indices with perm of 1, ..., n raises ValueError",
            covers=("perm-invalid",),
            exception="ValueError",
            match="permutation",
            says='"permutation"',
            call=Call("kfold_indices", (4, 2, np.array([1, 2, 3, 4]))),
        ),
        RaisesCheck(
            name="kfold_indices with a perm of the wrong length raises ValueError",
            covers=("perm-invalid",),
            exception="ValueError",
            match="permutation",
            says='"permutation"',
            call=Call("kfold_indices", (6, 3, np.array([2, 0, 1, 4, 3]))),
        ),
        NoMutationCheck(
            name="kfold_indices does not modify perm",
            covers=("no-mutation",),
            call=Call("kfold_indices", (23, 5, PERM23.copy())),
        ),
    ),
)


# -- q2 ---------------------------------------------------------------------------------------
X_DB, Y_DB = load_diabetes(return_X_y=True, scaled=False)


def blocks(order: np.ndarray, k: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Contiguous blocks of order with the KFold remainder rule, as sorted (train, test)."""
    parts = np.array_split(order, k)
    return [
        (np.sort(np.concatenate(parts[:i] + parts[i + 1 :])), np.sort(part))
        for i, part in enumerate(parts)
    ]


FOLDS_SHUF = blocks(rng.permutation(442), 6)  # test folds of 74, 74, 74, 74, 73, 73
FOLDS_BMI = blocks(np.argsort(X_DB[:, 2], kind="stable"), 4)  # test folds by BMI quartile
R300 = np.arange(300)
FOLDS_UNEQUAL = [  # test folds of 20, 80 and 200 patients: the plain and the pooled mean differ
    (np.setdiff1d(R300, np.arange(a, b)), np.arange(a, b))
    for a, b in ((0, 20), (20, 100), (100, 300))
]
X_CONST = np.hstack([X_DB[:120, :4], np.full((120, 1), 2.5), X_DB[:120, 4:6]])
FOLDS_CONST = blocks(np.arange(120), 3)
Z_CONST = np.column_stack([rng.normal(3.0, 2.0, 15), np.full(15, 2.5), np.zeros(15)])
X_WIDE = rng.normal(size=(6, 9)) * 3.0 + 1.0
Y_WIDE = rng.normal(size=6) + 10.0
CV_SHUF = Call("cv_mae", (X_DB, Y_DB, FOLDS_SHUF, 3.0))
RIDGE = Call("ridge_fit", (X_DB[:70], Y_DB[:70], 5.0))

_SK_RIDGE = Ridge(alpha=5.0).fit(X_DB[:70], Y_DB[:70])
SK_RIDGE = np.r_[_SK_RIDGE.coef_, _SK_RIDGE.intercept_]
SK_CV_SHUF = -float(
    np.mean(
        cross_val_score(
            make_pipeline(StandardScaler(), Ridge(alpha=3.0)),
            X_DB,
            Y_DB,
            cv=FOLDS_SHUF,
            scoring="neg_mean_absolute_error",
        )
    )
)


def ridge_gap(w: Any, b: Any) -> float:
    """Relative distance of (w, b) to scikit-learn's Ridge(alpha=5) on the same data."""
    got = np.r_[np.asarray(w, dtype=np.float64).reshape(-1), float(b)]
    if got.shape != SK_RIDGE.shape:
        raise ValueError(f"(w, b) has {got.size} numbers, not D + 1")
    return power_of_ten(float(np.linalg.norm(got - SK_RIDGE) / np.linalg.norm(SK_RIDGE)))


def cv_gap(value: Any) -> float:
    """Relative distance to cross_val_score of make_pipeline(StandardScaler(), Ridge(3))."""
    return power_of_ten(abs(float(value) - SK_CV_SHUF) / SK_CV_SHUF)


q2 = Question(
    "q2_cv_leakage",
    points=4,
    title="A cross-validated score without leakage",
    checks=(
        tight_value(
            name="zscore_fit of 80 diabetes patients",
            covers=("z-value", "z-shape"),
            call=Call("zscore_fit", (X_DB[50:130],)),
        ),
        tight_value(
            name="zscore_fit with a constant and an all-zero feature (scale 1)",
            covers=("z-constant", "z-value"),
            call=Call("zscore_fit", (Z_CONST,)),
        ),
        ShapeCheck(
            name="zscore_fit returns (mean (D,), scale (D,))",
            covers=("z-shape",),
            expect="the tuple (mean, scale) of float64 arrays of shape (D,)",
            call=Call("zscore_fit", (X_DB[50:130],)),
        ),
        NoMutationCheck(
            name="zscore_fit does not modify X",
            covers=("no-mutation",),
            call=Call("zscore_fit", (X_DB[50:130].copy(),)),
        ),
        tight_value(
            name="ridge_fit on 70 raw diabetes patients, lam = 5",
            covers=("ridge-value",),
            call=RIDGE,
        ),
        ThresholdCheck(
            name="ridge_fit equals scikit-learn's Ridge(alpha=lam) (intercept not penalised)",
            covers=("ridge-value",),
            call=RIDGE,
            params=((0,), (1,)),
            loss=ridge_gap,
            threshold=power_of_ten(1e-9),
            what="the relative distance of (w, b) to scikit-learn's (as a power of ten)",
        ),
        tight_value(
            name="ridge_fit with more features than samples",
            covers=("ridge-value",),
            call=Call("ridge_fit", (X_WIDE, Y_WIDE, 0.5)),
        ),
        FlagsCheck(
            name="ridge_fit returns b as a Python float",
            covers=("ridge-types",),
            part=(1,),
            python_type="float",
            call=RIDGE,
        ),
        ShapeCheck(
            name="ridge_fit returns (w (D,), b)",
            covers=("ridge-types",),
            expect="the tuple (w, b), w a float64 array of shape (D,), b a Python float",
            call=RIDGE,
        ),
        tight_value(
            name="cv_mae on the diabetes data, 6 shuffled folds, lam = 3",
            covers=("cv-value", "cv-train-only", "cv-folds"),
            call=CV_SHUF,
        ),
        ThresholdCheck(
            name="cv_mae equals cross_val_score of StandardScaler + Ridge on the same folds",
            covers=("cv-value", "cv-train-only"),
            call=CV_SHUF,
            params=((),),
            loss=cv_gap,
            threshold=power_of_ten(1e-10),
            what="the relative distance to scikit-learn's cross-validated MAE (a power of ten)",
        ),
        tight_value(
            name="cv_mae with folds by BMI quartile (the test fold is unlike the training folds)",
            covers=("cv-train-only", "cv-value"),
            call=Call("cv_mae", (X_DB, Y_DB, FOLDS_BMI, 30.0)),
        ),
        tight_value(
            name="cv_mae with test folds of 20, 80 and 200 patients (unweighted mean)",
            covers=("cv-mean", "cv-folds"),
            call=Call("cv_mae", (X_DB[:300], Y_DB[:300], FOLDS_UNEQUAL, 0.5)),
        ),
        tight_value(
            name="cv_mae with a constant feature",
            covers=("z-constant", "cv-value"),
            call=Call("cv_mae", (X_CONST, Y_DB[:120], FOLDS_CONST, 2.0)),
        ),
        FlagsCheck(
            name="cv_mae returns a Python float",
            covers=("cv-float",),
            python_type="float",
            call=CV_SHUF,
        ),
        NoMutationCheck(
            name="cv_mae does not modify X, y or the folds",
            covers=("no-mutation",),
            call=Call(
                "cv_mae",
                (
                    X_DB.copy(),
                    Y_DB.copy(),
                    [(tr.copy(), te.copy()) for tr, te in FOLDS_SHUF],
                    3.0,
                ),
            ),
        ),
    ),
)


# -- q3 ---------------------------------------------------------------------------------------
GRID3 = [np.array([0.5, 2.0]), np.array([-1.0, 0.0, 1.5]), np.array([0.125, 0.25, 0.375, 0.5])]
GRID_TIE = [np.array([0.25, 0.5, 1.0, 2.0]), np.array([0.25, 0.5, 1.0, 4.0])]
GRID_NAN = [np.array([0.0, 0.1, 0.5, 0.9]), np.array([0.3, -0.2])]
LAMS = np.logspace(-2.0, 3.0, 11)
GS3 = Call("grid_search", (Callable_(C + "weighted_sum"), GRID3))
BOUNDS3 = np.array([[1e-4, 10.0], [-2.0, 3.0], [0.5, 64.0]])
LOG3 = np.array([True, False, True])
BOUNDS_NEG = np.array([[-5.0, -1.0], [1e-3, 1.0]])
LOG_NEG = np.array([False, True])
SAMPLE3 = Call("sample_configs", (BOUNDS3, LOG3, 7, generator(1407)))
SAMPLE_NEG = Call("sample_configs", (BOUNDS_NEG, LOG_NEG, 5, generator(1408)))
BOUNDS2 = np.array([[1e-3, 1e2], [-1.0, 1.0]])
RS = Call(
    "random_search",
    (Callable_(C + "tilted"), BOUNDS2, np.array([True, False]), 12, generator(1409)),
)
SQUARE = np.array([[-1.0, 1.0], [-1.0, 1.0]])
UNIFORM2 = np.array([False, False])
q3 = Question(
    "q3_search",
    points=3,
    title="Grid search and random search",
    checks=(
        tight_value(
            name="grid_search over a 2 x 3 x 4 grid",
            covers=("grid-value", "grid-layout", "grid-types"),
            call=GS3,
        ),
        tight_value(
            name="grid_search of lambda for ridge on the diabetes data (11 values)",
            covers=("grid-value",),
            call=Call("grid_search", (Callable_(C + "ridge_cv_diabetes"), [LAMS])),
        ),
        tight_value(
            name="grid_search with three exactly tied minima",
            covers=("grid-ties",),
            call=Call("grid_search", (Callable_(C + "product_gap"), GRID_TIE)),
        ),
        ValueCheck(
            name="grid_search with NaN values (failed fits)",
            tol=NAN_AWARE,
            covers=("grid-nan",),
            call=Call("grid_search", (Callable_(C + "nan_below"), GRID_NAN)),
        ),
        RaisesCheck(
            name="grid_search raises ValueError when every value is NaN",
            covers=("grid-all-nan",),
            exception="ValueError",
            call=Call("grid_search", (Callable_(C + "always_nan"), [np.array([1.0, 2.0])] * 2)),
        ),
        FlagsCheck(
            name="grid_search's best value is a Python float",
            covers=("grid-types",),
            part=(1,),
            python_type="float",
            call=GS3,
        ),
        ShapeCheck(
            name="grid_search returns (best_config (d,), best_value, values of the grid's shape)",
            covers=("grid-layout", "grid-types"),
            expect="(best_config (d,), a Python float, values (len(grids[0]), ...))",
            call=GS3,
        ),
        tight_value(
            name="sample_configs: 7 configurations, log-uniform, uniform, log-uniform",
            covers=("sample-value", "sample-log", "sample-shape"),
            call=SAMPLE3,
        ),
        tight_value(
            name="sample_configs with negative uniform bounds",
            covers=("sample-value", "sample-no-warnings"),
            call=SAMPLE_NEG,
        ),
        NoWarningsCheck(
            name="sample_configs with negative uniform bounds emits no warning",
            covers=("sample-no-warnings",),
            call=SAMPLE_NEG,
        ),
        ShapeCheck(
            name="sample_configs returns (n, d)",
            covers=("sample-shape",),
            expect="a float64 array of shape (n, d)",
            call=SAMPLE3,
        ),
        RaisesCheck(
            name="sample_configs raises ValueError for a log-uniform dimension with low = 0",
            covers=("sample-raises",),
            exception="ValueError",
            call=Call(
                "sample_configs", (np.array([[0.0, 1.0]]), np.array([True]), 3, generator(1))
            ),
        ),
        RaisesCheck(
            name="sample_configs raises ValueError for a log-uniform dimension with low < 0",
            covers=("sample-raises",),
            exception="ValueError",
            call=Call(
                "sample_configs",
                (np.array([[1.0, 2.0], [-1.0, 1.0]]), np.array([False, True]), 3, generator(1)),
            ),
        ),
        NoMutationCheck(
            name="sample_configs does not modify bounds or log_scale",
            covers=("no-mutation",),
            call=Call("sample_configs", (BOUNDS3.copy(), LOG3.copy(), 4, generator(2))),
        ),
        tight_value(
            name="random_search, 12 trials, log-uniform and uniform",
            covers=("rs-value", "rs-types"),
            call=RS,
        ),
        tight_value(
            name="random_search of lambda for ridge on the diabetes data (6 trials)",
            covers=("rs-value",),
            call=Call(
                "random_search",
                (
                    Callable_(C + "ridge_cv_diabetes"),
                    np.array([[1e-3, 1e4]]),
                    np.array([True]),
                    6,
                    generator(1410),
                ),
            ),
        ),
        tight_value(
            name="random_search with several trials at the minimum 0 (ties)",
            covers=("rs-ties",),
            call=Call(
                "random_search", (Callable_(C + "plateau"), SQUARE, UNIFORM2, 16, generator(1413))
            ),
        ),
        ValueCheck(
            name="random_search with NaN values (failed fits)",
            tol=NAN_AWARE,
            covers=("rs-nan",),
            call=Call(
                "random_search",
                (
                    Callable_(C + "nan_below"),
                    np.array([[0.0, 1.0], [-0.5, 0.5]]),
                    UNIFORM2,
                    10,
                    generator(1412),
                ),
            ),
        ),
        RaisesCheck(
            name="random_search raises ValueError when every value is NaN",
            covers=("rs-all-nan",),
            exception="ValueError",
            call=Call(
                "random_search", (Callable_(C + "always_nan"), SQUARE, UNIFORM2, 4, generator(3))
            ),
        ),
        FlagsCheck(
            name="random_search's best value is a Python float",
            covers=("rs-types",),
            part=(1,),
            python_type="float",
            call=RS,
        ),
        ShapeCheck(
            name="random_search returns (best_config, best_value, configs, values)",
            covers=("rs-types",),
            expect="(best_config (d,), a Python float, configs (n_trials, d), values (n_trials,))",
            call=RS,
        ),
    ),
)


# -- q4 ---------------------------------------------------------------------------------------
# f_best - mu - xi = 0.375, 0.125, -0.125, -0.375, -1.375 | 0 exactly, -0.375, 0.625 | 0.025
MU4 = np.array([-1.25, -1.0, -0.75, -0.5, 0.5, -0.875, -0.5, -1.5, -0.9])
SG4 = np.array([0.3, 0.05, 0.4, 0.2, 0.1, 0.0, 0.0, 0.0, 0.001])
FB4, XI4 = -0.75, 0.125
EI4 = Call("expected_improvement", (MU4, SG4, FB4, XI4))
MU_MC = np.array([0.1, 0.35, 0.5, 0.9, 0.2])
SG_MC = np.array([0.5, 0.2, 0.0, 0.7, 0.0])
Z_MC = np.array([-2.1, -0.4, 0.0, 0.7, 1.9, -1.3, 2.6])
MC = Call("ei_monte_carlo", (MU_MC, SG_MC, 0.45, 0.05), {"z": Z_MC})


def ei_by_quadrature(mu: float, sigma: float, f_best: float, xi: float) -> float:
    """E[max(0, f_best - f - xi)] for f ~ N(mu, sigma^2), by numerical integration."""
    top = f_best - xi
    value, _ = integrate.quad(
        lambda f: (top - f) * stats.norm.pdf(f, mu, sigma),
        mu - 12 * sigma,
        top,
        epsabs=1e-14,
        epsrel=1e-12,
    )
    return max(float(value), 0.0)


EI4_QUAD = np.array(
    [
        ei_by_quadrature(m, s, FB4, XI4) if s > 0 else max(FB4 - m - XI4, 0.0)
        for m, s in zip(MU4, SG4, strict=True)
    ]
)


def quad_gap(out: Any) -> float:
    """Largest absolute difference to EI computed by numerical integration."""
    got = np.asarray(out, dtype=np.float64)
    if got.shape != EI4_QUAD.shape:
        raise ValueError(f"shape {got.shape} is not (M,)")
    return power_of_ten(float(np.max(np.abs(got - EI4_QUAD))))


# The statistical check: 4 seeds x 20,000 draws at five points with
# (f_best - mu - xi) / sigma = 2, 0.9, -0.05, -1.07, -1.24 (EI from 0.4 down to 0.02).
MU_S = np.array([0.08, 0.3, 0.5, 0.8, 1.1])
SG_S = np.array([0.2, 0.2, 0.4, 0.3, 0.5])
FB_S, XI_S, N_S = 0.5, 0.02, 20_000
SEEDS_S = (1401, 1402, 1403, 1404)
_GAIN_S = FB_S - MU_S - XI_S
_R_S = _GAIN_S / SG_S
EI_S = _GAIN_S * stats.norm.cdf(_R_S) + SG_S * stats.norm.pdf(_R_S)
# E[I^2] for I = max(0, gain - sigma Z): (gain^2 + sigma^2) Phi(r) + gain sigma phi(r)
_EI2_S = (_GAIN_S**2 + SG_S**2) * stats.norm.cdf(_R_S) + _GAIN_S * SG_S * stats.norm.pdf(_R_S)
SD_ONE_ESTIMATE = np.sqrt(_EI2_S - EI_S**2) / math.sqrt(N_S)


def estimates(out: Any) -> np.ndarray:
    """One row of M estimates per seed."""
    return np.asarray(out, dtype=np.float64).reshape(1, MU_S.size)


q4 = Question(
    "q4_expected_improvement",
    points=4,
    title="Expected improvement",
    checks=(
        tight_value(
            name="expected_improvement at 9 points: both signs of the gain, sigma = 0, z = 25",
            covers=("ei-value", "ei-sigma0", "ei-shape"),
            call=EI4,
        ),
        ThresholdCheck(
            name="expected_improvement agrees with numerical integration of the improvement",
            covers=("ei-value", "ei-sigma0"),
            call=EI4,
            params=((),),
            loss=quad_gap,
            threshold=power_of_ten(1e-9),
            what="the largest difference to the integral (as a power of ten)",
        ),
        tight_value(
            name="expected_improvement with the default xi",
            covers=("ei-default", "ei-value"),
            call=Call("expected_improvement", (MU4[:5], SG4[:5], FB4)),
        ),
        NoWarningsCheck(
            name="expected_improvement emits no warning where sigma = 0",
            covers=("ei-no-warnings",),
            call=EI4,
        ),
        ShapeCheck(
            name="expected_improvement returns shape (M,)",
            covers=("ei-shape",),
            expect="a float64 array of shape (M,)",
            call=EI4,
        ),
        RaisesCheck(
            name="expected_improvement with a negative sigma raises ValueError",
            covers=("ei-negative",),
            exception="ValueError",
            match="sigma",
            says='"sigma"',
            call=Call("expected_improvement", (MU4[:3], np.array([0.1, -0.2, 0.3]), FB4)),
        ),
        NoMutationCheck(
            name="expected_improvement does not modify mu or sigma",
            covers=("no-mutation",),
            call=Call("expected_improvement", (MU4.copy(), SG4.copy(), FB4, XI4)),
        ),
        tight_value(
            name="ei_monte_carlo with 7 given draws at 5 points",
            covers=("mc-value", "mc-shared"),
            call=MC,
        ),
        tight_value(
            name="ei_monte_carlo with a single given draw",
            covers=("mc-value", "mc-shared"),
            call=Call("ei_monte_carlo", (MU_MC, SG_MC, 0.45, 0.05), {"z": np.array([-0.8])}),
        ),
        StatisticalCheck(
            name="ei_monte_carlo with its own seed agrees with the closed form (4 x 20,000 draws)",
            covers=("mc-unbiased", "mc-seed"),
            call=Call("ei_monte_carlo", (MU_S, SG_S, FB_S, XI_S), {"n_samples": N_S}),
            seeds=SEEDS_S,
            what="the mean of the seeded Monte-Carlo estimates",
            observe=estimates,
            mean=EI_S.tolist(),
            sigma=SD_ONE_ESTIMATE.tolist(),
        ),
        SeedCheck(
            name="ei_monte_carlo: the seed alone decides the draws; the global RNG untouched",
            covers=("mc-seed",),
            seed_arg="seed",
            call=Call("ei_monte_carlo", (MU_S, SG_S, FB_S, XI_S), {"n_samples": 500}),
        ),
        ShapeCheck(
            name="ei_monte_carlo returns shape (M,)",
            covers=("mc-shape",),
            expect="a float64 array of shape (M,)",
            call=MC,
        ),
        NoMutationCheck(
            name="ei_monte_carlo does not modify mu, sigma or z",
            covers=("no-mutation",),
            call=Call(
                "ei_monte_carlo", (MU_MC.copy(), SG_MC.copy(), 0.45, 0.05), {"z": Z_MC.copy()}
            ),
        ),
    ),
)


# -- q5 ---------------------------------------------------------------------------------------
A5 = rng.uniform(-1.0, 2.0, size=(5, 2))
B5 = rng.uniform(-1.0, 2.0, size=(4, 2))
RBF5 = Call("rbf_kernel", (A5, B5, 0.7, 2.5))
SK_RBF5 = (ConstantKernel(2.5) * RBF(0.7))(A5, B5)
XO5 = rng.uniform(0.0, 3.0, size=(8, 2))
YO5 = 40.0 + np.sin(XO5[:, 0]) * np.cos(XO5[:, 1]) + rng.normal(scale=0.1, size=8)
XN5 = np.vstack([rng.uniform(-0.5, 3.5, size=(5, 2)), [[10.0, 10.0]]])  # the last one far away
GP5 = Call("gp_posterior", (XO5, YO5, XN5, 0.6, 1.7, 1e-6))
XO_DUP = np.array([[0.0, 0.0], [1.0, 0.5], [1.0, 0.5], [2.0, 1.5]])  # a repeated point
YO_DUP = np.array([0.3, -0.2, 0.1, 0.6])
XO_CLIP = rng.uniform(0.0, 3.0, size=(6, 2))
YO_CLIP = rng.normal(size=6)
X1D = np.array([0.0, 0.4, 1.1, 1.5, 2.3])
Y1D = np.array([0.9, 0.35, 0.1, 0.45, 0.8])  # smallest in the middle, the last not the smallest
CAND1D = np.linspace(-0.5, 3.0, 36)
BO_EI = Call("bo_step", (X1D, Y1D, CAND1D, 0.5, 0.1, 1e-8, Callable_(C + "ei_acquisition")))


def rbf_gap(out: Any) -> float:
    """Largest difference to scikit-learn's ConstantKernel(2.5) * RBF(0.7), over 2.5."""
    got = np.asarray(out, dtype=np.float64)
    if got.shape != SK_RBF5.shape:
        raise ValueError(f"shape {got.shape} is not (n, m)")
    return power_of_ten(float(np.max(np.abs(got - SK_RBF5)) / 2.5))


q5 = Question(
    "q5_gp_bo",
    points=4,
    title="A Gaussian-process surrogate and one Bayesian-optimisation step",
    checks=(
        tight_value(
            name="rbf_kernel between 5 and 4 points in 2-D",
            covers=("rbf-value", "rbf-shape"),
            call=RBF5,
        ),
        ThresholdCheck(
            name="rbf_kernel equals scikit-learn's ConstantKernel(v) * RBF(l)",
            covers=("rbf-value",),
            call=RBF5,
            params=((),),
            loss=rbf_gap,
            threshold=power_of_ten(1e-12),
            what="the largest difference to scikit-learn's kernel matrix over v (a power of ten)",
        ),
        tight_value(
            name="rbf_kernel of 1-D arrays (points in one dimension)",
            covers=("rbf-1d", "rbf-value"),
            call=Call(
                "rbf_kernel",
                (np.array([0.0, 0.3, 0.9, 1.7, 2.0, 3.1]), np.array([0.1, 1.0, 2.5]), 0.35, 0.8),
            ),
        ),
        ShapeCheck(
            name="rbf_kernel returns shape (n, m)",
            covers=("rbf-shape",),
            expect="a float64 array of shape (n, m)",
            call=RBF5,
        ),
        gp_value(
            name="gp_posterior: 8 observations in 2-D around 40, 6 new points (one far away)",
            covers=("gp-value", "gp-prior-mean", "gp-shape"),
            call=GP5,
        ),
        gp_value(
            name="gp_posterior with a repeated observation point (jitter 1e-4)",
            covers=("gp-jitter", "gp-value"),
            call=Call(
                "gp_posterior", (XO_DUP, YO_DUP, np.array([[0.5, 0.5], [1.0, 0.5]]), 0.8, 1.0, 1e-4)
            ),
        ),
        gp_value(
            name="gp_posterior at the observed points with jitter 1e-2",
            covers=("gp-jitter", "gp-value"),
            call=Call("gp_posterior", (X1D, Y1D, X1D, 0.5, 0.1, 1e-2)),
        ),
        ValueCheck(
            name="gp_posterior at the observed points with jitter 0 (interpolation, sigma 0)",
            covers=("gp-observed", "gp-clip"),
            tol=Tolerance(1e-9, 1e-6),
            call=Call("gp_posterior", (XO_CLIP, YO_CLIP, XO_CLIP, 0.8, 1.3, 0.0)),
        ),
        ShapeCheck(
            name="gp_posterior returns (mu (m,), sigma (m,))",
            covers=("gp-shape",),
            expect="the tuple (mu, sigma) of float64 arrays of shape (m,)",
            call=GP5,
        ),
        NoMutationCheck(
            name="gp_posterior does not modify its arrays",
            covers=("no-mutation",),
            call=Call("gp_posterior", (XO5.copy(), YO5.copy(), XN5.copy(), 0.6, 1.7, 1e-6)),
        ),
        gp_value(
            name="bo_step with expected improvement on 36 candidates",
            covers=("bo-value", "bo-index", "bo-scores"),
            call=BO_EI,
        ),
        gp_value(
            name="bo_step with the probability of improvement (f_best = min(y_obs))",
            covers=("bo-value",),
            call=Call(
                "bo_step", (X1D, Y1D, CAND1D, 0.5, 0.1, 1e-8, Callable_(C + "prob_improvement"))
            ),
        ),
        gp_value(
            name="bo_step with a capped acquisition (several candidates tie)",
            covers=("bo-ties",),
            call=Call("bo_step", (X1D, Y1D, CAND1D, 0.5, 0.1, 1e-8, Callable_(C + "capped_ei"))),
        ),
        gp_value(
            name="bo_step on 2-D candidates",
            covers=("bo-value", "bo-index"),
            call=Call(
                "bo_step", (XO5, YO5, XN5[:5], 0.6, 1.7, 1e-6, Callable_(C + "ei_acquisition"))
            ),
        ),
        FlagsCheck(
            name="bo_step returns the index as a Python int",
            covers=("bo-index",),
            part=(0,),
            python_type="int",
            call=BO_EI,
        ),
        ShapeCheck(
            name="bo_step returns (index, scores (m,))",
            covers=("bo-scores",),
            expect="the tuple (index, scores) with scores a float64 array of shape (m,)",
            call=BO_EI,
        ),
        NoMutationCheck(
            name="bo_step does not modify its arrays",
            covers=("no-mutation",),
            call=Call(
                "bo_step",
                (
                    X1D.copy(),
                    Y1D.copy(),
                    CAND1D.copy(),
                    0.5,
                    0.1,
                    1e-8,
                    Callable_(C + "ei_acquisition"),
                ),
            ),
        ),
    ),
)

QUESTIONS = [q1, q2, q3, q4, q5]
