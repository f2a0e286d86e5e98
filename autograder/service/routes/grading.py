"""Grading (instructors): the assignment's policy, manual grades and their audit trail, the
gradebook of effective scores, the grade exports built from it, and withdrawing a release.

Effective scores follow the policy (due date, extensions, late penalty, which attempt counts)
with manual grades winning over automatic ones; every export lists every student of the roster
(the service's roster provider plus everyone who ever submitted)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, HTTPException
from fastapi.responses import Response
from pydantic import BaseModel, Field

from autograder.exceptions import UsageError
from autograder.grading.exports import (
    RosterEntry,
    canvas_column,
    canvas_csv,
    check_canvas_id,
    grades_csv,
    rows_from_scores,
)
from autograder.grading.policies import Attempt, EffectiveScore
from autograder.grading.policy_file import policy_to_dict
from autograder.service.deps import Instructor, Service, ServiceDep
from autograder.service.routes.common import assignment_view

router = APIRouter(tags=["grading"])
BAD_INPUT: dict[int | str, dict[str, Any]] = {
    422: {"description": "the input cannot be used; the message says why"}
}


class OverrideIn(BaseModel):
    """A question's score set by hand; ``score`` null removes the override."""

    student: str = Field(min_length=1)
    question: str
    score: float | None
    comment: str = ""


def roster(service: Service, assignment_id: str) -> list[str]:
    """Every student an export lists: the roster provider's and everyone who ever submitted."""
    submitted = {v.student for v in service.store.uploads(assignment=assignment_id)}
    return sorted({*service.roster(), *submitted})


def effective(service: Service, assignment_id: str) -> dict[str, EffectiveScore]:
    """Every roster student's effective score (a 500 naming the problem for a bad policy)."""
    service.policy.grading_policy(assignment_id)
    return service.coursebook.scores(assignment_id, roster(service, assignment_id))


def attempt_view(a: Attempt) -> dict[str, Any]:
    return {"number": a.number, "submitted_at": a.submitted_at.isoformat(), "score": a.score}


@router.post(
    "/assignments/{assignment_id}/unrelease",
    summary="Withdraw a release: students no longer see it nor submit; grades stay",
)
def unrelease(assignment_id: str, service: ServiceDep, who: Instructor) -> dict[str, Any]:
    found = service.policy.assignment(assignment_id)
    withdrawn = service.store.unrelease(assignment_id)
    return {**assignment_view(service, found, who), "withdrawn": withdrawn}


@router.get("/assignments/{assignment_id}/policy", summary="The grading policy in force")
def get_policy(assignment_id: str, service: ServiceDep, _: Instructor) -> dict[str, Any]:
    service.policy.assignment(assignment_id)
    return policy_to_dict(service.policy.grading_policy(assignment_id))


@router.put(
    "/assignments/{assignment_id}/policy",
    summary="Set the grading policy (the fields of policy.toml, as JSON)",
    responses=BAD_INPUT,
)
def put_policy(
    assignment_id: str,
    service: ServiceDep,
    who: Instructor,
    data: dict[str, Any] = Body(...),  # noqa: B008 (FastAPI's way to take a free-form body)
) -> dict[str, Any]:
    service.policy.assignment(assignment_id)
    try:
        policy = service.coursebook.set_policy(assignment_id, data, who.name)
    except UsageError as exc:
        raise HTTPException(422, str(exc)) from None
    return policy_to_dict(policy)


@router.post(
    "/assignments/{assignment_id}/overrides",
    status_code=201,
    summary="Grade a question by hand (score null: back to the automatic score)",
    responses=BAD_INPUT,
)
def override(
    assignment_id: str, body: OverrideIn, service: ServiceDep, who: Instructor
) -> dict[str, Any]:
    service.policy.assignment(assignment_id)
    service.policy.grading_policy(assignment_id)
    try:
        return service.coursebook.override(
            assignment_id, body.student, body.question, body.score, body.comment, who.name
        )
    except UsageError as exc:
        raise HTTPException(422, str(exc)) from None


@router.get(
    "/assignments/{assignment_id}/audit",
    summary="The manual grading trail, newest first (who, when, score before and after)",
)
def audit(
    assignment_id: str, service: ServiceDep, _: Instructor, student: str | None = None
) -> list[dict[str, Any]]:
    service.policy.assignment(assignment_id)
    return service.coursebook.audit(assignment_id, student)


@router.get(
    "/assignments/{assignment_id}/gradebook",
    summary="Every student's effective score, status, questions, overrides and attempts",
)
def gradebook(assignment_id: str, service: ServiceDep, _: Instructor) -> dict[str, Any]:
    found = service.policy.assignment(assignment_id)
    attempts = service.coursebook.attempts(assignment_id)
    return {
        "assignment": assignment_id,
        "released": service.store.is_released(assignment_id),
        "max_score": found.max_score,
        "questions": [q.id for q in found.questions],
        "policy": policy_to_dict(service.policy.grading_policy(assignment_id)),
        "students": [
            {
                "student": s.student,
                "status": s.status.value,
                "score": s.score,
                "max_score": s.max_score,
                "raw_score": s.raw_score,
                "penalty": s.penalty,
                "due": s.due.isoformat() if s.due else None,
                "late_seconds": s.lateness.total_seconds(),
                "questions": dict(s.questions),
                "overridden": list(s.overridden),
                "counted_attempt": s.attempt.number if s.attempt else None,
                "attempts": [attempt_view(a) for a in attempts.get(s.student, [])],
            }
            for s in effective(service, assignment_id).values()
        ],
    }


@router.get(
    "/assignments/{assignment_id}/grades.csv",
    response_class=Response,
    summary="grades.csv: every student's effective score (policy and manual grades), per question",
)
def grades(assignment_id: str, service: ServiceDep, _: Instructor) -> Response:
    found = service.policy.assignment(assignment_id)
    scores = effective(service, assignment_id)
    text = grades_csv(
        rows_from_scores(scores.values()),
        roster=[RosterEntry(s) for s in scores],
        questions=[q.id for q in found.questions],
        max_score=found.max_score,
    )
    return Response(
        text,
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{assignment_id}-grades.csv"'},
    )


@router.get(
    "/assignments/{assignment_id}/canvas.csv",
    response_class=Response,
    summary="Canvas's gradebook import file: every student's effective score",
    responses=BAD_INPUT,
)
def canvas(assignment_id: str, service: ServiceDep, _: Instructor, canvas_id: str = "") -> Response:
    found = service.policy.assignment(assignment_id)
    try:
        number = check_canvas_id(canvas_id)
    except UsageError as exc:
        raise HTTPException(422, str(exc)) from None
    scores = effective(service, assignment_id)
    rows = rows_from_scores(scores.values())
    column = canvas_column(assignment_id, rows, points_possible=found.max_score, canvas_id=number)
    return Response(
        canvas_csv([column], [RosterEntry(s) for s in scores]),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{assignment_id}-canvas.csv"'},
    )
