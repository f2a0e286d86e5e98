"""Public checks for 11_reinforcement_learning: the worked examples of the notebook.

Run them with ``check("<question>")`` in the notebook or ``autograder check NOTEBOOK``. Passing
them is a good sign, not a grade: hidden checks use other chains, grids, batches, seeds and edge
cases.
"""

import numpy as np

from autograder.authoring import (
    AutogradCheck,
    Call,
    Callable_,
    NestedCall,
    TensorArg,
    Tolerance,
    ValueCheck,
)

TIGHT = Tolerance(1e-9, 1e-12)
EXACT = Tolerance(0.0, 0.0)
# question 6 may run on a GPU (`--device cuda`), which sums in another order: inputs perturbed by
# 1e-12 move the worked example's loss and gradient by at most 6.3e-12 (python -m
# tests.gpu_noise); the GPU tolerance allows about 100 times that
DQN_TOL = Tolerance(1e-9, 1e-12, gpu=(1e-9, 5e-10))

# question 1: the lecture's chain
P1 = np.array([[0.3, 0.4], [0.7, 0.6]])


def apple_grid(layout: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """P (4, S, S) and R (S, 4) of an apple grid ('.' free, '#' rock, 'A' apple): actions up,
    right, down, left; -1 per move, +10 for a move into the apple, the apple terminal."""
    rows, cols = len(layout), len(layout[0])
    n = rows * cols
    P, R = np.zeros((4, n, n)), np.zeros((n, 4))
    for i in range(rows):
        for j in range(cols):
            s = i * cols + j
            for a, (di, dj) in enumerate(((-1, 0), (0, 1), (1, 0), (0, -1))):
                if layout[i][j] == "A":
                    P[a, s, s] = 1.0
                    continue
                ni, nj = i + di, j + dj
                if not (0 <= ni < rows and 0 <= nj < cols) or layout[ni][nj] == "#":
                    ni, nj = i, j
                P[a, s, ni * cols + nj] = 1.0
                R[s, a] = 10.0 if layout[ni][nj] == "A" else -1.0
    return P, R


P5, R5 = apple_grid(["...", "..A"])

# question 6: the worked example's batch and networks
W6 = np.array([[1.0, -1.0], [0.5, 2.0]])
BATCH6 = (
    TensorArg(np.array([[1.0, 0.0], [0.0, 1.0]])),
    TensorArg(np.array([1, 0])),
    TensorArg(np.array([1.0, -1.0])),
    TensorArg(np.array([[0.5, 2.0], [3.0, 1.0]])),
    TensorArg(np.array([0.0, 1.0])),
)


def q_net6(grad: bool = False) -> NestedCall:
    """q_net(s) = s @ W, built in your kernel as functools.partial(linear_q, W)."""
    w = TensorArg(W6, True, "W") if grad else TensorArg(W6)
    return NestedCall("functools.partial", (Callable_("course.linear_q"), w))


TARGET6 = Callable_("course.identity_q")

# question 7
THETA7 = np.array([0.0, 0.0, np.log(2.0)])

PUBLIC = {
    "q1_markov_chains": [
        ValueCheck(
            name="one step of the lecture's chain from s0 = (0, 1) gives (0.4, 0.6)",
            covers=("step-value", "column-convention", "step-type"),
            hidden=False,
            tol=TIGHT,
            call=Call("markov_step", (P1, np.array([0.0, 1.0]))),
        ),
        ValueCheck(
            name="two steps give (0.36, 0.64)",
            covers=("step-value",),
            hidden=False,
            tol=TIGHT,
            call=Call("markov_step", (P1, np.array([0.0, 1.0])), {"n_steps": 2}),
        ),
        ValueCheck(
            name="the stationary distribution of the lecture's chain is (4/11, 7/11)",
            covers=("stat-value",),
            hidden=False,
            tol=TIGHT,
            call=Call("stationary", (P1,)),
        ),
    ],
    "q2_returns": [
        ValueCheck(
            name="rewards-to-go of (1, 1, 1) with gamma 0.9 are (2.71, 1.9, 1.0)",
            covers=("returns-value", "returns-type"),
            hidden=False,
            tol=TIGHT,
            call=Call("discounted_returns", (np.ones(3), 0.9)),
        ),
        ValueCheck(
            name="with dones (False, True, False) they are (1.9, 1.0, 1.0)",
            covers=("boundaries",),
            hidden=False,
            tol=TIGHT,
            call=Call("discounted_returns", (np.ones(3), 0.9, np.array([False, True, False]))),
        ),
        ValueCheck(
            name="moving average of (1, 2, 3, 4) with window 2 is (1, 1.5, 2.5, 3.5)",
            covers=("ma-value", "ma-start", "ma-mean"),
            hidden=False,
            tol=TIGHT,
            call=Call("moving_average", (np.array([1.0, 2.0, 3.0, 4.0]), 2)),
        ),
    ],
    "q3_q_learning": [
        ValueCheck(
            name="the worked example's update: Q(0, 1) becomes 2.3",
            covers=("update-value", "new-array"),
            hidden=False,
            tol=TIGHT,
            call=Call(
                "q_update",
                (np.array([[0.0, 0.0], [2.0, 4.0], [0.0, 0.0]]), 0, 1, 1.0, 1, False, 0.5, 0.9),
            ),
        ),
        ValueCheck(
            name="the same transition with done=True: Q(0, 1) becomes 0.5",
            covers=("terminal",),
            hidden=False,
            tol=TIGHT,
            call=Call(
                "q_update",
                (np.array([[0.0, 0.0], [2.0, 4.0], [0.0, 0.0]]), 0, 1, 1.0, 1, True, 0.5, 0.9),
            ),
        ),
        ValueCheck(
            name="the greedy policy of [[0, 2.3], [2, 4], [0, 0]] is [1, 1, 0]",
            covers=("greedy-value", "ties", "greedy-type"),
            hidden=False,
            tol=EXACT,
            call=Call("greedy_policy", (np.array([[0.0, 2.3], [2.0, 4.0], [0.0, 0.0]]),)),
        ),
    ],
    "q4_epsilon_greedy": [
        *(
            ValueCheck(
                name=f"epsilon_schedule at step {step} (1.0 -> 0.1 over 100 steps)",
                covers=("schedule-value", "schedule-floor", "schedule-float"),
                hidden=False,
                tol=TIGHT,
                call=Call("epsilon_schedule", (step, 1.0, 0.1, 100)),
            )
            for step in (0, 50, 100, 150)
        ),
        ValueCheck(
            name="epsilon_greedy of three states with epsilon 0.5 and np.random.default_rng(0)",
            covers=("draws", "explore-rule", "ties", "actions-type"),
            hidden=False,
            tol=EXACT,
            call=Call(
                "epsilon_greedy",
                (
                    np.array([[0.5, 0.2], [0.1, 0.9], [0.0, 0.0]]),
                    0.5,
                    NestedCall("np.random.default_rng", (0,)),
                ),
            ),
        ),
    ],
    "q5_value_iteration": [
        ValueCheck(
            name="the 2 x 3 apple grid with gamma 0.9: V, the policy and 4 sweeps",
            covers=("v-value", "policy-value", "ties", "sweeps", "stopping", "p-layout"),
            hidden=False,
            tol=TIGHT,
            call=Call("value_iteration", (P5, R5, 0.9)),
        ),
    ],
    "q6_dqn_loss": [
        ValueCheck(
            name="the worked example's loss is 8.345",
            covers=("loss-value", "target", "gather", "terminal", "zero-d"),
            hidden=False,
            tol=DQN_TOL,
            call=Call("dqn_loss", (q_net6(), TARGET6, BATCH6, 0.9)),
        ),
        AutogradCheck(
            name="its gradient with respect to W is [[0, -3.8], [1.5, 0]]",
            covers=("graph", "no-grad-target"),
            hidden=False,
            tol=DQN_TOL,
            call=Call("dqn_loss", (q_net6(True), TARGET6, BATCH6, 0.9), seed=3),
        ),
        ValueCheck(
            name="with target_net=None the loss is 14.38625",
            covers=("none-target",),
            hidden=False,
            tol=DQN_TOL,
            call=Call("dqn_loss", (q_net6(), None, BATCH6, 0.9)),
        ),
    ],
    "q7_reinforce": [
        ValueCheck(
            name="softmax_policy of (0, 0, ln 2) is (0.25, 0.25, 0.5)",
            covers=("softmax-value",),
            hidden=False,
            tol=TIGHT,
            call=Call("softmax_policy", (THETA7,)),
        ),
        ValueCheck(
            name="score_function of the actions (2, 0)",
            covers=("score-value", "score-type"),
            hidden=False,
            tol=TIGHT,
            call=Call("score_function", (THETA7, np.array([2, 0]))),
        ),
        ValueCheck(
            name="reinforce_estimate with rewards (3, 1) and baseline 1 is (-0.25, -0.25, 0.5)",
            covers=("estimate-value",),
            hidden=False,
            tol=TIGHT,
            call=Call(
                "reinforce_estimate",
                (THETA7, np.array([2, 0]), np.array([3.0, 1.0])),
                {"baseline": 1.0},
            ),
        ),
    ],
}
