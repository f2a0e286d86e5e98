"""Speed on identical work (issue 16, item 6): one otter-grader assignment graded by ``otter run``
and by ``autograder grade``, side by side in one run, scores compared.

    .venv/bin/python bench/otter_speed.py             # 20 submissions, 2 workers
    .venv/bin/python bench/otter_speed.py --n 40 --workers 2 --keep

The assignment is the test suite's (``tests/data/otter/arrays.ipynb``: four NumPy questions,
OK-format and exception-based test files, public and hidden cases), built with ``otter assign``
(untimed). The N submissions cycle through a right, a wrong and a partly right notebook. Timed:
``otter run -a ZIP SUBMISSION`` once per submission, serially (otter's local grading, without
Docker, one submission per command), and ``autograder grade ZIP SUBMISSIONS --out OUT`` (the
whole command: start, warm sandboxes, otter inside each, reports). A run whose per-question
scores differ is reported as INVALID (exit 1). Figures go to stdout and to
``bench/results/otter_speed.json``.
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
REPO = BENCH_DIR.parent
VENV_BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO))

from tests.test_otter_grade import (  # noqa: E402  (the test suite's assignment and answers)
    DATA,
    PARTIAL,
    RIGHT,
    WRONG,
    fill,
    with_exception_tests,
)

KINDS = {"right": RIGHT, "wrong": WRONG, "partial": PARTIAL}


def log(msg: str) -> None:
    print(f"[bench] {msg}", flush=True)


def build(tmp: Path, n: int) -> tuple[Path, list[Path]]:
    """``otter assign`` on the master, q4's exception-based tests swapped in; N submissions."""
    master = tmp / "master" / "arrays.ipynb"
    master.parent.mkdir()
    shutil.copy(DATA / "arrays.ipynb", master)
    dist = tmp / "dist"
    otter = str(VENV_BIN / "otter")
    subprocess.run([otter, "assign", str(master), str(dist)], check=True, capture_output=True)
    (generated,) = (dist / "autograder").glob("*.zip")
    archive = with_exception_tests(generated, tmp / "arrays-autograder.zip")
    subs = tmp / "submissions"
    subs.mkdir()
    names = list(KINDS)
    paths = []
    for i in range(n):
        kind = names[i % len(names)]
        paths.append(fill(dist / "student" / "arrays.ipynb", KINDS[kind], subs / f"s{i:03d}.ipynb"))
    return archive, paths


def otter_scores(results: Path) -> dict[str, float]:
    """Per question, from ``otter run``'s results.json (the public summary entry skipped)."""
    scores: dict[str, float] = {}
    for test in json.loads(results.read_text())["tests"]:
        if test.get("score") is None:
            continue
        question = str(test["name"]).split(" ")[0]
        scores[question] = scores.get(question, 0.0) + float(test.get("score") or 0.0)
    return scores


def run_otter(archive: Path, paths: list[Path], tmp: Path) -> tuple[float, dict[str, Any]]:
    otter = str(VENV_BIN / "otter")
    scores = {}
    started = time.perf_counter()
    for path in paths:
        out = tmp / "otter-out" / path.stem
        out.mkdir(parents=True)
        cmd = [otter, "run", "-a", str(archive), "-o", str(out), "--no-logo", str(path)]
        subprocess.run(cmd, check=True, capture_output=True)
        scores[path.stem] = otter_scores(out / "results.json")
    return time.perf_counter() - started, scores


def run_ours(archive: Path, tmp: Path, workers: int) -> tuple[float, dict[str, Any]]:
    out = tmp / "ours"
    cmd = [str(VENV_BIN / "autograder"), "grade", str(archive), str(tmp / "submissions")]
    started = time.perf_counter()
    with open(tmp / "ours.log", "wb") as f:
        subprocess.run(
            [*cmd, "--out", str(out), "--workers", str(workers)],
            check=True,
            stdout=f,
            stderr=subprocess.STDOUT,
        )
    seconds = time.perf_counter() - started
    with open(out / "grades.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    skip = {"student", "score", "max_score"}
    return seconds, {
        r["student"]: {k: float(v) for k, v in r.items() if k not in skip} for r in rows
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20, help="submissions (default 20)")
    parser.add_argument("--workers", type=int, default=2, help="our warm sandboxed workers")
    parser.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "results" / "otter_speed.json")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-otter-"))
    try:
        archive, paths = build(tmp, args.n)
        log(f"otter run, {args.n} submissions, one command each ...")
        theirs_s, theirs = run_otter(archive, paths, tmp)
        log(f"autograder grade --workers {args.workers} ...")
        ours_s, ours = run_ours(archive, tmp, args.workers)
    finally:
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    differences = [
        f"{s} {q}: otter {v}, ours {ours.get(s, {}).get(q)}"
        for s, qs in theirs.items()
        for q, v in qs.items()
        if abs(ours.get(s, {}).get(q, -1.0) - v) > 1e-9
    ]
    import otter

    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
        "otter": otter.__version__,
        "submissions": args.n,
        "workers": args.workers,
        "otter_run_s": round(theirs_s, 2),
        "ours_s": round(ours_s, 2),
        "otter_per_notebook_s": round(theirs_s / args.n, 3),
        "ours_per_notebook_s": round(ours_s / args.n, 3),
        "speedup": round(theirs_s / ours_s, 2),
        "questions_compared": sum(len(q) for q in theirs.values()),
        "differences": differences[:20],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps({k: v for k, v in report.items() if k != "differences"}, indent=2))
    for line in differences[:20]:
        print(f"  INVALID: {line}")
    if differences:
        sys.exit(1)


if __name__ == "__main__":
    main()
