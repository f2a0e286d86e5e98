"""Known wrong answers (mutants) and alternative correct answers for 05_neural_networks.

The wrong answers come from the catalogs' pitfalls and errata: the BCE sign error of the lecture
script, missing clipping, sum vs mean reductions, the bias-column convention of the gate weights,
a softmax without max subtraction, the extra (1 - y) ln(1 - y_hat) terms of the script's
multiclass cross-entropy, a forgotten sigmoid derivative in backpropagation, an output activation
on a regression network, and an Adam optimizer that is not restarted every epoch.
"""

from __future__ import annotations

from autograder.authoring import Mutant

MUTANTS = [
    # q1
    Mutant(
        "BCE without the leading minus (script erratum)",
        "q1_bce",
        "return float(-np.sum(y * np.log(p)",
        "return float(np.sum(y * np.log(p)",
    ),
    Mutant(
        "BCE without clipping",
        "q1_bce",
        "p = np.clip(np.asarray(y_hat, dtype=np.float64), eps, 1.0 - eps)",
        "p = np.asarray(y_hat, dtype=np.float64)",
    ),
    Mutant(
        "BCE mean instead of the summed loss",
        "q1_bce",
        "return float(-np.sum(y * np.log(p)",
        "return float(-np.mean(y * np.log(p)",
    ),
    Mutant(
        "logistic gradient with the wrong sign",
        "q1_bce",
        "return X.T @ (predict_proba(w, X) - y)",
        "return X.T @ (y - predict_proba(w, X))",
    ),
    # q2
    Mutant(
        "gate bias taken from the last weight",
        "q2_logic_gates",
        "_gate_sigmoid(w[0] + X @ w[1:])",
        "_gate_sigmoid(w[-1] + X @ w[:-1])",
    ),
    Mutant(
        "AND gate with the OR weights",
        "q2_logic_gates",
        '"AND": [-3.0, 2.0, 2.0]',
        '"AND": [-1.0, 2.0, 2.0]',
    ),
    Mutant(
        "XOR net with the ones column after the inputs",
        "q2_logic_gates",
        "np.hstack([ones, X]) @ W1",
        "np.hstack([X, ones]) @ W1",
    ),
    # q3
    Mutant(
        "softmax without max subtraction",
        "q3_softmax",
        "E = np.exp(Z - np.max(Z, axis=-1, keepdims=True))",
        "E = np.exp(Z)",
    ),
    Mutant(
        "softmax normalised over the batch axis",
        "q3_softmax",
        "return E / np.sum(E, axis=-1, keepdims=True)",
        "return E / np.sum(E, axis=0, keepdims=True)",
    ),
    Mutant(
        "cross-entropy with the script's extra (1 - y) ln(1 - p) terms",
        "q3_softmax",
        "return float(-np.sum(Y * np.log(P)) / Y.shape[0])",
        "return float(-np.sum(Y * np.log(P) + (1.0 - Y) * np.log(1.0 - P)) / Y.shape[0])",
    ),
    Mutant(
        "softmax-CE gradient without 1/m",
        "q3_softmax",
        "return (softmax(Z) - Y) / Z.shape[0]",
        "return softmax(Z) - Y",
    ),
    # q4
    Mutant(
        "backprop without the sigmoid derivative",
        "q4_backprop",
        "delta1 = (delta2 @ W2.T) * H * (1.0 - H)",
        "delta1 = delta2 @ W2.T",
    ),
    Mutant(
        "backprop with the tanh derivative",
        "q4_backprop",
        "delta1 = (delta2 @ W2.T) * H * (1.0 - H)",
        "delta1 = (delta2 @ W2.T) * (1.0 - H**2)",
    ),
    Mutant(
        "backprop without the 1/m of the mean loss",
        "q4_backprop",
        "delta2 = (P - Y) / X.shape[0]",
        "delta2 = P - Y",
    ),
    Mutant(
        "torch loss rebuilt from a Python number (detached)",
        "q4_backprop",
        "return -(Y * torch.log_softmax(Z2, dim=1)).sum() / X.shape[0]",
        "return torch.tensor(-(Y * torch.log_softmax(Z2, dim=1)).sum().item() / X.shape[0])",
    ),
    # q5
    Mutant(
        "tanh on the output layer too", "q5_tanh_regression", "if i < n_layers - 1:", "if True:"
    ),
    Mutant(
        "one Adam optimizer for the whole run (not restarted)",
        "q5_tanh_regression",
        "    for _ in range(max_epochs):\n        optimizer = torch.optim.Adam(params, lr=lr)\n",
        "    optimizer = torch.optim.Adam(params, lr=lr)\n    for _ in range(max_epochs):\n",
    ),
    Mutant(
        "bias drawn before the weights",
        "q5_tanh_regression",
        "params.append(torch.tensor(scale * rs.randn(n_in, n_out), dtype=torch.float64))",
        "b = scale * rs.randn(n_out)\n"
        "        params.append(torch.tensor(scale * rs.randn(n_in, n_out)))\n"
        "        params.append(torch.tensor(b))\n"
        "        continue",
    ),
    Mutant(
        "weights drawn in torch's (out, in) layout and transposed",
        "q5_tanh_regression",
        "scale * rs.randn(n_in, n_out)",
        "scale * rs.randn(n_out, n_in).T",
    ),
    Mutant(
        "a 1-D input is not reshaped to a column",
        "q5_tanh_regression",
        "a = X.reshape(-1, 1) if X.dim() == 1 else X",
        "a = X",
    ),
]

# Correct answers written differently from the reference: each must score full marks.
ALTERNATIVES = [
    Mutant(
        "logistic gradient as an explicit sum over examples",
        "q1_bce",
        "return X.T @ (predict_proba(w, X) - y)",
        "g = np.zeros(X.shape[1])\n"
        "    for x_i, y_i in zip(X, y, strict=True):\n"
        "        g += (predict_proba(w, x_i[None, :])[0] - y_i) * x_i\n"
        "    return g",
    ),
    Mutant(
        "softmax through logaddexp.reduce",
        "q3_softmax",
        "E = np.exp(Z - np.max(Z, axis=-1, keepdims=True))\n"
        "    return E / np.sum(E, axis=-1, keepdims=True)",
        "return np.exp(Z - np.logaddexp.reduce(Z, axis=-1, keepdims=True))",
    ),
    Mutant(
        "torch loss with F.cross_entropy on probability targets",
        "q4_backprop",
        "return -(Y * torch.log_softmax(Z2, dim=1)).sum() / X.shape[0]",
        "return torch.nn.functional.cross_entropy(Z2, Y)",
    ),
    Mutant(
        "Adam written by hand with torch.autograd.grad",
        "q5_tanh_regression",
        "        optimizer = torch.optim.Adam(params, lr=lr)\n"
        "        for _ in range(iters_per_epoch):\n"
        "            optimizer.zero_grad()\n"
        "            loss = torch.mean((mlp_tanh(params, X) - Y) ** 2)\n"
        "            loss.backward()\n"
        "            optimizer.step()\n",
        "        m = [torch.zeros_like(p) for p in params]\n"
        "        v = [torch.zeros_like(p) for p in params]\n"
        "        for t in range(1, iters_per_epoch + 1):\n"
        "            loss = torch.mean((mlp_tanh(params, X) - Y) ** 2)\n"
        "            grads = torch.autograd.grad(loss, params)\n"
        "            with torch.no_grad():\n"
        "                for p, g, m_p, v_p in zip(params, grads, m, v, strict=True):\n"
        "                    m_p.mul_(0.9).add_(g, alpha=0.1)\n"
        "                    v_p.mul_(0.999).addcmul_(g, g, value=0.001)\n"
        "                    m_hat = m_p / (1 - 0.9**t)\n"
        "                    v_hat = v_p / (1 - 0.999**t)\n"
        "                    p.sub_(lr * m_hat / (v_hat.sqrt() + 1e-8))\n",
    ),
]
