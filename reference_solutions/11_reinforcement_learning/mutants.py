"""Known wrong answers (mutants) and alternative correct answers for 11_reinforcement_learning.

The wrong answers come from the catalog's pitfalls for chapter 14 (and 16.2): the row- instead
of the column-stochastic convention, the lecture's moving average with .sum(), episode boundaries
ignored, terminal states that still bootstrap, argmax ties broken the wrong way, gamma = 1
accepted by value iteration, a DQN target that is not detached, q[:, actions] instead of gather,
a missing terminal mask; and, for REINFORCE, a softmax that overflows, a score function without
the -pi term and actions not drawn from the policy.
"""

from __future__ import annotations

from autograder.authoring import Mutant

Q1, Q2, Q3, Q4 = "q1_markov_chains", "q2_returns", "q3_q_learning", "q4_epsilon_greedy"
Q5, Q6, Q7 = "q5_value_iteration", "q6_dqn_loss", "q7_reinforce"

MUTANTS = [
    # q1: column- vs row-stochastic convention
    Mutant(
        "markov_step with the row-stochastic convention (s @ P)",
        Q1,
        "out = P @ out",
        "out = out @ P",
    ),
    Mutant(
        "stationary distribution of the row-stochastic convention (solves pi P = pi)",
        Q1,
        "A = np.vstack([P - np.eye(n), np.ones((1, n))])",
        "A = np.vstack([P.T - np.eye(n), np.ones((1, n))])",
    ),
    Mutant(
        "column sums compared with == (0.7 + 0.2 + 0.1 is rejected)",
        Q1,
        "if np.any(np.abs(sums - 1.0) > 1e-9):",
        "if np.any(sums != 1.0):",
    ),
    # q2: the lecture's moving average with .sum(); episode boundaries
    Mutant(
        "moving average with .sum() (the lecture's erratum)",
        Q2,
        "out[t] = np.mean(x[max(0, t - window + 1) : t + 1])",
        "out[t] = np.sum(x[max(0, t - window + 1) : t + 1])",
    ),
    Mutant(
        "returns reach across episode boundaries (dones ignored)",
        Q2,
        "        if d[t]:\n            running = 0.0\n",
        "",
    ),
    # q3: terminal handling, argmax ties
    Mutant(
        "terminal transitions still bootstrap from Q[s_next]",
        Q3,
        "y = r if done else r + gamma * np.max(new[s_next])",
        "y = r + gamma * np.max(new[s_next])",
    ),
    Mutant(
        "greedy ties broken toward the highest action index",
        Q3,
        "return np.argmax(np.asarray(Q), axis=1).astype(np.int64)",
        "Q = np.asarray(Q)\n"
        "    return (Q.shape[1] - 1 - np.argmax(Q[:, ::-1], axis=1)).astype(np.int64)",
    ),
    Mutant(
        "q_update writes into the caller's table",
        Q3,
        "new = np.array(Q, dtype=np.float64)",
        "new = np.asarray(Q, dtype=np.float64)",
    ),
    # q4: ties, what "random action" means
    Mutant(
        "epsilon-greedy breaks greedy ties toward the highest index",
        Q4,
        "greedy = np.argmax(q, axis=1)",
        "greedy = n_actions - 1 - np.argmax(q[:, ::-1], axis=1)",
    ),
    Mutant(
        "exploration never picks the greedy action (random among the others)",
        Q4,
        "random_actions = rng.integers(0, n_actions, size=n)\n    greedy = np.argmax(q, axis=1)",
        "random_actions = rng.integers(0, n_actions - 1, size=n)\n"
        "    greedy = np.argmax(q, axis=1)\n"
        "    random_actions = random_actions + (random_actions >= greedy)",
    ),
    # q5: ties in pi*, gamma = 1
    Mutant(
        "greedy policy by plain argmax (values equal up to rounding are not ties)",
        Q5,
        "policy = np.argmax(Q >= Q.max(axis=1, keepdims=True) - 1e-9, axis=1)",
        "policy = np.argmax(Q, axis=1)",
    ),
    Mutant(
        "gamma = 1 accepted",
        Q5,
        "if not 0.0 <= gamma < 1.0:",
        "if not 0.0 <= gamma <= 1.0:",
    ),
    Mutant(
        "P read in question 1's column convention (P[a, s2, s])",
        Q5,
        '"ast,t->sa"',
        '"ats,t->sa"',
    ),
    # q6: detach the target, gather indexing, terminal mask
    Mutant(
        "DQN target not detached (gradient flows through the target)",
        Q6,
        "    with torch.no_grad():\n        q_next = net(next_states).max(dim=1).values\n"
        "        y = rewards",
        "    if True:\n        q_next = net(next_states).max(dim=1).values\n        y = rewards",
    ),
    Mutant(
        "Q(s, a) picked with q[:, actions] (a B x B matrix)",
        Q6,
        "q_taken = q_net(states).gather(1, actions.long().unsqueeze(1)).squeeze(1)",
        "q_taken = q_net(states)[:, actions]",
    ),
    Mutant(
        "no terminal mask: done transitions bootstrap too",
        Q6,
        "y = rewards + gamma * (1.0 - dones.to(rewards.dtype)) * q_next",
        "y = rewards + gamma * q_next",
    ),
    # q7: REINFORCE
    Mutant(
        "softmax without subtracting the maximum (overflows at 800)",
        Q7,
        "    z = np.exp(theta - np.max(theta))\n    return z / np.sum(z)",
        "    z = np.exp(theta)\n    return z / np.sum(z)",
    ),
    Mutant(
        "score function e_a without the -pi term",
        Q7,
        "return np.eye(theta.shape[0])[actions] - pi",
        "return np.eye(theta.shape[0])[actions] + 0.0 * pi",
    ),
    Mutant(
        "REINFORCE draws the actions uniformly instead of from the policy",
        Q7,
        "actions = rng.choice(pi.shape[0], size=n_episodes, p=pi)",
        "actions = rng.choice(pi.shape[0], size=n_episodes)",
    ),
]

# Correct answers written differently from the reference: each must score full marks.
ALTERNATIVES = [
    Mutant(
        "markov_step by np.linalg.matrix_power",
        Q1,
        "    out = np.array(s, dtype=np.float64)\n    for _ in range(n_steps):\n"
        "        out = P @ out\n    return out",
        "    return np.linalg.matrix_power(P, n_steps) @ np.asarray(s, dtype=np.float64)",
    ),
    Mutant(
        "stationary distribution by np.linalg.eig (eigenvalue closest to 1, divided by its sum)",
        Q1,
        "    n = P.shape[0]\n    A = np.vstack([P - np.eye(n), np.ones((1, n))])\n"
        "    b = np.zeros(n + 1)\n    b[-1] = 1.0\n"
        "    pi = np.linalg.lstsq(A, b, rcond=None)[0]\n    return pi / pi.sum()",
        "    values, vectors = np.linalg.eig(P)\n"
        "    v = np.real(vectors[:, np.argmin(np.abs(values - 1.0))])\n"
        "    return v / v.sum()",
    ),
    Mutant(
        "stationary distribution by np.linalg.solve with the last equation replaced by sum = 1",
        Q1,
        "    A = np.vstack([P - np.eye(n), np.ones((1, n))])\n"
        "    b = np.zeros(n + 1)\n    b[-1] = 1.0\n"
        "    pi = np.linalg.lstsq(A, b, rcond=None)[0]",
        "    A = P - np.eye(n)\n    A[-1, :] = 1.0\n    b = np.zeros(n)\n    b[-1] = 1.0\n"
        "    pi = np.linalg.solve(A, b)",
    ),
    Mutant(
        "returns with the (1 - done) factor and a reversed list",
        Q2,
        "    G = np.zeros(T, dtype=np.float64)\n    running = 0.0\n"
        "    for t in range(T - 1, -1, -1):\n        if d[t]:\n            running = 0.0\n"
        "        running = r[t] + gamma * running\n        G[t] = running\n    return G",
        "    out = []\n    nxt = 0.0\n    for t in reversed(range(T)):\n"
        "        nxt = r[t] + gamma * (1.0 - float(d[t])) * nxt\n        out.append(nxt)\n"
        "    return np.array(out[::-1], dtype=np.float64).reshape(T)",
    ),
    Mutant(
        "moving average by cumulative sums",
        Q2,
        "    out = np.zeros(x.shape[0], dtype=np.float64)\n    for t in range(x.shape[0]):\n"
        "        out[t] = np.mean(x[max(0, t - window + 1) : t + 1])\n    return out",
        "    c = np.concatenate([[0.0], np.cumsum(x)])\n    t = np.arange(x.shape[0])\n"
        "    lo = np.maximum(0, t - window + 1)\n    return (c[t + 1] - c[lo]) / (t + 1 - lo)",
    ),
    Mutant(
        "Q update written as (1 - alpha) Q + alpha y",
        Q3,
        "new[s, a] = new[s, a] + alpha * (y - new[s, a])",
        "new[s, a] = (1.0 - alpha) * new[s, a] + alpha * y",
    ),
    Mutant(
        "greedy policy by a loop over the rows",
        Q3,
        "return np.argmax(np.asarray(Q), axis=1).astype(np.int64)",
        "return np.array([int(np.flatnonzero(row == row.max())[0]) for row in np.asarray(Q)],\n"
        "                    dtype=np.int64).reshape(-1)",
    ),
    Mutant(
        "epsilon schedule by np.interp",
        Q4,
        "return float(eps_end + (eps_start - eps_end) * max(0.0, 1.0 - step / decay_steps))",
        "return float(np.interp(step, [0, decay_steps], [eps_start, eps_end]))",
    ),
    Mutant(
        "epsilon-greedy by a loop over the states after the two draws",
        Q4,
        "    return np.where(u < epsilon, random_actions, greedy).astype(np.int64)",
        "    out = np.empty(n, dtype=np.int64)\n    for i in range(n):\n"
        "        out[i] = random_actions[i] if u[i] < epsilon else greedy[i]\n    return out",
    ),
    Mutant(
        "value iteration with a loop over the actions and a strict tie loop",
        Q5,
        '        Q = R + gamma * np.einsum("ast,t->sa", P, V)\n        V_new',
        "        Q = np.stack([R[:, k] + gamma * (P[k] @ V) for k in range(P.shape[0])], axis=1)\n"
        "        V_new",
    ),
    Mutant(
        "DQN loss by indexing with arange, .detach() and F.mse_loss",
        Q6,
        "    q_taken = q_net(states).gather(1, actions.long().unsqueeze(1)).squeeze(1)\n"
        "    with torch.no_grad():\n        q_next = net(next_states).max(dim=1).values\n"
        "        y = rewards + gamma * (1.0 - dones.to(rewards.dtype)) * q_next\n"
        "    return torch.mean((y - q_taken) ** 2)",
        "    rows = torch.arange(states.shape[0], device=states.device)\n"
        "    q_taken = q_net(states)[rows, actions]\n"
        "    q_next = torch.amax(net(next_states), dim=1).detach()\n"
        "    not_done = torch.logical_not(dones.bool()).to(rewards.dtype)\n"
        "    y = rewards + gamma * not_done * q_next\n"
        "    return torch.nn.functional.mse_loss(q_taken, y)",
    ),
    Mutant(
        "DQN targets with torch.where on the done mask",
        Q6,
        "y = rewards + gamma * (1.0 - dones.to(rewards.dtype)) * q_next",
        "y = torch.where(dones.bool(), rewards, rewards + gamma * q_next)",
    ),
    Mutant(
        "softmax by torch.softmax",
        Q7,
        "    theta = np.asarray(theta, dtype=np.float64)\n    z = np.exp(theta - np.max(theta))\n"
        "    return z / np.sum(z)",
        "    t = torch.as_tensor(np.asarray(theta, dtype=np.float64))\n"
        "    return torch.softmax(t, dim=0).numpy()",
    ),
    Mutant(
        "REINFORCE estimate as a matrix product",
        Q7,
        "return np.mean((rewards - baseline)[:, None] * scores, axis=0)",
        "return (rewards - baseline) @ scores / rewards.shape[0]",
    ),
    Mutant(
        "REINFORCE sampling by the inverse CDF and rng.normal (another stream of draws)",
        Q7,
        "    actions = rng.choice(pi.shape[0], size=n_episodes, p=pi)\n"
        "    rewards = np.asarray(arm_means, dtype=np.float64)[actions]\n"
        "    rewards = rewards + reward_std * rng.standard_normal(n_episodes)",
        "    cdf = np.cumsum(pi)\n"
        "    actions = np.minimum(np.searchsorted(cdf, rng.random(n_episodes) * cdf[-1],"
        ' side="right"), pi.shape[0] - 1)\n'
        "    rewards = rng.normal(np.asarray(arm_means, dtype=np.float64)[actions], reward_std)",
    ),
]

# Wrong answers written from the task text alone, before the hidden suite existed: each breaks
# one stated requirement (the name says which).
VARIANTS = [
    # q1
    Mutant(
        "markov_step always takes exactly one step (n_steps ignored)",
        Q1,
        "    for _ in range(n_steps):\n        out = P @ out\n",
        "    out = P @ out\n",
    ),
    Mutant(
        "markov_step validates the rows instead of the columns",
        Q1,
        "    sums = P.sum(axis=0)\n    if np.any(np.abs(sums - 1.0) > 1e-9):\n"
        '        raise ValueError(f"every column of P must sum to 1, got column sums {sums}")\n'
        "    if n_steps < 0:",
        "    sums = P.sum(axis=1)\n    if np.any(np.abs(sums - 1.0) > 1e-9):\n"
        '        raise ValueError(f"every column of P must sum to 1, got column sums {sums}")\n'
        "    if n_steps < 0:",
    ),
    Mutant(
        "n_steps = 0 returns s with its own dtype",
        Q1,
        "    out = np.array(s, dtype=np.float64)\n    for",
        "    out = np.array(s)\n    for",
    ),
    Mutant(
        "stationary distribution normalised to unit length instead of sum 1",
        Q1,
        "return pi / pi.sum()",
        "return pi / np.linalg.norm(pi)",
    ),
    Mutant(
        "stationary distribution by 500 steps of power iteration",
        Q1,
        "    pi = np.linalg.lstsq(A, b, rcond=None)[0]\n",
        "    pi = np.full(n, 1.0 / n)\n    for _ in range(500):\n        pi = P @ pi\n",
    ),
    Mutant(
        "negative entries accepted",
        Q1,
        '    if np.any(P < 0):\n        raise ValueError("P has a negative entry")\n',
        "",
    ),
    Mutant(
        "the column-sum error message does not mention the column",
        Q1,
        'raise ValueError(f"every column of P must sum to 1, got column sums {sums}")',
        'raise ValueError("P is not a stochastic matrix")',
    ),
    Mutant(
        "a negative n_steps returns s instead of raising",
        Q1,
        "    if n_steps < 0:\n",
        "    if n_steps < -(10**9):\n",
    ),
    Mutant(
        "a non-square P is not rejected by markov_step",
        Q1,
        'the column for a bad column sum) or a negative n_steps.\n    """\n'
        "    P = np.asarray(P, dtype=np.float64)\n"
        "    if P.ndim != 2 or P.shape[0] != P.shape[1]:\n",
        'the column for a bad column sum) or a negative n_steps.\n    """\n'
        "    P = np.asarray(P, dtype=np.float64)\n"
        "    if P.ndim != 2:\n",
    ),
    # q2
    Mutant(
        "the episode boundary applied one step late (dones[t + 1] cuts G_t)",
        Q2,
        "        if d[t]:\n",
        "        if t + 1 < T and d[t + 1]:\n",
    ),
    Mutant(
        "gamma = 1 rejected",
        Q2,
        "if not 0.0 <= gamma <= 1.0:",
        "if not 0.0 <= gamma < 1.0:",
    ),
    Mutant(
        "a negative gamma accepted",
        Q2,
        "if not 0.0 <= gamma <= 1.0:",
        "if not gamma <= 1.0:",
    ),
    Mutant(
        "integer rewards give integer returns (G allocated like the rewards)",
        Q2,
        "    r = np.asarray(rewards, dtype=np.float64)\n    T = r.shape[0]\n"
        "    d = np.zeros(T, dtype=bool) if dones is None else np.asarray(dones).astype(bool)\n"
        "    G = np.zeros(T, dtype=np.float64)\n",
        "    r = np.asarray(rewards)\n    T = r.shape[0]\n"
        "    d = np.zeros(T, dtype=bool) if dones is None else np.asarray(dones).astype(bool)\n"
        "    G = np.zeros_like(r)\n",
    ),
    Mutant(
        "returns start from the last reward (fails for an empty batch)",
        Q2,
        "    running = 0.0\n    for t in range(T - 1, -1, -1):",
        "    running = 0.0 * r[-1]\n    for t in range(T - 1, -1, -1):",
    ),
    Mutant(
        "moving average over window + 1 values",
        Q2,
        "out[t] = np.mean(x[max(0, t - window + 1) : t + 1])",
        "out[t] = np.mean(x[max(0, t - window) : t + 1])",
    ),
    Mutant(
        "moving average by np.convolve (the first entries divided by the full window)",
        Q2,
        "    out = np.zeros(x.shape[0], dtype=np.float64)\n    for t in range(x.shape[0]):\n"
        "        out[t] = np.mean(x[max(0, t - window + 1) : t + 1])\n",
        "    out = np.convolve(x, np.ones(window) / window)[: x.shape[0]]\n",
    ),
    Mutant(
        "window 0 accepted",
        Q2,
        "if window < 1:",
        "if window < 0:",
    ),
    # q3
    Mutant(
        "Q update forgets to subtract the old value (Q + alpha y)",
        Q3,
        "new[s, a] = new[s, a] + alpha * (y - new[s, a])",
        "new[s, a] = new[s, a] + alpha * y",
    ),
    Mutant(
        "target bootstraps from the current state's row Q[s]",
        Q3,
        "np.max(new[s_next])",
        "np.max(new[s])",
    ),
    Mutant(
        "target uses Q[s_next, a] (the same action) instead of the max",
        Q3,
        "np.max(new[s_next])",
        "new[s_next, a]",
    ),
    Mutant(
        "integer tables stay integer",
        Q3,
        "new = np.array(Q, dtype=np.float64)",
        "new = np.array(Q)",
    ),
    Mutant(
        "greedy policy returned as int32",
        Q3,
        "return np.argmax(np.asarray(Q), axis=1).astype(np.int64)",
        "return np.argmax(np.asarray(Q), axis=1).astype(np.int32)",
    ),
    Mutant(
        "target computed after writing alpha * r into the table (s_next = s sees the new value)",
        Q3,
        "    y = r if done else r + gamma * np.max(new[s_next])\n"
        "    new[s, a] = new[s, a] + alpha * (y - new[s, a])",
        "    old = new[s, a]\n    new[s, a] = old + alpha * (r - old)\n"
        "    if not done:\n        new[s, a] = new[s, a] + alpha * gamma * np.max(new[s_next])",
    ),
    # q4
    Mutant(
        "schedule decays eps_start linearly and clips at eps_end",
        Q4,
        "return float(eps_end + (eps_start - eps_end) * max(0.0, 1.0 - step / decay_steps))",
        "return float(max(eps_end, eps_start * (1.0 - step / decay_steps)))",
    ),
    Mutant(
        "exponential schedule",
        Q4,
        "max(0.0, 1.0 - step / decay_steps)",
        "np.exp(-step / decay_steps)",
    ),
    Mutant(
        "schedule without the floor (keeps decaying past decay_steps)",
        Q4,
        "max(0.0, 1.0 - step / decay_steps)",
        "(1.0 - step / decay_steps)",
    ),
    Mutant(
        "schedule returns np.float64",
        Q4,
        "return float(eps_end + (eps_start - eps_end) * max(0.0, 1.0 - step / decay_steps))",
        "return np.float64(eps_end + (eps_start - eps_end) * max(0.0, 1.0 - step / decay_steps))",
    ),
    Mutant(
        "negative step accepted",
        Q4,
        "    if step < 0:\n",
        "    if step < -(10**9):\n",
    ),
    Mutant(
        "decay_steps = 0 divides by zero instead of raising",
        Q4,
        "    if decay_steps < 1:\n",
        "    if decay_steps < 0:\n",
    ),
    Mutant(
        "random actions drawn before the uniforms",
        Q4,
        "    u = rng.random(n)\n    random_actions = rng.integers(0, n_actions, size=n)\n",
        "    random_actions = rng.integers(0, n_actions, size=n)\n    u = rng.random(n)\n",
    ),
    Mutant(
        "random actions drawn only for the exploring states",
        Q4,
        "    random_actions = rng.integers(0, n_actions, size=n)\n"
        "    greedy = np.argmax(q, axis=1)\n"
        "    return np.where(u < epsilon, random_actions, greedy).astype(np.int64)",
        "    greedy = np.argmax(q, axis=1)\n    explore = u < epsilon\n"
        "    out = greedy.copy()\n"
        "    out[explore] = rng.integers(0, n_actions, size=int(explore.sum()))\n"
        "    return out.astype(np.int64)",
    ),
    Mutant(
        "one rng.random() and rng.integers() per state in a loop",
        Q4,
        "    u = rng.random(n)\n    random_actions = rng.integers(0, n_actions, size=n)\n",
        "    u = np.empty(n)\n    random_actions = np.empty(n, dtype=np.int64)\n"
        "    for i in range(n):\n        u[i] = rng.random()\n"
        "        random_actions[i] = rng.integers(0, n_actions)\n",
    ),
    Mutant(
        "greedy ties broken at random with the generator",
        Q4,
        "    greedy = np.argmax(q, axis=1)\n",
        "    greedy = np.array([rng.choice(np.flatnonzero(row == row.max())) for row in q],\n"
        "                      dtype=np.int64).reshape(n)\n",
    ),
    Mutant(
        "uniforms from the global generator",
        Q4,
        "u = rng.random(n)",
        "u = np.random.random(n)",
    ),
    Mutant(
        "explores when u > epsilon",
        Q4,
        "np.where(u < epsilon, random_actions, greedy)",
        "np.where(u > epsilon, random_actions, greedy)",
    ),
    # q5
    Mutant(
        "in-place (Gauss-Seidel) sweeps",
        Q5,
        '        Q = R + gamma * np.einsum("ast,t->sa", P, V)\n        V_new = Q.max(axis=1)\n',
        "        V_new = V.copy()\n        for st in range(R.shape[0]):\n"
        "            V_new[st] = np.max(R[st] + gamma * (P[:, st, :] @ V_new))\n",
    ),
    Mutant(
        "returns V_k, the values before the last sweep",
        Q5,
        "        V = V_new\n        if done:\n            break",
        "        if done:\n            break\n        V = V_new",
    ),
    Mutant(
        "counts the sweeps that changed something (one fewer)",
        Q5,
        "return V, policy.astype(np.int64), int(sweeps)",
        "return V, policy.astype(np.int64), int(sweeps - 1)",
    ),
    Mutant(
        "stops when the change is <= tol",
        Q5,
        "done = np.max(np.abs(V_new - V)) < tol",
        "done = np.max(np.abs(V_new - V)) <= tol",
    ),
    Mutant(
        "stops on the relative change",
        Q5,
        "done = np.max(np.abs(V_new - V)) < tol",
        "done = np.max(np.abs(V_new - V)) < tol * np.max(np.abs(V_new))",
    ),
    Mutant(
        "sweeps returned as np.int64",
        Q5,
        "return V, policy.astype(np.int64), int(sweeps)",
        "return V, policy.astype(np.int64), np.int64(sweeps)",
    ),
    Mutant(
        "tol = 0 accepted (at most 10000 sweeps instead of an error)",
        Q5,
        "    if not tol > 0:\n"
        '        raise ValueError(f"tol must be positive, got {tol}")\n'
        "    P = np.asarray(P, dtype=np.float64)\n    R = np.asarray(R, dtype=np.float64)\n"
        "    V = np.zeros(R.shape[0])\n    sweeps = 0\n    while True:\n",
        "    if tol < 0:\n"
        '        raise ValueError(f"tol must be positive, got {tol}")\n'
        "    P = np.asarray(P, dtype=np.float64)\n    R = np.asarray(R, dtype=np.float64)\n"
        "    V = np.zeros(R.shape[0])\n    sweeps = 0\n    for _ in range(10_000):\n",
    ),
    Mutant(
        "the tie tolerance is relative (1e-9 times |max Q|)",
        Q5,
        "Q >= Q.max(axis=1, keepdims=True) - 1e-9",
        "Q >= Q.max(axis=1, keepdims=True) * (1 - 1e-9)",
    ),
    Mutant(
        "policy read off the values of the sweep before the last",
        Q5,
        "        V = V_new\n        if done:\n            break\n"
        '    Q = R + gamma * np.einsum("ast,t->sa", P, V)',
        "        if done:\n            break\n        V = V_new\n"
        '    Q = R + gamma * np.einsum("ast,t->sa", P, V)\n    V = V_new',
    ),
    # q6
    Mutant(
        "loss summed over the batch",
        Q6,
        "return torch.mean((y - q_taken) ** 2)",
        "return torch.sum((y - q_taken) ** 2)",
    ),
    Mutant(
        "half the mean squared error",
        Q6,
        "return torch.mean((y - q_taken) ** 2)",
        "return 0.5 * torch.mean((y - q_taken) ** 2)",
    ),
    Mutant(
        "Huber loss",
        Q6,
        "return torch.mean((y - q_taken) ** 2)",
        "return torch.nn.functional.smooth_l1_loss(q_taken, y)",
    ),
    Mutant(
        "target_net = None not handled",
        Q6,
        "net = q_net if target_net is None else target_net",
        "net = target_net",
    ),
    Mutant(
        "the target network is never used (online network for the targets)",
        Q6,
        "net = q_net if target_net is None else target_net",
        "net = q_net",
    ),
    Mutant(
        "1 - dones fails for bool dones",
        Q6,
        "(1.0 - dones.to(rewards.dtype))",
        "(1 - dones)",
    ),
    Mutant(
        "targets from the states instead of the next states",
        Q6,
        "q_next = net(next_states).max(dim=1).values",
        "q_next = net(states).max(dim=1).values",
    ),
    Mutant(
        "max over the batch axis",
        Q6,
        "q_next = net(next_states).max(dim=1).values",
        "q_next = net(next_states).max(dim=0).values.max()",
    ),
    Mutant(
        "the whole loss computed under no_grad (not connected to q_net)",
        Q6,
        "    q_taken = q_net(states).gather(1, actions.long().unsqueeze(1)).squeeze(1)\n"
        "    with torch.no_grad():\n",
        "    with torch.no_grad():\n"
        "        q_taken = q_net(states).gather(1, actions.long().unsqueeze(1)).squeeze(1)\n",
    ),
    Mutant(
        "actions unsqueezed in place (the caller's tensor changes shape)",
        Q6,
        "q_net(states).gather(1, actions.long().unsqueeze(1)).squeeze(1)",
        "q_net(states).gather(1, actions.unsqueeze_(1)).squeeze(1)",
    ),
    Mutant(
        "loss.backward() called inside dqn_loss",
        Q6,
        "    return torch.mean((y - q_taken) ** 2)",
        "    loss = torch.mean((y - q_taken) ** 2)\n    loss.backward()\n    return loss",
    ),
    # q7
    Mutant(
        "score function pi - e_a (sign flipped)",
        Q7,
        "return np.eye(theta.shape[0])[actions] - pi",
        "return pi - np.eye(theta.shape[0])[actions]",
    ),
    Mutant(
        "estimate ignores the baseline",
        Q7,
        "np.mean((rewards - baseline)[:, None] * scores, axis=0)",
        "np.mean(rewards[:, None] * scores, axis=0)",
    ),
    Mutant(
        "estimate summed over the episodes",
        Q7,
        "np.mean((rewards - baseline)[:, None] * scores, axis=0)",
        "np.sum((rewards - baseline)[:, None] * scores, axis=0)",
    ),
    Mutant(
        "no episodes give NaN instead of ValueError",
        Q7,
        "    if rewards.shape[0] == 0:\n",
        "    if rewards.shape[0] < 0:\n",
    ),
    Mutant(
        "epsilon-soft sampling (5 % uniform exploration mixed into the policy)",
        Q7,
        "actions = rng.choice(pi.shape[0], size=n_episodes, p=pi)",
        "actions = rng.choice(pi.shape[0], size=n_episodes, p=0.95 * pi + 0.05 / pi.shape[0])",
    ),
    Mutant(
        "actions from the global generator",
        Q7,
        "actions = rng.choice(pi.shape[0], size=n_episodes, p=pi)",
        "actions = np.random.choice(pi.shape[0], size=n_episodes, p=pi)",
    ),
    Mutant(
        "rewards scaled by reward_std instead of shifted by noise",
        Q7,
        "rewards = rewards + reward_std * rng.standard_normal(n_episodes)",
        "rewards = rewards * reward_std + 0.0 * rng.standard_normal(n_episodes)",
    ),
    Mutant(
        "REINFORCE with the exact mean reward as the reward of every episode",
        Q7,
        "    rewards = np.asarray(arm_means, dtype=np.float64)[actions]\n",
        "    rewards = np.full(n_episodes, float(pi @ np.asarray(arm_means, dtype=np.float64)))\n",
    ),
    Mutant(
        "REINFORCE ignores the seed (a fresh unseeded generator)",
        Q7,
        "rng = np.random.default_rng(seed)",
        "rng = np.random.default_rng()",
    ),
]
