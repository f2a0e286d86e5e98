"""Course-wide rules every assignment must keep (new assignments are picked up automatically)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from autograder.course import Assignment, list_assignments
from autograder.exceptions import GraderError
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


SUITE_PART = """from autograder.authoring import Call, Question, ValueCheck

QUESTIONS = [Question("{qid}", points=1, title="t", checks=(
    ValueCheck(name="v", call=Call("f", (1.0,))),))]
"""


def test_a_suite_continues_in_suite_files_in_name_order(tmp_path: Path) -> None:
    """A suite that outgrows one file goes on in ``suite_*.py``: their questions follow."""
    (tmp_path / "assignments" / "x").mkdir(parents=True)
    hidden = tmp_path / "reference_solutions" / "x"
    hidden.mkdir(parents=True)
    for name, qid in (("suite.py", "q1"), ("suite_b.py", "q3"), ("suite_a.py", "q2")):
        (hidden / name).write_text(SUITE_PART.format(qid=qid))
    assert [q.id for q in Assignment.load("x", tmp_path).questions] == ["q1", "q2", "q3"]
    (hidden / "suite_c.py").write_text(SUITE_PART.format(qid="q2"))
    with pytest.raises(GraderError, match="a question is defined twice"):
        _ = Assignment.load("x", tmp_path).questions
