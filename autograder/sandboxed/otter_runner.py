"""Grade an otter-grader submission with otter's own grading, inside the sandbox.

Runs in the sandboxed driver for jobs with ``runner="otter"``. It lays the submission notebook
and the otter test files (plain text in ``runner_input``) out in the scratch directory as otter's
autograder does, calls :func:`otter.execute.grade_notebook` (nbconvert runs the notebook in a
Jupyter kernel, a child process, with otter's logging server on loopback) and turns otter's
``GradingResults`` into plain JSON records here, so that the trusted side never unpickles
anything a student's kernel produced. One ``result`` record (call 0) per question:
``{"name", "score", "possible", "all_or_nothing", "cases": [...]}`` or ``{"error": reason}``.
"""

from __future__ import annotations

import base64
import contextlib
import glob
import math
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from autograder.protocol.messages import JobPayload, Message

MESSAGE_CHARS = 4000
NOTEBOOK_NAME = "submission.ipynb"


def write_inputs(workdir: Path, runner_input: dict[str, Any]) -> Path:
    """Write the notebook, ``tests/*.py`` and support files as otter's autograder lays them out
    (``__init__.py`` files included, for relative imports); return the notebook's path."""
    tests = workdir / "tests"
    tests.mkdir(exist_ok=True)
    for name, text in dict(runner_input.get("tests", {})).items():
        (tests / Path(str(name)).name).write_text(str(text), encoding="utf-8")
    for name, data in dict(runner_input.get("files", {})).items():
        parts = [p for p in Path(str(name)).parts if p not in ("", ".", "..", "/")]
        if parts:
            target = workdir.joinpath(*parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(base64.b64decode(str(data)))
    (workdir / "__init__.py").touch()
    notebook = workdir / NOTEBOOK_NAME
    notebook.write_text(str(runner_input.get("notebook", "")), encoding="utf-8")
    return notebook


def _number(value: Any) -> float:
    """A finite float (otter's points may be ints, floats or numpy scalars)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return number if math.isfinite(number) else 0.0


def _text(value: Any) -> str:
    return "" if value is None else str(value)[:MESSAGE_CHARS]


def test_file_record(test_file: Any) -> dict[str, Any]:
    """One otter ``TestFile`` (after grading) as plain JSON: its cases with their points,
    visibility, outcome and otter's message."""
    results = {id(r.test_case): r for r in test_file.test_case_results}
    by_name = {r.test_case.name: r for r in test_file.test_case_results}
    cases = []
    for case in test_file.test_cases:
        outcome = results.get(id(case)) or by_name.get(case.name)
        cases.append(
            {
                "name": _text(case.name),
                "hidden": bool(case.hidden),
                "points": _number(case.points),
                "passed": bool(outcome is not None and outcome.passed),
                "message": _text(outcome.message if outcome is not None else "not run"),
            }
        )
    return {
        "name": _text(test_file.name),
        "score": _number(test_file.score),
        "possible": _number(test_file.possible),
        "all_or_nothing": bool(test_file.all_or_nothing),
        "cases": cases,
    }


def notebook_errors(notebook: Any) -> list[dict[str, Any]]:
    """The executed notebook's error outputs, as the driver reports failed cells."""
    errors: list[dict[str, Any]] = []
    for index, cell in enumerate(getattr(notebook, "cells", None) or []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            if output.get("output_type") == "error":
                errors.append(
                    {
                        "cell": f"cell {index}",
                        "type": _text(output.get("ename")),
                        "mro": [],
                        "message": _text(output.get("evalue"))[:2000],
                        "where": None,
                        "traceback": "",
                    }
                )
    return errors[:100]


def warm_up() -> None:
    """For a warm worker, before it forks children: import otter's grading and nbconvert's
    executor, which took about 1.8 s of every submission in a cold child. No kernel, socket or
    thread is started here."""
    import nbconvert.preprocessors  # noqa: F401
    import otter.execute
    import otter.execute.logging
    import otter.execute.preprocessor
    import otter.test_files  # noqa: F401


def _loopback_server() -> tuple[tuple[str, int], Callable[[], None]]:
    """otter's logging server bound to 127.0.0.1: otter binds ``localhost``, which the sandbox
    cannot resolve (it has no ``/etc/hosts``; its network namespace has loopback only)."""
    from otter.execute.logging import LogRecordSocketReceiver

    server = LogRecordSocketReceiver(host="127.0.0.1")
    threading.Thread(target=server.serve_until_stopped, daemon=True).start()

    def stop() -> None:
        server.abort = True

    return server.server_address, stop


def grade(runner_input: dict[str, Any], workdir: Path) -> tuple[dict[str, Any], list[Any]]:
    """Run otter's grading in ``workdir``: the records by question name and the cell errors;
    an exception when otter could not grade at all (a dead kernel, a broken notebook)."""
    import otter.execute
    from otter.execute import grade_notebook

    otter.execute.start_server = _loopback_server
    notebook = write_inputs(workdir, runner_input)
    config = dict(runner_input.get("config", {}))
    results = grade_notebook(
        str(notebook),
        tests_glob=sorted(glob.glob("./tests/*.py")),
        cwd=str(workdir),
        test_dir="./tests",
        ignore_errors=True,
        seed=config.get("seed"),
        seed_variable=config.get("seed_variable"),
        force_python3_kernel=True,
    )
    if results.catastrophic_error is not None:
        raise RuntimeError(f"otter could not grade the notebook: {results.catastrophic_error}")
    records = {str(name): test_file_record(tf) for name, tf in results.results.items()}
    return records, notebook_errors(results.notebook)


def run(job: JobPayload, emit: Callable[[Message], None]) -> None:
    """The ``otter`` runner: grade once, then one record per question of the job."""
    emit({"type": "cells_start"})
    workdir = Path.cwd()
    try:
        records, errors = grade(dict(job.get("runner_input") or {}), workdir)
        failure = ""
    except Exception as exc:  # a broken submission (dead kernel, bad notebook) is reported
        records, errors = {}, []
        failure = f"{type(exc).__name__}: {exc}"[:MESSAGE_CHARS]
    emit({"type": "cells_done", "errors": errors})
    for question in job["questions"]:
        qid = question["id"]
        record: dict[str, Any] = records.get(qid) or {
            "error": failure or "otter reported no result for this question"
        }
        emit({"type": "question_start", "question": qid})
        emit({"type": "result", "question": qid, "call": 0, "record": record})
        emit({"type": "question_done", "question": qid})
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    emit({"type": "done"})
