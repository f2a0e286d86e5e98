"""Reference solution for assignment 12_physics_informed_ml (Lagaris trial functions and ODE
residuals by autograd, the PINN loss of a boundary-value problem with second derivatives, the
viscous Burgers residual, a short PINN training run with Adam, Fourier coefficients of the box
function and Fourier features, and energy conservation under velocity Verlet).

This is the assignment's master: ``autograder assign`` generates the student notebook from it
(the solution regions become stubs) and the reference module is its header and answer cells.
An answer cell may only use the names imported by the notebook's setup cell (``math``, ``np``,
``torch``, ``plt``) and the names it defines itself.

Conventions: every tensor is float64 (the setup cell makes it torch's default dtype); points are
columns of shape (N, 1). Nothing here draws random numbers: initial parameters and collocation
points are handed in.
"""

import math

import numpy as np
import torch


# %% [markdown]
# # Assignment 12: Physics-informed machine learning
#
# A neural network can solve a differential equation without any training data: we ask it to
# *satisfy the equation* at a set of points. The equation's **residual** (left side minus right
# side) is computed from the network's output by automatic differentiation, and its mean square
# is the loss. This assignment builds that idea step by step:
#
# 1. **Lagaris' trial function** for an initial-value problem: the initial condition holds
#    exactly by construction, and the loss is the mean squared ODE residual.
# 2. The **PINN loss** of a boundary-value problem $u'' + a u' = b$, with second derivatives and
#    boundary penalties, and its analytic solution.
# 3. The residual of the **viscous Burgers equation** $u_t + u u_x = \nu u_{xx}$, with
#    derivatives with respect to two separate inputs $x$ and $t$.
# 4. A short **PINN training run** with Adam whose result must come close to the exact solution.
# 5. **Spectral bias**: the Fourier coefficients of a box function and **Fourier features**.
# 6. **Noether's theorem** in practice: energy conservation under the velocity Verlet scheme.
#
# ### How grading works
#
# * Each question has one **answer cell** with function stubs that `raise NotImplementedError`.
#   Replace the bodies with your implementation. Do **not** rename the functions, change their
#   arguments or move them into other cells: the grader looks them up by name.
# * Hidden tests call your functions on **inputs you do not see** (other networks, equations,
#   points and edge cases), so follow the contract written in each docstring, not just the
#   printed numbers.
# * The **check cell** `check("...")` under each answer cell runs a few public checks. Passing them
#   is a good sign, not a grade.
# * Each answer cell must work on its own: do not call a function defined in *another* question's
#   answer cell (helpers of your own inside the same cell are fine).
# * Run the cells from top to bottom. The setup cell makes float64 the default torch dtype.
#
# **Conventions.** All tensors are float64. A set of $N$ points is a **column** tensor of shape
# `(N, 1)`, and every network maps a column `(N, 1)` to a column `(N, 1)`. Keep it that way:
# a tensor of shape `(N,)` combined with one of shape `(N, 1)` broadcasts silently to `(N, N)`,
# and a mean over that matrix is a wrong number, not an error. Never modify the tensors you are
# given (no in-place operations such as `x.requires_grad_()` or `x += 1` on an argument).


# %% [setup]
import math

import numpy as np
import torch
import matplotlib.pyplot as plt
from autograder.public import Checker

torch.set_default_dtype(torch.float64)
check = Checker("12_physics_informed_ml", globals())


# %% [question q1_lagaris]
# Lagaris, Likas and Fotiadis (1998) solve an initial-value problem
# $$u'(x) = F\bigl(x, u(x)\bigr), \qquad u(0) = u_0,$$
# with a network $N(x; \theta)$ inside a **trial function** that satisfies the initial condition
# for every choice of the weights:
# $$\hat u(x) = u_0 + x\, N(x; \theta), \qquad \hat u(0) = u_0 \text{ exactly.}$$
# The weights are then chosen to make the ODE hold at **collocation points** $x_1, \dots, x_N$,
# by minimising the mean squared residual
# $$L(\theta) = \frac1N \sum_{i=1}^N \Bigl(\hat u'(x_i) - F\bigl(x_i, \hat u(x_i)\bigr)\Bigr)^2 .$$
#
# **The derivative by autograd.** With `x` a column `(N, 1)` that requires grad and
# `u = u_hat(x)` of the same shape,
# `torch.autograd.grad(u, x, grad_outputs=torch.ones_like(u), create_graph=True)[0]`
# is the column of the derivatives $\hat u'(x_i)$: a network treats every row separately, so
# row $i$ of $u$ depends on $x_i$ only and the vector-Jacobian product with a vector of ones is
# exactly the list of derivatives. `create_graph=True` records the derivative itself in the
# autograd graph. Without it the derivative is a constant as far as autograd is concerned:
# its value is right, but the loss can no longer be differentiated through it, and training
# would ignore the most important term.
#
# **Whose gradient.** If `x.requires_grad` is `True`, differentiate with respect to `x` itself
# (the grader does that, and then backpropagates through your loss to `x` to see that the
# derivative term is in the graph); otherwise work on `x = x.detach().requires_grad_(True)`.
# Never call `requires_grad_` on the caller's tensor.
#
# **Shapes.** `x` is `(N, 1)`, `net(x)` returns `(N, 1)`, $\hat u$ is `(N, 1)`, and the right
# side `F(x, u)` takes two `(N, 1)` tensors and returns `(N, 1)`. `u0` is a Python float.
#
# **Worked example.** For $u' = -u$, $u(0) = 1$ the solution is $e^{-x}$. Written as a trial
# function it is $\hat u = 1 + x N(x)$ with $N(x) = (e^{-x} - 1)/x$, so feeding that $N$ as the
# "network" gives a residual of 0 up to rounding (below $10^{-30}$). With the network
# $N(x) = \tanh x$, the right side $F(x, u) = x - u$, $u_0 = 1$ and the points
# $x = (0, 0.5, 1)^\top$: $\hat u = (1, 1.23105858, 1.76159416)^\top$,
# $\hat u' = (0, 0.85534102, 1.18156850)^\top$ and the loss is $L = 2.43084827$.
#
# **Your task.** `lagaris_trial(net, x, u0)` returns $\hat u$ and `ode_residual_loss(net, x, F, u0)`
# returns $L$ as a 0-d float64 tensor that stays connected to the autograd graph.


# %% [answer]
def lagaris_trial(net, x, u0):
    """The trial function u_hat = u0 + x * net(x).

    net: a callable mapping an (N, 1) tensor to an (N, 1) tensor; x: float64 tensor (N, 1);
    u0: Python float. Returns a float64 tensor (N, 1), equal to u0 exactly where x = 0.
    """
    ### BEGIN SOLUTION
    return u0 + x * net(x)
    ### END SOLUTION


def ode_residual_loss(net, x, F, u0):
    """Mean over the N points of (du_hat/dx - F(x, u_hat))^2 for u_hat = u0 + x * net(x).

    x: float64 tensor (N, 1), used as it is if it requires grad, else as
    x.detach().requires_grad_(True); F(x, u) maps two (N, 1) tensors to (N, 1).
    Returns a 0-d float64 tensor; du_hat/dx by autograd with create_graph=True, so the loss
    can be differentiated again.
    """
    ### BEGIN SOLUTION
    if not x.requires_grad:
        x = x.detach().requires_grad_(True)
    u = u0 + x * net(x)
    (du,) = torch.autograd.grad(u, x, grad_outputs=torch.ones_like(u), create_graph=True)
    return torch.mean((du - F(x, u)) ** 2)
    ### END SOLUTION


# %% [explore]
# Solve u' = -u, u(0) = 1 on [0, 2] with a 1-8-1 tanh network in the trial function: 500 Adam
# steps on the residual loss (a few seconds), then compare with exp(-x).
try:
    gen = torch.Generator().manual_seed(0)
    weights = [torch.randn(1, 8, generator=gen), torch.randn(8, generator=gen),
               0.3 * torch.randn(8, 1, generator=gen), torch.zeros(1)]
    for w in weights:
        w.requires_grad_(True)

    def demo_net(x):
        return torch.tanh(x @ weights[0] + weights[1]) @ weights[2] + weights[3]

    def decay_rhs(x, u):
        return -u

    x_demo = torch.linspace(0.0, 2.0, 20).reshape(-1, 1)
    opt = torch.optim.Adam(weights, lr=0.02)
    history = []
    for step in range(500):
        loss = ode_residual_loss(demo_net, x_demo, decay_rhs, 1.0)
        history.append(loss.item())
        opt.zero_grad()
        loss.backward()
        opt.step()
    x_plot = torch.linspace(0.0, 2.0, 200).reshape(-1, 1)
    with torch.no_grad():
        u_plot = lagaris_trial(demo_net, x_plot, 1.0)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.5))
    ax1.semilogy(history)
    ax1.set_xlabel("Adam step")
    ax1.set_ylabel("residual loss")
    ax2.plot(x_plot.ravel(), torch.exp(-x_plot).ravel(), "k--", label="exp(-x)")
    ax2.plot(x_plot.ravel(), u_plot.ravel(), label="trial function")
    ax2.legend()
    plt.show()
    print("max error:", float((u_plot - torch.exp(-x_plot)).abs().max()))
except NotImplementedError:
    print("implement lagaris_trial and ode_residual_loss first")


# %% [question q2_pinn_loss]
# A **boundary-value problem** fixes the solution at both ends of an interval:
# $$u''(x) + a\, u'(x) = b \quad \text{on } [0, 1], \qquad u(0) = u_0, \quad u(1) = u_1 .$$
# One could build a trial function for both ends, but a **physics-informed neural network**
# (PINN) simply uses the network as $\hat u$ and adds the boundary conditions to the loss as
# penalties. With collocation points $x_1, \dots, x_N$:
# $$L = \frac1N \sum_{i=1}^N \bigl(\hat u''(x_i) + a\, \hat u'(x_i) - b\bigr)^2
#   + \bigl(\hat u(0) - u_0\bigr)^2 + \bigl(\hat u(1) - u_1\bigr)^2 .$$
# The residual is averaged over the points; each boundary term is one squared number, with
# weight 1. The second derivative is the derivative of the first: call `torch.autograd.grad`
# on $\hat u'$ again, and pass `create_graph=True` to **both** calls (the first one so that
# $\hat u'$ can be differentiated again, the second so that the loss stays differentiable).
# Evaluate the network at the two boundary points as one column
# `torch.tensor([[0.0], [1.0]], dtype=x_col.dtype, device=x_col.device)`.
# The rule for `x_col` is the one of question 1: use it as it is if it requires grad, else
# `x_col.detach().requires_grad_(True)`.
#
# **The analytic solution.** For $a \neq 0$ the general solution is
# $u = C_1 + C_2 e^{-a x} + \frac{b}{a} x$, and the boundary conditions give
# $$C_2 = \frac{u_1 - u_0 - b/a}{e^{-a} - 1}, \qquad C_1 = u_0 - C_2 .$$
# For $a = 0$ the equation is $u'' = b$ and the solution is the parabola
# $u = u_0 + \bigl(u_1 - u_0 - \tfrac b2\bigr) x + \tfrac b2 x^2$ (the limit $a \to 0$ of the
# formula above).
#
# **Worked example.** $a = 2$, $b = 1$, $u_0 = 0$, $u_1 = 1$: $C_2 = -0.57825882$,
# $C_1 = 0.57825882$ and $u(0.5) = 0.61552929$. Fed to `pinn_loss` as the "network", the exact
# solution gives a loss below $10^{-25}$. The network $\hat u(x) = \sin x$ with the collocation
# points $x = (0.25, 0.5, 0.75)^\top$ gives the loss $L = 0.22524851$.
#
# **Your task.** `pinn_exact(x, a, b, u0, u1)` evaluates the analytic solution elementwise on a
# float64 tensor `x` of any shape with torch functions (so it can itself be fed to `pinn_loss`
# as a network); `a`, `b`, `u0`, `u1` are Python floats. `pinn_loss(net, x_col, a, b, u0, u1)`
# returns $L$ as a 0-d float64 tensor connected to the autograd graph.


# %% [answer]
def pinn_exact(x, a, b, u0, u1):
    """Exact solution of u'' + a u' = b, u(0) = u0, u(1) = u1, elementwise on the tensor x.

    a != 0: C1 + C2 exp(-a x) + (b / a) x with C2 = (u1 - u0 - b/a) / (exp(-a) - 1),
    C1 = u0 - C2. a == 0: u0 + (u1 - u0 - b/2) x + (b/2) x^2. Returns a float64 tensor of the
    shape of x, differentiable with respect to x.
    """
    ### BEGIN SOLUTION
    if a == 0:
        return u0 + (u1 - u0 - 0.5 * b) * x + 0.5 * b * x**2
    c2 = (u1 - u0 - b / a) / (math.exp(-a) - 1.0)
    c1 = u0 - c2
    return c1 + c2 * torch.exp(-a * x) + (b / a) * x
    ### END SOLUTION


def pinn_loss(net, x_col, a, b, u0, u1):
    """PINN loss mean((u'' + a u' - b)^2) over x_col + (net(0) - u0)^2 + (net(1) - u1)^2.

    net maps (N, 1) to (N, 1); x_col: float64 tensor (N, 1), used as it is if it requires grad,
    else as x_col.detach().requires_grad_(True). Derivatives by autograd with
    create_graph=True. Returns a 0-d float64 tensor connected to the autograd graph.
    """
    ### BEGIN SOLUTION
    x = x_col if x_col.requires_grad else x_col.detach().requires_grad_(True)
    u = net(x)
    (du,) = torch.autograd.grad(u, x, grad_outputs=torch.ones_like(u), create_graph=True)
    (d2u,) = torch.autograd.grad(du, x, grad_outputs=torch.ones_like(du), create_graph=True)
    residual = torch.mean((d2u + a * du - b) ** 2)
    ends = net(torch.tensor([[0.0], [1.0]], dtype=x_col.dtype, device=x_col.device))
    return residual + (ends[0, 0] - u0) ** 2 + (ends[1, 0] - u1) ** 2
    ### END SOLUTION


# %% [explore]
# The exact solutions for a few values of a (b = 1, u0 = 0, u1 = 1): for large |a| a boundary
# layer forms, at x = 0 when a > 0 and at x = 1 when a < 0.
try:
    x_plot = torch.linspace(0.0, 1.0, 200)
    fig, ax = plt.subplots(figsize=(6, 3.5))
    for a_demo in (-8.0, -2.0, 0.0, 2.0, 8.0):
        ax.plot(x_plot, pinn_exact(x_plot, a_demo, 1.0, 0.0, 1.0), label=f"a = {a_demo:g}")
    ax.set_xlabel("x")
    ax.set_ylabel("u(x)")
    ax.legend()
    plt.show()
    x_col_demo = torch.linspace(0.0, 1.0, 11).reshape(-1, 1)
    print("loss of the exact solution (a = 2, b = 1):",
          pinn_loss(lambda x: pinn_exact(x, 2.0, 1.0, 0.0, 1.0), x_col_demo, 2.0, 1.0, 0.0, 1.0).item())
except NotImplementedError:
    print("implement pinn_exact and pinn_loss first")


# %% [question q3_burgers]
# The viscous **Burgers equation** is the classic test problem of PINNs (Raissi, Perdikaris and
# Karniadakis 2019):
# $$u_t + u\, u_x = \nu\, u_{xx}, \qquad \nu = \frac{0.01}{\pi} \text{ by default.}$$
# A PINN for it minimises the mean square of the residual
# $$f(x, t) = u_t + u\, u_x - \nu\, u_{xx}$$
# at collocation points $(x_i, t_i)$. Here the network takes **two separate inputs**: `x` and `t`
# are two float64 columns of the same shape `(N, 1)`, and `u_fn(x, t)` returns a column `(N, 1)`.
# $u_t$ is the derivative of $u$ with respect to the tensor `t`, $u_x$ the one with respect to
# `x`, and $u_{xx}$ the derivative of $u_x$ with respect to `x`, all by autograd with
# `create_graph=True`. The rule for `x` and `t` is the one of question 1: each is used as it is
# if it requires grad, else as `v.detach().requires_grad_(True)`.
#
# **Derivatives that vanish identically.** If $u$ does not depend on `t` (a steady solution),
# autograd does not find `t` in the graph: `torch.autograd.grad` raises, or returns `None` with
# `allow_unused=True`. If $u$ is linear in $x$, $u_x$ does not depend on `x`, and if $u_x$ is a
# constant it does not even require grad. In all these cases the derivative is **zero**: your
# function must return the residual with zeros for those derivatives, not raise. (A helper that
# returns `torch.zeros_like(v)` when the output does not require grad or the gradient is `None`
# does it.)
#
# **Exact solutions.** $u = x/(1 + t)$ solves the equation for every $\nu$ (here $u_{xx} = 0$ and
# $u_x = 1/(1 + t)$ does not depend on $x$). The travelling front
# $u = c - A \tanh\bigl(A (x - c t) / (2\nu)\bigr)$ solves it for the $\nu$ in the formula only.
#
# **Worked example.** $u(x, t) = \sin(\pi x)\, e^{-t}$ at $x = (0.25, -0.5)^\top$,
# $t = (0.1, 0.4)^\top$, with the default $\nu$: the residual is
# $(0.66634302, 0.64926132)^\top$.
#
# **Your task.** `burgers_residual(u_fn, x, t, nu=0.01/np.pi)` returns $f$ as a float64 tensor
# `(N, 1)` connected to the autograd graph.


# %% [answer]
def burgers_residual(u_fn, x, t, nu=0.01 / np.pi):
    """Residual u_t + u u_x - nu u_xx of u = u_fn(x, t) at the points (x, t).

    x, t: float64 tensors (N, 1), each used as it is if it requires grad, else as
    v.detach().requires_grad_(True). Derivatives that vanish identically (u independent of t,
    u linear in x) count as zero. Returns a float64 tensor (N, 1) connected to the autograd
    graph (derivatives with create_graph=True).
    """
    ### BEGIN SOLUTION
    def _d(y, v):
        if not y.requires_grad:
            return torch.zeros_like(v)
        (g,) = torch.autograd.grad(
            y, v, grad_outputs=torch.ones_like(y), create_graph=True, allow_unused=True
        )
        return torch.zeros_like(v) if g is None else g

    if not x.requires_grad:
        x = x.detach().requires_grad_(True)
    if not t.requires_grad:
        t = t.detach().requires_grad_(True)
    u = u_fn(x, t)
    u_t = _d(u, t)
    u_x = _d(u, x)
    u_xx = _d(u_x, x)
    return u_t + u * u_x - nu * u_xx
    ### END SOLUTION


# %% [explore]
# The travelling front of the Burgers equation, u = c - A tanh(A (x - c t) / (2 nu)), on a grid,
# and its residual (zero up to rounding) next to the residual of sin(pi x) exp(-t).
try:
    nu_demo, c_demo, amp = 0.01 / np.pi, 0.3, 0.05

    def front(x, t):
        return c_demo - amp * torch.tanh(amp * (x - c_demo * t) / (2 * nu_demo))

    def not_a_solution(x, t):
        return torch.sin(math.pi * x) * torch.exp(-t)

    xs, ts = torch.meshgrid(torch.linspace(-1, 1, 81), torch.linspace(0, 1, 41), indexing="ij")
    xc, tc = xs.reshape(-1, 1), ts.reshape(-1, 1)
    res_front = burgers_residual(front, xc, tc).detach().reshape(xs.shape)
    res_other = burgers_residual(not_a_solution, xc, tc).detach().reshape(xs.shape)
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.5))
    im = axes[0].pcolormesh(ts, xs, front(xs, ts), shading="auto")
    fig.colorbar(im, ax=axes[0])
    axes[0].set_title("travelling front u(x, t)")
    axes[0].set_xlabel("t")
    axes[0].set_ylabel("x")
    im = axes[1].pcolormesh(ts, xs, res_other, shading="auto", cmap="RdBu")
    fig.colorbar(im, ax=axes[1])
    axes[1].set_title("residual of sin(pi x) exp(-t)")
    axes[1].set_xlabel("t")
    plt.show()
    print("largest |residual| of the front:", float(res_front.abs().max()))
except NotImplementedError:
    print("implement burgers_residual first")


# %% [question q4_train_pinn]
# Now train a PINN for the problem of question 2. The network is a 1-$H$-1 tanh perceptron
# $$\hat u(x) = \tanh(x W_1 + b_1)\, W_2 + b_2$$
# with `params = (W1, b1, W2, b2)`: $W_1$ `(1, H)`, $b_1$ `(H,)`, $W_2$ `(H, 1)`, $b_2$ `(1,)`.
# `pinn_net(params, x)` maps a column `(N, 1)` to a column `(N, 1)`.
#
# `train_pinn(params0, x_col, a, b, u0, u1, steps, lr)` minimises the loss $L$ of question 2 (the
# same formula: residual mean plus the two squared boundary errors) over the parameters with
# **Adam**, `torch.optim.Adam(params, lr=lr)` (default betas and eps), for exactly `steps`
# updates at the fixed collocation points `x_col`. Each update:
#
# 1. compute the loss from the current parameters and record `loss.item()`;
# 2. `zero_grad()`, `backward()`, `step()`.
#
# So `losses[s]` is the loss **before** update $s + 1$, and `steps=0` returns the initial
# parameters. Start from copies of `params0` (`p.detach().clone().requires_grad_(True)`), so the
# caller's tensors are not changed. Everything is float64. Nothing is random: the initial
# parameters and the collocation points are handed in. (*This answer cell must not call
# `pinn_loss` from question 2; write the loss again here.*)
#
# **Device.** The grader may call your function with every tensor on a GPU (`--device cuda`).
# Create each new tensor (the boundary points, for instance) on the device of the data,
# `device=x_col.device`, and return the parameters on that device. The loss history is a NumPy
# array (on the CPU) in any case.
#
# **What the reference gets.** With $a = 2$, $b = 1$, $u_0 = 0$, $u_1 = 1$, $H = 6$, the 12
# collocation points `torch.linspace(0, 1, 12)` as a column and the initial parameters of the
# explore cell, `lr=0.05`: the loss starts at `4.95080151, 3.34307874, 2.17710372, ...` and
# after 200 steps the largest error $\max_x |\hat u(x) - u(x)|$ over 201 equally spaced points
# of $[0, 1]$ is `0.00161`. The grader trains your function on another problem and other initial
# parameters and computes that largest error from the parameters you return itself: it must be
# at most 0.01.


# %% [answer]
def pinn_net(params, x):
    """The 1-H-1 tanh network tanh(x W1 + b1) W2 + b2 for params = (W1, b1, W2, b2).

    x: float64 tensor (N, 1). Returns a float64 tensor (N, 1), differentiable with respect to
    the parameters and to x.
    """
    ### BEGIN SOLUTION
    W1, b1, W2, b2 = params
    return torch.tanh(x @ W1 + b1) @ W2 + b2
    ### END SOLUTION


def train_pinn(params0, x_col, a, b, u0, u1, steps, lr):
    """Train (W1, b1, W2, b2) by Adam on the PINN loss of u'' + a u' = b, u(0) = u0, u(1) = u1,
    at the collocation points x_col (N, 1), for exactly `steps` updates.

    params0: tuple of float64 tensors (not modified), all on the device of x_col.
    Returns (params, losses): a tuple of detached float64 tensors on the device of x_col, and a
    float64 NumPy array (steps,) with losses[s] the loss before update s + 1.
    """
    ### BEGIN SOLUTION
    params = [p.detach().clone().requires_grad_(True) for p in params0]
    optimizer = torch.optim.Adam(params, lr=lr)
    x = x_col.detach().requires_grad_(True)
    ends = torch.tensor([[0.0], [1.0]], dtype=x_col.dtype, device=x_col.device)
    losses = []
    for _ in range(steps):
        u = pinn_net(params, x)
        (du,) = torch.autograd.grad(u, x, grad_outputs=torch.ones_like(u), create_graph=True)
        (d2u,) = torch.autograd.grad(du, x, grad_outputs=torch.ones_like(du), create_graph=True)
        u_ends = pinn_net(params, ends)
        loss = (
            torch.mean((d2u + a * du - b) ** 2)
            + (u_ends[0, 0] - u0) ** 2
            + (u_ends[1, 0] - u1) ** 2
        )
        losses.append(loss.item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return tuple(p.detach() for p in params), np.array(losses, dtype=np.float64)
    ### END SOLUTION


# %% [explore]
# The notebook's run: u'' + 2u' = 1, u(0) = 0, u(1) = 1, H = 6, 12 collocation points, 200 Adam
# steps with lr = 0.05 from the initial parameters below (about a second).
try:
    gen_pinn = np.random.default_rng(1)
    H_demo = 6
    params_demo = (torch.tensor(gen_pinn.normal(size=(1, H_demo))),
                   torch.tensor(0.5 * gen_pinn.normal(size=H_demo)),
                   torch.tensor(gen_pinn.normal(size=(H_demo, 1)) / math.sqrt(H_demo)),
                   torch.zeros(1))
    x_col_demo = torch.linspace(0.0, 1.0, 12).reshape(-1, 1)
    trained, hist = train_pinn(params_demo, x_col_demo, 2.0, 1.0, 0.0, 1.0, 200, 0.05)
    x_fine = torch.linspace(0.0, 1.0, 201).reshape(-1, 1)
    # the exact solution, written here without question 2's function
    c2_demo = (1.0 - 0.0 - 0.5) / (math.exp(-2.0) - 1.0)
    exact_fine = (0.0 - c2_demo) + c2_demo * torch.exp(-2.0 * x_fine) + 0.5 * x_fine
    with torch.no_grad():
        u_fine = pinn_net(trained, x_fine)
    print("first losses:", hist[:3])
    print("largest error:", float((u_fine - exact_fine).abs().max()))
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.5))
    ax1.semilogy(hist)
    ax1.set_xlabel("Adam step")
    ax1.set_ylabel("PINN loss")
    ax2.plot(x_fine.ravel(), exact_fine.ravel(), "k--", label="exact")
    ax2.plot(x_fine.ravel(), u_fine.ravel(), label="PINN")
    ax2.plot(x_col_demo.ravel(), np.zeros(12), "|", color="gray", label="collocation points")
    ax2.legend()
    plt.show()
except NotImplementedError:
    print("implement pinn_net and train_pinn first")


# %% [question q5_fourier]
# Networks trained by gradient descent learn the **low frequencies** of a target first and the
# high ones very late (the *spectral bias*). A function with a jump is made of many frequencies.
# Take the **box function** of half-width $w$ on the period $[-1, 1]$:
# $f(t) = 1$ for $|t| < w$, $f(t) = 0$ for $w < |t| \le 1$ ($0 \le w \le 1$). It is even, so its
# Fourier series has cosines only,
# $$f(t) = a_0 + \sum_{n \ge 1} a_n \cos(n \pi t), \qquad
#   a_0 = \frac12 \int_{-1}^{1} f\,dt = w, \qquad
#   a_n = \int_{-1}^{1} f(t) \cos(n\pi t)\,dt = \frac{2 \sin(n \pi w)}{n \pi} .$$
# For the lecture's box, $w = 1/2$: $a_0 = 0.5$, $a_1 = 2/\pi = 0.63661977$, $a_2 = 0$,
# $a_3 = -0.21220659$, and the coefficients only decay like $1/n$.
#
# *A common mistake.* The lecture computes these coefficients with `mpmath.fourier`, a numerical
# quadrature. Across the jump it is only about $5 \cdot 10^{-3}$ accurate here: it gives
# $a_0 = 0.4977$ and $a_2 = 0.0047$ instead of $0.5$ and $0$ (the explore cell shows it). Never
# use it as a reference; the closed form above is exact.
#
# **Fourier features** (Tancik et al. 2020) help a network with high frequencies by feeding it
# $$\gamma(x) = \bigl[\cos(2\pi B x),\; \sin(2\pi B x)\bigr]$$
# instead of $x$. For a batch `x` of shape `(N, d)` and a frequency matrix `B` of shape `(m, d)`,
# the projections are $P = x B^\top$ `(N, m)` and $\gamma$ is the `(N, 2m)` tensor
# `[cos(2 pi P), sin(2 pi P)]`: the $m$ cosine columns first, then the $m$ sine columns (not
# interleaved).
#
# **Worked example.** `box_fourier_coeffs(3)` $= (0.5, 0.63661977, 0, -0.21220659)$ (the even
# coefficient is 0 up to rounding). For $x = (0.1, 0.25)^\top$ as a column and
# $B = (1, 2)^\top$ (`(2, 1)`):
# $\gamma = \begin{pmatrix} 0.80901699 & 0.30901699 & 0.58778525 & 0.95105652 \\
#   0 & -1 & 1 & 0 \end{pmatrix}$ up to rounding.
#
# **Your task.** `box_fourier_coeffs(N, w=0.5)` returns $(a_0, a_1, \dots, a_N)$ as a float64
# NumPy array of length $N + 1$ and raises `ValueError` if $N$ is negative or $w$ lies outside
# $[0, 1]$. `fourier_features(x, B)` returns $\gamma$ as a float64 tensor `(N, 2m)`,
# differentiable with respect to `x` and `B`.


# %% [answer]
def box_fourier_coeffs(N, w=0.5):
    """Cosine coefficients (a_0, ..., a_N) of the box f = 1 for |t| < w on the period [-1, 1]:
    a_0 = w, a_n = 2 sin(n pi w) / (n pi).

    Returns a float64 np.ndarray of shape (N + 1,). Raises ValueError if N < 0 or w is outside
    [0, 1].
    """
    ### BEGIN SOLUTION
    if N < 0:
        raise ValueError(f"N must be >= 0, got {N}")
    if not 0.0 <= w <= 1.0:
        raise ValueError(f"w must lie in [0, 1], got {w}")
    n = np.arange(1, N + 1, dtype=np.float64)
    return np.concatenate(([float(w)], 2.0 * np.sin(n * np.pi * w) / (n * np.pi)))
    ### END SOLUTION


def fourier_features(x, B):
    """Fourier features [cos(2 pi x B^T), sin(2 pi x B^T)] of x (N, d) with frequencies B (m, d).

    Returns a float64 tensor (N, 2m): the m cosine columns, then the m sine columns;
    differentiable with respect to x and B.
    """
    ### BEGIN SOLUTION
    proj = 2.0 * math.pi * (x @ B.T)
    return torch.cat([torch.cos(proj), torch.sin(proj)], dim=1)
    ### END SOLUTION


# %% [explore]
# Partial sums of the box's Fourier series (the overshoot at the jump is the Gibbs phenomenon),
# and the error of mpmath's quadrature against the closed form.
try:
    t_plot = np.linspace(-1.0, 1.0, 801)
    box = (np.abs(t_plot) < 0.5).astype(float)
    coeffs = box_fourier_coeffs(40)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.5))
    ax1.plot(t_plot, box, "k--", label="box")
    for n_terms in (1, 5, 40):
        partial = coeffs[0] + sum(coeffs[n] * np.cos(n * np.pi * t_plot)
                                  for n in range(1, n_terms + 1))
        ax1.plot(t_plot, partial, label=f"N = {n_terms}")
    ax1.legend(fontsize=8)
    ax1.set_xlabel("t")
    ax2.semilogy(np.arange(1, 41, 2), np.abs(coeffs[1::2]), "o", label="|a_n|, n odd")
    ax2.semilogy(np.arange(1, 41, 2), 2 / (np.pi * np.arange(1, 41, 2)), label="2 / (n pi)")
    ax2.set_xlabel("n")
    ax2.legend()
    plt.show()
    try:
        import mpmath

        cos_mp, _ = mpmath.fourier(lambda s: 1 if abs(s) < 0.5 else 0, [-1, 1], 4)
        print("mpmath.fourier:", [round(float(c), 4) for c in cos_mp])
        print("closed form:   ", [round(float(c), 4) for c in box_fourier_coeffs(4)])
    except ImportError:
        print("mpmath is not installed")
except NotImplementedError:
    print("implement box_fourier_coeffs and fourier_features first")


# %% [question q6_verlet_energy]
# **Noether's theorem**: a symmetry of a system comes with a conserved quantity. A system whose
# laws do not change in time (a Lagrangian without explicit $t$) conserves its **energy**
# $$E = \tfrac12 m \lvert v \rvert^2 + V(x).$$
# A good integrator should respect that. Explicit Euler does not: for the oscillator
# $V = x^2/2$ its energy grows by the factor $1 + \Delta t^2$ every step. The **velocity Verlet**
# scheme is symplectic, and its energy error stays bounded (of order $\Delta t^2$) over very
# long runs. With the force $f(x) = -\nabla V(x)$ and $a_k = f(x_k)/m$:
# $$x_{k+1} = x_k + \Delta t\, v_k + \tfrac12 \Delta t^2 a_k, \qquad
#   a_{k+1} = f(x_{k+1})/m, \qquad
#   v_{k+1} = v_k + \tfrac12 \Delta t\, (a_k + a_{k+1}) .$$
# Call `force` once at the start and once per step, $n + 1$ times in all: $a_{k+1}$ is reused as
# the next step's $a_k$ (the grader's force functions refuse to be called twice in a row at the
# same position).
#
# Positions and velocities are float64 NumPy arrays of shape `(d,)`; `force(x)` takes one
# position `(d,)` and returns the force `(d,)`; `potential(x)` takes one position and returns
# $V(x)$ as a float.
#
# **Worked example.** The pendulum $V(x) = 1 - \cos x$, $f(x) = -\sin x$, $m = 1$, from
# $x_0 = 1$, $v_0 = 0$ with $\Delta t = 0.1$: $x_1 = 0.99579265$, $v_1 = -0.08403306$, and the
# energy starts at $E_0 = 0.45969769$. Over 1000 steps the largest relative energy error
# $\max_k |E_k - E_0| / |E_0|$ is $2.3 \cdot 10^{-3}$ with Verlet and $11.3$ with explicit Euler.
#
# **Your task.** `velocity_verlet(x0, v0, dt, n, force, m=1.0)` returns `(xs, vs)`, two float64
# arrays of shape `(n + 1, d)` whose row $k$ is $x_k$ and $v_k$ (row 0 is the start; `n = 0`
# gives one row). `energy(xs, vs, potential, m=1.0)` returns the float64 array `(n + 1,)` of
# $E_k$. Neither modifies its arguments. The grader also runs your integrator for thousands of
# small steps and computes $\max_k |E_k - E_0| / |E_0|$ from the `xs` and `vs` you return
# itself: it must be at most $10^{-4}$.


# %% [answer]
def velocity_verlet(x0, v0, dt, n, force, m=1.0):
    """n velocity Verlet steps of size dt from (x0, v0) under force(x) = -grad V(x), mass m.

    x0, v0: float64 arrays (d,). Returns (xs, vs), float64 arrays (n + 1, d) with row 0 the
    start; one force evaluation per step.
    """
    ### BEGIN SOLUTION
    x = np.array(x0, dtype=np.float64)
    v = np.array(v0, dtype=np.float64)
    xs = np.empty((n + 1, x.size))
    vs = np.empty((n + 1, x.size))
    xs[0], vs[0] = x, v
    acc = np.asarray(force(x), dtype=np.float64) / m
    for k in range(n):
        x = x + dt * v + 0.5 * dt**2 * acc
        acc_new = np.asarray(force(x), dtype=np.float64) / m
        v = v + 0.5 * dt * (acc + acc_new)
        acc = acc_new
        xs[k + 1], vs[k + 1] = x, v
    return xs, vs
    ### END SOLUTION


def energy(xs, vs, potential, m=1.0):
    """Energies E_k = 0.5 m |v_k|^2 + V(x_k) of the rows of xs, vs (n + 1, d).

    Returns a float64 array (n + 1,).
    """
    ### BEGIN SOLUTION
    kinetic = 0.5 * m * np.sum(np.asarray(vs, dtype=np.float64) ** 2, axis=1)
    return kinetic + np.array([float(potential(x)) for x in xs])
    ### END SOLUTION


# %% [explore]
# Energy of the pendulum over 1000 steps of dt = 0.1: explicit Euler drifts away, velocity
# Verlet oscillates around the true energy.
try:
    def pendulum_force(x):
        return -np.sin(x)

    def pendulum_potential(x):
        return float(1.0 - np.cos(x[0]))

    xs_v, vs_v = velocity_verlet(np.array([1.0]), np.array([0.0]), 0.1, 1000, pendulum_force)
    e_verlet = energy(xs_v, vs_v, pendulum_potential)
    x_e, v_e = np.array([1.0]), np.array([0.0])
    xs_e, vs_e = [x_e], [v_e]
    for _ in range(1000):  # explicit Euler, for comparison
        x_e, v_e = x_e + 0.1 * v_e, v_e + 0.1 * pendulum_force(x_e)
        xs_e.append(x_e)
        vs_e.append(v_e)
    e_euler = energy(np.array(xs_e), np.array(vs_e), pendulum_potential)
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(0.1 * np.arange(1001), e_euler, label="explicit Euler")
    ax.plot(0.1 * np.arange(1001), e_verlet, label="velocity Verlet")
    ax.set_xlabel("time")
    ax.set_ylabel("energy")
    ax.legend()
    plt.show()
    print("relative drift, Verlet:", np.max(np.abs(e_verlet - e_verlet[0])) / e_verlet[0])
    print("relative drift, Euler: ", np.max(np.abs(e_euler - e_euler[0])) / e_euler[0])
except NotImplementedError:
    print("implement velocity_verlet and energy first")
