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
* the grading cost of the solved notebook on the GPU (the engine's clock around one submission,
  second run, warm pool) against the student code's own run time on the GPU (its cells and the
  suite's calls, warm, in this Python: bench/fixed_cost.py's ``own``); goal <= 1.3x.

The figures also go to bench/results/gpu.json. Exits 1 when a check above fails; without a CUDA
device it prints "no GPU: nothing to measure" and exits 0.
"""

from __future__ import annotations

import json
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
    backend: ExecutionBackend = (
        SubprocessBackend()
        if sandbox is None
        else WarmPoolBackend(
            1, SandboxConfig(data_dir=a.directory, device=device, extra_ro=sandbox)
        )
    )
    with backend as pool:
        results = grade_batch(
            a, subs, out, backend=pool, workers=1, device=device, gradebook=Gradebook(out / "b.db")
        )
    return {r.student: r for r in results}, time.perf_counter() - started


def statuses(result: SubmissionResult) -> list[tuple[str, str, str]]:
    """(question, check, status) of every check: what two runs must agree on."""
    return [(c.question, c.name, c.status) for q in result.questions for c in q.checks]


def check_assignment(
    a: Assignment, folder: Path, questions: set[str], sandbox: Sandbox
) -> dict[str, Any]:
    """Grade the solved notebook and the GPU questions' wrong answers; the figures and verdicts."""
    paths = {"solved": solve_notebook(a, folder / "solved.ipynb")}
    wrong = [m for m in known_answers(a)[0] if m.question in questions]
    for i, m in enumerate(wrong):
        paths[f"m{i:02d}"] = notebook_with(
            a, {m.question: mutant_source(a, m)}, folder / f"m{i:02d}.ipynb"
        )
    runs = {
        "cpu": grade(a, paths, "cpu", folder / "cpu", sandbox),
        "cuda": grade(a, paths, "cuda", folder / "cuda", sandbox),
        "cuda_again": grade(a, paths, "cuda", folder / "cuda_again", sandbox),
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
    first, again = runs["cuda"][0], runs["cuda_again"][0]
    r["repeatable"] = all(statuses(first[k]) == statuses(again[k]) for k in paths)
    own = own_run_time(paths["solved"], 5, a.id, "cuda")
    r["grading_s"] = again["solved"].execution_time
    r["own_s"] = own["own_s"]
    r["own_with_protocol_s"] = own["own_with_protocol_s"]
    r["grading_over_own"] = r["grading_s"] / r["own_s"]
    r["ok"] = r["repeatable"] and all(
        r[n]["solved_score"] == a.max_score and not r[n]["escaped"] for n in runs
    )
    return r


def main() -> int:
    if not torch.cuda.is_available():
        print("no GPU: nothing to measure")
        return 0
    ids = sys.argv[1:] or list_assignments(REPO)
    report: dict[str, Any] = {"device": torch.cuda.get_device_name(0), "torch": torch.__version__}
    print(report["device"], "torch", torch.__version__, flush=True)
    sandbox = choose_sandbox()
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
            r = report[assignment_id] = check_assignment(a, folder, questions, sandbox)
            for name in ("cpu", "cuda", "cuda_again"):
                run = r[name]
                print(
                    f"{assignment_id} {name}: {r['notebooks']} notebooks in {run['seconds']:.1f} s;"
                    f" solved {run['solved_score']:g} / {a.max_score:g}; {run['caught']} / "
                    f"{r['notebooks'] - 1} wrong answers caught"
                    + (f"; escaped: {run['escaped']}" if run["escaped"] else "")
                )
                for line in run["solved_not_passed"]:
                    print("   solved notebook:", line)
            print(
                f"{assignment_id}: two GPU runs {'agree' if r['repeatable'] else 'DIFFER'}; "
                f"grading {r['grading_s']:.2f} s vs the code's own {r['own_s']:.2f} s on the GPU "
                f"= {r['grading_over_own']:.2f}x (goal <= {GOAL}x);"
                f" {time.perf_counter() - started:.0f} s in all",
                flush=True,
            )
            RESULTS.write_text(json.dumps(report, indent=2) + "\n")  # after each: partial runs
    ok = sandbox == () and all(v["ok"] for v in report.values() if isinstance(v, dict))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
