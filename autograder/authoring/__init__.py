"""Everything a course author imports: questions, check kinds, calls, tolerances, arguments.

Suites (``reference_solutions/<id>/suite.py``), public checks
(``assignments/<id>/public_checks.py``) and mutant files (``reference_solutions/<id>/mutants.py``)
import from here and nowhere else in the engine, so the engine can be reorganised without touching
a course. ``__all__`` is pinned by a test: removing or renaming a name here breaks every course.
"""

from __future__ import annotations

from dataclasses import dataclass

from autograder.checks import (
    AutogradCheck,
    Check,
    FiniteDifferenceCheck,
    FlagsCheck,
    GradcheckCheck,
    LossThresholdCheck,
    NoMutationCheck,
    NoWarningsCheck,
    PredictionCheck,
    RaisesCheck,
    SeedCheck,
    ShapeCheck,
    StatisticalCheck,
    SymbolicCheck,
    ThresholdCheck,
    TrajectoryCheck,
    UpdateStepCheck,
    ValueCheck,
)
from autograder.checks.compare import Tolerance
from autograder.course import Question
from autograder.protocol.calls import Call
from autograder.protocol.wire import Callable_, NestedCall, TensorArg


@dataclass(frozen=True)
class Mutant:
    """A known answer built from the reference: one substring of one answer section replaced.

    In ``MUTANTS`` it is a realistic mistake that must lose points on ``question`` and nowhere
    else; in ``ALTERNATIVES`` it is a different correct answer that must keep full marks."""

    name: str
    question: str
    old: str
    new: str


__all__ = [
    "AutogradCheck",
    "Call",
    "Callable_",
    "Check",
    "FiniteDifferenceCheck",
    "FlagsCheck",
    "GradcheckCheck",
    "LossThresholdCheck",
    "Mutant",
    "NestedCall",
    "NoMutationCheck",
    "NoWarningsCheck",
    "PredictionCheck",
    "Question",
    "RaisesCheck",
    "SeedCheck",
    "ShapeCheck",
    "StatisticalCheck",
    "SymbolicCheck",
    "TensorArg",
    "ThresholdCheck",
    "Tolerance",
    "TrajectoryCheck",
    "UpdateStepCheck",
    "ValueCheck",
]
