"""Reference solution for assignment 01_calculus_autodiff (calculus and automatic differentiation).

This is the assignment's master: ``autograder assign`` generates the student notebook from it
(the solution regions become stubs) and the reference module is its header and answer cells.
An answer cell may only use the names imported by the notebook's setup
cell (``np``, ``torch``, ``sp``, ``plt``) and the names it defines itself.

Conventions: numpy work is float64; "columns are examples", so a data matrix ``X`` has shape
``(k, m)`` for ``k`` features and ``m`` examples, and labels / predictions have shape ``(1, m)``.
"""

import numpy as np
import sympy as sp
import torch


# %% [markdown]
# # Assignment 01: Calculus and automatic differentiation
#
# Almost every model in this course is trained by following derivatives downhill. This assignment
# builds the tools behind that, one layer at a time:
#
# 1. **Numerical derivatives** (finite differences) and why their accuracy depends on the step size.
# 2. **Derivative rules** as vectorised NumPy code, including points where a derivative does not exist.
# 3. **Symbolic derivatives** with SymPy: tangent planes and Taylor polynomials.
# 4. **A single linear neuron** trained by gradient descent with gradients derived by hand.
# 5. **Newton's method**, which also uses the second derivative.
# 6. **Automatic differentiation** with PyTorch: differentiable models, a hand-written backward pass
#    and Hessians.
# 7. **Logistic regression**, trained with the gradients that autograd confirmed in question 6.
#
# ### How grading works
#
# * Each question has one **answer cell** with function stubs that `raise NotImplementedError`.
#   Replace the body of each stub with your implementation. Do **not** rename the functions, change
#   their arguments or move them into other cells: the grader looks them up by name.
# * Your answer cells are graded by **hidden tests on inputs you do not see** (other shapes, other
#   data, edge cases), so your code has to follow the contract in the text, not just reproduce the
#   numbers printed here.
# * Below each answer cell there is a **check cell** `check("...")`. It runs a few *public* checks and
#   tells you what went wrong. Passing them is a good sign but not a guarantee of full marks.
# * Cells marked as exploration cells draw pictures from your functions; they are not graded.
#
# ### Conventions used throughout
#
# * All NumPy work is in `float64`; PyTorch is switched to `float64` in the setup cell.
# * **Columns are examples**: a data matrix `X` has shape `(k, m)` for `k` features and `m` examples,
#   targets and predictions have shape `(1, m)`, and a weight row vector `w` has shape `(1, k)`.
# * Functions never modify their inputs in place.
# * Everything you need is imported in the setup cell below (`np`, `torch`, `sp`, `plt`). Run it first.


# %% [setup]
import numpy as np
import torch
import sympy as sp
import matplotlib.pyplot as plt
from autograder.public import Checker

torch.set_default_dtype(torch.float64)
check = Checker("01_calculus_autodiff", globals())


# %% [question q1_finite_differences]
# The derivative is the limit of a difference quotient,
# $$f'(x) = \lim_{h \to 0} \frac{f(x+h) - f(x)}{h}.$$
# A computer cannot take the limit, but it can evaluate the quotient for one small $h$. Two standard
# choices are
#
# * the **forward difference** $\displaystyle D_+ f(x) = \frac{f(x+h) - f(x)}{h}$,
# * the **central difference** $\displaystyle D_0 f(x) = \frac{f(x+h) - f(x-h)}{2h}$.
#
# **How accurate are they?** Expanding $f(x \pm h)$ in a Taylor series,
# $$f(x \pm h) = f(x) \pm h f'(x) + \tfrac{h^2}{2} f''(x) \pm \tfrac{h^3}{6} f'''(x) + \dots$$
# gives $D_+ f(x) = f'(x) + \tfrac{h}{2} f''(x) + \dots$ and
# $D_0 f(x) = f'(x) + \tfrac{h^2}{6} f'''(x) + \dots$: the **truncation error** is $O(h)$ for the
# forward difference and only $O(h^2)$ for the central one, because the even terms cancel.
#
# So why not take $h = 10^{-15}$? Because floating-point numbers carry only about 16 significant
# digits (machine epsilon $\varepsilon \approx 2.2 \times 10^{-16}$). $f(x+h)$ and $f(x)$ are each
# rounded with an error of about $\varepsilon |f(x)|$, and their difference is then divided by $h$,
# so the **round-off error** grows like $\varepsilon |f(x)| / h$. The total error is smallest when
# both parts balance: around $h \approx \sqrt{\varepsilon} \approx 10^{-8}$ for the forward difference
# and $h \approx \varepsilon^{1/3} \approx 10^{-5}$ for the central difference. That is why the
# defaults below are $10^{-6}$ and $10^{-5}$. The plot after the check cell shows both regimes.
#
# **Worked example.** For $f = \sin$ at $x = 1$ the exact derivative is $\cos 1 = 0.5403023059$.
#
# | $h$ | forward difference | central difference |
# |---|---|---|
# | $0.1$ | $0.4973637525$ | $0.5394022522$ |
# | default ($10^{-6}$ / $10^{-5}$) | $0.5403018851$ (error $-4.2\times10^{-7}$) | $0.5403023059$ (error $-1.1\times 10^{-11}$) |
#
# ### Your task
#
# * `forward_diff(f, x, h=1e-6)` returns $(f(x+h) - f(x))/h$.
# * `central_diff(f, x, h=1e-5)` returns $(f(x+h) - f(x-h))/(2h)$.
#
# Contract for both:
#
# * `f` is a vectorised function such as `np.sin` or `np.exp` (it accepts arrays, elementwise).
# * `x` is a Python float or a `float64` ndarray of **any shape**. Convert it with
#   `np.asarray(x, dtype=np.float64)`; the difference is then computed for every entry at once (no loops).
# * Return a `float64` **`np.ndarray` of the same shape as `x`** (for a scalar `x` that is a 0-d array).
# * Do not modify `x` in place (e.g. no `x += h`).


# %% [answer]
def forward_diff(f, x, h=1e-6):
    """Forward difference (f(x + h) - f(x)) / h, elementwise.

    Returns a float64 np.ndarray with the same shape as x. x is not modified.
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)  # a new name for the input: x itself is never written to
    return np.asarray((f(x + h) - f(x)) / h, dtype=np.float64)
    ### END SOLUTION


def central_diff(f, x, h=1e-5):
    """Central difference (f(x + h) - f(x - h)) / (2h), elementwise.

    Returns a float64 np.ndarray with the same shape as x. x is not modified.
    """
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    return np.asarray((f(x + h) - f(x - h)) / (2.0 * h), dtype=np.float64)
    ### END SOLUTION


# %% [explore]
# Error of both formulas for f = sin at x = 1 as a function of the step h (log-log axes).
# Right of the minimum the truncation error dominates (slope 1 for forward, slope 2 for central);
# left of it the round-off error eps / h takes over and the error grows again.
try:
    hs = np.logspace(-15, -1, 57)
    err_fwd = [abs(float(forward_diff(np.sin, 1.0, h)) - np.cos(1.0)) for h in hs]
    err_cen = [abs(float(central_diff(np.sin, 1.0, h)) - np.cos(1.0)) for h in hs]
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.loglog(hs, np.maximum(err_fwd, 1e-17), "o-", ms=3, label="forward difference")
    ax.loglog(hs, np.maximum(err_cen, 1e-17), "s-", ms=3, label="central difference")
    ax.set_xlabel("step h")
    ax.set_ylabel("|error| at x = 1")
    ax.set_title("Truncation vs round-off error")
    ax.legend()
    plt.show()
except NotImplementedError:
    print("implement forward_diff and central_diff first")


# %% [question q2_derivative_rules]
# The activation functions used in neural networks have simple derivatives:
#
# | function | derivative |
# |---|---|
# | sigmoid $s(x) = \dfrac{1}{1 + e^{-x}}$ | $s'(x) = s(x)\,\bigl(1 - s(x)\bigr)$ |
# | $\tanh x$ | $1 - \tanh^2 x$ |
# | $\operatorname{ReLU}(x) = \max(0, x)$ | $1$ for $x > 0$, $0$ for $x < 0$ |
# | $\sqrt{x}$ ($x \ge 0$) | $\dfrac{1}{2\sqrt{x}}$ for $x > 0$ |
# | $\lvert x \rvert$ | $\operatorname{sign}(x)$ for $x \neq 0$ |
#
# **Where the derivative does not exist.** A derivative exists at a point only if the difference
# quotient has the same limit from the left and from the right.
#
# * $|x|$ at $0$: the quotient $|h|/h$ is $+1$ for $h > 0$ and $-1$ for $h < 0$, so there is no
#   derivative. We return **NaN** ("not a number") there.
# * ReLU at $0$: the one-sided limits are $0$ and $1$, so mathematically there is no derivative
#   either. Machine-learning libraries nevertheless need *some* number and use the convention
#   $\operatorname{ReLU}'(0) = 0$. **We follow that convention: `d_relu(0) == 0`.**
# * $\sqrt{x}$: at $0$ the quotient $\sqrt{h}/h = 1/\sqrt{h}$ grows without bound, and for $x < 0$ the
#   function is not even defined (over the reals). We return **NaN for every $x \le 0$**.
#
# **Numerical care.**
#
# * Computing the sigmoid as `1 / (1 + np.exp(-x))` overflows (with a warning) for $x \lesssim -710$.
#   A stable form is `np.exp(-np.logaddexp(0, -x))`, since $\log(1 + e^{-x})$ = `np.logaddexp(0, -x)`.
# * `np.where(cond, a, b)` evaluates **both** `a` and `b` for every entry, so
#   `np.where(x > 0, 1 / (2 * np.sqrt(x)), np.nan)` still computes `np.sqrt` of negative numbers and
#   emits a `RuntimeWarning`. Use a boolean mask (`out[mask] = ...`) or compute only where it is valid.
#   Your functions must not emit warnings.
# * **NaN in, NaN out**: if an entry of `x` is NaN, the corresponding output entry is NaN (for all five
#   functions, ReLU included). Note that `np.logaddexp` warns on NaN input; `with np.errstate(invalid="ignore"):`
#   silences that locally.
#
# **Worked examples.** `d_sigmoid(np.array([-2.0, 0.0, 2.0]))` gives `[0.10499359, 0.25, 0.10499359]`;
# `d_tanh(np.array([0.0, 1.0]))` gives `[1.0, 0.41997434]`; `d_relu(np.array([-1.0, 0.0, 2.0]))`
# gives `[0.0, 0.0, 1.0]`; `d_sqrt(np.array([4.0, 0.0, -1.0]))` gives `[0.25, nan, nan]`;
# `d_abs(np.array([-3.0, 0.0, 2.0]))` gives `[-1.0, nan, 1.0]`.
#
# ### Your task
#
# Write `d_sigmoid`, `d_tanh`, `d_relu`, `d_sqrt` and `d_abs`. Each takes a `float64` ndarray `x` of
# **any shape** (a Python float should also work: convert with `np.asarray(x, dtype=np.float64)`),
# returns a **new** `float64` ndarray of the same shape, never modifies `x`, uses no Python loops
# and emits no warnings.


# %% [answer]
def d_sigmoid(x):
    """s(x) * (1 - s(x)) with s the logistic sigmoid, computed without overflow."""
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(invalid="ignore"):  # logaddexp warns on NaN input; NaN just propagates
        s = np.exp(-np.logaddexp(0.0, -x))  # 1 / (1 + e^-x) without overflow for large |x|
    return s * (1.0 - s)
    ### END SOLUTION


def d_tanh(x):
    """1 - tanh(x)**2."""
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    return 1.0 - np.tanh(x) ** 2
    ### END SOLUTION


def d_relu(x):
    """1.0 where x > 0, 0.0 where x <= 0 (ML convention at 0), NaN where x is NaN."""
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    return np.where(np.isnan(x), np.nan, np.where(x > 0, 1.0, 0.0))
    ### END SOLUTION


def d_sqrt(x):
    """1 / (2 sqrt(x)) where x > 0, NaN where x <= 0."""
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    out = np.full(x.shape, np.nan, dtype=np.float64)
    positive = x > 0
    out[positive] = 0.5 / np.sqrt(x[positive])
    return out
    ### END SOLUTION


def d_abs(x):
    """sign(x) where x != 0, NaN where x == 0."""
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    return np.where(x != 0, np.sign(x), np.nan)
    ### END SOLUTION


# %% [explore]
# Your five derivatives on one grid. NaN values are simply not drawn, so the gaps show where a
# derivative does not exist.
try:
    grid = np.linspace(-3, 3, 601)
    curves = {fn.__name__: fn(grid) for fn in (d_sigmoid, d_tanh, d_relu, d_sqrt, d_abs)}
    fig, ax = plt.subplots(figsize=(6, 4))
    for name, values in curves.items():
        ax.plot(grid, values, label=name)
    ax.set_ylim(-1.3, 2.0)
    ax.set_xlabel("x")
    ax.legend()
    plt.show()
except NotImplementedError:
    print("implement the five derivative functions first")


# %% [question q3_symbolic]
# SymPy manipulates formulas exactly. The few tools you need:
#
# ```python
# x, y = sp.symbols("x y")
# f = x**2 * sp.sin(y)
# sp.diff(f, x)              # 2*x*sin(y)            partial derivative in x
# sp.diff(f, x, 2)           # 2                     second derivative in x
# f.subs({x: 1, y: sp.pi/2}) # 1                     substitute values
# sp.factorial(3)            # 6
# sp.Rational(1, 3)          # exactly 1/3 (a float 0.333... would make every result a Float)
# ```
#
# ### Tangent plane
#
# Near a point $(a, b)$ a differentiable surface $z = f(x, y)$ looks like a plane. The **tangent
# plane** has the same value and the same slopes in $x$ and $y$ as the surface at $(a, b)$:
# $$z(x, y) = f(a, b) + f_x(a, b)\,(x - a) + f_y(a, b)\,(y - b),$$
# where $f_x = \partial f/\partial x$ and $f_y = \partial f/\partial y$ are evaluated at $(a, b)$.
#
# *Worked example.* For the paraboloid $f = x^2 + y^2$ at $(2, 4)$: $f(2,4) = 20$, $f_x = 2x = 4$,
# $f_y = 2y = 8$, so $z = 4(x - 2) + 8(y - 4) + 20$, which SymPy prints as `4*x + 8*y - 20`.
#
# ### Taylor polynomial
#
# The degree-$n$ Taylor polynomial of $f$ about $x_0$ matches $f$ and its first $n$ derivatives at
# $x_0$:
# $$T_n(x) = \sum_{i=0}^{n} \frac{f^{(i)}(x_0)}{i!}\,(x - x_0)^i .$$
# The sum starts at $i = 0$ (the constant $f(x_0)$) and **includes** the $(x - x_0)^n$ term.
#
# *Worked examples.* $\sin x$ about $0$ with $n = 5$: $x - \frac{x^3}{6} + \frac{x^5}{120}$.
# $e^x$ about $0$ with $n = 3$: $1 + x + \frac{x^2}{2} + \frac{x^3}{6}$.
# $\ln x$ about $1$ with $n = 3$: $(x-1) - \frac{(x-1)^2}{2} + \frac{(x-1)^3}{3}$.
#
# ### Your task
#
# * `tangent_plane(f, x, y, a, b)`: `f` is a SymPy expression in the symbols `x` and `y`; `a` and `b`
#   are numbers (ints or `sp.Rational`). Return the tangent plane as a SymPy expression in `x` and `y`.
# * `taylor_poly(expr, x, x0, order)`: return $T_{\text{order}}$ of `expr` about `x0` as a SymPy
#   expression in `x` (`order` is an int $\ge 0$, `x0` a number). It must be a plain polynomial
#   expression: no `O(...)` term (if you use `sp.series`, remember it stops *before* the power you
#   pass and adds `O(...)`).
#
# Both must return SymPy expressions (not strings, not Python functions). Any algebraically equivalent
# form is accepted: expanded or not, in any order.


# %% [answer]
def tangent_plane(f, x, y, a, b):
    """Tangent plane f(a,b) + f_x(a,b)(x - a) + f_y(a,b)(y - b) as a SymPy expression."""
    ### BEGIN SOLUTION
    a, b = sp.sympify(a), sp.sympify(b)
    at_point = {x: a, y: b}
    f0 = f.subs(at_point, simultaneous=True)
    fx0 = sp.diff(f, x).subs(at_point, simultaneous=True)
    fy0 = sp.diff(f, y).subs(at_point, simultaneous=True)
    return f0 + fx0 * (x - a) + fy0 * (y - b)
    ### END SOLUTION


def taylor_poly(expr, x, x0, order):
    """Degree-`order` Taylor polynomial of expr about x0 (terms up to (x - x0)**order, no O())."""
    ### BEGIN SOLUTION
    x0 = sp.sympify(x0)
    poly = sp.Integer(0)
    derivative = expr
    for i in range(order + 1):
        poly += derivative.subs(x, x0) / sp.factorial(i) * (x - x0) ** i
        derivative = sp.diff(derivative, x)
    return poly
    ### END SOLUTION


# %% [explore]
# Taylor polynomials of sin about 0: each extra degree hugs the curve over a wider interval.
try:
    xs_ = sp.symbols("x")
    grid = np.linspace(-2 * np.pi, 2 * np.pi, 400)
    polys = {n: sp.lambdify(xs_, taylor_poly(sp.sin(xs_), xs_, 0, n), "numpy") for n in (1, 3, 5, 7, 9)}
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(grid, np.sin(grid), "k", lw=3, label="sin x")
    for n, poly in polys.items():
        ax.plot(grid, poly(grid) * np.ones_like(grid), label=f"order {n}")
    ax.set_ylim(-2, 2)
    ax.legend(fontsize=8)
    plt.show()
    print(tangent_plane(xs_**2 + sp.Symbol("y")**2, xs_, sp.Symbol("y"), 2, 4))
except NotImplementedError:
    print("implement taylor_poly and tangent_plane first")


# %% [question q4_single_neuron]
# A linear neuron with $k$ inputs has a weight row vector $w$ of shape $(1, k)$ and a bias $b$
# (a number). For $m$ examples stored as the **columns** of $X$ (shape $(k, m)$) it predicts
# $$\hat Y = w X + b \qquad (\text{shape } (1, m),\ b \text{ is added to every column}).$$
# We measure the fit to targets $Y$ (shape $(1, m)$) with half the mean squared error
# $$L(w, b) = \frac{1}{2m} \sum_{j=1}^{m} \bigl(\hat y_j - y_j\bigr)^2 .$$
# The factor $\tfrac12$ only makes the gradient tidier.
#
# **Gradients by the chain rule.** $\partial L / \partial \hat y_j = (\hat y_j - y_j)/m$,
# $\partial \hat y_j / \partial w = x_j^\top$ (the $j$-th column, transposed) and
# $\partial \hat y_j / \partial b = 1$. Summing over the examples:
# $$\frac{\partial L}{\partial w} = -\frac{1}{m}\,(Y - \hat Y)\,X^\top \quad (1, k),
# \qquad \frac{\partial L}{\partial b} = -\frac{1}{m} \sum_{j=1}^{m} (y_j - \hat y_j).$$
#
# **Gradient descent** repeatedly steps against the gradient with a learning rate $\alpha$:
# $w \leftarrow w - \alpha\,\partial L/\partial w$, $b \leftarrow b - \alpha\,\partial L/\partial b$.
#
# **Worked example.** $w = [[1, 2]]$, $b = 0.5$, $X = [[1, 0, 2], [0, 1, 1]]$, $Y = [[1, 3, 4]]$:
# $\hat Y = [[1.5, 2.5, 4.5]]$, $L = \frac{0.25 + 0.25 + 0.25}{6} = 0.125$,
# $\partial L/\partial w = [[0.5, 0.0]]$, $\partial L/\partial b = 1/6 \approx 0.1667$, and one update
# with $\alpha = 0.1$ gives $w = [[0.95, 2.0]]$, $b \approx 0.48333$.
#
# ### Your task
#
# * `neuron_output(w, b, X)` returns $\hat Y = wX + b$, shape `(1, m)`.
# * `mse_loss(Y_hat, Y)` returns $L$ as a **Python float** (use `float(...)`); $m$ is the number of
#   columns.
# * `mse_grads(w, b, X, Y)` returns `(dw, db)`: `dw` an ndarray of shape `(1, k)`, `db` a Python float.
# * `update_params(w, b, dw, db, lr)` returns `(w_new, b_new)` = $(w - \alpha\,dw,\ b - \alpha\,db)$.
#   Return a **new** array: `w -= lr * dw` would change the caller's array. `b_new` is a Python float.
# * `train_neuron(w0, b0, X, Y, lr=0.1, tol=1e-4, max_iter=1000)` runs gradient descent from
#   `(w0, b0)` and returns `(w, b, losses)`:
#   * `losses` is a 1-D `float64` ndarray; `losses[0]` is the loss at `(w0, b0)` and `losses[i]` the
#     loss after `i` updates.
#   * Stop right after the first update whose decrease `losses[i-1] - losses[i]` is `<= tol`
#     (that update is kept, and so is its loss), or after `max_iter` updates, whichever comes first.
#     So `len(losses)` is the number of updates plus one.
#   * Return the final parameters, i.e. the ones whose loss is `losses[-1]`. Do not modify `w0`.


# %% [answer]
def neuron_output(w, b, X):
    """Y_hat = w @ X + b; w (1, k), b float, X (k, m) -> (1, m)."""
    ### BEGIN SOLUTION
    return w @ X + b
    ### END SOLUTION


def mse_loss(Y_hat, Y):
    """sum((Y_hat - Y)**2) / (2m) as a Python float."""
    ### BEGIN SOLUTION
    m = Y.shape[1]
    return float(np.sum((Y_hat - Y) ** 2) / (2 * m))
    ### END SOLUTION


def mse_grads(w, b, X, Y):
    """Gradient of the half MSE: returns (dw of shape (1, k), db as a Python float)."""
    ### BEGIN SOLUTION
    m = X.shape[1]
    residual = Y - neuron_output(w, b, X)
    dw = -(residual @ X.T) / m
    db = -float(np.sum(residual)) / m
    return dw, db
    ### END SOLUTION


def update_params(w, b, dw, db, lr):
    """One gradient-descent step; returns NEW (w, b) without modifying w."""
    ### BEGIN SOLUTION
    return w - lr * dw, float(b - lr * db)
    ### END SOLUTION


def train_neuron(w0, b0, X, Y, lr=0.1, tol=1e-4, max_iter=1000):
    """Gradient descent from (w0, b0); returns (w, b, losses) with losses[i] after i updates."""
    ### BEGIN SOLUTION
    w, b = np.array(w0, dtype=np.float64), float(b0)  # np.array copies: w0 stays untouched
    losses = [mse_loss(neuron_output(w, b, X), Y)]
    for _ in range(max_iter):
        dw, db = mse_grads(w, b, X, Y)
        w, b = update_params(w, b, dw, db, lr)
        losses.append(mse_loss(neuron_output(w, b, X), Y))
        if losses[-2] - losses[-1] <= tol:
            break
    return w, b, np.array(losses, dtype=np.float64)
    ### END SOLUTION


# %% [explore]
# Fit a neuron to noisy synthetic data y = 0.37 x1 + 0.57 x2 + 0.1 + noise and plot the loss curve.
try:
    rng_q4 = np.random.default_rng(4)
    X_q4 = rng_q4.normal(size=(2, 40))
    Y_q4 = np.array([[0.37, 0.57]]) @ X_q4 + 0.1 + rng_q4.normal(size=(1, 40))
    w_q4, b_q4, losses_q4 = train_neuron(np.array([[0.2, 0.1]]), 0.0, X_q4, Y_q4)
    print(f"{len(losses_q4) - 1} updates, final loss {losses_q4[-1]:.6f}, w = {w_q4}, b = {b_q4:.4f}")
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(losses_q4, "o-", ms=3)
    ax.set_xlabel("update")
    ax.set_ylabel("loss (half MSE)")
    ax.set_title("Gradient descent on a linear neuron")
    plt.show()
except NotImplementedError:
    print("implement the question 4 functions first")


# %% [question q5_newton]
# Gradient descent uses only the slope. **Newton's method** also uses the curvature $f''$. Near the
# current point $x_k$, replace $f$ by its degree-2 Taylor polynomial
# $$f(x) \approx f(x_k) + f'(x_k)(x - x_k) + \tfrac12 f''(x_k)(x - x_k)^2$$
# and jump to the stationary point of that parabola (set its derivative to zero):
# $$x_{k+1} = x_k - \frac{f'(x_k)}{f''(x_k)} .$$
# This is the Newton–Raphson root finder applied to $f'$. Close to a solution it converges
# **quadratically** (the number of correct digits roughly doubles per step). For a quadratic function
# the parabola *is* the function, so one step lands exactly on the stationary point. Newton looks for
# $f'(x) = 0$, so it finds maxima as happily as minima: on $-x^2$ it also converges in one step.
#
# **When it breaks.** If $f''(x_k) = 0$ the step is a division by zero. Example: the standard normal
# density $f(x) = e^{-x^2/2}/\sqrt{2\pi}$ has $f''(x) = (x^2 - 1) f(x)$, which is $0$ at the
# inflection points $x = \pm 1$.
#
# **Worked example.** $f(x) = e^x - \ln x$ with $f'(x) = e^x - 1/x$ and $f''(x) = e^x + 1/x^2$, from
# $x_0 = 1.75$ with `tol=1e-4`:
#
# | $k$ | $x_k$ | proposed step $f'(x_k)/f''(x_k)$ |
# |---|---|---|
# | 0 | 1.750000 | 0.852337 |
# | 1 | 0.897663 | 0.362627 |
# | 2 | 0.535036 | −0.031057 |
# | 3 | 0.566093 | −0.001049 |
# | 4 | 0.567142 | −0.000001 (below `tol`: stop) |
#
# The returned path is `[1.75, 0.897663, 0.535036, 0.566093, 0.567142]` (4 steps). The true minimiser
# solves $x e^x = 1$: it is the omega constant $W(1) = 0.5671432904\ldots$.
#
# ### Your task
#
# `newton_1d(df, ddf, x0, tol=1e-4, max_steps=10)` takes the first and second derivative as Python
# functions of one float and returns the **iterates** `[x0, x1, ..., xK]` as a 1-D `float64` ndarray.
#
# * At each iterate $x_k$ compute the proposed step $f'(x_k)/f''(x_k)$.
#   If $|f'(x_k)/f''(x_k)| <$ `tol` the method has converged: stop **without** taking that step, so
#   $x_k$ is the last entry (exactly as in the table above).
#   Otherwise append $x_{k+1} = x_k - f'(x_k)/f''(x_k)$ and continue.
# * Take at most `max_steps` steps, so the array has at most `max_steps + 1` entries.
# * If $f''(x_k) = 0$ at any iterate, raise `ValueError` with a message that contains the value of
#   $x_k$ (e.g. `f"f''(x) = 0 at x = {x}"`). Never divide by zero.
# * Examples: on $f = x^2$ (`df = lambda x: 2 * x`, `ddf = lambda x: 2.0`) from `x0 = 3.0` the result
#   is `[3.0, 0.0]` (one step). On the normal density from `x0 = 1.0` it raises `ValueError`.


# %% [answer]
def newton_1d(df, ddf, x0, tol=1e-4, max_steps=10):
    """Newton iterates [x0, x1, ..., xK] for f'(x) = 0 as a 1-D float64 array.

    Stops (without taking the step) when |df(x_k) / ddf(x_k)| < tol, or after max_steps steps.
    Raises ValueError naming x_k if ddf(x_k) == 0.
    """
    ### BEGIN SOLUTION
    path = [float(x0)]
    while True:  # every iterate, the last one included, gets its step computed (and f'' checked)
        x = path[-1]
        curvature = ddf(x)
        if curvature == 0:
            raise ValueError(f"f''(x) = 0 at x = {x!r}: the Newton step is undefined")
        step = df(x) / curvature
        if abs(step) < tol:
            break
        if len(path) > max_steps:  # max_steps steps taken
            break
        path.append(float(x - step))
    return np.array(path, dtype=np.float64)
    ### END SOLUTION


# %% [explore]
# Newton iterates for f(x) = exp(x) - log(x), drawn on the curve.
try:
    path_q5 = newton_1d(lambda x: np.exp(x) - 1 / x, lambda x: np.exp(x) + 1 / x**2, 1.75)
    grid = np.linspace(0.2, 2.0, 300)
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(grid, np.exp(grid) - np.log(grid), "k", label="f(x) = exp(x) - ln x")
    ax.plot(path_q5, np.exp(path_q5) - np.log(path_q5), "o--", color="tab:red", label="iterates")
    for k, xk in enumerate(path_q5):
        ax.annotate(str(k), (xk, np.exp(xk) - np.log(xk)), textcoords="offset points", xytext=(5, 5))
    ax.set_xlabel("x")
    ax.legend()
    plt.show()
    print(path_q5)
except NotImplementedError:
    print("implement newton_1d first")


# %% [question q6_autograd]
# Deriving gradients by hand (question 4) does not scale to models with millions of parameters.
# **Automatic differentiation** records every operation on tensors that have `requires_grad=True` in a
# computation graph, then applies the chain rule backwards through that graph (**reverse mode**, or
# backpropagation). The result is exact up to rounding, unlike finite differences.
#
# ```python
# w = torch.tensor([[1.0, -1.0]], requires_grad=True)
# loss = (w ** 2).sum()
# loss.backward()            # fills w.grad with d loss / d w
# w.grad                     # tensor([[ 2., -2.]])
# (g,) = torch.autograd.grad((w ** 3).sum(), w)   # returns the gradient instead of storing it
# ```
#
# For autograd to work your functions must build the result **from torch operations on the inputs**:
# do not call `.numpy()`, `.item()` or `.detach()` on the way, and do not create new tensors from
# Python numbers computed from the inputs.
#
# ### 6a. A sigmoid neuron and its log loss
#
# A sigmoid neuron outputs probabilities $A = \sigma(wX + b)$, shape $(1, m)$, with
# $\sigma(z) = 1/(1 + e^{-z})$. For labels $Y \in \{0, 1\}$ the **log loss** (binary cross-entropy) is
# $$L(A, Y) = -\frac{1}{m} \sum_{j=1}^{m} \Bigl( y_j \log a_j + (1 - y_j) \log(1 - a_j) \Bigr).$$
# If some $a_j$ is exactly $0$ or $1$ the logarithm is $-\infty$, so first **clamp** $A$ into
# $[10^{-15}, 1 - 10^{-15}]$ (`torch.clamp`).
#
# *Worked example.* $w = [[1, -1]]$, $b = 0$, $X = [[2, 0], [1, 3]]$: $wX + b = [[1, -3]]$,
# $A = [[0.7311, 0.0474]]$, and with $Y = [[1, 0]]$ the loss is $0.1809$.
#
# ### 6b. A hand-written backward pass
#
# PyTorch lets you define a new differentiable operation by subclassing `torch.autograd.Function`
# with two static methods:
#
# * `forward(ctx, x)` computes the output; anything the backward pass will need is saved with
#   `ctx.save_for_backward(x)`.
# * `backward(ctx, grad_output)` receives $\partial L/\partial \text{output}$ and must return
#   $\partial L/\partial x$ = `grad_output` times the local derivative (the chain rule). The saved
#   tensors are in `ctx.saved_tensors`.
#
# You call it through `Softplus.apply(x)`. Implement the **softplus** $\operatorname{sp}(x) = \log(1 + e^x)$,
# a smooth version of ReLU. Its derivative is the sigmoid:
# $\frac{d}{dx} \log(1 + e^x) = \frac{e^x}{1 + e^x} = \sigma(x)$. Computing `torch.log(1 + torch.exp(x))`
# overflows for large $x$ (e.g. $x = 1000$ gives `inf`); `torch.logaddexp(x, torch.zeros_like(x))` or
# `torch.nn.functional.softplus` is stable. The backward must be **your own formula**
# (`grad_output * torch.sigmoid(x)`), not a call to autograd.
#
# ### 6c. The Hessian
#
# The **Hessian** of a scalar function $f:\mathbb{R}^n \to \mathbb{R}$ is the $n \times n$ matrix of
# second partial derivatives $H_{ij} = \partial^2 f / \partial x_i \partial x_j$. With autograd:
# compute the gradient with `torch.autograd.grad(f(x), x, create_graph=True)` (`create_graph=True` keeps
# the gradient itself differentiable), then differentiate each component `grad[i]` once more to get
# row `i`. (`torch.autograd.functional.hessian` does the same in one call.) If a component of the
# gradient does not depend on `x` at all (e.g. $f$ is linear in $x_i$), its row is zero.
#
# *Worked examples.* $f(x, y) = 2x^2 + 3y^2 - xy$ has $H = [[4, -1], [-1, 6]]$ everywhere, with
# eigenvalues $5 \pm \sqrt 2$. $g(x, y) = x^4 + 0.8y^4 + 4x^2 + 2y^2 - xy - 0.2x^2y$ at $(0, 0)$ has
# $H = [[8, -1], [-1, 4]]$, eigenvalues $6 \pm \sqrt 5$; both positive, so $(0,0)$ is a local minimum.
#
# ### Your task
#
# * `sigmoid_neuron(w, b, X)`: `w` a `(1, k)` tensor, `b` a 0-d tensor, `X` a `(k, m)` tensor; return
#   the `(1, m)` tensor $\sigma(wX + b)$, differentiable with respect to `w` and `b`.
# * `log_loss(A, Y)`: `A` and `Y` tensors of shape `(1, m)`; return the clamped log loss as a **0-d**
#   tensor, differentiable with respect to `A`.
# * `class Softplus(torch.autograd.Function)` with static methods `forward(ctx, x)` and
#   `backward(ctx, grad_output)` as described, and `softplus(x)` returning `Softplus.apply(x)`.
# * `hessian(f, x)`: `f` maps a 1-D tensor to a 0-d tensor, `x` is a 1-D `float64` tensor of length
#   `n`; return the Hessian at `x` as a `float64` tensor of shape `(n, n)` computed with
#   `torch.autograd` (the returned tensor may be detached). Do not modify `x`.


# %% [answer]
def sigmoid_neuron(w, b, X):
    """sigmoid(w @ X + b) as a (1, m) tensor that autograd can differentiate."""
    ### BEGIN SOLUTION
    return torch.sigmoid(w @ X + b)
    ### END SOLUTION


def log_loss(A, Y):
    """-mean(Y log A + (1 - Y) log(1 - A)) with A clamped to [1e-15, 1 - 1e-15]; a 0-d tensor."""
    ### BEGIN SOLUTION
    A = torch.clamp(A, 1e-15, 1.0 - 1e-15)
    return -torch.mean(Y * torch.log(A) + (1.0 - Y) * torch.log(1.0 - A))
    ### END SOLUTION


class Softplus(torch.autograd.Function):
    """softplus(x) = log(1 + exp(x)) with a hand-written backward pass."""

    @staticmethod
    def forward(ctx, x):
        """Save x for the backward pass and return log(1 + exp(x)), computed stably."""
        ### BEGIN SOLUTION
        ctx.save_for_backward(x)
        return torch.logaddexp(x, torch.zeros_like(x))  # log(e^x + e^0), no overflow
        ### END SOLUTION

    @staticmethod
    def backward(ctx, grad_output):
        """Return grad_output * sigmoid(x)."""
        ### BEGIN SOLUTION
        (x,) = ctx.saved_tensors
        return grad_output * torch.sigmoid(x)
        ### END SOLUTION


def softplus(x):
    """Apply the custom Softplus."""
    return Softplus.apply(x)


def hessian(f, x):
    """(n, n) Hessian of the scalar function f at the 1-D tensor x, via torch.autograd."""
    ### BEGIN SOLUTION
    x = x.detach().clone().requires_grad_(True)
    (grad,) = torch.autograd.grad(f(x), x, create_graph=True)
    rows = []
    for i in range(x.numel()):
        if grad[i].requires_grad:  # False when the i-th partial does not depend on x at all
            (row,) = torch.autograd.grad(grad[i], x, retain_graph=True, allow_unused=True)
        else:
            row = None
        rows.append(torch.zeros_like(x) if row is None else row)
    return torch.stack(rows).detach()
    ### END SOLUTION


# %% [explore]
# 1. Autograd's gradient of the log loss equals the formula (A - Y) X^T / m used in question 7.
# 2. torch.autograd.gradcheck compares your backward pass with finite differences.
# 3. Eigenvalues of the Hessians from the worked examples.
try:
    w_q6 = torch.tensor([[1.0, -1.0]], requires_grad=True)
    b_q6 = torch.tensor(0.0, requires_grad=True)
    X_q6 = torch.tensor([[2.0, 0.0], [1.0, 3.0]])
    Y_q6 = torch.tensor([[1.0, 0.0]])
    A_q6 = sigmoid_neuron(w_q6, b_q6, X_q6)
    loss_q6 = log_loss(A_q6, Y_q6)
    loss_q6.backward()
    print("loss:", loss_q6.item())
    print("autograd dL/dw:", w_q6.grad, " formula:", ((A_q6 - Y_q6) @ X_q6.T / 2).detach())
    x_gc = torch.linspace(-5, 5, 7, requires_grad=True)
    print("gradcheck(softplus):", torch.autograd.gradcheck(softplus, (x_gc,)))
    H_f = hessian(lambda v: 2 * v[0] ** 2 + 3 * v[1] ** 2 - v[0] * v[1], torch.tensor([1.0, 3.0]))
    print("H_f =", H_f, "eigenvalues", torch.linalg.eigvalsh(H_f))
except NotImplementedError:
    print("implement the question 6 functions first")


# %% [question q7_logistic_regression]
# Back to NumPy. Logistic regression is the sigmoid neuron of question 6 trained on the log loss.
# With $A = \sigma(wX + b)$ the chain rule collapses beautifully, because
# $\sigma'(z) = \sigma(z)(1 - \sigma(z))$ cancels the denominators of the log loss:
# $$\frac{\partial L}{\partial w} = \frac{1}{m}(A - Y)X^\top \quad (1, k), \qquad
# \frac{\partial L}{\partial b} = \frac{1}{m}\sum_{j=1}^m (a_j - y_j).$$
# (The exploration cell of question 6 checks this formula against autograd.) Note the sign: compared
# with question 4 the residual is written $A - Y$, so there is no leading minus.
#
# To **classify**, predict label $1$ when the probability is at least one half:
# $\hat y_j = 1$ if $\sigma(w x_j + b) \ge 0.5$, which is the same as $w x_j + b \ge 0$.
#
# *Worked example.* `predict(np.array([[1.0, -1.0]]), 0.0, np.array([[2.0, 0.0], [1.0, 3.0]]))` gives
# `array([[1, 0]])`.
#
# ### Your task
#
# * `train_logistic(X, Y, w0, b0, lr=0.1, tol=1e-4, max_iter=500)`: `X` is `(k, m)`, `Y` a `(1, m)`
#   array of 0/1 labels, `w0` a `(1, k)` array, `b0` a float. Run gradient descent with the gradients
#   above and return `(w, b, losses)`: `w` a `(1, k)` ndarray, `b` a Python float, `losses` a 1-D
#   `float64` ndarray of log-loss values. The loss uses $A$ clipped to $[10^{-15}, 1 - 10^{-15}]$
#   inside the logarithms (`np.clip`); the gradients use the unclipped $A$. The **same conventions as
#   `train_neuron`** apply: `losses[0]` at `(w0, b0)`, `losses[i]` after `i` updates, stop right after
#   the first update that decreases the loss by `<= tol` or after `max_iter` updates, return the
#   parameters that give `losses[-1]`, do not modify `w0`.
# * `predict(w, b, X)` returns a `(1, m)` ndarray of dtype **`int64`** containing 0 and 1.
#
# Compute the sigmoid without overflow warnings (see question 2).


# %% [answer]
### BEGIN SOLUTION
def _sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic sigmoid 1 / (1 + e^-z) computed without overflow."""
    return np.exp(-np.logaddexp(0.0, -z))


def _log_loss_np(A: np.ndarray, Y: np.ndarray) -> float:
    """Mean binary cross-entropy with A clipped away from 0 and 1."""
    A = np.clip(A, 1e-15, 1.0 - 1e-15)
    return float(-np.mean(Y * np.log(A) + (1.0 - Y) * np.log(1.0 - A)))
### END SOLUTION


def train_logistic(X, Y, w0, b0, lr=0.1, tol=1e-4, max_iter=500):
    """Gradient descent on the log loss; returns (w, b, losses) with losses[i] after i updates."""
    ### BEGIN SOLUTION
    m = X.shape[1]
    w, b = np.array(w0, dtype=np.float64), float(b0)
    losses = [_log_loss_np(_sigmoid(w @ X + b), Y)]
    for _ in range(max_iter):
        A = _sigmoid(w @ X + b)
        dw = (A - Y) @ X.T / m
        db = float(np.sum(A - Y)) / m
        w, b = w - lr * dw, b - lr * db
        losses.append(_log_loss_np(_sigmoid(w @ X + b), Y))
        if losses[-2] - losses[-1] <= tol:
            break
    return w, b, np.array(losses, dtype=np.float64)
    ### END SOLUTION


def predict(w, b, X):
    """(1, m) int64 array with 1 where sigmoid(w @ X + b) >= 0.5, else 0."""
    ### BEGIN SOLUTION
    return (_sigmoid(w @ X + b) >= 0.5).astype(np.int64)
    ### END SOLUTION


# %% [explore]
# Two Gaussian clouds centred at (-1, -1) and (1, 1): the loss curve and the learned boundary.
try:
    rng_q7 = np.random.default_rng(1)
    X_q7 = np.hstack([rng_q7.normal(-1.0, 1.0, size=(2, 20)), rng_q7.normal(1.0, 1.0, size=(2, 20))])
    Y_q7 = np.hstack([np.zeros((1, 20)), np.ones((1, 20))])
    w_q7, b_q7, losses_q7 = train_logistic(X_q7, Y_q7, np.array([[0.1, -0.2]]), 0.0)
    acc_q7 = np.mean(predict(w_q7, b_q7, X_q7) == Y_q7)
    print(f"{len(losses_q7) - 1} updates, final loss {losses_q7[-1]:.6f}, training accuracy {acc_q7:.2f}")
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
    ax1.plot(losses_q7)
    ax1.set_xlabel("update")
    ax1.set_ylabel("log loss")
    ax2.scatter(X_q7[0], X_q7[1], c=Y_q7[0], cmap="coolwarm", edgecolor="k")
    x1 = np.linspace(X_q7[0].min(), X_q7[0].max(), 2)
    ax2.plot(x1, -(w_q7[0, 0] * x1 + b_q7) / w_q7[0, 1], "k--", label="w x + b = 0")
    ax2.set_xlabel("x1")
    ax2.set_ylabel("x2")
    ax2.legend()
    plt.show()
except NotImplementedError:
    print("implement train_logistic and predict first")
