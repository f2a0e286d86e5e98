"""Otter-grader assignments graded in our sandbox with otter's own grading, against real
``otter run``: the same per-question scores and totals; broken, crashing and hanging notebooks
score 0 without stopping the batch; a planted pickle never runs on the trusted side."""

from __future__ import annotations

import json
import pickle
import shutil
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import nbformat
import pytest

from autograder.execution.base import Limits
from autograder.execution.sandbox import bwrap_path
from autograder.grading.results import SubmissionResult
from autograder.interop.formats import is_otter_assignment
from autograder.interop.otter_assignment import OtterCase, OtterQuestion, load_otter
from autograder.interop.otter_grade import grade_otter, question_result

pytestmark = [
    pytest.mark.sandbox,
    pytest.mark.slow,
    pytest.mark.skipif(bwrap_path() is None, reason="bubblewrap is not installed"),
]

DATA = Path(__file__).parent / "data" / "otter"
OTTER = str(Path(sys.executable).with_name("otter"))
POINTS = {"q1": 2.0, "q2": 3.0, "q3": 2.0, "q4": 3.0}

RIGHT = [
    "def squares(n):\n    return np.arange(n) ** 2",
    "def normalize(x):\n    x = np.asarray(x, dtype=float)\n    return (x - x.mean()) / x.std()",
    "total = int(squares(10).sum()) + int(open('data/offset.txt').read())",  # a support file
    "def moving_average(x, k):\n    x = np.asarray(x, dtype=float)\n"
    "    c = np.cumsum(np.insert(x, 0, 0.0))\n    return (c[k:] - c[:-k]) / k",
]
WRONG = [
    "def squares(n):\n    return np.arange(n)",
    "def normalize(x):\n    return np.asarray(x) * 2.0",
    "total = 0",
    "def moving_average(x, k):\n    return np.asarray(x)",
]
# q1 and q3 right; q2 centres without scaling (passes the public case and the hidden [2, 4]
# one, not the hidden std one); q4 passes its public case only (wrong length for k = 1)
PARTIAL = [
    RIGHT[0],
    "def normalize(x):\n    x = np.asarray(x, dtype=float)\n    return x - x.mean()",
    RIGHT[2],
    "def moving_average(x, k):\n    x = np.asarray(x, dtype=float)\n"
    "    if k == 1:\n        return x[:-1]\n    c = np.cumsum(np.insert(x, 0, 0.0))\n"
    "    return (c[k:] - c[:-k]) / k",
]
BROKEN = [
    "def squares(n)\n    return np.arange(n) ** 2",  # syntax error
    "raise RuntimeError('no idea')",
    "total = 285",
    RIGHT[3],
]
CRASH = ["import os\nos._exit(3)", *RIGHT[1:]]
HANG = ["while True:\n    pass", *RIGHT[1:]]


def forge(marker: Path) -> list[str]:
    """Answers whose first cell swaps pickle.dump in the kernel, so that otter's results file
    holds a payload that writes ``marker`` wherever it is unpickled."""
    payload = f"open({str(marker)!r}, 'w').write('pwned')"
    plant = (
        "import pickle\n"
        "class _Payload:\n"
        "    def __reduce__(self):\n"
        f"        return (exec, ({payload!r},))\n"
        "_dump = pickle.dump\n"
        "pickle.dump = lambda obj, f, *a, **k: _dump(_Payload(), f)\n"
    )
    return [plant + RIGHT[0], *RIGHT[1:]]


def fill(student_nb: Path, answers: list[str], target: Path) -> Path:
    """The student notebook with its answer cells (in order) replaced by ``answers``."""
    nb = nbformat.read(student_nb, as_version=4)
    cells = [c for c in nb.cells if "otter_answer_cell" in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == len(answers)
    for cell, source in zip(cells, answers, strict=True):
        cell.source = source
    nbformat.write(nb, target)
    return target


def with_exception_tests(autograder_zip: Path, target: Path) -> Path:
    """The autograder zip with ``tests/q4.py`` replaced by the exception-based one, and a
    support file in a folder (otter copies ``files/`` beside the submission)."""
    with zipfile.ZipFile(autograder_zip) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            if info.filename != "tests/q4.py":
                dst.writestr(info, src.read(info))
        dst.write(DATA / "q4.py", "tests/q4.py")
        dst.writestr("files/data/offset.txt", "0\n")
    return target


@pytest.fixture(scope="module")
def otter_assignment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """``otter assign`` run on the master notebook, q4's tests swapped for the exception-based
    file, and the submissions made from the student notebook."""
    base = tmp_path_factory.mktemp("otter")
    master = base / "master" / "arrays.ipynb"
    master.parent.mkdir()
    shutil.copy(DATA / "arrays.ipynb", master)
    dist = base / "dist"
    subprocess.run(
        [OTTER, "assign", str(master), str(dist)], check=True, capture_output=True, timeout=120
    )
    (generated,) = (dist / "autograder").glob("*.zip")
    autograder = base / "autograder"
    autograder.mkdir()
    archive = with_exception_tests(generated, autograder / "arrays-autograder.zip")
    student = dist / "student" / "arrays.ipynb"
    subs = base / "submissions"
    subs.mkdir()
    marker = base / "pwned"
    kinds = {
        "right": RIGHT,
        "wrong": WRONG,
        "partial": PARTIAL,
        "broken": BROKEN,
        "crash": CRASH,
        "hang": HANG,
        "forge": forge(marker),
    }
    paths = {
        kind: fill(student, answers, subs / f"{kind}.ipynb") for kind, answers in kinds.items()
    }
    paths["corrupt"] = subs / "corrupt.ipynb"
    paths["corrupt"].write_text('{"cells": [')
    return {"zip": archive, "dir": autograder, "subs": subs, "paths": paths, "marker": marker}


def otter_run(archive: Path, submission: Path, out: Path) -> dict[str, float] | None:
    """Per-question scores from real ``otter run`` (no Docker), or None when it failed."""
    out.mkdir()
    proc = subprocess.run(
        [OTTER, "run", "-a", str(archive), "-o", str(out), "--no-logo", str(submission)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    results = out / "results.json"
    if proc.returncode != 0 or not results.exists():
        return None
    scores: dict[str, float] = {}
    for test in json.loads(results.read_text())["tests"]:
        if test.get("score") is None:  # the "Public Tests" summary entry
            continue
        question = str(test["name"]).split(" ")[0]
        scores[question] = scores.get(question, 0.0) + float(test.get("score") or 0.0)
    return scores


@pytest.fixture(scope="module")
def graded(
    otter_assignment: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """Every submission graded by our engine (warm pool, two sandboxes) and, except the hanging
    one, by ``otter run``."""
    out = tmp_path_factory.mktemp("otter-out")
    unpickled: list[str] = []
    real_load, real_loads = pickle.load, pickle.loads

    def spy_load(*args: Any, **kwargs: Any) -> Any:
        unpickled.append("load")
        return real_load(*args, **kwargs)

    def spy_loads(*args: Any, **kwargs: Any) -> Any:
        unpickled.append("loads")
        return real_loads(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:  # count any unpickling in this process
        patch.setattr(pickle, "load", spy_load)
        patch.setattr(pickle, "loads", spy_loads)
        results = grade_otter(
            otter_assignment["dir"],
            otter_assignment["subs"],
            out,
            workers=2,
            limits=Limits(submission_seconds=20.0),
        )
    ours = {r.student: r for r in results}
    marker_after_ours = otter_assignment["marker"].exists()
    runs = tmp_path_factory.mktemp("otter-run")
    kinds = [k for k in otter_assignment["paths"] if k != "hang"]
    with ThreadPoolExecutor(2) as pool:
        theirs = dict(
            zip(
                kinds,
                pool.map(
                    lambda k: otter_run(
                        otter_assignment["zip"], otter_assignment["paths"][k], runs / k
                    ),
                    kinds,
                ),
                strict=True,
            )
        )
    return {
        "ours": ours,
        "theirs": theirs,
        "out": out,
        "unpickled": unpickled,
        "marker_after_ours": marker_after_ours,
    }


def per_question(result: SubmissionResult) -> dict[str, float]:
    return {q.id: q.score for q in result.questions}


def test_the_assignment_is_read_with_otters_points(otter_assignment: dict[str, Any]) -> None:
    """Questions, case visibility and points come from the test files (q4 exception-based)."""
    assert is_otter_assignment(otter_assignment["zip"])
    assert is_otter_assignment(otter_assignment["dir"])
    assert not is_otter_assignment(otter_assignment["subs"])
    assignment = load_otter(otter_assignment["dir"])
    assert assignment.name == "arrays"
    assert {q.name: q.points for q in assignment.questions} == POINTS
    q4 = assignment.questions[3]
    assert [(c.hidden, c.points) for c in q4.cases] == [(False, 1.0), (True, 2.0)]
    assert "OK_FORMAT = False" in assignment.tests["q4.py"]
    assert list(assignment.files) == ["data/offset.txt"]
    assert any(c.hidden for c in assignment.questions[1].cases)


@pytest.mark.parametrize("kind", ["right", "wrong", "partial", "broken"])
def test_scores_match_otter_run(graded: dict[str, Any], kind: str) -> None:
    """Per-question scores and the total equal real ``otter run``'s."""
    ours, theirs = graded["ours"][kind], graded["theirs"][kind]
    assert theirs is not None, f"otter run failed on {kind}"
    assert per_question(ours) == pytest.approx(theirs)
    assert ours.score == pytest.approx(sum(theirs.values()))
    assert ours.max_score == sum(POINTS.values())


def test_the_fixture_submissions_span_the_range(graded: dict[str, Any]) -> None:
    """right is full marks, wrong is 0 and partial/broken lie in between (otter agrees)."""
    ours = graded["ours"]
    assert ours["right"].score == 10.0
    assert ours["wrong"].score == 0.0
    assert per_question(ours["partial"]) == {"q1": 2.0, "q2": 2.0, "q3": 2.0, "q4": 1.0}
    assert per_question(ours["broken"]) == {"q1": 0.0, "q2": 0.0, "q3": 2.0, "q4": 3.0}
    assert any("SyntaxError" in n for n in ours["broken"].notes)


def test_crashing_and_hanging_notebooks_score_zero(graded: dict[str, Any]) -> None:
    """os._exit in the kernel, an endless loop and a file that is not JSON: 0 with a reason,
    and the batch went on (otter run itself fails on the dead kernel and the broken file)."""
    crash, hang = graded["ours"]["crash"], graded["ours"]["hang"]
    assert crash.score == 0.0 and hang.score == 0.0
    assert graded["theirs"]["crash"] is None
    assert any("otter could not grade" in n for n in crash.notes)
    assert all(c.status == "error" for q in hang.questions for c in q.checks)
    assert "timed out" in hang.questions[0].checks[0].message
    assert set(hang.limits_hit) == set(POINTS)
    corrupt = graded["ours"]["corrupt"]
    assert corrupt.score == 0.0 and graded["theirs"]["corrupt"] is None
    assert corrupt.notes == ("the file is not a readable notebook (it is not valid JSON)",)
    assert len(graded["ours"]) == 8


def test_a_planted_pickle_never_runs_on_the_trusted_side(
    otter_assignment: dict[str, Any], graded: dict[str, Any]
) -> None:
    """The forged results pickle is unpickled only inside the sandbox: no marker on the host,
    no unpickling in this process, no score; real otter run unpickles it here (the payload is
    live)."""
    assert graded["unpickled"] == []
    assert not graded["marker_after_ours"]
    assert graded["ours"]["forge"].score == 0.0
    assert graded["theirs"]["forge"] is None
    assert otter_assignment["marker"].read_text() == "pwned"  # written by otter run's unpickling


def test_hidden_cases_show_name_and_status_only(graded: dict[str, Any]) -> None:
    """A failed hidden case says nothing of the hidden test; public ones keep otter's message."""
    wrong = graded["ours"]["wrong"]
    checks = [c for q in wrong.questions for c in q.checks]
    hidden = [c for c in checks if c.hidden]
    assert hidden and all(c.status == "failed" and c.message == "" for c in hidden)
    public = [c for c in checks if not c.hidden and c.status == "failed"]
    assert public and all(c.message for c in public)
    rendered = json.loads((graded["out"] / "wrong" / "results.json").read_text())
    text = json.dumps(rendered)
    assert "np.arange(10.0)).std()" not in text  # q2's hidden case
    assert "wrong length for k" not in text  # q4's hidden case


def test_results_and_grades_csv_are_written(graded: dict[str, Any]) -> None:
    """OUT/<student>/results.json (Gradescope schema) and OUT/grades.csv, as the batch writes."""
    out = graded["out"]
    lines = (out / "grades.csv").read_text().splitlines()
    assert lines[0] == "student,score,max_score,q1,q2,q3,q4"
    assert len(lines) == 9  # header and eight students
    right = json.loads((out / "right" / "results.json").read_text())
    assert right["score"] == 10.0 and right["max_score"] == 10.0


def test_records_from_the_sandbox_cannot_raise_points_or_unhide_cases() -> None:
    """A forged record (extra cases, a huge score, a hidden case's message) earns at most the
    test file's points, and a hidden case's message is dropped; all_or_nothing is otter's."""
    cases = (OtterCase("q - 1", False, 1.0), OtterCase("q - 2", True, 2.0))
    question = OtterQuestion("q", cases)
    forged = {
        "score": 1000,
        "possible": 1000,
        "cases": [
            {"name": "q - 1", "passed": True, "message": "ok"},
            {"name": "q - 2", "passed": "yes", "message": "hidden test: assert f(3) == 9"},
            {"name": "q - 3", "passed": True, "points": 1000},
        ],
    }
    result = question_result(question, forged, None)
    assert result.points == 3.0 and result.score == 1.0  # "yes" is not True; q - 3 is unknown
    assert [c.message for c in result.checks] == ["ok", ""]
    strict = question_result(OtterQuestion("q", cases, all_or_nothing=True), forged, None)
    assert strict.score == 0.0
    everything = {"cases": [{"name": c.name, "passed": True} for c in cases]}
    assert question_result(OtterQuestion("q", cases, True), everything, None).score == 3.0
    assert question_result(question, "garbage", None).score == 0.0


def test_the_command_line_grades_an_otter_autograder_zip(
    otter_assignment: dict[str, Any],
    graded: dict[str, Any],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``autograder grade ZIP SUBMISSIONS --out DIR`` finds the otter format by itself, says
    where otter's tests run, and writes the same scores as the library call; options that mean
    nothing for otter are refused, not ignored."""
    from autograder.cli import main

    subs = tmp_path / "subs"
    subs.mkdir()
    for kind in ("right", "wrong"):
        shutil.copy(otter_assignment["paths"][kind], subs / f"{kind}.ipynb")
    out = tmp_path / "out"
    args = ["grade", str(otter_assignment["zip"]), str(subs), "--out", str(out)]
    assert main([*args, "--workers", "1", "--timeout", "120"]) == 0
    captured = capsys.readouterr()
    assert "otter's tests run in the student's kernel" in captured.err
    assert "(otter format)" in captured.out
    rows = {r["student"]: r for r in csv_rows(out / "grades.csv")}
    for kind in ("right", "wrong"):
        expected = per_question(graded["ours"][kind])
        assert {q: float(rows[kind][q]) for q in expected} == expected
        assert (out / kind / "results.json").is_file()
    assert main([*args, "--format", "canvas"]) == 2
    assert "--format canvas is not available for otter" in capsys.readouterr().err


def csv_rows(path: Path) -> list[dict[str, str]]:
    import csv

    with open(path, newline="") as f:
        return list(csv.DictReader(f))
