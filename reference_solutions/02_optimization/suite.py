"""Hidden suite for 02_optimization.

Inputs differ from the notebook's worked examples: other starting points, step sizes, dimensions
and matrices. Trajectories are deterministic float64 and compared tightly; the line search is also
judged from the trajectory alone (the Armijo condition on every accepted step, computed on the
trusted side), and the SLSQP answer by its KKT residuals as well as by the point.

Ties at the thresholds are built from powers of two so that they are exact in float64: a step
whose 2-norm equals eps, a gradient whose 2-norm equals tol, an eigenvalue equal to tol.
"""

from collections.abc import Callable
from typing import Any

import numpy as np

from autograder.authoring import (
    Call,
    Callable_,
    FlagsCheck,
    NoMutationCheck,
    Question,
    ShapeCheck,
    ThresholdCheck,
    Tolerance,
    TrajectoryCheck,
    ValueCheck,
)

rng = np.random.default_rng(2_2026)
TIGHT = Tolerance(1e-9, 1e-12)
EXACT = Tolerance(0.0, 0.0)
fns = "course."


def _matrix(value: Any, what: str, rows: int | None = None, cols: int | None = None) -> np.ndarray:
    """A returned value as a float64 2-D array, or ValueError (a clean failure) when it is not
    one: the checks below then fail instead of faulting on a non-answer."""
    if not isinstance(value, np.ndarray) or value.ndim != 2:
        raise ValueError(f"{what} is expected to be a 2-D array")
    if (rows is not None and value.shape[0] < rows) or (
        cols is not None and value.shape[1] != cols
    ):
        raise ValueError(f"{what} does not have the expected shape")
    return np.asarray(value, dtype=np.float64)


def _vector(value: Any, what: str, size: int) -> np.ndarray:
    if not isinstance(value, np.ndarray) or value.shape != (size,):
        raise ValueError(f"{what} is expected to be a 1-D array of the task's shape")
    return np.asarray(value, dtype=np.float64)


# -- q1 ---------------------------------------------------------------------------------------
X1 = rng.normal(size=3)
GD = "gradient_descent"
q1 = Question(
    "q1_gradient_descent",
    points=3,
    title="Gradient descent with a stopping rule",
    checks=(
        TrajectoryCheck(
            name="|x| with lr 0.3 from 1.0: overshoot until max_steps",
            tol=TIGHT,
            covers=("update", "overshoot", "max-steps"),
            call=Call(GD, (Callable_("numpy.sign"), np.array([1.0]), 0.3), {"max_steps": 9}),
        ),
        TrajectoryCheck(
            name="|x| with lr 0.3 from 1.0 and the default max_steps",
            tol=TIGHT,
            covers=("signature", "max-steps", "overshoot"),
            call=Call(GD, (Callable_("numpy.sign"), np.array([1.0]), 0.3)),
        ),
        TrajectoryCheck(
            name="x^2 in 3-D with lr 0.2, eps 1e-6",
            tol=TIGHT,
            covers=("update", "stop-rule", "row0", "trajectory"),
            call=Call(GD, (Callable_(fns + "square_d1"), X1, 0.2), {"eps": 1e-6, "max_steps": 200}),
        ),
        TrajectoryCheck(
            name="x^2 in 2-D with lr 0.1 and the default eps",
            tol=TIGHT,
            covers=("signature", "stop-rule", "update"),
            call=Call(GD, (Callable_(fns + "square_d1"), np.array([0.7, -1.3]), 0.1)),
        ),
        TrajectoryCheck(
            name="stopping rule uses the step lr * grad, not the gradient",
            tol=TIGHT,
            covers=("step-not-gradient", "stop-rule"),
            call=Call(
                GD,
                (Callable_("numpy.tanh"), np.array([2.0, -1.5]), 0.05),
                {"eps": 1e-4, "max_steps": 500},
            ),
        ),
        TrajectoryCheck(
            name="a step whose norm equals eps exactly stops the descent (<=, 1-D)",
            tol=TIGHT,
            covers=("stop-rule",),
            call=Call(GD, (Callable_(fns + "square_d1"), np.array([1.0]), 0.25), {"eps": 2.0**-6}),
        ),
        TrajectoryCheck(
            name="a step whose 2-norm equals eps exactly stops the descent (<=, 2-D)",
            tol=TIGHT,
            covers=("stop-rule", "step-not-gradient"),
            call=Call(
                GD, (Callable_(fns + "square_d1"), np.array([3.0, 4.0]), 0.25), {"eps": 2.5 / 16}
            ),
        ),
        TrajectoryCheck(
            name="-sum cos(x_i) from a 4-D start, lr 0.7",
            tol=TIGHT,
            covers=("update", "trajectory"),
            call=Call(
                GD,
                (Callable_("numpy.sin"), rng.uniform(-2, 2, 4), 0.7),
                {"eps": 1e-9, "max_steps": 100},
            ),
        ),
        TrajectoryCheck(
            name="already converged at x0: a single row",
            tol=TIGHT,
            covers=("first-step",),
            call=Call(GD, (Callable_("numpy.sin"), np.zeros(2), 0.1)),
        ),
        TrajectoryCheck(
            name="a first step exactly equal to eps: a single row",
            tol=TIGHT,
            covers=("first-step", "stop-rule"),
            call=Call(GD, (Callable_(fns + "square_d1"), np.array([0.5]), 0.25), {"eps": 0.25}),
        ),
        TrajectoryCheck(
            name="a Python float x0 means d = 1",
            tol=TIGHT,
            covers=("scalar-x0", "trajectory"),
            call=Call(GD, (Callable_(fns + "square_d1"), 1.5, 0.3), {"max_steps": 12}),
        ),
        TrajectoryCheck(
            name="a Python int x0 means d = 1 (float64 trajectory)",
            tol=TIGHT,
            covers=("scalar-x0", "trajectory"),
            call=Call(GD, (Callable_(fns + "square_d1"), 3, 0.25), {"eps": 1e-3}),
        ),
        TrajectoryCheck(
            name="an integer x0 at a critical point: one float64 row",
            tol=TIGHT,
            covers=("trajectory", "first-step", "row0"),
            call=Call(GD, (Callable_("numpy.sin"), np.array([0, 0, 0]), 0.5)),
        ),
        ShapeCheck(
            name="trajectory is a float64 array (k + 1, d)",
            expect="a float64 array of shape (k + 1, d)",
            covers=("trajectory",),
            call=Call(GD, (Callable_(fns + "square_d1"), X1, 0.1), {"max_steps": 5}),
        ),
        FlagsCheck(
            name="trajectory of an integer x0 is a float64 ndarray",
            python_type="ndarray",
            dtype="float64",
            covers=("trajectory",),
            call=Call(GD, (Callable_(fns + "square_d1"), np.array([2, -1]), 0.1), {"max_steps": 3}),
        ),
        NoMutationCheck(
            name="gradient_descent does not modify x0",
            covers=("no-mutation",),
            call=Call(GD, (Callable_(fns + "square_d1"), X1.copy(), 0.1), {"max_steps": 5}),
        ),
    ),
)

# -- q2 ---------------------------------------------------------------------------------------
P2 = rng.uniform(-3, 3, size=(3, 2))
RULE = ("labels", "rule")


def classify(
    H: np.ndarray, name: str, covers: tuple[str, ...], tol: float | None = None
) -> ValueCheck:
    kwargs = {} if tol is None else {"tol": tol}
    return ValueCheck(
        name=name,
        tol=EXACT,
        covers=covers,
        call=Call("classify_critical_point", (np.asarray(H, dtype=float),), kwargs),
    )


Q3 = np.linalg.qr(rng.normal(size=(3, 3)))[0]
Q4 = np.linalg.qr(rng.normal(size=(4, 4)))[0]
q2 = Question(
    "q2_critical_points",
    points=4,
    title="Critical points and the Hessian",
    checks=(
        ValueCheck(
            name="landscape_grad at a first point",
            tol=TIGHT,
            covers=("grad-value", "product-rule", "grad-dtype-shape"),
            call=Call("landscape_grad", (P2[0],)),
        ),
        ValueCheck(
            name="landscape_grad at a second point",
            tol=TIGHT,
            covers=("grad-value", "product-rule"),
            call=Call("landscape_grad", (P2[1],)),
        ),
        ValueCheck(
            name="landscape_hessian at a point away from the origin",
            tol=TIGHT,
            covers=("hess-value", "product-rule", "hess-symmetric", "hess-dtype-shape"),
            call=Call("landscape_hessian", (P2[2],)),
        ),
        ValueCheck(
            name="landscape_hessian at (-1, 0.4)",
            tol=TIGHT,
            covers=("hess-value", "product-rule", "hess-symmetric"),
            call=Call("landscape_hessian", (np.array([-1.0, 0.4]),)),
        ),
        FlagsCheck(
            name="landscape_grad returns a float64 ndarray",
            python_type="ndarray",
            dtype="float64",
            covers=("grad-dtype-shape",),
            call=Call("landscape_grad", (np.array([0.3, -2.0]),)),
        ),
        ShapeCheck(
            name="landscape_grad returns shape (2,)",
            expect="a float64 array of shape (2,)",
            covers=("grad-dtype-shape",),
            call=Call("landscape_grad", (np.array([1.1, 0.2]),)),
        ),
        ShapeCheck(
            name="landscape_hessian returns a float64 (2, 2) array",
            expect="a float64 array of shape (2, 2)",
            covers=("hess-dtype-shape",),
            call=Call("landscape_hessian", (np.array([0.3, -2.0]),)),
        ),
        classify(np.diag([3.0, 0.5]), "positive definite: minimum", RULE),
        classify(np.array([[-2.0, 0.5], [0.5, -1.0]]), "negative definite: maximum", RULE),
        classify(
            Q3 @ np.diag([2.0, 0.0, -1.0]) @ Q3.T,
            "eigenvalues (2, 0, -1): saddle",
            ("saddle-first", "any-size", *RULE),
        ),
        classify(
            np.diag([4.0, 0.0]),
            "a zero eigenvalue and a positive one: degenerate",
            ("saddle-first", *RULE),
        ),
        classify(
            Q4 @ np.diag([5.0, 1.0, 0.0, 2.0]) @ Q4.T,
            "4 x 4, eigenvalues >= 0 with one zero: degenerate",
            ("any-size", "saddle-first", *RULE),
        ),
        classify(np.array([[0.75]]), "1 x 1 positive: minimum", ("any-size", *RULE)),
        classify(
            np.diag([-1.0, 1e-13]), "an eigenvalue below tol counts as zero: degenerate", ("tol",)
        ),
        classify(
            np.diag([1e-10, 1.0]), "an eigenvalue equal to the default tol: degenerate", ("tol",)
        ),
        classify(
            np.diag([0.5, -3.0, -1.0]),
            "an eigenvalue equal to tol = 0.5 beside negative ones: degenerate",
            ("tol",),
            tol=0.5,
        ),
        classify(
            np.diag([-0.5, -2.0]),
            "an eigenvalue equal to -tol = -0.5: degenerate",
            ("tol",),
            tol=0.5,
        ),
        classify(np.diag([2.0, 1e-6]), "tol = 1e-8: 1e-6 is positive, minimum", ("tol",), tol=1e-8),
        classify(
            np.array([[1.0, 3.0], [0.0, 1.0]]),
            "non-symmetric estimate: symmetrise first",
            ("symmetric-part",),
        ),
        classify(
            np.array([[2.0, 0.0, 4.0], [0.0, 1.0, 0.0], [-4.0, 0.0, 3.0]]),
            "a large skew part: symmetrise first",
            ("symmetric-part", "any-size"),
        ),
        NoMutationCheck(
            name="classify_critical_point does not modify H",
            covers=("no-mutation",),
            call=Call("classify_critical_point", (np.array([[1.0, 3.0], [0.0, 1.0]]),)),
        ),
    ),
)

# -- q3 ---------------------------------------------------------------------------------------
M = rng.normal(size=(3, 3))
A3 = M @ M.T + 0.5 * np.eye(3)
B3 = rng.normal(size=3)
ELL = 2.0 * np.diag(50.0 ** (np.arange(3) / 2))  # the ellipsoid sum alpha^((i-1)/(d-1)) x_i^2
B_ELL = np.array([0.4, -1.0, 3.0])  # shifted: the minimiser is not the origin
X0_3 = np.array([1.0, -2.0, 0.5])


def armijo_violation(
    A: np.ndarray, b: np.ndarray, x0: np.ndarray, c: float
) -> Callable[..., float]:
    """Largest f(x_{k+1}) - f(x_k) - c g_k . (x_{k+1} - x_k) over the trajectory (<= 0 is Armijo),
    plus a penalty when a step is not a positive multiple of -g_k or row 0 is not x0."""

    def loss(traj: Any) -> float:
        traj = _matrix(traj, "the trajectory", rows=2, cols=b.size)
        worst = float(np.abs(traj[0] - x0).max())
        for k in range(traj.shape[0] - 1):
            x, x_new = traj[k], traj[k + 1]
            g, dx = A @ x - b, x_new - x
            f = 0.5 * x @ A @ x - b @ x
            f_new = 0.5 * x_new @ A @ x_new - b @ x_new
            worst = max(worst, f_new - f - c * (g @ dx))
            along = abs(g[0] * dx[1:] - g[1:] * dx[0]).max() if b.size > 1 else 0.0
            worst = max(worst, along - 1e-9 * (1.0 + np.abs(g).max() * np.abs(dx).max()))
            if g @ dx >= 0.0:
                worst = max(worst, 1.0)  # no descent step at all
        return float(worst)

    return loss


def distance_to_minimiser(A: np.ndarray, b: np.ndarray, x0: np.ndarray) -> Callable[..., float]:
    x_star = np.linalg.solve(A, b)

    def loss(traj: Any) -> float:
        traj = _matrix(traj, "the trajectory", rows=1, cols=b.size)
        return float(np.linalg.norm(traj[-1] - x_star) + np.abs(traj[0] - x0).max())

    return loss


BT = "backtracking_gd"
q3 = Question(
    "q3_backtracking",
    points=4,
    title="Backtracking line search with the Armijo condition",
    checks=(
        TrajectoryCheck(
            name="trajectory on a random 3-D quadratic",
            tol=TIGHT,
            covers=("objective", "armijo", "reset", "shrink", "stop-rule", "row0"),
            call=Call(BT, (A3, B3, X0_3), {"tol": 1e-6, "max_iter": 300}),
        ),
        TrajectoryCheck(
            name="trajectory with c = 0.5, rho = 0.3, a0 = 2",
            tol=TIGHT,
            covers=("signature", "armijo", "shrink", "reset"),
            call=Call(
                BT, (A3, B3, -X0_3), {"a0": 2.0, "rho": 0.3, "c": 0.5, "tol": 1e-6, "max_iter": 300}
            ),
        ),
        TrajectoryCheck(
            name="trajectory with the default parameters (b = 0)",
            tol=TIGHT,
            covers=("signature", "objective", "stop-rule"),
            call=Call(BT, (A3, np.zeros(3), X0_3)),
        ),
        TrajectoryCheck(
            name="the iteration budget max_iter is respected",
            tol=TIGHT,
            covers=("max-iter",),
            call=Call(BT, (ELL, B_ELL, X0_3), {"max_iter": 7}),
        ),
        TrajectoryCheck(
            name="a gradient norm exactly equal to tol stops the descent (<=)",
            tol=TIGHT,
            covers=("stop-rule",),
            call=Call(
                BT,
                (np.eye(2), np.array([1.0, -2.0]), np.array([4.0, 2.0])),
                {"a0": 0.5, "tol": 5.0 / 64},
            ),
        ),
        TrajectoryCheck(
            name="gradient norm equal to tol at x0: a single row",
            tol=TIGHT,
            covers=("stop-rule", "row0"),
            call=Call(BT, (np.eye(2), np.zeros(2), np.array([3.0, 4.0])), {"tol": 5.0}),
        ),
        ThresholdCheck(
            name="Armijo condition (c = 0.5) holds on every step of the trajectory",
            what="the largest Armijo violation f(x_k+1) - f(x_k) + c alpha |g_k|^2 over the steps",
            covers=("armijo-every-step", "armijo"),
            call=Call(BT, (A3, B3, X0_3), {"c": 0.5, "tol": 1e-6, "max_iter": 300}),
            params=((),),
            loss=armijo_violation(A3, B3, X0_3, 0.5),
            threshold=1e-10,
        ),
        ThresholdCheck(
            name="shifted ellipsoid (alpha = 50): within 1e-4 of the minimiser",
            what="the distance of the last row to the minimiser",
            covers=("converges", "objective"),
            call=Call(BT, (ELL, B_ELL, X0_3), {"tol": 1e-8, "max_iter": 3000}),
            params=((),),
            loss=distance_to_minimiser(ELL, B_ELL, X0_3),
            threshold=1e-4,
        ),
        ShapeCheck(
            name="trajectory is a float64 array (k + 1, d)",
            expect="a float64 array of shape (k + 1, d)",
            covers=("trajectory",),
            call=Call(BT, (A3, B3, X0_3), {"max_iter": 4}),
        ),
        FlagsCheck(
            name="trajectory from integer inputs is a float64 ndarray",
            python_type="ndarray",
            dtype="float64",
            covers=("trajectory",),
            call=Call(
                BT,
                (np.array([[2, 0], [0, 4]]), np.array([1, 1]), np.array([3, -1])),
                {"max_iter": 6},
            ),
        ),
        NoMutationCheck(
            name="backtracking_gd does not modify its inputs",
            covers=("no-mutation",),
            call=Call(BT, (A3.copy(), B3.copy(), X0_3.copy()), {"max_iter": 5}),
        ),
    ),
)

# -- q4 ---------------------------------------------------------------------------------------
q4 = Question(
    "q4_rosenbrock",
    points=3,
    title="The Rosenbrock function in $n$ dimensions",
    checks=(
        ValueCheck(
            name="rosen_grad in 2-D",
            tol=TIGHT,
            covers=("definition", "grad-value", "endpoints", "any-n"),
            call=Call("rosen_grad", (rng.uniform(-2, 2, 2),)),
        ),
        ValueCheck(
            name="rosen_grad in 5-D",
            tol=TIGHT,
            covers=("definition", "grad-value", "any-n", "grad-dtype-shape"),
            call=Call("rosen_grad", (rng.uniform(-2, 2, 5),)),
        ),
        ValueCheck(
            name="rosen_hessian in 3-D",
            tol=TIGHT,
            covers=("hess-value", "endpoints", "hess-symmetric", "tridiagonal"),
            call=Call("rosen_hessian", (rng.uniform(-2, 2, 3),)),
        ),
        ValueCheck(
            name="rosen_hessian in 6-D (band structure)",
            tol=TIGHT,
            covers=("hess-value", "tridiagonal", "hess-symmetric", "any-n", "hess-dtype-shape"),
            call=Call("rosen_hessian", (rng.uniform(-2, 2, 6),)),
        ),
        ValueCheck(
            name="rosen_hessian at the minimiser (1, ..., 1) in 5-D",
            tol=TIGHT,
            covers=("hess-value", "endpoints", "worked-example"),
            call=Call("rosen_hessian", (np.ones(5),)),
        ),
        ValueCheck(
            name="rosen_grad of an integer x (float64 result)",
            tol=TIGHT,
            covers=("grad-dtype-shape", "grad-value"),
            call=Call("rosen_grad", (np.array([1, 2, 0, -1]),)),
        ),
        ValueCheck(
            name="rosen_hessian of an integer x (float64 result)",
            tol=TIGHT,
            covers=("hess-dtype-shape", "hess-value"),
            call=Call("rosen_hessian", (np.array([2, -1, 0, 1]),)),
        ),
        FlagsCheck(
            name="rosen_grad of a float32 x is a float64 ndarray",
            python_type="ndarray",
            dtype="float64",
            covers=("grad-dtype-shape", "no-scipy"),
            call=Call("rosen_grad", (np.array([0.5, -1.25, 2.0], dtype=np.float32),)),
        ),
        FlagsCheck(
            name="rosen_hessian of a float32 x is a float64 ndarray",
            python_type="ndarray",
            dtype="float64",
            covers=("hess-dtype-shape", "no-scipy"),
            call=Call("rosen_hessian", (np.array([0.5, -1.25, 2.0], dtype=np.float32),)),
        ),
        ShapeCheck(
            name="rosen_hessian returns float64 (n, n)",
            expect="a float64 array of shape (n, n)",
            covers=("hess-dtype-shape",),
            call=Call("rosen_hessian", (rng.uniform(-1, 1, 4),)),
        ),
    ),
)

# -- q5 ---------------------------------------------------------------------------------------
N5 = rng.normal(size=(4, 4))
Q5 = N5 @ N5.T + np.eye(4)
C5 = rng.normal(size=4)
A5 = rng.normal(size=(2, 4))
B5 = rng.normal(size=2)
Q5_INDEF = np.diag([1.0, 2.0, -0.5])  # indefinite, but positive definite on the null space of A
A5_INDEF = np.array([[0.0, 0.0, 1.0]])
Q5_SING = np.diag([2.0, 1.0, 0.0])  # singular, but positive definite on the null space of A
A5_SING = np.array([[1.0, 1.0, 1.0]])


def _ill_conditioned_qp() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Q with eigenvalues 1 ... 1e12 and a right-hand side whose solution is of order 1: the
    KKT system is so badly conditioned that x = inv(K) @ rhs leaves a relative residual of
    order 1e-8, while an LU solve (np.linalg.solve) leaves one of order 1e-16."""
    r = np.random.default_rng(6)
    n, m = 5, 2
    U = np.linalg.qr(r.normal(size=(n, n)))[0]
    Q = U @ np.diag(np.geomspace(1.0, 1e12, n)) @ U.T
    Q = 0.5 * (Q + Q.T)
    A = r.normal(size=(m, n))
    x_true, lam_true = r.normal(size=n), r.normal(size=m)
    return Q, -(Q @ x_true + A.T @ lam_true), A, A @ x_true


ILL = _ill_conditioned_qp()


def kkt_residual(
    Q: np.ndarray, c: np.ndarray, A: np.ndarray, b: np.ndarray
) -> Callable[..., float]:
    def loss(x: Any, lam: Any) -> float:
        x, lam = _vector(x, "x", c.size), _vector(lam, "lam", b.size)
        return float(np.abs(Q @ x + c + A.T @ lam).max() + np.abs(A @ x - b).max())

    return loss


def relative_kkt_residual(
    Q: np.ndarray, c: np.ndarray, A: np.ndarray, b: np.ndarray
) -> Callable[..., float]:
    """max |K s - rhs| / (max |K| * max |s|) for s = (x, lam): the backward error of the solve."""
    m = b.size
    K = np.block([[Q, A.T], [A, np.zeros((m, m))]])
    rhs = np.concatenate([-c, b])

    def loss(x: Any, lam: Any) -> float:
        s = np.concatenate([_vector(x, "x", c.size), _vector(lam, "lam", m)])
        scale = np.abs(K).max() * max(np.abs(s).max(), 1e-300)
        return float(np.abs(K @ s - rhs).max() / scale)

    return loss


LAG5 = Call("lagrange_qp", (Q5, C5, A5, B5))
q5 = Question(
    "q5_lagrange",
    points=3,
    title="Lagrange multipliers for an equality-constrained quadratic",
    checks=(
        ValueCheck(
            name="minimiser x for n = 4, m = 2",
            tol=TIGHT,
            part=(0,),
            covers=("problem", "kkt"),
            call=LAG5,
        ),
        ValueCheck(
            name="multipliers lam for n = 4, m = 2",
            tol=TIGHT,
            part=(1,),
            covers=("kkt", "sign-convention"),
            call=LAG5,
        ),
        ThresholdCheck(
            name="KKT residual |Qx + c + A^T lam| + |Ax - b| below 1e-9",
            what="the KKT residual max|Qx + c + A^T lam| + max|Ax - b|",
            covers=("kkt", "sign-convention", "problem"),
            call=LAG5,
            params=((0,), (1,)),
            loss=kkt_residual(Q5, C5, A5, B5),
            threshold=1e-9,
        ),
        ValueCheck(
            name="indefinite Q, positive on the constraint's null space",
            tol=TIGHT,
            covers=("indefinite-q", "problem"),
            call=Call(
                "lagrange_qp", (Q5_INDEF, np.array([1.0, -1.0, 0.0]), A5_INDEF, np.array([2.0]))
            ),
        ),
        ValueCheck(
            name="singular Q, positive on the constraint's null space",
            tol=TIGHT,
            covers=("indefinite-q", "solve"),
            call=Call(
                "lagrange_qp", (Q5_SING, np.array([1.0, -0.5, 0.25]), A5_SING, np.array([1.5]))
            ),
        ),
        ThresholdCheck(
            name="badly conditioned KKT system: relative residual of the solve below 1e-12",
            what="the relative KKT residual max|K (x, lam) - (-c, b)| / (max|K| max|(x, lam)|)",
            covers=("solve", "kkt"),
            call=Call("lagrange_qp", ILL),
            params=((0,), (1,)),
            loss=relative_kkt_residual(*ILL),
            threshold=1e-12,
        ),
        ShapeCheck(
            name="returns a tuple (x of shape (n,), lam of shape (m,))",
            expect="the tuple (x, lam) of float64 arrays of shapes (n,) and (m,)",
            covers=("tuple", "dtype-shape"),
            call=Call("lagrange_qp", (np.eye(3), np.zeros(3), np.ones((1, 3)), np.array([1.0]))),
        ),
        FlagsCheck(
            name="returns a tuple of float64 arrays (integer inputs)",
            python_type="tuple",
            dtype="float64",
            covers=("tuple", "dtype-shape"),
            call=Call(
                "lagrange_qp",
                (
                    2 * np.eye(3, dtype=int),
                    np.array([1, 0, -1]),
                    np.array([[1, 1, 0]]),
                    np.array([2]),
                ),
            ),
        ),
    ),
)

# -- q6 ---------------------------------------------------------------------------------------


def _point(x: Any) -> np.ndarray:
    return _vector(x, "the point", 2)


def constraint_residual(x: Any) -> float:
    x = _point(x)
    return float(abs(np.sin(6.0 * x[0] - 0.7) - x[1] - 0.5))


def kkt_cross(x: Any) -> float:
    """|grad f x grad g| (2-D cross product, zero when grad f + mu grad g = 0 for some mu) plus
    the constraint residual: a point off the constraint is no KKT point, however parallel."""
    x = _point(x)
    gf = np.array([-2.0 * x[0], 2.0 * x[1]])
    gg = np.array([6.0 * np.cos(6.0 * x[0] - 0.7), -1.0])
    return float(abs(gf[0] * gg[1] - gf[1] * gg[0])) + constraint_residual(x)


POINT = Tolerance(0.0, 3e-5)  # SLSQP stops at ftol 1e-6; implementations differ by ~1e-5
SQ = "slsqp_local_min"
q6 = Question(
    "q6_slsqp",
    points=3,
    title="Nonlinear constraints with SLSQP",
    checks=(
        ValueCheck(
            name="local minimiser from (-0.5, 0.2)",
            tol=POINT,
            covers=("problem", "equality", "start", "accuracy"),
            call=Call(SQ, (np.array([-0.5, 0.2]),)),
        ),
        ValueCheck(
            name="local minimiser from (0.8, 0.3)",
            tol=POINT,
            covers=("problem", "equality", "start", "accuracy", "return"),
            call=Call(SQ, (np.array([0.8, 0.3]),)),
        ),
        ValueCheck(
            name="local minimiser from (0.3, -1): where SLSQP goes, other methods do not",
            tol=POINT,
            covers=("method", "start", "accuracy"),
            call=Call(SQ, (np.array([0.3, -1.0]),)),
        ),
        ValueCheck(
            name="local minimiser from (2, 0): where SLSQP goes, other methods do not",
            tol=POINT,
            covers=("method", "start", "accuracy"),
            call=Call(SQ, (np.array([2.0, 0.0]),)),
        ),
        ThresholdCheck(
            name="constraint residual below 1e-6 from (0, 0)",
            what="the constraint residual |sin(6x - 0.7) - y - 0.5|",
            covers=("local-kkt", "equality", "accuracy"),
            call=Call(SQ, (np.zeros(2),)),
            params=((),),
            loss=constraint_residual,
            threshold=1e-6,
        ),
        ThresholdCheck(
            name="grad f parallel to grad g (cross product below 1e-4) from (0, 0)",
            what="the gradient cross product |f_x g_y - f_y g_x| plus the constraint residual",
            covers=("local-kkt", "accuracy"),
            call=Call(SQ, (np.zeros(2),)),
            params=((),),
            loss=kkt_cross,
            threshold=1e-4,
        ),
        ThresholdCheck(
            name="constraint residual below 1e-6 from (-1, -0.5)",
            what="the constraint residual |sin(6x - 0.7) - y - 0.5|",
            covers=("local-kkt", "equality", "start"),
            call=Call(SQ, (np.array([-1.0, -0.5]),)),
            params=((),),
            loss=constraint_residual,
            threshold=1e-6,
        ),
        FlagsCheck(
            name="returns a float64 ndarray",
            python_type="ndarray",
            dtype="float64",
            covers=("return",),
            call=Call(SQ, (np.array([0.1, 0.4]),)),
        ),
        ShapeCheck(
            name="returns the point, shape (2,)",
            expect="a float64 array of shape (2,)",
            covers=("return",),
            call=Call(SQ, (np.array([-0.3, 0.3]),)),
        ),
        NoMutationCheck(
            name="slsqp_local_min does not modify x0",
            covers=("no-mutation",),
            call=Call(SQ, (np.array([-0.7, -1.0]),)),
        ),
    ),
)

QUESTIONS = [q1, q2, q3, q4, q5, q6]
