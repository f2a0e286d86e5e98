"""The command line: contracts, exit codes and one-line reasons, idempotent re-grading."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pytest import CaptureFixture, MonkeyPatch

from autograder.cli import main
from autograder.grading.gradebook import Gradebook
from tests.helpers import EXAMPLES

ALICE = EXAMPLES / "alice.ipynb"


def test_list_names_the_first_assignment(capsys: CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    assert "01_calculus_autodiff  (7 questions, 18 points)" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv, reason",
    [
        (["grade", "99_nope", str(ALICE), "--out", "x"], "unknown assignment '99_nope'"),
        (
            ["grade", "01_calculus_autodiff", "missing.ipynb", "--out", "x"],
            "submission path missing.ipynb does not exist",
        ),
        (["check", "missing.ipynb"], "notebook missing.ipynb does not exist"),
    ],
)
def test_bad_invocations_exit_2_with_a_one_line_reason(
    argv: list[str],
    reason: str,
    capsys: CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"autograder: error: {reason}" or err.startswith(f"autograder: error: {reason}")
    assert len(err.splitlines()) == 1


def test_an_empty_submission_folder_is_a_usage_error(
    tmp_path: Path, capsys: CaptureFixture[str]
) -> None:
    assert main(["grade", "01_calculus_autodiff", str(tmp_path), "--out", str(tmp_path / "o")]) == 2
    assert "no submissions found in" in capsys.readouterr().err


@pytest.mark.sandbox
def test_an_unusable_gradebook_url_is_a_usage_error(
    tmp_path: Path, capsys: CaptureFixture[str]
) -> None:
    assert (
        main(
            [
                "grade",
                "01_calculus_autodiff",
                str(ALICE),
                "--out",
                str(tmp_path),
                "--gradebook",
                "nosuchdialect://x",
            ]
        )
        == 2
    )
    assert "cannot open the gradebook" in capsys.readouterr().err


@pytest.mark.sandbox
def test_regrading_is_idempotent_and_results_are_deterministic(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for _ in range(2):
        assert (
            main(
                [
                    "grade",
                    "01_calculus_autodiff",
                    str(EXAMPLES / "dave.ipynb"),
                    "--out",
                    str(out),
                    "--regrade",
                ]
            )
            == 0
        )
        first = json.loads((out / "dave" / "results.json").read_text())
        if _ == 0:
            kept = first
    for data in (kept, first):
        data.pop("execution_time")
    assert kept == first
    rows = Gradebook(out / "gradebook.sqlite").submissions()
    assert len(rows) == 1 and rows[0].attempt == 1


@pytest.mark.sandbox
def test_a_changed_notebook_is_a_new_attempt(tmp_path: Path) -> None:
    out = tmp_path / "out"
    folder = tmp_path / "subs"
    folder.mkdir()
    shutil.copy(EXAMPLES / "carol.ipynb", folder / "sam.ipynb")
    assert main(["grade", "01_calculus_autodiff", str(folder), "--out", str(out)]) == 0
    shutil.copy(ALICE, folder / "sam.ipynb")
    assert main(["grade", "01_calculus_autodiff", str(folder), "--out", str(out)]) == 0
    rows = Gradebook(out / "gradebook.sqlite").submissions()
    assert [(r.attempt, r.score) for r in rows] == [(1, 0.0), (2, 18.0)]


@pytest.mark.sandbox
def test_nbgrader_submitted_layout_is_accepted(tmp_path: Path) -> None:
    submitted = tmp_path / "submitted"
    for student in ("s1", "s2"):
        target = submitted / student / "01_calculus_autodiff"
        target.mkdir(parents=True)
        shutil.copy(ALICE, target / "01_calculus_autodiff.ipynb")
    out = tmp_path / "out"
    assert main(["grade", "01_calculus_autodiff", str(submitted), "--out", str(out)]) == 0
    assert json.loads((out / "s2" / "results.json").read_text())["score"] == 18.0


def test_solve_writes_the_reference_into_the_answer_cells(tmp_path: Path) -> None:
    target = tmp_path / "solved.ipynb"
    assert main(["solve", "01_calculus_autodiff", "--out", str(target)]) == 0
    import nbformat

    answers = [
        c.source
        for c in nbformat.read(target, as_version=4).cells
        if c.get("metadata", {}).get("nbgrader", {}).get("solution")
    ]
    assert len(answers) == 7 and "def central_diff" in answers[0]
    assert not any("raise NotImplementedError" in a for a in answers)


@pytest.mark.sandbox
def test_validate_proves_full_marks_and_zero(capsys: CaptureFixture[str]) -> None:
    assert main(["validate", "01_calculus_autodiff"]) == 0
    out = capsys.readouterr().out
    assert "reference solution: 18 / 18 (full marks)" in out
    assert "untouched notebook: 0 / 18 (zero)" in out


def test_check_runs_public_checks_only(capsys: CaptureFixture[str]) -> None:
    assert main(["check", str(EXAMPLES / "bob.ipynb"), "--assignment", "01_calculus_autodiff"]) == 0
    out = capsys.readouterr().out
    assert "q1_finite_differences: 1 / 2 public checks passed" in out
    assert "hidden" not in out.lower()


def test_help_explains_every_command(capsys: CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("grade", "solve", "validate", "check", "list", "serve"):
        assert command in out


def test_device_cuda_without_a_gpu_is_refused(tmp_path: Path, capsys: CaptureFixture[str]) -> None:
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU; the refusal only applies without one")
    assert (
        main(
            [
                "grade",
                "01_calculus_autodiff",
                str(ALICE),
                "--out",
                str(tmp_path),
                "--device",
                "cuda",
            ]
        )
        == 2
    )
    assert "no CUDA device is available" in capsys.readouterr().err


@pytest.mark.sandbox
def test_outputs_written_are_inside_out(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["grade", "01_calculus_autodiff", str(ALICE), "--out", str(out)]) == 0
    names = sorted(
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file() and not p.name.startswith("gradebook.sqlite")
    )
    assert names == ["alice/results.json", "grades.csv"]


def test_grading_refuses_without_bubblewrap_unless_told_otherwise(
    tmp_path: Path, monkeypatch: MonkeyPatch, capsys: CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no bwrap on PATH
    monkeypatch.delenv("AUTOGRADER_UNSAFE_NO_SANDBOX", raising=False)
    assert main(["grade", "01_calculus_autodiff", str(ALICE), "--out", str(tmp_path / "a")]) == 2
    assert "bubblewrap (bwrap) is not installed" in capsys.readouterr().err
    assert (
        main(
            [
                "grade",
                "01_calculus_autodiff",
                str(ALICE),
                "--out",
                str(tmp_path / "b"),
                "--no-sandbox",
            ]
        )
        == 0
    )
    captured = capsys.readouterr()
    assert "WARNING: grading WITHOUT a sandbox" in captured.err
    assert json.loads((tmp_path / "b" / "alice" / "results.json").read_text())["score"] == 18.0


@pytest.mark.sandbox
def test_limits_hit_are_recorded_in_results_json(tmp_path: Path) -> None:
    from autograder.course import Assignment
    from tests.helpers import notebook_with

    a = Assignment.load("01_calculus_autodiff")
    section = a.reference_sections()["q5_newton"].replace(
        "path = [float(x0)]", "import os\n    os._exit(7)"
    )
    nb = notebook_with(a, {"q5_newton": section}, tmp_path / "exit.ipynb")
    assert main(["grade", "01_calculus_autodiff", str(nb), "--out", str(tmp_path / "o")]) == 0
    data = json.loads((tmp_path / "o" / "exit" / "results.json").read_text())
    assert data["extra_data"]["limits_hit"] == {
        "q5_newton": "the process exited early with code 7 (sys.exit or os._exit in your code?)"
    }
    assert data["score"] == 16.0


def test_serve_outside_the_hub_says_what_is_missing(
    tmp_path: Path, capsys: CaptureFixture[str], monkeypatch: MonkeyPatch
) -> None:
    monkeypatch.delenv("JUPYTERHUB_API_URL", raising=False)
    assert main(["serve", "--data", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "the hub's API URL is unknown" in err and "--hub-api-url" in err
    assert (
        main(
            [
                "serve",
                "--data",
                str(tmp_path),
                "--hub-api-url",
                "http://127.0.0.1:1/hub/api",
                "--attempts-per-hour",
                "0",
            ]
        )
        == 2
    )
    assert "--attempts-per-hour must be at least 1" in capsys.readouterr().err


def test_the_backend_is_chosen_by_name(tmp_path: Path, capsys: CaptureFixture[str]) -> None:
    """``--backend fake`` runs nothing: every question fails closed with the fake's reason."""
    from autograder.execution.fake import NOTHING_RUN

    out = tmp_path / "o"
    argv = ["grade", "01_calculus_autodiff", str(ALICE), "--out", str(out), "--backend", "fake"]
    assert main(argv) == 0
    data = json.loads((out / "alice" / "results.json").read_text())
    assert data["score"] == 0.0
    assert data["extra_data"]["limits_hit"] == dict.fromkeys(
        data["extra_data"]["limits_hit"], NOTHING_RUN
    )
    assert len(data["extra_data"]["limits_hit"]) == 7
    assert all(NOTHING_RUN in t["output"] for t in data["tests"])


def test_an_unknown_backend_or_a_dask_backend_without_scheduler_is_refused(
    tmp_path: Path, capsys: CaptureFixture[str]
) -> None:
    argv = ["grade", "01_calculus_autodiff", str(ALICE), "--out", str(tmp_path / "o")]
    assert main([*argv, "--backend", "nope"]) == 2
    assert (
        "no execution backend 'nope'; installed: dask, fake, pool, subprocess"
        in capsys.readouterr().err
    )
    assert not (tmp_path / "o").exists()  # refused before anything was graded or written
    assert main([*argv, "--backend", "dask"]) == 2
    assert "the dask backend needs the scheduler's address" in capsys.readouterr().err
    # a scheduler's address beside a backend of this machine would be silently ignored
    assert main([*argv, "--backend", "pool", "--scheduler", "tcp://h:8786"]) == 2
    err = capsys.readouterr().err
    assert "--scheduler tcp://h:8786 is a Dask scheduler's address" in err
    assert "use --backend dask" in err
    assert not (tmp_path / "o").exists()


def test_a_scheduler_alone_means_the_dask_backend(tmp_path: Path, monkeypatch: MonkeyPatch) -> None:
    from autograder.execution import registry

    asked: list[tuple[str, str | None]] = []
    real = registry.make_backend

    def recording(name: str, assignment: Any, options: registry.BackendOptions) -> Any:
        asked.append((name, options.scheduler))
        return real("fake", assignment, options)

    monkeypatch.setattr(registry, "make_backend", recording)
    argv = ["grade", "01_calculus_autodiff", str(ALICE)]
    assert main([*argv, "--out", str(tmp_path / "a"), "--scheduler", "tcp://h:8786"]) == 0
    assert main([*argv, "--out", str(tmp_path / "b")]) == 0
    assert asked == [("dask", "tcp://h:8786"), ("pool", None)]


def test_the_engines_own_backends_are_its_registered_entry_points() -> None:
    """``registry.BUILTIN`` resolves the engine's backends without reading package metadata;
    it must name exactly what pyproject.toml registers, and resolve to the same factories."""
    from importlib.metadata import entry_points

    from autograder.execution import registry

    ours = {
        e.name: e.value
        for e in entry_points(group=registry.GROUP)
        if e.dist and e.dist.name == "autograder"
    }
    assert ours == registry.BUILTIN
    for name in ours:
        assert (
            registry.backend_factory(name)
            is next(e for e in entry_points(group=registry.GROUP) if e.name == name).load()
        )


def test_the_subprocess_backend_is_announced_as_unsafe(
    tmp_path: Path, capsys: CaptureFixture[str]
) -> None:
    argv = ["grade", "01_calculus_autodiff", str(ALICE), "--out", str(tmp_path / "o")]
    assert main([*argv, "--backend", "subprocess"]) == 0
    assert "WARNING: grading WITHOUT a sandbox" in capsys.readouterr().err
    assert json.loads((tmp_path / "o" / "alice" / "results.json").read_text())["score"] == 18.0


def test_serve_takes_the_backend_and_the_scheduler(tmp_path: Path) -> None:
    from autograder.cli import build_parser
    from autograder.service.settings import Settings

    args = build_parser().parse_args(
        ["serve", "--data", str(tmp_path), "--backend", "dask", "--scheduler", "tcp://h:8786"]
    )
    assert (args.backend, args.scheduler) == ("dask", "tcp://h:8786")
    settings = Settings(tmp_path, "http://hub/api", backend=args.backend, scheduler=args.scheduler)
    assert (settings.backend, settings.scheduler) == ("dask", "tcp://h:8786")
    assert Settings(tmp_path, "http://hub/api").backend == "pool"


def test_the_service_builds_its_backend_by_name(tmp_path: Path) -> None:
    from autograder.course import Assignment
    from autograder.execution.fake import FakeBackend
    from autograder.service.serve import backends
    from autograder.service.settings import Settings

    build = backends(Settings(tmp_path, "http://hub/api", backend="fake"))
    assert isinstance(build(Assignment.load("01_calculus_autodiff")), FakeBackend)


def test_a_batch_starts_no_more_sandboxes_than_it_has_submissions(
    tmp_path: Path, monkeypatch: MonkeyPatch
) -> None:
    """One notebook with --workers 4 starts one worker: three more would only take cores from
    the one whose torch import the first result waits for."""
    from autograder.execution import registry

    asked: list[int] = []
    real = registry.make_backend

    def counting(name: str, assignment: Any, options: registry.BackendOptions) -> Any:
        asked.append(options.workers)
        return real("fake", assignment, options)

    monkeypatch.setattr(registry, "make_backend", counting)
    folder = tmp_path / "subs"
    folder.mkdir()
    base = ["grade", "01_calculus_autodiff", str(folder), "--workers", "4"]
    for name in ("ann", "ben"):
        shutil.copy(ALICE, folder / f"{name}.ipynb")
    assert main([*base, "--out", str(tmp_path / "two")]) == 0
    shutil.copy(ALICE, folder / "cat.ipynb")
    shutil.copy(ALICE, folder / "dan.ipynb")
    shutil.copy(ALICE, folder / "eve.ipynb")
    assert main([*base, "--out", str(tmp_path / "five")]) == 0
    assert asked == [2, 4]


def test_the_command_line_starts_sandboxes_before_loading_the_heavy_libraries() -> None:
    """`grade` spawns its workers right after parsing: nothing on the way there imports what
    takes long (NumPy, SQLAlchemy, nbformat, torch, SymPy; rich and the package metadata,
    50 and 45 ms), so the workers' torch import starts at once."""
    script = (
        "import sys, autograder.cli as cli\n"
        "from autograder.execution import registry, fonts\n"
        "args = cli.build_parser().parse_args(['grade', '01_calculus_autodiff', 'subs', "
        "'--out', 'out'])\n"
        "registry.backend_factory(registry.resolve_name(args.backend, args.scheduler))\n"
        "fonts.font_folder()\n"
        "heavy = ('numpy', 'sqlalchemy', 'nbformat', 'torch', 'sympy', 'rich', "
        "'importlib.metadata')\n"
        "print(sorted(m for m in heavy if m in sys.modules), end='')"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout == "[]"


def test_the_summary_fits_an_80_column_log_with_scores_to_two_decimals() -> None:
    """A partial score such as 0.9333 is shown as 0.93, not cut to "0.93…" by a narrow log."""
    import io

    from rich.console import Console

    from autograder.course import Assignment
    from autograder.grading.report import print_summary
    from autograder.grading.results import CheckResult, QuestionResult, SubmissionResult
    from tests.helpers import ROOT

    a = Assignment.load("01_calculus_autodiff", ROOT)
    scores = [0.9333, 2.0, 1.4815, 1.9048, 0.0, 3.5556, 1.5]
    questions = tuple(
        QuestionResult(
            q.id,
            q.title,
            q.points,
            (
                CheckResult(q.id, "right", "value", "passed", s / q.points, True),
                CheckResult(q.id, "wrong", "value", "failed", 1 - s / q.points, True),
            ),
        )
        for q, s in zip(a.questions, scores, strict=True)
    )
    assert [q.score for q in questions] == scores
    buffer = io.StringIO()
    console = Console(file=buffer, width=80, color_system=None)
    print_summary(console, a, [SubmissionResult(a.id, "a_student_name", questions)])
    text = buffer.getvalue()
    assert "…" not in text
    row = next(line for line in text.splitlines() if "a_student_name" in line)
    cells = [c.strip() for c in row.split("│")[1:-1]]
    assert cells == ["a_student_name", "0.93", "2", "1.48", "1.9", "0", "3.56", "1.5", "11.38", ""]
