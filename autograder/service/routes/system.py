"""Liveness and identity."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from autograder.service.deps import AnyCaller, ServiceDep

router = APIRouter(tags=["system"])


@router.get("/health", summary="Liveness, and how many uploads wait to be graded")
def health(service: ServiceDep) -> dict[str, Any]:
    return {"status": "ok", "queued": service.runner.pending()}


@router.get("/whoami", summary="Who the token belongs to and what they may do")
def whoami(who: AnyCaller) -> dict[str, Any]:
    return {"name": who.name, "student": who.is_student, "instructor": who.is_instructor}
