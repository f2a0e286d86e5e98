"""Hidden suite for 05_neural_networks.

Inputs differ from the notebook's worked examples: other shapes and seeds, saturated
probabilities (0 and 1 exactly) for the clipped cross-entropies, logits of size 1000 for the
softmax, another network size for backpropagation, and another target function and initial
weights for the Adam training run. The training run is graded by the loss the grader computes
from the returned parameters and by the network's predictions, never by the parameters.

Edge cases the task text names: z = -800 in the sigmoid (no overflow warning), weighted sums
exactly 0 at the gate threshold (class 1), unknown and lower-case gate names, labels outside
0..K-1 on both sides, output logits 2000 apart in the network loss (a softmax probability that
underflows to 0 must not reach the logarithm), and a training run that sits at a stationary
point whose MSE equals tol exactly (the stop rule is a strict "below tol").
"""

import numpy as np

from autograder.authoring import (
    AutogradCheck,
    Call,
    FiniteDifferenceCheck,
    FlagsCheck,
    LossThresholdCheck,
    NestedCall,
    NoMutationCheck,
    NoWarningsCheck,
    PredictionCheck,
    Question,
    RaisesCheck,
    SeedCheck,
    ShapeCheck,
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
Z_WIDE = np.array([-800.0, -30.0, -1.5, 0.0, 2.5, 40.0, 800.0])
Z_INT = np.array([[-3, 0, 2], [1, -1, 5]])
Y1_HAT = np.clip(rng.uniform(size=30), 0.02, 0.98)
q1 = Question(
    "q1_bce",
    points=3,
    title="Binary cross-entropy and its gradient",
    checks=(
        ValueCheck(
            name="sigmoid on a grid including |z| = 800",
            covers=("sigmoid-value", "sigmoid-no-overflow"),
            tol=TIGHT,
            call=Call("sigmoid", (Z_WIDE,)),
        ),
        NoWarningsCheck(
            name="sigmoid emits no overflow warning at z = -800",
            covers=("sigmoid-no-overflow",),
            call=Call("sigmoid", (Z_WIDE,)),
        ),
        ShapeCheck(
            name="sigmoid of a 2-D integer array is float64 of the same shape",
            covers=("sigmoid-dtype-shape",),
            expect="float64 with the shape of z",
            call=Call("sigmoid", (Z_INT,)),
        ),
        ValueCheck(
            name="sigmoid of a 2-D integer array",
            covers=("sigmoid-value", "sigmoid-dtype-shape"),
            tol=TIGHT,
            call=Call("sigmoid", (Z_INT,)),
        ),
        ValueCheck(
            name="predict_proba with k = 4, m = 30",
            covers=("predict-proba",),
            tol=TIGHT,
            call=Call("predict_proba", (W1_, X1)),
        ),
        NoWarningsCheck(
            name="predict_proba emits no overflow warning for very large weights",
            covers=("sigmoid-no-overflow", "predict-proba"),
            call=Call("predict_proba", (W1_ * 1000.0, X1)),
        ),
        ValueCheck(
            name="bce is the (positive) summed cross-entropy",
            covers=("bce-value", "bce-sign"),
            tol=TIGHT,
            call=Call("bce", (Y1, Y1_HAT)),
        ),
        FlagsCheck(
            name="bce returns a Python float",
            covers=("bce-float",),
            python_type="float",
            call=Call("bce", (Y1, Y1_HAT)),
        ),
        ValueCheck(
            name="bce stays finite for predictions exactly 0 and 1 (clipping)",
            covers=("clip", "clip-finite"),
            tol=TIGHT,
            call=Call("bce", (Y_SAT, P_SAT)),
        ),
        NoWarningsCheck(
            name="bce takes no log of 0 for predictions exactly 0 and 1",
            covers=("clip-finite",),
            call=Call("bce", (Y_SAT, P_SAT)),
        ),
        ValueCheck(
            name="bce with a custom eps",
            covers=("clip",),
            tol=TIGHT,
            call=Call("bce", (Y_SAT, P_SAT), {"eps": 1e-6}),
        ),
        ValueCheck(
            name="logreg_grad against the reference",
            covers=("grad-value",),
            tol=TIGHT,
            call=Call("logreg_grad", (W1_, X1, Y1)),
        ),
        FiniteDifferenceCheck(
            name="logreg_grad against central differences of your bce and predict_proba",
            covers=("grad-value",),
            grad=Call("logreg_grad", (W1_, X1, Y1)),
            params=(W1_,),
            names=("w",),
            loss=lambda p: Call("bce", (Y1, NestedCall("predict_proba", (p[0], X1)))),
        ),
        ValueCheck(
            name="logreg_grad at saturated probabilities (large weights)",
            covers=("grad-value",),
            tol=TIGHT,
            weight=2.0,
            call=Call("logreg_grad", (W1_ * 20.0, X1, Y1)),
        ),
        ShapeCheck(
            name="logreg_grad has the shape of w",
            covers=("grad-shape",),
            expect="shape (k,)",
            call=Call("logreg_grad", (W1_, X1, Y1)),
        ),
        NoMutationCheck(
            name="bce does not modify y_hat when clipping",
            covers=("no-mutation",),
            call=Call("bce", (Y_SAT, P_SAT.copy())),
        ),
    ),
)

# -- q2 ---------------------------------------------------------------------------------------
GATE_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
TRUTH = {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "NAND": [1, 1, 1, 0], "NOR": [1, 0, 0, 0]}
X2 = rng.normal(size=(7, 3))
XW1, XW2 = rng.normal(size=(4, 5)), rng.normal(size=6)
# weighted sums exactly 0 (output exactly 0.5: class 1) between sums of both signs
W_TIE = np.array([-1.0, 1.0, 1.0])
X_TIE = np.array([[0.5, 0.5], [1.0, 0.0], [0.25, 0.75], [0.0, 0.75], [2.0, 0.5], [0.0, 1.0]])
q2 = Question(
    "q2_logic_gates",
    points=3,
    title="Logic gates and the XOR network",
    checks=(
        ValueCheck(
            name="gate_forward with 3 inputs and 7 examples",
            covers=("forward-value",),
            tol=TIGHT,
            call=Call("gate_forward", (np.array([0.4, -1.2, 0.7, 2.0]), X2)),
        ),
        ShapeCheck(
            name="gate_forward returns float64 of shape (m,)",
            covers=("forward-dtype-shape",),
            expect="float64 of shape (m,)",
            call=Call("gate_forward", (np.array([0.4, -1.2, 0.7, 2.0]), X2)),
        ),
        ValueCheck(
            name="gate_predict returns int64 classes",
            covers=("predict-dtype-shape", "threshold-tie"),
            tol=EXACT,
            call=Call("gate_predict", (np.array([-0.5, 1.0, -1.0, 0.5]), X2)),
        ),
        FlagsCheck(
            name="gate_predict returns an int64 array",
            covers=("predict-dtype-shape",),
            python_type="ndarray",
            dtype="int64",
            call=Call("gate_predict", (np.array([-0.5, 1.0, -1.0, 0.5]), X2)),
        ),
        ValueCheck(
            name="gate_predict where the weighted sum is exactly 0 (output exactly 0.5)",
            covers=("threshold-tie",),
            tol=EXACT,
            weight=2.0,
            call=Call("gate_predict", (W_TIE, X_TIE)),
        ),
        *(
            PredictionCheck(
                name=f"gate_weights('{g}') computes {g}",
                covers=("weights-gate",),
                labels=np.array(t),
                min_accuracy=1.0,
                call=Call("gate_predict", (NestedCall("gate_weights", (g,)), GATE_X)),
            )
            for g, t in TRUTH.items()
        ),
        FlagsCheck(
            name="gate_weights returns a float64 array",
            covers=("weights-gate",),
            python_type="ndarray",
            dtype="float64",
            call=Call("gate_weights", ("NAND",)),
        ),
        ShapeCheck(
            name="gate_weights returns [bias, w1, w2]",
            covers=("weights-gate",),
            expect="float64, shape (3,)",
            call=Call("gate_weights", ("OR",)),
        ),
        RaisesCheck(
            name="gate_weights of an unknown gate raises ValueError",
            covers=("raises-unknown",),
            exception="ValueError",
            call=Call("gate_weights", ("XNOR",)),
        ),
        RaisesCheck(
            name="gate_weights of a lower-case name raises ValueError",
            covers=("raises-unknown",),
            exception="ValueError",
            call=Call("gate_weights", ("and",)),
        ),
        ValueCheck(
            name="xor_net hidden layer of a 3-4-1 network (bias column first)",
            covers=("xor-layout", "xor-hidden"),
            tol=TIGHT,
            part=(0,),
            call=Call("xor_net", (X2, XW1[:, :4], XW2[:5])),
        ),
        ValueCheck(
            name="xor_net output of a 3-5-1 network",
            covers=("xor-layout", "xor-output"),
            tol=TIGHT,
            part=(1,),
            call=Call("xor_net", (X2, XW1, XW2)),
        ),
        ShapeCheck(
            name="xor_net returns the tuple (H, y_hat) of float64 arrays",
            covers=("xor-hidden", "xor-output"),
            expect="the tuple (H, y_hat) with H (m, 1 + h) and y_hat (m,), both float64",
            call=Call("xor_net", (X2, XW1, XW2)),
        ),
        ValueCheck(
            name="the lecture's XOR weights on shuffled and fractional inputs",
            covers=("xor-layout", "xor-hidden", "xor-output"),
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
Z_BIG = np.array([[1000.0, 999.0, 1001.5], [-1000.0, -1003.0, -999.0], [0.0, 710.0, 0.0]])
q3 = Question(
    "q3_softmax",
    points=3,
    title="Softmax and categorical cross-entropy",
    checks=(
        ValueCheck(
            name="softmax of a 6x4 batch (rows are examples)",
            covers=("softmax-value", "softmax-dtype-shape"),
            tol=TIGHT,
            call=Call("softmax", (Z3,)),
        ),
        ShapeCheck(
            name="softmax returns float64 of Z's shape",
            covers=("softmax-dtype-shape",),
            expect="float64 of Z's shape",
            call=Call("softmax", (Z3,)),
        ),
        ValueCheck(
            name="softmax of logits around 1000 and -1000 (no overflow)",
            covers=("softmax-value", "softmax-no-overflow"),
            tol=TIGHT,
            call=Call("softmax", (Z_BIG,)),
        ),
        NoWarningsCheck(
            name="softmax of logits around 1000 emits no overflow warning",
            covers=("softmax-no-overflow",),
            call=Call("softmax", (Z_BIG,)),
        ),
        ValueCheck(
            name="softmax of a single 1-D logit vector",
            covers=("softmax-1d", "softmax-dtype-shape"),
            tol=TIGHT,
            call=Call("softmax", (rng.normal(size=5),)),
        ),
        ValueCheck(
            name="one_hot of 6 labels, K = 4",
            covers=("one-hot-value",),
            tol=EXACT,
            call=Call("one_hot", (LAB3, 4)),
        ),
        FlagsCheck(
            name="one_hot returns a float64 array",
            covers=("one-hot-value",),
            python_type="ndarray",
            dtype="float64",
            call=Call("one_hot", (LAB3, 4)),
        ),
        RaisesCheck(
            name="one_hot raises ValueError for a label >= K",
            covers=("raises-label",),
            exception="ValueError",
            call=Call("one_hot", (np.array([0, 3, 1]), 3)),
        ),
        RaisesCheck(
            name="one_hot raises ValueError for a negative label",
            covers=("raises-label",),
            exception="ValueError",
            call=Call("one_hot", (np.array([0, 2, -1, 1]), 3)),
        ),
        ValueCheck(
            name="cross_entropy is a batch mean of -sum y ln p",
            covers=("ce-value",),
            tol=TIGHT,
            call=Call("cross_entropy", (Y3, P3)),
        ),
        FlagsCheck(
            name="cross_entropy returns a Python float",
            covers=("ce-float",),
            python_type="float",
            call=Call("cross_entropy", (Y3, P3)),
        ),
        ValueCheck(
            name="cross_entropy with a zero probability (clipping)",
            covers=("ce-clip", "ce-value"),
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
            covers=("grad-value",),
            tol=TIGHT,
            call=Call("softmax_ce_grad", (Z3, Y3)),
        ),
        FiniteDifferenceCheck(
            name="softmax_ce_grad against central differences of your cross_entropy and softmax",
            covers=("grad-value",),
            grad=Call("softmax_ce_grad", (Z3, Y3)),
            params=(Z3,),
            names=("Z",),
            loss=lambda p: Call("cross_entropy", (Y3, NestedCall("softmax", (p[0],)))),
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
# output biases 1000 apart: most true-class probabilities underflow to exactly 0
PARAMS4_FAR = (*PARAMS4[:3], np.array([0.0, 1000.0, -1000.0, 0.0]))


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
            covers=("forward", "layout", "self-contained"),
            tol=TIGHT,
            part=(0,),
            call=Call("mlp_forward", (*PARAMS4, X4)),
        ),
        ValueCheck(
            name="mlp_forward probabilities P (9x4)",
            covers=("forward", "layout", "self-contained"),
            tol=TIGHT,
            part=(1,),
            call=Call("mlp_forward", (*PARAMS4, X4)),
        ),
        ShapeCheck(
            name="mlp_forward returns (H, P) as float64 arrays",
            covers=("forward",),
            expect="the tuple (H, P) with H (m, h) and P (m, K), float64",
            call=Call("mlp_forward", (*PARAMS4, X4)),
        ),
        ValueCheck(
            name="mlp_loss value",
            covers=("loss-value", "self-contained"),
            tol=TIGHT,
            call=Call("mlp_loss", (*PARAMS4, X4, Y4)),
        ),
        FlagsCheck(
            name="mlp_loss returns a Python float",
            covers=("loss-value",),
            python_type="float",
            call=Call("mlp_loss", (*PARAMS4, X4, Y4)),
        ),
        ValueCheck(
            name="mlp_loss when true-class probabilities round to 0 (log-softmax)",
            covers=("loss-stable", "loss-value"),
            tol=TIGHT,
            weight=2.0,
            call=Call("mlp_loss", (*PARAMS4_FAR, X4, Y4)),
        ),
        NoWarningsCheck(
            name="mlp_loss takes no log of 0 when probabilities round to 0",
            covers=("loss-stable",),
            call=Call("mlp_loss", (*PARAMS4_FAR, X4, Y4)),
        ),
        ValueCheck(
            name="mlp_backward against autograd of the reference",
            covers=("backward-value", "self-contained"),
            tol=TIGHT,
            weight=2.0,
            call=Call("mlp_backward", (*PARAMS4, X4, Y4)),
        ),
        ShapeCheck(
            name="mlp_backward returns (dW1, db1, dW2, db2) shaped like the parameters",
            covers=("backward-shapes",),
            expect="the tuple (dW1, db1, dW2, db2), each float64 with the shape of its parameter",
            call=Call("mlp_backward", (*PARAMS4, X4, Y4)),
        ),
        FiniteDifferenceCheck(
            name="mlp_backward against central differences of your mlp_loss",
            covers=("backward-fd", "backward-value"),
            weight=2.0,
            grad=Call("mlp_backward", (*PARAMS4, X4, Y4)),
            params=PARAMS4,
            names=NAMES4,
            loss=lambda p: Call("mlp_loss", (*p, X4, Y4)),
        ),
        ValueCheck(
            name="mlp_loss_torch value",
            covers=("torch-value",),
            tol=TIGHT,
            call=Call("mlp_loss_torch", torch_args()),
        ),
        ShapeCheck(
            name="mlp_loss_torch returns a 0-d float64 tensor",
            covers=("torch-graph", "torch-value"),
            expect="a 0-d float64 tensor",
            call=Call("mlp_loss_torch", torch_args()),
        ),
        AutogradCheck(
            name="autograd through mlp_loss_torch w.r.t. W1, b1, W2, b2",
            covers=("torch-graph",),
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
# A stationary point: all-zero weights and targets +-0.5 of mean 0 give zero gradients, so
# Adam never moves and every epoch's MSE is exactly 0.25.
ZERO131 = (np.zeros((1, 3)), np.zeros(3), np.zeros((3, 1)), np.zeros(1))
X_FLAT = np.linspace(-1.0, 1.0, 8).reshape(-1, 1)
Y_FLAT = np.array([0.5, -0.5] * 4).reshape(-1, 1)


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
TRAIN5_SHORT = Call("train_adam", TRAIN5.args, {**TRAIN5.kwargs, "max_epochs": 2})
X5_IN = rng.normal(size=(6, 2))
INIT_DEEP = Call("init_params", (0.5, (2, 4, 3, 1), 7))
q5 = Question(
    "q5_tanh_regression",
    points=4,
    title="A tanh network trained with Adam, in PyTorch",
    checks=(
        ValueCheck(
            name="init_params of the lecture's 1-3-1 net with seed 5",
            covers=("init-order", "seed"),
            tol=Tolerance(1e-15, 0.0),
            call=Call("init_params", (0.1, (1, 3, 1), 5)),
        ),
        ValueCheck(
            name="init_params of a deeper network, another seed",
            covers=("init-order", "seed", "no-shared-rng"),
            tol=Tolerance(1e-15, 0.0),
            call=INIT_DEEP,
        ),
        FlagsCheck(
            name="init_params returns a tuple of float64 tensors that do not require grad",
            covers=("init-dtype-flags",),
            python_type="tuple",
            dtype="float64",
            requires_grad=False,
            call=INIT_DEEP,
        ),
        SeedCheck(
            name="init_params depends on its seed alone and leaves the global RNGs alone",
            covers=("seed", "no-shared-rng"),
            seed_arg="seed",
            call=Call("init_params", (0.2, (1, 5, 2)), {"seed": 0}),
        ),
        ValueCheck(
            name="mlp_tanh of a 2-4-3-2 network",
            covers=("forward-tanh",),
            tol=TIGHT,
            call=Call("mlp_tanh", (tensors(P5), TensorArg(X5_IN))),
        ),
        ShapeCheck(
            name="mlp_tanh returns an (N, n_out) tensor",
            covers=("forward-shape-grad",),
            expect="(N, n_out)",
            call=Call("mlp_tanh", (tensors(P5), TensorArg(X5_IN))),
        ),
        ValueCheck(
            name="mlp_tanh with a 1-D input of 8 points",
            covers=("forward-1d", "forward-shape-grad"),
            tol=TIGHT,
            call=Call("mlp_tanh", (tensors(P131), TensorArg(np.linspace(-2, 2, 8)))),
        ),
        AutogradCheck(
            name="autograd through mlp_tanh w.r.t. every parameter",
            covers=("forward-shape-grad", "forward-tanh"),
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
            covers=("mse", "adam", "epochs", "restart", "losses"),
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
            covers=("mse", "adam", "epochs", "restart", "losses"),
            part=(1,),
            tol=Tolerance(1e-6, 1e-12),
            call=TRAIN5,
        ),
        FlagsCheck(
            name="losses is a float64 ndarray",
            covers=("losses",),
            part=(1,),
            python_type="ndarray",
            dtype="float64",
            call=TRAIN5_SHORT,
        ),
        TrajectoryCheck(
            name="training stops after the first epoch below tol",
            covers=("stop-rule",),
            part=(1,),
            tol=Tolerance(1e-6, 1e-12),
            call=Call("train_adam", TRAIN5.args, {**TRAIN5.kwargs, "tol": 1e-3}),
        ),
        TrajectoryCheck(
            name="an MSE exactly equal to tol is not below tol (a stationary start)",
            covers=("stop-rule",),
            part=(1,),
            tol=EXACT,
            call=Call(
                "train_adam",
                (tensors(ZERO131), TensorArg(X_FLAT), TensorArg(Y_FLAT)),
                {"lr": 0.05, "iters_per_epoch": 5, "tol": 0.25, "max_epochs": 4},
            ),
        ),
        LossThresholdCheck(
            name="training MSE (computed by the grader) within 2% of the reference's",
            covers=("mse", "adam", "restart", "returned-params"),
            call=TRAIN5,
            params=((0, 0), (0, 1), (0, 2), (0, 3)),
            loss=trusted_mse,
            factor=1.02,
            weight=2.0,
        ),
        FlagsCheck(
            name="the returned parameters are a tuple of detached float64 tensors",
            covers=("returned-params",),
            part=(0,),
            python_type="tuple",
            dtype="float64",
            requires_grad=False,
            call=TRAIN5_SHORT,
        ),
        ShapeCheck(
            name="train_adam returns (params, losses) with params shaped like params0",
            covers=("returned-params",),
            expect="the tuple (params, losses), params with the same shapes as params0",
            call=TRAIN5_SHORT,
        ),
        NoMutationCheck(
            name="train_adam does not modify params0, X or Y",
            covers=("no-mutation",),
            call=TRAIN5_SHORT,
        ),
        ValueCheck(
            name="predictions of the trained network on held-out inputs",
            covers=("mse", "returned-params"),
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
