"""Value checks: the student's output against the reference output on the same inputs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from autograder.checks.base import PASS, Check, Verdict, fail
from autograder.checks.compare import Tolerance, compare
from autograder.protocol.calls import Call, CallOutcome


def select(value: Any, path: tuple[int, ...]) -> Any:
    """Pick ``value[i][j]...`` from a returned tuple; ``None`` when the structure differs."""
    for i in path:
        if type(value) not in (tuple, list) or i >= len(value):
            return None
        value = value[i]
    return value


def describe_path(fn: str, path: tuple[int, ...]) -> str:
    return f"{fn}()" + "".join(f"[{i}]" for i in path)


@dataclass(frozen=True, kw_only=True)
class ValueCheck(Check):
    """``assert_close`` of the whole output (or the part named by ``part``) with the reference."""

    call: Call
    tol: Tolerance = field(default_factory=Tolerance)
    part: tuple[int, ...] = ()
    check_dtype: bool = True

    kind: ClassVar[str] = "value"

    def calls(self) -> list[Call]:
        return [self.call]

    def judge(self, student: Sequence[CallOutcome], reference: Sequence[CallOutcome]) -> Verdict:
        expected = select(reference[0].value, self.part)
        actual = select(student[0].value, self.part)
        path = describe_path(self.call.fn, self.part)
        if actual is None and expected is not None:
            return fail(
                f"{path}: the return value does not have the expected "
                f"structure ({type(student[0].value).__name__} returned)."
            )
        msg = compare(
            actual, expected, self.tol, path=path, check_dtype=self.check_dtype, reveal=self.reveal
        )
        return PASS if msg is None else fail(msg)


@dataclass(frozen=True, kw_only=True)
class UpdateStepCheck(ValueCheck):
    """One exact parameter update from grader-fixed parameters and gradients."""

    kind: ClassVar[str] = "training"


@dataclass(frozen=True, kw_only=True)
class TrajectoryCheck(ValueCheck):
    """An N-step training trajectory (e.g. the loss history) from a fixed start."""

    kind: ClassVar[str] = "training"
