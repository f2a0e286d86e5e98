"""Hidden suite for 04_linear_regression.

Inputs differ from the notebook's worked examples: other seeds, sizes and degrees, non-zero
optimiser states, an ill-conditioned design (degree 12) where the normal equations lose accuracy,
constant targets for R^2, and grader-side losses computed from the returned coefficients.
"""

import numpy as np

from autograder.authoring import (
    Call,
    LossThresholdCheck,
    NoMutationCheck,
    Question,
    RaisesCheck,
    ShapeCheck,
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
        ),
        ValueCheck(
            name="polynomial_features of degree 0 is a column of ones",
            tol=TIGHT,
            call=Call("polynomial_features", (X1[:5], 0)),
        ),
        ShapeCheck(
            name="polynomial_features returns float64 (N, degree + 1) for integer x",
            call=Call("polynomial_features", (np.arange(6), 2)),
        ),
        ValueCheck(
            name="poly_predict of a cubic (w[0] is the constant term)",
            tol=TIGHT,
            call=Call("poly_predict", (np.array([1.0, -2.0, 0.5, 0.25]), X1)),
        ),
        ValueCheck(name="mse_cost uses 1/(2N)", tol=TIGHT, call=Call("mse_cost", (W1, PHI1, Y1))),
        ValueCheck(
            name="mse_grad against the reference", tol=TIGHT, call=Call("mse_grad", (W1, PHI1, Y1))
        ),
        ValueCheck(
            name="mse_grad vanishes at the least-squares solution",
            tol=Tolerance(0, 1e-10),
            call=Call("mse_grad", (np.linalg.lstsq(PHI1, Y1, rcond=None)[0], PHI1, Y1)),
        ),
        NoMutationCheck(
            name="mse_grad does not modify its inputs",
            call=Call("mse_grad", (W1.copy(), PHI1.copy(), Y1.copy())),
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


def sse_ill(w: np.ndarray) -> float:
    r = Y2_ILL - PHI2_ILL @ np.asarray(w, dtype=np.float64)
    return float(r @ r)


q2 = Question(
    "q2_least_squares",
    points=3,
    title="Least squares in closed form",
    checks=(
        ValueCheck(
            name="fit_normal_equations: cubic fit of 25 noisy sine samples",
            tol=SOLVE,
            call=Call("fit_normal_equations", (PHI2, Y2)),
        ),
        ValueCheck(
            name="fit_normal_equations: 4 features plus intercept",
            tol=SOLVE,
            call=Call("fit_normal_equations", (PHI2_MULTI, Y2_MULTI)),
        ),
        ValueCheck(
            name="fit_lstsq: cubic fit of 25 noisy sine samples",
            tol=SOLVE,
            call=Call("fit_lstsq", (PHI2, Y2)),
        ),
        ValueCheck(
            name="fit_lstsq: 4 features plus intercept",
            tol=SOLVE,
            call=Call("fit_lstsq", (PHI2_MULTI, Y2_MULTI)),
        ),
        ValueCheck(
            name="fit_lstsq interpolates a square system exactly",
            tol=SOLVE,
            call=Call(
                "fit_lstsq",
                (vander(np.array([-1.0, 0.0, 0.5, 2.0]), 3), np.array([1.0, -1.0, 0.0, 3.0])),
            ),
        ),
        LossThresholdCheck(
            name="fit_lstsq is stable: degree-12 fit reaches the least residual",
            call=Call("fit_lstsq", (PHI2_ILL, Y2_ILL)),
            params=((),),
            loss=sse_ill,
            factor=1.0001,
        ),
        NoMutationCheck(
            name="fit_lstsq does not modify Phi or y",
            call=Call("fit_lstsq", (PHI2.copy(), Y2.copy())),
        ),
    ),
)

# -- q3 ---------------------------------------------------------------------------------------
X3 = np.linspace(0.0, 2.0, 30)
Y3 = X3 + 0.1 * np.random.default_rng(43).normal(size=30)
PHI3 = vander(X3, 1)
PHI3_QUAD = vander(np.linspace(-1.0, 1.0, 16), 2)
Y3_QUAD = PHI3_QUAD @ np.array([0.3, -0.8, 1.2]) + 0.05 * rng.normal(size=16)
q3 = Question(
    "q3_gradient_descent",
    points=3,
    title="Gradient descent on the MSE",
    checks=(
        TrajectoryCheck(
            name="history of gd_fit until ||dw|| < precision",
            tol=Tolerance(1e-10, 1e-12),
            call=Call("gd_fit", (PHI3, Y3, np.array([1.5, -0.5]), 0.6, 100, 1e-3)),
        ),
        TrajectoryCheck(
            name="history of gd_fit stopped by max_steps",
            tol=Tolerance(1e-10, 1e-12),
            call=Call("gd_fit", (PHI3, Y3, np.array([-1.0, 2.0]), 0.3, 12, 1e-9)),
        ),
        TrajectoryCheck(
            name="history of gd_fit with three coefficients",
            tol=Tolerance(1e-10, 1e-12),
            call=Call("gd_fit", (PHI3_QUAD, Y3_QUAD, np.zeros(3), 0.9, 40, 1e-4)),
        ),
        ShapeCheck(
            name="gd_fit returns a float64 array of shape (k + 1, p + 2)",
            call=Call("gd_fit", (PHI3, Y3, np.zeros(2), 0.5, 5, 1e-12)),
        ),
        NoMutationCheck(
            name="gd_fit does not modify w_init",
            call=Call("gd_fit", (PHI3, Y3, np.array([0.2, 0.1]), 0.5, 5, 1e-6)),
        ),
    ),
)

# -- q4 ---------------------------------------------------------------------------------------
Y4 = rng.normal(size=40) * 2.0 + 1.0
Y4_OLS = vander(np.arange(40.0), 1) @ np.linalg.lstsq(vander(np.arange(40.0), 1), Y4, rcond=None)[0]
q4 = Question(
    "q4_r_squared",
    points=2,
    title="The coefficient of determination $R^2$",
    checks=(
        ValueCheck(
            name="R^2 of a noisy prediction",
            tol=TIGHT,
            call=Call("r2_score", (Y4, Y4 + 0.5 * rng.normal(size=40))),
        ),
        ValueCheck(
            name="R^2 of a biased, scaled prediction (not least squares)",
            tol=TIGHT,
            call=Call("r2_score", (Y4, 0.7 * Y4 + 0.9)),
        ),
        ValueCheck(
            name="R^2 of a worse-than-the-mean prediction is negative",
            tol=TIGHT,
            call=Call("r2_score", (Y4, -Y4)),
        ),
        ValueCheck(
            name="R^2 of a least-squares line", tol=TIGHT, call=Call("r2_score", (Y4, Y4_OLS))
        ),
        ValueCheck(
            name="R^2 of the perfect prediction is 1",
            tol=TIGHT,
            call=Call("r2_score", (Y4[:7], Y4[:7].copy())),
        ),
        RaisesCheck(
            name="ValueError for constant targets (SST = 0)",
            exception="ValueError",
            call=Call("r2_score", (np.full(5, 2.5), np.arange(5.0))),
        ),
    ),
)

# -- q5 ---------------------------------------------------------------------------------------
X5, Y5 = sine_data(15, 0.3, 51)
X5_TEST, Y5_TEST = sine_data(200, 0.3, 52)
PHI5 = vander(X5 / np.pi - 1.0, 8)
PHI5_TEST = vander(X5_TEST / np.pi - 1.0, 8)
LAM5 = float(np.exp(-5.0))


def ridge_objective(w: np.ndarray) -> float:
    """1/2 ||y - Phi w||^2 + lam/2 sum_{j >= 1} w_j^2, on the grader's side."""
    w = np.asarray(w, dtype=np.float64)
    r = Y5 - PHI5 @ w
    return float(0.5 * r @ r + 0.5 * LAM5 * w[1:] @ w[1:])


def test_rmse(w: np.ndarray) -> float:
    r = Y5_TEST - PHI5_TEST @ np.asarray(w, dtype=np.float64)
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
        ),
        ValueCheck(
            name="ridge_fit, degree 8, lambda = 1",
            tol=VANDER,
            call=Call("ridge_fit", (PHI5, Y5, 1.0)),
        ),
        ValueCheck(
            name="ridge_fit with lambda = 0 is least squares",
            tol=SOLVE,
            call=Call("ridge_fit", (PHI5[:, :4], Y5, 0.0)),
        ),
        ValueCheck(
            name="ridge_fit: a huge lambda leaves only the (unpenalised) intercept",
            tol=Tolerance(1e-6, 1e-8),
            call=Call("ridge_fit", (PHI5[:, :3], Y5, 1e12)),
        ),
        LossThresholdCheck(
            name="ridge_fit minimises the ridge objective (intercept not penalised)",
            call=Call("ridge_fit", (PHI5, Y5, LAM5)),
            params=((),),
            loss=ridge_objective,
            factor=1.0 + 1e-7,
        ),
        LossThresholdCheck(
            name="test RMSE of the lambda = e^-5 fit on 200 held-out points",
            call=Call("ridge_fit", (PHI5, Y5, LAM5)),
            params=((),),
            loss=test_rmse,
            factor=1.0 + 1e-6,
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
q6 = Question(
    "q6_optimizers",
    points=4,
    title="Momentum, AdaGrad, RMSProp and Adam",
    checks=(
        UpdateStepCheck(
            name="momentum_step from a non-zero velocity",
            tol=TIGHT,
            call=Call("momentum_step", (W6, G6, M6, 0.05), {"beta": 0.8}),
        ),
        UpdateStepCheck(
            name="adagrad_step from a non-zero accumulator, eps = 0.1",
            tol=TIGHT,
            call=Call("adagrad_step", (W6, G6, S6, 0.3), {"eps": 0.1}),
        ),
        UpdateStepCheck(
            name="rmsprop_step from a non-zero average, rho = 0.75, eps = 0.1",
            tol=TIGHT,
            call=Call("rmsprop_step", (W6, G6, S6, 0.01), {"rho": 0.75, "eps": 0.1}),
        ),
        UpdateStepCheck(
            name="adam_step number 3 from non-zero moments",
            tol=TIGHT,
            call=Call(
                "adam_step", (W6, G6, M6, S6B, 3, 0.02), {"beta1": 0.8, "beta2": 0.99, "eps": 1e-3}
            ),
        ),
        UpdateStepCheck(
            name="adam_step number 1 from zero moments",
            tol=TIGHT,
            call=Call("adam_step", (W6, G6, np.zeros(D6), np.zeros(D6), 1, 0.1)),
        ),
        NoMutationCheck(
            name="adam_step does not modify its state arrays",
            call=Call("adam_step", (W6.copy(), G6.copy(), M6.copy(), S6B.copy(), 2, 0.1)),
        ),
        *(
            TrajectoryCheck(
                name=f"50-step {method} trajectory on a 3-D convex quadratic",
                tol=Tolerance(1e-9, 1e-12),
                call=Call("optimize_quadratic", (A6, b6, w06, method, lr, 50)),
            )
            for method, lr in (
                ("gd", 0.1),
                ("momentum", 0.05),
                ("adagrad", 0.5),
                ("rmsprop", 0.05),
                ("adam", 0.1),
            )
        ),
    ),
)

QUESTIONS = [q1, q2, q3, q4, q5, q6]
