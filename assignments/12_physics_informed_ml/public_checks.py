"""Public checks for 12_physics_informed_ml: the worked examples of the notebook.

Run them with ``check("<question>")`` in the notebook or ``autograder check NOTEBOOK``. Passing
them is a good sign, not a grade: hidden checks use other networks, equations, points and edge
cases. The functions named ``course.<name>`` are in ``functions.py`` beside the notebook.
"""

import math

import numpy as np

from autograder.authoring import (
    Call,
    Callable_,
    TensorArg,
    ThresholdCheck,
    Tolerance,
    TrajectoryCheck,
    ValueCheck,
)

TIGHT = Tolerance(1e-9, 1e-12)


def col(values: list[float] | np.ndarray) -> TensorArg:
    return TensorArg(np.asarray(values, dtype=np.float64).reshape(-1, 1))


def loss_size(value: np.ndarray) -> float:
    return float(abs(np.asarray(value)))


# question 1: N(x) = tanh x, F(x, u) = x - u, u0 = 1, x = (0, 0.5, 1)
X1 = col([0.0, 0.5, 1.0])

# question 4: the notebook's run (a = 2, b = 1, u0 = 0, u1 = 1, H = 6, 12 points, lr = 0.05)
_gen = np.random.default_rng(1)
P4 = (
    _gen.normal(size=(1, 6)),
    0.5 * _gen.normal(size=6),
    _gen.normal(size=(6, 1)) / math.sqrt(6),
    np.zeros(1),
)
XC4 = col(np.linspace(0.0, 1.0, 12))

PUBLIC = {
    "q1_lagaris": [
        ValueCheck(
            name="lagaris_trial of the worked example: u_hat = (1, 1.23105858, 1.76159416)",
            covers=("trial-value", "trial-u0", "trial-shape"),
            hidden=False,
            tol=TIGHT,
            call=Call("lagaris_trial", (Callable_("torch.tanh"), X1, 1.0)),
        ),
        ValueCheck(
            name="ode_residual_loss of the worked example: L = 2.43084827",
            covers=("loss-value", "shapes", "zero-d"),
            hidden=False,
            tol=TIGHT,
            call=Call(
                "ode_residual_loss",
                (Callable_("torch.tanh"), X1, Callable_("torch.sub"), 1.0),
            ),
        ),
        ThresholdCheck(
            name="u' = -u with N(x) = (exp(-x) - 1) / x: the residual loss is below 1e-30",
            covers=("exact-zero",),
            hidden=False,
            pays_alone=False,
            call=Call(
                "ode_residual_loss",
                (
                    Callable_("course.exact_decay_net"),
                    col(np.linspace(0.25, 2.0, 8)),
                    Callable_("course.decay"),
                    1.0,
                ),
            ),
            params=((),),
            loss=loss_size,
            threshold=1e-30,
            what="the residual loss",
        ),
    ],
    "q2_pinn_loss": [
        ValueCheck(
            name="pinn_exact at x = 0, 0.5, 1 for a = 2, b = 1, u0 = 0, u1 = 1: (0, 0.61552929, 1)",
            covers=("exact-value", "exact-shape"),
            hidden=False,
            tol=TIGHT,
            call=Call("pinn_exact", (col([0.0, 0.5, 1.0]), 2.0, 1.0, 0.0, 1.0)),
        ),
        ValueCheck(
            name="pinn_loss of sin x at x = 0.25, 0.5, 0.75: L = 0.22524851",
            covers=("loss-value", "residual-mean", "second-derivative", "graph"),
            hidden=False,
            tol=TIGHT,
            call=Call(
                "pinn_loss", (Callable_("torch.sin"), col([0.25, 0.5, 0.75]), 2.0, 1.0, 0.0, 1.0)
            ),
        ),
        ThresholdCheck(
            name="the exact solution for a = 2, b = 1 fed as the network: loss below 1e-25",
            covers=("exact-residual",),
            hidden=False,
            pays_alone=False,
            call=Call(
                "pinn_loss",
                (
                    Callable_("course.exact_bvp_example"),
                    col(np.linspace(0.0, 1.0, 11)),
                    2.0,
                    1.0,
                    0.0,
                    1.0,
                ),
            ),
            params=((),),
            loss=loss_size,
            threshold=1e-25,
            what="the PINN loss",
        ),
    ],
    "q3_burgers": [
        ValueCheck(
            name="burgers_residual of sin(pi x) exp(-t): (0.66634302, 0.64926132)",
            covers=("value", "default-nu", "separate", "graph"),
            hidden=False,
            tol=TIGHT,
            call=Call(
                "burgers_residual",
                (Callable_("course.sine_wave"), col([0.25, -0.5]), col([0.1, 0.4])),
            ),
        ),
    ],
    "q4_train_pinn": [
        # GPU tolerance as in the hidden suite's trajectory checks (measured there)
        TrajectoryCheck(
            name="the first 3 losses of the notebook's run: 4.95080151, 3.34307874, 2.17710372",
            covers=("loss", "adam", "steps", "losses", "net-value"),
            hidden=False,
            part=(1,),
            tol=Tolerance(1e-8, 1e-12, gpu=(2e-8, 1e-10)),
            call=Call(
                "train_pinn",
                (tuple(TensorArg(p) for p in P4), XC4, 2.0, 1.0, 0.0, 1.0, 3, 0.05),
            ),
        ),
    ],
    "q5_fourier": [
        ValueCheck(
            name="box_fourier_coeffs(3) = (0.5, 2/pi, 0, -2/(3 pi))",
            covers=("coeff-value", "coeff-default", "coeff-type"),
            hidden=False,
            tol=Tolerance(1e-10, 1e-13),
            call=Call("box_fourier_coeffs", (3,)),
        ),
        ValueCheck(
            name="fourier_features of the worked example",
            covers=("ff-value", "ff-order", "ff-shape"),
            hidden=False,
            tol=TIGHT,
            call=Call("fourier_features", (col([0.1, 0.25]), col([1.0, 2.0]))),
        ),
    ],
    "q6_verlet_energy": [
        ValueCheck(
            name="two Verlet steps of the pendulum from x0 = 1, v0 = 0, dt = 0.1",
            covers=("verlet", "verlet-shape", "one-force"),
            hidden=False,
            tol=TIGHT,
            call=Call(
                "velocity_verlet",
                (np.array([1.0]), np.array([0.0]), 0.1, 2, Callable_("course.pendulum_force")),
            ),
        ),
        ValueCheck(
            name="the pendulum's energy at the start: E_0 = 0.45969769",
            covers=("energy-value", "energy-shape"),
            hidden=False,
            tol=TIGHT,
            call=Call(
                "energy",
                (np.array([[1.0]]), np.array([[0.0]]), Callable_("course.pendulum_potential")),
            ),
        ),
    ],
}
