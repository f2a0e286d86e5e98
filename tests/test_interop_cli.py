"""The command line of the nbgrader round trip, as an instructor types it:
``autograder export-nbgrader ID --out COURSE`` writes the course nbgrader releases, and
``autograder grade ID SUBMITTED --out DIR --nbgrader-gradebook COURSE`` puts our grades into its
gradebook for formgrader, keeping a grader's manual score on a regrade."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat import NotebookNode
from nbgrader.api import Gradebook

from autograder.cli import main
from autograder.execution.sandbox import bwrap_path
from autograder.grading.results import SubmissionResult
from autograder.interop.nbgrader_export import grade_cell_id
from autograder.interop.nbgrader_gradebook import default_db_url
from tests import test_nbgrader_export as exported
from tests.helpers import ROOT

A = exported.A
released_course, bob_graded = exported.released_course, exported.bob_graded


def test_export_nbgrader_writes_the_course_nbgrader_releases(
    released_course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = tmp_path / "course"
    assert main(["export-nbgrader", A, "--out", str(course)]) == 0
    assert f"nbgrader generate_assignment {A}" in capsys.readouterr().out
    made = nbformat.read(course / "source" / A / f"{A}.ipynb", as_version=4)
    expected = nbformat.read(released_course / "source" / A / f"{A}.ipynb", as_version=4)
    assert [c.source for c in made.cells] == [c.source for c in expected.cells]
    assert (course / "nbgrader_config.py").read_text() == (
        released_course / "nbgrader_config.py"
    ).read_text()
    assert main(["export-nbgrader", "no_such_assignment", "--out", str(course)]) == 2
    assert "no_such_assignment" in capsys.readouterr().err


@pytest.mark.sandbox
@pytest.mark.skipif(bwrap_path() is None, reason="bubblewrap is not installed")
def test_grade_writes_into_the_nbgrader_gradebook_and_keeps_manual_grades(
    released_course: Path,
    bob_graded: tuple[NotebookNode, SubmissionResult],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AUTOGRADER_COURSE", str(ROOT))
    course = tmp_path / "course"
    shutil.copytree(released_course, course)
    submitted, _ = bob_graded
    path = course / "submitted" / "bob" / A / f"{A}.ipynb"
    path.parent.mkdir(parents=True)
    nbformat.write(submitted, path)
    out = tmp_path / "out"
    args = ["grade", A, str(course / "submitted"), "--out", str(out), "--workers", "1"]
    assert main([*args, "--nbgrader-gradebook", str(course)]) == 0
    with open(out / "grades.csv", newline="") as f:
        row = next(csv.DictReader(f))
    assert row["student"] == "bob" and 0 < float(row["score"]) < float(row["max_score"])
    with Gradebook(default_db_url(course), course_id="") as gb:
        assert gb.find_submission(A, "bob").score == pytest.approx(float(row["score"]))
        grade = gb.find_grade(grade_cell_id("q5_newton"), A, A, "bob")
        assert grade.auto_score == pytest.approx(float(row["q5_newton"]))
        grade.manual_score = 1.5  # a TA's grade in formgrader
        gb.db.commit()
    assert (course / "autograded" / "bob" / A / f"{A}.ipynb").is_file()
    assert main([*args, "--regrade", "--nbgrader-gradebook", str(course)]) == 0
    with Gradebook(default_db_url(course), course_id="") as gb:
        grade = gb.find_grade(grade_cell_id("q5_newton"), A, A, "bob")
        assert grade.manual_score == 1.5 and grade.score == 1.5
        assert grade.auto_score == pytest.approx(float(row["q5_newton"]))
