"""Hidden suite for 05_neural_networks.

Inputs differ from the notebook's worked examples: other shapes and seeds, saturated
probabilities (0 and 1 exactly) for the clipped cross-entropies, logits of size 1000 for the
softmax, another network size for backpropagation, and another target function and initial
weights for the Adam training run. The training run is graded by the loss the grader computes
from the returned parameters and by the network's predictions, never by the parameters.
"""

import numpy as np

from autograder.authoring import (
    AutogradCheck,
    Call,
    FiniteDifferenceCheck,
    LossThresholdCheck,
    NestedCall,
    NoMutationCheck,
    PredictionCheck,
    Question,
    RaisesCheck,
    TensorArg,
    Tolerance,
    TrajectoryCheck,
    ValueCheck,
)

rng = np.random.default_rng(5_2026)
TIGHT = Tolerance(1e-9, 1e-12)
EXACT = Tolerance(0.0, 0.0)

# -- q1 ---------------------------------------------------------------------------------------
X1 = np.hstack([np.ones((30, 1)), rng.normal(size=(30, 3))])
W1_ = rng.normal(size=4) * 0.7
Y1 = (rng.uniform(size=30) < 0.5).astype(np.float64)
P_SAT = np.array([0.0, 1.0, 1.0, 0.0, 0.3, 0.999])
Y_SAT = np.array([0.0, 1.0, 0.0, 1.0, 1.0, 0.0])
q1 = Question(
    "q1_bce",
    points=3,
    title="Binary cross-entropy and its gradient",
    checks=(
        ValueCheck(
            name="sigmoid on a grid including |z| = 800",
            tol=TIGHT,
            call=Call("sigmoid", (np.array([-800.0, -30.0, -1.5, 0.0, 2.5, 40.0, 800.0]),)),
        ),
        ValueCheck(
            name="predict_proba with k = 4, m = 30",
            tol=TIGHT,
            call=Call("predict_proba", (W1_, X1)),
        ),
        ValueCheck(
            name="bce is the (positive) summed cross-entropy",
            tol=TIGHT,
            call=Call("bce", (Y1, np.clip(rng.uniform(size=30), 0.02, 0.98))),
        ),
        ValueCheck(
            name="bce stays finite for predictions exactly 0 and 1 (clipping)",
            tol=TIGHT,
            call=Call("bce", (Y_SAT, P_SAT)),
        ),
        ValueCheck(
            name="bce with a custom eps", tol=TIGHT, call=Call("bce", (Y_SAT, P_SAT), {"eps": 1e-6})
        ),
        ValueCheck(
            name="logreg_grad against the reference",
            tol=TIGHT,
            call=Call("logreg_grad", (W1_, X1, Y1)),
        ),
        # FiniteDifferenceCheck needs a gradient function that returns a tuple (one entry per
        # parameter); logreg_grad returns one array, so it is compared with the reference instead.
        ValueCheck(
            name="logreg_grad at saturated probabilities (large weights)",
            tol=TIGHT,
            weight=2.0,
            call=Call("logreg_grad", (W1_ * 20.0, X1, Y1)),
        ),
        NoMutationCheck(
            name="bce does not modify y_hat when clipping", call=Call("bce", (Y_SAT, P_SAT.copy()))
        ),
    ),
)

# -- q2 ---------------------------------------------------------------------------------------
GATE_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
TRUTH = {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "NAND": [1, 1, 1, 0], "NOR": [1, 0, 0, 0]}
X2 = rng.normal(size=(7, 3))
XW1, XW2 = rng.normal(size=(4, 5)), rng.normal(size=6)
q2 = Question(
    "q2_logic_gates",
    points=3,
    title="Logic gates and the XOR network",
    checks=(
        ValueCheck(
            name="gate_forward with 3 inputs and 7 examples",
            tol=TIGHT,
            call=Call("gate_forward", (np.array([0.4, -1.2, 0.7, 2.0]), X2)),
        ),
        ValueCheck(
            name="gate_predict returns int64 classes",
            tol=EXACT,
            call=Call("gate_predict", (np.array([-0.5, 1.0, -1.0, 0.5]), X2)),
        ),
        *(
            PredictionCheck(
                name=f"gate_weights('{g}') computes {g}",
                labels=np.array(t),
                min_accuracy=1.0,
                call=Call("gate_predict", (NestedCall("gate_weights", (g,)), GATE_X)),
            )
            for g, t in TRUTH.items()
        ),
        RaisesCheck(
            name="gate_weights of an unknown gate raises ValueError",
            exception="ValueError",
            call=Call("gate_weights", ("XNOR",)),
        ),
        ValueCheck(
            name="xor_net hidden layer of a 3-4-1 network (bias column first)",
            tol=TIGHT,
            part=(0,),
            call=Call("xor_net", (X2, XW1[:, :4], XW2[:5])),
        ),
        ValueCheck(
            name="xor_net output of a 3-5-1 network",
            tol=TIGHT,
            part=(1,),
            call=Call("xor_net", (X2, XW1, XW2)),
        ),
        ValueCheck(
            name="the lecture's XOR weights on shuffled and fractional inputs",
            tol=TIGHT,
            call=Call(
                "xor_net",
                (
                    np.array([[1.0, 1.0], [0.5, 0.25], [0.0, 1.0], [0.0, 0.0]]),
                    np.array([[1.5, -3.0], [-2.0, 2.0], [-2.0, 2.0]]),
                    np.array([1.5, -2.0, -2.0]),
                ),
            ),
        ),
    ),
)

# -- q3 ---------------------------------------------------------------------------------------
Z3 = rng.normal(size=(6, 4)) * 3
LAB3 = rng.integers(0, 4, size=6)
Y3 = np.eye(4)[LAB3]
P3 = np.exp(Z3) / np.exp(Z3).sum(axis=1, keepdims=True)
q3 = Question(
    "q3_softmax",
    points=3,
    title="Softmax and categorical cross-entropy",
    checks=(
        ValueCheck(
            name="softmax of a 6x4 batch (rows are examples)",
            tol=TIGHT,
            call=Call("softmax", (Z3,)),
        ),
        ValueCheck(
            name="softmax of logits around 1000 and -1000 (no overflow)",
            tol=TIGHT,
            call=Call(
                "softmax",
                (
                    np.array(
                        [[1000.0, 999.0, 1001.5], [-1000.0, -1003.0, -999.0], [0.0, 710.0, 0.0]]
                    ),
                ),
            ),
        ),
        ValueCheck(
            name="softmax of a single 1-D logit vector",
            tol=TIGHT,
            call=Call("softmax", (rng.normal(size=5),)),
        ),
        ValueCheck(name="one_hot of 6 labels, K = 4", tol=EXACT, call=Call("one_hot", (LAB3, 4))),
        RaisesCheck(
            name="one_hot raises ValueError for a label >= K",
            exception="ValueError",
            call=Call("one_hot", (np.array([0, 3, 1]), 3)),
        ),
        ValueCheck(
            name="cross_entropy is a batch mean of -sum y ln p",
            tol=TIGHT,
            call=Call("cross_entropy", (Y3, P3)),
        ),
        ValueCheck(
            name="cross_entropy with a zero probability (clipping)",
            tol=TIGHT,
            call=Call(
                "cross_entropy",
                (
                    np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]),
                    np.array([[0.5, 0.5, 0.0], [0.0, 0.2, 0.8]]),
                ),
            ),
        ),
        ValueCheck(
            name="softmax_ce_grad against the reference (P - Y) / m",
            tol=TIGHT,
            call=Call("softmax_ce_grad", (Z3, Y3)),
        ),
    ),
)

# -- q4 ---------------------------------------------------------------------------------------
M4, N_IN, N_H, K4 = 9, 3, 5, 4
X4 = rng.normal(size=(M4, N_IN))
Y4 = np.eye(K4)[rng.integers(0, K4, size=M4)]
PARAMS4 = (
    rng.normal(size=(N_IN, N_H)),
    rng.normal(size=N_H) * 0.3,
    rng.normal(size=(N_H, K4)),
    rng.normal(size=K4) * 0.3,
)
NAMES4 = ("W1", "b1", "W2", "b2")


def torch_args() -> tuple[TensorArg, ...]:
    return (
        *(TensorArg(p, True, n) for p, n in zip(PARAMS4, NAMES4, strict=True)),
        TensorArg(X4),
        TensorArg(Y4),
    )


q4 = Question(
    "q4_backprop",
    points=4,
    title="Backpropagation by hand",
    checks=(
        ValueCheck(
            name="mlp_forward hidden layer H (9x5)",
            tol=TIGHT,
            part=(0,),
            call=Call("mlp_forward", (*PARAMS4, X4)),
        ),
        ValueCheck(
            name="mlp_forward probabilities P (9x4)",
            tol=TIGHT,
            part=(1,),
            call=Call("mlp_forward", (*PARAMS4, X4)),
        ),
        ValueCheck(name="mlp_loss value", tol=TIGHT, call=Call("mlp_loss", (*PARAMS4, X4, Y4))),
        ValueCheck(
            name="mlp_backward against autograd of the reference",
            tol=TIGHT,
            weight=2.0,
            call=Call("mlp_backward", (*PARAMS4, X4, Y4)),
        ),
        FiniteDifferenceCheck(
            name="mlp_backward against central differences of your mlp_loss",
            weight=2.0,
            grad=Call("mlp_backward", (*PARAMS4, X4, Y4)),
            params=PARAMS4,
            names=NAMES4,
            loss=lambda p: Call("mlp_loss", (*p, X4, Y4)),
        ),
        ValueCheck(
            name="mlp_loss_torch value", tol=TIGHT, call=Call("mlp_loss_torch", torch_args())
        ),
        AutogradCheck(
            name="autograd through mlp_loss_torch w.r.t. W1, b1, W2, b2",
            call=Call("mlp_loss_torch", torch_args(), seed=5),
        ),
    ),
)

# -- q5 ---------------------------------------------------------------------------------------
X_LEC = np.linspace(0.0, 1.0, 50).reshape(-1, 1)
Y_LEC = np.cbrt(X_LEC)
X5 = np.linspace(-1.0, 1.0, 40).reshape(-1, 1)
Y5 = np.sin(2.0 * X5) + 0.3 * X5
X5_TEST = np.linspace(-0.95, 0.95, 23).reshape(-1, 1)
G5 = np.random.RandomState(11)
P5 = (G5.randn(2, 4), G5.randn(4), G5.randn(4, 3), G5.randn(3), G5.randn(3, 2), G5.randn(2))
P131 = (G5.randn(1, 3), G5.randn(3), G5.randn(3, 1), G5.randn(1))
INIT5 = [0.3 * G5.randn(1, 4), 0.3 * G5.randn(4), 0.3 * G5.randn(4, 1), 0.3 * G5.randn(1)]


def tensors(
    params: tuple[np.ndarray, ...], names: tuple[str, ...] | None = None
) -> tuple[TensorArg, ...]:
    if names is None:
        return tuple(TensorArg(p) for p in params)
    return tuple(TensorArg(p, True, n) for p, n in zip(params, names, strict=True))


def trusted_mse(*params: np.ndarray) -> float:
    """The training MSE of a 1-h-1 tanh network, computed by the grader from returned params."""
    W0, b0, W1, b1 = (np.asarray(p, dtype=np.float64) for p in params)
    pred = np.tanh(X5 @ W0.reshape(1, -1) + b0.reshape(-1)) @ W1.reshape(-1, 1) + b1.reshape(-1)
    return float(np.mean((pred - Y5) ** 2))


def lecture_init() -> tuple[np.ndarray, ...]:
    """The lecture's initial weights: 0.1 * randn from RandomState(0), W then b per layer."""
    rs = np.random.RandomState(0)
    return (0.1 * rs.randn(1, 3), 0.1 * rs.randn(3), 0.1 * rs.randn(3, 1), 0.1 * rs.randn(1))


TRAIN5 = Call(
    "train_adam",
    (tensors(tuple(INIT5)), TensorArg(X5), TensorArg(Y5)),
    {"lr": 0.03, "iters_per_epoch": 20, "tol": 0.0, "max_epochs": 10},
)
q5 = Question(
    "q5_tanh_regression",
    points=4,
    title="A tanh network trained with Adam, in PyTorch",
    checks=(
        ValueCheck(
            name="init_params of the lecture's 1-3-1 net with seed 5",
            tol=Tolerance(1e-15, 0.0),
            call=Call("init_params", (0.1, (1, 3, 1), 5)),
        ),
        ValueCheck(
            name="init_params of a deeper network, another seed",
            tol=Tolerance(1e-15, 0.0),
            call=Call("init_params", (0.5, (2, 4, 3, 1), 7)),
        ),
        ValueCheck(
            name="mlp_tanh of a 2-4-3-2 network",
            tol=TIGHT,
            call=Call("mlp_tanh", (tensors(P5), TensorArg(rng.normal(size=(6, 2))))),
        ),
        ValueCheck(
            name="mlp_tanh with a 1-D input of 8 points",
            tol=TIGHT,
            call=Call("mlp_tanh", (tensors(P131), TensorArg(np.linspace(-2, 2, 8)))),
        ),
        AutogradCheck(
            name="autograd through mlp_tanh w.r.t. every parameter",
            call=Call(
                "mlp_tanh",
                (
                    tensors(P5, ("W0", "b0", "W1", "b1", "W2", "b2")),
                    TensorArg(rng.normal(size=(6, 2))),
                ),
                seed=3,
            ),
        ),
        TrajectoryCheck(
            name="loss after each of the first 3 epochs of the lecture's run",
            part=(1,),
            tol=Tolerance(1e-7, 1e-12),
            call=Call(
                "train_adam",
                (tensors(lecture_init()), TensorArg(X_LEC), TensorArg(Y_LEC)),
                {"max_epochs": 3},
            ),
        ),
        TrajectoryCheck(
            name="loss history on another target, lr and epoch length",
            part=(1,),
            tol=Tolerance(1e-6, 1e-12),
            call=TRAIN5,
        ),
        TrajectoryCheck(
            name="training stops after the first epoch below tol",
            part=(1,),
            tol=Tolerance(1e-6, 1e-12),
            call=Call("train_adam", TRAIN5.args, {**TRAIN5.kwargs, "tol": 1e-3}),
        ),
        LossThresholdCheck(
            name="training MSE (computed by the grader) within 2% of the reference's",
            call=TRAIN5,
            params=((0, 0), (0, 1), (0, 2), (0, 3)),
            loss=trusted_mse,
            factor=1.02,
            weight=2.0,
        ),
        ValueCheck(
            name="predictions of the trained network on held-out inputs",
            tol=Tolerance(1e-5, 1e-6),
            weight=2.0,
            call=Call(
                "mlp_tanh",
                (NestedCall("train_adam", TRAIN5.args, TRAIN5.kwargs, index=0), TensorArg(X5_TEST)),
            ),
        ),
    ),
)

QUESTIONS = [q1, q2, q3, q4, q5]
