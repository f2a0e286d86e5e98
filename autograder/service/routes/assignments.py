"""Assignments: listing and downloading (students see released ones), releasing, collecting,
batch grading and results (instructors). Grades, policies and manual grading: ``grading``."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

from autograder.grading.render import gradescope
from autograder.service.deps import AnyCaller, Instructor, ServiceDep
from autograder.service.routes.common import assignment_view, zip_response

router = APIRouter(tags=["assignments"])


@router.get("/assignments", summary="Assignments: released ones (students), all (instructors)")
def assignments(service: ServiceDep, who: AnyCaller) -> list[dict[str, Any]]:
    return [
        assignment_view(service, service.policy.loaded(a), who) for a in service.policy.listed(who)
    ]


@router.get("/assignments/{assignment_id}", summary="One assignment's questions and points")
def one_assignment(assignment_id: str, service: ServiceDep, who: AnyCaller) -> dict[str, Any]:
    return assignment_view(service, service.policy.visible(assignment_id, who), who)


@router.get(
    "/assignments/{assignment_id}/download",
    response_class=Response,
    summary="The released student bundle as a zip (notebook and public checks)",
)
def download(assignment_id: str, service: ServiceDep, who: AnyCaller) -> Response:
    service.policy.visible(assignment_id, who)
    store = service.store
    if not store.is_released(assignment_id):
        raise HTTPException(409, f"assignment {assignment_id} is not released; release it first")
    root = store.released_dir(assignment_id)
    files = {
        f"{assignment_id}/{p.relative_to(root)}": p.read_bytes()
        for p in store.bundle_files(assignment_id)
    }
    return zip_response(files, f"{assignment_id}.zip")


@router.post("/assignments/{assignment_id}/release", summary="Release an assignment (instructors)")
def release(assignment_id: str, service: ServiceDep, who: Instructor) -> dict[str, Any]:
    found = service.policy.assignment(assignment_id)
    files = service.store.release(found, who.name)
    service.runner.warm(assignment_id)
    return {**assignment_view(service, found, who), "files": files}


@router.get(
    "/assignments/{assignment_id}/collect",
    response_class=Response,
    summary="Each student's latest submission, as submitted/<student>/<id>/<id>.ipynb",
)
def collect(assignment_id: str, service: ServiceDep, _: Instructor) -> Response:
    service.policy.assignment(assignment_id)
    store = service.store
    files = {
        f"submitted/{v.student}/{assignment_id}/{assignment_id}.ipynb": store.upload_path(
            v
        ).read_bytes()
        for v in store.latest(assignment_id)
    }
    return zip_response(files, f"{assignment_id}-submitted.zip")


@router.post(
    "/assignments/{assignment_id}/grade",
    status_code=202,
    summary="Grade every student's latest submission in the background",
)
def grade(assignment_id: str, service: ServiceDep, who: Instructor) -> dict[str, Any]:
    job = service.runner.start_batch(service.policy.assignment(assignment_id), who.name)
    return {**job.view(), "url": f"{service.api}/jobs/{job.id}"}


@router.get(
    "/assignments/{assignment_id}/results",
    response_class=Response,
    summary="Per-student results.json of the latest graded submissions, as a zip",
)
def results(assignment_id: str, service: ServiceDep, _: Instructor) -> Response:
    service.policy.assignment(assignment_id)
    files = {
        f"{r.student}/results.json": json.dumps(gradescope(r), indent=2).encode()
        for r in service.store.latest_results(assignment_id)
    }
    return zip_response(files)
