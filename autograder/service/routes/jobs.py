"""Batch grading jobs started by instructors."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException

from autograder.service.deps import Instructor, ServiceDep

router = APIRouter(tags=["jobs"])


@router.get("/jobs/{job_id}", summary="A batch grading job's progress (instructors)")
def job(job_id: str, service: ServiceDep, _: Instructor) -> dict[str, Any]:
    if job_id not in service.runner.jobs:
        raise HTTPException(
            404, f"no batch job {job_id!r} (jobs are kept until the service restarts)"
        )
    return service.runner.jobs[job_id].view()
