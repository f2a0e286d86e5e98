"""Content gate for 02_optimization: every mutant of the reference loses points on its own
question and nowhere else; every alternative correct answer scores full marks."""

from __future__ import annotations

import pytest

from autograder.assignment import Assignment
from autograder.batch import SubmissionFile, grade_batch
from autograder.execute import SubprocessBackend
from autograder.gradebook import Gradebook
from autograder.results import SubmissionResult
from tests.helpers import ROOT, write_mutant
from tests.mutants_02 import ALTERNATIVES_02, MUTANTS_02

A = Assignment.load("02_optimization", ROOT)
CASES = MUTANTS_02 + ALTERNATIVES_02


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, SubmissionResult]:
    folder = tmp_path_factory.mktemp("mutants")
    subs = [SubmissionFile(f"case{i:02d}", write_mutant(A, m, folder / f"case{i:02d}.ipynb"))
            for i, m in enumerate(CASES)]
    results = grade_batch(A, subs, folder / "out", backend=SubprocessBackend(),
                          gradebook=Gradebook(folder / "book.sqlite"), workers=2)
    by_student = {r.student: r for r in results}
    return {m.name: by_student[f"case{i:02d}"] for i, m in enumerate(CASES)}


def test_each_question_has_at_least_two_mutants():
    for q in A.questions:
        assert sum(m.question == q.id for m in MUTANTS_02) >= 2, q.id


@pytest.mark.parametrize("mutant", MUTANTS_02, ids=lambda m: m.name)
def test_mutant_loses_points_on_its_own_question_only(graded, mutant):
    result = graded[mutant.name]
    for q in result.questions:
        if q.id == mutant.question:
            assert q.score < q.points, f"{mutant.name} was not caught"
        else:
            assert q.score == q.points, f"{mutant.name} also lost points on {q.id}"


@pytest.mark.parametrize("alternative", ALTERNATIVES_02, ids=lambda m: m.name)
def test_alternative_correct_answers_score_full_marks(graded, alternative):
    result = graded[alternative.name]
    assert result.score == result.max_score, [
        (c.name, c.message) for q in result.questions for c in q.checks if c.status != "passed"]


