"""Public checks for 04_linear_regression: the worked examples of the notebook.

Run them with ``check("<question>")`` in the notebook or ``autograder check NOTEBOOK``. Passing
them is a good sign, not a grade: hidden checks use other data, degrees, seeds and edge cases.
"""

import numpy as np

from autograder.authoring import (
    Call,
    RaisesCheck,
    Tolerance,
    TrajectoryCheck,
    UpdateStepCheck,
    ValueCheck,
)

TIGHT = Tolerance(1e-9, 1e-12)
PHI = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]])
Y = np.array([0.0, 1.0, 3.0])
LINE = np.column_stack([np.ones(4), np.arange(4.0)])
W, G = np.array([1.0, -2.0]), np.array([0.5, -1.0])

PUBLIC = {
    "q1_features_cost": [
        ValueCheck(name="polynomial_features([0, 1, 2], 2)", hidden=False, tol=TIGHT,
                   call=Call("polynomial_features", (np.array([0.0, 1.0, 2.0]), 2)),
                   covers=("features-value", "features-dtype-shape")),
        ValueCheck(name="poly_predict([1, 2, 3], [0, 1, 2])", hidden=False, tol=TIGHT,
                   call=Call("poly_predict", (np.array([1.0, 2.0, 3.0]),
                                              np.array([0.0, 1.0, 2.0]))),
                   covers=("predict-value", "predict-order")),
        ValueCheck(name="mse_cost of the 3-point example is 1/6", hidden=False, tol=TIGHT,
                   call=Call("mse_cost", (np.array([0.0, 1.0]), PHI, Y)), covers=("cost-value",)),
        ValueCheck(name="mse_grad of the 3-point example is [-1/3, -2/3]", hidden=False,
                   tol=TIGHT, call=Call("mse_grad", (np.array([0.0, 1.0]), PHI, Y)),
                   covers=("grad-value",)),
    ],
    "q2_least_squares": [
        ValueCheck(name="fit_normal_equations of the 4-point line is [1.1, 1.1]", hidden=False,
                   tol=TIGHT, call=Call("fit_normal_equations", (LINE, np.array([1.0, 3, 2, 5]))),
                   covers=("normal-value",)),
        ValueCheck(name="fit_lstsq of the 4-point line is [1.1, 1.1]", hidden=False, tol=TIGHT,
                   call=Call("fit_lstsq", (LINE, np.array([1.0, 3, 2, 5]))),
                   covers=("lstsq-value",)),
    ],
    "q3_gradient_descent": [
        TrajectoryCheck(name="gd_fit: 3 steps on the 3-point example", hidden=False, tol=TIGHT,
                        call=Call("gd_fit", (PHI, Y, np.zeros(2), 0.5, 3, 1e-6)),
                        covers=("step-value", "history-rows", "max-steps", "cost-column")),
    ],
    "q4_r_squared": [
        ValueCheck(name="R^2 of the worked example is 0.8", hidden=False, tol=TIGHT,
                   call=Call("r2_score", (np.array([1.0, 2, 3, 4]),
                                          np.array([1.5, 1.5, 3.5, 3.5]))),
                   covers=("value",)),
        ValueCheck(name="R^2 of y_hat = 2y - 2 is -0.2 (not 4.2)", hidden=False, tol=TIGHT,
                   call=Call("r2_score", (np.array([1.0, 2, 3, 4]), np.array([0.0, 2, 4, 6]))),
                   covers=("negative", "not-ssr")),
        RaisesCheck(name="ValueError for constant y", hidden=False, exception="ValueError",
                    call=Call("r2_score", (np.ones(3), np.zeros(3))), covers=("raises-constant",)),
    ],
    "q5_ridge": [
        ValueCheck(name="ridge_fit of the 3-point example, lambda = 1, is [1/3, 1]", hidden=False,
                   tol=TIGHT, call=Call("ridge_fit", (PHI, Y, 1.0)),
                   covers=("value", "intercept-unpenalised")),
    ],
    "q6_optimizers": [
        UpdateStepCheck(name="momentum_step worked example", hidden=False, tol=TIGHT,
                        call=Call("momentum_step", (W, G, np.zeros(2), 0.1)),
                        covers=("momentum-value", "defaults")),
        UpdateStepCheck(name="adagrad_step worked example", hidden=False, tol=TIGHT,
                        call=Call("adagrad_step", (W, G, np.zeros(2), 0.1)),
                        covers=("adagrad-value", "defaults")),
        UpdateStepCheck(name="rmsprop_step worked example", hidden=False, tol=TIGHT,
                        call=Call("rmsprop_step", (W, G, np.zeros(2), 0.1)),
                        covers=("rmsprop-value", "defaults")),
        UpdateStepCheck(name="adam_step worked example (t = 1)", hidden=False, tol=TIGHT,
                        call=Call("adam_step", (W, G, np.zeros(2), np.zeros(2), 1, 0.1)),
                        covers=("adam-value", "adam-t", "defaults")),
    ],
}
