"""Reference solution for assignment 11_reinforcement_learning (Markov chains and their stationary
distribution, discounted returns with episode boundaries and a moving average, the tabular
Q-learning update, epsilon-greedy exploration with a decaying schedule, value iteration on a grid
world, the DQN loss with a frozen target network, and REINFORCE on a softmax-policy bandit).

This is the assignment's master: ``autograder assign`` generates the student notebook from it
(the solution regions become stubs) and the reference module is its header and answer cells.
An answer cell may only use the names imported by the notebook's setup cell (``np``, ``torch``,
``functools``, ``copy``, ``plt``) and the names it defines itself. Helpers are private to their
section (distinct names), so that a wrong answer in one question cannot break another.

Conventions: NumPy work is float64; the DQN question works on float64 tensors. Nothing draws from
a global random generator: epsilon-greedy receives a ``np.random.Generator``, REINFORCE a seed.
``functools`` is imported here because the grader builds Q-networks with ``functools.partial``.
"""

import copy
import functools

import numpy as np
import torch


# %% [markdown]
# # Assignment 11: Reinforcement learning
#
# In **reinforcement learning** an agent acts in an environment, receives rewards and learns a
# behaviour (a **policy**) that collects as much reward as possible. The lecture builds the
# subject from Markov chains up to deep Q-networks and policy gradients; this assignment
# implements the numerical core of each step:
#
# 1. **Markov chains**: one step of the state distribution and the **stationary distribution**.
# 2. **Discounted returns** (rewards-to-go) over episode boundaries, and a moving average.
# 3. The **tabular Q-learning update** with terminal states, and the greedy policy of a table.
# 4. **Epsilon-greedy** exploration with a decaying $\varepsilon$ schedule.
# 5. **Value iteration** on a small grid world: the optimal values $V^*$ and an optimal policy.
# 6. The **DQN loss** with a frozen **target network** (torch, may run on a GPU).
# 7. **REINFORCE**: the policy-gradient estimator on a bandit with a softmax policy.
#
# ### How grading works
#
# * Each question has one **answer cell** with function stubs that `raise NotImplementedError`.
#   Replace the bodies with your implementation. Do **not** rename the functions, change their
#   arguments or move them into other cells: the grader looks them up by name.
# * Hidden tests call your functions on **inputs you do not see** (other sizes, chains, grids,
#   seeds and edge cases), so follow the contract written in each docstring, not just the printed
#   numbers.
# * The **check cell** `check("...")` under each answer cell runs a few public checks. Passing them
#   is a good sign, not a grade.
# * Each answer cell must work on its own: do not call a function defined in *another* question's
#   answer cell (helpers of your own inside the same cell are fine).
# * Run the cells from top to bottom. The setup cell makes float64 the default torch dtype.
#
# **Conventions.** NumPy results are float64 arrays (integer results int64), torch results float64
# tensors. States and actions are numbered from 0. Never modify the arrays or tensors you are
# given (no in-place operations such as `Q[s, a] = ...` or `rewards *= ...` on an argument). Where
# randomness is involved, use only the generator or the seed you are handed, never the global
# random generators (`np.random.rand`, `np.random.seed`, `torch.manual_seed`, ...).


# %% [setup]
import copy
import functools

import numpy as np
import torch
import matplotlib.pyplot as plt
from autograder.public import Checker

torch.set_default_dtype(torch.float64)
check = Checker("11_reinforcement_learning", globals())


# %% [question q1_markov_chains]
# A **Markov chain** with $n$ states jumps from state to state at random, and the probabilities of
# the next state depend on the current state only. The lecture collects them in a **transition
# matrix** $P$ with
# $$P_{ij} = \Pr(s_{t+1} = i \mid s_t = j),$$
# so **column** $j$ is the distribution of the next state when the chain is in state $j$, and
# every column sums to 1 (a *column-stochastic* matrix). A distribution over the states, a vector
# $s_t$ of probabilities, then evolves by a matrix-vector product:
# $$s_{t+1} = P\, s_t, \qquad s_{t+n} = P^n s_t .$$
# Many books and libraries use the transpose (a *row-stochastic* matrix, $s_{t+1}^\top = s_t^\top P$).
# Mixing the two conventions is the classic mistake: with the lecture's $P$, `s @ P` is wrong.
#
# A **stationary distribution** $\pi$ does not change under a step: $P\pi = \pi$ with
# $\sum_i \pi_i = 1$, an eigenvector of $P$ for the eigenvalue 1. Compute it **exactly**: solve
# the linear system $(P - I)\pi = 0$ together with $\sum_i \pi_i = 1$ (e.g. stack the row of ones
# under $P - I$ and use `np.linalg.lstsq`), or take the eigenvector of the eigenvalue closest to 1
# and divide it by its sum. Do not iterate $s \leftarrow P s$: for a periodic chain such as
# $P = \begin{pmatrix}0 & 1\\ 1 & 0\end{pmatrix}$ the iteration never converges, although
# $\pi = (0.5, 0.5)$. You may assume the stationary distribution is unique.
#
# **Worked example** (the lecture's chain). $P = \begin{pmatrix}0.3 & 0.4\\ 0.7 & 0.6\end{pmatrix}$,
# $s_0 = (0, 1)$: $s_1 = P s_0 = (0.4, 0.6)$ and $s_2 = (0.36, 0.64)$. The stationary distribution
# solves $0.3\pi_1 + 0.4\pi_2 = \pi_1$, i.e. $0.4\pi_2 = 0.7\pi_1$: $\pi = (4/11, 7/11) =
# (0.363636\ldots, 0.636363\ldots)$.
#
# **Your task.**
# * `markov_step(P, s, n_steps=1)` returns $P^{n} s$ for `n_steps` $= n$ as a float64 array of shape
#   `(n,)`; `n_steps=0` returns the entries of `s` unchanged, as a float64 array.
# * `stationary(P)` returns $\pi$ as a float64 array of shape `(n,)` whose entries sum to 1.
# * Both raise `ValueError` if `P` is not a square matrix, has a negative entry, or has a column
#   whose sum differs from 1 by more than `1e-9` (the message must contain the word `column` in
#   that case). Compare with this tolerance, never with `==`: the sum `0.7 + 0.2 + 0.1` is not
#   exactly 1 in floating point. `markov_step` also raises `ValueError` for a negative `n_steps`.


# %% [answer]
def markov_step(P, s, n_steps=1):
    """Distribution after n_steps steps of the column-stochastic chain P: P^n_steps s.

    P: (n, n) with P[i, j] = Pr(next = i | now = j), columns summing to 1; s: (n,).
    Returns a new float64 array (n,). Raises ValueError for an invalid P (the message mentions
    the column for a bad column sum) or a negative n_steps.
    """
    ### BEGIN SOLUTION
    P = np.asarray(P, dtype=np.float64)
    if P.ndim != 2 or P.shape[0] != P.shape[1]:
        raise ValueError(f"P must be a square matrix, got shape {P.shape}")
    if np.any(P < 0):
        raise ValueError("P has a negative entry")
    sums = P.sum(axis=0)
    if np.any(np.abs(sums - 1.0) > 1e-9):
        raise ValueError(f"every column of P must sum to 1, got column sums {sums}")
    if n_steps < 0:
        raise ValueError(f"n_steps must be non-negative, got {n_steps}")
    out = np.array(s, dtype=np.float64)
    for _ in range(n_steps):
        out = P @ out
    return out
    ### END SOLUTION


def stationary(P):
    """The stationary distribution pi of the column-stochastic chain P: P pi = pi, sum(pi) = 1.

    Returns a float64 array (n,), computed exactly (linear solve or eigenvector), not by
    iteration. Raises ValueError for an invalid P (the message mentions the column for a bad
    column sum).
    """
    ### BEGIN SOLUTION
    P = np.asarray(P, dtype=np.float64)
    if P.ndim != 2 or P.shape[0] != P.shape[1]:
        raise ValueError(f"P must be a square matrix, got shape {P.shape}")
    if np.any(P < 0):
        raise ValueError("P has a negative entry")
    sums = P.sum(axis=0)
    if np.any(np.abs(sums - 1.0) > 1e-9):
        raise ValueError(f"every column of P must sum to 1, got column sums {sums}")
    n = P.shape[0]
    A = np.vstack([P - np.eye(n), np.ones((1, n))])
    b = np.zeros(n + 1)
    b[-1] = 1.0
    pi = np.linalg.lstsq(A, b, rcond=None)[0]
    return pi / pi.sum()
    ### END SOLUTION


# %% [explore]
# The lecture's two-state chain from s0 = (0, 1): the distribution approaches (4/11, 7/11) fast.
# The periodic chain [[0, 1], [1, 0]] never settles, yet its stationary distribution exists.
try:
    P_demo = np.array([[0.3, 0.4], [0.7, 0.6]])
    path = [markov_step(P_demo, np.array([0.0, 1.0]), n) for n in range(12)]
    flip = np.array([[0.0, 1.0], [1.0, 0.0]])
    path_flip = [markov_step(flip, np.array([0.9, 0.1]), n) for n in range(12)]
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot([p[0] for p in path], "o-", label="lecture chain: Pr(state 0)")
    ax.axhline(stationary(P_demo)[0], color="gray", ls="--", label="stationary 4/11")
    ax.plot([p[0] for p in path_flip], "s:", label="periodic chain: Pr(state 0)")
    ax.set_xlabel("step t")
    ax.legend(fontsize=8)
    plt.show()
    print("stationary distributions:", stationary(P_demo), stationary(flip))
except NotImplementedError:
    print("implement markov_step and stationary first")


# %% [question q2_returns]
# An agent collects the rewards $r_0, r_1, \dots, r_{T-1}$. Its **discounted return** from step
# $t$, the **reward-to-go**, weighs a reward $k$ steps ahead by $\gamma^k$ ($0 \le \gamma \le 1$):
# $$G_t = \sum_{t' \ge t} \gamma^{t' - t}\, r_{t'} = r_t + \gamma\, G_{t+1}.$$
# The second form computes all returns in one backward pass, from the last step to the first.
# A batch of experience often holds **several episodes** one after the other; `dones[t]` is true
# when step $t$ is the **last step of an episode**, and the return must not reach across the
# boundary into the next episode:
# $$G_t = r_t + \gamma\, (1 - d_t)\, G_{t+1}, \qquad G_{T-1} = r_{T-1}$$
# (nothing is known after the last step of the batch). Policy-gradient methods weigh each step by
# its reward-to-go minus a **baseline** $b_t$, the *advantage* $G_t - b_t$.
#
# **A moving average.** Returns of single episodes are noisy; the lecture smooths them with a
# trailing **moving average** over a window of $w$ values (the same as pandas'
# `Series.rolling(w, min_periods=1).mean()`):
# $$m_t = \frac{1}{k_t} \sum_{i = t - k_t + 1}^{t} x_i, \qquad k_t = \min(w, t + 1),$$
# so the first entries average over the values there are. *A common mistake (the lecture's own
# code makes it): summing the window with `.sum()` instead of averaging it gives $w$ times the
# average.*
#
# **Worked examples.** $r = (1, 1, 1)$, $\gamma = 0.9$: $G = (2.71, 1.9, 1.0)$. With
# `dones = (False, True, False)` the first episode ends after step 1: $G = (1.9, 1.0, 1.0)$. The
# moving average of $(1, 2, 3, 4)$ with $w = 2$ is $(1, 1.5, 2.5, 3.5)$ (the `.sum()` version gives
# $(1, 3, 5, 7)$).
#
# **Your task.**
# * `discounted_returns(rewards, gamma, dones=None)`: `rewards` is a 1-D array of length $T$,
#   `dones` `None` (one episode) or a 1-D array of $T$ booleans (or 0/1 numbers). Returns the float64
#   array $(G_0, \dots, G_{T-1})$; an empty `rewards` gives an empty array. Raises `ValueError`
#   unless $0 \le \gamma \le 1$.
# * `moving_average(x, window)`: the trailing moving average above as a float64 array of the length
#   of `x`. Raises `ValueError` if `window` is smaller than 1.


# %% [answer]
def discounted_returns(rewards, gamma, dones=None):
    """Rewards-to-go G_t = r_t + gamma * (1 - dones[t]) * G_{t+1}, G_{T-1} = r_{T-1}.

    rewards: 1-D array (T,); dones: None (one episode) or 1-D booleans / 0-1 numbers (T,), true at
    the last step of an episode. Returns a float64 array (T,). Raises ValueError unless
    0 <= gamma <= 1.
    """
    ### BEGIN SOLUTION
    if not 0.0 <= gamma <= 1.0:
        raise ValueError(f"gamma must lie in [0, 1], got {gamma}")
    r = np.asarray(rewards, dtype=np.float64)
    T = r.shape[0]
    d = np.zeros(T, dtype=bool) if dones is None else np.asarray(dones).astype(bool)
    G = np.zeros(T, dtype=np.float64)
    running = 0.0
    for t in range(T - 1, -1, -1):
        if d[t]:
            running = 0.0
        running = r[t] + gamma * running
        G[t] = running
    return G
    ### END SOLUTION


def moving_average(x, window):
    """Trailing moving average m_t = mean(x[max(0, t - window + 1) : t + 1]).

    Returns a float64 array of the length of x. Raises ValueError if window < 1.
    """
    ### BEGIN SOLUTION
    if window < 1:
        raise ValueError(f"window must be at least 1, got {window}")
    x = np.asarray(x, dtype=np.float64)
    out = np.zeros(x.shape[0], dtype=np.float64)
    for t in range(x.shape[0]):
        out[t] = np.mean(x[max(0, t - window + 1) : t + 1])
    return out
    ### END SOLUTION


# %% [explore]
# 200 noisy episode returns, their moving average over 20 episodes, and what .sum() would give.
try:
    gen_ret = np.random.default_rng(0)
    episode_returns = np.array(
        [discounted_returns(gen_ret.normal(0.02 * k, 1.0, size=30), 0.95)[0] for k in range(200)]
    )
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(episode_returns, alpha=0.4, label="return of each episode")
    ax.plot(moving_average(episode_returns, 20), lw=2, label="moving average, w = 20")
    ax.set_xlabel("episode")
    ax.legend(fontsize=8)
    plt.show()
    print("returns of (1, 1, 1), gamma 0.9:", discounted_returns(np.ones(3), 0.9))
except NotImplementedError:
    print("implement discounted_returns and moving_average first")


# %% [question q3_q_learning]
# **Q-learning** keeps a table `Q` of shape `(n_states, n_actions)` whose entry $Q(s, a)$
# estimates the return of taking action $a$ in state $s$ and acting optimally afterwards. After
# each transition $(s, a, r, s', \text{done})$ it moves $Q(s, a)$ a step of size $\alpha$ toward
# the **Bellman target** $y$:
# $$y = \begin{cases} r & \text{if } s' \text{ is terminal (done)},\\
#       r + \gamma \max_{a'} Q(s', a') & \text{otherwise,}\end{cases} \qquad
#   Q(s, a) \leftarrow Q(s, a) + \alpha\,\bigl(y - Q(s, a)\bigr).$$
# A terminal state has no future: its row of `Q` may hold anything (here it may be nonzero), and
# it must not enter the target. The target uses the table **before** the update, also when
# $s' = s$.
#
# The **greedy policy** of a table picks, in every state, an action with the largest $Q$ value;
# ties go to the **lowest action index** (what `np.argmax` does).
#
# **Worked example.** `Q = [[0, 0], [2, 4], [0, 0]]`, transition $s = 0$, $a = 1$, $r = 1$,
# $s' = 1$, $\alpha = 0.5$, $\gamma = 0.9$: $y = 1 + 0.9 \cdot 4 = 4.6$ and the new
# $Q(0, 1) = 0 + 0.5 \cdot 4.6 = 2.3$. The same transition with `done=True`: $y = 1$,
# $Q(0, 1) = 0.5$. The greedy policy of `[[0, 2.3], [2, 4], [0, 0]]` is `[1, 1, 0]`.
#
# **Your task.**
# * `q_update(Q, s, a, r, s_next, done, alpha, gamma)` returns the updated table as a **new**
#   float64 array of the shape of `Q` (only entry `[s, a]` changes); `Q` itself stays unchanged.
# * `greedy_policy(Q)` returns the greedy action of every state as an int64 array of shape
#   `(n_states,)`.


# %% [answer]
def q_update(Q, s, a, r, s_next, done, alpha, gamma):
    """One tabular Q-learning update; returns a new float64 table, Q is not modified.

    y = r if done else r + gamma * max(Q[s_next]); new[s, a] = Q[s, a] + alpha * (y - Q[s, a]).
    """
    ### BEGIN SOLUTION
    new = np.array(Q, dtype=np.float64)
    y = r if done else r + gamma * np.max(new[s_next])
    new[s, a] = new[s, a] + alpha * (y - new[s, a])
    return new
    ### END SOLUTION


def greedy_policy(Q):
    """Greedy action of every state (ties to the lowest index): int64 array (n_states,)."""
    ### BEGIN SOLUTION
    return np.argmax(np.asarray(Q), axis=1).astype(np.int64)
    ### END SOLUTION


# %% [explore]
# Q-learning on a corridor of 6 states (start in 0, the goal 5 pays +1 and ends the episode), with
# random exploration: the values of "right" approach gamma^(distance to the goal - 1).
try:
    gen_q = np.random.default_rng(1)
    Q_demo = np.zeros((6, 2))  # actions: 0 left, 1 right
    for episode in range(300):
        state = 0
        for _ in range(50):
            action = int(gen_q.integers(2))
            nxt = max(0, state - 1) if action == 0 else state + 1
            finished = nxt == 5
            Q_demo = q_update(Q_demo, state, action, 1.0 if finished else 0.0, nxt, finished,
                              0.1, 0.9)
            if finished:
                break
            state = nxt
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.plot(Q_demo[:5, 1], "o-", label="learned Q(s, right)")
    ax.plot(0.9 ** (4 - np.arange(5)), "k--", label="optimal 0.9^(4 - s)")
    ax.set_xlabel("state s")
    ax.legend()
    plt.show()
    print("greedy policy:", greedy_policy(Q_demo[:5]))
except NotImplementedError:
    print("implement q_update and greedy_policy first")


# %% [question q4_epsilon_greedy]
# An agent that always takes the greedy action never learns about the others. **Epsilon-greedy**
# exploration takes, with probability $\varepsilon$, a uniformly random action (any of the
# $n_{\text{actions}}$ actions, the greedy one included), and otherwise the greedy action (ties to
# the lowest index). So the greedy action is taken with probability
# $1 - \varepsilon + \varepsilon / n_{\text{actions}}$ and every other action with probability
# $\varepsilon / n_{\text{actions}}$.
#
# Early in training the agent knows nothing and should explore a lot; later it should mostly
# exploit. A **linear schedule** decays $\varepsilon$ from $\varepsilon_{\text{start}}$ at step 0
# to $\varepsilon_{\text{end}}$ at step $T_{\text{decay}}$ and keeps it there:
# $$\varepsilon_t = \varepsilon_{\text{end}} + (\varepsilon_{\text{start}} - \varepsilon_{\text{end}})
#   \max\Bigl(0,\; 1 - \frac{t}{T_{\text{decay}}}\Bigr).$$
#
# **Randomness is handed in.** `epsilon_greedy` receives a NumPy generator `rng`
# (`np.random.default_rng(seed)`) and must draw from it exactly as follows, so that the same
# generator gives the same actions everywhere: for a batch of $n$ states, first
# `u = rng.random(n)`, then `random_actions = rng.integers(0, n_actions, size=n)`, always both
# and in this order (also for $\varepsilon = 0$ or 1). State $i$ takes `random_actions[i]` if
# `u[i] < epsilon`, else its greedy action.
#
# **Worked example.** Q values $(1, 3, 3, 0)$ and $\varepsilon = 0.2$: the greedy action is 1 (a tie
# with action 2, broken by the lower index) and the action probabilities are
# $(0.05, 0.85, 0.05, 0.05)$. The schedule with $\varepsilon_{\text{start}} = 1$,
# $\varepsilon_{\text{end}} = 0.1$, $T_{\text{decay}} = 100$ gives $1.0, 0.55, 0.1, 0.1$ at steps
# $0, 50, 100, 150$.
#
# **Your task.**
# * `epsilon_schedule(step, eps_start, eps_end, decay_steps)` returns $\varepsilon_t$ for
#   $t =$ `step` as a Python `float`. Raises `ValueError` if `step` is negative or `decay_steps` is
#   smaller than 1.
# * `epsilon_greedy(q_values, epsilon, rng)`: `q_values` has shape `(n, n_actions)`, one row per
#   state; returns the $n$ chosen actions as an int64 array of shape `(n,)`, drawn as described.


# %% [answer]
def epsilon_schedule(step, eps_start, eps_end, decay_steps):
    """Linear decay eps_end + (eps_start - eps_end) * max(0, 1 - step / decay_steps), a float.

    Raises ValueError if step < 0 or decay_steps < 1.
    """
    ### BEGIN SOLUTION
    if step < 0:
        raise ValueError(f"step must be non-negative, got {step}")
    if decay_steps < 1:
        raise ValueError(f"decay_steps must be at least 1, got {decay_steps}")
    return float(eps_end + (eps_start - eps_end) * max(0.0, 1.0 - step / decay_steps))
    ### END SOLUTION


def epsilon_greedy(q_values, epsilon, rng):
    """Epsilon-greedy actions for a batch of states q_values (n, n_actions), ties to the lowest
    index. Draws u = rng.random(n), then rng.integers(0, n_actions, size=n); state i explores if
    u[i] < epsilon. Returns an int64 array (n,).
    """
    ### BEGIN SOLUTION
    q = np.asarray(q_values)
    n, n_actions = q.shape
    u = rng.random(n)
    random_actions = rng.integers(0, n_actions, size=n)
    greedy = np.argmax(q, axis=1)
    return np.where(u < epsilon, random_actions, greedy).astype(np.int64)
    ### END SOLUTION


# %% [explore]
# The schedule over 1000 steps, and the action frequencies of 20000 epsilon-greedy draws for the
# Q values (1, 3, 3, 0) against the exact probabilities.
try:
    steps_demo = np.arange(1000)
    eps_demo = [epsilon_schedule(int(t), 1.0, 0.05, 600) for t in steps_demo]
    q_demo = np.tile([1.0, 3.0, 3.0, 0.0], (20000, 1))
    actions_demo = epsilon_greedy(q_demo, 0.2, np.random.default_rng(0))
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.5))
    ax1.plot(steps_demo, eps_demo)
    ax1.set_xlabel("step")
    ax1.set_ylabel("epsilon")
    ax2.bar(np.arange(4) - 0.2, np.bincount(actions_demo, minlength=4) / 20000, 0.4,
            label="observed")
    ax2.bar(np.arange(4) + 0.2, [0.05, 0.85, 0.05, 0.05], 0.4, label="exact")
    ax2.set_xlabel("action")
    ax2.legend()
    plt.show()
except NotImplementedError:
    print("implement epsilon_schedule and epsilon_greedy first")


# %% [question q5_value_iteration]
# A **Markov decision process** (MDP) adds actions and rewards to a Markov chain. Here it is given
# by two arrays:
#
# * `P` of shape `(n_actions, n_states, n_states)`: `P[a, s, s2]` is the probability that action
#   `a` in state `s` leads to state `s2`. **Each row** `P[a, s, :]` sums to 1: this is the
#   transpose of question 1's convention (there a column was the distribution of the next state);
#   the order `P[a, s, s2]`, "from `s` to `s2`", is the one of most RL libraries.
# * `R` of shape `(n_states, n_actions)`: the expected reward of taking action `a` in state `s`.
#
# The optimal values satisfy the **Bellman optimality equation**
# $$V^*(s) = \max_a \Bigl[R(s, a) + \gamma \sum_{s'} P(a, s, s')\, V^*(s')\Bigr].$$
# **Value iteration** starts from $V_0 = 0$ and applies the right-hand side to all states at once
# (synchronously: sweep $k + 1$ computes $V_{k+1}$ from $V_k$ only, never from values of the same
# sweep). For $\gamma < 1$ the sweeps converge; with $\gamma = 1$ and a state that never ends, the
# values diverge. **Stopping rule:** stop after the first sweep with
# $\max_s |V_{k+1}(s) - V_k(s)| < \text{tol}$ and return $V_{k+1}$. The **greedy policy** of
# the returned $V$ takes in each state the action with the largest
# $Q(s, a) = R(s, a) + \gamma \sum_{s'} P(a, s, s') V(s')$; actions whose $Q$ values lie within
# `1e-9` of the largest count as tied, and ties go to the **lowest action index** (so values that
# differ only by rounding, such as `0.1 + 0.2` and `0.3`, are a tie).
#
# **The apple grid** (the lecture's snake looking for an apple). The states are the cells of a
# grid, numbered row by row from the top left (in a grid of width $w$, the cell in row $i$, column
# $j$ is state $i w + j$). The actions are 0 up, 1 right, 2 down, 3 left. A move into the border
# or into a rock leaves the snake where it is. Every move costs $-1$, except a move **into the
# apple**, which pays $+10$. The apple is **terminal**: from it every action stays there with
# reward 0. The explore cell builds `P` and `R` for any such grid.
#
# **Worked example.** A $2 \times 3$ grid with the apple in the bottom right cell (state 5), no
# rocks, $\gamma = 0.9$. The cells next to the apple (2 and 4) are worth $10$, cells 1 and 3
# $-1 + 0.9 \cdot 10 = 8$, cell 0 $-1 + 0.9 \cdot 8 = 6.2$, the apple 0:
# `V = [6.2, 8, 10, 8, 10, 0]`. Cell 0 can go right or down (both lead to a cell worth 8: a tie,
# so right); the greedy policy is `[1, 1, 2, 1, 1, 0]` (in the apple every action ties, so 0).
# Value iteration needs **4 sweeps** here: after sweep 3 every value is exact and sweep 4
# changes nothing.
#
# **Your task.** `value_iteration(P, R, gamma, tol=1e-10)` returns the tuple `(V, policy, sweeps)`:
# `V` the float64 array $V_{k+1}$ of shape `(n_states,)`, `policy` its greedy policy as an int64
# array of shape `(n_states,)`, and `sweeps` the number of sweeps performed ($k + 1$) as a Python
# `int`. It raises `ValueError` unless $0 \le \gamma < 1$ and `tol` $> 0$.


# %% [answer]
def value_iteration(P, R, gamma, tol=1e-10):
    """Synchronous value iteration from V_0 = 0 for P (n_actions, n_states, n_states) with
    P[a, s, s2] = Pr(s2 | s, a) and R (n_states, n_actions).

    Stops after the first sweep with max |V_new - V| < tol. Returns (V, policy, sweeps): V the
    float64 array of the last sweep, policy the int64 greedy actions of V (Q values within 1e-9
    of the best are ties, lowest index wins), sweeps a Python int. Raises ValueError unless
    0 <= gamma < 1 and tol > 0.
    """
    ### BEGIN SOLUTION
    if not 0.0 <= gamma < 1.0:
        raise ValueError(f"gamma must lie in [0, 1), got {gamma}")
    if not tol > 0:
        raise ValueError(f"tol must be positive, got {tol}")
    P = np.asarray(P, dtype=np.float64)
    R = np.asarray(R, dtype=np.float64)
    V = np.zeros(R.shape[0])
    sweeps = 0
    while True:
        Q = R + gamma * np.einsum("ast,t->sa", P, V)
        V_new = Q.max(axis=1)
        sweeps += 1
        done = np.max(np.abs(V_new - V)) < tol
        V = V_new
        if done:
            break
    Q = R + gamma * np.einsum("ast,t->sa", P, V)
    policy = np.argmax(Q >= Q.max(axis=1, keepdims=True) - 1e-9, axis=1)
    return V, policy.astype(np.int64), int(sweeps)
    ### END SOLUTION


# %% [explore]
# The apple grid of the lecture: 4 x 5 cells, two rocks (#), the apple (A). Each cell shows V* and
# the greedy move.
def make_apple_grid(layout, step_reward=-1.0, apple_reward=10.0):
    """P (4, S, S) and R (S, 4) of a grid given as strings: '.' free, '#' rock, 'A' apple."""
    rows, cols = len(layout), len(layout[0])
    n = rows * cols
    P_grid, R_grid = np.zeros((4, n, n)), np.zeros((n, 4))
    moves = ((-1, 0), (0, 1), (1, 0), (0, -1))
    for i in range(rows):
        for j in range(cols):
            s = i * cols + j
            for a, (di, dj) in enumerate(moves):
                if layout[i][j] == "A":
                    P_grid[a, s, s] = 1.0
                    continue
                ni, nj = i + di, j + dj
                if not (0 <= ni < rows and 0 <= nj < cols) or layout[ni][nj] == "#":
                    ni, nj = i, j
                P_grid[a, s, ni * cols + nj] = 1.0
                R_grid[s, a] = apple_reward if layout[ni][nj] == "A" else step_reward
    return P_grid, R_grid


try:
    apple_layout = ["....A", ".#...", ".#.#.", "....."]
    P_apple, R_apple = make_apple_grid(apple_layout)
    V_apple, pi_apple, n_sweeps = value_iteration(P_apple, R_apple, 0.9)
    fig, ax = plt.subplots(figsize=(6, 4.5))
    ax.imshow(V_apple.reshape(4, 5), cmap="viridis")
    arrows = "↑→↓←"
    for s in range(20):
        i, j = divmod(s, 5)
        mark = apple_layout[i][j] if apple_layout[i][j] in "#A" else arrows[pi_apple[s]]
        ax.text(j, i, f"{mark}\n{V_apple[s]:.2f}", ha="center", va="center", color="w")
    ax.set_title(f"V* and the greedy policy ({n_sweeps} sweeps)")
    plt.show()
except NotImplementedError:
    print("implement value_iteration first")


# %% [question q6_dqn_loss]
# **Deep Q-learning** (DQN) replaces the table by a network $Q(s, \cdot\,; \theta)$ that maps a
# state vector to one value per action. On a minibatch of $B$ transitions
# $(s_j, a_j, r_j, s'_j, d_j)$ it minimises the **mean squared TD error**
# $$L(\theta) = \frac1B \sum_{j=1}^{B} \bigl(y_j - Q(s_j, a_j; \theta)\bigr)^2, \qquad
#   y_j = r_j + \gamma\,(1 - d_j) \max_{a} Q_{\text{target}}(s'_j, a).$$
# The targets come from a **target network**: a copy of the online network taken every few
# thousand steps (`copy.deepcopy(q_net)`) and frozen in between, which keeps the regression
# targets from moving with every update. The target $y_j$ is a **constant** for the gradient:
# compute it under `torch.no_grad()` or `.detach()` it, so that the gradient of $L$ reaches
# $\theta$ only through $Q(s_j, a_j; \theta)$ and never reaches the target network. If
# `target_net` is `None`, the online network computes the targets itself (Q-learning without a
# target network), and they are constants just the same (backpropagating through them as well
# would be another algorithm, the "residual gradient").
#
# $Q(s_j, a_j; \theta)$ is entry $a_j$ of row $j$ of `q_net(states)`, shape `(B, n_actions)`:
# `q.gather(1, actions.unsqueeze(1)).squeeze(1)` picks it. (`q[:, actions]` is a $B \times B$
# matrix, not what you want.) A terminal transition ($d_j = 1$) has no next state worth
# anything: $y_j = r_j$.
#
# **Device.** The grader may call your function with every tensor on a GPU (`--device cuda`): the
# parameters of both networks and every tensor of the batch then live there. Create each new
# tensor on the device of the data (e.g. `torch.zeros(B, dtype=rewards.dtype,
# device=rewards.device)`), and return the loss on that device.
#
# **Worked example.** Two states, two actions and linear networks: `q_net(s) = s @ W` with
# $W = \begin{pmatrix}1 & -1\\ 0.5 & 2\end{pmatrix}$ and `target_net(s) = s` (the identity). The
# batch: states $(1, 0)$ and $(0, 1)$, actions $1, 0$, rewards $1, -1$, next states $(0.5, 2)$ and
# $(3, 1)$, `dones` $(0, 1)$, $\gamma = 0.9$. Then $Q(s_1, a_1) = -1$, $Q(s_2, a_2) = 0.5$,
# $y = (1 + 0.9 \cdot 2, -1) = (2.8, -1)$ and
# $L = \bigl((2.8 + 1)^2 + (-1 - 0.5)^2\bigr) / 2 = 8.345$; its gradient with respect to $W$ is
# $\begin{pmatrix}0 & -3.8\\ 1.5 & 0\end{pmatrix}$. With `target_net=None` the online network
# gives $y_1 = 1 + 0.9 \max(1.5, 3.5) = 4.15$ and $L = 14.38625$, with the same kind of gradient
# (only through $Q(s_j, a_j)$).
#
# **Your task.** `dqn_loss(q_net, target_net, batch, gamma)`:
# * `q_net` and `target_net` are callables that map a float64 tensor of states `(B, n_s)` to
#   Q values `(B, n_actions)`: plain functions (such as `functools.partial(f, params)`) or
#   `torch.nn.Module`s; call them, do not assume they have parameters or methods. `target_net` may
#   be `None`.
# * `batch = (states, actions, rewards, next_states, dones)`: float64 `(B, n_s)`, int64 `(B,)`,
#   float64 `(B,)`, float64 `(B, n_s)`, and `dones` of shape `(B,)`, either bool or float64 0/1.
# * Returns $L$ as a 0-d float64 tensor connected to the autograd graph of `q_net` (the grader
#   backpropagates through it and compares the gradients with respect to the parameters of
#   `q_net`).
# * Calls neither `backward()` nor an optimizer, and modifies neither the networks nor the batch.


# %% [answer]
def dqn_loss(q_net, target_net, batch, gamma):
    """Mean squared TD error of a minibatch with targets r + gamma * (1 - done) * max_a Q_t(s', a)
    from target_net (q_net itself if target_net is None), computed without gradient.

    batch = (states (B, n_s), actions int64 (B,), rewards (B,), next_states (B, n_s),
    dones (B,) bool or 0/1 float). Returns a 0-d float64 tensor on the device of the batch,
    differentiable with respect to q_net's parameters only.
    """
    ### BEGIN SOLUTION
    states, actions, rewards, next_states, dones = batch
    net = q_net if target_net is None else target_net
    q_taken = q_net(states).gather(1, actions.long().unsqueeze(1)).squeeze(1)
    with torch.no_grad():
        q_next = net(next_states).max(dim=1).values
        y = rewards + gamma * (1.0 - dones.to(rewards.dtype)) * q_next
    return torch.mean((y - q_taken) ** 2)
    ### END SOLUTION


# %% [explore]
# DQN in miniature: a chain of 5 states (one-hot vectors), actions left/right, +1 for reaching the
# right end. A replay buffer of random transitions, a linear Q-network trained with SGD on
# dqn_loss, the target network synchronised every 25 steps.
try:
    gen_dqn = torch.Generator().manual_seed(0)
    n_chain = 5
    eye = torch.eye(n_chain)
    s_idx = torch.randint(0, n_chain - 1, (256,), generator=gen_dqn)
    a_buf = torch.randint(0, 2, (256,), generator=gen_dqn)
    s_next_idx = torch.clamp(s_idx + 2 * a_buf - 1, min=0)
    buffer = (eye[s_idx], a_buf, (s_next_idx == n_chain - 1).double(), eye[s_next_idx],
              s_next_idx == n_chain - 1)
    online = torch.nn.Linear(n_chain, 2, bias=False)
    torch.nn.init.zeros_(online.weight)
    target = copy.deepcopy(online)
    optimizer = torch.optim.SGD(online.parameters(), lr=0.5)
    history = []
    for step in range(300):
        loss = dqn_loss(online, target, buffer, 0.9)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        history.append(loss.item())
        if step % 25 == 24:
            target.load_state_dict(online.state_dict())
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.semilogy(history)
    ax.set_xlabel("SGD step (target synchronised every 25)")
    ax.set_ylabel("DQN loss")
    plt.show()
    print("learned Q(s, right):", online.weight[1, :4].detach().numpy().round(3),
          "optimal:", 0.9 ** np.arange(3, -1, -1))
except NotImplementedError:
    print("implement dqn_loss first")


# %% [question q7_reinforce]
# **Policy gradients** learn the policy directly. Take a **bandit** with $K$ arms: pulling arm $a$
# pays a random reward $R \sim \mathcal N(\mu_a, \sigma^2)$. The policy is a **softmax** of the
# parameters $\theta \in \mathbb R^K$,
# $$\pi_\theta(a) = \frac{e^{\theta_a}}{\sum_b e^{\theta_b}}$$
# (subtract $\max_b \theta_b$ before exponentiating, so that $\theta = (800, 799, -800)$ does not
# overflow), and the objective is the expected reward $J(\theta) = \sum_a \pi_\theta(a)\,\mu_a$.
# Its exact gradient is $\partial J / \partial\theta_k = \pi_\theta(k)\bigl(\mu_k - J(\theta)\bigr)$,
# but an agent does not know $\mu$: it can only pull arms. **REINFORCE** uses the *score function*
# $\nabla_\theta \log \pi_\theta(a) = e_a - \pi_\theta$ (the one-hot vector of $a$ minus the vector
# of probabilities) and the identity
# $$\nabla_\theta J = \mathbb E_{a \sim \pi_\theta}\bigl[(R - b)\, \nabla_\theta \log \pi_\theta(a)\bigr],$$
# valid for any constant **baseline** $b$ (it does not change the expectation, since
# $\mathbb E[\nabla_\theta \log \pi_\theta(a)] = 0$, but a good one, near $J$, reduces the
# variance). From $N$ episodes $(a_i, R_i)$ the estimate is
# $$\hat g = \frac1N \sum_{i=1}^N (R_i - b)\,\bigl(e_{a_i} - \pi_\theta\bigr).$$
#
# **Worked example.** $\theta = (0, 0, \ln 2)$: $\pi = (0.25, 0.25, 0.5)$. With $\mu = (1, 0, 2)$,
# $J = 1.25$ and $\nabla J = (-0.0625, -0.3125, 0.375)$. The score functions of the actions
# $(2, 0)$ are the rows $(-0.25, -0.25, 0.5)$ and $(0.75, -0.25, -0.5)$; with the rewards $(3, 1)$
# and $b = 1$ the estimate is $\bigl(2 \cdot (-0.25, -0.25, 0.5) + 0\bigr) / 2 = (-0.25, -0.25, 0.5)$.
#
# **Your task.**
# * `softmax_policy(theta)`: $\pi_\theta$ as a float64 array of shape `(K,)`, finite for entries
#   of $\theta$ as large as $\pm 800$.
# * `score_function(theta, actions)`: the rows $e_{a_i} - \pi_\theta$ for an int array of actions
#   of length $N$, a float64 array of shape `(N, K)`.
# * `reinforce_estimate(theta, actions, rewards, baseline=0.0)`: $\hat g$ from given actions and
#   rewards (arrays of length $N$), a float64 array of shape `(K,)`. Raises `ValueError` if there
#   are no episodes ($N = 0$).
# * `reinforce_gradient(theta, arm_means, n_episodes, seed, baseline=0.0, reward_std=1.0)` plays
#   `n_episodes` episodes and returns their estimate $\hat g$, a float64 array of shape `(K,)`.
#   Create one generator `rng = np.random.default_rng(seed)` and draw everything from it: the
#   actions from $\pi_\theta$ (e.g. `rng.choice(K, size=n_episodes, p=pi)`) and the rewards
#   $R_i = \mu_{a_i} + \sigma\,\varepsilon_i$ with $\sigma$ = `reward_std` and independent standard
#   normal $\varepsilon_i$, one per episode. The same seed gives the same result; the global
#   random generators stay untouched. The grader runs it on several seeds and compares the mean
#   of the estimates with the exact gradient, allowing for chance.


# %% [answer]
def softmax_policy(theta):
    """pi_theta = softmax(theta), stable for large |theta|: float64 array (K,)."""
    ### BEGIN SOLUTION
    theta = np.asarray(theta, dtype=np.float64)
    z = np.exp(theta - np.max(theta))
    return z / np.sum(z)
    ### END SOLUTION


def score_function(theta, actions):
    """grad_theta log pi_theta(a_i) = onehot(a_i) - pi_theta for each action: float64 (N, K)."""
    ### BEGIN SOLUTION
    theta = np.asarray(theta, dtype=np.float64)
    z = np.exp(theta - np.max(theta))
    pi = z / np.sum(z)
    actions = np.asarray(actions, dtype=np.int64)
    return np.eye(theta.shape[0])[actions] - pi
    ### END SOLUTION


def reinforce_estimate(theta, actions, rewards, baseline=0.0):
    """g_hat = mean_i (rewards[i] - baseline) * (onehot(actions[i]) - pi_theta): float64 (K,).

    Raises ValueError if there are no episodes.
    """
    ### BEGIN SOLUTION
    rewards = np.asarray(rewards, dtype=np.float64)
    if rewards.shape[0] == 0:
        raise ValueError("reinforce_estimate needs at least one episode")
    scores = score_function(theta, actions)
    return np.mean((rewards - baseline)[:, None] * scores, axis=0)
    ### END SOLUTION


def reinforce_gradient(theta, arm_means, n_episodes, seed, baseline=0.0, reward_std=1.0):
    """REINFORCE estimate from n_episodes bandit episodes drawn with np.random.default_rng(seed):
    actions from softmax(theta), rewards arm_means[a] + reward_std * standard normal.

    Returns a float64 array (K,). The global random generators are not used.
    """
    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    pi = softmax_policy(theta)
    actions = rng.choice(pi.shape[0], size=n_episodes, p=pi)
    rewards = np.asarray(arm_means, dtype=np.float64)[actions]
    rewards = rewards + reward_std * rng.standard_normal(n_episodes)
    return reinforce_estimate(theta, actions, rewards, baseline)
    ### END SOLUTION


# %% [explore]
# How far the REINFORCE estimate is from the exact gradient as the number of episodes grows,
# without a baseline and with the baseline b = J(theta): same expectation, smaller spread.
try:
    theta_demo = np.array([0.5, -0.3, 1.2])
    mu_demo = np.array([1.0, -0.5, 2.0])
    pi_exact = softmax_policy(theta_demo)
    J_demo = float(pi_exact @ mu_demo)
    exact_grad = pi_exact * (mu_demo - J_demo)
    sizes = [10, 30, 100, 300, 1000, 3000]
    fig, ax = plt.subplots(figsize=(6, 3.5))
    for b_demo, label in ((0.0, "baseline 0"), (J_demo, "baseline J(theta)")):
        errors = [np.mean([np.linalg.norm(reinforce_gradient(theta_demo, mu_demo, n, seed,
                                                             baseline=b_demo) - exact_grad)
                           for seed in range(50)]) for n in sizes]
        ax.loglog(sizes, errors, "o-", label=label)
    ax.set_xlabel("episodes N")
    ax.set_ylabel("mean |g_hat - grad J|")
    ax.legend()
    plt.show()
except NotImplementedError:
    print("implement the REINFORCE functions first")
