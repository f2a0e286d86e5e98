"""Hidden suite for 02_optimization.

Inputs differ from the notebook's worked examples: other starting points, step sizes, dimensions
and matrices. Trajectories are deterministic float64 and compared tightly; the line search is also
judged from the trajectory alone (the Armijo condition on every accepted step, computed on the
trusted side), and the SLSQP answer by its KKT residuals as well as by the point.
"""

from collections.abc import Callable

import numpy as np

from autograder.authoring import (
    Call,
    Callable_,
    LossThresholdCheck,
    NoMutationCheck,
    Question,
    ShapeCheck,
    Tolerance,
    TrajectoryCheck,
    ValueCheck,
)

rng = np.random.default_rng(2_2026)
TIGHT = Tolerance(1e-9, 1e-12)
EXACT = Tolerance(0.0, 0.0)
fns = "course."

# -- q1 ---------------------------------------------------------------------------------------
X1 = rng.normal(size=3)
q1 = Question(
    "q1_gradient_descent",
    points=3,
    title="Gradient descent with a stopping rule",
    checks=(
        TrajectoryCheck(
            name="|x| with lr 0.3 from 1.0: overshoot until max_steps",
            tol=TIGHT,
            call=Call(
                "gradient_descent",
                (Callable_("numpy.sign"), np.array([1.0]), 0.3),
                {"max_steps": 9},
            ),
        ),
        TrajectoryCheck(
            name="x^2 in 3-D with lr 0.2, eps 1e-6",
            tol=TIGHT,
            call=Call(
                "gradient_descent",
                (Callable_(fns + "square_d1"), X1, 0.2),
                {"eps": 1e-6, "max_steps": 200},
            ),
        ),
        TrajectoryCheck(
            name="stopping rule uses the step lr * grad, not the gradient",
            tol=TIGHT,
            call=Call(
                "gradient_descent",
                (Callable_("numpy.tanh"), np.array([2.0, -1.5]), 0.05),
                {"eps": 1e-4, "max_steps": 500},
            ),
        ),
        TrajectoryCheck(
            name="-sum cos(x_i) from a 4-D start, lr 0.7",
            tol=TIGHT,
            call=Call(
                "gradient_descent",
                (Callable_("numpy.sin"), rng.uniform(-2, 2, 4), 0.7),
                {"eps": 1e-9, "max_steps": 100},
            ),
        ),
        TrajectoryCheck(
            name="already converged at x0: a single row",
            tol=TIGHT,
            call=Call("gradient_descent", (Callable_("numpy.sin"), np.zeros(2), 0.1)),
        ),
        ShapeCheck(
            name="trajectory is a float64 array (k + 1, d)",
            call=Call(
                "gradient_descent", (Callable_(fns + "square_d1"), X1, 0.1), {"max_steps": 5}
            ),
        ),
        NoMutationCheck(
            name="gradient_descent does not modify x0",
            call=Call(
                "gradient_descent", (Callable_(fns + "square_d1"), X1.copy(), 0.1), {"max_steps": 5}
            ),
        ),
    ),
)

# -- q2 ---------------------------------------------------------------------------------------
P2 = rng.uniform(-3, 3, size=(3, 2))


def classify(H: np.ndarray, name: str, tol: float | None = None) -> ValueCheck:
    kwargs = {} if tol is None else {"tol": tol}
    return ValueCheck(
        name=name,
        tol=EXACT,
        call=Call("classify_critical_point", (np.asarray(H, dtype=float),), kwargs),
    )


Q3 = np.linalg.qr(rng.normal(size=(3, 3)))[0]
q2 = Question(
    "q2_critical_points",
    points=4,
    title="Critical points and the Hessian",
    checks=(
        ValueCheck(
            name="landscape_grad at three points", tol=TIGHT, call=Call("landscape_grad", (P2[0],))
        ),
        ValueCheck(
            name="landscape_grad at a second point",
            tol=TIGHT,
            call=Call("landscape_grad", (P2[1],)),
        ),
        ValueCheck(
            name="landscape_hessian at a point away from the origin",
            tol=TIGHT,
            call=Call("landscape_hessian", (P2[2],)),
        ),
        ValueCheck(
            name="landscape_hessian at (-1, 0.4)",
            tol=TIGHT,
            call=Call("landscape_hessian", (np.array([-1.0, 0.4]),)),
        ),
        classify(np.diag([3.0, 0.5]), "positive definite: minimum"),
        classify(np.array([[-2.0, 0.5], [0.5, -1.0]]), "negative definite: maximum"),
        classify(Q3 @ np.diag([2.0, 0.0, -1.0]) @ Q3.T, "eigenvalues (2, 0, -1): saddle"),
        classify(np.diag([4.0, 0.0]), "a zero eigenvalue and a positive one: degenerate"),
        classify(np.diag([-1.0, 1e-13]), "an eigenvalue below tol counts as zero: degenerate"),
        classify(np.diag([2.0, 1e-6]), "tol = 1e-8: 1e-6 is positive, minimum", tol=1e-8),
        classify(np.array([[1.0, 3.0], [0.0, 1.0]]), "non-symmetric estimate: symmetrise first"),
        NoMutationCheck(
            name="classify_critical_point does not modify H",
            call=Call("classify_critical_point", (np.array([[1.0, 3.0], [0.0, 1.0]]),)),
        ),
    ),
)

# -- q3 ---------------------------------------------------------------------------------------
M = rng.normal(size=(3, 3))
A3 = M @ M.T + 0.5 * np.eye(3)
B3 = rng.normal(size=3)
ELL = 2.0 * np.diag(50.0 ** (np.arange(3) / 2))  # the ellipsoid sum alpha^((i-1)/(d-1)) x_i^2


def armijo_violation(A: np.ndarray, b: np.ndarray, c: float) -> Callable[..., float]:
    """Largest f(x_{k+1}) - f(x_k) - c g_k . (x_{k+1} - x_k) over the trajectory (<= 0 is Armijo),
    plus a penalty when a step is not along -g_k."""

    def loss(traj: np.ndarray) -> float:
        traj = np.asarray(traj, dtype=np.float64)
        if traj.ndim != 2 or traj.shape[1] != b.size or traj.shape[0] < 2:
            raise ValueError(f"a trajectory of shape (k + 1, {b.size}) is expected")
        worst = -np.inf
        for k in range(traj.shape[0] - 1):
            x, x_new = traj[k], traj[k + 1]
            g, dx = A @ x - b, x_new - x
            f = 0.5 * x @ A @ x - b @ x
            f_new = 0.5 * x_new @ A @ x_new - b @ x_new
            worst = max(worst, f_new - f - c * (g @ dx))
            along = abs(g[0] * dx[1:] - g[1:] * dx[0]).max() if b.size > 1 else 0.0
            worst = max(worst, along - 1e-9 * (1.0 + np.abs(g).max() * np.abs(dx).max()))
        return float(worst)

    return loss


def distance_to_minimiser(A: np.ndarray, b: np.ndarray) -> Callable[..., float]:
    x_star = np.linalg.solve(A, b)

    def loss(traj: np.ndarray) -> float:
        return float(np.linalg.norm(np.asarray(traj, dtype=np.float64)[-1] - x_star))

    return loss


X0_3 = np.array([1.0, -2.0, 0.5])
q3 = Question(
    "q3_backtracking",
    points=4,
    title="Backtracking line search with the Armijo condition",
    checks=(
        TrajectoryCheck(
            name="trajectory on a random 3-D quadratic",
            tol=TIGHT,
            call=Call("backtracking_gd", (A3, B3, X0_3), {"tol": 1e-6, "max_iter": 300}),
        ),
        TrajectoryCheck(
            name="trajectory with c = 0.5, rho = 0.3, a0 = 2",
            tol=TIGHT,
            call=Call(
                "backtracking_gd",
                (A3, B3, -X0_3),
                {"a0": 2.0, "rho": 0.3, "c": 0.5, "tol": 1e-6, "max_iter": 300},
            ),
        ),
        TrajectoryCheck(
            name="the iteration budget max_iter is respected",
            tol=TIGHT,
            call=Call("backtracking_gd", (ELL, np.zeros(3), X0_3), {"max_iter": 7}),
        ),
        LossThresholdCheck(
            name="Armijo condition (c = 0.5) holds on every step of the trajectory",
            call=Call("backtracking_gd", (A3, B3, X0_3), {"c": 0.5, "tol": 1e-6, "max_iter": 300}),
            params=((),),
            loss=armijo_violation(A3, B3, 0.5),
            threshold=1e-10,
        ),
        LossThresholdCheck(
            name="ellipsoid (alpha = 50): within 1e-4 of the minimiser",
            call=Call("backtracking_gd", (ELL, np.zeros(3), X0_3), {"tol": 1e-8, "max_iter": 3000}),
            params=((),),
            loss=distance_to_minimiser(ELL, np.zeros(3)),
            threshold=1e-4,
        ),
        NoMutationCheck(
            name="backtracking_gd does not modify its inputs",
            call=Call("backtracking_gd", (A3.copy(), B3.copy(), X0_3.copy()), {"max_iter": 5}),
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
            name="rosen_grad in 2-D", tol=TIGHT, call=Call("rosen_grad", (rng.uniform(-2, 2, 2),))
        ),
        ValueCheck(
            name="rosen_grad in 5-D", tol=TIGHT, call=Call("rosen_grad", (rng.uniform(-2, 2, 5),))
        ),
        ValueCheck(
            name="rosen_grad at the minimiser (1, ..., 1) is zero",
            tol=TIGHT,
            call=Call("rosen_grad", (np.ones(4),)),
        ),
        ValueCheck(
            name="rosen_hessian in 3-D",
            tol=TIGHT,
            call=Call("rosen_hessian", (rng.uniform(-2, 2, 3),)),
        ),
        ValueCheck(
            name="rosen_hessian in 6-D (band structure)",
            tol=TIGHT,
            call=Call("rosen_hessian", (rng.uniform(-2, 2, 6),)),
        ),
        ShapeCheck(
            name="rosen_hessian returns float64 (n, n)",
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


def kkt_residual(
    Q: np.ndarray, c: np.ndarray, A: np.ndarray, b: np.ndarray
) -> Callable[..., float]:
    def loss(x: np.ndarray, lam: np.ndarray) -> float:
        x, lam = np.asarray(x, dtype=np.float64), np.asarray(lam, dtype=np.float64)
        return float(np.abs(Q @ x + c + A.T @ lam).max() + np.abs(A @ x - b).max())

    return loss


LAG5 = Call("lagrange_qp", (Q5, C5, A5, B5))
q5 = Question(
    "q5_lagrange",
    points=3,
    title="Lagrange multipliers for an equality-constrained quadratic",
    checks=(
        ValueCheck(name="minimiser x for n = 4, m = 2", tol=TIGHT, part=(0,), call=LAG5),
        ValueCheck(name="multipliers lam for n = 4, m = 2", tol=TIGHT, part=(1,), call=LAG5),
        LossThresholdCheck(
            name="KKT residual |Qx + c + A^T lam| + |Ax - b| below 1e-9",
            call=LAG5,
            params=((0,), (1,)),
            loss=kkt_residual(Q5, C5, A5, B5),
            threshold=1e-9,
        ),
        ValueCheck(
            name="indefinite Q, positive on the constraint's null space",
            tol=TIGHT,
            call=Call(
                "lagrange_qp", (Q5_INDEF, np.array([1.0, -1.0, 0.0]), A5_INDEF, np.array([2.0]))
            ),
        ),
        ShapeCheck(
            name="returns a tuple (x of shape (n,), lam of shape (m,))",
            call=Call("lagrange_qp", (np.eye(3), np.zeros(3), np.ones((1, 3)), np.array([1.0]))),
        ),
    ),
)

# -- q6 ---------------------------------------------------------------------------------------


def constraint_residual(x: np.ndarray) -> float:
    x = np.asarray(x, dtype=np.float64).reshape(2)
    return float(abs(np.sin(6.0 * x[0] - 0.7) - x[1] - 0.5))


def gradient_cross(x: np.ndarray) -> float:
    """|grad f x grad g| (2-D cross product): zero when grad f + lam grad g = 0 for some lam."""
    x = np.asarray(x, dtype=np.float64).reshape(2)
    gf = np.array([-2.0 * x[0], 2.0 * x[1]])
    gg = np.array([6.0 * np.cos(6.0 * x[0] - 0.7), -1.0])
    return float(abs(gf[0] * gg[1] - gf[1] * gg[0]))


POINT = Tolerance(0.0, 3e-5)  # SLSQP stops at ftol 1e-6; implementations differ by ~1e-5
q6 = Question(
    "q6_slsqp",
    points=3,
    title="Nonlinear constraints with SLSQP",
    checks=(
        ValueCheck(
            name="local minimiser from (-0.5, 0.2)",
            tol=POINT,
            call=Call("slsqp_local_min", (np.array([-0.5, 0.2]),)),
        ),
        ValueCheck(
            name="local minimiser from (0.8, 0.3)",
            tol=POINT,
            call=Call("slsqp_local_min", (np.array([0.8, 0.3]),)),
        ),
        LossThresholdCheck(
            name="constraint residual below 1e-6 from (0, 0)",
            call=Call("slsqp_local_min", (np.zeros(2),)),
            params=((),),
            loss=constraint_residual,
            threshold=1e-6,
        ),
        LossThresholdCheck(
            name="grad f parallel to grad g (cross product below 1e-4) from (0, 0)",
            call=Call("slsqp_local_min", (np.zeros(2),)),
            params=((),),
            loss=gradient_cross,
            threshold=1e-4,
        ),
        LossThresholdCheck(
            name="constraint residual below 1e-6 from (-1, -0.5)",
            call=Call("slsqp_local_min", (np.array([-1.0, -0.5]),)),
            params=((),),
            loss=constraint_residual,
            threshold=1e-6,
        ),
    ),
)

QUESTIONS = [q1, q2, q3, q4, q5, q6]
