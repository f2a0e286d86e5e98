"""Reference solution for assignment 07_rnn (the vanilla RNN and its parameter count, backpropagation
through time, truncated BPTT, gradient clipping by the global norm, LSTM and GRU cells, and a small
RNN trained on a sine wave).

This is the assignment's master: ``autograder assign`` generates the student notebook from it
(the solution regions become stubs) and the reference module is its header and answer cells.
An answer cell may only use the names imported by the notebook's setup cell (``np``, ``torch``,
``plt``) and the names it defines itself. Helpers are private to their section (distinct names),
so that a wrong answer in one question cannot break another.

Conventions: a sequence is an array of shape ``(T, n)`` whose row ``t - 1`` holds the vector of
time step ``t``; weight matrices multiply column vectors from the left (``W_x`` is
``(n_h, n_x)``, as torch stores ``weight_ih``). NumPy work and torch work are float64. Nothing
draws random numbers: every weight and every initial state is handed in.
"""

import numpy as np
import torch


# %% [markdown]
# # Assignment 07: Recurrent neural networks
#
# A **recurrent neural network** (RNN) reads a sequence one element at a time and carries a
# **hidden state** $h_t$ from step to step: the state is the network's memory of everything it has
# seen so far. This assignment builds the pieces of the lecture's chapter on RNNs:
#
# 1. The **forward pass** of a vanilla RNN, the same layer in `torch.nn.RNN`, and the number of
#    parameters (which does not depend on the length of the sequence).
# 2. **Backpropagation through time** (BPTT): the exact gradient of a loss summed over the
#    sequence, by hand in NumPy.
# 3. **Truncated BPTT**: the gradient when the graph is cut every $k$ steps.
# 4. **Gradient clipping** by the global norm, the standard cure for exploding gradients.
# 5. The **LSTM** and **GRU** cells, and how an LSTM's gates map onto `torch.nn.LSTMCell`.
# 6. A small RNN **trained** with SGD (and clipping) to continue a sine wave.
#
# ### How grading works
#
# * Each question has one **answer cell** with function stubs that `raise NotImplementedError`.
#   Replace the bodies with your implementation. Do **not** rename the functions, change their
#   arguments or move them into other cells: the grader looks them up by name.
# * Hidden tests call your functions on **inputs you do not see** (other sizes, lengths, weights and
#   edge cases), so follow the contract written in each docstring, not just the printed numbers.
# * The **check cell** `check("...")` under each answer cell runs a few public checks. Passing them
#   is a good sign, not a grade.
# * Each answer cell must work on its own: do not call a function defined in *another* question's
#   answer cell (helpers of your own inside the same cell are fine).
# * Run the cells from top to bottom. The setup cell makes float64 the default torch dtype.
#
# **Conventions.** A sequence of $T$ vectors of size $n$ is an array `xs` of shape `(T, n)`: row
# `t - 1` holds $x_t$ for $t = 1, \dots, T$. Weight matrices multiply **column vectors from the
# left**, exactly as torch stores them: $W_x$ has shape `(n_h, n_x)`, $W_h$ `(n_h, n_h)`, $W_y$
# `(n_y, n_h)` and the bias $b$ `(n_h,)`. The parameters of one RNN travel together as the tuple
# `params = (Wh, Wx, Wy, b)`, in this order. All results are float64. Never modify the arrays or
# tensors you are given (no in-place operations such as `h0 += ...` or `p.mul_(...)` on an
# argument).


# %% [setup]
import numpy as np
import torch
import matplotlib.pyplot as plt
from autograder.public import Checker

torch.set_default_dtype(torch.float64)
check = Checker("07_rnn", globals())


# %% [question q1_rnn_forward]
# A vanilla RNN applies **the same** weights at every time step. From a given initial state $h_0$,
# for $t = 1, \dots, T$:
# $$h_t = \tanh\bigl(W_h\, h_{t-1} + W_x\, x_t + b\bigr), \qquad \hat y_t = W_y\, h_t .$$
# The output is linear (no activation) and has no bias of its own.
#
# **Parameter count.** Because the weights are shared over time, the number of parameters does not
# depend on $T$: $W_h$ has $n_h^2$ entries, $W_x$ has $n_h n_x$, $W_y$ has $n_y n_h$, and the bias
# $n_h$. For the lecture's example with $n_h = 100$ hidden units, $n_x = 4$ inputs and $n_y = 1$
# output: $10000 + 400 + 100 + 100 = 10600$. There are **three** weight matrices (the script
# counts two in one place and three in another; the three above are the right count) and one bias.
#
# **The same layer in PyTorch.** `torch.nn.RNN(n_x, n_h)` computes
# $h_t = \tanh(W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh})$ with **two** bias vectors,
# `bias_ih_l0` and `bias_hh_l0`. They enter only through their sum, so one of them is redundant, but
# both are parameters: `nn.RNN(4, 100)` followed by a bias-free output layer
# `nn.Linear(100, 1, bias=False)` has $10600 + 100 = 10700$ parameters. To make the torch layer
# compute our RNN, copy `weight_ih_l0` $\leftarrow W_x$, `weight_hh_l0` $\leftarrow W_h$,
# `bias_ih_l0` $\leftarrow b$, and set `bias_hh_l0` to **zero** (a freshly built layer has random
# biases). Build the layer with `dtype=torch.float64` and copy inside `torch.no_grad()`. Called on an
# unbatched sequence of shape `(T, n_x)` with an initial state of shape `(1, n_h)`, the layer returns
# `(output, h_n)`; `output` of shape `(T, n_h)` holds $h_1, \dots, h_T$.
#
# **Worked example.** $n_h = 2$, $n_x = n_y = 1$,
# $W_h = \begin{pmatrix} 0.5 & -0.3 \\ 0.2 & 0.4 \end{pmatrix}$, $W_x = \begin{pmatrix} 1 \\ -0.5
# \end{pmatrix}$, $W_y = (1, 2)$, $b = (0.1, -0.1)$, $h_0 = (0, 0)$ and the inputs
# $x_1, x_2, x_3 = 1, 0.5, -1$:
# $h_1 = (\tanh 1.1, \tanh(-0.6)) = (0.80049902, -0.53704957)$, $h_3 = (-0.35754123, 0.38907084)$
# and $\hat y = (-0.27360011, 0.05352335, 0.42060046)$. `rnn_param_count(100, 4, 1)` is `10600`,
# and `10700` with `two_biases=True`.
#
# **Your task.**
# * `rnn_forward(Wh, Wx, Wy, b, xs, h0)`: NumPy arrays in, the tuple `(hs, ys)` out, with
#   `hs[t - 1]` $= h_t$ (the initial state $h_0$ is **not** included) and `ys[t - 1]` $= \hat y_t$.
#   A sequence of length $T = 0$ gives empty arrays of shapes `(0, n_h)` and `(0, n_y)`.
# * `rnn_forward_torch(Wh, Wx, b, xs, h0)`: the same hidden states, computed by a `torch.nn.RNN`
#   layer whose weights you copy from the NumPy arrays as described above ($T \ge 1$).
# * `rnn_param_count(n_h, n_x, n_y, two_biases=False)`: the number of parameters as a Python
#   `int`; with `two_biases=True`, count torch's second bias vector too. Every size must be at
#   least 1: otherwise raise `ValueError` with a message that names the offending argument (for
#   example `"n_x must be >= 1"`).


# %% [answer]
def rnn_forward(Wh, Wx, Wy, b, xs, h0):
    """Vanilla RNN h_t = tanh(Wh h_{t-1} + Wx x_t + b), y_t = Wy h_t for t = 1..T.

    Wh (n_h, n_h), Wx (n_h, n_x), Wy (n_y, n_h), b (n_h,), xs (T, n_x), h0 (n_h,): NumPy arrays.
    Returns (hs, ys): float64 arrays (T, n_h) and (T, n_y), row t - 1 for step t (h0 not
    included). T = 0 gives arrays of shapes (0, n_h) and (0, n_y). No argument is modified.
    """
    ### BEGIN SOLUTION
    xs = np.asarray(xs, dtype=np.float64)
    n_h = Wh.shape[0]
    hs = np.zeros((xs.shape[0], n_h), dtype=np.float64)
    h = np.asarray(h0, dtype=np.float64)
    for t in range(xs.shape[0]):
        h = np.tanh(Wh @ h + Wx @ xs[t] + b)
        hs[t] = h
    return hs, hs @ np.asarray(Wy, dtype=np.float64).T
    ### END SOLUTION


def rnn_forward_torch(Wh, Wx, b, xs, h0):
    """The hidden states of torch.nn.RNN(n_x, n_h) (tanh, one layer, float64) whose weights are
    copied from the NumPy arrays: weight_ih_l0 = Wx, weight_hh_l0 = Wh, bias_ih_l0 = b and
    bias_hh_l0 = 0.

    xs (T, n_x) with T >= 1 and h0 (n_h,) are NumPy arrays. Returns the layer's output, a
    detached float64 tensor (T, n_h) whose row t - 1 is h_t.
    """
    ### BEGIN SOLUTION
    n_h, n_x = Wx.shape
    layer = torch.nn.RNN(n_x, n_h, dtype=torch.float64)
    with torch.no_grad():
        layer.weight_ih_l0.copy_(torch.tensor(Wx, dtype=torch.float64))
        layer.weight_hh_l0.copy_(torch.tensor(Wh, dtype=torch.float64))
        layer.bias_ih_l0.copy_(torch.tensor(b, dtype=torch.float64))
        layer.bias_hh_l0.zero_()
        x = torch.tensor(xs, dtype=torch.float64)
        h = torch.tensor(h0, dtype=torch.float64).reshape(1, n_h)
        output, _ = layer(x, h)
    return output.detach()
    ### END SOLUTION


def rnn_param_count(n_h, n_x, n_y, two_biases=False):
    """Number of parameters of the RNN: n_h^2 + n_h n_x + n_y n_h + n_h, as a Python int.

    two_biases=True also counts torch's second bias vector (n_h more). Raises ValueError, naming
    the offending argument, if n_h, n_x or n_y is smaller than 1.
    """
    ### BEGIN SOLUTION
    for name, value in (("n_h", n_h), ("n_x", n_x), ("n_y", n_y)):
        if value < 1:
            raise ValueError(f"{name} must be >= 1, got {value}")
    biases = 2 if two_biases else 1
    return int(n_h * n_h + n_h * n_x + n_y * n_h + biases * n_h)
    ### END SOLUTION


# %% [explore]
# The hidden states of a 2-unit RNN driven by a sine wave, and the same run through torch.nn.RNN.
try:
    Wh_ex = np.array([[0.5, -0.3], [0.2, 0.4]])
    Wx_ex = np.array([[1.0], [-0.5]])
    Wy_ex = np.array([[1.0, 2.0]])
    b_ex = np.array([0.1, -0.1])
    xs_demo = np.sin(0.3 * np.arange(40)).reshape(-1, 1)
    hs_demo, ys_demo = rnn_forward(Wh_ex, Wx_ex, Wy_ex, b_ex, xs_demo, np.zeros(2))
    fig, ax = plt.subplots(figsize=(7, 3.5))
    ax.plot(xs_demo[:, 0], "k--", label="input x_t")
    ax.plot(hs_demo[:, 0], label="h_t[0]")
    ax.plot(hs_demo[:, 1], label="h_t[1]")
    ax.plot(ys_demo[:, 0], label="output y_t")
    ax.set_xlabel("t - 1")
    ax.legend(fontsize=8)
    plt.show()
    torch_hs = rnn_forward_torch(Wh_ex, Wx_ex, b_ex, xs_demo, np.zeros(2))
    print("max |numpy - torch.nn.RNN|:", np.max(np.abs(hs_demo - torch_hs.numpy())))
    print("lecture's count:", rnn_param_count(100, 4, 1),
          " with torch's two biases:", rnn_param_count(100, 4, 1, two_biases=True))
except NotImplementedError:
    print("implement the functions of question 1 first")


# %% [question q2_bptt]
# To train the RNN on a target sequence $y_1, \dots, y_T$ we use the squared error of every step,
# averaged over the $n_y$ outputs of that step and **summed over time** (not averaged over time):
# $$L = \sum_{t=1}^{T} L_t, \qquad L_t = \frac{1}{n_y} \bigl\lVert \hat y_t - y_t \bigr\rVert^2 .$$
#
# **Backpropagation through time** is the chain rule applied to the RNN unrolled over the $T$ steps:
# a parameter used at every step collects one gradient contribution per step. Write
# $a_t = W_h h_{t-1} + W_x x_t + b$ for the pre-activation, so $h_t = \tanh a_t$. Going **backwards**
# from $t = T$ to $t = 1$:
#
# 1. Output error: $e_t = \partial L / \partial \hat y_t = \tfrac{2}{n_y} (\hat y_t - y_t)$, and
#    $\partial L / \partial W_y = \sum_t e_t\, h_t^\top$.
# 2. The hidden state $h_t$ affects the loss directly through $\hat y_t$ and indirectly through
#    $h_{t+1}$: $\;\delta_t = \partial L / \partial h_t = W_y^\top e_t + W_h^\top g_{t+1}$, with
#    $g_{T+1} = 0$.
# 3. Through the tanh: $g_t = \partial L / \partial a_t = \delta_t \odot (1 - h_t^2)$.
# 4. Parameter gradients, summed over all steps:
#    $\partial L/\partial W_h = \sum_t g_t\, h_{t-1}^\top$ (with the given $h_0$ at $t = 1$),
#    $\partial L/\partial W_x = \sum_t g_t\, x_t^\top$, $\partial L/\partial b = \sum_t g_t$.
#
# Repeated multiplication by $W_h^\top$ and by the factors $1 - h_t^2 \le 1$ in step 2 is why
# gradients from distant steps **vanish** (or, for a large $W_h$, **explode**): roughly like
# $\lambda^{n}$ after $n$ steps, for the largest eigenvalue magnitude $\lambda$ of $W_h$.
#
# **Worked example.** The RNN of question 1 started from $h_0 = (0.5, -0.5)$, with targets
# $y = (0.5, -0.2, 0.1)$: $L = 0.82899061$, $\partial L / \partial b = (0.67274004, 0.46521839)$
# and $\partial L / \partial W_y = (-1.23931183, 1.02731994)$.
#
# **Your task.** `rnn_loss(params, xs, ys, h0)` returns $L$ as a Python `float`;
# `bptt(params, xs, ys, h0)` returns the tuple `(dWh, dWx, dWy, db)`, each float64 with the shape
# of its parameter, computed by hand in NumPy (no torch). `params = (Wh, Wx, Wy, b)`, `xs` is
# `(T, n_x)`, `ys` is `(T, n_y)`, `h0` is `(n_h,)`. The grader compares your gradients with torch's
# autograd and with central differences of your own `rnn_loss`.
#
# *This answer cell must not call functions from question 1: write the forward pass again inside
# it (a private helper such as `_bptt_forward` is fine).*


# %% [answer]
### BEGIN SOLUTION
def _bptt_forward(params, xs, h0):
    Wh, Wx, Wy, b = params
    hs = np.zeros((xs.shape[0], Wh.shape[0]), dtype=np.float64)
    h = np.asarray(h0, dtype=np.float64)
    for t in range(xs.shape[0]):
        h = np.tanh(Wh @ h + Wx @ xs[t] + b)
        hs[t] = h
    return hs, hs @ Wy.T
### END SOLUTION


def rnn_loss(params, xs, ys, h0):
    """L = sum over t of mean over the n_y outputs of (y_hat_t - y_t)^2, as a Python float.

    params = (Wh, Wx, Wy, b); xs (T, n_x), ys (T, n_y), h0 (n_h,): NumPy arrays.
    """
    ### BEGIN SOLUTION
    _, y_hat = _bptt_forward(params, xs, h0)
    return float(np.sum(np.mean((y_hat - ys) ** 2, axis=1)))
    ### END SOLUTION


def bptt(params, xs, ys, h0):
    """Gradient of rnn_loss(params, xs, ys, h0) by backpropagation through time, in NumPy.

    Returns the tuple (dWh, dWx, dWy, db), each float64 with the shape of its parameter.
    """
    ### BEGIN SOLUTION
    Wh, Wx, Wy, b = params
    hs, y_hat = _bptt_forward(params, xs, h0)
    n_y = ys.shape[1]
    prev = np.vstack([np.asarray(h0, dtype=np.float64).reshape(1, -1), hs[:-1]])
    dWh, dWx = np.zeros(Wh.shape), np.zeros(Wx.shape)
    dWy, db = np.zeros(Wy.shape), np.zeros(b.shape)
    g_next = np.zeros(Wh.shape[0])
    for t in range(xs.shape[0] - 1, -1, -1):
        e = 2.0 * (y_hat[t] - ys[t]) / n_y
        dWy += np.outer(e, hs[t])
        delta = Wy.T @ e + Wh.T @ g_next
        g = delta * (1.0 - hs[t] ** 2)
        dWh += np.outer(g, prev[t])
        dWx += np.outer(g, xs[t])
        db += g
        g_next = g
    return dWh, dWx, dWy, db
    ### END SOLUTION


# %% [explore]
# Your BPTT gradients against torch's autograd on a random RNN.
try:
    gen_demo = np.random.default_rng(0)
    p_demo = (0.5 * gen_demo.normal(size=(4, 4)), gen_demo.normal(size=(4, 2)),
              gen_demo.normal(size=(3, 4)), 0.2 * gen_demo.normal(size=4))
    x_demo, y_demo, h_demo = gen_demo.normal(size=(9, 2)), gen_demo.normal(size=(9, 3)), np.zeros(4)
    leaves = [torch.tensor(p, requires_grad=True) for p in p_demo]
    h_t, loss_t = torch.tensor(h_demo), 0.0
    for t in range(9):
        h_t = torch.tanh(leaves[0] @ h_t + leaves[1] @ torch.tensor(x_demo[t]) + leaves[3])
        loss_t = loss_t + torch.mean((leaves[2] @ h_t - torch.tensor(y_demo[t])) ** 2)
    loss_t.backward()
    print("loss (numpy, torch):", rnn_loss(p_demo, x_demo, y_demo, h_demo), loss_t.item())
    for name, mine, leaf in zip(["Wh", "Wx", "Wy", "b"], bptt(p_demo, x_demo, y_demo, h_demo),
                                leaves):
        print(f"d{name}: max |BPTT - autograd| = {np.max(np.abs(mine - leaf.grad.numpy())):.2e}")
except NotImplementedError:
    print("implement the functions of question 2 first")


# %% [question q3_truncated_bptt]
# For long sequences, full BPTT is expensive and its long-range terms are mostly vanishing noise
# anyway. **Truncated BPTT** cuts the graph: gradients flow back at most a fixed number of steps.
# The lecture sketches the general scheme "every $k_1$ steps, backpropagate $k_2$ steps"; we use
# the common case $k_1 = k_2 = k$, as PyTorch language models do with `h = h.detach()`, and pin it
# down exactly:
#
# * Cut the sequence into **chunks of $k$ consecutive steps**: steps $1..k$, $k+1..2k$, $2k+1..3k$,
#   and so on; the last chunk is shorter when $k$ does not divide $T$.
# * The **forward pass is unchanged**: the hidden state is carried from chunk to chunk, so every
#   $h_t$ and $\hat y_t$ (and the loss $L$ of question 2) are exactly as before.
# * The state that enters a chunk is treated as a **constant**: no gradient flows from a chunk back
#   into an earlier chunk.
# * The result is the sum, over all steps, of these truncated contributions: one gradient for the
#   whole sequence (no parameter update between chunks).
#
# This is exactly the gradient that autograd computes for
# ```
# h, loss = h0, 0.0
# for t in range(T):                 # 0-based: this is step t + 1
#     if t > 0 and t % k == 0:
#         h = h.detach()             # a new chunk starts at step t + 1
#     h = torch.tanh(Wh @ h + Wx @ xs[t] + b)
#     loss = loss + torch.mean((Wy @ h - ys[t]) ** 2)
# loss.backward()
# ```
# In the backward recursion of question 2 it means: at the **last step of each chunk** (steps
# $k, 2k, \dots$, and $T$) the term $W_h^\top g_{t+1}$ is dropped, $\delta_t = W_y^\top e_t$;
# inside a chunk the recursion is unchanged. Consequences: any $k \ge T$ gives full BPTT, and
# $k = 1$ keeps only the direct terms of each step. The term $g_t h_{t-1}^\top$ of
# $\partial L / \partial W_h$ still uses the true $h_{t-1}$ (from the previous chunk at a chunk's
# first step): the state is a constant, not zero.
#
# **Worked example.** The example of question 2 with $k = 2$ (chunks: steps 1-2 and step 3):
# $\partial L / \partial b = (0.49990624, 0.19835958)$; with $k = 1$:
# $\partial L / \partial b = (0.45350226, -0.00135052)$; with $k = 3$ (or more) the full BPTT
# gradient $(0.67274004, 0.46521839)$.
#
# **Your task.** `truncated_bptt(params, xs, ys, h0, k)` returns `(dWh, dWx, dWy, db)` like `bptt`,
# in NumPy, and raises `ValueError` (with a message that mentions `k`) if `k < 1`.
#
# *This answer cell must not call functions from earlier questions.*


# %% [answer]
def truncated_bptt(params, xs, ys, h0, k):
    """Gradient of the loss of question 2 with the graph cut every k steps (chunks of steps
    1..k, k+1..2k, ...; the state entering a chunk is a constant). NumPy only.

    Returns the tuple (dWh, dWx, dWy, db), each float64 with the shape of its parameter.
    k >= T gives full BPTT. Raises ValueError (mentioning k) if k < 1.
    """
    ### BEGIN SOLUTION
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    Wh, Wx, Wy, b = params
    T, n_y = ys.shape
    hs = np.zeros((T, Wh.shape[0]), dtype=np.float64)
    h = np.asarray(h0, dtype=np.float64)
    for t in range(T):
        h = np.tanh(Wh @ h + Wx @ xs[t] + b)
        hs[t] = h
    y_hat = hs @ Wy.T
    prev = np.vstack([np.asarray(h0, dtype=np.float64).reshape(1, -1), hs[:-1]])
    dWh, dWx = np.zeros(Wh.shape), np.zeros(Wx.shape)
    dWy, db = np.zeros(Wy.shape), np.zeros(b.shape)
    g_next = np.zeros(Wh.shape[0])
    for t in range(T - 1, -1, -1):
        e = 2.0 * (y_hat[t] - ys[t]) / n_y
        dWy += np.outer(e, hs[t])
        delta = Wy.T @ e
        if (t + 1) % k != 0:  # step t + 1 is not the last of its chunk
            delta = delta + Wh.T @ g_next
        g = delta * (1.0 - hs[t] ** 2)
        dWh += np.outer(g, prev[t])
        dWx += np.outer(g, xs[t])
        db += g
        g_next = g
    return dWh, dWx, dWy, db
    ### END SOLUTION


# %% [explore]
# Left: the vanishing/exploding factor of BPTT. A gradient sent back n steps through a (linear)
# recurrence is multiplied by W_h^T n times; its norm behaves like lambda ** n for the largest
# eigenvalue magnitude lambda. Right: how far the truncated gradient dWh is from the full one.
try:
    gen_tr = np.random.default_rng(1)
    A_tr = gen_tr.normal(size=(6, 6))
    A_tr /= np.max(np.abs(np.linalg.eigvals(A_tr)))  # spectral radius 1
    v_tr = gen_tr.normal(size=6)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.5))
    for lam in (0.5, 0.9, 1.1):
        norms, v = [], v_tr.copy()
        for _ in range(40):
            norms.append(np.linalg.norm(v))
            v = lam * A_tr.T @ v
        ax1.semilogy(norms, label=f"lambda = {lam}")
    ax1.set_xlabel("steps back n")
    ax1.set_ylabel("|(W_h^T)^n v|")
    ax1.legend()
    T_tr = 60
    x_tr = 0.3 * np.sin(0.4 * np.arange(T_tr)).reshape(-1, 1)
    y_tr = np.cos(0.4 * np.arange(T_tr)).reshape(-1, 1)
    rest_tr = (gen_tr.normal(size=(6, 1)), gen_tr.normal(size=(1, 6)), np.zeros(6))
    ks = np.arange(1, 31)
    for lam in (0.5, 0.9):
        p_tr = (lam * A_tr, *rest_tr)
        full = truncated_bptt(p_tr, x_tr, y_tr, np.zeros(6), T_tr)[0]
        errs = [np.linalg.norm(truncated_bptt(p_tr, x_tr, y_tr, np.zeros(6), k)[0] - full)
                / np.linalg.norm(full) for k in ks]
        ax2.semilogy(ks, errs, "o-", ms=3, label=f"lambda = {lam}")
    ax2.set_xlabel("truncation length k")
    ax2.set_ylabel("relative error of dWh")
    ax2.legend()
    plt.show()
except NotImplementedError:
    print("implement truncated_bptt first")


# %% [question q4_clipping]
# When $\lVert W_h \rVert$ is large, BPTT gradients can **explode**: one huge step throws the
# parameters far away. **Gradient clipping** caps the length of the update direction. We clip by
# the **global norm** of all gradients together, $G = \sqrt{\sum_i \lVert g_i \rVert_2^2}$ (the sum
# runs over every entry of every gradient array), with a threshold $G_{\max} > 0$:
# $$g_i \leftarrow \begin{cases} g_i \cdot G_{\max} / G & \text{if } G > G_{\max},\\
#   g_i & \text{otherwise.} \end{cases}$$
# All arrays are scaled by the **same** factor, so the direction of the full gradient is preserved
# and, after clipping, the global norm is exactly $G_{\max}$. Clipping each array by its own norm
# would change the direction. Below the threshold (and exactly at it) nothing changes.
#
# `torch.nn.utils.clip_grad_norm_` does nearly the same, but divides by $G + 10^{-6}$, so its
# clipped norm is slightly below $G_{\max}$; here the factor is exactly $G_{\max}/G$. If a
# gradient holds a NaN or an infinity, the global norm is not finite and there is no sensible
# direction to keep: raise `ValueError` (as `clip_grad_norm_(..., error_if_nonfinite=True)`
# does).
#
# **Worked example.** $g_1 = (3, 4)$, $g_2 = \begin{pmatrix} 0 & 12 \\ 0 & 0 \end{pmatrix}$:
# $G = \sqrt{9 + 16 + 144} = 13$. With $G_{\max} = 6.5$ every entry is halved:
# $(1.5, 2)$ and $\begin{pmatrix} 0 & 6 \\ 0 & 0 \end{pmatrix}$. With $G_{\max} = 13$ or $20$
# nothing changes.
#
# **Your task.** `clip_by_global_norm(grads, g_max)` takes a list of float64 arrays (any shapes)
# and returns the tuple `(clipped, G)`: a **new** list of float64 arrays with the shapes of the
# inputs, and the global norm $G$ **before** clipping as a Python `float`. The input arrays are
# not modified. Raise `ValueError` if `g_max <= 0`, and `ValueError` with a message containing the
# word "finite" if the global norm is not finite. All-zero gradients are returned unchanged,
# without warnings (no division by zero).


# %% [answer]
def clip_by_global_norm(grads, g_max):
    """Clip a list of gradient arrays by their global norm G = sqrt(sum of all squared entries).

    If G > g_max every array is multiplied by g_max / G; otherwise the arrays are unchanged.
    Returns (clipped, G): a new list of float64 arrays (same shapes, inputs not modified) and G
    before clipping as a Python float. Raises ValueError if g_max <= 0, and ValueError with
    "finite" in its message if G is not finite.
    """
    ### BEGIN SOLUTION
    if g_max <= 0:
        raise ValueError(f"g_max must be > 0, got {g_max}")
    arrays = [np.asarray(g, dtype=np.float64) for g in grads]
    total = float(np.sqrt(sum(np.sum(g * g) for g in arrays)))
    if not np.isfinite(total):
        raise ValueError("the global norm of the gradients is not finite")
    if total > g_max:
        scale = g_max / total
        return [g * scale for g in arrays], total
    return [g.copy() for g in arrays], total
    ### END SOLUTION


# %% [explore]
# Two gradients in the plane, before (pale) and after clipping by their global norm: both are
# scaled by the same factor, so the direction of the whole gradient is kept.
try:
    g_demo = [np.array([3.0, 1.0]), np.array([0.2, 0.6])]
    clipped_demo, G_demo = clip_by_global_norm(g_demo, 1.0)
    fig, ax = plt.subplots(figsize=(5, 4))
    for i, (g, c) in enumerate(zip(g_demo, clipped_demo)):
        ax.arrow(0, 0, *g, color=f"C{i}", width=0.02, alpha=0.35, length_includes_head=True)
        ax.arrow(0, 0, *c, color=f"C{i}", width=0.02, length_includes_head=True,
                 label=f"g{i + 1} clipped")
    ax.set_xlim(-0.2, 3.2)
    ax.set_ylim(-0.2, 1.2)
    ax.set_title(f"global norm {G_demo:.3f} -> 1 (pale: before)")
    ax.legend()
    plt.show()
except NotImplementedError:
    print("implement clip_by_global_norm first")


# %% [question q5_lstm_gru]
# A vanilla RNN forgets quickly (its gradients vanish). Gated cells add learned **gates**, vectors
# in $(0, 1)$ computed by a sigmoid, that decide what to keep. Each gate and candidate $k$ has its
# own input weights $W_k$ `(n_h, n_x)`, recurrent weights $U_k$ `(n_h, n_h)` and bias $b_k$
# `(n_h,)`; we pass them as a dictionary `P = {k: (W_k, U_k, b_k)}`. With
# $\sigma(z) = 1/(1 + e^{-z})$:
#
# **LSTM** (keys `"i"`, `"f"`, `"g"`, `"o"`): a cell state $c$ next to the hidden state $h$,
# $$\begin{aligned} i &= \sigma(W_i x + U_i h + b_i), & f &= \sigma(W_f x + U_f h + b_f), &
#   g &= \tanh(W_g x + U_g h + b_g), & o &= \sigma(W_o x + U_o h + b_o),\\
#   c' &= f \odot c + i \odot g, & h' &= o \odot \tanh(c'). \end{aligned}$$
# The input gate $i$ admits the candidate $g$, the forget gate $f$ keeps old memory, the output gate
# $o$ decides what is shown.
#
# **The same cell in PyTorch.** `torch.nn.LSTMCell(n_x, n_h)` stores the four blocks **stacked** in
# the order **i, f, g, o**: `weight_ih` `(4 n_h, n_x)` is $W_i, W_f, W_g, W_o$ on top of each other,
# `weight_hh` `(4 n_h, n_h)` likewise with the $U_k$, and it has two biases `bias_ih` and `bias_hh`
# `(4 n_h,)` that are added. Put the $b_k$ (same order) into `bias_ih` and zeros into `bias_hh`.
#
# **GRU** (keys `"f"`, `"r"`, `"g"`), the lecture's variant: no cell state; a gate $f$ decides how
# much of the old state to **keep**, and the **reset** gate $r$ is applied to $h$ **before** it is
# multiplied by $U_g$:
# $$f = \sigma(W_f x + U_f h + b_f), \quad r = \sigma(W_r x + U_r h + b_r), \quad
#   g = \tanh\bigl(W_g x + U_g (r \odot h) + b_g\bigr), \quad h' = f \odot h + (1 - f) \odot g .$$
# `torch.nn.GRUCell` computes a different variant: it applies the reset **after** the matrix,
# $r \odot (W_{hn} h + b_{hn})$ (Keras calls this `reset_after=True`), and its update gate $z$ plays
# the role of our $f$. The two agree only for special weights, so `torch.nn.GRUCell` is **not** a
# reference for this question.
#
# **Shapes.** `x` is `(n_x,)` and `h`, `c` are `(n_h,)`, or a batch: `x` `(B, n_x)`, `h`, `c`
# `(B, n_h)` with one example per row. Writing each affine map as `x @ W.T + h @ U.T + b` handles
# both. Compute the sigmoid stably, e.g. `np.exp(-np.logaddexp(0, -z))`: the cells must be
# finite and emit no warnings for pre-activations as large as $\pm 800$.
#
# **Worked example.** $n_x = 1$, $n_h = 2$, $x = (1)$, $h = (0.5, -0.5)$, $c = (1, 0)$, every
# $W_k = (0.5, -0.5)^\top$, every $U_k = \begin{pmatrix} 0.1 & 0.2 \\ -0.3 & 0.4 \end{pmatrix}$ and
# $b_i = b_f = b_g = b_o = (0, 0.1)$, $b_r = (0.2, 0)$: the LSTM gives
# $h' = (0.42774834, -0.06448350)$, $c' = (0.86826732, -0.20376931)$; the GRU (with
# $b_f = b_g = (0, 0.1)$) gives $h' = (0.48613894, -0.50463042)$.
#
# **Your task.** `lstm_cell(x, h, c, P)` returns the tuple `(h_new, c_new)`; `gru_cell(x, h, P)`
# returns `h_new`; `lstm_torch_weights(P)` returns the tuple
# `(weight_ih, weight_hh, bias_ih, bias_hh)` of float64 NumPy arrays for `torch.nn.LSTMCell`. All
# NumPy, float64, with the shape of `h`.


# %% [answer]
### BEGIN SOLUTION
def _gate_sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))


def _gate_affine(P, key, x, h):
    W, U, b = P[key]
    return x @ np.asarray(W).T + h @ np.asarray(U).T + b
### END SOLUTION


def lstm_cell(x, h, c, P):
    """One LSTM step. P = {"i": (W, U, b), "f": ..., "g": ..., "o": ...}, W (n_h, n_x),
    U (n_h, n_h), b (n_h,). x (n_x,) or (B, n_x); h, c (n_h,) or (B, n_h).

    Returns (h_new, c_new), float64 with the shape of h: c_new = f * c + i * g,
    h_new = o * tanh(c_new). Finite and without warnings for pre-activations of +-800.
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    h = np.asarray(h, dtype=np.float64)
    i = _gate_sigmoid(_gate_affine(P, "i", x, h))
    f = _gate_sigmoid(_gate_affine(P, "f", x, h))
    g = np.tanh(_gate_affine(P, "g", x, h))
    o = _gate_sigmoid(_gate_affine(P, "o", x, h))
    c_new = f * c + i * g
    return o * np.tanh(c_new), c_new
    ### END SOLUTION


def lstm_torch_weights(P):
    """The LSTM parameters P stacked for torch.nn.LSTMCell, gate order i, f, g, o.

    Returns (weight_ih (4 n_h, n_x), weight_hh (4 n_h, n_h), bias_ih (4 n_h,), bias_hh (4 n_h,))
    as float64 NumPy arrays, with the b_k in bias_ih and zeros in bias_hh.
    """
    ### BEGIN SOLUTION
    order = ("i", "f", "g", "o")
    weight_ih = np.concatenate([np.asarray(P[key][0], dtype=np.float64) for key in order])
    weight_hh = np.concatenate([np.asarray(P[key][1], dtype=np.float64) for key in order])
    bias_ih = np.concatenate([np.asarray(P[key][2], dtype=np.float64) for key in order])
    return weight_ih, weight_hh, bias_ih, np.zeros_like(bias_ih)
    ### END SOLUTION


def gru_cell(x, h, P):
    """One GRU step, the lecture's variant (reset before U_g). P = {"f": (W, U, b), "r": ...,
    "g": ...}; f = sigmoid(.), r = sigmoid(.), g = tanh(W_g x + U_g (r * h) + b_g),
    h_new = f * h + (1 - f) * g.

    x (n_x,) or (B, n_x); h (n_h,) or (B, n_h). Returns h_new, float64 with the shape of h.
    Finite and without warnings for pre-activations of +-800.
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    h = np.asarray(h, dtype=np.float64)
    f = _gate_sigmoid(_gate_affine(P, "f", x, h))
    r = _gate_sigmoid(_gate_affine(P, "r", x, h))
    W_g, U_g, b_g = P["g"]
    g = np.tanh(x @ np.asarray(W_g).T + (r * h) @ np.asarray(U_g).T + b_g)
    return f * h + (1.0 - f) * g
    ### END SOLUTION


# %% [explore]
# Your LSTM cell against torch.nn.LSTMCell with the stacked weights, and how long an LSTM keeps a
# pulse in its cell state compared with the GRU's hidden state.
try:
    gen_cell = np.random.default_rng(2)
    P_lstm = {key: (gen_cell.normal(size=(3, 2)), gen_cell.normal(size=(3, 3)),
                    gen_cell.normal(size=3)) for key in "ifgo"}
    x_cell, h_cell, c_cell = (gen_cell.normal(size=(4, 2)), gen_cell.normal(size=(4, 3)),
                              gen_cell.normal(size=(4, 3)))
    torch_cell = torch.nn.LSTMCell(2, 3)
    with torch.no_grad():
        for param, value in zip((torch_cell.weight_ih, torch_cell.weight_hh,
                                 torch_cell.bias_ih, torch_cell.bias_hh),
                                lstm_torch_weights(P_lstm)):
            param.copy_(torch.tensor(value))
        h_torch, c_torch = torch_cell(torch.tensor(x_cell),
                                      (torch.tensor(h_cell), torch.tensor(c_cell)))
    h_np, c_np = lstm_cell(x_cell, h_cell, c_cell, P_lstm)
    print("max |numpy - torch.nn.LSTMCell|:", np.max(np.abs(h_np - h_torch.numpy())),
          np.max(np.abs(c_np - c_torch.numpy())))
    # one unit, forget/keep gates biased to stay open: a pulse at t = 0 decays slowly
    one = (np.zeros((1, 1)), np.zeros((1, 1)))
    P_keep = {"i": (np.array([[5.0]]), np.zeros((1, 1)), np.array([-5.0])),
              "f": (*one, np.array([3.0])), "g": (np.array([[5.0]]), *one[1:], np.zeros(1)),
              "o": (*one, np.array([5.0]))}
    P_gru = {"f": (*one, np.array([3.0])), "r": (*one, np.zeros(1)),
             "g": (np.array([[5.0]]), *one[1:], np.zeros(1))}
    pulse = np.zeros(40)
    pulse[0] = 1.0
    h_l, c_l, h_g, trace_l, trace_g = np.zeros(1), np.zeros(1), np.zeros(1), [], []
    for value in pulse:
        h_l, c_l = lstm_cell(np.array([value]), h_l, c_l, P_keep)
        h_g = gru_cell(np.array([value]), h_g, P_gru)
        trace_l.append(c_l[0])
        trace_g.append(h_g[0])
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(trace_l, label="LSTM cell state c_t")
    ax.plot(trace_g, label="GRU hidden state h_t")
    ax.set_xlabel("t")
    ax.legend()
    plt.show()
except NotImplementedError:
    print("implement the cells of question 5 first")


# %% [question q6_train_sine]
# Finally, a tiny RNN learns to **continue a sine wave**. The input sequence is
# $x_t = \sin(\omega (t - 1))$ and the target is the next value, $y_t = x_{t+1}$: at every step the
# network predicts where the wave goes next. Training minimises the loss $L$ of question 2 (summed
# over time, averaged over the outputs) computed with torch from $h_0 = 0$, by **plain gradient
# descent**, `torch.optim.SGD(params, lr=lr)` (no momentum), for exactly `steps` updates. Each
# update:
#
# 1. compute the loss of the whole sequence from the current parameters and record `loss.item()`;
# 2. `zero_grad()`, then `backward()` (full BPTT by autograd);
# 3. if `g_max` is not `None`, clip the gradients (`p.grad`) by their global norm exactly as in
#    question 4 (factor $G_{\max}/G$ if $G > G_{\max}$; `torch.nn.utils.clip_grad_norm_` is not
#    exact, it divides by $G + 10^{-6}$);
# 4. `step()`.
#
# So `losses[s]` is the loss **before** update $s + 1$, and `steps=0` returns the initial
# parameters. Start from copies of `params0` (`p.detach().clone().requires_grad_(True)`), so the
# caller's tensors are not changed. Everything is float64.
#
# **Device.** The grader may call your function with every tensor on a GPU (`--device cuda`).
# Create each new tensor on the device of the data, e.g.
# `torch.zeros(n_h, dtype=xs.dtype, device=xs.device)`, never with `torch.tensor(...)` from NumPy
# inside the loop, and return the parameters on that device. The loss history is a NumPy array
# (on the CPU) in any case.
#
# **Continuation.** `rnn_generate(params, xs, n)` runs the RNN from $h_0 = 0$ over the warm-up
# sequence `xs` (shape `(T, n_x)`), then **feeds its own predictions back** as the next inputs
# ($n_x = n_y$): `out[0]` $= W_y h_T$ (the prediction of the step after the warm-up), and for
# $j \ge 1$, `out[j]` $= W_y h_{T+j}$ with $h_{T+j} = \tanh(W_h h_{T+j-1} + W_x\,$`out[j-1]`$ + b)$.
# It returns a tensor of shape `(n, n_y)` (`n = 0` gives shape `(0, n_y)`) that does not require
# grad, on the device of `xs`.
#
# **What the reference gets.** With $\omega = 0.3$, $T = 30$, $n_h = 8$ and the initial parameters
# of the explore cell below, `lr=0.01`: without clipping the loss goes from `9.98612` before the
# first update to `23.48395` after it (an exploding step), with `g_max=1.0` it decreases
# steadily: `9.98612, 9.32071, 8.68434, ...`. The grader compares the loss history of your run
# with the reference's on hidden data and initial parameters.


# %% [answer]
def train_rnn(params0, xs, ys, steps, lr, g_max=None):
    """Train params = (Wh, Wx, Wy, b) by SGD on the summed loss of question 2 (h0 = 0), with
    optional clipping by the global norm g_max, for exactly `steps` updates.

    params0: tuple of float64 tensors (not modified); xs (T, n_x), ys (T, n_y): float64 tensors,
    all on one device. Returns (params, losses): a tuple of detached float64 tensors on the
    device of xs, and a float64 NumPy array (steps,) with losses[s] the loss before update s + 1.
    """
    ### BEGIN SOLUTION
    params = [p.detach().clone().requires_grad_(True) for p in params0]
    optimizer = torch.optim.SGD(params, lr=lr)
    losses = []
    for _ in range(steps):
        Wh, Wx, Wy, b = params
        h = torch.zeros(Wh.shape[0], dtype=xs.dtype, device=xs.device)
        loss = torch.zeros((), dtype=xs.dtype, device=xs.device)
        for t in range(xs.shape[0]):
            h = torch.tanh(Wh @ h + Wx @ xs[t] + b)
            loss = loss + torch.mean((Wy @ h - ys[t]) ** 2)
        losses.append(loss.item())
        optimizer.zero_grad()
        loss.backward()
        if g_max is not None:
            with torch.no_grad():
                total = torch.sqrt(sum(torch.sum(p.grad**2) for p in params))
                if total > g_max:
                    for p in params:
                        p.grad.mul_(g_max / total)
        optimizer.step()
    return tuple(p.detach() for p in params), np.array(losses, dtype=np.float64)
    ### END SOLUTION


def rnn_generate(params, xs, n):
    """Run the RNN from h0 = 0 over the warm-up xs (T, n_x), then predict n further values by
    feeding each prediction back as the next input (n_x = n_y).

    Returns a tensor (n, n_y) on the device of xs that does not require grad; out[0] = Wy h_T.
    """
    ### BEGIN SOLUTION
    Wh, Wx, Wy, b = params
    with torch.no_grad():
        h = torch.zeros(Wh.shape[0], dtype=xs.dtype, device=xs.device)
        for t in range(xs.shape[0]):
            h = torch.tanh(Wh @ h + Wx @ xs[t] + b)
        out = torch.zeros((n, Wy.shape[0]), dtype=xs.dtype, device=xs.device)
        for j in range(n):
            y = Wy @ h
            out[j] = y
            h = torch.tanh(Wh @ h + Wx @ y + b)
    return out
    ### END SOLUTION


# %% [explore]
# 200 SGD steps on the sine wave with and without clipping, then the continuation of the clipped
# run beyond the 30 training steps. (About a second on a CPU.)
try:
    omega, T_sine, n_sine = 0.3, 30, 8
    wave = np.sin(omega * np.arange(T_sine + 41))
    xs_sine = torch.tensor(wave[:T_sine]).reshape(-1, 1)
    ys_sine = torch.tensor(wave[1:T_sine + 1]).reshape(-1, 1)
    gen_sine = np.random.default_rng(0)
    params_sine = (torch.tensor(0.3 * gen_sine.normal(size=(n_sine, n_sine))),
                   torch.tensor(0.5 * gen_sine.normal(size=(n_sine, 1))),
                   torch.tensor(0.5 * gen_sine.normal(size=(1, n_sine))),
                   torch.zeros(n_sine))
    plain, hist_plain = train_rnn(params_sine, xs_sine, ys_sine, 200, 0.01)
    clipped, hist_clip = train_rnn(params_sine, xs_sine, ys_sine, 200, 0.01, g_max=1.0)
    print("first losses without clipping:", hist_plain[:3])
    print("first losses with g_max = 1:  ", hist_clip[:3])
    future = rnn_generate(plain, xs_sine, 40).numpy().ravel()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.5))
    ax1.semilogy(hist_plain, label="no clipping")
    ax1.semilogy(hist_clip, label="g_max = 1")
    ax1.set_xlabel("SGD step")
    ax1.set_ylabel("loss L")
    ax1.legend()
    ax2.plot(np.arange(T_sine + 41), wave, "k--", label="sine")
    ax2.plot(np.arange(T_sine, T_sine + 40), future, label="RNN continuation")
    ax2.axvspan(0, T_sine, alpha=0.1, label="warm-up / training")
    ax2.set_xlabel("t - 1")
    ax2.legend(fontsize=8)
    plt.show()
except NotImplementedError:
    print("implement the functions of question 6 first")
