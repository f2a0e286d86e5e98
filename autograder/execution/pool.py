"""The sandboxed execution backend: a pool of warm bubblewrap workers, one per core by default.

Each worker is a bubblewrap sandbox running :mod:`autograder.sandboxed.worker`, which has already
imported the libraries the assignment's notebook imports (numpy, torch, SymPy, matplotlib,
scikit-learn ...: :func:`warm_modules`) and forks one fresh child per submission. The grader
side here feeds jobs, reads the protocol stream, enforces wall-clock limits (asking the worker to
kill a child that overruns, and destroying the whole sandbox if the worker does not answer), and
replaces workers that die. Where a memory cgroup can be created, each worker gets one; otherwise
CPU-only children get an address-space limit (never with CUDA).
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograder.exceptions import GraderError
from autograder.execution.base import (
    ExecutionBackend,
    Job,
    Limits,
    RunResult,
    collect,
    describe_exit,
    read_messages,
)
from autograder.execution.memory import MemoryCgroup
from autograder.execution.sandbox import SandboxConfig, bwrap_command
from autograder.protocol.messages import JobRequest, KillRequest, kind_of

STARTUP_SECONDS = 120.0
# libraries a worker imports before forking when the assignment's notebook imports them: heavy
# to import (0.3-1.5 s each), fork-safe (no threads at import); anything else the child imports
WARM_LIBRARIES = frozenset(
    {"matplotlib", "mpmath", "numpy", "pandas", "scipy", "sklearn", "sympy", "torch"}
)
# what a worker imports when there is no notebook to read (no data folder): the usual set
DEFAULT_WARM = ("matplotlib.pyplot", "numpy", "sympy", "torch")


def notebook_imports(source: str) -> set[str]:
    """Modules a cell's code imports, by dotted name (``from a import b`` gives ``a`` and
    ``a.b``, which may be a submodule); magics are skipped, a cell that does not parse gives
    nothing."""
    code = "\n".join(
        line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))
    )
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return set()
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def warm_modules(data_dir: Path | None) -> tuple[str, ...]:
    """The modules a worker for this data folder imports up front: those of ``WARM_LIBRARIES``
    that the folder's notebooks import (so an assignment without SymPy or torch does not wait
    for them, and one with scikit-learn does not import it once per submission)."""
    notebooks = sorted(Path(data_dir).glob("*.ipynb")) if data_dir is not None else []
    if not notebooks:
        return DEFAULT_WARM
    found: set[str] = set()
    for path in notebooks:
        with contextlib.suppress(OSError, ValueError):
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
            for cell in cells if isinstance(cells, list) else []:
                if isinstance(cell, dict) and cell.get("cell_type") == "code":
                    source = cell.get("source", "")
                    found |= notebook_imports(
                        "".join(source) if isinstance(source, list) else str(source)
                    )
    return tuple(sorted(m for m in found if m.split(".")[0] in WARM_LIBRARIES))


@dataclass(frozen=True)
class ResourceLimits:
    """Per-submission resource limits applied inside the sandbox."""

    memory_bytes: int = 4 * 1024**3
    cpu_seconds: int = 600
    open_files: int = 256
    file_bytes: int = 64 * 1024**2
    processes: int = 64

    def for_child(self, cgroup: bool, device: str) -> dict[str, Any]:
        limits: dict[str, Any] = {
            "cpu_seconds": self.cpu_seconds,
            "open_files": self.open_files,
            "file_bytes": self.file_bytes,
            "processes": self.processes,
        }
        if not cgroup and device == "cpu":
            limits["address_space_bytes"] = self.memory_bytes + 6 * 1024**3  # torch's mappings
        return limits


class WorkerDied(Exception):
    pass


class SandboxWorker:
    """One warm sandbox and the grader's end of its pipes."""

    def __init__(
        self,
        config: SandboxConfig,
        resources: ResourceLimits,
        index: int,
        modules: tuple[str, ...] = DEFAULT_WARM,
    ) -> None:
        self.config = config
        self.resources = resources
        self.jobs = 0
        self.cgroup = MemoryCgroup.create(
            f"w{os.getpid()}-{index}-{time.monotonic_ns()}", resources.memory_bytes
        )
        read_fd, write_fd = os.pipe()
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the worker
        argv = [sys.executable, "-m", "autograder.sandboxed.worker", ",".join(modules)]
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        launch = bwrap_command(config, argv, protocol_fd=write_fd)
        cgroup = self.cgroup

        def pre_exec() -> None:
            if cgroup is not None:
                cgroup.enter()
            launch.pre_exec()

        self.launch = launch
        try:
            self.proc = subprocess.Popen(
                launch.argv,
                stdin=subprocess.PIPE,
                stdout=self.log,
                stderr=self.log,
                pass_fds=(write_fd,),
                env=env,
                start_new_session=True,
                preexec_fn=pre_exec,
            )
        finally:
            os.close(write_fd)
        self.messages: queue.Queue[Any] = queue.Queue()
        threading.Thread(target=read_messages, args=(read_fd, self.messages), daemon=True).start()
        self.ready = threading.Event()

    def wait_ready(self) -> None:
        if self.ready.is_set():
            return
        try:
            msg = self.messages.get(timeout=STARTUP_SECONDS)
        except queue.Empty:
            msg = None
        if kind_of(msg) != "ready":
            tail = self.log_tail()
            self.kill()
            raise WorkerDied(f"the sandbox worker failed to start: {tail}")
        self.ready.set()

    def log_tail(self) -> str:
        if self.log.closed:
            return ""
        self.log.seek(0)
        return self.log.read()[-2000:].decode("utf-8", "replace")

    def send(self, message: JobRequest | KillRequest) -> None:
        if self.proc.stdin is None or self.proc.stdin.closed:
            raise WorkerDied("the sandbox worker is gone")
        self.proc.stdin.write((json.dumps(message) + "\n").encode())
        self.proc.stdin.flush()

    def run(self, job: Job, limits: Limits) -> RunResult:
        """Run one job in a fresh child of this worker."""
        self.wait_ready()
        self.jobs += 1
        job_id = self.jobs
        oom_before = self.cgroup.oom_kills() if self.cgroup else 0
        request: JobRequest = {
            "id": job_id,
            "job": job.wire(),
            "limits": self.resources.for_child(self.cgroup is not None, job.device),
        }
        started = time.monotonic()
        try:
            self.send(request)
        except (BrokenPipeError, OSError):
            raise WorkerDied("the sandbox worker is gone") from None
        stream = _JobStream(self.messages, job_id)
        result = collect(stream, job, limits, started)
        exit_msg = stream.exit_message
        if exit_msg is None:
            if result.failures:  # timeout: ask the worker to kill the child
                with contextlib.suppress(BrokenPipeError, OSError, WorkerDied):
                    kill: KillRequest = {"kill": job_id}
                    self.send(kill)
            exit_msg = stream.wait_exit(timeout=10.0)
        if exit_msg is None:  # the worker itself is unresponsive: destroy it (the pool replaces it)
            self.kill()
            result.fail_unfinished(job, "the sandbox worker stopped responding")
        else:
            result.stdout, result.stderr = (
                str(exit_msg.get("stdout", "")),
                str(exit_msg.get("stderr", "")),
            )
            code = exit_msg.get("returncode")
            oom = bool(self.cgroup and self.cgroup.oom_kills() > oom_before)
            reason = _reason(code if isinstance(code, int) else None, oom, self.resources)
            result.fail_unfinished(job, reason)
        result.seconds = time.monotonic() - started
        return result

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        """Destroy the sandbox and release everything the worker held (process, pipe, log)."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, 9)
        self.proc.wait()
        if self.proc.stdin is not None:
            with contextlib.suppress(OSError):
                self.proc.stdin.close()
        self.log.close()
        self.launch.cleanup()
        if self.cgroup:
            self.cgroup.remove()


def _reason(code: int | None, oom: bool, resources: ResourceLimits) -> str:
    if oom:
        return f"out of memory: the submission used more than {resources.memory_bytes // 2**20} MB"
    if code == -24:
        return f"CPU time limit: the submission used more than {resources.cpu_seconds} s of CPU"
    if code == -25:
        return f"output limit: a file or stdout grew beyond {resources.file_bytes // 2**20} MB"
    if code == -11:
        return "the process crashed with a segmentation fault (signal 11, SIGSEGV)"
    return describe_exit(code)


class _JobStream:
    """Messages of one job from a worker's stream; stale messages of other jobs are dropped."""

    def __init__(self, messages: queue.Queue[Any], job_id: int) -> None:
        self.messages = messages
        self.job_id = job_id
        self.exit_message: dict[str, Any] | None = None

    def get(self, timeout: float) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            msg = self.messages.get(timeout=max(deadline - time.monotonic(), 0.0))
            if msg is None:
                return None
            if kind_of(msg) == "exit":
                if msg.get("job") == self.job_id:
                    self.exit_message = msg
                    return {"type": "exit"}
                continue
            if isinstance(msg, dict) and msg.get("job") not in (self.job_id, None):
                continue
            return msg

    def wait_exit(self, timeout: float) -> dict[str, Any] | None:
        deadline = time.monotonic() + timeout
        while self.exit_message is None and time.monotonic() < deadline:
            try:
                if self.get(timeout=max(deadline - time.monotonic(), 0.0)) is None:
                    break
            except queue.Empty:
                break
        return self.exit_message


class WarmPoolBackend(ExecutionBackend):
    """``workers`` warm sandboxes; each submission runs in a fresh child of an idle one."""

    def __init__(
        self,
        workers: int,
        config: SandboxConfig,
        resources: ResourceLimits | None = None,
        modules: tuple[str, ...] | None = None,
    ) -> None:
        """``modules``: what each worker imports before forking (default: :func:`warm_modules`
        of the data folder)."""
        self.config = config
        self.resources = resources or ResourceLimits()
        self.idle: queue.Queue[SandboxWorker] = queue.Queue()
        self.all: list[SandboxWorker] = []
        self.lock = threading.Lock()
        self.closed = False
        self.modules = warm_modules(config.data_dir) if modules is None else modules
        for i in range(max(workers, 1)):
            self._add(SandboxWorker(config, self.resources, i, self.modules))

    def _add(self, worker: SandboxWorker) -> None:
        with self.lock:
            closed = self.closed
            if not closed:
                self.all.append(worker)
        if closed:  # a replacement started while the pool was closing: never leave it running
            worker.kill()
            return
        self.idle.put(worker)

    def _replace(self, worker: SandboxWorker) -> None:
        """Kill a dead or broken worker and, unless the pool is closing, start a fresh one."""
        worker.kill()  # reaps it and removes its cgroup and staging folder
        if not self.closed:
            self._add(SandboxWorker(self.config, self.resources, len(self.all), self.modules))

    def run(self, job: Job, limits: Limits) -> RunResult:
        """Run ``job`` in a fresh child of an idle worker; a job whose data folder is not the
        one mounted in the pool's sandboxes is refused (a GraderError: a grader bug)."""
        self.check_data_dir(job)
        worker = self.idle.get()
        while not worker.alive:  # died while idle (e.g. killed by its last child's leftovers)
            self._replace(worker)
            if self.closed:
                return RunResult.failed(job, "the grader is stopping")
            worker = self.idle.get()
        try:
            result = worker.run(job, limits)
        except WorkerDied as exc:
            self._replace(worker)
            return RunResult.failed(job, str(exc))
        if worker.alive and not self.closed:
            self.idle.put(worker)
        else:
            self._replace(worker)
        return result

    def check_data_dir(self, job: Job) -> None:
        """Warm sandboxes mount one data folder when they start, so a job may only ask for that
        one (or for none: then the mounted folder is there but unused)."""
        if job.data_dir is None:
            return
        mounted = self.config.data_dir
        if mounted is None or Path(job.data_dir).resolve() != Path(mounted).resolve():
            raise GraderError(
                f"this warm pool's sandboxes mount the data folder {mounted or '(none)'}, "
                f"but the job needs {job.data_dir}: build a pool for that assignment"
            )

    def close(self) -> None:
        """Stop every worker at once: there is nothing to flush, so no need to wait."""
        with self.lock:
            self.closed = True
            workers = list(self.all)
        for worker in workers:
            worker.kill()
