"""The instructor's dashboard: assignments with release and unrelease, due dates and attempt
policies; per assignment the submissions with names and attempt numbers, batch grading and its
progress, and the exports. The gradebook, one student's page and manual grading are in
:mod:`.gradebook_pages`; analytics and the similarity report in :mod:`.insight`."""

from __future__ import annotations

from datetime import UTC
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from autograder.exceptions import UsageError
from autograder.grading.policy_file import policy_to_dict
from autograder.service.auth import Caller
from autograder.service.deps import Service
from autograder.service.routes import assignments as api
from autograder.service.routes import grading as grading_api
from autograder.service.web.context import PageCaller, ServiceDep, WebDep, check_form, render
from autograder.service.web.policy_form import policy_from_form

router = APIRouter(prefix="/instructor", include_in_schema=False)
PAGE_ROWS = 200


def require_instructor(who: Caller) -> None:
    if not who.is_instructor:
        raise HTTPException(403, "instructors only: this page is not part of your course view")


def instructor_page(who: PageCaller) -> Caller:
    """The page's caller, who must teach the course (a 403 otherwise)."""
    require_instructor(who)
    return who


InstructorPage = Annotated[Caller, Depends(instructor_page)]


async def instructor_form(request: Request, web: WebDep, who: InstructorPage) -> FormData:
    """A form an instructor posted, with the session's CSRF token checked."""
    form = await request.form()
    check_form(request, web, form)
    return form


InstructorForm = Annotated[FormData, Depends(instructor_form)]


def back(service: Service, path: str, flash: str = "", bad: bool = False) -> RedirectResponse:
    """After a form: back to a page, with a one-line message."""
    query = f"?flash={quote(flash)}" + ("&bad=1" if bad else "") if flash else ""
    return RedirectResponse(f"{service.settings.prefix}instructor/{path}{query}", 303)


def flash_of(request: Request) -> dict[str, Any]:
    return {
        "flash": request.query_params.get("flash", ""),
        "flash_kind": "bad" if request.query_params.get("bad") else "ok",
    }


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, service: ServiceDep, who: PageCaller) -> HTMLResponse:
    require_instructor(who)
    rows = []
    enrolled = len(service.roster())
    summary = service.store.summary()
    for assignment_id in service.policy.listed(who):
        assignment = service.policy.loaded(assignment_id)
        submissions, students, waiting = summary.get(assignment_id, (0, 0, 0))
        policy = service.coursebook.policy(assignment_id)
        rows.append(
            {
                "id": assignment_id,
                "released": service.store.is_released(assignment_id),
                "released_at": service.store.released_at(assignment_id),
                "due": policy.due,
                "counts": str(policy.counts).replace("_", " "),
                "max_attempts": policy.max_attempts,
                "questions": len(assignment.questions),
                "max_score": assignment.max_score,
                "submissions": submissions,
                "students": students,
                "enrolled": max(enrolled, students),
                "queued": waiting,
            }
        )
    return render(request, "instructor_home.html", who, rows=rows, **flash_of(request))


@router.post("/{assignment_id}/release")
def release(
    assignment_id: str, service: ServiceDep, who: InstructorPage, _: InstructorForm
) -> RedirectResponse:
    api.release(assignment_id, service, who)
    return back(service, "", f"{assignment_id} is released: students see it now")


@router.post("/{assignment_id}/unrelease")
def unrelease(
    assignment_id: str, service: ServiceDep, who: InstructorPage, _: InstructorForm
) -> RedirectResponse:
    grading_api.unrelease(assignment_id, service, who)
    return back(
        service, "", f"{assignment_id} is no longer released; its submissions and grades are kept"
    )


@router.get("/{assignment_id}/", response_class=HTMLResponse)
def assignment_page(
    assignment_id: str, request: Request, service: ServiceDep, who: PageCaller, page: int = 1
) -> HTMLResponse:
    require_instructor(who)
    assignment = service.policy.assignment(assignment_id)
    uploads = service.store.uploads(assignment=assignment_id)
    numbers: dict[int, int] = {}
    seen: dict[str, int] = {}
    for u in uploads:
        seen[u.student] = seen.get(u.student, 0) + 1
        numbers[u.id] = seen[u.student]
    newest = list(reversed(uploads))
    pages = max(1, -(-len(newest) // PAGE_ROWS))
    page = min(max(page, 1), pages)
    policy = service.coursebook.policy(assignment_id)
    jobs = [j for j in service.runner.jobs.values() if j.assignment == assignment_id]
    return render(
        request,
        "instructor_assignment.html",
        who,
        assignment=assignment,
        released=service.store.is_released(assignment_id),
        uploads=newest[(page - 1) * PAGE_ROWS : page * PAGE_ROWS],
        total=len(uploads),
        page=page,
        pages=pages,
        numbers=numbers,
        policy=policy_to_dict(policy),
        due_utc=policy.due.astimezone(UTC).strftime("%Y-%m-%dT%H:%M") if policy.due else "",
        policy_source=service.coursebook.policy_source(assignment_id),
        jobs=sorted(jobs, key=lambda j: j.started_at, reverse=True)[:5],
        queued=sum(u.status in ("queued", "grading") for u in uploads),
        crumbs=[(f"{service.settings.prefix}instructor/", "Assignments")],
        **flash_of(request),
    )


@router.post("/{assignment_id}/policy")
def set_policy(
    assignment_id: str, service: ServiceDep, who: InstructorPage, form: InstructorForm
) -> RedirectResponse:
    service.policy.assignment(assignment_id)
    try:
        service.coursebook.set_policy(assignment_id, policy_from_form(form), who.name)
    except UsageError as exc:
        return back(service, f"{assignment_id}/", str(exc), bad=True)
    return back(service, f"{assignment_id}/", "policy saved; the gradebook uses it now")


@router.post("/{assignment_id}/grade")
def grade_all(
    assignment_id: str, service: ServiceDep, who: InstructorPage, _: InstructorForm
) -> RedirectResponse:
    """Batch-grade each student's latest submission (graded ones are taken from the gradebook)."""
    job = service.runner.start_batch(service.policy.assignment(assignment_id), who.name)
    return back(service, f"{assignment_id}/", f"batch {job.id} started: {job.total} submissions")


@router.post("/{assignment_id}/regrade")
def regrade_all(
    assignment_id: str, service: ServiceDep, who: InstructorPage, _: InstructorForm
) -> RedirectResponse:
    """Grade every submission of the assignment again (manual grades stay in force)."""
    service.policy.assignment(assignment_id)
    ids = [u.id for u in service.store.uploads(assignment=assignment_id)]
    service.runner.regrade(ids)
    return back(service, f"{assignment_id}/", f"{len(ids)} submissions queued to be graded again")


EXPORTS = {
    "grades.csv": "grades",
    "canvas.csv": "grades",
    "results.zip": "results",
    "submitted.zip": "collect",
}


@router.get("/{assignment_id}/export/{name}")
def export(
    assignment_id: str, name: str, request: Request, service: ServiceDep, who: PageCaller
) -> Response:
    """The API's exports, for the logged-in instructor's browser."""
    require_instructor(who)
    if name == "grades.csv":
        reply: Response = grading_api.grades(assignment_id, service, who)
    elif name == "canvas.csv":
        canvas_id = request.query_params.get("canvas_id", "")
        reply = grading_api.canvas(assignment_id, service, who, canvas_id=canvas_id)
    elif name == "results.zip":
        reply = api.results(assignment_id, service, who)
        reply.headers["Content-Disposition"] = f'attachment; filename="{assignment_id}-results.zip"'
    elif name == "submitted.zip":
        reply = api.collect(assignment_id, service, who)
    else:
        raise HTTPException(404, f"no export {name!r}; there are: {', '.join(EXPORTS)}")
    return reply
