"""A backend that runs nothing: it replays scripted results, for tests of what the pipeline does
with a backend that misbehaves (missing results, corrupted streams, crashes on every retry).

Registered as ``fake``; built from the command line it fails every question closed, which shows
the fail-closed path end to end without running student code.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from copy import deepcopy

from autograder.course import Assignment
from autograder.exceptions import GraderError
from autograder.execution.base import ExecutionBackend
from autograder.execution.contract import Job, Limits, RunResult
from autograder.execution.registry import BackendOptions

Script = Callable[[Job, Limits], RunResult]
Outcome = RunResult | Script

NOTHING_RUN = "the fake backend runs nothing"


class FakeBackend(ExecutionBackend):
    """Replays ``outcomes`` in order: each a RunResult (copied, so one can be replayed) or a
    function ``(job, limits) -> RunResult``; after the last, ``then`` (default: the last one
    again). Every job it was given is kept in ``jobs``, in order."""

    def __init__(self, outcomes: Outcome | Iterable[Outcome], then: Outcome | None = None) -> None:
        if isinstance(outcomes, RunResult) or callable(outcomes):
            outcomes = [outcomes]
        self.outcomes: list[Outcome] = list(outcomes)
        if not self.outcomes and then is None:
            raise GraderError("a FakeBackend needs at least one outcome to replay")
        self.then = then if then is not None else self.outcomes[-1]
        self.jobs: list[Job] = []
        self.closed = False
        self._lock = threading.Lock()

    def run(self, job: Job, limits: Limits) -> RunResult:
        """The next scripted outcome for ``job``; nothing is executed."""
        with self._lock:
            if self.closed:
                raise GraderError("the fake backend was used after close()")
            outcome = self.outcomes[len(self.jobs)] if len(self.jobs) < len(self.outcomes) else None
            self.jobs.append(job)
        outcome = self.then if outcome is None else outcome
        if isinstance(outcome, RunResult):
            return deepcopy(outcome)
        return outcome(job, limits)

    def close(self) -> None:
        """Refuse further jobs (a test can check the pipeline closed its backend)."""
        self.closed = True


def fail_all(job: Job, limits: Limits) -> RunResult:
    """The default script: every question failed closed, nothing run."""
    return RunResult.failed(job, NOTHING_RUN)


def fake_backend(assignment: Assignment, options: BackendOptions) -> ExecutionBackend:
    """The ``fake`` backend of the registry: fails every question closed, runs nothing."""
    return FakeBackend(fail_all)
