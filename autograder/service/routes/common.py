"""Small response helpers the routes share: zip archives and the JSON views of records."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from fastapi.responses import Response

from autograder.course import Assignment
from autograder.grading.submissions import student_name
from autograder.service.auth import Caller
from autograder.service.deps import Service
from autograder.service.status import UploadStatus
from autograder.service.store import UploadView

ZIP = "application/zip"


def zip_response(files: dict[str, bytes], filename: str | None = None) -> Response:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(name, data)
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'} if filename else {}
    return Response(buffer.getvalue(), media_type=ZIP, headers=headers)


def assignment_view(service: Service, a: Assignment, who: Caller | None = None) -> dict[str, Any]:
    """An assignment as the API shows it: its questions and its policy's due date (a student's
    own, extension included), which attempt counts and the attempt limit; for a student also
    the attempts used and left (None: unlimited)."""
    store = service.store
    policy = service.policy.grading_policy(a.id)
    student = student_name(who.name) if who is not None and not who.is_instructor else None
    due = policy.due_for(student) if student is not None else policy.due
    view: dict[str, Any] = {
        "id": a.id,
        "released": store.is_released(a.id),
        "released_at": store.released_at(a.id),
        "max_score": a.max_score,
        "questions": [{"id": q.id, "title": q.title, "points": q.points} for q in a.questions],
        "due": due.isoformat() if due is not None else None,
        "counts": policy.counts.value,
        "max_attempts": policy.max_attempts,
    }
    if student is not None:
        used = service.coursebook.attempts_used(a.id, student)
        view["attempts_used"] = used
        view["attempts_left"] = (
            None if policy.max_attempts is None else max(policy.max_attempts - used, 0)
        )
    return view


def upload_view(
    service: Service, view: UploadView, *, with_results: bool = False
) -> dict[str, Any]:
    data: dict[str, Any] = {k: v for k, v in vars(view).items() if k != "path"}
    data["status"] = str(view.status)
    data["url"] = f"{service.api}/submissions/{view.id}"
    if view.status == UploadStatus.QUEUED:
        data["queue_position"] = service.runner.position(view.id)
    if with_results:
        data["results"] = (
            service.store.results(view) if view.status == UploadStatus.GRADED else None
        )
    return data
