"""The zoo: hostile submissions graded in the real warm bubblewrap pool.

Every case attacks ONE question of 01_calculus_autodiff (resource exhaustion, crashes, reading
secrets, the network, faked answers, tampering with the grader's outputs and processes). Each must
lose points on that question for the stated reason (a few must keep full marks: see the cases),
every other question must keep full marks, and the batch, the host and the other submissions must
not be affected. All cases and a clean control submission are graded in ONE batch on two workers.
"""

from __future__ import annotations

import csv
import hashlib
import json
import socket
import textwrap
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from autograder.course import Assignment
from autograder.execution.base import Limits
from autograder.execution.pool import ResourceLimits, WarmPoolBackend
from autograder.execution.sandbox import SandboxConfig, bwrap_path
from autograder.grading.batch import grade_batch
from autograder.grading.gradebook import Gradebook
from autograder.grading.pipeline import grade_notebook
from autograder.grading.results import QuestionResult, SubmissionResult
from autograder.grading.submissions import SubmissionFile
from tests.helpers import ROOT, notebook_with
from tests.leakscan import Probe, course_secrets, parse_report, scanner_code, which_lines
from tests.zoo.cases import CASES, Q1, Q3, Case, Ctx, inject, leak_scan, stdout_json

A = Assignment.load("01_calculus_autodiff", ROOT)
LIMITS = Limits(submission_seconds=60, question_seconds={q.id: 8 for q in A.questions})
STRICT_TREES = ("assignments", "reference_solutions")
LOOSE_TREES = ("autograder",)  # the engine is edited concurrently: only zoo traces count there

pytestmark = [
    pytest.mark.skipif(bwrap_path() is None, reason="bubblewrap is not installed"),
    pytest.mark.sandbox,
]


# ------------------------------------------------------------------------------ host helpers


def tree_hashes(rel: str) -> dict[str, str]:
    base = ROOT / rel
    out = {}
    for path in sorted(base.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            out[str(path.relative_to(ROOT))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def host_processes_with(marker: str) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if marker.encode() in cmdline:
            text = cmdline.replace(b"\0", b" ").decode(errors="replace")
            found.append(f"{entry.name}: {text}")
    return found


class TrapServer:
    """A TCP server on the host's loopback; counts every connection it ever accepts."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        self.sock.close()


@dataclass
class Zoo:
    ctx: Ctx
    results: dict[str, SubmissionResult]
    control: SubmissionResult
    seconds: float
    leftovers: list[str]
    connections: int
    trees_before: dict[str, dict[str, str]]
    trees_after: dict[str, dict[str, str]]
    submitted: int
    extra: dict[str, Any] = field(default_factory=dict)


def question(result: SubmissionResult, qid: str) -> QuestionResult:
    return next(q for q in result.questions if q.id == qid)


def explain(q: QuestionResult) -> list[tuple[str, str, str]]:
    return [(c.name, c.status, c.message[:300]) for c in q.checks if c.status != "passed"]


# ------------------------------------------------------------------------------ fixtures


# The memory bomb must reach the memory limit before its question's 8 s time limit. Page faults
# are slow on some virtual machines (a 1 GB cgroup limit took 2.6 s to hit on one), so the zoo
# runs with a 2 GB limit instead of the 4 GB default: the same mechanism, reached sooner.
ZOO_RESOURCES = ResourceLimits(memory_bytes=2 * 1024**3)


@pytest.fixture(scope="module")
def pool() -> Iterator[WarmPoolBackend]:
    backend = WarmPoolBackend(2, SandboxConfig(data_dir=A.directory), ZOO_RESOURCES)
    yield backend
    backend.close()


@pytest.fixture(scope="module")
def zoo(pool: WarmPoolBackend, tmp_path_factory: pytest.TempPathFactory) -> Zoo:
    base = tmp_path_factory.mktemp("zoo")
    server = TrapServer()
    ctx = Ctx(
        A,
        ROOT,
        base / "out",
        base / "book.sqlite",
        server.port,
        base / "PICKLE_FIRED",
        f"zoo-marker-{uuid.uuid4().hex}",
    )
    folder = base / "submissions"
    folder.mkdir()
    subs = [SubmissionFile("control", notebook_with(A, {}, folder / "control.ipynb"))]
    for case in CASES:
        path = notebook_with(A, {case.question: case.build(ctx)}, folder / f"{case.student}.ipynb")
        subs.append(SubmissionFile(case.student, path))
    trees = STRICT_TREES + LOOSE_TREES
    before = {t: tree_hashes(t) for t in trees}
    started = time.monotonic()
    try:
        results = grade_batch(
            A, subs, ctx.out, backend=pool, gradebook=Gradebook(ctx.book), workers=2, limits=LIMITS
        )
        seconds = time.monotonic() - started
        time.sleep(1.0)  # give a surviving daemon time to show itself
        leftovers = host_processes_with(ctx.marker)
    finally:
        server.close()
    by_student = {r.student: r for r in results}
    print(f"\nzoo: {len(subs)} submissions graded in {seconds:.1f} s")
    for case in CASES:
        if case.student in by_student:
            r = by_student[case.student]
            q = question(r, case.question)
            why = next((c.message for c in q.checks if c.status != "passed"), "")
            print(
                f"  {case.name:26s} {q.score:g}/{q.points:g} total {r.score:g}/18  "
                f"{why.splitlines()[0][:110] if why else 'all passed'}"
            )
    return Zoo(
        ctx,
        {c.name: by_student[c.student] for c in CASES if c.student in by_student},
        by_student["control"],
        seconds,
        leftovers,
        server.connections,
        before,
        {t: tree_hashes(t) for t in trees},
        len(subs),
    )


# ------------------------------------------------------------------------------ the cases


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_case(zoo: Zoo, case: Case) -> None:
    result = zoo.results[case.name]
    hostile = question(result, case.question)
    if case.full_marks:
        assert hostile.score == hostile.points, explain(hostile)
    else:
        assert hostile.score < hostile.points, f"{case.name} was not caught"
        bad = [c for c in hostile.checks if c.status != "passed"]
        if case.status:
            assert any(c.status == case.status for c in bad), explain(hostile)
        assert any(r in c.message for c in bad for r in case.reasons), explain(hostile)
    for q in result.questions:
        if q.id != case.question:
            assert q.score == q.points, (f"{case.name} also cost points on {q.id}", explain(q))
    check_extra = EXTRA.get(case.name)
    if check_extra:
        check_extra(zoo, result)


# ---------------------------------------------------------------- per-case extra assertions


def _fork_bomb(zoo: Zoo, result: SubmissionResult) -> None:
    count, _ = stdout_json(result, "ZOO-FORKED")
    assert count >= 1  # it really went off; the leftovers are checked globally
    zoo.extra["forked"] = count


def _memory(zoo: Zoo, result: SubmissionResult) -> None:
    assert "8589934592.0" not in result.log["stdout"]  # the 8 GiB array never existed


def _disk(zoo: Zoo, result: SubmissionResult) -> None:
    messages = " ".join(c.message for c in question(result, "q7_logistic_regression").checks)
    written = int(messages.split("ZOO-BYTES=")[1].split(":")[0])
    assert 0 < written <= 512 * 1024 * 1024  # the scratch tmpfs, never the host disk


def _flood(zoo: Zoo, result: SubmissionResult) -> None:
    assert len(result.log["stdout"]) <= 2 * 1024 * 1024  # only a tail comes back


def _read_reference(zoo: Zoo, result: SubmissionResult) -> None:
    out = result.log["stdout"]
    assert "ZOO-LEAK" not in out
    assert "ZOO-SECRET-UNREADABLE FileNotFoundError" in out


def _read_suite(zoo: Zoo, result: SubmissionResult) -> None:
    out = result.log["stdout"]
    assert "ZOO-LEAK" not in out
    assert "ZOO-SECRET-UNREADABLE" in out
    assert "ZOO-LISTDIR FileNotFoundError" in out  # the instructor tree is not mounted at all


def _walk(zoo: Zoo, result: SubmissionResult) -> None:
    assert stdout_json(result, "ZOO-FOUND") == []
    assert stdout_json(result, "ZOO-SEEN") > 1000  # the walk really ran over the sandbox


def _procs(zoo: Zoo, result: SubmissionResult) -> None:
    procs = stdout_json(result, "ZOO-PROCS")
    cmdlines = " || ".join(procs.values())
    assert 1 <= len(procs) <= 5, procs  # bwrap, the worker, this child: nothing of the host
    assert "pytest" not in cmdlines and "test_zoo" not in cmdlines, procs
    assert str(ROOT / "tests") not in cmdlines, procs


def _network(zoo: Zoo, result: SubmissionResult) -> None:
    outcomes = stdout_json(result, "ZOO-NET")
    assert outcomes and all(o != "CONNECTED" for o in outcomes), outcomes
    assert zoo.connections == 0


def _pickle(zoo: Zoo, result: SubmissionResult) -> None:
    assert not zoo.ctx.pickle_marker.exists()
    q1 = question(result, Q1)
    values = [c for c in q1.checks if c.kind == "value"]
    assert values and all(c.status != "passed" for c in values), explain(q1)


def _requires_grad(zoo: Zoo, result: SubmissionResult) -> None:
    # The Hessian is compared as plain data: requires_grad is a flag in the record that no value
    # check looks at, so a correct value is neither penalised nor can the flag make a wrong one
    # pass (fake_graph shows the autograd checks do look at the graph where it matters).
    assert "ZOO-RG True <MulBackward0" in result.log["stdout"]  # really attached to a graph


def _flags(zoo: Zoo, result: SubmissionResult) -> None:
    deterministic, cudnn_deterministic, tf32, _dtype = stdout_json(result, "ZOO-FLAGS")
    # configure_determinism() is re-applied before every call, whatever the cells did
    assert deterministic is True and cudnn_deterministic is True and tf32 is False


def _forge(zoo: Zoo, result: SubmissionResult) -> None:
    out = zoo.ctx.out
    assert not (out / "ZOO_FORGED_MARKER").exists()
    for student in ("z_forge_outputs", "control"):
        text = (out / student / "results.json").read_text()
        assert "ZOO-FORGED" not in text
        data = json.loads(text)
        assert data["score"] == (16.0 if student != "control" else 18.0)
    assert "ZOO-FORGED" not in (out / "grades.csv").read_text()
    assert b"ZOO-FORGED" not in zoo.ctx.book.read_bytes()
    rows = {r.student: r.score for r in Gradebook(zoo.ctx.book).submissions(A.id)}
    assert rows["control"] == 18.0 and rows["z_forge_outputs"] == 16.0
    assert len(rows) == zoo.submitted


def _background(zoo: Zoo, result: SubmissionResult) -> None:
    assert zoo.leftovers == []


EXTRA = {
    "fork_bomb": _fork_bomb,
    "memory_bomb": _memory,
    "disk_fill": _disk,
    "stdout_flood": _flood,
    "read_reference": _read_reference,
    "read_suite": _read_suite,
    "walk_filesystem": _walk,
    "list_processes": _procs,
    "network": _network,
    "pickle_bomb": _pickle,
    "requires_grad_value": _requires_grad,
    "flags_and_default_dtype": _flags,
    "forge_outputs": _forge,
    "background_processes": _background,
}


# ------------------------------------------------------------------------------ global invariants


def test_control_submission_gets_full_marks(zoo: Zoo) -> None:
    assert zoo.control.score == 18.0, [explain(q) for q in zoo.control.questions]


def test_the_whole_batch_finished(zoo: Zoo) -> None:
    assert len(zoo.results) == len(CASES)
    with (zoo.ctx.out / "grades.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == zoo.submitted
    for case in CASES:
        assert (zoo.ctx.out / case.student / "results.json").is_file()
    assert zoo.seconds < 240, f"the zoo took {zoo.seconds:.0f} s"


def test_no_process_outlives_its_submission(zoo: Zoo) -> None:
    assert zoo.leftovers == []


def test_nobody_connected_to_the_host(zoo: Zoo) -> None:
    assert zoo.connections == 0


def test_files_outside_the_scratch_area_did_not_change(zoo: Zoo) -> None:
    for tree in STRICT_TREES:
        assert zoo.trees_before[tree] == zoo.trees_after[tree], tree
    for tree in LOOSE_TREES:
        before, after = zoo.trees_before[tree], zoo.trees_after[tree]
        changed = [p for p in set(before) | set(after) if before.get(p) != after.get(p)]
        for rel in changed:
            assert "zoo" not in rel.lower(), rel
            path = ROOT / rel
            if path.is_file():
                assert b"ZOO" not in path.read_bytes(), rel


def test_hidden_checks_never_reveal_expected_values(zoo: Zoo) -> None:
    for result in [zoo.control, *zoo.results.values()]:
        for q in result.questions:
            for c in q.checks:
                if c.hidden:
                    assert "Expected:" not in c.message, (result.student, c.name)


def test_no_reference_or_suite_text_reaches_any_output(zoo: Zoo) -> None:
    secrets = [
        "Reference solution for assignment 01_calculus_autodiff",
        "Hidden suite for 01_calculus_autodiff",
        "rng = np.random.default_rng(7_2026)",
        "def trusted_log_loss",
    ]
    texts = [p.read_text() for p in zoo.ctx.out.rglob("*.json")]
    texts += [(zoo.ctx.out / "grades.csv").read_text()]
    for result in zoo.results.values():
        texts += [
            result.log.get("stdout", ""),
            result.log.get("stderr", ""),
            json.dumps(result.log.get("failures", {})),
        ]
    for text in texts:
        for secret in secrets:
            assert secret not in text


def test_fork_bomb_is_capped_by_the_process_limit(zoo: Zoo) -> None:
    """ResourceLimits.processes = 64 (RLIMIT_NPROC) must stop a fork loop well before 300."""
    count, error = stdout_json(zoo.results["fork_bomb"], "ZOO-FORKED")
    assert count < 64 and error is not None, f"{count} forks succeeded ({error})"


# ------------------------------------------------------------------------------ trusted-side crash


def test_deeply_nested_sympy_answer_does_not_crash_the_grader(
    pool: WarmPoolBackend, tmp_path: Path
) -> None:
    """A 300-deep sin(sin(...)) is plain, encodable data; judging it must not raise."""
    source = inject(
        A.reference_sections()[Q3],
        "taylor_poly",
        """
        e = x
        for _ in range(300):
            e = sp.sin(e, evaluate=False)
        return e
    """,
    )
    path = notebook_with(A, {Q3: source}, tmp_path / "deep.ipynb")
    result = grade_notebook(A, path, "deep", backend=pool, limits=LIMITS)
    q3 = question(result, Q3)
    assert q3.score < q3.points
    for q in result.questions:
        if q.id != Q3:
            assert q.score == q.points, explain(q)


# ------------------------------------------------------------------------------ content scan

# the scan reads every file of the sandbox (about a minute on a busy 2-core machine, cold)
SCAN_LIMITS = Limits(
    submission_seconds=600, cell_seconds=480, question_seconds={q.id: 30 for q in A.questions}
)


@pytest.mark.slow
def test_a_submission_scanning_the_whole_sandbox_finds_no_course_secret(
    pool: WarmPoolBackend, tmp_path: Path
) -> None:
    """A hostile cell hashes every line of every readable file of its sandbox (tests/leakscan.py)
    and prints what it found: not one line of the instructor tree that students do not have, no
    folder named ``reference_solutions`` or ``.git``; only the canary it wrote itself."""
    course = course_secrets()
    canary = f"zoo canary {uuid.uuid4().hex} known only to this test".encode()
    probe = Probe.of(set(course.searched) | {canary})
    ctx = Ctx(
        A, ROOT, tmp_path / "out", tmp_path / "book.sqlite", 0, tmp_path / "unused", "zoo-scan"
    )
    path = notebook_with(
        A, {Q1: leak_scan(ctx, scanner_code(probe), canary)}, tmp_path / "z_leak_scan.ipynb"
    )
    started = time.monotonic()
    result = grade_notebook(A, path, "z_leak_scan", backend=pool, limits=SCAN_LIMITS)
    report = parse_report(result.log["stdout"])
    print(
        f"\nsandbox scan: {report['files_read']} files, {report['bytes_read'] / 1e6:.0f} MB "
        f"read ({report['files_seen']} seen, {report['binary_skipped']} binary skipped, "
        f"{report['zip_members']} zip members, {report['json_docs']} JSON documents, "
        f"{report['mount_points']} mount points) in {report['seconds']} s; graded in "
        f"{time.monotonic() - started:.1f} s"
    )
    hits = which_lines(report, course.lines | {canary})
    assert hits == [("/tmp/zoo_canary.txt", canary.decode())], hits
    assert report["secret_paths"] == [] and report["secret_path_count"] == 0
    assert report["files_read"] >= 10_000  # /usr and the environments: tens of thousands
    assert report["bytes_read"] >= 200 * 10**6
    assert report["mount_points"] >= 3
    assert result.score == 18.0, [explain(q) for q in result.questions]  # and it still works


# ------------------------------------------------------------------------------ single use

LEAK_PATHS = {
    "cwd": "zoo_leak_marker",
    "tmp": "/tmp/zoo_leak_marker",
    "scratch": "/grading/work/zoo_leak_marker",
    "dev_shm": "/dev/shm/zoo_leak_marker",
    "grading": "/grading/zoo_leak_marker",
    "root": "/zoo_leak_marker",
}

PLANT = textwrap.dedent(f"""
    import os, sys, subprocess, builtins, numpy
    for _where, _path in {LEAK_PATHS!r}.items():
        try:
            with open(_path, "w") as _fh:
                _fh.write("planted")
        except OSError as _exc:
            print("ZOO-PLANT-FAILED", _where, _exc)
    numpy._zoo_marker = 1
    builtins._zoo_marker = 1
    sys.modules["zoo_planted_module"] = numpy
    os.environ["ZOO_MARKER"] = "1"
    subprocess.Popen(["sh", "-c", "while :; do echo alive >> /tmp/zoo_daemon.log; sleep 0.1; "
                      "done"], start_new_session=True)
""")

LOOK = textwrap.dedent(f"""
    import os, sys, json, time, builtins, numpy
    time.sleep(0.5)  # a surviving daemon would have re-created its log by now
    _seen = {{where: os.path.exists(path) for where, path in {LEAK_PATHS!r}.items()}}
    _seen["numpy_attribute"] = hasattr(numpy, "_zoo_marker")
    _seen["builtins_attribute"] = hasattr(builtins, "_zoo_marker")
    _seen["sys_modules"] = "zoo_planted_module" in sys.modules
    _seen["environment"] = "ZOO_MARKER" in os.environ
    _seen["daemon_log"] = os.path.exists("/tmp/zoo_daemon.log")
    _sh = []
    for _pid in os.listdir("/proc"):
        if _pid.isdigit():
            try:
                with open(f"/proc/{{_pid}}/cmdline", "rb") as _fh:
                    _sh.append(_fh.read())
            except OSError:
                pass
    _seen["daemon_process"] = any(b"zoo_daemon" in c for c in _sh)
    print("ZOO-SEEN " + json.dumps(_seen), flush=True)
""")

SEEN_KEYS = [
    *LEAK_PATHS,
    "numpy_attribute",
    "builtins_attribute",
    "sys_modules",
    "environment",
    "daemon_log",
    "daemon_process",
]


@pytest.fixture(scope="module")
def single_use(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bool]:
    folder = tmp_path_factory.mktemp("single")
    q1 = A.reference_sections()[Q1]
    first = notebook_with(A, {Q1: PLANT + q1}, folder / "first.ipynb")
    second = notebook_with(A, {Q1: LOOK + q1}, folder / "second.ipynb")
    with WarmPoolBackend(1, SandboxConfig(data_dir=A.directory)) as backend:
        r1 = grade_notebook(A, first, "first", backend=backend, limits=LIMITS)
        r2 = grade_notebook(A, second, "second", backend=backend, limits=LIMITS)
    assert r1.score == 18.0 and r2.score == 18.0
    seen: dict[str, bool] = stdout_json(r2, "ZOO-SEEN")
    return seen


@pytest.mark.parametrize("what", SEEN_KEYS)
def test_workers_are_single_use(single_use: dict[str, bool], what: str) -> None:
    """Nothing one submission leaves behind is visible to the next one on the same worker."""
    assert single_use[what] is False, f"the next submission saw the previous one's {what}"
