"""Time to grade one submission of each assignment, on the CPU, in the sandbox.

    .venv/bin/python bench/assignments.py [ASSIGNMENT ...]

For each assignment: start one warm sandboxed worker, grade the solved notebook three times and
report the first (which includes computing the reference outcomes) and the median of the other two
(a warm worker, reference cached: the cost of one more submission in a batch). The solved notebook
must score full marks, or the run says so and exits 1.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from autograder.authoring.solve import solve_notebook  # noqa: E402
from autograder.course import Assignment, list_assignments  # noqa: E402
from autograder.execution.pool import WarmPoolBackend  # noqa: E402
from autograder.execution.sandbox import SandboxConfig  # noqa: E402
from autograder.grading.pipeline import grade_notebook  # noqa: E402


def main() -> int:
    ids = sys.argv[1:] or list_assignments(REPO)
    print(f"{'assignment':24s} {'first (s)':>10s} {'warm (s)':>10s}  score")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for assignment_id in ids:
            a = Assignment.load(assignment_id, REPO)
            solved = solve_notebook(a, Path(tmp) / f"{assignment_id}.ipynb")
            with WarmPoolBackend(1, SandboxConfig(data_dir=a.directory)) as pool:
                pool.all[0].wait_ready()
                times, score = [], 0.0
                for _ in range(3):
                    started = time.perf_counter()
                    result = grade_notebook(a, solved, "bench", backend=pool)
                    times.append(time.perf_counter() - started)
                    score = result.score
            full = score == a.max_score
            ok &= full
            print(
                f"{assignment_id:24s} {times[0]:10.2f} {statistics.median(times[1:]):10.2f}"
                f"  {score:g} / {a.max_score:g}{'' if full else '  NOT FULL MARKS'}"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
