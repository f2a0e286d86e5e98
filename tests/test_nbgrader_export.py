"""One of our assignments exported to nbgrader: real ``nbgrader generate_assignment`` accepts the
course, its gradebook has one grade cell per question with our points, students get our stubs,
and a released notebook answered by a student is graded by our engine into nbgrader's
gradebook with our scores (the round trip)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbformat import NotebookNode
from nbgrader.api import Gradebook

from autograder.course import Assignment
from autograder.execution.process import SubprocessBackend
from autograder.grading.pipeline import grade_notebook
from autograder.grading.results import SubmissionResult
from autograder.interop.nbgrader_export import export_nbgrader, grade_cell_id
from autograder.interop.nbgrader_gradebook import default_db_url, write_submission_result
from tests.helpers import EXAMPLES, ROOT

A = "01_calculus_autodiff"
VENV_BIN = str(Path(sys.executable).parent)  # nbgrader runs `alembic` from PATH
# the session fixtures below are used by test_nbgrader_gradebook too, which makes pytest run
# them once per module: they keep what they made here, so it is made once
_MADE: dict[str, Any] = {}


def nbgrader_env() -> dict[str, str]:
    return {**os.environ, "PATH": VENV_BIN + os.pathsep + os.environ.get("PATH", "")}


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Real nbgrader, in the course directory, as an instructor runs it."""
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course,
        env=nbgrader_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )


def grade_ids(nb: NotebookNode) -> dict[str, NotebookNode]:
    return {
        c.metadata["nbgrader"]["grade_id"]: c
        for c in nb.cells
        if "grade_id" in c.metadata.get("nbgrader", {})
    }


def answered(released: NotebookNode, example: Path, unanswered: set[str]) -> NotebookNode:
    """The released notebook with the example's answer cells, but those in ``unanswered``
    left as released: what ``nbgrader collect`` brings back from a student."""
    answers = grade_ids(nbformat.read(example, as_version=4))
    nb: NotebookNode = nbformat.from_dict(released)
    for gid, cell in grade_ids(nb).items():
        if cell.metadata["nbgrader"].get("solution") and gid not in unanswered:
            cell.source = answers[gid].source
    return nb


@pytest.fixture(scope="session")
def released_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """01 exported and released by nbgrader (copy it before writing into it)."""
    if "course" not in _MADE:
        course = tmp_path_factory.mktemp("nbgrader") / "course"
        export_nbgrader(A, ROOT, course)
        done = nbgrader(course, "generate_assignment", A)
        assert done.returncode == 0, done.stdout + done.stderr
        _MADE["course"] = course
    made: Path = _MADE["course"]
    return made


@pytest.fixture
def course(released_course: Path, tmp_path: Path) -> Iterator[Path]:
    """A fresh copy of the released course, gradebook included."""
    copy = tmp_path / "course"
    shutil.copytree(released_course, copy)
    yield copy


@pytest.fixture(scope="session")
def bob_graded(
    released_course: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[NotebookNode, SubmissionResult]:
    """bob's answers in the nbgrader-released notebook, q5 left unanswered, graded by our
    engine (plain subprocess backend): the submitted notebook and our result."""
    if "bob" not in _MADE:
        released = nbformat.read(released_course / "release" / A / f"{A}.ipynb", as_version=4)
        submitted = answered(released, EXAMPLES / "bob.ipynb", {"q5_newton"})
        path = tmp_path_factory.mktemp("bob") / f"{A}.ipynb"
        nbformat.write(submitted, path)
        backend = SubprocessBackend()
        try:
            result = grade_notebook(Assignment.load(A, ROOT), path, "bob", backend=backend)
        finally:
            backend.close()
        _MADE["bob"] = submitted, result
    made: tuple[NotebookNode, SubmissionResult] = _MADE["bob"]
    return made


def test_nbgrader_generate_assignment_accepts_the_export(released_course: Path) -> None:
    assignment = Assignment.load(A, ROOT)
    with Gradebook(default_db_url(released_course), course_id="") as gb:
        notebook = gb.find_notebook(A, A)
        grade_cells = {c.name: c.max_score for c in notebook.grade_cells}
        solution_cells = {c.name for c in notebook.solution_cells}
        locked = {c.name for c in notebook.source_cells if c.locked}
    assert grade_cells == {grade_cell_id(q.id): q.points for q in assignment.questions}
    assert solution_cells == {q.id for q in assignment.questions}
    assert {"setup", "before_you_submit"} <= locked
    source = nbformat.read(released_course / "source" / A / f"{A}.ipynb", as_version=4)
    assert sum("### BEGIN SOLUTION" in c.source for c in source.cells) == len(solution_cells)
    for name in ("public_checks.py", "public_expected.json", "functions.py"):
        assert (released_course / "release" / A / name).is_file()


def test_students_get_our_stubs_and_our_grade_ids(released_course: Path) -> None:
    """nbgrader's release equals ``autograder assign``'s notebook in every graded, answer and
    locked cell (a top-level helper region of 01 is dropped, not turned into a raise); only
    the grade cells carry a line saying where their points come from."""
    released = grade_ids(nbformat.read(released_course / "release" / A / f"{A}.ipynb", 4))
    ours = grade_ids(Assignment.load(A, ROOT).released)
    assert released.keys() == ours.keys()
    for gid, cell in ours.items():
        got = released[gid]
        if cell.metadata["nbgrader"].get("grade"):
            assert got.source.endswith(cell.source) and "autograder" in got.source
            assert got.metadata["nbgrader"]["points"] == cell.metadata["nbgrader"]["points"]
        else:
            assert got.source == cell.source, gid
    assert not any("BEGIN SOLUTION" in c.source for c in released.values())
    source = nbformat.read(released_course / "source" / A / f"{A}.ipynb", as_version=4)
    assert any("def _sigmoid" in c.source for c in source.cells)  # a top-level helper region
    assert not any("def _sigmoid" in c.source for c in released.values())


def test_a_released_notebook_round_trips_through_our_grader_into_the_gradebook(
    course: Path, bob_graded: tuple[NotebookNode, SubmissionResult]
) -> None:
    submitted, result = bob_graded
    assert 0 < result.score < result.max_score  # partial credit: a real mix of scores
    written = write_submission_result(course, result, submitted, "2026-01-05 12:00:00")
    with Gradebook(default_db_url(course), course_id="") as gb:
        submission = gb.find_submission(A, "bob")
        assert submission.score == pytest.approx(result.score)
        assert submission.max_score == result.max_score
        for q in result.questions:
            grade = gb.find_grade(grade_cell_id(q.id), A, A, "bob")
            assert grade.auto_score == pytest.approx(q.score)
            assert grade.needs_manual_grade is False
        assert gb.find_comment("q5_newton", A, A, "bob").auto_comment == "No response."
        assert gb.find_comment("q1_finite_differences", A, A, "bob").auto_comment is None
    shown = grade_ids(nbformat.read(written.path, as_version=4))
    text = shown[grade_cell_id("q5_newton")].outputs[0]["text"]
    assert text.startswith("q5_newton: 0 / 2 points (autograder)")
    assert written.path == course / "autograded" / "bob" / A / f"{A}.ipynb"


@pytest.mark.slow
def test_every_assignment_of_the_course_exports_into_one_nbgrader_course(tmp_path: Path) -> None:
    """All of them, one course: nbgrader releases each with our stubs and locked cells."""
    from autograder.course import list_assignments

    for name in list_assignments(ROOT):
        export_nbgrader(name, ROOT, tmp_path)
        done = nbgrader(tmp_path, "generate_assignment", name)
        assert done.returncode == 0, done.stdout + done.stderr
        release = nbformat.read(tmp_path / "release" / name / f"{name}.ipynb", as_version=4)
        ours = Assignment.load(name, ROOT).released
        ungraded = [
            {gid: c.source for gid, c in grade_ids(nb).items() if not c.metadata.nbgrader.grade}
            for nb in (release, ours)
        ]
        assert ungraded[0] == ungraded[1], name
    with Gradebook(default_db_url(tmp_path), course_id="") as gb:
        assert sorted(a.name for a in gb.assignments) == list_assignments(ROOT)
