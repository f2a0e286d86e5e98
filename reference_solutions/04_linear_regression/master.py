"""Reference solution for assignment 04_linear_regression (least squares, gradient descent, R^2,
ridge regression and the update rules of adaptive optimisers).

This is the assignment's master: ``autograder assign`` generates the student notebook from it
(the solution regions become stubs) and the reference module is its header and answer cells.
An answer cell may only use the names imported by the notebook's setup
cell (``np``, ``plt``) and the names it defines itself; no section calls another section's
functions, so one wrong answer costs points on its own question only.

Conventions: float64 throughout; "rows are examples": a design matrix ``Phi`` has shape ``(N, p)``
for ``N`` examples and ``p`` coefficients, targets ``y`` and predictions have shape ``(N,)`` and a
coefficient vector ``w`` has shape ``(p,)`` with ``w[0]`` the intercept.
"""

import numpy as np


# %% [markdown]
# # Assignment 04: Linear regression
#
# Linear regression fits a model that is *linear in its coefficients*,
# $\hat y = w_0 \phi_0(x) + w_1 \phi_1(x) + \dots + w_{p-1}\phi_{p-1}(x)$, to data by minimising
# squared errors. The features $\phi_j$ may be nonlinear in $x$ (powers of $x$ below), so a
# "linear" model can draw curves. This assignment covers:
#
# 1. **Polynomial features** and the **mean-squared-error cost** with its gradient.
# 2. **Least squares in closed form**: the normal equations, and a numerically stable QR solver.
# 3. **Gradient descent** on the cost, recorded step by step.
# 4. **The coefficient of determination** $R^2$.
# 5. **Ridge regression**, which tames over-fitting polynomials.
# 6. **Optimiser update rules** (momentum, AdaGrad, RMSProp, Adam) as one-step functions.
#
# **Conventions used everywhere.** All arrays are NumPy `float64`. *Rows are examples*: a design
# matrix `Phi` has shape `(N, p)` (N examples, p coefficients), targets `y` and predictions have
# shape `(N,)`, and a coefficient vector `w` has shape `(p,)` with `w[0]` the intercept (the
# coefficient of the constant feature 1). Functions never modify their input arrays.
#
# Write each answer in the cell marked for it, then run the check cell below it.


# %% [setup]
import numpy as np
import matplotlib.pyplot as plt
from autograder.public import Checker

check = Checker("04_linear_regression", globals())


# %% [question q1_features_cost]
# **Features.** For scalar inputs $x_1, \dots, x_N$ and a degree $d$ the polynomial design matrix
# (a Vandermonde matrix) has one row per example and the powers $0, 1, \dots, d$ as columns:
# $$\Phi = \begin{pmatrix} 1 & x_1 & x_1^2 & \cdots & x_1^d \\ \vdots & & & & \vdots \\
# 1 & x_N & x_N^2 & \cdots & x_N^d \end{pmatrix} \in \mathbb{R}^{N \times (d+1)}, \qquad
# \hat y = \Phi w, \quad \hat y_i = \sum_{k=0}^{d} w_k x_i^k .$$
# Note the order: `w[0]` multiplies $x^0 = 1$. (NumPy's `np.polyval` uses the *opposite* order,
# highest power first, so it is not what `poly_predict` must compute.)
#
# **Cost.** We measure the fit by half the mean squared residual,
# $$J(w) = \frac{1}{2N} \sum_{i=1}^{N} \bigl(y_i - \Phi_i w\bigr)^2 = \frac{1}{2N}\lVert y - \Phi w\rVert^2 ,$$
# where $\Phi_i$ is row $i$. The factor $\tfrac12$ cancels the 2 of the derivative:
# $$\frac{\partial J}{\partial w_j} = -\frac{1}{N}\sum_{i=1}^N (y_i - \Phi_i w)\,\Phi_{ij},
# \qquad \nabla J(w) = -\frac{1}{N}\,\Phi^\top (y - \Phi w).$$
#
# **Worked example.** $x = (0, 1, 2)$, degree 2: $\Phi = \begin{pmatrix}1&0&0\\1&1&1\\1&2&4\end{pmatrix}$,
# and `poly_predict([1, 2, 3], [0, 1, 2])` $= (1,\ 1+2+3,\ 1+4+12) = (1, 6, 17)$.
# With degree 1, $y = (0, 1, 3)$ and $w = (0, 1)$ the residual is $(0, 0, 1)$, so
# $J = 1/6$ and $\nabla J = -\tfrac13 \Phi^\top (0,0,1) = (-1/3, -2/3)$.
#
# **Your task.**
# * `polynomial_features(x, degree)`: `x` is a 1-D array (possibly of integers) of length N; return
#   the float64 array of shape `(N, degree + 1)` above. `degree = 0` gives a column of ones.
# * `poly_predict(w, x)`: evaluate the polynomial with coefficients `w` (`w[0]` constant term) at
#   every entry of `x`; float64 array of shape `(N,)`.
# * `mse_cost(w, Phi, y)`: $J(w)$ as a Python `float`.
# * `mse_grad(w, Phi, y)`: $\nabla J(w)$, float64 array of shape `(p,)`.


# %% [answer]
def polynomial_features(x, degree):
    """Columns x**0, x**1, ..., x**degree: float64 array of shape (N, degree + 1).

    x: 1-D array of length N (ints allowed). degree = 0 gives a single column of ones.
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    return x[:, None] ** np.arange(degree + 1)
    ### END SOLUTION


def poly_predict(w, x):
    """w[0] + w[1] x + ... + w[d] x**d at every entry of x: float64 array of shape (N,)."""
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    w = np.asarray(w, dtype=np.float64)
    return x[:, None] ** np.arange(w.size) @ w
    ### END SOLUTION


def mse_cost(w, Phi, y):
    """J(w) = 1/(2N) * sum_i (y_i - Phi_i w)**2 as a Python float. Phi: (N, p), w: (p,), y: (N,)."""
    ### BEGIN SOLUTION
    residual = y - Phi @ w
    return float(residual @ residual / (2 * len(y)))
    ### END SOLUTION


def mse_grad(w, Phi, y):
    """Gradient of J: -(1/N) Phi^T (y - Phi w), float64 array of shape (p,). Inputs unchanged."""
    ### BEGIN SOLUTION
    residual = y - Phi @ w
    return -(Phi.T @ residual) / len(y)
    ### END SOLUTION


# %% [explore]
# The cost surface J(w0, w1) of a straight-line fit to noisy data y = x + noise, with the
# negative gradient drawn at a few points: it points downhill, towards the minimum.
try:
    rng = np.random.default_rng(0)
    x_line = np.linspace(0, 2, 20)
    y_line = x_line + rng.normal(0, 0.1, 20)
    Phi_line = polynomial_features(x_line, 1)
    w0s, w1s = np.meshgrid(np.linspace(-1, 1, 41), np.linspace(0, 2, 41))
    J = np.array([[mse_cost(np.array([a, b]), Phi_line, y_line) for a, b in zip(ra, rb)]
                  for ra, rb in zip(w0s, w1s)])
    fig, ax = plt.subplots(figsize=(5, 4))
    ax.contour(w0s, w1s, J, levels=20)
    for w in ([-0.8, 0.3], [0.7, 1.8], [0.5, 0.4], [-0.5, 1.7]):
        g = mse_grad(np.array(w), Phi_line, y_line)
        ax.arrow(w[0], w[1], -0.2 * g[0], -0.2 * g[1], head_width=0.03, color="k")
    ax.set_xlabel("$w_0$")
    ax.set_ylabel("$w_1$")
    ax.set_title("contours of J and the negative gradient")
    plt.show()
except NotImplementedError:
    print("implement polynomial_features, mse_cost and mse_grad first")


# %% [question q2_least_squares]
# $J$ is a convex quadratic in $w$, so its minimum is where the gradient vanishes:
# $\Phi^\top(y - \Phi w) = 0$, i.e. the **normal equations**
# $$\Phi^\top \Phi\, w = \Phi^\top y .$$
# If the columns of $\Phi$ are linearly independent, $\Phi^\top\Phi$ is invertible and the
# solution is unique. Solve the system with `np.linalg.solve`; do not form the inverse.
#
# **Why another method?** The condition number squares: $\kappa(\Phi^\top\Phi) = \kappa(\Phi)^2$.
# Polynomial features are badly conditioned (for degree 12 on $[0, 1]$, $\kappa(\Phi) \approx 7\cdot
# 10^8$, so $\kappa(\Phi^\top\Phi) \approx 5\cdot 10^{17}$, beyond what float64 can resolve). The
# **QR factorisation** avoids forming $\Phi^\top\Phi$: write $\Phi = QR$ with $Q \in
# \mathbb{R}^{N\times p}$ having orthonormal columns ($Q^\top Q = I$) and $R \in \mathbb{R}^{p\times p}$
# upper triangular (`np.linalg.qr(Phi, mode="reduced")`). Substituting into the normal equations,
# $R^\top Q^\top Q R w = R^\top Q^\top y$, and cancelling the invertible $R^\top$:
# $$R\,w = Q^\top y ,$$
# a triangular system whose conditioning is that of $\Phi$ itself. (`np.linalg.lstsq`, based on the
# SVD, is an equally stable alternative.)
#
# **Worked example.** $x = (0,1,2,3)$, $y = (1,3,2,5)$, $\Phi = [1, x]$:
# $\Phi^\top\Phi = \begin{pmatrix}4&6\\6&14\end{pmatrix}$, $\Phi^\top y = (11, 21)$, hence
# $w = (1.1, 1.1)$, the line $\hat y = 1.1 + 1.1x$.
#
# **Your task.** Both functions take `Phi` of shape `(N, p)` with full column rank ($N \ge p$) and `y`
# of shape `(N,)` and return the float64 coefficient vector of shape `(p,)`.
# * `fit_normal_equations(Phi, y)`: solve the normal equations.
# * `fit_lstsq(Phi, y)`: a stable solver (QR as above, or `np.linalg.lstsq`), never $\Phi^\top\Phi$.
#   The hidden checks include a degree-12 fit where the normal equations visibly lose accuracy.


# %% [answer]
def fit_normal_equations(Phi, y):
    """Solve (Phi^T Phi) w = Phi^T y. Returns float64 w of shape (p,). Inputs unchanged."""
    ### BEGIN SOLUTION
    return np.linalg.solve(Phi.T @ Phi, Phi.T @ y)
    ### END SOLUTION


def fit_lstsq(Phi, y):
    """Least-squares w of shape (p,) without forming Phi^T Phi (QR: solve R w = Q^T y)."""
    ### BEGIN SOLUTION
    Q, R = np.linalg.qr(Phi, mode="reduced")
    return np.linalg.solve(R, Q.T @ y)
    ### END SOLUTION


# %% [explore]
# Fits of increasing degree to 15 noisy samples of sin(x): degree 1 under-fits, degree 3 is about
# right and degree 12 over-fits (it chases the noise). Printed: training residuals of both solvers.
try:
    rng = np.random.default_rng(1)
    x_s = np.sort(rng.uniform(0, 2 * np.pi, 15))
    y_s = np.sin(x_s) + rng.normal(0, 0.3, 15)
    t = x_s / np.pi - 1.0  # rescaled to [-1, 1]: better conditioned powers
    grid = np.linspace(0, 2 * np.pi, 300)
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(x_s, y_s, "ko", label="data")
    ax.plot(grid, np.sin(grid), "k--", lw=1, label="sin(x)")
    for degree in (1, 3, 12):
        Phi_s = polynomial_features(t, degree)
        w_qr, w_ne = fit_lstsq(Phi_s, y_s), fit_normal_equations(Phi_s, y_s)
        print(f"degree {degree:2d}: SSE QR {np.sum((y_s - Phi_s @ w_qr) ** 2):.6e}, "
              f"normal equations {np.sum((y_s - Phi_s @ w_ne) ** 2):.6e}")
        ax.plot(grid, poly_predict(w_qr, grid / np.pi - 1.0), label=f"degree {degree}")
    ax.set_ylim(-2, 2)
    ax.legend()
    plt.show()
except NotImplementedError:
    print("implement the questions 1 and 2 functions first")


# %% [question q3_gradient_descent]
# Instead of solving the normal equations we can walk downhill. With learning rate $\alpha$, one
# **batch gradient-descent** step updates *all* coefficients at once from the *same* old $w$:
# $$\Delta w = -\alpha\,\nabla J(w) = \frac{\alpha}{N}\,\Phi^\top\bigl(y - \Phi w\bigr), \qquad
# w \leftarrow w + \Delta w .$$
# (Updating $w_0$ first and then using the new $w_0$ to compute the step of $w_1$ is a different,
# "sequential" algorithm; do not do that.) For a line, $\Delta w_0 = \frac{\alpha}{N}\sum_i
# (y_i - \hat y_i)$ and $\Delta w_1 = \frac{\alpha}{N}\sum_i (y_i - \hat y_i)x_i$.
#
# **Stopping rule.** Stop right after the first update whose step is small,
# $\lVert\Delta w\rVert_2 < \text{precision}$, or after `max_steps` updates, whichever comes first.
#
# **History.** Return a float64 array with one row per visited point,
# `[step, w_0, ..., w_{p-1}, J(w)]`: row 0 is the start (`step = 0`, `w_init`, $J$(`w_init`)), row
# $j$ is the state after $j$ updates, and the last row is the update that triggered the stop. So the
# shape is `(k + 1, p + 2)` after $k$ updates. $J$ is the question 1 cost $\frac{1}{2N}\lVert y-\Phi
# w\rVert^2$ (compute it inside `gd_fit`).
#
# **Worked example.** $\Phi = [1, x]$ with $x = (0,1,2)$, $y = (0,1,3)$, $w = (0,0)$, $\alpha = 0.5$,
# `max_steps = 3`, `precision = 1e-6`:
#
# | step | $w_0$ | $w_1$ | $J$ |
# |---|---|---|---|
# | 0 | 0 | 0 | 1.666667 |
# | 1 | 0.666667 | 1.166667 | 0.189815 |
# | 2 | 0.416667 | 1.027778 | 0.108282 |
# | 3 | 0.361111 | 1.129630 | 0.085891 |
#
# (The first step: $\Phi^\top y = (4, 7)$, so $\Delta w = \tfrac{0.5}{3}(4, 7) = (2/3, 7/6)$.)


# %% [answer]
def gd_fit(Phi, y, w_init, lr, max_steps, precision):
    """Batch gradient descent on J(w) = 1/(2N) ||y - Phi w||^2 from w_init (not modified).

    Returns the history, float64 array of shape (k + 1, p + 2) after k updates:
    row j = [j, w_0, ..., w_{p-1}, J(w)], row 0 = the start. Stops right after the first
    update with ||dw||_2 < precision, or after max_steps updates.
    """
    ### BEGIN SOLUTION
    n = len(y)
    w = np.array(w_init, dtype=np.float64)

    def cost(v):
        r = y - Phi @ v
        return r @ r / (2 * n)

    rows = [np.concatenate([[0.0], w, [cost(w)]])]
    for step in range(1, max_steps + 1):
        dw = lr * (Phi.T @ (y - Phi @ w)) / n  # simultaneous update of all coefficients
        w = w + dw
        rows.append(np.concatenate([[float(step)], w, [cost(w)]]))
        if np.linalg.norm(dw) < precision:
            break
    return np.array(rows)
    ### END SOLUTION


# %% [explore]
# Learning curves J(step) for three learning rates on the noisy line: too small is slow, a
# larger (but still stable) rate converges in far fewer steps.
try:
    rng = np.random.default_rng(0)
    x_line = np.linspace(0, 2, 20)
    y_line = x_line + rng.normal(0, 0.1, 20)
    Phi_line = np.column_stack([np.ones(20), x_line])
    fig, ax = plt.subplots(figsize=(6, 4))
    for lr in (0.05, 0.2, 0.7):
        hist = gd_fit(Phi_line, y_line, np.array([1.0, -0.5]), lr, 200, 5e-3)
        ax.semilogy(hist[:, 0], hist[:, -1], "o-", ms=3, label=f"lr = {lr}: {len(hist) - 1} steps")
    ax.set_xlabel("step")
    ax.set_ylabel("J(w)")
    ax.legend()
    plt.show()
except NotImplementedError:
    print("implement gd_fit first")


# %% [question q4_r_squared]
# How much of the variation of $y$ does a model explain? Compare its squared error with that of
# the trivial model that always predicts the mean $\bar y$:
# $$\text{SSE} = \sum_i (y_i - \hat y_i)^2, \qquad \text{SST} = \sum_i (y_i - \bar y)^2, \qquad
# R^2 = 1 - \frac{\text{SSE}}{\text{SST}} .$$
# $R^2 = 1$ for a perfect fit, $0$ for a model as good as the mean, and **negative** for a model
# worse than the mean. $R^2$ is undefined when all targets are equal (SST $= 0$): raise a
# `ValueError` then.
#
# **A warning about another formula.** With $\text{SSR} = \sum_i (\hat y_i - \bar y)^2$ (the
# "explained" sum of squares) some texts write $R^2 = \text{SSR}/\text{SST}$. The identity
# $\text{SST} = \text{SSR} + \text{SSE}$ behind it holds only for **least-squares fits with an
# intercept**; for any other prediction $\text{SSR}/\text{SST}$ is simply wrong and can exceed 1. The
# course script this assignment draws on makes exactly this mistake for two hand-picked
# (non-least-squares) lines, reporting 1.0069 and 1.147 where $1 - \text{SSE}/\text{SST}$ gives
# 0.9915 and $-3.145$. Always use $1 - \text{SSE}/\text{SST}$.
#
# **Worked examples.** $y = (1,2,3,4)$, $\bar y = 2.5$, SST $= 5$.
# * $\hat y = (1.5, 1.5, 3.5, 3.5)$: SSE $= 1$, $R^2 = 0.8$.
# * $\hat y = 2y - 2 = (0, 2, 4, 6)$: SSE $= 6$, $R^2 = -0.2$; the wrong formula would give SSR/SST
#   $= 21/5 = 4.2$.
#
# **Your task.** `r2_score(y, y_hat)` for 1-D arrays of equal length; return a Python `float`.


# %% [answer]
def r2_score(y, y_hat):
    """R^2 = 1 - SSE/SST as a Python float (SST around the mean of y).

    Raises ValueError when all y are equal (SST = 0). Can be negative; never SSR/SST.
    """
    ### BEGIN SOLUTION
    y = np.asarray(y, dtype=np.float64)
    y_hat = np.asarray(y_hat, dtype=np.float64)
    sse = np.sum((y - y_hat) ** 2)
    sst = np.sum((y - np.mean(y)) ** 2)
    # test the targets themselves: equal targets such as 0.1 can leave a rounding residue in SST
    if np.ptp(y) == 0:
        raise ValueError("R^2 is undefined for constant targets (SST = 0)")
    return float(1.0 - sse / sst)
    ### END SOLUTION


# %% [explore]
# R^2 = 1 - SSE/SST and the ratio SSR/SST agree for the least-squares line, but not for other
# lines: there SSR/SST can even exceed 1.
try:
    rng = np.random.default_rng(0)
    x_line = np.linspace(0, 2, 20)
    y_line = x_line + rng.normal(0, 0.1, 20)
    slope, intercept = np.polyfit(x_line, y_line, 1)
    lines = {"least squares": intercept + slope * x_line, "y = 1.1 x": 1.1 * x_line,
             "y = 0.1 + 2 x": 0.1 + 2.0 * x_line}
    for name, pred in lines.items():
        ssr_sst = np.sum((pred - y_line.mean()) ** 2) / np.sum((y_line - y_line.mean()) ** 2)
        print(f"{name:14s}  R^2 = {r2_score(y_line, pred):8.4f}   SSR/SST = {ssr_sst:8.4f}")
except NotImplementedError:
    print("implement r2_score first")


# %% [question q5_ridge]
# High-degree polynomials fitted to few points over-fit: huge, alternating coefficients that pass
# near every training point and oscillate between them. **Ridge regression** adds a penalty on
# the size of the coefficients. Our convention: the **intercept $w_0$ is not penalised** (shifting
# all targets by a constant should just shift $w_0$), and the penalty is on the *sum* of squares
# (not the mean):
# $$J_\lambda(w) = \tfrac12 \lVert y - \Phi w\rVert^2 + \tfrac{\lambda}{2} \sum_{j=1}^{p-1} w_j^2 .$$
# Setting the gradient $-\Phi^\top(y - \Phi w) + \lambda I' w$ to zero gives
# $$\bigl(\Phi^\top\Phi + \lambda I'\bigr)\, w = \Phi^\top y, \qquad
# I' = \operatorname{diag}(0, 1, 1, \dots, 1) \in \mathbb{R}^{p\times p}.$$
# Note that $\lambda I'$ is a *matrix*: adding the scalar $\lambda$ to `Phi.T @ Phi` would add it to
# every entry. For $\lambda > 0$ the system is solvable even when $\Phi^\top\Phi$ is singular;
# $\lambda = 0$ is ordinary least squares; $\lambda \to \infty$ forces $w_1, \dots, w_{p-1} \to 0$
# and leaves $w_0 = \bar y$.
#
# **Worked example.** $\Phi = [1, x]$, $x = (0,1,2)$, $y = (0,1,3)$, $\lambda = 1$:
# $\Phi^\top\Phi + \lambda I' = \begin{pmatrix}3&3\\3&6\end{pmatrix}$, $\Phi^\top y = (4,7)$, so
# $w = (1/3, 1)$ (least squares would give $(-1/6, 3/2)$: the penalty flattens the slope and the
# free intercept compensates).
#
# **Your task.** `ridge_fit(Phi, y, lam)` with the first column of `Phi` the constant feature;
# return the float64 array of shape `(p,)`.


# %% [answer]
def ridge_fit(Phi, y, lam):
    """Solve (Phi^T Phi + lam * I') w = Phi^T y with I' = diag(0, 1, ..., 1).

    The intercept w[0] (column 0 of Phi, all ones) is not penalised. lam >= 0 (lam = 0 is least
    squares). Returns float64 w of shape (p,). Inputs unchanged.
    """
    ### BEGIN SOLUTION
    penalty = lam * np.eye(Phi.shape[1])
    penalty[0, 0] = 0.0
    return np.linalg.solve(Phi.T @ Phi + penalty, Phi.T @ y)
    ### END SOLUTION


# %% [explore]
# Over-fitting and its cure: a degree-9 polynomial on 15 noisy sine samples. The training error
# falls as lambda -> 0, while the error on 300 fresh points is smallest for a moderate lambda.
try:
    rng = np.random.default_rng(1)
    x_tr = np.sort(rng.uniform(0, 2 * np.pi, 15))
    y_tr = np.sin(x_tr) + rng.normal(0, 0.3, 15)
    x_te = rng.uniform(0, 2 * np.pi, 300)
    y_te = np.sin(x_te) + rng.normal(0, 0.3, 300)
    P_tr = (x_tr / np.pi - 1.0)[:, None] ** np.arange(10)
    P_te = (x_te / np.pi - 1.0)[:, None] ** np.arange(10)
    log_lams = np.arange(-15, 4)
    rmse = np.array([[np.sqrt(np.mean((yy - PP @ ridge_fit(P_tr, y_tr, np.exp(ll))) ** 2))
                      for PP, yy in ((P_tr, y_tr), (P_te, y_te))] for ll in log_lams])
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(log_lams, rmse[:, 0], "o-", label="training RMSE")
    ax.plot(log_lams, rmse[:, 1], "s-", label="test RMSE")
    ax.set_xlabel("ln(lambda)")
    ax.set_ylabel("RMSE")
    ax.legend()
    plt.show()
except NotImplementedError:
    print("implement ridge_fit first")


# %% [question q6_optimizers]
# Plain gradient descent $w \leftarrow w - \alpha g$ (with $g = \nabla f(w)$) zig-zags in narrow
# valleys and uses one step size for all coordinates. The optimisers below keep some **state**
# between steps. Here each is a *pure function* for one step: it receives the parameters, the
# gradient and the old state and returns the new parameters and the new state (new arrays; the
# inputs are not modified). All operations are elementwise; $\epsilon$ only prevents division by
# zero. Initial states are zero arrays.
#
# | method | state update | parameter update |
# |---|---|---|
# | momentum | $v \leftarrow \beta v + \alpha g$ | $w \leftarrow w - v$ |
# | AdaGrad | $G \leftarrow G + g^2$ | $w \leftarrow w - \dfrac{\alpha\, g}{\sqrt{G} + \epsilon}$ |
# | RMSProp | $s \leftarrow \rho s + (1-\rho) g^2$ | $w \leftarrow w - \dfrac{\alpha\, g}{\sqrt{s} + \epsilon}$ |
# | Adam (step $t = 1, 2, \dots$) | $m \leftarrow \beta_1 m + (1-\beta_1) g$, $\ v \leftarrow \beta_2 v + (1-\beta_2) g^2$ | $\hat m = \dfrac{m}{1-\beta_1^t}$, $\hat v = \dfrac{v}{1-\beta_2^t}$, $\ w \leftarrow w - \dfrac{\alpha\,\hat m}{\sqrt{\hat v}+\epsilon}$ |
#
# Mind the details: the parameter update always goes **against** the gradient (a "+" there, as in
# the AdaGrad and RMSProp formulas printed in the course script, climbs uphill); $G$ and $s$ hold
# *squared* gradients and the square root is taken **once**, in the update ($\epsilon$ is added
# outside the root, as in PyTorch); Adam's bias corrections $1 - \beta^t$ use the step number $t$
# of the step being taken (so $t = 1$ on the first step, when they turn $\hat m = g$, $\hat v =
# g^2$). AdaGrad's accumulated $G$ only grows, so its steps shrink; RMSProp forgets old gradients.
#
# **Worked example.** $w = (1, -2)$, $g = (0.5, -1)$, zero state, $\alpha = 0.1$, default
# hyper-parameters ($\beta = 0.9$, $\rho = 0.9$, $\beta_1 = 0.9$, $\beta_2 = 0.999$, $\epsilon =
# 10^{-8}$):
# * momentum: $v = (0.05, -0.1)$, $w = (0.95, -1.9)$;
# * AdaGrad: $G = (0.25, 1)$, $w \approx (0.9, -1.9)$ (the first step has length $\alpha$ per coordinate);
# * RMSProp: $s = (0.025, 0.1)$, $w \approx (0.683772, -1.683772)$;
# * Adam ($t = 1$): $m = (0.05, -0.1)$, $v = (0.00025, 0.001)$, $w \approx (0.9, -1.9)$.
#
# **Your task.** The four step functions, and `optimize_quadratic(A, b, w0, method, lr, steps)`
# that minimises $f(w) = \tfrac12 w^\top A w - b^\top w$ (gradient $g = Aw - b$, $A$ symmetric
# positive definite) with `steps` steps of `method` $\in$ {`"gd"`, `"momentum"`, `"adagrad"`,
# `"rmsprop"`, `"adam"`} using your step functions with their default hyper-parameters, zero initial
# states, and $t = 1, 2, \dots$ for Adam. It returns the trajectory, float64 of shape
# `(steps + 1, d)`, whose row $k$ is $w$ after $k$ steps (row 0 is `w0`). Raise `ValueError` for an
# unknown method.


# %% [answer]
def momentum_step(w, grad, v, lr, beta=0.9):
    """v_new = beta*v + lr*grad; w_new = w - v_new. Returns (w_new, v_new), float64 arrays."""
    ### BEGIN SOLUTION
    v_new = beta * v + lr * grad
    return w - v_new, v_new
    ### END SOLUTION


def adagrad_step(w, grad, G, lr, eps=1e-8):
    """G_new = G + grad**2; w_new = w - lr*grad/(sqrt(G_new) + eps). Returns (w_new, G_new)."""
    ### BEGIN SOLUTION
    G_new = G + grad**2
    return w - lr * grad / (np.sqrt(G_new) + eps), G_new
    ### END SOLUTION


def rmsprop_step(w, grad, s, lr, rho=0.9, eps=1e-8):
    """s_new = rho*s + (1-rho)*grad**2; w_new = w - lr*grad/(sqrt(s_new) + eps).

    Returns (w_new, s_new).
    """
    ### BEGIN SOLUTION
    s_new = rho * s + (1.0 - rho) * grad**2
    return w - lr * grad / (np.sqrt(s_new) + eps), s_new
    ### END SOLUTION


def adam_step(w, grad, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam step number t (t = 1 on the first step) with bias-corrected moments.

    Returns (w_new, m_new, v_new); the inputs are not modified.
    """
    ### BEGIN SOLUTION
    m_new = beta1 * m + (1.0 - beta1) * grad
    v_new = beta2 * v + (1.0 - beta2) * grad**2
    m_hat = m_new / (1.0 - beta1**t)
    v_hat = v_new / (1.0 - beta2**t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m_new, v_new
    ### END SOLUTION


def optimize_quadratic(A, b, w0, method, lr, steps):
    """Minimise 1/2 w^T A w - b^T w from w0 with `steps` steps of method in
    {"gd", "momentum", "adagrad", "rmsprop", "adam"} (default hyper-parameters, zero states).

    Returns the trajectory, float64 array of shape (steps + 1, d); row 0 is w0.
    Raises ValueError for an unknown method.
    """
    ### BEGIN SOLUTION
    if method not in ("gd", "momentum", "adagrad", "rmsprop", "adam"):
        raise ValueError(f"unknown method {method!r}")  # before any step: steps = 0 too
    w = np.array(w0, dtype=np.float64)
    s1, s2 = np.zeros_like(w), np.zeros_like(w)
    path = [w.copy()]
    for t in range(1, steps + 1):
        g = A @ w - b
        if method == "momentum":
            w, s1 = momentum_step(w, g, s1, lr)
        elif method == "adagrad":
            w, s1 = adagrad_step(w, g, s1, lr)
        elif method == "rmsprop":
            w, s1 = rmsprop_step(w, g, s1, lr)
        elif method == "adam":
            w, s1, s2 = adam_step(w, g, s1, s2, t, lr)
        else:
            w = w - lr * g  # "gd"
        path.append(w.copy())
    return np.array(path)
    ### END SOLUTION


# %% [explore]
# The five optimisers on an elongated 2-D quadratic bowl (minimum at (1, 1)), 60 steps each.
try:
    A2 = np.array([[10.0, 0.0], [0.0, 1.0]])
    b2 = A2 @ np.array([1.0, 1.0])
    g1, g2 = np.meshgrid(np.linspace(-2.5, 2.5, 101), np.linspace(-2.5, 2.5, 101))
    f = 0.5 * (A2[0, 0] * g1**2 + A2[1, 1] * g2**2) - b2[0] * g1 - b2[1] * g2
    fig, ax = plt.subplots(figsize=(6, 5))
    ax.contour(g1, g2, f, levels=25, colors="0.7")
    for method, lr in (("gd", 0.09), ("momentum", 0.02), ("adagrad", 0.8), ("rmsprop", 0.1),
                       ("adam", 0.2)):
        path = optimize_quadratic(A2, b2, np.array([-2.0, -2.0]), method, lr, 60)
        ax.plot(path[:, 0], path[:, 1], ".-", ms=3, label=method)
    ax.plot(1, 1, "k*", ms=12)
    ax.legend()
    plt.show()
except NotImplementedError:
    print("implement the optimiser functions first")


# %% [markdown]
# ## Summary
#
# You built linear regression from the ground up: features and cost (Q1), two closed-form solvers
# of different numerical quality (Q2), gradient descent (Q3), the right $R^2$ (Q4), ridge
# regularisation with an unpenalised intercept (Q5) and the update rules of the adaptive optimisers
# used to train neural networks (Q6).
