"""Hidden suite for 07_rnn, continued: q6, training an RNN on a sine wave and continuing it.

Its own inputs (a generator of its own: the sine's phase and frequency differ from the
notebook's, initial parameters with nonzero biases, a tiny-amplitude run where the exact clipping
factor g_max / G shows), and GPU tolerances for a `--device cuda` run, stated per check.
"""

from __future__ import annotations

import numpy as np

from autograder.authoring import (
    Call,
    FlagsCheck,
    NoMutationCheck,
    Question,
    ShapeCheck,
    TensorArg,
    Tolerance,
    TrajectoryCheck,
    ValueCheck,
)

rng = np.random.default_rng(7_6_2026)
EXACT = Tolerance(0.0, 0.0)

# -- q6 ---------------------------------------------------------------------------------------
T6, N_H6 = 16, 5
WAVE6 = np.sin(0.45 * np.arange(T6 + 1) + 0.7)
XS6, YS6 = WAVE6[:T6].reshape(-1, 1), WAVE6[1:].reshape(-1, 1)
INIT6 = (
    0.4 * rng.normal(size=(N_H6, N_H6)),
    0.7 * rng.normal(size=(N_H6, 1)),
    0.7 * rng.normal(size=(1, N_H6)),
    0.2 * rng.normal(size=N_H6),
)


# zero biases and tiny data: small gradients, so that a clipping factor g_max / (G + 1e-6) is
# visibly different from g_max / G
INIT6_SMALL = (*INIT6[:3], np.zeros(N_H6))

# GPU tolerances (`--device cuda`: the student's float64 run on a GPU, the reference on the CPU).
# A GPU sums in another order; modelled on the CPU by perturbing every input by 1e-12 relative
# (`python -m tests.gpu_noise 07_rnn`), the loss histories move by at most 2.8e-11, the trained
# parameters by 5.4e-12 and rnn_generate by 1.1e-11: the GPU tolerances below leave a factor of
# 900 or more above that, and every mutant and variant of q6 still fails under them
# (tests/test_gpu_tolerance.py). Exact checks (steps = 0, n = 0: copies) stay exact on a GPU.
TRAJ6 = Tolerance(1e-8, 1e-12, gpu=(1e-7, 1e-11))
GEN6 = Tolerance(1e-9, 1e-12, gpu=(1e-8, 1e-11))


def t(a: np.ndarray, grad: bool = False) -> TensorArg:
    return TensorArg(np.asarray(a, dtype=np.float64), grad)


def train6(steps: int, lr: float, g_max: float | None = None) -> Call:
    return Call(
        "train_rnn",
        (tuple(t(p) for p in INIT6), t(XS6), t(YS6), steps, lr),
        {"g_max": g_max},
    )


P6_GEN = (  # an RNN with n_h = 6, n_x = n_y = 2 for rnn_generate
    0.5 * rng.normal(size=(6, 6)),
    rng.normal(size=(6, 2)),
    rng.normal(size=(2, 6)),
    0.4 * rng.normal(size=6),
)
XS6_GEN = rng.normal(size=(5, 2))

q6 = Question(
    "q6_train_sine",
    points=3,
    title="Training an RNN to continue a sine wave",
    checks=(
        TrajectoryCheck(
            name="loss history of 12 SGD steps without clipping",
            covers=("loss", "sgd", "step-order", "losses", "device"),
            part=(1,),
            tol=TRAJ6,
            call=train6(12, 0.02),
        ),
        TrajectoryCheck(
            name="loss history of 12 SGD steps clipped at g_max = 0.5",
            covers=("clip", "loss", "sgd", "losses"),
            part=(1,),
            tol=TRAJ6,
            call=train6(12, 0.05, 0.5),
        ),
        TrajectoryCheck(
            name="loss history on a sine of amplitude 1e-3 (gradient norms of about 1e-2) clipped "
            "to g_max = 1e-6: the exact factor g_max / G",
            covers=("clip",),
            part=(1,),
            tol=Tolerance(1e-8, 1e-15, gpu=(1e-7, 1e-14)),
            call=Call(
                "train_rnn",
                (tuple(t(p) for p in INIT6_SMALL), t(1e-3 * XS6), t(1e-3 * YS6), 8, 1000.0),
                {"g_max": 1e-6},
            ),
        ),
        ValueCheck(
            name="the parameters after 12 clipped steps",
            covers=("returned", "sgd", "clip"),
            part=(0,),
            tol=Tolerance(1e-8, 1e-10, gpu=(1e-7, 1e-9)),
            call=train6(12, 0.05, 0.5),
        ),
        ValueCheck(
            name="steps = 0 returns the initial parameters and no losses",
            covers=("steps-zero",),
            tol=EXACT,
            call=train6(0, 0.05),
        ),
        FlagsCheck(
            name="the returned parameters are detached float64 tensors",
            covers=("returned",),
            part=(0,),
            python_type="tuple",
            dtype="float64",
            requires_grad=False,
            call=train6(3, 0.02),
        ),
        FlagsCheck(
            name="the loss history is a float64 ndarray",
            covers=("returned", "losses"),
            part=(1,),
            python_type="ndarray",
            dtype="float64",
            call=train6(3, 0.02),
        ),
        ShapeCheck(
            name="train_rnn returns (params, losses) of the stated shapes",
            covers=("returned",),
            expect="the tuple (params, losses): tensors shaped like params0, losses (steps,)",
            call=train6(3, 0.02),
        ),
        NoMutationCheck(
            name="train_rnn does not modify params0, xs or ys",
            covers=("no-mutation",),
            call=train6(3, 0.02),
        ),
        ValueCheck(
            tol=GEN6,
            name="rnn_generate: 6 predictions after a warm-up of 5 steps (n_x = n_y = 2)",
            covers=("gen-value", "gen-first"),
            call=Call("rnn_generate", (tuple(t(p) for p in P6_GEN), t(XS6_GEN), 6)),
        ),
        ValueCheck(
            tol=GEN6,
            name="rnn_generate with n = 1",
            covers=("gen-first",),
            call=Call("rnn_generate", (tuple(t(p) for p in P6_GEN), t(XS6_GEN), 1)),
        ),
        ValueCheck(
            name="rnn_generate with n = 0",
            covers=("gen-return",),
            tol=EXACT,
            call=Call("rnn_generate", (tuple(t(p) for p in P6_GEN), t(XS6_GEN), 0)),
        ),
        FlagsCheck(
            name="rnn_generate's output does not require grad (parameters that do)",
            covers=("gen-return",),
            python_type="Tensor",
            dtype="float64",
            requires_grad=False,
            call=Call("rnn_generate", (tuple(t(p, True) for p in P6_GEN), t(XS6_GEN), 4)),
        ),
    ),
)

QUESTIONS = [q6]
