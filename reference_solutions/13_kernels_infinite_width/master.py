"""Reference solution for assignment 13_kernels_infinite_width (the NNGP and NTK kernels of
infinitely wide ReLU and erf networks by their closed-form recursions, Gaussian-process
inference with the NNGP kernel, the NTK predictions of gradient-descent training at time t with
their covariance, the expected squared error of a Gaussian prediction, and the empirical NTK
J J^T of a finite wide network against the analytic one).

This is the assignment's master: ``autograder assign`` generates the student notebook from it
(the solution regions become stubs) and the reference module is its header and answer cells.
An answer cell may only use the names imported by the notebook's setup cell (``np``,
``scipy``, ``plt``, ``make_regression``, ``train_test_split``) and the names it defines itself.

Conventions: everything is float64 NumPy; rows are inputs. The networks use the NTK
parameterisation of Neural Tangents' ``stax.Dense`` (standard-normal parameters, the factors
W_std / sqrt(fan_in) and b_std outside). Nothing draws from a global random generator:
``sample_ntk`` draws its network from ``np.random.default_rng(seed)``.
"""

import numpy as np
import scipy.linalg


# %% [markdown]
# # Assignment 13: Kernels of infinitely wide networks
#
# Make a neural network wider and wider and something surprising happens: its random
# initialisation becomes a **Gaussian process**, and its training by gradient descent becomes
# **kernel regression** with a fixed kernel. Two kernels describe an infinitely wide network
# completely:
#
# * the **NNGP kernel** $K(x, x') = \mathbb E[f(x) f(x')]$, the covariance of the network's
#   output over random initialisations (NNGP: "neural network Gaussian process");
# * the **neural tangent kernel** (NTK) $\Theta(x, x') = \mathbb E\bigl[\nabla_\theta f(x)
#   \cdot \nabla_\theta f(x')\bigr]$, the inner product of the gradients with respect to all
#   parameters $\theta$. It decides how training on one input moves the output at another.
#
# For the usual activations both have closed forms, computed layer by layer. The library
# [Neural Tangents](https://github.com/google/neural-tangents) (`stax`, `nt.predict`) computes
# them; in this assignment you write them yourself in NumPy and then use them:
#
# 1. The NNGP and NTK kernels of a **ReLU** network of any depth (the arc-cosine kernels).
# 2. The same for an **erf** network, in closed form.
# 3. **Gaussian-process inference** with a kernel: the posterior mean and covariance.
# 4. The **NTK prediction** of gradient-descent training after a time $t$, and at $t = \infty$.
# 5. Its **covariance** over random initialisations, and the **expected squared error** of a
#    Gaussian prediction.
# 6. The **empirical NTK** $J J^\top$ of a finite, wide network, and how it approaches the
#    analytic kernel as the width grows.
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
# * Run the cells from top to bottom.
#
# **Conventions.** Everything is NumPy **float64** (JAX, and so Neural Tangents, computes in
# float32 unless told otherwise, which costs about six digits). Rows are inputs: a data matrix
# `X` has shape `(N, d)` for $N$ inputs of $d$ features. Never modify the arrays you are given.
#
# ### The network and its parameterisation
#
# All networks here are fully connected, with $L$ hidden layers of width $n$, an activation
# $\phi$ and one output, in the **NTK parameterisation** (that of `stax.Dense`): every weight and
# bias is a standard normal number, and the scale factors sit outside,
# $$h^{(1)}(x) = \frac{\sigma_w}{\sqrt d}\, W^{(1)\top} x + \sigma_b\, b^{(1)}, \qquad
#   h^{(l+1)}(x) = \frac{\sigma_w}{\sqrt n}\, W^{(l+1)\top} \phi\bigl(h^{(l)}(x)\bigr) +
#   \sigma_b\, b^{(l+1)}, \qquad f(x) = h^{(L+1)}(x),$$
# with $\sigma_w$ = `W_std` and $\sigma_b$ = `b_std`. The factor $1/\sqrt{\text{fan-in}}$ keeps
# every pre-activation of order one however wide the layers are: note the $1/d$ it puts into the
# first kernel below.
#
# ### The kernel recursion
#
# As $n \to \infty$ each pre-activation $h^{(l)}$ becomes a Gaussian process whose covariance
# $K^{(l-1)}$ follows from the previous layer's. Start from the inputs,
# $$K^{(0)}(x, x') = \sigma_w^2 \frac{x \cdot x'}{d} + \sigma_b^2, \qquad
#   \Theta^{(0)} = K^{(0)},$$
# and for each hidden layer $l = 1, \dots, L$, with $(u, u')$ a centred Gaussian pair of
# covariance $\begin{pmatrix} K^{(l-1)}(x, x) & K^{(l-1)}(x, x') \\ K^{(l-1)}(x, x') &
# K^{(l-1)}(x', x') \end{pmatrix}$:
# $$K^{(l)}(x, x') = \sigma_w^2\, \mathbb E[\phi(u)\phi(u')] + \sigma_b^2, \qquad
#   \Theta^{(l)}(x, x') = K^{(l)}(x, x') + \sigma_w^2\, \mathbb E[\phi'(u)\phi'(u')]\,
#   \Theta^{(l-1)}(x, x').$$
# The network's NNGP kernel is $K = K^{(L)}$ and its NTK is $\Theta = \Theta^{(L)}$. The first
# term of $\Theta^{(l)}$ comes from the parameters of layer $l + 1$, the second carries the
# gradients of all earlier layers through the derivative $\phi'$. A network without hidden layer
# ($L = 0$, a linear model) has $K = \Theta = K^{(0)}$.


# %% [setup]
import numpy as np
import scipy.linalg
import matplotlib.pyplot as plt
from sklearn.datasets import make_regression
from sklearn.model_selection import train_test_split
from autograder.public import Checker

check = Checker("13_kernels_infinite_width", globals())


# %% [question q1_relu_kernels]
# For $\phi(u) = \max(u, 0)$ both expectations are known in closed form (Cho and Saul's
# **arc-cosine kernels**). Write $\sigma_1 = \sqrt{K(x, x)}$ and $\sigma_2 = \sqrt{K(x', x')}$
# for the standard deviations of $u$ and $u'$, and $\theta$ for the angle between them:
# $$\cos\theta = \frac{K(x, x')}{\sigma_1 \sigma_2}, \qquad
#   \mathbb E[\phi(u)\phi(u')] = \frac{\sigma_1\sigma_2}{2\pi}\bigl(\sin\theta + (\pi - \theta)
#   \cos\theta\bigr), \qquad
#   \mathbb E[\phi'(u)\phi'(u')] = \frac{\pi - \theta}{2\pi},$$
# where $\phi'(u) = [u > 0]$ is the step function. On the diagonal ($x = x'$, $\theta = 0$) the
# first is $K(x, x)/2$: half of a Gaussian's second moment lies on the positive side. So the
# diagonal needs no angle at all: $K^{(l)}(x, x) = \sigma_w^2 K^{(l-1)}(x, x)/2 + \sigma_b^2$.
#
# **Two numerical traps.**
# * Rounding can make $\cos\theta$ come out as $1 + 2 \cdot 10^{-16}$, for instance on the
#   diagonal or for two parallel inputs, and `np.arccos` of that is NaN (with a warning).
#   **Clip** $\cos\theta$ to $[-1, 1]$ first.
# * An input of zero variance ($x = 0$ with $\sigma_b = 0$: $K^{(0)}(x, x) = 0$) makes
#   $\cos\theta = 0/0$. Its network output is exactly 0 at every layer, so its kernel entries
#   are 0: return 0 there, without NaN and without a warning (`np.divide(..., where=...)` or
#   `np.where` on a safe denominator does it).
#
# **Worked example.** $x_1 = (1, 0)$, $x_2 = (0, 1)$, $x_3 = (1, 1)$, `W_std = 1`,
# `b_std = 0`, one hidden layer. $K^{(0)} = X X^\top / 2$ has $K^{(0)}(x_1, x_2) = 0$, so
# $\theta_{12} = \pi/2$ and
# $K(x_1, x_2) = \frac{\sqrt{0.5 \cdot 0.5}}{2\pi}(1 + 0) = 0.07957747$; the NTK adds
# $\frac{\pi/2}{2\pi} \cdot 0 = 0$, so $\Theta(x_1, x_2) = 0.07957747$ too. On the diagonal
# $K(x_1, x_1) = 0.25$ and $\Theta(x_1, x_1) = 0.25 + \frac12 \cdot 0.5 = 0.5$. For the pair
# $(x_1, x_3)$, $\cos\theta = 0.5/\sqrt{0.5} = 0.70710678$ ($\theta = \pi/4$):
# $K = 0.26707747$, $\Theta = 0.26707747 + 0.375 \cdot 0.5 = 0.45457747$. With
# `W_std = 1.5, b_std = 0.5` and `depth = 2` the whole matrices are
# $$K = \begin{pmatrix} 2.27148438 & 1.47563633 & 2.43597949 \\ 1.47563633 & 2.27148438 &
#   2.43597949 \\ 2.43597949 & 2.43597949 & 3.6953125 \end{pmatrix}, \qquad
#   \Theta = \begin{pmatrix} 6.03320312 & 2.26001002 & 5.18058479 \\ 2.26001002 & 6.03320312 &
#   5.18058479 \\ 5.18058479 & 5.18058479 & 10.3046875 \end{pmatrix}.$$
# These agree with the kernel of Neural Tangents' `stax.serial(stax.Dense(512, 1.5, 0.5),
# stax.Relu(), stax.Dense(512, 1.5, 0.5), stax.Relu(), stax.Dense(1, 1.5, 0.5))` in float64 (the
# width 512 does not enter an analytic kernel): off the diagonal to $10^{-15}$, on the diagonal
# to about $10^{-8}$, because there $\theta = \arccos(1 - \epsilon) \approx \sqrt{2\epsilon}$
# turns a rounding error $\epsilon$ of $10^{-16}$ into an angle of $10^{-8}$.
#
# **Your task.** Implement `relu_kernels` for any number of hidden layers `depth` $\ge 0$.


# %% [answer]
def relu_kernels(X1, X2=None, W_std=1.0, b_std=0.0, depth=1):
    """NNGP kernel K and NTK Theta of a ReLU network with `depth` hidden layers, between the
    rows of X1 (N1, d) and the rows of X2 (N2, d), in the NTK parameterisation.

    X2=None means X2 = X1; then both matrices are symmetric and positive semi-definite.
    depth=0 is the network without hidden layer (K = Theta = K0). Returns the tuple (K, Theta)
    of float64 arrays of shape (N1, N2). cos(theta) is clipped to [-1, 1]; an input of zero
    variance gives kernel entries 0, with no NaN and no warning. Raises ValueError for a
    negative depth.
    """
    ### BEGIN SOLUTION
    if depth < 0:
        raise ValueError(f"depth must be at least 0, got {depth}")
    X1 = np.asarray(X1, dtype=np.float64)
    X2 = X1 if X2 is None else np.asarray(X2, dtype=np.float64)
    d = X1.shape[1]
    w2, b2 = W_std**2, b_std**2
    K = w2 * (X1 @ X2.T) / d + b2
    k1 = w2 * np.sum(X1**2, axis=1) / d + b2
    k2 = w2 * np.sum(X2**2, axis=1) / d + b2
    theta_ntk = K.copy()
    for _ in range(depth):
        norms = np.sqrt(np.outer(k1, k2))
        positive = norms > 0
        cos = np.divide(K, norms, out=np.zeros_like(K), where=positive)
        cos = np.clip(cos, -1.0, 1.0)
        angle = np.arccos(cos)
        K_next = w2 * norms * (np.sin(angle) + (np.pi - angle) * cos) / (2.0 * np.pi) + b2
        theta_ntk = K_next + w2 * (np.pi - angle) / (2.0 * np.pi) * theta_ntk
        K = K_next
        k1 = w2 * k1 / 2.0 + b2
        k2 = w2 * k2 / 2.0 + b2
    return K, theta_ntk
    ### END SOLUTION


# %% [explore]
# The kernels of inputs on the unit circle, as a function of the angle between them: deeper
# networks forget the angle faster (their kernels flatten), and the NTK keeps a kink at 0.
try:
    angles = np.linspace(0.0, np.pi, 181)
    circle = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.8))
    for L in (1, 2, 4, 8):
        K_c, T_c = relu_kernels(circle[:1], circle, depth=L)
        ax1.plot(angles, K_c[0] / K_c[0, 0], label=f"depth {L}")
        ax2.plot(angles, T_c[0] / T_c[0, 0], label=f"depth {L}")
    ax1.set_title("NNGP K(x, x') / K(x, x)")
    ax2.set_title("NTK Theta(x, x') / Theta(x, x)")
    for ax in (ax1, ax2):
        ax.set_xlabel("angle between x and x'")
        ax.legend(fontsize=8)
    plt.show()
    X_ex = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    print("K =\n", relu_kernels(X_ex)[0], "\nTheta =\n", relu_kernels(X_ex)[1])
except NotImplementedError:
    print("implement relu_kernels first")


# %% [question q2_erf_kernels]
# For $\phi(u) = \operatorname{erf}(u)$ (a sigmoid-shaped activation, `stax.Erf()`) the
# expectations have closed forms too (Williams, 1997). With the entries $K_{11} = K(x, x)$,
# $K_{22} = K(x', x')$, $K_{12} = K(x, x')$ of the previous layer's covariance:
# $$\mathbb E[\operatorname{erf}(u)\operatorname{erf}(u')] = \frac{2}{\pi}
#   \arcsin\frac{2 K_{12}}{\sqrt{(1 + 2K_{11})(1 + 2K_{22})}}, \qquad
#   \mathbb E[\operatorname{erf}'(u)\operatorname{erf}'(u')] = \frac{4}{\pi}
#   \frac{1}{\sqrt{(1 + 2K_{11})(1 + 2K_{22}) - 4K_{12}^2}},$$
# using $\operatorname{erf}'(u) = \frac{2}{\sqrt\pi} e^{-u^2}$. Unlike ReLU's, the diagonal needs
# no special care: the argument of $\arcsin$ stays strictly inside $(-1, 1)$ and the square root
# strictly positive. Note the factors 2: they come from $\operatorname{erf}$'s own scaling (it is
# the CDF of a Gaussian of variance $\frac12$), so $1 + K_{11}$ in place of $1 + 2K_{11}$ is a
# different kernel.
#
# For one hidden layer, with $K^{(0)}$ and $\Theta^{(0)} = K^{(0)}$ as before:
# $$K = \sigma_w^2 \cdot \frac{2}{\pi}\arcsin(\dots) + \sigma_b^2, \qquad
#   \Theta = K + \sigma_w^2\, \mathbb E[\operatorname{erf}'(u)\operatorname{erf}'(u')]\,
#   K^{(0)}.$$
#
# **Worked example.** The three points of question 1 with `W_std = 1, b_std = 0`:
# $K^{(0)}(x_1, x_1) = 0.5$, $K^{(0)}(x_1, x_3) = 0.5$, $K^{(0)}(x_3, x_3) = 1$, so
# $K(x_1, x_3) = \frac2\pi \arcsin\frac{1}{\sqrt{2 \cdot 3}} = 0.26772047$ and
# $\Theta(x_1, x_3) = 0.26772047 + \frac{4}{\pi\sqrt{6 - 1}} \cdot 0.5 = 0.55242549$; on the
# diagonal $K(x_1, x_1) = \frac2\pi\arcsin\frac12 = 0.33333333$ and
# $\Theta(x_1, x_1) = 0.33333333 + \frac{4}{\pi\sqrt3} \cdot 0.5 = 0.70088593$; and
# $K(x_1, x_2) = \Theta(x_1, x_2) = 0$ (orthogonal inputs, $K^{(0)} = 0$).
#
# **Your task.** Implement `erf_kernels` for one hidden layer.


# %% [answer]
def erf_kernels(X1, X2=None, W_std=1.0, b_std=0.0):
    """NNGP kernel K and NTK Theta of a one-hidden-layer erf network between the rows of
    X1 (N1, d) and X2 (N2, d), in the NTK parameterisation (X2=None means X2 = X1).

    Returns the tuple (K, Theta) of float64 arrays of shape (N1, N2).
    """
    ### BEGIN SOLUTION
    X1 = np.asarray(X1, dtype=np.float64)
    X2 = X1 if X2 is None else np.asarray(X2, dtype=np.float64)
    d = X1.shape[1]
    w2, b2 = W_std**2, b_std**2
    K0 = w2 * (X1 @ X2.T) / d + b2
    k1 = w2 * np.sum(X1**2, axis=1) / d + b2
    k2 = w2 * np.sum(X2**2, axis=1) / d + b2
    scale = np.outer(1.0 + 2.0 * k1, 1.0 + 2.0 * k2)
    K = w2 * (2.0 / np.pi) * np.arcsin(2.0 * K0 / np.sqrt(scale)) + b2
    derivative = (4.0 / np.pi) / np.sqrt(scale - 4.0 * K0**2)
    return K, K + w2 * derivative * K0
    ### END SOLUTION


# %% [explore]
# erf against ReLU: the erf kernel saturates for large inputs (erf is bounded), the ReLU kernel
# grows with the norms.
try:
    radii = np.linspace(0.0, 6.0, 121)
    ray = np.stack([radii, 0.5 * radii], axis=1)
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(radii, np.diag(erf_kernels(ray)[0]), label="erf: K(x, x)")
    ax.plot(radii, np.diag(erf_kernels(ray)[1]), label="erf: Theta(x, x)")
    ax.set_xlabel("|x_1| along the ray x = r (1, 0.5)")
    ax.legend()
    plt.show()
    X_ex = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    print("K =\n", erf_kernels(X_ex)[0], "\nTheta =\n", erf_kernels(X_ex)[1])
except NotImplementedError:
    print("implement erf_kernels first")


# %% [question q3_gp_posterior]
# An infinitely wide network with random parameters is a Gaussian process: a prior over
# functions with covariance $K$. Bayesian inference with that prior (the "NNGP" prediction of
# Neural Tangents) is **Gaussian-process regression**. Observe $y_i = f(x_i) + \varepsilon_i$
# at $N$ training inputs, with independent noise $\varepsilon_i \sim \mathcal N(0, s^2)$ of
# **variance** $s^2$ = `noise_var`. Then $f$ at $M$ test inputs is Gaussian with
# $$\mu_* = K_{*} (K + s^2 I)^{-1} y, \qquad
#   \Sigma_* = K_{**} - K_{*} (K + s^2 I)^{-1} K_{*}^\top,$$
# where $K$ is the $N \times N$ train kernel, $K_* $ the $M \times N$ test-train kernel and
# $K_{**}$ the $M \times M$ test kernel. The noise enters **only** the training block: $\Sigma_*$
# is the uncertainty about the noise-free $f(x_*)$. (A new noisy observation $y_*$ would have
# covariance $\Sigma_* + s^2 I$; we do not return that.)
#
# **How to compute it.** Rather than forming the inverse, factor $K + s^2 I = C C^\top$ by Cholesky
# (`scipy.linalg.cho_factor` / `cho_solve`, or `np.linalg.cholesky` and two triangular solves)
# and solve for $(K + s^2 I)^{-1} y$ and $(K + s^2 I)^{-1} K_*^\top$. The factorisation also
# tells you when the matrix is not positive definite: `np.linalg.cholesky` raises
# `np.linalg.LinAlgError`; turn it into a `ValueError`.
#
# **Connection with Neural Tangents.** `nt.predict.gradient_descent_mse_ensemble(kernel_fn,
# x_train, y_train, diag_reg=r)` adds $r \cdot \operatorname{tr}(K)/N$ to the diagonal (the
# regulariser is **relative** to the mean diagonal entry), so its `get="nngp"` prediction at
# `t=None` is this posterior with `noise_var` $= r \cdot \operatorname{tr}(K)/N$.
#
# **Worked example.** One training point $x_1 = (1, 0)$ with $y_1 = 2$ and one test point
# $x_3 = (1, 1)$, with the ReLU NNGP kernel of question 1 (`W_std = 1, b_std = 0`):
# $K = 0.25$, $K_* = 0.26707747$, $K_{**} = 0.5$. With `noise_var = 0.05`:
# $\mu_* = 0.26707747 \cdot 2 / 0.3 = 1.78051648$ and
# $\Sigma_* = 0.5 - 0.26707747^2 / 0.3 = 0.26223208$.
#
# **Your task.** Implement `gp_posterior`.


# %% [answer]
def gp_posterior(K_train, K_test_train, K_test, y, noise_var=0.0):
    """Posterior mean and covariance of the noise-free f at M test inputs given N noisy
    observations y, for a Gaussian process with kernel matrices K_train (N, N),
    K_test_train (M, N) and K_test (M, M).

    noise_var is the noise variance s^2 (not a standard deviation), added to the diagonal of
    K_train only. Returns the tuple (mean, cov) of float64 arrays of shapes (M,) and (M, M).
    Raises ValueError for a negative noise_var, and ValueError whose message contains
    "positive definite" if K_train + noise_var * I is not positive definite.
    """
    ### BEGIN SOLUTION
    if noise_var < 0:
        raise ValueError(f"noise_var must be >= 0, got {noise_var}")
    K_train = np.asarray(K_train, dtype=np.float64)
    K_test_train = np.asarray(K_test_train, dtype=np.float64)
    A = K_train + noise_var * np.eye(K_train.shape[0])
    try:
        factor = scipy.linalg.cho_factor(A, lower=True)
    except np.linalg.LinAlgError:
        raise ValueError("K_train + noise_var * I is not positive definite") from None
    alpha = scipy.linalg.cho_solve(factor, np.asarray(y, dtype=np.float64))
    B = scipy.linalg.cho_solve(factor, K_test_train.T)
    mean = K_test_train @ alpha
    cov = np.asarray(K_test, dtype=np.float64) - K_test_train @ B
    return mean, cov
    ### END SOLUTION


# %% [explore]
# The NNGP posterior of a one-hidden-layer ReLU network on 1-D data: the mean passes near the
# noisy points, the band (+- 2 standard deviations) widens away from them. The kernel comes from
# your relu_kernels of question 1, on the inputs (x, 1): the constant feature lets the kernel
# depend on x and not only on its sign.
try:
    rng_demo = np.random.default_rng(13)
    x_tr = np.sort(rng_demo.uniform(-3.0, 3.0, 8))
    y_tr = np.sin(x_tr) + 0.1 * rng_demo.standard_normal(8)
    x_te = np.linspace(-4.0, 4.0, 161)
    A_tr = np.stack([x_tr, np.ones_like(x_tr)], axis=1)
    A_te = np.stack([x_te, np.ones_like(x_te)], axis=1)
    mu, cov = gp_posterior(relu_kernels(A_tr)[0], relu_kernels(A_te, A_tr)[0],
                           relu_kernels(A_te)[0], y_tr, 0.01)
    sd = np.sqrt(np.clip(np.diag(cov), 0.0, None))
    fig, ax = plt.subplots(figsize=(6.5, 3.5))
    ax.fill_between(x_te, mu - 2 * sd, mu + 2 * sd, alpha=0.3, label="mean +- 2 sd")
    ax.plot(x_te, mu, label="posterior mean")
    ax.plot(x_tr, y_tr, "o", color="C3", label="training data")
    ax.legend(fontsize=8)
    plt.show()
except NotImplementedError:
    print("implement gp_posterior (and relu_kernels of question 1) first")


# %% [question q4_ntk_mean]
# Train an infinitely wide network by gradient descent with learning rate $\eta$ on the loss
# $\mathcal L = \frac{1}{2N} \sum_{i=1}^{N} \bigl(f(x_i) - y_i\bigr)^2$ (half the **mean**
# squared error over the $N$ = `y.size` training targets), in continuous time (gradient flow).
# In the infinite-width limit the NTK does not change during training, so the outputs on the
# training set follow a linear differential equation,
# $$\frac{d f_t}{dt} = -\frac{\eta}{N}\, \Theta\, (f_t - y),$$
# where $\Theta$ is the train NTK. Its solution is $f_t - y = e^{-\eta \Theta t / N}(f_0 - y)$.
# The network at initialisation has mean 0 over random initialisations, and a test output moves
# with the training outputs through the test-train NTK $\Theta_*$. The **mean prediction** at
# time $t$ is
# $$\mu_t = \Theta_* \Theta^{-1} \bigl(I - e^{-\eta \Theta t / N}\bigr) y .$$
# At $t = 0$ it is $0$; as $t \to \infty$ it becomes $\Theta_* \Theta^{-1} y$, **kernel
# regression with the NTK** (the curve through the training points that gradient descent
# converges to). This is Neural Tangents' `predict_fn(t, x_test, get="ntk")` of
# `gradient_descent_mse_ensemble`; its time is normalised the same way, by `y_train.size`.
#
# **Through the eigendecomposition.** Matrix exponentials and inverses of a symmetric matrix act
# on its eigenvalues: with $\Theta = V \operatorname{diag}(\lambda) V^\top$ (`np.linalg.eigh`),
# $$\Theta^{-1}\bigl(I - e^{-c\Theta}\bigr) = V \operatorname{diag}\bigl(g(\lambda_k)\bigr)
#   V^\top, \qquad g(\lambda) = \frac{1 - e^{-c\lambda}}{\lambda}, \qquad c = \frac{\eta t}{N}.$$
# Compute $1 - e^{-c\lambda}$ as `-np.expm1(-c * lam)`: for small $c\lambda$ the difference
# $1 - e^{-c\lambda}$ loses all its digits (at $c\lambda = 10^{-12}$ it keeps about four), while
# `expm1` keeps them all. The limit of $g$ at $\lambda = 0$ is $c$, so $g$ stays finite even for
# a zero eigenvalue; at $t = 0$ ($c = 0$) the mean is exactly 0. (`scipy.linalg.expm` of
# $-c\Theta$ is slower and, subtracted from $I$, loses the same digits as $1 - e^{-c\lambda}$ at
# small $t$.) At $t = \infty$ use $g(\lambda) = 1/\lambda$.
#
# **Regularisation.** `diag_reg` $= r$ replaces $\Theta$ by $\Theta + r \cdot
# \frac{\operatorname{tr}\Theta}{N} I$ wherever $\Theta$ is inverted or exponentiated (not
# $\Theta_*$): the regulariser is relative to the mean diagonal entry, as in Neural Tangents.
#
# **A common mistake.** The post this assignment follows trains its finite network on
# `1/len(x) * np.mean((f - y)**2)`, which divides by $N$ **twice** (an erratum): its effective
# learning rate is $\eta/N$, and its training times do not compare with the formula above.
#
# **Worked example.** The two training points $x_1 = (1, 0)$, $x_2 = (0, 1)$ of question 1 with
# $y = (1, -1)$ and the test point $x_3 = (1, 1)$, ReLU NTK (`W_std = 1, b_std = 0`):
# $\Theta = \begin{pmatrix} 0.5 & 0.07957747 \\ 0.07957747 & 0.5 \end{pmatrix}$,
# $\Theta_* = (0.45457747, 0.45457747)$. The eigenvalues are $0.57957747$ (eigenvector
# $(1, 1)/\sqrt2$) and $0.42042253$ (eigenvector $(1, -1)/\sqrt2$), $y$ lies along the second,
# and $\Theta_*$ is orthogonal to it: the test prediction is $0$ at every time. At the second
# test point $x_4 = (2, -1)$, with $\Theta_* = (0.93199385, -0.01705325)$ and `lr = 1`:
# $\mu_1 = 0.42796702$ at $t = 1$, $\mu_{10} = 1.98151953$ at $t = 10$ and
# $\mu_\infty = 2.25736500$. With `diag_reg = 0.1` the infinite-time prediction becomes
# $2.01743549$.
#
# **The post's experiment.** `make_regression(n_samples=125, n_features=2, n_informative=15,
# noise=0.25, random_state=0)` (scikit-learn quietly caps `n_informative` at the 2 features), split
# by `train_test_split(X, y, test_size=0.1, shuffle=True, random_state=0)` into 112 training and
# 13 test points, and the one-hidden-layer ReLU NTK with `W_std = 1, b_std = 0`. The prediction
# at the first test point is $-5.365808$ at $t = 10$ and $-6.805406$ at $t = \infty$, as in
# Neural Tangents. The train NTK has a condition number of about $1.6 \cdot 10^6$, so expect the
# infinite-time prediction to agree with other correct implementations to about 8 digits, not 15.
#
# **Your task.** Implement `ntk_mean`.


# %% [answer]
def ntk_mean(ntk_train, ntk_test_train, y, t=None, lr=1.0, diag_reg=0.0):
    """Mean prediction Theta_* Theta^{-1} (I - exp(-lr * Theta * t / N)) y of an infinitely
    wide network trained by gradient flow on the loss sum((f - y)^2) / (2N), N = y.size.

    ntk_train (N, N), ntk_test_train (M, N), y (N,). t=None or t=np.inf gives the infinite-time
    limit Theta_* Theta^{-1} y; t=0 gives exactly zeros. Theta is replaced by
    Theta + diag_reg * trace(Theta) / N * I. Accurate for small t (expm1) and finite for a
    zero eigenvalue at finite t. Returns a float64 array of shape (M,). Raises ValueError for
    a negative t.
    """
    ### BEGIN SOLUTION
    if t is not None and t < 0:
        raise ValueError(f"t must be >= 0, got {t}")
    ntk_train = np.asarray(ntk_train, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    N = y.size
    A = ntk_train + diag_reg * np.trace(ntk_train) / N * np.eye(N)
    lam, V = np.linalg.eigh(A)
    if t is None or np.isinf(t):
        g = 1.0 / lam
    else:
        c = lr * t / N
        x = c * lam
        nonzero = x != 0
        g = np.full_like(lam, c)
        g[nonzero] = -np.expm1(-x[nonzero]) / lam[nonzero]
    return np.asarray(ntk_test_train, dtype=np.float64) @ (V @ (g * (V.T @ y)))
    ### END SOLUTION


# %% [explore]
# The post's experiment: the prediction at the first three test points as training goes on
# (log-spaced times), approaching kernel regression with the NTK at t = infinity. The kernels
# come from your relu_kernels of question 1 (one hidden layer, W_std = 1, b_std = 0).
try:
    X_reg, y_reg = make_regression(n_samples=125, n_features=2, n_informative=15, noise=0.25,
                                   random_state=0)
    X_tr, X_te, y_tr, y_te = train_test_split(X_reg, y_reg, test_size=0.1, shuffle=True,
                                              random_state=0)
    T_tr, T_te = relu_kernels(X_tr)[1], relu_kernels(X_te, X_tr)[1]
    times = np.logspace(-1, 5, 100)
    curve = np.array([ntk_mean(T_tr, T_te, y_tr, t) for t in times])
    final = ntk_mean(T_tr, T_te, y_tr)
    fig, ax = plt.subplots(figsize=(6.5, 3.8))
    for j in range(3):
        ax.semilogx(times, curve[:, j], color=f"C{j}", label=f"test point {j}")
        ax.axhline(final[j], color=f"C{j}", ls=":")
        ax.axhline(y_te[j], color=f"C{j}", ls="--", lw=0.8)
    ax.set_xlabel("training time t (lr = 1)")
    ax.set_ylabel("mean prediction")
    ax.set_title("dotted: t = infinity, dashed: target")
    ax.legend(fontsize=8)
    plt.show()
    print("first test point: t = 10:", ntk_mean(T_tr, T_te, y_tr, 10.0)[0], " t = inf:", final[0])
except NotImplementedError:
    print("implement ntk_mean (and relu_kernels of question 1) first")


# %% [question q5_ntk_cov_risk]
# The trained network is random (its initialisation is), so its prediction is a Gaussian with
# the mean of question 4 and a **covariance** over initialisations. With $K$ the NNGP kernel
# (the covariance at initialisation) and $\Theta$ the NTK, train ($N \times N$), test-train
# ($K_*, \Theta_*$: $M \times N$) and test ($K_{**}$: $M \times M$), and with
# $A_t = \Theta^{-1}\bigl(I - e^{-\eta\Theta t/N}\bigr)$ (the matrix of question 4, $c = \eta
# t / N$):
# $$\Sigma_t = K_{**} + \Theta_* A_t\, K\, A_t \Theta_*^\top - \bigl(\Theta_* A_t K_*^\top +
#   K_* A_t \Theta_*^\top\bigr).$$
# At $t = 0$, $A_0 = 0$ and $\Sigma_0 = K_{**}$: the prior of the untrained network. At
# $t = \infty$, $A_\infty = \Theta^{-1}$. The same `diag_reg` rule as in question 4 applies to
# $\Theta$ (and only to $\Theta$: $K$ is not regularised). $\Sigma_t$ is symmetric.
#
# **Expected squared error** (the *risk* of a Gaussian prediction, `gaussian_risk`). If the
# prediction at a test input is $f \sim \mathcal N(\mu, \sigma^2)$ and the target is $y$, then
# $\mathbb E[(f - y)^2] = (\mu - y)^2 + \sigma^2 = y^2 - 2\mu y + \sigma^2 + \mu^2$: the
# squared error of the mean plus the variance. Averaged over
# $M$ test inputs (with $\sigma_j^2$ the diagonal of $\Sigma_t$):
# $$\mathcal E = \frac1M \sum_{j=1}^{M} \bigl(y_j^2 - 2\mu_j y_j + \sigma_j^2 + \mu_j^2\bigr).$$
# **Convention:** a plain mean over the test points, no other factor. The post's code writes
# `1/n * np.mean(ys**2 - 2*mean*ys + var + mean**2, axis=1)`, which divides by $n$ a second time
# (an erratum), and the Neural Tangents cookbook puts a factor $\frac12$ in front (the
# convention of its loss); neither is ours. To follow $\mathcal E$ during training, `mean` and
# `var` may carry a leading axis of times (shape `(T, M)`), and then the result has one entry
# per time.
#
# **Worked example.** The data of question 4's worked example with the test points $x_3, x_4$.
# At $t = 0$ the covariance is the prior
# $K_{**} = \begin{pmatrix} 0.5 & 0.38933651 \\ 0.38933651 & 1.25 \end{pmatrix}$, at $t = 1$
# it is $\begin{pmatrix} 0.31486595 & 0.19527314 \\ 0.19527314 & 0.87645594 \end{pmatrix}$
# and at $t = \infty$ it is
# $\begin{pmatrix} 0.06758734 & -0.07663806 \\ -0.07663806 & 0.20290947 \end{pmatrix}$
# (the mean at $x_3$ is 0, but not its variance). For the targets $y_* = (0.5, 2)$:
# $\mathcal E_\infty = \frac12\bigl((0 - 0.5)^2 + 0.06758734 + (2.257365 - 2)^2 +
# 0.20290947\bigr) = 0.29336678$. In the post's experiment (question 4) the largest
# infinite-time standard deviation $\sqrt{\max_j \sigma_j^2}$ over the 13 test points is
# $0.0037278$, below $3.8 \cdot 10^{-3}$: "very small", as the post says. The ensemble is almost
# deterministic once trained.
#
# **Your task.** Implement `ntk_cov` and `gaussian_risk`.


# %% [answer]
def ntk_cov(nngp_train, nngp_test_train, nngp_test, ntk_train, ntk_test_train, t=None, lr=1.0,
            diag_reg=0.0):
    """Covariance over initialisations of the test predictions of an infinitely wide network
    trained by gradient flow for a time t (same conventions as ntk_mean):
    K_** + Theta_* A K A Theta_*^T - (Theta_* A K_*^T + K_* A Theta_*^T),
    A = Theta^{-1} (I - exp(-lr * Theta * t / N)), N = the number of training inputs.

    nngp_train (N, N), nngp_test_train (M, N), nngp_test (M, M), ntk_train (N, N),
    ntk_test_train (M, N). t=None or np.inf: A = Theta^{-1}; t=0: returns nngp_test.
    diag_reg regularises Theta only. Returns a symmetric float64 array of shape (M, M).
    """
    ### BEGIN SOLUTION
    ntk_train = np.asarray(ntk_train, dtype=np.float64)
    N = ntk_train.shape[0]
    A_reg = ntk_train + diag_reg * np.trace(ntk_train) / N * np.eye(N)
    lam, V = np.linalg.eigh(A_reg)
    if t is None or np.isinf(t):
        g = 1.0 / lam
    else:
        c = lr * t / N
        x = c * lam
        nonzero = x != 0
        g = np.full_like(lam, c)
        g[nonzero] = -np.expm1(-x[nonzero]) / lam[nonzero]
    A = (V * g) @ V.T
    P = np.asarray(ntk_test_train, dtype=np.float64) @ A
    cross = P @ np.asarray(nngp_test_train, dtype=np.float64).T
    cov = np.asarray(nngp_test, dtype=np.float64) + P @ nngp_train @ P.T - cross - cross.T
    return (cov + cov.T) / 2.0
    ### END SOLUTION


def gaussian_risk(y, mean, var):
    """Mean over the test points of y^2 - 2 mean y + var + mean^2, the expected squared error
    of Gaussian predictions N(mean, var) for the targets y (M,).

    mean and var have shape (M,), giving a Python float, or (T, M) (one row per time), giving a
    float64 array of shape (T,). No factor 1/M or 1/2 beyond the mean.
    """
    ### BEGIN SOLUTION
    y = np.asarray(y, dtype=np.float64)
    mean = np.asarray(mean, dtype=np.float64)
    var = np.asarray(var, dtype=np.float64)
    err = np.mean(y**2 - 2.0 * mean * y + var + mean**2, axis=-1)
    return float(err) if mean.ndim == 1 else err
    ### END SOLUTION


# %% [explore]
# The post's experiment: the expected squared error on the 13 test points over training time
# (it bottoms out near t = 1000, then rises a little as the fit chases the training noise),
# with 60 log-spaced times (the post's 10,000 linear times build a full covariance per time and
# run out of memory for larger data sets). The kernels come from your relu_kernels.
try:
    X_reg, y_reg = make_regression(n_samples=125, n_features=2, n_informative=15, noise=0.25,
                                   random_state=0)
    X_tr, X_te, y_tr, y_te = train_test_split(X_reg, y_reg, test_size=0.1, shuffle=True,
                                              random_state=0)
    (K_tr, T_tr), (K_te, T_te) = relu_kernels(X_tr), relu_kernels(X_te, X_tr)
    K_tt = relu_kernels(X_te)[0]
    times = np.logspace(-1, 5, 60)
    means = np.array([ntk_mean(T_tr, T_te, y_tr, t) for t in times])
    variances = np.array([np.diag(ntk_cov(K_tr, K_te, K_tt, T_tr, T_te, t)) for t in times])
    fig, ax = plt.subplots(figsize=(6.5, 3.8))
    ax.loglog(times, gaussian_risk(y_te, means, variances), label="expected squared error")
    ax.loglog(times, gaussian_risk(y_te, means, 0 * variances), "--",
              label="squared error of the mean")
    ax.loglog(times, variances.mean(axis=1), ":", label="mean variance (prior at t = 0)")
    ax.set_xlabel("training time t (lr = 1)")
    ax.legend(fontsize=8)
    plt.show()
    cov_inf = ntk_cov(K_tr, K_te, K_tt, T_tr, T_te)
    print("largest standard deviation at t = inf:", np.sqrt(np.max(np.diag(cov_inf))))
except NotImplementedError:
    print("implement the functions of question 5 (and relu_kernels of question 1) first")


# %% [question q6_empirical_ntk]
# A finite network has an NTK too: its **empirical NTK** at given parameters is
# $$\hat\Theta(x, x') = \sum_{p} \frac{\partial f(x)}{\partial p}\frac{\partial f(x')}{\partial
#   p} = \bigl(J J^\top\bigr)_{x x'},$$
# the sum over all parameters $p$, with $J$ the $N \times P$ Jacobian of the outputs at $N$
# inputs with respect to the $P$ parameters. In the NTK parameterisation it converges to the
# analytic $\Theta$ as the width grows.
#
# **The network.** One hidden ReLU layer of width $n$, parameters `params = (W1, b1, w2, b2)`:
# `W1` of shape `(d, n)`, `b1` of shape `(n,)`, `w2` of shape `(n,)`, and `b2` a number, all of
# them standard normal when drawn at random. For an input $x$ (a row of `X`):
# $$h = \frac{\sigma_w}{\sqrt d}\, x W_1 + \sigma_b b_1 \in \mathbb R^n, \qquad
#   f(x) = \frac{\sigma_w}{\sqrt n}\, \max(h, 0) \cdot w_2 + \sigma_b b_2 .$$
# (This is `stax.serial(stax.Dense(n, W_std, b_std), stax.Relu(), stax.Dense(1, W_std,
# b_std))`; its `init_fn` returns `((W1, b1), (), (w2[:, None], b2[None]))`.) The derivatives,
# with $a = \max(h, 0)$ and $s = [h > 0]$ (**the derivative of ReLU at exactly 0 is 0**, as in
# JAX and PyTorch):
# $$\frac{\partial f}{\partial w_2} = \frac{\sigma_w}{\sqrt n} a, \quad
#   \frac{\partial f}{\partial b_2} = \sigma_b, \quad
#   \frac{\partial f}{\partial b_{1}} = \frac{\sigma_w}{\sqrt n}\, (w_2 \odot s)\, \sigma_b, \quad
#   \frac{\partial f}{\partial W_{1}} = \frac{\sigma_w}{\sqrt n} \frac{\sigma_w}{\sqrt d}\,
#   x^\top (w_2 \odot s)^\top .$$
# Do not forget any parameter: the two biases contribute even though they are "small"
# ($\sigma_b^2$ and a multiple of it in every entry). Either build $J$ and return $J J^\top$, or
# sum the four contributions directly (the $W_1$ block gives an outer product whose inner product
# factorises as $(x \cdot x') \times (\dots)$). Both are a few lines.
#
# **Why it converges.** $\hat\Theta$ is $\sigma_b^2$ plus an average over the $n$ hidden units
# of independent identically distributed terms, and the expectation of one term is exactly
# $\Theta - \sigma_b^2$ (the recursion of question 1 with one hidden layer). So at **every**
# width the mean of $\hat\Theta$ over random networks is the analytic $\Theta$, and its standard
# deviation shrinks like $1/\sqrt n$. The grader draws networks with your `sample_ntk` on recorded
# seeds and compares the mean of your entries with the exact $\Theta$ within what chance allows.
#
# **Worked example.** `X = [[1, 0], [0, 1]]`, width $n = 2$, `W_std = 1`, `b_std = 0`,
# `W1 = [[1, -1], [2, 1]]`, `b1 = [0, 0]`, `w2 = [1, -2]`, `b2 = 0`: the hidden
# pre-activations are $h(x_1) = (0.70710678, -0.70710678)$ and $h(x_2) = (1.41421356,
# 0.70710678)$, and
# $$\hat\Theta = \begin{pmatrix} 0.5 & 0.5 \\ 0.5 & 2.5 \end{pmatrix}$$
# (for instance $\hat\Theta(x_2, x_2) = \frac12\bigl(2 + 0.5 + (1 + 4) \cdot 0.5\bigr)$: the
# $w_2$ block, then the $W_1$ block with $K^{(0)}(x_2, x_2) = 0.5$). With `b_std = 0.5` and
# `b1 = [0.3, -0.2]`, `b2 = 0.7` it is $\begin{pmatrix} 0.99231602 & 1.04534903 \\ 1.04534903
# & 3.53267136 \end{pmatrix}$ (the hidden pre-activations change, and the biases add their
# gradients).
#
# **Your task.** Implement `empirical_ntk` and `sample_ntk`: the latter draws `W1`, `b1`, `w2`
# and `b2` as independent standard normals from `np.random.default_rng(seed)` (in any order:
# only the distribution is graded) and returns their empirical NTK.


# %% [answer]
def empirical_ntk(params, X, W_std=1.0, b_std=0.0):
    """Empirical NTK J J^T (N, N) of the one-hidden-layer ReLU network f with parameters
    params = (W1 (d, n), b1 (n,), w2 (n,), b2 a number) at the rows of X (N, d), in the NTK
    parameterisation, J the Jacobian of the N outputs with respect to all parameters.

    The derivative of ReLU at 0 is 0. Returns a float64 array of shape (N, N).
    """
    ### BEGIN SOLUTION
    W1, b1, w2, _ = params
    X = np.asarray(X, dtype=np.float64)
    W1 = np.asarray(W1, dtype=np.float64)
    d, n = W1.shape
    h = W_std / np.sqrt(d) * (X @ W1) + b_std * np.asarray(b1, dtype=np.float64)
    a = np.maximum(h, 0.0)
    s = (h > 0) * np.asarray(w2, dtype=np.float64)
    K0 = W_std**2 * (X @ X.T) / d + b_std**2
    return W_std**2 / n * (a @ a.T + (s @ s.T) * K0) + b_std**2
    ### END SOLUTION


def sample_ntk(X, width, seed, W_std=1.0, b_std=0.0):
    """Empirical NTK (N, N) of one random network of the given width: W1 (d, width), b1, w2
    (width,) and b2 drawn as independent standard normals from np.random.default_rng(seed)
    only (never the global generator), so that the same seed gives the same network.

    Returns a float64 array of shape (N, N) whose mean over seeds is the analytic NTK.
    """
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    d = np.shape(X)[1]
    params = (rng.standard_normal((d, width)), rng.standard_normal(width),
              rng.standard_normal(width), rng.standard_normal())
    return empirical_ntk(params, X, W_std, b_std)
    ### END SOLUTION


# %% [explore]
# The empirical NTK approaches the analytic one like 1/sqrt(width): the relative Frobenius
# distance on the three points of question 1 (median over 5 networks per width), on log-log
# axes a line of slope -1/2. The analytic NTK comes from your relu_kernels of question 1.
try:
    X_ex = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    theta_ex = relu_kernels(X_ex)[1]
    widths = [64, 128, 256, 512, 1024, 2048, 4096, 8192]
    errors = [np.median([np.linalg.norm(sample_ntk(X_ex, n, s) - theta_ex) /
                         np.linalg.norm(theta_ex) for s in range(5)]) for n in widths]
    slope = np.polyfit(np.log(widths), np.log(errors), 1)[0]
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.loglog(widths, errors, "o-", label=f"median relative error (slope {slope:.2f})")
    ax.loglog(widths, errors[0] * np.sqrt(widths[0] / np.array(widths)), "k--",
              label="1 / sqrt(width)")
    ax.set_xlabel("width n")
    ax.legend(fontsize=8)
    plt.show()
except NotImplementedError:
    print("implement the functions of question 6 (and relu_kernels of question 1) first")
