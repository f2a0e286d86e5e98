"""The sandbox itself: who the code runs as, what it can see and write, and what it inherits."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from autograder.execution.base import Job, Limits
from autograder.execution.pool import WarmPoolBackend
from autograder.execution.sandbox import SandboxConfig, identity_folder, run_sandboxed
from autograder.protocol.calls import Call, CallOutcome
from tests.helpers import ROOT

pytestmark = pytest.mark.sandbox

PROBE = r"""
import gc, getpass, grp, json, os, pwd, socket

def probe():
    facts = {"uid": os.getuid(), "gid": os.getgid(), "env": dict(os.environ),
             "user": getpass.getuser(), "home": pwd.getpwuid(os.getuid()).pw_dir,
             "group": grp.getgrgid(os.getgid()).gr_name,
             "users": [p.pw_name for p in pwd.getpwall()], "frozen": gc.get_freeze_count(),
             "interfaces": sorted(name for _, name in socket.if_nameindex()),
             "pids": sorted(int(p) for p in os.listdir("/proc") if p.isdigit())}
    writable = {}
    for path in ("/etc/probe", "/probe", "/usr/probe", "/dev/probe", "/grading/probe",
                 "/grading/data/probe", "/tmp/probe", "/dev/shm/probe", "probe"):
        try:
            with open(path, "w") as f:
                f.write("x")
            writable[path] = True
        except OSError:
            writable[path] = False
    facts["writable"] = writable
    facts["repo_visible"] = os.path.exists(ROOT + "/reference_solutions")
    return json.dumps(facts)
"""


@pytest.fixture(scope="module")
def facts(monkeypatch_module: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch_module.setenv("JUPYTERHUB_API_TOKEN", "hub-secret-123")
    monkeypatch_module.setenv("AWS_SECRET_ACCESS_KEY", "aws-secret-456")
    probed: dict[str, Any] = json.loads(probe_in_warm_worker(f"ROOT = {str(ROOT)!r}\n" + PROBE))
    return probed


def probe_in_warm_worker(source: str) -> Any:
    """What ``probe()``, defined by ``source``, returns in a warm worker for 01."""
    job = Job(
        [{"name": "cell 1", "source": source}], [{"id": "q", "calls": [Call("probe").to_wire(0)]}]
    )
    with WarmPoolBackend(
        1, SandboxConfig(data_dir=ROOT / "assignments" / "01_calculus_autodiff")
    ) as pool:
        run = pool.run(job, Limits(60))
    outcome = CallOutcome.from_record(run.records[("q", 0)])
    assert outcome.ok, outcome.error
    return outcome.value


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def test_code_runs_as_an_unprivileged_user(facts: dict[str, Any]) -> None:
    assert facts["uid"] == 65534 and facts["gid"] == 65534


def test_code_can_ask_who_it_is_and_sees_no_host_user(facts: dict[str, Any]) -> None:
    """getpass.getuser() raised in the sandbox, and torch's compiler calls it on import."""
    assert (facts["user"], facts["group"], facts["users"]) == ("nobody", "nogroup", ["nobody"])
    assert facts["home"] == facts["env"]["HOME"]


def test_the_workers_warm_objects_are_frozen_out_of_the_childs_collections(
    facts: dict[str, Any],
) -> None:
    """torch, SymPy and matplotlib leave ~250,000 objects in the worker; a full collection in a
    child would walk them all (85 ms) and copy every page it touches."""
    assert facts["frozen"] > 100_000


def test_environment_is_scrubbed_of_tokens(facts: dict[str, Any]) -> None:
    text = json.dumps(facts["env"])
    assert "hub-secret-123" not in text and "aws-secret-456" not in text
    assert set(facts["env"]) <= {
        "PATH",
        "HOME",
        "TMPDIR",
        "LANG",
        "MPLBACKEND",
        "MPLCONFIGDIR",
        "OMP_NUM_THREADS",
        "MKL_NUM_THREADS",
        "PYTHONHASHSEED",
        "PYTHONDONTWRITEBYTECODE",
        "CUBLAS_WORKSPACE_CONFIG",
        "AUTOGRADER_PROTOCOL_FD",
        "AUTOGRADER_DEVICE",
        "AUTOGRADER_FONTS",
        "PYTHONPATH",
        "PWD",
    }


def test_there_is_no_network_but_loopback(facts: dict[str, Any]) -> None:
    assert facts["interfaces"] == ["lo"]


def test_only_sandbox_processes_are_visible(facts: dict[str, Any]) -> None:
    assert len(facts["pids"]) <= 4  # bwrap's init, the worker, the child (and at most one more)


def test_only_scratch_tmp_and_shm_are_writable(facts: dict[str, Any]) -> None:
    assert {p for p, ok in facts["writable"].items() if ok} == {
        "/tmp/probe",
        "/dev/shm/probe",
        "probe",
    }


def test_the_course_repository_is_not_visible(facts: dict[str, Any]) -> None:
    assert facts["repo_visible"] is False


def test_cgroups_of_dead_graders_are_swept_and_live_ones_kept() -> None:
    """A SIGKILLed grader cannot remove its workers' memory cgroups; the next one does."""
    from autograder.execution.memory import MemoryCgroup, _own_cgroup_dir

    found = _own_cgroup_dir()
    assert found is not None, "this machine gives the grader no memory cgroup to manage"
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = found[0] / f"autograder-w{dead.pid}-0-1"
    stale.mkdir()
    alive = MemoryCgroup.create("w1-0-alive", 1 << 30)  # pid 1 is alive: never swept
    assert alive is not None
    fresh = MemoryCgroup.create(f"w{os.getpid()}-0-test", 1 << 30)
    assert fresh is not None
    try:
        assert not stale.exists() and alive.path.exists()
    finally:
        for cgroup in (alive, fresh):
            cgroup.remove()
    assert not fresh.path.exists() and not alive.path.exists()


def test_cuda_jobs_see_the_driver_libraries_that_ld_library_path_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A GPU container runtime mounts libcuda.so.1 in a folder only LD_LIBRARY_PATH names; CUDA
    jobs get that folder read-only and the variable, CPU jobs neither."""
    driver = tmp_path / "nvidia" / "lib64"
    driver.mkdir(parents=True)
    (driver / "libcuda.so.1").write_text("stand-in")
    tmp_path.chmod(0o755)
    (tmp_path / "nvidia").chmod(0o755)
    empty = tmp_path / "empty"  # a folder with no libraries is not mounted
    empty.mkdir()
    monkeypatch.setenv("LD_LIBRARY_PATH", f"{empty}::{driver}")
    script = (
        "import os; p = os.environ.get('LD_LIBRARY_PATH', '');"
        f"print(p, os.path.isfile({str(driver / 'libcuda.so.1')!r}),"
        f" os.path.exists({str(empty)!r}), end='')"
    )
    cuda = run_sandboxed(SandboxConfig(device="cuda"), [sys.executable, "-c", script], 60)
    assert cuda.returncode == 0, cuda.stderr
    assert cuda.stdout == f"{driver} True False"
    cpu = run_sandboxed(SandboxConfig(device="cpu"), [sys.executable, "-c", script], 60)
    assert cpu.returncode == 0, cpu.stderr
    assert cpu.stdout == " False False"


def test_the_engine_is_importable_in_the_sandbox_without_being_installed(tmp_path: Path) -> None:
    """A GPU image's Python has torch but not the engine: the grader runs from a checkout, and
    the worker inside must import the same package, which is the only thing of it mounted."""
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT / "autograder", checkout / "autograder")
    (checkout / "reference_solutions").mkdir()
    for folder in (tmp_path, checkout):
        folder.chmod(0o755)
    inner = (
        "import autograder, os, sys; print(autograder.__file__, "
        f"sorted(os.listdir({str(checkout)!r})), end='')"
    )
    host = (
        f"import sys; sys.path.insert(0, {str(checkout)!r});"
        "from autograder.execution.sandbox import SandboxConfig, run_sandboxed;"
        f"done = run_sandboxed(SandboxConfig(), [sys.executable, '-c', {inner!r}], 60);"
        "print(done.stdout + done.stderr, end='')"
    )
    done = subprocess.run(
        [sys.executable, "-c", host], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout == f"{checkout}/autograder/__init__.py ['autograder']", done.stderr


def test_the_identity_files_are_made_again_when_a_tmp_cleaner_removed_them() -> None:
    shutil.rmtree(identity_folder())
    folder = identity_folder()
    assert (Path(folder) / "passwd").read_text().startswith("nobody:x:65534:65534:")
    assert (Path(folder) / "group").read_text() == "nogroup:x:65534:\n"


def test_workers_load_the_graders_font_list_instead_of_searching_the_fonts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list is built once per machine and copied into each sandbox's matplotlib folder
    before matplotlib loads; a marker font added to it shows which list the worker loaded."""
    from autograder.execution import fonts

    monkeypatch.setenv("AUTOGRADER_CACHE", str(tmp_path / "cache"))
    folder = fonts.font_folder()
    assert folder is not None and fonts.build(folder)
    path = next(folder.glob("fontlist-*.json"))
    data = json.loads(path.read_text())
    data["ttflist"].append({**data["ttflist"][0], "name": "Autograder Marker Sans"})
    path.write_text(json.dumps(data))
    source = (
        "def probe():\n"
        "    from matplotlib import font_manager\n"
        "    return sorted({f.name for f in font_manager.fontManager.ttflist})\n"
    )
    names = probe_in_warm_worker(source)
    assert "Autograder Marker Sans" in names and "DejaVu Sans" in names
