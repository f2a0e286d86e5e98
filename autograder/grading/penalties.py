"""Late penalties: what lateness costs. A penalty is any callable
``(lateness, score, max_score) -> score``, called for late attempts only; these are the ones a
policy file can name (:mod:`autograder.grading.policy_file`). The policy clamps what a penalty
returns to [0, score] (:mod:`autograder.grading.policies`)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from autograder.exceptions import UsageError

PenaltyFunction = Callable[[timedelta, float, float], float]
"""``(lateness, score, max_score) -> score``; called for late attempts only (lateness > 0)."""

UNITS = {"hour": timedelta(hours=1), "day": timedelta(days=1)}


class PolicyError(UsageError):
    """A policy that cannot be used; the one-line message names the field."""


@dataclass(frozen=True)
class NoPenalty:
    """Late attempts keep their score (the default)."""

    def __call__(self, lateness: timedelta, score: float, max_score: float) -> float:
        return score


@dataclass(frozen=True)
class ZeroPenalty:
    """An attempt after the due date scores 0."""

    def __call__(self, lateness: timedelta, score: float, max_score: float) -> float:
        return 0.0


@dataclass(frozen=True)
class LinearPenalty:
    """``percent`` of the maximum score off per hour or day late, at most ``cap`` percent in all.

    A started hour or day counts in full (``whole_units``); with ``whole_units=False`` lateness
    counts pro rata (90 minutes are 1.5 hours)."""

    percent: float
    per: Literal["hour", "day"] = "day"
    cap: float = 100.0
    whole_units: bool = True

    def __post_init__(self) -> None:
        if not finite_number(self.percent) or self.percent < 0:
            raise PolicyError(f"late.percent: expected a number >= 0, got {self.percent!r}")
        if self.per not in UNITS:
            raise PolicyError(f"late.per: expected 'hour' or 'day', got {self.per!r}")
        if not finite_number(self.cap) or not 0 <= self.cap <= 100:
            raise PolicyError(f"late.cap: expected a percentage from 0 to 100, got {self.cap!r}")

    def units(self, lateness: timedelta) -> float:
        exact = lateness / UNITS[self.per]
        return float(math.ceil(exact)) if self.whole_units else exact

    def deduction(self, lateness: timedelta, max_score: float) -> float:
        """Points taken off for this lateness."""
        return max_score * min(self.percent * self.units(lateness), self.cap) / 100

    def __call__(self, lateness: timedelta, score: float, max_score: float) -> float:
        return max(score - self.deduction(lateness, max_score), 0.0)


@dataclass(frozen=True)
class FunctionPenalty:
    """A plug-in penalty, named ``module:function`` so that a policy file can name it again."""

    function: PenaltyFunction
    name: str

    def __call__(self, lateness: timedelta, score: float, max_score: float) -> float:
        return self.function(lateness, score, max_score)


def finite_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
