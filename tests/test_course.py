"""Course-wide rules every assignment must keep (new assignments are picked up automatically)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from autograder.course import Assignment, list_assignments
from tests.helpers import ROOT

IDS = list_assignments(ROOT)


def nbgrader(cell: dict[str, Any]) -> dict[str, Any]:
    meta: dict[str, Any] = cell.get("metadata", {}).get("nbgrader", {})
    return meta


@pytest.mark.parametrize("assignment_id", IDS)
def test_notebook_points_and_answer_cells_match_the_suite(assignment_id: str) -> None:
    a = Assignment.load(assignment_id, ROOT)
    points = {
        nbgrader(c)["grade_id"].removesuffix("_check"): nbgrader(c).get("points")
        for c in a.released.cells
        if nbgrader(c).get("grade")
    }
    assert points == {q.id: q.points for q in a.questions}
    answers = {nbgrader(c)["grade_id"] for c in a.released.cells if nbgrader(c).get("solution")}
    assert answers == {q.id for q in a.questions}
    assert set(a.reference_sections()) == answers
    for cell in a.released.cells:
        if nbgrader(cell):
            assert nbgrader(cell).get("schema_version") == 3


@pytest.mark.parametrize("assignment_id", IDS)
def test_hidden_inputs_differ_from_public_ones(assignment_id: str) -> None:
    a = Assignment.load(assignment_id, ROOT)
    for q in a.questions:
        public = {
            json.dumps(c.to_wire(0), sort_keys=True)
            for check in q.checks
            if not check.hidden
            for c in check.calls()
        }
        for check in q.checks:
            if check.hidden:
                for call in check.calls():
                    assert json.dumps(call.to_wire(0), sort_keys=True) not in public, (
                        f"{q.id}/{check.name} reuses a public input"
                    )


@pytest.mark.parametrize("assignment_id", IDS)
def test_every_question_has_public_and_hidden_checks(assignment_id: str) -> None:
    a = Assignment.load(assignment_id, ROOT)
    for q in a.questions:
        assert any(not c.hidden for c in q.checks), f"{q.id} has no public check"
        assert any(c.hidden for c in q.checks), f"{q.id} has no hidden check"
