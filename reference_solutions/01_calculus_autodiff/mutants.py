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
]
