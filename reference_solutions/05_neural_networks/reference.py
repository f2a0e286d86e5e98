"""Reference solution for assignment 05_neural_networks (logistic units, gates, softmax, backprop
and a small tanh regression network trained with Adam).

Each ``# %% [answer] <question id>`` section below is pasted verbatim into the answer cell of that
question by ``autograder solve``. A section may only use the names imported by the notebook's setup
cell (``np``, ``torch``, ``plt``) and the names it defines itself. Helpers are private to their
section (distinct names), so that a wrong answer in one question cannot break another.

Conventions: **rows are examples**. A data matrix ``X`` has shape ``(m, n)`` for ``m`` examples
and ``n`` features; NumPy work is float64 and PyTorch work is float64.
"""

import numpy as np
import torch

# %% [answer] q1_bce


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic sigmoid 1 / (1 + e^-z), elementwise, float64, without overflow for large |z|."""
    z = np.asarray(z, dtype=np.float64)
    return np.exp(-np.logaddexp(0.0, -z))


def predict_proba(w: np.ndarray, X: np.ndarray) -> np.ndarray:
    """Logistic-regression probabilities sigmoid(X @ w); w (k,), X (m, k) -> (m,)."""
    return sigmoid(X @ w)


def bce(y: np.ndarray, y_hat: np.ndarray, eps: float = 1e-15) -> float:
    """Summed binary cross-entropy -sum(y ln y_hat + (1 - y) ln(1 - y_hat)), y_hat clipped."""
    p = np.clip(np.asarray(y_hat, dtype=np.float64), eps, 1.0 - eps)
    return float(-np.sum(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))


def logreg_grad(w: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Gradient of bce(y, predict_proba(w, X)) with respect to w: X^T (y_hat - y), shape (k,)."""
    return X.T @ (predict_proba(w, X) - y)


# %% [answer] q2_logic_gates


def _gate_sigmoid(z: np.ndarray) -> np.ndarray:
    return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=np.float64)))


def gate_forward(w: np.ndarray, X: np.ndarray) -> np.ndarray:
    """One sigmoid neuron with the bias first: sigmoid(w[0] + X @ w[1:]); X (m, n) -> (m,)."""
    return _gate_sigmoid(w[0] + X @ w[1:])


def gate_predict(w: np.ndarray, X: np.ndarray) -> np.ndarray:
    """0/1 classes, int64 of shape (m,): 1 where gate_forward(w, X) >= 0.5."""
    return (gate_forward(w, X) >= 0.5).astype(np.int64)


def gate_weights(name: str) -> np.ndarray:
    """Weights [bias, w1, w2] (float64, shape (3,)) of a neuron computing the named gate."""
    table = {"AND": [-3.0, 2.0, 2.0], "OR": [-1.0, 2.0, 2.0],
             "NAND": [3.0, -2.0, -2.0], "NOR": [1.0, -2.0, -2.0]}
    if name not in table:
        raise ValueError(f"unknown gate {name!r}; expected one of {sorted(table)}")
    return np.array(table[name], dtype=np.float64)


def xor_net(X: np.ndarray, W1: np.ndarray, W2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two-layer sigmoid network with bias rows first in W1 (1+n, h) and W2 (1+h,).

    Returns (H, y_hat): H (m, 1+h) is the hidden layer with its leading column of ones, y_hat (m,).
    """
    m = X.shape[0]
    ones = np.ones((m, 1))
    H = np.hstack([ones, _gate_sigmoid(np.hstack([ones, X]) @ W1)])
    return H, _gate_sigmoid(H @ W2)


# %% [answer] q3_softmax


def softmax(Z: np.ndarray) -> np.ndarray:
    """Softmax along the last axis, computed after subtracting each row's maximum."""
    Z = np.asarray(Z, dtype=np.float64)
    E = np.exp(Z - np.max(Z, axis=-1, keepdims=True))
    return E / np.sum(E, axis=-1, keepdims=True)


def one_hot(y: np.ndarray, K: int) -> np.ndarray:
    """One-hot float64 matrix (m, K) of integer labels y (m,); ValueError for a label outside
    0..K-1."""
    y = np.asarray(y)
    if y.size and (y.min() < 0 or y.max() >= K):
        raise ValueError(f"labels must lie in 0..{K - 1}")
    Y = np.zeros((y.shape[0], K), dtype=np.float64)
    Y[np.arange(y.shape[0]), y] = 1.0
    return Y


def cross_entropy(Y: np.ndarray, P: np.ndarray, eps: float = 1e-15) -> float:
    """Categorical cross-entropy averaged over the m rows: -(1/m) sum Y ln P, P clipped below."""
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)
    return float(-np.sum(Y * np.log(P)) / Y.shape[0])


def softmax_ce_grad(Z: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """Gradient of cross_entropy(Y, softmax(Z)) with respect to the logits Z: (P - Y) / m."""
    return (softmax(Z) - Y) / Z.shape[0]


# %% [answer] q4_backprop


def _bp_sigmoid(z: np.ndarray) -> np.ndarray:
    return np.exp(-np.logaddexp(0.0, -z))


def mlp_forward(W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray,
                X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hidden activations H = sigmoid(X W1 + b1) (m, h) and class probabilities
    P = softmax(H W2 + b2) (m, K)."""
    H = _bp_sigmoid(X @ W1 + b1)
    Z2 = H @ W2 + b2
    E = np.exp(Z2 - Z2.max(axis=1, keepdims=True))
    return H, E / E.sum(axis=1, keepdims=True)


def mlp_loss(W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray,
             X: np.ndarray, Y: np.ndarray) -> float:
    """Mean categorical cross-entropy of the network on one-hot targets Y (m, K)."""
    Z2 = _bp_sigmoid(X @ W1 + b1) @ W2 + b2
    shifted = Z2 - Z2.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    return float(-np.sum(Y * log_p) / X.shape[0])


def mlp_backward(W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray,
                 X: np.ndarray, Y: np.ndarray) -> tuple[np.ndarray, ...]:
    """Backpropagation by hand: (dW1, db1, dW2, db2), each of its parameter's shape."""
    H, P = mlp_forward(W1, b1, W2, b2, X)
    delta2 = (P - Y) / X.shape[0]
    dW2 = H.T @ delta2
    db2 = delta2.sum(axis=0)
    delta1 = (delta2 @ W2.T) * H * (1.0 - H)
    dW1 = X.T @ delta1
    db1 = delta1.sum(axis=0)
    return dW1, db1, dW2, db2


def mlp_loss_torch(W1: torch.Tensor, b1: torch.Tensor, W2: torch.Tensor, b2: torch.Tensor,
                   X: torch.Tensor, Y: torch.Tensor) -> torch.Tensor:
    """The same loss in PyTorch, as a 0-d tensor that autograd can differentiate."""
    Z2 = torch.sigmoid(X @ W1 + b1) @ W2 + b2
    return -(Y * torch.log_softmax(Z2, dim=1)).sum() / X.shape[0]


# %% [answer] q5_tanh_regression


def init_params(scale: float, layer_sizes: tuple[int, ...], seed: int) -> tuple[torch.Tensor, ...]:
    """(W0, b0, W1, b1, ...) float64 tensors from np.random.RandomState(seed): for each layer,
    W = scale * randn(n_in, n_out), then b = scale * randn(n_out)."""
    rs = np.random.RandomState(seed)
    params = []
    for k in range(len(layer_sizes) - 1):
        n_in, n_out = layer_sizes[k], layer_sizes[k + 1]
        params.append(torch.tensor(scale * rs.randn(n_in, n_out), dtype=torch.float64))
        params.append(torch.tensor(scale * rs.randn(n_out), dtype=torch.float64))
    return tuple(params)


def mlp_tanh(params, X: torch.Tensor) -> torch.Tensor:
    """Tanh hidden layers, linear output; X (N, n_in), or (N,) for one feature -> (N, n_out)."""
    a = X.reshape(-1, 1) if X.dim() == 1 else X
    n_layers = len(params) // 2
    for i in range(n_layers):
        a = a @ params[2 * i] + params[2 * i + 1]
        if i < n_layers - 1:
            a = torch.tanh(a)
    return a


def train_adam(params0, X: torch.Tensor, Y: torch.Tensor, lr: float = 0.01,
               iters_per_epoch: int = 50, tol: float = 2e-5, max_epochs: int = 1000):
    """Adam on the MSE, restarted (fresh moments) every epoch of iters_per_epoch steps.

    Returns (params, losses): detached float64 tensors, and losses[e] = MSE after epoch e
    (float64 array). Stops after the first epoch whose loss is below tol. params0 is untouched.
    """
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
