"""The Dask backend on real processes: a ``dask scheduler`` and two ``dask worker`` processes on
loopback (one declaring ``GPU=1``); a worker SIGKILLed mid-batch loses nothing and records
nothing twice; CUDA jobs run only on the GPU-declared worker; the grading-jobs table makes
recording exactly-once and lets a batch resume what a lost one left unfinished."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from autograder.course import Assignment
from autograder.exceptions import GraderError, UsageError
from autograder.execution.base import Job, Limits
from autograder.execution.dask_backend import DaskBackend
from autograder.execution.registry import BackendOptions, make_backend
from autograder.grading import jobs_table
from autograder.grading.batch import grade_batch
from autograder.grading.gradebook import Gradebook, Submission
from autograder.grading.jobs_table import GradingJob, JobKey
from autograder.grading.pipeline import grade_notebook, grader_fault_result
from autograder.grading.submissions import SubmissionFile
from tests.helpers import EXAMPLES, ROOT

DASK = str(Path(sys.executable).with_name("dask"))
ASSIGNMENT = "01_calculus_autodiff"


@dataclass
class Cluster:
    address: str
    scheduler: subprocess.Popen[bytes]
    workers: dict[str, subprocess.Popen[bytes]]

    def kill(self, name: str) -> None:
        """SIGKILL a worker's whole process group (nanny, worker and its sandboxes)."""
        proc = self.workers[name]
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(
    argv: list[str], log: Path, env: dict[str, str] | None = None
) -> subprocess.Popen[bytes]:
    with open(log, "wb") as out:
        return subprocess.Popen(
            argv,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            start_new_session=True,
            env={**os.environ, **(env or {})},
        )


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    """A scheduler, a plain worker ``cpu`` and a worker ``gpu`` declaring ``GPU=1``."""
    address = f"tcp://127.0.0.1:{_free_port()}"
    port = address.rsplit(":", 1)[1]
    procs = [
        _start(
            [DASK, "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"],
            tmp_path / "scheduler.log",
            # a task is given up after it killed two workers (Dask's default: four)
            {"DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1"},
        )
    ]
    workers = {}
    for name, extra in (("cpu", []), ("gpu", ["--resources", "GPU=1"])):
        workers[name] = _start(
            [
                DASK,
                "worker",
                address,
                "--nworkers",
                "1",
                "--nthreads",
                "1",
                "--name",
                name,
                "--no-dashboard",
                "--local-directory",
                str(tmp_path / name),
                *extra,
            ],
            tmp_path / f"worker-{name}.log",
        )
        procs.append(workers[name])
    try:
        probe = DaskBackend(address, sandbox=False, connect_seconds=60)
        probe.client.wait_for_workers(2, timeout=120)
        probe.close()
        yield Cluster(address, procs[0], workers)
    finally:
        for proc in reversed(procs):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def test_the_dask_backend_needs_a_reachable_scheduler() -> None:
    assignment = Assignment.load(ASSIGNMENT, ROOT)
    with pytest.raises(UsageError, match="--scheduler"):
        make_backend("dask", assignment, BackendOptions())
    address = f"tcp://127.0.0.1:{_free_port()}"
    with pytest.raises(UsageError, match=f"cannot reach the Dask scheduler at {address}"):
        DaskBackend(address, connect_seconds=1)


def _copies(tmp_path: Path, per_example: int) -> tuple[list[SubmissionFile], dict[str, str]]:
    """``per_example`` copies of every example under new student names, and each copy's source."""
    folder = tmp_path / "subs"
    folder.mkdir()
    files, source = [], {}
    for example in sorted(EXAMPLES.glob("*.ipynb")):
        for i in range(per_example):
            student = f"{example.stem}_{i:02d}"
            shutil.copy(example, folder / f"{student}.ipynb")
            files.append(SubmissionFile(student, folder / f"{student}.ipynb"))
            source[student] = example.stem
    return files, source


def _count(book: Gradebook, table: type[Submission] | type[GradingJob]) -> int:
    with Session(book.engine) as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


@pytest.mark.slow
@pytest.mark.sandbox
def test_a_worker_killed_mid_batch_loses_nothing_and_records_nothing_twice(
    cluster: Cluster, tmp_path: Path
) -> None:
    assignment = Assignment.load(ASSIGNMENT, ROOT)
    local = make_backend("pool", assignment, BackendOptions())
    try:
        expected = {
            p.stem: grade_notebook(assignment, p, p.stem, backend=local).score
            for p in sorted(EXAMPLES.glob("*.ipynb"))
        }
    finally:
        local.close()
    files, source = _copies(tmp_path, per_example=8)
    book = Gradebook(tmp_path / "gradebook.sqlite")
    backend = make_backend("dask", assignment, BackendOptions(scheduler=cluster.address))
    assert isinstance(backend, DaskBackend)
    done: list[str] = []
    running_at_kill: list[int] = []

    def on_done(result: object) -> None:
        done.append(str(getattr(result, "student", "")))
        if backend.ran_on["cpu"] >= 2 and not running_at_kill:  # warm: kill it mid-task
            info = backend.client.scheduler_info()["workers"]
            address = next(a for a, w in info.items() if w["name"] == "cpu")
            # the grader's threads may all be busy on the trusted side between two tasks; wait
            # until the scheduler has given the worker its next one, then kill it while it has it
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                processing = backend.client.processing()  # type: ignore[no-untyped-call]
                if processing.get(address):
                    break
                time.sleep(0.005)
            running_at_kill.append(len(processing.get(address, ())))
            cluster.kill("cpu")

    try:
        results = grade_batch(
            assignment,
            files,
            tmp_path / "out",
            backend=backend,
            gradebook=book,
            workers=4,
            on_done=on_done,
        )
        workers_left = {w["name"] for w in backend.client.scheduler_info()["workers"].values()}
    finally:
        backend.close()
    assert running_at_kill and running_at_kill[0] > 0, "the worker was not killed mid-task"
    assert cluster.workers["cpu"].poll() is not None
    assert workers_left == {"gpu"}
    assert sorted(r.student for r in results) == sorted(f.student for f in files)
    assert {r.student: r.score for r in results} == {s: expected[source[s]] for s in source}
    assert _count(book, Submission) == len(files)
    assert _count(book, GradingJob) == len(files)
    assert jobs_table.count_states(book.engine, ASSIGNMENT) == {"done": len(files)}
    assert all(r.attempt == 1 for r in book.submissions(ASSIGNMENT))
    assert backend.ran_on["cpu"] >= 2 and backend.ran_on["gpu"] > 0


@pytest.mark.slow
def test_a_batch_that_lost_its_scheduler_is_resumed_from_the_table(
    cluster: Cluster, tmp_path: Path
) -> None:
    assignment = Assignment.load(ASSIGNMENT, ROOT)
    files, _ = _copies(tmp_path, per_example=1)
    book = Gradebook(tmp_path / "gradebook.sqlite")
    backend = make_backend(
        "dask", assignment, BackendOptions(scheduler=cluster.address, sandbox=False)
    )

    def on_done(result: object) -> None:
        graded = len(list((tmp_path / "out").glob("*/results.json")))
        if graded >= 2 and cluster.scheduler.poll() is None:
            os.killpg(cluster.scheduler.pid, signal.SIGKILL)
            cluster.scheduler.wait()

    try:
        with pytest.raises(GraderError, match=f"lost the Dask scheduler at {cluster.address}"):
            grade_batch(
                assignment,
                files,
                tmp_path / "out",
                backend=backend,
                gradebook=book,
                workers=2,
                on_done=on_done,
            )
    finally:
        backend.close()
    states = jobs_table.count_states(book.engine, ASSIGNMENT)
    assert set(states) == {"done", "queued"} and sum(states.values()) == len(files)
    assert _count(book, Submission) == states["done"]

    local = make_backend("subprocess", assignment, BackendOptions())
    results = grade_batch(assignment, [], tmp_path / "out", backend=local, gradebook=book)
    assert len(results) == states["queued"]
    assert jobs_table.count_states(book.engine, ASSIGNMENT) == {"done": len(files)}
    assert sorted(r.student for r in book.submissions(ASSIGNMENT)) == sorted(
        f.student for f in files
    )
    assert all(r.attempt == 1 for r in book.submissions(ASSIGNMENT))


@pytest.mark.slow
def test_cuda_jobs_run_only_on_the_gpu_declared_worker(cluster: Cluster) -> None:
    assignment = Assignment.load(ASSIGNMENT, ROOT)
    backend = make_backend(
        "dask", assignment, BackendOptions(scheduler=cluster.address, sandbox=False)
    )
    assert isinstance(backend, DaskBackend)
    try:
        cuda = [_job("cuda") for _ in range(4)]
        assert DaskBackend.resources(cuda[0]) == {"GPU": 1}
        run_all(backend, cuda)  # all at once: without the constraint both workers would take some
        assert dict(backend.ran_on) == {"gpu": 4}
        backend.ran_on.clear()
        run_all(backend, [_job("cpu") for _ in range(8)])
        assert set(backend.ran_on) == {"cpu", "gpu"}, "CPU jobs run on any worker"
    finally:
        backend.close()


@pytest.mark.slow
def test_a_job_that_kills_every_worker_it_runs_on_fails_closed(cluster: Cluster) -> None:
    assignment = Assignment.load(ASSIGNMENT, ROOT)
    backend = make_backend(
        "dask", assignment, BackendOptions(scheduler=cluster.address, sandbox=False)
    )
    assert isinstance(backend, DaskBackend)
    # unsandboxed, the driver's parent is the Dask worker process: this kills it
    killer = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)"
    job = Job([{"name": "cell 1", "source": killer}], [{"id": "q1", "calls": []}])
    try:
        result = backend.run(job, Limits(submission_seconds=60))
    finally:
        backend.close()
    assert "q1" not in result.finished
    assert result.failures["q1"].startswith("the grading worker died each time")
    assert not result.records


def run_all(backend: DaskBackend, jobs: list[Job]) -> None:
    """Run the jobs at once, each from its own thread (as a batch does)."""
    with ThreadPoolExecutor(max_workers=len(jobs)) as threads:
        list(threads.map(lambda job: backend.run(job, Limits(submission_seconds=60)), jobs))


def _job(device: str) -> Job:
    """A one-cell job with no questions (its placement is what is tested)."""
    return Job([{"name": "cell 1", "source": "x = 1"}], [], device=device)


def _key(assignment: Assignment, student: str, path: Path) -> JobKey:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return JobKey(assignment.id, jobs_table.assignment_version(assignment), student, digest)


def test_a_result_that_comes_twice_is_recorded_once(tmp_path: Path) -> None:
    assignment = Assignment.load(ASSIGNMENT, ROOT)
    book = Gradebook(tmp_path / "gradebook.sqlite")
    path = EXAMPLES / "alice.ipynb"
    key = _key(assignment, "alice", path)
    result = grader_fault_result(assignment, path, "alice")
    assert jobs_table.claim(book.engine, key, str(path), "me", 30) == "claimed"
    assert jobs_table.claim(book.engine, key, str(path), "other", 30) == "busy"
    assert jobs_table.record_done(book.engine, key, "me", result) == 1
    assert jobs_table.record_done(book.engine, key, "me", result) is None  # a re-run task
    assert jobs_table.claim(book.engine, key, str(path), "other", 30) == "done"
    assert _count(book, Submission) == 1
    assert _count(book, GradingJob) == 1
    with Session(book.engine) as session:
        row = session.scalars(select(GradingJob)).one()
        assert (row.state, row.attempts) == ("done", 1)
        assert row.result_id == book.submissions(ASSIGNMENT)[0].id


def test_a_lease_frees_when_it_ends_or_its_local_owner_is_gone(tmp_path: Path) -> None:
    assignment = Assignment.load(ASSIGNMENT, ROOT)
    book = Gradebook(tmp_path / "gradebook.sqlite")
    path = EXAMPLES / "bob.ipynb"
    key = _key(assignment, "bob", path)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    dead = jobs_table.new_owner().split(":")[0] + f":{gone.pid}:x"
    assert jobs_table.owner_gone(dead)
    assert not jobs_table.owner_gone(jobs_table.new_owner())
    assert jobs_table.claim(book.engine, key, str(path), dead, 3600) == "claimed"
    assert jobs_table.claim(book.engine, key, str(path), "me", 30) == "claimed"
    assert jobs_table.claim(book.engine, key, str(path), "other", 0) == "busy"
    assert jobs_table.claim(book.engine, key, str(path), "me", 0) == "claimed"
    assert jobs_table.claim(book.engine, key, str(path), "other", 30) == "claimed"
    with Session(book.engine) as session:
        assert session.scalars(select(GradingJob.attempts)).one() == 4  # four claims


@pytest.mark.slow
def test_a_batch_resumes_what_a_lost_one_left_unfinished(tmp_path: Path) -> None:
    assignment = Assignment.load(ASSIGNMENT, ROOT)
    book = Gradebook(tmp_path / "gradebook.sqlite")
    path = tmp_path / "bob.ipynb"
    shutil.copy(EXAMPLES / "bob.ipynb", path)
    key = _key(assignment, "bob", path)
    assert jobs_table.claim(book.engine, key, str(path), "lost-client", 0) == "claimed"
    backend = make_backend("subprocess", assignment, BackendOptions())
    results = grade_batch(assignment, [], tmp_path / "out", backend=backend, gradebook=book)
    assert [(r.student, r.score) for r in results] == [("bob", 11.8937)]  # as graded locally
    assert jobs_table.count_states(book.engine, ASSIGNMENT) == {"done": 1}
    assert (tmp_path / "out" / "bob" / "results.json").is_file()
    again = grade_batch(assignment, [], tmp_path / "out2", backend=backend, gradebook=book)
    assert again == []
