"""Time of the similarity report for a class: N students x 14 answer cells.

    .venv/bin/python bench/similarity.py [--students 200] [--copied 0.5] [--seed 1]

The released notebook is 01_calculus_autodiff's and 06_cnn's answer cells (7 + 7 = 14, stubs
included). Each student's answer to a cell is, with probability ``--copied``, the reference answer
with lines dropped and extra lines added (so most pairs share code, the costly case), otherwise
another answer of the course (85 of them) edited the same way. Prints students, pairs, seconds
(answer extraction, then the report) and how many students' best peer matched over half.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from autograder.course import Assignment, list_assignments  # noqa: E402
from autograder.grading.similarity import (  # noqa: E402
    answer_code,
    boilerplate_code,
    similarity_report,
)

RELEASED = ("01_calculus_autodiff", "06_cnn")


def _edited(code: str, rng: random.Random) -> str:
    """The code with about a tenth of its lines dropped and a few lines of the student's own."""
    lines = [line for line in code.splitlines() if rng.random() > 0.1]
    for _ in range(rng.randint(0, 4)):
        at = rng.randint(0, len(lines))
        lines.insert(
            at, f"    tmp_{rng.randint(0, 999)} = {rng.random():.4f} * {rng.randint(2, 99)}"
        )
    return "\n".join(lines) + "\n"


def _notebook(released: nbformat.NotebookNode, answers: dict[str, str]) -> nbformat.NotebookNode:
    notebook: nbformat.NotebookNode = nbformat.from_dict(released)
    for cell in notebook.cells:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid in answers:
            cell.source = answers[gid]
    return notebook


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--copied", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    released = nbformat.v4.new_notebook()
    reference: dict[str, str] = {}
    pool: list[str] = []
    for assignment_id in list_assignments(REPO):
        assignment = Assignment.load(assignment_id, REPO)
        sections = assignment.reference_sections()
        pool += sections.values()
        if assignment_id in RELEASED:
            released.cells += assignment.released.cells
            reference.update(sections)
    gids = [
        c.metadata["nbgrader"]["grade_id"]
        for c in released.cells
        if c.get("metadata", {}).get("nbgrader", {}).get("solution")
    ]
    notebooks = {
        f"student{i:03d}": _notebook(
            released,
            {
                gid: _edited(
                    reference[gid] if rng.random() < args.copied else rng.choice(pool), rng
                )
                for gid in gids
            },
        )
        for i in range(args.students)
    }

    start = time.perf_counter()
    codes = {name: answer_code(nb, released) for name, nb in notebooks.items()}
    boilerplate = boilerplate_code(released)
    extracted = time.perf_counter()
    matches = similarity_report(codes, boilerplate)
    done = time.perf_counter()

    n = len(codes)
    chars = sum(len(c) for c in codes.values()) / max(n, 1)
    print(f"students: {n} ({len(gids)} answer cells, {chars:.0f} characters of answers each)")
    print(f"pairs: {n * (n - 1) // 2}")
    print(
        f"seconds: {done - start:.2f} "
        f"(answers {extracted - start:.2f}, report {done - extracted:.2f})"
    )
    print(f"best peer over half matched: {sum(m.similarity_student > 0.5 for m in matches)}")


if __name__ == "__main__":
    main()
