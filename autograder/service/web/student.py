"""The student's pages: released assignments with due dates and attempts left, "open in my
server", their submission history, and feedback rendered per check (hidden checks by name,
status and their safe message only: the same fields the API returns), also as an HTML document
to keep. A student sees only their own submissions: anyone else's is a 404, like a missing one."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from autograder.grading.submissions import student_name
from autograder.service.auth import Caller
from autograder.service.deps import Service
from autograder.service.status import UploadStatus
from autograder.service.store import UploadView
from autograder.service.web.context import PageCaller, ServiceDep, WebDep, render
from autograder.service.web.feedback import feedback_view, standalone_feedback, student_info
from autograder.service.web.server_copy import ServerCopyError, copy_release
from autograder.service.web.sessions import SESSION_COOKIE

router = APIRouter(prefix="/student", include_in_schema=False)


def require_student(who: Caller) -> None:
    if not who.is_student:
        raise HTTPException(403, "this page is for students of the course")


def assignment_rows(service: Service, who: Caller) -> list[dict[str, Any]]:
    """Per released assignment: due date, attempts, the latest submission."""
    name = student_name(who.name)
    rows = []
    for assignment_id in service.policy.listed(who):
        assignment = service.policy.loaded(assignment_id)
        mine = service.store.uploads(assignment=assignment_id, student=name)
        info = student_info(service, assignment_id, name)
        rows.append(
            {
                "id": assignment_id,
                "questions": len(assignment.questions),
                "max_score": assignment.max_score,
                "latest": mine[-1] if mine else None,
                "submissions": len(mine),
                **info,
            }
        )
    return rows


@router.get("/", response_class=HTMLResponse)
def home(request: Request, service: ServiceDep, who: PageCaller) -> HTMLResponse:
    require_student(who)
    return render(
        request,
        "student_home.html",
        who,
        rows=assignment_rows(service, who),
        can_open=bool(service.settings.public_url),
        flash=request.query_params.get("flash", ""),
        flash_kind="bad",
    )


@router.get("/{assignment_id}/", response_class=HTMLResponse)
def history(
    assignment_id: str, request: Request, service: ServiceDep, who: PageCaller
) -> HTMLResponse:
    require_student(who)
    assignment = service.policy.visible(assignment_id, who)
    name = student_name(who.name)
    mine = service.store.uploads(assignment=assignment_id, student=name)
    return render(
        request,
        "student_assignment.html",
        who,
        assignment=assignment,
        uploads=list(reversed(mine)),
        numbers={v.id: i for i, v in enumerate(mine, start=1)},
        info=student_info(service, assignment_id, name),
        positions={v.id: service.runner.position(v.id) for v in mine},
        manual=service.coursebook.overrides(assignment_id).get(name, []),
        counted=service.coursebook.scores(assignment_id, [name]).get(name),
        crumbs=[(f"{service.settings.prefix}student/", "My assignments")],
    )


def own_upload(service: Service, who: Caller, submission_id: int) -> UploadView:
    """The caller's own submission; anyone else's is 'not found', like a missing one."""
    require_student(who)
    view = service.store.get(submission_id)
    if view is None or view.student != student_name(who.name):
        raise HTTPException(404, f"you have no submission {submission_id}")
    return view


@router.get("/submissions/{submission_id}", response_class=HTMLResponse)
def feedback(
    submission_id: int, request: Request, service: ServiceDep, who: PageCaller
) -> HTMLResponse:
    view = own_upload(service, who, submission_id)
    prefix = service.settings.prefix
    return render(
        request,
        "student_feedback.html",
        who,
        upload=view,
        feedback=feedback_view(service, view),
        position=service.runner.position(view.id) if view.status == UploadStatus.QUEUED else None,
        crumbs=[
            (f"{prefix}student/", "My assignments"),
            (f"{prefix}student/{view.assignment}/", view.assignment),
        ],
    )


@router.get("/submissions/{submission_id}/feedback.html")
def feedback_document(
    submission_id: int, request: Request, service: ServiceDep, web: WebDep, who: PageCaller
) -> Response:
    """The same feedback as one self-contained HTML file (styles inline, no links out)."""
    view = own_upload(service, who, submission_id)
    html = standalone_feedback(web.env, view, feedback_view(service, view))
    filename = f"{view.assignment}-feedback-{view.id}.html"
    return Response(
        html,
        media_type="text/html",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/{assignment_id}/open")
def open_in_server(
    assignment_id: str, request: Request, service: ServiceDep, web: WebDep, who: PageCaller
) -> Response:
    """Copy the release into the student's own server, then open it in JupyterLab; a stopped
    server is started by the hub first, which then comes back here. A plain link (GET): the
    copy only ever adds the release's missing files to the caller's own server, so repeating
    it, or being sent here by another site, changes nothing they have."""
    require_student(who)
    service.policy.visible(assignment_id, who)
    token = web.sessions.token(request.cookies.get(SESSION_COOKIE))
    prefix = service.settings.prefix
    try:
        outcome = copy_release(service, who.name, assignment_id, token or "")
    except ServerCopyError as exc:
        if exc.server_down:
            hub = service.settings.hub_prefix.rstrip("/")
            back_here = quote(f"{prefix}student/{assignment_id}/open")
            return RedirectResponse(f"{hub}/spawn/{quote(who.name)}?next={back_here}", 303)
        return RedirectResponse(f"{prefix}student/?flash={quote(exc.message)}", 303)
    return RedirectResponse(outcome.lab_url, 303)
