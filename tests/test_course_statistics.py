"""Calibration of every statistical check in the course: the reference passes it on 400 other
seed lists (its false-fail rate is stated as 1e-6, so a failure here means a wrong bound, a wrong
exact value or a sampler the reference does not follow; a check whose real false-fail rate were
1 % would fail here with probability 98 %). 400, not more, keeps CI within its time budget: the
06 samplers cost about 0.07 s a seed list. The biased samplers each check must
reject are the assignment's VARIANTS, graded on the recorded seeds by ``tests/test_content.py``.

The reference runs in this process (it is the course's own code) and each seed list's outputs are
judged as the pipeline would, with the reference's own outputs standing in as the reference."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from autograder.checks import StatisticalCheck
from autograder.checks.evaluate import evaluate
from autograder.course import Assignment, list_assignments
from autograder.protocol.calls import Call, CallOutcome
from autograder.protocol.perform import perform
from tests.helpers import ROOT

TRIALS = 400
FIRST_SEED = 1_000_000  # far from the seeds the suites record


def _groups() -> dict[tuple[str, str, int], list[str]]:
    """Statistical checks by assignment, question and call (checks of one call share its runs)."""
    groups: dict[tuple[str, str, int], list[str]] = {}
    for a in list_assignments(ROOT):
        for q in Assignment.load(a, ROOT).questions:
            calls: list[str] = []
            for c in q.checks:
                if isinstance(c, StatisticalCheck):
                    key = json.dumps([c.call.to_wire(0), c.seeds], sort_keys=True)
                    if key not in calls:
                        calls.append(key)
                    groups.setdefault((a, q.id, calls.index(key)), []).append(c.name)
    return groups


GROUPS = _groups()


def _checks(assignment: Assignment, question: str, names: list[str]) -> list[StatisticalCheck]:
    q = next(q for q in assignment.questions if q.id == question)
    found = [c for c in q.checks if c.name in names and isinstance(c, StatisticalCheck)]
    assert len(found) == len(names)
    return found


def _outcome(call: Call, namespace: dict[str, Any], assignment: Assignment) -> CallOutcome:
    record = perform(call.to_wire(0), namespace, trusted=True, functions=assignment.functions)
    return CallOutcome.from_record(record)


def test_the_course_has_statistical_checks_to_calibrate() -> None:
    calibrated = {a for a, _, _ in GROUPS}
    assert calibrated >= {
        "03_probability",
        "06_cnn",
        "08_probabilistic_ml",
        "11_reinforcement_learning",
    }


@pytest.mark.slow
@pytest.mark.parametrize(
    ("assignment_id", "question", "call"), sorted(GROUPS), ids=lambda v: str(v)[:24]
)
def test_the_reference_passes_on_400_other_seed_lists(
    assignment_id: str, question: str, call: int
) -> None:
    a = Assignment.load(assignment_id, ROOT)
    checks = _checks(a, question, GROUPS[(assignment_id, question, call)])
    namespace = dict(vars(a.reference_module))
    k = len(checks[0].seeds)
    failed = []
    for trial in range(TRIALS):
        seeds = tuple(FIRST_SEED + trial * k + i for i in range(k))
        moved = [replace(c, seeds=seeds) for c in checks]
        outcomes = [_outcome(c, namespace, a) for c in moved[0].calls()]
        assert all(o.ok for o in outcomes), outcomes[0].error
        for check in moved:
            verdict = evaluate(check, outcomes, outcomes)
            if not verdict.passed:
                failed.append((check.name, seeds, verdict.message))
    assert failed == [], f"{len(failed)} failures in {TRIALS} seed lists, first: {failed[0]}"
