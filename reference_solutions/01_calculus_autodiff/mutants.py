"""Known wrong answers ("mutants") of the reference solutions, drawn from the catalogs' pitfalls.

A mutant replaces one substring of one answer section of the reference. Each one must lose points
on its own question and nowhere else; ``tests/test_content.py`` proves it.
"""

from __future__ import annotations

from autograder.authoring import Mutant

MUTANTS = [
    Mutant(
        "forward instead of central differences",
        "q1_finite_differences",
        "(f(x + h) - f(x - h)) / (2.0 * h)",
        "(f(x + h) - f(x)) / h",
    ),
    Mutant(
        "central difference divided by h, not 2h",
        "q1_finite_differences",
        "(f(x + h) - f(x - h)) / (2.0 * h)",
        "(f(x + h) - f(x - h)) / h",
    ),
    Mutant(
        "sigmoid derivative s(1 + s)",
        "q2_derivative_rules",
        "return s * (1.0 - s)",
        "return s * (1.0 + s)",
    ),
    Mutant(
        "ReLU derivative 1 at x = 0",
        "q2_derivative_rules",
        "np.where(x > 0, 1.0, 0.0)",
        "np.where(x >= 0, 1.0, 0.0)",
    ),
    Mutant(
        "tangent plane without f(a, b)",
        "q3_symbolic",
        "return f0 + fx0 * (x - a)",
        "return fx0 * (x - a)",
    ),
    Mutant(
        "Taylor polynomial one order short",
        "q3_symbolic",
        "for i in range(order + 1):",
        "for i in range(order):",
    ),
    Mutant(
        "gradient with 1/(2m) like the loss",
        "q4_single_neuron",
        "dw = -(residual @ X.T) / m",
        "dw = -(residual @ X.T) / (2 * m)",
    ),
    Mutant(
        "update step with the wrong sign",
        "q4_single_neuron",
        "return w - lr * dw, float(b - lr * db)",
        "return w + lr * dw, float(b + lr * db)",
    ),
    Mutant(
        "Newton step ddf/df instead of df/ddf",
        "q5_newton",
        "step = df(x) / curvature",
        "step = curvature / df(x)",
    ),
    Mutant(
        "Newton divides by zero instead of raising", "q5_newton", "if curvature == 0:", "if False:"
    ),
    Mutant(
        "detached sigmoid output",
        "q6_autograd",
        "return torch.sigmoid(w @ X + b)",
        "return torch.sigmoid(w @ X + b).detach()",
    ),
    Mutant(
        "Softplus backward with sigmoid(-x)",
        "q6_autograd",
        "return grad_output * torch.sigmoid(x)",
        "return grad_output * torch.sigmoid(-x)",
    ),
    Mutant(
        "logistic gradient with the wrong sign",
        "q7_logistic_regression",
        "dw = (A - Y) @ X.T / m",
        "dw = (Y - A) @ X.T / m",
    ),
    Mutant(
        "predict returns float labels",
        "q7_logistic_regression",
        ">= 0.5).astype(np.int64)",
        ">= 0.5).astype(np.float64)",
    ),
]

# Correct answers written differently from the reference: each must score full marks.
ALTERNATIVES = [
    Mutant(
        "sigmoid derivative through tanh",
        "q2_derivative_rules",
        "return s * (1.0 - s)",
        "return 0.25 * (1.0 - np.tanh(x / 2.0) ** 2)",
    ),
    Mutant(
        "neuron gradient with explicit loops",
        "q4_single_neuron",
        "dw = -(residual @ X.T) / m",
        "dw = np.zeros_like(w)\n"
        "    for j in range(X.shape[0]):\n"
        "        for i in range(m):\n"
        "            dw[0, j] -= residual[0, i] * X[j, i] / m",
    ),
    Mutant(
        "Hessian with torch.autograd.functional",
        "q6_autograd",
        "x = x.detach().clone().requires_grad_(True)",
        "return torch.autograd.functional.hessian(f, x.detach())",
    ),
    Mutant(
        "d_relu through np.heaviside (NaN stays NaN)",
        "q2_derivative_rules",
        "return np.where(np.isnan(x), np.nan, np.where(x > 0, 1.0, 0.0))",
        "return np.heaviside(x, 0.0)",
    ),
    Mutant(
        "Taylor polynomial through sp.series(...).removeO()",
        "q3_symbolic",
        "    return poly",
        "    return sp.series(expr, x, x0, order + 1).removeO()",
    ),
    Mutant(
        "Newton with a for loop and a final check of f'' at the last iterate",
        "q5_newton",
        "    while True:",
        "    for _ in range(max_steps + 1):",
    ),
    Mutant(
        "predict through the sign of w x + b",
        "q7_logistic_regression",
        "return (_sigmoid(w @ X + b) >= 0.5).astype(np.int64)",
        "return (w @ X + b >= 0).astype(np.int64)",
    ),
    Mutant(
        "logistic sigmoid as 1 / (1 + exp(-z)) where z >= 0 and exp(z) / (1 + exp(z)) elsewhere",
        "q7_logistic_regression",
        "return np.exp(-np.logaddexp(0.0, -z))",
        "e = np.exp(-np.abs(z))\n    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))",
    ),
]

# Wrong answers written by hand from the task text alone (before the suite was read). Each breaks
# one row of requirements.md; the name starts with the question and that row's id.
VARIANTS = [
    Mutant(
        "q6 hessian-no-mutation: sets requires_grad on the caller's x",
        "q6_autograd",
        "x = x.detach().clone().requires_grad_(True)",
        "x = x.requires_grad_(True)",
    ),
    # q1_finite_differences
    Mutant(
        "q1 no-mutation: forward_diff shifts x in place with x += h",
        "q1_finite_differences",
        "return np.asarray((f(x + h) - f(x)) / h, dtype=np.float64)",
        "fx = f(x)\n    x += h\n    return np.asarray((f(x) - fx) / h, dtype=np.float64)",
    ),
    Mutant(
        "q1 scalar-0d: central_diff returns a numpy scalar for a scalar x",
        "q1_finite_differences",
        "return np.asarray((f(x + h) - f(x - h)) / (2.0 * h), dtype=np.float64)",
        "return (f(x + h) - f(x - h)) / (2.0 * h)",
    ),
    Mutant(
        "q1 shape: forward_diff flattens x",
        "q1_finite_differences",
        "x = np.asarray(x, dtype=np.float64)  # a new name",
        "x = np.asarray(x, dtype=np.float64).ravel()  # a new name",
    ),
    Mutant(
        "q1 default-h: forward_diff defaults to h = 1e-8",
        "q1_finite_differences",
        "def forward_diff(f, x, h=1e-6):",
        "def forward_diff(f, x, h=1e-8):",
    ),
    # q2_derivative_rules
    Mutant(
        "q2 nan: d_relu returns 0 for a NaN entry",
        "q2_derivative_rules",
        "return np.where(np.isnan(x), np.nan, np.where(x > 0, 1.0, 0.0))",
        "return np.where(x > 0, 1.0, 0.0)",
    ),
    Mutant(
        "q2 no-mutation: d_relu overwrites x in place and returns it",
        "q2_derivative_rules",
        "return np.where(np.isnan(x), np.nan, np.where(x > 0, 1.0, 0.0))",
        "x[x > 0] = 1.0\n    x[x <= 0] = 0.0\n    return x",
    ),
    Mutant(
        "q2 no-warnings: d_sqrt with np.where takes sqrt of negatives",
        "q2_derivative_rules",
        "out = np.full(x.shape, np.nan, dtype=np.float64)\n"
        "    positive = x > 0\n"
        "    out[positive] = 0.5 / np.sqrt(x[positive])\n"
        "    return out",
        "return np.where(x > 0, 1 / (2 * np.sqrt(x)), np.nan)",
    ),
    Mutant(
        "q2 sigmoid-overflow: d_sigmoid with 1 / (1 + exp(-x))",
        "q2_derivative_rules",
        "s = np.exp(-np.logaddexp(0.0, -x))",
        "s = 1.0 / (1.0 + np.exp(-x))",
    ),
    Mutant(
        "q2 no-warnings: d_sigmoid lets logaddexp warn on NaN input",
        "q2_derivative_rules",
        'with np.errstate(invalid="ignore"):  # logaddexp warns on NaN input; NaN just propagates\n'
        "        s = np.exp(-np.logaddexp(0.0, -x))",
        "s = np.exp(-np.logaddexp(0.0, -x))",
    ),
    Mutant(
        "q2 abs-zero-nan: d_abs returns sign(0) = 0 at 0",
        "q2_derivative_rules",
        "return np.where(x != 0, np.sign(x), np.nan)",
        "return np.sign(x)",
    ),
    # q3_symbolic
    Mutant(
        "q3 no-o-term: taylor_poly returns sp.series with its O() term",
        "q3_symbolic",
        "    return poly",
        "    return sp.series(expr, x, x0, order + 1)",
    ),
    Mutant(
        "q3 taylor-terms: sum starts at i = 1, the constant f(x0) is dropped",
        "q3_symbolic",
        "derivative = expr\n    for i in range(order + 1):",
        "derivative = sp.diff(expr, x)\n    for i in range(1, order + 1):",
    ),
    Mutant(
        "q3 exact: tangent_plane turns a and b into floats",
        "q3_symbolic",
        "a, b = sp.sympify(a), sp.sympify(b)",
        "a, b = sp.Float(a), sp.Float(b)",
    ),
    Mutant(
        "q3 sympy-type: tangent_plane returns a string",
        "q3_symbolic",
        "return f0 + fx0 * (x - a) + fy0 * (y - b)",
        "return str(f0 + fx0 * (x - a) + fy0 * (y - b))",
    ),
    # q4_single_neuron
    Mutant(
        "q4 update-no-mutation: update_params subtracts in place (w -= lr * dw)",
        "q4_single_neuron",
        "return w - lr * dw, float(b - lr * db)",
        "w -= lr * dw\n    return w, float(b - lr * db)",
    ),
    Mutant(
        "q4 no-mutation: train_neuron aliases w0 and updates it in place",
        "q4_single_neuron",
        "w, b = np.array(w0, dtype=np.float64), float(b0)  # np.array copies: w0 stays untouched\n"
        "    losses = [mse_loss(neuron_output(w, b, X), Y)]\n"
        "    for _ in range(max_iter):\n"
        "        dw, db = mse_grads(w, b, X, Y)\n"
        "        w, b = update_params(w, b, dw, db, lr)",
        "w, b = np.asarray(w0, dtype=np.float64), float(b0)\n"
        "    losses = [mse_loss(neuron_output(w, b, X), Y)]\n"
        "    for _ in range(max_iter):\n"
        "        dw, db = mse_grads(w, b, X, Y)\n"
        "        w -= lr * dw\n"
        "        b = float(b - lr * db)",
    ),
    Mutant(
        "q4 stop-rule: the update whose decrease is <= tol is discarded",
        "q4_single_neuron",
        "        w, b = update_params(w, b, dw, db, lr)\n"
        "        losses.append(mse_loss(neuron_output(w, b, X), Y))\n"
        "        if losses[-2] - losses[-1] <= tol:\n"
        "            break",
        "        w_new, b_new = update_params(w, b, dw, db, lr)\n"
        "        loss_new = mse_loss(neuron_output(w_new, b_new, X), Y)\n"
        "        if losses[-1] - loss_new <= tol:\n"
        "            break\n"
        "        w, b = w_new, b_new\n"
        "        losses.append(loss_new)",
    ),
    Mutant(
        "q4 loss-m-columns: m = len(Y) counts rows, not columns",
        "q4_single_neuron",
        "m = Y.shape[1]",
        "m = len(Y)",
    ),
    Mutant(
        "q4 grads-types: db returned as a (1, 1) array",
        "q4_single_neuron",
        "db = -float(np.sum(residual)) / m",
        "db = -np.sum(residual, axis=1, keepdims=True) / m",
    ),
    # q5_newton
    Mutant(
        "q5 stop-rule: takes the converged step before stopping",
        "q5_newton",
        "        if abs(step) < tol:\n            break\n"
        "        if len(path) > max_steps:  # max_steps steps taken\n            break\n"
        "        path.append(float(x - step))",
        "        if len(path) > max_steps:  # max_steps steps taken\n            break\n"
        "        path.append(float(x - step))\n"
        "        if abs(step) < tol:\n            break",
    ),
    Mutant(
        "q5 stop-rule: tests |f'(x_k)| < tol instead of the step",
        "q5_newton",
        "if abs(step) < tol:",
        "if abs(df(x)) < tol:",
    ),
    Mutant(
        "q5 max-steps: one step too many",
        "q5_newton",
        "if len(path) > max_steps:",
        "if len(path) > max_steps + 1:",
    ),
    Mutant(
        "q5 message: ValueError does not name x_k",
        "q5_newton",
        "raise ValueError(f\"f''(x) = 0 at x = {x!r}: the Newton step is undefined\")",
        "raise ValueError(\"f''(x) = 0: the Newton step is undefined\")",
    ),
    Mutant(
        "q5 raises-zero-curvature: raises ZeroDivisionError, not ValueError",
        "q5_newton",
        "raise ValueError(",
        "raise ZeroDivisionError(",
    ),
    Mutant(
        "q5 iterates: returns a Python list",
        "q5_newton",
        "return np.array(path, dtype=np.float64)",
        "return path",
    ),
    # q6_autograd
    Mutant(
        "q6 loss-clamp: clamps A with the Keras epsilon 1e-7",
        "q6_autograd",
        "A = torch.clamp(A, 1e-15, 1.0 - 1e-15)",
        "A = torch.clamp(A, 1e-7, 1.0 - 1e-7)",
    ),
    Mutant(
        "q6 loss-0d: log_loss averages over dim=1 and returns shape (1,)",
        "q6_autograd",
        "return -torch.mean(Y * torch.log(A) + (1.0 - Y) * torch.log(1.0 - A))",
        "return -torch.mean(Y * torch.log(A) + (1.0 - Y) * torch.log(1.0 - A), dim=1)",
    ),
    Mutant(
        "q6 loss-differentiable: log_loss rebuilt from .item()",
        "q6_autograd",
        "return -torch.mean(Y * torch.log(A) + (1.0 - Y) * torch.log(1.0 - A))",
        "return torch.tensor(\n"
        "        -torch.mean(Y * torch.log(A) + (1.0 - Y) * torch.log(1.0 - A)).item()\n"
        "    )",
    ),
    Mutant(
        "q6 softplus-stable: forward as log(1 + exp(x)) overflows",
        "q6_autograd",
        "return torch.logaddexp(x, torch.zeros_like(x))",
        "return torch.log(1 + torch.exp(x))",
    ),
    Mutant(
        "q6 hessian-zero-row: second grad without the guard for constant components",
        "q6_autograd",
        "        if grad[i].requires_grad:"
        "  # False when the i-th partial does not depend on x at all\n"
        "            (row,) = torch.autograd.grad("
        "grad[i], x, retain_graph=True, allow_unused=True)\n"
        "        else:\n"
        "            row = None",
        "        (row,) = torch.autograd.grad(grad[i], x, retain_graph=True, allow_unused=True)",
    ),
    Mutant(
        "q6 hessian-dtype-shape: returns float32 via .float()",
        "q6_autograd",
        "return torch.stack(rows).detach()",
        "return torch.stack(rows).detach().float()",
    ),
    # q7_logistic_regression
    Mutant(
        "q7 loss-clip: log loss without np.clip",
        "q7_logistic_regression",
        "    A = np.clip(A, 1e-15, 1.0 - 1e-15)\n",
        "",
    ),
    Mutant(
        "q7 stop-rule: stops on |change| <= tol, keeps going while the loss rises",
        "q7_logistic_regression",
        "if losses[-2] - losses[-1] <= tol:",
        "if abs(losses[-2] - losses[-1]) <= tol:",
    ),
    Mutant(
        "q7 predict-threshold: strict > 0.5 sends a tie to 0",
        "q7_logistic_regression",
        ">= 0.5).astype(np.int64)",
        "> 0.5).astype(np.int64)",
    ),
    Mutant(
        "q7 predict-dtype: predict returns a bool array",
        "q7_logistic_regression",
        "return (_sigmoid(w @ X + b) >= 0.5).astype(np.int64)",
        "return _sigmoid(w @ X + b) >= 0.5",
    ),
    Mutant(
        "q7 returns: b comes back as a (1, 1) array",
        "q7_logistic_regression",
        "db = float(np.sum(A - Y)) / m",
        "db = np.sum(A - Y, axis=1, keepdims=True) / m",
    ),
    Mutant(
        "q7 no-mutation: train_logistic aliases w0 and updates it in place",
        "q7_logistic_regression",
        "w, b = np.array(w0, dtype=np.float64), float(b0)\n"
        "    losses = [_log_loss_np(_sigmoid(w @ X + b), Y)]\n"
        "    for _ in range(max_iter):\n"
        "        A = _sigmoid(w @ X + b)\n"
        "        dw = (A - Y) @ X.T / m\n"
        "        db = float(np.sum(A - Y)) / m\n"
        "        w, b = w - lr * dw, b - lr * db",
        "w, b = np.asarray(w0, dtype=np.float64), float(b0)\n"
        "    losses = [_log_loss_np(_sigmoid(w @ X + b), Y)]\n"
        "    for _ in range(max_iter):\n"
        "        A = _sigmoid(w @ X + b)\n"
        "        dw = (A - Y) @ X.T / m\n"
        "        db = float(np.sum(A - Y)) / m\n"
        "        w -= lr * dw\n"
        "        b = b - lr * db",
    ),
    Mutant(
        "q7 no-overflow-warnings: sigmoid as 1 / (1 + exp(-z))",
        "q7_logistic_regression",
        "return np.exp(-np.logaddexp(0.0, -z))",
        "return 1.0 / (1.0 + np.exp(-z))",
    ),
    # added in round 2, for rows that had no variant
    Mutant(
        "q1 vectorised: central_diff loops over the entries with np.vectorize",
        "q1_finite_differences",
        "return np.asarray((f(x + h) - f(x - h)) / (2.0 * h), dtype=np.float64)",
        "one = np.vectorize(lambda v: (f(v + h) - f(v - h)) / (2.0 * h), otypes=[np.float64])\n"
        "    return np.asarray(one(x), dtype=np.float64)",
    ),
    Mutant(
        "q2 no-loops: d_relu loops over range(len(x))",
        "q2_derivative_rules",
        "return np.where(np.isnan(x), np.nan, np.where(x > 0, 1.0, 0.0))",
        "out = np.zeros(len(x))\n"
        "    for i in range(len(x)):\n"
        "        out[i] = np.nan if np.isnan(x[i]) else (1.0 if x[i] > 0 else 0.0)\n"
        "    return out",
    ),
    Mutant(
        "q3 order-zero: taylor_poly treats order 0 as order 1",
        "q3_symbolic",
        "for i in range(order + 1):",
        "for i in range(max(order, 1) + 1):",
    ),
    Mutant(
        "q4 stop-rule: strict < tol, so a decrease exactly equal to tol does not stop",
        "q4_single_neuron",
        "if losses[-2] - losses[-1] <= tol:",
        "if losses[-2] - losses[-1] < tol:",
    ),
    Mutant(
        "q4 stop-rule: stops on |change| <= tol, keeps going while the loss rises",
        "q4_single_neuron",
        "if losses[-2] - losses[-1] <= tol:",
        "if abs(losses[-2] - losses[-1]) <= tol:",
    ),
    Mutant(
        "q4 train-defaults: train_neuron defaults to max_iter=100",
        "q4_single_neuron",
        "def train_neuron(w0, b0, X, Y, lr=0.1, tol=1e-4, max_iter=1000):",
        "def train_neuron(w0, b0, X, Y, lr=0.1, tol=1e-4, max_iter=100):",
    ),
    Mutant(
        "q5 raises-zero-curvature: f'' is not checked at the last iterate",
        "q5_newton",
        "        if len(path) > max_steps:  # max_steps steps taken\n            break\n"
        "        path.append(float(x - step))",
        "        path.append(float(x - step))\n"
        "        if len(path) > max_steps:\n            break",
    ),
    Mutant(
        "q5 maxima: step divided by |f''| walks away from maxima",
        "q5_newton",
        "step = df(x) / curvature",
        "step = df(x) / abs(curvature)",
    ),
    Mutant(
        "q5 defaults: newton_1d defaults to max_steps=20",
        "q5_newton",
        "def newton_1d(df, ddf, x0, tol=1e-4, max_steps=10):",
        "def newton_1d(df, ddf, x0, tol=1e-4, max_steps=20):",
    ),
    Mutant(
        "q6 softplus-backward: backward with exp(x) / (1 + exp(x)) gives NaN at x = 1000",
        "q6_autograd",
        "return grad_output * torch.sigmoid(x)",
        "return grad_output * torch.exp(x) / (1 + torch.exp(x))",
    ),
    Mutant(
        "q7 max-iter: train_logistic takes max_iter + 1 updates",
        "q7_logistic_regression",
        "    for _ in range(max_iter):\n        A = _sigmoid(w @ X + b)",
        "    for _ in range(max_iter + 1):\n        A = _sigmoid(w @ X + b)",
    ),
    Mutant(
        "q7 final-params: returns the parameters before the last update",
        "q7_logistic_regression",
        "        w, b = w - lr * dw, b - lr * db\n"
        "        losses.append(_log_loss_np(_sigmoid(w @ X + b), Y))\n"
        "        if losses[-2] - losses[-1] <= tol:\n"
        "            break\n"
        "    return w, b, np.array(losses, dtype=np.float64)",
        "        w_new, b_new = w - lr * dw, b - lr * db\n"
        "        losses.append(_log_loss_np(_sigmoid(w_new @ X + b_new), Y))\n"
        "        if losses[-2] - losses[-1] <= tol:\n"
        "            break\n"
        "        w, b = w_new, b_new\n"
        "    return w, b, np.array(losses, dtype=np.float64)",
    ),
]
