"""Content gate for 06_cnn: every mutant of the reference loses points on its own
question and nowhere else; every alternative correct answer scores full marks."""

from __future__ import annotations

import pytest

from autograder.assignment import Assignment
from autograder.batch import SubmissionFile, grade_batch
from autograder.execute import SubprocessBackend
from autograder.gradebook import Gradebook
from autograder.results import SubmissionResult
from tests.helpers import ROOT, write_mutant
from tests.mutants_06 import ALTERNATIVES_06, MUTANTS_06

A = Assignment.load("06_cnn", ROOT)
CASES = MUTANTS_06 + ALTERNATIVES_06


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
        assert sum(m.question == q.id for m in MUTANTS_06) >= 2, q.id


@pytest.mark.parametrize("mutant", MUTANTS_06, ids=lambda m: m.name)
def test_mutant_loses_points_on_its_own_question_only(graded, mutant):
    result = graded[mutant.name]
    for q in result.questions:
        if q.id == mutant.question:
            assert q.score < q.points, f"{mutant.name} was not caught"
        else:
            assert q.score == q.points, f"{mutant.name} also lost points on {q.id}"


@pytest.mark.parametrize("alternative", ALTERNATIVES_06, ids=lambda m: m.name)
def test_alternative_correct_answers_score_full_marks(graded, alternative):
    result = graded[alternative.name]
    assert result.score == result.max_score, [
        (c.name, c.message) for q in result.questions for c in q.checks if c.status != "passed"]




def test_reference_agrees_with_torch():
    """The NumPy references of conv2d, pool2d and conv_transpose2d reproduce PyTorch."""
    import numpy as np
    import torch
    import torch.nn.functional as F

    ref = A.reference_module
    rng = np.random.default_rng(0)
    x, w = rng.normal(size=(2, 3, 9, 8)), rng.normal(size=(4, 3, 3, 2))
    for s, p, d in [(1, 0, 1), (2, 1, 1), (3, 2, 2)]:
        want = F.conv2d(torch.tensor(x), torch.tensor(w), stride=s, padding=p, dilation=d)
        np.testing.assert_allclose(ref.conv2d(x, w, None, s, p, d), want.numpy(), 1e-12, 1e-12)
    np.testing.assert_array_equal(ref.pool2d(x, 3, 2), F.max_pool2d(torch.tensor(x), 3, 2))
    wt = rng.normal(size=(3, 2, 3, 4))
    want = F.conv_transpose2d(torch.tensor(x), torch.tensor(wt), stride=2, padding=1)
    np.testing.assert_allclose(ref.conv_transpose2d(x, wt, 2, 1), want.numpy(), 1e-12, 1e-12)
    assert ref.pool_output_size(26, 3) == 8  # the lecture printout's 12 is an erratum
