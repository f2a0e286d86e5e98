"""Hidden suite for 14_hyperparameter_search: questions 1 to 3. Questions 4 and 5 (expected
improvement, the GP and one Bayesian-optimisation step) go on in suite_ei_gp.py.

Inputs differ from the notebook's worked examples: other sizes, permutations, folds, seeds and
hyperparameters. Edge cases the task text names: k = n and k outside 2..n, remainders, a perm
given as a list, perms that repeat or miss an index; a constant feature, folds of very unequal
sizes, diabetes rows sorted by BMI (the scaler's leak shows), more features than samples; a
three-dimensional grid, exact ties on a grid and among random trials, NaN objective values and
all-NaN searches, a uniform dimension with negative bounds (no logarithm, no warning), a
log-uniform dimension with low <= 0. Trusted comparisons with scikit-learn (Ridge,
cross_val_score) do not depend on the reference.
"""

from __future__ import annotations

import math
from functools import partial
from typing import Any

import numpy as np
from sklearn.datasets import load_diabetes
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
    ShapeCheck,
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

QUESTIONS = [q1, q2, q3]
