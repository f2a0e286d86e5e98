"""Public checks for 14_hyperparameter_search: the worked examples of the notebook.

Run them with ``check("<question>")`` in the notebook or ``autograder check NOTEBOOK``. Passing
them is a good sign, not a grade: hidden checks use other inputs, shapes and edge cases.
"""

import numpy as np
from sklearn.datasets import load_diabetes

from autograder.authoring import Call, Callable_, NestedCall, Tolerance, ValueCheck

TIGHT = Tolerance(1e-10, 1e-12)
EXACT = Tolerance(0.0, 0.0)
GP_TOL = Tolerance(1e-8, 1e-10)

X_DB, Y_DB = load_diabetes(return_X_y=True, scaled=False)
# kfold_indices(442, 5): contiguous test folds of 89, 89, 88, 88, 88 patients
EDGES = [(0, 89), (89, 178), (178, 266), (266, 354), (354, 442)]
FOLDS5 = [(np.setdiff1d(np.arange(442), np.arange(a, b)), np.arange(a, b)) for a, b in EDGES]

MU4 = np.array([0.2, 0.5, 1.0, 0.3])
SG4 = np.array([0.1, 0.3, 0.0, 0.0])
X_OBS = np.array([0.0, 0.5, 1.0])
Y_OBS = np.array([1.0, 0.2, 0.6])

PUBLIC = {
    "q1_kfold": [
        ValueCheck(
            name="kfold_indices(7, 3): test folds [0, 1, 2], [3, 4], [5, 6]",
            covers=("value", "contiguous", "remainder"),
            hidden=False,
            tol=EXACT,
            call=Call("kfold_indices", (7, 3)),
        ),
        ValueCheck(
            name="kfold_indices(7, 3, perm=[3, 6, 0, 5, 1, 4, 2]): test folds [0, 3, 6], [1, 5], "
            "[2, 4]",
            covers=("perm", "sorted"),
            hidden=False,
            tol=EXACT,
            call=Call("kfold_indices", (7, 3, np.array([3, 6, 0, 5, 1, 4, 2]))),
        ),
    ],
    "q2_cv_leakage": [
        ValueCheck(
            name="zscore_fit of [[1, 5], [2, 5], [4, 5]]: mean (7/3, 5), scale (1.24721913, 1)",
            covers=("z-value", "z-constant"),
            hidden=False,
            tol=TIGHT,
            call=Call("zscore_fit", (np.array([[1.0, 5.0], [2.0, 5.0], [4.0, 5.0]]),)),
        ),
        ValueCheck(
            name="ridge_fit of x = (0, 1, 2, 3), y = (1, 3, 2, 5), lam = 1: w = 11/12, b = 1.375",
            covers=("ridge-value",),
            hidden=False,
            tol=TIGHT,
            call=Call(
                "ridge_fit", (np.array([[0.0], [1.0], [2.0], [3.0]]), np.array([1.0, 3, 2, 5]), 1.0)
            ),
        ),
        ValueCheck(
            name="cv_mae on the diabetes data, 5 contiguous folds, lam = 1: 44.26465395",
            covers=("cv-value", "cv-train-only", "cv-mean"),
            hidden=False,
            tol=TIGHT,
            call=Call("cv_mae", (X_DB, Y_DB, FOLDS5, 1.0)),
        ),
    ],
    "q3_search": [
        ValueCheck(
            name="grid_search(bowl, [[0.1, 1, 10, 100], [0, 0.5, 1]]): best (1, 0), value 0.3125",
            covers=("grid-value", "grid-layout", "grid-ties"),
            hidden=False,
            tol=TIGHT,
            call=Call(
                "grid_search",
                (
                    Callable_("course.bowl"),
                    [np.array([0.1, 1.0, 10.0, 100.0]), np.array([0.0, 0.5, 1.0])],
                ),
            ),
        ),
        ValueCheck(
            name="sample_configs([[1e-3, 1e3], [-1, 1]], [True, False], 3, default_rng(0))",
            covers=("sample-value", "sample-log"),
            hidden=False,
            tol=TIGHT,
            call=Call(
                "sample_configs",
                (
                    np.array([[1e-3, 1e3], [-1.0, 1.0]]),
                    np.array([True, False]),
                    3,
                    NestedCall("np.random.default_rng", (0,)),
                ),
            ),
        ),
        ValueCheck(
            name="random_search(bowl, same space, 3 trials, default_rng(0)): trial 0 wins",
            covers=("rs-value",),
            hidden=False,
            tol=TIGHT,
            call=Call(
                "random_search",
                (
                    Callable_("course.bowl"),
                    np.array([[1e-3, 1e3], [-1.0, 1.0]]),
                    np.array([True, False]),
                    3,
                    NestedCall("np.random.default_rng", (0,)),
                ),
            ),
        ),
    ],
    "q4_expected_improvement": [
        ValueCheck(
            name="expected_improvement of the worked example: (0.29005417, 0.11474917, 0, 0.19)",
            covers=("ei-value", "ei-sigma0"),
            hidden=False,
            tol=TIGHT,
            call=Call("expected_improvement", (MU4, SG4, 0.5, 0.01)),
        ),
        ValueCheck(
            name="ei_monte_carlo with z = [-1, 0.5, 0, 2, -0.3]: (0.266, 0.074, 0, 0.19)",
            covers=("mc-value", "mc-shared"),
            hidden=False,
            tol=TIGHT,
            call=Call(
                "ei_monte_carlo",
                (MU4, SG4, 0.5, 0.01),
                {"z": np.array([-1.0, 0.5, 0.0, 2.0, -0.3])},
            ),
        ),
    ],
    "q5_gp_bo": [
        ValueCheck(
            name="rbf_kernel of x = (0, 0.5, 1) with itself, l = 0.3, v = 1",
            covers=("rbf-value", "rbf-1d"),
            hidden=False,
            tol=TIGHT,
            call=Call("rbf_kernel", (X_OBS, X_OBS, 0.3, 1.0)),
        ),
        ValueCheck(
            name="gp_posterior of the worked example at x = (0.25, 0.75, 2)",
            covers=("gp-value", "gp-prior-mean"),
            hidden=False,
            tol=GP_TOL,
            call=Call("gp_posterior", (X_OBS, Y_OBS, np.array([0.25, 0.75, 2.0]), 0.3, 1.0, 1e-8)),
        ),
        ValueCheck(
            name="bo_step with the score 2 sigma - mu on (0.1, 0.4, 0.7, 1.5) picks index 3",
            covers=("bo-value", "bo-index"),
            hidden=False,
            tol=GP_TOL,
            call=Call(
                "bo_step",
                (
                    X_OBS,
                    Y_OBS,
                    np.array([0.1, 0.4, 0.7, 1.5]),
                    0.3,
                    1.0,
                    1e-8,
                    Callable_("course.lcb_score"),
                ),
            ),
        ),
    ],
}
