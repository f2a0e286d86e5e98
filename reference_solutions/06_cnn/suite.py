"""Hidden suite for 06_cnn.

Inputs differ from the notebook's worked examples: rectangular images, several channels, batch
sizes above one, every combination of stride, padding and dilation, kernels that break the symmetry
between correlation and convolution, other seeds and another split of the digits. The conv,
pooling and transposed-conv references agree with torch.nn.functional to ~1e-15 (see
tests/test_content.py). Every check names the rows of ``requirements.md`` it tests (``covers``).

Edge cases: kernels that exactly fill the padded input (size 1, no error) and one pixel too big
(ValueError), a transposed size of exactly 1 and exactly 0, float32 and integer inputs (NumPy
answers work in float64), negative images for max pooling, a constant batch-norm channel, the
caller's arrays and tensors checked for in-place changes, the samplers' seed discipline, and the
training's seeding, exact step count and own mini-batch generator, each observed in one call that
trains twice and returns the distance between the two results.
"""

from functools import partial

import numpy as np
from scipy import stats
from sklearn.datasets import load_digits

from autograder.authoring import (
    AutogradCheck,
    Call,
    Check,
    FlagsCheck,
    NestedCall,
    NoMutationCheck,
    PredictionCheck,
    Question,
    RaisesCheck,
    SeedCheck,
    ShapeCheck,
    StatisticalCheck,
    TensorArg,
    ThresholdCheck,
    Tolerance,
    ValueCheck,
)

rng = np.random.default_rng(6_2026)
TIGHT = Tolerance(1e-9, 1e-12)
tight_value = partial(ValueCheck, tol=TIGHT)  # float64 closed forms: most value checks
EXACT = Tolerance(0.0, 0.0)
exact_value = partial(ValueCheck, tol=EXACT)  # integers, labels and exact arithmetic
F32 = Tolerance(1e-5, 1e-6)

# -- q1 ---------------------------------------------------------------------------------------
SIZES = [  # (n, k, stride, padding, dilation)
    (31, 5, 1, 1, 1),
    (27, 3, 2, 0, 1),
    (28, 4, 3, 1, 1),
    (19, 3, 1, 0, 2),
    (50, 3, 4, 3, 3),
    (7, 7, 1, 0, 1),
]
SIZE_ROWS = ("conv-formula", "padding", "dilation-span", "floor")
q1_checks: list[Check] = [
    exact_value(
        name=f"conv_output_size(n={n}, k={k}, s={s}, p={p}, d={d})",
        call=Call("conv_output_size", (n, k), {"stride": s, "padding": p, "dilation": d}),
        covers=SIZE_ROWS,
    )
    for n, k, s, p, d in SIZES
]
q1_checks += [
    exact_value(
        name="conv_output_size: a 5-tap kernel exactly fills 3 pixels padded by 1",
        call=Call("conv_output_size", (3, 5), {"padding": 1}),
        covers=("padding", "raises-conv"),
    ),
    exact_value(
        name="conv_output_size: a dilated kernel exactly fills the input (stride 3)",
        call=Call("conv_output_size", (9, 3), {"stride": 3, "dilation": 4}),
        covers=("dilation-span", "raises-conv", "floor"),
    ),
    exact_value(
        name="pool_output_size 600 with window 4",
        call=Call("pool_output_size", (600, 4)),
        covers=("pool-formula", "pool-default-stride"),
    ),
    exact_value(
        name="pool_output_size 800 with window 4",
        call=Call("pool_output_size", (800, 4)),
        covers=("pool-formula", "pool-default-stride"),
    ),
    exact_value(
        name="pool_output_size 13, window 3, stride 2",
        call=Call("pool_output_size", (13, 3), {"stride": 2}),
        covers=("pool-formula",),
    ),
    exact_value(
        name="pool_output_size 11, window 2 (floor)",
        call=Call("pool_output_size", (11, 2)),
        covers=("pool-formula", "pool-default-stride", "floor"),
    ),
    exact_value(
        name="pool_output_size: the window equals the length",
        call=Call("pool_output_size", (5, 5)),
        covers=("pool-formula", "raises-pool"),
    ),
    exact_value(
        name="conv_transpose_output_size 5, k 4, s 2, p 1",
        call=Call("conv_transpose_output_size", (5, 4), {"stride": 2, "padding": 1}),
        covers=("transpose-formula",),
    ),
    exact_value(
        name="conv_transpose_output_size 8, k 3, s 2, p 1, output_padding 1",
        call=Call(
            "conv_transpose_output_size", (8, 3), {"stride": 2, "padding": 1, "output_padding": 1}
        ),
        covers=("transpose-formula", "output-padding"),
    ),
    exact_value(
        name="conv_transpose_output_size 6, k 3, s 1, dilation 2",
        call=Call("conv_transpose_output_size", (6, 3), {"dilation": 2}),
        covers=("transpose-formula",),
    ),
    exact_value(
        name="conv_transpose_output_size: a result of exactly 1 is allowed",
        call=Call("conv_transpose_output_size", (2, 2), {"padding": 1}),
        covers=("transpose-formula", "raises-transpose"),
    ),
    FlagsCheck(
        name="conv_output_size returns a Python int",
        call=Call("conv_output_size", (27, 3), {"stride": 2}),
        python_type="int",
        covers=("int",),
    ),
    FlagsCheck(
        name="pool_output_size returns a Python int",
        call=Call("pool_output_size", (13, 3), {"stride": 2}),
        python_type="int",
        covers=("int",),
    ),
    FlagsCheck(
        name="conv_transpose_output_size returns a Python int",
        call=Call("conv_transpose_output_size", (5, 4), {"stride": 2, "padding": 1}),
        python_type="int",
        covers=("int",),
    ),
    RaisesCheck(
        name="ValueError: 5x5 kernel on a 3x3 image",
        exception="ValueError",
        call=Call("conv_output_size", (3, 5)),
        covers=("raises-conv",),
    ),
    RaisesCheck(
        name="ValueError: dilated 3x3 kernel (span 7) on 6 pixels",
        exception="ValueError",
        call=Call("conv_output_size", (6, 3), {"dilation": 3}),
        covers=("raises-conv", "dilation-span"),
    ),
    RaisesCheck(
        name="ValueError: a 5-tap kernel one pixel too long for 2 pixels padded by 1",
        exception="ValueError",
        call=Call("conv_output_size", (2, 5), {"padding": 1}),
        covers=("raises-conv", "padding"),
    ),
    RaisesCheck(
        name="ValueError: a pooling window longer than the input",
        exception="ValueError",
        call=Call("pool_output_size", (3, 4)),
        covers=("raises-pool",),
    ),
    RaisesCheck(
        name="ValueError: a transposed output size of exactly 0",
        exception="ValueError",
        call=Call("conv_transpose_output_size", (2, 1), {"padding": 1}),
        covers=("raises-transpose",),
    ),
    RaisesCheck(
        name="ValueError: a negative transposed output size",
        exception="ValueError",
        call=Call("conv_transpose_output_size", (1, 2), {"stride": 3, "padding": 2}),
        covers=("raises-transpose",),
    ),
]
q1 = Question("q1_output_size", points=2, title="Output sizes", checks=tuple(q1_checks))

# -- q2 ---------------------------------------------------------------------------------------
X2 = rng.normal(size=(2, 3, 9, 11))
W2 = rng.normal(size=(4, 3, 3, 2))
B2 = rng.normal(size=4)
IMG2 = rng.normal(size=(7, 6))
K2 = rng.normal(size=(3, 2))
X2_INT = rng.integers(0, 256, size=(1, 2, 6, 7))  # an 8-bit image, as int64
W2_INT = rng.integers(-2, 3, size=(3, 2, 2, 3))
CONV_ROWS = ("value", "channel-sum", "no-flip", "matches-torch")
q2 = Question(
    "q2_conv2d",
    points=4,
    title="Convolution is cross-correlation",
    checks=(
        tight_value(
            name="conv2d, 3 -> 4 channels, 3x2 kernel, no bias",
            call=Call("conv2d", (X2, W2)),
            covers=(*CONV_ROWS, "bias-none"),
        ),
        tight_value(
            name="conv2d with bias",
            call=Call("conv2d", (X2, W2, B2)),
            covers=CONV_ROWS,
        ),
        tight_value(
            name="conv2d with stride 2",
            call=Call("conv2d", (X2, W2, B2), {"stride": 2}),
            covers=(*CONV_ROWS, "stride-dilation"),
        ),
        tight_value(
            name="conv2d with padding 2",
            call=Call("conv2d", (X2, W2), {"padding": 2}),
            covers=(*CONV_ROWS, "padding"),
        ),
        tight_value(
            name="conv2d with dilation 2",
            call=Call("conv2d", (X2, W2), {"dilation": 2}),
            covers=(*CONV_ROWS, "stride-dilation"),
        ),
        tight_value(
            name="conv2d with stride 3, padding 1, dilation 2",
            call=Call("conv2d", (X2, W2, B2), {"stride": 3, "padding": 1, "dilation": 2}),
            covers=(*CONV_ROWS, "stride-dilation", "padding"),
        ),
        tight_value(
            name="conv2d of float32 inputs is computed in float64",
            call=Call(
                "conv2d",
                (X2.astype(np.float32), W2.astype(np.float32), B2.astype(np.float32)),
                {"padding": 1},
            ),
            covers=("dtype-shape", "value"),
        ),
        tight_value(
            name="conv2d of an integer image with an integer kernel",
            call=Call("conv2d", (X2_INT, W2_INT), {"stride": 2}),
            covers=("dtype-shape", "value"),
        ),
        ShapeCheck(
            name="conv2d returns float64 (N, C_out, H_out, W_out)",
            call=Call("conv2d", (X2[:1], W2[:2]), {"stride": 2, "padding": 1}),
            expect="a float64 np.ndarray (N, C_out, H_out, W_out), sizes as in conv_output_size",
            covers=("dtype-shape",),
        ),
        FlagsCheck(
            name="conv2d of float32 inputs returns a float64 np.ndarray",
            call=Call("conv2d", (X2.astype(np.float32), W2.astype(np.float32))),
            python_type="ndarray",
            dtype="float64",
            covers=("dtype-shape",),
        ),
        NoMutationCheck(
            name="conv2d does not modify x, w or b",
            call=Call("conv2d", (X2.copy(), W2.copy(), B2.copy()), {"padding": 1}),
            covers=("no-mutation",),
        ),
        tight_value(
            name="convolve2d of a 7x6 image with a 3x2 kernel",
            call=Call("convolve2d", (IMG2, K2)),
            covers=("convolve-flip", "convolve-valid"),
        ),
        tight_value(
            name="convolve2d with an asymmetric 3x3 kernel",
            call=Call("convolve2d", (IMG2, np.arange(9.0).reshape(3, 3))),
            covers=("convolve-flip", "convolve-valid"),
        ),
        tight_value(
            name="convolve2d of an integer image with an integer kernel",
            call=Call("convolve2d", (X2_INT[0, 0], W2_INT[0, 0])),
            covers=("convolve-flip", "convolve-valid"),
        ),
        NoMutationCheck(
            name="convolve2d does not modify the image or the kernel",
            call=Call("convolve2d", (IMG2.copy(), K2.copy())),
            covers=("inputs-unchanged",),
        ),
    ),
)

# -- q3 ---------------------------------------------------------------------------------------
X3 = rng.permutation(2 * 3 * 10 * 9).reshape(2, 3, 10, 9).astype(np.float64) / 7.0  # no ties
X3_INT = rng.integers(-50, 50, size=(2, 2, 7, 8))
POOL_ROWS = ("value", "per-channel", "no-padding", "drop-incomplete")
q3 = Question(
    "q3_pool2d",
    points=2,
    title="Pooling",
    checks=(
        exact_value(
            name="2x2 max pooling of a 10x9 image (floor)",
            call=Call("pool2d", (X3, 2)),
            covers=(*POOL_ROWS, "default-stride"),
        ),
        exact_value(
            name="3x3 max pooling with stride 2",
            call=Call("pool2d", (X3, 3), {"stride": 2}),
            covers=POOL_ROWS,
        ),
        exact_value(
            name="2x2 max pooling of a negative image",
            call=Call("pool2d", (-X3 - 1.0, 2)),
            covers=(*POOL_ROWS, "default-stride"),
        ),
        tight_value(
            name="3x3 average pooling (default stride)",
            call=Call("pool2d", (X3, 3), {"mode": "avg"}),
            covers=(*POOL_ROWS, "default-stride"),
        ),
        tight_value(
            name="2x2 average pooling with stride 1",
            call=Call("pool2d", (X3, 2), {"stride": 1, "mode": "avg"}),
            covers=POOL_ROWS,
        ),
        exact_value(
            name="3x3 max pooling of an integer image",
            call=Call("pool2d", (X3_INT, 3)),
            covers=("value", "dtype-shape"),
        ),
        tight_value(
            name="2x2 average pooling of an integer image",
            call=Call("pool2d", (X3_INT, 2), {"mode": "avg"}),
            covers=("value", "dtype-shape"),
        ),
        ShapeCheck(
            name="pool2d returns float64 (N, C, H_out, W_out)",
            call=Call("pool2d", (X3[:, :1], 4)),
            expect="a float64 np.ndarray (N, C, (H - size)//stride + 1, (W - size)//stride + 1)",
            covers=("dtype-shape",),
        ),
        FlagsCheck(
            name="max pooling of an integer image returns a float64 np.ndarray",
            call=Call("pool2d", (X3_INT, 2)),
            python_type="ndarray",
            dtype="float64",
            covers=("dtype-shape",),
        ),
        NoMutationCheck(
            name="pool2d does not modify x",
            call=Call("pool2d", (X3.copy(), 3), {"stride": 1}),
            covers=("no-mutation",),
        ),
        RaisesCheck(
            name="ValueError for mode='min'",
            exception="ValueError",
            call=Call("pool2d", (X3, 2), {"mode": "min"}),
            covers=("raises-mode",),
        ),
        RaisesCheck(
            name="ValueError for mode='average'",
            exception="ValueError",
            call=Call("pool2d", (X3, 2), {"mode": "average"}),
            covers=("raises-mode",),
        ),
    ),
)

# -- q4 ---------------------------------------------------------------------------------------
X4 = rng.normal(size=(2, 3, 4, 5))
W4 = rng.normal(size=(3, 2, 3, 4))
TRANSPOSE_ROWS = (
    "scatter",
    "stride",
    "overlap-adds",
    "layout",
    "channel-sum",
    "full-size",
    "matches-torch",
)
q4 = Question(
    "q4_conv_transpose",
    points=2,
    title="Transposed convolution",
    checks=(
        tight_value(
            name="conv_transpose2d 3 -> 2 channels, stride 1",
            call=Call("conv_transpose2d", (X4, W4)),
            covers=TRANSPOSE_ROWS,
        ),
        tight_value(
            name="conv_transpose2d with stride 2",
            call=Call("conv_transpose2d", (X4, W4), {"stride": 2}),
            covers=TRANSPOSE_ROWS,
        ),
        tight_value(
            name="conv_transpose2d with stride 2 and padding 1",
            call=Call("conv_transpose2d", (X4, W4), {"stride": 2, "padding": 1}),
            covers=(*TRANSPOSE_ROWS, "padding-crop"),
        ),
        tight_value(
            name="conv_transpose2d with stride 3 and padding 2",
            call=Call("conv_transpose2d", (X4, W4), {"stride": 3, "padding": 2}),
            covers=(*TRANSPOSE_ROWS, "padding-crop"),
        ),
        tight_value(
            name="conv_transpose2d of float32 inputs is computed in float64",
            call=Call(
                "conv_transpose2d", (X4.astype(np.float32), W4.astype(np.float32)), {"stride": 2}
            ),
            covers=("dtype-shape", "scatter"),
        ),
        ShapeCheck(
            name="conv_transpose2d returns float64 (N, C_out, H_out, W_out)",
            call=Call("conv_transpose2d", (X4[:1], W4), {"stride": 2, "padding": 1}),
            expect="a float64 np.ndarray (N, C_out, (H - 1)stride - 2 padding + kH, "
            "(W - 1)stride - 2 padding + kW)",
            covers=("dtype-shape",),
        ),
        FlagsCheck(
            name="conv_transpose2d of integer inputs returns a float64 np.ndarray",
            call=Call(
                "conv_transpose2d",
                (rng.integers(-3, 4, size=(1, 2, 3, 3)), rng.integers(-3, 4, size=(2, 1, 2, 2))),
            ),
            python_type="ndarray",
            dtype="float64",
            covers=("dtype-shape",),
        ),
        NoMutationCheck(
            name="conv_transpose2d does not modify x or w",
            call=Call("conv_transpose2d", (X4.copy(), W4.copy()), {"stride": 2, "padding": 1}),
            covers=("no-mutation",),
        ),
    ),
)

# -- q5 ---------------------------------------------------------------------------------------
X5 = rng.normal(size=(6, 3)) * np.array([1.0, 5.0, 0.01]) + np.array([0.0, -2.0, 3.0])
X5_IMG = rng.normal(size=(3, 4, 5, 2)) * 2.0 + 1.0
X5_CONST = X5_IMG.copy()
X5_CONST[:, 2] = 0.7  # a constant channel: variance exactly 0, so x_hat = 0 and y = beta
G5, B5 = rng.normal(size=3), rng.normal(size=3)
G5_IMG, B5_IMG = rng.normal(size=4), rng.normal(size=4)
RM5, RV5 = rng.normal(size=4), rng.uniform(0.5, 2.0, 4)
BN_ROWS = ("axes", "biased-var", "eps-inside", "affine", "matches-torch")
RUN_ROWS = ("running-update", "running-unbiased", "running-returns")


def bn_args(grad: bool) -> tuple[TensorArg, ...]:
    return (
        TensorArg(X5_IMG, grad, "x" if grad else None),
        TensorArg(G5_IMG, grad, "gamma" if grad else None),
        TensorArg(B5_IMG, grad, "beta" if grad else None),
    )


def running_args() -> tuple[TensorArg, ...]:
    return (TensorArg(RM5), TensorArg(RV5), TensorArg(X5_IMG))


q5 = Question(
    "q5_batchnorm",
    points=3,
    title="Batch normalisation",
    checks=(
        tight_value(
            name="batchnorm_forward on (6, 3) features",
            call=Call("batchnorm_forward", (TensorArg(X5), TensorArg(G5), TensorArg(B5))),
            covers=(*BN_ROWS, "input-shapes"),
        ),
        tight_value(
            name="batchnorm_forward on (3, 4, 5, 2) images",
            call=Call("batchnorm_forward", bn_args(False)),
            covers=(*BN_ROWS, "input-shapes"),
        ),
        tight_value(
            name="batchnorm_forward with eps = 0.1 and a tiny-variance channel",
            call=Call(
                "batchnorm_forward", (TensorArg(X5), TensorArg(G5), TensorArg(B5)), {"eps": 0.1}
            ),
            covers=BN_ROWS,
        ),
        tight_value(
            name="batchnorm_forward with a constant channel",
            call=Call(
                "batchnorm_forward", (TensorArg(X5_CONST), TensorArg(G5_IMG), TensorArg(B5_IMG))
            ),
            covers=("eps-inside", "affine", "axes"),
        ),
        ValueCheck(
            name="batchnorm_forward on float32 images returns float32",
            tol=F32,
            call=Call(
                "batchnorm_forward",
                (
                    TensorArg(X5_IMG.astype(np.float32)),
                    TensorArg(G5_IMG.astype(np.float32)),
                    TensorArg(B5_IMG.astype(np.float32)),
                ),
            ),
            covers=("dtype-shape", "axes"),
        ),
        AutogradCheck(
            name="autograd through batchnorm_forward w.r.t. x, gamma and beta",
            call=Call("batchnorm_forward", bn_args(True), seed=51),
            covers=("grad",),
        ),
        NoMutationCheck(
            name="batchnorm_forward does not modify x, gamma or beta",
            call=Call("batchnorm_forward", bn_args(False)),
            covers=("no-mutation",),
        ),
        tight_value(
            name="update_running_stats on images (unbiased variance)",
            call=Call("update_running_stats", running_args(), {"momentum": 0.3}),
            covers=(*RUN_ROWS, "axes"),
        ),
        tight_value(
            name="update_running_stats on (6, 3) features, default momentum",
            call=Call(
                "update_running_stats",
                (TensorArg(np.zeros(3)), TensorArg(np.ones(3)), TensorArg(X5)),
            ),
            covers=(*RUN_ROWS, "momentum-default"),
        ),
        tight_value(
            name="update_running_stats on images, default momentum, nonzero start",
            call=Call("update_running_stats", running_args()),
            covers=(*RUN_ROWS, "momentum-default"),
        ),
        FlagsCheck(
            name="update_running_stats returns a tuple of float64 tensors",
            call=Call("update_running_stats", running_args()),
            python_type="tuple",
            dtype="float64",
            covers=("running-returns",),
        ),
        NoMutationCheck(
            name="update_running_stats does not modify the running statistics or x",
            call=Call("update_running_stats", running_args(), {"momentum": 0.3}),
            covers=("no-mutation",),
        ),
    ),
)

# -- q6 ---------------------------------------------------------------------------------------
# The samplers are judged by StatisticalCheck on one recorded seed each (480,000 weights, a
# false-fail rate of 1e-6 per check): Hoeffding's bound on the mean of w^2 for Glorot (bounded),
# a z bound for He (sd of w^2 is sqrt(2) * 2 / n_in), and the DKWM bound on the whole CDF, which
# tells a normal from a uniform of the same variance. The largest |w| must stay within the bound.
N_IN, N_OUT = 800, 600
A6 = float(np.sqrt(6.0 / (N_IN + N_OUT)))
VAR_HE6 = 2.0 / N_IN


def squares(w: np.ndarray) -> np.ndarray:
    return np.asarray(w, dtype=np.float64).ravel() ** 2


def glorot_max_ratio(w: np.ndarray) -> float:
    """max |w| over the Glorot limit: at most 1 for U(-a, a)."""
    return float(np.abs(np.asarray(w, dtype=np.float64)).max() / A6)


GLOROT = Call("glorot_uniform", (N_IN, N_OUT))
HE = Call("he_normal", (N_IN, N_OUT))
q6 = Question(
    "q6_init",
    points=2,
    title="Weight initialisation",
    checks=(
        *(
            tight_value(name=name, call=Call(fn, args), covers=(row, "python-float"))
            for name, fn, args, row in (
                ("Glorot bound for 256 -> 128", "glorot_uniform_bound", (256, 128), "glorot-bound"),
                ("Glorot bound for 784 -> 10", "glorot_uniform_bound", (784, 10), "glorot-bound"),
                ("He std for 3*3*64 inputs", "he_normal_std", (576,), "he-std"),
                ("He std for 7 inputs", "he_normal_std", (7,), "he-std"),
            )
        ),
        FlagsCheck(
            name="glorot_uniform_bound returns a Python float",
            call=Call("glorot_uniform_bound", (20, 12)),
            python_type="float",
            covers=("python-float",),
        ),
        FlagsCheck(
            name="he_normal_std returns a Python float",
            call=Call("he_normal_std", (18,)),
            python_type="float",
            covers=("python-float",),
        ),
        *(
            ShapeCheck(
                name=f"{fn} returns a float64 tensor (n_out, n_in)",
                call=Call(fn, args),
                expect="a float64 tensor of shape (n_out, n_in)",
                covers=("dtype-shape",),
            )
            for fn, args in (("glorot_uniform", (5, 3, 0)), ("he_normal", (4, 9, 0)))
        ),
        *(
            FlagsCheck(
                name=f"{fn} returns a float64 torch.Tensor",
                call=Call(fn, (6, 4, 1)),
                python_type="Tensor",
                dtype="float64",
                covers=("dtype-shape",),
            )
            for fn in ("glorot_uniform", "he_normal")
        ),
        StatisticalCheck(
            name="glorot_uniform: the mean of w^2 is 2/(n_in + n_out) within chance",
            call=GLOROT,
            seeds=(123,),
            what="the mean of w^2 (the sample variance about 0)",
            observe=squares,
            mean=A6**2 / 3.0,
            value_range=(0.0, A6**2),
            covers=("glorot-dist", "statistics"),
        ),
        StatisticalCheck(
            name="glorot_uniform: the weights follow U(-a, a) (DKWM bound on the CDF)",
            call=GLOROT,
            seeds=(123,),
            what="the weights",
            observe=lambda w: np.asarray(w, dtype=np.float64).ravel(),
            cdf=lambda x: np.clip((x + A6) / (2.0 * A6), 0.0, 1.0),
            covers=("glorot-dist", "statistics"),
        ),
        ThresholdCheck(
            name="glorot_uniform: every weight within the bound",
            call=Call("glorot_uniform", (N_IN, N_OUT), {"seed": 123}),
            params=((),),
            loss=glorot_max_ratio,
            threshold=1.0,
            what="the largest |weight| divided by the Glorot bound",
            covers=("glorot-dist", "statistics"),
            pays_alone=False,  # zeros are within any bound
        ),
        StatisticalCheck(
            name="he_normal: the mean of w^2 is 2/n_in within chance",
            call=HE,
            seeds=(321,),
            what="the mean of w^2 (the sample variance about 0)",
            observe=squares,
            mean=VAR_HE6,
            sigma=np.sqrt(2.0) * VAR_HE6,
            covers=("he-dist", "statistics"),
        ),
        StatisticalCheck(
            name="he_normal: the weights follow N(0, 2/n_in), not a uniform (DKWM bound, CDF)",
            call=HE,
            seeds=(321,),
            what="the weights",
            observe=lambda w: np.asarray(w, dtype=np.float64).ravel(),
            cdf=lambda x: stats.norm.cdf(x, scale=np.sqrt(VAR_HE6)),
            covers=("he-dist", "statistics"),
        ),
        SeedCheck(
            name="glorot_uniform draws only from its own generator seeded by seed",
            call=Call("glorot_uniform", (40, 30), {"seed": 0}),
            covers=("seed",),
        ),
        SeedCheck(
            name="he_normal draws only from its own generator seeded by seed",
            call=Call("he_normal", (40, 30), {"seed": 0}),
            covers=("seed",),
        ),
    ),
)

# -- q7 ---------------------------------------------------------------------------------------
_digits = load_digits()
_perm = np.random.default_rng(2026).permutation(len(_digits.target))
X7_TRAIN, Y7_TRAIN = _digits.images[_perm[:1000]], _digits.target[_perm[:1000]]
X7_TEST, Y7_TEST = _digits.images[_perm[1000:]], _digits.target[_perm[1000:]]
X7_SMALL, Y7_SMALL = X7_TRAIN[:256], Y7_TRAIN[:256]
X7 = rng.normal(size=(2, 3, 6, 8))
# a batch for the model itself: scaled to [0, 1], float32, (N, 1, 8, 8), built as a CPU tensor
X7_BATCH = (X7_TEST[:29] / 16.0).astype(np.float32)[:, None]


def block_args(grad: bool) -> tuple[TensorArg, ...]:
    return (
        TensorArg(X7, grad, "x" if grad else None),
        TensorArg(np.random.default_rng(71).normal(size=(5, 3, 3, 3)), grad, "w" if grad else None),
        TensorArg(np.random.default_rng(72).normal(size=5), grad, "b" if grad else None),
    )


def weights(model: NestedCall) -> NestedCall:
    """All parameters of a model as one vector, in the sandbox."""
    return NestedCall(
        "nn.utils.parameters_to_vector", (NestedCall("nn.Module.parameters", (model,)),)
    )


def trained(seed: int, steps: int, **kwargs: float) -> NestedCall:
    return NestedCall("train_cnn", (X7_SMALL, Y7_SMALL), {"seed": seed, "steps": steps, **kwargs})


def global_draw_after(model: NestedCall) -> NestedCall:
    """torch.rand(5) from the global generator right after the model was trained (the training
    runs while the keyword requires_grad=torch.is_tensor(model) = False is evaluated)."""
    return NestedCall(
        "torch.rand", (5,), {"requires_grad": NestedCall("torch.is_tensor", (model,))}
    )


def distance(a: NestedCall, b: NestedCall, seed: int) -> Call:
    """||a - b||, computed in the sandbox after both runs, in this order, in one call."""
    return Call("torch.dist", (a, b), seed=seed)


ZERO = Tolerance(0.0, 1e-6)
TRAINED = NestedCall("train_cnn", (X7_TRAIN, Y7_TRAIN), {"seed": 3, "steps": 200})
q7 = Question(
    "q7_digits_cnn",
    points=4,
    title="A small CNN on the digits",
    timeout=120.0,
    checks=(
        tight_value(
            name="conv_block forward on (2, 3, 6, 8) with 5 filters",
            call=Call("conv_block", block_args(False)),
            covers=("conv-block",),
        ),
        AutogradCheck(
            name="autograd through conv_block w.r.t. x, w and b",
            call=Call("conv_block", block_args(True), seed=73),
            covers=("conv-block-grad",),
        ),
        PredictionCheck(
            name="accuracy >= 93% on 797 held-out digits after 200 steps (seed 3)",
            labels=Y7_TEST,
            min_accuracy=0.93,
            weight=2.0,
            call=Call("predict", (TRAINED, X7_TEST)),
            covers=(
                "accuracy",
                "architecture",
                "built-from-block",
                "scaling",
                "loss",
                "step-order",
                "predict",
            ),
        ),
        ValueCheck(
            name="train_cnn is reproducible: two runs with seed 4 give the same weights, "
            "whatever the global random state before each",
            tol=ZERO,
            check_dtype=False,
            call=distance(weights(trained(4, 5)), weights(trained(4, 5)), seed=9),
            covers=("seed",),
        ),
        ValueCheck(
            name="train_cnn with steps=0 makes no update (same weights with lr=0)",
            tol=ZERO,
            check_dtype=False,
            call=distance(weights(trained(5, 0)), weights(trained(5, 0, lr=0.0)), seed=8),
            covers=("optimizer-steps",),
        ),
        ValueCheck(
            name="train_cnn draws its mini-batches from its own generator: the global "
            "generator ends where building the model left it, after 0 or 6 steps",
            tol=ZERO,
            check_dtype=False,
            call=distance(
                global_draw_after(trained(6, 0)), global_draw_after(trained(6, 6)), seed=7
            ),
            covers=("batch",),
        ),
        ShapeCheck(
            name="the trained model maps a float32 CPU batch (N, 1, 8, 8) to logits (N, 10)",
            call=Call(
                "nn.Module.__call__",
                (trained(1, 3), NestedCall("torch.as_tensor", (X7_BATCH,))),
            ),
            expect="float32 logits (N, 10) from a model returned on the CPU",
            covers=("forward", "cpu"),
        ),
        ShapeCheck(
            name="SmallCNN has the parameters of the table (conv 1->8, conv 8->16, linear 64->10)",
            call=Call(
                "nn.utils.parameters_to_vector",
                (NestedCall("nn.Module.parameters", (NestedCall("SmallCNN"),)),),
            ),
            expect="two 3x3 convolutions 1 -> 8 -> 16 with biases and a linear layer 64 -> 10",
            covers=("architecture", "built-from-block"),
        ),
        ShapeCheck(
            name="predict returns int64 labels (N,)",
            call=Call("predict", (trained(1, 3), X7_TEST[:37])),
            expect="int64 labels of shape (N,)",
            covers=("predict-dtype",),
        ),
        FlagsCheck(
            name="predict returns an int64 np.ndarray",
            call=Call("predict", (trained(2, 2), X7_TEST[:11])),
            python_type="ndarray",
            dtype="int64",
            covers=("predict-dtype",),
        ),
    ),
)

QUESTIONS = [q1, q2, q3, q4, q5, q6, q7]
