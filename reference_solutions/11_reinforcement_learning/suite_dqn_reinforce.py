"""Hidden suite for 11_reinforcement_learning, continued from suite.py: questions 6 and 7.

A DQN loss of two-layer networks (functools.partial of a hidden test function, and
torch.nn.Sequential modules) with bool and float dones, with and without a target network, and
its gradient; REINFORCE on softmax bandits of other sizes, parameters and rewards than the
notebook's (logits of +-800, a single episode, zero episodes), and its estimate against the exact
gradient of a softmax bandit, computed here in closed form.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np

from autograder.authoring import (
    AutogradCheck,
    Call,
    Callable_,
    FlagsCheck,
    NestedCall,
    NoMutationCheck,
    Question,
    RaisesCheck,
    SeedCheck,
    ShapeCheck,
    StatisticalCheck,
    TensorArg,
    Tolerance,
    ValueCheck,
)

rng = np.random.default_rng(11_6_2026)  # question 6's networks and batch
TIGHT = Tolerance(1e-10, 1e-12)
tight_value = partial(ValueCheck, tol=TIGHT)

# -- q6 ---------------------------------------------------------------------------------------
N_S6, N_H6, N_A6, B6 = 3, 5, 4, 7
NAMES6 = ("W1", "b1", "W2", "b2")


def mlp_params(gen: np.random.Generator) -> tuple[np.ndarray, ...]:
    return (
        gen.normal(size=(N_S6, N_H6)),
        gen.normal(size=N_H6) * 0.5,
        gen.normal(size=(N_H6, N_A6)),
        gen.normal(size=N_A6) * 0.5,
    )


ONLINE6 = mlp_params(rng)
TARGET6 = mlp_params(rng)
STATES6 = rng.normal(size=(B6, N_S6))
ACTIONS6 = np.array([0, 3, 3, 1, 2, 0, 1])
REWARDS6 = np.array([0.1, -1.0, 0.7, 0.0, 2.3, -0.4, 1.1])
NEXT6 = rng.normal(size=(B6, N_S6))
DONES6 = np.array([0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0])


def mlp_net(params: tuple[np.ndarray, ...], grad: bool = False) -> NestedCall:
    """functools.partial(mlp_q, params) in the sandbox; with grad, its parameters are leaves
    named W1, b1, W2, b2 that the grader differentiates with respect to."""
    args = tuple(
        TensorArg(p, True, n) if grad else TensorArg(p) for p, n in zip(params, NAMES6, strict=True)
    )
    return NestedCall("functools.partial", (Callable_("course.mlp_q"), args))


def batch6(dones: np.ndarray = DONES6) -> tuple[TensorArg, ...]:
    return tuple(TensorArg(a) for a in (STATES6, ACTIONS6, REWARDS6, NEXT6, dones))


# torch.nn.Sequential Q-networks built in the sandbox from the call's seed, float64 (the dtype of
# a TensorArg, through torch.result_type) and moved to the device of the data (Module.to(tensor))
ANCHOR6 = TensorArg(np.zeros(1))
FLOAT64 = NestedCall("torch.result_type", (ANCHOR6, ANCHOR6))


def module_net() -> NestedCall:
    layers = (
        NestedCall("torch.nn.Linear", (N_S6, 6), {"dtype": FLOAT64}),
        NestedCall("torch.nn.Tanh"),
        NestedCall("torch.nn.Linear", (6, N_A6), {"dtype": FLOAT64}),
    )
    return NestedCall("torch.nn.Module.to", (NestedCall("torch.nn.Sequential", layers), ANCHOR6))


# GPU tolerances (`--device cuda`: the student's float64 run on a GPU, the reference on the CPU).
# A GPU sums in another order; modelled on the CPU by perturbing every input by 1e-12 relative
# (`python -m tests.gpu_noise 11_reinforcement_learning`, and the same for the gradients over five
# perturbations), the losses move by at most 1.8e-12 relative and the gradients by at most
# 1.4e-11 absolute (3.1e-10 relative on their smallest entries, about 0.02): the GPU tolerance
# (rtol 3e-10, atol 5e-10) leaves a factor of 45 or more above that on every entry, and every
# mutant and variant of q6 still fails under it (tests/test_gpu_tolerance.py). The module
# networks are built on the CPU from the call's seed and then moved: their weights are the same
# on a GPU.
LOSS6 = Tolerance(1e-10, 1e-12, gpu=(3e-10, 5e-10))

DQN6 = Call("dqn_loss", (mlp_net(ONLINE6), mlp_net(TARGET6), batch6(), 0.95))
MODULES6 = Call("dqn_loss", (module_net(), module_net(), batch6(), 0.9), seed=61)
q6 = Question(
    "q6_dqn_loss",
    points=4,
    title="The DQN loss with a frozen target network",
    checks=(
        ValueCheck(
            name="dqn_loss of two-layer networks, 7 transitions (2 terminal), gamma 0.95",
            covers=("loss-value", "target", "gather", "terminal", "callables", "device"),
            tol=LOSS6,
            call=DQN6,
        ),
        ValueCheck(
            name="dqn_loss with bool dones",
            covers=("dones-types", "terminal"),
            tol=LOSS6,
            call=Call(
                "dqn_loss",
                (mlp_net(ONLINE6), mlp_net(TARGET6), batch6(DONES6.astype(bool)), 0.9),
            ),
        ),
        ValueCheck(
            name="dqn_loss when every transition is terminal",
            covers=("terminal", "loss-value"),
            tol=LOSS6,
            call=Call("dqn_loss", (mlp_net(ONLINE6), mlp_net(TARGET6), batch6(np.ones(B6)), 0.99)),
        ),
        ValueCheck(
            name="dqn_loss without a target network (target_net=None)",
            covers=("none-target", "loss-value"),
            tol=LOSS6,
            call=Call("dqn_loss", (mlp_net(ONLINE6), None, batch6(), 0.8)),
        ),
        ValueCheck(
            name="dqn_loss of torch.nn.Sequential networks",
            covers=("callables", "loss-value", "device"),
            tol=LOSS6,
            call=MODULES6,
        ),
        AutogradCheck(
            name="gradient of dqn_loss w.r.t. the online network's W1, b1, W2, b2",
            covers=("graph", "gather", "target", "no-backward"),
            tol=LOSS6,
            call=Call(
                "dqn_loss", (mlp_net(ONLINE6, True), mlp_net(TARGET6), batch6(), 0.95), seed=62
            ),
        ),
        AutogradCheck(
            name="gradient with target_net=None: the targets are constants (semi-gradient)",
            covers=("no-grad-target", "none-target", "graph", "no-backward"),
            tol=LOSS6,
            call=Call("dqn_loss", (mlp_net(ONLINE6, True), None, batch6(), 0.9), seed=63),
        ),
        ShapeCheck(
            name="dqn_loss returns a 0-d float64 tensor",
            covers=("zero-d",),
            expect="a 0-d float64 tensor",
            call=DQN6,
        ),
        FlagsCheck(
            name="the loss of torch.nn.Sequential networks requires grad",
            covers=("graph",),
            requires_grad=True,
            call=MODULES6,
        ),
        NoMutationCheck(
            name="dqn_loss modifies neither the batch nor the torch.nn.Module networks",
            covers=("no-mutation", "no-backward"),
            call=Call("dqn_loss", (module_net(), module_net(), batch6(), 0.9), seed=64),
        ),
    ),
)

# -- q7 ---------------------------------------------------------------------------------------
THETA7 = np.array([1.0, -1.0, 0.3])
MU7 = np.array([2.0, -1.0, 0.5])
N7 = 15_000  # expected distance of the 5 %-epsilon-soft variant: 10 sigma (the bound: 5.1)
N7_DEFAULTS = 10_000
SEEDS7 = (31, 32, 33, 34)


def softmax(theta: np.ndarray) -> np.ndarray:
    z = np.exp(theta - theta.max())
    return np.asarray(z / z.sum(), dtype=np.float64)


def exact_gradient(theta: np.ndarray, mu: np.ndarray) -> np.ndarray:
    """grad J = pi * (mu - pi . mu): the policy gradient of the softmax bandit in closed form."""
    pi = softmax(theta)
    return np.asarray(pi * (mu - pi @ mu), dtype=np.float64)


def estimate_sd(theta: np.ndarray, mu: np.ndarray, b: float, sd: float, n: int) -> np.ndarray:
    """Exact standard deviation of each component of the N-episode estimate: one episode gives
    X_k = (R - b)(1[a = k] - pi_k) with E[X_k^2] = sum_a pi_a ((mu_a - b)^2 + sd^2)
    (1[a = k] - pi_k)^2; the mean of n of them has variance Var[X_k] / n."""
    pi = softmax(theta)
    k = len(pi)
    score2 = (np.eye(k) - pi[None, :]) ** 2  # row a, column k
    second = (pi * ((mu - b) ** 2 + sd**2)) @ score2
    return np.asarray(np.sqrt((second - exact_gradient(theta, mu) ** 2) / n), dtype=np.float64)


def gradient_vector(g: Any) -> np.ndarray:
    """The returned estimate as one observation of K components, or a clean failure."""
    if not isinstance(g, np.ndarray) or g.shape != THETA7.shape:
        raise ValueError("the estimate must be an array of shape (K,)")
    return g.reshape(1, -1)


THETA7_B = np.array([0.4, -0.2, 1.1, 0.0, -1.5])
ACTIONS7 = np.array([2, 0, 4, 2, 1, 3, 2, 0])
REWARDS7 = np.array([1.3, -0.2, 0.7, 2.1, 0.0, -1.1, 0.9, 0.4])
q7 = Question(
    "q7_reinforce",
    points=4,
    title="REINFORCE on a softmax bandit",
    checks=(
        tight_value(
            name="softmax_policy of 5 parameters",
            covers=("softmax-value",),
            call=Call("softmax_policy", (THETA7_B,)),
        ),
        tight_value(
            name="softmax_policy of (800, 799, -800, 0)",
            covers=("softmax-stable", "softmax-value"),
            call=Call("softmax_policy", (np.array([800.0, 799.0, -800.0, 0.0]),)),
        ),
        ShapeCheck(
            name="softmax_policy returns a float64 array (K,)",
            covers=("softmax-value",),
            expect="a float64 array of shape (K,)",
            call=Call("softmax_policy", (THETA7_B,)),
        ),
        tight_value(
            name="score_function of 8 actions over 5 arms",
            covers=("score-value",),
            call=Call("score_function", (THETA7_B, ACTIONS7)),
        ),
        ShapeCheck(
            name="score_function returns a float64 array (N, K)",
            covers=("score-type",),
            expect="a float64 array of shape (N, K)",
            call=Call("score_function", (THETA7_B, ACTIONS7[:3])),
        ),
        tight_value(
            name="reinforce_estimate of 8 episodes with baseline 0.7",
            covers=("estimate-value",),
            call=Call("reinforce_estimate", (THETA7_B, ACTIONS7, REWARDS7, 0.7)),
        ),
        tight_value(
            name="reinforce_estimate with the default baseline",
            covers=("estimate-value",),
            call=Call("reinforce_estimate", (THETA7_B, ACTIONS7, REWARDS7)),
        ),
        tight_value(
            name="reinforce_estimate of a single episode",
            covers=("estimate-value",),
            call=Call(
                "reinforce_estimate", (THETA7_B, ACTIONS7[:1], REWARDS7[:1]), {"baseline": -0.5}
            ),
        ),
        RaisesCheck(
            name="reinforce_estimate rejects zero episodes",
            covers=("estimate-raises",),
            exception="ValueError",
            call=Call(
                "reinforce_estimate", (THETA7_B, np.zeros(0, dtype=np.int64), np.zeros(0)), {}
            ),
        ),
        NoMutationCheck(
            name="reinforce_estimate does not modify its arguments",
            covers=("no-mutation",),
            call=Call(
                "reinforce_estimate", (THETA7_B.copy(), ACTIONS7.copy(), REWARDS7.copy(), 0.7)
            ),
        ),
        StatisticalCheck(
            name="mean of reinforce_gradient over 4 seeds x 15000 episodes (baseline 1, "
            "reward_std 0.5) matches the exact gradient",
            covers=("gradient-unbiased", "sampling", "seed"),
            call=Call(
                "reinforce_gradient", (THETA7, MU7, N7), {"baseline": 1.0, "reward_std": 0.5}
            ),
            seeds=SEEDS7,
            what="the mean of the REINFORCE estimates",
            observe=gradient_vector,
            mean=exact_gradient(THETA7, MU7).tolist(),
            sigma=estimate_sd(THETA7, MU7, 1.0, 0.5, N7).tolist(),
        ),
        StatisticalCheck(
            name="mean of reinforce_gradient over 4 seeds x 10000 episodes with the default "
            "baseline and reward_std",
            covers=("gradient-unbiased", "sampling"),
            call=Call("reinforce_gradient", (THETA7, MU7, N7_DEFAULTS)),
            seeds=(41, 42, 43, 44),
            what="the mean of the REINFORCE estimates",
            observe=gradient_vector,
            mean=exact_gradient(THETA7, MU7).tolist(),
            sigma=estimate_sd(THETA7, MU7, 0.0, 1.0, N7_DEFAULTS).tolist(),
        ),
        SeedCheck(
            name="reinforce_gradient depends on its seed alone and leaves the global RNGs alone",
            covers=("seed",),
            seed_arg="seed",
            call=Call("reinforce_gradient", (THETA7, MU7, 50), {"seed": 0}),
        ),
        ShapeCheck(
            name="reinforce_gradient returns a float64 array (K,)",
            covers=("gradient-type",),
            expect="a float64 array of shape (K,)",
            call=Call("reinforce_gradient", (THETA7_B, np.arange(5.0), 30, 5)),
        ),
        NoMutationCheck(
            name="reinforce_gradient does not modify theta or arm_means",
            covers=("no-mutation",),
            call=Call("reinforce_gradient", (THETA7.copy(), MU7.copy(), 40, 6)),
        ),
    ),
)

QUESTIONS = [q6, q7]
