"""Public checks for 10_generative_models: the worked examples of the notebook.

Run them with ``check("<question>")`` in the notebook or ``autograder check NOTEBOOK``. Passing
them is a good sign, not a grade: hidden checks use other inputs, shapes, seeds and edge cases.
"""

import math

import numpy as np
from sklearn.datasets import load_digits

from autograder.authoring import Call, TensorArg, Tolerance, TrajectoryCheck, ValueCheck

TIGHT = Tolerance(1e-9, 1e-12)
EXACT = Tolerance(0.0, 0.0)

# question 1: r = (2, -1), f = (-3, 0.5, 1)
R = TensorArg(np.array([2.0, -1.0]))
F = TensorArg(np.array([-3.0, 0.5, 1.0]))

# question 2: one example, mu = (0.5, -1), log_var = (0, log 4), eps = (1, -0.5)
MU = np.array([[0.5, -1.0]])
LV = np.array([[0.0, math.log(4.0)]])
EPS = np.array([[1.0, -0.5]])

# question 3: two examples of three pixels
X3 = np.array([[1.0, 0.0, 0.5], [0.0, 1.0, 1.0]])
XR3 = np.array([[0.8, 0.1, 0.5], [0.3, 0.6, 0.9]])
MU3 = np.array([[0.5, -1.0], [0.0, 0.0]])
LV3 = np.array([[0.0, math.log(4.0)], [0.0, 0.0]])


def vae_args() -> tuple[TensorArg, ...]:
    return (TensorArg(X3), TensorArg(XR3), TensorArg(MU3), TensorArg(LV3))


# question 5: the notebook's split, first 1000 positions of a seeded permutation for training
_digits = load_digits()
_perm = np.random.default_rng(0).permutation(len(_digits.target))
X_TRAIN = _digits.data[_perm[:1000]] / 16.0

PUBLIC = {
    "q1_gan_losses": [
        ValueCheck(
            name="d_loss of the worked example",
            covers=("d-value", "sum-of-means"),
            hidden=False,
            tol=TIGHT,
            call=Call("d_loss", (R, F)),
        ),
        ValueCheck(
            name="non-saturating g_loss of the worked example",
            covers=("g-ns",),
            hidden=False,
            tol=TIGHT,
            call=Call("g_loss", (F,)),
        ),
        ValueCheck(
            name="saturating g_loss of the worked example",
            covers=("g-sat",),
            hidden=False,
            tol=TIGHT,
            call=Call("g_loss", (F,), {"saturating": True}),
        ),
        ValueCheck(
            name="g_loss_grad of the worked example (saturating)",
            covers=("grad-value",),
            hidden=False,
            tol=TIGHT,
            call=Call("g_loss_grad", (F,), {"saturating": True}),
        ),
        ValueCheck(
            name="g_loss_grad of the worked example (non-saturating)",
            covers=("grad-value",),
            hidden=False,
            tol=TIGHT,
            call=Call("g_loss_grad", (F,)),
        ),
    ],
    "q2_reparam_kl": [
        ValueCheck(
            name="reparameterize of the worked example gives z = (1.5, -2)",
            covers=("reparam-value", "std-not-var"),
            hidden=False,
            tol=TIGHT,
            call=Call("reparameterize", (TensorArg(MU), TensorArg(LV), TensorArg(EPS))),
        ),
        ValueCheck(
            name="kl_normal of the worked example",
            covers=("kl-value", "kl-shape"),
            hidden=False,
            tol=TIGHT,
            call=Call("kl_normal", (TensorArg(MU), TensorArg(LV))),
        ),
    ],
    "q3_vae_loss": [
        ValueCheck(
            name="vae_loss of the worked example with recon='mse'",
            covers=("mse-sum", "batch-mean", "kl-term"),
            hidden=False,
            tol=TIGHT,
            call=Call("vae_loss", vae_args(), {"recon": "mse"}),
        ),
        ValueCheck(
            name="vae_loss of the worked example with recon='bce'",
            covers=("bce-sum", "batch-mean", "kl-term"),
            hidden=False,
            tol=TIGHT,
            call=Call("vae_loss", vae_args(), {"recon": "bce"}),
        ),
    ],
    "q4_transposed_conv": [
        ValueCheck(
            name="n=4, k=3, s=2, p=1 gives 7",
            covers=("formula",),
            hidden=False,
            tol=EXACT,
            call=Call("convtranspose_out", (4, 3, 2, 1)),
        ),
        ValueCheck(
            name="n=4, k=3, s=2, p=1, output_padding=1 gives 8",
            covers=("formula", "output-padding"),
            hidden=False,
            tol=EXACT,
            call=Call("convtranspose_out", (4, 3, 2, 1, 1)),
        ),
        ValueCheck(
            name="n=5, k=4, s=3, p=2 gives 12",
            covers=("formula",),
            hidden=False,
            tol=EXACT,
            call=Call("convtranspose_out", (5, 4, 3, 2)),
        ),
        ValueCheck(
            name="the DCGAN ladder 100 -> 1024x4x4 -> ... -> 3x64x64",
            covers=("dcgan-default", "ladder", "dcgan-list"),
            hidden=False,
            tol=EXACT,
            call=Call("dcgan_shapes", (100, (1024, 512, 256, 128, 3))),
        ),
    ],
    "q5_autoencoder": [
        TrajectoryCheck(
            name="the first 5 losses of the notebook's run (latent 8, seed 0)",
            covers=("init", "adam", "losses"),
            hidden=False,
            part=(1,),
            tol=Tolerance(1e-8, 1e-12),
            call=Call("train_autoencoder", (TensorArg(X_TRAIN), 8, 0), {"steps": 5}),
        ),
    ],
}
