"""nbgrader-format assignments graded in our sandbox: the same per-cell scores as the real
``nbgrader autograde`` on nbgrader's own example course and on a generated course with many
kinds of students, a hostile submission that does not stop the batch, and the runner's output
capture on its own."""

from __future__ import annotations

import csv
import json
import shutil
import signal
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import nbformat
import pytest

from autograder.cli import main
from autograder.execution import registry
from autograder.execution.base import Limits
from autograder.execution.sandbox import bwrap_path
from autograder.interop.nbgrader_cli import DataFolder, warm_modules
from autograder.interop.nbgrader_course import open_course
from autograder.interop.nbgrader_grade import QUESTION, GradedSubmission, grade_all
from tests.nbgrader_cases import (
    ASSIGNMENT,
    HOSTILE,
    STUDENTS,
    copy_course,
    make_course,
    nbgrader,
    nbgrader_scores,
    snooping,
)

NO_BWRAP = pytest.mark.skipif(bwrap_path() is None, reason="bubblewrap is not installed")
USER_GUIDE = Path(str(__import__("nbgrader").__file__)).parent / "docs" / "source" / "user_guide"


def _grade_ours(course: Path, workers: int = 2) -> list[GradedSubmission]:
    """Our engine on the course, in warm bubblewrap sandboxes warmed as the command line warms
    them (the runner's shell made before the fork)."""
    prepared, submissions = open_course(course, ASSIGNMENT)
    options = registry.BackendOptions(workers=workers, warm=warm_modules(prepared))
    with (
        prepared,
        registry.make_backend(
            "pool", DataFolder(ASSIGNMENT, prepared.data_dir), options
        ) as backend,
    ):
        limits = Limits(submission_seconds=120, question_seconds={QUESTION: 120})
        return grade_all(prepared, submissions, backend, limits, workers=workers)


# ------------------------------------------------------------------ the runner on its own


def test_runner_captures_outputs_like_a_kernel(tmp_path: Path, monkeypatch: Any) -> None:
    """Streams, warnings on stderr, errors, the last expression as execute_result, display
    calls, magics, and nbgrader's timeout error on a hanging cell, after which cells go on."""
    from autograder.sandboxed.nbgrader_runner import run

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NBGRADER_EXECUTION", "")  # the runner sets it; restored after
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / ".ipython"))
    sources = [
        "print('hi')\n1 + 1",
        "import warnings\nwarnings.warn('careful')",
        "1 / 0",
        "while True:\n    pass",
        "x = 3\nx",
        "from IPython.display import display\ndisplay('shown')",
        "%time y = 2",
        "import sys\nprint('x' * 300_000)\nsys.stderr.write('late')\n0.25",
        "_ = sys.stderr.write('')",
    ]
    messages: list[dict[str, Any]] = []
    timeout_error = {"ename": "CellTimeoutError", "evalue": "", "traceback": ["no reply"]}
    with warnings.catch_warnings():  # a kernel's filters, not the test suite's "error"
        warnings.simplefilter("default")
        run(
            {
                "runner_input": {
                    "cells": [{"index": i, "source": s} for i, s in enumerate(sources)],
                    "timeout": 1,
                    "error_on_timeout": timeout_error,
                }
            },
            messages.append,
        )
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    assert [m["type"] for m in messages] == [
        "question_start",
        *["result"] * 9,
        "question_done",
        "done",
    ]
    out = {m["call"]: m["record"] for m in messages if m["type"] == "result"}
    assert out[0]["outputs"] == [
        {"output_type": "stream", "name": "stdout", "text": "hi\n"},
        {
            "output_type": "execute_result",
            "data": {"text/plain": "2"},
            "metadata": {},
            "execution_count": 1,
        },
    ]
    assert (
        out[1]["outputs"][0]["name"] == "stderr"
        and "UserWarning: careful" in out[1]["outputs"][0]["text"]
    )
    assert out[2]["outputs"][0]["ename"] == "ZeroDivisionError"
    assert [o["ename"] for o in out[3]["outputs"]] == ["KeyboardInterrupt", "CellTimeoutError"]
    assert out[4]["outputs"][0]["data"]["text/plain"] == "3"
    assert out[4]["execution_count"] == 5
    assert out[5]["outputs"][0]["output_type"] == "display_data"
    assert "Wall time" in out[6]["outputs"][0]["text"]
    # past the output budget: stdout cut, the stderr output (which costs a test cell its
    # points) and the result (partial credit) kept; an empty write is no output, as in a kernel
    cut = out[7]["outputs"]
    assert [o["output_type"] for o in cut] == ["stream", "stream", "execute_result"]
    assert len(cut[0]["text"]) < 250_000 and cut[1]["name"] == "stderr"
    assert cut[2]["data"]["text/plain"] == "0.25"
    assert out[8]["outputs"] == []


def _prints_same(script: str) -> None:
    """Run ``script`` in a fresh Python (the runner's patches are global) and expect "same"."""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout == "same\n", done.stderr[-3000:]


TRACEBACKS = """
import sys
from IPython.core import ultratb
from autograder.sandboxed import nbgrader_runner

def inner(x):
    return [1, 2][x] + undefined_name

def outer():
    return inner({"a": 1}["a"] * 5)

def formatted():
    try:
        outer()
    except IndexError:
        return ultratb.AutoFormattedTB(mode="Context").structured_traceback(*sys.exc_info())

plain = formatted()
nbgrader_runner.reuse_traceback_lexer()
nbgrader_runner.remember_terminal_colors()
fast = [formatted() for _ in range(2)]
assert "\\x1b[" in "".join(plain), "no colours: the highlighting path did not run"
assert fast == [plain, plain], (plain, fast)
print("same")
"""


def test_the_runners_traceback_speedups_change_no_character() -> None:
    """The shared lexer and remembered colours (set up in warm workers) format a traceback
    exactly as IPython does without them, colours included."""
    _prints_same(TRACEBACKS)


FIRST_CELLS = """
import os, sys, tempfile
os.environ["IPYTHONDIR"] = tempfile.mkdtemp()
from autograder.sandboxed import nbgrader_runner

shell = nbgrader_runner.make_shell(nbgrader_runner._running_cell)

def state():
    names = {k: repr(v) for k, v in shell.user_ns.items()}
    attributes = {  # the last input line among them; the namespaces are compared above
        k: repr(v) for k, v in vars(shell).items() if k not in ("ns_table", "_trait_values")
    }
    last = (shell.execution_count, shell.last_execution_succeeded, shell.last_execution_result)
    traces = [hasattr(sys, k) for k in ("last_type", "last_value", "last_traceback")]
    return names, attributes, last, traces

before = state()
nbgrader_runner.run_first_cells(shell)
assert state() == before, (before, state())
assert nbgrader_runner._running_cell().items == []  # silent: the cells wrote no outputs
print("same")
"""


def test_the_cells_a_warm_worker_runs_leave_the_shell_as_it_was() -> None:
    """The warm-up cells run in the worker's shell before it forks: the namespace, the shell's
    attributes (its last input line), the cell count and the error traces a student's notebook
    could see are unchanged."""
    _prints_same(FIRST_CELLS)


# ------------------------------------------------------------------ (a) nbgrader's example


@pytest.mark.sandbox
@NO_BWRAP
@pytest.mark.slow
def test_nbgraders_example_course_scores_as_nbgrader(tmp_path: Path) -> None:
    """ps1 of nbgrader's documentation (header notebook, two notebooks, manual cells):
    nbgrader's autograde and ours give the same auto score to every grade cell, and the
    published totals (bitdiddle 1.5, hacker 3.0)."""
    course = tmp_path / "course"
    (course / "source").mkdir(parents=True)
    shutil.copytree(USER_GUIDE / "source" / "ps1", course / "source" / "ps1")
    shutil.copy(USER_GUIDE / "source" / "header.ipynb", course / "source" / "header.ipynb")
    for student in ("bitdiddle", "hacker"):
        shutil.copytree(
            USER_GUIDE / "submitted" / student / "ps1", course / "submitted" / student / "ps1"
        )
    (course / "nbgrader_config.py").write_text(
        'c = get_config()\nc.IncludeHeaderFooter.header = "source/header.ipynb"\n'
    )
    ours = copy_course(course, tmp_path / "ours")  # no gradebook: sources saved by us
    for step in (["generate_assignment", "ps1"], ["autograde", "ps1"]):
        done = nbgrader(course, *step)
        assert done.returncode == 0, done.stderr[-3000:]
    theirs = nbgrader_scores(course, "ps1")

    out = tmp_path / "out"
    assert main(["grade", "ps1", str(ours), "--out", str(out), "--workers", "2"]) == 0
    rows = {r["student"]: r for r in csv.DictReader((out / "grades.csv").read_text().splitlines())}
    assert {s: float(r["score"]) for s, r in rows.items()} == {"bitdiddle": 1.5, "hacker": 3.0}
    for student, notebooks in theirs.items():
        for notebook, cells in notebooks.items():
            executed = nbformat.read(out / "autograded" / student / "ps1" / f"{notebook}.ipynb", 4)
            assert executed.cells, notebook
            for grade_id, auto in cells.items():
                assert float(rows[student][f"{notebook}/{grade_id}"]) == (auto or 0.0), (
                    student,
                    grade_id,
                )
    results = json.loads((out / "hacker" / "results.json").read_text())
    assert results["score"] == 3.0


# ------------------------------------------------------------------ (b) a course of our own


@pytest.mark.sandbox
@NO_BWRAP
@pytest.mark.slow
def test_generated_course_scores_as_nbgrader_cell_by_cell(tmp_path: Path) -> None:
    """Right, wrong (hidden test), partial credit, a warning, errors, deleted and edited test
    cells, hanging and sleeping cells under a 3 s per-cell timeout, magics, manual answers:
    our auto score of every grade cell is nbgrader's, ``None`` (manual) included."""
    course = make_course(tmp_path / "course", STUDENTS)
    ours = copy_course(course, tmp_path / "ours")  # with nbgrader's gradebook of the release
    done = nbgrader(course, "autograde", ASSIGNMENT)
    assert done.returncode == 0, done.stderr[-3000:]
    theirs = nbgrader_scores(course, ASSIGNMENT)
    assert len(theirs) == len(STUDENTS) >= 12

    before = (ours / "gradebook.db").read_bytes()
    graded = {g.result.student: g for g in _grade_ours(ours)}
    assert (ours / "gradebook.db").read_bytes() == before  # read for the sources, never written
    assert not (ours / "autograded").exists()
    assert set(graded) == set(theirs)
    for student, g in graded.items():
        (nbg,) = g.notebooks
        assert nbg.scores == theirs[student][ASSIGNMENT], student
        # and the executed notebook is nbgrader's: same cells, sources, counts, output kinds
        executed = course / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        assert _shape(nbg.executed) == _shape(nbformat.read(executed, 4)), student
    # the cases did what they are for
    assert graded["right"].result.score == 6.0
    assert graded["wrong"].notebooks[0].scores["test_double"] == 0.0
    assert graded["partial"].notebooks[0].scores["test_partial"] == 0.5
    assert graded["magics"].notebooks[0].scores["test_partial"] == 1.0
    assert graded["warns"].notebooks[0].scores["test_quiet"] == 0.0
    assert graded["deleted_test"].notebooks[0].scores["test_double"] == 1.0
    edited = graded["edited_locked"].notebooks[0].scores  # setup and tests from the source:
    assert (edited["test_double"], edited["test_quiet"]) == (1.0, 0.0)  # FACTOR 2, noisy() run
    hangs = graded["hangs"].notebooks[0]
    assert (hangs.scores["test_slow"], hangs.scores["test_after"]) == (0.0, 1.0)
    timed_out = next(
        c
        for c in hangs.executed.cells
        if c.metadata.get("nbgrader", {}).get("grade_id") == "test_slow"
    )
    assert "CellTimeoutError" in [o.get("ename") for o in timed_out.outputs]
    assert graded["manual"].notebooks[0].scores["free_answer"] is None
    assert graded["untouched"].notebooks[0].scores["free_answer"] == 0.0


def _shape(nb: Any) -> list[tuple[Any, ...]]:
    """Per cell: type, source, execution count and the kinds of its outputs."""
    return [
        (
            c.cell_type,
            c.source,
            c.get("execution_count"),
            [(o.output_type, o.get("name") or o.get("ename")) for o in c.get("outputs", [])],
        )
        for c in nb.cells
    ]


# ------------------------------------------------------------------ (c) hostile submissions


PROBE = (
    "\nimport os\nprint('LEAK' in globals(), os.path.isdir(get_ipython().profile_dir.startup_dir))"
)


@pytest.mark.sandbox
@NO_BWRAP
def test_each_notebook_runs_in_its_own_copy_of_the_warm_workers_shell(tmp_path: Path) -> None:
    """One warm worker grades both students in turn, from the shell it made before forking:
    the second sees nothing the first defined, counts cells from 1, and has IPython's profile
    folder although the worker wiped /tmp between them."""
    answer = _answer_double()
    students: dict[str, dict[str, str | None]] = {
        "first": {"answer_double": answer + "\nLEAK = 'secret'" + PROBE},
        "second": {"answer_double": answer + PROBE},
    }
    course = make_course(tmp_path / "course", students)
    graded = {g.result.student: g for g in _grade_ours(course, workers=1)}
    for student, seen in (("first", "True True\n"), ("second", "False True\n")):
        (nbg,) = graded[student].notebooks
        cell = next(
            c
            for c in nbg.executed.cells
            if c.metadata.get("nbgrader", {}).get("grade_id") == "answer_double"
        )
        assert cell.execution_count == 2, student  # the setup cell was 1
        assert [o.get("text") for o in cell.outputs] == [seen], student
        assert nbg.scores["test_double"] == 1.0


def _answer_double() -> str:
    return "def double(x):\n    return 2 * x"


@pytest.mark.sandbox
@NO_BWRAP
def test_hostile_submissions_do_not_stop_the_batch(tmp_path: Path) -> None:
    """A notebook that calls os._exit mid-way has every grade cell scored (those after the
    exit 0, saying why), one that looks around the file system sees no course files, and the
    others are graded as usual; the CLI writes every output."""
    students = {"right": STUDENTS["right"], **HOSTILE, "snoops": snooping(tmp_path / "course")}
    course = make_course(tmp_path / "course", students)
    out = tmp_path / "out"
    argv = ["grade", ASSIGNMENT, str(course), "--out", str(out), "--workers", "3"]
    assert main([*argv, "--timeout", "20"]) == 0
    rows = {r["student"]: r for r in csv.DictReader((out / "grades.csv").read_text().splitlines())}
    assert float(rows["right"]["score"]) == 6.0
    assert float(rows["exits"]["test_double"]) == 1.0  # ran before the exit
    assert float(rows["exits"]["test_after"]) == 0.0
    exits = json.loads((out / "exits" / "results.json").read_text())
    assert any("exited early" in note or "process" in note for note in exits["extra_data"]["notes"])
    executed = nbformat.read(out / "autograded" / "exits" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4)
    after = [
        c for c in executed.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "test_after"
    ]
    assert after[0].outputs[0].ename == "NotRun"
    snooped = nbformat.read(out / "autograded" / "snoops" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4)
    printed = "".join(
        o.get("text", "") for c in snooped.cells if c.cell_type == "code" for o in c.outputs
    )
    assert "SEEN []" in printed  # no source notebook, submission or gradebook in sight
    assert "DATA ['data.txt']" in printed  # the source's data file only, no notebook
    assert "HERE ['data.txt'" in printed and ".ipynb" not in printed
    assert float(rows["snoops"]["test_double"]) == 1.0
    # a cell that swallows every interrupt runs into the notebook's time limit: the cells
    # after it score 0, saying so, and the ones before it keep their points
    assert float(rows["stubborn"]["test_double"]) == 1.0
    assert float(rows["stubborn"]["test_after"]) == 0.0
    stubborn = json.loads((out / "stubborn" / "results.json").read_text())
    assert any("timed out" in note for note in stubborn["extra_data"]["notes"])


def test_missing_assignment_or_submissions_is_a_usage_error(tmp_path: Path, capsys: Any) -> None:
    """A course without the assignment, or without submissions of it: exit 2, one clear line."""
    course = tmp_path / "course"
    (course / "source" / "ps1").mkdir(parents=True)
    (course / "nbgrader_config.py").write_text("c = get_config()\n")
    out = str(tmp_path / "out")
    assert main(["grade", "ps2", str(course), "--out", out]) == 2
    assert "no assignment 'ps2'" in capsys.readouterr().err
    shutil.copy(USER_GUIDE / "source" / "ps1" / "problem1.ipynb", course / "source" / "ps1")
    assert main(["grade", "ps1", str(course), "--out", out]) == 2
    assert "no submissions folder" in capsys.readouterr().err
    (course / "submitted" / "alice" / "ps2").mkdir(parents=True)
    assert main(["grade", "ps1", str(course), "--out", out]) == 2
    assert "no student" in capsys.readouterr().err


@pytest.mark.sandbox
@NO_BWRAP
def test_one_source_notebook_and_a_folder_of_submissions(tmp_path: Path) -> None:
    """``grade SOURCE.ipynb SUBMISSIONS``: nbgrader's scores without a course folder."""
    course = make_course(tmp_path / "course", {s: STUDENTS[s] for s in ("right", "wrong")})
    flat = tmp_path / "flat"
    flat.mkdir()
    for student in ("right", "wrong"):
        shutil.copy(
            course / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
            flat / f"{student}.ipynb",
        )
    source = course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    out = tmp_path / "out"
    assert main(["grade", str(source), str(flat), "--out", str(out), "--workers", "2"]) == 0
    rows = {r["student"]: r for r in csv.DictReader((out / "grades.csv").read_text().splitlines())}
    assert float(rows["right"]["score"]) == 6.0
    assert float(rows["wrong"]["test_double"]) == 0.0
    assert (out / "autograded" / "right" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()
