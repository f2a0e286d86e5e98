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
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from autograder.course import Assignment
from autograder.exceptions import GraderError, UsageError
from autograder.execution.base import ExecutionBackend, Limits
from autograder.grading import exports
from autograder.grading.exports import RosterEntry, rows_from_results
from autograder.grading.gradebook import Gradebook
from autograder.grading.pipeline import grade_notebook, grader_fault_result
from autograder.grading.render import gradescope
from autograder.grading.results import SubmissionResult

log = logging.getLogger(__name__)
_STUDENT = re.compile(r"[^A-Za-z0-9_.@+-]")


@dataclass(frozen=True)
class SubmissionFile:
    student: str
    path: Path


def student_name(raw: str) -> str:
    """A student id safe to use as a directory name."""
    name = _STUDENT.sub("_", raw).strip("._") or "anonymous"
    return name[:100]


def discover(path: Path, assignment_id: str) -> list[SubmissionFile]:
    """Find submissions in any accepted layout; a clear :class:`UsageError` when there are none."""
    if not path.exists():
        raise UsageError(f"submission path {path} does not exist")
    if path.is_file():
        return [SubmissionFile(student_name(path.stem), path)]
    try:
        entries = sorted(path.iterdir())
    except OSError as exc:
        raise UsageError(f"cannot read submission folder {path}: {exc.strerror}") from None
    found = []
    for entry in entries:
        if entry.is_file() and entry.suffix == ".ipynb":
            found.append(SubmissionFile(student_name(entry.stem), entry))
        elif entry.is_dir():
            nested = entry / assignment_id
            candidates = sorted(nested.glob("*.ipynb")) if nested.is_dir() else []
            preferred = nested / f"{assignment_id}.ipynb"
            if candidates:
                chosen = preferred if preferred in candidates else candidates[0]
                found.append(SubmissionFile(student_name(entry.name), chosen))
    if not found:
        raise UsageError(
            f"no submissions found in {path} (expected <student>.ipynb files or "
            f"submitted/<student>/{assignment_id}/*.ipynb)"
        )
    names = [f.student for f in found]
    if len(set(names)) != len(names):
        raise UsageError(f"two submissions in {path} map to the same student id")
    return found


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
) -> list[SubmissionResult]:
    """Grade every submission, record it, write its results.json; then write grades.csv.

    Resumable: a submission whose exact bytes the gradebook already holds is not graded again
    (unless ``regrade``); its results.json is rewritten from the gradebook if missing. So a batch
    killed half-way and run again finishes with every submission graded exactly once. The ids
    of submissions taken from the gradebook are appended to ``skipped``. ``only_errored`` grades
    again just the stored results that hold a grader error (after the grader was fixed). With a
    ``roster``, grades.csv lists every enrolled student, with a status column."""
    out.mkdir(parents=True, exist_ok=True)
    assignment.questions  # noqa: B018 - load the suite before threads start
    limits = limits or Limits(question_seconds={q.id: q.timeout for q in assignment.questions})
    results: list[SubmissionResult] = []
    pending: list[SubmissionFile] = []
    for sub in submissions:
        stored = (
            None if regrade else gradebook.stored(assignment.id, sub.student, _sha256(sub.path))
        )
        if stored is not None and only_errored and stored.grader_errors:
            stored = None
        if stored is None:
            pending.append(sub)
            continue
        if skipped is not None:
            skipped.append(sub.student)
        target = out / sub.student / "results.json"
        rendered = gradescope(stored)
        if not target.exists() or json.loads(target.read_text()) != rendered:
            write_json_atomic(target, rendered)
        results.append(stored)
        if on_done:
            on_done(results[-1])

    def one(sub: SubmissionFile) -> SubmissionResult:
        try:
            result = grade_notebook(
                assignment, sub.path, sub.student, backend=backend, limits=limits, device=device
            )
        except GraderError:
            raise  # a broken suite or reference fails every submission: stop
        except Exception:  # one odd submission must not stop the batch
            log.exception("grader fault on %s: recorded as not graded yet, regrade it", sub.path)
            result = grader_fault_result(assignment, sub.path, sub.student)
        gradebook.record(result)
        write_json_atomic(out / sub.student / "results.json", gradescope(result))
        return result

    # the reference outcomes are computed once, before the other workers start
    if pending:
        results.append(one(pending[0]))
        if on_done:
            on_done(results[-1])
    with ThreadPoolExecutor(max_workers=max(workers, 1)) as pool:
        futures = [pool.submit(one, sub) for sub in pending[1:]]
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
