"""A bug in the grader is never a student's 0: a check whose judge raises is recorded as
``grader_error``, shown to the student as provisional, reported by the CLI (exit 1), and
``--only-errored`` regrades exactly those submissions once the suite is fixed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from autograder.execution.sandbox import bwrap_path
from tests.test_authoring_guide import guide_files, run

pytestmark = pytest.mark.sandbox

BUGGY = """    RaisesCheck(name="ValueError for an empty array", exception="ValueError",
                call=Call("l2_norm", (np.zeros(0),))),
    LossThresholdCheck(name="a check with a bug", call=Call("l2_norm", (X1,)), params=((),),
                       loss=lambda value: 1 / 0),
"""


@pytest.mark.skipif(bwrap_path() is None, reason="bubblewrap is not installed")
def test_grader_faults_are_provisional_reported_and_regraded(tmp_path: Path) -> None:
    course = tmp_path / "course"
    for path, body in guide_files().items():
        (course / path).parent.mkdir(parents=True, exist_ok=True)
        (course / path).write_text(body)
    assert run(course, "assign", "00_norms").returncode == 0
    subs = tmp_path / "subs"
    subs.mkdir()
    assert run(course, "solve", "00_norms", "--out", str(subs / "alice.ipynb")).returncode == 0
    out = str(tmp_path / "out")
    assert run(course, "grade", "00_norms", str(subs), "--out", out).returncode == 0

    suite = course / "reference_solutions/00_norms/suite.py"
    fixed = suite.read_text()
    raises = (
        '    RaisesCheck(name="ValueError for an empty array", exception="ValueError",\n'
        '                call=Call("l2_norm", (np.zeros(0),)), covers=("empty",)),\n'
    )
    assert raises in fixed  # the guide's suite still has the check this test replaces
    broken = fixed.replace(raises, BUGGY).replace(
        "    AutogradCheck,", "    AutogradCheck,\n    LossThresholdCheck,"
    )
    assert broken != fixed
    suite.write_text(broken)
    shutil.copy(subs / "alice.ipynb", subs / "bob.ipynb")
    (subs / "bob.ipynb").write_text((subs / "bob.ipynb").read_text() + " ")  # other bytes
    graded = run(course, "grade", "00_norms", str(subs), "--out", out)
    assert graded.returncode == 1
    assert "The grader failed on 1 check(s) of 1 submission(s)" in graded.stderr
    assert "ZeroDivisionError" in graded.stderr  # the traceback is logged for the instructor
    bob = json.loads((tmp_path / "out/bob/results.json").read_text())
    faulty = [t for t in bob["tests"] if t["extra_data"]["outcome"] == "grader_error"]
    assert [t["name"] for t in faulty] == ["q1_norm: a check with a bug"]
    assert faulty[0]["output"].startswith("Not graded yet (hidden test, training).")
    assert "ZeroDivisionError" not in json.dumps(bob)  # the student sees no grader internals
    assert "Provisional: 1 check(s) could not be graded" in bob["output"]

    suite.write_text(fixed)
    regraded = run(course, "grade", "00_norms", str(subs), "--out", out, "--only-errored")
    assert regraded.returncode == 0, regraded.stderr
    assert "1 of 2 submissions were already in the gradebook" in regraded.stdout  # alice
    bob = json.loads((tmp_path / "out/bob/results.json").read_text())
    assert bob["score"] == bob["max_score"] == 4.0
    assert all(t["extra_data"]["outcome"] == "passed" for t in bob["tests"])
