"""Execution backends by name: each is a factory registered under the entry-point group
``autograder.backends`` (as JupyterHub finds spawners), chosen with ``--backend NAME``. Adding a
backend is one module with a factory and one line in ``pyproject.toml``::

    [project.entry-points."autograder.backends"]
    mybackend = "mypackage.mymodule:my_backend"   # (assignment, BackendOptions) -> ExecutionBackend
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from autograder.course import Assignment
from autograder.exceptions import UsageError
from autograder.execution.base import ExecutionBackend

GROUP = "autograder.backends"
DEFAULT = "pool"
# the engine's own entry points (pyproject.toml; a test keeps the two equal), resolved without
# reading every installed package's metadata: that took 45 ms before `grade` started its workers
BUILTIN = {
    "dask": "autograder.execution.dask_backend:dask_backend",
    "fake": "autograder.execution.fake:fake_backend",
    "pool": "autograder.execution.registry:pool_backend",
    "subprocess": "autograder.execution.registry:subprocess_backend",
}


@dataclass(frozen=True)
class BackendOptions:
    """What a factory may use: parallelism, device, whether to sandbox, and backend-specific
    settings (the Dask scheduler's address)."""

    workers: int = 1
    device: str = "cpu"
    sandbox: bool = True
    scheduler: str | None = None
    warn: Callable[[str], None] | None = None
    # what warm workers import before forking; None: what the assignment's notebook imports
    # (a foreign-format runner names its own module, whose ``warm_up`` the worker then runs)
    warm: tuple[str, ...] | None = None


BackendFactory = Callable[[Assignment, BackendOptions], ExecutionBackend]


def backend_names() -> list[str]:
    """The registered backends' names, sorted."""
    from importlib.metadata import entry_points

    return sorted(set(BUILTIN) | {e.name for e in entry_points(group=GROUP)})


def backend_factory(name: str) -> BackendFactory:
    """The factory registered as ``name``; a UsageError naming the known ones otherwise."""
    if name in BUILTIN:
        module, _, attr = BUILTIN[name].partition(":")
        builtin: BackendFactory = getattr(importlib.import_module(module), attr)
        return builtin
    from importlib.metadata import entry_points

    found = [e for e in entry_points(group=GROUP) if e.name == name]
    if not found:
        raise UsageError(
            f"no execution backend {name!r}; installed: {', '.join(backend_names()) or 'none'}"
        )
    factory: BackendFactory = found[0].load()
    return factory


# the engine's backends that run on this machine and have no use for a scheduler's address
LOCAL = frozenset({"fake", "pool", "subprocess"})


def resolve_name(name: str | None, scheduler: str | None) -> str:
    """The backend a command asked for: ``--scheduler`` alone means Dask; a scheduler's address
    beside a backend of this machine is refused rather than silently ignored."""
    if name is None:
        return "dask" if scheduler else DEFAULT
    if scheduler and name in LOCAL:
        raise UsageError(
            f"--scheduler {scheduler} is a Dask scheduler's address, but --backend {name} runs "
            "on this machine: use --backend dask (or leave --backend out) to grade on the cluster"
        )
    return name


def make_backend(name: str, assignment: Assignment, options: BackendOptions) -> ExecutionBackend:
    """Build the named backend for ``assignment``."""
    return backend_factory(name)(assignment, options)


def pool_backend(assignment: Assignment, options: BackendOptions) -> ExecutionBackend:
    """The warm bubblewrap pool (the default); unsandboxed subprocesses only when allowed."""
    from autograder.execution.factory import make_backend as make_pool

    return make_pool(
        assignment,
        workers=options.workers,
        device=options.device,
        sandbox=options.sandbox,
        warn=options.warn,
        warm=options.warm,
    )


def subprocess_backend(assignment: Assignment, options: BackendOptions) -> ExecutionBackend:
    """A fresh unsandboxed process per submission (trusted local use only), announced as such
    to ``options.warn`` (default: the log)."""
    from autograder.execution.factory import UNSAFE_WARNING, log
    from autograder.execution.process import SubprocessBackend

    (options.warn or log.warning)(UNSAFE_WARNING)
    return SubprocessBackend()
