"""Hidden suite for 01_calculus_autodiff.

Inputs differ from the notebook's worked examples: other shapes, other seeds and the edge cases
each contract names (x = 0 and NaN for the derivatives, |x| = 800 for the sigmoid, f'' = 0 for
Newton at the start, at a later iterate and at the last one, a linear f for the Hessian,
saturated probabilities for the log losses, a decrease exactly equal to tol, a tie exactly at
w x + b = 0). Every check names the rows of ``requirements.md`` it tests (``covers``).
"""

import numpy as np
import sympy as sp

from autograder.authoring import (
    AutogradCheck,
    Call,
    Callable_,
    FiniteDifferenceCheck,
    FlagsCheck,
    GradcheckCheck,
    LossThresholdCheck,
    NestedCall,
    NoMutationCheck,
    NoWarningsCheck,
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
EXACT = Tolerance(0.0, 0.0)
NAN_AWARE = Tolerance(1e-10, 1e-12, equal_nan=True)
fns = "course."

# -- q1 ---------------------------------------------------------------------------------------
X_FD = rng.normal(size=(3, 4))
SAME_SHAPE = "a float64 np.ndarray of the same shape as x (0-d for a scalar x)"
q1 = Question(
    "q1_finite_differences",
    points=2,
    title="Finite differences",
    checks=(
        ValueCheck(
            name="central_diff of tanh on a 3x4 array",
            covers=("central-value", "default-h", "any-shape", "shape", "dtype"),
            tol=TIGHT,
            call=Call("central_diff", (Callable_("numpy.tanh"), X_FD)),
        ),
        ValueCheck(
            name="central_diff of exp with h = 1e-3",
            covers=("central-value",),
            tol=TIGHT,
            call=Call("central_diff", (Callable_("numpy.exp"), X_FD[0]), {"h": 1e-3}),
        ),
        ValueCheck(
            name="forward_diff of cos on 5 points",
            covers=("forward-value", "default-h"),
            tol=TIGHT,
            call=Call("forward_diff", (Callable_("numpy.cos"), rng.uniform(-3, 3, 5))),
        ),
        ValueCheck(
            name="forward_diff of x^3 with h = 1e-4",
            covers=("forward-value",),
            tol=TIGHT,
            call=Call(
                "forward_diff", (Callable_(fns + "cube"), np.array([-2.0, 0.0, 1.5])), {"h": 1e-4}
            ),
        ),
        ValueCheck(
            name="forward_diff of sin on a 2x3 array",
            covers=("forward-value", "any-shape", "shape", "dtype"),
            tol=TIGHT,
            call=Call("forward_diff", (Callable_("numpy.sin"), rng.normal(size=(2, 3)))),
        ),
        ValueCheck(
            name="central_diff at a Python float x",
            covers=("central-value", "any-shape"),
            tol=TIGHT,
            call=Call("central_diff", (Callable_("numpy.sin"), 0.7)),
        ),
        ValueCheck(
            name="central_diff calls f once on the whole 4x5 array",
            covers=("vectorised", "central-value"),
            tol=TIGHT,
            call=Call(
                "central_diff", (Callable_(fns + "sin_whole_arrays"), rng.normal(size=(4, 5)))
            ),
        ),
        ValueCheck(
            name="forward_diff calls f once on the whole 5x2 array",
            covers=("vectorised", "forward-value"),
            tol=TIGHT,
            call=Call(
                "forward_diff", (Callable_(fns + "sin_whole_arrays"), rng.normal(size=(5, 2)))
            ),
        ),
        ShapeCheck(
            name="central_diff keeps the input's shape (2, 3, 2)",
            covers=("shape", "dtype", "any-shape"),
            expect=SAME_SHAPE,
            call=Call("central_diff", (Callable_("numpy.sin"), rng.normal(size=(2, 3, 2)))),
        ),
        ShapeCheck(
            name="central_diff of a Python float returns a 0-d float64 array",
            covers=("scalar-0d", "dtype"),
            expect=SAME_SHAPE,
            call=Call("central_diff", (Callable_("numpy.exp"), -0.4)),
        ),
        ShapeCheck(
            name="forward_diff of a Python float returns a 0-d float64 array",
            covers=("scalar-0d", "dtype"),
            expect=SAME_SHAPE,
            call=Call("forward_diff", (Callable_("numpy.cos"), 1.3)),
        ),
        NoMutationCheck(
            name="central_diff does not modify x",
            covers=("no-mutation",),
            call=Call("central_diff", (Callable_("numpy.sin"), rng.normal(size=6))),
        ),
        NoMutationCheck(
            name="forward_diff does not modify x",
            covers=("no-mutation",),
            call=Call("forward_diff", (Callable_("numpy.sin"), rng.normal(size=(2, 4)))),
        ),
    ),
)

# -- q2 ---------------------------------------------------------------------------------------
GRID = np.concatenate(
    [np.linspace(-6, 6, 13), [-800.0, 800.0, 1e-3, -1e-3, np.nan, -0.0, 1e-300, 40.0]]
)
CUBE = np.where(
    rng.uniform(size=(2, 3, 4)) < 0.2, 0.0, np.round(rng.normal(scale=3, size=(2, 3, 4)), 2)
)
CUBE[0, 0, 0], CUBE[1, 2, 3] = np.nan, 0.5
DERIVATIVES = {
    "d_sigmoid": ("sigmoid-value", "sigmoid-overflow"),
    "d_tanh": ("tanh-value",),
    "d_relu": ("relu-value", "relu-zero"),
    "d_sqrt": ("sqrt-value", "sqrt-nonpositive-nan"),
    "d_abs": ("abs-value", "abs-zero-nan"),
}
SCALARS = {"d_sigmoid": -2.5, "d_tanh": 0.8, "d_relu": 3.0, "d_sqrt": 2.25, "d_abs": -0.0}
q2_checks = []
for fn, rows in DERIVATIVES.items():
    q2_checks += [
        ValueCheck(
            name=f"{fn} on a grid with 0, -0.0, NaN, tiny and |x| = 800 entries",
            covers=(*rows, "nan", "new-float64-same-shape"),
            tol=NAN_AWARE,
            call=Call(fn, (GRID,)),
        ),
        ValueCheck(
            name=f"{fn} on a 2x3x4 array with zeros and a NaN",
            covers=(*rows, "any-shape", "nan", "new-float64-same-shape", "no-loops"),
            tol=NAN_AWARE,
            call=Call(fn, (CUBE,)),
        ),
        ValueCheck(
            name=f"{fn} of a Python float",
            covers=(*rows, "any-shape", "no-loops"),
            tol=NAN_AWARE,
            call=Call(fn, (SCALARS[fn],)),
        ),
        NoWarningsCheck(
            name=f"{fn} emits no warnings (NaN, negative, zero and |x| = 800 entries)",
            covers=("no-warnings", *(r for r in rows if r == "sigmoid-overflow")),
            call=Call(fn, (GRID,)),
        ),
        NoMutationCheck(
            name=f"{fn} does not modify x",
            covers=("no-mutation", "new-float64-same-shape"),
            call=Call(fn, (CUBE.copy(),)),
        ),
    ]
q2 = Question(
    "q2_derivative_rules",
    points=2,
    title="Derivative rules, vectorised and NaN-aware",
    checks=tuple(q2_checks),
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
            covers=("tangent-value", "tangent-inputs", "sympy-type", "any-form"),
            call=Call("tangent_plane", (sp.sin(x) * sp.exp(y), x, y, 0, 1)),
        ),
        SymbolicCheck(
            name="tangent plane of x^3 y - y^2 at (1, -1/2)",
            covers=("tangent-value", "tangent-inputs"),
            call=Call("tangent_plane", (x**3 * y - y**2, x, y, 1, sp.Rational(-1, 2))),
        ),
        SymbolicCheck(
            name="tangent plane at a point with sp.Rational coordinates is exact (no Floats)",
            covers=("exact", "tangent-value", "tangent-inputs"),
            rtol=0.0,
            call=Call(
                "tangent_plane",
                (x**2 * y + 3 * x * y**3, x, y, sp.Rational(1, 3), sp.Rational(-2, 7)),
            ),
        ),
        SymbolicCheck(
            name="Taylor polynomial of e^x, order 4 at 0",
            covers=("taylor-value", "taylor-terms", "no-o-term", "sympy-type"),
            call=Call("taylor_poly", (sp.exp(x), x, 0, 4)),
        ),
        SymbolicCheck(
            name="Taylor polynomial of log(1 + x), order 5 at 1",
            covers=("taylor-value", "taylor-terms", "no-o-term"),
            domain=(0.5, 1.5),
            call=Call("taylor_poly", (sp.log(1 + x), x, 1, 5)),
        ),
        SymbolicCheck(
            name="Taylor polynomial of x sin x, order 3 at pi/4",
            covers=("taylor-value", "any-form", "no-o-term"),
            call=Call("taylor_poly", (x * sp.sin(x), x, sp.pi / 4, 3)),
        ),
        SymbolicCheck(
            name="Taylor polynomial of order 0 (the constant term alone)",
            covers=("order-zero", "taylor-terms", "no-o-term"),
            call=Call("taylor_poly", (sp.cos(x) + x**2, x, 2, 0)),
        ),
        SymbolicCheck(
            name="Taylor polynomial about an sp.Rational point is exact (no Floats)",
            covers=("exact", "taylor-value"),
            rtol=0.0,
            call=Call("taylor_poly", (sp.exp(2 * x), x, sp.Rational(1, 3), 3)),
        ),
    ),
)

# -- q4 ---------------------------------------------------------------------------------------
X4 = rng.normal(size=(3, 25))
W4 = rng.normal(size=(1, 3))
Y4 = np.array([[0.4, -0.7, 1.1]]) @ X4 + 0.2 + 0.3 * rng.normal(size=(1, 25))
DW4, DB4 = rng.normal(size=(1, 3)), 0.37
# a decrease exactly equal to tol: from b = 0 with lr = 0.5 the loss goes 0.5 -> 0.125 exactly
X4_TIE, Y4_TIE = np.zeros((2, 2)), np.ones((1, 2))
TIE4 = Call("train_neuron", (np.zeros((1, 2)), 0.0, X4_TIE, Y4_TIE), {"lr": 0.5, "tol": 0.375})
# a learning rate far too large: the first update increases the loss
DIVERGE4 = Call(
    "train_neuron", (np.full((1, 3), 0.5), -0.2, X4, Y4), {"lr": 3.0, "tol": 1e-6, "max_iter": 30}
)
BUDGET4 = Call(
    "train_neuron", (np.full((1, 3), 0.5), -0.2, X4, Y4), {"lr": 0.05, "tol": 1e-4, "max_iter": 50}
)
# inputs scaled by 0.5 converge slowly: the default run takes a few hundred updates
DEFAULTS4 = Call("train_neuron", (np.array([[3.0, -2.0, 4.0]]), 0.6, 0.5 * X4, Y4))
q4 = Question(
    "q4_single_neuron",
    points=4,
    title="A single linear neuron trained by gradient descent",
    checks=(
        ValueCheck(
            name="neuron_output with k = 3, m = 25",
            covers=("output-value",),
            tol=TIGHT,
            call=Call("neuron_output", (W4, 0.3, X4)),
        ),
        ValueCheck(
            name="mse_loss uses 1/(2m)",
            covers=("loss-value", "loss-m-columns"),
            tol=TIGHT,
            call=Call("mse_loss", (W4 @ X4 + 0.3, Y4)),
        ),
        FlagsCheck(
            name="mse_loss returns a Python float",
            covers=("loss-float",),
            python_type="float",
            call=Call("mse_loss", (W4 @ X4 - 0.1, Y4)),
        ),
        ValueCheck(
            name="mse_grads against the reference",
            covers=("grads-value",),
            tol=TIGHT,
            call=Call("mse_grads", (W4, 0.3, X4, Y4)),
        ),
        FiniteDifferenceCheck(
            name="mse_grads against central differences of your loss",
            covers=("grads-value", "loss-value"),
            grad=Call("mse_grads", (W4, 0.3, X4, Y4)),
            params=(W4, 0.3),
            names=("w", "b"),
            loss=lambda p: Call("mse_loss", (NestedCall("neuron_output", (p[0], p[1], X4)), Y4)),
        ),
        ShapeCheck(
            name="mse_grads returns (dw of shape (1, k), db)",
            covers=("grads-types",),
            expect="(dw, db): dw an ndarray of shape (1, k), db a Python float",
            call=Call("mse_grads", (W4, -0.4, X4, Y4)),
        ),
        FlagsCheck(
            name="mse_grads returns db as a Python float",
            covers=("grads-types",),
            part=(1,),
            python_type="float",
            call=Call("mse_grads", (W4, -0.4, X4, Y4)),
        ),
        UpdateStepCheck(
            name="one exact update step",
            covers=("update-value",),
            tol=TIGHT,
            call=Call("update_params", (W4, 0.3, DW4, DB4, 0.05)),
        ),
        FlagsCheck(
            name="update_params returns b_new as a Python float",
            covers=("update-b-float",),
            part=(1,),
            python_type="float",
            call=Call("update_params", (W4, 0.3, DW4, DB4, 0.05)),
        ),
        NoMutationCheck(
            name="update_params returns new arrays",
            covers=("update-no-mutation",),
            call=Call("update_params", (W4.copy(), 0.3, DW4, DB4, 0.05)),
        ),
        TrajectoryCheck(
            name="loss history of train_neuron from fixed parameters",
            covers=("losses", "stop-rule"),
            part=(2,),
            tol=Tolerance(1e-8, 1e-10),
            call=Call(
                "train_neuron",
                (np.zeros((1, 3)), 0.0, X4, Y4),
                {"lr": 0.1, "tol": 1e-6, "max_iter": 400},
            ),
        ),
        TrajectoryCheck(
            name="final weights of train_neuron when max_iter runs out",
            covers=("final-params", "max-iter"),
            part=(0,),
            tol=Tolerance(1e-8, 1e-10),
            call=BUDGET4,
        ),
        TrajectoryCheck(
            name="final bias of train_neuron when max_iter runs out",
            covers=("final-params", "max-iter"),
            part=(1,),
            tol=Tolerance(1e-8, 1e-10),
            call=BUDGET4,
        ),
        TrajectoryCheck(
            name="loss history of train_neuron when max_iter runs out",
            covers=("max-iter", "losses"),
            part=(2,),
            tol=Tolerance(1e-8, 1e-10),
            call=BUDGET4,
        ),
        TrajectoryCheck(
            name="train_neuron with its default lr, tol and max_iter",
            covers=("train-defaults", "losses", "final-params"),
            tol=Tolerance(1e-8, 1e-10),
            call=DEFAULTS4,
        ),
        TrajectoryCheck(
            name="train_neuron stops after an update whose decrease equals tol exactly",
            covers=("stop-rule", "losses", "final-params"),
            tol=Tolerance(0.0, 0.0),
            call=TIE4,
        ),
        TrajectoryCheck(
            name="train_neuron stops after an update that increases the loss (lr too large)",
            covers=("stop-rule", "final-params"),
            tol=Tolerance(1e-8, 1e-10),
            call=DIVERGE4,
        ),
        ShapeCheck(
            name="train_neuron returns (w, b, losses) with a 1-D float64 losses array",
            covers=("losses",),
            expect="(w, b, losses) with losses a 1-D float64 ndarray",
            call=DEFAULTS4,
        ),
        NoMutationCheck(
            name="train_neuron does not modify w0",
            covers=("no-mutation",),
            call=Call(
                "train_neuron",
                (np.full((1, 3), 0.5), -0.2, X4, Y4),
                {"lr": 0.05, "tol": 1e-4, "max_iter": 20},
            ),
        ),
    ),
)

# -- q5 ---------------------------------------------------------------------------------------
NEWTON_TOL = Tolerance(1e-9, 1e-12)


def newton(d: str, x0: float, **kwargs: float) -> Call:
    """newton_1d on the course's pair of derivative functions ``<d>_d1``, ``<d>_d2``."""
    return Call("newton_1d", (Callable_(fns + d + "_d1"), Callable_(fns + d + "_d2"), x0), kwargs)


q5 = Question(
    "q5_newton",
    points=2,
    title="Newton's method",
    checks=(
        ValueCheck(
            name="Newton on cosh(x) + x^2/4 from 2, tol 1e-10",
            covers=("iterates", "step", "stop-rule"),
            tol=NEWTON_TOL,
            call=newton("cosh", 2.0, tol=1e-10, max_steps=20),
        ),
        ValueCheck(
            name="Newton on x^2 from 3.7 (one step)",
            covers=("quadratic-one-step", "step", "defaults"),
            tol=Tolerance(1e-12, 1e-12),
            call=newton("square", 3.7),
        ),
        ValueCheck(
            name="Newton started at the minimiser stops at once",
            covers=("stop-rule", "iterates"),
            tol=EXACT,
            call=newton("cosh", 0.0),
        ),
        ValueCheck(
            name="the step budget max_steps is respected",
            covers=("max-steps",),
            tol=NEWTON_TOL,
            call=newton("exp_minus_log", 0.3, tol=1e-14, max_steps=3),
        ),
        ValueCheck(
            name="Newton on x^4/4 from 1 with the default tol and max_steps",
            covers=("defaults", "max-steps", "stop-rule"),
            tol=NEWTON_TOL,
            call=newton("quartic", 1.0),
        ),
        ValueCheck(
            name="Newton on x^4/4 stops on the step |f'/f''|, not on |f'|",
            covers=("stop-rule", "step"),
            tol=NEWTON_TOL,
            call=newton("quartic", -1.5, tol=1e-3, max_steps=40),
        ),
        ValueCheck(
            name="Newton finds the maximum of -x^2 in one step",
            covers=("maxima", "quadratic-one-step"),
            tol=Tolerance(1e-12, 1e-12),
            call=newton("neg_square", -2.5),
        ),
        ValueCheck(
            name="Newton finds the maximum of cos x",
            covers=("maxima", "step"),
            tol=NEWTON_TOL,
            call=newton("cos", 0.6, tol=1e-12),
        ),
        FlagsCheck(
            name="newton_1d returns a float64 ndarray",
            covers=("iterates",),
            python_type="ndarray",
            dtype="float64",
            call=newton("cosh", 1.0),
        ),
        RaisesCheck(
            name="ValueError when f'' = 0 at x0 (normal pdf at x = -1)",
            covers=("raises-zero-curvature", "no-division-by-zero"),
            exception="ValueError",
            call=newton("normal_pdf", -1.0),
        ),
        RaisesCheck(
            name="ValueError naming x_k when f'' = 0 at a later iterate",
            covers=("raises-zero-curvature", "message", "no-division-by-zero"),
            exception="ValueError",
            match=r"0\.375",
            says="the value of the iterate x_k at which f''(x_k) = 0",
            call=newton("flat_cubic", 1.375),
        ),
        RaisesCheck(
            name="ValueError when f'' = 0 at the last iterate the budget allows",
            covers=("raises-zero-curvature",),
            exception="ValueError",
            call=newton("flat_cubic", 1.375, max_steps=1),
        ),
    ),
)

# -- q6 ---------------------------------------------------------------------------------------
X6 = rng.normal(size=(3, 8))
W6 = rng.normal(size=(1, 3))
Y6 = (rng.uniform(size=(1, 8)) > 0.5).astype(np.float64)
A6_EDGES = np.array([[0.0, 1.0, 1e-12, 1.0 - 1e-12, 1e-9, 0.3]])
Y6_EDGES = np.array([[1.0, 0.0, 1.0, 0.0, 1.0, 0.0]])


def neuron_args() -> tuple[TensorArg, ...]:
    return (TensorArg(W6, True, "w"), TensorArg(np.array(0.25), True, "b"), TensorArg(X6))


q6 = Question(
    "q6_autograd",
    points=4,
    title="Automatic differentiation with PyTorch",
    checks=(
        ValueCheck(
            name="sigmoid_neuron forward",
            covers=("neuron-value",),
            tol=TIGHT,
            call=Call("sigmoid_neuron", neuron_args()),
        ),
        AutogradCheck(
            name="autograd through sigmoid_neuron w.r.t. w and b",
            covers=("neuron-differentiable", "no-detach"),
            call=Call("sigmoid_neuron", neuron_args(), seed=11),
        ),
        ValueCheck(
            name="log_loss value",
            covers=("loss-value", "loss-0d"),
            tol=TIGHT,
            call=Call(
                "log_loss",
                (TensorArg(np.clip(rng.uniform(size=(1, 8)), 0.05, 0.95)), TensorArg(Y6)),
            ),
        ),
        ValueCheck(
            name="log_loss clamps probabilities of exactly 0 and 1 and tiny ones",
            covers=("loss-clamp", "loss-value"),
            tol=TIGHT,
            call=Call("log_loss", (TensorArg(A6_EDGES), TensorArg(Y6_EDGES))),
        ),
        ShapeCheck(
            name="log_loss returns a 0-d tensor",
            covers=("loss-0d",),
            expect="a 0-d float64 tensor",
            call=Call("log_loss", (TensorArg(np.array([[0.2, 0.9, 0.6]])), TensorArg(Y6[:, :3]))),
        ),
        AutogradCheck(
            name="autograd through log_loss w.r.t. A",
            covers=("loss-differentiable", "no-detach"),
            call=Call(
                "log_loss",
                (TensorArg(np.array([[0.2, 0.9, 0.6, 0.35]]), True, "A"), TensorArg(Y6[:, :4])),
                seed=13,
            ),
        ),
        AutogradCheck(
            name="autograd through log_loss(sigmoid_neuron(...)) w.r.t. w and b",
            covers=("loss-differentiable", "neuron-differentiable", "no-detach"),
            call=Call(
                "log_loss", (NestedCall("sigmoid_neuron", neuron_args()), TensorArg(Y6)), seed=12
            ),
        ),
        ValueCheck(
            name="softplus forward at moderate and huge |x| (up to 1000)",
            covers=("softplus-value", "softplus-stable", "softplus-apply"),
            tol=TIGHT,
            call=Call(
                "softplus",
                (TensorArg(np.array([-1000.0, -30.0, -1.5, 0.0, 0.7, 25.0, 800.0, 1000.0])),),
            ),
        ),
        GradcheckCheck(
            name="gradcheck of the custom Softplus Function",
            covers=("softplus-backward", "softplus-save", "softplus-apply", "softplus-value"),
            call=Call("softplus", (TensorArg(rng.normal(size=5) * 3, True, "x"),)),
        ),
        AutogradCheck(
            name="Softplus backward at huge |x| (up to 1000)",
            covers=("softplus-backward", "softplus-stable"),
            call=Call(
                "softplus",
                (TensorArg(np.array([-1000.0, -40.0, 0.0, 40.0, 1000.0]), True, "x"),),
                seed=14,
            ),
        ),
        ValueCheck(
            name="Hessian of the quartic at (0.5, -1)",
            covers=("hessian-value", "hessian-dtype-shape"),
            tol=TIGHT,
            call=Call("hessian", (Callable_(fns + "quartic_2d"), TensorArg(np.array([0.5, -1.0])))),
        ),
        ValueCheck(
            name="Hessian of the 4-D Rosenbrock function",
            covers=("hessian-value", "hessian-dtype-shape"),
            tol=TIGHT,
            call=Call(
                "hessian", (Callable_(fns + "rosenbrock"), TensorArg(rng.uniform(-1.5, 1.5, 4)))
            ),
        ),
        ValueCheck(
            name="Hessian of a function linear in its last variable",
            covers=("hessian-value", "hessian-zero-row"),
            tol=TIGHT,
            call=Call(
                "hessian", (Callable_(fns + "mixed_3d"), TensorArg(np.array([0.4, -1.2, 2.0])))
            ),
        ),
        ValueCheck(
            name="Hessian of a linear function is zero",
            covers=("hessian-zero-row",),
            tol=EXACT,
            call=Call(
                "hessian", (Callable_(fns + "linear_3d"), TensorArg(np.array([1.5, 0.2, -0.7])))
            ),
        ),
        FlagsCheck(
            name="hessian returns a float64 tensor",
            covers=("hessian-dtype-shape",),
            python_type="Tensor",
            dtype="float64",
            call=Call("hessian", (Callable_(fns + "quartic_2d"), TensorArg(np.array([-0.3, 0.8])))),
        ),
        ShapeCheck(
            name="hessian returns an (n, n) tensor for n = 4",
            covers=("hessian-dtype-shape",),
            expect="a float64 tensor of shape (n, n)",
            call=Call(
                "hessian", (Callable_(fns + "rosenbrock"), TensorArg(rng.uniform(-1.5, 1.5, 4)))
            ),
        ),
        NoMutationCheck(
            name="hessian does not modify x",
            covers=("hessian-no-mutation",),
            call=Call(
                "hessian", (Callable_(fns + "rosenbrock"), TensorArg(rng.uniform(-1.5, 1.5, 3)))
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
# noisy labels, so the classes overlap
_g7 = np.random.default_rng(33)
X7_NOISY = _g7.normal(size=(2, 30))
Y7_NOISY = (_g7.uniform(size=(1, 30)) < 0.5).astype(np.float64)
# the same blobs blown up by 300: the probabilities saturate to exactly 0 and 1 (and |z| > 710)
X7_HUGE = 300.0 * X7
# ties exactly at w x + b = 0 (0.5 + 0.5 - 1 and -0.25 - 0.75 + 1), large |z| and ordinary columns
W7_TIE, B7_TIE = np.array([[0.5, 0.25]]), -1.0
X7_TIE = np.array(
    [[1.0, -0.5, 1000.0, -1000.0, 0.3, 2.0, -1.2], [2.0, -3.0, 5.0, -2000.0, 1.1, 0.0, 4.0]]
)


def trusted_log_loss(w: np.ndarray, b: float) -> float:
    """The training loss, computed on the grader's side from returned parameters."""
    z = np.asarray(w, dtype=np.float64).reshape(1, 2) @ X7 + float(b)
    return float(np.mean(np.logaddexp(0.0, z) - Y7 * z))


TRAIN7 = Call(
    "train_logistic",
    (X7, Y7.astype(np.float64), np.zeros((1, 2)), 0.0),
    {"lr": 0.1, "tol": 1e-4, "max_iter": 500},
)
DEFAULTS7 = Call("train_logistic", (X7_NOISY, Y7_NOISY, np.array([[0.4, -0.3]]), 0.2))
BUDGET7 = Call(
    "train_logistic",
    (X7, Y7.astype(np.float64), np.array([[-0.5, 0.2]]), 0.3),
    {"lr": 0.2, "tol": 1e-9, "max_iter": 15},
)
DIVERGE7 = Call(
    "train_logistic",
    (X7_NOISY, Y7_NOISY, np.array([[3.0, -2.0]]), 1.0),
    {"lr": 10.0, "tol": 1e-4, "max_iter": 100},
)
SATURATED7 = Call(
    "train_logistic",
    (X7_HUGE, Y7.astype(np.float64), np.array([[0.01, -0.02]]), 0.5),
    {"lr": 0.1, "tol": 1e-6, "max_iter": 6},
)
q7 = Question(
    "q7_logistic_regression",
    points=2,
    title="Logistic regression with gradient descent",
    checks=(
        LossThresholdCheck(
            name="training loss within 2% of the reference's in 500 steps",
            covers=("grad-value",),
            call=TRAIN7,
            params=((0,), (1,)),
            loss=trusted_log_loss,
            factor=1.02,
        ),
        TrajectoryCheck(
            name="loss history of train_logistic",
            covers=("grad-value", "losses", "stop-rule", "grad-unclipped"),
            part=(2,),
            tol=Tolerance(1e-8, 1e-10),
            call=TRAIN7,
        ),
        TrajectoryCheck(
            name="train_logistic with its default lr, tol and max_iter",
            covers=("train-defaults", "final-params", "losses", "grad-value"),
            tol=Tolerance(1e-8, 1e-10),
            call=DEFAULTS7,
        ),
        TrajectoryCheck(
            name="train_logistic when max_iter runs out",
            covers=("max-iter", "final-params", "losses"),
            tol=Tolerance(1e-8, 1e-10),
            call=BUDGET7,
        ),
        TrajectoryCheck(
            name="train_logistic stops after an update that increases the loss (lr too large)",
            covers=("stop-rule", "final-params"),
            tol=Tolerance(1e-8, 1e-10),
            call=DIVERGE7,
        ),
        TrajectoryCheck(
            name="train_logistic on inputs scaled by 300 (probabilities saturate to 0 and 1)",
            covers=("loss-clip", "grad-unclipped", "losses"),
            tol=Tolerance(1e-8, 1e-10),
            call=SATURATED7,
        ),
        NoWarningsCheck(
            name="train_logistic emits no warnings when probabilities saturate",
            covers=("no-overflow-warnings", "loss-clip"),
            call=SATURATED7,
        ),
        FlagsCheck(
            name="train_logistic returns b as a Python float",
            covers=("returns",),
            part=(1,),
            python_type="float",
            call=DEFAULTS7,
        ),
        ShapeCheck(
            name="train_logistic returns (w, b, losses) of the stated kinds",
            covers=("returns",),
            expect="(w, b, losses): w a (1, k) ndarray, b a Python float, losses 1-D float64",
            call=DEFAULTS7,
        ),
        NoMutationCheck(
            name="train_logistic does not modify w0",
            covers=("no-mutation",),
            call=Call(
                "train_logistic",
                (X7_NOISY, Y7_NOISY, np.array([[0.4, -0.3]]), 0.2),
                {"max_iter": 10},
            ),
        ),
        PredictionCheck(
            name="accuracy on 400 held-out points",
            covers=("predict-threshold", "grad-value"),
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
            covers=("predict-dtype", "predict-threshold"),
            tol=EXACT,
            call=Call("predict", (np.array([[0.8, -0.3]]), 0.1, X7_TEST[:, :50])),
        ),
        ValueCheck(
            name="predict with ties exactly at w x + b = 0 and |w x + b| beyond 1000",
            covers=("predict-threshold", "predict-dtype"),
            tol=EXACT,
            call=Call("predict", (W7_TIE, B7_TIE, X7_TIE)),
        ),
        FlagsCheck(
            name="predict returns an int64 ndarray",
            covers=("predict-dtype",),
            python_type="ndarray",
            dtype="int64",
            call=Call("predict", (np.array([[-0.6, 1.1]]), -0.2, X7_TEST[:, :20])),
        ),
        NoWarningsCheck(
            name="predict emits no warnings for |w x + b| beyond 1000",
            covers=("no-overflow-warnings",),
            call=Call("predict", (W7_TIE, B7_TIE, X7_TIE)),
        ),
    ),
)

QUESTIONS = [q1, q2, q3, q4, q5, q6, q7]
