"""Checks graded by a statistic the grader computes from the returned value: after training,
the loss from the returned parameters (``LossThresholdCheck``); otherwise any named measure,
such as a KKT residual or a constraint violation (``ThresholdCheck``). Either must be at most a
threshold; a threshold derived from the reference's run is never printed by a hidden check."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from autograder.checks.base import PASS, Check, Verdict, fail
from autograder.checks.compare import kind_of
from autograder.checks.value import select
from autograder.exceptions import GraderError
from autograder.protocol.calls import Call, CallOutcome
from autograder.protocol.wire import TensorValue


def _plain(value: Any) -> Any:
    return value.array if isinstance(value, TensorValue) else value


@dataclass(frozen=True, kw_only=True)
class LossThresholdCheck(Check):
    """``loss(*params) <= threshold``, where ``params`` are parts of the returned value and
    ``loss`` is a trusted function: a submission's own report of its loss is never believed.

    The threshold is ``factor`` times the reference run's loss plus ``slack``, or ``threshold``.
    """

    call: Call
    params: tuple[tuple[int, ...], ...]
    loss: Callable[..., float]
    factor: float = 1.05
    slack: float = 0.0
    threshold: float | None = None
    kind: ClassVar[str] = "training"

    def calls(self) -> list[Call]:
        return [self.call]

    def _loss(self, value: Any) -> float | str:
        params = [_plain(select(value, p)) for p in self.params]
        for p, path in zip(params, self.params, strict=True):
            if not isinstance(p, (np.ndarray, float)):
                return f"{self.call.fn}(){list(path)} must be an array or float, got {kind_of(p)}."
            if not np.all(np.isfinite(p)):
                return f"{self.call.fn}(){list(path)} contains NaN or inf: training diverged."
        try:
            return float(self.loss(*params))
        except (ValueError, TypeError) as exc:
            return f"the returned parameters have the wrong shape: {exc}"

    def judge(self, student: Sequence[CallOutcome], reference: Sequence[CallOutcome]) -> Verdict:
        limit = self.threshold
        if limit is None:
            ref = self._loss(reference[0].value)
            if not isinstance(ref, float):
                raise GraderError(f"the reference's loss is not a float: {ref!r}")
            limit = self.factor * ref + self.slack
        got = self._loss(student[0].value)
        if isinstance(got, str):
            return fail(got)
        if got <= limit:
            return PASS
        what = self.describe()
        if self.threshold is None and not self.reveal:
            return fail(  # the student's own value would give the reference's away when close
                f"{what} is not within the required accuracy (at most "
                f"{self.factor:g} times the reference's{' plus a margin' if self.slack else ''})."
            )
        if not self.reveal:  # the statistic may measure a distance to a hidden value
            return fail(f"{what} is above the required {limit:g}, {_factor_band(got, limit)}.")
        digits = next(d for d in (6, 8, 10, 12, 17) if f"{got:.{d}g}" != f"{limit:.{d}g}")
        return fail(f"{what} is {got:.{digits}g}, above the required {limit:.{digits}g}.")

    def describe(self) -> str:
        return "after training, the loss computed by the grader from the returned parameters"


def _factor_band(got: float, limit: float) -> str:
    """How far above the limit, in coarse bands only (a hidden check's student's own value,
    printed exactly, would give away a hidden value the statistic measures a distance to)."""
    ratio = got / limit if limit > 0 else np.inf
    for bound, words in ((2.0, "by less than a factor of 2"), (10.0, "by a factor of 2 to 10")):
        if ratio < bound:
            return words
    return "by a factor of 10 to 100" if ratio < 100.0 else "by a factor of more than 100"


@dataclass(frozen=True, kw_only=True)
class ThresholdCheck(LossThresholdCheck):
    """``statistic(*parts) <= threshold`` for a value that involves no training: ``what``
    names the statistic in the message (e.g. "the KKT residual |Qx + c + A^T lam| + |Ax - b|")."""

    what: str
    kind: ClassVar[str] = "value"

    def describe(self) -> str:
        return f"{self.what}, computed by the grader from the value {self.call.fn}() returned,"
