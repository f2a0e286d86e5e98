"""Hidden suite for 01_calculus_autodiff.

Inputs differ from the notebook's worked examples: other shapes, other seeds and the edge cases
each contract names (x = 0 for the non-differentiable derivatives, f'' = 0 for Newton, large |x|
for the sigmoid). Every check kind of the engine appears at least once.
"""

import numpy as np
import sympy as sp

from autograder.authoring import (
    AutogradCheck,
    Call,
    Callable_,
    FiniteDifferenceCheck,
    GradcheckCheck,
    LossThresholdCheck,
    NestedCall,
    NoMutationCheck,
    PredictionCheck,
    Question,
    RaisesCheck,
    ShapeCheck,
    SymbolicCheck,
    TensorArg,
    Tolerance,
    TrajectoryCheck,
    UpdateStepCheck,
    ValueCheck,
)

rng = np.random.default_rng(7_2026)
TIGHT = Tolerance(1e-9, 1e-12)
NAN_AWARE = Tolerance(1e-10, 1e-12, equal_nan=True)
fns = "course."

# -- q1 ---------------------------------------------------------------------------------------
X_FD = rng.normal(size=(3, 4))
q1 = Question(
    "q1_finite_differences",
    points=2,
    title="Finite differences",
    checks=(
        ValueCheck(
            name="central_diff of tanh on a 3x4 array",
            tol=TIGHT,
            call=Call("central_diff", (Callable_("numpy.tanh"), X_FD)),
        ),
        ValueCheck(
            name="central_diff of exp with h = 1e-3",
            tol=TIGHT,
            call=Call("central_diff", (Callable_("numpy.exp"), X_FD[0]), {"h": 1e-3}),
        ),
        ValueCheck(
            name="forward_diff of cos on 5 points",
            tol=TIGHT,
            call=Call("forward_diff", (Callable_("numpy.cos"), rng.uniform(-3, 3, 5))),
        ),
        ValueCheck(
            name="forward_diff of x^3 with h = 1e-4",
            tol=TIGHT,
            call=Call(
                "forward_diff", (Callable_(fns + "cube"), np.array([-2.0, 0.0, 1.5])), {"h": 1e-4}
            ),
        ),
        ShapeCheck(
            name="central_diff keeps the input's shape (2, 3, 2)",
            call=Call("central_diff", (Callable_("numpy.sin"), rng.normal(size=(2, 3, 2)))),
        ),
        NoMutationCheck(
            name="central_diff does not modify x",
            call=Call("central_diff", (Callable_("numpy.sin"), rng.normal(size=6))),
        ),
    ),
)

# -- q2 ---------------------------------------------------------------------------------------
GRID = np.concatenate([np.linspace(-6, 6, 13), [-800.0, 800.0, 1e-3, -1e-3]])
q2 = Question(
    "q2_derivative_rules",
    points=2,
    title="Derivative rules, vectorised and NaN-aware",
    checks=(
        ValueCheck(
            name="d_sigmoid on a grid including |x| = 800",
            tol=NAN_AWARE,
            call=Call("d_sigmoid", (GRID,)),
        ),
        ValueCheck(
            name="d_tanh on a 2-D grid",
            tol=NAN_AWARE,
            call=Call("d_tanh", (GRID[:16].reshape(4, 4),)),
        ),
        ValueCheck(name="d_relu including x = 0", tol=NAN_AWARE, call=Call("d_relu", (GRID,))),
        ValueCheck(name="d_sqrt: NaN for x <= 0", tol=NAN_AWARE, call=Call("d_sqrt", (GRID,))),
        ValueCheck(name="d_abs: NaN at 0", tol=NAN_AWARE, call=Call("d_abs", (GRID,))),
        NoMutationCheck(name="d_abs does not modify x", call=Call("d_abs", (GRID.copy(),))),
    ),
)

# -- q3 ---------------------------------------------------------------------------------------
x, y = sp.symbols("x y")
q3 = Question(
    "q3_symbolic",
    points=2,
    title="Symbolic differentiation with SymPy",
    checks=(
        SymbolicCheck(
            name="tangent plane of sin(x) e^y at (0, 1)",
            call=Call("tangent_plane", (sp.sin(x) * sp.exp(y), x, y, 0, 1)),
        ),
        SymbolicCheck(
            name="tangent plane of x^3 y - y^2 at (1, -1/2)",
            call=Call("tangent_plane", (x**3 * y - y**2, x, y, 1, sp.Rational(-1, 2))),
        ),
        SymbolicCheck(
            name="Taylor polynomial of e^x, order 4 at 0",
            call=Call("taylor_poly", (sp.exp(x), x, 0, 4)),
        ),
        SymbolicCheck(
            name="Taylor polynomial of log(1 + x), order 5 at 1",
            domain=(0.5, 1.5),
            call=Call("taylor_poly", (sp.log(1 + x), x, 1, 5)),
        ),
        SymbolicCheck(
            name="Taylor polynomial of x sin x, order 3 at pi/4",
            call=Call("taylor_poly", (x * sp.sin(x), x, sp.pi / 4, 3)),
        ),
    ),
)

# -- q4 ---------------------------------------------------------------------------------------
X4 = rng.normal(size=(3, 25))
W4 = rng.normal(size=(1, 3))
Y4 = np.array([[0.4, -0.7, 1.1]]) @ X4 + 0.2 + 0.3 * rng.normal(size=(1, 25))
DW4, DB4 = rng.normal(size=(1, 3)), 0.37
q4 = Question(
    "q4_single_neuron",
    points=4,
    title="A single linear neuron trained by gradient descent",
    checks=(
        ValueCheck(
            name="neuron_output with k = 3, m = 25",
            tol=TIGHT,
            call=Call("neuron_output", (W4, 0.3, X4)),
        ),
        ValueCheck(
            name="mse_loss uses 1/(2m)", tol=TIGHT, call=Call("mse_loss", (W4 @ X4 + 0.3, Y4))
        ),
        ValueCheck(
            name="mse_grads against the reference",
            tol=TIGHT,
            call=Call("mse_grads", (W4, 0.3, X4, Y4)),
        ),
        FiniteDifferenceCheck(
            name="mse_grads against central differences of your loss",
            grad=Call("mse_grads", (W4, 0.3, X4, Y4)),
            params=(W4, 0.3),
            names=("w", "b"),
            loss=lambda p: Call("mse_loss", (NestedCall("neuron_output", (p[0], p[1], X4)), Y4)),
        ),
        UpdateStepCheck(
            name="one exact update step",
            tol=TIGHT,
            call=Call("update_params", (W4, 0.3, DW4, DB4, 0.05)),
        ),
        NoMutationCheck(
            name="update_params returns new arrays",
            call=Call("update_params", (W4.copy(), 0.3, DW4, DB4, 0.05)),
        ),
        TrajectoryCheck(
            name="loss history of train_neuron from fixed parameters",
            part=(2,),
            tol=Tolerance(1e-8, 1e-10),
            call=Call(
                "train_neuron",
                (np.zeros((1, 3)), 0.0, X4, Y4),
                {"lr": 0.1, "tol": 1e-6, "max_iter": 400},
            ),
        ),
        TrajectoryCheck(
            name="final weights of train_neuron",
            part=(0,),
            tol=Tolerance(1e-8, 1e-10),
            call=Call(
                "train_neuron",
                (np.full((1, 3), 0.5), -0.2, X4, Y4),
                {"lr": 0.05, "tol": 1e-4, "max_iter": 50},
            ),
        ),
    ),
)

# -- q5 ---------------------------------------------------------------------------------------
q5 = Question(
    "q5_newton",
    points=2,
    title="Newton's method",
    checks=(
        ValueCheck(
            name="Newton on cosh(x) + x^2/4 from 2, tol 1e-10",
            tol=Tolerance(1e-9, 1e-12),
            call=Call(
                "newton_1d",
                (Callable_(fns + "cosh_d1"), Callable_(fns + "cosh_d2"), 2.0),
                {"tol": 1e-10, "max_steps": 20},
            ),
        ),
        ValueCheck(
            name="Newton on x^2 from 3.7",
            tol=Tolerance(1e-12, 1e-12),
            call=Call(
                "newton_1d", (Callable_(fns + "square_d1"), Callable_(fns + "square_d2"), 3.7)
            ),
        ),
        ValueCheck(
            name="the step budget max_steps is respected",
            tol=Tolerance(1e-9, 1e-12),
            call=Call(
                "newton_1d",
                (Callable_(fns + "exp_minus_log_d1"), Callable_(fns + "exp_minus_log_d2"), 0.3),
                {"tol": 1e-14, "max_steps": 3},
            ),
        ),
        RaisesCheck(
            name="ValueError when f'' = 0 (normal pdf at x = -1)",
            exception="ValueError",
            call=Call(
                "newton_1d",
                (Callable_(fns + "normal_pdf_d1"), Callable_(fns + "normal_pdf_d2"), -1.0),
            ),
        ),
    ),
)

# -- q6 ---------------------------------------------------------------------------------------
X6 = rng.normal(size=(3, 8))
W6 = rng.normal(size=(1, 3))
Y6 = (rng.uniform(size=(1, 8)) > 0.5).astype(np.float64)


def neuron_args() -> tuple[TensorArg, ...]:
    return (TensorArg(W6, True, "w"), TensorArg(np.array(0.25), True, "b"), TensorArg(X6))


q6 = Question(
    "q6_autograd",
    points=4,
    title="Automatic differentiation with PyTorch",
    checks=(
        ValueCheck(
            name="sigmoid_neuron forward", tol=TIGHT, call=Call("sigmoid_neuron", neuron_args())
        ),
        AutogradCheck(
            name="autograd through sigmoid_neuron w.r.t. w and b",
            call=Call("sigmoid_neuron", neuron_args(), seed=11),
        ),
        ValueCheck(
            name="log_loss value",
            tol=TIGHT,
            call=Call(
                "log_loss",
                (TensorArg(np.clip(rng.uniform(size=(1, 8)), 0.05, 0.95)), TensorArg(Y6)),
            ),
        ),
        AutogradCheck(
            name="autograd through log_loss(sigmoid_neuron(...)) w.r.t. w and b",
            call=Call(
                "log_loss", (NestedCall("sigmoid_neuron", neuron_args()), TensorArg(Y6)), seed=12
            ),
        ),
        GradcheckCheck(
            name="gradcheck of the custom Softplus Function",
            call=Call("softplus", (TensorArg(rng.normal(size=5) * 3, True, "x"),)),
        ),
        ValueCheck(
            name="Hessian of the quartic at (0.5, -1)",
            tol=TIGHT,
            call=Call("hessian", (Callable_(fns + "quartic_2d"), TensorArg(np.array([0.5, -1.0])))),
        ),
        ValueCheck(
            name="Hessian of the 4-D Rosenbrock function",
            tol=TIGHT,
            call=Call(
                "hessian", (Callable_(fns + "rosenbrock"), TensorArg(rng.uniform(-1.5, 1.5, 4)))
            ),
        ),
    ),
)

# -- q7 ---------------------------------------------------------------------------------------


def blobs(m: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Two Gaussian classes centred at +-(1.5, 1.5) with unit variance; columns are examples."""
    g = np.random.default_rng(seed)
    labels = (g.uniform(size=m) < 0.5).astype(np.int64)
    centres = np.where(labels[None, :] == 1, 1.5, -1.5)
    return centres + g.normal(size=(2, m)), labels[None, :]


X7, Y7 = blobs(60, 31)
X7_TEST, Y7_TEST = blobs(400, 32)


def trusted_log_loss(w: np.ndarray, b: float) -> float:
    """The training loss, computed on the grader's side from returned parameters."""
    z = np.asarray(w, dtype=np.float64).reshape(1, 2) @ X7 + float(b)
    return float(np.mean(np.logaddexp(0.0, z) - Y7 * z))


TRAIN7 = Call(
    "train_logistic",
    (X7, Y7.astype(np.float64), np.zeros((1, 2)), 0.0),
    {"lr": 0.1, "tol": 1e-4, "max_iter": 500},
)
q7 = Question(
    "q7_logistic_regression",
    points=2,
    title="Logistic regression with gradient descent",
    checks=(
        LossThresholdCheck(
            name="training loss within 2% of the reference's in 500 steps",
            call=TRAIN7,
            params=((0,), (1,)),
            loss=trusted_log_loss,
            factor=1.02,
        ),
        TrajectoryCheck(
            name="loss history of train_logistic",
            part=(2,),
            tol=Tolerance(1e-8, 1e-10),
            call=TRAIN7,
        ),
        PredictionCheck(
            name="accuracy on 400 held-out points",
            labels=Y7_TEST,
            min_accuracy=0.93,
            call=Call(
                "predict",
                (
                    NestedCall("train_logistic", TRAIN7.args, TRAIN7.kwargs, index=0),
                    NestedCall("train_logistic", TRAIN7.args, TRAIN7.kwargs, index=1),
                    X7_TEST,
                ),
            ),
        ),
        ValueCheck(
            name="predict returns int64 labels of shape (1, m)",
            tol=Tolerance(0.0, 0.0),
            call=Call("predict", (np.array([[0.8, -0.3]]), 0.1, X7_TEST[:, :50])),
        ),
    ),
)

QUESTIONS = [q1, q2, q3, q4, q5, q6, q7]
