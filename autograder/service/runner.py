"""Background grading for the service: a queue of uploads, and batch jobs for instructors.

Requests never wait for grading. An upload id goes into a queue that serves students in turn
(``FairQueue``), one upload per student at a time; dispatcher threads take ids and
grade them through the engine (``grading.grade_notebook``) on a warm sandbox pool kept per
assignment, so one slow or hostile submission occupies one worker and nothing else. Batch jobs
(``start_batch``) run ``batch.grade_batch`` over each student's latest upload; attempts already
graded are taken from the gradebook, not graded again.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from autograder.course import Assignment
from autograder.execution.base import ExecutionBackend, Limits
from autograder.grading.batch import grade_batch
from autograder.grading.gradebook import Gradebook
from autograder.grading.pipeline import (
    grade_notebook,
    grader_fault_result,
    make_plan,
    reference_outcomes,
)
from autograder.grading.results import SubmissionResult
from autograder.grading.submissions import SubmissionFile
from autograder.service.fairqueue import FairQueue
from autograder.service.status import JobStatus, UploadStatus
from autograder.service.store import Store, iso_utc

log = logging.getLogger(__name__)
BackendFactory = Callable[[Assignment], ExecutionBackend]


@dataclass
class BatchJob:
    """An instructor's batch grading run and how far it got."""

    id: str
    assignment: str
    by: str
    total: int
    done: int = 0
    status: JobStatus = JobStatus.RUNNING
    started_at: str = field(default_factory=lambda: iso_utc(datetime.now(UTC)))
    finished_at: str | None = None
    error: str = ""

    def view(self) -> dict[str, Any]:
        return {**vars(self), "status": str(self.status)}


class ShuttingDown(Exception):
    """The service is stopping; the result at hand must not be recorded."""


class _UnlessClosing(Gradebook):
    """The gradebook, refusing new records once the runner is closing (for batch jobs)."""

    def __init__(self, gradebook: Gradebook, closing: threading.Event) -> None:
        # no Gradebook.__init__: this shares the open gradebook's engine
        self.url, self.engine = gradebook.url, gradebook.engine
        self._closing = closing

    def record(self, result: SubmissionResult) -> int:
        if self._closing.is_set():
            raise ShuttingDown("the grading service is stopping; run the batch again")
        return super().record(result)


class Runner:
    """Grades uploads in the background; ``workers`` dispatchers, one warm pool per assignment."""

    def __init__(
        self,
        store: Store,
        assignments: Callable[[str], Assignment],
        backend_factory: BackendFactory,
        *,
        workers: int = 1,
        submission_seconds: float = 120.0,
        device: str = "cpu",
    ) -> None:
        self.store = store
        self.assignments = assignments
        self.backend_factory = backend_factory
        self.workers = max(workers, 1)
        self.submission_seconds = submission_seconds
        self.device = device
        self.queue = FairQueue()
        self.closing = threading.Event()
        self.backends: dict[str, ExecutionBackend] = {}
        self.jobs: dict[str, BatchJob] = {}
        self._lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._dispatch, name=f"grader-{i}", daemon=True)
            for i in range(self.workers)
        ]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()
        for upload_id in self.store.requeue_unfinished():
            self.enqueue(upload_id)

    def limits(self, assignment: Assignment) -> Limits:
        return Limits(
            submission_seconds=self.submission_seconds,
            question_seconds={
                q.id: min(q.timeout, self.submission_seconds) for q in assignment.questions
            },
            cell_seconds=min(Limits.cell_seconds, self.submission_seconds / 2),
        )

    def backend(self, assignment: Assignment) -> ExecutionBackend:
        """The assignment's warm pool, started on first use (about 3 s), then kept."""
        with self._lock:
            if assignment.id not in self.backends:
                self.backends[assignment.id] = self.backend_factory(assignment)
            return self.backends[assignment.id]

    def warm(self, assignment_id: str) -> None:
        """Start the pool and compute the reference outcomes now, so the first student waits
        for neither; runs in the background."""

        def go() -> None:
            try:
                assignment = self.assignments(assignment_id)
                reference_outcomes(assignment, make_plan(assignment))
                self.backend(assignment)
            except Exception:
                log.exception("warming %s failed", assignment_id)

        threading.Thread(target=go, name=f"warm-{assignment_id}", daemon=True).start()

    def enqueue(self, upload_id: int) -> None:
        """Queue an upload behind its student's earlier ones; students are served in turn."""
        view = self.store.get(upload_id)
        self.queue.put(upload_id, view.student if view is not None else "")

    def regrade(self, upload_ids: list[int]) -> None:
        """Grade these uploads again (after a fix to the suite, or on an instructor's request):
        each goes back into the queue; its new result replaces the attempt's record, and manual
        grades, kept apart, stay in force."""
        for upload_id in upload_ids:
            if upload_id in self.queue:
                continue  # already waiting: it will be graded once, with the current suite
            self.store.set_status(upload_id, UploadStatus.QUEUED)
            self.enqueue(upload_id)

    def pending(self) -> int:
        return self.queue.qsize()

    def position(self, upload_id: int) -> int | None:
        """The upload's place in the queue (1 = graded next), or None if it is not waiting."""
        return self.queue.position(upload_id)

    def _dispatch(self) -> None:
        while True:
            upload_id = self.queue.get()
            if upload_id is None:
                return
            try:
                self.grade_upload(upload_id)
            except Exception as exc:  # never let one upload stop a dispatcher
                log.exception("grading upload %s failed", upload_id)
                self.store.set_status(
                    upload_id,
                    UploadStatus.ERROR,
                    error=f"the grader failed on this submission "
                    f"({type(exc).__name__}); the service log has the details",
                )
            finally:
                self.queue.done(upload_id)

    def grade_upload(self, upload_id: int) -> None:
        view = self.store.get(upload_id)
        if view is None or view.status == UploadStatus.GRADED:
            return
        self.store.set_status(upload_id, UploadStatus.GRADING)
        assignment = self.assignments(view.assignment)
        path = self.store.upload_path(view)
        try:
            result = grade_notebook(
                assignment,
                path,
                view.student,
                backend=self.backend(assignment),
                limits=self.limits(assignment),
                device=self.device,
            )
        except Exception:
            log.exception(
                "grader fault on upload %s (%s, %s): recorded as not graded yet, regrade it",
                upload_id,
                view.student,
                view.assignment,
            )
            result = grader_fault_result(assignment, path, view.student)
        if self.closing.is_set():
            return  # its sandbox was stopped under it: left "grading", graded after a restart
        self.store.gradebook.record(result)
        self.store.set_status(
            upload_id, UploadStatus.GRADED, score=result.score, max_score=result.max_score
        )
        log.info(
            "graded upload %s (%s, %s): %g / %g in %.2f s",
            upload_id,
            view.student,
            view.assignment,
            result.score,
            result.max_score,
            result.execution_time,
        )

    def start_batch(self, assignment: Assignment, by: str) -> BatchJob:
        """Grade every student's latest upload in the background; results go to exports/."""
        latest = self.store.latest(assignment.id)
        job = BatchJob(uuid.uuid4().hex[:12], assignment.id, by, total=len(latest))
        with self._lock:
            self.jobs[job.id] = job
        subs = [SubmissionFile(v.student, self.store.upload_path(v)) for v in latest]

        def go() -> None:
            def advance(_: object) -> None:
                job.done += 1

            try:
                if subs:
                    grade_batch(
                        assignment,
                        subs,
                        self.store.data / "exports" / assignment.id,
                        backend=self.backend(assignment),
                        gradebook=_UnlessClosing(self.store.gradebook, self.closing),
                        workers=self.workers,
                        limits=self.limits(assignment),
                        device=self.device,
                        on_done=advance,
                    )
                for view in latest:
                    stored = self.store.result(view)
                    if stored is not None and view.status != UploadStatus.GRADED:
                        self.store.set_status(
                            view.id,
                            UploadStatus.GRADED,
                            score=stored.score,
                            max_score=stored.max_score,
                        )
                job.status = JobStatus.FINISHED
            except Exception as exc:
                log.exception("batch %s failed", job.id)
                job.status, job.error = JobStatus.FAILED, f"{type(exc).__name__}: {exc}"
            job.finished_at = iso_utc(datetime.now(UTC))

        threading.Thread(target=go, name=f"batch-{job.id}", daemon=True).start()
        return job

    def close(self) -> None:
        """Stop grading. What was being graded is not recorded (its sandboxes die now, which
        would look like the student's fault) and is graded again after the next start."""
        self.closing.set()
        for _ in self._threads:
            self.queue.close_one()
        with self._lock:
            backends = list(self.backends.values())
        for backend in backends:
            backend.close()
