"""The statistical check's calibration: the exact sampler passes on 1,000 seeds under every
bound (proportion, bounded, known sigma, whole distribution), and biased samplers (a 2 % bias on
a probability, an inverted dropout without its 1/(1 - p) scale, a variance off by 3 %) fail."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray
from scipy import stats

from autograder.checks import StatisticalCheck
from autograder.protocol.calls import Call, CallOutcome
from tests.test_checks import run

Sampler = Callable[[int], NDArray[np.float64]]


def judge_on_seeds(check: StatisticalCheck, sampler: Sampler) -> bool:
    """Judge ``check`` on the sampler's outputs for the check's own seeds (no wire round trip:
    the calibration runs thousands of checks); the outputs stand in for the reference's too,
    which the check asks only for the number of samples."""
    outcomes = [CallOutcome(ok=True, value=sampler(seed)) for seed in check.seeds]
    return check.judge(outcomes, outcomes).passed


def bernoulli(p: float, n: int) -> Sampler:
    return lambda seed: (np.random.default_rng(seed).random(n) < p).astype(np.float64)


def dropout(p: float, n: int, scale: bool = True) -> Sampler:
    def sample(seed: int) -> NDArray[np.float64]:
        keep = np.random.default_rng(seed).random(n) >= p
        out: NDArray[np.float64] = np.where(keep, 2.0 / (1 - p) if scale else 2.0, 0.0)
        return out

    return sample


def gaussian(sd: float, n: int) -> Sampler:
    return lambda seed: np.random.default_rng(seed).normal(1.0, sd, n)


def identity(x: Any) -> Any:
    return x


def check(seeds: tuple[int, ...], **bound: Any) -> StatisticalCheck:
    return StatisticalCheck(
        name="s", call=Call("sample", (0,)), what="the mean", observe=identity, seeds=seeds, **bound
    )


BOUNDS: dict[str, tuple[dict[str, Any], Sampler, Sampler]] = {
    # name: (bound, exact sampler, biased sampler)
    "proportion": (
        {"mean": 0.5, "proportion": True},
        bernoulli(0.5, 25_000),
        bernoulli(0.51, 25_000),  # a 2 % bias on the probability
    ),
    "bounded": (
        {"mean": 2.0, "value_range": (0.0, 2.0 / 0.7)},
        dropout(0.3, 25_000),
        dropout(0.3, 25_000, scale=False),  # inverted dropout without 1 / (1 - p)
    ),
    "sigma": (
        {"mean": 0.5, "sigma": 0.5},
        bernoulli(0.5, 25_000),
        bernoulli(0.51, 25_000),
    ),
    "cdf": (
        {"cdf": stats.norm(1.0, 2.0).cdf},
        gaussian(2.0, 25_000),
        gaussian(2.2, 25_000),  # the standard deviation 10 % too large
    ),
}


@pytest.mark.parametrize("bound", sorted(BOUNDS))
def test_the_exact_sampler_passes_on_1000_seeds(bound: str) -> None:
    spec, exact, _ = BOUNDS[bound]
    failures = [s for s in range(1000) if not judge_on_seeds(check((s,), **spec), exact)]
    assert failures == []


@pytest.mark.parametrize("bound", sorted(BOUNDS))
def test_a_biased_sampler_fails_on_the_recorded_seeds(bound: str) -> None:
    spec, exact, biased = BOUNDS[bound]
    seeds = (11, 12, 13, 14)
    assert judge_on_seeds(check(seeds, **spec), exact)
    assert not judge_on_seeds(check(seeds, **spec), biased)


def sample_dropout(x: NDArray[np.float64], p: float, seed: int = 0) -> NDArray[np.float64]:
    keep = np.random.default_rng(seed).random(x.shape) >= p
    out: NDArray[np.float64] = np.where(keep, x / (1 - p), 0.0)
    return out


def unscaled_dropout(x: NDArray[np.float64], p: float, seed: int = 0) -> NDArray[np.float64]:
    keep = np.random.default_rng(seed).random(x.shape) >= p
    out: NDArray[np.float64] = np.where(keep, x, 0.0)
    return out


def dropout_mean_check(n: int) -> StatisticalCheck:
    """E[dropout(x)] = x for x = 2 (n entries), p = 0.3, by Hoeffding's bound."""
    return StatisticalCheck(
        name="E[dropout(x)] = x",
        call=Call("dropout", (np.full(n, 2.0), 0.3)),
        what="the mean of dropout(x, p = 0.3)",
        observe=identity,
        mean=2.0,
        value_range=(0.0, 2.0 / 0.7),
    )


def test_through_the_sandbox_protocol_with_a_message_a_student_can_act_on() -> None:
    dropout_check = dropout_mean_check(50_000)
    reference = {"dropout": sample_dropout}
    assert run(dropout_check, {"dropout": sample_dropout}, reference).passed
    unscaled = run(dropout_check, {"dropout": unscaled_dropout}, reference)
    assert not unscaled.passed
    assert unscaled.message.startswith(
        "the mean of dropout(x, p = 0.3), estimated from 200,000 samples over 4 seeds, is 1.39863: "
        "further from the exact value than chance allows"
    )
    assert "exact value is" not in unscaled.message  # hidden: the expectation is not printed


def test_a_bound_must_be_given() -> None:
    with pytest.raises(ValueError, match="one bound"):
        StatisticalCheck(name="s", call=Call("f"), what="m", observe=identity, mean=1.0)


def test_a_vector_mean_is_tested_per_component_with_its_own_sigma() -> None:
    mu, sd = np.array([1.0, -2.0]), np.array([0.5, 3.0])

    def exact(seed: int) -> NDArray[np.float64]:
        return np.random.default_rng(seed).normal(mu, sd, (20_000, 2))

    def shifted(seed: int) -> NDArray[np.float64]:
        out: NDArray[np.float64] = exact(seed) + np.array([0.0, 0.1])  # mean 2 off by sd / 30
        return out

    vector = check((1, 2, 3, 4), mean=mu.tolist(), sigma=sd.tolist())
    assert judge_on_seeds(vector, exact)
    assert not judge_on_seeds(vector, shifted)
    outcomes = [CallOutcome(ok=True, value=shifted(s)) for s in vector.seeds]
    assert "(component 1)" in vector.judge(outcomes, outcomes).message


def first_sample(x: NDArray[np.float64], p: float, seed: int = 0) -> NDArray[np.float64]:
    return sample_dropout(x, p, seed)[:1]


def test_too_few_samples_fail_whatever_their_mean() -> None:
    """One sample (a lazy answer returning a constant) would pass any bound: the number of
    samples must be the reference's."""
    verdict = run(dropout_mean_check(1_000), {"dropout": first_sample}, {"dropout": sample_dropout})
    assert not verdict.passed
    assert verdict.message == (
        "dropout() with seed 1 returned 1 samples: not the number of samples the task asks for."
    )
