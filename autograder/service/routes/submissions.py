"""Submissions: students upload notebooks (stored before the reply, graded in the background)
and read their own; instructors read everyone's."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from autograder.service.deps import AnyCaller, ServiceDep, Student
from autograder.service.routes.common import upload_view

router = APIRouter(tags=["submissions"])


def is_notebook(data: Any) -> bool:
    cells = data.get("cells", data.get("worksheets")) if isinstance(data, dict) else None
    return isinstance(cells, list) and isinstance(data.get("nbformat"), int)


@router.post(
    "/assignments/{assignment_id}/submissions",
    status_code=202,
    summary="Submit a notebook (students): stored at once, graded in the background",
    responses={
        400: {"description": "not a notebook"},
        413: {"description": "too large"},
        403: {"description": "all the assignment's attempts used (max_attempts)"},
        429: {"description": "graded-attempt limit per hour reached"},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/x-ipynb+json": {
                    "schema": {
                        "type": "object",
                        "description": "the notebook file (.ipynb) itself",
                        "required": ["cells", "nbformat"],
                    }
                }
            },
        }
    },
)
async def submit(
    assignment_id: str, request: Request, service: ServiceDep, who: Student
) -> dict[str, Any]:
    await run_in_threadpool(service.policy.visible, assignment_id, who)
    data = await read_limited(request, service.settings.max_upload_bytes)
    try:
        parsed = json.loads(data)
    except (UnicodeDecodeError, ValueError):
        raise HTTPException(
            400,
            "the upload is not a Jupyter notebook (not valid JSON); send the .ipynb file itself",
        ) from None
    if not is_notebook(parsed):
        raise HTTPException(
            400,
            "the upload is JSON but not a Jupyter notebook (no 'cells' list or 'nbformat' version)",
        )
    view = await run_in_threadpool(service.policy.store_within_limit, assignment_id, who, data)
    service.runner.enqueue(view.id)
    left = await run_in_threadpool(service.coursebook.attempts_left, assignment_id, view.student)
    return {**upload_view(service, view), "attempts_left": left}


@router.get("/submissions", summary="Your submissions (students); everyone's (instructors)")
def submissions(
    service: ServiceDep, who: AnyCaller, assignment: str | None = None, student: str | None = None
) -> list[dict[str, Any]]:
    views = service.store.uploads(assignment=assignment, student=service.policy.whose(who, student))
    return [upload_view(service, v) for v in views]


@router.get("/submissions/{submission_id}", summary="One submission: status and feedback")
def submission(submission_id: int, service: ServiceDep, who: AnyCaller) -> dict[str, Any]:
    return upload_view(service, service.policy.submission(submission_id, who), with_results=True)


@router.get(
    "/submissions/{submission_id}/notebook",
    response_class=Response,
    summary="The notebook exactly as submitted",
)
def submitted_notebook(submission_id: int, service: ServiceDep, who: AnyCaller) -> Response:
    view = service.policy.submission(submission_id, who)
    return Response(
        service.store.upload_path(view).read_bytes(), media_type="application/x-ipynb+json"
    )


async def read_limited(request: Request, limit: int) -> bytes:
    """The request body, refusing (413) anything above ``limit`` bytes without reading it all."""
    too_big = HTTPException(
        413,
        f"the upload is larger than the {limit // (1024 * 1024)} MB "
        "limit; clear the notebook's outputs (Edit > Clear Outputs of All "
        "Cells) and submit again",
    )
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_big
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_big
        chunks.append(chunk)
    if not size:
        raise HTTPException(400, "the upload is empty; send the notebook file as the body")
    return b"".join(chunks)
