"""The Dask backend: each submission is one task on a ``distributed`` cluster, and every Dask
worker process hosts a warm sandbox pool of its own, on its node.

The client (the grader) submits ``run_on_worker(job, limits, sandbox)`` with ``pure=False`` (every
run is a new task, never a cached one). On the worker the job runs on a pool kept in a
module-level cache keyed by (data dir, device, sandboxed), created on first use: the warm
bubblewrap pool (:class:`WarmPoolBackend`), or plain subprocesses when the options say no
sandbox. The time and memory limits are the sandbox's, enforced by that pool; the nanny's are not
relied on. CUDA jobs ask for ``resources={"GPU": 1}``, so only workers started with
``--resources GPU=1`` take them. If a worker dies mid-task Dask runs the task again elsewhere; if it
keeps dying (the scheduler's ``allowed-failures``), the run comes back failed for every question.

The job's ``data_dir`` (the assignment's folder) must be readable at the same path on every
worker: a shared file system, or the same checkout on each node.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
from collections import Counter
from concurrent.futures import CancelledError
from pathlib import Path

from autograder.course import Assignment
from autograder.exceptions import GraderError, UsageError
from autograder.execution.base import ExecutionBackend, Job, Limits, RunResult
from autograder.execution.registry import BackendOptions

log = logging.getLogger(__name__)
CONNECT_SECONDS = 10.0

_pools: dict[tuple[str, str, bool], ExecutionBackend] = {}
_pools_lock = threading.Lock()


def _worker_pool(data_dir: Path | None, device: str, sandbox: bool) -> ExecutionBackend:
    """This worker process's pool for (data dir, device, sandboxed), started on first use with
    one warm sandbox per Dask thread of the worker."""
    key = (str(data_dir or ""), device, sandbox)
    with _pools_lock:
        pool = _pools.get(key)
        if pool is None:
            if sandbox:
                from distributed import get_worker

                from autograder.execution.pool import WarmPoolBackend
                from autograder.execution.sandbox import SandboxConfig, check_available

                check_available()
                threads = max(get_worker().state.nthreads, 1)
                pool = WarmPoolBackend(threads, SandboxConfig(data_dir=data_dir, device=device))
            else:
                from autograder.execution.process import SubprocessBackend

                pool = SubprocessBackend()
            if not _pools:
                atexit.register(close_worker_pools)
            _pools[key] = pool
        return pool


def close_worker_pools() -> None:
    """Stop every pool this process hosts (at exit; the sandboxes also die with their parent)."""
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.close()


def run_on_worker(job: Job, limits: Limits, sandbox: bool) -> tuple[RunResult, str]:
    """The task: run ``job`` on this worker's pool; returns the result and the worker's name
    (so the client can tell where each job ran)."""
    from distributed import get_worker

    pool = _worker_pool(job.data_dir, job.device, sandbox)
    return pool.run(job, limits), str(get_worker().name)


class DaskBackend(ExecutionBackend):
    """Submits each job as one task to the Dask scheduler at ``scheduler``."""

    def __init__(
        self, scheduler: str, *, sandbox: bool = True, connect_seconds: float = CONNECT_SECONDS
    ) -> None:
        from distributed import Client

        self.scheduler = scheduler
        self.sandbox = sandbox
        self.ran_on: Counter[str] = Counter()  # jobs run, by Dask worker name
        self._lock = threading.Lock()
        try:
            self.client = Client(  # type: ignore[no-untyped-call]
                scheduler, timeout=connect_seconds, set_as_default=False
            )
        except (OSError, TimeoutError, ValueError) as exc:
            raise UsageError(
                f"cannot reach the Dask scheduler at {scheduler}: {exc} (start one with "
                "'dask scheduler', then pass its address with --scheduler tcp://HOST:PORT)"
            ) from None

    @staticmethod
    def resources(job: Job) -> dict[str, float] | None:
        """What a task of this job asks of its worker: a GPU for CUDA jobs, nothing otherwise."""
        return {"GPU": 1} if job.device == "cuda" else None

    def run(self, job: Job, limits: Limits) -> RunResult:
        """Run the job as one Dask task; a task that killed every worker it ran on comes back as
        a failed run for every question. A lost scheduler is a GraderError (stop the batch)."""
        from distributed import KilledWorker
        from distributed.client import ClosedClientError

        lost = (ClosedClientError, OSError, TimeoutError, CancelledError)
        try:
            future = self.client.submit(
                run_on_worker, job, limits, self.sandbox, pure=False, resources=self.resources(job)
            )
        except lost as exc:
            raise self._lost(exc) from None
        try:
            result, worker = future.result()
        except KilledWorker as exc:
            return RunResult.failed(
                job,
                "the grading worker died each time this submission ran "
                f"({exc.__class__.__name__}); it was not graded",
            )
        except lost as exc:
            raise self._lost(exc) from None
        finally:
            future.release()  # type: ignore[no-untyped-call]
        with self._lock:
            self.ran_on[worker] += 1
        if not isinstance(result, RunResult):
            raise GraderError(f"the Dask worker {worker} returned {type(result).__name__}")
        return result

    def _lost(self, exc: BaseException) -> GraderError:
        return GraderError(
            f"lost the Dask scheduler at {self.scheduler}: {exc}; run the batch again "
            "to resume the unfinished submissions"
        )

    def close(self) -> None:
        """Disconnect from the scheduler (the cluster and its pools keep running)."""
        self.client.close()  # type: ignore[no-untyped-call]


def dask_backend(assignment: Assignment, options: BackendOptions) -> ExecutionBackend:
    """The Dask backend at ``options.scheduler``; a UsageError when it is missing or unreachable."""
    if not options.scheduler:
        raise UsageError(
            "the dask backend needs the scheduler's address: --scheduler tcp://HOST:PORT"
        )
    from autograder.execution.factory import UNSAFE_WARNING
    from autograder.execution.sandbox import NO_SANDBOX_ENV

    sandbox = options.sandbox and os.environ.get(NO_SANDBOX_ENV) != "1"
    if not sandbox:
        (options.warn or log.warning)(UNSAFE_WARNING)
    return DaskBackend(options.scheduler, sandbox=sandbox)
