"""Speed on identical work (issue 16, item 6): nbgrader's own example course graded by
``nbgrader autograde`` and by ``autograder grade``, side by side in one run, scores compared.

    .venv/bin/python bench/nbgrader_course.py                 # 40 and 200 submissions
    .venv/bin/python bench/nbgrader_course.py --sizes 40 --workers 2 --keep

The course is the one nbgrader ships with its documentation (``source/ps1`` with two notebooks
and seven autograded cells, ``submitted/{bitdiddle,hacker}/ps1``), copied from the installed
package; the N submissions are copies of its two students' work under other names (half each),
so both graders do exactly the same work. Untimed: building the course and
``nbgrader generate_assignment``. Timed: ``nbgrader autograde ps1 --create`` (serial, a cold
kernel per notebook) and ``autograder grade ps1 COURSE --out OUT`` (the whole command: start,
warm sandboxed workers, every notebook, reports, shutdown). A run whose scores differ, per
autograded cell, between the two is reported as INVALID (exit 1).

Figures go to stdout and to ``bench/results/nbgrader_course.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent
ASSIGNMENT = "ps1"
ORIGINALS = ("bitdiddle", "hacker")


def log(msg: str) -> None:
    print(f"[bench] {msg}", flush=True)


def docs_course() -> Path:
    """nbgrader's documentation course, as installed with the package."""
    import nbgrader

    return Path(nbgrader.__file__).parent / "docs" / "source" / "user_guide"


def build_course(root: Path, n: int) -> list[str]:
    """``root`` as an nbgrader course: ps1's source and ``n`` submissions (copies of the two
    students of nbgrader's docs, alternating); returns the student ids."""
    docs = docs_course()
    shutil.copytree(docs / "source" / ASSIGNMENT, root / "source" / ASSIGNMENT)
    (root / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.root = {str(root)!r}\n"
        'c.CourseDirectory.course_id = "bench"\n'
    )
    students = [f"s{i:03d}" for i in range(n)]
    for i, student in enumerate(students):
        original = docs / "submitted" / ORIGINALS[i % 2] / ASSIGNMENT
        shutil.copytree(original, root / "submitted" / student / ASSIGNMENT)
    return students


def nbgrader_env(root: Path) -> dict[str, str]:
    """A private ``python3`` kernelspec that is this interpreter, one BLAS thread per kernel."""
    kernels = root / ".jupyter" / "kernels" / "python3"
    kernels.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec = {"argv": argv, "display_name": "Python 3", "language": "python"}
    (kernels / "kernel.json").write_text(json.dumps(spec))
    env = dict(os.environ)
    env.update(
        JUPYTER_PATH=str(root / ".jupyter"),
        JUPYTER_CONFIG_DIR=str(root / ".jupyter-config"),
        JUPYTER_RUNTIME_DIR=str(root / ".jupyter-runtime"),
        IPYTHONDIR=str(root / ".ipython"),
        OMP_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        PATH=f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}",  # nbgrader runs `alembic` by name
    )
    return env


def timed(cmd: list[str], cwd: Path, env: dict[str, str], logfile: Path) -> float:
    """Wall time of ``cmd``; its output goes to ``logfile``; a failure stops the benchmark."""
    started = time.perf_counter()
    with open(logfile, "wb") as f:
        proc = subprocess.run(cmd, cwd=cwd, env=env, stdout=f, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        tail = logfile.read_text(errors="replace")[-3000:]
        sys.exit(f"[bench] failed ({proc.returncode}): {' '.join(cmd)}\n{tail}")
    return seconds


def nbgrader_cell_scores(root: Path, students: list[str]) -> dict[str, dict[str, float]]:
    """Per student, the auto score of every autograded cell, from nbgrader's gradebook."""
    from nbgrader.api import Gradebook

    scores: dict[str, dict[str, float]] = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        for student in students:
            cells: dict[str, float] = {}
            for notebook in gb.find_submission(ASSIGNMENT, student).notebooks:
                for grade in notebook.grades:
                    if grade.auto_score is not None:
                        cells[f"{notebook.name}/{grade.name}"] = float(grade.auto_score)
            scores[student] = cells
    return scores


def our_cell_scores(out: Path, students: list[str]) -> dict[str, dict[str, float]]:
    """Per student, the score of every autograded cell, from our ``grades.csv``."""
    with open(out / "grades.csv", newline="") as f:
        rows = {row["student"]: row for row in csv.DictReader(f)}
    skip = {"student", "score", "max_score"}
    return {
        s: {k: float(v) for k, v in rows[s].items() if k not in skip and v not in ("", None)}
        for s in students
    }


def compare(theirs: dict[str, dict[str, float]], ours: dict[str, dict[str, float]]) -> list[str]:
    """Differences per autograded cell (empty when identical)."""
    problems = []
    for student, cells in theirs.items():
        for cell, value in cells.items():
            mine = ours.get(student, {}).get(cell)
            if mine is None or abs(mine - value) > 1e-9:
                problems.append(f"{student} {cell}: nbgrader {value}, ours {mine}")
    return problems


def run_size(tmp: Path, n: int, workers: int) -> dict[str, Any]:
    root = tmp / f"course{n}"
    root.mkdir()
    students = build_course(root, n)
    env = nbgrader_env(root)
    nbgrader = str(VENV_BIN / "nbgrader")
    timed([nbgrader, "generate_assignment", ASSIGNMENT], root, env, tmp / f"generate{n}.log")
    log(f"{n} submissions: nbgrader autograde (serial, a cold kernel each) ...")
    theirs_s = timed(
        [nbgrader, "autograde", ASSIGNMENT, "--create"], root, env, tmp / f"nbgrader{n}.log"
    )
    out = tmp / f"ours{n}"
    log(f"{n} submissions: autograder grade --workers {workers} ...")
    ours = [str(VENV_BIN / "autograder"), "grade", ASSIGNMENT, str(root), "--out", str(out)]
    ours_s = timed(
        [*ours, "--workers", str(workers)],
        tmp,
        dict(os.environ),
        tmp / f"ours{n}.log",
    )
    theirs = nbgrader_cell_scores(root, students)
    problems = compare(theirs, our_cell_scores(out, students))
    cells = sum(len(c) for c in theirs.values())
    return {
        "submissions": n,
        "nbgrader_s": round(theirs_s, 2),
        "ours_s": round(ours_s, 2),
        "nbgrader_per_submission_s": round(theirs_s / n, 4),
        "ours_per_submission_s": round(ours_s / n, 4),
        "speedup": round(theirs_s / ours_s, 1),
        "cells_compared": cells,
        "differences": problems[:20],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="40,200", help="submission counts (default 40,200)")
    parser.add_argument("--workers", type=int, default=2, help="our warm sandboxed workers")
    parser.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "results" / "nbgrader_course.json")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-nbgrader-"))
    try:
        runs = [run_size(tmp, int(n), args.workers) for n in args.sizes.split(",")]
    finally:
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    import nbgrader

    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
        "nbgrader": nbgrader.__version__,
        "workers": args.workers,
        "runs": runs,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"{'N':>5} {'nbgrader s':>11} {'ours s':>8} {'s/sub theirs':>12} {'s/sub ours':>10} ×")
    for r in runs:
        print(
            f"{r['submissions']:>5} {r['nbgrader_s']:>11} {r['ours_s']:>8} "
            f"{r['nbgrader_per_submission_s']:>12} {r['ours_per_submission_s']:>10} {r['speedup']}"
        )
        for line in r["differences"]:
            print(f"  INVALID: {line}")
    if any(r["differences"] for r in runs):
        sys.exit(1)


if __name__ == "__main__":
    main()
