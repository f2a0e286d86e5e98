"""What a GPU does to a float64 check, modelled on the CPU: the same calls with every float input
perturbed by a tiny relative amount (a GPU sums in another order, so results differ from the
CPU's in the last bits and training runs amplify that), and mutants run in-process.

Used by ``tests/test_gpu_tolerance.py`` and ``python -m tests.gpu_noise <id>``, which prints,
for every check with a GPU tolerance, how far a perturbation of 1e-12 moves its output."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import numpy as np

from autograder.checks import Check
from autograder.checks.evaluate import evaluate
from autograder.course import Assignment, Question
from autograder.protocol.calls import Call, CallOutcome
from autograder.protocol.perform import perform
from autograder.protocol.wire import NestedCall, TensorArg, TensorValue

RELATIVE = 1e-12


def perturbed(value: Any, gen: np.random.Generator, rel: float = RELATIVE) -> Any:
    """``value`` with every float array (inside tensors, tuples, nested calls) times
    ``1 + rel * N(0, 1)``, elementwise; everything else unchanged."""
    if isinstance(value, TensorArg):
        return replace(value, array=perturbed(value.array, gen, rel))
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        return value * (1.0 + rel * gen.standard_normal(value.shape))
    if isinstance(value, NestedCall):
        return replace(value, args=perturbed(value.args, gen, rel))
    if type(value) in (tuple, list):
        return type(value)(perturbed(v, gen, rel) for v in value)
    return value


def run(call: Call, namespace: dict[str, Any], assignment: Assignment) -> CallOutcome:
    """One call performed in this process (for the course's own code only: never a student's)."""
    return CallOutcome.from_record(
        perform(call.to_wire(0), namespace, trusted=True, functions=assignment.functions)
    )


def gpu_checks(assignment: Assignment) -> Iterator[tuple[Question, Check]]:
    """Every check of the assignment whose tolerance states GPU values."""
    for q in assignment.questions:
        for c in q.checks:
            tol = getattr(c, "tol", None)
            if tol is not None and tol.gpu is not None:
                yield q, c


def noise_verdicts(assignment: Assignment, check: Check, seed: int = 0) -> tuple[bool, bool]:
    """(passes at the CPU tolerance, passes at the GPU tolerance) of the reference on inputs
    perturbed by ``RELATIVE``, judged against the reference on the exact inputs."""
    ns = dict(vars(assignment.reference_module))
    gen = np.random.default_rng(seed)
    ref = [run(c, ns, assignment) for c in check.calls()]
    noisy = [run(replace(c, args=perturbed(c.args, gen)), ns, assignment) for c in check.calls()]
    return (
        evaluate(check, noisy, ref).passed,
        evaluate(check.on_device("cuda"), noisy, ref).passed,
    )


def movement(assignment: Assignment, check: Check) -> float:
    """The largest relative change of the check's outputs under the perturbation."""
    ns = dict(vars(assignment.reference_module))
    gen = np.random.default_rng(0)
    worst = 0.0
    for c in check.calls():
        a = run(c, ns, assignment).value
        b = run(replace(c, args=perturbed(c.args, gen)), ns, assignment).value
        for x, y in zip(_floats(a), _floats(b), strict=True):
            scale = np.maximum(np.abs(x), 1e-300)
            worst = max(worst, float(np.max(np.abs(x - y) / scale, initial=0.0)))
    return worst


def _floats(value: Any) -> Iterator[np.ndarray]:
    if isinstance(value, TensorValue):
        value = value.array
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        yield value
    elif isinstance(value, float):
        yield np.asarray(value)
    elif type(value) in (tuple, list):
        for v in value:
            yield from _floats(v)


def question_fails_under_gpu_tolerance(
    assignment: Assignment, question: Question, source: str
) -> bool:
    """Whether code ``source`` (one answer section) loses points on ``question`` when every check
    judges it with its GPU tolerance."""
    ns = dict(vars(assignment.reference_module))
    exec(compile(source, f"<{question.id}>", "exec"), ns)  # the course's own mutant
    ref_ns = dict(vars(assignment.reference_module))
    for check in question.checks:
        student = [run(c, ns, assignment) for c in check.calls()]
        reference = [run(c, ref_ns, assignment) for c in check.calls()]
        if not evaluate(check.on_device("cuda"), student, reference).passed:
            return True
    return False


def main(ids: list[str]) -> None:
    from tests.helpers import ROOT

    for assignment_id in ids:
        a = Assignment.load(assignment_id, ROOT)
        for q, c in gpu_checks(a):
            print(f"{assignment_id} {q.id}: {c.name}: moves {movement(a, c):.2e}, tol {c.tol}")  # type: ignore[attr-defined]


__all__ = [
    "RELATIVE",
    "gpu_checks",
    "movement",
    "noise_verdicts",
    "perturbed",
    "question_fails_under_gpu_tolerance",
]

if __name__ == "__main__":
    main(sys.argv[1:])
