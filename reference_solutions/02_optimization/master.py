"""Reference solution for assignment 02_optimization (gradient descent, critical points, line
search, the Rosenbrock function and constrained optimisation).

This is the assignment's master: ``autograder assign`` generates the student notebook from it
(the solution regions become stubs) and the reference module is its header and answer cells.
An answer cell may only use the names imported by the notebook's setup
cell (``np``, ``torch``, ``plt``, ``optimize``) and the names it defines itself.

Conventions: all work is float64; points are 1-D arrays of shape ``(d,)`` and trajectories are
2-D arrays of shape ``(k + 1, d)`` whose row ``i`` is the iterate after ``i`` steps.
"""

import numpy as np
import torch  # noqa: F401  (the notebook's setup cell imports it; alternatives use it)
from scipy import optimize


# %% [markdown]
# # Assignment 02: Optimization
#
# Training a model means minimising a loss. This assignment implements the basic tools of numerical
# optimisation and the mathematics that tells us whether they have found what we wanted:
#
# 1. **Gradient descent** with a fixed step and a stopping rule, returning the whole trajectory.
# 2. **Critical points**: where the gradient vanishes, and what the Hessian's eigenvalues say about them.
# 3. **Backtracking line search**: choosing the step size automatically with the Armijo condition.
# 4. **The Rosenbrock function** in $n$ dimensions: its gradient and its (tridiagonal) Hessian.
# 5. **Lagrange multipliers** for a quadratic objective under linear equality constraints.
# 6. **SLSQP** from SciPy on a nonlinear constraint, judged by the optimality (KKT) conditions.
#
# Conventions: everything is `float64` NumPy. A point in $\mathbb{R}^d$ is a 1-D array of shape `(d,)`.
# A *trajectory* is a 2-D array of shape `(k + 1, d)` whose row `i` is the iterate after `i` steps
# (row 0 is the starting point). Never modify the arrays you are given: work on copies.
#
# Run the setup cell first. Each question has one answer cell (replace `raise NotImplementedError`)
# and one check cell that runs the public checks. The grader runs further hidden checks on other
# inputs, so make your functions general.


# %% [setup]
import numpy as np
import torch
import matplotlib.pyplot as plt
from scipy import optimize
from autograder.public import Checker

torch.set_default_dtype(torch.float64)
check = Checker("02_optimization", globals())


# %% [question q1_gradient_descent]
# The gradient $\nabla f(x)$ points in the direction in which $f$ grows fastest, so a small move
# against it lowers $f$. **Gradient descent** with a fixed step size (learning rate) $\eta > 0$ repeats
# $$x_{k+1} = x_k - \eta\, \nabla f(x_k), \qquad k = 0, 1, 2, \dots$$
#
# **When to stop.** We stop as soon as the proposed step is tiny: if
# $$\lVert \eta\, \nabla f(x_k) \rVert_2 \le \varepsilon$$
# then $x_k$ is accepted as the answer and *the step is not taken*. Note that the test is on the step
# $\eta \nabla f$, not on the gradient alone (for $\eta \ne 1$ the two differ). To guarantee termination
# we also take at most `max_steps` steps.
#
# **Why the step size matters.** For $f(x) = x^2$ the update is $x_{k+1} = (1 - 2\eta) x_k$: it converges
# for $0 < \eta < 1$, oscillates in sign for $\tfrac12 < \eta < 1$ and diverges for $\eta > 1$. For
# $f(x) = |x|$ the gradient is $\operatorname{sign}(x)$, of size 1 however close we are, so a fixed step
# overshoots the minimum forever.
#
# **Worked example.** $f(x) = x^2$, $\nabla f(x) = 2x$, $x_0 = 1$, $\eta = 0.25$, $\varepsilon = 10^{-3}$: the
# iterates are $1, 0.5, 0.25, \dots, 2^{-k}$. At $x_k = 2^{-k}$ the step is $0.5 \cdot 2^{-k}$, which first
# drops to $\le 10^{-3}$ at $k = 9$, so the trajectory has the 10 rows $1, 2^{-1}, \dots, 2^{-9}$.
# For $f = |x|$ from $x_0 = 0.75$ with $\eta = 0.5$ and `max_steps=6`:
# $0.75, 0.25, -0.25, 0.25, -0.25, 0.25, -0.25$ (7 rows).
#
# **Your task.** `gradient_descent(grad_f, x0, lr, eps=1e-8, max_steps=1000)` where `grad_f` takes a 1-D
# array and returns the gradient (same shape). Return the trajectory as a float64 array of shape
# `(k + 1, d)`; a scalar or length-1 `x0` gives `d = 1`. If the very first step is already below `eps`,
# return just `x0` (one row).


# %% [answer]
def gradient_descent(grad_f, x0, lr, eps=1e-8, max_steps=1000):
    """Fixed-step gradient descent x_{k+1} = x_k - lr * grad_f(x_k).

    Stop (without taking the step) as soon as ||lr * grad_f(x_k)||_2 <= eps; take at most
    max_steps steps. Returns the trajectory: float64 np.ndarray of shape (k + 1, d), row 0 = x0.
    x0 (a 1-D array, or a scalar meaning d = 1) is not modified.
    """
    ### BEGIN SOLUTION
    x = np.array(x0, dtype=np.float64).reshape(-1)  # a copy, so x0 is never written to
    path = [x]
    for _ in range(max_steps):
        g = np.asarray(grad_f(x), dtype=np.float64).reshape(-1)
        step = lr * g
        if np.linalg.norm(step) <= eps:
            break
        x = x - step
        path.append(x)
    return np.array(path, dtype=np.float64)
    ### END SOLUTION


# %% [explore]
# Fixed-step gradient descent on f(x) = x^2 for three learning rates, and on f(x) = |x|.
try:
    fig, ax = plt.subplots(1, 2, figsize=(10, 3.5))
    for lr in (0.1, 0.4, 0.9):
        path = gradient_descent(lambda x: 2 * x, np.array([1.0]), lr, max_steps=25)
        ax[0].plot(path[:, 0], "o-", ms=3, label=f"lr = {lr}")
    ax[0].set(title="f(x) = x^2", xlabel="step k", ylabel="x_k")
    ax[0].legend()
    path = gradient_descent(np.sign, np.array([0.75]), 0.5, max_steps=12)
    ax[1].plot(path[:, 0], "o-", ms=3, color="C3")
    ax[1].set(title="f(x) = |x|, lr = 0.5: overshoot", xlabel="step k", ylabel="x_k")
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("gradient_descent is not implemented yet.")


# %% [question q2_critical_points]
# A **critical point** of a smooth $f: \mathbb{R}^d \to \mathbb{R}$ is a point where $\nabla f(x^*) = 0$.
# Near it, Taylor's theorem gives $f(x^* + h) \approx f(x^*) + \tfrac12 h^\top H h$ with the **Hessian**
# $H_{ij} = \partial^2 f / \partial x_i \partial x_j$, which is symmetric. Writing $h$ in the orthonormal
# eigenvectors of $H$ (eigenvalues $\lambda_1, \dots, \lambda_d$) turns the quadratic form into
# $\tfrac12 \sum_i \lambda_i c_i^2$, so:
#
# | eigenvalues of $H$ | the critical point is |
# |---|---|
# | all $\lambda_i > 0$ (positive definite) | a strict local **minimum** |
# | all $\lambda_i < 0$ (negative definite) | a strict local **maximum** |
# | some $\lambda_i > 0$ **and** some $\lambda_j < 0$ (indefinite) | a **saddle** |
# | otherwise: some $\lambda_i = 0$ and no sign change | **degenerate** (second order cannot decide) |
#
# Numerically, "$= 0$" means $|\lambda| \le$ `tol`, "$> 0$" means $\lambda >$ `tol`. Note the order: a
# matrix with eigenvalues $(2, 0, -1)$ is a saddle (the signs already differ), while $(4, 0)$ is
# degenerate: a zero eigenvalue alone does **not** make a saddle. Hessians estimated by finite
# differences are only approximately symmetric, so always use the symmetric part
# $\tfrac12 (H + H^\top)$ and an eigenvalue routine for symmetric matrices (`np.linalg.eigvalsh`).
#
# **The landscape.** We study $f(x, y) = e^{-0.05(x^2 + y^2)} \sin x \cos y$. Write it as $r \cdot g$ with
# $r = e^{-0.05(x^2+y^2)}$ and $g = \sin x \cos y$. Then
# $r_x = -0.1\,x\,r$, $r_y = -0.1\,y\,r$, $r_{xx} = (0.01x^2 - 0.1)\,r$, $r_{yy} = (0.01y^2 - 0.1)\,r$,
# $r_{xy} = 0.01\,xy\,r$; $g_x = \cos x \cos y$, $g_y = -\sin x \sin y$, $g_{xx} = g_{yy} = -\sin x \cos y$,
# $g_{xy} = -\cos x \sin y$, and the product rule gives
# $$f_x = r_x g + r g_x,\quad f_{xx} = r_{xx} g + 2 r_x g_x + r g_{xx},\quad
# f_{xy} = r_{xy} g + r_x g_y + r_y g_x + r g_{xy},$$
# and symmetrically for $f_y$, $f_{yy}$.
#
# **Worked example.** $\nabla f(0, 0) = (1, 0)$, so the origin is not critical. At $(\pi/2, \pi/2)$:
# $H \approx \begin{pmatrix} 0 & 0.12273318619081464 \\ 0.12273318619081464 & 0.2454663723816293 \end{pmatrix}$
# ($f_{xx}$ is zero up to rounding, about $-5 \cdot 10^{-17}$). Its determinant is negative, so the
# eigenvalues have opposite signs: classified as `"saddle"`.
#
# **Your task.** `landscape_grad(p)` → float64 `(2,)`; `landscape_hessian(p)` → float64 `(2, 2)`,
# for `p = np.array([x, y])`; `classify_critical_point(H, tol=1e-10)` → one of the strings
# `"minimum"`, `"maximum"`, `"saddle"`, `"degenerate"` for a square `(d, d)` array `H` of any size.


# %% [answer]
def landscape_grad(p):
    """Gradient of f(x, y) = exp(-0.05 (x^2 + y^2)) sin(x) cos(y) at p = (x, y).

    Returns a float64 np.ndarray of shape (2,).
    """
    ### BEGIN SOLUTION
    x, y = float(p[0]), float(p[1])
    r = np.exp(-0.05 * (x * x + y * y))
    fx = r * (np.cos(x) * np.cos(y) - 0.1 * x * np.sin(x) * np.cos(y))
    fy = r * (-np.sin(x) * np.sin(y) - 0.1 * y * np.sin(x) * np.cos(y))
    return np.array([fx, fy], dtype=np.float64)
    ### END SOLUTION


def landscape_hessian(p):
    """Hessian of the same f at p: float64 np.ndarray of shape (2, 2), symmetric."""
    ### BEGIN SOLUTION
    x, y = float(p[0]), float(p[1])
    r = np.exp(-0.05 * (x * x + y * y))
    r_x, r_y = -0.1 * x * r, -0.1 * y * r
    r_xx, r_yy, r_xy = (0.01 * x * x - 0.1) * r, (0.01 * y * y - 0.1) * r, 0.01 * x * y * r
    g = np.sin(x) * np.cos(y)
    g_x, g_y = np.cos(x) * np.cos(y), -np.sin(x) * np.sin(y)
    g_xx = g_yy = -np.sin(x) * np.cos(y)
    g_xy = -np.cos(x) * np.sin(y)
    f_xx = r_xx * g + 2.0 * r_x * g_x + r * g_xx
    f_yy = r_yy * g + 2.0 * r_y * g_y + r * g_yy
    f_xy = r_xy * g + r_x * g_y + r_y * g_x + r * g_xy
    return np.array([[f_xx, f_xy], [f_xy, f_yy]], dtype=np.float64)
    ### END SOLUTION


def classify_critical_point(H, tol=1e-10):
    """Classify by the eigenvalues of the symmetric part (H + H.T) / 2 of a (d, d) array H.

    Returns the str "saddle" if some eigenvalue > tol and some < -tol; else "minimum" if all
    > tol; else "maximum" if all < -tol; else "degenerate". H is not modified.
    """
    ### BEGIN SOLUTION
    H = np.asarray(H, dtype=np.float64)
    lam = np.linalg.eigvalsh(0.5 * (H + H.T))
    if np.any(lam > tol) and np.any(lam < -tol):
        return "saddle"
    if np.all(lam > tol):
        return "minimum"
    if np.all(lam < -tol):
        return "maximum"
    return "degenerate"
    ### END SOLUTION


# %% [explore]
# The landscape, the gradient-descent paths from two starts, and the saddle at (pi/2, pi/2).
try:
    xs = np.linspace(-4, 4, 121)
    Xg, Yg = np.meshgrid(xs, xs)
    Z = np.exp(-0.05 * (Xg**2 + Yg**2)) * np.sin(Xg) * np.cos(Yg)
    fig, ax = plt.subplots(figsize=(5.5, 5))
    ax.contour(Xg, Yg, Z, levels=25, cmap="viridis")
    for start, colour in (([0.5, 0.0], "C0"), ([2.0, 0.0], "C1")):
        path = gradient_descent(landscape_grad, np.array(start), 0.5, eps=1e-8, max_steps=500)
        end = path[-1]
        kind = classify_critical_point(landscape_hessian(end), tol=1e-6)
        ax.plot(path[:, 0], path[:, 1], ".-", color=colour, label=f"from {start}: {kind}")
    saddle = np.array([np.pi / 2, np.pi / 2])
    ax.plot(*saddle, "k*", ms=12, label=classify_critical_point(landscape_hessian(saddle)))
    ax.set(xlabel="x", ylabel="y", title="exp(-0.05 r^2) sin x cos y")
    ax.legend(loc="lower left", fontsize=8)
    plt.show()
except NotImplementedError:
    print("Questions 1 and 2 are not fully implemented yet.")


# %% [question q3_backtracking]
# A fixed step is either too cautious or unstable. A **line search** chooses the step $\alpha_k$ afresh
# at every iterate along the descent direction $-g_k$, $g_k = \nabla f(x_k)$. The **Armijo (sufficient
# decrease) condition** accepts $\alpha$ if
# $$f(x_k - \alpha g_k) \le f(x_k) - c\,\alpha\, g_k^\top g_k, \qquad 0 < c < 1,$$
# i.e. the actual decrease is at least a fraction $c$ of what the linear model predicts. **Backtracking**
# starts every iteration from the same $\alpha = a_0$ (it is *reset*, not carried over) and multiplies
# it by $\rho \in (0, 1)$ until the condition holds; then $x_{k+1} = x_k - \alpha g_k$. For small enough
# $\alpha$ the condition always holds, so the inner loop ends.
#
# We minimise the quadratic $f(x) = \tfrac12 x^\top A x - b^\top x$ with $A$ symmetric positive definite,
# whose gradient is $g = Ax - b$ and whose minimiser solves $A x^* = b$. The **stopping rule** is on
# the gradient norm: stop (no step) as soon as $\lVert g_k \rVert_2 \le$ `tol`; at most `max_iter` steps.
# A classic test case is the *ellipsoid* $\sum_{i=1}^d \alpha^{(i-1)/(d-1)} x_i^2$, i.e.
# $A = 2\,\mathrm{diag}(\alpha^{(i-1)/(d-1)})$, $b = 0$: large $\alpha$ makes it badly conditioned.
#
# **Worked example.** $A = \mathrm{diag}(2, 20)$, $b = 0$, $x_0 = (1, 1)$, $a_0 = 1$, $\rho = 0.5$, $c = 10^{-4}$:
# $g_0 = (2, 20)$, $f(x_0) = 11$. The trial steps $\alpha = 1, 0.5, 0.25, 0.125$ fail; $\alpha = 0.0625$ gives
# $x_1 = (0.875, -0.25)$ with $f = 1.390625 \le 11 - 10^{-4} \cdot 0.0625 \cdot 404$, accepted.
#
# **Your task.** `backtracking_gd(A, b, x0, a0=1.0, rho=0.5, c=1e-4, tol=1e-8, max_iter=500)` returns the
# trajectory, a float64 array of shape `(k + 1, d)`. The grader checks the Armijo condition on every
# step of your trajectory and how close the last row is to $x^*$.


# %% [answer]
def backtracking_gd(A, b, x0, a0=1.0, rho=0.5, c=1e-4, tol=1e-8, max_iter=500):
    """Gradient descent with Armijo backtracking on f(x) = x^T A x / 2 - b^T x.

    Per iteration: g = A x - b; stop (no step) if ||g||_2 <= tol; alpha = a0, then
    alpha *= rho while f(x - alpha g) > f(x) - c alpha g^T g; x <- x - alpha g.
    At most max_iter steps. Returns the trajectory, float64 np.ndarray (k + 1, d), row 0 = x0.
    A, b and x0 are not modified.
    """
    ### BEGIN SOLUTION
    A = np.asarray(A, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)

    def f(v: np.ndarray) -> float:
        return float(0.5 * v @ A @ v - b @ v)

    x = np.array(x0, dtype=np.float64)
    path = [x]
    for _ in range(max_iter):
        g = A @ x - b
        if np.linalg.norm(g) <= tol:
            break
        alpha = a0
        fx = f(x)
        while f(x - alpha * g) > fx - c * alpha * (g @ g):
            alpha *= rho
        x = x - alpha * g
        path.append(x)
    return np.array(path, dtype=np.float64)
    ### END SOLUTION


# %% [explore]
# Backtracking versus a fixed step on the ellipsoid with alpha = 20 (condition number 20).
try:
    A_ell = 2.0 * np.diag([1.0, 20.0])
    x0 = np.array([2.0, 1.0])
    bt = backtracking_gd(A_ell, np.zeros(2), x0, tol=1e-8, max_iter=200)
    fixed = gradient_descent(lambda x: A_ell @ x, x0, 0.045, eps=1e-10, max_steps=200)
    xs = np.linspace(-2.2, 2.2, 101)
    Xg, Yg = np.meshgrid(xs, xs)
    fig, ax = plt.subplots(1, 2, figsize=(10, 4))
    ax[0].contour(Xg, Yg, Xg**2 + 20 * Yg**2, levels=np.geomspace(0.01, 80, 15), cmap="Greys")
    ax[0].plot(bt[:, 0], bt[:, 1], "o-", ms=3, label=f"backtracking ({len(bt) - 1} steps)")
    ax[0].plot(fixed[:, 0], fixed[:, 1], ".-", ms=2, label=f"fixed lr ({len(fixed) - 1} steps)")
    ax[0].set(xlim=(-2.2, 2.2), ylim=(-1.2, 1.2), title="ellipsoid, alpha = 20")
    ax[0].legend(fontsize=8)
    for path, name in ((bt, "backtracking"), (fixed, "fixed lr 0.045")):
        ax[1].semilogy(np.maximum(np.sum((path @ A_ell) * path, axis=1) / 2, 1e-300), label=name)
    ax[1].set(xlabel="step k", ylabel="f(x_k)", title="objective")
    ax[1].legend()
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("Questions 1 and 3 are not fully implemented yet.")


# %% [question q4_rosenbrock]
# The Rosenbrock function is the standard hard test for optimisers: a long, curved, flat-bottomed
# valley with the minimum $f = 0$ at $(1, \dots, 1)$. In $n \ge 2$ dimensions
# $$f(x) = \sum_{i=0}^{n-2} \Big[\,100\,(x_{i+1} - x_i^2)^2 + (1 - x_i)^2\Big].$$
# Each $x_i$ appears in at most two terms: as the *first* element of pair $i$ (if $i \le n-2$) and as
# the *second* element of pair $i-1$ (if $i \ge 1$). Differentiating term by term:
# $$\frac{\partial f}{\partial x_i} = \underbrace{-400\,x_i (x_{i+1} - x_i^2) - 2(1 - x_i)}_{\text{only if } i \le n-2}
# \;+\; \underbrace{200\,(x_i - x_{i-1}^2)}_{\text{only if } i \ge 1}.$$
# Differentiating again, only neighbours interact, so the Hessian is **tridiagonal**:
# $$H_{ii} = \underbrace{1200 x_i^2 - 400 x_{i+1} + 2}_{\text{only if } i \le n-2} + \underbrace{200}_{\text{only if } i \ge 1},
# \qquad H_{i,i+1} = H_{i+1,i} = -400\,x_i,$$
# and all other entries are 0. Mind the two end points: $x_0$ has no "$+200$", and $x_{n-1}$ has only the $200$.
#
# **Worked example.** At $x = (1, 1)$: $\nabla f = (0, 0)$ and
# $H = \begin{pmatrix} 802 & -400 \\ -400 & 200 \end{pmatrix}$ (eigenvalues $\approx 0.399$ and $1001.6$: a
# minimum, but with condition number 2500, which is why gradient descent crawls along the valley).
# At $x = (0, 0, 0)$: $\nabla f = (-2, -2, 0)$. These agree with `scipy.optimize.rosen_der` and
# `rosen_hess`, which you may use to test your code (but not in your answer).
#
# **Your task.** `rosen_grad(x)` → float64 `(n,)`, `rosen_hessian(x)` → float64 `(n, n)` for a 1-D `x` with
# $n \ge 2$; write them without `scipy`.


# %% [answer]
def rosen_grad(x):
    """Gradient of the n-D Rosenbrock function (n >= 2): float64 np.ndarray of shape (n,)."""
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    grad = np.zeros_like(x)
    inner = x[1:] - x[:-1] ** 2  # x_{i+1} - x_i^2 for each consecutive pair
    grad[:-1] += -400.0 * x[:-1] * inner - 2.0 * (1.0 - x[:-1])  # x_i as the first of a pair
    grad[1:] += 200.0 * inner  # x_{i+1} as the second of a pair
    return grad
    ### END SOLUTION


def rosen_hessian(x):
    """Hessian of the n-D Rosenbrock function: symmetric tridiagonal float64 array (n, n)."""
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    n = x.size
    diag = np.zeros(n)
    diag[:-1] += 1200.0 * x[:-1] ** 2 - 400.0 * x[1:] + 2.0
    diag[1:] += 200.0
    off = -400.0 * x[:-1]
    H = np.diag(diag)
    H[np.arange(n - 1), np.arange(1, n)] = off
    H[np.arange(1, n), np.arange(n - 1)] = off
    return H
    ### END SOLUTION


# %% [explore]
# Your Hessian's eigenvalues at (1, 1) and the 2-D valley with the gradient field.
try:
    print("eigenvalues at (1, 1):", np.linalg.eigvalsh(rosen_hessian(np.array([1.0, 1.0]))))
    xs, ys = np.linspace(-2, 2, 201), np.linspace(-1, 3, 201)
    Xg, Yg = np.meshgrid(xs, ys)
    Z = 100 * (Yg - Xg**2) ** 2 + (1 - Xg) ** 2
    fig, ax = plt.subplots(figsize=(5.5, 4.5))
    ax.contour(Xg, Yg, np.log10(Z + 1e-3), levels=20, cmap="viridis")
    pts = np.array([[a, b] for a in np.linspace(-1.8, 1.8, 9) for b in np.linspace(-0.6, 2.6, 9)])
    G = np.array([rosen_grad(p) for p in pts])
    G = G / np.linalg.norm(G, axis=1, keepdims=True)
    ax.quiver(pts[:, 0], pts[:, 1], -G[:, 0], -G[:, 1], color="C3", width=0.004)
    ax.plot(1, 1, "k*", ms=12)
    ax.set(xlabel="x0", ylabel="x1", title="Rosenbrock: -grad f (normalised)")
    plt.show()
except NotImplementedError:
    print("rosen_grad / rosen_hessian are not implemented yet.")


# %% [question q5_lagrange]
# Minimise $f(x) = \tfrac12 x^\top Q x + c^\top x$ over $x \in \mathbb{R}^n$ subject to $m$ linear equations
# $A x = b$ ($A$ of shape $(m, n)$ with independent rows, $Q$ symmetric). With one multiplier per
# constraint, the **Lagrangian** is
# $$\mathcal{L}(x, \lambda) = \tfrac12 x^\top Q x + c^\top x + \lambda^\top (A x - b).$$
# At a constrained minimiser both partial gradients vanish (the KKT conditions):
# $$\nabla_x \mathcal{L} = Q x + c + A^\top \lambda = 0, \qquad \nabla_\lambda \mathcal{L} = A x - b = 0,$$
# a linear system of size $n + m$:
# $$\begin{pmatrix} Q & A^\top \\ A & 0 \end{pmatrix} \begin{pmatrix} x \\ \lambda \end{pmatrix}
# = \begin{pmatrix} -c \\ b \end{pmatrix}.$$
# It has a unique solution, the minimiser, when $Q$ is positive definite on the null space of $A$
# ($v^\top Q v > 0$ whenever $Av = 0$, $v \neq 0$); $Q$ itself may be indefinite. The sign of
# $\lambda$ depends on the convention: **use the one above** ($+\lambda^\top(Ax - b)$).
#
# **Worked example.** Minimise $x^2 + y^2$ subject to $x + y = 1$: $Q = 2I$, $c = 0$, $A = (1\ 1)$,
# $b = (1)$. The system $2x + \lambda = 0$, $2y + \lambda = 0$, $x + y = 1$ gives $x = y = \tfrac12$ and
# $\lambda = -1$.
#
# **Your task.** `lagrange_qp(Q, c, A, b)` returns the tuple `(x, lam)` of float64 arrays of shapes
# `(n,)` and `(m,)`. Solve the linear system (`np.linalg.solve`), do not invert matrices.


# %% [answer]
def lagrange_qp(Q, c, A, b):
    """Minimise x^T Q x / 2 + c^T x subject to A x = b via the KKT system.

    Q (n, n), c (n,), A (m, n), b (m,). Returns (x, lam): float64 np.ndarrays of shapes (n,)
    and (m,) with Q x + c + A^T lam = 0 and A x = b.
    """
    ### BEGIN SOLUTION
    Q, c = np.asarray(Q, dtype=np.float64), np.asarray(c, dtype=np.float64)
    A, b = np.asarray(A, dtype=np.float64), np.asarray(b, dtype=np.float64)
    n, m = Q.shape[0], A.shape[0]
    K = np.block([[Q, A.T], [A, np.zeros((m, m))]])
    sol = np.linalg.solve(K, np.concatenate([-c, b]))
    x, lam = sol[:n], sol[n:]
    return x, lam
    ### END SOLUTION


# %% [explore]
# The worked example: level sets of x^2 + y^2, the constraint line and grad f = -lam grad g.
try:
    x, lam = lagrange_qp(2.0 * np.eye(2), np.zeros(2), np.array([[1.0, 1.0]]), np.array([1.0]))
    print("x =", x, " lam =", lam)
    t = np.linspace(-1, 2, 101)
    Xg, Yg = np.meshgrid(t, t)
    fig, ax = plt.subplots(figsize=(4.5, 4.5))
    ax.contour(Xg, Yg, Xg**2 + Yg**2, levels=12, cmap="Greys")
    ax.plot(t, 1 - t, "C0", label="x + y = 1")
    ax.quiver(*x, *(2 * x), color="C3", angles="xy", scale_units="xy", scale=2, label="grad f / 2")
    ax.plot(*x, "k*", ms=12)
    ax.set(xlim=(-1, 2), ylim=(-1, 2), aspect="equal")
    ax.legend(loc="upper right")
    plt.show()
except NotImplementedError:
    print("lagrange_qp is not implemented yet.")


# %% [question q6_slsqp]
# Most constrained problems have no closed form. SciPy's `optimize.minimize(..., method="SLSQP")`
# (sequential least-squares quadratic programming) solves a quadratic model with linearised
# constraints at every step. Constraints are given as a list of dicts,
# `[{"type": "eq", "fun": g}]` for $g(x) = 0$ (`"ineq"` would mean $g(x) \ge 0$, a different problem).
#
# We minimise $f(x, y) = -x^2 + y^2$ subject to $g(x, y) = \sin(6x - 0.7) - y - 0.5 = 0$.
# **Caution:** along the constraint $y$ stays in $[-1.5, 0.5]$ while $-x^2 \to -\infty$, so the problem has
# **no global minimum**. SLSQP returns a *local* KKT point near the start, and that is all a solution
# can be judged on: the constraint holds, $g(x^*) = 0$, and $\nabla f(x^*) + \mu \nabla g(x^*) = 0$ for some
# $\mu$, which in 2-D means the two gradients are parallel:
# $\partial_x f\, \partial_y g - \partial_y f\, \partial_x g = 0$, with
# $\nabla f = (-2x, 2y)$ and $\nabla g = (6 \cos(6x - 0.7), -1)$.
#
# **Worked example.** From $x_0 = (1, -0.5)$, SLSQP with SciPy's defaults (no gradients supplied,
# `ftol=1e-6`) stops at $(1.65082188, -0.28191999)$ with $f = -2.6457340021830453$; there the constraint
# residual is about $2 \cdot 10^{-8}$ and the cross product about $3 \cdot 10^{-5}$, small but not zero: the
# optimiser's tolerance, not an error.
#
# **Your task.** `slsqp_local_min(x0)` calls `optimize.minimize` with `method="SLSQP"` and the equality
# constraint above from the start `x0` (shape `(2,)`) and returns the point as a float64 array `(2,)`.
# Defaults are fine; the grader accepts points within $3 \cdot 10^{-5}$ of the reference's and checks the
# constraint residual ($\le 10^{-6}$) and the gradient cross product ($\le 10^{-4}$).


# %% [answer]
def slsqp_local_min(x0):
    """Local minimiser of -x^2 + y^2 subject to sin(6x - 0.7) - y - 0.5 = 0, by SLSQP from x0.

    Returns a float64 np.ndarray of shape (2,). x0 is not modified.
    """
    ### BEGIN SOLUTION
    def fun(v: np.ndarray) -> float:
        return float(-v[0] ** 2 + v[1] ** 2)

    def con(v: np.ndarray) -> float:
        return float(np.sin(6.0 * v[0] - 0.7) - v[1] - 0.5)

    result = optimize.minimize(fun, np.asarray(x0, dtype=np.float64), method="SLSQP",
                               constraints=[{"type": "eq", "fun": con}])
    return np.asarray(result.x, dtype=np.float64)
    ### END SOLUTION


# %% [explore]
# The constraint curve, the level sets of f and the KKT points SLSQP finds from a few starts.
try:
    xs = np.linspace(-2.5, 2.5, 201)
    Xg, Yg = np.meshgrid(xs, np.linspace(-2, 1, 121))
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.contour(Xg, Yg, -Xg**2 + Yg**2, levels=20, cmap="coolwarm")
    ax.plot(xs, np.sin(6 * xs - 0.7) - 0.5, "k", lw=1, label="constraint")
    for start in ([1.0, -0.5], [0.0, 0.0], [-1.0, -0.5]):
        p = slsqp_local_min(np.array(start))
        ax.plot(*start, "o", color="grey")
        ax.annotate("", p, start, arrowprops={"arrowstyle": "->"})
        ax.plot(*p, "*", ms=12, label=f"from {start}: ({p[0]:.4f}, {p[1]:.4f})")
    ax.set(xlabel="x", ylabel="y", ylim=(-2, 1))
    ax.legend(fontsize=8, loc="lower left")
    plt.show()
except NotImplementedError:
    print("slsqp_local_min is not implemented yet.")
