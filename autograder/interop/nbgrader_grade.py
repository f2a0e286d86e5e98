"""Grading an nbgrader assignment in our sandbox, with nbgrader's scores (trusted side).

Per submitted notebook: restore it (:mod:`autograder.interop.nbgrader_course`), run its code
cells in the sandbox with the nbgrader runner (one job per notebook, a fresh process each, as
nbgrader starts a kernel per notebook), put the outputs back (the executed notebook), apply
autograde's output preprocessors (``IgnorePattern``, ``ClearMetadataPreprocessor``,
``LimitOutput``) and score every grade cell with ``nbgrader.utils.determine_grade``. A notebook
whose run died or timed out as a whole still has every grade cell scored: the cells that did not
run get an error output saying why, so their tests score 0.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import nbformat
from nbformat import NotebookNode

from autograder.execution.base import ExecutionBackend, Job, Limits, RunResult
from autograder.grading.results import CheckResult, QuestionResult, SubmissionResult
from autograder.interop.nbgrader_course import Submission
from autograder.interop.nbgrader_restore import NbgraderAssignment

log = logging.getLogger(__name__)
QUESTION = "notebook"  # the runner's one question: call i is the notebook's cell i
OUTPUT_TYPES = ("stream", "display_data", "execute_result", "error")
IN_STUDENT_PROCESS = (
    "nbgrader format: the tests run in the student's process, as in nbgrader (scores can be "
    "forged by hostile code; our own format decides grades outside it)"
)


@dataclass(frozen=True)
class NotebookGrades:
    """One graded notebook, as nbgrader's gradebook needs it: the executed notebook, the auto
    score of each grade cell (``None``: needs manual grading) and its maximum."""

    student: str
    assignment: str
    notebook: str
    executed: NotebookNode
    scores: dict[str, float | None]
    max_scores: dict[str, float]
    timestamp: datetime | None


@dataclass(frozen=True)
class GradedSubmission:
    """A submission's notebooks and its record in our own format."""

    notebooks: tuple[NotebookGrades, ...]
    result: SubmissionResult


# ---------------------------------------------------------------------- one notebook


def build_job(nb: NotebookNode, prepared: NbgraderAssignment, files: dict[str, str]) -> Job:
    """The sandbox job for a restored notebook: its non-empty code cells (nbclient skips empty
    ones), nbgrader's timeout settings and the student's extra files."""
    cells = [
        {"index": i, "source": cell.source}
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and cell.source.strip()
    ]
    return Job(
        cells=[],
        questions=[{"id": QUESTION, "calls": []}],
        data_dir=prepared.data_dir,
        runner="nbgrader",
        runner_input={
            "cells": cells,
            "timeout": prepared.settings.timeout,
            "error_on_timeout": prepared.settings.error_on_timeout,
            "files": files,
        },
    )


def _text(value: object, limit: int = 1_000_000) -> str:
    return value[:limit] if isinstance(value, str) else ""


def new_output(kind: str, **fields: Any) -> NotebookNode:
    """``nbformat.v4.new_output``, typed."""
    output: NotebookNode = nbformat.v4.new_output(kind, **fields)
    return output


def clean_output(raw: object) -> NotebookNode | None:
    """One output as the sandbox sent it, rebuilt field by field from plain types (the stream
    passes through student code); ``None`` when it is not an output."""
    if not isinstance(raw, dict) or raw.get("output_type") not in OUTPUT_TYPES:
        return None
    kind = raw["output_type"]
    if kind == "stream":
        name = "stderr" if raw.get("name") == "stderr" else "stdout"
        return new_output("stream", name=name, text=_text(raw.get("text")))
    if kind == "error":
        tb = raw.get("traceback")
        lines = [_text(x) for x in tb[:500]] if isinstance(tb, list) else []
        return new_output(
            "error", ename=_text(raw.get("ename")), evalue=_text(raw.get("evalue")), traceback=lines
        )
    data: dict[str, Any] = raw["data"] if isinstance(raw.get("data"), dict) else {}
    kept = {
        str(k): v
        for k, v in data.items()
        if isinstance(v, str) or (k.endswith("json") and isinstance(v, dict | list))
    }
    meta: dict[str, Any] = raw["metadata"] if isinstance(raw.get("metadata"), dict) else {}
    output = new_output(kind, data=kept, metadata=meta)
    if kind == "execute_result":
        count = raw.get("execution_count")
        output.execution_count = count if isinstance(count, int) else None
    return output


def not_run_output(reason: str) -> NotebookNode:
    """The error output of a cell that never ran (the notebook's process died or timed out)."""
    return new_output(
        "error",
        ename="NotRun",
        evalue=reason,
        traceback=[f"NotRun: this cell did not run: {reason}"],
    )


def merge_outputs(nb: NotebookNode, job: Job, result: RunResult) -> tuple[NotebookNode, str]:
    """The executed notebook: every code cell the job ran gets its outputs and execution count;
    cells without a record get a not-run error. Returns the notebook and the run's failure
    (empty when the run finished)."""
    reason = result.whole_failure or result.failures.get(QUESTION) or result.cells_failure or ""
    if not reason and QUESTION not in result.finished:
        reason = "the notebook's process stopped before the end"
    ran = [int(c["index"]) for c in (job.runner_input or {}).get("cells", [])]
    for index in ran:
        cell = nb.cells[index]
        record = result.records.get((QUESTION, index))
        if not isinstance(record, dict):
            cell.outputs = [not_run_output(reason or "no result came back for it")]
            cell.execution_count = None
            continue
        raw = record.get("outputs")
        outputs = [clean_output(o) for o in (raw if isinstance(raw, list) else [])]
        if any(o is None for o in outputs):
            outputs = [not_run_output("the grader could not read this cell's outputs")]
        cell.outputs = outputs
        count = record.get("execution_count")
        cell.execution_count = count if isinstance(count, int) else None
    return nb, reason


def postprocess(nb: NotebookNode, prepared: NbgraderAssignment) -> NotebookNode:
    """autograde's preprocessors after ``Execute`` that change outputs, from the config."""
    from nbconvert.preprocessors import ClearMetadataPreprocessor
    from nbgrader.preprocessors import IgnorePattern, LimitOutput

    resources: dict[str, Any] = {}
    for cls in (IgnorePattern, ClearMetadataPreprocessor, LimitOutput):
        nb, resources = cls(config=prepared.config)(nb, resources)
    return nb


def score_cells(
    nb: NotebookNode,
) -> tuple[dict[str, float | None], dict[str, float], dict[str, str]]:
    """Each grade cell's auto score and maximum by ``determine_grade`` (task cells: graded by
    hand, ``None``), and why a cell lost points (its error, its stderr, an unanswered
    solution, manual grading)."""
    from nbgrader.utils import determine_grade, is_grade, is_solution, is_task

    scores: dict[str, float | None] = {}
    maxima: dict[str, float] = {}
    why: dict[str, str] = {}
    for cell in nb.cells:
        if is_task(cell):
            grade_id = cell.metadata.nbgrader["grade_id"]
            scores[grade_id], maxima[grade_id] = None, float(cell.metadata.nbgrader["points"])
            why[grade_id] = "a task graded by hand in nbgrader (0 here until then)"
        if not is_grade(cell):
            continue
        grade_id = cell.metadata.nbgrader["grade_id"]
        try:
            score, max_score = determine_grade(cell)
        except (ValueError, KeyError, TypeError) as exc:  # nbgrader's autograde fails there
            score, max_score = 0.0, float(cell.metadata.nbgrader["points"])
            why[grade_id] = f"nbgrader cannot score this cell's result ({exc}): 0"
        scores[grade_id] = None if score is None else float(score)
        maxima[grade_id] = float(max_score)
        if score is None:
            why[grade_id] = "graded by hand in nbgrader (0 here until then)"
        elif is_solution(cell) and score == 0:
            why[grade_id] = "not answered (the cell is unchanged)"
        elif score < max_score and grade_id not in why:
            why[grade_id] = _loss(cell)
    return scores, maxima, why


def _loss(cell: NotebookNode) -> str:
    for output in cell.get("outputs", []):
        if output.output_type == "error":
            return f"the test failed: {output.ename}: {output.evalue}".strip().rstrip(":")
        if output.output_type == "stream" and output.name == "stderr":
            return "the test wrote to stderr (nbgrader scores that 0): " + str(output.text)[:500]
        if output.output_type == "execute_result":
            return "partial credit: the test's result " + str(output.data.get("text/plain", ""))
    return ""


def grade_notebook(
    prepared: NbgraderAssignment,
    sub: Submission,
    name: str,
    backend: ExecutionBackend,
    limits: Limits,
) -> tuple[NotebookGrades, str, float]:
    """Restore, run, merge, post-process and score one notebook of a submission; returns its
    grades, the run's failure (empty when none) and the seconds it ran."""
    path = next((n.path for n in sub.notebooks if n.name == name), None)
    if path is None:
        nb = prepared.release_notebook(name)
        reason, seconds = "this notebook was not submitted", 0.0
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs = [not_run_output(reason)]
    else:
        try:
            nb = prepared.restore(name, nbformat.read(path, as_version=4), sub.student)
        except Exception as exc:  # a notebook nbgrader cannot restore scores 0, as there
            log.warning("%s/%s: cannot restore %s: %s", sub.student, sub.assignment, name, exc)
            nb = prepared.release_notebook(name)
            reason = f"the submitted notebook could not be read or restored: {exc}"
            for cell in nb.cells:
                if cell.cell_type == "code":
                    cell.outputs = [not_run_output(reason)]
            seconds = 0.0
        else:
            job = build_job(nb, prepared, sub.extra_files(prepared.ignore))
            result = backend.run(job, limits)
            nb, reason = merge_outputs(nb, job, result)
            seconds = result.seconds
    nb = postprocess(nb, prepared)
    scores, maxima, _ = score_cells(nb)
    grades = NotebookGrades(sub.student, sub.assignment, name, nb, scores, maxima, sub.timestamp)
    return grades, reason, seconds


# ---------------------------------------------------------------------- the submission


def question_result(
    qid: str, title: str, score: float | None, points: float, why: str
) -> QuestionResult:
    """A grade cell as one of our questions: its score as passed/failed check weights."""
    checks: tuple[CheckResult, ...]
    if score is None:
        checks = (CheckResult(qid, "manual", "nbgrader", "failed", 1.0, False, why),)
    elif score >= points:
        checks = (CheckResult(qid, "test cell", "nbgrader", "passed", 1.0, False),)
    elif score <= 0:
        checks = (CheckResult(qid, "test cell", "nbgrader", "failed", 1.0, False, why),)
    else:
        checks = (
            CheckResult(qid, "test cell", "nbgrader", "passed", score, False),
            CheckResult(qid, "test cell (rest)", "nbgrader", "failed", points - score, False, why),
        )
    return QuestionResult(qid, title, points, checks)


def submission_result(
    sub: Submission,
    graded: Iterable[NotebookGrades],
    reasons: dict[str, str],
    seconds: float,
    several: bool,
) -> SubmissionResult:
    """Our record of a submission: a question per grade cell (id = grade_id, prefixed with the
    notebook's name when the assignment has several)."""
    questions = []
    notes = [IN_STUDENT_PROCESS]
    digest = hashlib.sha256()
    for nbg in graded:
        _, _, why = score_cells(nbg.executed)
        for grade_id, points in nbg.max_scores.items():
            qid = f"{nbg.notebook}/{grade_id}" if several else grade_id
            questions.append(
                question_result(
                    qid,
                    f"{nbg.notebook}: {grade_id}",
                    nbg.scores[grade_id],
                    points,
                    why.get(grade_id, ""),
                )
            )
        if reasons.get(nbg.notebook):
            notes.append(f"{nbg.notebook}: {reasons[nbg.notebook]}")
    for nb in sub.notebooks:
        digest.update(nb.path.read_bytes())
    limits_hit = {k: v for k, v in reasons.items() if "timed out" in v}
    return SubmissionResult(
        sub.assignment,
        sub.student,
        tuple(questions),
        tuple(notes),
        seconds,
        digest.hexdigest(),
        limits_hit,
    )


def grade_submission(
    prepared: NbgraderAssignment, sub: Submission, backend: ExecutionBackend, limits: Limits
) -> GradedSubmission:
    """Every notebook of the assignment for one student (missing ones score 0), never raising
    for what the student's code did."""
    graded, reasons, seconds = [], {}, 0.0
    for name in prepared.source_notebooks:
        nbg, reason, took = grade_notebook(prepared, sub, name, backend, limits)
        graded.append(nbg)
        if reason:
            reasons[name] = reason
        seconds += took
    result = submission_result(sub, graded, reasons, seconds, len(prepared.source_notebooks) > 1)
    return GradedSubmission(tuple(graded), result)


def grade_all(
    prepared: NbgraderAssignment,
    submissions: list[Submission],
    backend: ExecutionBackend,
    limits: Limits,
    workers: int = 1,
    on_done: Callable[[GradedSubmission], None] | None = None,
) -> list[GradedSubmission]:
    """Grade every submission on two threads per sandbox worker: while one thread's notebook
    runs, the other restores, scores and records its own on the trusted side (a submission's
    time limits start when a sandbox takes it, not while it waits for one)."""
    from concurrent.futures import ThreadPoolExecutor

    def one(sub: Submission) -> GradedSubmission:
        done = grade_submission(prepared, sub, backend, limits)
        if on_done is not None:
            on_done(done)
        return done

    with ThreadPoolExecutor(max_workers=2 * max(workers, 1)) as pool:
        graded = list(pool.map(one, submissions))
    return sorted(graded, key=lambda g: g.result.student)
