"""Grading throughput: nbgrader vs our warm sandbox pool, side by side, on the same machine.

    .venv/bin/python bench/run.py [--n 40] [--workers 2] [--device cpu|cuda]

1. builds N identical submissions of the exercise in ``bench/exercise.py``, once in nbgrader's
   course layout and once as ``<student>.ipynb`` files for ``autograder grade``;
2. times ``nbgrader autograde`` (serial, a cold kernel per notebook);
3. times ``autograder grade bench_torch SUBMISSIONS --out OUT --workers W``;
4. measures the floor: the student code's own run time in a warm process (the answer cells
   exec'd and the hidden suite's calls made, torch already imported; median of repeats);
5. prints the figures and writes ``bench/results/latest.json``.

Both graders must give every submission full marks, otherwise the run is reported as invalid.
See ``bench/README.md`` for what each figure means.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import platform
import shutil
import statistics
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
sys.path.insert(0, str(BENCH_DIR))

import exercise  # noqa: E402  (bench/exercise.py, next to this file)

ASSIGNMENT = exercise.ASSIGNMENT
# nbgrader is a dependency of the project's venv (extra `interop`); an older separate bench venv
# is still used where it exists
NBGRADER_VENV = BENCH_DIR / ".venv-nbgrader"
INSTALL_HINT = "make install   (nbgrader is one of the project's dev dependencies)"
NBG_BIN = NBGRADER_VENV / "bin" if (NBGRADER_VENV / "bin" / "nbgrader").exists() else VENV_BIN


def log(msg: str) -> None:
    print(f"[bench] {msg}", flush=True)


def tool(name: str) -> str:
    path = VENV_BIN / name
    return str(path) if path.exists() else name


def run_cmd(cmd: list[str], *, env: dict[str, str], cwd: Path, logfile: Path) -> float:
    """Run a command with its output in ``logfile``; return its wall time; fail loudly."""
    started = time.perf_counter()
    with open(logfile, "wb") as f:
        proc = subprocess.run(cmd, env=env, cwd=cwd, stdout=f, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        tail = logfile.read_text(errors="replace")[-3000:]
        sys.exit(f"[bench] command failed ({proc.returncode}): {' '.join(cmd)}\n{tail}")
    return seconds


def startup_seconds(cmd: list[str], env: dict[str, str], cwd: Path) -> float:
    """Wall time of ``cmd`` (a ``--version`` call: the command's imports and nothing else)."""
    started = time.perf_counter()
    subprocess.run(
        cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
    )
    return time.perf_counter() - started


def students(n: int) -> list[str]:
    return [f"student{i:03d}" for i in range(1, n + 1)]


# ------------------------------------------------------------------------------------ nbgrader

NBGRADER_CONFIG = """\
c = get_config()
c.CourseDirectory.root = {root!r}
c.CourseDirectory.course_id = "bench"
c.CourseDirectory.db_url = {db!r}
c.Execute.timeout = 120
"""


def nbgrader_env(root: Path) -> dict[str, str]:
    """nbgrader's environment: a private kernelspec ``python3`` that is this interpreter, and the
    sandbox's thread settings (one BLAS/OpenMP thread per kernel)."""
    kernels = root / "jupyter" / "kernels" / "python3"
    kernels.mkdir(parents=True, exist_ok=True)
    (kernels / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [
                    str(NBG_BIN / "python"),
                    "-m",
                    "ipykernel_launcher",
                    "-f",
                    "{connection_file}",
                ],
                "display_name": "Python 3 (nbgrader bench venv)",
                "language": "python",
            }
        )
    )
    env = dict(os.environ)
    env.update(
        {
            "JUPYTER_PATH": str(root / "jupyter"),
            "JUPYTER_CONFIG_DIR": str(root / "cfg"),
            "JUPYTER_DATA_DIR": str(root / "data"),
            "JUPYTER_RUNTIME_DIR": str(root / "rt"),
            "IPYTHONDIR": str(root / "ipython"),
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "PATH": f"{NBG_BIN}{os.pathsep}{env.get('PATH', '')}",
        }
    )
    return env


def bench_nbgrader(tmp: Path, n: int, device: str) -> dict[str, Any]:
    import nbformat

    root = tmp / "nbgrader_course"
    root.mkdir()
    env = nbgrader_env(root)
    (root / "nbgrader_config.py").write_text(
        NBGRADER_CONFIG.format(root=str(root), db=f"sqlite:///{root / 'gradebook.db'}")
    )
    src = root / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    src.parent.mkdir(parents=True)
    nbformat.write(exercise.nbgrader_source(device), src)
    nbgrader = str(NBG_BIN / "nbgrader")
    run_cmd(
        [nbgrader, "generate_assignment", ASSIGNMENT, "--force"],
        env=env,
        cwd=root,
        logfile=tmp / "nbgrader_generate.log",
    )
    release = nbformat.read(root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    submission = exercise.fill_answers(release)
    for student in students(n):
        path = root / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(submission, path)
    startup = startup_seconds([nbgrader, "--version"], env, root)
    log(f"nbgrader autograde: {n} submissions, serial ...")
    wall = run_cmd(
        [nbgrader, "autograde", ASSIGNMENT, "--create"],
        env=env,
        cwd=root,
        logfile=tmp / "nbgrader_autograde.log",
    )
    scores = nbgrader_scores(root, n)
    return {"wall_s": wall, "per_notebook_s": wall / n, "startup_s": startup, "scores": scores}


SCORES_SCRIPT = """
import json, sys
from nbgrader.api import Gradebook
with Gradebook(sys.argv[1]) as gb:
    print(json.dumps([[gb.find_submission(sys.argv[2], s).score,
                       gb.find_submission(sys.argv[2], s).max_score] for s in sys.argv[3:]]))
"""


def nbgrader_scores(root: Path, n: int) -> dict[str, Any]:
    """Scores from nbgrader's own gradebook, read with nbgrader's API in its venv."""
    proc = subprocess.run(
        [
            str(NBG_BIN / "python"),
            "-c",
            SCORES_SCRIPT,
            f"sqlite:///{root / 'gradebook.db'}",
            ASSIGNMENT,
            *students(n),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    values = json.loads(proc.stdout)
    full = sum(1 for s, m in values if m > 0 and abs(s - m) < 1e-9)
    return {"full_marks": full, "graded": len(values), "max_score": values[0][1] if values else 0}


# ------------------------------------------------------------------------------------- ours


def bench_ours(tmp: Path, n: int, workers: int, device: str) -> dict[str, Any]:
    env = dict(os.environ)
    env["AUTOGRADER_COURSE"] = str(exercise.COURSE)
    autograder = tool("autograder")
    solved = tmp / "solved.ipynb"
    run_cmd(
        [autograder, "solve", ASSIGNMENT, "--out", str(solved)],
        env=env,
        cwd=tmp,
        logfile=tmp / "autograder_solve.log",
    )
    subs = tmp / "ours_submissions"
    subs.mkdir()
    for student in students(n):
        shutil.copyfile(solved, subs / f"{student}.ipynb")
    out = tmp / "ours_out"
    startup = startup_seconds([autograder, "--version"], env, tmp)
    log(f"autograder grade: {n} submissions, {workers} warm sandboxed workers ...")
    wall = run_cmd(
        [
            autograder,
            "grade",
            ASSIGNMENT,
            str(subs),
            "--out",
            str(out),
            "--workers",
            str(workers),
            "--device",
            device,
        ],
        env=env,
        cwd=tmp,
        logfile=tmp / "autograder_grade.log",
    )
    times = []
    for student in students(n):
        data = json.loads((out / student / "results.json").read_text())
        times.append(float(data["execution_time"]))
    with open(out / "grades.csv") as f:
        rows = list(csv.DictReader(f))
    full = sum(1 for r in rows if abs(float(r["score"]) - float(r["max_score"])) < 1e-9)
    return {
        "wall_s": wall,
        "per_notebook_s": wall / n,
        "execution_time_s": times,
        "startup_s": startup,
        "scores": {
            "full_marks": full,
            "graded": len(rows),
            "max_score": float(rows[0]["max_score"]) if rows else 0,
        },
    }


# ------------------------------------------------------------------------------------ floor


def _materialize(obj: Any, ns: dict[str, Any], leaves: dict[str, Any], device: str) -> Any:
    """Suite arguments as live objects, as the sandbox builds them (TensorArg -> tensor, ...)."""
    import numpy as np
    import torch

    from autograder.protocol.wire import Callable_, NestedCall, TensorArg

    if isinstance(obj, TensorArg):
        t = torch.from_numpy(np.array(obj.array, copy=True)).to(device)
        if obj.requires_grad:
            t.requires_grad_(True)
        if obj.grad_name:
            leaves[obj.grad_name] = t
        return t
    if isinstance(obj, NestedCall):
        args = [_materialize(a, ns, leaves, device) for a in obj.args]
        kwargs = {k: _materialize(v, ns, leaves, device) for k, v in obj.kwargs.items()}
        result = ns[obj.fn](*args, **kwargs)
        return result if obj.index is None else result[obj.index]
    if isinstance(obj, Callable_):
        module, _, attr = obj.name.rpartition(".")
        return getattr(importlib.import_module(module), attr)
    if isinstance(obj, np.ndarray):
        return obj.copy()
    if isinstance(obj, tuple | list):
        return type(obj)(_materialize(a, ns, leaves, device) for a in obj)
    return obj


def measure_floor(notebook: Path, device: str, repeats: int) -> dict[str, Any]:
    """The student's code alone, warm: exec the cells our sandbox would run, then make every call
    of the hidden suite (with the vector-Jacobian products the gradient checks ask for)."""
    os.environ["AUTOGRADER_COURSE"] = str(exercise.COURSE)
    import nbformat
    import numpy as np  # noqa: F401  (warm: imported before timing)
    import torch

    from autograder.course import Assignment
    from autograder.grading.sanitize import build_cells

    torch.set_num_threads(1)  # as in the sandbox (OMP_NUM_THREADS=1)
    assignment = Assignment.load(ASSIGNMENT)
    cells = build_cells(nbformat.read(notebook, as_version=4), assignment.released).cells
    codes = [compile(c["source"], c["name"], "exec") for c in cells]
    calls = [call for q in assignment.questions for check in q.checks for call in check.calls()]

    def once() -> float:
        started = time.perf_counter()
        ns: dict[str, Any] = {"__name__": "__main__"}
        for code in codes:
            exec(code, ns)  # our own reference answers
        for call in calls:
            torch.manual_seed(call.seed)
            leaves: dict[str, Any] = {}
            args = _materialize(tuple(call.args), ns, leaves, device)
            kwargs = {k: _materialize(v, ns, leaves, device) for k, v in call.kwargs.items()}
            out = ns[call.fn](*args, **kwargs)
            if call.mode == "vjp" and leaves:
                gen = torch.Generator().manual_seed(call.seed)
                cot = torch.randn(out.shape, generator=gen, dtype=torch.float64).to(out)
                torch.autograd.grad(out, list(leaves.values()), cot, allow_unused=True)
        if device == "cuda":
            torch.cuda.synchronize()
        return time.perf_counter() - started

    for _ in range(5):
        once()
    samples = [once() for _ in range(repeats)]
    return {
        "median_s": statistics.median(samples),
        "min_s": min(samples),
        "repeats": repeats,
        "calls": len(calls),
    }


# ------------------------------------------------------------------------------------ report


def machine_info(device: str) -> dict[str, Any]:
    import torch

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info: dict[str, Any] = {
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)),
        "cpu": cpu,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "device": device,
    }
    version = subprocess.run(
        [str(NBG_BIN / "nbgrader"), "--version"], capture_output=True, text=True
    )
    info["nbgrader"] = version.stdout.strip() or version.stderr.strip()
    if device == "cuda":
        info["gpu"] = torch.cuda.get_device_name(0)
    return info


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40, help="submissions (default 40)")
    parser.add_argument(
        "--workers", type=int, default=2, help="our warm sandboxed workers (default 2)"
    )
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    parser.add_argument("--repeats", type=int, default=50, help="floor repeats (default 50)")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the temporary folder (logs, outputs) and print its path",
    )
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "results" / "latest.json")
    args = parser.parse_args()

    if not (NBG_BIN / "nbgrader").exists():
        print(
            f"nbgrader is not installed in {NBG_BIN.parent}.\nInstall it with:\n    {INSTALL_HINT}",
            file=sys.stderr,
        )
        return 2
    if not exercise.NOTEBOOK.exists():
        print(
            f"missing {exercise.NOTEBOOK}; run: {sys.executable} bench/exercise.py", file=sys.stderr
        )
        return 2
    if args.device == "cuda":
        import torch

        if not torch.cuda.is_available():
            print("--device cuda: no CUDA device is visible", file=sys.stderr)
            return 2

    tmp = Path(tempfile.mkdtemp(prefix="autograder-bench-"))
    try:
        info = machine_info(args.device)
        log(
            f"{info['usable_cores']} cores, python {info['python']}, torch {info['torch']}, "
            f"device {args.device}; work folder {tmp}"
        )
        ours = bench_ours(tmp, args.n, args.workers, args.device)
        floor = measure_floor(tmp / "solved.ipynb", args.device, args.repeats)
        nbg = bench_nbgrader(tmp, args.n, args.device)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)

    times = ours["execution_time_s"]
    exec_median = statistics.median(times)
    # grade_batch grades the first submission alone (it pays for the workers' start and the
    # reference outcomes), then the others on W threads
    steady_per_nb = statistics.median(times[1:] or times) / args.workers
    rest = ours["wall_s"] - ours["startup_s"] - times[0] - sum(times[1:]) / args.workers
    valid = ours["scores"]["full_marks"] == args.n and nbg["scores"]["full_marks"] == args.n
    result = {
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "valid": valid,
        "n": args.n,
        "workers": args.workers,
        "device": args.device,
        "machine": info,
        "nbgrader": {
            "wall_s": nbg["wall_s"],
            "per_notebook_s": nbg["per_notebook_s"],
            "overhead_above_floor_s": nbg["per_notebook_s"] - floor["median_s"],
            "cli_startup_s": nbg["startup_s"],
            "scores": nbg["scores"],
        },
        "autograder": {
            "wall_s": ours["wall_s"],
            "per_notebook_s": ours["per_notebook_s"],
            "execution_time_median_s": exec_median,
            "execution_time_min_s": min(ours["execution_time_s"]),
            "execution_time_max_s": max(ours["execution_time_s"]),
            "overhead_above_floor_s": exec_median - floor["median_s"],
            "breakdown_s": {
                "cli_startup": ours["startup_s"],
                "first_submission": times[0],
                "other_submissions_over_workers": sum(times[1:]) / args.workers,
                "rest": rest,
            },
            "steady_per_notebook_s": steady_per_nb,
            "scores": ours["scores"],
        },
        "floor": floor,
        "ratio_nbgrader_over_autograder": nbg["per_notebook_s"] / ours["per_notebook_s"],
        "ratio_steady_state": nbg["per_notebook_s"] / steady_per_nb,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print_table(result)
    if args.keep:
        log(f"kept {tmp}")
    log(f"wrote {args.out}")
    if not valid:
        log(
            "INVALID: not every submission got full marks from both graders "
            f"(nbgrader {nbg['scores']}, autograder {ours['scores']})"
        )
        return 1
    return 0


def print_table(r: dict[str, Any]) -> None:
    ms = 1000.0
    nbg, ours, floor = r["nbgrader"], r["autograder"], r["floor"]
    print()
    print(
        f"Grading {r['n']} identical submissions of {ASSIGNMENT} on {r['device']}, "
        f"{r['machine']['usable_cores']} cores"
    )
    print(f"{'':34}{'wall s':>9}{'s / notebook':>14}{'overhead s':>12}")
    print(
        f"{'nbgrader autograde (serial)':34}{nbg['wall_s']:9.2f}{nbg['per_notebook_s']:14.3f}"
        f"{nbg['overhead_above_floor_s']:12.3f}"
    )
    print(
        f"{'autograder grade (W=' + str(r['workers']) + ' warm pool)':34}{ours['wall_s']:9.2f}"
        f"{ours['per_notebook_s']:14.3f}{'':12}"
    )
    print(
        f"{'  per submission, execution_time':34}{'':9}{ours['execution_time_median_s']:14.3f}"
        f"{ours['overhead_above_floor_s']:12.3f}   (median; "
        f"min {ours['execution_time_min_s']:.3f}, max {ours['execution_time_max_s']:.3f})"
    )
    print(
        f"{'floor: student code, warm process':34}{'':9}{floor['median_s']:14.5f}"
        f"{'':12}   ({floor['median_s'] * ms:.2f} ms median of {floor['repeats']}, "
        f"{floor['calls']} calls)"
    )
    b = ours["breakdown_s"]
    print(
        f"our wall time = CLI startup {b['cli_startup']:.2f} + first submission (workers' start,"
        f" reference outcomes) {b['first_submission']:.2f} + the other {r['n'] - 1} / "
        f"{r['workers']} workers {b['other_submissions_over_workers']:.2f} + rest (loading the "
        f"suite and references while the workers start, summary, pool shutdown, exit) "
        f"{b['rest']:.2f} s"
    )
    print(
        f"CLI startup alone (--version): autograder {b['cli_startup']:.2f} s, "
        f"nbgrader {nbg['cli_startup_s']:.2f} s"
    )
    print(
        f"throughput ratio nbgrader / autograder: {r['ratio_nbgrader_over_autograder']:.1f}x "
        f"over the whole run; {r['ratio_steady_state']:.0f}x at steady state "
        f"(median execution_time / workers = {ours['steady_per_notebook_s']:.3f} s / notebook)"
    )
    print(
        f"full marks: nbgrader {nbg['scores']['full_marks']}/{r['n']}, "
        f"autograder {ours['scores']['full_marks']}/{r['n']}"
    )


if __name__ == "__main__":
    sys.exit(main())
