"""Instructor-only insight into an assignment: analytics (per assignment, question and check,
with Matplotlib histograms inline as SVG) and the similarity report of answer code (copydetect,
the released notebook as boilerplate), listed by matched length and shown side by side.

Both are computed from the gradebook and the stored uploads, and cached until something they
depend on changes (a new graded attempt, a manual grade, a policy), so that the pages stay fast
for a class of hundreds."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from autograder.grading.analytics import AssignmentAnalytics, AttemptRecord, assignment_analytics
from autograder.grading.analytics_plots import histogram_svg_of
from autograder.grading.gradebook import to_result
from autograder.grading.results import SubmissionResult
from autograder.grading.similarity import SimilarityReport, report_from_notebooks
from autograder.service.deps import Service
from autograder.service.status import UploadStatus
from autograder.service.web.context import PageCaller, ServiceDep, render
from autograder.service.web.instructor import require_instructor

router = APIRouter(prefix="/instructor", include_in_schema=False)
T = TypeVar("T")
_cache: dict[tuple[str, str], tuple[Any, Any]] = {}
_lock = threading.Lock()


def cached(kind: str, assignment: str, version: Any, compute: Callable[[], T]) -> T:
    """``compute()`` once per version of its inputs."""
    with _lock:
        hit = _cache.get((kind, assignment))
    if hit is not None and hit[0] == version:
        value: T = hit[1]
        return value
    value = compute()
    with _lock:
        _cache[(kind, assignment)] = (version, value)
    return value


def analytics_of(service: Service, assignment_id: str) -> AssignmentAnalytics:
    """Every graded attempt, and per student the one the policy counts."""
    uploads = service.store.uploads(assignment=assignment_id, status=(UploadStatus.GRADED,))
    scores = service.coursebook.scores(assignment_id)
    version = (
        len(uploads),
        max((u.graded_at or "" for u in uploads), default=""),
        tuple((s, e.attempt.number if e.attempt else 0) for s, e in sorted(scores.items())),
    )

    def compute() -> AssignmentAnalytics:
        results = {
            (row.student, row.sha256): to_result(row)
            for row in service.store.gradebook.submissions(assignment_id)
        }
        attempts: list[AttemptRecord] = []
        numbered: dict[tuple[str, int], SubmissionResult] = {}
        for upload in uploads:
            result = results.get((upload.student, upload.sha256))
            if result is None:
                continue
            attempts.append(
                AttemptRecord(upload.student, datetime.fromisoformat(upload.received_at), result)
            )
            numbered[(upload.student, sum(a.student == upload.student for a in attempts))] = result
        counted = {
            s: numbered[(s, e.attempt.number)]
            for s, e in scores.items()
            if e.attempt is not None and (s, e.attempt.number) in numbered
        }
        released = service.store.released_at(assignment_id)
        return assignment_analytics(
            attempts, counted, datetime.fromisoformat(released) if released else None
        )

    return cached("analytics", assignment_id, version, compute)


@router.get("/{assignment_id}/analytics", response_class=HTMLResponse)
def analytics_page(
    assignment_id: str, request: Request, service: ServiceDep, who: PageCaller
) -> HTMLResponse:
    require_instructor(who)
    assignment = service.policy.assignment(assignment_id)
    data = analytics_of(service, assignment_id)
    figures = cached(
        "figures",
        assignment_id,
        data,
        lambda: {
            "total": histogram_svg_of(data.histogram, title=f"{assignment_id}: total score"),
            **{q.id: histogram_svg_of(q.histogram, title=f"{q.id}: score") for q in data.questions},
        },
    )
    return render(
        request,
        "instructor_analytics.html",
        who,
        assignment=assignment,
        data=data,
        figures=figures,
        crumbs=[(f"{service.settings.prefix}instructor/", "Assignments")],
    )


def similarity_of(service: Service, assignment_id: str) -> SimilarityReport:
    latest = service.store.latest(assignment_id)
    version = tuple((v.student, v.sha256) for v in latest)
    assignment = service.policy.assignment(assignment_id)
    return cached(
        "similarity",
        assignment_id,
        version,
        lambda: report_from_notebooks(
            {v.student: service.store.upload_path(v) for v in latest}, assignment.notebook_path
        ),
    )


@router.get("/{assignment_id}/similarity", response_class=HTMLResponse)
def similarity_page(
    assignment_id: str, request: Request, service: ServiceDep, who: PageCaller
) -> HTMLResponse:
    require_instructor(who)
    assignment = service.policy.assignment(assignment_id)
    report = similarity_of(service, assignment_id)
    return render(
        request,
        "instructor_similarity.html",
        who,
        assignment=assignment,
        report=report,
        crumbs=[(f"{service.settings.prefix}instructor/", "Assignments")],
    )


@router.get("/{assignment_id}/similarity/{student}", response_class=HTMLResponse)
def similarity_pair(
    assignment_id: str, student: str, request: Request, service: ServiceDep, who: PageCaller
) -> HTMLResponse:
    require_instructor(who)
    assignment = service.policy.assignment(assignment_id)
    report = similarity_of(service, assignment_id)
    match = next((m for m in report.matches if m.student == student), None)
    if match is None:
        raise HTTPException(404, f"{student} has no submission of {assignment_id} to compare")
    prefix = service.settings.prefix
    return render(
        request,
        "instructor_similarity_pair.html",
        who,
        assignment=assignment,
        match=match,
        crumbs=[
            (f"{prefix}instructor/", "Assignments"),
            (f"{prefix}instructor/{assignment_id}/similarity", f"{assignment_id} similarity"),
        ],
    )
