"""Hidden suite for 11_reinforcement_learning: questions 1 to 5. Questions 6 and 7 (the DQN loss
and REINFORCE) go on in suite_dqn_reinforce.py.

Inputs differ from the notebook's worked examples: three- to five-state chains whose columns sum
to 1 only up to rounding, periodic and absorbing chains, row-stochastic matrices that must be
rejected; reward sequences with several episodes, consecutive and final dones, gamma = 0 and 1;
Q tables with ties, terminal rows that are not zero and self-loops; epsilon-greedy on other
generators and tie patterns, its action frequencies against the exact probabilities; grid
worlds with rocks and slippery moves, Q values tied only up to rounding and a stopping rule hit
exactly at tol.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np

from autograder.authoring import (
    Call,
    FlagsCheck,
    NestedCall,
    NoMutationCheck,
    Question,
    RaisesCheck,
    ShapeCheck,
    StatisticalCheck,
    Tolerance,
    ValueCheck,
)

rng = np.random.default_rng(11_2026)
TIGHT = Tolerance(1e-10, 1e-12)
EXACT = Tolerance(0.0, 0.0)
tight_value = partial(ValueCheck, tol=TIGHT)
exact_value = partial(ValueCheck, tol=EXACT)


def column_stochastic(n: int, gen: np.random.Generator) -> np.ndarray:
    """A random n x n matrix whose columns sum to 1, far from symmetric."""
    m = gen.uniform(0.05, 1.0, size=(n, n)) ** 2
    return np.asarray(m / m.sum(axis=0), dtype=np.float64)


# -- q1 ---------------------------------------------------------------------------------------
# columns (0.7, 0.2, 0.1) and (0.3, 0.6, 0.1) sum to 0.9999999999999999 in floating point
P1 = np.array([[0.7, 0.5, 0.3], [0.2, 0.25, 0.6], [0.1, 0.25, 0.1]])
S1 = np.array([0.2, 0.5, 0.3])
P1_BIG = column_stochastic(5, rng)
S1_BIG = rng.dirichlet(np.ones(5))
PERIODIC3 = np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
PERIODIC2 = np.array([[0.0, 1.0], [1.0, 0.0]])
# state 2 absorbs everything: the stationary distribution is (0, 0, 1, 0)
ABSORBING = np.array(
    [[0.5, 0.2, 0.0, 0.1], [0.3, 0.4, 0.0, 0.2], [0.1, 0.3, 1.0, 0.3], [0.1, 0.1, 0.0, 0.4]]
)
NEGATIVE = np.array([[1.2, 0.5], [-0.2, 0.5]])  # columns sum to 1, an entry is negative
# periodic (period 2) but not doubly stochastic: 0 -> {1, 2} -> 0; pi = (0.5, 0.15, 0.35)
BIPARTITE = np.array([[0.0, 1.0, 1.0], [0.3, 0.0, 0.0], [0.7, 0.0, 0.0]])
STATIONARY_CASES = (
    ("the 3-state chain", ("stat-value", "column-convention", "tolerance"), P1),
    ("a 5-state chain", ("stat-value", "column-convention"), P1_BIG),
    ("a periodic 3-cycle", ("stat-exact",), PERIODIC3),
    ("a periodic chain 0 -> {1, 2} -> 0", ("stat-exact", "stat-value"), BIPARTITE),
    ("the periodic 2-state flip", ("stat-exact",), PERIODIC2),
    ("a chain with an absorbing state", ("stat-value", "stat-exact"), ABSORBING),
)
COLUMN = ("raises-column", "column-convention")
RAISES1 = (  # (function, what it rejects, covers, arguments)
    (
        "markov_step",
        "a row-stochastic matrix, naming the column",
        COLUMN,
        (P1_BIG.T.copy(), S1_BIG),
    ),
    ("stationary", "a row-stochastic matrix, naming the column", COLUMN, (P1.T.copy(),)),
    ("markov_step", "a 3 x 2 matrix", ("raises-square",), (P1[:, :2] / P1[:, :2].sum(0), S1[:2])),
    (
        "stationary",
        "a 2 x 3 matrix",
        ("raises-square",),
        (np.array([[0.5, 0.2, 1.0], [0.5, 0.8, 0.0]]),),
    ),
    ("markov_step", "a negative entry", ("raises-negative",), (NEGATIVE, np.array([0.5, 0.5]))),
    ("stationary", "a negative entry", ("raises-negative",), (NEGATIVE,)),
    ("markov_step", "n_steps = -1", ("raises-steps",), (P1, S1, -1)),
)

q1 = Question(
    "q1_markov_chains",
    points=2,
    title="Markov chains: a step and the stationary distribution",
    checks=(
        tight_value(
            name="markov_step of a 3-state chain whose columns sum to 1 up to rounding",
            covers=("step-value", "column-convention", "tolerance"),
            call=Call("markov_step", (P1, S1)),
        ),
        tight_value(
            name="markov_step of a 5-state chain, 4 steps",
            covers=("step-value", "column-convention"),
            call=Call("markov_step", (P1_BIG, S1_BIG), {"n_steps": 4}),
        ),
        tight_value(
            name="markov_step of a periodic chain, 7 steps",
            covers=("step-value",),
            call=Call("markov_step", (PERIODIC3, np.array([0.6, 0.3, 0.1]), 7)),
        ),
        exact_value(
            name="markov_step with n_steps=0 and an int s",
            covers=("zero-steps",),
            call=Call("markov_step", (P1, np.array([0, 1, 0]), 0)),
        ),
        ShapeCheck(
            name="markov_step returns a float64 array (n,)",
            covers=("step-type",),
            expect="a float64 array of shape (n,)",
            call=Call("markov_step", (P1_BIG, S1_BIG), {"n_steps": 2}),
        ),
        *(
            tight_value(
                name=f"stationary distribution of {label}",
                covers=covers,
                call=Call("stationary", (P,)),
            )
            for label, covers, P in STATIONARY_CASES
        ),
        ShapeCheck(
            name="stationary returns a float64 array (n,)",
            covers=("stat-value",),
            expect="a float64 array of shape (n,)",
            call=Call("stationary", (P1_BIG,)),
        ),
        *(
            RaisesCheck(
                name=f"{fn} rejects {label}",
                covers=covers,
                exception="ValueError",
                call=Call(fn, args),
                match="column" if "column" in label else None,
                says="the word column" if "column" in label else "",
            )
            for fn, label, covers, args in RAISES1
        ),
        NoMutationCheck(
            name="markov_step and stationary do not modify P or s",
            covers=("no-mutation",),
            call=Call("markov_step", (P1_BIG.copy(), S1_BIG.copy(), 3)),
        ),
        NoMutationCheck(
            name="stationary does not modify P",
            covers=("no-mutation",),
            call=Call("stationary", (P1_BIG.copy(),)),
        ),
    ),
)

# -- q2 ---------------------------------------------------------------------------------------
R2 = np.round(rng.normal(0.3, 1.0, size=11), 1)  # tenths: not representable
DONES2 = np.array([0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 1], dtype=bool)  # consecutive and final
DONES2_FLOAT = np.array([0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.0])
X2 = rng.normal(size=13) * 3.0
q2 = Question(
    "q2_returns",
    points=3,
    title="Discounted returns and a moving average",
    checks=(
        tight_value(
            name="rewards-to-go of 11 rewards, gamma 0.97, one episode",
            covers=("returns-value", "last-step", "dones-types"),
            call=Call("discounted_returns", (R2, 0.97)),
        ),
        tight_value(
            name="rewards-to-go over four episodes (bool dones, consecutive and final)",
            covers=("returns-value", "boundaries", "dones-types", "last-step"),
            call=Call("discounted_returns", (R2, 0.9, DONES2)),
        ),
        tight_value(
            name="rewards-to-go with 0/1 float dones and gamma = 1",
            covers=("boundaries", "dones-types", "gamma-raises"),
            call=Call("discounted_returns", (R2, 1.0), {"dones": DONES2_FLOAT}),
        ),
        tight_value(
            name="rewards-to-go of integer rewards",
            covers=("returns-type", "returns-value"),
            call=Call("discounted_returns", (np.array([3, -1, 0, 2, 5]), 0.5)),
        ),
        tight_value(
            name="rewards-to-go with gamma = 0",
            covers=("returns-value",),
            pays_alone=False,
            call=Call("discounted_returns", (R2, 0.0, DONES2)),
        ),
        tight_value(
            name="rewards-to-go of an empty batch",
            covers=("empty",),
            pays_alone=False,
            call=Call("discounted_returns", (np.zeros(0), 0.9)),
        ),
        ShapeCheck(
            name="discounted_returns returns a float64 array (T,)",
            covers=("returns-type",),
            expect="a float64 array of shape (T,)",
            call=Call("discounted_returns", (np.array([1, 2, 3, 4]), 0.9)),
        ),
        RaisesCheck(
            name="discounted_returns rejects gamma = 1.5",
            covers=("gamma-raises",),
            exception="ValueError",
            call=Call("discounted_returns", (R2, 1.5)),
        ),
        RaisesCheck(
            name="discounted_returns rejects gamma = -0.1",
            covers=("gamma-raises",),
            exception="ValueError",
            call=Call("discounted_returns", (R2, -0.1)),
        ),
        NoMutationCheck(
            name="discounted_returns does not modify rewards or dones",
            covers=("no-mutation",),
            call=Call("discounted_returns", (R2.copy(), 0.9, DONES2_FLOAT.copy())),
        ),
        tight_value(
            name="moving average of 13 values, window 4",
            covers=("ma-value", "ma-start", "ma-mean"),
            call=Call("moving_average", (X2, 4)),
        ),
        tight_value(
            name="moving average with a window longer than the data",
            covers=("ma-start", "ma-mean"),
            call=Call("moving_average", (X2[:6], 20)),
        ),
        tight_value(
            name="moving average of integers, window 3",
            covers=("ma-value",),
            call=Call("moving_average", (np.array([4, 0, -2, 7, 1, 1, 3]), 3)),
        ),
        ShapeCheck(
            name="moving_average returns a float64 array of the length of x",
            covers=("ma-value",),
            expect="a float64 array of the length of x",
            call=Call("moving_average", (np.array([4, 0, -2, 7, 1]), 2)),
        ),
        RaisesCheck(
            name="moving_average rejects window 0",
            covers=("ma-raises",),
            exception="ValueError",
            call=Call("moving_average", (X2, 0)),
        ),
        NoMutationCheck(
            name="moving_average does not modify x",
            covers=("no-mutation",),
            call=Call("moving_average", (X2.copy(), 3)),
        ),
    ),
)

# -- q3 ---------------------------------------------------------------------------------------
Q3 = np.round(rng.normal(size=(5, 3)) * 2.0, 2)
Q3[4] = [7.5, -3.0, 12.0]  # a terminal state whose row is not zero
Q3[2] = [0.4, 1.9, -0.6]  # state 2: action 1 is its best, used for the self-loop
Q3_TIES = np.array(
    [[1.0, 3.0, 3.0], [2.0, 2.0, 2.0], [-1.0, -5.0, -1.0], [0.1, 0.3, 0.3], [0.0, -0.0, -2.0]]
)
q3 = Question(
    "q3_q_learning",
    points=3,
    title="Tabular Q-learning",
    checks=(
        tight_value(
            name="q_update of a 5 x 3 table, non-terminal transition",
            covers=("update-value", "new-array"),
            call=Call("q_update", (Q3, 1, 2, -0.7, 3, False, 0.3, 0.95)),
        ),
        tight_value(
            name="q_update into a terminal state whose row is not zero",
            covers=("terminal", "update-value"),
            call=Call("q_update", (Q3, 3, 0, 2.5, 4, True, 0.4, 0.9)),
        ),
        tight_value(
            name="q_update of a self-loop (s_next = s) on the best action",
            covers=("old-table", "update-value"),
            call=Call("q_update", (Q3, 2, 1, 0.1, 2, False, 0.5, 0.8)),
        ),
        tight_value(
            name="q_update with alpha = 1 and gamma = 0",
            covers=("update-value",),
            call=Call("q_update", (Q3, 0, 0, 1.3, 4, False, 1.0, 0.0)),
        ),
        tight_value(
            name="q_update of an integer table",
            covers=("new-array",),
            call=Call("q_update", (np.arange(6).reshape(3, 2), 0, 1, 0.5, 2, False, 0.25, 0.9)),
        ),
        ShapeCheck(
            name="q_update returns a float64 array of the shape of Q",
            covers=("new-array",),
            expect="a float64 array of the shape of Q",
            call=Call("q_update", (np.arange(6).reshape(2, 3), 1, 1, 0.5, 0, True, 0.25, 0.9)),
        ),
        NoMutationCheck(
            name="q_update does not modify Q",
            covers=("no-mutation",),
            call=Call("q_update", (Q3.copy(), 1, 2, -0.7, 3, False, 0.3, 0.95)),
        ),
        exact_value(
            name="greedy_policy of a 5 x 3 table",
            covers=("greedy-value",),
            call=Call("greedy_policy", (Q3,)),
        ),
        exact_value(
            name="greedy_policy with ties in several positions",
            covers=("ties", "greedy-value"),
            call=Call("greedy_policy", (Q3_TIES,)),
        ),
        ShapeCheck(
            name="greedy_policy returns int64 (n_states,)",
            covers=("greedy-type",),
            expect="an int64 array of shape (n_states,)",
            call=Call("greedy_policy", (Q3_TIES,)),
        ),
    ),
)


# -- q4 ---------------------------------------------------------------------------------------
def generator(seed: int) -> NestedCall:
    """np.random.default_rng(seed), built in the sandbox."""
    return NestedCall("np.random.default_rng", (seed,))


# The StatisticalCheck's generator: np.random.default_rng(s) for the check's seed s, which the
# grader hands to torch.manual_seed before every call (so torch.initial_seed() returns it).
SEEDED_GENERATOR = NestedCall("np.random.default_rng", (NestedCall("torch.initial_seed"),))

Q4 = np.round(rng.normal(size=(12, 4)), 1)
Q4[3] = [0.5, 0.5, 0.5, 0.5]
Q4[7] = [-1.0, 2.0, 0.0, 2.0]
Q4[9] = [0.2, -0.3, 0.2, 0.1]
Q4_ROW = np.array([0.5, 2.0, 2.0, -1.0])  # greedy action 1 (a tie with 2)
EPS4 = 0.3
N4 = 10_000
SCHEDULE4 = (  # (label, covers, (step, eps_start, eps_end, decay_steps))
    ("at step 37 of 120 (0.9 -> 0.05)", ("schedule-value",), (37, 0.9, 0.05, 120)),
    ("at step 3 of 7 (0.3 -> 0.1)", ("schedule-value",), (3, 0.3, 0.1, 7)),
    ("exactly at decay_steps", ("schedule-floor",), (120, 0.9, 0.05, 120)),
    ("long after decay_steps", ("schedule-floor",), (5000, 0.8, 0.02, 300)),
    ("at step 0", ("schedule-value",), (0, 0.65, 0.1, 50)),
)
DRAWS = ("draws", "explore-rule", "greedy-included", "only-rng")
GREEDY4 = (  # (label, covers, q_values, epsilon, generator seed)
    ("of 12 states with epsilon 0.3, generator seed 5", (*DRAWS, "ties"), Q4, 0.3, 5),
    ("of 12 states with epsilon 0.8, generator seed 17", DRAWS, Q4, 0.8, 17),
    ("with epsilon 0 (greedy, ties to the lowest index)", ("ties", "explore-rule"), Q4, 0.0, 6),
    ("with epsilon 1 (every action random)", ("draws", "greedy-included"), Q4[:5], 1.0, 7),
    ("of a single state with 3 actions", ("draws", "explore-rule"), Q4[7:8, :3], 0.5, 8),
)
# exact action probabilities: 1 - eps + eps / 4 for the greedy action, eps / 4 for the others
PROBS4 = [EPS4 / 4, 1 - EPS4 + EPS4 / 4, EPS4 / 4, EPS4 / 4]


def one_hot_actions(actions: Any) -> np.ndarray:
    """One column per action: 1 where that action was taken (the check's 0/1 observations)."""
    if not isinstance(actions, np.ndarray) or actions.shape != (N4,):
        raise ValueError(f"the actions must be an array of shape (n,) with n = {N4}")
    return np.asarray(actions[:, None] == np.arange(4)[None, :], dtype=np.float64)


q4 = Question(
    "q4_epsilon_greedy",
    points=3,
    title="Epsilon-greedy exploration with a decaying schedule",
    checks=(
        *(
            tight_value(
                name=f"epsilon_schedule {label}",
                covers=covers,
                call=Call("epsilon_schedule", args),
            )
            for label, covers, args in SCHEDULE4
        ),
        FlagsCheck(
            name="epsilon_schedule returns a Python float",
            covers=("schedule-float",),
            python_type="float",
            call=Call("epsilon_schedule", (37, 0.9, 0.05, 120)),
        ),
        RaisesCheck(
            name="epsilon_schedule rejects a negative step",
            covers=("schedule-raises",),
            exception="ValueError",
            call=Call("epsilon_schedule", (-1, 0.9, 0.05, 120)),
        ),
        RaisesCheck(
            name="epsilon_schedule rejects decay_steps = 0",
            covers=("schedule-raises",),
            exception="ValueError",
            call=Call("epsilon_schedule", (10, 0.9, 0.05, 0)),
        ),
        *(
            exact_value(
                name=f"epsilon_greedy {label}",
                covers=covers,
                call=Call("epsilon_greedy", (q, eps, generator(seed))),
            )
            for label, covers, q, eps, seed in GREEDY4
        ),
        StatisticalCheck(
            name="action frequencies of 4 x 10000 epsilon-greedy draws (epsilon 0.3, a tie) "
            "match the exact probabilities",
            covers=("probabilities", "greedy-included", "ties"),
            call=Call(
                "epsilon_greedy", (NestedCall("np.tile", (Q4_ROW, (N4, 1))), EPS4, SEEDED_GENERATOR)
            ),
            seeds=(101, 102, 103, 104),
            seed_arg=None,
            what="the frequency of each action",
            observe=one_hot_actions,
            mean=PROBS4,
            proportion=True,
        ),
        ShapeCheck(
            name="epsilon_greedy returns int64 actions (n,)",
            covers=("actions-type",),
            expect="an int64 array of shape (n,)",
            call=Call("epsilon_greedy", (Q4, 0.3, generator(9))),
        ),
        NoMutationCheck(
            name="epsilon_greedy does not modify q_values",
            covers=("no-mutation",),
            call=Call("epsilon_greedy", (Q4.copy(), 0.3, generator(10))),
        ),
    ),
)


# -- q5 ---------------------------------------------------------------------------------------
def grid_mdp(
    layout: list[str], step: float = -1.0, apple: float = 10.0, slip: float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """P (4, S, S) and R (S, 4) of an apple grid ('.' free, '#' rock, 'A' apple). A move goes
    where intended with probability 1 - slip and to either perpendicular side with slip / 2;
    R is the expected reward (apple for landing on the apple, step otherwise)."""
    rows, cols = len(layout), len(layout[0])
    n = rows * cols
    P, R = np.zeros((4, n, n)), np.zeros((n, 4))
    moves = ((-1, 0), (0, 1), (1, 0), (0, -1))

    def land(i: int, j: int, k: int) -> int:
        ni, nj = i + moves[k][0], j + moves[k][1]
        if not (0 <= ni < rows and 0 <= nj < cols) or layout[ni][nj] == "#":
            return i * cols + j
        return ni * cols + nj

    for i in range(rows):
        for j in range(cols):
            s = i * cols + j
            for a in range(4):
                if layout[i][j] == "A":
                    P[a, s, s] = 1.0
                    continue
                for k, p in ((a, 1.0 - slip), ((a + 1) % 4, slip / 2), ((a + 3) % 4, slip / 2)):
                    if p > 0:
                        t = land(i, j, k)
                        P[a, s, t] += p
                        r, c = divmod(t, cols)
                        R[s, a] += p * (apple if layout[r][c] == "A" else step)
    return P, R


P5_ROCKS, R5_ROCKS = grid_mdp(["..#A", "....", ".#.."])
P5_SLIP, R5_SLIP = grid_mdp(["...", ".#.", "..A"], step=-0.1, apple=1.0, slip=0.2)
P5_OPEN, R5_OPEN = grid_mdp(["....", "....", "...A"])
# two states, two actions: in state 0 both actions end in the terminal state 1, with rewards 0.3
# and 0.1 + 0.2 (= 0.30000000000000004): a tie up to rounding, so the policy takes action 0
P5_ROUND = np.zeros((2, 2, 2))
P5_ROUND[:, :, 1] = 1.0
R5_ROUND = np.array([[0.3, 0.1 + 0.2], [0.0, 0.0]])
# values far from 1: in state 0 action 1 beats action 0 by 5e-7 at about 1000 (no tie: the tie
# tolerance is absolute), in state 1 both actions are negative (-3 and -2)
P5_FAR = np.zeros((2, 3, 3))
P5_FAR[:, :, 2] = 1.0
R5_FAR = np.array([[1000.0 - 5e-7, 1000.0], [-3.0, -2.0], [0.0, 0.0]])
# large values (apple 100) on a slippery grid: a relative stopping rule stops much earlier
P5_BIG, R5_BIG = grid_mdp(["....", ".#..", "...A"], step=-1.0, apple=100.0, slip=0.2)
# gamma = 0: sweep 1 changes V by exactly 0.5 = tol, so a second sweep is needed
P5_ONE = np.zeros((2, 2, 2))
P5_ONE[:, :, 0] = 1.0
R5_ONE = np.array([[0.5, -1.0], [0.25, 0.5]])

q5 = Question(
    "q5_value_iteration",
    points=4,
    title="Value iteration on the apple grid",
    checks=(
        tight_value(
            name="value_iteration on a 3 x 4 grid with two rocks, gamma 0.95",
            covers=(
                "v-value",
                "policy-value",
                "sweeps",
                "stopping",
                "start-zero",
                "synchronous",
                "p-layout",
                "rewards",
                "ties",
                "default-tol",
            ),
            call=Call("value_iteration", (P5_ROCKS, R5_ROCKS, 0.95)),
        ),
        tight_value(
            name="value_iteration on a slippery 3 x 3 grid (step -0.1, apple 1), tol 1e-8",
            covers=("v-value", "policy-value", "sweeps", "p-layout", "rewards", "synchronous"),
            call=Call("value_iteration", (P5_SLIP, R5_SLIP, 0.9), {"tol": 1e-8}),
        ),
        tight_value(
            name="value_iteration on the slippery grid stopped early (tol 1e-2)",
            covers=("stopping", "v-value", "sweeps", "start-zero"),
            call=Call("value_iteration", (P5_SLIP, R5_SLIP, 0.9, 1e-2)),
        ),
        tight_value(
            name="value_iteration on an open 3 x 4 grid (many tied paths), gamma 0.8",
            covers=("ties", "policy-value", "v-value"),
            call=Call("value_iteration", (P5_OPEN, R5_OPEN, 0.8)),
        ),
        exact_value(
            name="the greedy policy when two Q values differ only by rounding",
            covers=("ties",),
            part=(1,),
            call=Call("value_iteration", (P5_ROUND, R5_ROUND, 0.5)),
        ),
        exact_value(
            name="the greedy policy with Q values near 1000 and below 0",
            covers=("ties", "policy-value"),
            part=(1,),
            call=Call("value_iteration", (P5_FAR, R5_FAR, 0.5)),
        ),
        tight_value(
            name="value_iteration on a slippery grid with an apple worth 100, tol 1e-6",
            covers=("stopping", "sweeps", "v-value"),
            call=Call("value_iteration", (P5_BIG, R5_BIG, 0.95), {"tol": 1e-6}),
        ),
        tight_value(
            name="value_iteration with tol 100: one sweep, its values and their greedy policy",
            covers=("stopping", "sweeps", "policy-value", "start-zero"),
            call=Call("value_iteration", (P5_ROCKS, R5_ROCKS, 0.95, 100.0)),
        ),
        exact_value(
            name="value_iteration with gamma 0: the stopping rule when the change equals tol",
            covers=("stopping", "sweeps"),
            part=(2,),
            call=Call("value_iteration", (P5_ONE, R5_ONE, 0.0, 0.5)),
        ),
        FlagsCheck(
            name="sweeps is a Python int",
            covers=("sweeps",),
            part=(2,),
            python_type="int",
            call=Call("value_iteration", (P5_OPEN, R5_OPEN, 0.8)),
        ),
        ShapeCheck(
            name="value_iteration returns (float64 V, int64 policy, int sweeps)",
            covers=("v-value", "policy-value", "sweeps"),
            expect="the tuple (V, policy, sweeps): float64 (n_states,), int64 (n_states,), int",
            call=Call("value_iteration", (P5_SLIP, R5_SLIP, 0.9, 1e-2)),
        ),
        RaisesCheck(
            name="value_iteration rejects gamma = 1",
            covers=("raises",),
            exception="ValueError",
            call=Call("value_iteration", (P5_OPEN, R5_OPEN, 1.0)),
        ),
        RaisesCheck(
            name="value_iteration rejects tol = 0",
            covers=("raises",),
            exception="ValueError",
            call=Call("value_iteration", (P5_OPEN, R5_OPEN, 0.9, 0.0)),
        ),
        NoMutationCheck(
            name="value_iteration does not modify P or R",
            covers=("no-mutation",),
            call=Call("value_iteration", (P5_SLIP.copy(), R5_SLIP.copy(), 0.9, 1e-2)),
        ),
    ),
)

QUESTIONS = [q1, q2, q3, q4, q5]
