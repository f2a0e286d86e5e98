"""Grade otter-grader submissions in our sandbox with otter's own grading (trusted side).

Each submission becomes one ``Job(runner="otter")``: the sandboxed runner
(:mod:`autograder.sandboxed.otter_runner`) runs otter's ``grade_notebook`` there and streams
plain JSON per question. Here those records are mapped onto our result records: question id =
otter's question name, points = otter's ``possible`` as read from the instructor's test files
(never from the sandbox), one check per test case weighted by its points; hidden cases are shown
by name and status only. Results are written like the normal batch: ``OUT/<student>/results.json``
and ``OUT/grades.csv`` (and the gradebook, when one is given).
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from autograder.checks.base import Status
from autograder.execution.base import ExecutionBackend, Job, Limits, RunResult
from autograder.grading.batch import write_grades_csv, write_json_atomic
from autograder.grading.gradebook import Gradebook
from autograder.grading.render import gradescope
from autograder.grading.results import CheckResult, QuestionResult, SubmissionResult
from autograder.grading.submissions import SubmissionFile, discover
from autograder.interop.otter_assignment import OtterAssignment, OtterQuestion, load_otter

log = logging.getLogger(__name__)

KIND = "otter test"
ALL_CASES = "all test cases"
MESSAGE_CHARS = 2000
GRADER_FAULT = "The grader failed on this submission (not your code); it will be regraded."


def otter_job(assignment: OtterAssignment, notebook_text: str) -> Job:
    """The sandbox job grading one notebook: one (call-less) question per otter test file."""
    return Job(
        cells=[],
        questions=[{"id": qid, "calls": []} for qid in assignment.question_ids],
        runner="otter",
        runner_input=assignment.runner_input(notebook_text),
    )


def _case_outcomes(record: Any) -> dict[str, tuple[bool, str]]:
    """Case name -> (passed, message) from the sandbox's record; anything odd is ignored."""
    outcomes: dict[str, tuple[bool, str]] = {}
    cases = record.get("cases") if isinstance(record, dict) else None
    for case in cases if isinstance(cases, list) else []:
        if isinstance(case, dict) and isinstance(case.get("name"), str):
            message = case.get("message")
            text = message[:MESSAGE_CHARS] if isinstance(message, str) else ""
            outcomes[case["name"]] = (case.get("passed") is True, text)
    return outcomes


def question_result(
    question: OtterQuestion, record: Any, failure: str | None, failed_as: Status = "error"
) -> QuestionResult:
    """Our record of one otter question. A hidden case keeps its name and status only, whatever
    otter's message says (it may quote the hidden test); a question without results errors."""
    outcomes = {} if failure else _case_outcomes(record)
    checks = []
    for case in question.cases:
        status: Status
        if failure:
            status, message = failed_as, failure
        elif case.name in outcomes:
            passed, message = outcomes[case.name]
            status = "passed" if passed else "failed"
        else:
            status, message = "error", "otter reported no result for this test case"
        weight = 0.0 if question.all_or_nothing else case.points
        shown = "" if case.hidden and not failure else message
        checks.append(
            CheckResult(question.name, case.name, KIND, status, weight, case.hidden, shown)
        )
    if question.all_or_nothing:  # otter: all the points when every case passes, else none
        every = all(c.status == "passed" for c in checks) and bool(checks)
        checks.append(
            CheckResult(question.name, ALL_CASES, KIND, "passed" if every else "failed", 1.0, False)
        )
    return QuestionResult(question.name, question.name, question.points, tuple(checks))


def _failure_of(run: RunResult, qid: str) -> str | None:
    """Why question ``qid`` has no usable record: the run's reason, or the runner's error."""
    if qid in run.failures:
        return run.failures[qid]
    record = run.records.get((qid, 0))
    if not isinstance(record, dict):
        return "no result was produced"
    if "error" in record:
        return f"otter could not grade this notebook: {str(record['error'])[:MESSAGE_CHARS]}"
    return None


def notebook_check(notebook_text: str, expected: str | None) -> str | None:
    """Why otter would refuse this file before running it (not a notebook; another
    assignment's ``otter.assignment_name``, as ``otter run`` checks), or None. Plain JSON."""
    try:
        notebook = json.loads(notebook_text)
    except ValueError:
        return "the file is not a readable notebook (it is not valid JSON)"
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        return "the file is not a notebook (it has no cells)"
    metadata = notebook.get("metadata")
    otter_meta = metadata.get("otter") if isinstance(metadata, dict) else None
    got = otter_meta.get("assignment_name") if isinstance(otter_meta, dict) else None
    if expected and got != expected:
        return f"this notebook is for assignment {got!r}, not {expected!r} (otter's check)"
    return None


def _uniform(
    assignment: OtterAssignment,
    sub: SubmissionFile,
    reason: str,
    digest: str,
    seconds: float,
    status: Status = "error",
) -> SubmissionResult:
    """Every question failed with ``reason``: a file otter would not grade at all (``error``),
    or one the grader itself failed on (``grader_error``: to be regraded)."""
    questions = tuple(question_result(q, None, reason, status) for q in assignment.questions)
    return SubmissionResult(assignment.name, sub.student, questions, (reason,), seconds, digest)


def grade_submission(
    assignment: OtterAssignment, sub: SubmissionFile, backend: ExecutionBackend, limits: Limits
) -> SubmissionResult:
    """Grade one notebook in the sandbox; never raises for a broken or hostile submission."""
    started = time.monotonic()
    raw = sub.path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    text = raw.decode("utf-8", "replace")
    reason = notebook_check(text, assignment.config.get("assignment_name"))
    if reason is not None:
        return _uniform(assignment, sub, reason, digest, time.monotonic() - started)
    job = otter_job(assignment, text)
    run = backend.run(job, limits).fail_unfinished(job, "no result was produced")
    questions = tuple(
        question_result(q, run.records.get((q.name, 0)), _failure_of(run, q.name))
        for q in assignment.questions
    )
    notes = [f"{e.get('cell')} raised {e.get('type')}: {e.get('message')}" for e in run.cell_errors]
    errored = {_failure_of(run, q.name) for q in assignment.questions} - {None}
    notes += sorted(str(reason) for reason in errored)
    return SubmissionResult(
        assignment.name,
        sub.student,
        questions,
        tuple(notes[:20]),
        time.monotonic() - started,
        digest,
        {qid: reason for qid, reason in run.failures.items() if qid in assignment.question_ids},
        log={"stdout": run.stdout, "stderr": run.stderr, "whole_failure": run.whole_failure},
    )


def otter_backend(workers: int = 1, sandbox: bool = True) -> ExecutionBackend:
    """The warm bubblewrap pool (no data folder: otter's files travel in the job); plain
    subprocesses only when ``sandbox`` is off (trusted local use)."""
    from autograder.execution.factory import UNSAFE_WARNING
    from autograder.execution.pool import WarmPoolBackend
    from autograder.execution.process import SubprocessBackend
    from autograder.execution.sandbox import SandboxConfig, check_available

    if not sandbox:
        log.warning(UNSAFE_WARNING)
        return SubprocessBackend()
    check_available()
    # the runner's warm-up imports otter and nbconvert once per worker, not once per submission
    modules = ("numpy", "autograder.sandboxed.otter_runner")
    return WarmPoolBackend(workers, SandboxConfig(), modules=modules)


def grade_otter(
    autograder: Path | str,
    submissions: Path | str,
    out_dir: Path | str,
    *,
    backend: ExecutionBackend | None = None,
    workers: int = 1,
    sandbox: bool = True,
    limits: Limits | None = None,
    gradebook: Gradebook | None = None,
    on_result: Callable[[SubmissionResult], None] | None = None,
) -> list[SubmissionResult]:
    """Grade every notebook in ``submissions`` against the otter autograder (zip or folder),
    writing ``out_dir/<student>/results.json`` and ``out_dir/grades.csv``; returns the results
    sorted by student. ``backend`` (default: a warm pool of ``workers`` sandboxes, closed at the
    end) runs the jobs; ``limits`` default to 300 s per submission."""
    assignment = load_otter(autograder)
    found = discover(Path(submissions), assignment.name)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    limits = limits or Limits(submission_seconds=300.0)
    owned = backend is None
    runner = backend or otter_backend(workers, sandbox)

    def one(sub: SubmissionFile) -> SubmissionResult:
        try:
            result = grade_submission(assignment, sub, runner, limits)
        except Exception:  # one odd submission must not stop the batch
            log.exception("grader fault on %s: recorded as not graded yet, regrade it", sub.path)
            result = _uniform(assignment, sub, GRADER_FAULT, "", 0.0, "grader_error")
        write_json_atomic(out / result.student / "results.json", gradescope(result))
        if gradebook is not None:
            gradebook.record(result)
        if on_result is not None:
            on_result(result)
        return result

    try:
        with ThreadPoolExecutor(max(workers, 1)) as pool:
            results = sorted(pool.map(one, found), key=lambda r: r.student)
    finally:
        if owned:
            runner.close()
    write_grades_csv(
        out / "grades.csv",
        results,
        questions=assignment.question_ids,
        max_score=assignment.max_score,
    )
    return results
