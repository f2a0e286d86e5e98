"""GPU tolerances: a check judges a student run on ``--device cuda`` with its tolerance's ``gpu``
values; those absorb what a GPU's summation order does to a correct float64 answer (modelled on
the CPU by perturbing every input by 1e-12) and still catch every known wrong answer."""

from __future__ import annotations

from typing import Any

import pytest

from autograder.authoring.cases import known_answers, mutant_source
from autograder.checks import ValueCheck
from autograder.checks.compare import Tolerance
from autograder.course import Assignment, list_assignments
from autograder.execution.base import RunResult
from autograder.grading.pipeline import PlannedCheck, judge
from autograder.protocol.calls import Call, CallOutcome
from autograder.protocol.perform import perform
from tests.gpu_noise import (
    gpu_checks,
    noise_verdicts,
    question_fails_under_gpu_tolerance,
)
from tests.helpers import ROOT

LOOSE = Tolerance(1e-9, 0.0, gpu=(1e-6, 0.0))


def test_a_tolerance_loosens_on_a_cuda_device_only() -> None:
    assert LOOSE.on("cpu") is LOOSE
    assert LOOSE.on("cuda") == Tolerance(1e-6, 0.0)
    assert LOOSE.on("cuda:1") == Tolerance(1e-6, 0.0)
    plain = Tolerance(1e-9, 0.0)
    assert plain.on("cuda") is plain  # no GPU values stated: the CPU's everywhere


def test_gpu_values_must_be_a_pair_of_non_negative_numbers() -> None:
    with pytest.raises(ValueError, match="gpu must be a pair"):
        Tolerance(1e-9, 0.0, gpu=(1e-6, -1.0))
    with pytest.raises(ValueError, match="gpu must be a pair"):
        Tolerance(1e-9, 0.0, gpu=(1e-6,))  # type: ignore[arg-type]


def _record(value: float) -> dict[str, Any]:
    return perform(Call("f", (value,)).to_wire(0), {"f": lambda x: x}, trusted=True)


@pytest.mark.parametrize(
    ("answer", "on_cpu", "on_gpu"),
    [(1.0 + 1e-7, False, True), (1.0 + 1e-5, False, False), (1.0, True, True)],
)
def test_the_pipeline_judges_a_gpu_run_with_the_gpu_tolerance(
    answer: float, on_cpu: bool, on_gpu: bool
) -> None:
    check = ValueCheck(name="v", call=Call("f", (1.0,)), tol=LOOSE)
    planned = PlannedCheck("q1", check, (0,))
    run = RunResult(records={("q1", 0): _record(answer)}, finished={"q1"})
    reference = {0: CallOutcome.from_record(_record(1.0))}
    assert judge(planned, run, reference, device="cpu").passed is on_cpu
    assert judge(planned, run, reference, device="cuda").passed is on_gpu


GPU_CHECKS = [
    (a, q.id, c.name)
    for a in list_assignments(ROOT)
    for q, c in gpu_checks(Assignment.load(a, ROOT))
]
GPU_QUESTIONS = sorted({(a, q) for a, q, _ in GPU_CHECKS})


def test_the_rnn_and_autoencoder_training_questions_state_gpu_tolerances() -> None:
    assert ("07_rnn", "q6_train_sine") in GPU_QUESTIONS
    assert ("10_generative_models", "q5_autoencoder") in GPU_QUESTIONS


def _check(assignment: Assignment, question: str, name: str) -> Any:
    q = next(q for q in assignment.questions if q.id == question)
    return next(c for c in q.checks if c.name == name)


@pytest.mark.slow
@pytest.mark.parametrize(("assignment_id", "question", "name"), GPU_CHECKS)
def test_the_gpu_tolerance_absorbs_summation_order_noise(
    assignment_id: str, question: str, name: str
) -> None:
    a = Assignment.load(assignment_id, ROOT)
    _, on_gpu = noise_verdicts(a, _check(a, question, name))
    assert on_gpu, "the reference on inputs perturbed by 1e-12 fails the GPU tolerance"


@pytest.mark.slow
@pytest.mark.parametrize(("assignment_id", "question"), GPU_QUESTIONS)
def test_every_wrong_answer_still_fails_under_the_gpu_tolerances(
    assignment_id: str, question: str
) -> None:
    a = Assignment.load(assignment_id, ROOT)
    q = next(q for q in a.questions if q.id == question)
    wrong = [m for m in known_answers(a)[0] if m.question == question]
    assert len(wrong) >= 2
    escaped = [
        m.name for m in wrong if not question_fails_under_gpu_tolerance(a, q, mutant_source(a, m))
    ]
    assert not escaped, f"caught on the CPU, not under the GPU tolerances: {escaped}"
