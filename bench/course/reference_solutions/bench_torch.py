"""Reference solution for the benchmark exercise bench_torch (a tiny torch autograd task).

Each ``# %% [answer] <question id>`` section is pasted into that question's answer cell by
``autograder solve``; ``bench/run.py`` also wraps each section in ``### BEGIN SOLUTION`` /
``### END SOLUTION`` to build the nbgrader version of the same notebook. Sections may use only
``np`` and ``torch`` (the setup cell's imports) and the names defined by earlier sections.
"""

import numpy as np
import torch

# %% [answer] q1_neuron


def sigmoid_neuron(w, b, X):
    """sigmoid(w @ X + b): w (1, k), b 0-d, X (k, m) -> (1, m), differentiable."""
    return torch.sigmoid(w @ X + b)


# %% [answer] q2_grad_w


def grad_w(w, b, X, Y):
    """Gradient of the mean binary cross-entropy of sigmoid_neuron(w, b, X) against Y w.r.t. w,
    computed with autograd; a tensor shaped like w, detached from any graph."""
    w = w.detach().clone().requires_grad_(True)
    A = sigmoid_neuron(w, b.detach(), X)
    loss = torch.nn.functional.binary_cross_entropy(A, Y)
    (g,) = torch.autograd.grad(loss, w)
    return g


# %% [answer] q3_standardize


def standardize(X):
    """Each row of X (k, m) to zero mean and unit (population) standard deviation."""
    X = np.asarray(X, dtype=np.float64)
    return (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True)
