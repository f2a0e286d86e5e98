"""Terminal rendering of results: the instructor's summary table and the student's check report."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from autograder.course import Assignment
from autograder.exceptions import UsageError
from autograder.grading.results import SubmissionResult


def print_summary(
    console: Console, assignment: Assignment, results: Sequence[SubmissionResult]
) -> None:
    """One row per student with per-question scores (to two decimals: the table must fit an
    80-column log, where rich would cut 0.933333 to "0.93…"; results.json has them exact),
    then the class mean."""
    table = Table(title=f"{assignment.id}: {len(results)} submissions")
    table.add_column("student")
    for q in assignment.questions:
        table.add_column(f"{q.id.split('_')[0]}\n/{q.points:g}", justify="right")
    table.add_column(f"total\n/{assignment.max_score:g}", justify="right", style="bold")
    table.add_column("errors", justify="right")
    for r in results:
        errors = sum(c.status == "error" for q in r.questions for c in q.checks)
        table.add_row(
            r.student,
            *(_points(q.score) for q in r.questions),
            _points(r.score),
            str(errors) if errors else "",
        )
    console.print(table)
    faulty = [r.student for r in results if r.grader_errors]
    if faulty:
        console.print(
            f"[red]grader faults (provisional scores, regrade with --only-errored):[/] "
            f"{', '.join(faulty)}"
        )
    if results:
        mean = sum(r.score for r in results) / len(results)
        console.print(f"mean score {mean:.2f} / {assignment.max_score:g}")


def _points(score: float) -> str:
    return f"{round(score, 2):g}"


def print_check_report(console: Console, result: SubmissionResult) -> None:
    """Public-check report for a student: every check with its message."""
    for q in result.questions:
        passed = sum(c.status == "passed" for c in q.checks)
        console.print(f"[bold]{q.id}[/bold]: {passed} / {len(q.checks)} public checks passed")
        for c in q.checks:
            mark = "[green]PASS[/green]" if c.status == "passed" else "[red]FAIL[/red]"
            console.print(f"  {mark} {c.name}")
            if c.message:
                console.print(
                    "      " + c.message.replace("\n", "\n      "), markup=False, highlight=False
                )
    for note in result.notes:
        console.print(f"Note: {note}", markup=False, highlight=False)


def grading_progress(console: Console) -> Progress:
    """The progress bar every ``autograder grade`` path shows while it grades."""
    return Progress(
        TextColumn("grading {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


def output_folder(path: str | Path) -> Path:
    """``--out``, created if missing; a usage error naming it when it cannot be."""
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create the output folder {folder}: {exc.strerror}") from None
    return folder
