"""Instructors' side of the grading service: one command per task, from a terminal on the hub.

    python -m autograder.hub.admin release 01_calculus_autodiff
    python -m autograder.hub.admin grade 01_calculus_autodiff        # every latest submission
    python -m autograder.hub.admin grades 01_calculus_autodiff --out grades.csv   # every student
    python -m autograder.hub.admin grades 01_calculus_autodiff --roster roster.csv \
        --format canvas --canvas-id 12345 --out canvas.csv   # every enrolled student, for Canvas
    python -m autograder.hub.admin collect 01_calculus_autodiff --out submitted.zip

Like ``hub_client`` it uses ``AUTOGRADER_SERVICE_URL`` and ``JUPYTERHUB_API_TOKEN`` (set in every
server on the hub); the token's owner must be in the instructors group.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from autograder.exceptions import UsageError
from autograder.grading.exports import (
    NO_SUBMISSION,
    GradeRow,
    RosterEntry,
    canvas_column,
    canvas_csv,
    check_canvas_id,
    grades_csv,
    not_on_roster,
    read_roster,
)
from autograder.hub.client import ServiceError, request, run_command


def release(assignment: str) -> dict[str, Any]:
    reply: dict[str, Any] = json.loads(request("POST", f"/assignments/{assignment}/release"))
    print(f"Released {assignment} ({reply['max_score']:g} points): {', '.join(reply['files'])}")
    return reply


def grade(assignment: str, *, timeout: float = 3600.0) -> dict[str, Any]:
    """Grade every student's latest submission; prints progress until the batch is done."""
    job: dict[str, Any] = json.loads(request("POST", f"/assignments/{assignment}/grade"))
    deadline = time.monotonic() + timeout
    shown = -1
    while job["status"] == "running" and time.monotonic() < deadline:
        if job["done"] != shown:
            print(f"grading {assignment}: {job['done']} / {job['total']}", flush=True)
            shown = job["done"]
        time.sleep(0.5)
        job = json.loads(request("GET", f"/jobs/{job['id']}"))
    if job["status"] == "failed":
        raise ServiceError(f"the batch failed: {job['error']}")
    print(f"grading {assignment}: {job['done']} / {job['total']} ({job['status']})")
    return job


def download(path: str, out: Path) -> Path:
    out.write_bytes(request("GET", path))
    print(f"Wrote {out}")
    return out


def grades(
    assignment: str,
    out: Path,
    *,
    roster: list[RosterEntry] | None = None,
    fmt: str = "csv",
    canvas_id: str = "",
) -> Path:
    """Every student's effective score (policy and manual grades) from the service's gradebook,
    as grades.csv with a status column; a roster file adds its students and Canvas identities;
    ``fmt="canvas"``: Canvas's gradebook import file instead."""
    book: dict[str, Any] = json.loads(request("GET", f"/assignments/{assignment}/gradebook"))
    rows = [
        GradeRow(s["student"], s["score"], s["max_score"], s["questions"], s["status"])
        for s in book["students"]
    ]
    if not book["released"] and all(r.status == NO_SUBMISSION for r in rows):
        raise ServiceError(
            f"{assignment} is not released, so nobody could submit and there are no grades: "
            f"release it first with python -m autograder.hub.admin release {assignment}"
        )
    everyone = roster if roster is not None else [RosterEntry(r.student) for r in rows]
    if fmt == "canvas":
        column = canvas_column(
            assignment, rows, points_possible=book["max_score"], canvas_id=canvas_id
        )
        text = canvas_csv([column], everyone)
        missing = [m for m in not_on_roster(rows, everyone) if m in _scored(rows)]
        if missing:
            print(
                f"note: {len(missing)} graded student(s) are not on the roster and are left "
                f"out: {', '.join(missing)}",
                file=sys.stderr,
            )
    else:
        text = grades_csv(
            rows, roster=everyone, questions=book["questions"], max_score=book["max_score"]
        )
    out.write_text(text, newline="")
    print(f"Wrote {out}")
    return out


def _scored(rows: list[GradeRow]) -> set[str]:
    return {r.student for r in rows if r.status != NO_SUBMISSION}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m autograder.hub.admin",
        description="Release, grade and export assignments on the course hub (instructors).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("release", help="release an assignment to the students").add_argument(
        "assignment"
    )
    sub.add_parser("grade", help="grade every student's latest submission").add_argument(
        "assignment"
    )
    for name, what in (
        ("grades", "grades.csv"),
        ("collect", "the submissions (zip)"),
        ("results", "per-student results.json (zip)"),
    ):
        p = sub.add_parser(name, help=f"download {what}")
        p.add_argument("assignment")
        p.add_argument("--out", required=True, help="file to write")
        if name == "grades":
            add_grades_options(p)
    args = parser.parse_args(argv)
    if args.command in ("release", "grade"):
        action = release if args.command == "release" else grade
        return run_command(lambda: action(args.assignment))
    if args.command == "grades":
        try:
            if args.canvas_id and args.format != "canvas":
                raise UsageError("--canvas-id names the Canvas column: use it with --format canvas")
            canvas_id = check_canvas_id(args.canvas_id)
            roster = read_roster(args.roster) if args.roster else None
            return run_command(
                lambda: grades(
                    args.assignment,
                    Path(args.out),
                    roster=roster,
                    fmt=args.format,
                    canvas_id=canvas_id,
                )
            )
        except UsageError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    route = {"grades": "grades.csv"}.get(args.command, args.command)
    return run_command(lambda: download(f"/assignments/{args.assignment}/{route}", Path(args.out)))


def add_grades_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--roster",
        metavar="FILE",
        help="CSV of every enrolled student (a 'student' column, or Canvas's gradebook export "
        "as is): every one gets a row, with a status column ('no submission', ...)",
    )
    p.add_argument(
        "--format",
        choices=["csv", "canvas"],
        default="csv",
        help="csv (default): grades.csv; canvas: the file Canvas's gradebook import reads",
    )
    p.add_argument(
        "--canvas-id",
        default="",
        metavar="N",
        help="with --format canvas: the assignment's id in Canvas (the number in its URL)",
    )


if __name__ == "__main__":
    sys.exit(main())
