"""The GPU check, for a machine with a CUDA device: grade on ``--device cuda`` in the sandbox.

    bash bench/gpu.sh [ASSIGNMENT ...]          # or: .venv/bin/python bench/gpu.py [...]

For each assignment with GPU tolerances (all of them by default: the training-heavy questions):
the solved notebook and every mutant and variant of its GPU questions, graded once on the CPU
and twice on the GPU, always judged against the CPU float64 references at the checks' stated
GPU tolerances. It prints, per assignment:

* the time of each batch, the solved notebook's score on each device (must be full marks on
  both) and the wrong answers the GPU tolerances let through (must be none);
* whether the two GPU runs gave every submission the same check statuses (must be yes);
* first, whether CUDA works inside the sandbox as configured (if not, it says why, tries again
  with ``/sys`` read-only, and as a last resort grades without a sandbox, saying so: the figures
  still come out of one run on a lent machine, and the exit status is 1);
* the grading cost of the solved notebook on the GPU (the engine's clock around one submission
  on a warm pool, median of its 2nd to 4th grading; a batch's first also waits for its worker)
  against the student code's own run time on the GPU (its cells and the suite's calls, in a
  fresh fork of a warm process: bench/fixed_cost.py's ``own``); goal <= 1.3x.

The figures also go to bench/results/gpu.json. Exits 1 when a check above fails; without a CUDA
device it prints "no GPU: nothing to measure" and exits 0.

``--device cpu`` is the dry run: the same steps with the CPU as the device under test, in the
product's sandbox, writing to ``--out`` (the tests run it on 07 so that the script works before a
lent GPU's minutes are spent on it; its cost figure is the CPU's).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import torch  # noqa: E402

from autograder.authoring.cases import known_answers, mutant_source  # noqa: E402
from autograder.authoring.solve import solve_notebook  # noqa: E402
from autograder.course import Assignment, list_assignments  # noqa: E402
from autograder.exceptions import UsageError  # noqa: E402
from autograder.execution.base import ExecutionBackend  # noqa: E402
from autograder.execution.pool import WarmPoolBackend  # noqa: E402
from autograder.execution.process import SubprocessBackend  # noqa: E402
from autograder.execution.sandbox import SandboxConfig, run_sandboxed  # noqa: E402
from autograder.grading.batch import grade_batch  # noqa: E402
from autograder.grading.gradebook import Gradebook  # noqa: E402
from autograder.grading.pipeline import grade_notebook  # noqa: E402
from autograder.grading.results import SubmissionResult  # noqa: E402
from autograder.grading.submissions import SubmissionFile  # noqa: E402
from bench.fixed_cost import own_run_time  # noqa: E402
from tests.gpu_noise import gpu_checks  # noqa: E402
from tests.helpers import notebook_with  # noqa: E402

GOAL = 1.3
RESULTS = REPO / "bench" / "results" / "gpu.json"
PROBE = (
    "import torch; x = torch.arange(4.0, device='cuda');"
    " print(torch.cuda.get_device_name(0), float((x * x).sum()))"
)
# how the batches run: the sandbox with extra read-only paths, or None for no sandbox at all
Sandbox = tuple[Path, ...] | None


def probe(extra: tuple[Path, ...]) -> tuple[bool, str]:
    """Whether a CUDA tensor op works in the sandbox (with ``extra`` mounted), and its output."""
    try:
        done = run_sandboxed(
            SandboxConfig(device="cuda", extra_ro=extra), [sys.executable, "-c", PROBE], 180
        )
    except UsageError as e:
        return False, str(e)
    except subprocess.TimeoutExpired:
        return False, "timed out after 180 s"
    return done.returncode == 0, (done.stdout + done.stderr).strip()[-3000:]


def choose_sandbox() -> Sandbox:
    """The product's sandbox if CUDA works in it; else the first variant that works, said."""
    for extra in ((), (Path("/sys"),)):
        ok, output = probe(extra)
        print(
            f"CUDA in the sandbox, extra read-only {[str(p) for p in extra]}: "
            f"{'works' if ok else 'FAILS'}: {output}",
            flush=True,
        )
        if ok:
            return extra
    print("grading WITHOUT a sandbox, to get the numerical figures anyway", flush=True)
    return None


def grade(
    a: Assignment, paths: dict[str, Path], device: str, out: Path, sandbox: Sandbox = ()
) -> tuple[dict[str, SubmissionResult], float]:
    """Results by label, and the batch's wall time."""
    subs = [SubmissionFile(label, path) for label, path in paths.items()]
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with backend_for(a, device, sandbox) as pool:
        results = grade_batch(
            a, subs, out, backend=pool, workers=1, device=device, gradebook=Gradebook(out / "b.db")
        )
    return {r.student: r for r in results}, time.perf_counter() - started


def backend_for(a: Assignment, device: str, sandbox: Sandbox) -> ExecutionBackend:
    """One warm sandbox for ``device`` (or plain subprocesses when ``sandbox`` is None)."""
    if sandbox is None:
        return SubprocessBackend()
    return WarmPoolBackend(1, SandboxConfig(data_dir=a.directory, device=device, extra_ro=sandbox))


def warm_grading_seconds(a: Assignment, notebook: Path, device: str, sandbox: Sandbox) -> float:
    """The engine's clock around one submission on a warm pool (median of runs 2 to 4): a
    batch's first submission also waits for its worker to start, which is not per-notebook."""
    with backend_for(a, device, sandbox) as pool:
        seconds = [
            grade_notebook(a, notebook, "solved", backend=pool, device=device).execution_time
            for _ in range(4)
        ]
    return statistics.median(seconds[1:])


def statuses(result: SubmissionResult) -> list[tuple[str, str, str]]:
    """(question, check, status) of every check: what two runs must agree on."""
    return [(c.question, c.name, c.status) for q in result.questions for c in q.checks]


def check_assignment(
    a: Assignment, folder: Path, questions: set[str], sandbox: Sandbox, device: str = "cuda"
) -> dict[str, Any]:
    """Grade the solved notebook and the GPU questions' wrong answers on the CPU and twice on
    ``device``; the figures and verdicts (runs named ``cpu``, ``device``, ``device_again``)."""
    paths = {"solved": solve_notebook(a, folder / "solved.ipynb")}
    wrong = [m for m in known_answers(a)[0] if m.question in questions]
    for i, m in enumerate(wrong):
        paths[f"m{i:02d}"] = notebook_with(
            a, {m.question: mutant_source(a, m)}, folder / f"m{i:02d}.ipynb"
        )
    runs = {
        "cpu": grade(a, paths, "cpu", folder / "cpu", sandbox),
        "device": grade(a, paths, device, folder / "device", sandbox),
        "device_again": grade(a, paths, device, folder / "device_again", sandbox),
    }
    r: dict[str, Any] = {"notebooks": len(paths), "questions": sorted(questions)}
    for name, (results, seconds) in runs.items():
        escaped = [
            wrong[i].name for i in range(len(wrong)) if results[f"m{i:02d}"].score >= a.max_score
        ]
        solved = results["solved"]
        r[name] = {
            "seconds": seconds,
            "solved_score": solved.score,
            "solved_not_passed": [  # what to look at when the reference is not full marks
                f"{c.question} / {c.name}: {c.status}: {c.message[-400:]}"
                for q in solved.questions
                for c in q.checks
                if c.status != "passed"
            ][:5],
            "caught": len(wrong) - len(escaped),
            "escaped": escaped,
        }
    first, again = runs["device"][0], runs["device_again"][0]
    r["repeatable"] = all(statuses(first[k]) == statuses(again[k]) for k in paths)
    own = own_run_time(paths["solved"], 5, a.id, device)
    r["grading_s"] = warm_grading_seconds(a, paths["solved"], device, sandbox)
    r["own_s"] = own["own_s"]
    r["own_with_protocol_s"] = own["own_with_protocol_s"]
    r["grading_over_own"] = r["grading_s"] / r["own_s"]
    r["ok"] = r["repeatable"] and all(
        r[n]["solved_score"] == a.max_score and not r[n]["escaped"] for n in runs
    )
    return r


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("assignments", nargs="*", help="default: every assignment with GPU tolerances")
    p.add_argument("--device", choices=("cuda", "cpu"), default="cuda", help="cpu: the dry run")
    p.add_argument("--out", type=Path, default=RESULTS, help=f"default: {RESULTS}")
    args = p.parse_args(argv)
    device: str = args.device
    if device == "cuda" and not torch.cuda.is_available():
        print("no GPU: nothing to measure")
        return 0
    ids = args.assignments or list_assignments(REPO)
    name = torch.cuda.get_device_name(0) if device == "cuda" else "cpu (dry run)"
    report: dict[str, Any] = {"device": name, "torch": torch.__version__}
    print(report["device"], "torch", torch.__version__, flush=True)
    sandbox = choose_sandbox() if device == "cuda" else ()
    report["sandbox"] = "none" if sandbox is None else ["bwrap", *map(str, sandbox)]
    with tempfile.TemporaryDirectory() as tmp:
        for assignment_id in ids:
            a = Assignment.load(assignment_id, REPO)
            questions = {q.id for q, _ in gpu_checks(a)}
            if not questions:
                continue
            folder = Path(tmp) / assignment_id
            folder.mkdir()
            started = time.perf_counter()
            r = report[assignment_id] = check_assignment(a, folder, questions, sandbox, device)
            for run_name in ("cpu", "device", "device_again"):
                run = r[run_name]
                print(
                    f"{assignment_id} {run_name.replace('device', device)}: {r['notebooks']} "
                    f"notebooks in {run['seconds']:.1f} s; solved {run['solved_score']:g} / "
                    f"{a.max_score:g}; {run['caught']} / {r['notebooks'] - 1} wrong answers caught"
                    + (f"; escaped: {run['escaped']}" if run["escaped"] else "")
                )
                for line in run["solved_not_passed"]:
                    print("   solved notebook:", line)
            print(
                f"{assignment_id}: two {device} runs {'agree' if r['repeatable'] else 'DIFFER'}; "
                f"grading {r['grading_s']:.2f} s vs the code's own {r['own_s']:.2f} s on "
                f"{device} = {r['grading_over_own']:.2f}x (goal <= {GOAL}x);"
                f" {time.perf_counter() - started:.0f} s in all",
                flush=True,
            )
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(report, indent=2) + "\n")  # after each: partial runs
    ok = sandbox == () and all(v["ok"] for v in report.values() if isinstance(v, dict))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
