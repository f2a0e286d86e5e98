"""The stored public outcomes (``public_expected.json``): the reference's outcomes of every
public check's calls, computed by the instructor's side (``autograder assign``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from autograder.checks.public import outcome_key
from autograder.course import Assignment
from autograder.exceptions import GraderError
from autograder.protocol.perform import isolated_rng, perform


def build_expected(assignment: Assignment) -> dict[str, Any]:
    """Reference outcome records for every public call (instructor side: needs the reference)."""
    from autograder.grading.pipeline import REFERENCE_LOCK

    with REFERENCE_LOCK, isolated_rng():
        return _build_expected(assignment)


def _build_expected(assignment: Assignment) -> dict[str, Any]:
    namespace = vars(assignment.reference_module)
    expected: dict[str, Any] = {}
    for qid, checks in sorted(assignment.public_checks.items()):
        for check in checks:
            for i, call in enumerate(check.calls()):
                record = perform(
                    call.to_wire(0), namespace, trusted=True, functions=assignment.functions
                )
                record.pop("seconds", None)
                if not record["ok"] and check.needs_reference:
                    raise GraderError(f"reference fails public check {qid}/{check.name}")
                expected[outcome_key(qid, check, i)] = record
    return {"assignment": assignment.id, "expected": expected}


def write_expected(assignment: Assignment) -> Path:
    path = assignment.public_expected_path
    path.write_text(json.dumps(build_expected(assignment), indent=1, sort_keys=True) + "\n")
    return path
