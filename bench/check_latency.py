"""Latency of ``check("q")`` inside a running notebook, per question of 01_calculus_autodiff.

    .venv/bin/python bench/check_latency.py [--repeats 20]

Runs the solved notebook's code cells in this process (as a kernel would), then times the public
checks of each question, the way a student's check cell calls them. Prints the median per question.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("MPLBACKEND", "Agg")

from autograder.authoring.solve import solved_notebook  # noqa: E402
from autograder.course import Assignment  # noqa: E402
from autograder.public import Checker  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    assignment = Assignment.load("01_calculus_autodiff", REPO)
    os.chdir(assignment.directory)
    namespace: dict = {"__name__": "__main__"}
    for cell in solved_notebook(assignment).cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if (
            cell.cell_type == "code"
            and not meta.get("grade")
            and not str(meta.get("grade_id", "")).endswith("_explore")
        ):
            exec(cell.source, namespace)
    checker: Checker = namespace["check"]
    print(f'check("q") latency, median of {args.repeats} (first call loads the checks)')
    first = time.perf_counter()
    checker.run("q1_finite_differences")
    print(f"  first call ever: {1000 * (time.perf_counter() - first):.1f} ms")
    for question in [q.id for q in assignment.questions]:
        times = []
        for _ in range(args.repeats):
            started = time.perf_counter()
            verdicts = checker.run(question)
            times.append(time.perf_counter() - started)
        assert all(v.passed for _, v in verdicts), question
        print(f"  {question:26s} {1000 * statistics.median(times):8.2f} ms")


if __name__ == "__main__":
    main()
