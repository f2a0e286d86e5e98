"""Known wrong answers (mutants) and alternative correct answers for 07_rnn.

The wrong answers come from the catalog's pitfalls for chapter 8: the bias counted once (the
script) against torch's two bias vectors, the script's inconsistent count of weight matrices, a
torch.nn.RNN whose second bias is left at its random value, BPTT without the recurrent term or
the tanh derivative, a loss averaged over time, truncated BPTT with other k1/k2 semantics (chunk
boundaries shifted, a sliding window of k steps behind every step, a state reset to zero),
clipping per tensor or with clip_grad_norm_'s + 1e-6, LSTM gates stacked in another order for
torch, torch's reset-after GRU and its swapped update gate, and training runs that use
clip_grad_norm_ or forget zero_grad().
"""

from __future__ import annotations

from autograder.authoring import Mutant

MUTANTS = [
    # q1
    Mutant(
        "parameter count with torch's two bias vectors by default",
        "q1_rnn_forward",
        "biases = 2 if two_biases else 1",
        "biases = 2",
    ),
    Mutant(
        "the script's count with two weight matrices (W_y forgotten)",
        "q1_rnn_forward",
        "return int(n_h * n_h + n_h * n_x + n_y * n_h + biases * n_h)",
        "return int(n_h * n_h + n_h * n_x + biases * n_h)",
    ),
    Mutant(
        "torch.nn.RNN with bias_hh_l0 left at its random initial value",
        "q1_rnn_forward",
        "        layer.bias_hh_l0.zero_()\n",
        "",
    ),
    Mutant(
        "torch.nn.RNN with b copied into both bias vectors",
        "q1_rnn_forward",
        "layer.bias_hh_l0.zero_()",
        "layer.bias_hh_l0.copy_(torch.tensor(b, dtype=torch.float64))",
    ),
    Mutant(
        "state update uses W_h transposed",
        "q1_rnn_forward",
        "h = np.tanh(Wh @ h + Wx @ xs[t] + b)",
        "h = np.tanh(Wh.T @ h + Wx @ xs[t] + b)",
    ),
    # q2
    Mutant(
        "loss averaged over time instead of summed",
        "q2_bptt",
        "return float(np.sum(np.mean((y_hat - ys) ** 2, axis=1)))",
        "return float(np.mean(np.mean((y_hat - ys) ** 2, axis=1)))",
    ),
    Mutant(
        "BPTT without the recurrent term W_h^T g_{t+1}",
        "q2_bptt",
        "delta = Wy.T @ e + Wh.T @ g_next",
        "delta = Wy.T @ e",
    ),
    Mutant(
        "BPTT without the tanh derivative",
        "q2_bptt",
        "g = delta * (1.0 - hs[t] ** 2)",
        "g = delta",
    ),
    Mutant(
        "dWh built from h_t instead of h_{t-1}",
        "q2_bptt",
        "dWh += np.outer(g, prev[t])",
        "dWh += np.outer(g, hs[t])",
    ),
    # q3
    Mutant(
        "chunk boundaries shifted by one step (a chunk ends at steps 1, k + 1, 2k + 1, ...)",
        "q3_truncated_bptt",
        "if (t + 1) % k != 0:",
        "if t % k != 0:",
    ),
    Mutant(
        "the state is reset to zero at every chunk in the forward pass",
        "q3_truncated_bptt",
        "    for t in range(T):\n        h = np.tanh(",
        "    for t in range(T):\n        if t > 0 and t % k == 0:\n"
        "            h = np.zeros_like(h)\n        h = np.tanh(",
    ),
    Mutant(
        "a sliding window (k1 = 1, k2 = k): every step's loss goes back k steps",
        "q3_truncated_bptt",
        "    g_next = np.zeros(Wh.shape[0])\n"
        "    for t in range(T - 1, -1, -1):\n"
        "        e = 2.0 * (y_hat[t] - ys[t]) / n_y\n"
        "        dWy += np.outer(e, hs[t])\n"
        "        delta = Wy.T @ e\n"
        "        if (t + 1) % k != 0:  # step t + 1 is not the last of its chunk\n"
        "            delta = delta + Wh.T @ g_next\n"
        "        g = delta * (1.0 - hs[t] ** 2)\n"
        "        dWh += np.outer(g, prev[t])\n"
        "        dWx += np.outer(g, xs[t])\n"
        "        db += g\n"
        "        g_next = g\n",
        "    for t in range(T - 1, -1, -1):\n"
        "        e = 2.0 * (y_hat[t] - ys[t]) / n_y\n"
        "        dWy += np.outer(e, hs[t])\n"
        "        delta = Wy.T @ e\n"
        "        for s in range(t, max(t - k, -1), -1):\n"
        "            g = delta * (1.0 - hs[s] ** 2)\n"
        "            dWh += np.outer(g, prev[s])\n"
        "            dWx += np.outer(g, xs[s])\n"
        "            db += g\n"
        "            delta = Wh.T @ g\n",
    ),
    # q4
    Mutant(
        "clipping each array by its own norm",
        "q4_clipping",
        "        scale = g_max / total\n        return [g * scale for g in arrays], total",
        "        return [g * min(1.0, g_max / max(np.linalg.norm(g), 1e-300)) for g in arrays],"
        " total",
    ),
    Mutant(
        "clip_grad_norm_'s factor g_max / (G + 1e-6)",
        "q4_clipping",
        "scale = g_max / total",
        "scale = g_max / (total + 1e-6)",
    ),
    Mutant(
        "clipping by value instead of by norm",
        "q4_clipping",
        "        scale = g_max / total\n        return [g * scale for g in arrays], total",
        "        return [np.clip(g, -g_max, g_max) for g in arrays], total",
    ),
    # q5
    Mutant(
        "LSTM weights stacked for torch in the order i, g, f, o (TensorFlow 1's i, j, f, o)",
        "q5_lstm_gru",
        'order = ("i", "f", "g", "o")',
        'order = ("i", "g", "f", "o")',
    ),
    Mutant(
        "GRU with torch's reset after U_g: r * (U_g h)",
        "q5_lstm_gru",
        "g = np.tanh(x @ np.asarray(W_g).T + (r * h) @ np.asarray(U_g).T + b_g)",
        "g = np.tanh(x @ np.asarray(W_g).T + r * (h @ np.asarray(U_g).T) + b_g)",
    ),
    Mutant(
        "GRU with the keep gate on the candidate (torch's z read the other way)",
        "q5_lstm_gru",
        "return f * h + (1.0 - f) * g",
        "return (1.0 - f) * h + f * g",
    ),
    Mutant(
        "LSTM hidden state o * c' without the tanh",
        "q5_lstm_gru",
        "return o * np.tanh(c_new), c_new",
        "return o * c_new, c_new",
    ),
    # q6
    Mutant(
        "clipping with torch.nn.utils.clip_grad_norm_ (divides by G + 1e-6)",
        "q6_train_sine",
        "            with torch.no_grad():\n"
        "                total = torch.sqrt(sum(torch.sum(p.grad**2) for p in params))\n"
        "                if total > g_max:\n"
        "                    for p in params:\n"
        "                        p.grad.mul_(g_max / total)\n",
        "            torch.nn.utils.clip_grad_norm_(params, g_max)\n",
    ),
    Mutant(
        "optimizer.zero_grad() forgotten: gradients accumulate",
        "q6_train_sine",
        "        optimizer.zero_grad()\n",
        "",
    ),
    Mutant(
        "training loss averaged over time",
        "q6_train_sine",
        "        losses.append(loss.item())",
        "        loss = loss / xs.shape[0]\n        losses.append(loss.item())",
    ),
]

# Correct answers written differently from the reference: each must score full marks.
ALTERNATIVES = [
    Mutant(
        "forward pass collecting the states in a list",
        "q1_rnn_forward",
        "    hs = np.zeros((xs.shape[0], n_h), dtype=np.float64)\n"
        "    h = np.asarray(h0, dtype=np.float64)\n"
        "    for t in range(xs.shape[0]):\n"
        "        h = np.tanh(Wh @ h + Wx @ xs[t] + b)\n"
        "        hs[t] = h\n",
        "    states, h = [], h0\n"
        "    for x_t in xs:\n"
        "        h = np.tanh(Wh @ h + Wx @ x_t + b)\n"
        "        states.append(h)\n"
        "    hs = np.array(states, dtype=np.float64).reshape(len(states), n_h)\n",
    ),
    Mutant(
        "torch.nn.RNN with the bias split evenly over both vectors",
        "q1_rnn_forward",
        "        layer.bias_ih_l0.copy_(torch.tensor(b, dtype=torch.float64))\n"
        "        layer.bias_hh_l0.zero_()\n",
        "        layer.bias_ih_l0.copy_(torch.tensor(b, dtype=torch.float64) / 2)\n"
        "        layer.bias_hh_l0.copy_(torch.tensor(b, dtype=torch.float64) / 2)\n",
    ),
    Mutant(
        "parameter count from torch modules",
        "q1_rnn_forward",
        "    biases = 2 if two_biases else 1\n"
        "    return int(n_h * n_h + n_h * n_x + n_y * n_h + biases * n_h)",
        "    layers = (torch.nn.RNN(n_x, n_h), torch.nn.Linear(n_h, n_y, bias=False))\n"
        "    count = sum(p.numel() for layer in layers for p in layer.parameters())\n"
        "    return count if two_biases else count - n_h",
    ),
    Mutant(
        "BPTT with the per-step errors stacked and the sums done by matrix products",
        "q2_bptt",
        "    dWh, dWx = np.zeros(Wh.shape), np.zeros(Wx.shape)\n"
        "    dWy, db = np.zeros(Wy.shape), np.zeros(b.shape)\n"
        "    g_next = np.zeros(Wh.shape[0])\n"
        "    for t in range(xs.shape[0] - 1, -1, -1):\n"
        "        e = 2.0 * (y_hat[t] - ys[t]) / n_y\n"
        "        dWy += np.outer(e, hs[t])\n"
        "        delta = Wy.T @ e + Wh.T @ g_next\n"
        "        g = delta * (1.0 - hs[t] ** 2)\n"
        "        dWh += np.outer(g, prev[t])\n"
        "        dWx += np.outer(g, xs[t])\n"
        "        db += g\n"
        "        g_next = g\n"
        "    return dWh, dWx, dWy, db",
        "    E = 2.0 * (y_hat - ys) / n_y\n"
        "    G = np.zeros_like(hs)\n"
        "    g_next = np.zeros(Wh.shape[0])\n"
        "    for t in reversed(range(xs.shape[0])):\n"
        "        G[t] = (E[t] @ Wy + g_next @ Wh) * (1.0 - hs[t] ** 2)\n"
        "        g_next = G[t]\n"
        "    return G.T @ prev, G.T @ xs, E.T @ hs, G.sum(axis=0)",
    ),
    Mutant(
        "truncated BPTT chunk by chunk, each chunk backpropagated from its last step",
        "q3_truncated_bptt",
        "    g_next = np.zeros(Wh.shape[0])\n"
        "    for t in range(T - 1, -1, -1):\n"
        "        e = 2.0 * (y_hat[t] - ys[t]) / n_y\n"
        "        dWy += np.outer(e, hs[t])\n"
        "        delta = Wy.T @ e\n"
        "        if (t + 1) % k != 0:  # step t + 1 is not the last of its chunk\n"
        "            delta = delta + Wh.T @ g_next\n"
        "        g = delta * (1.0 - hs[t] ** 2)\n"
        "        dWh += np.outer(g, prev[t])\n"
        "        dWx += np.outer(g, xs[t])\n"
        "        db += g\n"
        "        g_next = g\n",
        "    for start in range(0, T, k):\n"
        "        carry = np.zeros(Wh.shape[0])\n"
        "        for t in reversed(range(start, min(start + k, T))):\n"
        "            e = 2.0 * (y_hat[t] - ys[t]) / n_y\n"
        "            dWy += np.outer(e, hs[t])\n"
        "            g = (Wy.T @ e + carry) * (1.0 - hs[t] ** 2)\n"
        "            dWh += np.outer(g, prev[t])\n"
        "            dWx += np.outer(g, xs[t])\n"
        "            db += g\n"
        "            carry = Wh.T @ g\n",
    ),
    Mutant(
        "global norm by np.linalg.norm of all entries and a min(1, .) factor",
        "q4_clipping",
        "    total = float(np.sqrt(sum(np.sum(g * g) for g in arrays)))\n",
        "    flat = np.concatenate([g.ravel() for g in arrays]) if arrays else np.zeros(0)\n"
        "    total = float(np.linalg.norm(flat))\n",
    ),
    Mutant(
        "LSTM gates from one stacked affine map, sigmoid through tanh",
        "q5_lstm_gru",
        '    i = _gate_sigmoid(_gate_affine(P, "i", x, h))\n'
        '    f = _gate_sigmoid(_gate_affine(P, "f", x, h))\n'
        '    g = np.tanh(_gate_affine(P, "g", x, h))\n'
        '    o = _gate_sigmoid(_gate_affine(P, "o", x, h))\n',
        "    W = np.concatenate([P[key][0] for key in 'ifgo'])\n"
        "    U = np.concatenate([P[key][1] for key in 'ifgo'])\n"
        "    bias = np.concatenate([P[key][2] for key in 'ifgo'])\n"
        "    z = x @ W.T + h @ U.T + bias\n"
        "    i, f, g, o = np.split(z, 4, axis=-1)\n"
        "    i, f, o = (0.5 * (1.0 + np.tanh(0.5 * v)) for v in (i, f, o))\n"
        "    g = np.tanh(g)\n",
    ),
    Mutant(
        "training by hand-written SGD updates and a clip factor min(1, g_max / G)",
        "q6_train_sine",
        "        optimizer.zero_grad()\n"
        "        loss.backward()\n"
        "        if g_max is not None:\n"
        "            with torch.no_grad():\n"
        "                total = torch.sqrt(sum(torch.sum(p.grad**2) for p in params))\n"
        "                if total > g_max:\n"
        "                    for p in params:\n"
        "                        p.grad.mul_(g_max / total)\n"
        "        optimizer.step()\n",
        "        grads = torch.autograd.grad(loss, params)\n"
        "        factor = 1.0\n"
        "        if g_max is not None:\n"
        "            total = torch.linalg.vector_norm(torch.cat([g.reshape(-1) for g in grads]))\n"
        "            factor = torch.clamp(g_max / total, max=1.0)\n"
        "        with torch.no_grad():\n"
        "            for p, g in zip(params, grads):\n"
        "                p -= lr * (factor * g)\n",
    ),
    Mutant(
        "continuation collected in a list and stacked",
        "q6_train_sine",
        "        out = torch.zeros((n, Wy.shape[0]), dtype=xs.dtype, device=xs.device)\n"
        "        for j in range(n):\n"
        "            y = Wy @ h\n"
        "            out[j] = y\n"
        "            h = torch.tanh(Wh @ h + Wx @ y + b)\n"
        "    return out",
        "        outs = []\n"
        "        for _ in range(n):\n"
        "            outs.append(Wy @ h)\n"
        "            h = torch.tanh(Wh @ h + Wx @ outs[-1] + b)\n"
        "    if not outs:\n"
        "        return torch.zeros((0, Wy.shape[0]), dtype=xs.dtype, device=xs.device)\n"
        "    return torch.stack(outs)",
    ),
]

# Wrong answers written from the task text alone, before the hidden suite existed: each breaks
# one stated requirement (the name says which question and requirement row).
VARIANTS = [
    # q1
    Mutant(
        "q1 hs-layout: hs starts with h0 and stops before h_T",
        "q1_rnn_forward",
        "        h = np.tanh(Wh @ h + Wx @ xs[t] + b)\n        hs[t] = h\n",
        "        hs[t] = h\n        h = np.tanh(Wh @ h + Wx @ xs[t] + b)\n",
    ),
    Mutant(
        "q1 empty: states stacked with np.array, so T = 0 gives a 1-D array and fails",
        "q1_rnn_forward",
        "    hs = np.zeros((xs.shape[0], n_h), dtype=np.float64)\n"
        "    h = np.asarray(h0, dtype=np.float64)\n"
        "    for t in range(xs.shape[0]):\n"
        "        h = np.tanh(Wh @ h + Wx @ xs[t] + b)\n"
        "        hs[t] = h\n",
        "    states = []\n"
        "    h = np.asarray(h0, dtype=np.float64)\n"
        "    for t in range(xs.shape[0]):\n"
        "        h = np.tanh(Wh @ h + Wx @ xs[t] + b)\n"
        "        states.append(h)\n"
        "    hs = np.array(states)\n",
    ),
    Mutant(
        "q1 no-mutation: the state is updated in place in the caller's h0",
        "q1_rnn_forward",
        "    h = np.asarray(h0, dtype=np.float64)\n"
        "    for t in range(xs.shape[0]):\n"
        "        h = np.tanh(Wh @ h + Wx @ xs[t] + b)\n",
        "    h = h0\n"
        "    for t in range(xs.shape[0]):\n"
        "        h[:] = np.tanh(Wh @ h + Wx @ xs[t] + b)\n",
    ),
    Mutant(
        "q1 count-raises: a size of 0 is accepted",
        "q1_rnn_forward",
        "if value < 1:",
        "if value < 0:",
    ),
    Mutant(
        "q1 count-raises: the message does not name the offending argument",
        "q1_rnn_forward",
        'raise ValueError(f"{name} must be >= 1, got {value}")',
        'raise ValueError("every size must be a positive integer")',
    ),
    Mutant(
        "q1 count-int: the count is returned as a float",
        "q1_rnn_forward",
        "return int(n_h * n_h + n_h * n_x + n_y * n_h + biases * n_h)",
        "return float(n_h * n_h + n_h * n_x + n_y * n_h + biases * n_h)",
    ),
    Mutant(
        "q1 torch-return: returns the final state h_n instead of the output",
        "q1_rnn_forward",
        "output, _ = layer(x, h)",
        "_, output = layer(x, h)",
    ),
    Mutant(
        "q1 torch-return: the output is not detached (the forward runs with autograd on)",
        "q1_rnn_forward",
        "        x = torch.tensor(xs, dtype=torch.float64)\n"
        "        h = torch.tensor(h0, dtype=torch.float64).reshape(1, n_h)\n"
        "        output, _ = layer(x, h)\n"
        "    return output.detach()",
        "    x = torch.tensor(xs, dtype=torch.float64)\n"
        "    h = torch.tensor(h0, dtype=torch.float64).reshape(1, n_h)\n"
        "    output, _ = layer(x, h)\n"
        "    return output",
    ),
    # q2
    Mutant(
        "q2 loss-float: the loss is returned as a NumPy scalar",
        "q2_bptt",
        "return float(np.sum(np.mean((y_hat - ys) ** 2, axis=1)))",
        "return np.sum(np.mean((y_hat - ys) ** 2, axis=1))",
    ),
    Mutant(
        "q2 grad-h0: h_{t-1} at t = 1 taken as zero instead of the given h0",
        "q2_bptt",
        "prev = np.vstack([np.asarray(h0, dtype=np.float64).reshape(1, -1), hs[:-1]])",
        "prev = np.vstack([np.zeros((1, Wh.shape[0])), hs[:-1]])",
    ),
    Mutant(
        "q2 loss-value: squared errors summed over the outputs instead of averaged",
        "q2_bptt",
        "return float(np.sum(np.mean((y_hat - ys) ** 2, axis=1)))",
        "return float(np.sum((y_hat - ys) ** 2))",
    ),
    Mutant(
        "q2 grad-value: output error 2 (y_hat - y) without the 1 / n_y",
        "q2_bptt",
        "e = 2.0 * (y_hat[t] - ys[t]) / n_y",
        "e = 2.0 * (y_hat[t] - ys[t])",
    ),
    Mutant(
        "q2 grad-shapes: dWy returned transposed, (n_h, n_y)",
        "q2_bptt",
        "dWy, db = np.zeros(Wy.shape), np.zeros(b.shape)",
        "dWy, db = np.zeros(Wy.T.shape), np.zeros(b.shape)",
    ),
    # q3
    Mutant(
        "q3 raises: k = 0 is not rejected (a ZeroDivisionError follows)",
        "q3_truncated_bptt",
        "if k < 1:",
        "if k < 0:",
    ),
    Mutant(
        "q3 raises: the message does not mention k",
        "q3_truncated_bptt",
        'raise ValueError(f"k must be >= 1, got {k}")',
        'raise ValueError("the truncation length must be positive")',
    ),
    Mutant(
        "q3 true-prev: the state entering a chunk is taken as zero in dWh",
        "q3_truncated_bptt",
        "dWh += np.outer(g, prev[t])",
        "dWh += np.outer(g, prev[t] if t % k else np.zeros_like(prev[t]))",
    ),
    Mutant(
        "q3 chunks: chunks counted backwards from the end of the sequence",
        "q3_truncated_bptt",
        "if (t + 1) % k != 0:",
        "if (T - 1 - t) % k != 0:",
    ),
    Mutant(
        "q3 sum: only the gradient of the last chunk is returned",
        "q3_truncated_bptt",
        "        if (t + 1) % k != 0:  # step t + 1 is not the last of its chunk\n"
        "            delta = delta + Wh.T @ g_next\n",
        "        if (t + 1) % k != 0:  # step t + 1 is not the last of its chunk\n"
        "            delta = delta + Wh.T @ g_next\n"
        "        elif t + 1 != T:\n"
        "            break\n",
    ),
    # q4
    Mutant(
        "q4 norm-return: returns the norm after clipping",
        "q4_clipping",
        "return [g * scale for g in arrays], total",
        "return [g * scale for g in arrays], float(g_max)",
    ),
    Mutant(
        "q4 no-mutation: the caller's arrays are scaled in place",
        "q4_clipping",
        "        return [g * scale for g in arrays], total",
        "        for g in arrays:\n            g *= scale\n        return arrays, total",
    ),
    Mutant(
        "q4 raises-finite: a NaN norm is not rejected (only inf is)",
        "q4_clipping",
        "if not np.isfinite(total):",
        "if np.isinf(total):",
    ),
    Mutant(
        "q4 raises-gmax: g_max = 0 is accepted",
        "q4_clipping",
        "if g_max <= 0:",
        "if g_max < 0:",
    ),
    Mutant(
        "q4 zeros: the factor min(1, g_max / G) is computed even for G = 0",
        "q4_clipping",
        "    if total > g_max:\n"
        "        scale = g_max / total\n"
        "        return [g * scale for g in arrays], total\n"
        "    return [g.copy() for g in arrays], total",
        "    scale = min(1.0, g_max / total)\n    return [g * scale for g in arrays], total",
    ),
    Mutant(
        "q4 norm-return: G returned as a NumPy float64",
        "q4_clipping",
        "total = float(np.sqrt(sum(np.sum(g * g) for g in arrays)))",
        "total = np.sqrt(sum(np.sum(g * g) for g in arrays))",
    ),
    # q5
    Mutant(
        "q5 batch: affine maps written W @ x, which fails for a batch",
        "q5_lstm_gru",
        "return x @ np.asarray(W).T + h @ np.asarray(U).T + b",
        "return np.asarray(W) @ x + np.asarray(U) @ h + b",
    ),
    Mutant(
        "q5 stable: the sigmoid 1 / (1 + exp(-z)) overflows at -800",
        "q5_lstm_gru",
        "return np.exp(-np.logaddexp(0.0, -z))",
        "return 1.0 / (1.0 + np.exp(-z))",
    ),
    Mutant(
        "q5 torch-biases: the biases go into bias_hh and zeros into bias_ih",
        "q5_lstm_gru",
        "return weight_ih, weight_hh, bias_ih, np.zeros_like(bias_ih)",
        "return weight_ih, weight_hh, np.zeros_like(bias_ih), bias_ih",
    ),
    Mutant(
        "q5 torch-shapes: input weights stacked side by side (n_h, 4 n_x)",
        "q5_lstm_gru",
        "weight_ih = np.concatenate([np.asarray(P[key][0], dtype=np.float64) for key in order])",
        "weight_ih = np.hstack([np.asarray(P[key][0], dtype=np.float64) for key in order])",
    ),
    Mutant(
        "q5 lstm-return: returns (c_new, h_new)",
        "q5_lstm_gru",
        "return o * np.tanh(c_new), c_new",
        "return c_new, o * np.tanh(c_new)",
    ),
    # q6
    Mutant(
        "q6 returned: the loss history is returned as a list",
        "q6_train_sine",
        "return tuple(p.detach() for p in params), np.array(losses, dtype=np.float64)",
        "return tuple(p.detach() for p in params), losses",
    ),
    Mutant(
        "q6 clip: each parameter's gradient clipped by its own norm",
        "q6_train_sine",
        "                total = torch.sqrt(sum(torch.sum(p.grad**2) for p in params))\n"
        "                if total > g_max:\n"
        "                    for p in params:\n"
        "                        p.grad.mul_(g_max / total)\n",
        "                for p in params:\n"
        "                    own = torch.sqrt(torch.sum(p.grad**2))\n"
        "                    if own > g_max:\n"
        "                        p.grad.mul_(g_max / own)\n",
    ),
    Mutant(
        "q6 no-mutation: trains the caller's tensors (no clone)",
        "q6_train_sine",
        "params = [p.detach().clone().requires_grad_(True) for p in params0]",
        "params = [p.requires_grad_(True) for p in params0]",
    ),
    Mutant(
        "q6 returned: the parameters still require grad",
        "q6_train_sine",
        "return tuple(p.detach() for p in params), np.array(",
        "return tuple(params), np.array(",
    ),
    Mutant(
        "q6 losses: the loss after the last update is appended too (steps + 1 entries)",
        "q6_train_sine",
        "        optimizer.step()\n    return",
        "        optimizer.step()\n"
        "    with torch.no_grad():\n"
        "        Wh, Wx, Wy, b = params\n"
        "        h = torch.zeros(Wh.shape[0], dtype=xs.dtype, device=xs.device)\n"
        "        last = 0.0\n"
        "        for t in range(xs.shape[0]):\n"
        "            h = torch.tanh(Wh @ h + Wx @ xs[t] + b)\n"
        "            last = last + torch.mean((Wy @ h - ys[t]) ** 2)\n"
        "        losses.append(float(last))\n"
        "    return",
    ),
    Mutant(
        "q6 gen-empty: predictions stacked with torch.stack, which fails for n = 0",
        "q6_train_sine",
        "        out = torch.zeros((n, Wy.shape[0]), dtype=xs.dtype, device=xs.device)\n"
        "        for j in range(n):\n"
        "            y = Wy @ h\n"
        "            out[j] = y\n"
        "            h = torch.tanh(Wh @ h + Wx @ y + b)\n"
        "    return out",
        "        outs = []\n"
        "        for j in range(n):\n"
        "            y = Wy @ h\n"
        "            outs.append(y)\n"
        "            h = torch.tanh(Wh @ h + Wx @ y + b)\n"
        "    return torch.stack(outs)",
    ),
    Mutant(
        "q6 gen-return: the continuation is computed with autograd on (requires grad)",
        "q6_train_sine",
        "    with torch.no_grad():\n        h = torch.zeros(",
        "    if True:\n        h = torch.zeros(",
    ),
    Mutant(
        "q6 gen-value: the warm-up's last input is fed again before the first prediction",
        "q6_train_sine",
        "        for j in range(n):\n            y = Wy @ h\n",
        "        if xs.shape[0]:\n"
        "            h = torch.tanh(Wh @ h + Wx @ xs[-1] + b)\n"
        "        for j in range(n):\n            y = Wy @ h\n",
    ),
    Mutant(
        "q6 sgd: SGD with momentum 0.9",
        "q6_train_sine",
        "optimizer = torch.optim.SGD(params, lr=lr)",
        "optimizer = torch.optim.SGD(params, lr=lr, momentum=0.9)",
    ),
]
