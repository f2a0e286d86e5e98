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

# Wrong answers written from the task text alone (round 1), each breaking one row of
# requirements.md; the name starts with the question and the row id.
VARIANTS = [
    # q1
    Mutant(
        "q1 sigmoid-no-overflow: naive 1 / (1 + exp(-z)) warns for z = -800",
        "q1_bce",
        "return np.exp(-np.logaddexp(0.0, -z))",
        "return 1.0 / (1.0 + np.exp(-z))",
    ),
    Mutant(
        "q1 no-mutation: clips the caller's y_hat in place",
        "q1_bce",
        "p = np.clip(np.asarray(y_hat, dtype=np.float64), eps, 1.0 - eps)",
        "p = np.asarray(y_hat, dtype=np.float64)\n    np.clip(p, eps, 1.0 - eps, out=p)",
    ),
    Mutant(
        "q1 clip-finite: clips only from below (y_hat = 1 with y = 0 gives inf)",
        "q1_bce",
        "p = np.clip(np.asarray(y_hat, dtype=np.float64), eps, 1.0 - eps)",
        "p = np.maximum(np.asarray(y_hat, dtype=np.float64), eps)",
    ),
    Mutant(
        "q1 clip: hard-codes Keras' 1e-7 instead of the eps argument",
        "q1_bce",
        "p = np.clip(np.asarray(y_hat, dtype=np.float64), eps, 1.0 - eps)",
        "p = np.clip(np.asarray(y_hat, dtype=np.float64), 1e-7, 1.0 - 1e-7)",
    ),
    Mutant(
        "q1 bce-float: sum with keepdims returns a (1,) array, not a float",
        "q1_bce",
        "return float(-np.sum(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))",
        "return -np.sum(y * np.log(p) + (1.0 - y) * np.log(1.0 - p), keepdims=True)",
    ),
    # q2
    Mutant(
        "q2 threshold-tie: strict > 0.5 (weighted sum exactly 0 gives class 0)",
        "q2_logic_gates",
        "return (gate_forward(w, X) >= 0.5).astype(np.int64)",
        "return (gate_forward(w, X) > 0.5).astype(np.int64)",
    ),
    Mutant(
        "q2 predict-dtype-shape: returns the boolean mask, not int64",
        "q2_logic_gates",
        "return (gate_forward(w, X) >= 0.5).astype(np.int64)",
        "return gate_forward(w, X) >= 0.5",
    ),
    Mutant(
        "q2 raises-unknown: unknown gate raises KeyError from the dict lookup",
        "q2_logic_gates",
        "    if name not in table:\n"
        '        raise ValueError(f"unknown gate {name!r}; expected one of {sorted(table)}")\n',
        "",
    ),
    Mutant(
        "q2 raises-unknown: accepts lower-case names such as 'and'",
        "q2_logic_gates",
        "    if name not in table:\n",
        "    name = name.upper()\n    if name not in table:\n",
    ),
    Mutant(
        "q2 weights-gate: integer weight arrays",
        "q2_logic_gates",
        "return np.array(table[name], dtype=np.float64)",
        "return np.array(table[name]).astype(int)",
    ),
    Mutant(
        "q2 xor-hidden: H returned without its column of ones",
        "q2_logic_gates",
        "return H, _gate_sigmoid(H @ W2)",
        "return H[:, 1:], _gate_sigmoid(H @ W2)",
    ),
    # q3
    Mutant(
        "q3 softmax-1d: axis=1 fails on a 1-D vector of logits",
        "q3_softmax",
        "E = np.exp(Z - np.max(Z, axis=-1, keepdims=True))\n"
        "    return E / np.sum(E, axis=-1, keepdims=True)",
        "E = np.exp(Z - np.max(Z, axis=1, keepdims=True))\n"
        "    return E / np.sum(E, axis=1, keepdims=True)",
    ),
    Mutant(
        "q3 raises-label: only the upper bound is checked (negative labels wrap around)",
        "q3_softmax",
        "if y.size and (y.min() < 0 or y.max() >= K):",
        "if y.size and y.max() >= K:",
    ),
    Mutant(
        "q3 raises-label: off by one, label K raises IndexError instead of ValueError",
        "q3_softmax",
        "if y.size and (y.min() < 0 or y.max() >= K):",
        "if y.size and (y.min() < 0 or y.max() > K):",
    ),
    Mutant(
        "q3 one-hot-value: integer one-hot matrix",
        "q3_softmax",
        "Y = np.zeros((y.shape[0], K), dtype=np.float64)",
        "Y = np.zeros((y.shape[0], K), dtype=int)",
    ),
    Mutant(
        "q3 ce-clip: no clipping (a true-class probability of 0 gives inf)",
        "q3_softmax",
        "P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0)",
        "P = np.asarray(P, dtype=np.float64)",
    ),
    Mutant(
        "q3 ce-value: np.mean over all m * K entries",
        "q3_softmax",
        "return float(-np.sum(Y * np.log(P)) / Y.shape[0])",
        "return float(-np.mean(Y * np.log(P)))",
    ),
    # q4
    Mutant(
        "q4 loss-stable: log of the softmax probabilities (underflows to log 0)",
        "q4_backprop",
        "log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))",
        "log_p = np.log(np.exp(shifted) / np.sum(np.exp(shifted), axis=1, keepdims=True))",
    ),
    Mutant(
        "q4 backward-value: db1 averaged over the rows (1/m applied twice)",
        "q4_backprop",
        "db1 = delta1.sum(axis=0)",
        "db1 = delta1.mean(axis=0)",
    ),
    Mutant(
        "q4 torch-graph: loss of shape (1,) instead of a 0-d tensor",
        "q4_backprop",
        "return -(Y * torch.log_softmax(Z2, dim=1)).sum() / X.shape[0]",
        "return -(Y * torch.log_softmax(Z2, dim=1)).sum(dim=1, keepdim=True).mean(dim=0)",
    ),
    Mutant(
        "q4 torch-value: log-softmax computed in float32",
        "q4_backprop",
        "return -(Y * torch.log_softmax(Z2, dim=1)).sum() / X.shape[0]",
        "return -(Y * torch.log_softmax(Z2.float(), dim=1)).sum() / X.shape[0]",
    ),
    # q5
    Mutant(
        "q5 seed: seeds and draws from the global NumPy RNG",
        "q5_tanh_regression",
        "rs = np.random.RandomState(seed)",
        "np.random.seed(seed)\n    rs = np.random",
    ),
    Mutant(
        "q5 no-shared-rng: one generator kept between calls (like a default argument)",
        "q5_tanh_regression",
        "rs = np.random.RandomState(seed)",
        'rs = init_params.__dict__.setdefault("_rs", np.random.RandomState(seed))',
    ),
    Mutant(
        "q5 init-dtype-flags: parameters created with requires_grad=True",
        "q5_tanh_regression",
        "dtype=torch.float64))",
        "dtype=torch.float64, requires_grad=True))",
    ),
    Mutant(
        "q5 forward-shape-grad: output squeezed to (N,)",
        "q5_tanh_regression",
        "            a = torch.tanh(a)\n    return a",
        "            a = torch.tanh(a)\n    return a.squeeze(-1)",
    ),
    Mutant(
        "q5 adam: optimizer.zero_grad() forgotten (gradients accumulate)",
        "q5_tanh_regression",
        "            optimizer.zero_grad()\n",
        "",
    ),
    Mutant(
        "q5 losses: records the last step's loss (before its update), not the MSE after the epoch",
        "q5_tanh_regression",
        "            losses.append(float(torch.mean((mlp_tanh(params, X) - Y) ** 2)))",
        "            losses.append(float(loss))",
    ),
    Mutant(
        "q5 stop-rule: stops when the MSE is <= tol",
        "q5_tanh_regression",
        "if losses[-1] < tol:",
        "if losses[-1] <= tol:",
    ),
    Mutant(
        "q5 stop-rule: runs max_epochs + 1 epochs",
        "q5_tanh_regression",
        "for _ in range(max_epochs):",
        "for _ in range(max_epochs + 1):",
    ),
    Mutant(
        "q5 no-mutation: detach() without clone() trains params0's storage in place",
        "q5_tanh_regression",
        "params = [p.detach().clone().requires_grad_(True) for p in params0]",
        "params = [p.detach().requires_grad_(True) for p in params0]",
    ),
    Mutant(
        "q5 returned-params: returns the trained tensors without detaching them",
        "q5_tanh_regression",
        "return tuple(p.detach() for p in params), np.array(losses, dtype=np.float64)",
        "return tuple(params), np.array(losses, dtype=np.float64)",
    ),
    Mutant(
        "q5 losses: returns the losses as a Python list",
        "q5_tanh_regression",
        "return tuple(p.detach() for p in params), np.array(losses, dtype=np.float64)",
        "return tuple(p.detach() for p in params), losses",
    ),
]
