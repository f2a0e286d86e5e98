"""Reference solution for assignment 10_generative_models (GAN losses from logits, the VAE's
reparameterisation and loss, transposed-convolution shapes of a DCGAN generator, and a small
autoencoder trained on scikit-learn's digits).

This is the assignment's master: ``autograder assign`` generates the student notebook from it
(the solution regions become stubs) and the reference module is its header and answer cells.
An answer cell may only use the names imported by the notebook's setup cell (``math``, ``np``,
``torch``, ``F``, ``plt``, ``load_digits``) and the names it defines itself.

Conventions: every tensor is float64 (the setup cell makes it torch's default dtype); rows are
examples. Nothing here draws from a global random generator: the noise of the VAE is handed in,
and the autoencoder's initial weights come from a ``torch.Generator`` seeded by its argument.
"""

import math

import numpy as np
import torch
import torch.nn.functional as F


# %% [markdown]
# # Assignment 10: Generative models
#
# A **generative model** learns to produce new samples that look like the training data. This
# assignment implements the numerical core of the three families of the lecture:
#
# 1. **GAN losses** computed from the discriminator's logits, stably, and why the generator's
#    original ("saturating") loss stops learning when the discriminator wins.
# 2. The **reparameterisation trick** of a variational autoencoder (VAE) and the closed-form
#    **KL divergence** of two Gaussians.
# 3. The **VAE loss**: reconstruction plus KL, with an exactly specified reduction.
# 4. **Transposed convolutions**: the output-size formula and the shapes through a DCGAN generator.
# 5. A small **autoencoder** trained on scikit-learn's bundled 8x8 digits.
#
# ### How grading works
#
# * Each question has one **answer cell** with function stubs that `raise NotImplementedError`.
#   Replace the bodies with your implementation. Do **not** rename the functions, change their
#   arguments or move them into other cells: the grader looks them up by name.
# * Hidden tests call your functions on **inputs you do not see** (other shapes, seeds and edge
#   cases), so follow the contract written in each docstring, not just the printed numbers.
# * The **check cell** `check("...")` under each answer cell runs a few public checks. Passing them
#   is a good sign, not a grade.
# * Each answer cell must work on its own: do not call a function defined in *another* question's
#   answer cell (helpers of your own inside the same cell are fine).
# * Run the cells from top to bottom. The setup cell makes float64 the default torch dtype.
#
# **Conventions.** All tensors are float64 and rows are examples. Never modify the tensors you are
# given (no in-place operations such as `x.clamp_()` or `x += 1` on an argument).


# %% [setup]
import math

import numpy as np
import torch
import torch.nn.functional as F
import matplotlib.pyplot as plt
from sklearn.datasets import load_digits
from autograder.public import Checker

torch.set_default_dtype(torch.float64)
check = Checker("10_generative_models", globals())


# %% [question q1_gan_losses]
# A GAN trains two networks against each other. The **discriminator** $D$ looks at a sample and
# outputs one number, a **logit** $\ell$; the probability that the sample is real is
# $D = \sigma(\ell) = 1/(1 + e^{-\ell})$. The **generator** $G$ turns noise $z$ into fakes $G(z)$.
# Write $r_1, \dots, r_{n_r}$ for the logits of a batch of real samples and $f_1, \dots, f_{n_f}$
# for the logits of a batch of fakes (the two batches may have different sizes).
#
# **Discriminator loss** (minimised by $D$): real samples have label 1, fakes label 0, and the
# loss is the **sum of the two batch means** of the binary cross-entropy,
# $$L_D = -\frac{1}{n_r}\sum_{i=1}^{n_r} \log \sigma(r_i) \;-\; \frac{1}{n_f}\sum_{j=1}^{n_f} \log\bigl(1 - \sigma(f_j)\bigr).$$
# No label smoothing: the real label is exactly 1 (the lecture's example uses 0.9 for real labels,
# which changes every value; do not copy it).
#
# **Generator losses** (both minimised by $G$). The original minimax game lets $G$ minimise what
# $D$ maximises, the **saturating** loss
# $$L_G^{\text{sat}} = \frac{1}{n_f}\sum_j \log\bigl(1 - \sigma(f_j)\bigr) \quad (\le 0),$$
# while in practice one uses the **non-saturating** loss
# $$L_G^{\text{ns}} = -\frac{1}{n_f}\sum_j \log \sigma(f_j) \quad (\ge 0).$$
#
# **Work with logits.** With the softplus $\operatorname{sp}(x) = \log(1 + e^x)$,
# $$\log \sigma(\ell) = -\operatorname{sp}(-\ell), \qquad \log\bigl(1 - \sigma(\ell)\bigr) = -\operatorname{sp}(\ell),$$
# and $\operatorname{sp}(x) = \max(x, 0) + \log(1 + e^{-|x|})$ never overflows
# (`F.softplus`, `F.logsigmoid` and `F.binary_cross_entropy_with_logits` are all stable). Never
# write `torch.log(torch.sigmoid(l))`: at $\ell = -800$ the sigmoid rounds to exactly 0 and the
# logarithm is $-\infty$, and $1 - \sigma(800)$ is exactly 0 as well.
#
# **Saturation.** Differentiating the two generator losses with respect to a fake logit gives
# $$\frac{\partial L_G^{\text{sat}}}{\partial f_j} = -\frac{\sigma(f_j)}{n_f}, \qquad
#   \frac{\partial L_G^{\text{ns}}}{\partial f_j} = -\frac{1 - \sigma(f_j)}{n_f} = -\frac{\sigma(-f_j)}{n_f}.$$
# Early in training the discriminator rejects the fakes easily: $D(G(z)) = \sigma(f_j) \to 0$. Then
# the saturating gradient vanishes, while the non-saturating one tends to $-1/n_f$ and keeps
# pushing the generator. The explore cell plots both.
#
# **Worked example.** $r = (2, -1)$, $f = (-3, 0.5, 1)$:
# $L_D = 0.72009485 + 0.77864201 = 1.49873686$,
# $L_G^{\text{sat}} = -0.77864201$, $L_G^{\text{ns}} = 1.27864201$,
# saturating gradient $(-0.01580862, -0.20748644, -0.24368619)$,
# non-saturating gradient $(-0.31752471, -0.12584689, -0.08964714)$.
#
# **Your task.** Inputs are 1-D float64 tensors of logits. `d_loss` and `g_loss` return 0-d
# float64 tensors connected to the autograd graph (the grader backpropagates through them and
# compares the gradients with respect to the logits); `g_loss_grad` returns the closed-form
# gradient above without autograd. Values and gradients must be finite for logits as large as
# $\pm 800$.


# %% [answer]
def d_loss(d_real_logits, d_fake_logits):
    """Discriminator loss -mean(log sigmoid(r)) - mean(log(1 - sigmoid(f))) from logits.

    d_real_logits (n_r,), d_fake_logits (n_f,): 1-D float64 tensors, n_r and n_f may differ.
    Returns a 0-d float64 tensor connected to the autograd graph; finite for logits of +-800.
    """
    ### BEGIN SOLUTION
    return F.softplus(-d_real_logits).mean() + F.softplus(d_fake_logits).mean()
    ### END SOLUTION


def g_loss(d_fake_logits, saturating=False):
    """Generator loss from the fake logits f (n_f,).

    saturating=False (default): the non-saturating loss -mean(log sigmoid(f)).
    saturating=True: the saturating loss mean(log(1 - sigmoid(f))).
    Returns a 0-d float64 tensor connected to the autograd graph; finite for logits of +-800.
    """
    ### BEGIN SOLUTION
    if saturating:
        return -F.softplus(d_fake_logits).mean()
    return F.softplus(-d_fake_logits).mean()
    ### END SOLUTION


def g_loss_grad(d_fake_logits, saturating=False):
    """Gradient of g_loss(d_fake_logits, saturating) with respect to the logits, in closed form
    (no autograd): -sigmoid(f) / n_f (saturating) or -sigmoid(-f) / n_f (non-saturating).

    Returns a float64 tensor of the shape of d_fake_logits.
    """
    ### BEGIN SOLUTION
    n = d_fake_logits.shape[0]
    if saturating:
        return -torch.sigmoid(d_fake_logits) / n
    return -torch.sigmoid(-d_fake_logits) / n
    ### END SOLUTION


# %% [explore]
# How hard each generator loss pushes a fake, as a function of D(G(z)) = sigmoid(f): the
# saturating gradient vanishes exactly where the generator is worst (D(G(z)) near 0).
try:
    f_grid = torch.linspace(-12.0, 12.0, 241)
    d_of_g = torch.sigmoid(f_grid).numpy()
    fig, ax = plt.subplots(figsize=(6, 3.5))
    curves = ((True, "saturating  log(1 - D(G(z)))"), (False, "non-saturating  -log D(G(z))"))
    for sat, label in curves:
        per_sample = (g_loss_grad(f_grid, saturating=sat) * len(f_grid)).abs().numpy()
        ax.semilogy(d_of_g, per_sample, label=label)
    ax.set_xlabel("D(G(z))")
    ax.set_ylabel("|d loss / d logit| per sample")
    ax.legend()
    plt.show()
    extreme = torch.tensor([800.0, -800.0])
    print("d_loss at logits +-800:", d_loss(extreme, -extreme))
except NotImplementedError:
    print("implement the GAN losses first")


# %% [question q2_reparam_kl]
# A VAE's encoder maps an input to the parameters of a Gaussian over the latent code: a mean
# $\boldsymbol\mu$ and a **log-variance** $\log \boldsymbol\sigma^2$ (one entry per latent
# dimension; the log keeps the variance positive without constraints). Sampling
# $z \sim \mathcal N(\mu, \sigma^2)$ directly would block the gradient, so the
# **reparameterisation trick** draws the noise separately and shifts and scales it:
# $$z = \mu + \sigma \odot \varepsilon, \qquad \sigma = \exp\bigl(\tfrac12 \log\sigma^2\bigr), \qquad
#   \varepsilon \sim \mathcal N(0, I).$$
# Now $z$ is a differentiable function of $\mu$ and $\log\sigma^2$. The scale is the **standard
# deviation** $\sigma$: the lecture's formula multiplies by the covariance $\Sigma$ instead, which
# is an erratum (it would give the noise variance $\sigma^4$). Here the noise `eps` is **handed in**
# as an argument, so your function draws no random numbers and its result is reproducible.
#
# **The KL term.** The VAE keeps each code distribution close to the prior $\mathcal N(0, I)$. For a
# diagonal Gaussian the divergence has a closed form, summed over the $L$ latent dimensions:
# $$\mathrm{KL}\bigl(\mathcal N(\mu, \sigma^2) \,\|\, \mathcal N(0, I)\bigr)
#   = \frac12 \sum_{j=1}^{L} \bigl(\sigma_j^2 + \mu_j^2 - 1 - \log\sigma_j^2\bigr) \;\ge 0,$$
# with equality only for $\mu = 0$, $\log\sigma^2 = 0$. Use the given `log_var` for
# $\log\sigma^2$ and `torch.exp(log_var)` for $\sigma^2$; never take the logarithm of a variance
# you computed (for `log_var = -800` the variance rounds to 0 and its log is $-\infty$).
#
# **Worked example.** One example with $\mu = (0.5, -1)$, $\log\sigma^2 = (0, \log 4)$ and
# $\varepsilon = (1, -0.5)$: $\sigma = (1, 2)$, $z = (1.5, -2)$, and
# $\mathrm{KL} = \tfrac12\bigl[(1 + 0.25 - 1 - 0) + (4 + 1 - 1 - \log 4)\bigr] = 1.43185282$.
#
# **Your task.** `mu`, `log_var` and `eps` are float64 tensors of shape `(N, L)`.


# %% [answer]
def reparameterize(mu, log_var, eps):
    """z = mu + exp(log_var / 2) * eps, elementwise, with the noise eps handed in.

    mu, log_var, eps: float64 tensors (N, L). Returns a float64 tensor (N, L) that is
    differentiable with respect to mu and log_var. Draws no random numbers.
    """
    ### BEGIN SOLUTION
    return mu + torch.exp(0.5 * log_var) * eps
    ### END SOLUTION


def kl_normal(mu, log_var):
    """KL(N(mu, exp(log_var)) || N(0, I)) per example: 0.5 * sum_j (exp(lv) + mu^2 - 1 - lv).

    mu, log_var: float64 tensors (N, L). Returns a float64 tensor (N,) (summed over the latent
    dimensions, one value per example), differentiable; finite for log_var = -800.
    """
    ### BEGIN SOLUTION
    return 0.5 * torch.sum(torch.exp(log_var) + mu**2 - 1.0 - log_var, dim=1)
    ### END SOLUTION


# %% [explore]
# 2000 reparameterised samples of a 2-D code with mu = (1, -1), sigma = (0.5, 2): the noise is
# shifted by mu and stretched by the standard deviation.
try:
    gen = torch.Generator().manual_seed(0)
    eps_demo = torch.randn(2000, 2, generator=gen)
    mu_demo = torch.tensor([[1.0, -1.0]]).expand(2000, 2)
    lv_demo = torch.log(torch.tensor([[0.25, 4.0]])).expand(2000, 2)
    z_demo = reparameterize(mu_demo, lv_demo, eps_demo)
    fig, ax = plt.subplots(figsize=(4.5, 4.5))
    ax.scatter(eps_demo[:, 0], eps_demo[:, 1], s=3, alpha=0.4, label="eps ~ N(0, I)")
    ax.scatter(z_demo[:, 0], z_demo[:, 1], s=3, alpha=0.4, label="z = mu + sigma * eps")
    ax.set_aspect("equal")
    ax.legend(loc="upper right", fontsize=8)
    plt.show()
    print("sample std of z:", z_demo.std(dim=0))
    print("KL of this code:", kl_normal(mu_demo[:1], lv_demo[:1]))
except NotImplementedError:
    print("implement reparameterize and kl_normal first")


# %% [question q3_vae_loss]
# A VAE is trained by minimising the **negative ELBO**: a reconstruction error plus the KL term
# of question 2. Because "the loss" is summed or averaged in many different ways in papers and
# libraries, the reduction here is fixed exactly. For one example $i$ (the first axis of every
# argument indexes the examples):
#
# * `recon="mse"`: the **sum** of squared errors over all its pixels,
#   $\;R_i = \sum_{p} (\hat x_{ip} - x_{ip})^2$ (summed, not averaged: `F.mse_loss`'s default
#   `reduction="mean"` divides by the number of pixels);
# * `recon="bce"`: the binary cross-entropy **summed** over its pixels, with $\hat x$ the decoder's
#   probabilities and $x \in [0, 1]$,
#   $\;R_i = -\sum_p \bigl[x_{ip} \log \hat x_{ip} + (1 - x_{ip}) \log(1 - \hat x_{ip})\bigr]$, where
#   **each logarithm is clamped below at $-100$** (exactly what `F.binary_cross_entropy` does), so
#   that probabilities of exactly 0 or 1 give a large but finite loss;
# * $\mathrm{KL}_i = \tfrac12 \sum_j \bigl(e^{\log\sigma^2_{ij}} + \mu_{ij}^2 - 1 - \log\sigma^2_{ij}\bigr)$.
#
# The loss is the **mean over the batch** of $R_i + \mathrm{KL}_i$:
# $$\mathcal L = \frac1N \sum_{i=1}^N \bigl(R_i + \mathrm{KL}_i\bigr) \;\ge 0.$$
# Mind the sign: the ELBO is $-(R_i + \mathrm{KL}_i)$ up to constants and is *maximised*; the loss
# we minimise is its negative, the plus sign in both terms.
#
# `x` and `x_rec` have the same shape: `(N, D)`, or images `(N, C, H, W)` whose pixels are all the
# axes after the first. `mu` and `log_var` have shape `(N, L)`. Any `recon` other than the two
# strings `"mse"` and `"bce"` (lower case) raises a `ValueError` whose message contains the
# rejected value.
#
# **Worked example.** $x = \begin{pmatrix}1 & 0 & 0.5\\ 0 & 1 & 1\end{pmatrix}$,
# $\hat x = \begin{pmatrix}0.8 & 0.1 & 0.5\\ 0.3 & 0.6 & 0.9\end{pmatrix}$,
# $\mu = \begin{pmatrix}0.5 & -1\\ 0 & 0\end{pmatrix}$,
# $\log\sigma^2 = \begin{pmatrix}0 & \log 4\\ 0 & 0\end{pmatrix}$: the KL terms are $1.43185282$ and
# $0$, the squared errors $0.05$ and $0.26$, so `vae_loss(..., recon="mse")` $= 0.87092641$ and
# `vae_loss(..., recon="bce")` $= 1.71318258$.
#
# *This answer cell must not call `kl_normal` from question 2; write the KL term again here.*


# %% [answer]
def vae_loss(x, x_rec, mu, log_var, recon="mse"):
    """Negative ELBO: mean over the batch of (reconstruction error + KL), as a 0-d tensor.

    recon="mse": per example the SUM over pixels of (x_rec - x)^2.
    recon="bce": per example the SUM over pixels of -(x log x_rec + (1 - x) log(1 - x_rec)),
    each log clamped below at -100 (as F.binary_cross_entropy does).
    KL per example: 0.5 * sum_j (exp(log_var) + mu^2 - 1 - log_var).
    x, x_rec: (N, ...) float64; mu, log_var: (N, L). Returns a 0-d float64 tensor through which
    gradients reach x_rec, mu and log_var. Any other recon raises ValueError.
    """
    ### BEGIN SOLUTION
    if recon not in ("mse", "bce"):
        raise ValueError(f"recon must be 'mse' or 'bce', got {recon!r}")
    n = x.shape[0]
    if recon == "mse":
        per_pixel = (x_rec - x) ** 2
    else:
        log_p = torch.clamp(torch.log(x_rec), min=-100.0)
        log_q = torch.clamp(torch.log(1.0 - x_rec), min=-100.0)
        per_pixel = -(x * log_p + (1.0 - x) * log_q)
    rec = per_pixel.reshape(n, -1).sum(dim=1)
    kl = 0.5 * torch.sum(torch.exp(log_var) + mu**2 - 1.0 - log_var, dim=1)
    return torch.mean(rec + kl)
    ### END SOLUTION


# %% [explore]
# The two reconstruction terms for one pixel with target x = 1 as the decoder's probability moves:
# the squared error stays bounded, the cross-entropy explodes (and is clamped at 100).
try:
    p_grid = torch.linspace(0.0, 1.0, 201)
    zeros = torch.zeros(1, 1)
    ones = torch.ones(1, 1)
    mse_curve = [float(vae_loss(ones, p.reshape(1, 1), zeros, zeros, "mse")) for p in p_grid]
    bce_curve = [float(vae_loss(ones, p.reshape(1, 1), zeros, zeros, "bce")) for p in p_grid]
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(p_grid, mse_curve, label='recon="mse"')
    ax.plot(p_grid, bce_curve, label='recon="bce"')
    ax.set_ylim(0, 6)
    ax.set_xlabel("reconstructed probability (target 1)")
    ax.set_ylabel("loss")
    ax.legend()
    plt.show()
except NotImplementedError:
    print("implement vae_loss first")


# %% [question q4_transposed_conv]
# A DCGAN generator grows a noise vector into an image with **transposed convolutions**. Along one
# axis, a transposed convolution with kernel size $k$, stride $s$ and padding $p$ lets every
# **input** pixel scatter a copy of the kernel into the output, copies $s$ pixels apart, and adds
# the overlaps. $n$ input pixels give $(n - 1)s + k$ output pixels. Padding then works the other
# way round than in a convolution: it **removes** $p$ pixels from both ends. `output_padding` adds
# pixels on one side only; it exists because a stride-$s$ convolution maps several input sizes to
# the same output size, and it must be smaller than the stride. So
# $$n_\text{out} = (n - 1)\,s - 2p + k + \text{output\_padding}.$$
# (The lecture also pictures a transposed convolution as a convolution of the input dilated by
# $s - 1$ zeros between pixels and padded by $k - 1 - p$ on both sides; that gives the same size.
# Its padding $k - 1 - p$ is not the layer's $p$.)
#
# **The DCGAN generator** (the lecture's architecture, as in PyTorch's DCGAN example). The noise
# vector of length `z_dim` is a `(z_dim, 1, 1)` image. The first layer has kernel 4, stride 1,
# padding 0 ($1 \mapsto 4$); every following layer has kernel 4, stride 2, padding 1, which
# doubles the size. With the channel list $(1024, 512, 256, 128, 3)$:
# $$100 \times 1 \times 1 \to 1024 \times 4 \times 4 \to 512 \times 8 \times 8 \to 256 \times 16 \times 16
#   \to 128 \times 32 \times 32 \to 3 \times 64 \times 64 .$$
#
# **Your task.**
# * `convtranspose_out(n, k, s=1, p=0, output_padding=0)` returns $n_\text{out}$ as a Python `int`
#   (the same as `torch.nn.ConvTranspose2d` with dilation 1). It raises `ValueError` if $n$, $k$ or
#   $s$ is smaller than 1, if $p$ or `output_padding` is negative, if `output_padding` is not
#   smaller than $s$ (the message must mention `output_padding`), or if $n_\text{out}$ would be
#   smaller than 1.
# * `dcgan_shapes(z_dim=100, channels=(1024, 512, 256, 128, 3))` returns the list of `(C, H, W)`
#   tuples of Python ints from the noise image to the output image: `len(channels) + 1` entries,
#   starting with `(z_dim, 1, 1)`. It raises `ValueError` if `z_dim` is smaller than 1 or
#   `channels` is empty.
#
# **Worked example.** $n = 4$, $k = 3$, $s = 2$, $p = 1$: $3 \cdot 2 - 2 + 3 = 7$; with
# `output_padding=1`, 8. $n = 5$, $k = 4$, $s = 3$, $p = 2$: $12 - 4 + 4 = 12$.


# %% [answer]
def convtranspose_out(n, k, s=1, p=0, output_padding=0):
    """Output length (n - 1) * s - 2 * p + k + output_padding of a transposed convolution.

    Returns a Python int. Raises ValueError if n, k or s < 1, p < 0, output_padding < 0,
    output_padding >= s (message mentions output_padding), or the result would be < 1.
    """
    ### BEGIN SOLUTION
    if n < 1 or k < 1 or s < 1:
        raise ValueError(f"n, k and s must be at least 1, got n={n}, k={k}, s={s}")
    if p < 0:
        raise ValueError(f"padding p must be >= 0, got {p}")
    if output_padding < 0 or output_padding >= s:
        raise ValueError(f"output_padding must lie in 0..s-1, got {output_padding} with s={s}")
    out = (n - 1) * s - 2 * p + k + output_padding
    if out < 1:
        raise ValueError(f"the output size {out} is smaller than 1")
    return int(out)
    ### END SOLUTION


def dcgan_shapes(z_dim=100, channels=(1024, 512, 256, 128, 3)):
    """Shapes (C, H, W) through a DCGAN generator: [(z_dim, 1, 1), (channels[0], 4, 4), ...].

    First layer: kernel 4, stride 1, padding 0; every later layer: kernel 4, stride 2,
    padding 1. Returns a list of len(channels) + 1 tuples of Python ints. Raises ValueError if
    z_dim < 1 or channels is empty.
    """
    ### BEGIN SOLUTION
    if z_dim < 1:
        raise ValueError(f"z_dim must be at least 1, got {z_dim}")
    if len(channels) == 0:
        raise ValueError("channels must not be empty")
    shapes = [(int(z_dim), 1, 1)]
    size = 1
    for i, c in enumerate(channels):
        size = convtranspose_out(size, 4, 1, 0) if i == 0 else convtranspose_out(size, 4, 2, 1)
        shapes.append((int(c), size, size))
    return shapes
    ### END SOLUTION


# %% [explore]
# The formula against PyTorch's layer for a few settings, then the DCGAN ladder.
try:
    for n_, k_, s_, p_, op_ in ((4, 3, 2, 1, 0), (4, 3, 2, 1, 1), (5, 4, 3, 2, 0), (7, 5, 1, 2, 0)):
        layer = torch.nn.ConvTranspose2d(1, 1, k_, stride=s_, padding=p_, output_padding=op_)
        torch_n = layer(torch.zeros(1, 1, n_, n_)).shape[-1]
        formula_n = convtranspose_out(n_, k_, s_, p_, op_)
        print(f"n={n_} k={k_} s={s_} p={p_} output_padding={op_}: {formula_n}, torch {torch_n}")
    print(" -> ".join("x".join(map(str, shape)) for shape in dcgan_shapes()))
except NotImplementedError:
    print("implement convtranspose_out and dcgan_shapes first")


# %% [question q5_autoencoder]
# An **autoencoder** compresses each input to a short code and reconstructs the input from it. Ours
# works on scikit-learn's 8x8 digits, flattened to 64 pixels and scaled to $[0, 1]$ (divide by 16).
# For a batch `X` of shape `(N, 64)`, with `hidden` units in both hidden layers and a code of
# `latent_dim` numbers:
#
# | layer | computes | output shape |
# |---|---|---|
# | encoder | $H_1 = \tanh(X W_1 + b_1)$ | `(N, hidden)` |
# | code | $Z = H_1 W_2 + b_2$ (linear) | `(N, latent_dim)` |
# | decoder | $H_2 = \tanh(Z W_3 + b_3)$ | `(N, hidden)` |
# | reconstruction | $\hat X = \sigma(H_2 W_4 + b_4)$ (sigmoid: pixels in $(0, 1)$) | `(N, 64)` |
#
# Weights are stored `in x out`, like the lecture: $W_1$ is `(64, hidden)`, $W_2$ is
# `(hidden, latent_dim)`, $W_3$ is `(latent_dim, hidden)`, $W_4$ is `(hidden, 64)` (in general the
# input width `D = X.shape[1]` replaces 64). `params` is the tuple
# `(W1, b1, W2, b2, W3, b3, W4, b4)`.
#
# **Initial parameters, decided by the seed alone.** Create one generator
# `g = torch.Generator().manual_seed(seed)` (on the CPU) and draw, layer by layer in the order
# above, `W = torch.randn((n_in, n_out), generator=g, dtype=torch.float64) / math.sqrt(n_in)`;
# every bias starts at zero. Never call `torch.manual_seed` or draw from the global generators
# (constructing a `torch.nn.Linear` draws its default weights from the global generator: build the
# tensors yourself, or create the layer with `torch.nn.utils.skip_init`).
# Then move the parameters to the device of `X` (`X` may live on a GPU: the same seed then gives
# the same initial values).
#
# **Training.** Full-batch Adam (`torch.optim.Adam(params, lr=lr)`) on the mean squared error over
# all entries, $\frac{1}{N D}\sum (\hat X - X)^2$, for exactly `steps` updates. Each step:
# compute the loss, record it, `zero_grad()`, `backward()`, `step()`; so `losses[t]` is the loss
# *before* update `t + 1`, and `steps=0` returns the initial parameters. Everything is float64.
#
# **What the reference gets.** On the notebook's split (the digits at the first 1000 positions of
# `np.random.default_rng(0).permutation(1797)` for training, the other 797 held out),
# `latent_dim=8`, `seed=0`, 200 steps with `lr=0.01` and `hidden=16`: training MSE 0.18593506
# before the first step and held-out MSE 0.03062009 at the end. The grader trains your function on
# a split you do not see and computes the held-out MSE of the parameters you return itself; it
# must be within 1.2 times the reference's.


# %% [answer]
def ae_forward(params, X):
    """Autoencoder forward pass. params = (W1, b1, W2, b2, W3, b3, W4, b4), X (N, D).

    Returns (Z, X_rec): the code Z (N, latent_dim) = tanh(X W1 + b1) W2 + b2 and the
    reconstruction X_rec (N, D) = sigmoid(tanh(Z W3 + b3) W4 + b4); differentiable with respect
    to the parameters.
    """
    ### BEGIN SOLUTION
    W1, b1, W2, b2, W3, b3, W4, b4 = params
    Z = torch.tanh(X @ W1 + b1) @ W2 + b2
    return Z, torch.sigmoid(torch.tanh(Z @ W3 + b3) @ W4 + b4)
    ### END SOLUTION


def train_autoencoder(X, latent_dim, seed, steps=200, lr=0.01, hidden=16):
    """Train the autoencoder on X (N, D) (a float64 tensor on any device) with full-batch Adam.

    Initial weights from torch.Generator().manual_seed(seed) on the CPU, W = randn(n_in, n_out)
    / sqrt(n_in) layer by layer, biases zero; the global random generators are left untouched.
    Returns (params, losses): params the tuple (W1, b1, W2, b2, W3, b3, W4, b4) of detached
    float64 tensors on X's device, losses a float64 np.ndarray (steps,) of the MSE before each
    update. X is not modified.
    """
    ### BEGIN SOLUTION
    g = torch.Generator().manual_seed(seed)
    d = X.shape[1]
    sizes = (d, hidden, latent_dim, hidden, d)
    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        w = torch.randn((n_in, n_out), generator=g, dtype=torch.float64) / math.sqrt(n_in)
        params.append(w.to(X.device).requires_grad_(True))
        params.append(torch.zeros(n_out, dtype=torch.float64, device=X.device, requires_grad=True))
    optimizer = torch.optim.Adam(params, lr=lr)
    losses = []
    for _ in range(steps):
        Z = torch.tanh(X @ params[0] + params[1]) @ params[2] + params[3]
        X_rec = torch.sigmoid(torch.tanh(Z @ params[4] + params[5]) @ params[6] + params[7])
        loss = torch.mean((X_rec - X) ** 2)
        losses.append(loss.item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return tuple(p.detach() for p in params), np.array(losses, dtype=np.float64)
    ### END SOLUTION


# %% [explore]
# Train on 1000 digits with a 2-D code (to draw it) and with an 8-D code (better reconstructions).
try:
    digits = load_digits()
    perm = np.random.default_rng(0).permutation(len(digits.target))
    X_all = torch.tensor(digits.data / 16.0)
    X_tr, X_te = X_all[perm[:1000]], X_all[perm[1000:]]
    params8, hist8 = train_autoencoder(X_tr, 8, seed=0)
    params2, hist2 = train_autoencoder(X_tr, 2, seed=0)
    with torch.no_grad():
        Z2, _ = ae_forward(params2, X_te)
        _, rec8 = ae_forward(params8, X_te)
    print("held-out MSE, latent 8:", float(torch.mean((rec8 - X_te) ** 2)))
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    axes[0].semilogy(hist8, label="latent 8")
    axes[0].semilogy(hist2, label="latent 2")
    axes[0].set_xlabel("Adam step")
    axes[0].set_ylabel("training MSE")
    axes[0].legend()
    sc = axes[1].scatter(Z2[:, 0], Z2[:, 1], c=digits.target[perm[1000:]], cmap="tab10", s=6)
    fig.colorbar(sc, ax=axes[1])
    axes[1].set_title("2-D codes of held-out digits")
    pairs = torch.cat([X_te[:6], rec8[:6]]).reshape(2, 6, 8, 8).permute(0, 2, 1, 3).reshape(16, 48)
    axes[2].imshow(pairs, cmap="gray_r")
    axes[2].set_title("top: digits, bottom: reconstructions")
    axes[2].axis("off")
    plt.show()
except NotImplementedError:
    print("implement the autoencoder first")
