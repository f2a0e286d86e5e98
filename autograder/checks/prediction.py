"""Prediction checks: accuracy against held-out labels, or agreement with the reference."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from autograder.checks.base import PASS, Check, Verdict, fail
from autograder.checks.compare import kind_of
from autograder.exceptions import GraderError
from autograder.protocol.calls import Call, CallOutcome
from autograder.protocol.wire import TensorValue


def _labels(value: object) -> np.ndarray | None:
    array = value.array if isinstance(value, TensorValue) else value
    if isinstance(array, np.ndarray) and array.dtype.kind in "biuf":
        return array
    return None


@dataclass(frozen=True, kw_only=True)
class PredictionCheck(Check):
    """Predicted labels on held-out inputs reach ``min_accuracy`` against ``labels``; without
    labels, they must agree with the reference's predictions on ``min_agreement`` of inputs."""

    call: Call
    labels: np.ndarray | None = None
    min_accuracy: float = 0.9
    min_agreement: float = 0.95
    kind: ClassVar[str] = "prediction"

    def calls(self) -> list[Call]:
        return [self.call]

    def judge(self, student: Sequence[CallOutcome], reference: Sequence[CallOutcome]) -> Verdict:
        got = _labels(student[0].value)
        target = self.labels if self.labels is not None else _labels(reference[0].value)
        if target is None:
            raise GraderError("the reference returned no labels")
        if got is None:
            return fail(
                f"{self.call.fn}() must return an array of labels, got {kind_of(student[0].value)}."
            )
        if got.shape != target.shape:
            expected = f"; expected {target.shape}" if self.reveal else ", not the expected shape"
            return fail(f"{self.call.fn}() returned predictions of shape {got.shape}{expected}.")
        rate = float(np.mean(got == target))
        what, need = (
            ("accuracy", self.min_accuracy)
            if self.labels is not None
            else ("agreement with the reference predictions", self.min_agreement)
        )
        if rate >= need:
            return PASS
        return fail(
            f"{what} on {target.size} held-out inputs is {rate:.1%}; at least "
            f"{need:.0%} is required."
        )
