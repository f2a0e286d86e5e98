"""The check interface: which calls a check needs, and how it judges their outcomes."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import ClassVar, Literal

from autograder.protocol.calls import Call, CallOutcome
from autograder.protocol.wire import NestedCall

Status = Literal["passed", "failed", "error", "grader_error"]
FailureKind = Literal[
    "wrong_answer",  # the answer was judged and is wrong
    "raised",  # the student's function raised
    "not_implemented",  # ... NotImplementedError: the stub is still there
    "missing_function",  # the function is not defined (answer cell failed, renamed, not run)
    "not_run",  # no result came back: a time limit, a crash, a limit of the sandbox
    "unreadable",  # a result came back but is not valid plain data
    "grader_fault",  # a bug in a check or the reference: the student is not to blame
]


@dataclass(frozen=True)
class Verdict:
    """A check's decision: ``passed``; ``failed`` (a wrong answer); ``error`` (the student's code
    produced nothing gradeable); ``grader_error`` (the grader's fault: to be regraded, never the
    student's loss). ``kind`` says why, for code; ``message`` says it for the student."""

    status: Status
    message: str = ""
    kind: FailureKind | None = None

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    @property
    def errored(self) -> bool:
        return self.status == "error"


PASS = Verdict("passed")


def fail(message: str) -> Verdict:
    """A wrong answer, with what is wrong."""
    return Verdict("failed", message, "wrong_answer")


def error(message: str, kind: FailureKind) -> Verdict:
    """The student's code gave nothing to judge (it raised, was missing, did not finish)."""
    return Verdict("error", message, kind)


GRADER_FAULT_MESSAGE = (
    "Not graded yet: the grader itself failed on this check (not your "
    "code). Your instructor has been told and will regrade it."
)


def grader_error() -> Verdict:
    """A fault of the grader; the details go to the log, never to the student."""
    return Verdict("grader_error", GRADER_FAULT_MESSAGE, "grader_fault")


@dataclass(frozen=True, kw_only=True)
class Check(ABC):
    """One graded check inside a question.

    Subclasses list the calls they need (run in the sandbox on the student's code and in the
    trusted process on the reference) and judge the two lists of outcomes, index for index.
    ``weight`` sets the check's share of its question's points; ``hidden`` checks never reveal
    expected values or inputs; ``covers`` names the rows of the question's requirement table
    (``requirements.md``) that the check tests. A ``gated`` check (a contract: shape, flags, no
    mutation, no warnings, seeds, errors) pays only when a non-gated check of the same function
    in the same question passes, so code that does no work earns nothing from it;
    ``pays_alone=False`` gates a value check the same way (one whose expected output a lazy
    answer also gives, e.g. an R^2 of exactly 0).
    """

    name: str
    weight: float = 1.0
    hidden: bool = True
    covers: tuple[str, ...] = ()
    pays_alone: bool = True

    kind: ClassVar[str] = "value"
    expects_error: ClassVar[bool] = False
    needs_reference: ClassVar[bool] = True
    gated: ClassVar[bool] = False

    @abstractmethod
    def calls(self) -> list[Call]:
        """The calls to perform, in order."""

    @abstractmethod
    def judge(self, student: Sequence[CallOutcome], reference: Sequence[CallOutcome]) -> Verdict:
        """Decide from the student's outcomes (and the reference's, same order)."""

    @property
    def reveal(self) -> bool:
        return not self.hidden

    def on_device(self, device: str) -> Check:
        """This check as it judges a student run on ``device``: its tolerance's ``gpu`` values on
        a GPU (a check without a ``tol`` field is the same everywhere)."""
        tol = getattr(self, "tol", None)
        if tol is None or not hasattr(tol, "on"):
            return self
        moved = tol.on(device)
        return self if moved is tol else replace(self, tol=moved)  # type: ignore[call-arg]

    @property
    def needs_company(self) -> bool:
        """Pays only beside a passing stand-alone check of one of its functions."""
        return self.gated or not self.pays_alone

    def functions(self) -> frozenset[str]:
        """The student functions this check calls, nested calls in the arguments included
        (``f(g(x))`` tests ``g`` too)."""
        found: set[str] = set()
        for c in self.calls():
            found.add(c.fn)
            _nested_functions((c.args, tuple(c.kwargs.values())), found)
        return frozenset(found)


def _nested_functions(value: object, found: set[str]) -> None:
    if isinstance(value, NestedCall):
        found.add(value.fn)
        _nested_functions((value.args, tuple((value.kwargs or {}).values())), found)
    elif type(value) in (tuple, list):
        for item in value:  # type: ignore[attr-defined]
            _nested_functions(item, found)


def first_error(check: Check, student: Sequence[CallOutcome]) -> Verdict | None:
    """The errored verdict for the first call that raised, unless the check expects errors."""
    if check.expects_error:
        return None
    # the check's calls are built only when one raised: judging a good answer never rebuilds them
    index = next((i for i, o in enumerate(student) if not o.ok and o.error is not None), None)
    raised = student[index].error if index is not None else None
    if index is None or raised is None:
        return None
    fn = check.calls()[index].fn
    if raised.type == "NotImplementedError":
        return error(
            f"{fn}() is not implemented yet (it raised NotImplementedError).", "not_implemented"
        )
    if raised.type == "NameError" and not raised.where:
        return error(
            f"{fn}() was not found: {raised.message}. Did you run or rename the answer cell?",
            "missing_function",
        )
    return error(f"{fn}() raised {raised.describe()}", "raised")
