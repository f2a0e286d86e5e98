"""Grades into nbgrader's gradebook, so formgrader shows them: per notebook of a submission,
the auto scores and auto comments as ``nbgrader autograde`` writes them, and the notebook
formgrader displays (``autograded/<student>/<assignment>/<notebook>.ipynb``).

The rules are nbgrader's own (``nbgrader/preprocessors/saveautogrades.py``): a grade's
``auto_score`` is replaced, it ``needs_manual_grade`` when it has a manual score or no auto
score, and an unchanged solution cell (its checksum from the release) gets the auto comment
"No response.". Manual scores, extra credit and manual comments are never written here, so they
survive every regrade (nbgrader's ``Grade.score`` prefers the manual score).

The gradebook must already hold the assignment and its notebooks, as ``nbgrader
generate_assignment`` leaves it (nbgrader's ``autograde`` refuses otherwise, too): grade cells
and their points come from the instructor's source, never from a submitted file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import nbformat
from nbformat import NotebookNode
from nbgrader import utils
from nbgrader.api import Gradebook, MissingEntry

from autograder.exceptions import GraderError, UsageError
from autograder.grading.render import check_output
from autograder.grading.results import QuestionResult, SubmissionResult
from autograder.interop.nbgrader_export import grade_cell_id

NO_RESPONSE = "No response."  # nbgrader's auto comment for an unchanged solution cell


class NotebookGradesLike(Protocol):
    """One graded notebook of a submission (``nbgrader_grade.NotebookGrades`` has these fields)."""

    @property
    def student(self) -> str: ...
    @property
    def assignment(self) -> str: ...
    @property
    def notebook(self) -> str: ...
    @property
    def executed(self) -> NotebookNode: ...
    @property
    def scores(self) -> Mapping[str, float | None]: ...
    @property
    def max_scores(self) -> Mapping[str, float]: ...
    @property
    def timestamp(self) -> datetime | str | None: ...


@dataclass(frozen=True)
class Written:
    """What one write left: the notebook formgrader shows, the auto scores by grade cell."""

    path: Path
    auto_scores: dict[str, float | None]
    needs_manual_grade: tuple[str, ...]


def default_db_url(course_dir: Path) -> str:
    """nbgrader's default gradebook: ``gradebook.db`` in the course directory."""
    return f"sqlite:///{course_dir.resolve() / 'gradebook.db'}"


def write_nbgrader_results(
    course_dir: Path,
    assignment: str,
    student: str,
    notebook: str,
    executed: NotebookNode,
    scores: Mapping[str, float | None],
    max_scores: Mapping[str, float],
    timestamp: datetime | str | None = None,
    *,
    db_url: str | None = None,
) -> Written:
    """Record one notebook's auto grades for ``student`` in the course's gradebook and write
    ``executed`` where formgrader reads it. ``scores`` is by grade cell (``None``: no auto
    score, left to a grader); ``max_scores`` must agree with the gradebook's points. The
    student and the submission are created when missing; ``timestamp`` updates the latter's."""
    for kind, name in (("student", student), ("assignment", assignment), ("notebook", notebook)):
        if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name:
            raise UsageError(f"{kind} {name!r} cannot name a folder of autograded/")
    db_url = db_url or default_db_url(course_dir)
    _require_gradebook(course_dir, db_url, assignment)
    with Gradebook(db_url, course_id="") as gb:
        try:
            source = gb.find_notebook(notebook, assignment)
        except MissingEntry:
            raise UsageError(
                f"the gradebook has no notebook {notebook!r} in assignment {assignment!r}: run "
                f"`nbgrader generate_assignment {assignment} --force` in {course_dir} first"
            ) from None
        cells = {c.name: float(c.max_score) for c in source.grade_cells}
        _check_scores(assignment, notebook, cells, scores, max_scores)
        gb.update_or_create_student(student)
        try:
            submission = gb.find_submission(assignment, student)
        except MissingEntry:
            with gb.db.no_autoflush:  # nbgrader builds the rows before adding them (SAWarning)
                submission = gb.add_submission(assignment, student, **_stamp(timestamp))
        else:
            if timestamp is not None:
                submission.timestamp = utils.parse_utc(timestamp)
        review = []
        for name in cells:
            grade = gb.find_grade(name, notebook, assignment, student)
            score = scores.get(name)
            grade.auto_score = None if score is None else float(score)
            grade.needs_manual_grade = grade.manual_score is not None or grade.auto_score is None
            if grade.needs_manual_grade:
                review.append(name)
        commented = {c.name for c in source.solution_cells} | {c.name for c in source.task_cells}
        for cell in executed.cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if meta.get("grade_id") in commented:
                comment = gb.find_comment(meta["grade_id"], notebook, assignment, student)
                comment.auto_comment = _auto_comment(cell)
        gb.db.commit()
    path = course_dir / "autograded" / student / assignment / f"{notebook}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(executed, path)
    return Written(path, {n: scores.get(n) for n in cells}, tuple(review))


def write_notebook_grades(
    course_dir: Path, grades: NotebookGradesLike, *, db_url: str | None = None
) -> Written:
    """:func:`write_nbgrader_results` for a record with those fields (an nbgrader course's)."""
    return write_nbgrader_results(
        course_dir,
        grades.assignment,
        grades.student,
        grades.notebook,
        grades.executed,
        grades.scores,
        grades.max_scores,
        grades.timestamp,
        db_url=db_url,
    )


def write_submission_result(
    course_dir: Path,
    result: SubmissionResult,
    submitted: NotebookNode,
    timestamp: datetime | str | None = None,
    *,
    db_url: str | None = None,
) -> Written:
    """One of our results into the gradebook of a course made by ``export_nbgrader``: each
    question's score on its grade cell (``<q>_check``), a question with a grader fault left
    without an auto score (to be regraded or graded by hand), and the submitted notebook with
    our feedback as each grade cell's output."""
    scores = {grade_cell_id(q.id): _question_score(q) for q in result.questions}
    max_scores = {grade_cell_id(q.id): float(q.points) for q in result.questions}
    return write_nbgrader_results(
        course_dir,
        result.assignment,
        result.student,
        result.assignment,
        feedback_notebook(result, submitted),
        scores,
        max_scores,
        timestamp,
        db_url=db_url,
    )


def feedback_notebook(result: SubmissionResult, submitted: NotebookNode) -> NotebookNode:
    """A copy of ``submitted`` whose grade cells show, as their output, what our checks said."""
    nb: NotebookNode = nbformat.from_dict(submitted)
    by_cell = {grade_cell_id(q.id): q for q in result.questions}
    for cell in nb.cells:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if cell.cell_type == "code" and gid in by_cell:
            q = by_cell[gid]
            lines = [f"{q.id}: {q.score:g} / {q.points:g} points (autograder)"]
            lines += [f"- {c.name}: " + check_output(c).replace("\n", "\n  ") for c in q.checks]
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="\n".join(lines))]
    return nb


def _question_score(q: QuestionResult) -> float | None:
    return None if any(c.status == "grader_error" for c in q.checks) else q.score


def _auto_comment(cell: Any) -> str | None:
    """nbgrader's rule: "No response." when the cell is as released (same checksum)."""
    meta = cell.metadata.nbgrader
    if meta.get("checksum") == utils.compute_checksum(cell) and not utils.is_task(cell):
        return NO_RESPONSE
    return None


def _stamp(timestamp: datetime | str | None) -> dict[str, Any]:
    return {} if timestamp is None else {"timestamp": timestamp}


def _require_gradebook(course_dir: Path, db_url: str, assignment: str) -> None:
    """Refuse a gradebook without the assignment (opening a missing SQLite file creates it)."""
    run = f"run `nbgrader generate_assignment {assignment}` in {course_dir} first"
    if db_url.startswith("sqlite:///") and not Path(db_url.removeprefix("sqlite:///")).is_file():
        raise UsageError(f"there is no nbgrader gradebook at {db_url}: {run}")
    with Gradebook(db_url, course_id="") as gb:
        try:
            gb.find_assignment(assignment)
        except MissingEntry:
            raise UsageError(f"the gradebook has no assignment {assignment!r}: {run}") from None


def _check_scores(
    assignment: str,
    notebook: str,
    cells: dict[str, float],
    scores: Mapping[str, float | None],
    max_scores: Mapping[str, float],
) -> None:
    where = f"{assignment}/{notebook}"
    unknown = sorted(set(scores) - set(cells))
    if unknown:
        raise GraderError(f"{where}: the gradebook has no grade cells {unknown}")
    for name, points in max_scores.items():
        if name in cells and abs(float(points) - cells[name]) > 1e-9:
            raise GraderError(
                f"{where}: {name} is worth {cells[name]:g} points in the gradebook but "
                f"{float(points):g} in the results; regenerate the assignment"
            )
    for name, score in scores.items():
        if score is not None and not 0.0 <= float(score) <= cells[name] + 1e-9:
            raise GraderError(f"{where}: {name} scored {score:g}, outside 0..{cells[name]:g}")


def write_results_into_course(
    course_dir: Path, results: Sequence[SubmissionResult], submissions: Mapping[str, Path]
) -> int:
    """``autograder grade --nbgrader-gradebook``: each of our results (``submissions`` maps a
    student to the notebook graded) into the gradebook of a course made by ``export_nbgrader``,
    for formgrader. Returns how many were written."""
    for result in results:
        submitted = nbformat.read(submissions[result.student], as_version=4)
        write_submission_result(course_dir, result, submitted)
    return len(results)
