"""The typed execution contract every backend implements: a ``Job`` (cells and the questions'
calls, plain data), its ``Limits``, and the ``RunResult`` streamed back, with the one fail-closed
fill-in that marks every question without results as an error, never a pass.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograder.protocol.messages import CallSpec, CellSpec, JobPayload, QuestionSpec

__all__ = [
    "CallSpec",
    "CellSpec",
    "Job",
    "JobPayload",
    "Limits",
    "QuestionSpec",
    "RunResult",
]


@dataclass(frozen=True)
class Job:
    """What the sandbox runs: cells, then each question's calls (plain data only).

    ``data_dir`` is the assignment's data folder, copied into the submission's working
    directory; every backend honours it (or refuses the job when it cannot)."""

    cells: list[CellSpec]
    questions: list[QuestionSpec]
    device: str = "cpu"
    data_dir: Path | None = None
    functions: str = ""  # source of the course's test functions (``course.<name>`` callables)
    runner: str = ""  # a foreign-format runner (``driver.RUNNERS``) instead of cells-then-calls
    runner_input: dict[str, Any] | None = None

    @property
    def question_ids(self) -> list[str]:
        """The questions' ids, in the order they run."""
        return [q["id"] for q in self.questions]

    def wire(self) -> JobPayload:
        """The payload the sandboxed driver reads (the data folder travels separately)."""
        payload: JobPayload = {
            "cells": self.cells,
            "questions": self.questions,
            "device": self.device,
            "functions": self.functions,
        }
        if self.runner:
            payload["runner"] = self.runner
            payload["runner_input"] = self.runner_input or {}
        return payload

    def payload(self) -> bytes:
        """``wire()`` as the JSON bytes written to the driver's stdin."""
        return json.dumps(self.wire()).encode()

    def retry(self, cells: list[CellSpec], questions: list[QuestionSpec]) -> Job:
        """The same job with fewer cells or questions (a retry after a hang or a crash)."""
        return Job(
            cells,
            questions,
            self.device,
            self.data_dir,
            self.functions,
            self.runner,
            self.runner_input,
        )


@dataclass(frozen=True)
class Limits:
    """Wall-clock limits: for the whole submission and, by question id, for each question."""

    submission_seconds: float = 300.0
    question_seconds: dict[str, float] = field(default_factory=dict)
    default_question_seconds: float = 60.0
    cell_seconds: float = 20.0

    def for_question(self, qid: str) -> float:
        """The time limit of question ``qid``."""
        return self.question_seconds.get(qid, self.default_question_seconds)

    def with_submission_seconds(self, seconds: float) -> Limits:
        """The same limits with a shorter budget for the whole submission."""
        return Limits(
            seconds, self.question_seconds, self.default_question_seconds, self.cell_seconds
        )


@dataclass
class RunResult:
    """Everything a run produced. ``failures`` maps a question id to the reason it has no
    results (timeout, crash); ``cells_failure`` is the reason the notebook's cells stopped
    (a cell's timeout, a corrupted stream before the questions) and ``whole_failure`` the
    submission's time limit, when hit. A question absent from ``finished`` is an error."""

    cell_errors: list[dict[str, Any]] = field(default_factory=list)
    records: dict[tuple[str, int], Any] = field(default_factory=dict)
    finished: set[str] = field(default_factory=set)
    failures: dict[str, str] = field(default_factory=dict)
    cells_failure: str | None = None
    whole_failure: str | None = None
    crashed_in: str | None = None
    crashed_cell: str | None = None
    skipped_cells: list[tuple[str, str]] = field(default_factory=list)
    stdout: str = ""
    stderr: str = ""
    seconds: float = 0.0

    def fail_unfinished(self, questions: Job | Iterable[str], reason: str) -> RunResult:
        """Fail closed: give every question that did not finish and has no reason yet
        ``reason``. The one fill-in every backend and the pipeline use; returns ``self``."""
        ids = questions.question_ids if isinstance(questions, Job) else questions
        for qid in ids:
            if qid not in self.finished and not self.failures.get(qid):
                self.failures[qid] = reason
        return self

    @classmethod
    def failed(cls, job: Job, reason: str) -> RunResult:
        """A run that produced nothing: every question of ``job`` failed with ``reason``."""
        return cls().fail_unfinished(job, reason)
