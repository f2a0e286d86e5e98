"""Public checks for 02_optimization: the worked examples of the notebook.

Run them with ``check("<question>")`` in the notebook or ``autograder check NOTEBOOK``. Passing
them is a good sign, not a grade: hidden checks use other inputs, dimensions and parameters.
"""

import numpy as np

from autograder.authoring import Call, Callable_, Tolerance, ValueCheck

TIGHT = Tolerance(1e-9, 1e-12)

PUBLIC = {
    "q1_gradient_descent": [
        ValueCheck(name="x^2 from 1.0 with lr 0.25 and eps 1e-3", hidden=False,
                   covers=("worked-example", "update", "stop-rule", "row0"), tol=TIGHT,
                   call=Call("gradient_descent", (Callable_("course.square_d1"),
                                                  np.array([1.0]), 0.25), {"eps": 1e-3})),
        ValueCheck(name="|x| from 0.75 with lr 0.5: overshoot, 6 steps", hidden=False,
                   covers=("overshoot", "max-steps"), tol=TIGHT,
                   call=Call("gradient_descent", (Callable_("numpy.sign"), np.array([0.75]), 0.5),
                             {"max_steps": 6})),
    ],
    "q2_critical_points": [
        ValueCheck(name="landscape_grad at (0, 0) is (1, 0)", hidden=False,
                   covers=("worked-example", "grad-value"), tol=TIGHT,
                   call=Call("landscape_grad", (np.array([0.0, 0.0]),))),
        ValueCheck(name="landscape_hessian at (pi/2, pi/2)", hidden=False,
                   covers=("worked-example", "hess-value"), tol=TIGHT,
                   call=Call("landscape_hessian", (np.array([np.pi / 2, np.pi / 2]),))),
        ValueCheck(name="classify [[0, 0.1227], [0.1227, 0.2455]]", hidden=False,
                   covers=("worked-example", "rule"),
                   tol=Tolerance(0.0, 0.0),
                   call=Call("classify_critical_point",
                             (np.array([[0.0, 0.12273318619081464],
                                        [0.12273318619081464, 0.2454663723816293]]),))),
    ],
    "q3_backtracking": [
        ValueCheck(name="backtracking on diag(2, 20) from (1, 1)", hidden=False,
                   covers=("worked-example", "armijo", "shrink"), tol=TIGHT,
                   call=Call("backtracking_gd", (np.diag([2.0, 20.0]), np.zeros(2),
                                                 np.array([1.0, 1.0])), {"max_iter": 10})),
    ],
    "q4_rosenbrock": [
        ValueCheck(name="rosen_hessian at (1, 1)", hidden=False,
                   covers=("worked-example", "hess-value"), tol=TIGHT,
                   call=Call("rosen_hessian", (np.array([1.0, 1.0]),))),
        ValueCheck(name="rosen_grad at (0, 0, 0)", hidden=False,
                   covers=("worked-example", "grad-value"), tol=TIGHT,
                   call=Call("rosen_grad", (np.zeros(3),))),
    ],
    "q5_lagrange": [
        ValueCheck(name="x^2 + y^2 subject to x + y = 1", hidden=False,
                   covers=("worked-example", "kkt", "sign-convention"), tol=TIGHT,
                   call=Call("lagrange_qp", (2.0 * np.eye(2), np.zeros(2), np.array([[1.0, 1.0]]),
                                             np.array([1.0])))),
    ],
    "q6_slsqp": [
        ValueCheck(name="local minimiser from (1, -0.5)", hidden=False,
                   covers=("worked-example", "accuracy"), tol=Tolerance(0.0, 1e-5),
                   call=Call("slsqp_local_min", (np.array([1.0, -0.5]),))),
    ],
}
