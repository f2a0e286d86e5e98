"""The service's storage and background grading without a hub: uploads survive a restart and
are graded after it, each attempt once; releases hold student-facing files only."""

from __future__ import annotations

import time
from pathlib import Path

import nbformat
import pytest

from autograder.course import Assignment
from autograder.execution.factory import make_backend
from autograder.grading.gradebook import Gradebook
from autograder.service.runner import Runner
from autograder.service.status import UploadStatus
from autograder.service.store import Store
from tests.helpers import EXAMPLES, notebook_with

pytestmark = pytest.mark.sandbox

A = "01_calculus_autodiff"


def test_uploads_acknowledged_before_a_crash_are_graded_after_the_restart(tmp_path: Path) -> None:
    first = Store(tmp_path, Gradebook(tmp_path / "gradebook.sqlite"))
    ids = [
        first.add_upload(A, s, (EXAMPLES / f"{s}.ipynb").read_bytes()).id for s in ("alice", "bob")
    ]
    first.set_status(ids[1], UploadStatus.GRADING)  # the crash came while bob was being graded
    first.gradebook.close()
    # a new process over the same folder: nothing graded yet, both waiting
    store = Store(tmp_path, Gradebook(tmp_path / "gradebook.sqlite"))
    assignment = Assignment.load(A)
    runner = Runner(store, lambda _id: assignment, lambda a: make_backend(a, workers=1))
    runner.start()
    try:
        deadline = time.monotonic() + 120
        while {store.get(i).status for i in ids} != {"graded"}:  # type: ignore[union-attr]
            assert time.monotonic() < deadline, store.uploads()
            time.sleep(0.1)
    finally:
        runner.close()
    scores = {v.student: v.score for v in store.uploads(assignment=A)}
    assert scores == {"alice": 18.0, "bob": 11.8937}
    assert len(store.gradebook.submissions(A)) == 2  # each attempt graded and recorded once


def _slow_notebook(seconds: float) -> bytes:
    """Full marks, with q7's answer cell sleeping ``seconds`` first."""
    assignment = Assignment.load(A)
    q7 = "q7_logistic_regression"
    nb = notebook_with(
        assignment,
        {q7: f"import time\ntime.sleep({seconds})\n" + assignment.reference_sections()[q7]},
    )
    text: str = nbformat.writes(nb)
    return text.encode()


def _wait(store: Store, upload_id: int, statuses: set[str], seconds: float = 120) -> str:
    deadline = time.monotonic() + seconds
    while (status := store.get(upload_id).status) not in statuses:  # type: ignore[union-attr]
        assert time.monotonic() < deadline, status
        time.sleep(0.05)
    return status


def test_stopping_mid_grading_records_nothing_and_the_restart_grades_it(tmp_path: Path) -> None:
    """Stopping the service kills the sandboxes; what they were grading must not be recorded
    as the student's failure, and is graded in full after the next start."""
    store = Store(tmp_path, Gradebook(tmp_path / "gradebook.sqlite"))
    assignment = Assignment.load(A)
    upload = store.add_upload(A, "slow", _slow_notebook(4)).id
    runner = Runner(store, lambda _id: assignment, lambda a: make_backend(a, workers=1))
    runner.start()
    _wait(store, upload, {"grading"})
    time.sleep(1.0)  # inside the sandbox, in the sleeping cell
    runner.close()
    time.sleep(0.5)
    assert store.get(upload).status == "grading"  # type: ignore[union-attr]
    assert store.gradebook.submissions(A) == []
    again = Runner(store, lambda _id: assignment, lambda a: make_backend(a, workers=1))
    again.start()
    try:
        assert _wait(store, upload, {"graded", "error"}) == "graded"
    finally:
        again.close()
    assert store.get(upload).score == 18.0  # type: ignore[union-attr]


def test_one_students_hanging_uploads_hold_one_worker_and_never_delay_another_student(
    tmp_path: Path,
) -> None:
    """Two workers, a student who submits two hanging notebooks in a row, then another student:
    the second hanging upload waits for the first, so the other student is graded at once."""
    store = Store(tmp_path, Gradebook(tmp_path / "gradebook.sqlite"))
    assignment = Assignment.load(A)
    hanging = [store.add_upload(A, "ann", _slow_notebook(3600)).id for _ in range(2)]
    runner = Runner(store, lambda _id: assignment, lambda a: make_backend(a, workers=2), workers=2)
    runner.start()
    try:
        _wait(store, hanging[0], {"grading"})
        ben = store.add_upload(A, "ben", (EXAMPLES / "alice.ipynb").read_bytes()).id
        runner.enqueue(ben)
        assert _wait(store, ben, {"graded", "error"}) == "graded"
        assert store.get(ben).score == 18.0  # type: ignore[union-attr]
        statuses = [store.get(i).status for i in hanging]  # type: ignore[union-attr]
        assert statuses == ["grading", "queued"]
        assert runner.position(hanging[1]) == 1  # ann is told she is next
    finally:
        runner.close()


def test_a_release_is_a_snapshot_of_student_facing_files(tmp_path: Path) -> None:
    store = Store(tmp_path, Gradebook(tmp_path / "gradebook.sqlite"))
    assignment = Assignment.load(A)
    files = store.release(assignment, by="instructor")
    assert set(files) == {f"{A}.ipynb", "public_checks.py", "public_expected.json", "functions.py"}
    assert store.is_released(A) and store.released_at(A)
    released = {p.name for p in store.bundle_files(A)}
    assert released == set(files)
    assert (
        store.released_dir(A) / f"{A}.ipynb"
    ).read_bytes() == assignment.notebook_path.read_bytes()
