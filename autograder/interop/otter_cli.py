"""``autograder grade AUTOGRADER.zip SUBMISSIONS --out DIR`` for otter-grader assignments: the
command-line face of :func:`autograder.interop.otter_grade.grade_otter`, with the same progress
bar, summary table and output files as the grading of our own assignments.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from autograder.exceptions import UsageError
from autograder.execution.base import Limits
from autograder.execution.registry import DEFAULT
from autograder.grading.gradebook import Gradebook
from autograder.grading.report import grading_progress, output_folder
from autograder.grading.results import SubmissionResult
from autograder.interop.otter_assignment import load_otter
from autograder.interop.otter_grade import grade_otter

IN_STUDENT_KERNEL = (
    "otter's tests run in the student's kernel (inside our sandbox), as in otter itself, so a "
    "hostile submission can forge them; our own format decides grades outside the student's code"
)


def refuse_unsupported(args: argparse.Namespace) -> None:
    """Options of ``grade`` that mean nothing for an otter assignment are errors, not no-ops."""
    if args.backend != DEFAULT:
        raise UsageError(f"otter assignments are graded on the {DEFAULT} backend only")
    if args.format != "csv":
        raise UsageError("--format canvas is not available for otter assignments yet")
    if args.only_errored or args.roster:
        raise UsageError("--only-errored and --roster do not apply to otter assignments yet")
    if args.device != "cpu":
        raise UsageError("otter assignments run on the CPU (otter's kernel has no --device)")
    if getattr(args, "nbgrader_gradebook", None):
        raise UsageError("--nbgrader-gradebook takes our own or nbgrader-format results")


def grade_command(args: argparse.Namespace, out: Console, err: Console) -> int:
    """The otter path of ``autograder grade``: every submission graded in the warm sandboxes,
    results.json per student, grades.csv and the gradebook."""
    refuse_unsupported(args)
    assignment = load_otter(args.assignment)
    outdir = output_folder(args.out)
    err.print(f"[bold]Note:[/] {IN_STUDENT_KERNEL}.", highlight=False, soft_wrap=True)
    gradebook = Gradebook(args.gradebook or outdir / "gradebook.sqlite")
    progress = grading_progress(err)
    try:
        with progress:
            task = progress.add_task(assignment.name, total=None)
            results = grade_otter(
                args.assignment,
                args.submissions,
                outdir,
                workers=args.workers,
                sandbox=not args.no_sandbox,
                limits=Limits(submission_seconds=args.timeout),
                gradebook=gradebook,
                on_result=lambda _r: progress.advance(task),
            )
    finally:
        gradebook.close()
    print_summary(out, assignment.name, assignment.max_score, results)
    out.print(
        f"Wrote {outdir / 'grades.csv'}, {len(results)} results.json and the gradebook "
        f"({gradebook.url})."
    )
    return 0


def print_summary(
    console: Console, name: str, maximum: float, results: Sequence[SubmissionResult]
) -> None:
    """One row per student: score, points per question, and the first note (a run that died,
    timed out or was not a notebook)."""
    table = Table(title=f"{name}: {len(results)} submissions (otter format)")
    questions = [q.id for q in results[0].questions] if results else []
    for column in ("student", f"score\n/{maximum:g}", *questions, "notes"):
        table.add_column(column, justify="left" if column in ("student", "notes") else "right")
    for r in results:
        cells = [f"{q.score:g}" for q in r.questions]
        table.add_row(r.student, f"{r.score:g}", *cells, "; ".join(r.notes[:1]))
    console.print(table)
    if results:
        mean = sum(r.score for r in results) / len(results)
        console.print(f"mean score {mean:.2f} / {maximum:g}")
