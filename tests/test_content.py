"""Content gate for every assignment: each mutant of the reference (a known wrong answer from the
catalogs' pitfalls) loses points on its own question and nowhere else; each alternative correct
implementation scores full marks. All cases of an assignment are graded in one batch on a warm
sandbox pool."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from autograder.authoring import Mutant
from autograder.authoring.cases import examples_dir, known_answers
from autograder.course import Assignment, list_assignments
from autograder.execution.pool import WarmPoolBackend
from autograder.execution.sandbox import SandboxConfig
from autograder.grading.batch import SubmissionFile, grade_batch
from autograder.grading.gradebook import Gradebook
from autograder.grading.results import SubmissionResult
from tests.helpers import ROOT, notebook_with, write_mutant

pytestmark = [pytest.mark.sandbox, pytest.mark.slow]

# per-check statuses of every case, recorded before the masters replaced hand-built notebooks
BEFORE = json.loads((ROOT / "tests" / "data" / "grades_before_master.json").read_text())

# discovered: every assignment's reference_solutions/<id>/mutants.py
CONTENT: dict[str, tuple[list[Mutant], list[Mutant]]] = {
    a: known_answers(Assignment.load(a, ROOT)) for a in list_assignments(ROOT)
}
MUTANT_CASES = [(a, m) for a, (ms, _) in CONTENT.items() for m in ms]
ALTERNATIVE_CASES = [(a, m) for a, (_, alts) in CONTENT.items() for m in alts]


def case_id(case: tuple[str, Mutant]) -> str:
    return f"{case[0][:2]}-{case[1].name}"


@pytest.fixture(scope="session")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, SubmissionResult]]:
    """Grades all cases of an assignment the first time one of them is asked for."""

    class Lazy(dict[str, dict[str, SubmissionResult]]):
        def __missing__(self, assignment_id: str) -> dict[str, SubmissionResult]:
            a = Assignment.load(assignment_id, ROOT)
            cases = CONTENT[assignment_id][0] + CONTENT[assignment_id][1]
            folder = tmp_path_factory.mktemp(assignment_id)
            subs = [
                SubmissionFile(f"case{i:02d}", write_mutant(a, m, folder / f"c{i:02d}.ipynb"))
                for i, m in enumerate(cases)
            ]
            # the reference, the untouched notebook and the example submissions ride along
            extra = {
                "reference": notebook_with(a, None, folder / "reference.ipynb"),
                "untouched": a.notebook_path,
                **{f"example:{p.stem}": p for p in sorted(examples_dir(a).glob("*.ipynb"))},
            }
            subs += [
                SubmissionFile(f"extra{i:02d}", Path(path)) for i, path in enumerate(extra.values())
            ]
            with WarmPoolBackend(2, SandboxConfig(data_dir=a.directory)) as pool:
                results = grade_batch(
                    a,
                    subs,
                    folder / "out",
                    backend=pool,
                    workers=2,
                    gradebook=Gradebook(folder / "book.sqlite"),
                )
            by_student = {r.student: r for r in results}
            self[assignment_id] = {m.name: by_student[f"case{i:02d}"] for i, m in enumerate(cases)}
            self[assignment_id].update(
                {label: by_student[f"extra{i:02d}"] for i, label in enumerate(extra)}
            )
            return self[assignment_id]

    return Lazy()


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
    result = graded[assignment_id][mutant.name]
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
    result = graded[assignment_id][alternative.name]
    assert result.score == result.max_score, [
        (c.name, c.message) for q in result.questions for c in q.checks if c.status != "passed"
    ]


def _statuses(result: SubmissionResult) -> dict[str, dict[str, object]]:
    return {
        q.id: {"score": q.score, "checks": {c.name: c.status for c in q.checks}}
        for q in result.questions
    }


@pytest.mark.parametrize("assignment_id", sorted(BEFORE))
def test_grades_are_the_same_as_before_the_masters(
    graded: dict[str, dict[str, SubmissionResult]], assignment_id: str
) -> None:
    """Every mutant, alternative, example, the reference and the untouched notebook get the
    very check statuses they got from the hand-built notebooks (timings and titles aside)."""
    now = graded[assignment_id]
    labels = {
        ("mutant:" if i < len(CONTENT[assignment_id][0]) else "alternative:") + m.name: m.name
        for i, m in enumerate(CONTENT[assignment_id][0] + CONTENT[assignment_id][1])
    }
    labels.update(
        {k: k for k in now if k == "reference" or k == "untouched" or k.startswith("example:")}
    )
    assert sorted(labels) == sorted(BEFORE[assignment_id])
    changed = {
        label: (BEFORE[assignment_id][label], _statuses(now[key]))
        for label, key in labels.items()
        if _statuses(now[key]) != BEFORE[assignment_id][label]
    }
    assert not changed, list(changed)[:3]
