"""The grading pipeline for one submission: sanitize -> execute -> compare -> score.

Compare and score run here, in the trusted process; execute runs in the backend's process. The
reference outcomes of an assignment are computed once per grader process and reused.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from autograder.checks.base import GRADER_FAULT_MESSAGE, Check, Status, Verdict, error
from autograder.checks.evaluate import decode_outcomes, evaluate, unpaid_contracts
from autograder.course import Assignment, Question
from autograder.exceptions import SubmissionError
from autograder.execution.base import ExecutionBackend, Job, Limits, RunResult
from autograder.execution.contract import CallSpec, CellSpec, QuestionSpec
from autograder.grading import reference_cache
from autograder.grading.results import CheckResult, QuestionResult, SubmissionResult
from autograder.grading.sanitize import build_cells, read_submission
from autograder.protocol.calls import CallOutcome
from autograder.protocol.perform import isolated_rng, perform


@dataclass(frozen=True)
class PlannedCheck:
    """A check and the ids of its calls in the job."""

    question: str
    check: Check
    call_ids: tuple[int, ...]


@dataclass(frozen=True)
class Plan:
    """All calls of an assignment, numbered, grouped by question, with their checks."""

    questions: list[QuestionSpec]
    checks: tuple[PlannedCheck, ...]
    key: tuple[str, str] = ("", "")


_plans: dict[tuple[str, str], Plan] = {}
_references: dict[tuple[str, str], dict[int, CallOutcome]] = {}
# The reference runs reseed the process's global RNGs before every call, so two of them must
# never interleave (06 initialises its model from torch's global generator): one at a time.
REFERENCE_LOCK = threading.Lock()


def make_plan(assignment: Assignment, questions: Sequence[Question] | None = None) -> Plan:
    """Number every call of every check; cached per assignment and question set."""
    questions = tuple(questions if questions is not None else assignment.questions)
    key = (
        str(assignment.root),
        assignment.id + repr([(q.id, [c.name for c in q.checks]) for q in questions]),
    )
    if key in _plans:
        return _plans[key]
    job_questions: list[QuestionSpec] = []
    planned, next_id = [], 0
    for q in questions:
        calls: list[CallSpec] = []
        for check in q.checks:
            ids = []
            for call in check.calls():
                calls.append(call.to_wire(next_id))
                ids.append(next_id)
                next_id += 1
            planned.append(PlannedCheck(q.id, check, tuple(ids)))
        job_questions.append({"id": q.id, "calls": calls})
    plan = Plan(job_questions, tuple(planned), key)
    _plans[key] = plan
    return plan


def reference_outcomes(assignment: Assignment, plan: Plan) -> dict[int, CallOutcome]:
    """Run every call on the reference module in this (trusted) process, once per plan: under
    a lock and with the process's random state saved and restored, so the outcomes are the same
    whichever thread asks first and nothing else in the process sees its RNGs move. Kept on disk
    (:mod:`autograder.grading.reference_cache`), so a later batch reads them back bit for bit."""
    key = plan.key

    def compute() -> dict[int, dict[str, Any]]:
        namespace = vars(assignment.reference_module)
        records = {}
        with isolated_rng():
            for q in plan.questions:
                for call in q["calls"]:
                    records[call["id"]] = perform(
                        call, namespace, trusted=True, functions=assignment.functions
                    )
        return records

    with REFERENCE_LOCK:
        if key not in _references:
            # trusted reference runs are always on the CPU (perform's ``trusted``)
            _references[key] = reference_cache.cached_outcomes(
                assignment, plan.questions, compute, device="cpu"
            )
        return _references[key]


def _reference_future(
    assignment: Assignment, plan: Plan, given: dict[int, CallOutcome] | None
) -> Future[dict[int, CallOutcome]]:
    """The plan's reference outcomes: resolved at once when given or already in this process,
    else computed by a thread while the caller sanitizes and runs the submission: the run waits
    on the backend's process, so the two overlap, and a batch's first result after a reference
    change does not wait for the reference's imports and calls before its submission starts."""
    future: Future[dict[int, CallOutcome]] = Future()
    if given is None:
        with REFERENCE_LOCK:
            given = _references.get(plan.key)
    if given is not None:
        future.set_result(given)
        return future

    def compute() -> None:
        try:
            future.set_result(reference_outcomes(assignment, plan))
        except BaseException as exc:  # re-raised by result(), in the grading thread
            future.set_exception(exc)

    threading.Thread(target=compute, name="reference", daemon=True).start()
    return future


def judge(
    planned: PlannedCheck,
    run: RunResult,
    reference: dict[int, CallOutcome],
    where: str = "",
    device: str = "cpu",
) -> Verdict:
    """Decide one check, failing closed when any of its results is missing or malformed; with
    the check's GPU tolerance when the student's code ran on ``device`` ``cuda``."""
    records = []
    for cid in planned.call_ids:
        record = run.records.get((planned.question, cid))
        if record is None:
            reason = run.failures.get(planned.question, NO_RESULT)
            return error(f"Not graded: {reason}.", "not_run")
        records.append(record)
    student = decode_outcomes(records)
    if isinstance(student, Verdict):
        return student
    verdict = evaluate(
        planned.check.on_device(device),
        student,
        [reference[cid] for cid in planned.call_ids],
        where=where,
    )
    return _with_cell_hint(verdict, run, planned.question)


def _with_cell_hint(verdict: Verdict, run: RunResult, question: str) -> Verdict:
    """A missing function often means its answer cell failed: say so, with that cell's error."""
    if verdict.kind != "missing_function":
        return verdict
    for cell_error in run.cell_errors:
        if str(cell_error.get("cell", "")).endswith(f"({question})"):
            hint = (
                f" Its answer cell ({cell_error.get('cell')}) raised "
                f"{cell_error.get('type')}: {cell_error.get('message')}"
                + (f" at {cell_error['where']}" if cell_error.get("where") else "")
                + "."
            )
            return replace(verdict, message=verdict.message + hint)
    return verdict


def grade_notebook(
    assignment: Assignment,
    path: Path,
    student: str,
    *,
    backend: ExecutionBackend,
    limits: Limits | None = None,
    device: str = "cpu",
    questions: Sequence[Question] | None = None,
    reference: dict[int, CallOutcome] | None = None,
    pay_contracts_alone: bool = False,
) -> SubmissionResult:
    """Grade one notebook file and return its typed result; never raises for student faults.

    ``reference`` overrides the reference outcomes (public checks use stored ones). Contract
    checks pay only beside a passing value check of their function, unless
    ``pay_contracts_alone`` (public checks, which earn no points, report them as they are)."""
    started = time.monotonic()
    questions = tuple(questions if questions is not None else assignment.questions)
    plan = make_plan(assignment, questions)
    # judging is the first step that needs the reference outcomes: when they must be computed
    # (a new reference, an empty cache), that runs beside the submission's run, not before it
    outcomes = _reference_future(assignment, plan, reference)
    limits = limits or Limits(question_seconds={q.id: q.timeout for q in questions})
    digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
    try:
        notebook, file_notes = read_submission(path)
        sanitized = build_cells(notebook, assignment.released)
        sanitized.notes[:0] = file_notes
    except SubmissionError as exc:
        return _all_errored(assignment, student, questions, str(exc), digest, started)
    job = Job(
        [CellSpec(name=c["name"], source=c["source"]) for c in sanitized.cells],
        plan.questions,
        device=device,
        data_dir=assignment.directory,
        functions=assignment.functions_source,
    )
    run = run_with_recovery(backend, job, limits)
    reference = outcomes.result()
    verdicts = {
        (p.question, p.check.name): judge(p, run, reference, f"{student}, {p.question}", device)
        for p in plan.checks
    }
    for q in () if pay_contracts_alone else questions:
        by_name = {c.name: verdicts[(q.id, c.name)] for c in q.checks}
        for name, unpaid in unpaid_contracts(q.checks, by_name).items():
            verdicts[(q.id, name)] = unpaid
    results = tuple(
        QuestionResult(
            q.id,
            q.title,
            q.points,
            tuple(
                CheckResult(
                    q.id,
                    c.name,
                    c.kind,
                    verdicts[(q.id, c.name)].status,
                    c.weight,
                    c.hidden,
                    verdicts[(q.id, c.name)].message,
                )
                for c in q.checks
            ),
        )
        for q in questions
    )
    notes = (
        tuple(sanitized.notes)
        + tuple(
            f"{name}{' (a cell you added)' if name in sanitized.added else ''} was skipped: "
            f"{reason}; the questions were graded without it."
            for name, reason in run.skipped_cells
        )
        + tuple(cell_error_note(e, sanitized.added) for e in run.cell_errors)
    )
    limits_hit = {qid: run.failures[qid] for qid in job.question_ids if qid in run.failures}
    return SubmissionResult(
        assignment.id,
        student,
        results,
        notes,
        time.monotonic() - started,
        digest,
        limits_hit,
        log={
            "stdout": run.stdout,
            "stderr": run.stderr,
            "failures": run.failures,
            "cells_failure": run.cells_failure,
            "whole_failure": run.whole_failure,
        },
    )


def cell_error_note(cell_error: dict[str, Any], added: dict[str, tuple[str, ...]]) -> str:
    """The note for an error a notebook cell raised. An answer or setup cell's error is given as
    it is; a cell the student added is said to be one, deciding nothing by itself, with the
    answers that use what it defines (they may have lost points through it), if any."""
    name = str(cell_error.get("cell"))
    error = f"{cell_error.get('type')}: {cell_error.get('message')}"
    if name not in added:
        return f"{name} raised {error}"
    affected = added[name]
    if not affected:
        effect = "no answer uses what it defines"
    else:
        which = ", ".join(affected)
        effect = f"it may have affected {which}, which use{'s' if len(affected) == 1 else ''} "
        effect += "what it defines"
    return (
        f"{name}, a cell you added, raised {error}. A cell you add is not graded itself; {effect}."
    )


def run_with_recovery(backend: ExecutionBackend, job: Job, limits: Limits) -> RunResult:
    """Run the job, and recover what can be graded after a hang or a crash, in a fresh process:

    - a question that timed out or killed the process: run the questions after it again;
    - a notebook cell that did: run again without that cell (recorded in ``skipped_cells``).

    So one bad answer, or one bad exploration cell, does not cost the other questions. Whatever
    the backend, every question left without results is failed closed at the end."""
    started = time.monotonic()
    run = backend.run(job, limits)
    cells = list(job.cells)
    for _ in range(len(job.questions) + len(job.cells)):
        finished = run.finished
        if run.crashed_cell is not None:
            reason = run.cells_failure or next(
                (run.failures[q] for q in job.question_ids if q in run.failures),
                "it stopped the process",
            )
            run.skipped_cells.append((run.crashed_cell, reason))
            cells = [c for c in cells if c["name"] != run.crashed_cell]
            pending = [q for q in job.questions if q["id"] not in finished]
        elif run.crashed_in is not None:
            pending = [
                q for q in job.questions if q["id"] not in finished and q["id"] != run.crashed_in
            ]
        else:
            break
        left = limits.submission_seconds - (time.monotonic() - started)
        if not pending or left <= 1.0 or run.whole_failure:
            break
        retry = backend.run(job.retry(cells, pending), limits.with_submission_seconds(left))
        for q in pending:
            run.failures.pop(q["id"], None)
        run.records.update(retry.records)
        run.finished |= retry.finished
        run.failures.update(retry.failures)
        run.cells_failure, run.whole_failure = retry.cells_failure, retry.whole_failure
        run.crashed_in, run.crashed_cell = retry.crashed_in, retry.crashed_cell
        run.stdout, run.stderr = run.stdout + retry.stdout, run.stderr + retry.stderr
        if not run.cell_errors:
            run.cell_errors = retry.cell_errors
    return run.fail_unfinished(job, NO_RESULT)


NO_RESULT = "no result was produced"


def grader_fault_result(assignment: Assignment, path: Path, student: str) -> SubmissionResult:
    """Every check ``grader_error``: for a submission the grader itself failed on (its details
    are in the log); provisional, to be regraded, and never the student's fault."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
    note = (
        "The grader failed on this submission (not your code); your instructor has been "
        "told and will regrade it."
    )
    return _uniform(
        assignment,
        student,
        assignment.questions,
        "grader_error",
        GRADER_FAULT_MESSAGE,
        note,
        digest,
        0.0,
    )


def _all_errored(
    assignment: Assignment,
    student: str,
    questions: Sequence[Question],
    reason: str,
    digest: str,
    started: float,
) -> SubmissionResult:
    """Every check ``error`` with ``reason``: a file that could not be read as a notebook."""
    return _uniform(
        assignment,
        student,
        questions,
        "error",
        f"Not graded: {reason}",
        reason,
        digest,
        time.monotonic() - started,
    )


def _uniform(
    assignment: Assignment,
    student: str,
    questions: Sequence[Question],
    status: Status,
    message: str,
    note: str,
    digest: str,
    seconds: float,
) -> SubmissionResult:
    """A result whose every check has the same status and message."""
    results = tuple(
        QuestionResult(
            q.id,
            q.title,
            q.points,
            tuple(
                CheckResult(q.id, c.name, c.kind, status, c.weight, c.hidden, message)
                for c in q.checks
            ),
        )
        for q in questions
    )
    return SubmissionResult(assignment.id, student, results, (note,), seconds, digest)
