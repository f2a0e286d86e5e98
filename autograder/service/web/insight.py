"""Instructor-only insight into an assignment: analytics (per assignment, question and check,
with Matplotlib histograms inline as SVG) and the similarity report of answer code (copydetect,
the released notebook as boilerplate), listed by matched length and shown side by side.

Both are computed from the gradebook and the stored uploads, and cached until something they
depend on changes (a new graded attempt, a manual grade, a policy), so that the pages stay fast
for a class of hundreds."""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from autograder.course import list_assignments
from autograder.grading.analytics import AssignmentAnalytics, AttemptRecord, assignment_analytics
from autograder.grading.analytics_plots import histogram_svg_of
from autograder.grading.policies import EffectiveScore
from autograder.grading.results import SubmissionResult
from autograder.grading.similarity import SimilarityReport, report_from_notebooks
from autograder.service.deps import Service
from autograder.service.status import UploadStatus
from autograder.service.store import UploadView
from autograder.service.web.context import PageCaller, ServiceDep, render
from autograder.service.web.instructor import require_instructor

router = APIRouter(prefix="/instructor", include_in_schema=False)
T = TypeVar("T")
log = logging.getLogger(__name__)


class Cache:
    """Computed insight per (kind, assignment), stale-while-refreshing: a page gets the last
    value at once while a newer one is computed in the background, so that a class of hundreds
    never waits seconds for a page; only the very first view of an assignment computes in line
    (the service warms released assignments at start, so usually not even that)."""

    def __init__(self) -> None:
        self._values: dict[tuple[str, str], tuple[Any, Any, float]] = {}
        self._running: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def get(
        self, kind: str, assignment: str, version: Any, compute: Callable[[], T]
    ) -> tuple[T, float | None]:
        """The value and, when it is from an older version being refreshed, when it was made."""
        key = (kind, assignment)
        with self._lock:
            hit = self._values.get(key)
            start = hit is not None and hit[0] != version and key not in self._running
            if start:
                self._running.add(key)
        if hit is None:
            return self._compute(key, version, compute), None
        if start:
            threading.Thread(
                target=self._refresh, args=(key, version, compute), daemon=True
            ).start()
        value: T = hit[1]
        return value, (hit[2] if hit[0] != version else None)

    def _compute(self, key: tuple[str, str], version: Any, compute: Callable[[], T]) -> T:
        value = compute()
        with self._lock:
            self._values[key] = (version, value, time.time())
        return value

    def _refresh(self, key: tuple[str, str], version: Any, compute: Callable[[], T]) -> None:
        try:
            self._compute(key, version, compute)
        except Exception:
            log.exception("refreshing %s of %s failed", *key)
        finally:
            with self._lock:
                self._running.discard(key)


CACHE = Cache()


@dataclass(frozen=True)
class Analytics:
    """An assignment's analytics with its histograms rendered."""

    data: AssignmentAnalytics
    figures: dict[str, str]


def analytics_of(service: Service, assignment_id: str) -> tuple[Analytics, float | None]:
    """The analytics, cached by what they depend on: the graded uploads, and which attempt
    counts for whom (both read once per view, and handed to the computation)."""
    uploads = service.store.uploads(assignment=assignment_id, status=(UploadStatus.GRADED,))
    scores = service.coursebook.scores(assignment_id)
    counted = tuple((s, e.attempt.number if e.attempt else 0) for s, e in sorted(scores.items()))
    version = (len(uploads), max((u.graded_at or "" for u in uploads), default=""), counted)
    return CACHE.get(
        "analytics",
        assignment_id,
        version,
        lambda: compute_analytics(service, assignment_id, uploads, scores),
    )


def compute_analytics(
    service: Service,
    assignment_id: str,
    uploads: list[UploadView],
    scores: dict[str, EffectiveScore],
) -> Analytics:
    """Every graded attempt, and per student the one the policy counts; then the figures."""
    results = service.store.gradebook.results(assignment_id)
    attempts: list[AttemptRecord] = []
    numbered: dict[tuple[str, int], SubmissionResult] = {}
    made: dict[str, int] = {}
    for upload in uploads:
        result = results.get((upload.student, upload.sha256))
        if result is None:
            continue
        attempts.append(
            AttemptRecord(upload.student, datetime.fromisoformat(upload.received_at), result)
        )
        made[upload.student] = made.get(upload.student, 0) + 1
        numbered[(upload.student, made[upload.student])] = result
    counted = {
        s: numbered[(s, e.attempt.number)]
        for s, e in scores.items()
        if e.attempt is not None and (s, e.attempt.number) in numbered
    }
    released = service.store.released_at(assignment_id)
    data = assignment_analytics(
        attempts, counted, datetime.fromisoformat(released) if released else None
    )
    figures = {"total": histogram_svg_of(data.histogram, title=f"{assignment_id}: total score")}
    for q in data.questions:
        figures[q.id] = histogram_svg_of(q.histogram, title=f"{q.id}: score")
    return Analytics(data, figures)


def warm(service: Service) -> threading.Thread:
    """Compute the analytics of every released assignment in the background (service start),
    then take what the start left in memory out of the garbage collector's full passes
    (``gc.freeze``): with a large class's figures cached, one such pass took 250 ms of whichever
    page request it fell on; after the freeze, 1 ms."""

    def go() -> None:
        for assignment_id in list_assignments(service.settings.course_root):
            if service.store.is_released(assignment_id):
                try:
                    analytics_of(service, assignment_id)
                except Exception:
                    log.exception("warming the analytics of %s failed", assignment_id)
        gc.freeze()

    thread = threading.Thread(target=go, name="warm-analytics", daemon=True)
    thread.start()
    return thread


@router.get("/{assignment_id}/analytics", response_class=HTMLResponse)
def analytics_page(
    assignment_id: str, request: Request, service: ServiceDep, who: PageCaller
) -> HTMLResponse:
    require_instructor(who)
    assignment = service.policy.assignment(assignment_id)
    found, stale_since = analytics_of(service, assignment_id)
    return render(
        request,
        "instructor_analytics.html",
        who,
        assignment=assignment,
        data=found.data,
        figures=found.figures,
        stale_since=datetime.fromtimestamp(stale_since, UTC) if stale_since else None,
        crumbs=[(f"{service.settings.prefix}instructor/", "Assignments")],
    )


def similarity_of(service: Service, assignment_id: str) -> SimilarityReport:
    latest = service.store.latest(assignment_id)
    version = tuple((v.student, v.sha256) for v in latest)
    assignment = service.policy.assignment(assignment_id)
    report, _ = CACHE.get(
        "similarity",
        assignment_id,
        version,
        lambda: report_from_notebooks(
            {v.student: service.store.upload_path(v) for v in latest}, assignment.notebook_path
        ),
    )
    return report


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
