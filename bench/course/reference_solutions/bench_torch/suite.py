"""Hidden suite for the benchmark exercise bench_torch.

The inputs are drawn from ``np.random.default_rng(2026)`` in a fixed order; ``bench/exercise.py``
builds the nbgrader test cells from the same draws, so both graders check the same work.
"""

import numpy as np

from autograder.authoring import AutogradCheck, Call, Question, TensorArg, Tolerance, ValueCheck

TIGHT = Tolerance(1e-9, 1e-12)

rng = np.random.default_rng(2026)
W = rng.normal(size=(1, 4))
X = rng.normal(size=(4, 32))
Y = (rng.uniform(size=(1, 32)) > 0.5).astype(np.float64)
W2 = rng.normal(size=(1, 4))
XS = rng.normal(size=(3, 20)) * 2.0 + 1.0
B = 0.25


def neuron_args(w: np.ndarray) -> tuple[TensorArg, ...]:
    return (TensorArg(w, True, "w"), TensorArg(np.array(B), True, "b"), TensorArg(X))


q1 = Question(
    "q1_neuron",
    points=2,
    title="A sigmoid neuron",
    checks=(
        ValueCheck(
            name="sigmoid_neuron forward", tol=TIGHT, call=Call("sigmoid_neuron", neuron_args(W))
        ),
        AutogradCheck(
            name="autograd through sigmoid_neuron w.r.t. w and b",
            call=Call("sigmoid_neuron", neuron_args(W), seed=11),
        ),
    ),
)

q2 = Question(
    "q2_grad_w",
    points=2,
    title="The gradient of the loss by autograd",
    checks=(
        ValueCheck(
            name="grad_w at w",
            tol=TIGHT,
            call=Call("grad_w", (TensorArg(W), TensorArg(np.array(B)), TensorArg(X), TensorArg(Y))),
        ),
        ValueCheck(
            name="grad_w at another w",
            tol=TIGHT,
            call=Call(
                "grad_w", (TensorArg(W2), TensorArg(np.array(B)), TensorArg(X), TensorArg(Y))
            ),
        ),
    ),
)

q3 = Question(
    "q3_standardize",
    points=1,
    title="Standardize with NumPy",
    checks=(
        ValueCheck(name="standardize a 3x20 array", tol=TIGHT, call=Call("standardize", (XS,))),
    ),
)

QUESTIONS = [q1, q2, q3]
