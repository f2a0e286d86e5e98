"""Public checks for 06_cnn: the worked examples of the notebook.

Run them with ``check("<question>")`` in the notebook or ``autograder check NOTEBOOK``. Passing
them is a good sign, not a grade: hidden checks use other inputs, shapes, seeds and edge cases.
"""

import numpy as np
from sklearn.datasets import load_digits

from autograder.authoring import Call, NestedCall, PredictionCheck, TensorArg, Tolerance, ValueCheck

TIGHT = Tolerance(1e-9, 1e-12)
EXACT = Tolerance(0.0, 0.0)

# the notebook's worked examples
X4 = np.arange(16, dtype=np.float64).reshape(1, 1, 4, 4)
K2 = np.array([[[[1.0, 0.0], [0.0, -1.0]]]])
IMG = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, 3.0], [2.0, 0.0, 1.0]])
KER = np.array([[1.0, 2.0], [3.0, 4.0]])
POOL = np.array([[[[1.0, 3.0, 2.0, 0.0], [4.0, 2.0, 1.0, 5.0],
                   [0.0, 1.0, 7.0, 2.0], [6.0, 2.0, 3.0, 1.0]]]])
XT = np.array([[[[1.0, 2.0], [3.0, 4.0]]]])
KT = np.array([[[[1.0, 1.0], [0.0, 1.0]]]])
BN_X = np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 30.0], [6.0, 60.0]])

# the notebook's digits split: a seeded permutation, 1200 images to train on and 597 to test
_digits = load_digits()
_perm = np.random.default_rng(0).permutation(len(_digits.target))
X_TRAIN, Y_TRAIN = _digits.images[_perm[:1200]], _digits.target[_perm[:1200]]
X_TEST, Y_TEST = _digits.images[_perm[1200:]], _digits.target[_perm[1200:]]

PUBLIC = {
    "q1_output_size": [
        ValueCheck(name="MNIST 28x28, 3x3 valid convolution -> 26", hidden=False, tol=EXACT,
                   call=Call("conv_output_size", (28, 3)),
                   covers=("conv-formula",)),
        ValueCheck(name="26x26, 3x3 max pooling with stride 3 -> 8", hidden=False, tol=EXACT,
                   call=Call("pool_output_size", (26, 3)),
                   covers=("pool-formula", "pool-default-stride", "floor")),
        ValueCheck(name="transposed conv of 4 pixels, k = 3, s = 2, p = 1 -> 7", hidden=False,
                   tol=EXACT,
                   call=Call("conv_transpose_output_size", (4, 3), {"stride": 2, "padding": 1}),
                   covers=("transpose-formula",)),
    ],
    "q2_conv2d": [
        ValueCheck(name="conv2d of the 4x4 ramp with the 2x2 diagonal kernel", hidden=False,
                   tol=TIGHT, call=Call("conv2d", (X4, K2)), covers=("value", "no-flip")),
        ValueCheck(name="convolve2d flips the kernel (3x3 image, 2x2 kernel)", hidden=False,
                   tol=TIGHT, call=Call("convolve2d", (IMG, KER)),
                   covers=("convolve-flip", "convolve-valid")),
    ],
    "q3_pool2d": [
        ValueCheck(name="2x2 max pooling of the 4x4 example", hidden=False, tol=EXACT,
                   call=Call("pool2d", (POOL, 2)), covers=("value",)),
        ValueCheck(name="2x2 average pooling of the 4x4 example", hidden=False, tol=TIGHT,
                   call=Call("pool2d", (POOL, 2), {"mode": "avg"}), covers=("value",)),
    ],
    "q4_conv_transpose": [
        ValueCheck(name="2x2 input, 2x2 kernel, stride 2 -> 4x4", hidden=False, tol=TIGHT,
                   call=Call("conv_transpose2d", (XT, KT), {"stride": 2}),
                   covers=("scatter", "stride")),
        ValueCheck(name="2x2 input, 2x2 kernel, stride 1 (overlapping) -> 3x3", hidden=False,
                   tol=TIGHT, call=Call("conv_transpose2d", (XT, KT)),
                   covers=("scatter", "overlap-adds")),
    ],
    "q5_batchnorm": [
        ValueCheck(name="batch norm of the 4x2 example, gamma = 1, beta = 0", hidden=False,
                   tol=TIGHT, call=Call("batchnorm_forward", (
                       TensorArg(BN_X), TensorArg(np.ones(2)), TensorArg(np.zeros(2)))),
                   covers=("biased-var", "eps-inside")),
    ],
    "q6_init": [
        ValueCheck(name="Glorot bound for 3 -> 5 units", hidden=False, tol=TIGHT,
                   call=Call("glorot_uniform_bound", (3, 5)), covers=("glorot-bound",)),
        ValueCheck(name="He std for 50 inputs", hidden=False, tol=TIGHT,
                   call=Call("he_normal_std", (50,)), covers=("he-std",)),
    ],
    "q7_digits_cnn": [
        ValueCheck(name="conv_block of the 4x4 ramp with one 3x3 averaging kernel", hidden=False,
                   tol=TIGHT, call=Call("conv_block", (
                       TensorArg(X4), TensorArg(np.full((1, 1, 3, 3), 1.0 / 9.0)),
                       TensorArg(np.zeros(1)))),
                   covers=("conv-block",)),
        PredictionCheck(name="accuracy >= 93% on the notebook's 597 test digits", hidden=False,
                        labels=Y_TEST, min_accuracy=0.93,
                        call=Call("predict", (NestedCall("train_cnn", (X_TRAIN, Y_TRAIN),
                                                         {"seed": 0, "steps": 200}), X_TEST)),
                        covers=("accuracy",)),
    ],
}
