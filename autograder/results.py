"""Typed result records, and their rendering as Gradescope's ``results.json``.

The Gradescope schema (``score``, ``execution_time``, ``output``, ``tests[]`` with ``name``,
``score``, ``max_score``, ``output``, ``visibility``, ``status``) is the contract with the hub and
the LMS exports. Rendering lives here; the records themselves carry no formatting.
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

    def to_gradescope(self) -> dict[str, Any]:
        """Gradescope-schema dict: one test per check, scored as its share of the question."""
        tests = []
        for q in self.questions:
            total = sum(c.weight for c in q.checks) or 1.0
            for c in q.checks:
                share = round(q.points * c.weight / total, 4)
                tests.append({
                    "name": f"{q.id}: {c.name}",
                    "score": share if c.status == "passed" else 0.0,
                    "max_score": share,
                    "status": "passed" if c.status == "passed" else "failed",
                    "output": _check_output(c),
                    "visibility": "after_published" if c.hidden else "visible",
                    "extra_data": {"question": q.id, "check": c.name, "kind": c.kind,
                                   "outcome": c.status, "hidden": c.hidden, "weight": c.weight,
                                   "message": c.message},
                })
        return {
            "score": self.score,
            "max_score": self.max_score,
            "execution_time": round(self.execution_time, 3),
            "output": render_summary(self),
            "tests": tests,
            "extra_data": {"assignment": self.assignment, "student": self.student,
                           "sha256": self.sha256, "notes": list(self.notes),
                           "questions": [{"id": q.id, "title": q.title, "points": q.points,
                                          "score": q.score} for q in self.questions],
                           "limits_hit": dict(self.limits_hit)},
        }

    @classmethod
    def from_gradescope(cls, data: dict[str, Any]) -> SubmissionResult:
        """Rebuild a result from its own ``to_gradescope`` output (e.g. from the gradebook)."""
        extra = data["extra_data"]
        checks: dict[str, list[CheckResult]] = {q["id"]: [] for q in extra["questions"]}
        for t in data["tests"]:
            e = t["extra_data"]
            checks[e["question"]].append(CheckResult(e["question"], e["check"], e["kind"],
                                                     e["outcome"], e["weight"], e["hidden"],
                                                     e["message"]))
        questions = tuple(QuestionResult(q["id"], q["title"], q["points"], tuple(checks[q["id"]]))
                          for q in extra["questions"])
        return cls(extra["assignment"], extra["student"], questions, tuple(extra["notes"]),
                   data["execution_time"], extra["sha256"], dict(extra.get("limits_hit", {})))


def _check_output(c: CheckResult) -> str:
    label = {"passed": "Passed", "failed": "Failed", "error": "Error",
             "grader_error": "Not graded yet"}[c.status]
    scope = "hidden test" if c.hidden else "public test"
    return f"{label} ({scope}, {c.kind})." + (f"\n{c.message}" if c.message else "")


def render_summary(result: SubmissionResult) -> str:
    """Short feedback text for the student: notes about the file, then per-question scores."""
    lines = [f"{result.assignment}: {result.score:g} / {result.max_score:g} points"]
    if result.grader_errors:
        lines.append(f"Provisional: {result.grader_errors} check(s) could not be graded because of "
                     f"a fault in the grader, not in your code; your instructor has been told and "
                     f"will regrade them.")
    lines += [f"Note: {n}" for n in result.notes]
    for q in result.questions:
        failed = [c for c in q.checks if c.status != "passed"]
        mark = "ok" if not failed else f"{len(failed)} of {len(q.checks)} checks not passed"
        lines.append(f"  {q.id}: {q.score:g} / {q.points:g} ({mark})")
    public_failed = any(c.status != "passed" and not c.hidden
                        for q in result.questions for c in q.checks)
    if not public_failed:
        lines.append("All public checks passed; hidden checks are listed above.")
    return "\n".join(lines)
