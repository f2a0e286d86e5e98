"""The coursebook: each assignment's grading policy, manual grades and every student's effective
score, kept in the gradebook database next to the graded attempts.

Policies apply as :mod:`autograder.grading.policies` defines them; this module supplies their
inputs from storage: the graded uploads of each student as attempts, the manual overrides in
force, the policy (set through the service, else the course's
``reference_solutions/<id>/policy.toml``, else the default). Manual grades are an append-only
trail (``manual_grades``): re-grading writes graded rows of its own and never touches them, so
an override outlives any regrade.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from autograder.course import Assignment, find_course_root
from autograder.exceptions import AutograderError, UsageError
from autograder.grading.gradebook import Upload
from autograder.grading.policies import (
    Attempt,
    EffectiveScore,
    Override,
    Policy,
    effective_score,
    effective_scores,
)
from autograder.grading.policy_file import load_policy, policy_from_dict, policy_to_dict
from autograder.service.manual import AssignmentPolicy, ManualGrade
from autograder.service.status import UploadStatus
from autograder.service.store import Store, iso_utc

POLICY_FILE = "policy.toml"


class Coursebook:
    """Policies, manual grades and effective scores of the course's assignments."""

    def __init__(
        self,
        store: Store,
        course_root: Path | None,
        *,
        load: Callable[[str], Assignment] | None = None,
    ) -> None:
        self.store = store
        self.root = course_root or find_course_root()
        self.load = load or (lambda assignment_id: Assignment.load(assignment_id, self.root))

    @property
    def engine(self) -> Any:
        return self.store.gradebook.engine

    # policies -------------------------------------------------------------------------------

    def policy_path(self, assignment: str) -> Path:
        """Where the course keeps the assignment's policy file (it may not exist)."""
        return self.root / "reference_solutions" / assignment / POLICY_FILE

    def policy(self, assignment: str) -> Policy:
        """The policy in force: the one set through the service, else the course's policy.toml,
        else the default (latest attempt, no due date); PolicyError if the one found is bad."""
        with Session(self.engine) as session:
            row = session.get(AssignmentPolicy, assignment)
            stored = dict(row.policy) if row is not None else None
        if stored is not None:
            return policy_from_dict(stored, source=f"the stored policy of {assignment}")
        path = self.policy_path(assignment)
        return load_policy(path) if path.is_file() else Policy()

    def set_policy(self, assignment: str, data: Mapping[str, Any], who: str) -> Policy:
        """Validate and store the assignment's policy (it replaces the file's); PolicyError with
        one line naming the field, and nothing stored, when it cannot be used."""
        policy = policy_from_dict(data, source=f"policy of {assignment}")
        normal = policy_to_dict(policy)
        with Session(self.engine) as session, session.begin():
            row = session.get(AssignmentPolicy, assignment)
            if row is None:
                row = AssignmentPolicy(assignment=assignment)
                session.add(row)
            row.policy, row.updated_by, row.updated_at = normal, who, datetime.now(UTC)
        return policy

    def policy_source(self, assignment: str) -> dict[str, Any]:
        """Where the policy in force comes from: ``service`` (who, when), ``file`` or
        ``default``."""
        with Session(self.engine) as session:
            row = session.get(AssignmentPolicy, assignment)
            if row is not None:
                return {"source": "service", "by": row.updated_by, "at": iso_utc(row.updated_at)}
        return {"source": "file" if self.policy_path(assignment).is_file() else "default"}

    # attempts -------------------------------------------------------------------------------

    def attempts(self, assignment: str) -> dict[str, list[Attempt]]:
        """Every graded upload of each student, oldest first, numbered from 1; the score is the
        stored result's (a regrade's, if it was regraded)."""
        graded = self.store.gradebook.question_scores(assignment)
        with Session(self.engine) as session:
            uploads = session.execute(
                select(Upload.student, Upload.sha256, Upload.received_at)
                .where(Upload.assignment == assignment, Upload.status == UploadStatus.GRADED)
                .order_by(Upload.id)
            ).all()
        found: defaultdict[str, list[Attempt]] = defaultdict(list)
        for student, sha256, received in uploads:
            record = graded.get((student, sha256))
            if record is None:
                continue
            score, top, questions = record
            number = len(found[student]) + 1
            found[student].append(Attempt(_utc(received), score, top, questions, number))
        return dict(found)

    def attempts_used(self, assignment: str, student: str) -> int:
        """Uploads that count against ``max_attempts``: every one received, graded or waiting,
        except those the grader failed on (not the student's fault)."""
        views = self.store.uploads(assignment=assignment, student=student)
        return sum(v.status != UploadStatus.ERROR for v in views)

    def attempts_left(
        self, assignment: str, student: str, policy: Policy | None = None
    ) -> int | None:
        """Graded attempts the student may still make; None when the policy sets no limit
        (``policy``: the one in force, when the caller has it already)."""
        limit = (policy or self.policy(assignment)).max_attempts
        if limit is None:
            return None
        return max(limit - self.attempts_used(assignment, student), 0)

    # manual grades --------------------------------------------------------------------------

    def overrides(self, assignment: str) -> dict[str, list[Override]]:
        """Per student, the overrides in force: each question's latest manual grade, unless
        that one removed the override."""
        with Session(self.engine) as session:
            rows = session.scalars(
                select(ManualGrade)
                .where(ManualGrade.assignment == assignment)
                .order_by(ManualGrade.id)
            ).all()
        latest: dict[tuple[str, str], ManualGrade] = {}
        for row in rows:
            latest[(row.student, row.question)] = row
        found: defaultdict[str, list[Override]] = defaultdict(list)
        for (student, question), row in latest.items():
            if row.score is not None:
                when = _utc(row.at)
                found[student].append(Override(question, row.score, row.comment, row.who, when))
        return dict(found)

    def override(
        self,
        assignment: str,
        student: str,
        question: str,
        score: float | None,
        comment: str,
        who: str,
    ) -> dict[str, Any]:
        """Set a question's score by hand (None: remove the override, the automatic score counts
        again); appended to the audit trail. UsageError for an unknown question or a score
        outside 0 to the question's points. Returns the audit entry."""
        points = {q.id: q.points for q in self.load(assignment).questions}
        if question not in points:
            raise UsageError(
                f"{assignment} has no question {question!r}; its questions: {', '.join(points)}"
            )
        if score is not None:
            if isinstance(score, bool) or not isinstance(score, int | float):
                raise UsageError(f"{question}: the score must be a number, got {score!r}")
            if not math.isfinite(score) or not 0 <= score <= points[question]:
                raise UsageError(
                    f"{question}: the score must be from 0 to {points[question]:g} "
                    f"(its points), got {score:g}"
                )
        before = self._current(assignment, student)
        now = datetime.now(UTC)
        mine = [o for o in self.overrides(assignment).get(student, []) if o.question != question]
        if score is not None:
            mine.append(Override(question, float(score), comment, who, now))
        after = self._current(assignment, student, mine)
        with Session(self.engine) as session, session.begin():
            row = ManualGrade(
                assignment=assignment,
                student=student,
                question=question,
                score=None if score is None else float(score),
                comment=comment,
                who=who,
                at=now,
                before=before,
                after=after,
            )
            session.add(row)
            session.flush()
            return _entry(row)

    def audit(self, assignment: str, student: str | None = None) -> list[dict[str, Any]]:
        """The manual grading trail, newest first: who, when, which question, the student's
        effective score before and after, and the comment."""
        with Session(self.engine) as session:
            query = select(ManualGrade).where(ManualGrade.assignment == assignment)
            if student is not None:
                query = query.where(ManualGrade.student == student)
            rows = session.scalars(query.order_by(ManualGrade.id.desc())).all()
            return [_entry(r) for r in rows]

    # effective scores -----------------------------------------------------------------------

    def scores(self, assignment: str, roster: Iterable[str] = ()) -> dict[str, EffectiveScore]:
        """Every student's effective score under the policy, manual grades applied: those with
        attempts or overrides and every roster student (``no submission`` if none)."""
        return effective_scores(
            self.policy(assignment),
            self.attempts(assignment),
            self.overrides(assignment),
            students=roster,
            max_score=self._max_score(assignment),
        )

    def _current(
        self, assignment: str, student: str, overrides: Iterable[Override] | None = None
    ) -> float | None:
        if overrides is None:
            overrides = self.overrides(assignment).get(student, [])
        attempts = self.attempts(assignment).get(student, [])
        return effective_score(self.policy(assignment), student, attempts, overrides).score

    def _max_score(self, assignment: str) -> float | None:
        try:
            return self.load(assignment).max_score
        except AutograderError:
            return None


def _utc(moment: datetime) -> datetime:
    """SQLite drops the zone; every stored moment is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _entry(row: ManualGrade) -> dict[str, Any]:
    return {
        "id": row.id,
        "assignment": row.assignment,
        "student": row.student,
        "question": row.question,
        "score": row.score,
        "comment": row.comment,
        "who": row.who,
        "at": iso_utc(row.at),
        "before": row.before,
        "after": row.after,
    }
