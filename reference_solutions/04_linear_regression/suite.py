"""Hidden suite for 04_linear_regression.

Inputs differ from the notebook's worked examples: other seeds, sizes and degrees, non-zero
optimiser states, an ill-conditioned design (degree 12) where the normal equations lose accuracy,
a degree-8 one where an explicit inverse leaves a visible residual, a gradient-descent step exactly
equal to the precision, constant targets (also 0.1, not representable) for R^2, zero and tiny
gradients where the default eps decides, and grader-side statistics computed from the returned
coefficients. Every check names the rows of requirements.md it tests (``covers``).
"""

import numpy as np

from autograder.authoring import (
    Call,
    FlagsCheck,
    NoMutationCheck,
    Question,
    RaisesCheck,
    ShapeCheck,
    ThresholdCheck,
    Tolerance,
    TrajectoryCheck,
    UpdateStepCheck,
    ValueCheck,
)

rng = np.random.default_rng(4_2026)
TIGHT = Tolerance(1e-9, 1e-12)
SOLVE = Tolerance(1e-7, 1e-10)  # linear solves of moderately conditioned systems
VANDER = Tolerance(1e-6, 1e-9)  # ridge on a degree-8 Vandermonde matrix (catalog: rtol 1e-6)


def vander(x: np.ndarray, degree: int) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)[:, None] ** np.arange(degree + 1)


def sine_data(n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    g = np.random.default_rng(seed)
    x = np.sort(g.uniform(0.0, 2.0 * np.pi, n))
    return x, np.sin(x) + noise * g.normal(size=n)


# -- q1 ---------------------------------------------------------------------------------------
X1 = rng.uniform(-2.0, 2.0, 9)
PHI1 = vander(rng.uniform(-1.0, 1.0, 12), 3)
W1 = rng.normal(size=4)
Y1 = PHI1 @ np.array([0.5, -1.0, 2.0, 0.3]) + 0.2 * rng.normal(size=12)
q1 = Question(
    "q1_features_cost",
    points=2,
    title="Polynomial features and the MSE cost",
    checks=(
        ValueCheck(
            name="polynomial_features of degree 4 on 9 points",
            tol=TIGHT,
            call=Call("polynomial_features", (X1, 4)),
            covers=("features-value",),
        ),
        ValueCheck(
            name="polynomial_features of an integer array, degree 3",
            tol=TIGHT,
            call=Call("polynomial_features", (np.arange(-3, 5), 3)),
            covers=("features-value", "int-input", "features-dtype-shape"),
        ),
        ValueCheck(
            name="polynomial_features of degree 0 is a column of ones",
            tol=TIGHT,
            call=Call("polynomial_features", (X1[:5], 0)),
            covers=("degree-zero", "features-dtype-shape"),
        ),
        ShapeCheck(
            name="polynomial_features returns float64 (N, degree + 1) for integer x",
            call=Call("polynomial_features", (np.arange(6), 2)),
            expect="a float64 array of shape (N, degree + 1)",
            covers=("features-dtype-shape", "int-input"),
        ),
        FlagsCheck(
            name="polynomial_features of integer x is a float64 array",
            call=Call("polynomial_features", (np.array([2, -1, 0, 5]), 4)),
            python_type="ndarray",
            dtype="float64",
            covers=("features-dtype-shape", "int-input"),
        ),
        NoMutationCheck(
            name="polynomial_features does not modify x",
            call=Call("polynomial_features", (X1.copy(), 3)),
            covers=("no-mutation",),
        ),
        ValueCheck(
            name="poly_predict of a cubic (w[0] is the constant term)",
            tol=TIGHT,
            call=Call("poly_predict", (np.array([1.0, -2.0, 0.5, 0.25]), X1)),
            covers=("predict-value", "predict-order"),
        ),
        ValueCheck(
            name="poly_predict with Python lists for w and x",
            tol=TIGHT,
            call=Call("poly_predict", ([0.5, -1.0, 2.0], [-1.5, 0.0, 0.5, 2.0, 3.0])),
            covers=("predict-lists", "predict-value"),
        ),
        ShapeCheck(
            name="poly_predict returns a float64 array of shape (N,)",
            call=Call("poly_predict", (np.array([0.3, 1.0]), X1)),
            expect="a float64 array of shape (N,)",
            covers=("predict-dtype-shape",),
        ),
        FlagsCheck(
            name="poly_predict of integer lists is a float64 array",
            call=Call("poly_predict", ([1, -2, 0, 3], [2, -1, 0, 1, 3])),
            python_type="ndarray",
            dtype="float64",
            covers=("predict-dtype-shape", "predict-lists"),
        ),
        NoMutationCheck(
            name="poly_predict does not modify w or x",
            call=Call("poly_predict", (W1.copy(), X1.copy())),
            covers=("no-mutation",),
        ),
        ValueCheck(
            name="mse_cost uses 1/(2N)",
            tol=TIGHT,
            call=Call("mse_cost", (W1, PHI1, Y1)),
            covers=("cost-value",),
        ),
        FlagsCheck(
            name="mse_cost returns a Python float",
            call=Call("mse_cost", (W1, PHI1, Y1)),
            python_type="float",
            covers=("cost-type",),
        ),
        NoMutationCheck(
            name="mse_cost does not modify its inputs",
            call=Call("mse_cost", (W1.copy(), PHI1.copy(), Y1.copy())),
            covers=("no-mutation",),
        ),
        ValueCheck(
            name="mse_grad against the reference",
            tol=TIGHT,
            call=Call("mse_grad", (W1, PHI1, Y1)),
            covers=("grad-value",),
        ),
        ShapeCheck(
            name="mse_grad returns a float64 array of shape (p,)",
            call=Call("mse_grad", (W1, PHI1, Y1)),
            expect="a float64 array of shape (p,)",
            covers=("grad-dtype-shape",),
        ),
        NoMutationCheck(
            name="mse_grad does not modify its inputs",
            call=Call("mse_grad", (W1.copy(), PHI1.copy(), Y1.copy())),
            covers=("no-mutation",),
        ),
    ),
)

# -- q2 ---------------------------------------------------------------------------------------
X2, Y2 = sine_data(25, 0.3, 41)
PHI2 = vander(X2 / np.pi - 1.0, 3)
PHI2_MULTI = np.column_stack([np.ones(30), rng.normal(size=(30, 4))])
Y2_MULTI = PHI2_MULTI @ rng.normal(size=5) + 0.1 * rng.normal(size=30)
X2_ILL = np.linspace(0.0, 1.0, 40)
Y2_ILL = np.sin(2 * np.pi * X2_ILL) + 0.1 * rng.normal(size=40)
PHI2_ILL = vander(X2_ILL, 12)  # cond(Phi) ~ 7e8, cond(Phi^T Phi) ~ 5e17
# degree 8 on [0, 1]: cond(Phi^T Phi) ~ 4e11. np.linalg.solve (LU, backward stable) leaves a
# relative residual of the normal equations ~1e-17; an explicit inverse leaves ~1e-11.
X2_SOLVE = np.linspace(0.0, 1.0, 40)
Y2_SOLVE = np.sin(2 * np.pi * X2_SOLVE) + 0.1 * np.random.default_rng(42).normal(size=40)
PHI2_SOLVE = vander(X2_SOLVE, 8)
GRAM2 = PHI2_SOLVE.T @ PHI2_SOLVE
RHS2 = PHI2_SOLVE.T @ Y2_SOLVE


def coefficients(w: np.ndarray, p: int) -> np.ndarray:
    """The returned coefficients as a float64 vector of length p, or ValueError."""
    w = np.asarray(w, dtype=np.float64)
    if w.shape != (p,):
        raise ValueError("expected one coefficient per column of Phi, shape (p,)")
    return w


def sse_ill(w: np.ndarray) -> float:
    r = Y2_ILL - PHI2_ILL @ coefficients(w, PHI2_ILL.shape[1])
    return float(r @ r)


def normal_equations_residual(w: np.ndarray) -> float:
    """Normwise backward error ||G w - c|| / (||G|| ||w|| + ||c||) of G w = c, G = Phi^T Phi."""
    w = coefficients(w, GRAM2.shape[0])
    r = GRAM2 @ w - RHS2
    scale = np.linalg.norm(GRAM2, 2) * np.linalg.norm(w) + np.linalg.norm(RHS2)
    return float(np.linalg.norm(r) / scale)


q2 = Question(
    "q2_least_squares",
    points=3,
    title="Least squares in closed form",
    checks=(
        ValueCheck(
            name="fit_normal_equations: cubic fit of 25 noisy sine samples",
            tol=SOLVE,
            call=Call("fit_normal_equations", (PHI2, Y2)),
            covers=("normal-value", "input-shapes"),
        ),
        ValueCheck(
            name="fit_normal_equations: 4 features plus intercept",
            tol=SOLVE,
            call=Call("fit_normal_equations", (PHI2_MULTI, Y2_MULTI)),
            covers=("normal-value", "input-shapes"),
        ),
        ThresholdCheck(
            name="fit_normal_equations solves the system to machine precision (degree 8)",
            call=Call("fit_normal_equations", (PHI2_SOLVE, Y2_SOLVE)),
            params=((),),
            loss=normal_equations_residual,
            threshold=1e-13,
            what="the relative residual ||(Phi^T Phi) w - Phi^T y|| / (||Phi^T Phi|| ||w|| + "
            "||Phi^T y||) of the normal equations (an explicit inverse loses accuracy here)",
            covers=("no-inverse", "normal-value"),
        ),
        ShapeCheck(
            name="fit_normal_equations returns a float64 array of shape (p,)",
            call=Call("fit_normal_equations", (PHI2_MULTI, Y2_MULTI)),
            expect="a float64 array of shape (p,)",
            covers=("dtype-shape",),
        ),
        NoMutationCheck(
            name="fit_normal_equations does not modify Phi or y",
            call=Call("fit_normal_equations", (PHI2.copy(), Y2.copy())),
            covers=("no-mutation",),
        ),
        ValueCheck(
            name="fit_lstsq: cubic fit of 25 noisy sine samples",
            tol=SOLVE,
            call=Call("fit_lstsq", (PHI2, Y2)),
            covers=("lstsq-value", "input-shapes"),
        ),
        ValueCheck(
            name="fit_lstsq: 4 features plus intercept",
            tol=SOLVE,
            call=Call("fit_lstsq", (PHI2_MULTI, Y2_MULTI)),
            covers=("lstsq-value", "input-shapes"),
        ),
        ValueCheck(
            name="fit_lstsq interpolates a square system exactly",
            tol=SOLVE,
            call=Call(
                "fit_lstsq",
                (vander(np.array([-1.0, 0.0, 0.5, 2.0]), 3), np.array([1.0, -1.0, 0.0, 3.0])),
            ),
            covers=("lstsq-value", "input-shapes"),
        ),
        ThresholdCheck(
            name="fit_lstsq is stable: degree-12 fit reaches the least residual",
            call=Call("fit_lstsq", (PHI2_ILL, Y2_ILL)),
            params=((),),
            loss=sse_ill,
            factor=1.0001,
            what="the residual sum of squares ||y - Phi w||^2 of the degree-12 fit",
            covers=("lstsq-accuracy", "lstsq-value"),
        ),
        ShapeCheck(
            name="fit_lstsq returns a float64 array of shape (p,)",
            call=Call("fit_lstsq", (PHI2_MULTI, Y2_MULTI)),
            expect="a float64 array of shape (p,)",
            covers=("dtype-shape",),
        ),
        NoMutationCheck(
            name="fit_lstsq does not modify Phi or y",
            call=Call("fit_lstsq", (PHI2.copy(), Y2.copy())),
            covers=("no-mutation",),
        ),
    ),
)

# -- q3 ---------------------------------------------------------------------------------------
X3 = np.linspace(0.0, 2.0, 30)
Y3 = X3 + 0.1 * np.random.default_rng(43).normal(size=30)
PHI3 = vander(X3, 1)
PHI3_QUAD = vander(np.linspace(-1.0, 1.0, 16), 2)
Y3_QUAD = PHI3_QUAD @ np.array([0.3, -0.8, 1.2]) + 0.05 * rng.normal(size=16)
# A tie, exact in binary: the first step is dw = 0.5/2 * Phi^T y = 0.25 * (3, 4) = (0.75, 1), whose
# norm is exactly 1.25 = precision. "<" does not stop there; "<=" would.
PHI3_TIE = np.array([[1.0, 0.0], [1.0, 1.0]])
Y3_TIE = np.array([-1.0, 4.0])
q3 = Question(
    "q3_gradient_descent",
    points=3,
    title="Gradient descent on the MSE",
    checks=(
        TrajectoryCheck(
            name="history of gd_fit until ||dw|| < precision",
            tol=Tolerance(1e-10, 1e-12),
            call=Call("gd_fit", (PHI3, Y3, np.array([1.5, -0.5]), 0.6, 100, 1e-3)),
            covers=(
                "step-value",
                "simultaneous",
                "stop-rule",
                "history-rows",
                "last-row",
                "cost-column",
            ),
        ),
        TrajectoryCheck(
            name="history of gd_fit stopped by max_steps",
            tol=Tolerance(1e-10, 1e-12),
            call=Call("gd_fit", (PHI3, Y3, np.array([-1.0, 2.0]), 0.3, 12, 1e-9)),
            covers=("max-steps", "step-value", "history-rows", "cost-column"),
        ),
        TrajectoryCheck(
            name="history of gd_fit with three coefficients",
            tol=Tolerance(1e-10, 1e-12),
            call=Call("gd_fit", (PHI3_QUAD, Y3_QUAD, np.zeros(3), 0.9, 40, 1e-4)),
            covers=("step-value", "simultaneous", "stop-rule", "history-rows", "cost-column"),
        ),
        TrajectoryCheck(
            name="gd_fit does not stop on a step exactly equal to precision",
            tol=Tolerance(1e-10, 1e-12),
            call=Call("gd_fit", (PHI3_TIE, Y3_TIE, np.zeros(2), 0.5, 30, 1.25)),
            covers=("stop-rule", "last-row"),
        ),
        TrajectoryCheck(
            name="gd_fit with max_steps = 0 records the start only",
            tol=Tolerance(1e-10, 1e-12),
            call=Call("gd_fit", (PHI3, Y3, np.array([0.5, 0.5]), 0.4, 0, 1e-6)),
            covers=("max-steps", "history-rows"),
        ),
        ShapeCheck(
            name="gd_fit returns a float64 array of shape (k + 1, p + 2)",
            call=Call("gd_fit", (PHI3, Y3, np.zeros(2), 0.5, 5, 1e-12)),
            expect="a float64 array of shape (k + 1, p + 2) after k updates",
            covers=("shape", "dtype"),
        ),
        FlagsCheck(
            name="gd_fit returns a float64 array",
            call=Call("gd_fit", (PHI3_QUAD, Y3_QUAD, np.zeros(3), 0.5, 4, 1e-12)),
            python_type="ndarray",
            dtype="float64",
            covers=("dtype",),
        ),
        NoMutationCheck(
            name="gd_fit does not modify w_init",
            call=Call("gd_fit", (PHI3, Y3, np.array([0.2, 0.1]), 0.5, 5, 1e-6)),
            covers=("no-mutation",),
        ),
    ),
)

# -- q4 ---------------------------------------------------------------------------------------
Y4 = rng.normal(size=40) * 2.0 + 1.0
Y4_OLS = vander(np.arange(40.0), 1) @ np.linalg.lstsq(vander(np.arange(40.0), 1), Y4, rcond=None)[0]
Y4_NOISY = Y4 + 0.5 * rng.normal(size=40)
q4 = Question(
    "q4_r_squared",
    points=2,
    title="The coefficient of determination $R^2$",
    checks=(
        ValueCheck(
            name="R^2 of a noisy prediction",
            tol=TIGHT,
            call=Call("r2_score", (Y4, Y4_NOISY)),
            covers=("value", "inputs"),
        ),
        ValueCheck(
            name="R^2 of a biased, scaled prediction (not least squares)",
            tol=TIGHT,
            call=Call("r2_score", (Y4, 0.7 * Y4 + 0.9)),
            covers=("value", "not-ssr", "sst-mean-of-y"),
        ),
        ValueCheck(
            name="R^2 of a worse-than-the-mean prediction is negative",
            tol=TIGHT,
            call=Call("r2_score", (Y4, -Y4)),
            covers=("negative", "not-ssr", "value"),
        ),
        ValueCheck(
            name="R^2 of a least-squares line",
            tol=TIGHT,
            call=Call("r2_score", (Y4, Y4_OLS)),
            covers=("value", "sst-mean-of-y"),
        ),
        ValueCheck(
            name="R^2 of the perfect prediction is 1",
            tol=TIGHT,
            call=Call("r2_score", (Y4[:7], Y4[:7].copy())),
            covers=("perfect-and-mean",),
        ),
        FlagsCheck(
            name="r2_score returns a Python float",
            call=Call("r2_score", (Y4, Y4_NOISY)),
            python_type="float",
            covers=("return-type",),
        ),
        RaisesCheck(
            name="ValueError for constant targets (SST = 0)",
            exception="ValueError",
            call=Call("r2_score", (np.full(5, 2.5), np.arange(5.0))),
            covers=("raises-constant",),
        ),
        RaisesCheck(
            name="ValueError for constant targets that are not whole numbers",
            exception="ValueError",
            call=Call("r2_score", (np.full(7, 0.1), np.linspace(0.0, 0.2, 7))),
            covers=("raises-constant",),
        ),
    ),
)

# -- q5 ---------------------------------------------------------------------------------------
X5, Y5 = sine_data(15, 0.3, 51)
X5_TEST, Y5_TEST = sine_data(200, 0.3, 52)
PHI5 = vander(X5 / np.pi - 1.0, 8)
PHI5_TEST = vander(X5_TEST / np.pi - 1.0, 8)
LAM5 = float(np.exp(-5.0))
# more coefficients (7) than examples (4): Phi^T Phi is singular, Phi^T Phi + lam I' is not
PHI5_WIDE = vander(np.array([-0.8, -0.1, 0.4, 0.9]), 6)
Y5_WIDE = np.array([0.3, -1.2, 0.7, 2.0])


def ridge_objective(w: np.ndarray) -> float:
    """1/2 ||y - Phi w||^2 + lam/2 sum_{j >= 1} w_j^2, on the grader's side."""
    w = coefficients(w, PHI5.shape[1])
    r = Y5 - PHI5 @ w
    return float(0.5 * r @ r + 0.5 * LAM5 * w[1:] @ w[1:])


def test_rmse(w: np.ndarray) -> float:
    r = Y5_TEST - PHI5_TEST @ coefficients(w, PHI5_TEST.shape[1])
    return float(np.sqrt(np.mean(r**2)))


q5 = Question(
    "q5_ridge",
    points=3,
    title="Ridge regression",
    checks=(
        ValueCheck(
            name="ridge_fit, degree 8, lambda = e^-5",
            tol=VANDER,
            call=Call("ridge_fit", (PHI5, Y5, LAM5)),
            covers=("value", "intercept-unpenalised", "sum-not-mean", "matrix-penalty"),
        ),
        ValueCheck(
            name="ridge_fit, degree 8, lambda = 1",
            tol=VANDER,
            call=Call("ridge_fit", (PHI5, Y5, 1.0)),
            covers=("value", "intercept-unpenalised", "sum-not-mean", "matrix-penalty"),
        ),
        ValueCheck(
            name="ridge_fit with lambda = 0 is least squares",
            tol=SOLVE,
            call=Call("ridge_fit", (PHI5[:, :4], Y5, 0.0)),
            covers=("lam-zero",),
        ),
        ValueCheck(
            name="ridge_fit: a huge lambda leaves only the (unpenalised) intercept",
            tol=Tolerance(1e-6, 1e-8),
            call=Call("ridge_fit", (PHI5[:, :3], Y5, 1e12)),
            covers=("lam-large", "intercept-unpenalised"),
        ),
        ValueCheck(
            name="ridge_fit: shifting all targets by a constant shifts only w0",
            tol=SOLVE,
            call=Call("ridge_fit", (PHI5[:, :5], Y5 + 3.0, 0.5)),
            covers=("intercept-unpenalised", "value"),
        ),
        ValueCheck(
            name="ridge_fit with more coefficients than examples (Phi^T Phi singular)",
            tol=SOLVE,
            call=Call("ridge_fit", (PHI5_WIDE, Y5_WIDE, 0.5)),
            covers=("singular", "value"),
        ),
        ThresholdCheck(
            name="ridge_fit minimises the ridge objective (intercept not penalised)",
            call=Call("ridge_fit", (PHI5, Y5, LAM5)),
            params=((),),
            loss=ridge_objective,
            factor=1.0 + 1e-7,
            what="the ridge objective 1/2 ||y - Phi w||^2 + lambda/2 (w_1^2 + ... + w_{p-1}^2)",
            covers=("value", "intercept-unpenalised", "sum-not-mean"),
        ),
        ThresholdCheck(
            name="test RMSE of the lambda = e^-5 fit on 200 held-out points",
            call=Call("ridge_fit", (PHI5, Y5, LAM5)),
            params=((),),
            loss=test_rmse,
            factor=1.0 + 1e-6,
            what="the root-mean-square error on 200 held-out points",
            covers=("value",),
        ),
        ShapeCheck(
            name="ridge_fit returns a float64 array of shape (p,)",
            call=Call("ridge_fit", (PHI5, Y5, 1.0)),
            expect="a float64 array of shape (p,)",
            covers=("dtype-shape",),
        ),
        NoMutationCheck(
            name="ridge_fit does not modify Phi or y",
            call=Call("ridge_fit", (PHI5.copy(), Y5.copy(), 1.0)),
            covers=("no-mutation",),
        ),
    ),
)

# -- q6 ---------------------------------------------------------------------------------------
D6 = 4
W6, G6 = rng.normal(size=D6), rng.normal(size=D6)
S6, S6B = rng.uniform(0.1, 2.0, D6), rng.uniform(0.1, 2.0, D6)
M6 = rng.normal(size=D6) * 0.3
B6 = rng.normal(size=(3, 3))
A6 = B6 @ B6.T + 0.5 * np.eye(3)  # symmetric positive definite
b6 = rng.normal(size=3)
w06 = np.array([2.0, -1.0, 0.5])
# default hyper-parameters: a zero and a tiny gradient on coordinates with zero state, where the
# default eps = 1e-8 decides the step (sqrt of the state is as small as eps or smaller)
G6_EPS = np.array([0.7, 0.0, 1e-8, -1.3])
S6_EPS = np.array([0.4, 0.0, 0.0, 1.1])
M6_EPS = np.array([0.2, 0.0, 0.0, -0.5])
g6 = np.random.default_rng(46)
W6_MAT, G6_MAT = g6.normal(size=(2, 3)), g6.normal(size=(2, 3))
S6_MAT = g6.uniform(0.1, 2.0, size=(2, 3))
METHODS6 = (("gd", 0.1), ("momentum", 0.05), ("adagrad", 0.5), ("rmsprop", 0.05), ("adam", 0.1))
TRAJ = Tolerance(1e-9, 1e-12)
q6 = Question(
    "q6_optimizers",
    points=4,
    title="Momentum, AdaGrad, RMSProp and Adam",
    checks=(
        UpdateStepCheck(
            name="momentum_step from a non-zero velocity",
            tol=TIGHT,
            call=Call("momentum_step", (W6, G6, M6, 0.05), {"beta": 0.8}),
            covers=("momentum-value", "against-gradient"),
        ),
        UpdateStepCheck(
            name="momentum_step with the default beta",
            tol=TIGHT,
            call=Call("momentum_step", (W6, G6, M6, 0.05)),
            covers=("momentum-value", "defaults"),
        ),
        NoMutationCheck(
            name="momentum_step does not modify w, grad or v",
            call=Call("momentum_step", (W6.copy(), G6.copy(), M6.copy(), 0.05)),
            covers=("no-mutation",),
        ),
        UpdateStepCheck(
            name="adagrad_step from a non-zero accumulator, eps = 0.1",
            tol=TIGHT,
            call=Call("adagrad_step", (W6, G6, S6, 0.3), {"eps": 0.1}),
            covers=("adagrad-value", "against-gradient", "root-once"),
        ),
        UpdateStepCheck(
            name="adagrad_step with the default eps (zero and tiny gradients)",
            tol=TIGHT,
            call=Call("adagrad_step", (W6, G6_EPS, S6_EPS, 0.3)),
            covers=("adagrad-value", "defaults", "root-once"),
        ),
        NoMutationCheck(
            name="adagrad_step does not modify w, grad or G",
            call=Call("adagrad_step", (W6.copy(), G6.copy(), S6.copy(), 0.3)),
            covers=("no-mutation",),
        ),
        UpdateStepCheck(
            name="rmsprop_step from a non-zero average, rho = 0.75, eps = 0.1",
            tol=TIGHT,
            call=Call("rmsprop_step", (W6, G6, S6, 0.01), {"rho": 0.75, "eps": 0.1}),
            covers=("rmsprop-value", "against-gradient", "root-once"),
        ),
        UpdateStepCheck(
            name="rmsprop_step with the default rho and eps (zero and tiny gradients)",
            tol=TIGHT,
            call=Call("rmsprop_step", (W6, G6_EPS, S6_EPS, 0.02)),
            covers=("rmsprop-value", "defaults", "root-once"),
        ),
        UpdateStepCheck(
            name="rmsprop_step on 2-D arrays (elementwise)",
            tol=TIGHT,
            call=Call("rmsprop_step", (W6_MAT, G6_MAT, S6_MAT, 0.05), {"rho": 0.8}),
            covers=("elementwise", "rmsprop-value"),
        ),
        NoMutationCheck(
            name="rmsprop_step does not modify w, grad or s",
            call=Call("rmsprop_step", (W6.copy(), G6.copy(), S6.copy(), 0.01)),
            covers=("no-mutation",),
        ),
        UpdateStepCheck(
            name="adam_step number 3 from non-zero moments",
            tol=TIGHT,
            call=Call(
                "adam_step", (W6, G6, M6, S6B, 3, 0.02), {"beta1": 0.8, "beta2": 0.99, "eps": 1e-3}
            ),
            covers=("adam-value", "adam-t", "against-gradient"),
        ),
        UpdateStepCheck(
            name="adam_step number 1 from zero moments",
            tol=TIGHT,
            call=Call("adam_step", (W6, G6, np.zeros(D6), np.zeros(D6), 1, 0.1)),
            covers=("adam-value", "adam-t"),
        ),
        UpdateStepCheck(
            name="adam_step number 4 with the default hyper-parameters (zero and tiny gradients)",
            tol=TIGHT,
            call=Call("adam_step", (W6, G6_EPS, M6_EPS, 0.1 * S6_EPS, 4, 0.01)),
            covers=("adam-value", "adam-t", "defaults"),
        ),
        UpdateStepCheck(
            name="adam_step on 2-D arrays (elementwise)",
            tol=TIGHT,
            call=Call("adam_step", (W6_MAT, G6_MAT, 0.1 * G6_MAT, 0.1 * S6_MAT, 2, 0.05)),
            covers=("elementwise", "adam-value"),
        ),
        NoMutationCheck(
            name="adam_step does not modify its state arrays",
            call=Call("adam_step", (W6.copy(), G6.copy(), M6.copy(), S6B.copy(), 2, 0.1)),
            covers=("no-mutation",),
        ),
        *(
            TrajectoryCheck(
                name=f"50-step {method} trajectory on a 3-D convex quadratic",
                tol=TRAJ,
                call=Call("optimize_quadratic", (A6, b6, w06, method, lr, 50)),
                covers=("optimize-value", "optimize-setup", "trajectory")
                + (("gd-method",) if method == "gd" else ("defaults",)),
            )
            for method, lr in METHODS6
        ),
        TrajectoryCheck(
            name="optimize_quadratic with steps = 0 is the start only",
            tol=TRAJ,
            call=Call("optimize_quadratic", (A6, b6, w06, "adam", 0.1, 0)),
            covers=("trajectory",),
        ),
        ShapeCheck(
            name="optimize_quadratic returns a float64 array of shape (steps + 1, d)",
            call=Call("optimize_quadratic", (A6, b6, w06, "rmsprop", 0.05, 7)),
            expect="a float64 array of shape (steps + 1, d)",
            covers=("trajectory",),
        ),
        FlagsCheck(
            name="optimize_quadratic returns a float64 array",
            call=Call("optimize_quadratic", (A6, b6, w06, "momentum", 0.05, 3)),
            python_type="ndarray",
            dtype="float64",
            covers=("trajectory",),
        ),
        NoMutationCheck(
            name="optimize_quadratic does not modify A, b or w0",
            call=Call("optimize_quadratic", (A6.copy(), b6.copy(), w06.copy(), "gd", 0.1, 5)),
            covers=("no-mutation",),
        ),
        RaisesCheck(
            name="optimize_quadratic raises ValueError for an unknown method",
            exception="ValueError",
            call=Call("optimize_quadratic", (A6, b6, w06, "sgd", 0.1, 5)),
            covers=("raises-unknown",),
        ),
        RaisesCheck(
            name="optimize_quadratic raises ValueError for an unknown method, even for 0 steps",
            exception="ValueError",
            call=Call("optimize_quadratic", (A6, b6, w06, "newton", 0.1, 0)),
            covers=("raises-unknown",),
        ),
    ),
)

QUESTIONS = [q1, q2, q3, q4, q5, q6]
