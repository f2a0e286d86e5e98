"""Content gate for 05_neural_networks: every mutant of the reference loses points on its own
question and nowhere else; every alternative correct answer scores full marks."""

from __future__ import annotations

import pytest

from autograder.assignment import Assignment
from autograder.batch import SubmissionFile, grade_batch
from autograder.execute import SubprocessBackend
from autograder.gradebook import Gradebook
from autograder.results import SubmissionResult
from tests.helpers import ROOT, write_mutant
from tests.mutants_05 import ALTERNATIVES_05, MUTANTS_05

A = Assignment.load("05_neural_networks", ROOT)
CASES = MUTANTS_05 + ALTERNATIVES_05


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
        assert sum(m.question == q.id for m in MUTANTS_05) >= 2, q.id


@pytest.mark.parametrize("mutant", MUTANTS_05, ids=lambda m: m.name)
def test_mutant_loses_points_on_its_own_question_only(graded, mutant):
    result = graded[mutant.name]
    for q in result.questions:
        if q.id == mutant.question:
            assert q.score < q.points, f"{mutant.name} was not caught"
        else:
            assert q.score == q.points, f"{mutant.name} also lost points on {q.id}"


@pytest.mark.parametrize("alternative", ALTERNATIVES_05, ids=lambda m: m.name)
def test_alternative_correct_answers_score_full_marks(graded, alternative):
    result = graded[alternative.name]
    assert result.score == result.max_score, [
        (c.name, c.message) for q in result.questions for c in q.checks if c.status != "passed"]




def test_reference_reproduces_the_catalog_values():
    """Verified values of the catalogs (ML ch. 6.2, calculus seed 001-5..001-7)."""
    import numpy as np
    import torch

    ref = A.reference_module
    gates = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    np.testing.assert_allclose(ref.gate_forward(np.array([-1.0, 2.0, 2.0]), gates),
                               [0.268941, 0.731059, 0.731059, 0.952574], atol=5e-7)
    hidden, out = ref.xor_net(gates, np.array([[1.5, -3.0], [-2.0, 2.0], [-2.0, 2.0]]),
                              np.array([1.5, -2.0, -2.0]))
    np.testing.assert_allclose(hidden[0], [1.0, 0.81757448, 0.04742587], rtol=1e-7)
    np.testing.assert_allclose(out, [0.44275197, 0.55157486, 0.55157486, 0.47157231], rtol=1e-7)
    assert list((out >= 0.5).astype(int)) == [0, 1, 1, 0]

    params0 = ref.init_params(0.1, (1, 3, 1), 0)
    np.testing.assert_allclose(params0[0].numpy().ravel(), [0.176, 0.040, 0.098], atol=5e-4)
    np.testing.assert_allclose(params0[2].numpy().ravel(), [0.095, -0.015, -0.010], atol=5e-4)
    x = torch.linspace(0.0, 1.0, 50, dtype=torch.float64).reshape(-1, 1)
    params, losses = ref.train_adam(params0, x, x ** (1.0 / 3.0))
    assert losses[0] == pytest.approx(0.02252298981875618, rel=1e-12)
    assert losses[100] == pytest.approx(0.00010016662197145352, rel=1e-10)
    assert len(losses) - 1 == 198 and losses[-1] < 2e-5 <= losses[-2]
    np.testing.assert_allclose(params[0].numpy().ravel(), [33.09, 2.896, -0.893], atol=6e-3)
    np.testing.assert_allclose(params[3].numpy(), [-0.306], atol=6e-4)
    at_ten = float(ref.mlp_tanh(params, torch.tensor([[10.0]], dtype=torch.float64)))
    assert at_ten == pytest.approx(1.252, abs=5e-4)
