"""The check interface: which calls a check needs, and how it judges their outcomes."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from autograder.calls import Call, CallOutcome


@dataclass(frozen=True)
class Verdict:
    """A check's decision. ``errored`` means the student's code produced nothing gradeable."""

    passed: bool
    message: str = ""
    errored: bool = False


PASS = Verdict(True)


@dataclass(frozen=True, kw_only=True)
class Check(ABC):
    """One graded check inside a question.

    Subclasses list the calls they need (run in the sandbox on the student's code and in the
    trusted process on the reference) and judge the two lists of outcomes, index for index.
    ``weight`` sets the check's share of its question's points; ``hidden`` checks never reveal
    expected values or inputs.
    """

    name: str
    weight: float = 1.0
    hidden: bool = True

    kind: ClassVar[str] = "value"
    expects_error: ClassVar[bool] = False
    needs_reference: ClassVar[bool] = True

    @abstractmethod
    def calls(self) -> list[Call]:
        """The calls to perform, in order."""

    @abstractmethod
    def judge(self, student: Sequence[CallOutcome], reference: Sequence[CallOutcome]) -> Verdict:
        """Decide from the student's outcomes (and the reference's, same order)."""

    @property
    def reveal(self) -> bool:
        return not self.hidden


def first_error(check: Check, student: Sequence[CallOutcome]) -> Verdict | None:
    """The errored verdict for the first call that raised, unless the check expects errors."""
    if check.expects_error:
        return None
    calls = check.calls()
    for call, outcome in zip(calls, student, strict=True):
        if not outcome.ok and outcome.error is not None:
            text = f"{call.fn}() raised {outcome.error.describe()}"
            if outcome.error.type == "NotImplementedError":
                text = f"{call.fn}() is not implemented yet (it raised NotImplementedError)."
            elif outcome.error.type == "NameError" and not outcome.error.where:
                text = f"{call.fn}() was not found: {outcome.error.message}. Did you run or " \
                       f"rename the answer cell?"
            return Verdict(False, text, errored=True)
    return None
