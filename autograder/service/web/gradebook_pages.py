"""The gradebook as a sortable table (per question, policy and manual grades applied), one
student's page (every attempt with its rendered feedback, the manual grading form and the audit
trail), and the forms behind them: override a question's score with a comment, regrade."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from autograder.exceptions import UsageError
from autograder.grading.policies import EffectiveScore
from autograder.service.deps import Service
from autograder.service.web.context import PageCaller, ServiceDep, render
from autograder.service.web.feedback import feedback_view
from autograder.service.web.instructor import (
    InstructorForm,
    InstructorPage,
    back,
    flash_of,
    require_instructor,
)

router = APIRouter(prefix="/instructor", include_in_schema=False)
FIXED = ("student", "status", "score", "attempts", "penalty")


def roster_scores(service: Service, assignment_id: str) -> dict[str, EffectiveScore]:
    return service.coursebook.scores(assignment_id, service.roster())


def sort_key(column: str) -> Any:
    """Rows sort by a fixed column or a question id; a missing score sorts below every score."""

    def key(row: EffectiveScore) -> tuple[Any, ...]:
        if column == "student":
            return (row.student,)
        if column == "status":
            return (str(row.status), row.student)
        if column == "attempts":
            return (row.attempts, row.student)
        if column == "penalty":
            return (row.penalty, row.student)
        value = row.score if column == "score" else row.questions.get(column)
        return (value is not None, value or 0.0, row.student)

    return key


@router.get("/{assignment_id}/gradebook", response_class=HTMLResponse)
def gradebook(
    assignment_id: str,
    request: Request,
    service: ServiceDep,
    who: PageCaller,
    sort: str = "student",
    desc: int = 0,
) -> HTMLResponse:
    require_instructor(who)
    assignment = service.policy.assignment(assignment_id)
    questions = [q.id for q in assignment.questions]
    if sort not in (*FIXED, *questions):
        raise HTTPException(404, f"no column {sort!r}; columns: {', '.join((*FIXED, *questions))}")
    rows = sorted(
        roster_scores(service, assignment_id).values(), key=sort_key(sort), reverse=bool(desc)
    )
    return render(
        request,
        "instructor_gradebook.html",
        who,
        assignment=assignment,
        rows=rows,
        questions=assignment.questions,
        sort=sort,
        desc=bool(desc),
        crumbs=[(f"{service.settings.prefix}instructor/", "Assignments")],
    )


@router.get("/{assignment_id}/students/{student}", response_class=HTMLResponse)
def student_page(
    assignment_id: str, student: str, request: Request, service: ServiceDep, who: PageCaller
) -> HTMLResponse:
    require_instructor(who)
    assignment = service.policy.assignment(assignment_id)
    uploads = service.store.uploads(assignment=assignment_id, student=student)
    score = service.coursebook.scores(assignment_id, [student]).get(student)
    attempts = [
        {"number": n, "upload": u, "feedback": feedback_view(service, u)}
        for n, u in enumerate(uploads, start=1)
    ]
    prefix = service.settings.prefix
    return render(
        request,
        "instructor_student.html",
        who,
        assignment=assignment,
        student=student,
        score=score,
        attempts=list(reversed(attempts)),
        counted=score.attempt.number if score and score.attempt else None,
        audit=service.coursebook.audit(assignment_id, student),
        crumbs=[
            (f"{prefix}instructor/", "Assignments"),
            (f"{prefix}instructor/{assignment_id}/gradebook", f"{assignment_id} gradebook"),
        ],
        **flash_of(request),
    )


@router.post("/{assignment_id}/students/{student}/override")
def override(
    assignment_id: str,
    student: str,
    service: ServiceDep,
    who: InstructorPage,
    form: InstructorForm,
) -> RedirectResponse:
    """Set (or, with an empty score, remove) a question's score by hand, with a comment."""
    service.policy.assignment(assignment_id)
    page = f"{assignment_id}/students/{student}"
    question = str(form.get("question") or "")
    text = str(form.get("score") or "").strip()
    comment = str(form.get("comment") or "").strip()
    try:
        score = float(text) if text else None
    except ValueError:
        return back(service, page, f"{question}: the score must be a number, got {text!r}", True)
    if score is not None and not comment:
        return back(service, page, "say why in the comment: the student reads it", True)
    try:
        service.coursebook.override(assignment_id, student, question, score, comment, who.name)
    except UsageError as exc:
        return back(service, page, str(exc), True)
    done = (
        f"{question} set to {score:g} by hand"
        if score is not None
        else f"{question}: automatic score again"
    )
    return back(service, page, done)


@router.post("/{assignment_id}/students/{student}/regrade")
def regrade_student(
    assignment_id: str,
    student: str,
    service: ServiceDep,
    who: InstructorPage,
    _: InstructorForm,
) -> RedirectResponse:
    service.policy.assignment(assignment_id)
    ids = [u.id for u in service.store.uploads(assignment=assignment_id, student=student)]
    service.runner.regrade(ids)
    return back(
        service,
        f"{assignment_id}/students/{student}",
        f"{len(ids)} submission(s) queued to be graded again; manual grades stay",
    )
