"""Reference solution for assignment 06_cnn (convolutional neural networks).

This is the assignment's master: ``autograder assign`` generates the student notebook from it
(the solution regions become stubs) and the reference module is its header and answer cells.
An answer cell may only use the names imported by the notebook's setup
cell (``np``, ``torch``, ``nn``, ``F``, ``plt``) and the names it defines itself.

Conventions: images are channel-first like PyTorch, a batch has shape ``(N, C, H, W)``; NumPy work
is float64. "Convolution" in a CNN is cross-correlation: the kernel is never flipped.
"""

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


# %% [markdown]
# # Assignment 06: Convolutional neural networks
#
# A convolutional layer slides a small kernel over an image and computes one weighted sum per
# position. This assignment builds the pieces of a CNN by hand and then trains a small one:
#
# 1. **Output sizes** of convolution, pooling and transposed convolution (padding, stride, dilation).
# 2. **Convolution in NumPy**: the cross-correlation that deep-learning libraries call "convolution",
#    and the true (flipped-kernel) convolution of signal processing.
# 3. **Pooling**: max and average.
# 4. **Transposed convolution**, the upsampling layer of decoders and segmentation networks.
# 5. **Batch normalisation** in training mode, in PyTorch.
# 6. **Weight initialisation**: Glorot/Xavier and He.
# 7. **A small CNN** trained on scikit-learn's bundled 8x8 digits.
#
# ### How grading works
#
# * Each question has one **answer cell** with function stubs that `raise NotImplementedError`.
#   Replace the bodies with your code. Do **not** rename the functions or change their arguments:
#   the grader calls them by name.
# * Answers are graded by **hidden tests** on inputs you do not see (other shapes, strides, seeds,
#   edge cases). The `check(...)` cell below each answer runs the **public checks**, built from the
#   worked examples in the text. Passing them is a good sign, not a guarantee.
# * Convention: images are **channel-first** like PyTorch. A batch has shape `(N, C, H, W)`: `N`
#   images, `C` channels, height `H`, width `W`. (Keras uses channel-last `(N, H, W, C)`.)
# * NumPy answers work in `float64`. Do not modify the arrays you are given.


# %% [setup]
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import matplotlib.pyplot as plt
from sklearn.datasets import load_digits
from autograder.public import Checker

check = Checker("06_cnn", globals())


# %% [question q1_output_size]
# Take one spatial axis of length $n$ and a kernel of length $k$. Three settings change how many
# positions the kernel visits:
#
# * **padding** $p$: $p$ zeros are added at *both* ends, so the padded axis has $n + 2p$ entries;
# * **stride** $s$: the kernel jumps $s$ pixels between positions;
# * **dilation** $d$: the kernel taps are $d$ pixels apart, so a kernel of $k$ taps spans
#   $d(k-1) + 1$ pixels. A $3\times 3$ kernel with $d = 2$ covers a $5\times 5$ patch.
#
# The kernel must fit completely, so the number of positions is
# $$n_\text{out} = \left\lfloor \frac{n + 2p - d(k-1) - 1}{s} \right\rfloor + 1 .$$
# The floor matters: leftover pixels that cannot hold a full kernel are dropped. With $d = 1$ this is
# the familiar $\lfloor (n + 2p - k)/s \rfloor + 1$.
#
# **Pooling** uses the same formula with a window of size $k$, no padding, and by default a stride
# equal to the window ($s = k$), so windows do not overlap.
#
# **Worked example.** An MNIST image of $28 \times 28$ pixels through a valid ($p = 0$) $3\times 3$
# convolution gives $\lfloor 25/1 \rfloor + 1 = 26$. Max pooling $3\times 3$ with stride 3 then gives
# $\lfloor (26 - 3)/3 \rfloor + 1 = 7 + 1 = 8$, so an $8 \times 8$ map. (The lecture's printout shows
# 12 here; that printout is wrong, the formula and PyTorch both give 8.) A $600 \times 800$ photo
# pooled with window 4 becomes $150 \times 200$.
#
# **Transposed convolution** (question 4) runs the size formula backwards:
# $$n_\text{out} = (n - 1)\,s - 2p + d(k-1) + \text{output\_padding} + 1 .$$
# Example: $n = 4$, $k = 3$, $s = 2$, $p = 1$ gives $3 \cdot 2 - 2 + 2 + 1 = 7$.
# `output_padding` (added on one side only) resolves the ambiguity that several input sizes map to
# the same output size under a strided convolution.
#
# **Your task.** Implement the three size functions. They return a Python `int` and raise
# `ValueError` when the result would be smaller than 1 (for convolution: when the dilated kernel does
# not fit into the padded input).


# %% [answer]
def conv_output_size(n, k, stride=1, padding=0, dilation=1):
    """Output length of a convolution: floor((n + 2p - d(k - 1) - 1) / s) + 1.

    Returns an int. Raises ValueError if the dilated kernel (span d(k - 1) + 1) does not fit
    into the padded length n + 2p.
    """
    ### BEGIN SOLUTION
    span = dilation * (k - 1) + 1  # the dilated kernel covers this many input pixels
    room = n + 2 * padding - span
    if room < 0:
        raise ValueError(f"a kernel spanning {span} pixels does not fit into {n} + 2*{padding}")
    return room // stride + 1
    ### END SOLUTION


def pool_output_size(n, size, stride=None):
    """Output length of pooling with a window of `size`, no padding; stride defaults to size.

    Returns an int; ValueError if the window does not fit.
    """
    ### BEGIN SOLUTION
    stride = size if stride is None else stride
    return conv_output_size(n, size, stride=stride)
    ### END SOLUTION


def conv_transpose_output_size(n, k, stride=1, padding=0, output_padding=0, dilation=1):
    """Output length of a transposed convolution: (n - 1)s - 2p + d(k - 1) + output_padding + 1.

    Returns an int; ValueError if the result is smaller than 1.
    """
    ### BEGIN SOLUTION
    out = (n - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1
    if out < 1:
        raise ValueError(f"transposed convolution output size {out} < 1")
    return out
    ### END SOLUTION


# %% [explore]
# The shapes through the lecture's MNIST model: 28 -> conv 3x3 -> pool 3/3, compared with PyTorch.
try:
    n1 = conv_output_size(28, 3)
    n2 = pool_output_size(n1, 3)
    t = F.max_pool2d(F.conv2d(torch.zeros(1, 1, 28, 28), torch.zeros(1, 1, 3, 3)), 3)
    print(f"formula: 28 -> {n1} -> {n2};  PyTorch: {tuple(t.shape[2:])}")
except NotImplementedError:
    print("implement the size functions first")


# %% [question q2_conv2d]
# A convolutional layer with weights $w$ of shape $(C_\text{out}, C_\text{in}, k_H, k_W)$ and bias
# $b$ of shape $(C_\text{out},)$ maps an input $x$ of shape $(N, C_\text{in}, H, W)$ (zero-padded by
# $p$ on every border) to
# $$y[n, o, i, j] = b[o] + \sum_{c=0}^{C_\text{in}-1} \sum_{a=0}^{k_H-1} \sum_{b'=0}^{k_W-1}
#   w[o, c, a, b']\; x_\text{pad}[n, c,\; i s + a d,\; j s + b' d].$$
# Each output pixel is a multiply-accumulate of the kernel with one patch of the input, summed over
# all input channels (the kernel is a "volume"). The output height and width come from question 1.
#
# **This is cross-correlation.** The kernel is *not* flipped. Signal processing defines the
# convolution with a flipped kernel,
# $$(x * k)[i, j] = \sum_{a, b'} k[k_H - 1 - a,\; k_W - 1 - b']\; x[i + a, j + b'] \quad
#   \text{("valid" part)},$$
# which is cross-correlation with `k[::-1, ::-1]`. For a CNN the difference does not matter (the
# network learns the flipped kernel instead), but results differ whenever the kernel is not symmetric.
# `torch.nn.functional.conv2d` and Keras' `Conv2D` both compute cross-correlation.
#
# **Worked example.** $x$ = the $4\times 4$ ramp `np.arange(16.).reshape(1, 1, 4, 4)`, kernel
# $\begin{pmatrix}1 & 0\\0 & -1\end{pmatrix}$: every output is $x[i, j] - x[i+1, j+1] = -5$, a
# $3\times 3$ map of $-5$. For the image $\begin{pmatrix}1&2&0\\0&1&3\\2&0&1\end{pmatrix}$ and kernel
# $\begin{pmatrix}1&2\\3&4\end{pmatrix}$ the true convolution uses $\begin{pmatrix}4&3\\2&1\end{pmatrix}$,
# giving $\begin{pmatrix}4+6+0+1 & 8+0+2+3\\ 0+3+4+0 & 4+9+0+1\end{pmatrix} =
# \begin{pmatrix}11 & 13\\ 7 & 14\end{pmatrix}$.
#
# **Your task.** `conv2d` (cross-correlation with bias, stride, padding, dilation; float64 output
# of shape $(N, C_\text{out}, H_\text{out}, W_\text{out})$) and `convolve2d` (true convolution of one
# 2-D image, valid part only). Loops are fine; `np.lib.stride_tricks.sliding_window_view` and
# `np.einsum` make it fast.


# %% [answer]
def conv2d(x, w, b=None, stride=1, padding=0, dilation=1):
    """Cross-correlation of x (N, C_in, H, W) with w (C_out, C_in, kH, kW), plus bias b (C_out,).

    No kernel flip. b=None means no bias. Zero padding of `padding` pixels on all four borders.
    Returns a float64 np.ndarray (N, C_out, H_out, W_out), sizes as in conv_output_size.
    Must equal torch.nn.functional.conv2d on the same inputs. x and w are not modified.
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    kh, kw = w.shape[2], w.shape[3]
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    span_h, span_w = dilation * (kh - 1) + 1, dilation * (kw - 1) + 1
    # windows[n, c, i, j, a, b] = xp[n, c, i + a, j + b] for every top-left corner (i, j)
    windows = np.lib.stride_tricks.sliding_window_view(xp, (span_h, span_w), axis=(2, 3))
    windows = windows[:, :, ::stride, ::stride, ::dilation, ::dilation]
    out = np.einsum("ncijab,ocab->noij", windows, w)
    if b is not None:
        out = out + np.asarray(b, dtype=np.float64)[None, :, None, None]
    return np.ascontiguousarray(out)
    ### END SOLUTION


def convolve2d(x, k):
    """True 2-D convolution of one image x (H, W) with k (kH, kW): the kernel is flipped.

    Only the "valid" part: float64 np.ndarray (H - kH + 1, W - kW + 1).
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    k = np.asarray(k, dtype=np.float64)
    return conv2d(x[None, None], k[::-1, ::-1][None, None])[0, 0]
    ### END SOLUTION


# %% [explore]
# Compare with PyTorch, then show an edge-detecting kernel on a digit: correlation vs convolution.
try:
    rng = np.random.default_rng(0)
    xr, wr = rng.normal(size=(2, 3, 9, 8)), rng.normal(size=(4, 3, 3, 3))
    mine = conv2d(xr, wr, stride=2, padding=1, dilation=2)
    theirs = F.conv2d(torch.tensor(xr), torch.tensor(wr), stride=2, padding=1, dilation=2).numpy()
    print("max |conv2d - torch conv2d| =", np.abs(mine - theirs).max())
    digit = load_digits().images[0]
    sobel = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
    fig, axes = plt.subplots(1, 3, figsize=(9, 3))
    for ax, img, title in zip(axes, [digit, conv2d(digit[None, None], sobel[None, None])[0, 0],
                                     convolve2d(digit, sobel)],
                              ["digit", "cross-correlation", "convolution (flipped)"]):
        ax.imshow(img, cmap="gray")
        ax.set_title(title)
        ax.axis("off")
    plt.show()
except NotImplementedError:
    print("implement conv2d and convolve2d first")


# %% [question q3_pool2d]
# Pooling shrinks a feature map by summarising each window of $k \times k$ pixels, channel by channel:
# **max pooling** keeps the largest value, **average pooling** the mean. There is no padding, the
# stride defaults to the window size, and incomplete windows at the right and bottom borders are
# dropped (the floor in the size formula). The channel count does not change.
#
# **Worked example.** For
# $$x = \begin{pmatrix}1&3&2&0\\4&2&1&5\\0&1&7&2\\6&2&3&1\end{pmatrix}$$
# $2\times 2$ max pooling gives $\begin{pmatrix}4&5\\6&7\end{pmatrix}$ and average pooling
# $\begin{pmatrix}2.5&2\\2.25&3.25\end{pmatrix}$.
#
# **Your task.** `pool2d(x, size, stride=None, mode="max")` for $x$ of shape $(N, C, H, W)$, returning
# float64 $(N, C, H_\text{out}, W_\text{out})$; `mode` is `"max"` or `"avg"`, anything else raises
# `ValueError`.


# %% [answer]
def pool2d(x, size, stride=None, mode="max"):
    """Max ("max") or average ("avg") pooling of x (N, C, H, W) over size x size windows.

    No padding; stride defaults to size; incomplete border windows are dropped.
    Returns a float64 np.ndarray (N, C, (H - size)//stride + 1, (W - size)//stride + 1).
    Raises ValueError for any other mode. x is not modified.
    """
    ### BEGIN SOLUTION
    if mode not in ("max", "avg"):
        raise ValueError(f"unknown pooling mode {mode!r}")
    stride = size if stride is None else stride
    x = np.asarray(x, dtype=np.float64)
    windows = np.lib.stride_tricks.sliding_window_view(x, (size, size), axis=(2, 3))
    windows = windows[:, :, ::stride, ::stride]
    if mode == "max":
        return np.ascontiguousarray(windows.max(axis=(4, 5)))
    return np.ascontiguousarray(windows.mean(axis=(4, 5)))
    ### END SOLUTION


# %% [explore]
try:
    digit = load_digits().images[3][None, None]
    fig, axes = plt.subplots(1, 3, figsize=(9, 3))
    for ax, img, title in zip(axes, [digit, pool2d(digit, 2), pool2d(digit, 2, mode="avg")],
                              ["8x8 digit", "2x2 max pool", "2x2 average pool"]):
        ax.imshow(img[0, 0], cmap="gray")
        ax.set_title(title)
        ax.axis("off")
    plt.show()
except NotImplementedError:
    print("implement pool2d first")


# %% [question q4_conv_transpose]
# A transposed convolution goes the other way round: each **input** pixel scatters a copy of the
# kernel, scaled by its value, into the output. With stride $s$ the copy for input pixel $(i, j)$
# starts at output position $(i s, j s)$; overlapping copies add up. With several channels and
# weights $w$ of shape $(C_\text{in}, C_\text{out}, k_H, k_W)$ (PyTorch's layout for
# `conv_transpose2d`: input channels first):
# $$z[n, o, i s + a, j s + b'] \mathrel{+}= \sum_c x[n, c, i, j]\; w[c, o, a, b'] .$$
# The full result $z$ has size $(H-1)s + k_H$ by $(W-1)s + k_W$. Padding $p$ then **removes** $p$
# rows/columns from every border (it undoes the padding of the matching forward convolution), which
# gives the size formula of question 1. It is called "transposed" because, written as a matrix
# acting on the flattened image, it is the transpose of the matrix of the forward convolution with
# the same settings; it restores the *shape*, not the values.
#
# **Worked example.** $x = \begin{pmatrix}1&2\\3&4\end{pmatrix}$, kernel
# $\begin{pmatrix}1&1\\0&1\end{pmatrix}$. With stride 2 the four copies do not overlap:
# $$\begin{pmatrix}1&1&2&2\\0&1&0&2\\3&3&4&4\\0&3&0&4\end{pmatrix}.$$
# With stride 1 they overlap on a $3\times 3$ grid:
# $\begin{pmatrix}1&3&2\\3&8&6\\0&3&4\end{pmatrix}$.
#
# **Your task.** `conv_transpose2d(x, w, stride=1, padding=0)` (no bias, no dilation), equal to
# `torch.nn.functional.conv_transpose2d`.


# %% [answer]
def conv_transpose2d(x, w, stride=1, padding=0):
    """Transposed convolution of x (N, C_in, H, W) with w (C_in, C_out, kH, kW), PyTorch layout.

    Returns a float64 np.ndarray (N, C_out, (H - 1)stride - 2 padding + kH,
    (W - 1)stride - 2 padding + kW). x and w are not modified.
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    n, _, h, wd = x.shape
    c_out, kh, kw = w.shape[1], w.shape[2], w.shape[3]
    full = np.zeros((n, c_out, (h - 1) * stride + kh, (wd - 1) * stride + kw))
    for i in range(h):
        for j in range(wd):
            # contribution of pixel (i, j): sum over input channels of x * kernel
            patch = np.einsum("nc,cokl->nokl", x[:, :, i, j], w)
            full[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw] += patch
    return full[:, :, padding:full.shape[2] - padding, padding:full.shape[3] - padding].copy()
    ### END SOLUTION


# %% [explore]
try:
    rng = np.random.default_rng(1)
    xr, wr = rng.normal(size=(1, 2, 3, 3)), rng.normal(size=(2, 3, 3, 3))
    ref = F.conv_transpose2d(torch.tensor(xr), torch.tensor(wr), stride=2, padding=1).numpy()
    print("max |conv_transpose2d - torch| =",
          np.abs(conv_transpose2d(xr, wr, stride=2, padding=1) - ref).max())
except NotImplementedError:
    print("implement conv_transpose2d first")


# %% [question q5_batchnorm]
# Batch normalisation standardises every channel with statistics of the current mini-batch and then
# applies a learnable scale $\gamma$ and shift $\beta$ (one each per channel). For a channel, let the
# $m$ values $x_1, \dots, x_m$ be all entries of that channel in the batch (for images: over $N$, $H$
# and $W$, so $m = N H W$). In **training mode**:
# $$\mu_B = \frac{1}{m}\sum_i x_i, \qquad \sigma_B^2 = \frac{1}{m}\sum_i (x_i - \mu_B)^2, \qquad
#   \hat{x}_i = \frac{x_i - \mu_B}{\sqrt{\sigma_B^2 + \varepsilon}}, \qquad y_i = \gamma\,\hat{x}_i + \beta .$$
# Two details matter: the variance is the **biased** one (divide by $m$, not $m - 1$), and
# $\varepsilon$ (default $10^{-5}$) goes **inside** the square root.
#
# At test time there is no batch, so the layer keeps **running statistics**, updated after each
# training batch with a momentum $\alpha$ (PyTorch default 0.1):
# $$\mu_\text{run} \leftarrow (1-\alpha)\mu_\text{run} + \alpha \mu_B, \qquad
#   \sigma^2_\text{run} \leftarrow (1-\alpha)\sigma^2_\text{run} + \alpha\, \frac{m}{m-1}\sigma_B^2 .$$
# PyTorch stores the **unbiased** variance ($m-1$ in the denominator) in the running estimate, while
# it normalises the batch with the biased one.
#
# **Worked example.** $x = \begin{pmatrix}1&10\\2&20\\3&30\\6&60\end{pmatrix}$ (4 examples, 2
# features), $\gamma = 1$, $\beta = 0$: column 0 has $\mu = 3$, $\sigma^2 = (4+1+0+9)/4 = 3.5$, so
# $\hat{x} = (-2, -1, 0, 3)/\sqrt{3.5 + 10^{-5}} \approx (-1.0690, -0.5345, 0, 1.6036)$; column 1
# is column 0 times 10, $\sigma^2 = 350$, and gives almost the same values.
#
# **Your task.** In PyTorch (so that autograd can differentiate it; the grader backpropagates
# through `batchnorm_forward` and compares the gradients with respect to `x`, `gamma`, `beta`):
# * `batchnorm_forward(x, gamma, beta, eps=1e-5)` for $x$ of shape $(N, C)$ or $(N, C, H, W)$;
# * `update_running_stats(running_mean, running_var, x, momentum=0.1)` returning the new pair.


# %% [answer]
def batchnorm_forward(x, gamma, beta, eps=1e-5):
    """Training-mode batch norm. x: tensor (N, C) or (N, C, H, W); gamma, beta: tensors (C,).

    Per-channel mean and *biased* variance over all axes except axis 1; eps inside the sqrt.
    Returns a tensor of x's shape and dtype, differentiable w.r.t. x, gamma and beta.
    Must equal torch.nn.functional.batch_norm(x, None, None, gamma, beta, training=True, eps=eps).
    """
    ### BEGIN SOLUTION
    dims = [0, *range(2, x.dim())]
    shape = [1, -1] + [1] * (x.dim() - 2)
    mean = x.mean(dim=dims, keepdim=True)
    var = ((x - mean) ** 2).mean(dim=dims, keepdim=True)
    x_hat = (x - mean) / torch.sqrt(var + eps)
    return gamma.reshape(shape) * x_hat + beta.reshape(shape)
    ### END SOLUTION


def update_running_stats(running_mean, running_var, x, momentum=0.1):
    """Return (new_running_mean, new_running_var), tensors (C,), after one batch x.

    new = (1 - momentum) * old + momentum * batch statistic, where the batch variance is the
    *unbiased* one (divide by m - 1). The inputs are not modified.
    """
    ### BEGIN SOLUTION
    with torch.no_grad():
        dims = [0, *range(2, x.dim())]
        m = x.numel() // x.shape[1]
        mean = x.mean(dim=dims)
        var_unbiased = ((x - mean.reshape([1, -1] + [1] * (x.dim() - 2))) ** 2).sum(dim=dims) \
            / (m - 1)
        new_mean = (1 - momentum) * running_mean + momentum * mean
        new_var = (1 - momentum) * running_var + momentum * var_unbiased
    return new_mean, new_var
    ### END SOLUTION


# %% [explore]
try:
    gen = torch.Generator().manual_seed(0)
    xb = torch.randn(8, 3, 4, 4, generator=gen, dtype=torch.float64) * 3 + 2
    gb, bb = torch.tensor([1.0, 2.0, 0.5], dtype=torch.float64), torch.zeros(3, dtype=torch.float64)
    rm, rv = torch.zeros(3, dtype=torch.float64), torch.ones(3, dtype=torch.float64)
    ref = F.batch_norm(xb, rm, rv, gb, bb, training=True, momentum=0.1)
    print("max |batchnorm_forward - torch| =", (batchnorm_forward(xb, gb, bb) - ref).abs().max().item())
    mean, var = update_running_stats(torch.zeros(3, dtype=torch.float64),
                                     torch.ones(3, dtype=torch.float64), xb)
    print("running stats match torch:", torch.allclose(mean, rm), torch.allclose(var, rv))
except NotImplementedError:
    print("implement batchnorm_forward and update_running_stats first")


# %% [question q6_init]
# If the weights of a layer with $n_\text{in}$ inputs are drawn independently with variance
# $\operatorname{Var}(w)$, the variance of a pre-activation is about
# $n_\text{in}\operatorname{Var}(w)\operatorname{Var}(a)$. To keep signals from exploding or vanishing
# through many layers, $n_\text{in}\operatorname{Var}(w)$ should be about 1.
#
# * **Glorot / Xavier** (for tanh/sigmoid) compromises between the forward pass ($n_\text{in}$) and
#   the backward pass ($n_\text{out}$): $\operatorname{Var}(w) = \dfrac{2}{n_\text{in} + n_\text{out}}$.
#   A uniform distribution $U(-a, a)$ has variance $a^2/3$, so the **bound** is
#   $$a = \sqrt{\frac{6}{n_\text{in} + n_\text{out}}} .$$
#   (The lecture's `xavier()` helper *divides* by this square root instead of multiplying: its weights
#   are far too large, every tanh unit saturates at $\pm 1$, and the "unit variance after 50 layers"
#   it reports is saturation, not healthy signal. Do not copy it.)
# * **He / Kaiming** (for ReLU, which zeroes half of its inputs) doubles the variance:
#   $\operatorname{Var}(w) = \dfrac{2}{n_\text{in}}$, i.e. a normal distribution with
#   **standard deviation** $\sqrt{2/n_\text{in}}$. (The lecture calls $\sqrt{2/n}$ the variance; it
#   is the standard deviation.)
#
# **Worked example.** $n_\text{in} = 3$, $n_\text{out} = 5$: $a = \sqrt{6/8} \approx 0.8660$.
# $n_\text{in} = 50$: He std $= \sqrt{2/50} = 0.2$.
#
# **Your task.** The two formulas, and two samplers that return a float64 tensor of shape
# $(n_\text{out}, n_\text{in})$ (PyTorch's `nn.Linear` layout) using their own generator
# `torch.Generator().manual_seed(seed)` (never the global random state). The grader checks the
# samples statistically: the sample variance, the bound, and the shape of the distribution.


# %% [answer]
def glorot_uniform_bound(n_in, n_out):
    """Glorot/Xavier uniform limit a = sqrt(6 / (n_in + n_out)), as a Python float."""
    ### BEGIN SOLUTION
    return float(np.sqrt(6.0 / (n_in + n_out)))
    ### END SOLUTION


def he_normal_std(n_in):
    """He/Kaiming normal standard deviation sqrt(2 / n_in), as a Python float."""
    ### BEGIN SOLUTION
    return float(np.sqrt(2.0 / n_in))
    ### END SOLUTION


def glorot_uniform(n_in, n_out, seed):
    """Float64 tensor (n_out, n_in) with entries ~ U(-a, a), a = glorot_uniform_bound(...).

    Draw with torch.Generator().manual_seed(seed).
    """
    ### BEGIN SOLUTION
    gen = torch.Generator().manual_seed(seed)
    a = glorot_uniform_bound(n_in, n_out)
    u = torch.rand((n_out, n_in), generator=gen, dtype=torch.float64)
    return (2.0 * u - 1.0) * a
    ### END SOLUTION


def he_normal(n_in, n_out, seed):
    """Float64 tensor (n_out, n_in) with entries ~ N(0, 2 / n_in).

    Draw with torch.Generator().manual_seed(seed).
    """
    ### BEGIN SOLUTION
    gen = torch.Generator().manual_seed(seed)
    z = torch.randn((n_out, n_in), generator=gen, dtype=torch.float64)
    return z * he_normal_std(n_in)
    ### END SOLUTION


# %% [explore]
# Push 100 random inputs through 50 tanh layers of width 256 and follow the activation std.
# Correct Glorot keeps a small but non-zero signal; the lecture's divided version saturates at 1.
try:
    width, depth = 256, 50
    stds = {"Glorot": [], "lecture's xavier() (bug)": []}
    for name in stds:
        a = torch.randn(100, width, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
        for layer in range(depth):
            W = glorot_uniform(width, width, seed=layer)
            if name != "Glorot":
                W = W / glorot_uniform_bound(width, width) ** 2  # U(-1/a, 1/a) instead of U(-a, a)
            a = torch.tanh(a @ W.T)
            stds[name].append(a.std().item())
    for name, s in stds.items():
        plt.plot(range(1, depth + 1), s, label=name)
    plt.xlabel("layer")
    plt.ylabel("std of tanh activations")
    plt.yscale("log")
    plt.legend()
    plt.show()
except NotImplementedError:
    print("implement glorot_uniform_bound and glorot_uniform first")


# %% [question q7_digits_cnn]
# scikit-learn ships 1797 handwritten digits as $8\times 8$ images with pixel values $0, \dots, 16$
# (`load_digits()`, nothing to download). The network:
#
# | layer | output shape |
# |---|---|
# | input (scaled to $[0, 1]$ by dividing by 16) | $(N, 1, 8, 8)$ |
# | `conv_block`: $3\times 3$ conv 1→8, padding 1; ReLU; $2\times 2$ max pool | $(N, 8, 4, 4)$ |
# | `conv_block`: $3\times 3$ conv 8→16, padding 1; ReLU; $2\times 2$ max pool | $(N, 16, 2, 2)$ |
# | flatten, linear 64 → 10 (the class scores, "logits") | $(N, 10)$ |
#
# Training minimises the **cross-entropy** of the softmax of the logits with the true labels,
# `F.cross_entropy(logits, labels)` (it applies the log-softmax itself: pass raw logits). Use **Adam**
# with learning rate `lr` for exactly `steps` updates, each on a mini-batch of `batch_size` examples
# drawn at random with a generator seeded by `seed` (also call `torch.manual_seed(seed)` before you
# build the model so that the initial weights are reproducible). Each step: forward, loss,
# `zero_grad()`, `backward()`, `step()`. The prediction is the class with the largest logit.
#
# Run on the GPU when there is one (`device = "cuda" if torch.cuda.is_available() else "cpu"`), but
# return the trained model **on the CPU**. Training takes a second or so on a CPU.
#
# **Your task.**
# * `conv_block(x, w, b)`: the block above with `F.conv2d`, `F.relu`, `F.max_pool2d` (the grader
#   backpropagates through it and compares gradients with respect to `x`, `w` and `b`);
# * `SmallCNN`: the model in the table, built from `conv_block`;
# * `train_cnn(X, y, seed, steps, lr, batch_size)` returning the trained model;
# * `predict(model, X)`: int64 labels of shape $(N,)$.
#
# The grader trains your model on a split you do not see and requires at least **93 %** accuracy on
# the held-out digits after 200 steps (the reference gets about 97 %).


# %% [answer]
def conv_block(x, w, b):
    """max_pool2d(relu(conv2d(x, w, b, padding=1)), 2).

    x: tensor (N, C_in, H, W); w: (C_out, C_in, 3, 3); b: (C_out,).
    Returns a tensor (N, C_out, H // 2, W // 2) connected to the autograd graph.
    """
    ### BEGIN SOLUTION
    return F.max_pool2d(F.relu(F.conv2d(x, w, b, padding=1)), 2)
    ### END SOLUTION


class SmallCNN(nn.Module):
    """Two conv_blocks (1 -> 8 -> 16 channels) and a linear layer 16*2*2 -> 10."""

    def __init__(self):
        super().__init__()
        ### BEGIN SOLUTION
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.fc = nn.Linear(16 * 2 * 2, 10)
        ### END SOLUTION

    def forward(self, x):
        """x: float32 tensor (N, 1, 8, 8) -> logits (N, 10)."""
        ### BEGIN SOLUTION
        x = conv_block(x, self.conv1.weight, self.conv1.bias)  # (N, 8, 4, 4)
        x = conv_block(x, self.conv2.weight, self.conv2.bias)  # (N, 16, 2, 2)
        return self.fc(x.flatten(1))
        ### END SOLUTION


def train_cnn(X, y, seed=0, steps=200, lr=1e-2, batch_size=64):
    """Train a SmallCNN with Adam and cross-entropy for exactly `steps` mini-batch updates.

    X: np.ndarray (N, 8, 8) with pixel values 0..16 (divide by 16); y: int array (N,) of 0..9.
    Seeded by `seed`; uses the GPU if available; returns the trained model on the CPU.
    """
    ### BEGIN SOLUTION
    device = "cuda" if torch.cuda.is_available() else "cpu"
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    model = SmallCNN().to(device=device, dtype=torch.float32)
    Xt = torch.as_tensor(np.asarray(X) / 16.0, dtype=torch.float32, device=device).unsqueeze(1)
    yt = torch.as_tensor(np.asarray(y), dtype=torch.int64, device=device)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    model.train()
    for _ in range(steps):
        idx = torch.randint(0, len(yt), (batch_size,), generator=gen).to(device)
        loss = F.cross_entropy(model(Xt[idx]), yt[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model.cpu().eval()
    ### END SOLUTION


def predict(model, X):
    """Predicted labels for X (N, 8, 8) (pixel values 0..16): int64 np.ndarray (N,)."""
    ### BEGIN SOLUTION
    Xt = torch.as_tensor(np.asarray(X) / 16.0, dtype=torch.float32).unsqueeze(1)
    with torch.no_grad():
        logits = model(Xt)
    return logits.argmax(dim=1).numpy().astype(np.int64)
    ### END SOLUTION


# %% [explore]
# Train on 1200 digits, show a few test digits with their predictions and the test accuracy.
try:
    digits = load_digits()
    perm = np.random.default_rng(0).permutation(len(digits.target))
    Xtr, ytr = digits.images[perm[:1200]], digits.target[perm[:1200]]
    Xte, yte = digits.images[perm[1200:]], digits.target[perm[1200:]]
    model = train_cnn(Xtr, ytr, seed=0, steps=200)
    pred = predict(model, Xte)
    print(f"test accuracy: {np.mean(pred == yte):.3f}")
    fig, axes = plt.subplots(1, 8, figsize=(10, 1.8))
    for ax, img, p, t in zip(axes, Xte, pred, yte):
        ax.imshow(img, cmap="gray_r")
        ax.set_title(f"{p} ({t})", color="black" if p == t else "red")
        ax.axis("off")
    plt.show()
except NotImplementedError:
    print("implement the CNN first")
