"""Typed result records of grading: per check, per question, per submission.

Records carry no formatting: :mod:`autograder.grading.render` turns them into Gradescope's
``results.json`` and the student's text, :mod:`autograder.grading.report` into the terminal's
tables, and the gradebook stores them as columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from autograder.checks.base import Status


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check: ``error`` means the code crashed, timed out or was missing."""

    question: str
    name: str
    kind: str
    status: Status
    weight: float
    hidden: bool
    message: str = ""


@dataclass(frozen=True)
class QuestionResult:
    """A question's checks and the points they earned (partial credit by check weight)."""

    id: str
    title: str
    points: float
    checks: tuple[CheckResult, ...]

    @property
    def score(self) -> float:
        total = sum(c.weight for c in self.checks)
        won = sum(c.weight for c in self.checks if c.status == "passed")
        return round(self.points * won / total, 4) if total else 0.0


@dataclass(frozen=True)
class SubmissionResult:
    """Everything known about one graded submission."""

    assignment: str
    student: str
    questions: tuple[QuestionResult, ...]
    notes: tuple[str, ...] = ()
    execution_time: float = 0.0
    sha256: str = ""
    limits_hit: dict[str, str] = field(default_factory=dict)
    log: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def score(self) -> float:
        return round(sum(q.score for q in self.questions), 4)

    @property
    def max_score(self) -> float:
        return float(sum(q.points for q in self.questions))

    @property
    def grader_errors(self) -> int:
        """Checks the grader failed on: not the student's fault, to be regraded."""
        return sum(c.status == "grader_error" for q in self.questions for c in q.checks)
