"""A fresh ``python -m autograder.sandboxed.driver`` per submission, without a sandbox: for
students checking their own code, and the explicit unsafe opt-out.
"""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from autograder.execution.base import (
    SAFE_ENV,
    ExecutionBackend,
    Job,
    Limits,
    RunResult,
    _feed,
    _kill_group,
    collect,
    describe_exit,
    read_messages,
)
from autograder.protocol.files import copy_data, read_tail


class SubprocessBackend(ExecutionBackend):
    """A fresh Python process per submission: isolation by process boundary only."""

    def command(self, scratch: Path) -> list[str]:
        return [sys.executable, "-m", "autograder.sandboxed.driver"]

    def environment(self, scratch: Path, fd: int) -> dict[str, str]:
        env = {k: os.environ[k] for k in SAFE_ENV if k in os.environ}
        env.update(
            {
                "HOME": str(scratch),
                "TMPDIR": str(scratch),
                "MPLBACKEND": "Agg",
                "MPLCONFIGDIR": str(scratch / ".mpl"),
                "AUTOGRADER_PROTOCOL_FD": str(fd),
                "PYTHONDONTWRITEBYTECODE": "1",
                "OMP_NUM_THREADS": "1",
                "CUBLAS_WORKSPACE_CONFIG": ":4096:8",
                "PYTHONHASHSEED": "0",
            }
        )
        return env

    def run(self, job: Job, limits: Limits) -> RunResult:
        scratch = Path(tempfile.mkdtemp(prefix="autograder-"))
        try:
            if job.data_dir is not None:
                copy_data(job.data_dir, scratch)
            return self._run_in(scratch, job, limits)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    def _run_in(self, scratch: Path, job: Job, limits: Limits) -> RunResult:
        read_fd, write_fd = os.pipe()
        out_path, err_path = scratch / ".stdout", scratch / ".stderr"
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            proc = subprocess.Popen(
                self.command(scratch),
                stdin=subprocess.PIPE,
                stdout=out,
                stderr=err,
                cwd=scratch,
                pass_fds=(write_fd,),
                env=self.environment(scratch, write_fd),
                start_new_session=True,
            )
        os.close(write_fd)
        started = time.monotonic()
        messages: queue.Queue[Any] = queue.Queue()
        threading.Thread(target=read_messages, args=(read_fd, messages), daemon=True).start()
        threading.Thread(target=_feed, args=(proc, job.payload()), daemon=True).start()
        result = collect(messages, job, limits, started)
        _kill_group(proc)
        result.fail_unfinished(job, describe_exit(proc.returncode))
        result.stdout, result.stderr = read_tail(out_path), read_tail(err_path)
        result.seconds = time.monotonic() - started
        return result
