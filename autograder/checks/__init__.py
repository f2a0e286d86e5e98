"""Check kinds: value, gradient, loss/threshold, prediction, statistical, symbolic, contract and
discipline."""

from autograder.checks.base import Check, Verdict
from autograder.checks.contract import FlagsCheck, RaisesCheck, ShapeCheck
from autograder.checks.discipline import NoWarningsCheck, SeedCheck
from autograder.checks.gradient import AutogradCheck, FiniteDifferenceCheck, GradcheckCheck
from autograder.checks.mutation import NoMutationCheck
from autograder.checks.prediction import PredictionCheck
from autograder.checks.statistical import StatisticalCheck
from autograder.checks.symbolic import SymbolicCheck
from autograder.checks.training import LossThresholdCheck, ThresholdCheck
from autograder.checks.value import TrajectoryCheck, UpdateStepCheck, ValueCheck

__all__ = [
    "AutogradCheck",
    "Check",
    "FiniteDifferenceCheck",
    "FlagsCheck",
    "GradcheckCheck",
    "LossThresholdCheck",
    "NoMutationCheck",
    "NoWarningsCheck",
    "PredictionCheck",
    "RaisesCheck",
    "SeedCheck",
    "ShapeCheck",
    "StatisticalCheck",
    "SymbolicCheck",
    "ThresholdCheck",
    "TrajectoryCheck",
    "UpdateStepCheck",
    "ValueCheck",
    "Verdict",
]
