"""Hidden suite for 10_generative_models.

Inputs differ from the notebook's worked examples: other batch sizes (real and fake batches of
different lengths), other seeds and shapes, and the edge cases the task text names: logits of
+-800 (values and gradients must stay finite), D(G(z)) -> 0 where the saturating gradient
vanishes, log_var = -800 in the KL term, reconstruction probabilities of exactly 0 and 1 (the
log clamped at -100), image-shaped batches, an upper-case or unknown recon, transposed
convolutions whose output is exactly 1 or would be 0, output_padding equal to the stride, and
DCGAN ladders with other channel lists. The autoencoder is trained on a split of the digits the
notebook does not use and graded by the held-out MSE the grader computes from the returned
parameters, by its first steps' loss history and by its initial parameters.
"""

import itertools

import numpy as np
from sklearn.datasets import load_digits

from autograder.authoring import (
    AutogradCheck,
    Call,
    FlagsCheck,
    LossThresholdCheck,
    NoMutationCheck,
    Question,
    RaisesCheck,
    SeedCheck,
    ShapeCheck,
    TensorArg,
    Tolerance,
    TrajectoryCheck,
    ValueCheck,
)

rng = np.random.default_rng(10_2026)
TIGHT = Tolerance(1e-10, 1e-12)
EXACT = Tolerance(0.0, 0.0)


def t(array: np.ndarray, name: str | None = None) -> TensorArg:
    """A float64 tensor argument; with a name, a leaf the grader differentiates with respect to."""
    arr = np.asarray(array, dtype=np.float64)
    return TensorArg(arr, True, name) if name else TensorArg(arr)


# -- q1 ---------------------------------------------------------------------------------------
R1 = rng.normal(size=7) * 2.5 + 0.3
F1 = rng.normal(size=5) * 2.5 - 0.4
R_EXT = np.array([800.0, -800.0, 35.0, -35.0, 0.1])
F_EXT = np.array([-800.0, 800.0, -40.0, 40.0, -0.1, 3.0])
# D(G(z)) -> 0: the discriminator rejects every fake with growing confidence
F_SAT = np.array([-800.0, -60.0, -30.0, -15.0])
q1 = Question(
    "q1_gan_losses",
    points=4,
    title="GAN losses from logits",
    checks=(
        ValueCheck(
            name="d_loss with 7 real and 5 fake logits",
            covers=("d-value", "sum-of-means", "no-smoothing"),
            tol=TIGHT,
            call=Call("d_loss", (t(R1), t(F1))),
        ),
        ValueCheck(
            name="d_loss at logits of +-800, +-35 and 0.1",
            covers=("d-value", "stable"),
            tol=TIGHT,
            call=Call("d_loss", (t(R_EXT), t(F_EXT))),
        ),
        ShapeCheck(
            name="d_loss returns a 0-d float64 tensor",
            covers=("zero-d",),
            expect="a 0-d float64 tensor",
            call=Call("d_loss", (t(R1), t(F1))),
        ),
        AutogradCheck(
            name="autograd through d_loss w.r.t. both batches of logits",
            covers=("graph", "d-value"),
            tol=TIGHT,
            call=Call("d_loss", (t(R1, "real logits"), t(F1, "fake logits")), seed=4),
        ),
        AutogradCheck(
            name="autograd through d_loss at logits of +-800 (finite gradients)",
            covers=("graph", "stable"),
            tol=TIGHT,
            call=Call("d_loss", (t(R_EXT, "real logits"), t(F_EXT, "fake logits")), seed=5),
        ),
        NoMutationCheck(
            name="d_loss does not modify the logits",
            covers=("no-mutation",),
            call=Call("d_loss", (t(R1), t(F1))),
        ),
        ValueCheck(
            name="g_loss, non-saturating by default",
            covers=("g-ns",),
            tol=TIGHT,
            call=Call("g_loss", (t(F1),)),
        ),
        ValueCheck(
            name="g_loss with saturating=True",
            covers=("g-sat",),
            tol=TIGHT,
            call=Call("g_loss", (t(F1),), {"saturating": True}),
        ),
        ValueCheck(
            name="non-saturating g_loss at logits of +-800",
            covers=("g-ns", "stable"),
            tol=TIGHT,
            call=Call("g_loss", (t(F_EXT),), {"saturating": False}),
        ),
        ValueCheck(
            name="saturating g_loss at logits of +-800",
            covers=("g-sat", "stable"),
            tol=TIGHT,
            call=Call("g_loss", (t(F_EXT),), {"saturating": True}),
        ),
        ShapeCheck(
            name="g_loss returns a 0-d float64 tensor",
            covers=("zero-d",),
            expect="a 0-d float64 tensor",
            call=Call("g_loss", (t(F1),)),
        ),
        AutogradCheck(
            name="autograd through both generator losses at logits of +-800",
            covers=("graph", "stable", "saturation"),
            tol=TIGHT,
            call=Call("g_loss", (t(F_EXT, "fake logits"),), {"saturating": True}, seed=6),
        ),
        AutogradCheck(
            name="autograd through the non-saturating loss where D(G(z)) -> 0",
            covers=("graph", "stable", "saturation"),
            tol=TIGHT,
            call=Call("g_loss", (t(F_SAT, "fake logits"),), seed=7),
        ),
        ValueCheck(
            name="g_loss_grad, saturating, on 5 logits",
            covers=("grad-value",),
            tol=TIGHT,
            call=Call("g_loss_grad", (t(F1),), {"saturating": True}),
        ),
        ValueCheck(
            name="g_loss_grad, non-saturating by default, on 5 logits",
            covers=("grad-value",),
            tol=TIGHT,
            call=Call("g_loss_grad", (t(F1),)),
        ),
        ValueCheck(
            name="non-saturating gradient where D(G(z)) -> 0",
            covers=("saturation", "grad-value", "stable"),
            tol=TIGHT,
            call=Call("g_loss_grad", (t(F_SAT),), {"saturating": False}),
        ),
        ValueCheck(
            name="saturating gradient vanishes as D(G(z)) -> 0",
            covers=("saturation", "stable"),
            tol=TIGHT,
            pays_alone=False,
            call=Call("g_loss_grad", (t(F_SAT),), {"saturating": True}),
        ),
        ShapeCheck(
            name="g_loss_grad has the shape of the logits",
            covers=("grad-shape",),
            expect="a float64 tensor of the shape of d_fake_logits",
            call=Call("g_loss_grad", (t(F_EXT),)),
        ),
    ),
)

# -- q2 ---------------------------------------------------------------------------------------
MU2 = rng.normal(size=(6, 3))
LV2 = rng.normal(size=(6, 3)) * 1.5
EPS2 = rng.normal(size=(6, 3))
MU_EXT = np.array([[0.3, -2.0, 0.0], [1.5, 0.0, -0.7]])
LV_EXT = np.array([[-800.0, 0.0, 2.5], [-30.0, -800.0, 0.1]])
q2 = Question(
    "q2_reparam_kl",
    points=3,
    title="The reparameterisation trick and the KL term",
    checks=(
        ValueCheck(
            name="reparameterize on a 6x3 batch",
            covers=("reparam-value", "std-not-var", "no-random"),
            tol=TIGHT,
            call=Call("reparameterize", (t(MU2), t(LV2), t(EPS2))),
        ),
        ShapeCheck(
            name="reparameterize returns a float64 tensor (N, L)",
            covers=("reparam-shape",),
            expect="a float64 tensor (N, L)",
            call=Call("reparameterize", (t(MU2), t(LV2), t(EPS2))),
        ),
        AutogradCheck(
            name="autograd through reparameterize w.r.t. mu and log_var",
            covers=("reparam-grad",),
            tol=TIGHT,
            call=Call("reparameterize", (t(MU2, "mu"), t(LV2, "log_var"), t(EPS2)), seed=8),
        ),
        NoMutationCheck(
            name="reparameterize does not modify mu, log_var or eps",
            covers=("no-mutation",),
            call=Call("reparameterize", (t(MU2), t(LV2), t(EPS2))),
        ),
        ValueCheck(
            name="kl_normal on a 6x3 batch",
            covers=("kl-value",),
            tol=TIGHT,
            call=Call("kl_normal", (t(MU2), t(LV2))),
        ),
        ShapeCheck(
            name="kl_normal returns one float64 value per example",
            covers=("kl-shape",),
            expect="a float64 tensor (N,)",
            call=Call("kl_normal", (t(MU2), t(LV2))),
        ),
        ValueCheck(
            name="kl_normal with log_var = -800 (finite)",
            covers=("kl-finite", "kl-value"),
            tol=TIGHT,
            call=Call("kl_normal", (t(MU_EXT), t(LV_EXT))),
        ),
        AutogradCheck(
            name="autograd through kl_normal w.r.t. mu and log_var",
            covers=("kl-grad",),
            tol=TIGHT,
            call=Call("kl_normal", (t(MU2, "mu"), t(LV2, "log_var")), seed=9),
        ),
        ValueCheck(
            name="kl_normal of the prior itself (mu = 0, log_var = 0)",
            covers=("kl-zero",),
            tol=TIGHT,
            pays_alone=False,
            call=Call("kl_normal", (t(np.zeros((3, 4))), t(np.zeros((3, 4))))),
        ),
    ),
)

# -- q3 ---------------------------------------------------------------------------------------
N3, D3, L3 = 5, 12, 3
X3 = rng.uniform(size=(N3, D3))
X3[0, :3] = [0.0, 1.0, 0.5]
XR3 = np.clip(rng.uniform(size=(N3, D3)), 0.02, 0.98)
MU3 = rng.normal(size=(N3, L3))
LV3 = rng.normal(size=(N3, L3))
# probabilities of exactly 0 and 1, against targets that agree and disagree
X_SAT = np.array([[0.0, 1.0, 1.0, 0.0, 0.3], [1.0, 0.0, 0.6, 0.2, 1.0]])
XR_SAT = np.array([[0.0, 1.0, 0.0, 1.0, 0.5], [0.7, 0.1, 1.0, 0.0, 0.999]])
X_IMG = rng.uniform(size=(3, 2, 3, 4))
XR_IMG = np.clip(rng.uniform(size=(3, 2, 3, 4)), 0.05, 0.95)
MU_IMG, LV_IMG = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))


def vae_args(names: bool = False) -> tuple[TensorArg, ...]:
    if names:
        return (t(X3), t(XR3, "x_rec"), t(MU3, "mu"), t(LV3, "log_var"))
    return (t(X3), t(XR3), t(MU3), t(LV3))


q3 = Question(
    "q3_vae_loss",
    points=3,
    title="The VAE loss",
    checks=(
        ValueCheck(
            name="vae_loss with recon='mse' on a 5x12 batch",
            covers=("mse-sum", "batch-mean", "kl-term", "sign", "self-contained"),
            tol=TIGHT,
            call=Call("vae_loss", vae_args(), {"recon": "mse"}),
        ),
        ValueCheck(
            name="vae_loss with recon='bce' on a 5x12 batch",
            covers=("bce-sum", "batch-mean", "kl-term", "sign", "self-contained"),
            tol=TIGHT,
            call=Call("vae_loss", vae_args(), {"recon": "bce"}),
        ),
        ValueCheck(
            name="vae_loss uses recon='mse' by default",
            covers=("default",),
            tol=TIGHT,
            call=Call("vae_loss", vae_args()),
        ),
        ValueCheck(
            name="vae_loss with recon='bce' and probabilities of exactly 0 and 1",
            covers=("bce-clamp",),
            tol=TIGHT,
            call=Call("vae_loss", (t(X_SAT), t(XR_SAT), t(MU3[:2]), t(LV3[:2])), {"recon": "bce"}),
        ),
        ValueCheck(
            name="vae_loss on an image batch (N, C, H, W)",
            covers=("images", "mse-sum"),
            tol=TIGHT,
            call=Call("vae_loss", (t(X_IMG), t(XR_IMG), t(MU_IMG), t(LV_IMG)), {"recon": "mse"}),
        ),
        ShapeCheck(
            name="vae_loss returns a 0-d float64 tensor",
            covers=("zero-d",),
            expect="a 0-d float64 tensor",
            call=Call("vae_loss", vae_args(), {"recon": "bce"}),
        ),
        AutogradCheck(
            name="autograd through vae_loss (mse) w.r.t. x_rec, mu and log_var",
            covers=("grads",),
            tol=TIGHT,
            call=Call("vae_loss", vae_args(names=True), {"recon": "mse"}, seed=10),
        ),
        AutogradCheck(
            name="autograd through vae_loss (bce) w.r.t. x_rec, mu and log_var",
            covers=("grads", "bce-sum"),
            tol=TIGHT,
            call=Call("vae_loss", vae_args(names=True), {"recon": "bce"}, seed=11),
        ),
        RaisesCheck(
            name="vae_loss raises ValueError for recon='l1', naming it",
            covers=("raises",),
            exception="ValueError",
            match="l1",
            says="the rejected value 'l1'",
            call=Call("vae_loss", vae_args(), {"recon": "l1"}),
        ),
        RaisesCheck(
            name="vae_loss raises ValueError for recon='MSE' (upper case)",
            covers=("raises",),
            exception="ValueError",
            call=Call("vae_loss", vae_args(), {"recon": "MSE"}),
        ),
        NoMutationCheck(
            name="vae_loss does not modify its arguments",
            covers=("no-mutation",),
            call=Call("vae_loss", (t(X_SAT), t(XR_SAT), t(MU3[:2]), t(LV3[:2])), {"recon": "bce"}),
        ),
    ),
)

# -- q4 ---------------------------------------------------------------------------------------
# (n, k, s, p, output_padding); every output size agrees with torch.nn.ConvTranspose2d
CT_CASES = (
    ((3, 5, 3, 1, 2), "n=3, k=5, s=3, p=1, output_padding=2"),
    ((6, 4, 2, 1, 0), "n=6, k=4, s=2, p=1"),
    ((9, 2, 4, 3, 3), "n=9, k=2, s=4, p=3, output_padding=3"),
    ((2, 7, 1, 2, 0), "n=2, k=7, s=1, p=2"),
)
q4 = Question(
    "q4_transposed_conv",
    points=3,
    title="Transposed convolutions and the DCGAN generator",
    checks=(
        *(
            ValueCheck(
                name=f"convtranspose_out with {label}",
                covers=("formula", "padding-removes", "output-padding", "int", "matches-torch"),
                tol=EXACT,
                call=Call("convtranspose_out", args),
            )
            for args, label in CT_CASES
        ),
        ValueCheck(
            name="convtranspose_out with keyword arguments and the default output_padding",
            covers=("formula", "int"),
            tol=EXACT,
            call=Call("convtranspose_out", (5,), {"k": 3, "s": 2, "p": 2}),
        ),
        ValueCheck(
            name="convtranspose_out with n=2, k=3, s=2, p=2 (a boundary case)",
            covers=("raises-small", "padding-removes"),
            tol=EXACT,
            call=Call("convtranspose_out", (2, 3, 2, 2)),
        ),
        RaisesCheck(
            name="convtranspose_out raises ValueError when the output would be 0",
            covers=("raises-small",),
            exception="ValueError",
            call=Call("convtranspose_out", (2, 2, 2, 2)),
        ),
        RaisesCheck(
            name="convtranspose_out raises ValueError for output_padding equal to the stride",
            covers=("raises-op",),
            exception="ValueError",
            match="output_padding",
            says="output_padding",
            call=Call("convtranspose_out", (4, 3, 2, 1, 2)),
        ),
        RaisesCheck(
            name="convtranspose_out raises ValueError for negative padding",
            covers=("raises-args",),
            exception="ValueError",
            call=Call("convtranspose_out", (4, 3, 2, -1)),
        ),
        RaisesCheck(
            name="convtranspose_out raises ValueError for an input of length 0",
            covers=("raises-args",),
            exception="ValueError",
            call=Call("convtranspose_out", (0, 5, 1, 0)),
        ),
        RaisesCheck(
            name="convtranspose_out raises ValueError for a stride of 0",
            covers=("raises-args",),
            exception="ValueError",
            call=Call("convtranspose_out", (3, 3, 0, 0)),
        ),
        RaisesCheck(
            name="convtranspose_out raises ValueError for a negative output_padding",
            covers=("raises-args",),
            exception="ValueError",
            call=Call("convtranspose_out", (4, 3, 2, 1, -1)),
        ),
        RaisesCheck(
            name="convtranspose_out raises ValueError for a kernel of size 0",
            covers=("raises-args",),
            exception="ValueError",
            call=Call("convtranspose_out", (4, 0, 2, 0)),
        ),
        ValueCheck(
            name="dcgan_shapes with the default arguments",
            covers=("dcgan-default", "ladder", "dcgan-list"),
            tol=EXACT,
            call=Call("dcgan_shapes", ()),
        ),
        ValueCheck(
            name="dcgan_shapes with z_dim=64 and channels (256, 128, 64, 1)",
            covers=("ladder", "dcgan-list"),
            tol=EXACT,
            call=Call("dcgan_shapes", (64, (256, 128, 64, 1))),
        ),
        ValueCheck(
            name="dcgan_shapes with a single layer",
            covers=("ladder", "dcgan-list"),
            tol=EXACT,
            call=Call("dcgan_shapes", (), {"z_dim": 16, "channels": (8,)}),
        ),
        RaisesCheck(
            name="dcgan_shapes raises ValueError for empty channels",
            covers=("dcgan-raises",),
            exception="ValueError",
            call=Call("dcgan_shapes", (16, ())),
        ),
        RaisesCheck(
            name="dcgan_shapes raises ValueError for z_dim=0",
            covers=("dcgan-raises",),
            exception="ValueError",
            call=Call("dcgan_shapes", (0,)),
        ),
    ),
)

# -- q5 ---------------------------------------------------------------------------------------
_digits = load_digits()
_perm = np.random.default_rng(5_2026).permutation(len(_digits.target))
X5_TRAIN = _digits.data[_perm[:600]] / 16.0
X5_TEST = _digits.data[_perm[600:1000]] / 16.0
X5_SMALL = _digits.data[_perm[1000:1040]] / 16.0

# a forward pass with nonzero biases on a 10-pixel input: sizes 10 -> 6 -> 3 -> 6 -> 10
_sizes = (10, 6, 3, 6, 10)
P5 = tuple(
    a
    for n_in, n_out in itertools.pairwise(_sizes)
    for a in (rng.normal(size=(n_in, n_out)) / np.sqrt(n_in), rng.normal(size=n_out) * 0.5)
)
X5_FWD = rng.uniform(size=(7, 10))
NAMES5 = ("W1", "b1", "W2", "b2", "W3", "b3", "W4", "b4")


# GPU tolerances (`--device cuda`: the student's float64 run on a GPU, the reference on the CPU).
# A GPU sums in another order; modelled on the CPU by perturbing every input by 1e-12 relative
# (`python -m tests.gpu_noise 10_generative_models`), ae_forward and its gradients move by
# 1.4e-11, 15 Adam steps by 1.2e-9 and 200 (the defaults) by 4.9e-8 (Adam divides by the root of
# small second moments, which amplifies): the GPU tolerances leave a factor of at least 200 above
# that, and every mutant and variant of q5 still fails under them (tests/test_gpu_tolerance.py).
# The initial parameters are drawn on the CPU and copied: exact on a GPU too.
FWD5 = Tolerance(1e-10, 1e-12, gpu=(1e-8, 1e-11))
ADAM15 = Tolerance(1e-8, 1e-12, gpu=(1e-6, 1e-10))
ADAM200 = Tolerance(1e-8, 1e-12, gpu=(1e-5, 1e-9))


def trusted_heldout_sse(*params: np.ndarray) -> float:
    """The held-out squared error of the returned parameters, summed over the 400 x 64 held-out
    pixels (that is 25600 times the held-out MSE), computed by the grader in NumPy.

    The ratio to the reference's is the ratio of the MSEs, as the task states it; the sum is
    reported instead of the mean so that the number a failed check prints (the student's own
    error) lives on another scale than the reference's loss history and weights, which a mean
    squared error between 0.03 and 0.19 would meet to four digits by coincidence."""
    W1, b1, W2, b2, W3, b3, W4, b4 = (np.asarray(p, dtype=np.float64) for p in params)
    Z = np.tanh(X5_TEST @ W1 + b1) @ W2 + b2
    logits = np.tanh(Z @ W3 + b3) @ W4 + b4
    rec = np.exp(-np.logaddexp(0.0, -logits))
    return float(np.sum((rec - X5_TEST) ** 2))


TRAIN5 = Call("train_autoencoder", (t(X5_TRAIN), 6, 5), {"steps": 200, "lr": 0.01})
SHORT5 = Call("train_autoencoder", (t(X5_SMALL), 3, 2), {"steps": 3, "lr": 0.02, "hidden": 5})
q5 = Question(
    "q5_autoencoder",
    points=4,
    title="An autoencoder on the digits",
    checks=(
        ValueCheck(
            name="ae_forward of a 10-6-3-6-10 autoencoder with nonzero biases",
            covers=("forward-value", "layout"),
            tol=FWD5,
            call=Call("ae_forward", (tuple(t(p) for p in P5), t(X5_FWD))),
        ),
        ShapeCheck(
            name="ae_forward returns (Z, X_rec) with the code of shape (N, latent_dim)",
            covers=("latent-shape",),
            expect="the tuple (Z, X_rec) with Z (N, latent_dim) and X_rec (N, D)",
            call=Call("ae_forward", (tuple(t(p) for p in P5), t(X5_FWD))),
        ),
        AutogradCheck(
            name="autograd through ae_forward w.r.t. every parameter",
            covers=("forward-grad",),
            tol=FWD5,
            call=Call(
                "ae_forward",
                (tuple(t(p, n) for p, n in zip(P5, NAMES5, strict=True)), t(X5_FWD)),
                seed=12,
            ),
        ),
        ValueCheck(
            name="initial parameters (steps=0) for seed 7, latent_dim 3, hidden 5",
            covers=("init", "seed", "layout", "losses", "float64"),
            tol=Tolerance(1e-12, 0.0),
            call=Call("train_autoencoder", (t(X5_SMALL), 3, 7), {"steps": 0, "hidden": 5}),
        ),
        TrajectoryCheck(
            name="loss history of the first 15 Adam steps",
            covers=("adam", "steps", "losses", "init"),
            part=(1,),
            tol=ADAM15,
            call=Call(
                "train_autoencoder", (t(X5_TRAIN), 4, 3), {"steps": 15, "lr": 0.02, "hidden": 8}
            ),
        ),
        LossThresholdCheck(
            name="held-out error (the grader's squared error summed over 400 digits, i.e. "
            "25600 x MSE) within 1.2 times the reference's",
            covers=("heldout", "adam", "steps", "returned", "device"),
            call=TRAIN5,
            params=tuple((0, i) for i in range(8)),
            loss=trusted_heldout_sse,
            factor=1.2,
            weight=2.0,
        ),
        SeedCheck(
            name="train_autoencoder depends on its seed alone and leaves the global RNGs alone",
            covers=("seed", "global-rng"),
            seed_arg="seed",
            call=Call("train_autoencoder", (t(X5_SMALL), 2), {"seed": 0, "steps": 2, "hidden": 4}),
        ),
        FlagsCheck(
            name="the returned parameters are detached float64 tensors",
            covers=("returned", "float64"),
            part=(0,),
            python_type="tuple",
            dtype="float64",
            requires_grad=False,
            call=SHORT5,
        ),
        FlagsCheck(
            name="losses is a float64 ndarray",
            covers=("losses-type",),
            part=(1,),
            python_type="ndarray",
            dtype="float64",
            call=SHORT5,
        ),
        ShapeCheck(
            name="train_autoencoder returns (params, losses) of the stated shapes",
            covers=("returned", "losses-type"),
            expect="the tuple (params, losses): eight tensors shaped as in the table, "
            "losses (steps,)",
            call=SHORT5,
        ),
        NoMutationCheck(
            name="train_autoencoder does not modify X",
            covers=("no-mutation",),
            call=SHORT5,
        ),
        ValueCheck(
            name="train_autoencoder with the default steps, lr and hidden",
            covers=("defaults",),
            tol=ADAM200,
            part=(1,),
            call=Call("train_autoencoder", (t(X5_SMALL), 2, 9)),
        ),
    ),
)

QUESTIONS = [q1, q2, q3, q4, q5]
