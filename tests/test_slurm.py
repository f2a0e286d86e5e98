"""On the machine's real Slurm cluster (hub_config/slurm/install-local.sh: slurmctld, slurmd and
munged on this one node): a batch job runs to completion on the stand-in GPU; dask-jobqueue's
SLURMCluster starts Dask workers as Slurm jobs and the Dask backend grades the example submissions
on them with the local backend's scores; the hub's Slurm configuration spawns a student's server
as a Slurm job, and the student fetches, submits and reads their grade from inside it."""

from __future__ import annotations

import asyncio
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from autograder.course import Assignment
from autograder.execution.registry import BackendOptions, make_backend
from autograder.grading.batch import grade_batch
from autograder.grading.gradebook import Gradebook
from autograder.grading.results import SubmissionResult
from autograder.grading.submissions import discover
from tests.helpers import EXAMPLES, ROOT
from tests.hubtools import PROXY, RealHub, execute, free_port

if TYPE_CHECKING:  # imported by the tests that use them: collection stays light
    from dask_jobqueue.slurm import SLURMCluster
    from distributed import Client

pytestmark = [pytest.mark.slurm, pytest.mark.slow]

A = "01_calculus_autodiff"
SETUP = "sudo bash hub_config/slurm/install-local.sh"
HOST = socket.gethostname().split(".")[0]
HUB_VENV = ROOT / "hub_config" / ".venv"


def slurm(*args: str, check: bool = True) -> str:
    """Run a Slurm command; its stdout."""
    done = subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(args)} failed ({done.returncode}): {done.stderr}")
    return done.stdout


@pytest.fixture(scope="module", autouse=True)
def cluster_up() -> None:
    """Fail (never skip) with the command that starts the cluster when it is not running."""
    if shutil.which("sinfo") is None:
        pytest.fail(f"Slurm is not installed here; run `{SETUP}` (make install does, as root)")
    state = subprocess.run(
        ["sinfo", "-h", "-n", HOST, "-o", "%T"], capture_output=True, text=True, timeout=30
    )
    if state.returncode != 0 or state.stdout.split()[:1] not in (
        ["idle"],
        ["mixed"],
        ["allocated"],
    ):
        pytest.fail(
            f"the Slurm node {HOST} is not up ({(state.stdout + state.stderr).strip()!r}); "
            f"run `{SETUP}` to start munged, slurmctld and slurmd"
        )


def job_field(job: str, name: str) -> str:
    """One field of ``scontrol show job`` (finished jobs stay listed for MinJobAge)."""
    for word in slurm("scontrol", "show", "job", "-o", job).split():
        if word.startswith(f"{name}="):
            return word.split("=", 1)[1]
    raise AssertionError(f"scontrol shows no {name} for job {job}")


def wait_state(job: str, states: set[str], timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    while (state := job_field(job, "JobState")) not in states:
        assert time.monotonic() < deadline, f"job {job} is still {state}"
        time.sleep(0.2)
    return state


# ---- (a) a batch job ----------------------------------------------------------------------------


def test_sbatch_runs_a_job_on_the_stand_in_gpu_to_completion(tmp_path: Path) -> None:
    out = tmp_path / "job.out"
    job = slurm(
        "sbatch",
        "--parsable",
        "--partition=gpu",
        "--gres=gpu:1",
        "--account=ml-course",
        f"--output={out}",
        "--wrap",
        'echo "ran job $SLURM_JOB_ID on $(hostname -s) with GPU $CUDA_VISIBLE_DEVICES"',
    ).strip()
    assert wait_state(job, {"COMPLETED", "FAILED", "CANCELLED", "TIMEOUT"}) == "COMPLETED"
    assert job_field(job, "ExitCode") == "0:0"
    assert job_field(job, "Partition") == "gpu" and job_field(job, "Account") == "ml-course"
    assert out.read_text().strip() == f"ran job {job} on {HOST} with GPU 0"


# ---- (b) Dask workers as Slurm jobs, grading through the Dask backend ---------------------------


@pytest.fixture
def dask_on_slurm(tmp_path: Path) -> Iterator[tuple[SLURMCluster, Client]]:
    """A SLURMCluster with one worker (one job, one core) on the `cpu` partition, and a client."""
    from dask_jobqueue.slurm import SLURMCluster
    from distributed import Client

    name = f"dask-{uuid.uuid4().hex[:6]}"
    cluster = SLURMCluster(
        cores=1,
        processes=1,
        memory="3GiB",
        walltime="00:30:00",
        job_name=name,
        job_extra_directives=["--partition=cpu"],
        python=sys.executable,
        local_directory=str(tmp_path / "dask"),
        log_directory=str(tmp_path / "logs"),
        scheduler_options={"host": "127.0.0.1", "dashboard_address": "127.0.0.1:0"},
    )
    client = Client(cluster)  # type: ignore[no-untyped-call]
    try:
        cluster.scale(jobs=1)  # type: ignore[no-untyped-call]
        client.wait_for_workers(1, timeout=120)
        yield cluster, client
    finally:
        client.close()  # type: ignore[no-untyped-call]
        cluster.close()


def parses(path: Path) -> bool:
    try:
        json.loads(path.read_text())
    except ValueError:
        return False
    return True


def scores(results: list[SubmissionResult]) -> dict[str, dict[str, float]]:
    return {r.student: {q.id: q.score for q in r.questions} for r in results}


def test_slurm_cluster_runs_dask_workers_as_jobs_and_grades_like_the_local_backend(
    dask_on_slurm: tuple[SLURMCluster, Client], tmp_path: Path
) -> None:
    from autograder.execution.dask_backend import DaskBackend

    cluster, client = dask_on_slurm

    # the worker is a running Slurm job of this cluster, and Dask computes on it
    queued = slurm("squeue", "-h", "-n", cluster.job_name, "-o", "%i %T %P").split()
    assert len(queued) == 3 and queued[1:] == ["RUNNING", "cpu"], queued
    on_worker = client.run(lambda: os.environ.get("SLURM_JOB_ID"))
    assert list(on_worker.values()) == [queued[0]]
    total = client.submit(sum, range(1000)).result()
    assert total == 499500

    # the example submissions graded on that worker score as the local backend scores them
    assignment = Assignment.load(A, ROOT)
    subs = discover(EXAMPLES, A)
    remote = make_backend(
        "dask", assignment, BackendOptions(scheduler=cluster.scheduler_address, sandbox=True)
    )
    with remote:
        on_slurm = grade_batch(
            assignment,
            subs,
            tmp_path / "dask",
            backend=remote,
            gradebook=Gradebook(tmp_path / "dask.sqlite"),
            workers=2,
        )
    assert isinstance(remote, DaskBackend)
    assert set(remote.ran_on) == set(
        client.scheduler_info()["workers"][w]["name"] for w in on_worker
    )
    # every notebook that parses ran there (erin's is truncated JSON: graded 0 before any run)
    assert sum(remote.ran_on.values()) == len([s for s in subs if parses(s.path)]) == 4
    local = make_backend("pool", assignment, BackendOptions(workers=2))
    with local:
        here = grade_batch(
            assignment,
            subs,
            tmp_path / "local",
            backend=local,
            gradebook=Gradebook(tmp_path / "local.sqlite"),
            workers=2,
        )
    assert scores(on_slurm) == scores(here)
    assert {r.student: r.score for r in on_slurm}["alice"] == 18.0


# ---- (c) the hub's Slurm configuration: a student's server is a Slurm job ------------------------


def unix_account(name: str, home: Path) -> None:
    """The hub authenticates with PAM, so its users are Unix accounts (removed at the end)."""
    home.mkdir(parents=True)
    subprocess.run(
        ["useradd", "--no-create-home", "--home-dir", str(home), "--shell", "/bin/bash", name],
        check=True,
        capture_output=True,
    )


@pytest.fixture
def slurm_hub(tmp_path: Path) -> Iterator[RealHub]:
    """The hub of hub_config/slurm/jupyterhub_config.py on this node: students' servers and the
    grading service are Slurm jobs; jobs run as the hub's account (root here: the course's Python
    lives where students' accounts could not read it)."""
    if os.geteuid() != 0 or shutil.which("useradd") is None:
        pytest.fail("the Slurm hub test creates Unix accounts for its users: run it as root")
    kernels = tmp_path / "jupyter" / "kernels" / "python3"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [
                    str(ROOT / ".venv" / "bin" / "python"),
                    "-m",
                    "ipykernel_launcher",
                    "-f",
                    "{connection_file}",
                ],
                "display_name": "Python 3 (course)",
                "language": "python",
            }
        )
    )
    hub = RealHub(tmp_path / "hub", config=ROOT / "hub_config" / "slurm" / "jupyterhub_config.py")
    hub.environment = {
        "COURSE_HUB_PUBLIC_URL": hub.url,
        "COURSE_HUB_BIND_URL": hub.url,
        "COURSE_HUB_HOSTNAME": HOST,
        "COURSE_HUB_API_PORT": str(free_port()),
        "COURSE_HUB_STATE": str(hub.state),
        "COURSE_PROXY_COMMAND": str(PROXY),
        "COURSE_PROXY_API_PORT": str(free_port()),
        "COURSE_HUB_ADMIN_TOKEN": hub.admin_token,
        "COURSE_ROOT": str(ROOT),
        "COURSE_SLURM_PARTITION": "gpu",
        "COURSE_SLURM_ACCOUNT": "ml-course",
        "COURSE_SLURM_EXEC_PREFIX": "",
        "COURSE_SLURM_GRES": "gpu:1",
        "COURSE_SLURM_CPUS": "1",
        "COURSE_SLURM_MEMORY": "2G",
        "COURSE_SERVER_PATH": os.pathsep.join(
            [
                str(HUB_VENV / "bin"),
                str(ROOT / ".venv" / "bin"),
                "/usr/local/bin",
                "/usr/bin",
                "/bin",
            ]
        ),
        "COURSE_JUPYTER_PATH": str(tmp_path / "jupyter"),
        "COURSE_GRADER_NODE": HOST,
        "COURSE_GRADER_PORT": str(free_port()),
        "COURSE_GRADER_DATA": str(tmp_path / "grader"),
        "COURSE_GRADER_DEVICE": "cpu",
        "COURSE_GRADER_WORKERS": "1",
        "COURSE_GRADER_CPUS": "1",
        "COURSE_GRADER_GRES": "",  # the node's one stand-in GPU goes to the student's server
        "COURSE_ATTEMPTS_PER_HOUR": "10",
    }
    try:
        hub.start(timeout=180)
        yield hub
    finally:
        hub.stop()
        for user in pwd.getpwall():  # the accounts unix_account() made, homes under tmp_path
            if user.pw_dir.startswith(str(tmp_path)):
                subprocess.run(["userdel", user.pw_name], check=False, capture_output=True)


def spawned_jobs(home: Path) -> list[list[str]]:
    """Slurm jobs whose working folder is ``home``: id, name, state, partition, GPUs."""
    rows = slurm("squeue", "-h", "-o", "%i|%j|%T|%P|%b|%Z").splitlines()
    return [r.split("|")[:5] for r in rows if r.split("|")[-1] == str(home)]


def test_the_slurm_hub_spawns_a_students_server_as_a_job_and_grades_a_submission_from_it(
    slurm_hub: RealHub, tmp_path: Path
) -> None:
    hub = slurm_hub
    suffix = uuid.uuid4().hex[:6]
    teacher_name, student = f"teach{suffix}", f"stud{suffix}"
    unix_account(teacher_name, tmp_path / "homes" / teacher_name)
    home = tmp_path / "homes" / student
    unix_account(student, home)
    _, teacher = hub.create_user("instructors", teacher_name)
    assert hub.call(teacher, "POST", f"/assignments/{A}/release").status_code == 200
    _, token = hub.create_user("students", student)

    hub.start_server(student, timeout=180)
    jobs = spawned_jobs(home)
    assert len(jobs) == 1, jobs
    job_id, name, state, partition, gres = jobs[0]
    assert (name, state, partition) == ("spawner-jupyterhub", "RUNNING", "gpu")
    assert "gpu:1" in gres, gres
    grader = slurm("squeue", "-h", "-n", "course-grader", "-o", "%T").split()
    assert grader == ["RUNNING"], grader  # the grading service is a Slurm job too

    # from a kernel of that server: fetch the released assignment, replace it with finished work,
    # submit it and read the score the grading service gave
    fetched = asyncio.run(
        execute(
            hub,
            student,
            token,
            f"import os\nfrom autograder.hub.client import fetch\np = fetch({A!r})\n"
            "print(sorted(os.listdir(p)), os.environ['SLURM_JOB_ID'])",
        )
    )
    assert fetched["error"] is None, fetched
    assert f"'{A}.ipynb'" in fetched["stdout"] and fetched["stdout"].split()[-1] == job_id
    assert (home / A / f"{A}.ipynb").is_file()  # in the student's home, where the job runs
    work = json.loads((EXAMPLES / "alice.ipynb").read_text())
    put = httpx.put(
        f"{hub.url}/user/{student}/api/contents/{A}/{A}.ipynb",
        timeout=30,
        headers={"Authorization": f"token {token}"},
        json={"type": "notebook", "format": "json", "content": work},
    )
    assert put.status_code in (200, 201), put.text
    submitted = asyncio.run(
        execute(
            hub,
            student,
            token,
            f"import os; os.chdir({A!r})\nfrom autograder.hub.client import submit\n"
            f"r = submit(path={A + '.ipynb'!r})\nprint('RESULT', r['id'], r['status'], r['score'])",
        )
    )
    assert submitted["error"] is None, submitted
    assert "18 / 18 points" in submitted["stdout"], submitted["stdout"]
    sub_id = int(submitted["stdout"].split("RESULT ")[1].split()[0])
    mine = hub.call(token, "GET", f"/submissions/{sub_id}").json()
    assert mine["status"] == "graded" and mine["score"] == mine["max_score"] == 18.0

    # stopping the server cancels its job
    assert hub.admin("DELETE", f"/users/{student}/server").status_code in (202, 204)
    deadline = time.monotonic() + 60
    while spawned_jobs(home):
        assert time.monotonic() < deadline, spawned_jobs(home)
        time.sleep(0.5)
