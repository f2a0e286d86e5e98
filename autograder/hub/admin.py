"""Instructors' side of the grading service: one command per task, from a terminal on the hub.

    python -m autograder.hub.admin release 01_calculus_autodiff
    python -m autograder.hub.admin grade 01_calculus_autodiff        # every latest submission
    python -m autograder.hub.admin grades 01_calculus_autodiff --out grades.csv
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
    args = parser.parse_args(argv)
    if args.command in ("release", "grade"):
        action = release if args.command == "release" else grade
        return run_command(lambda: action(args.assignment))
    route = {"grades": "grades.csv"}.get(args.command, args.command)
    return run_command(lambda: download(f"/assignments/{args.assignment}/{route}", Path(args.out)))


if __name__ == "__main__":
    sys.exit(main())
