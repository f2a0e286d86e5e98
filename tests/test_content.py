"""Content gate for every assignment: each mutant of the reference (a known wrong answer from the
catalogs' pitfalls, or a hand-written variant) loses points on its own question and nowhere
else; each alternative correct implementation scores full marks; lazy notebooks (functions that
return None, 0.0 or their first argument) score 0; and no hidden check's message, on any of
them, contains an expected value or a threshold derived from the reference. All cases of an
assignment are graded in one batch on a warm sandbox pool."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from autograder.authoring import Mutant
from autograder.authoring.cases import (
    affected_questions,
    examples_dir,
    known_answers,
    mutant_source,
)
from autograder.authoring.lazy import LAZY_KINDS, lazy_answers
from autograder.checks import LossThresholdCheck
from autograder.course import Assignment, list_assignments
from autograder.execution.pool import WarmPoolBackend
from autograder.execution.sandbox import SandboxConfig
from autograder.grading.pipeline import grade_notebook, make_plan, reference_outcomes
from autograder.grading.results import SubmissionResult
from autograder.protocol.wire import NumpyScalar, TensorValue
from tests.helpers import ROOT, notebook_with, write_mutant

pytestmark = [pytest.mark.sandbox, pytest.mark.slow]

# per-check statuses of every graded case (tests/record_grades.py writes it)
RECORDED_PATH = ROOT / "tests" / "data" / "recorded_grades.json"
RECORDED = json.loads(RECORDED_PATH.read_text()) if RECORDED_PATH.is_file() else {}

# discovered: every assignment's reference_solutions/<id>/mutants.py
CONTENT: dict[str, tuple[list[Mutant], list[Mutant]]] = {
    a: known_answers(Assignment.load(a, ROOT)) for a in list_assignments(ROOT)
}
MUTANT_CASES = [(a, m) for a, (ms, _) in CONTENT.items() for m in ms]
ALTERNATIVE_CASES = [(a, m) for a, (_, alts) in CONTENT.items() for m in alts]


def case_id(case: tuple[str, Mutant]) -> str:
    return f"{case[0][:2]}-{case[1].name}"


def grade_all(assignment_id: str, folder: Path) -> dict[str, SubmissionResult]:
    """Every known answer of an assignment, the reference, the untouched notebook, the example
    submissions and the lazy notebooks, graded on one warm pool of two sandboxes; by label
    (``mutant:<name>``, ``alternative:<name>``, ``reference``, ``untouched``,
    ``example:<stem>``, ``lazy:<kind>``). A known answer is graded on the questions its change
    can reach (``affected_questions``: its own, and any whose checks or answer code use a name it
    binds); every other question runs the reference's code on the same inputs."""
    a = Assignment.load(assignment_id, ROOT)
    wrong, right = CONTENT[assignment_id]
    cases = {f"mutant:{m.name}": m for m in wrong} | {f"alternative:{m.name}": m for m in right}
    paths: dict[str, Path] = {
        label: write_mutant(a, m, folder / f"c{i:03d}.ipynb")
        for i, (label, m) in enumerate(cases.items())
    }
    only = {
        label: affected_questions(a, m.question, mutant_source(a, m)) for label, m in cases.items()
    }
    paths["reference"] = notebook_with(a, None, folder / "reference.ipynb")
    paths["untouched"] = a.notebook_path
    paths |= {f"example:{p.stem}": p for p in sorted(examples_dir(a).glob("*.ipynb"))}
    paths |= {
        f"lazy:{kind}": notebook_with(a, lazy_answers(a, kind), folder / f"lazy-{kind}.ipynb")
        for kind in LAZY_KINDS
    }
    labels = list(paths)
    with WarmPoolBackend(2, SandboxConfig(data_dir=a.directory)) as pool:

        def grade(i: int) -> SubmissionResult:
            wanted = only.get(labels[i])
            questions = [q for q in a.questions if wanted is None or q.id in wanted]
            return grade_notebook(
                a, paths[labels[i]], f"s{i:03d}", backend=pool, questions=questions
            )

        grade(labels.index("reference"))  # the full reference outcomes, before the threads
        with ThreadPoolExecutor(max_workers=2) as threads:
            results = list(threads.map(grade, range(len(labels))))
    return dict(zip(labels, results, strict=True))


def statuses(result: SubmissionResult) -> dict[str, dict[str, object]]:
    """Per question: the score and every check's status (what the recorded grades pin)."""
    return {
        q.id: {"score": q.score, "checks": {c.name: c.status for c in q.checks}}
        for q in result.questions
    }


@pytest.fixture(scope="session")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, SubmissionResult]]:
    """Grades all cases of an assignment the first time one of them is asked for."""

    class Lazy(dict[str, dict[str, SubmissionResult]]):
        def __missing__(self, assignment_id: str) -> dict[str, SubmissionResult]:
            self[assignment_id] = grade_all(assignment_id, tmp_path_factory.mktemp(assignment_id))
            return self[assignment_id]

    return Lazy()


@pytest.mark.parametrize("assignment_id", sorted(CONTENT))
def test_the_reference_earns_full_marks_and_the_untouched_notebook_nothing(
    graded: dict[str, dict[str, SubmissionResult]], assignment_id: str
) -> None:
    """What ``autograder validate`` checks first, for every assignment of the course (the rest
    of it, case by case, below and in tests/test_requirements.py)."""
    reference, untouched = (graded[assignment_id][k] for k in ("reference", "untouched"))
    assert reference.score == reference.max_score == Assignment.load(assignment_id, ROOT).max_score
    assert untouched.score == 0


def test_every_assignment_has_mutants_and_alternatives() -> None:
    for assignment_id, (wrong, right) in CONTENT.items():
        assert wrong and right, f"{assignment_id} has no mutants.py with MUTANTS and ALTERNATIVES"


@pytest.mark.parametrize("assignment_id", sorted(CONTENT))
def test_each_question_has_at_least_two_mutants(assignment_id: str) -> None:
    for q in Assignment.load(assignment_id, ROOT).questions:
        assert sum(m.question == q.id for m in CONTENT[assignment_id][0]) >= 2, q.id


@pytest.mark.parametrize("case", MUTANT_CASES, ids=case_id)
def test_mutant_loses_points_on_its_own_question_only(
    graded: dict[str, dict[str, SubmissionResult]], case: tuple[str, Mutant]
) -> None:
    assignment_id, mutant = case
    result = graded[assignment_id][f"mutant:{mutant.name}"]
    assert mutant.question in {q.id for q in result.questions}
    for q in result.questions:
        if q.id == mutant.question:
            assert q.score < q.points, f"{mutant.name} was not caught"
        else:
            assert q.score == q.points, (
                f"{mutant.name} also lost points on {q.id}",
                [(c.name, c.message) for c in q.checks if c.status != "passed"],
            )


@pytest.mark.parametrize("case", ALTERNATIVE_CASES, ids=case_id)
def test_alternative_correct_answers_score_full_marks(
    graded: dict[str, dict[str, SubmissionResult]], case: tuple[str, Mutant]
) -> None:
    assignment_id, alternative = case
    result = graded[assignment_id][f"alternative:{alternative.name}"]
    assert result.score == result.max_score, [
        (c.name, c.message) for q in result.questions for c in q.checks if c.status != "passed"
    ]


@pytest.mark.parametrize("assignment_id", sorted(CONTENT))
def test_grades_are_the_recorded_ones(
    graded: dict[str, dict[str, SubmissionResult]], assignment_id: str
) -> None:
    """Every mutant, variant, alternative, example, lazy notebook, the reference and the
    untouched notebook get exactly the check statuses recorded in ``RECORDED``: a change to a
    suite, a master or the engine that changes any grade shows here, and is accepted only by
    recording again (``python -m tests.record_grades <id>``) and reviewing the diff."""
    assert assignment_id in RECORDED, f"record it: python -m tests.record_grades {assignment_id}"
    now = {label: statuses(result) for label, result in graded[assignment_id].items()}
    recorded = RECORDED[assignment_id]
    assert sorted(now) == sorted(recorded)
    changed = [label for label in now if now[label] != recorded[label]]
    assert not changed, changed[:3]


@pytest.mark.parametrize("assignment_id", sorted(CONTENT))
def test_lazy_notebooks_earn_nothing(
    graded: dict[str, dict[str, SubmissionResult]], assignment_id: str
) -> None:
    """Functions that return None, 0.0, their first argument or its product with 0 do no
    work: no check may pay for them, contracts included."""
    for kind in LAZY_KINDS:
        result = graded[assignment_id][f"lazy:{kind}"]
        assert result.score == 0, (
            kind,
            [(q.id, c.name) for q in result.questions for c in q.checks if c.status == "passed"],
        )


def _numbers(value: Any) -> list[float]:
    """Every non-integer number in a reference value (integers collide with counts and
    indices, which messages may print)."""
    if isinstance(value, TensorValue):
        value = value.array
    if isinstance(value, NumpyScalar):
        value = np.asarray(value.value)
    if type(value) in (tuple, list):
        return [x for v in value for x in _numbers(v)]
    if type(value) is dict:
        return [x for v in value.values() for x in _numbers(v)]
    if isinstance(value, (np.ndarray, float)):
        if not np.isrealobj(value):
            return []
        flat = np.asarray(value, dtype=np.float64).ravel()
        return [float(x) for x in flat if np.isfinite(x) and x != round(x)]
    return []


def hidden_values(assignment_id: str) -> dict[tuple[str, str], list[float]]:
    """Per hidden check: the expected values of its calls and any threshold derived from the
    reference's run."""
    a = Assignment.load(assignment_id, ROOT)
    plan = make_plan(a)
    reference = reference_outcomes(a, plan)
    out = {}
    for p in plan.checks:
        if not p.check.hidden:
            continue
        # outputs of at most 100 numbers: a 4-digit number matches one of thousands of random
        # weights by chance, and a message could only give away a few values anyway
        outputs = [_numbers(reference[cid].value) for cid in p.call_ids]
        values = [x for numbers in outputs if len(numbers) <= 100 for x in numbers]
        check = p.check
        if isinstance(check, LossThresholdCheck) and check.threshold is None:
            ref_loss = check._loss(reference[p.call_ids[0]].value)
            if isinstance(ref_loss, float):
                values.append(check.factor * ref_loss + check.slack)
        out[(p.question, check.name)] = values
    return out


# wording that prints numbers known to the student: counts, indices, tolerances and bands
_KNOWN = re.compile(
    r"Mismatched elements: \d+ / \d+ \([\d.]+%\)|index \([^)]*\)|\(allowed: [^)]*\)"
    r"|\d+(\.\d+)? % to \d+(\.\d+)? %|(than|by) \d+(\.\d+)? %|rtol \S+|atol \S+"
)
_NUMBER = re.compile(r"(?<![\w.])-?(?:\d+\.\d+(?:e[-+]?\d+)?|\d+e[-+]?\d+)")  # not float32


def leaks(message: str, name: str, expected: list[float], stated: float | None = None) -> list[str]:
    """Numbers in a hidden message equal to an expected value to 4 significant digits, and
    statements of an expected shape or length. Numbers of the check's name and its ``stated``
    fixed threshold (chosen by the author, not derived from the reference) are no secret."""
    found = [m.group() for m in re.finditer(r"expected[^.;]*(shape \(\d|length \d)", message)]
    text = _KNOWN.sub(" ", message)
    own = {m.group() for m in _NUMBER.finditer(name)}  # the check's name is shown anyway
    for token in (m.group() for m in _NUMBER.finditer(text)):
        if token in own or (stated is not None and float(token) == stated):
            continue
        x = float(token)
        found += [token for v in expected if v != 0 and f"{x:.4g}" == f"{v:.4g}"][:1]
    return found


@pytest.mark.parametrize("assignment_id", sorted(CONTENT))
def test_hidden_messages_reveal_no_expected_value(
    graded: dict[str, dict[str, SubmissionResult]], assignment_id: str
) -> None:
    """Over every mutant, variant and lazy notebook: no hidden check's message contains an
    expected value, an expected shape or length, or a threshold derived from the reference."""
    values = hidden_values(assignment_id)
    stated = {
        c.name: float(f"{c.threshold:g}")
        if isinstance(c, LossThresholdCheck) and c.threshold
        else None
        for q in Assignment.load(assignment_id, ROOT).questions
        for c in q.checks
    }
    found = []
    for label, result in graded[assignment_id].items():
        for q in result.questions:
            for c in q.checks:
                if c.hidden and c.status != "passed" and c.message:
                    bad = leaks(c.message, c.name, values[(q.id, c.name)], stated[c.name])
                    if bad:
                        found.append((label, q.id, c.name, bad, c.message))
    assert not found, found[:5]


def test_the_leak_scan_finds_an_expected_value_in_a_message() -> None:
    """The scan of the test above is not vacuous: the old message format is caught."""
    old = (
        "f(): Values are not close!\nGreatest absolute difference: 0.5 at index (0,) (up to "
        "1e-07 allowed)\nGreatest relative difference: 0.1862 at index (0,)"
    )
    assert leaks(old, "f at two points", [2.685, 0.1862]) == ["0.1862"]
    assert leaks("f(): expected shape (54, 4), got shape (53, 4).", "f", []) != []
    assert leaks("f(): got shape (53, 4), which is not the expected shape.", "f", []) == []
    assert leaks("expected one coefficient per column of Phi, shape (p,)", "f", []) == []
    assert leaks("after training ... above the required 67.8721.", "f", [67.87212]) == ["67.8721"]
    assert leaks("f(): expected dtype float64, got dtype float32.", "f", [32.001, 64.0]) == []
    assert leaks("w is 0.3, above the required 0.01.", "w", [0.01, 0.30001], stated=0.01) == ["0.3"]
