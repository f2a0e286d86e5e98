"""Pick an execution backend: the warm bubblewrap pool, or, when explicitly allowed, plain
subprocesses without a sandbox. The CLI and the grading service both build theirs here."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from autograder.course import Assignment
from autograder.execution.base import ExecutionBackend
from autograder.execution.pool import WarmPoolBackend
from autograder.execution.process import SubprocessBackend
from autograder.execution.sandbox import NO_SANDBOX_ENV, SandboxConfig, check_available

log = logging.getLogger(__name__)

UNSAFE_WARNING = (
    "grading WITHOUT a sandbox: student code runs with your rights and can read "
    "the hidden tests and reference solutions. Use this only for trusted local "
    "work."
)


def make_backend(
    assignment: Assignment,
    *,
    workers: int = 1,
    device: str = "cpu",
    sandbox: bool = True,
    warn: Callable[[str], None] | None = None,
    warm: tuple[str, ...] | None = None,
) -> ExecutionBackend:
    """The warm pool for ``assignment``; unsandboxed subprocesses only when ``sandbox`` is off
    or ``AUTOGRADER_UNSAFE_NO_SANDBOX=1``, with ``warn`` (default: the log) told so."""
    if not sandbox or os.environ.get(NO_SANDBOX_ENV) == "1":
        (warn or log.warning)(UNSAFE_WARNING)
        return SubprocessBackend()
    check_available()
    config = SandboxConfig(data_dir=assignment.directory, device=device)
    return WarmPoolBackend(workers, config, modules=warm)
