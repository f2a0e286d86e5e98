"""11_reinforcement_learning: the reference reproduces every number the notebook quotes.

The catalog's values for chapter 14 (the lecture's column-stochastic chain P = [[0.3, 0.4],
[0.7, 0.6]] takes s0 = (0, 1) to (0.4, 0.6); its stationary distribution (4/11, 7/11), verified;
the rewards-to-go of r = (1, 1, 1) with gamma 0.9 are (2.71, 1.9, 1.0)), the lecture's moving
average erratum (.sum() instead of the mean), and the worked examples of every question, each
checked against an independent derivation. In process, no sandbox; well under a second.
"""

from __future__ import annotations

import math
from types import ModuleType

import numpy as np
import pytest
import torch

from autograder.course import Assignment
from tests.helpers import ROOT

P_LECTURE = np.array([[0.3, 0.4], [0.7, 0.6]])


@pytest.fixture(scope="module")
def ref() -> ModuleType:
    return Assignment.load("11_reinforcement_learning", ROOT).reference_module


def test_markov_step_of_the_lecture_chain(ref: ModuleType) -> None:
    np.testing.assert_allclose(ref.markov_step(P_LECTURE, np.array([0.0, 1.0])), [0.4, 0.6])
    np.testing.assert_allclose(ref.markov_step(P_LECTURE, np.array([0.0, 1.0]), 2), [0.36, 0.64])
    # the row-stochastic reading s @ P is the mistake the notebook warns about
    assert not np.allclose(np.array([0.0, 1.0]) @ P_LECTURE, [0.4, 0.6])


def test_stationary_distribution_is_4_11_and_7_11(ref: ModuleType) -> None:
    pi = ref.stationary(P_LECTURE)
    np.testing.assert_allclose(pi, [4 / 11, 7 / 11], rtol=1e-12)
    np.testing.assert_allclose(P_LECTURE @ pi, pi, atol=1e-15)
    assert f"{pi[0]:.6f}" == "0.363636" and f"{pi[1]:.6f}" == "0.636364"
    np.testing.assert_allclose(ref.stationary(np.array([[0.0, 1.0], [1.0, 0.0]])), [0.5, 0.5])


def test_rewards_to_go_and_episode_boundaries(ref: ModuleType) -> None:
    np.testing.assert_allclose(ref.discounted_returns(np.ones(3), 0.9), [2.71, 1.9, 1.0])
    cut = ref.discounted_returns(np.ones(3), 0.9, np.array([False, True, False]))
    np.testing.assert_allclose(cut, [1.9, 1.0, 1.0])


def test_moving_average_is_a_mean_not_the_lectures_sum(ref: ModuleType) -> None:
    x = np.array([1.0, 2.0, 3.0, 4.0])
    np.testing.assert_allclose(ref.moving_average(x, 2), [1.0, 1.5, 2.5, 3.5])
    erratum = [x[max(0, t - 1) : t + 1].sum() for t in range(4)]
    assert erratum == [1.0, 3.0, 5.0, 7.0]


def test_q_learning_worked_example(ref: ModuleType) -> None:
    Q = np.array([[0.0, 0.0], [2.0, 4.0], [0.0, 0.0]])
    assert ref.q_update(Q, 0, 1, 1.0, 1, False, 0.5, 0.9)[0, 1] == pytest.approx(2.3, abs=1e-15)
    assert ref.q_update(Q, 0, 1, 1.0, 1, True, 0.5, 0.9)[0, 1] == 0.5
    assert Q[0, 1] == 0.0
    greedy = ref.greedy_policy(np.array([[0.0, 2.3], [2.0, 4.0], [0.0, 0.0]]))
    assert greedy.tolist() == [1, 1, 0]


def test_epsilon_schedule_and_probabilities(ref: ModuleType) -> None:
    values = [ref.epsilon_schedule(t, 1.0, 0.1, 100) for t in (0, 50, 100, 150)]
    assert values == pytest.approx([1.0, 0.55, 0.1, 0.1], abs=1e-15)
    actions = ref.epsilon_greedy(
        np.tile([1.0, 3.0, 3.0, 0.0], (40_000, 1)), 0.2, np.random.default_rng(3)
    )
    freq = np.bincount(actions, minlength=4) / 40_000
    exact = np.array([0.05, 0.85, 0.05, 0.05])
    assert np.all(np.abs(freq - exact) < 5.5 * np.sqrt(exact * (1 - exact) / 40_000))


def test_value_iteration_on_the_2_by_3_apple_grid(ref: ModuleType) -> None:
    P, R = ref_grid()
    V, policy, sweeps = ref.value_iteration(P, R, 0.9)
    np.testing.assert_allclose(V, [6.2, 8.0, 10.0, 8.0, 10.0, 0.0], atol=1e-14)
    assert policy.tolist() == [1, 1, 2, 1, 1, 0] and sweeps == 4 and type(sweeps) is int


def ref_grid() -> tuple[np.ndarray, np.ndarray]:
    """The worked example's 2 x 3 grid (apple in cell 5), written out by hand."""
    P, R = np.zeros((4, 6, 6)), np.full((6, 4), -1.0)
    nxt = {  # state: (up, right, down, left)
        0: (0, 1, 3, 0),
        1: (1, 2, 4, 0),
        2: (2, 2, 5, 1),
        3: (0, 4, 3, 3),
        4: (1, 5, 4, 3),
        5: (5, 5, 5, 5),
    }
    for s, targets in nxt.items():
        for a, t in enumerate(targets):
            P[a, s, t] = 1.0
            R[s, a] = 0.0 if s == 5 else (10.0 if t == 5 else -1.0)
    return P, R


def test_dqn_loss_worked_example(ref: ModuleType) -> None:
    W = torch.tensor([[1.0, -1.0], [0.5, 2.0]], dtype=torch.float64, requires_grad=True)
    batch = (
        torch.tensor([[1.0, 0.0], [0.0, 1.0]], dtype=torch.float64),
        torch.tensor([1, 0]),
        torch.tensor([1.0, -1.0], dtype=torch.float64),
        torch.tensor([[0.5, 2.0], [3.0, 1.0]], dtype=torch.float64),
        torch.tensor([0.0, 1.0], dtype=torch.float64),
    )
    loss = ref.dqn_loss(lambda s: s @ W, lambda s: s, batch, 0.9)
    assert loss.item() == pytest.approx(((2.8 + 1) ** 2 + 1.5**2) / 2, abs=1e-14)
    assert loss.item() == pytest.approx(8.345, abs=1e-14)
    loss.backward()
    assert W.grad is not None
    np.testing.assert_allclose(W.grad.numpy(), [[0.0, -3.8], [1.5, 0.0]], atol=1e-14)
    alone = ref.dqn_loss(lambda s: s @ W, None, batch, 0.9)
    assert alone.item() == pytest.approx(14.38625, abs=1e-13)


def test_reinforce_worked_example(ref: ModuleType) -> None:
    theta = np.array([0.0, 0.0, math.log(2.0)])
    mu = np.array([1.0, 0.0, 2.0])
    pi = ref.softmax_policy(theta)
    np.testing.assert_allclose(pi, [0.25, 0.25, 0.5], atol=1e-15)
    value = pi @ mu
    assert value == pytest.approx(1.25)
    np.testing.assert_allclose(pi * (mu - value), [-0.0625, -0.3125, 0.375], atol=1e-15)
    # the exact gradient against central differences of J(theta)
    h = 1e-6
    fd = [
        (ref.softmax_policy(theta + h * e) @ mu - ref.softmax_policy(theta - h * e) @ mu) / (2 * h)
        for e in np.eye(3)
    ]
    np.testing.assert_allclose(fd, pi * (mu - value), atol=1e-9)
    scores = ref.score_function(theta, np.array([2, 0]))
    np.testing.assert_allclose(scores, [[-0.25, -0.25, 0.5], [0.75, -0.25, -0.5]], atol=1e-15)
    estimate = ref.reinforce_estimate(theta, np.array([2, 0]), np.array([3.0, 1.0]), 1.0)
    np.testing.assert_allclose(estimate, [-0.25, -0.25, 0.5], atol=1e-15)
