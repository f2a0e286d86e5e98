"""Batch grading: find the submissions, grade them on N workers, write results and the gradebook.

Accepted layouts: a single ``.ipynb``; a folder of ``<student>.ipynb``; nbgrader's
``submitted/<student>/<assignment>/<notebook>.ipynb``. Outputs: ``OUT/<student>/results.json``
(Gradescope schema), ``OUT/grades.csv`` and a row per attempt in the gradebook.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from autograder.course import Assignment
from autograder.exceptions import GraderError
from autograder.execution.base import ExecutionBackend, Limits
from autograder.grading import exports, jobs_table
from autograder.grading.exports import RosterEntry, rows_from_results
from autograder.grading.gradebook import Gradebook
from autograder.grading.jobs_table import JobKey
from autograder.grading.pipeline import grade_notebook, grader_fault_result
from autograder.grading.render import gradescope
from autograder.grading.results import SubmissionResult
from autograder.grading.submissions import SubmissionFile

log = logging.getLogger(__name__)
LEASE_SECONDS = 30.0  # renewed every 10 s while a batch runs; a lost batch's rows free after
BUSY_POLL_SECONDS = 1.0


def write_json_atomic(path: Path, data: object) -> None:
    """Write JSON via a temporary file and rename, so a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    os.replace(tmp, path)


def grades_csv(
    results: list[SubmissionResult],
    *,
    roster: Sequence[RosterEntry] | None = None,
    questions: Sequence[str] | None = None,
    max_score: float | None = None,
) -> str:
    """One row per student: total, maximum and each question's score; with a roster, every
    enrolled student and a status column (:func:`autograder.grading.exports.grades_csv`)."""
    rows = rows_from_results(results)
    return exports.grades_csv(rows, roster=roster, questions=questions, max_score=max_score)


def write_grades_csv(
    path: Path,
    results: list[SubmissionResult],
    *,
    roster: Sequence[RosterEntry] | None = None,
    questions: Sequence[str] | None = None,
    max_score: float | None = None,
) -> None:
    """``grades_csv`` written via a temporary file and a rename."""
    write_text_atomic(
        path, grades_csv(results, roster=roster, questions=questions, max_score=max_score)
    )


def write_text_atomic(path: Path, text: str) -> None:
    """Write a text file via a temporary file and a rename (CSV: no newline translation)."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, newline="")
    os.replace(tmp, path)


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def grade_batch(
    assignment: Assignment,
    submissions: list[SubmissionFile],
    out: Path,
    *,
    backend: ExecutionBackend,
    gradebook: Gradebook,
    workers: int = 1,
    limits: Limits | None = None,
    device: str = "cpu",
    regrade: bool = False,
    only_errored: bool = False,
    on_done: Callable[[SubmissionResult], None] | None = None,
    skipped: list[str] | None = None,
    roster: Sequence[RosterEntry] | None = None,
    resume: bool = True,
    lease_seconds: float = LEASE_SECONDS,
) -> list[SubmissionResult]:
    """Grade every submission, record it, write its results.json; then write grades.csv.

    Resumable: a submission whose exact bytes the gradebook already holds is not graded again
    (unless ``regrade``); its results.json is rewritten from the gradebook if missing. Exactly
    once: each submission is a row of the gradebook's ``grading_jobs`` table
    (:mod:`autograder.grading.jobs_table`), claimed under a lease before grading, and its
    result is recorded and the row marked done in one transaction, so a result that comes
    twice is recorded once. With ``resume``, rows an earlier batch left unfinished (a lost
    client or scheduler) are graded too. The ids of submissions taken from the gradebook are
    appended to ``skipped``. ``only_errored`` grades again just the stored results that hold a
    grader error (after the grader was fixed). With a ``roster``, grades.csv lists every
    enrolled student, with a status column."""
    out.mkdir(parents=True, exist_ok=True)
    assignment.questions  # noqa: B018 - load the suite before threads start
    limits = limits or Limits(question_seconds={q.id: q.timeout for q in assignment.questions})
    engine = gradebook.engine
    jobs_table.create_tables(engine)
    version = jobs_table.assignment_version(assignment)
    owner = jobs_table.new_owner()
    if resume:
        submissions = [*submissions, *_resumable(gradebook, assignment.id, version, submissions)]
    results: list[SubmissionResult] = []
    pending: list[tuple[SubmissionFile, JobKey]] = []
    for sub in submissions:
        key = JobKey(assignment.id, version, sub.student, _sha256(sub.path))
        stored = None if regrade else gradebook.stored(assignment.id, sub.student, key.sha256)
        if stored is not None and only_errored and stored.grader_errors:
            stored = None
        if stored is None:
            pending.append((sub, key))
            continue
        jobs_table.note_done(engine, key, str(sub.path))
        if skipped is not None:
            skipped.append(sub.student)
        _write_result(out, stored)
        results.append(stored)
        if on_done:
            on_done(results[-1])

    jobs_table.enqueue(engine, [(key, str(sub.path)) for sub, key in pending])

    def one(sub: SubmissionFile, key: JobKey) -> SubmissionResult:
        force = regrade or only_errored
        while True:
            state = jobs_table.claim(engine, key, str(sub.path), owner, lease_seconds, force)
            if state == "busy":  # another grader holds it: wait for its result or its lease
                time.sleep(BUSY_POLL_SECONDS)
                continue
            if state == "done":
                stored = gradebook.stored(key.assignment, key.student, key.sha256)
                if stored is not None:  # another grader recorded it meanwhile
                    _write_result(out, stored)
                    return stored
                force = True  # the row says done but the gradebook lost it: grade again
                continue
            break
        try:
            result = _grade_one(assignment, sub, backend, limits, device)
            recorded = _record(gradebook, key, owner, result)
        except BaseException as exc:
            jobs_table.release(engine, key, owner, f"{type(exc).__name__}: {exc}")
            raise
        _write_result(out, recorded)
        return recorded

    with _Heartbeat(engine, owner, lease_seconds):
        # the reference outcomes are computed once, before the other workers start
        if pending:
            results.append(one(*pending[0]))
            if on_done:
                on_done(results[-1])
        with ThreadPoolExecutor(max_workers=max(workers, 1)) as pool:
            futures = [pool.submit(one, sub, key) for sub, key in pending[1:]]
            for future in as_completed(futures):
                results.append(future.result())
                if on_done:
                    on_done(results[-1])
    questions = [q.id for q in assignment.questions]
    write_grades_csv(
        out / "grades.csv",
        results,
        roster=roster,
        questions=questions if roster is not None else None,
        max_score=assignment.max_score,
    )
    faulty = [r for r in results if r.grader_errors]
    if faulty:
        log.error(
            "the grader failed on %d check(s) of %d submission(s) (%s): their scores are "
            "provisional; fix the grader, then grade again with --only-errored",
            sum(r.grader_errors for r in faulty),
            len(faulty),
            ", ".join(r.student for r in faulty[:10]) + (" ..." if len(faulty) > 10 else ""),
        )
    return sorted(results, key=lambda r: r.student)


def _grade_one(
    assignment: Assignment,
    sub: SubmissionFile,
    backend: ExecutionBackend,
    limits: Limits,
    device: str,
) -> SubmissionResult:
    """Grade one submission; a grader fault on it is recorded as not graded yet (to regrade)."""
    try:
        return grade_notebook(
            assignment, sub.path, sub.student, backend=backend, limits=limits, device=device
        )
    except GraderError:
        raise  # a broken suite or reference fails every submission: stop
    except Exception:  # one odd submission must not stop the batch
        log.exception("grader fault on %s: recorded as not graded yet, regrade it", sub.path)
        return grader_fault_result(assignment, sub.path, sub.student)


def _record(
    gradebook: Gradebook, key: JobKey, owner: str, result: SubmissionResult
) -> SubmissionResult:
    """Record the result and mark its job done (failed: provisional, with grader errors) in one
    transaction; when the job was recorded already, the stored result instead."""
    if type(gradebook).record is not Gradebook.record:
        gradebook.record(result)  # a gradebook that vets records (the service's, when stopping)
    state: jobs_table.State = "failed" if result.grader_errors else "done"
    if jobs_table.record_done(gradebook.engine, key, owner, result, state) is None:
        log.info("%s of %s was recorded already: kept once", key.student, key.assignment)
        return gradebook.stored(key.assignment, key.student, key.sha256) or result
    return result


def _write_result(out: Path, result: SubmissionResult) -> None:
    """Write the student's results.json unless it already holds exactly this result."""
    target = out / result.student / "results.json"
    rendered = gradescope(result)
    if not target.exists() or json.loads(target.read_text()) != rendered:
        write_json_atomic(target, rendered)


def _resumable(
    gradebook: Gradebook, assignment_id: str, version: str, submissions: list[SubmissionFile]
) -> list[SubmissionFile]:
    """Submissions an earlier batch left unfinished, for students not in this one; a row whose
    file is gone or changed since is marked failed, saying so."""
    listed = {sub.student for sub in submissions}
    found = []
    for row in jobs_table.unfinished(gradebook.engine, assignment_id, version):
        if row.student in listed:
            continue
        path = Path(row.path)
        if not path.is_file() or _sha256(path) != row.sha256:
            jobs_table.mark_failed(
                gradebook.engine, row.id, f"cannot resume: {path} is gone or has changed"
            )
            continue
        found.append(SubmissionFile(row.student, path))
        listed.add(row.student)
    if found:
        log.warning("resuming %d submission(s) an earlier batch left unfinished", len(found))
    return found


class _Heartbeat:
    """Renews this batch's leases every third of their length while it runs."""

    def __init__(self, engine: Engine, owner: str, lease_seconds: float) -> None:
        self.engine, self.owner, self.lease = engine, owner, lease_seconds
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, daemon=True)

    def _beat(self) -> None:
        while not self.stop.wait(self.lease / 3):
            try:
                jobs_table.renew(self.engine, self.owner, self.lease)
            except SQLAlchemyError:
                log.warning("could not renew the grading leases", exc_info=True)

    def __enter__(self) -> _Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()
