"""The GPU check, for a machine with a CUDA device: grade on ``--device cuda`` in the sandbox.

    .venv/bin/python bench/gpu.py [ASSIGNMENT ...]

For each assignment with GPU tolerances (all of them by default): the solved notebook and every
mutant and variant of its GPU questions, graded on the GPU and on the CPU. It prints the time of
each batch, the score of the solved notebook on each device (must be full marks on both), and
the mutants the GPU tolerances let through (must be none). Exits 1 when either fails, 2 without
a CUDA device.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import torch  # noqa: E402

from autograder.authoring.cases import known_answers, mutant_source  # noqa: E402
from autograder.authoring.solve import solve_notebook  # noqa: E402
from autograder.course import Assignment, list_assignments  # noqa: E402
from autograder.execution.pool import WarmPoolBackend  # noqa: E402
from autograder.execution.sandbox import SandboxConfig  # noqa: E402
from autograder.grading.batch import SubmissionFile, grade_batch  # noqa: E402
from autograder.grading.gradebook import Gradebook  # noqa: E402
from tests.gpu_noise import gpu_checks  # noqa: E402
from tests.helpers import notebook_with  # noqa: E402


def grade(a: Assignment, paths: dict[str, Path], device: str, out: Path) -> dict[str, float]:
    """Scores by label, and the batch's wall time under ``"seconds"``."""
    subs = [SubmissionFile(label, path) for label, path in paths.items()]
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with WarmPoolBackend(1, SandboxConfig(data_dir=a.directory, device=device)) as pool:
        results = grade_batch(
            a, subs, out, backend=pool, workers=1, device=device, gradebook=Gradebook(out / "b.db")
        )
    scores = {r.student: r.score for r in results}
    scores["seconds"] = time.perf_counter() - started
    return scores


def main() -> int:
    if not torch.cuda.is_available():
        print("no CUDA device: run this on a GPU machine")
        return 2
    ids = sys.argv[1:] or list_assignments(REPO)
    ok = True
    print(torch.cuda.get_device_name(0), "torch", torch.__version__)
    with tempfile.TemporaryDirectory() as tmp:
        for assignment_id in ids:
            a = Assignment.load(assignment_id, REPO)
            questions = {q.id for q, _ in gpu_checks(a)}
            if not questions:
                continue
            folder = Path(tmp) / assignment_id
            folder.mkdir()
            paths = {"solved": solve_notebook(a, folder / "solved.ipynb")}
            wrong = [m for m in known_answers(a)[0] if m.question in questions]
            for i, m in enumerate(wrong):
                answers = {m.question: mutant_source(a, m)}
                paths[f"m{i:02d}"] = notebook_with(a, answers, folder / f"m{i:02d}.ipynb")
            for device in ("cpu", "cuda"):
                scores = grade(a, paths, device, folder / device)
                escaped = [
                    wrong[i].name for i in range(len(wrong)) if scores[f"m{i:02d}"] >= a.max_score
                ]
                full = scores["solved"] == a.max_score
                ok &= full and not escaped
                print(
                    f"{assignment_id} {device}: {len(paths)} notebooks in "
                    f"{scores['seconds']:.1f} s; solved {scores['solved']:g} / {a.max_score:g}; "
                    f"{len(wrong) - len(escaped)} / {len(wrong)} wrong answers caught"
                    + (f"; escaped: {escaped}" if escaped else "")
                )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
