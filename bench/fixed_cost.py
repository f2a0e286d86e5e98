"""The fixed cost of a grading batch, side by side in one run (issue 15, item 6).

    .venv/bin/python bench/fixed_cost.py                       # sizes 10,100,1000; 2 workers
    .venv/bin/python bench/fixed_cost.py --sizes 10,100 --dask # and Dask with 1 and 2 workers

Every figure is the wall time of a fresh command with this Python, on 01_calculus_autodiff:

* ``import_torch``: one cold ``python -c "import torch"`` (median of 3, each run beside one of
  ``first_result_warm``'s, so that a shared machine's load weighs on both alike);
* ``import_notebook_libraries``: one cold ``python -c "import matplotlib.pyplot, numpy, sympy,
  torch"``, what 01's notebook imports (median of 3, interleaved the same way): the floor of a
  first result, since the worker must import them before the notebook can run;
* ``first_result_cold`` / ``first_result_warm``: ``autograder grade`` of ONE notebook, with an
  empty reference cache and then with the cache the first run filled (the whole command: start,
  workers, references, the one result, shutdown; warm: median of 3);
* ``worker_ready``: spawning one warm sandbox worker until it reports ready (median of 3);
* ``batch_N``: ``autograder grade`` of N submissions (the solved notebook, the 5 examples and one
  notebook per known wrong answer of the mutants file, copied under other student names for
  volume), warm cache; the marginal cost of a notebook is the slope between the two largest N,
  times the worker count (the cost one notebook occupies a worker);
* ``own``: the student code's own run time: a fresh fork of a process prepared as a warm worker
  is (the libraries imported, the warm-up run) execs the solved notebook's cells once and makes
  every call of the suite once on the functions they define; ``own`` times the cells and the
  functions only, ``own_with_protocol`` the whole ``perform`` of each call (argument building,
  gradients, result encoding); ``own_repeat`` is the same code's 4th+ run in one process, with
  SymPy's caches already holding its expressions (the floor used before: no grading sees it);
* ``dask_K``: N submissions through ``--backend dask`` on a ``LocalCluster`` of K worker
  processes (one thread and one warm sandbox each), after a two-notebook warm-up;
* ``dask_first_result``: ``autograder grade`` of ONE notebook through that standing one-worker
  cluster after its warm-up (median of 3, each beside a cold ``import torch``, kept as
  ``dask_import_torch``): the first result when the warm sandboxes outlive the command, as on a
  deadline night's cluster.

Figures go to stdout (a table and the issue's ratios) and to bench/results/fixed_cost.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
ASSIGNMENT = "01_calculus_autodiff"
CLI = [str(Path(sys.executable).parent / "autograder")]


def wall(cmd: list[str], env: dict[str, str] | None = None) -> float:
    """Seconds one command takes; its output is shown only when it fails."""
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return seconds


def build_bases(folder: Path) -> list[Path]:
    """The distinct notebooks: solved, the examples, and one per known wrong answer."""
    from autograder.authoring.cases import examples_dir, known_answers
    from autograder.authoring.solve import solve_notebook
    from autograder.course import Assignment
    from tests.helpers import write_mutant

    a = Assignment.load(ASSIGNMENT, REPO)
    folder.mkdir(parents=True)
    bases = [solve_notebook(a, folder / "solved.ipynb")]
    for example in sorted(examples_dir(a).glob("*.ipynb")):
        bases.append(Path(shutil.copy(example, folder / example.name)))
    for i, mutant in enumerate(known_answers(a)[0]):
        bases.append(write_mutant(a, mutant, folder / f"wrong{i:03d}.ipynb"))
    return bases


def batch_folder(bases: list[Path], n: int, folder: Path) -> Path:
    """N submissions cycling through the bases, each under its own student name."""
    folder.mkdir(parents=True)
    for i in range(n):
        shutil.copy(bases[i % len(bases)], folder / f"s{i:04d}_{bases[i % len(bases)].stem}.ipynb")
    return folder


def grade(subs: Path, out: Path, cache: Path, workers: int, extra: tuple[str, ...] = ()) -> float:
    """Wall time of ``autograder grade`` over ``subs`` with the reference cache in ``cache``."""
    env = {**os.environ, "AUTOGRADER_CACHE": str(cache), "AUTOGRADER_COURSE": str(REPO)}
    cmd = [*CLI, "grade", ASSIGNMENT, str(subs), "--out", str(out), "--workers", str(workers)]
    return wall([*cmd, *extra], env)


def worker_ready() -> float:
    """Seconds from spawning one warm sandbox worker for the assignment to its "ready" (bwrap,
    Python, the imports its notebook needs, the warm-up), in a fresh process like the CLI's."""
    script = (
        f"import sys, time; sys.path.insert(0, {str(REPO)!r}); t = time.perf_counter()\n"
        "from autograder.course import Assignment\n"
        "from autograder.execution.pool import WarmPoolBackend\n"
        "from autograder.execution.sandbox import SandboxConfig\n"
        f"a = Assignment.load({ASSIGNMENT!r}, __import__('pathlib').Path({str(REPO)!r}))\n"
        "pool = WarmPoolBackend(1, SandboxConfig(data_dir=a.directory))\n"
        "pool.all[0].wait_ready(); print(time.perf_counter() - t); pool.close()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True
    )
    return float(done.stdout.strip().splitlines()[-1])


def own_run_time(
    notebook: Path, repeats: int, assignment: str = ASSIGNMENT, device: str = "cpu"
) -> dict[str, float]:
    """The notebook's code alone, in a fresh Python prepared like a warm sandbox worker."""
    script = f"import sys; sys.path.insert(0, {str(REPO)!r}); import bench.fixed_cost as f; "
    script += f"f.print_own({str(notebook)!r}, {repeats}, {assignment!r}, {device!r})"
    env = {**os.environ, "AUTOGRADER_DEVICE": device}
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def print_own(notebook: str, repeats: int, assignment: str, device: str) -> None:
    """(Run in a child.) Print the median ``own`` and ``own_with_protocol`` seconds as JSON.

    This process is prepared as a warm worker is (the notebook's libraries imported, the
    worker's warm-up run, its objects frozen); each sample is then one fork of it that execs the
    cells once and makes every call of the suite once on ``device``, as a student running the
    notebook from the top would. ``own_repeat`` is the old floor: the same code's fourth and
    later run in one process, when SymPy's caches already hold every expression it builds."""
    import functools
    import inspect

    import nbformat

    from autograder.course import Assignment
    from autograder.execution.pool import warm_modules
    from autograder.grading.pipeline import make_plan
    from autograder.grading.sanitize import build_cells
    from autograder.protocol.perform import perform
    from autograder.sandboxed.worker import prepare

    a = Assignment.load(assignment, REPO)
    prepare(warm_modules(a.directory))
    cells = build_cells(nbformat.read(notebook, as_version=4), a.released).cells
    codes = [compile(c["source"], c["name"], "exec") for c in cells]
    calls = [call for q in make_plan(a).questions for call in q["calls"]]
    os.chdir(a.directory)
    inside = [0.0, 0]  # seconds in the student's functions, nesting depth

    def sync() -> None:
        if device == "cuda":  # the kernels it queued are its run time too
            sys.modules["torch"].cuda.synchronize()

    def timed(fn: Any) -> Any:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            inside[1] += 1
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                inside[1] -= 1
                if inside[1] == 0:
                    sync()
                    inside[0] += time.perf_counter() - started

        return wrapper

    def once() -> tuple[float, float]:
        ns: dict[str, Any] = {"__name__": "__main__"}
        started = time.perf_counter()
        for code in codes:
            exec(code, ns)
        sync()
        cells_s = time.perf_counter() - started
        for name, value in list(ns.items()):
            if inspect.isfunction(value) and value.__module__ == "__main__":
                ns[name] = timed(value)
        inside[0] = 0.0
        started = time.perf_counter()
        for call in calls:
            perform(dict(call), ns, device, functions=a.functions)
        sync()
        return cells_s + inside[0], cells_s + time.perf_counter() - started

    fresh = []
    for _ in range(repeats):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child never returns into this loop, whatever once() does
            try:
                os.write(write_end, json.dumps(once()).encode())
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
        fresh.append(json.loads(os.read(read_end, 4096)))
        os.close(read_end)
        os.close(write_end)
    for _ in range(3):
        once()
    repeated = [once() for _ in range(repeats)]
    figures = {
        "own_s": statistics.median(s[0] for s in fresh),
        "own_with_protocol_s": statistics.median(s[1] for s in fresh),
        "own_repeat_s": statistics.median(s[0] for s in repeated),
        "calls": len(calls),
    }
    print(json.dumps(figures))


def dask_batches(
    subs: Path, warmup: Path, one: Path, tmp: Path, workers: list[int]
) -> dict[str, float]:
    """Wall time of the batch through the dask backend on local clusters of K processes; on
    the first, also of one notebook once the cluster is warm, beside cold torch imports."""
    try:
        from distributed import LocalCluster

        import autograder.execution.dask_backend  # noqa: F401
    except ImportError:
        sys.exit("the dask backend is not installed")
    figures = {}
    for k in workers:
        with LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=k, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster:
            extra = ("--backend", "dask", "--scheduler", cluster.scheduler_address)
            cache = tmp / "cache"
            grade(warmup, tmp / f"dask{k}-warmup", cache, 2 * k, extra)
            if k == workers[0]:
                first, torch_s = [], []
                for i in range(3):
                    torch_s.append(wall([sys.executable, "-c", "import torch"]))
                    first.append(grade(one, tmp / f"dask-first{i}", cache, 1, extra))
                figures["dask_first_result_s"] = statistics.median(first)
                figures["dask_import_torch_s"] = statistics.median(torch_s)
            figures[f"dask_{k}_s"] = grade(subs, tmp / f"dask{k}", cache, 2 * k, extra)
    return figures


def machine() -> dict[str, Any]:
    import torch

    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "load_average": os.getloadavg(),
        "platform": platform.platform(),
    }


def main(argv: list[str] | None = None) -> int:
    from autograder.execution import pool

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="10,100,1000", help="batch sizes (default 10,100,1000)")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    p.add_argument("--dask", action="store_true", help="also time the dask backend (1, 2 workers)")
    p.add_argument("--dask-n", type=int, default=100, help="submissions per Dask batch")
    p.add_argument("--repeats", type=int, default=20, help="repeats of the own-run-time floor")
    p.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "fixed_cost.json")
    args = p.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    r: dict[str, Any] = {"assignment": ASSIGNMENT, "workers": args.workers, "machine": machine()}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        bases = build_bases(tmp / "bases")
        r["distinct_notebooks"] = len(bases)
        one = batch_folder(bases[:1], 1, tmp / "one")
        cache = tmp / "cache"
        r["first_result_cold_s"] = grade(one, tmp / "cold", cache, 1)
        # interleaved, so that a shared machine's load weighs on both sides of the ratio alike
        torch_s, libs_s, warm_s, ready_s = [], [], [], []
        libs = "import " + ", ".join(pool.warm_modules(REPO / "assignments" / ASSIGNMENT))
        for i in range(3):
            torch_s.append(wall([sys.executable, "-c", "import torch"]))
            libs_s.append(wall([sys.executable, "-c", libs], {**os.environ, "MPLBACKEND": "Agg"}))
            warm_s.append(grade(one, tmp / f"warm{i}", cache, 1))
            ready_s.append(worker_ready())
        r["import_torch_s"], r["first_result_warm_s"] = map(statistics.median, (torch_s, warm_s))
        r["import_notebook_libraries_s"] = statistics.median(libs_s)
        r["worker_ready_s"] = statistics.median(ready_s)
        r["samples"] = {"import_torch_s": torch_s, "first_result_warm_s": warm_s}
        for n in sizes:
            subs = batch_folder(bases, n, tmp / f"batch{n}")
            r[f"batch_{n}_s"] = grade(subs, tmp / f"out{n}", cache, args.workers)
        r.update(own_run_time(bases[0], args.repeats))
        if args.dask:
            subs = batch_folder(bases, args.dask_n, tmp / "dask_subs")
            r["dask_n"] = args.dask_n
            r.update(dask_batches(subs, batch_folder(bases, 2, tmp / "wu"), one, tmp, [1, 2]))
        r["machine"]["load_average_after"] = os.getloadavg()
    derive(r, sizes)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(r, indent=2) + "\n")
    print_table(r, sizes)
    return 0


def derive(r: dict[str, Any], sizes: list[int]) -> None:
    """The issue's ratios: first result vs import torch (goal <= 1.5), marginal notebook vs the
    student code's own run time + 20 ms (goal <= 1.1), and the Dask speed-up."""
    r["first_result_cold_over_import"] = r["first_result_cold_s"] / r["import_torch_s"]
    r["first_result_warm_over_import"] = r["first_result_warm_s"] / r["import_torch_s"]
    r["first_result_warm_over_libraries"] = (
        r["first_result_warm_s"] / r["import_notebook_libraries_s"]
    )
    if len(sizes) >= 2:
        small, big = sizes[-2], sizes[-1]
        slope = (r[f"batch_{big}_s"] - r[f"batch_{small}_s"]) / (big - small)
        r["marginal_wall_s"] = slope
        r["marginal_worker_s"] = slope * r["workers"]
        r["marginal_over_own_plus_20ms"] = r["marginal_worker_s"] / (r["own_s"] + 0.020)
    if "dask_1_s" in r:
        r["dask_speedup_2_over_1"] = r["dask_1_s"] / r["dask_2_s"]
    if "dask_first_result_s" in r:
        r["dask_first_result_over_import"] = r["dask_first_result_s"] / r["dask_import_torch_s"]


def print_table(r: dict[str, Any], sizes: list[int]) -> None:
    m = r["machine"]
    print(f"{ASSIGNMENT}: {r['distinct_notebooks']} distinct notebooks; {m['cores']} cores, ")
    print(f"load average {m['load_average'][0]:.1f} before, {m['load_average_after'][0]:.1f} after")
    rows = [
        ("python -c 'import torch' (cold)", r["import_torch_s"]),
        ("  ... of the notebook's libraries (cold)", r["import_notebook_libraries_s"]),
        ("first result, cold reference cache", r["first_result_cold_s"]),
        ("first result, warm reference cache", r["first_result_warm_s"]),
        ("  of which a warm worker's start (spawn to ready)", r["worker_ready_s"]),
        *((f"batch of {n} ({r['workers']} workers)", r[f"batch_{n}_s"]) for n in sizes),
        ("student code's own run time, once (fresh fork)", r["own_s"]),
        ("  with the protocol's perform", r["own_with_protocol_s"]),
        ("  its 4th+ run in one process (hot caches)", r["own_repeat_s"]),
    ]
    if "marginal_worker_s" in r:
        rows.append(("marginal notebook (worker time)", r["marginal_worker_s"]))
    for k in (1, 2):
        if f"dask_{k}_s" in r:
            rows.append((f"dask, {k} worker(s), {r['dask_n']} notebooks", r[f"dask_{k}_s"]))
    if "dask_first_result_s" in r:
        rows.append(("first result, standing Dask cluster", r["dask_first_result_s"]))
        rows.append(("  beside: import torch (cold)", r["dask_import_torch_s"]))
    for name, seconds in rows:
        print(f"  {name:<44} {seconds:9.3f} s")
    print(f"first result / import torch: cold {r['first_result_cold_over_import']:.2f}x, ", end="")
    print(f"warm {r['first_result_warm_over_import']:.2f}x (goal <= 1.5x); over importing the")
    ratio = r["first_result_warm_over_libraries"]
    print(f"notebook's libraries (torch, SymPy, matplotlib): {ratio:.2f}x")
    if "marginal_over_own_plus_20ms" in r:
        print(f"marginal / (own + 20 ms): {r['marginal_over_own_plus_20ms']:.2f}x (goal <= 1.1x)")
    if "dask_first_result_over_import" in r:
        ratio = r["dask_first_result_over_import"]
        print(f"first result on a standing Dask cluster / import torch: {ratio:.2f}x")
    if "dask_speedup_2_over_1" in r:
        print(f"Dask speed-up, 2 workers over 1: {r['dask_speedup_2_over_1']:.2f}x")


if __name__ == "__main__":
    sys.exit(main())
