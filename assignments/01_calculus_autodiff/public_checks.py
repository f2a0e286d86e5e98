"""Public checks for 01_calculus_autodiff: the worked examples of the notebook.

Run them with ``check("<question>")`` in the notebook or ``autograder check NOTEBOOK``. Passing
them is a good sign, not a grade: hidden checks use other inputs, shapes and edge cases.
"""

import numpy as np
import sympy as sp

from autograder.authoring import (
    Call,
    Callable_,
    RaisesCheck,
    SymbolicCheck,
    TensorArg,
    Tolerance,
    ValueCheck,
)

x, y = sp.symbols("x y")
TIGHT = Tolerance(1e-9, 1e-12)

PUBLIC = {
    "q1_finite_differences": [
        ValueCheck(name="central_diff of sin at 0, 0.5, 1", hidden=False,
                   covers=("central-value", "default-h"), tol=TIGHT,
                   call=Call("central_diff", (Callable_("numpy.sin"), np.array([0.0, 0.5, 1.0])))),
        ValueCheck(name="forward_diff of exp at 0.25", hidden=False,
                   covers=("forward-value", "default-h", "any-shape"), tol=TIGHT,
                   call=Call("forward_diff", (Callable_("numpy.exp"), 0.25))),
    ],
    "q2_derivative_rules": [
        ValueCheck(name="d_relu at -1, 0, 2", hidden=False,
                   covers=("relu-value", "relu-zero"), tol=Tolerance(0.0, 0.0, True),
                   call=Call("d_relu", (np.array([-1.0, 0.0, 2.0]),))),
        ValueCheck(name="d_sqrt at -1, 0, 4", hidden=False,
                   covers=("sqrt-value", "sqrt-nonpositive-nan"), tol=Tolerance(1e-12, 0.0, True),
                   call=Call("d_sqrt", (np.array([-1.0, 0.0, 4.0]),))),
    ],
    "q3_symbolic": [
        SymbolicCheck(name="tangent plane of x^2 + y^2 at (2, 4)", hidden=False,
                      covers=("tangent-value", "tangent-inputs"),
                      call=Call("tangent_plane", (x**2 + y**2, x, y, 2, 4))),
    ],
    "q4_single_neuron": [
        ValueCheck(name="neuron_output on a 2x3 example", hidden=False,
                   covers=("output-value",), tol=TIGHT,
                   call=Call("neuron_output", (np.array([[0.5, -1.0]]), 0.1,
                                               np.array([[1.0, 2.0, 3.0], [0.0, 1.0, -1.0]])))),
        ValueCheck(name="mse_loss of a 1x2 example", hidden=False,
                   covers=("loss-value", "loss-m-columns"), tol=TIGHT,
                   call=Call("mse_loss", (np.array([[1.0, 2.0]]), np.array([[0.0, 4.0]])))),
    ],
    "q5_newton": [
        ValueCheck(name="Newton path for e^x - ln x from 1.75", hidden=False,
                   covers=("iterates", "step", "stop-rule", "defaults"),
                   tol=Tolerance(1e-9, 1e-12),
                   call=Call("newton_1d", (Callable_("course.exp_minus_log_d1"),
                                           Callable_("course.exp_minus_log_d2"),
                                           1.75))),
        RaisesCheck(name="ValueError when f'' = 0 (normal pdf at x = 1)", hidden=False,
                    covers=("raises-zero-curvature",),
                    exception="ValueError",
                    call=Call("newton_1d", (Callable_("course.normal_pdf_d1"),
                                            Callable_("course.normal_pdf_d2"), 1.0))),
    ],
    "q6_autograd": [
        ValueCheck(name="Hessian of 2x^2 + 3y^2 - xy", hidden=False,
                   covers=("hessian-value",), tol=TIGHT,
                   call=Call("hessian", (Callable_("course.quadratic_2d"),
                                         TensorArg(np.array([1.0, 2.0]))))),
    ],
    "q7_logistic_regression": [
        ValueCheck(name="predict on 3 points", hidden=False,
                   covers=("predict-threshold", "predict-dtype"), tol=Tolerance(0.0, 0.0),
                   call=Call("predict", (np.array([[1.0, -1.0]]), 0.0,
                                         np.array([[2.0, -1.0, 0.0], [0.0, 1.0, 0.0]])))),
    ],
}
