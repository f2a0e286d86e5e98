"""Public checks for 08_probabilistic_ml: the worked examples of the notebook.

Run them with ``check("<question>")`` in the notebook or ``autograder check NOTEBOOK``. Passing
them is a good sign, not a grade: hidden checks use other inputs, shapes and edge cases.
"""

import numpy as np

from autograder.authoring import Call, NestedCall, Tolerance, ValueCheck

TIGHT = Tolerance(1e-10, 1e-12)
EXACT = Tolerance(0.0, 0.0)

COIN = np.array([1, 0, 1, 1, 0, 1, 1, 1])
POINTS4 = np.array([[1.0, 2.0], [3.0, 0.0], [2.0, 4.0], [6.0, 2.0]])

MU_LEC = np.array([0.0, 1.0])
SIGMA_LEC = np.array([[1.0, -0.5], [-0.5, 1.5]])
SIGMA_COND = np.array([[1.0, -0.99], [-0.99, 2.2]])
POINTS3 = np.array([[0.0, 1.0], [1.0, 0.0], [-1.0, 2.0]])

# load_iris().data[[4, 10, 12, 53, 63, 74, 88, 99, 100, 104, 109, 137]]; versicolor = pick (1)
IRIS12 = np.array(
    [
        [5.0, 3.6, 1.4, 0.2],
        [5.4, 3.7, 1.5, 0.2],
        [4.8, 3.0, 1.4, 0.1],
        [5.5, 2.3, 4.0, 1.3],
        [6.1, 2.9, 4.7, 1.4],
        [6.4, 2.9, 4.3, 1.3],
        [5.6, 3.0, 4.1, 1.3],
        [5.7, 2.8, 4.1, 1.3],
        [6.3, 3.3, 6.0, 2.5],
        [6.5, 3.0, 5.8, 2.2],
        [7.2, 3.6, 6.1, 2.5],
        [6.4, 3.1, 5.5, 1.8],
    ]
)
PICK12 = np.array([0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0])
XB12 = NestedCall("binarize_iris", (IRIS12,))
XB_NEW = np.array([1, 1, 1, 1])  # (5.8, 3.2, 4.1, 1.3) binarized

PHI_RIDGE = np.array([[1.0, -1.0], [1.0, 0.0], [1.0, 2.0]])
Y_RIDGE = np.array([-1.0, 0.5, 2.0])

PHI_BLR = np.array([[1.0, -1.0], [1.0, 0.125], [1.0, 1.0]])
Y_BLR = np.array([-0.9, -0.2, 0.4])
PHI_TEST = np.array([[1.0, 0.0], [1.0, 8.0]])
M_Q = np.array([0.0, 0.5])
L_Q = np.array([[0.5, 0.0], [0.2, 0.4]])

PUBLIC = {
    "q1_mle": [
        ValueCheck(
            name="bernoulli_mle of (1, 0, 1, 1, 0, 1, 1, 1) is 0.75",
            covers=("bern-value",),
            hidden=False,
            tol=TIGHT,
            call=Call("bernoulli_mle", (COIN,)),
        ),
        ValueCheck(
            name="bernoulli_loglik of the same coin at theta = 0.75",
            covers=("loglik-value",),
            hidden=False,
            tol=TIGHT,
            call=Call("bernoulli_loglik", (COIN, 0.75)),
        ),
        ValueCheck(
            name="gaussian_mle of the four points of the worked example",
            covers=("gauss-value", "gauss-outer"),
            hidden=False,
            tol=TIGHT,
            call=Call("gaussian_mle", (POINTS4,)),
        ),
    ],
    "q2_mvn_logpdf": [
        ValueCheck(
            name="mvn_logpdf of the lecture's density at three points",
            covers=("value", "normaliser"),
            hidden=False,
            tol=TIGHT,
            call=Call("mvn_logpdf", (POINTS3, MU_LEC, SIGMA_LEC)),
        ),
        ValueCheck(
            name="mvn_logpdf with Sigma = [[1, -0.99], [-0.99, 2.2]] (scipy's values)",
            covers=("value",),
            hidden=False,
            tol=TIGHT,
            call=Call("mvn_logpdf", (POINTS3, MU_LEC, SIGMA_COND)),
        ),
    ],
    "q3_naive_bayes": [
        ValueCheck(
            name="binarize_iris of the twelve flowers",
            covers=("binarize", "binarize-ties"),
            hidden=False,
            tol=EXACT,
            call=Call("binarize_iris", (IRIS12,)),
        ),
        ValueCheck(
            name="scores with alpha = 0: pick -inf, don't pick log 0.054665",
            covers=("scores-value", "scores-inf", "fit-laplace"),
            hidden=False,
            tol=TIGHT,
            call=Call(
                "naive_bayes_log_scores",
                (NestedCall("naive_bayes_fit", (XB12, PICK12, 0.0)), XB_NEW),
            ),
        ),
        ValueCheck(
            name="scores with alpha = 1: pick log 0.020825, don't pick log 0.051212",
            covers=("scores-value", "fit-laplace"),
            hidden=False,
            tol=TIGHT,
            call=Call(
                "naive_bayes_log_scores",
                (NestedCall("naive_bayes_fit", (XB12, PICK12, 1.0)), XB_NEW),
            ),
        ),
        ValueCheck(
            name="naive_bayes_predict with alpha = 1 says don't pick (0)",
            covers=("predict",),
            hidden=False,
            tol=EXACT,
            call=Call(
                "naive_bayes_predict",
                (NestedCall("naive_bayes_fit", (XB12, PICK12, 1.0)), XB_NEW),
            ),
        ),
    ],
    "q4_map_ridge": [
        ValueCheck(
            name="map_estimate of the worked example",
            covers=("map-value",),
            hidden=False,
            tol=TIGHT,
            call=Call("map_estimate", (PHI_RIDGE, Y_RIDGE, 0.25, 1.0)),
        ),
        ValueCheck(
            name="neg_log_posterior at w = 0 is 10.5",
            covers=("nlp-value",),
            hidden=False,
            tol=TIGHT,
            call=Call("neg_log_posterior", (np.zeros(2), PHI_RIDGE, Y_RIDGE, 0.25, 1.0)),
        ),
    ],
    "q5_bayes_linreg": [
        ValueCheck(
            name="bayes_linreg of the worked example (m, S)",
            covers=("posterior",),
            hidden=False,
            tol=TIGHT,
            call=Call("bayes_linreg", (PHI_BLR, Y_BLR, 0.04, 0.5)),
        ),
        ValueCheck(
            name="predictive at x = 0 and x = 2 (features (1, 0) and (1, 8))",
            covers=("pred-value", "pred-noise"),
            hidden=False,
            tol=TIGHT,
            call=Call(
                "predictive",
                (
                    PHI_TEST,
                    np.array([-0.25257614, 0.62347606]),
                    np.array([[0.01301853, -0.00077653], [-0.00077653, 0.01913370]]),
                    0.04,
                ),
            ),
        ),
    ],
    "q6_dropout_early_stopping": [
        ValueCheck(
            name="dropout_forward([1, -2, 3, 4], 0.5, mask=[T, F, T, F]) = [2, 0, 6, 0]",
            covers=("dropout-mask",),
            hidden=False,
            tol=TIGHT,
            call=Call(
                "dropout_forward",
                (np.array([1.0, -2.0, 3.0, 4.0]), 0.5),
                {"mask": np.array([True, False, True, False])},
            ),
        ),
        ValueCheck(
            name="early_stop_epoch of the worked losses, min_delta = 0.02: epoch 4",
            covers=("stop-value", "stop-strict"),
            hidden=False,
            tol=EXACT,
            call=Call(
                "early_stop_epoch", ([1.0, 0.8, 0.75, 0.76, 0.74, 0.77, 0.78, 0.73], 0.02, 2, "min")
            ),
        ),
        ValueCheck(
            name="early_stop_epoch of the worked accuracies, mode max: epoch 6",
            covers=("stop-max",),
            hidden=False,
            tol=EXACT,
            call=Call(
                "early_stop_epoch", ([0.5, 0.6, 0.65, 0.64, 0.66, 0.63, 0.62], 0.0, 2, "max")
            ),
        ),
    ],
    "q7_elbo": [
        ValueCheck(
            name="gaussian_kl of the worked example",
            covers=("kl-value",),
            hidden=False,
            tol=TIGHT,
            call=Call("gaussian_kl", (M_Q, L_Q, 0.5)),
        ),
        ValueCheck(
            name="elbo_mc of the worked example (two draws)",
            covers=("mc-value",),
            hidden=False,
            tol=TIGHT,
            call=Call(
                "elbo_mc",
                (PHI_BLR, Y_BLR, M_Q, L_Q, 0.04, 0.5, np.array([[1.0, 0.0], [-0.5, 1.0]])),
            ),
        ),
        ValueCheck(
            name="elbo_exact of the worked example",
            covers=("exact-value",),
            hidden=False,
            tol=TIGHT,
            call=Call("elbo_exact", (PHI_BLR, Y_BLR, M_Q, L_Q, 0.04, 0.5)),
        ),
    ],
}
