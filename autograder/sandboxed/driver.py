"""The untrusted side: run a submission's cells, then call its functions on grader-chosen inputs.

This module runs inside the sandbox (``python -m autograder.sandboxed.driver``). It reads one job
as JSON on stdin, executes the notebook cells in a fresh namespace, performs the calls the trusted
side asked for (:mod:`autograder.protocol.perform`) and streams their outputs, gradients and
exceptions as plain data on the protocol file descriptor. It decides nothing: every verdict is
reached on the trusted side.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import linecache
import os
import re
import sys
from collections.abc import Callable
from typing import Any, TextIO

from autograder.protocol.messages import CellSpec, JobPayload, Message
from autograder.protocol.perform import describe_exception, load_functions, perform

_MAGIC = re.compile(r"^(\s*)([%!].*)$", re.MULTILINE)


def strip_magics(source: str) -> str:
    """Comment out IPython magics and shell escapes, which plain Python cannot run."""
    return _MAGIC.sub(r"\1# \2", source)


def run_cells(
    cells: list[CellSpec],
    namespace: dict[str, Any],
    on_cell: Callable[[str], None] | None = None,
) -> list[dict[str, Any]]:
    """Execute cells in order like a kernel with ``allow_errors``; return one record per failure.

    ``on_cell`` is told each cell's name before it runs, so that the trusted side knows which
    cell hung or killed the process."""
    errors = []
    for cell in cells:
        if on_cell is not None:
            on_cell(cell["name"])
        filename = f"<{cell['name']}>"
        source = strip_magics(cell["source"])
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        try:
            exec(compile(source, filename, "exec"), namespace)
        except (Exception, SystemExit) as exc:
            errors.append({"cell": cell["name"], **describe_exception(exc)})
    return errors


# foreign-format runners by name: ``module:function`` taking (job, emit) and emitting the same
# message sequence as ``run_job`` (question_start, result, question_done for each question, done)
RUNNERS = {
    "nbgrader": "autograder.sandboxed.nbgrader_runner:run",
    "otter": "autograder.sandboxed.otter_runner:run",
}


def run_job(job: JobPayload, emit: Callable[[Message], None]) -> None:
    """Run the cells, then every question's calls, emitting one message per step (or hand the
    job to the foreign-format runner it names)."""
    if job.get("runner"):
        module, _, name = RUNNERS[str(job["runner"])].partition(":")
        getattr(importlib.import_module(module), name)(job, emit)
        return
    device = job.get("device", "cpu")
    functions = load_functions(job.get("functions", ""))
    namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": __builtins__}
    emit({"type": "cells_start"})
    errors = run_cells(
        job["cells"], namespace, on_cell=lambda name: emit({"type": "cell", "name": name})
    )
    emit({"type": "cells_done", "errors": errors})
    with contextlib.suppress(Exception):
        sys.modules["matplotlib.pyplot"].close("all")
    for question in job["questions"]:
        emit({"type": "question_start", "question": question["id"]})
        for call in question["calls"]:
            emit(
                {
                    "type": "result",
                    "question": question["id"],
                    "call": call["id"],
                    "record": perform(call, namespace, device, functions=functions),
                }
            )
        emit({"type": "question_done", "question": question["id"]})
    for stream in (sys.stdout, sys.stderr):  # the grader may stop us as soon as it reads "done"
        with contextlib.suppress(Exception):
            stream.flush()
    emit({"type": "done"})


def _protocol_stream() -> TextIO:
    fd = int(os.environ.get("AUTOGRADER_PROTOCOL_FD", "3"))
    return os.fdopen(fd, "w", buffering=1, encoding="utf-8", closefd=True)


def main() -> None:
    """Entry point inside the sandbox: job on stdin, messages on the protocol descriptor."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    job = json.loads(sys.stdin.read())
    sys.stdin = open(os.devnull)  # noqa: SIM115 - students' input() gets EOF, not the job
    stream = _protocol_stream()

    def emit(message: Message) -> None:
        stream.write(json.dumps(message) + "\n")
        stream.flush()

    run_job(job, emit)
    stream.close()
    sys.stdout.flush()
    os._exit(0)  # skip atexit hooks a submission may have registered


if __name__ == "__main__":
    main()
