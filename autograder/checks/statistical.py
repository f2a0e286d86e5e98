"""Statistical checks for stochastic answers (sampling, dropout masks, Monte-Carlo estimates).

The student's function runs on a fixed, recorded list of seeds, so a regrade sees the very same
samples. A trusted ``observe`` turns each returned value into i.i.d. observations, and their
mean (per component) is compared with the exact expectation by a bound whose false-fail rate
``false_fail`` is stated (default 1e-6 per check, split over the components):

- ``proportion``: 0/1 observations, exact two-sided binomial quantiles;
- ``value_range=(a, b)``: bounded observations, Hoeffding's inequality (no assumption at all);
- ``sigma``: the exact standard deviation of one observation, a two-sided z bound (normal
  approximation of the mean, accurate for the sample sizes used here);
- ``cdf``: the whole distribution of 1-D observations against an exact CDF, by the
  Dvoretzky-Kiefer-Wolfowitz-Massart bound on the largest CDF difference.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar

import numpy as np

from autograder.checks.base import PASS, Check, Verdict, fail
from autograder.protocol.calls import Call, CallOutcome
from autograder.protocol.wire import TensorValue


def _plain(value: Any) -> Any:
    if isinstance(value, TensorValue):
        return value.array
    if type(value) in (tuple, list):
        return type(value)(_plain(v) for v in value)
    return value


@dataclass(frozen=True, kw_only=True)
class StatisticalCheck(Check):
    """The mean of ``observe(output)`` over the seeds matches the exact ``mean`` within what
    chance allows at ``false_fail``; or, with ``cdf``, the observations follow that CDF."""

    call: Call
    what: str
    observe: Callable[[Any], Any]
    mean: float | Sequence[float] | None = None
    sigma: float | Sequence[float] | None = None
    value_range: tuple[float, float] | None = None
    proportion: bool = False
    cdf: Callable[[np.ndarray], np.ndarray] | None = None
    seeds: tuple[int, ...] = (1, 2, 3, 4)
    seed_arg: str | None = "seed"
    false_fail: float = 1e-6
    kind: ClassVar[str] = "statistical"

    def __post_init__(self) -> None:
        bounds = [self.sigma is not None, self.value_range is not None, self.proportion]
        if self.cdf is None and (self.mean is None or sum(bounds) != 1):
            raise ValueError(
                f"{self.name}: give the exact mean and one bound (sigma, value_range or "
                f"proportion), or a cdf"
            )
        if not 0 < self.false_fail < 0.01 or not self.seeds:
            raise ValueError(f"{self.name}: false_fail must be in (0, 0.01), seeds non-empty")

    def calls(self) -> list[Call]:
        if self.seed_arg is None:
            return [replace(self.call, seed=s) for s in self.seeds]
        kwargs = dict(self.call.kwargs)
        return [replace(self.call, kwargs={**kwargs, self.seed_arg: s}, seed=s) for s in self.seeds]

    def _observations(
        self, student: Sequence[CallOutcome], reference: Sequence[CallOutcome]
    ) -> np.ndarray | str:
        parts = []
        for outcome in student:
            try:
                obs = np.asarray(self.observe(_plain(outcome.value)), dtype=np.float64)
            except (ValueError, TypeError, IndexError, KeyError, AttributeError) as exc:
                return (
                    f"{self.call.fn}() returned something that cannot be read as samples "
                    f"({type(exc).__name__}: {exc})."
                )
            parts.append(obs.reshape(len(obs), -1) if obs.ndim else obs.reshape(1, 1))
        if len({p.shape[1] for p in parts}) != 1:
            return f"{self.call.fn}() returned samples of different shapes for different seeds."
        for seed, part, ref in zip(self.seeds, parts, reference, strict=True):
            wanted = len(np.asarray(self.observe(_plain(ref.value))).reshape(-1, part.shape[1]))
            if len(part) != wanted:  # a few samples would pass any bound: too few is wrong
                asked = f" (the task asks for {wanted:,})" if self.reveal else ""
                return (
                    f"{self.call.fn}() with seed {seed} returned {len(part):,} samples{asked}: "
                    f"not the number of samples the task asks for."
                )
        data = np.concatenate(parts)
        if not np.all(np.isfinite(data)):
            return f"{self.call.fn}() returned samples that contain NaN or inf."
        return data

    def judge(self, student: Sequence[CallOutcome], reference: Sequence[CallOutcome]) -> Verdict:
        data = self._observations(student, reference)
        if isinstance(data, str):
            return fail(data)
        n, k = data.shape
        source = f"estimated from {n:,} samples over {len(self.seeds)} seeds"
        if self.cdf is not None:
            return self._distribution(data[:, 0], source)
        means = data.mean(axis=0)
        exact = np.broadcast_to(np.asarray(self.mean, dtype=np.float64), (k,))
        sigmas = np.broadcast_to(np.asarray(self.sigma or 0.0, dtype=np.float64), (k,))
        alpha = self.false_fail / k
        for j in range(k):
            off, allowed = self._outside(data[:, j], float(exact[j]), float(sigmas[j]), alpha)
            if off:
                where = f" (component {j})" if k > 1 else ""
                shown = f"; the exact value is {exact[j]:.6g}" if self.reveal else ""
                return fail(
                    f"{self.what}{where}, {source}, is {means[j]:.6g}: further from the exact "
                    f"value than chance allows (about ±{allowed:.2g} at a false-fail rate of "
                    f"{self.false_fail:g}){shown}. The sampler is biased: check its "
                    f"probabilities, scale factors and parameters."
                )
        return PASS

    def _outside(
        self, x: np.ndarray, exact: float, sigma: float, alpha: float
    ) -> tuple[bool, float]:
        from scipy import stats  # 0.85 s to import: only where a statistical check is judged

        n = len(x)
        if self.proportion:
            lo = stats.binom.ppf(alpha / 2, n, exact)
            hi = stats.binom.isf(alpha / 2, n, exact)
            count = float(np.sum(x))
            return bool(count < lo or count > hi), float(hi - lo) / (2 * n)
        if self.value_range is not None:
            a, b = self.value_range
            t = (b - a) * np.sqrt(np.log(2 / alpha) / (2 * n))
        else:
            t = float(stats.norm.isf(alpha / 2)) * sigma / np.sqrt(n)
        return bool(abs(float(x.mean()) - exact) > t), float(t)

    def _distribution(self, x: np.ndarray, source: str) -> Verdict:
        assert self.cdf is not None
        n = len(x)
        xs = np.sort(x)
        f = np.asarray(self.cdf(xs), dtype=np.float64)
        upper = np.arange(1, n + 1) / n - f
        lower = f - np.arange(0, n) / n
        gap = float(max(upper.max(), lower.max()))
        eps = float(np.sqrt(np.log(2 / self.false_fail) / (2 * n)))
        if gap <= eps:
            return PASS
        return fail(
            f"the distribution of {self.what}, {source}, differs from the exact one by more "
            f"than chance allows (largest CDF gap {gap:.3g}, at most {eps:.2g} at a false-fail "
            f"rate of {self.false_fail:g}). Check the sampler's parameters and transformation."
        )
