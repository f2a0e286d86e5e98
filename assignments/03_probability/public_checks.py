"""Public checks for 03_probability: the worked examples of the notebook.

Run them with ``check("<question>")`` in the notebook or ``autograder check NOTEBOOK``. Passing
them is a good sign, not a grade: hidden checks use other inputs, shapes and edge cases.
"""

import numpy as np

from autograder.authoring import Call, RaisesCheck, ShapeCheck, Tolerance, ValueCheck

TIGHT = Tolerance(1e-12, 1e-14)
URNS = np.array([[4.0, 3.0], [4.0, 1.0]])  # urn 1: 4 black, 3 golden; urn 2: 4 black, 1 golden
P_URN = np.array([0.4, 0.6])

PUBLIC = {
    "q1_urn_tables": [
        ValueCheck(name="urn example: joint table P(U, B)", hidden=False,
                   covers=("joint", "colour-given-urn"), tol=TIGHT, part=(0,),
                   call=Call("urn_tables", (URNS, P_URN))),
        ValueCheck(name="urn example: P(B) and P(U | B)", hidden=False,
                   covers=("returns", "p-colour", "posterior"), tol=TIGHT,
                   call=Call("urn_tables", (URNS, P_URN))),
    ],
    "q2_bayes_rule": [
        ValueCheck(name="posterior_positive(0.99, 0.99, 0.005)", hidden=False,
                   covers=("value", "false-positive"), tol=TIGHT,
                   call=Call("posterior_positive", (0.99, 0.99, 0.005))),
        ValueCheck(name="sequential_posterior for two positive tests", hidden=False,
                   covers=("seq-update", "seq-entries"), tol=TIGHT,
                   call=Call("sequential_posterior", (0.99, 0.99, 0.005, np.array([1, 1])))),
    ],
    "q3_discrete_moments": [
        ValueCheck(name="dice_sum_pmf for two dice", hidden=False,
                   covers=("dice-convolution", "dice-index", "dice-length"), tol=TIGHT,
                   call=Call("dice_sum_pmf", (2,))),
        ValueCheck(name="pmf_moments of a fair die: (3.5, 35/12)", hidden=False,
                   covers=("moments-value",), tol=TIGHT,
                   call=Call("pmf_moments", (np.arange(1.0, 7.0), np.full(6, 1 / 6)))),
    ],
    "q4_covariance": [
        ValueCheck(name="covariance_matrix of 4 points (1/N)", hidden=False,
                   covers=("cov-value", "cov-shape"), tol=TIGHT,
                   call=Call("covariance_matrix", (np.array([[1.0, 2.0], [2.0, 1.0],
                                                             [3.0, 5.0], [6.0, 0.0]]),))),
        ValueCheck(name="cov_to_corr of C1 = [[4, -4], [-4, 5]]", hidden=False,
                   covers=("corr-value", "corr-shape"), tol=TIGHT,
                   call=Call("cov_to_corr", (np.array([[4.0, -4.0], [-4.0, 5.0]]),))),
        ValueCheck(name="affine_moments of 2 X + 1 for V[X] = 3", hidden=False,
                   covers=("affine-mean", "affine-cov"), tol=TIGHT,
                   call=Call("affine_moments", (np.array([1.0]), np.array([[3.0]]),
                                                np.array([[2.0]]), np.array([1.0])))),
    ],
    "q5_mle": [
        ValueCheck(name="bernoulli_mle of 1 0 1 1 0", hidden=False,
                   covers=("bernoulli-value",), tol=TIGHT,
                   call=Call("bernoulli_mle", (np.array([1.0, 0.0, 1.0, 1.0, 0.0]),))),
        ValueCheck(name="gaussian_mle of 3 points in 2-D", hidden=False,
                   covers=("gaussian-value", "gaussian-shapes"), tol=TIGHT,
                   call=Call("gaussian_mle", (np.array([[0.0, 1.0], [2.0, 1.0],
                                                        [1.0, 4.0]]),))),
        ValueCheck(name="gaussian_nll_grad of 1 2 6 at (2, 4)", hidden=False,
                   covers=("grad-value",), tol=TIGHT,
                   call=Call("gaussian_nll_grad", (np.array([1.0, 2.0, 6.0]), 2.0, 4.0))),
    ],
    "q6_monte_carlo": [
        ShapeCheck(name="sample_gaussian returns a float64 array (n, D)", hidden=False,
                   covers=("sample-shape",),
                   call=Call("sample_gaussian", (np.zeros(2), np.eye(2), 5, 0))),
        ValueCheck(name="mc_mean_se of 1 2 3 4", hidden=False,
                   covers=("mc-mean", "se-value"), tol=TIGHT,
                   call=Call("mc_mean_se", (np.array([1.0, 2.0, 3.0, 4.0]),))),
        RaisesCheck(name="mc_mean_se of one value raises ValueError", hidden=False,
                    covers=("raises-few",),
                    exception="ValueError", call=Call("mc_mean_se", (np.array([2.0]),))),
    ],
}
