"""Course-wide rules every assignment must keep (new assignments are picked up automatically)."""

from __future__ import annotations

import json

import pytest

from autograder.assignment import Assignment, list_assignments
from autograder.public import build_expected, load_expected
from tests.helpers import ROOT

IDS = list_assignments(ROOT)


def nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


@pytest.mark.parametrize("assignment_id", IDS)
def test_notebook_points_and_answer_cells_match_the_suite(assignment_id):
    a = Assignment.load(assignment_id, ROOT)
    points = {nbgrader(c)["grade_id"].removesuffix("_check"): nbgrader(c).get("points")
              for c in a.released.cells if nbgrader(c).get("grade")}
    assert points == {q.id: q.points for q in a.questions}
    answers = {nbgrader(c)["grade_id"] for c in a.released.cells if nbgrader(c).get("solution")}
    assert answers == {q.id for q in a.questions}
    assert set(a.reference_sections()) == answers
    for cell in a.released.cells:
        if nbgrader(cell):
            assert nbgrader(cell).get("schema_version") == 3


@pytest.mark.parametrize("assignment_id", IDS)
def test_hidden_inputs_differ_from_public_ones(assignment_id):
    a = Assignment.load(assignment_id, ROOT)
    for q in a.questions:
        public = {json.dumps(c.to_wire(0), sort_keys=True)
                  for check in q.checks if not check.hidden for c in check.calls()}
        for check in q.checks:
            if check.hidden:
                for call in check.calls():
                    assert json.dumps(call.to_wire(0), sort_keys=True) not in public, \
                        f"{q.id}/{check.name} reuses a public input"


@pytest.mark.parametrize("assignment_id", IDS)
def test_every_question_has_public_and_hidden_checks(assignment_id):
    a = Assignment.load(assignment_id, ROOT)
    for q in a.questions:
        assert any(not c.hidden for c in q.checks), f"{q.id} has no public check"
        assert any(c.hidden for c in q.checks), f"{q.id} has no hidden check"


@pytest.mark.parametrize("assignment_id", IDS)
def test_public_expected_outcomes_are_up_to_date(assignment_id):
    a = Assignment.load(assignment_id, ROOT)
    assert load_expected(a.directory) == build_expected(a)["expected"], \
        f"run `autograder build-public {assignment_id}`"


def test_hidden_suites_and_references_are_not_in_the_released_folders():
    for assignment_id in IDS:
        folder = ROOT / "assignments" / assignment_id
        for path in folder.rglob("*"):
            text = path.read_text(errors="ignore") if path.is_file() else ""
            assert "# %% [answer]" not in text, f"{path} contains reference code"
            assert "QUESTIONS = [" not in text, f"{path} contains a hidden suite"


@pytest.mark.parametrize("assignment_id", IDS)
def test_reference_scores_full_marks_and_untouched_notebook_zero(assignment_id):
    from autograder.pool import WarmPoolBackend
    from autograder.sandbox import SandboxConfig
    from autograder.solve import validate

    a = Assignment.load(assignment_id, ROOT)
    with WarmPoolBackend(1, SandboxConfig(data_dir=a.directory)) as pool:
        report = validate(a, pool)
    assert report.ok, "\n".join(report.lines)
