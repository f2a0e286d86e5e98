"""Grading policies: when an assignment is due, what lateness costs and which attempt counts; and
each student's effective score under them, manual overrides included.

Pure: attempts (submission time, score, per-question scores) and overrides come in as records,
effective scores come out; nothing here reads or writes storage. ``Policy()`` is today's
behaviour: the latest attempt counts, there is no due date and no penalty. The penalties are in
:mod:`autograder.grading.penalties`; policy files (``policy.toml``) and dicts are read by
:mod:`autograder.grading.policy_file`.

For one student, in this order:

1. Their due date: their extension if they have one (a due date of their own, or extra time
   added to the assignment's), else the assignment's. An attempt submitted after it is late;
   one submitted exactly at the due time is on time.
2. Each attempt's score: its per-question scores, where a question with a manual override takes
   the override's score instead (of several overrides of a question, the latest wins); then the
   late penalty on that total for a late attempt. A penalty never raises a score, nor takes it
   below 0. Per-question scores are reported before the penalty.
3. Which attempt counts: ``latest`` (by submission time), ``best`` (the highest score after
   overrides and penalty; of equal ones the earliest), or ``last_before_deadline`` (the last one
   on time; when none was on time, the latest, with its penalty).
4. A student with overrides but no attempt scores the overrides' total (status ``manual``); with
   neither, there is no score (status ``no submission``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from autograder.grading.penalties import (
    NoPenalty,
    PenaltyFunction,
    PolicyError,
    finite_number,
)

if TYPE_CHECKING:  # the records import the checks (SciPy); a policy needs neither
    from autograder.grading.results import SubmissionResult

Extension = datetime | timedelta
"""A student's own due date, or extra time added to the assignment's."""

_NEVER = datetime.min.replace(tzinfo=UTC)


class AttemptRule(StrEnum):
    """Which of a student's attempts counts."""

    LATEST = "latest"
    BEST = "best"
    LAST_BEFORE_DEADLINE = "last_before_deadline"


class ScoreStatus(StrEnum):
    GRADED = "graded"
    LATE = "late"
    MANUAL = "manual"
    NO_SUBMISSION = "no submission"


def require_aware(value: datetime, name: str) -> None:
    """Refuse a naive datetime: a deadline without a time zone means different things to
    different machines."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise PolicyError(f"{name}: {value.isoformat()} has no UTC offset (time zone)")


@dataclass(frozen=True)
class Policy:
    """An assignment's grading policy; the defaults are: latest attempt, no due date, no
    penalty, no limit on the number of attempts."""

    due: datetime | None = None
    extensions: Mapping[str, Extension] = field(default_factory=dict)
    penalty: PenaltyFunction = field(default_factory=NoPenalty)
    counts: AttemptRule = AttemptRule.LATEST
    max_attempts: int | None = None  # graded attempts a student may make in all; None: unlimited

    def __post_init__(self) -> None:
        if self.due is not None:
            require_aware(self.due, "due")
        limit = self.max_attempts
        if limit is not None and (
            isinstance(limit, bool) or not isinstance(limit, int) or limit < 1
        ):
            raise PolicyError(f"max_attempts: expected an integer >= 1, got {limit!r}")
        try:
            object.__setattr__(self, "counts", AttemptRule(self.counts))
        except ValueError:
            choices = ", ".join(r.value for r in AttemptRule)
            raise PolicyError(f"counts: expected one of {choices}, got {self.counts!r}") from None
        for student, extension in self.extensions.items():
            name = f"extensions.{student}"
            if isinstance(extension, datetime):
                require_aware(extension, name)
            elif not isinstance(extension, timedelta):
                raise PolicyError(f"{name}: expected a due date or extra time, got {extension!r}")
            elif self.due is None:
                raise PolicyError(f"{name}: extra time needs the assignment's due date")
            elif extension < timedelta(0):
                raise PolicyError(f"{name}: extra time cannot be negative")
        object.__setattr__(self, "extensions", dict(self.extensions))
        if not callable(self.penalty):
            raise PolicyError(f"late: the penalty must be callable, got {self.penalty!r}")

    def due_for(self, student: str) -> datetime | None:
        """The student's due date: their extension, else the assignment's (None: none)."""
        extension = self.extensions.get(student)
        if isinstance(extension, datetime):
            return extension
        if self.due is None:
            return None
        return self.due + extension if isinstance(extension, timedelta) else self.due

    def lateness(self, student: str, submitted_at: datetime) -> timedelta:
        """How late an attempt was; zero when on time (exactly at the due time included)."""
        due = self.due_for(student)
        return submitted_at - due if due is not None and submitted_at > due else timedelta(0)


@dataclass(frozen=True)
class Attempt:
    """One graded attempt of one student: when it was submitted and what it scored."""

    submitted_at: datetime
    score: float
    max_score: float
    questions: Mapping[str, float] = field(default_factory=dict)
    number: int = 0

    def __post_init__(self) -> None:
        require_aware(self.submitted_at, "submitted_at")


@dataclass(frozen=True)
class Override:
    """A question's score set by hand; it wins over the automatic score of every attempt."""

    question: str
    score: float
    comment: str = ""
    who: str = ""
    when: datetime | None = None

    def __post_init__(self) -> None:
        if not finite_number(self.score) or self.score < 0:
            raise PolicyError(f"override of {self.question}: expected a score >= 0")
        if self.when is not None:
            require_aware(self.when, f"override of {self.question}: when")


@dataclass(frozen=True)
class EffectiveScore:
    """A student's grade under a policy. ``score`` is None only for ``no submission``;
    ``questions`` are after overrides and before the penalty, ``raw_score`` is their total;
    ``max_score`` is None when unknown (no attempt, and none given)."""

    student: str
    status: ScoreStatus
    score: float | None
    max_score: float | None
    questions: Mapping[str, float]
    raw_score: float = 0.0
    penalty: float = 0.0
    lateness: timedelta = timedelta(0)
    due: datetime | None = None
    attempt: Attempt | None = None
    attempts: int = 0
    overridden: tuple[str, ...] = ()


def attempt_from_result(
    result: SubmissionResult, submitted_at: datetime, number: int = 0
) -> Attempt:
    """The attempt a graded submission record stands for."""
    questions = {q.id: q.score for q in result.questions}
    return Attempt(submitted_at, result.score, result.max_score, questions, number)


def overrides_in_force(overrides: Iterable[Override]) -> dict[str, Override]:
    """Per question, the override that counts: the latest by ``when`` (undated ones first), then
    the last given."""
    ordered = sorted(enumerate(overrides), key=lambda p: (p[1].when or _NEVER, p[0]))
    return {o.question: o for _, o in ordered}


def effective_score(
    policy: Policy,
    student: str,
    attempts: Sequence[Attempt],
    overrides: Iterable[Override] = (),
    *,
    max_score: float | None = None,
) -> EffectiveScore:
    """The student's effective score; ``max_score`` is used only when they have no attempt."""
    in_force = overrides_in_force(overrides)
    due = policy.due_for(student)
    if not attempts:
        manual = {q: o.score for q, o in in_force.items()}
        total = round(sum(manual.values()), 4)
        status = ScoreStatus.MANUAL if manual else ScoreStatus.NO_SUBMISSION
        score = total if manual else None
        overridden = tuple(sorted(manual))
        return EffectiveScore(
            student, status, score, max_score, manual, total, due=due, overridden=overridden
        )
    ordered = sorted(attempts, key=lambda a: a.submitted_at)  # stable: equal times keep order
    candidates = [_candidate(policy, student, a, in_force, len(attempts)) for a in ordered]
    if policy.counts is AttemptRule.BEST:
        return max(candidates, key=lambda c: c.score or 0.0)  # the first of equal ones
    if policy.counts is AttemptRule.LAST_BEFORE_DEADLINE:
        on_time = [c for c in candidates if not c.lateness]
        return (on_time or candidates)[-1]
    return candidates[-1]


def effective_scores(
    policy: Policy,
    attempts: Mapping[str, Sequence[Attempt]],
    overrides: Mapping[str, Iterable[Override]] | None = None,
    *,
    students: Iterable[str] = (),
    max_score: float | None = None,
) -> dict[str, EffectiveScore]:
    """Every student with attempts or overrides, and every one of ``students`` (a roster), by
    name."""
    overrides = overrides or {}
    names = sorted({*attempts, *overrides, *students})
    return {
        s: effective_score(
            policy, s, attempts.get(s, ()), overrides.get(s, ()), max_score=max_score
        )
        for s in names
    }


def _candidate(
    policy: Policy, student: str, attempt: Attempt, in_force: Mapping[str, Override], count: int
) -> EffectiveScore:
    questions = dict(attempt.questions)
    raw = attempt.score
    for question, override in in_force.items():
        raw += override.score - questions.get(question, 0.0)
        questions[question] = override.score
    raw = round(raw, 4)
    lateness = policy.lateness(student, attempt.submitted_at)
    score = _penalised(policy.penalty, lateness, raw, attempt.max_score) if lateness else raw
    return EffectiveScore(
        student,
        ScoreStatus.LATE if lateness else ScoreStatus.GRADED,
        score,
        attempt.max_score,
        questions,
        raw,
        round(raw - score, 4),
        lateness,
        policy.due_for(student),
        attempt,
        count,
        tuple(sorted(in_force)),
    )


def _penalised(penalty: PenaltyFunction, lateness: timedelta, score: float, top: float) -> float:
    value = penalty(lateness, score, top)
    if not finite_number(value):
        raise PolicyError(f"late: the penalty returned {value!r}, not a number")
    return round(min(max(float(value), 0.0), score), 4)
