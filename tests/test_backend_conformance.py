"""The same misbehaving submissions over every execution backend that runs on this machine
(every registered one but ``fake``): each must fail closed for the right reason, in the typed
fields of the result, and still grade the questions after the one that misbehaved.

The warm pool and the Dask backend (whose workers host warm pools) run in bubblewrap; the Dask
backend is driven through a real ``LocalCluster`` with one worker process.
"""

from __future__ import annotations

import importlib.util
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from autograder.course import Assignment
from autograder.exceptions import GraderError
from autograder.execution.base import PROTOCOL_CORRUPTED, ExecutionBackend
from autograder.execution.contract import Job, Limits, QuestionSpec, RunResult
from autograder.execution.pool import ResourceLimits, WarmPoolBackend
from autograder.execution.registry import BackendOptions, backend_names, make_backend
from autograder.execution.sandbox import SandboxConfig, bwrap_path
from autograder.grading.pipeline import run_with_recovery
from autograder.protocol.calls import Call, CallOutcome
from tests.helpers import ROOT

A = Assignment.load("01_calculus_autodiff", ROOT)
NO_BWRAP = pytest.mark.skipif(bwrap_path() is None, reason="bubblewrap is not installed")

SOURCE = """
import ctypes, os, sys, time

def twice(x):
    print("student output")
    return 2 * x

def loop(x):
    while True:
        pass

def die(x):
    os._exit(3)

def segfault(x):
    ctypes.string_at(0)

def flood(x):
    chunk = "y" * 2**20
    for _ in range(80):
        sys.stdout.write(chunk)
    return 2 * x

def garbage(x):
    fd = int(os.environ.get("AUTOGRADER_PROTOCOL_FD", "3"))
    os.write(fd, b"this is not the grader's protocol\\n")
    return 2 * x

def hog(x):
    return len(b"m" * (8 * 2**30))
"""


def job(*fns: str, extra_cells: tuple[str, ...] = ()) -> Job:
    """One question per function name, each calling it once on 1.5, after the notebook's cells."""
    questions: list[QuestionSpec] = [
        {"id": f"q{i}", "calls": [Call(fn, (1.5,)).to_wire(i)]} for i, fn in enumerate(fns)
    ]
    cells = [{"name": "cell 1", "source": SOURCE}]
    cells += [{"name": f"cell {i + 2}", "source": s} for i, s in enumerate(extra_cells)]
    return Job(
        [{"name": c["name"], "source": c["source"]} for c in cells],
        questions,
        data_dir=A.directory,
    )


def outcome(run: RunResult, qid: str, call_id: int) -> CallOutcome:
    record: Any = run.records[(qid, call_id)]
    return CallOutcome.from_record(record)


def value(run: RunResult, qid: str, call_id: int) -> Any:
    result = outcome(run, qid, call_id)
    assert result.ok, result.error
    return result.value


# ------------------------------------------------------------------------------ the backends

TESTED = [n for n in backend_names() if n != "fake"]
MARKS = {"pool": [pytest.mark.sandbox, NO_BWRAP], "dask": [pytest.mark.sandbox, NO_BWRAP]}


@pytest.fixture(scope="module")
def dask_scheduler() -> Iterator[str]:
    """A real Dask cluster on loopback: one worker process, one thread."""
    if importlib.util.find_spec("autograder.execution.dask_backend") is None:
        pytest.skip("the Dask backend module is not there yet")
    from distributed import LocalCluster

    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=1,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=":0",
    )
    try:
        yield str(cluster.scheduler_address)
    finally:
        cluster.close()


@pytest.fixture(
    scope="module",
    params=[pytest.param(n, marks=MARKS.get(n, []), id=n) for n in TESTED],
)
def backend(request: pytest.FixtureRequest) -> Iterator[ExecutionBackend]:
    """Each registered backend, built by name through the registry as the CLI builds it."""
    name: str = request.param
    scheduler = request.getfixturevalue("dask_scheduler") if name == "dask" else None
    options = BackendOptions(
        workers=1, sandbox=name != "subprocess", scheduler=scheduler, warn=lambda _text: None
    )
    with make_backend(name, A, options) as built:
        yield built


# ------------------------------------------------------------------------------ the cases


def test_a_correct_submission_passes(backend: ExecutionBackend) -> None:
    run = run_with_recovery(backend, job("twice", "twice"), Limits(60))
    assert run.finished == {"q0", "q1"}
    assert not run.failures and run.cells_failure is None and run.whole_failure is None
    assert value(run, "q0", 0) == value(run, "q1", 1) == 3.0
    assert "student output" in run.stdout


def test_the_data_folder_of_the_job_is_in_the_working_directory(
    backend: ExecutionBackend,
) -> None:
    """``copy_data`` copies the assignment folder's files but the notebook and public checks."""
    assert (A.directory / "functions.py").is_file()
    cell = "def has_data(x):\n    return float(os.path.exists('functions.py'))\n"
    run = run_with_recovery(backend, job("has_data", extra_cells=(cell,)), Limits(60))
    assert value(run, "q0", 0) == 1.0


def test_a_job_for_another_data_folder_is_honoured_or_refused(
    backend: ExecutionBackend,
) -> None:
    """A warm pool mounts one data folder when its sandboxes start: it refuses a job for another
    (a grader bug, not the student's); every other backend copies the job's own folder. (The
    folder must be readable by others, as a course's is: the sandbox runs as another user, and
    pytest's own temporary folders are private.)"""
    with tempfile.TemporaryDirectory(prefix="conformance-") as folder:
        data = Path(folder)
        data.chmod(0o755)
        (data / "marker.txt").write_text("4")
        (data / "marker.txt").chmod(0o644)
        cell = "def marker(x):\n    return float(open('marker.txt').read()) * x\n"
        plain = job("marker", extra_cells=(cell,))
        _run_elsewhere(backend, Job(plain.cells, plain.questions, data_dir=data))


def _run_elsewhere(backend: ExecutionBackend, other: Job) -> None:
    """Run ``other`` (a job for another data folder): refused by a warm pool, else honoured."""
    if isinstance(backend, WarmPoolBackend):
        with pytest.raises(GraderError, match="mount the data folder"):
            backend.run(other, Limits(60))
    else:
        assert value(run_with_recovery(backend, other, Limits(60)), "q0", 0) == 6.0


def test_an_endless_cell_times_out_and_is_skipped(backend: ExecutionBackend) -> None:
    limits = Limits(60, cell_seconds=1.0)
    run = run_with_recovery(backend, job("twice", extra_cells=("while True:\n    pass",)), limits)
    assert run.skipped_cells == [("cell 2", "timed out: cell 2 ran longer than 1 s")]
    assert value(run, "q0", 0) == 3.0 and not run.failures


def test_an_endless_question_times_out_and_later_ones_are_graded(
    backend: ExecutionBackend,
) -> None:
    run = run_with_recovery(backend, job("loop", "twice"), Limits(60, {"q0": 1.0}))
    assert run.failures == {"q0": "timed out: this question exceeded its 1 s time limit"}
    assert ("q0", 0) not in run.records
    assert value(run, "q1", 1) == 3.0


def test_the_whole_submission_has_a_time_limit(backend: ExecutionBackend) -> None:
    run = run_with_recovery(
        backend, job("twice", extra_cells=("time.sleep(60)",)), Limits(1.5, cell_seconds=30)
    )
    reason = "timed out: the submission exceeded its 1.5 s time limit"
    assert run.whole_failure == reason and run.failures == {"q0": reason}
    assert not run.records


def test_os_exit_in_a_question_is_reported_and_later_questions_graded(
    backend: ExecutionBackend,
) -> None:
    run = run_with_recovery(backend, job("twice", "die", "twice"), Limits(60))
    assert set(run.failures) == {"q1"}
    assert run.failures["q1"].startswith("the process exited early with code 3")
    assert value(run, "q0", 0) == value(run, "q2", 2) == 3.0


def test_a_segfault_is_reported_as_one(backend: ExecutionBackend) -> None:
    run = run_with_recovery(backend, job("segfault", "twice"), Limits(60))
    assert set(run.failures) == {"q0"} and "SIGSEGV" in run.failures["q0"]
    assert value(run, "q1", 1) == 3.0


def test_an_output_flood_is_cut_and_grading_goes_on(backend: ExecutionBackend) -> None:
    run = run_with_recovery(backend, job("flood", "twice"), Limits(60))
    assert len(run.stdout) < 2 * 2**20  # only the tail of 80 MB comes back
    flood = outcome(run, "q0", 0) if ("q0", 0) in run.records else None
    if "q0" in run.failures:  # the sandbox's 64 MB file-size limit, as a signal
        assert run.failures["q0"].startswith("output limit")
    elif flood is not None and not flood.ok:  # the same limit, as EFBIG (SIGXFSZ ignored)
        assert flood.error is not None and "File too large" in flood.error.message
    else:  # no limit without a sandbox: the flood is the student's business
        assert value(run, "q0", 0) == 3.0
    assert value(run, "q1", 1) == 3.0


def test_a_missing_function_is_an_error_of_its_question_only(backend: ExecutionBackend) -> None:
    run = run_with_recovery(backend, job("not_defined", "twice"), Limits(60))
    assert run.finished == {"q0", "q1"} and not run.failures
    missing = outcome(run, "q0", 0)
    assert not missing.ok and missing.error is not None
    assert value(run, "q1", 1) == 3.0


def test_garbage_on_the_protocol_stream_fails_that_question_closed(
    backend: ExecutionBackend,
) -> None:
    run = run_with_recovery(backend, job("garbage", "twice"), Limits(60))
    assert run.failures == {"q0": PROTOCOL_CORRUPTED}
    assert ("q0", 0) not in run.records
    assert value(run, "q1", 1) == 3.0


@pytest.mark.sandbox
@NO_BWRAP
def test_a_memory_blow_up_is_stopped_by_the_pool_limits() -> None:
    """Pool only: a 1 GB memory limit (a cgroup where one can be made, else address space;
    the warm worker itself needs a few hundred MB)."""
    config = SandboxConfig(data_dir=A.directory)
    with WarmPoolBackend(1, config, ResourceLimits(memory_bytes=2**30)) as pool:
        run = run_with_recovery(pool, job("hog", "twice"), Limits(60))
    if "q0" in run.failures:  # the cgroup's OOM kill
        assert run.failures["q0"].startswith("out of memory")
    else:  # the address-space limit: the allocation itself fails
        hog = outcome(run, "q0", 0)
        assert not hog.ok and hog.error is not None and hog.error.type == "MemoryError"
    assert value(run, "q1", 1) == 3.0
