"""Reference solution for assignment 05_neural_networks (logistic units, gates, softmax, backprop
and a small tanh regression network trained with Adam).

This is the assignment's master: ``autograder assign`` generates the student notebook from it
(the solution regions become stubs) and the reference module is its header and answer cells.
An answer cell may only use the names imported by the notebook's setup
cell (``np``, ``torch``, ``plt``) and the names it defines itself. Helpers are private to their
section (distinct names), so that a wrong answer in one question cannot break another.

Conventions: **rows are examples**. A data matrix ``X`` has shape ``(m, n)`` for ``m`` examples
and ``n`` features; NumPy work is float64 and PyTorch work is float64.
"""

import numpy as np
import torch


# %% [markdown]
# # Assignment 05: From logistic units to neural networks
#
# A neural network is built from one simple piece, the **logistic unit**: a weighted sum of the inputs
# passed through the sigmoid. This assignment goes from that unit to a trained network:
#
# 1. **Binary cross-entropy** (BCE), the loss of a logistic unit, with clipping, and its gradient.
# 2. **Logic gates** with a single neuron, and why XOR needs a hidden layer.
# 3. A **numerically stable softmax** and the **categorical cross-entropy** for several classes.
# 4. **Backpropagation by hand** for a two-layer network in NumPy, checked against PyTorch's autograd.
# 5. A small **tanh network** (1-3-1) that learns $y = x^{1/3}$, trained with **Adam** in PyTorch.
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
# **Conventions.** In this assignment **rows are examples**: a data matrix `X` has shape `(m, n)` for
# `m` examples with `n` features. All NumPy results are float64; all torch tensors are float64.


# %% [setup]
import numpy as np
import torch
import matplotlib.pyplot as plt
from autograder.public import Checker

torch.set_default_dtype(torch.float64)
check = Checker("05_neural_networks", globals())


# %% [question q1_bce]
# A **logistic unit** turns a weighted sum into a probability with the sigmoid
# $$\sigma(z) = \frac{1}{1 + e^{-z}}, \qquad \hat y = \sigma(\mathbf x^\top \mathbf w).$$
# We assume the first column of `X` is all ones, so `w[0]` plays the role of the bias. For all
# examples at once, $\hat{\mathbf y} = \sigma(X \mathbf w)$ with `X` of shape `(m, k)`.
#
# **The loss.** For labels $y_i \in \{0, 1\}$ the likelihood of the data is
# $\prod_i \hat y_i^{\,y_i} (1 - \hat y_i)^{1 - y_i}$. Taking minus its logarithm gives the
# **binary cross-entropy**, which we use **summed** over the examples (as in the lecture):
# $$J(\mathbf w) = -\sum_{i=1}^m \Bigl[ y_i \ln \hat y_i + (1 - y_i) \ln (1 - \hat y_i) \Bigr] \;\ge 0.$$
# Keras and PyTorch report the *mean* instead; the two differ only by the factor $1/m$.
#
# *Watch the sign.* Each logarithm of a probability is $\le 0$, so the minus sign in front makes
# $J \ge 0$; a perfect prediction gives $0$. (A demonstration function in the lecture script drops
# this sign; do not copy it.)
#
# **Clipping.** If a prediction is exactly $0$ or $1$ and the label disagrees, $\ln 0 = -\infty$.
# Before taking logarithms, clip the predictions to $[\varepsilon, 1 - \varepsilon]$ with
# `np.clip(y_hat, eps, 1 - eps)` (default $\varepsilon = 10^{-15}$). `np.clip` returns a new
# array, so the caller's `y_hat` is not changed.
#
# **The gradient.** With $\sigma'(z) = \sigma(z)(1 - \sigma(z))$ the chain rule collapses to
# $$\frac{\partial J}{\partial \mathbf w} = -\sum_i (y_i - \hat y_i)\, \mathbf x_i
#   = X^\top (\hat{\mathbf y} - \mathbf y).$$
#
# **Stable sigmoid.** `1 / (1 + np.exp(-z))` overflows for $z \lesssim -710$; use
# $\sigma(z) = e^{-\log(1 + e^{-z})}$ = `np.exp(-np.logaddexp(0, -z))`.
#
# **Worked example.** $\mathbf y = (1, 0, 1)$, $\hat{\mathbf y} = (0.9, 0.2, 0.6)$:
# $J = -(\ln 0.9 + \ln 0.8 + \ln 0.6) = 0.83933$. With
# $X = \begin{pmatrix} 1 & 2 \\ 1 & -1 \\ 1 & 0.5 \end{pmatrix}$, $\mathbf w = (0.5, -1)$ and the same
# $\mathbf y$: `logreg_grad` $= (-0.5, -2.70272)$.


# %% [answer]
def sigmoid(z):
    """Logistic sigmoid 1 / (1 + exp(-z)), elementwise.

    Returns float64 with the shape of z; no overflow warning for large |z| (e.g. z = -800 -> 0.0).
    """
    ### BEGIN SOLUTION
    z = np.asarray(z, dtype=np.float64)
    return np.exp(-np.logaddexp(0.0, -z))
    ### END SOLUTION


def predict_proba(w, X):
    """Probabilities sigmoid(X @ w) for w of shape (k,) and X of shape (m, k); returns (m,)."""
    ### BEGIN SOLUTION
    return sigmoid(X @ w)
    ### END SOLUTION


def bce(y, y_hat, eps=1e-15):
    """Summed binary cross-entropy -sum(y ln y_hat + (1 - y) ln(1 - y_hat)) as a Python float.

    y and y_hat have shape (m,). y_hat is clipped to [eps, 1 - eps] first (without modifying the
    caller's array), so predictions of exactly 0 or 1 give a large but finite loss.
    """
    ### BEGIN SOLUTION
    p = np.clip(np.asarray(y_hat, dtype=np.float64), eps, 1.0 - eps)
    return float(-np.sum(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))
    ### END SOLUTION


def logreg_grad(w, X, y):
    """Gradient of bce(y, predict_proba(w, X)) with respect to w: X^T (y_hat - y), shape (k,)."""
    ### BEGIN SOLUTION
    return X.T @ (predict_proba(w, X) - y)
    ### END SOLUTION


# %% [explore]
# BCE of one example as a function of the predicted probability: the loss explodes as the
# prediction approaches the wrong label, and clipping keeps it finite at exactly 0 and 1.
try:
    p = np.linspace(0.0, 1.0, 201)
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(p, [bce(np.array([1.0]), np.array([q])) for q in p], label="label y = 1")
    ax.plot(p, [bce(np.array([0.0]), np.array([q])) for q in p], label="label y = 0")
    ax.set_xlabel("predicted probability")
    ax.set_ylabel("BCE")
    ax.set_ylim(0, 8)
    ax.legend()
    plt.show()
except NotImplementedError:
    print("implement bce first")


# %% [question q2_logic_gates]
# A single sigmoid neuron with two inputs computes
# $$\hat y = \sigma(w_0 + w_1 x_1 + w_2 x_2),$$
# where $w_0$ is the bias. We store the weights as one vector **with the bias first**:
# `w = [w0, w1, w2]`. For a batch `X` of shape `(m, n)`, the output is `sigmoid(w[0] + X @ w[1:])`.
# Thresholding at $0.5$ turns the probability into a class: $1$ if $\hat y \ge 0.5$ (that is,
# if the weighted sum is $\ge 0$), else $0$.
#
# **Worked example (OR).** `w = [-1, 2, 2]` on the inputs $(0,0), (0,1), (1,0), (1,1)$ gives weighted
# sums $-1, 1, 1, 3$ and outputs $0.268941, 0.731059, 0.731059, 0.952574$, i.e. classes
# $0, 1, 1, 1$: the OR gate. Flipping all signs gives NOR; moving the bias so that both inputs are
# needed gives AND; flipping that gives NAND. Find weights for each of the four gates yourself.
#
# **XOR.** XOR (output 1 when exactly one input is 1) is not linearly separable: no line separates
# $(0,1), (1,0)$ from $(0,0), (1,1)$, so no single neuron can compute it. A hidden layer fixes this.
# With `W1` of shape `(1 + n, h)` (row 0 holds the hidden biases) and `W2` of shape `(1 + h,)`
# (entry 0 is the output bias):
# $$H = \bigl[\,\mathbf 1,\; \sigma([\mathbf 1, X]\, W_1)\,\bigr] \in \mathbb R^{m \times (1+h)}, \qquad
#   \hat{\mathbf y} = \sigma(H\, W_2).$$
# Here $[\mathbf 1, X]$ means "a column of ones in front of X".
#
# **Worked example (lecture XOR net).** $W_1 = \begin{pmatrix} 1.5 & -3 \\ -2 & 2 \\ -2 & 2\end{pmatrix}$,
# $W_2 = (1.5, -2, -2)$. On input $(0, 0)$ the hidden layer is
# $(1, \sigma(1.5), \sigma(-3)) = (1, 0.81757448, 0.04742587)$, and the four outputs are
# $0.44275197, 0.55157486, 0.55157486, 0.47157231$: thresholded, $0, 1, 1, 0$ = XOR.


# %% [answer]
### BEGIN SOLUTION
def _gate_sigmoid(z: np.ndarray) -> np.ndarray:
    return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=np.float64)))
### END SOLUTION


def gate_forward(w, X):
    """Output sigmoid(w[0] + X @ w[1:]) of one neuron; w (1 + n,) with the bias first, X (m, n).

    Returns float64 of shape (m,).
    """
    ### BEGIN SOLUTION
    return _gate_sigmoid(w[0] + X @ w[1:])
    ### END SOLUTION


def gate_predict(w, X):
    """Classes of gate_forward(w, X): int64 array of shape (m,), 1 where the output is >= 0.5."""
    ### BEGIN SOLUTION
    return (gate_forward(w, X) >= 0.5).astype(np.int64)
    ### END SOLUTION


def gate_weights(name):
    """Weights [bias, w1, w2] (float64, shape (3,)) of a neuron computing the gate `name`.

    name is one of "AND", "OR", "NAND", "NOR"; any other name raises ValueError.
    """
    ### BEGIN SOLUTION
    table = {"AND": [-3.0, 2.0, 2.0], "OR": [-1.0, 2.0, 2.0],
             "NAND": [3.0, -2.0, -2.0], "NOR": [1.0, -2.0, -2.0]}
    if name not in table:
        raise ValueError(f"unknown gate {name!r}; expected one of {sorted(table)}")
    return np.array(table[name], dtype=np.float64)
    ### END SOLUTION


def xor_net(X, W1, W2):
    """Two-layer sigmoid network. X (m, n), W1 (1 + n, h) with the bias row first, W2 (1 + h,).

    Returns the tuple (H, y_hat): H (m, 1 + h) is the hidden layer including its leading column
    of ones, y_hat (m,) the output probabilities. Both float64.
    """
    ### BEGIN SOLUTION
    m = X.shape[0]
    ones = np.ones((m, 1))
    H = np.hstack([ones, _gate_sigmoid(np.hstack([ones, X]) @ W1)])
    return H, _gate_sigmoid(H @ W2)
    ### END SOLUTION


# %% [explore]
# Output of the lecture's XOR network over the unit square: two parallel bands of class 1.
try:
    g = np.linspace(-0.25, 1.25, 61)
    grid = np.array([[a, b] for b in g for a in g])
    _, out = xor_net(grid, np.array([[1.5, -3.0], [-2.0, 2.0], [-2.0, 2.0]]),
                     np.array([1.5, -2.0, -2.0]))
    fig, ax = plt.subplots(figsize=(4.5, 4))
    im = ax.contourf(g, g, out.reshape(len(g), len(g)), levels=20, cmap="coolwarm")
    ax.contour(g, g, out.reshape(len(g), len(g)), levels=[0.5], colors="k")
    ax.scatter([0, 1], [0, 1], c="b", s=80, label="XOR = 0")
    ax.scatter([0, 1], [1, 0], c="r", s=80, label="XOR = 1")
    fig.colorbar(im, ax=ax)
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.legend(loc="upper center", fontsize=8)
    plt.show()
except NotImplementedError:
    print("implement xor_net first")


# %% [question q3_softmax]
# For $K$ classes a network outputs $K$ scores (logits) $z_1, \dots, z_K$ per example. The
# **softmax** turns them into probabilities:
# $$\operatorname{softmax}(\mathbf z)_k = \frac{e^{z_k}}{\sum_{j=1}^K e^{z_j}}.$$
# For a batch `Z` of shape `(m, K)` it acts on **each row** (the last axis); a 1-D vector of logits
# is a single example.
#
# **Stability.** `np.exp(1000)` overflows to `inf`, and `inf / inf` is NaN. Because
# $\operatorname{softmax}(\mathbf z) = \operatorname{softmax}(\mathbf z - c)$ for any constant $c$
# (the factor $e^{-c}$ cancels), subtract each row's maximum first: the largest exponent becomes
# $e^0 = 1$ and nothing overflows. Use `keepdims=True` so the maximum broadcasts over its row.
#
# **One-hot targets.** Label $y \in \{0, \dots, K-1\}$ becomes the row vector with a $1$ in column
# $y$ and zeros elsewhere; `one_hot(y, K)` builds the `(m, K)` float64 matrix and raises
# `ValueError` for a label outside $0..K-1$.
#
# **Categorical cross-entropy** (the convention of Keras' `categorical_crossentropy`), averaged over
# the batch:
# $$J = -\frac{1}{m} \sum_{i=1}^m \sum_{k=1}^K Y_{ik} \ln P_{ik}.$$
# Only the probability of the true class enters each example's term. The lecture script's formula
# also adds $(1 - y)\ln(1 - \hat y)$ terms for the wrong classes; that is an erratum and **not** the
# loss we want. Clip $P$ from below at $\varepsilon = 10^{-15}$ before the logarithm.
#
# **Gradient.** For $P = \operatorname{softmax}(Z)$ the gradient of $J$ with respect to the logits is
# remarkably simple: $\partial J / \partial Z = (P - Y)/m$.
#
# **Worked example.** `softmax([1, 2, 3]) = [0.09003057, 0.24472847, 0.66524096]`, and the same for
# `[1001, 1002, 1003]`. With $Y = \begin{pmatrix}0&1&0\\1&0&0\end{pmatrix}$ and
# $P = \begin{pmatrix}0.2&0.7&0.1\\0.5&0.25&0.25\end{pmatrix}$:
# $J = -(\ln 0.7 + \ln 0.5)/2 = 0.52491106$.


# %% [answer]
def softmax(Z):
    """Softmax along the last axis of Z ((m, K) batch or (K,) vector), subtracting the maximum.

    Returns float64 of Z's shape whose rows sum to 1; no overflow for logits like 1000.
    """
    ### BEGIN SOLUTION
    Z = np.asarray(Z, dtype=np.float64)
    E = np.exp(Z - np.max(Z, axis=-1, keepdims=True))
    return E / np.sum(E, axis=-1, keepdims=True)
    ### END SOLUTION


def one_hot(y, K):
    """One-hot float64 matrix (m, K) for integer labels y of shape (m,).

    Raises ValueError if a label is < 0 or >= K.
    """
    ### BEGIN SOLUTION
    y = np.asarray(y)
    if y.size and (y.min() < 0 or y.max() >= K):
        raise ValueError(f"labels must lie in 0..{K - 1}")
    Y = np.zeros((y.shape[0], K), dtype=np.float64)
    Y[np.arange(y.shape[0]), y] = 1.0
    return Y
    ### END SOLUTION


def cross_entropy(Y, P, eps=1e-15):
    """Mean categorical cross-entropy -(1/m) sum(Y ln P) as a Python float.

    Y (m, K) one-hot targets, P (m, K) probabilities, clipped below at eps before the log.
    """
    ### BEGIN SOLUTION
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)
    return float(-np.sum(Y * np.log(P)) / Y.shape[0])
    ### END SOLUTION


def softmax_ce_grad(Z, Y):
    """Gradient of cross_entropy(Y, softmax(Z)) with respect to Z: (softmax(Z) - Y) / m, (m, K)."""
    ### BEGIN SOLUTION
    return (softmax(Z) - Y) / Z.shape[0]
    ### END SOLUTION


# %% [explore]
# Softmax of the logits (1, 2, 3) divided by a temperature T: small T approaches a one-hot
# "hard max", large T approaches the uniform distribution.
try:
    temps = np.logspace(-1, 1.5, 60)
    probs = np.array([softmax(np.array([1.0, 2.0, 3.0]) / t) for t in temps])
    fig, ax = plt.subplots(figsize=(6, 3.5))
    for k in range(3):
        ax.semilogx(temps, probs[:, k], label=f"class {k} (logit {k + 1})")
    ax.set_xlabel("temperature T")
    ax.set_ylabel("probability")
    ax.legend()
    plt.show()
except NotImplementedError:
    print("implement softmax first")


# %% [question q4_backprop]
# A network with one sigmoid hidden layer and a softmax output, for a batch `X` of shape
# `(m, n_in)` and one-hot targets `Y` of shape `(m, K)`:
# $$Z_1 = X W_1 + \mathbf b_1,\quad H = \sigma(Z_1),\quad Z_2 = H W_2 + \mathbf b_2,\quad
#   P = \operatorname{softmax}(Z_2),\quad J = -\frac1m \sum_{i,k} Y_{ik} \ln P_{ik}.$$
# Shapes: `W1` is `(n_in, h)`, `b1` is `(h,)`, `W2` is `(h, K)`, `b2` is `(K,)` (NumPy broadcasting
# adds a bias to every row). Note the layout: the weight matrix maps *inputs to outputs*, `in x out`,
# as in the lecture; `torch.nn.Linear` stores the transpose.
#
# **Backpropagation** applies the chain rule from the loss backwards, one layer at a time. Write
# $\Delta_\ell = \partial J / \partial Z_\ell$ for the "error" at layer $\ell$:
#
# 1. Output layer (softmax + cross-entropy, question 3): $\Delta_2 = (P - Y)/m$.
# 2. Parameters of the output layer: $\partial J/\partial W_2 = H^\top \Delta_2$,
#    $\partial J / \partial \mathbf b_2 = \sum_i (\Delta_2)_{i,:}$ (sum over the rows).
# 3. Back through $W_2$ and the sigmoid: $\Delta_1 = (\Delta_2 W_2^\top) \odot \sigma'(Z_1)$ with
#    $\sigma'(Z_1) = H \odot (1 - H)$ ($\odot$ is the elementwise product).
# 4. Parameters of the hidden layer: $\partial J/\partial W_1 = X^\top \Delta_1$,
#    $\partial J/\partial \mathbf b_1 = \sum_i (\Delta_1)_{i,:}$.
#
# Each gradient has exactly the shape of its parameter, which is a good check on the order of the
# matrix products. Compute the loss through the log-softmax,
# $\ln P_{ik} = Z_{ik} - \max_j Z_{ij} - \ln \sum_j e^{Z_{ij} - \max_j Z_{ij}}$, so that no
# probability is ever rounded to $0$.
#
# **Checking with autograd.** `mlp_loss_torch` computes the same loss with torch operations
# (`torch.sigmoid`, `torch.log_softmax(Z2, dim=1)`); calling `.backward()` on it gives the gradients
# that your hand-written `mlp_backward` must reproduce. The grader also compares `mlp_backward`
# with central differences of your own `mlp_loss`.
#
# **Worked example** (the arrays are in the explore cell below):
# `mlp_loss = 0.69478875`, `db2 = [0.20997853, -0.20997853]`, `db1 = [0.02443262, -0.03360416, 0.01497813]`.
#
# *This answer cell must not call functions from question 3; write the softmax again inside it
# (a private helper such as `_softmax_rows` is fine).*


# %% [answer]
### BEGIN SOLUTION
def _bp_sigmoid(z: np.ndarray) -> np.ndarray:
    return np.exp(-np.logaddexp(0.0, -z))
### END SOLUTION


def mlp_forward(W1, b1, W2, b2, X):
    """Forward pass. Returns (H, P): H = sigmoid(X @ W1 + b1) of shape (m, h) and
    P = softmax(H @ W2 + b2) of shape (m, K) (rows sum to 1). float64."""
    ### BEGIN SOLUTION
    H = _bp_sigmoid(X @ W1 + b1)
    Z2 = H @ W2 + b2
    E = np.exp(Z2 - Z2.max(axis=1, keepdims=True))
    return H, E / E.sum(axis=1, keepdims=True)
    ### END SOLUTION


def mlp_loss(W1, b1, W2, b2, X, Y):
    """Mean categorical cross-entropy of the network on one-hot Y (m, K), as a Python float."""
    ### BEGIN SOLUTION
    Z2 = _bp_sigmoid(X @ W1 + b1) @ W2 + b2
    shifted = Z2 - Z2.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    return float(-np.sum(Y * log_p) / X.shape[0])
    ### END SOLUTION


def mlp_backward(W1, b1, W2, b2, X, Y):
    """Gradients of mlp_loss by backpropagation, in NumPy (no torch).

    Returns the tuple (dW1, db1, dW2, db2), each float64 with the shape of its parameter.
    """
    ### BEGIN SOLUTION
    H, P = mlp_forward(W1, b1, W2, b2, X)
    delta2 = (P - Y) / X.shape[0]
    dW2 = H.T @ delta2
    db2 = delta2.sum(axis=0)
    delta1 = (delta2 @ W2.T) * H * (1.0 - H)
    dW1 = X.T @ delta1
    db1 = delta1.sum(axis=0)
    return dW1, db1, dW2, db2
    ### END SOLUTION


def mlp_loss_torch(W1, b1, W2, b2, X, Y):
    """mlp_loss written with torch operations on float64 tensors; returns a 0-d tensor that is
    connected to the autograd graph (do not convert to NumPy or call .item())."""
    ### BEGIN SOLUTION
    Z2 = torch.sigmoid(X @ W1 + b1) @ W2 + b2
    return -(Y * torch.log_softmax(Z2, dim=1)).sum() / X.shape[0]
    ### END SOLUTION


# %% [explore]
# Compare your hand-written gradients with PyTorch's autograd on the worked example.
try:
    X_ex = np.array([[1.0, -1.0], [0.5, 2.0], [-1.5, 0.0]])
    Y_ex = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]])
    params_ex = (np.array([[0.2, -0.4, 0.1], [0.5, 0.3, -0.2]]), np.array([0.0, 0.1, -0.1]),
                 np.array([[0.3, -0.3], [-0.5, 0.2], [0.4, 0.1]]), np.array([0.05, -0.05]))
    leaves = [torch.tensor(p, requires_grad=True) for p in params_ex]
    loss_t = mlp_loss_torch(*leaves, torch.tensor(X_ex), torch.tensor(Y_ex))
    loss_t.backward()
    print("loss (numpy, torch):", mlp_loss(*params_ex, X_ex, Y_ex), loss_t.item())
    for name, mine, leaf in zip(["W1", "b1", "W2", "b2"],
                                mlp_backward(*params_ex, X_ex, Y_ex), leaves):
        print(f"{name}: max |by hand - autograd| = {np.max(np.abs(mine - leaf.grad.numpy())):.2e}")
except NotImplementedError:
    print("implement the functions of question 4 first")


# %% [question q5_tanh_regression]
# The autograd lecture fits $y = x^{1/3}$ on 50 equally spaced points of $[0, 1]$ with a tiny network:
# one input, three tanh hidden units, one linear output (10 parameters),
# $$\hat y(x) = \tanh(x W_0 + \mathbf b_0)\, W_1 + b_1, \qquad
#   \text{MSE} = \frac1N \sum_{i=1}^N (\hat y_i - y_i)^2.$$
#
# **Initialisation.** `init_params(scale, layer_sizes, seed)` creates one
# `rs = np.random.RandomState(seed)` and, for each pair of consecutive sizes $(n_\text{in},
# n_\text{out})$, draws `W = scale * rs.randn(n_in, n_out)` **then** `b = scale * rs.randn(n_out)`.
# It returns the flat tuple `(W0, b0, W1, b1, ...)` of float64 tensors. Creating the generator inside
# the function (never as a default argument, which would be shared between calls) makes every call
# with the same seed return the same weights. For `(0.1, (1, 3, 1), 0)`:
# `W0 = [[0.176, 0.040, 0.098]]`, `b0 = [0.224, 0.187, -0.098]`, `W1 = [[0.095], [-0.015], [-0.010]]`,
# `b1 = [0.041]`.
#
# **Forward pass.** `mlp_tanh(params, X)` works for any number of layers: tanh after every layer
# **except the last** (a regression output must not be squashed into $(-1, 1)$). A 1-D `X` of shape
# `(N,)` means N examples of one feature; reshape it to `(N, 1)`.
#
# **Adam.** For a gradient $g_t$ at step $t = 1, 2, \dots$ (elementwise, $\beta_1 = 0.9$,
# $\beta_2 = 0.999$, $\epsilon = 10^{-8}$):
# $$m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t,\quad v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2,\quad
#   \theta_t = \theta_{t-1} - \eta\, \frac{m_t/(1-\beta_1^t)}{\sqrt{v_t/(1-\beta_2^t)} + \epsilon},$$
# with $m_0 = v_0 = 0$. This is exactly `torch.optim.Adam(params, lr=eta)`.
#
# **The lecture's schedule.** Training runs in *epochs* of `iters_per_epoch = 50` Adam steps, and the
# optimizer is **restarted at every epoch** (fresh $m$, $v$ and step counter, as the lecture's
# autograd `adam(...)` call did): create a new `torch.optim.Adam` at the start of each epoch. After
# each epoch record the MSE; stop after the first epoch whose MSE is below `tol`, or after
# `max_epochs` epochs. Start from copies of `params0` (`p.detach().clone().requires_grad_(True)`)
# so the caller's tensors are not changed.
#
# **What the lecture run gives** (reproduced exactly in float64): the MSE after epoch 0 is
# `0.02252298981875618`, after epoch 100 it is `1.0016662197e-04`, and the MSE first drops below
# `2e-5` after epoch **198**. The fitted network cannot extrapolate: the tanh units saturate, and at
# $x = 10$ it predicts about 1.252 instead of $10^{1/3} = 2.154$. The parameters themselves are not
# unique (hidden units can be permuted, and the loss is nearly flat in several directions), so the
# grader never compares them: it grades the **loss** it computes from your returned parameters and
# the **predictions** of your trained network. The explore cell trains for only 6 epochs to stay
# fast; set `max_epochs=1000` to see the full run (about 5 seconds).


# %% [answer]
def init_params(scale, layer_sizes, seed):
    """Flat tuple (W0, b0, W1, b1, ...) of float64 torch tensors (requires_grad False).

    Uses one np.random.RandomState(seed); per layer W = scale * randn(n_in, n_out) (shape
    (n_in, n_out)), then b = scale * randn(n_out) (shape (n_out,)).
    """
    ### BEGIN SOLUTION
    rs = np.random.RandomState(seed)
    params = []
    for k in range(len(layer_sizes) - 1):
        n_in, n_out = layer_sizes[k], layer_sizes[k + 1]
        params.append(torch.tensor(scale * rs.randn(n_in, n_out), dtype=torch.float64))
        params.append(torch.tensor(scale * rs.randn(n_out), dtype=torch.float64))
    return tuple(params)
    ### END SOLUTION


def mlp_tanh(params, X):
    """Network output for params = (W0, b0, W1, b1, ...): tanh after every layer but the last.

    X is a float64 tensor (N, n_in), or (N,) for a single feature. Returns (N, n_out),
    differentiable with respect to the parameters.
    """
    ### BEGIN SOLUTION
    a = X.reshape(-1, 1) if X.dim() == 1 else X
    n_layers = len(params) // 2
    for i in range(n_layers):
        a = a @ params[2 * i] + params[2 * i + 1]
        if i < n_layers - 1:
            a = torch.tanh(a)
    return a
    ### END SOLUTION


def train_adam(params0, X, Y, lr=0.01, iters_per_epoch=50, tol=2e-5, max_epochs=1000):
    """Minimise the MSE of mlp_tanh(params, X) against Y (N, 1) with Adam, restarted every epoch.

    Returns (params, losses): params is a tuple of detached float64 tensors (same shapes as
    params0, which is not modified); losses is a float64 np.ndarray with losses[e] the MSE after
    epoch e. Stops after the first epoch whose MSE is < tol, or after max_epochs epochs.
    """
    ### BEGIN SOLUTION
    params = [p.detach().clone().requires_grad_(True) for p in params0]
    losses = []
    for _ in range(max_epochs):
        optimizer = torch.optim.Adam(params, lr=lr)
        for _ in range(iters_per_epoch):
            optimizer.zero_grad()
            loss = torch.mean((mlp_tanh(params, X) - Y) ** 2)
            loss.backward()
            optimizer.step()
        with torch.no_grad():
            losses.append(float(torch.mean((mlp_tanh(params, X) - Y) ** 2)))
        if losses[-1] < tol:
            break
    return tuple(p.detach() for p in params), np.array(losses, dtype=np.float64)
    ### END SOLUTION


# %% [explore]
# 6 epochs (300 Adam steps) of the lecture run, then the fit on [0, 1] and beyond.
try:
    X_lec = torch.linspace(0.0, 1.0, 50).reshape(-1, 1)
    Y_lec = X_lec ** (1.0 / 3.0)
    trained, history = train_adam(init_params(0.1, (1, 3, 1), 0), X_lec, Y_lec, max_epochs=6)
    print("MSE after epoch 0:", history[0], "  after epoch", len(history) - 1, ":", history[-1])
    xs = torch.linspace(0.0, 3.0, 200)
    with torch.no_grad():
        ys = mlp_tanh(trained, xs).numpy().ravel()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.5))
    ax1.semilogy(history, "o-", ms=3)
    ax1.set_xlabel("epoch (50 Adam steps each)")
    ax1.set_ylabel("MSE")
    ax2.plot(xs.numpy(), np.cbrt(xs.numpy()), "k--", label="x^(1/3)")
    ax2.plot(xs.numpy(), ys, label="network")
    ax2.axvspan(0.0, 1.0, alpha=0.1, label="training range")
    ax2.set_xlabel("x")
    ax2.legend()
    plt.show()
except NotImplementedError:
    print("implement the functions of question 5 first")
