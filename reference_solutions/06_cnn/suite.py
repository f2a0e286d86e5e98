"""Hidden suite for 06_cnn.

Inputs differ from the notebook's worked examples: rectangular images, several channels, batch
sizes above one, every combination of stride, padding and dilation, kernels that break the symmetry
between correlation and convolution, other seeds and another split of the digits. The conv,
pooling and transposed-conv references agree with torch.nn.functional to ~1e-15 (see
tests/test_content.py).
"""

import numpy as np
from sklearn.datasets import load_digits

from autograder.authoring import (
    AutogradCheck,
    Call,
    Check,
    LossThresholdCheck,
    NestedCall,
    NoMutationCheck,
    PredictionCheck,
    Question,
    RaisesCheck,
    ShapeCheck,
    TensorArg,
    Tolerance,
    ValueCheck,
)

rng = np.random.default_rng(6_2026)
TIGHT = Tolerance(1e-9, 1e-12)
EXACT = Tolerance(0.0, 0.0)

# -- q1 ---------------------------------------------------------------------------------------
SIZES = [  # (n, k, stride, padding, dilation)
    (32, 5, 1, 2, 1),
    (27, 3, 2, 0, 1),
    (28, 4, 3, 1, 1),
    (19, 3, 1, 0, 2),
    (50, 3, 4, 3, 3),
    (7, 7, 1, 0, 1),
]
q1_checks: list[Check] = [
    ValueCheck(
        name=f"conv_output_size(n={n}, k={k}, s={s}, p={p}, d={d})",
        tol=EXACT,
        call=Call("conv_output_size", (n, k), {"stride": s, "padding": p, "dilation": d}),
    )
    for n, k, s, p, d in SIZES
]
q1_checks += [
    ValueCheck(
        name="pool_output_size 600 with window 4 -> 150",
        tol=EXACT,
        call=Call("pool_output_size", (600, 4)),
    ),
    ValueCheck(
        name="pool_output_size 800 with window 4 -> 200",
        tol=EXACT,
        call=Call("pool_output_size", (800, 4)),
    ),
    ValueCheck(
        name="pool_output_size 13, window 3, stride 2",
        tol=EXACT,
        call=Call("pool_output_size", (13, 3), {"stride": 2}),
    ),
    ValueCheck(
        name="pool_output_size 11, window 2 (floor)",
        tol=EXACT,
        call=Call("pool_output_size", (11, 2)),
    ),
    ValueCheck(
        name="conv_transpose_output_size 5, k 4, s 2, p 1",
        tol=EXACT,
        call=Call("conv_transpose_output_size", (5, 4), {"stride": 2, "padding": 1}),
    ),
    ValueCheck(
        name="conv_transpose_output_size 8, k 3, s 2, p 1, output_padding 1",
        tol=EXACT,
        call=Call(
            "conv_transpose_output_size", (8, 3), {"stride": 2, "padding": 1, "output_padding": 1}
        ),
    ),
    ValueCheck(
        name="conv_transpose_output_size 6, k 3, s 1, dilation 2",
        tol=EXACT,
        call=Call("conv_transpose_output_size", (6, 3), {"dilation": 2}),
    ),
    RaisesCheck(
        name="ValueError: 5x5 kernel on a 3x3 image",
        exception="ValueError",
        call=Call("conv_output_size", (3, 5)),
    ),
    RaisesCheck(
        name="ValueError: dilated 3x3 kernel (span 7) on 6 pixels",
        exception="ValueError",
        call=Call("conv_output_size", (6, 3), {"dilation": 3}),
    ),
]
q1 = Question("q1_output_size", points=2, title="Output sizes", checks=tuple(q1_checks))

# -- q2 ---------------------------------------------------------------------------------------
X2 = rng.normal(size=(2, 3, 9, 11))
W2 = rng.normal(size=(4, 3, 3, 2))
B2 = rng.normal(size=4)
IMG2 = rng.normal(size=(7, 6))
q2 = Question(
    "q2_conv2d",
    points=4,
    title="Convolution is cross-correlation",
    checks=(
        ValueCheck(
            name="conv2d, 3 -> 4 channels, 3x2 kernel, no bias",
            tol=TIGHT,
            call=Call("conv2d", (X2, W2)),
        ),
        ValueCheck(name="conv2d with bias", tol=TIGHT, call=Call("conv2d", (X2, W2, B2))),
        ValueCheck(
            name="conv2d with stride 2", tol=TIGHT, call=Call("conv2d", (X2, W2, B2), {"stride": 2})
        ),
        ValueCheck(
            name="conv2d with padding 2", tol=TIGHT, call=Call("conv2d", (X2, W2), {"padding": 2})
        ),
        ValueCheck(
            name="conv2d with dilation 2", tol=TIGHT, call=Call("conv2d", (X2, W2), {"dilation": 2})
        ),
        ValueCheck(
            name="conv2d with stride 3, padding 1, dilation 2",
            tol=TIGHT,
            call=Call("conv2d", (X2, W2, B2), {"stride": 3, "padding": 1, "dilation": 2}),
        ),
        ShapeCheck(
            name="conv2d returns float64 (N, C_out, H_out, W_out)",
            call=Call("conv2d", (X2[:1], W2[:2]), {"stride": 2, "padding": 1}),
        ),
        NoMutationCheck(
            name="conv2d does not modify x or w",
            call=Call("conv2d", (X2.copy(), W2.copy()), {"padding": 1}),
        ),
        ValueCheck(
            name="convolve2d of a 7x6 image with a 3x2 kernel",
            tol=TIGHT,
            call=Call("convolve2d", (IMG2, rng.normal(size=(3, 2)))),
        ),
        ValueCheck(
            name="convolve2d with an asymmetric 3x3 kernel",
            tol=TIGHT,
            call=Call("convolve2d", (IMG2, np.arange(9.0).reshape(3, 3))),
        ),
    ),
)

# -- q3 ---------------------------------------------------------------------------------------
X3 = rng.permutation(2 * 3 * 10 * 9).reshape(2, 3, 10, 9).astype(np.float64) / 7.0  # no ties
q3 = Question(
    "q3_pool2d",
    points=2,
    title="Pooling",
    checks=(
        ValueCheck(
            name="2x2 max pooling of a 10x9 image (floor)", tol=EXACT, call=Call("pool2d", (X3, 2))
        ),
        ValueCheck(
            name="3x3 max pooling with stride 2",
            tol=EXACT,
            call=Call("pool2d", (X3, 3), {"stride": 2}),
        ),
        ValueCheck(
            name="3x3 average pooling (default stride)",
            tol=TIGHT,
            call=Call("pool2d", (X3, 3), {"mode": "avg"}),
        ),
        ValueCheck(
            name="2x2 average pooling with stride 1",
            tol=TIGHT,
            call=Call("pool2d", (X3, 2), {"stride": 1, "mode": "avg"}),
        ),
        ShapeCheck(
            name="pool2d returns float64 (N, C, H_out, W_out)", call=Call("pool2d", (X3[:, :1], 4))
        ),
        RaisesCheck(
            name="ValueError for mode='min'",
            exception="ValueError",
            call=Call("pool2d", (X3, 2), {"mode": "min"}),
        ),
    ),
)

# -- q4 ---------------------------------------------------------------------------------------
X4 = rng.normal(size=(2, 3, 4, 5))
W4 = rng.normal(size=(3, 2, 3, 4))
q4 = Question(
    "q4_conv_transpose",
    points=2,
    title="Transposed convolution",
    checks=(
        ValueCheck(
            name="conv_transpose2d 3 -> 2 channels, stride 1",
            tol=TIGHT,
            call=Call("conv_transpose2d", (X4, W4)),
        ),
        ValueCheck(
            name="conv_transpose2d with stride 2",
            tol=TIGHT,
            call=Call("conv_transpose2d", (X4, W4), {"stride": 2}),
        ),
        ValueCheck(
            name="conv_transpose2d with stride 2 and padding 1",
            tol=TIGHT,
            call=Call("conv_transpose2d", (X4, W4), {"stride": 2, "padding": 1}),
        ),
        ValueCheck(
            name="conv_transpose2d with stride 3 and padding 2",
            tol=TIGHT,
            call=Call("conv_transpose2d", (X4, W4), {"stride": 3, "padding": 2}),
        ),
        ShapeCheck(
            name="conv_transpose2d returns float64 (N, C_out, H_out, W_out)",
            call=Call("conv_transpose2d", (X4[:1], W4), {"stride": 2, "padding": 1}),
        ),
    ),
)

# -- q5 ---------------------------------------------------------------------------------------
X5 = rng.normal(size=(6, 3)) * np.array([1.0, 5.0, 0.01]) + np.array([0.0, -2.0, 3.0])
X5_IMG = rng.normal(size=(3, 4, 5, 2)) * 2.0 + 1.0
G5, B5 = rng.normal(size=3), rng.normal(size=3)
G5_IMG, B5_IMG = rng.normal(size=4), rng.normal(size=4)


def bn_args(grad: bool) -> tuple[TensorArg, ...]:
    return (
        TensorArg(X5_IMG, grad, "x" if grad else None),
        TensorArg(G5_IMG, grad, "gamma" if grad else None),
        TensorArg(B5_IMG, grad, "beta" if grad else None),
    )


q5 = Question(
    "q5_batchnorm",
    points=3,
    title="Batch normalisation",
    checks=(
        ValueCheck(
            name="batchnorm_forward on (6, 3) features",
            tol=TIGHT,
            call=Call("batchnorm_forward", (TensorArg(X5), TensorArg(G5), TensorArg(B5))),
        ),
        ValueCheck(
            name="batchnorm_forward on (3, 4, 5, 2) images",
            tol=TIGHT,
            call=Call("batchnorm_forward", bn_args(False)),
        ),
        ValueCheck(
            name="batchnorm_forward with eps = 0.1 and a tiny-variance channel",
            tol=TIGHT,
            call=Call(
                "batchnorm_forward", (TensorArg(X5), TensorArg(G5), TensorArg(B5)), {"eps": 0.1}
            ),
        ),
        AutogradCheck(
            name="autograd through batchnorm_forward w.r.t. x, gamma and beta",
            call=Call("batchnorm_forward", bn_args(True), seed=51),
        ),
        ValueCheck(
            name="update_running_stats on images (unbiased variance)",
            tol=TIGHT,
            call=Call(
                "update_running_stats",
                (
                    TensorArg(rng.normal(size=4)),
                    TensorArg(rng.uniform(0.5, 2.0, 4)),
                    TensorArg(X5_IMG),
                ),
                {"momentum": 0.3},
            ),
        ),
        ValueCheck(
            name="update_running_stats on (6, 3) features",
            tol=TIGHT,
            call=Call(
                "update_running_stats",
                (TensorArg(np.zeros(3)), TensorArg(np.ones(3)), TensorArg(X5)),
            ),
        ),
    ),
)

# -- q6 ---------------------------------------------------------------------------------------
N_IN, N_OUT = 800, 600


def _matrix(w: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    w = np.asarray(w, dtype=np.float64)
    if w.shape != shape:
        raise ValueError(f"expected a matrix of shape {shape}, got {w.shape}")
    return w


def glorot_var_error(w: np.ndarray) -> float:
    """|sample variance / (2 / (n_in + n_out)) - 1| plus a penalty for a mean away from 0."""
    w = _matrix(w, (N_OUT, N_IN))
    target = 2.0 / (N_IN + N_OUT)
    mean_z = abs(w.mean()) / np.sqrt(target / w.size)  # ~|N(0, 1)| for a centred sampler
    return float(abs(w.var() / target - 1.0) + (1.0 if mean_z > 5 else 0.0))


def glorot_max_ratio(w: np.ndarray) -> float:
    """max |w| over the Glorot limit: at most 1 for U(-a, a)."""
    return float(np.abs(_matrix(w, (N_OUT, N_IN))).max() / np.sqrt(6.0 / (N_IN + N_OUT)))


def he_var_error(w: np.ndarray) -> float:
    w = _matrix(w, (N_OUT, N_IN))
    target = 2.0 / N_IN
    mean_z = abs(w.mean()) / np.sqrt(target / w.size)
    return float(abs(w.var() / target - 1.0) + (1.0 if mean_z > 5 else 0.0))


def he_kurtosis_error(w: np.ndarray) -> float:
    """A normal sample has kurtosis 3 (a uniform one 1.8)."""
    w = _matrix(w, (N_OUT, N_IN))
    z = (w - w.mean()) / w.std()
    return abs(float(np.mean(z**4)) - 3.0)


GLOROT = Call("glorot_uniform", (N_IN, N_OUT, 123))
HE = Call("he_normal", (N_IN, N_OUT, 321))
q6 = Question(
    "q6_init",
    points=2,
    title="Weight initialisation",
    checks=(
        ValueCheck(
            name="Glorot bound for 256 -> 128",
            tol=TIGHT,
            call=Call("glorot_uniform_bound", (256, 128)),
        ),
        ValueCheck(
            name="Glorot bound for 784 -> 10",
            tol=TIGHT,
            call=Call("glorot_uniform_bound", (784, 10)),
        ),
        ValueCheck(name="He std for 3*3*64 inputs", tol=TIGHT, call=Call("he_normal_std", (576,))),
        ValueCheck(name="He std for 7 inputs", tol=TIGHT, call=Call("he_normal_std", (7,))),
        ShapeCheck(
            name="glorot_uniform returns a float64 tensor (n_out, n_in)",
            call=Call("glorot_uniform", (5, 3, 0)),
        ),
        ShapeCheck(
            name="he_normal returns a float64 tensor (n_out, n_in)",
            call=Call("he_normal", (4, 9, 0)),
        ),
        LossThresholdCheck(
            name="glorot_uniform: sample variance within 1% of 2/(n_in + n_out)",
            call=GLOROT,
            params=((),),
            loss=glorot_var_error,
            threshold=0.01,
        ),
        LossThresholdCheck(
            name="glorot_uniform: every weight within the bound",
            call=GLOROT,
            params=((),),
            loss=glorot_max_ratio,
            threshold=1.0,
        ),
        LossThresholdCheck(
            name="he_normal: sample variance within 1.5% of 2/n_in",
            call=HE,
            params=((),),
            loss=he_var_error,
            threshold=0.015,
        ),
        LossThresholdCheck(
            name="he_normal: normal, not uniform (kurtosis 3 +- 0.1)",
            call=HE,
            params=((),),
            loss=he_kurtosis_error,
            threshold=0.1,
        ),
    ),
)

# -- q7 ---------------------------------------------------------------------------------------
_digits = load_digits()
_perm = np.random.default_rng(2026).permutation(len(_digits.target))
X7_TRAIN, Y7_TRAIN = _digits.images[_perm[:1000]], _digits.target[_perm[:1000]]
X7_TEST, Y7_TEST = _digits.images[_perm[1000:]], _digits.target[_perm[1000:]]
X7 = rng.normal(size=(2, 3, 6, 8))


def block_args(grad: bool) -> tuple[TensorArg, ...]:
    return (
        TensorArg(X7, grad, "x" if grad else None),
        TensorArg(np.random.default_rng(71).normal(size=(5, 3, 3, 3)), grad, "w" if grad else None),
        TensorArg(np.random.default_rng(72).normal(size=5), grad, "b" if grad else None),
    )


TRAINED = NestedCall("train_cnn", (X7_TRAIN, Y7_TRAIN), {"seed": 3, "steps": 200})
q7 = Question(
    "q7_digits_cnn",
    points=4,
    title="A small CNN on the digits",
    timeout=120.0,
    checks=(
        ValueCheck(
            name="conv_block forward on (2, 3, 6, 8) with 5 filters",
            tol=TIGHT,
            call=Call("conv_block", block_args(False)),
        ),
        AutogradCheck(
            name="autograd through conv_block w.r.t. x, w and b",
            call=Call("conv_block", block_args(True), seed=73),
        ),
        PredictionCheck(
            name="accuracy >= 93% on 797 held-out digits after 200 steps (seed 3)",
            labels=Y7_TEST,
            min_accuracy=0.93,
            weight=2.0,
            call=Call("predict", (TRAINED, X7_TEST)),
        ),
        ShapeCheck(
            name="predict returns int64 labels (N,)",
            call=Call(
                "predict",
                (
                    NestedCall(
                        "train_cnn", (X7_TRAIN[:200], Y7_TRAIN[:200]), {"seed": 1, "steps": 3}
                    ),
                    X7_TEST[:37],
                ),
            ),
        ),
    ),
)

QUESTIONS = [q1, q2, q3, q4, q5, q6, q7]
