"""Public checks and their stored outcomes, as both the in-notebook ``check()`` and the
trusted ``autograder check`` read them: no hidden suite or reference needed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from autograder.checks import Check
from autograder.course import Assignment, Question
from autograder.exceptions import UsageError
from autograder.protocol.calls import CallOutcome


def outcome_key(question: str, check: Check, index: int) -> str:
    """The key of one call's stored outcome in ``public_expected.json``."""
    return f"{question}/{check.name}/{index}"


def load_expected(directory: Path) -> dict[str, Any]:
    path = directory / "public_expected.json"
    if not path.exists():
        raise UsageError(f"{path} is missing; the instructor must run `autograder build-public`")
    data: dict[str, Any] = json.loads(path.read_text())["expected"]
    return data


def public_questions(assignment: Assignment) -> tuple[Question, ...]:
    """The assignment's questions reduced to their public checks (no hidden suite needed)."""
    return tuple(Question(qid, 0.0, checks) for qid, checks in assignment.public_checks.items())


def expected_outcomes(
    directory: Path, questions: tuple[Question, ...], call_ids: dict[str, list[list[int]]]
) -> dict[int, CallOutcome]:
    """Map plan call ids to the stored reference outcomes."""
    stored = load_expected(directory)
    out: dict[int, CallOutcome] = {}
    for q in questions:
        for check, ids in zip(q.checks, call_ids[q.id], strict=True):
            for i, cid in enumerate(ids):
                record = stored.get(outcome_key(q.id, check, i))
                if record is None:
                    raise UsageError(
                        "public_expected.json is out of date; run `autograder build-public`"
                    )
                out[cid] = CallOutcome.from_record(record)
    return out
