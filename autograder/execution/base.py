"""The base class every backend implements (one required method, ``run``), with the message
collection, the deadlines and the exit reasons shared by all of them. The typed job, limits and
result are in :mod:`autograder.execution.contract` (re-exported here), the wire vocabulary in
:mod:`autograder.protocol.messages`.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import subprocess
import time
from abc import ABC, abstractmethod
from typing import Any, Protocol

from autograder.exceptions import GraderError
from autograder.execution.contract import Job, Limits, RunResult
from autograder.protocol.messages import GARBAGE, kind_of

__all__ = ["ExecutionBackend", "Job", "Limits", "RunResult", "collect", "describe_exit"]

MAX_MESSAGE_BYTES = 64 * 1024 * 1024


SAFE_ENV = ("PATH", "LANG", "LC_ALL", "HOME", "TZ")


class ExecutionBackend(ABC):
    """Where submissions run. Implementations must never raise for a misbehaving submission."""

    @abstractmethod
    def run(self, job: Job, limits: Limits) -> RunResult:
        """Run the job to completion, timeout or crash, and report what came back."""

    def close(self) -> None:  # noqa: B027 - optional hook, a no-op by default
        """Release workers and other resources (nothing by default)."""

    def __enter__(self) -> ExecutionBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def describe_exit(returncode: int | None) -> str:
    """Plain-words reason for a process that ended without finishing its job."""
    if returncode is None:
        return "the process did not exit"
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        return f"the process was killed by signal {-returncode} ({name})"
    return f"the process exited early with code {returncode} (sys.exit or os._exit in your code?)"


def _feed(proc: subprocess.Popen[bytes], payload: bytes) -> None:
    if proc.stdin is None:
        raise GraderError("the job's process was started without a stdin pipe")
    try:
        with proc.stdin:  # closed whatever happens, so no pipe outlives the job
            proc.stdin.write(payload)
    except (BrokenPipeError, OSError):
        pass


def read_messages(fd: int, messages: queue.Queue[Any]) -> None:
    """Reader thread: one JSON message per line into the queue, then ``None`` at end of stream;
    a line that is not JSON becomes a ``garbage`` message (the protocol is then corrupted)."""
    with os.fdopen(fd, "rb") as stream:
        for line in iter(lambda: stream.readline(MAX_MESSAGE_BYTES), b""):
            try:
                messages.put(json.loads(line))
            except (ValueError, RecursionError):
                messages.put(GARBAGE)
    messages.put(None)


class MessageSource(Protocol):
    """Where ``collect`` reads messages: a queue, or a filter over a warm worker's queue.
    ``get`` raises ``queue.Empty`` at the timeout and returns ``None`` at end of stream."""

    def get(self, *, timeout: float) -> Any: ...


def collect(messages: MessageSource, job: Job, limits: Limits, started: float) -> RunResult:
    """Consume protocol messages until done, EOF or a deadline; fail closed on anything odd.

    Deadlines: the whole submission, the running question, and each notebook cell. A hang or a
    crash while a cell runs is recorded in ``crashed_cell`` so the run can be retried without it.
    The stream passes through student code, so every field is checked before it is believed.
    """
    result = RunResult()
    current: str | None = None
    cell: str | None = None
    phase_started = started
    sub_deadline = started + limits.submission_seconds
    while True:
        deadline = sub_deadline
        if current is not None:
            deadline = min(deadline, phase_started + limits.for_question(current))
        elif cell is not None:
            deadline = min(deadline, phase_started + limits.cell_seconds)
        try:
            msg = messages.get(timeout=max(deadline - time.monotonic(), 0.0))
        except queue.Empty:
            _timed_out(result, job, limits, current, cell, deadline == sub_deadline)
            return result
        if msg is None:
            result.crashed_in, result.crashed_cell = current, cell
            return result
        kind = kind_of(msg)
        if kind == "cell":
            cell, phase_started = str(msg.get("name")), time.monotonic()
        elif kind == "cells_done" and isinstance(msg.get("errors"), list):
            result.cell_errors = msg["errors"][:100]
            cell = None
        elif kind == "question_start":
            current, phase_started = str(msg.get("question")), time.monotonic()
        elif kind == "result" and isinstance(msg.get("call"), int):
            result.records[(str(msg.get("question")), msg["call"])] = msg.get("record")
        elif kind == "question_done":
            result.finished.add(str(msg.get("question")))
            current = None
        elif kind == "done":
            return result
        elif kind == "exit":  # a warm worker reports its child ended before "done"
            result.crashed_in, result.crashed_cell = current, cell
            return result
        elif kind != "cells_start":
            result.crashed_in, result.crashed_cell = current, cell
            _record_failure(result, current, PROTOCOL_CORRUPTED)
            return result


PROTOCOL_CORRUPTED = "the grading protocol was corrupted"


def _record_failure(result: RunResult, current: str | None, reason: str) -> None:
    """The reason for the running question, or for the cells when no question was running."""
    if current is not None:
        result.failures[current] = reason
    else:
        result.cells_failure = reason


def _timed_out(
    result: RunResult, job: Job, limits: Limits, current: str | None, cell: str | None, whole: bool
) -> None:
    """Record a deadline that passed, for the running question, cell or submission."""
    if whole:
        reason = (
            f"timed out: the submission exceeded its {limits.submission_seconds:g} s time limit"
        )
        result.whole_failure = reason
    elif current is not None:
        reason = (
            f"timed out: this question exceeded its {limits.for_question(current):g} s time limit"
        )
    else:
        reason = f"timed out: {cell} ran longer than {limits.cell_seconds:g} s"
    _record_failure(result, current, reason)
    result.fail_unfinished(job, reason if whole else "not run: an earlier question timed out")
    result.crashed_in = current
    result.crashed_cell = None if whole else cell


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
