"""Content gate for every assignment: each mutant of the reference (a known wrong answer from the
catalogs' pitfalls) loses points on its own question and nowhere else; each alternative correct
implementation scores full marks. All cases of an assignment are graded in one batch on a warm
sandbox pool."""

from __future__ import annotations

import pytest

from autograder.assignment import Assignment, list_assignments
from autograder.authoring import Mutant
from autograder.authoring.cases import known_answers
from autograder.batch import SubmissionFile, grade_batch
from autograder.gradebook import Gradebook
from autograder.pool import WarmPoolBackend
from autograder.results import SubmissionResult
from autograder.sandbox import SandboxConfig
from tests.helpers import ROOT, write_mutant

# discovered: every assignment's reference_solutions/<id>/mutants.py
CONTENT: dict[str, tuple[list[Mutant], list[Mutant]]] = {
    a: known_answers(Assignment.load(a, ROOT)) for a in list_assignments(ROOT)}
MUTANT_CASES = [(a, m) for a, (ms, _) in CONTENT.items() for m in ms]
ALTERNATIVE_CASES = [(a, m) for a, (_, alts) in CONTENT.items() for m in alts]


def case_id(case: tuple[str, Mutant]) -> str:
    return f"{case[0][:2]}-{case[1].name}"


@pytest.fixture(scope="session")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, SubmissionResult]]:
    """Grades all cases of an assignment the first time one of them is asked for."""
    class Lazy(dict):  # type: ignore[type-arg]
        def __missing__(self, assignment_id: str) -> dict[str, SubmissionResult]:
            a = Assignment.load(assignment_id, ROOT)
            cases = CONTENT[assignment_id][0] + CONTENT[assignment_id][1]
            folder = tmp_path_factory.mktemp(assignment_id)
            subs = [SubmissionFile(f"case{i:02d}", write_mutant(a, m, folder / f"c{i:02d}.ipynb"))
                    for i, m in enumerate(cases)]
            with WarmPoolBackend(2, SandboxConfig(data_dir=a.directory)) as pool:
                results = grade_batch(a, subs, folder / "out", backend=pool, workers=2,
                                      gradebook=Gradebook(folder / "book.sqlite"))
            by_student = {r.student: r for r in results}
            self[assignment_id] = {m.name: by_student[f"case{i:02d}"]
                                   for i, m in enumerate(cases)}
            return self[assignment_id]

    return Lazy()


def test_every_assignment_has_mutants_and_alternatives():
    for assignment_id, (wrong, right) in CONTENT.items():
        assert wrong and right, f"{assignment_id} has no mutants.py with MUTANTS and ALTERNATIVES"


@pytest.mark.parametrize("assignment_id", sorted(CONTENT))
def test_each_question_has_at_least_two_mutants(assignment_id):
    for q in Assignment.load(assignment_id, ROOT).questions:
        assert sum(m.question == q.id for m in CONTENT[assignment_id][0]) >= 2, q.id


@pytest.mark.parametrize("case", MUTANT_CASES, ids=case_id)
def test_mutant_loses_points_on_its_own_question_only(graded, case):
    assignment_id, mutant = case
    result = graded[assignment_id][mutant.name]
    for q in result.questions:
        if q.id == mutant.question:
            assert q.score < q.points, f"{mutant.name} was not caught"
        else:
            assert q.score == q.points, (f"{mutant.name} also lost points on {q.id}", [
                (c.name, c.message) for c in q.checks if c.status != "passed"])


@pytest.mark.parametrize("case", ALTERNATIVE_CASES, ids=case_id)
def test_alternative_correct_answers_score_full_marks(graded, case):
    assignment_id, alternative = case
    result = graded[assignment_id][alternative.name]
    assert result.score == result.max_score, [
        (c.name, c.message) for q in result.questions for c in q.checks if c.status != "passed"]
