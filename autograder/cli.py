"""The ``autograder`` command line: a thin layer over the library.

Exit codes: 0 when the command finished (whatever the students scored), 2 for a bad invocation
(unknown assignment, missing path, unreadable folder), 1 for a grader fault. Errors print one line.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from autograder import __version__
from autograder.course import Assignment, list_assignments
from autograder.exceptions import AutograderError, GraderError, UsageError
from autograder.execution import registry
from autograder.execution.sandbox import NO_SANDBOX_ENV
from autograder.grading.submissions import discover
from autograder.service.settings import default_workers

# Only what parsing and starting the sandboxes need is imported here: `grade` starts its workers
# (whose torch import takes a second) before the gradebook, the suite and the reports load.
if TYPE_CHECKING:
    from rich.console import Console

    from autograder.execution.base import ExecutionBackend
    from autograder.grading.exports import RosterEntry
    from autograder.grading.results import SubmissionResult


@functools.cache
def out_console() -> Console:
    """The command's standard output, made on first use: rich takes 50 ms to import, which
    ``grade`` would otherwise spend before it starts its workers."""
    from rich.console import Console

    return Console()


@functools.cache
def err_console() -> Console:
    """The command's standard error (messages, warnings, progress), made on first use."""
    from rich.console import Console

    return Console(stderr=True)


def resolve_device(device: str) -> str:
    """``auto`` picks CUDA when a GPU is visible; ``cuda`` without one is a usage error."""
    if device == "cpu":
        return device
    import torch

    available = torch.cuda.is_available()
    if device == "cuda" and not available:
        raise UsageError("--device cuda was requested but no CUDA device is available")
    return "cuda" if available else "cpu"


def make_backend(
    assignment: Assignment,
    *,
    name: str = registry.DEFAULT,
    workers: int = 1,
    device: str = "cpu",
    sandbox: bool = True,
    scheduler: str | None = None,
    warm: tuple[str, ...] | None = None,
) -> ExecutionBackend:
    """The registry's backend ``name`` for a command; the unsafe opt-out is announced in red on
    the terminal."""
    options = registry.BackendOptions(
        workers=workers,
        device=device,
        sandbox=sandbox,
        scheduler=scheduler,
        warn=lambda text: err_console().print(f"[bold red]WARNING:[/] {text}", highlight=False),
        warm=warm,
    )
    return registry.make_backend(name, assignment, options)


def cmd_grade(args: argparse.Namespace) -> int:
    from autograder.interop.formats import is_otter_assignment, nbgrader_kind

    if is_otter_assignment(args.assignment):  # an otter autograder zip or folder
        from autograder.interop import otter_cli

        return otter_cli.grade_command(args, out_console(), err_console())
    kind = nbgrader_kind(args.assignment, args.submissions)
    if kind is not None:  # an nbgrader course or source notebook
        from autograder.interop.nbgrader_cli import grade_command

        device = resolve_device(args.device)
        return grade_command(
            args,
            kind,
            lambda stand_in, warm: make_backend(
                stand_in,
                warm=warm,
                name=args.backend,
                workers=args.workers,
                device=device,
                sandbox=not args.no_sandbox,
                scheduler=args.scheduler,
            ),
            out_console(),
            err_console(),
        )
    assignment = Assignment.load(args.assignment)
    submissions = discover(Path(args.submissions), assignment.id)
    if args.canvas_id and args.format != "canvas":
        raise UsageError("--canvas-id names the Canvas column: use it with --format canvas")
    roster = None
    if args.roster or args.canvas_id:  # bad export options fail before anything starts
        from autograder.grading.exports import check_canvas_id, read_roster

        roster = read_roster(args.roster) if args.roster else None
        check_canvas_id(args.canvas_id)
    device = resolve_device(args.device)
    # the workers start first (importing torch takes them a second): never more than the batch
    # needs, so that one notebook's worker has a core of its own; the rest loads meanwhile
    backend = make_backend(
        assignment,
        name=args.backend,
        workers=max(1, min(args.workers, len(submissions))),
        device=device,
        sandbox=not args.no_sandbox,
        scheduler=args.scheduler,
    )
    with backend:
        from autograder.execution.base import Limits
        from autograder.grading.batch import grade_batch
        from autograder.grading.gradebook import Gradebook
        from autograder.grading.report import grading_progress, output_folder

        outdir = output_folder(args.out)
        gradebook = Gradebook(args.gradebook or outdir / "gradebook.sqlite")
        limits = Limits(
            submission_seconds=args.timeout,
            question_seconds={q.id: min(q.timeout, args.timeout) for q in assignment.questions},
            cell_seconds=min(Limits.cell_seconds, args.timeout / 2),
        )
        skipped: list[str] = []
        with grading_progress(err_console()) as progress:
            task = progress.add_task(assignment.id, total=len(submissions))
            results = grade_batch(
                assignment,
                submissions,
                outdir,
                backend=backend,
                gradebook=gradebook,
                workers=args.workers,
                limits=limits,
                device=device,
                regrade=args.regrade,
                only_errored=args.only_errored,
                skipped=skipped,
                on_done=lambda _r: progress.advance(task),
                roster=roster,
            )
    from autograder.grading.report import print_summary

    gradebook.close()
    print_summary(out_console(), assignment, results)
    written = [outdir / "grades.csv"]
    if args.nbgrader_gradebook:
        from autograder.interop.nbgrader_gradebook import write_results_into_course

        paths = {s.student: s.path for s in submissions}
        write_results_into_course(Path(args.nbgrader_gradebook), results, paths)
        written.append(Path(args.nbgrader_gradebook) / "gradebook.db")
    if args.format == "canvas":
        written.append(write_canvas(assignment, results, roster, args.canvas_id, outdir))
    if skipped:
        out_console().print(
            f"{len(skipped)} of {len(results)} submissions were already in the gradebook "
            f"with the same file and were not graded again (use --regrade to force)."
        )
    out_console().print(
        f"Wrote {', '.join(map(str, written))}, {len(results)} results.json and the gradebook "
        f"({gradebook.url})."
    )
    faulty = [r for r in results if r.grader_errors]
    if faulty:
        err_console().print(
            f"[bold red]The grader failed on {sum(r.grader_errors for r in faulty)} "
            f"check(s) of {len(faulty)} submission(s)[/] (not the students' fault: their "
            f"scores are provisional; the log above has the tracebacks). Fix the suite or "
            f"the reference, then run the same command with --only-errored."
        )
        return 1
    return 0


def write_canvas(
    assignment: Assignment,
    results: list[SubmissionResult],
    roster: list[RosterEntry] | None,
    canvas_id: str,
    outdir: Path,
) -> Path:
    """``OUT/canvas.csv`` for Canvas's gradebook import; students off the roster are named."""
    from autograder.grading.batch import write_text_atomic
    from autograder.grading.exports import (
        canvas_column,
        canvas_csv,
        not_on_roster,
        rows_from_results,
    )

    rows = rows_from_results(results)
    column = canvas_column(
        assignment.id, rows, points_possible=assignment.max_score, canvas_id=canvas_id
    )
    missing = not_on_roster(rows, roster) if roster is not None else []
    if missing:
        err_console().print(
            f"[bold yellow]Note:[/] {len(missing)} graded student(s) are not on the roster and "
            f"are left out of canvas.csv: {', '.join(missing)}",
            highlight=False,
        )
    path = outdir / "canvas.csv"
    write_text_atomic(path, canvas_csv([column], roster))
    return path


def cmd_solve(args: argparse.Namespace) -> int:
    from autograder.authoring.solve import solve_notebook

    assignment = Assignment.load(args.assignment)
    path = solve_notebook(assignment, Path(args.out))
    out_console().print(f"Wrote the solved notebook to {path}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from autograder.authoring.solve import validate

    assignment = Assignment.load(args.assignment)
    with make_backend(assignment, sandbox=not args.no_sandbox) as backend:
        report = validate(assignment, backend, mutants=not args.no_mutants)
    for line in report.lines:
        out_console().print(line, soft_wrap=True, highlight=False, markup=False)
    if not report.ok:
        raise GraderError(f"{assignment.id} failed validation")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from autograder.authoring.solve import run_public_checks
    from autograder.execution.process import SubprocessBackend
    from autograder.grading.report import print_check_report

    notebook = Path(args.notebook)
    if not notebook.is_file():
        raise UsageError(f"notebook {notebook} does not exist")
    assignment = Assignment.load(args.assignment or notebook.stem)
    # public checks run the student's own code for the student: no sandbox is needed for trust
    with SubprocessBackend() as backend:
        result = run_public_checks(assignment, notebook, backend)
    print_check_report(out_console(), result)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    for assignment_id in list_assignments():
        a = Assignment.load(assignment_id)
        out_console().print(
            f"{assignment_id}  ({len(a.questions)} questions, {a.max_score:g} points)"
        )
    return 0


def cmd_build_public(args: argparse.Namespace) -> int:
    from autograder.authoring.public_outcomes import write_expected

    path = write_expected(Assignment.load(args.assignment))
    out_console().print(f"Wrote {path}")
    return 0


def cmd_assign(args: argparse.Namespace) -> int:
    from autograder.authoring.assign import assign, stale

    ids = list_assignments() if args.all else args.assignments
    if not ids:
        raise UsageError("name an assignment, or pass --all")
    problems = []
    for assignment_id in ids:
        assignment = Assignment.load(assignment_id)
        if args.check:
            problems += [f"{assignment_id}: {p}" for p in stale(assignment)]
            continue
        for path in assign(assignment):
            out_console().print(f"Wrote {path}")
    if problems:
        for line in problems:
            err_console().print(line, highlight=False, markup=False)
        raise GraderError(
            "generated files are stale; run `autograder assign "
            + (" ".join(ids) if not args.all else "--all")
            + "`"
        )
    if args.check:
        out_console().print(f"{len(ids)} assignment(s): generated files are up to date")
    return 0


def cmd_export_nbgrader(args: argparse.Namespace) -> int:
    from autograder.interop.nbgrader_export import export_nbgrader

    assignment = Assignment.load(args.assignment)
    source = export_nbgrader(assignment.id, assignment.root, Path(args.out))
    out_console().print(
        f"Wrote {source} and {Path(args.out) / 'nbgrader_config.py'}. Next, in {args.out}: "
        f"nbgrader generate_assignment {assignment.id}",
        soft_wrap=True,
        highlight=False,
    )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from autograder.service.serve import serve
    from autograder.service.settings import Settings

    settings = Settings.from_env(
        args.data,
        port=args.port,
        host=args.host,
        hub_api_url=args.hub_api_url,
        course_root=Path(args.course) if args.course else None,
        gradebook=args.gradebook,
        attempts_per_hour=args.attempts_per_hour,
        max_upload_bytes=int(args.max_upload_mb * 1024 * 1024),
        workers=args.workers,
        submission_seconds=args.timeout,
        device=resolve_device(args.device),
        sandbox=not args.no_sandbox and os.environ.get(NO_SANDBOX_ENV) != "1",
        backend=args.backend,
        scheduler=args.scheduler,
        **({"public_url": args.public_url} if args.public_url else {}),
    )
    serve(settings)
    return 0


def add_device_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--device",
        choices=["cpu", "cuda", "auto"],
        default="cpu",
        help="where student code runs: cpu, cuda, or auto (cuda when a GPU is visible; "
        "default cpu)",
    )


def add_backend_options(p: argparse.ArgumentParser) -> None:
    # no choices= list: listing every installed backend reads all packages' metadata (45 ms
    # before `grade` starts its workers); an unknown name is refused when the backend is built
    p.add_argument(
        "--backend",
        metavar="NAME",
        help=f"where submissions run: {', '.join(sorted(registry.BUILTIN))}, or a backend "
        f"another package registers (default {registry.DEFAULT}: warm bubblewrap sandboxes "
        "on this machine; dask: a Dask cluster, see --scheduler)",
    )
    p.add_argument(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        help="the Dask scheduler's address: grades on that cluster (implies --backend dask)",
    )


def add_export_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--roster",
        metavar="FILE",
        help="CSV of every enrolled student (a 'student' column, or Canvas's gradebook export "
        "as is): grades.csv then lists them all, in its order, with a status column "
        "('no submission' for those who never submitted)",
    )
    p.add_argument(
        "--format",
        choices=["csv", "canvas"],
        default="csv",
        help="canvas: also write OUT/canvas.csv for Canvas's gradebook import "
        "(default csv: grades.csv only)",
    )
    p.add_argument(
        "--canvas-id",
        default="",
        metavar="N",
        help="with --format canvas: the assignment's id in Canvas (the number in its URL), so "
        "that the import updates it; without it, Canvas creates an assignment of that name",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="autograder",
        description="Grade machine-learning notebooks against reference "
        "implementations: values, gradients, losses and predictions, compared in a trusted "
        "process outside the student's code.",
    )
    parser.add_argument("--version", action="version", version=f"autograder {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "grade",
        help="grade one notebook, a folder of <student>.ipynb, or "
        "nbgrader's submitted/<student>/<assignment>/ layout; also nbgrader courses",
        description="Grade submissions of one of our assignments; or, in nbgrader's format, "
        "an assignment of an nbgrader course (grade ps1 COURSE_DIR) or one nbgrader source "
        "notebook (grade SOURCE.ipynb SUBMISSIONS_DIR), scored as nbgrader scores it.",
    )
    p.add_argument(
        "assignment",
        help="assignment id, e.g. 01_calculus_autodiff (or ps1 of an nbgrader course), "
        "or an nbgrader source notebook",
    )
    p.add_argument(
        "submissions",
        help="a notebook, a folder of submissions, or an nbgrader course folder",
    )
    p.add_argument(
        "--out",
        required=True,
        help="output folder for results.json files, grades.csv and (by default) the gradebook",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=300.0,
        help="wall-clock limit per submission in seconds (default 300); each "
        "question also has its own limit from the suite",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="warm sandboxed workers, i.e. submissions graded in parallel "
        "(default: the number of cores)",
    )
    add_device_option(p)
    p.add_argument(
        "--regrade",
        action="store_true",
        help="grade again even submissions "
        "whose exact file is already in the gradebook (default: resume)",
    )
    p.add_argument(
        "--only-errored",
        action="store_true",
        help="of the submissions already in "
        "the gradebook, grade again only those the grader failed on (grader errors)",
    )
    p.add_argument(
        "--no-sandbox",
        action="store_true",
        help="UNSAFE: run student code without bubblewrap (trusted local use only; "
        "also AUTOGRADER_UNSAFE_NO_SANDBOX=1)",
    )
    add_backend_options(p)
    p.add_argument(
        "--gradebook", help="SQLAlchemy URL or SQLite file (default OUT/gradebook.sqlite)"
    )
    add_export_options(p)
    p.add_argument(
        "--nbgrader-gradebook",
        metavar="COURSE_DIR",
        help="also write the grades into the nbgrader course at COURSE_DIR (its gradebook.db, "
        "and the graded notebooks under autograded/) for nbgrader's formgrader; manual grades "
        "made there are kept on a regrade. For our assignments the course is one made by "
        "'autograder export-nbgrader' and released with 'nbgrader generate_assignment'",
    )
    p.set_defaults(func=cmd_grade)

    p = sub.add_parser("solve", help="write the notebook with the reference code in its answers")
    p.add_argument("assignment")
    p.add_argument("--out", required=True, help="path of the notebook to write")
    p.set_defaults(func=cmd_solve)

    p = sub.add_parser(
        "validate",
        help="prove reference = full marks, untouched notebook = 0, "
        "and every mutant caught on its own question",
        description="Grade the reference solution (full marks expected), the "
        "untouched notebook (0 expected) and, from reference_solutions/<id>/"
        "mutants.py, every mutant (must lose points on its own question only) "
        "and alternative (must keep full marks). Exit 1 if any of that fails.",
    )
    p.add_argument("assignment")
    p.add_argument(
        "--no-mutants",
        action="store_true",
        help="skip the mutants and alternatives (reference and untouched only)",
    )
    p.add_argument("--no-sandbox", action="store_true", help="UNSAFE: run without bubblewrap")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("check", help="run the public checks on a notebook (no hidden tests)")
    p.add_argument("notebook")
    p.add_argument("--assignment", help="assignment id (default: the notebook's file name)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("list", help="list the assignments of the course")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser(
        "serve",
        help="run the hub-managed grading service (REST API)",
        description="Run the grading service. Started by JupyterHub as a managed "
        "service, it takes the hub's API URL, its prefix and port from the "
        "environment the hub sets; the flags override them.",
    )
    p.add_argument(
        "--data",
        required=True,
        help="folder for releases, uploaded notebooks, exports and (by default) the gradebook",
    )
    p.add_argument(
        "--port",
        type=int,
        help="port to listen on (default: from JUPYTERHUB_SERVICE_URL, else 10101)",
    )
    p.add_argument(
        "--host", help="address to listen on (default: from JUPYTERHUB_SERVICE_URL, else 127.0.0.1)"
    )
    p.add_argument("--hub-api-url", help="the hub's REST API (default: JUPYTERHUB_API_URL)")
    p.add_argument(
        "--public-url",
        help="the hub's public address as this service reaches it (e.g. http://127.0.0.1:8000), "
        "used to copy a release into a student's server from the course page "
        "(default: $AUTOGRADER_PUBLIC_URL; unset disables 'open in my server')",
    )
    p.add_argument(
        "--course",
        help="course root with assignments/ and reference_solutions/ "
        "(default: $AUTOGRADER_COURSE or the source checkout)",
    )
    p.add_argument(
        "--gradebook", help="SQLAlchemy URL or SQLite file (default DATA/gradebook.sqlite)"
    )
    p.add_argument(
        "--attempts-per-hour",
        type=int,
        default=10,
        help="graded attempts a student may submit per assignment and hour (default 10)",
    )
    p.add_argument(
        "--max-upload-mb",
        type=float,
        default=10.0,
        help="largest notebook accepted, in MB (default 10)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=default_workers(),
        help="submissions graded at once, and warm sandboxes per assignment (default: one per "
        f"core, 2 to 4: {default_workers()} here)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=120.0,
        help="wall-clock limit per submission in seconds (default 120)",
    )
    add_device_option(p)
    p.add_argument(
        "--no-sandbox",
        action="store_true",
        help="UNSAFE: run student code without bubblewrap (trusted local use only)",
    )
    add_backend_options(p)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser(
        "assign",
        help="(instructors) generate the student notebook and the "
        "public outcomes from reference_solutions/<id>/master.py",
        description="Generate assignments/<id>/<id>.ipynb (stubs, setup, check "
        "cells, point headings, nbgrader metadata) and public_expected.json from "
        "the assignment's master and suite. --check changes nothing and exits 1 "
        "when a generated file is stale.",
    )
    p.add_argument("assignments", nargs="*", metavar="ASSIGNMENT", help="assignment ids")
    p.add_argument("--all", action="store_true", help="every assignment of the course")
    p.add_argument(
        "--check",
        action="store_true",
        help="only report generated files that differ from what the master gives",
    )
    p.set_defaults(func=cmd_assign)

    p = sub.add_parser(
        "export-nbgrader",
        help="(instructors) export an assignment as an nbgrader course, graded by us",
        description="Write an nbgrader course (nbgrader_config.py, source/<id>/<id>.ipynb with "
        "nbgrader's cell metadata: our answers as solution regions, our setup cells locked, one "
        "grade cell per question with its points) so that a course can release and collect "
        "with nbgrader while we grade: run 'nbgrader generate_assignment <id>' there, then "
        "'autograder grade <id> <submitted> --out DIR --nbgrader-gradebook COURSE_DIR'.",
    )
    p.add_argument("assignment", help="assignment id, e.g. 01_calculus_autodiff")
    p.add_argument("--out", required=True, metavar="COURSE_DIR", help="the nbgrader course folder")
    p.set_defaults(func=cmd_export_nbgrader)

    p = sub.add_parser("build-public", help="(instructors) regenerate public_expected.json only")
    p.add_argument("assignment")
    p.set_defaults(func=cmd_build_public)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if "backend" in vars(args):  # --scheduler alone means dask; beside pool it is refused
            args.backend = registry.resolve_name(args.backend, args.scheduler)
        return int(args.func(args))
    except AutograderError as exc:
        err_console().print(
            f"autograder: error: {exc}", highlight=False, markup=False, soft_wrap=True
        )
        return exc.exit_code
    except KeyboardInterrupt:
        err_console().print("autograder: interrupted", highlight=False)
        return 130


def run() -> None:
    """Console-script entry point: exit without tearing down torch and friends (about 1 s);
    every output file is complete and closed by the time ``main`` returns."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
