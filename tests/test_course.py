"""Course-wide rules every assignment must keep (new assignments are picked up automatically)."""

from __future__ import annotations

import base64
import io
import json
import math
from typing import Any

import numpy as np
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


def _same_outcome(stored: Any, fresh: Any, where: str = "") -> list[str]:
    """Where two outcome records differ. Arrays and floats may differ in the last bits (BLAS
    kernels round differently on other CPUs: 1e-16 seen on a training run); anything above
    1e-12 relative, or any other change, means the stored outcomes are out of date."""
    if isinstance(stored, dict) and isinstance(fresh, dict):
        if stored.keys() != fresh.keys():
            return [f"{where}: keys {sorted(stored)} != {sorted(fresh)}"]
        if "npy" in stored:
            a, b = (np.load(io.BytesIO(base64.b64decode(x["npy"])), allow_pickle=False)
                    for x in (stored, fresh))
            rest = [k for k in stored if k != "npy" and stored[k] != fresh[k]]
            same = a.shape == b.shape and a.dtype == b.dtype and (
                np.array_equal(a, b) or (a.dtype.kind in "fc" and np.allclose(
                    a, b, rtol=1e-12, atol=1e-300, equal_nan=True)))
            return [] if same and not rest else [f"{where}: array differs"]
        return [d for k in stored for d in _same_outcome(stored[k], fresh[k], f"{where}/{k}")]
    if isinstance(stored, list) and isinstance(fresh, list) and len(stored) == len(fresh):
        return [d for i, (x, y) in enumerate(zip(stored, fresh, strict=True))
                for d in _same_outcome(x, y, f"{where}[{i}]")]
    if isinstance(stored, float) and isinstance(fresh, float):
        return [] if math.isclose(stored, fresh, rel_tol=1e-12) else [f"{where}: {stored}"]
    return [] if stored == fresh else [f"{where}: {stored!r} != {fresh!r}"]


@pytest.mark.parametrize("assignment_id", IDS)
def test_public_expected_outcomes_are_up_to_date(assignment_id):
    a = Assignment.load(assignment_id, ROOT)
    differences = _same_outcome(load_expected(a.directory), build_expected(a)["expected"])
    assert not differences, f"run `autograder build-public {assignment_id}`: {differences[:3]}"


def _first_array(tree: Any) -> dict[str, Any] | None:
    if isinstance(tree, dict):
        if "npy" in tree:
            return tree
        tree = list(tree.values())
    if isinstance(tree, list):
        for item in tree:
            if (found := _first_array(item)) is not None:
                return found
    return None


def test_outdated_public_outcomes_are_noticed():
    """The comparison above is not blind: a change of one part in a million is caught."""
    stored = load_expected(Assignment.load("05_neural_networks", ROOT).directory)
    changed = json.loads(json.dumps(stored))
    record = _first_array(changed)
    assert record is not None
    values = np.load(io.BytesIO(base64.b64decode(record["npy"])), allow_pickle=False)
    buffer = io.BytesIO()
    np.save(buffer, values * (1 + 1e-6) + 1e-9, allow_pickle=False)
    record["npy"] = base64.b64encode(buffer.getvalue()).decode()
    assert _same_outcome(changed, stored) and not _same_outcome(stored, stored)
