"""The warm worker: runs inside a sandbox, imports the libraries the assignment's notebook uses
once (named by the grader on its command line), and forks one fresh child per submission.

Protocol: job requests arrive as JSON lines on stdin (``{"id", "job", "limits"}``, or
``{"kill": id}``); messages go out as JSON lines on the protocol descriptor. A child is forked
ahead of time and waits for its job, so fork latency is off the critical path. Children run one at
a time: after each one the worker kills every other process in the sandbox (``kill(-1)`` in its
PID namespace), wipes the scratch space and ``/tmp``, and reports the child's exit status with the
tails of its stdout and stderr. The next child is forked from the worker's clean state, so no file
or module state of one submission reaches the next.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import importlib
import json
import os
import re
import resource
import select
import shutil
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from autograder.protocol.files import copy_data, read_tail
from autograder.protocol.messages import ChildExit, JobPayload, JobRequest, Message, Ready

SCRATCH = Path("/grading/work")
DATA = Path("/grading/data")
PR_SET_DUMPABLE = 4
PR_SET_CHILD_SUBREAPER = 36


def _prctl(option: int, value: int) -> None:
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0)


# what a worker imports when it is not told: the libraries of the course's notebooks
DEFAULT_WARM = ("matplotlib.pyplot", "numpy", "sympy", "torch")
_MODULE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")


def warm_imports(modules: Sequence[str] = DEFAULT_WARM) -> None:
    """Import what submissions use, so that children start with it already loaded: numpy and
    ``autograder.public`` always, and ``modules`` (the libraries the assignment's notebook
    imports, named by the grader; a name that does not import is left to the child). A runner
    module of ours among them (``autograder.sandboxed.nbgrader_runner``) also runs its
    ``warm_up``, which loads what its first job would."""
    names = [m for m in modules if _MODULE_NAME.fullmatch(m)]
    if any(m.split(".")[0] == "matplotlib" for m in names):
        _install_font_list()
        import matplotlib

        matplotlib.use("Agg")
    import numpy  # noqa: F401

    for name in names:
        with contextlib.suppress(Exception):
            module = importlib.import_module(name)
            if name.startswith("autograder.sandboxed."):  # a foreign-format runner's warm-up
                getattr(module, "warm_up", lambda: None)()
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(1)
    import autograder.public  # noqa: F401 - every notebook's setup cell imports it
    from autograder.protocol.perform import configure_for

    configure_for(os.environ.get("AUTOGRADER_DEVICE", "cpu"))
    _warm_up()


def _install_font_list() -> None:
    """Copy the grader's font list (mounted read-only, see ``execution.fonts``) into this
    sandbox's matplotlib cache folder, so that importing matplotlib does not search the fonts."""
    source, target = os.environ.get("AUTOGRADER_FONTS"), os.environ.get("MPLCONFIGDIR")
    if not source or not target:
        return
    with contextlib.suppress(OSError):
        os.makedirs(target, exist_ok=True)
        for path in Path(source).glob("fontlist-*.json"):
            shutil.copyfile(path, Path(target) / path.name)


def _warm_up() -> None:
    """Run one small job of every call mode of the libraries imported here, so that lazy
    imports and first-call caches (autograd, encoders, SymPy printing) are paid once, not once
    per child."""
    import numpy as np

    from autograder.protocol import wire
    from autograder.protocol.calls import Call
    from autograder.sandboxed.driver import run_job

    source, calls = "import numpy as np\n", []
    if "torch" in sys.modules:
        source += "import torch\ndef f(w, X):\n    return torch.tanh(w @ X).sum(dim=0)\n"
        w = wire.TensorArg(np.ones((1, 2)), True, "w")
        x = wire.TensorArg(np.ones((2, 3)))
        calls += [
            Call("f", (w, x), mode="value").to_wire(0),
            Call("f", (w, x), mode="vjp").to_wire(1),
            Call("f", (w, x), mode="jacobian").to_wire(2),
        ]
    if "sympy" in sys.modules:
        import sympy

        source += "import sympy as sp\ndef g(x):\n    return sp.diff(sp.sin(x) * x, x)\n"
        calls.append(Call("g", (sympy.Symbol("x"),)).to_wire(3))
    source += "def h(a):\n    return np.tanh(a).sum()\n"
    calls.append(Call("h", (np.ones((2, 3)),)).to_wire(4))
    job: JobPayload = {
        "cells": [{"name": "warm-up", "source": source}],
        "questions": [{"id": "warm-up", "calls": calls}],
    }
    run_job(job, lambda message: None)


def apply_limits(limits: dict[str, Any]) -> None:
    """Per-child resource limits; memory by address space only when no cgroup limits it."""

    def cap(which: int, value: int) -> None:
        _, hard = resource.getrlimit(which)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(which, (value, value))

    cap(resource.RLIMIT_CORE, 0)
    cap(resource.RLIMIT_CPU, int(limits.get("cpu_seconds", 600)))
    cap(resource.RLIMIT_NOFILE, int(limits.get("open_files", 256)))
    cap(resource.RLIMIT_FSIZE, int(limits.get("file_bytes", 64 * 1024 * 1024)))
    cap(resource.RLIMIT_NPROC, int(limits.get("processes", 64)))
    address_space = limits.get("address_space_bytes")
    if address_space:
        cap(resource.RLIMIT_AS, int(address_space))
    with contextlib.suppress(OSError):  # the child is the OOM killer's first choice, not us
        Path("/proc/self/oom_score_adj").write_text("1000")


def child_main(job_fd: int, proto: TextIO) -> None:
    """In the forked child: wait for the job, set up its scratch and limits, run it."""
    os.setsid()
    with os.fdopen(job_fd, "r") as f:
        request: JobRequest = json.loads(f.read())
    workdir = SCRATCH / "job"
    workdir.mkdir()
    if DATA.is_dir():
        copy_data(DATA, workdir)
    os.chdir(workdir)
    out = os.open(SCRATCH / ".stdout", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    err = os.open(SCRATCH / ".stderr", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(out, 1)
    os.dup2(err, 2)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    sys.stdin = open(os.devnull)  # noqa: SIM115
    apply_limits(request.get("limits", {}))
    job_id = request["id"]

    def emit(message: Message) -> None:
        proto.write(json.dumps({**message, "job": job_id}) + "\n")
        proto.flush()

    from autograder.sandboxed.driver import run_job

    run_job(request["job"], emit)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _clean() -> None:
    """Kill every process of the sandbox but this one, then wipe scratch and /tmp (all but
    matplotlib's font cache, when this worker imported matplotlib and wrote it)."""
    keep_mpl = "matplotlib" in sys.modules
    for _ in range(50):
        try:
            os.kill(-1, signal.SIGKILL)
        except ProcessLookupError:
            break
        try:
            while os.waitpid(-1, os.WNOHANG)[0] > 0:
                pass
        except ChildProcessError:
            pass
    for root in (SCRATCH, Path("/tmp"), Path("/dev/shm")):
        for item in root.iterdir():
            if root == Path("/tmp") and item.name == ".matplotlib" and keep_mpl:
                continue
            if item.is_dir() and not item.is_symlink():
                shutil.rmtree(item, ignore_errors=True)
            else:
                item.unlink(missing_ok=True)


class Zygote:
    """The worker's main loop."""

    def __init__(self, proto: TextIO) -> None:
        self.proto = proto
        self.child: tuple[int, int] | None = None  # (pid, job pipe write end)

    def emit(self, message: Ready | ChildExit) -> None:
        self.proto.write(json.dumps(message) + "\n")
        self.proto.flush()

    def prefork(self) -> None:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(write_end)
            try:
                child_main(read_end, self.proto)
            finally:
                os._exit(70)
        os.close(read_end)
        self.child = (pid, write_end)

    def serve(self) -> None:
        self.emit({"type": "ready"})
        stdin = sys.stdin.buffer
        while True:
            if self.child is None:
                self.prefork()
            line = stdin.readline()
            if not line:
                return
            request = json.loads(line)
            if "kill" in request:
                continue  # no job running
            self.run(request, stdin, line)

    def run(self, request: JobRequest, stdin: Any, line: bytes) -> None:
        """Hand the request (its line as received: no second encoding) to the waiting child,
        wait for it to end or for a kill request, then clean up and report its exit."""
        if self.child is None:
            raise RuntimeError("no child was forked for this job")
        pid, job_pipe = self.child
        self.child = None
        with os.fdopen(job_pipe, "wb") as f:
            f.write(line)
        killed = False
        pidfd = os.pidfd_open(pid)
        try:
            while True:
                ready, _, _ = select.select([pidfd, stdin], [], [])
                if stdin in ready:
                    message = stdin.readline()
                    if not message:
                        os.kill(pid, signal.SIGKILL)
                        _clean()
                        raise SystemExit(0)
                    if json.loads(message).get("kill") == request["id"]:
                        killed = True
                        os.kill(pid, signal.SIGKILL)
                if pidfd in ready:
                    break
        finally:
            os.close(pidfd)
        _, status = os.waitpid(pid, 0)
        stdout, stderr = read_tail(SCRATCH / ".stdout"), read_tail(SCRATCH / ".stderr")
        _clean()
        code = os.waitstatus_to_exitcode(status)
        self.emit(
            {
                "type": "exit",
                "job": request["id"],
                "returncode": code,
                "killed": killed,
                "stdout": stdout,
                "stderr": stderr,
            }
        )


def main() -> None:
    fd = int(os.environ.get("AUTOGRADER_PROTOCOL_FD", "3"))
    proto = os.fdopen(fd, "w", buffering=1, encoding="utf-8")
    _prctl(PR_SET_DUMPABLE, 0)
    _prctl(PR_SET_CHILD_SUBREAPER, 1)
    prepare(sys.argv[1].split(",") if len(sys.argv) > 1 else DEFAULT_WARM)
    Zygote(proto).serve()


def prepare(modules: Sequence[str]) -> None:
    """Make this process the state every child is forked from: ``warm_imports``, then what
    they loaded made permanent, so that a child's collections skip its ~250,000 objects (a full
    pass over them took 85 ms and dirtied every page the child shares with this process). No
    collection first: that would cost the first result the same 85 ms, to free a little."""
    warm_imports(modules)
    gc.freeze()


if __name__ == "__main__":
    main()
