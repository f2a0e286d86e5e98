"""Master of the benchmark exercise bench_torch (a tiny torch autograd task).

``autograder assign bench_torch`` (with ``AUTOGRADER_COURSE=bench/course``) generates the student
notebook of our format from this file; ``bench/exercise.py`` builds the nbgrader version of the
same notebook from the same answer cells (nbgrader uses the same ``### BEGIN SOLUTION`` markers).
"""

import numpy as np
import torch


# %% [markdown]
# # Benchmark exercise: a tiny torch autograd task


# %% [setup]
import numpy as np
import torch


# %% [question q1_neuron]
# Implement `sigmoid_neuron(w, b, X)` returning `torch.sigmoid(w @ X + b)` for `w` of shape
# `(1, k)`, a 0-d `b` and `X` of shape `(k, m)`. It must stay differentiable.


# %% [answer]
def sigmoid_neuron(w, b, X):
    """sigmoid(w @ X + b): w (1, k), b 0-d, X (k, m) -> (1, m), differentiable."""
    ### BEGIN SOLUTION
    return torch.sigmoid(w @ X + b)
    ### END SOLUTION


# %% [question q2_grad_w]
# Implement `grad_w(w, b, X, Y)`: the gradient with respect to `w` of the mean binary
# cross-entropy between `sigmoid_neuron(w, b, X)` and the labels `Y`, computed with autograd.
# Return a tensor shaped like `w`.


# %% [answer]
def grad_w(w, b, X, Y):
    """Gradient of the mean binary cross-entropy of sigmoid_neuron(w, b, X) against Y w.r.t. w,
    computed with autograd; a tensor shaped like w, detached from any graph."""
    ### BEGIN SOLUTION
    w = w.detach().clone().requires_grad_(True)
    A = sigmoid_neuron(w, b.detach(), X)
    loss = torch.nn.functional.binary_cross_entropy(A, Y)
    (g,) = torch.autograd.grad(loss, w)
    return g
    ### END SOLUTION


# %% [question q3_standardize]
# Implement `standardize(X)`: each row of `X` to zero mean and unit (population) standard
# deviation.


# %% [answer]
def standardize(X):
    """Each row of X (k, m) to zero mean and unit (population) standard deviation."""
    ### BEGIN SOLUTION
    X = np.asarray(X, dtype=np.float64)
    return (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True)
    ### END SOLUTION
