"""Reference outcomes cached on disk: a second batch reads them back bit for bit instead of
recomputing; an edit of the reference or the suite, or a damaged file, means a recomputation;
concurrent writers never leave a torn file."""

from __future__ import annotations

import dataclasses
import json
import math
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from autograder.authoring.solve import solve_notebook
from autograder.course import Assignment
from autograder.exceptions import GraderError
from autograder.execution.contract import Job, Limits, RunResult
from autograder.execution.fake import FakeBackend
from autograder.grading import pipeline, reference_cache
from autograder.grading.cache_folder import CACHE_ENV
from autograder.protocol.calls import CallOutcome
from autograder.protocol.perform import perform
from tests.helpers import ROOT

MASTER = '''"""A reference with tensors, gradients, an error, a NaN and a warning."""
import warnings

import numpy as np
import torch

# %% [setup]
import numpy as np

# %% [question q1]
# Tensors.

# %% [answer]
def square(x):
    """The elementwise square, differentiable."""
    ### BEGIN SOLUTION
    return x * x + torch.randn(x.shape, dtype=x.dtype) * 0
    ### END SOLUTION


def odd(n):
    """A NaN, a warning and an error, the things a record may hold."""
    ### BEGIN SOLUTION
    if n < 0:
        raise ValueError("negative")
    warnings.warn("careful", RuntimeWarning)
    return (float("nan"), np.float32(1.5), np.random.default_rng(n).normal(size=3))
    ### END SOLUTION
'''

SUITE = """import numpy as np
from autograder.authoring import AutogradCheck, Call, Question, TensorArg, Tolerance, ValueCheck

X = TensorArg(np.linspace(-1.0, 1.0, 7), requires_grad=True, grad_name="x")
QUESTIONS = [Question("q1", points=1, title="tensors", checks=(
    ValueCheck(name="square", tol=Tolerance(0.0, 0.0), call=Call("square", (X,))),
    AutogradCheck(name="square grad", call=Call("square", (X,), seed=3)),
    ValueCheck(name="odd", call=Call("odd", (2,))),
    ValueCheck(name="odd raises", call=Call("odd", (-1,))),
))]
"""


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private cache folder and empty in-process caches, so that each test starts cold."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    monkeypatch.setattr(pipeline, "_references", {})
    monkeypatch.setattr(pipeline, "_plans", {})
    return folder


@pytest.fixture
def performed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the functions the reference run performs (empty when read from disk)."""
    calls: list[str] = []

    def counting(call: dict[str, Any], *args: Any, **kwargs: Any) -> dict[str, Any]:
        calls.append(call["fn"])
        return perform(call, *args, **kwargs)

    monkeypatch.setattr("autograder.grading.pipeline.perform", counting)
    return calls


def _course(tmp_path: Path, master: str = MASTER, suite: str = SUITE) -> Assignment:
    (tmp_path / "course" / "assignments" / "t").mkdir(parents=True, exist_ok=True)
    instructor = tmp_path / "course" / "reference_solutions" / "t"
    instructor.mkdir(parents=True, exist_ok=True)
    (instructor / "master.py").write_text(master)
    (instructor / "suite.py").write_text(suite)
    return Assignment.load("t", tmp_path / "course")


def _outcomes(assignment: Assignment) -> dict[int, CallOutcome]:
    """The reference outcomes as a new grader process would get them (no in-memory copy)."""
    pipeline._references.clear()
    pipeline._plans.clear()
    return pipeline.reference_outcomes(assignment, pipeline.make_plan(assignment))


def _bits(x: Any, timing: bool = True) -> Any:
    """A value as nested tuples of exact bits: arrays by dtype, shape and bytes, floats by hex;
    without the calls' run times unless ``timing`` (two computations differ only in those)."""
    if isinstance(x, np.ndarray):
        return ("ndarray", str(x.dtype), x.shape, x.tobytes())
    if isinstance(x, float):
        return ("float", x.hex() if not math.isnan(x) else "nan")
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        kept = [f.name for f in dataclasses.fields(x) if timing or f.name != "seconds"]
        return (type(x).__name__, *((name, _bits(getattr(x, name), timing)) for name in kept))
    if isinstance(x, Mapping):
        return ("map", *((_bits(k, timing), _bits(v, timing)) for k, v in x.items()))
    if isinstance(x, list | tuple):
        return (type(x).__name__, *(_bits(v, timing) for v in x))
    if x is None or isinstance(x, bool | int | str):
        return x
    return (type(x).__name__, repr(x))


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json"))


def test_a_second_computation_is_read_from_disk_bit_for_bit(
    tmp_path: Path, _cache: Path, performed: list[str]
) -> None:
    a = _course(tmp_path)
    first = _outcomes(a)
    assert len(performed) == 4 and len(_entries(_cache)) == 1
    performed.clear()
    again = _outcomes(_course(tmp_path))
    assert performed == []  # nothing was run: read back from the file
    assert _bits(again) == _bits(first)
    assert again[3].error is not None and again[3].error.message == "negative"
    assert again[1].grads and again[0].value.array.dtype == np.float64


def test_cached_outcomes_equal_a_fresh_computation_on_a_real_assignment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, performed: list[str]
) -> None:
    a = Assignment.load("01_calculus_autodiff", ROOT)
    fresh = _outcomes(a)
    computed = len(performed)
    assert computed > 100
    read_back = _outcomes(a)
    assert len(performed) == computed
    assert _bits(read_back) == _bits(fresh)
    # and a computation in another, empty cache gives the same bits again (but for run times)
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "other"))
    assert _bits(_outcomes(a), timing=False) == _bits(fresh, timing=False)
    assert len(performed) == 2 * computed


@pytest.mark.parametrize("edit", ["suite", "reference", "functions", "data file"])
def test_editing_what_the_outcomes_depend_on_invalidates(
    tmp_path: Path, _cache: Path, performed: list[str], edit: str
) -> None:
    a = _course(tmp_path)
    _outcomes(a)
    performed.clear()
    if edit == "suite":  # a change that leaves the calls as they were still recomputes
        a = _course(tmp_path, suite=SUITE + "\n# reviewed\n")
    elif edit == "reference":
        a = _course(tmp_path, master=MASTER.replace("torch.randn(x.shape, dtype=x.dtype) * 0", "1"))
    elif edit == "functions":
        (a.instructor_dir / "functions.py").write_text("def helper(x):\n    return x\n")
        a = _course(tmp_path)
    else:
        (a.directory / "weights.npy").write_bytes(b"new data")
        a = _course(tmp_path)
    edited = _outcomes(a)
    assert len(performed) == 4
    assert len(_entries(_cache)) == 2
    if edit == "reference":  # the new reference's values, not the stored ones
        assert np.array_equal(edited[0].value.array, np.linspace(-1.0, 1.0, 7) ** 2 + 1)


def _damage_payload(path: Path) -> None:
    blob = bytearray(path.read_bytes())
    blob[-10] ^= 0x01
    path.write_bytes(bytes(blob))


def _forge_record(path: Path) -> None:
    """A sound checksum over a record the protocol's decoder rejects."""
    header, payload = path.read_bytes().split(b"\n", 1)
    entries = json.loads(payload)
    entries[0][1] = {"ok": "yes"}
    payload = json.dumps(entries).encode()
    meta = json.loads(header)
    meta["sha256"] = __import__("hashlib").sha256(payload).hexdigest()
    path.write_bytes(json.dumps(meta).encode() + b"\n" + payload)


def _other_key(path: Path) -> None:
    header, payload = path.read_bytes().split(b"\n", 1)
    meta = json.loads(header)
    meta["key"] = "0" * 64
    path.write_bytes(json.dumps(meta).encode() + b"\n" + payload)


DAMAGE: dict[str, Callable[[Path], object]] = {
    "truncated": lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
    "empty": lambda p: p.write_bytes(b""),
    "not json": lambda p: p.write_bytes(b"\x00\xff garbage"),
    "flipped bit": _damage_payload,
    "malformed record": _forge_record,
    "another key": _other_key,
    "another format": lambda p: p.write_bytes(
        p.read_bytes().replace(b'"format": 1', b'"format": 99', 1)
    ),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_or_stale_file_is_recomputed_and_replaced(
    tmp_path: Path, _cache: Path, performed: list[str], damage: str
) -> None:
    a = _course(tmp_path)
    fresh = _outcomes(a)
    (entry,) = _entries(_cache)
    DAMAGE[damage](entry)
    performed.clear()
    again = _outcomes(a)
    assert len(performed) == 4, "a damaged entry must be recomputed, not trusted"
    assert _bits(again, timing=False) == _bits(fresh, timing=False)
    performed.clear()
    assert _bits(_outcomes(a)) == _bits(again) and performed == []  # the file was rewritten


def test_an_unwritable_cache_does_not_stop_grading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, performed: list[str]
) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))
    a = _course(tmp_path)
    first = _outcomes(a)
    assert _bits(_outcomes(a), timing=False) == _bits(first, timing=False)
    assert len(performed) == 8  # computed twice: nothing could be stored


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from autograder.grading.reference_cache import serialise, store
    path, key, writer = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    big = "x" * 50_000
    for i in range(15):
        record = {"ok": True, "value": [writer, i, big], "seconds": 0.5}
        store(path, key, serialise({0: record, 1: record}))
    """
)


def test_concurrent_writers_never_leave_a_torn_file(tmp_path: Path) -> None:
    path, key = tmp_path / "cache" / "t-entry.json", "k" * 64
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), key, str(w)], cwd=ROOT)
        for w in range(3)
    ]
    seen = 0
    while any(w.poll() is None for w in writers):
        if not path.exists():
            continue
        # once there, the file is only ever replaced whole: every read is one writer's entry
        outcome = reference_cache.load(path, key)
        assert outcome is not None, "a reader saw a torn or partial entry"
        value = outcome[0].value
        assert value[0] in range(3) and len(value[2]) == 50_000
        seen += 1
    for w in writers:
        assert w.wait(timeout=120) == 0
    final = reference_cache.load(path, key)
    assert final is not None and final[1].value[1] == 14
    assert seen > 0
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary files left


def _as_the_reference(a: Assignment, handed_over: threading.Event) -> Callable[..., RunResult]:
    """A backend script that says when the job reached it, then answers every call as the
    reference does (a correct submission), records round-tripped through JSON as on the wire."""
    namespace = vars(a.reference_module)

    def run(job: Job, limits: Limits) -> RunResult:
        records = {  # before the event: the two runs reseed this process's global RNGs
            (q["id"], c["id"]): json.loads(
                json.dumps(perform(dict(c), namespace, "cpu", functions=a.functions))
            )
            for q in job.questions
            for c in q["calls"]
        }
        handed_over.set()
        return RunResult(records=records, finished=set(job.question_ids))

    return run


def test_a_cold_cache_computes_the_reference_while_the_first_submission_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = Assignment.load("01_calculus_autodiff", ROOT)
    handed_over = threading.Event()
    performed = []

    def after_the_hand_over(call: dict[str, Any], *args: Any, **kwargs: Any) -> dict[str, Any]:
        # a pipeline that computed the references first would wait here for nothing
        assert handed_over.wait(10), "the submission waited for the reference outcomes"
        performed.append(call["fn"])
        return perform(call, *args, **kwargs)

    monkeypatch.setattr("autograder.grading.pipeline.perform", after_the_hand_over)
    solved = solve_notebook(a, tmp_path / "solved.ipynb")
    backend = FakeBackend(_as_the_reference(a, handed_over))
    result = pipeline.grade_notebook(a, solved, "ann", backend=backend)
    assert len(backend.jobs) == 1 and len(performed) > 100  # computed, after the hand-over
    assert result.score == a.max_score, [c for q in result.questions for c in q.checks]
    assert _entries(tmp_path / "cache")  # and kept for the next batch


def test_a_broken_reference_computed_beside_the_run_still_stops_grading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = Assignment.load("01_calculus_autodiff", ROOT)

    def broken(*args: Any, **kwargs: Any) -> dict[str, Any]:
        raise GraderError("the reference of q1 raised ZeroDivisionError")

    monkeypatch.setattr("autograder.grading.pipeline.perform", broken)
    solved = solve_notebook(a, tmp_path / "solved.ipynb")
    backend = FakeBackend(_as_the_reference(a, threading.Event()))
    with pytest.raises(GraderError, match="reference of q1 raised"):
        pipeline.grade_notebook(a, solved, "ann", backend=backend)
    assert len(backend.jobs) == 1 and not pipeline._references  # nothing half-computed kept
