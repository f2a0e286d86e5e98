"""``autograder grade`` for nbgrader-format assignments: ``grade ps1 COURSE`` (an nbgrader
course folder) and ``grade SOURCE.ipynb SUBMISSIONS`` (one source notebook). Detects the format,
grades on the backend the command chose, and writes nbgrader's ``autograded/`` layout beside our
own records (``<student>/results.json``, ``grades.csv``, the gradebook).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import nbformat
from rich.console import Console
from rich.table import Table

from autograder.course import Assignment
from autograder.exceptions import UsageError
from autograder.execution.base import ExecutionBackend, Limits
from autograder.execution.pool import WARM_LIBRARIES, notebook_imports
from autograder.grading.batch import write_grades_csv, write_json_atomic
from autograder.grading.exports import RosterEntry, read_roster
from autograder.grading.gradebook import Gradebook
from autograder.grading.render import gradescope
from autograder.grading.report import grading_progress, output_folder
from autograder.interop.nbgrader_course import (
    Submission,
    open_course,
    open_notebook,
)
from autograder.interop.nbgrader_grade import (
    IN_STUDENT_PROCESS,
    QUESTION,
    GradedSubmission,
    grade_all,
)
from autograder.interop.nbgrader_restore import NbgraderAssignment

# (the stand-in assignment, the modules warm workers import before forking) -> backend
BackendBuilder = Callable[[Assignment, tuple[str, ...]], ExecutionBackend]
RUNNER_MODULE = "autograder.sandboxed.nbgrader_runner"


def warm_modules(prepared: NbgraderAssignment) -> tuple[str, ...]:
    """What each warm worker imports before forking: the runner (IPython, whose first traceback
    costs a cold child 0.1 s) and the heavy libraries the source notebooks import."""
    found: set[str] = set()
    for path in prepared.source_notebooks.values():
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                found |= notebook_imports(cell.source)
    heavy = sorted(m for m in found if m.split(".")[0] in WARM_LIBRARIES)
    return (RUNNER_MODULE, *heavy)


@dataclass
class DataFolder(Assignment):
    """Stands for an assignment where a backend needs one: only its data folder (``root``),
    which the sandboxes mount, is used."""

    @property
    def directory(self) -> Path:
        return self.root


def open_assignment(
    kind: str, assignment: str, submissions: str
) -> tuple[NbgraderAssignment, list[Submission]]:
    if kind == "notebook":
        return open_notebook(Path(assignment), Path(submissions))
    return open_course(Path(submissions), assignment)


def grade_command(
    args: argparse.Namespace, kind: str, build: BackendBuilder, out: Console, err: Console
) -> int:
    """The nbgrader path of ``autograder grade``."""
    if args.format != "csv":
        raise UsageError("--format canvas is not available for nbgrader courses yet")
    if args.only_errored:
        raise UsageError("--only-errored does not apply to nbgrader courses (every run grades all)")
    outdir = output_folder(args.out)
    roster = read_roster(args.roster) if args.roster else None
    prepared, submissions = open_assignment(kind, args.assignment, args.submissions)
    err.print(f"[bold]Note:[/] {IN_STUDENT_PROCESS}.", highlight=False, soft_wrap=True)
    limits = Limits(submission_seconds=args.timeout, question_seconds={QUESTION: args.timeout})
    progress = grading_progress(err)
    stand_in = DataFolder(prepared.assignment, prepared.data_dir)
    gradebook = Gradebook(args.gradebook or outdir / "gradebook.sqlite")
    try:
        with prepared, build(stand_in, warm_modules(prepared)) as backend, progress:
            task = progress.add_task(prepared.assignment, total=len(submissions))

            def done(g: GradedSubmission) -> None:  # while the sandboxes run the next ones
                write_submission(outdir, g, gradebook)
                progress.advance(task)

            graded = grade_all(prepared, submissions, backend, limits, args.workers, done)
        write_grades(outdir, graded, roster)
    finally:
        gradebook.close()
    print_summary(out, prepared.assignment, graded)
    out.print(
        f"Wrote {outdir / 'autograded'} (nbgrader's layout), {outdir / 'grades.csv'}, "
        f"{len(graded)} results.json and the gradebook ({gradebook.url})."
    )
    return 0


def write_submission(outdir: Path, g: GradedSubmission, gradebook: Gradebook) -> None:
    """One student's executed notebooks (``autograded/<student>/<assignment>/<nb>.ipynb``),
    ``results.json`` and gradebook rows, as soon as they are graded."""
    for nbg in g.notebooks:
        path = outdir / "autograded" / nbg.student / nbg.assignment / f"{nbg.notebook}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nbg.executed, path)
    write_json_atomic(outdir / g.result.student / "results.json", gradescope(g.result))
    gradebook.record(g.result)


def write_grades(
    outdir: Path, graded: Sequence[GradedSubmission], roster: Sequence[RosterEntry] | None = None
) -> None:
    """``grades.csv`` of the whole batch (every enrolled student with a roster)."""
    results = [g.result for g in graded]
    questions = [q.id for q in results[0].questions] if results else []
    write_grades_csv(
        outdir / "grades.csv",
        results,
        roster=roster,
        questions=questions if roster is not None else None,
        max_score=results[0].max_score if results else None,
    )


def print_summary(console: Console, assignment: str, graded: Sequence[GradedSubmission]) -> None:
    """One row per student: total auto score, cells that lost points, cells left to grade by
    hand, and the notes (a run that died or timed out)."""
    table = Table(title=f"{assignment}: {len(graded)} submissions (nbgrader format)")
    maximum = graded[0].result.max_score if graded else 0.0
    for column in ("student", f"auto score\n/{maximum:g}", "cells lost", "manual", "notes"):
        table.add_column(column, justify="left" if column in ("student", "notes") else "right")
    for g in graded:
        scores = [s for nbg in g.notebooks for s in nbg.scores.values()]
        maxima = [m for nbg in g.notebooks for m in nbg.max_scores.values()]
        lost = sum(s is not None and s < m for s, m in zip(scores, maxima, strict=True))
        manual = sum(s is None for s in scores)
        notes = "; ".join(g.result.notes[1:])
        table.add_row(g.result.student, f"{g.result.score:g}", str(lost), str(manual), notes)
    console.print(table)
    if graded:
        mean = sum(g.result.score for g in graded) / len(graded)
        console.print(f"mean auto score {mean:.2f} / {maximum:g}")
