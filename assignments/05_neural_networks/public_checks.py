"""Public checks for 05_neural_networks: the worked examples of the notebook.

Run them with ``check("<question>")`` in the notebook or ``autograder check NOTEBOOK``. Passing
them is a good sign, not a grade: hidden checks use other inputs, shapes and edge cases.
"""

import numpy as np

from autograder.authoring import (
    AutogradCheck,
    Call,
    TensorArg,
    Tolerance,
    TrajectoryCheck,
    ValueCheck,
)

TIGHT = Tolerance(1e-9, 1e-12)
GATE_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_W1 = np.array([[1.5, -3.0], [-2.0, 2.0], [-2.0, 2.0]])
XOR_W2 = np.array([1.5, -2.0, -2.0])

# The small network of the worked example in question 4.
X4 = np.array([[1.0, -1.0], [0.5, 2.0], [-1.5, 0.0]])
Y4 = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]])
P4 = (
    np.array([[0.2, -0.4, 0.1], [0.5, 0.3, -0.2]]),
    np.array([0.0, 0.1, -0.1]),
    np.array([[0.3, -0.3], [-0.5, 0.2], [0.4, 0.1]]),
    np.array([0.05, -0.05]),
)


def lecture_init() -> tuple[TensorArg, ...]:
    rs = np.random.RandomState(0)
    return tuple(TensorArg(0.1 * rs.randn(*shape)) for shape in ((1, 3), (3,), (3, 1), (1,)))


X5 = np.linspace(0.0, 1.0, 50).reshape(-1, 1)

PUBLIC = {
    "q1_bce": [
        ValueCheck(
            name="bce of the worked example",
            covers=("bce-value", "bce-sign"),
            hidden=False,
            tol=TIGHT,
            call=Call("bce", (np.array([1.0, 0.0, 1.0]), np.array([0.9, 0.2, 0.6]))),
        ),
        ValueCheck(
            name="logreg_grad of the worked example",
            covers=("grad-value",),
            hidden=False,
            tol=TIGHT,
            call=Call(
                "logreg_grad",
                (
                    np.array([0.5, -1.0]),
                    np.array([[1.0, 2.0], [1.0, -1.0], [1.0, 0.5]]),
                    np.array([1.0, 0.0, 1.0]),
                ),
            ),
        ),
    ],
    "q2_logic_gates": [
        ValueCheck(
            name="OR neuron w = [-1, 2, 2] on the four inputs",
            covers=("forward-value",),
            hidden=False,
            tol=Tolerance(1e-7, 1e-9),
            call=Call("gate_forward", (np.array([-1.0, 2.0, 2.0]), GATE_X)),
        ),
        ValueCheck(
            name="the lecture's XOR network (hidden layer and output)",
            covers=("xor-layout", "xor-hidden", "xor-output"),
            hidden=False,
            tol=Tolerance(1e-7, 1e-9),
            call=Call("xor_net", (GATE_X, XOR_W1, XOR_W2)),
        ),
    ],
    "q3_softmax": [
        ValueCheck(
            name="softmax of [1, 2, 3] and of [1001, 1002, 1003]",
            covers=("softmax-value", "softmax-no-overflow"),
            hidden=False,
            tol=TIGHT,
            call=Call("softmax", (np.array([[1.0, 2.0, 3.0], [1001.0, 1002.0, 1003.0]]),)),
        ),
        ValueCheck(
            name="cross_entropy of the worked example",
            covers=("ce-value",),
            hidden=False,
            tol=TIGHT,
            call=Call(
                "cross_entropy",
                (
                    np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]),
                    np.array([[0.2, 0.7, 0.1], [0.5, 0.25, 0.25]]),
                ),
            ),
        ),
    ],
    "q4_backprop": [
        ValueCheck(
            name="mlp_loss of the worked example",
            covers=("loss-value",),
            hidden=False,
            tol=TIGHT,
            call=Call("mlp_loss", (*P4, X4, Y4)),
        ),
        ValueCheck(
            name="mlp_backward of the worked example",
            covers=("backward-value",),
            hidden=False,
            tol=TIGHT,
            call=Call("mlp_backward", (*P4, X4, Y4)),
        ),
        AutogradCheck(
            name="autograd through mlp_loss_torch (worked example)",
            covers=("torch-value", "torch-graph"),
            hidden=False,
            call=Call(
                "mlp_loss_torch",
                (
                    *(
                        TensorArg(p, True, n)
                        for p, n in zip(P4, ("W1", "b1", "W2", "b2"), strict=True)
                    ),
                    TensorArg(X4),
                    TensorArg(Y4),
                ),
            ),
        ),
    ],
    "q5_tanh_regression": [
        ValueCheck(
            name="init_params(0.1, (1, 3, 1), seed 0)",
            covers=("init-order", "seed"),
            hidden=False,
            tol=Tolerance(1e-15, 0.0),
            call=Call("init_params", (0.1, (1, 3, 1), 0)),
        ),
        TrajectoryCheck(
            name="lecture run: loss after epoch 0 is 0.02252298981875618",
            covers=("mse", "adam", "epochs", "losses"),
            hidden=False,
            part=(1,),
            tol=Tolerance(1e-7, 1e-12),
            call=Call(
                "train_adam",
                (lecture_init(), TensorArg(X5), TensorArg(np.cbrt(X5))),
                {"max_epochs": 1},
            ),
        ),
    ],
}
