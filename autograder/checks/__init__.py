"""Check kinds: value, gradient, loss/training, prediction, symbolic and contract."""

from autograder.checks.base import Check, Verdict
from autograder.checks.contract import NoMutationCheck, RaisesCheck, ShapeCheck
from autograder.checks.gradient import AutogradCheck, FiniteDifferenceCheck, GradcheckCheck
from autograder.checks.prediction import PredictionCheck
from autograder.checks.symbolic import SymbolicCheck
from autograder.checks.training import LossThresholdCheck
from autograder.checks.value import TrajectoryCheck, UpdateStepCheck, ValueCheck

__all__ = [
    "AutogradCheck",
    "Check",
    "FiniteDifferenceCheck",
    "GradcheckCheck",
    "LossThresholdCheck",
    "NoMutationCheck",
    "PredictionCheck",
    "RaisesCheck",
    "ShapeCheck",
    "SymbolicCheck",
    "TrajectoryCheck",
    "UpdateStepCheck",
    "ValueCheck",
    "Verdict",
]
