"""Contract checks: shapes and dtypes, the exception raised, and no mutation of the inputs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from autograder.checks.base import PASS, Check, Verdict, fail
from autograder.checks.compare import kind_of
from autograder.exceptions import GraderError
from autograder.protocol.calls import Call, CallOutcome
from autograder.protocol.wire import TensorArg, TensorValue


def _signature(value: Any) -> Any:
    """Type, dtype and shape of a decoded value, recursively, without the numbers."""
    if type(value) in (tuple, list):
        return (type(value).__name__, tuple(_signature(v) for v in value))
    if isinstance(value, (np.ndarray, TensorValue)):
        return kind_of(value)
    return type(value).__name__


@dataclass(frozen=True, kw_only=True)
class ShapeCheck(Check):
    """The output has the reference's type, dtype and shape (values are not compared)."""

    call: Call
    kind: ClassVar[str] = "contract"

    def calls(self) -> list[Call]:
        return [self.call]

    def judge(self, student: Sequence[CallOutcome], reference: Sequence[CallOutcome]) -> Verdict:
        want, got = _signature(reference[0].value), _signature(student[0].value)
        if want == got:
            return PASS
        return fail(f"{self.call.fn}() returned {_render(got)}; expected {_render(want)}.")


def _render(sig: Any) -> str:
    if isinstance(sig, tuple):
        return f"a {sig[0]} of ({', '.join(_render(s) for s in sig[1])})"
    return str(sig)


@dataclass(frozen=True, kw_only=True)
class RaisesCheck(Check):
    """The call must raise ``exception`` (or a subclass), e.g. on an undefined input."""

    call: Call
    exception: str
    kind: ClassVar[str] = "contract"
    expects_error: ClassVar[bool] = True
    needs_reference: ClassVar[bool] = False

    def calls(self) -> list[Call]:
        return [self.call]

    def judge(self, student: Sequence[CallOutcome], reference: Sequence[CallOutcome]) -> Verdict:
        outcome = student[0]
        if outcome.ok:
            return fail(
                f"{self.call.fn}() should raise {self.exception} here, but it returned normally."
            )
        if outcome.error is None:
            raise GraderError("a failed call record carries no error")
        if outcome.error.is_a(self.exception):
            return PASS
        return fail(
            f"{self.call.fn}() should raise {self.exception} here, but it "
            f"raised {outcome.error.describe()}."
        )


@dataclass(frozen=True, kw_only=True)
class NoMutationCheck(Check):
    """The call leaves its array and tensor arguments unchanged."""

    call: Call
    kind: ClassVar[str] = "contract"
    needs_reference: ClassVar[bool] = False

    def calls(self) -> list[Call]:
        return [
            Call(
                self.call.fn, self.call.args, self.call.kwargs, keep_args=True, seed=self.call.seed
            )
        ]

    def judge(self, student: Sequence[CallOutcome], reference: Sequence[CallOutcome]) -> Verdict:
        after = student[0].args_after
        if type(after) is not tuple or len(after) != len(self.call.args):
            return fail("the arguments could not be inspected after the call.")
        for i, (before, now) in enumerate(zip(self.call.args, after, strict=True)):
            original = before.array if isinstance(before, TensorArg) else before
            current = now.array if isinstance(now, TensorValue) else now
            if isinstance(original, np.ndarray) and not (
                isinstance(current, np.ndarray)
                and current.shape == original.shape
                and np.array_equal(current, original, equal_nan=True)
            ):
                return fail(
                    f"{self.call.fn}() modified its argument {i + 1} in place; "
                    f"work on a copy instead."
                )
        return PASS
