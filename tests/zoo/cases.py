"""The zoo: hostile answer cells for 01_calculus_autodiff, one question attacked per case.

Each case builds the source of ONE answer cell (usually the reference section of that question
with hostile code injected into one of its functions) and says what the grader must make of it:
the attacked question loses points for a stated reason (or, for the few "must not be penalised"
cases, keeps full marks), and every other question keeps full marks.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograder.course import Assignment

Q1, Q2, Q3, Q4 = "q1_finite_differences", "q2_derivative_rules", "q3_symbolic", "q4_single_neuron"
Q5, Q6, Q7 = "q5_newton", "q6_autograd", "q7_logistic_regression"

MB = 1024 * 1024


@dataclass(frozen=True)
class Ctx:
    """Host facts the hostile code embeds (absolute paths, the port of the trap server...)."""

    assignment: Assignment
    root: Path
    out: Path
    book: Path
    port: int
    pickle_marker: Path
    marker: str  # unique string put in the argv of every process a case leaves behind

    def section(self, question: str) -> str:
        return self.assignment.reference_sections()[question]


@dataclass(frozen=True)
class Case:
    name: str
    question: str
    build: Callable[[Ctx], str]
    reasons: tuple[str, ...] = ()  # one of them appears in a non-passed check of the question
    status: str | None = None  # a non-passed check of the question has this status
    full_marks: bool = False  # the attacked question must keep full marks

    @property
    def student(self) -> str:
        return "z_" + self.name


# ------------------------------------------------------------------------------ source helpers


def inject(section: str, fn: str, code: str) -> str:
    """Insert ``code`` as the first statements of function ``fn`` (after its docstring)."""
    start = section.index(f"def {fn}(")
    doc = section.index('"""', start)
    end_doc = section.index('"""', doc + 3)
    eol = section.index("\n", end_doc) + 1
    body = textwrap.indent(textwrap.dedent(code).strip("\n") + "\n", "    ")
    return section[:eol] + body + section[eol:]


def replace(section: str, old: str, new: str) -> str:
    assert old in section, f"{old!r} is no longer in the reference section"
    return section.replace(old, new)


GATE = 'if __import__("sys")._getframe(1).f_globals.get("__name__", "").startswith("autograder"):'


def gated(code: str) -> str:
    """Run ``code`` only when the grader itself calls the function (not the notebook's locked
    demo cells, which call every function while the cells run): the attack then hits the calls
    of its own question, where the engine promises per-question recovery."""
    return GATE + "\n" + textwrap.indent(textwrap.dedent(code).strip("\n"), "    ")


def hostile(question: str, fn: str, code: str, gate: bool = True) -> Callable[[Ctx], str]:
    body = gated(code) if gate else code
    return lambda ctx: inject(ctx.section(question), fn, body)


def stdout_json(result: Any, tag: str) -> Any:
    """The JSON printed after ``tag`` on a line of the submission's stdout."""
    for line in result.log["stdout"].splitlines():
        if line.startswith(tag + " "):
            return json.loads(line[len(tag) + 1 :])
    raise AssertionError(f"{tag} not printed; stdout tail: {result.log['stdout'][-2000:]!r}")


# ------------------------------------------------------------------------------ resource attacks

INFINITE_LOOP = hostile(Q1, "central_diff", "while True:\n    pass")
SLEEP_FOREVER = hostile(Q2, "d_sigmoid", "import time\ntime.sleep(10**6)")
SIGTERM_LOOP = hostile(
    Q3,
    "tangent_plane",
    """
    import signal
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        pass
""",
)


def fork_bomb(ctx: Ctx) -> str:
    # Bounded at 300 so that the zoo stays safe even where RLIMIT_NPROC is not enforced; every
    # child becomes `sh -c 'sleep 600'` with the marker in its argv so leftovers can be found.
    return inject(
        ctx.section(Q5),
        "newton_1d",
        f"""
        import os, json
        if not globals().get("_zoo_forked"):
            globals()["_zoo_forked"] = True
            count, error = 0, None
            for _ in range(300):
                try:
                    pid = os.fork()
                except OSError as exc:
                    error = type(exc).__name__
                    break
                if pid == 0:
                    try:
                        os.execv("/bin/sh", ["sh", "-c", "sleep 600; :", {ctx.marker!r}])
                    finally:
                        os._exit(0)
                count += 1
            print("ZOO-FORKED " + json.dumps([count, error]), flush=True)
        raise RuntimeError("fork bomb went off")
    """,
    )


MEMORY_BOMB = hostile(
    Q4,
    "mse_grads",
    """
    big = np.ones(2**30)  # 8 GiB of float64
    print(float(big.sum()))
""",
)

DISK_FILL = hostile(
    Q7,
    "train_logistic",
    """
    import os
    total, i = 0, 0
    chunk = b"\\1" * (16 * 1024 * 1024)
    try:
        while total < 4 * 1024**3:
            fd = os.open(f"zoo_fill_{i}.bin", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            try:
                for _ in range(3):  # 48 MB files: below RLIMIT_FSIZE, so only space runs out
                    total += os.write(fd, chunk)
            finally:
                os.close(fd)
            i += 1
    except OSError as exc:
        raise RuntimeError(f"disk full after ZOO-BYTES={total}: {exc}") from None
    raise RuntimeError(f"the disk never filled: ZOO-BYTES={total}")
""",
)

BIG_FILE = hostile(
    Q7,
    "predict",
    """
    import os
    fd = os.open("zoo_big.bin", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    chunk = b"\\2" * (1024 * 1024)
    while True:
        os.write(fd, chunk)
""",
)

STDOUT_FLOOD = hostile(
    Q2,
    "d_tanh",
    """
    line = "spam " * 200
    while True:
        print(line)
""",
)

CPU_LIMIT = hostile(
    Q5,
    "newton_1d",
    """
    import resource
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (int(usage.ru_utime + usage.ru_stime) + 1, hard))
    while True:
        pass
""",
)

SHM_FILL = hostile(
    Q1,
    "forward_diff",
    """
    import os
    total, i, error = 0, 0, "no error"
    chunk = b"\\3" * (16 * 1024 * 1024)
    try:
        while total < 1024**3:
            fd = os.open(f"/dev/shm/zoo_fill_{i}.bin", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            try:
                for _ in range(3):
                    total += os.write(fd, chunk)
            finally:
                os.close(fd)
            i += 1
    except OSError as exc:
        error = str(exc)
    raise RuntimeError(f"shm fill: ZOO-BYTES={total}: {error}")
""",
)

# ------------------------------------------------------------------------------ killing, crashing

SYS_EXIT = hostile(Q3, "taylor_poly", "import sys\nsys.exit(0)")
OS_EXIT = hostile(Q4, "neuron_output", "import os\nos._exit(3)")
SIGKILL_SELF = hostile(
    Q1, "central_diff", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"
)
KILL_PARENT = hostile(
    Q6,
    "sigmoid_neuron",
    """
    import os, time
    os.kill(os.getppid(), 9)
    time.sleep(30)
""",
)
SEGFAULT = hostile(Q2, "d_relu", "import ctypes\nctypes.string_at(0)")

# ------------------------------------------------------------------------------ reading secrets


def read_secret(
    question: str, path_of: Callable[[Ctx], Path], names: tuple[str, ...], sig: str
) -> Callable[[Ctx], str]:
    """Try to load the reference/suite by absolute path and use it; stubs when that fails."""

    def build(ctx: Ctx) -> str:
        stubs = "\n".join(
            f"    def {n}{sig}:\n        raise NotImplementedError('no secret')" for n in names
        )
        grab = "\n".join(f"    {n} = _ns[{n!r}]" for n in names)
        return (
            textwrap.dedent(f"""
            import os
            _path = {str(path_of(ctx))!r}
            try:
                print("ZOO-LISTDIR " + repr(os.listdir(os.path.dirname(_path))), flush=True)
            except OSError as _exc:
                print("ZOO-LISTDIR " + type(_exc).__name__, flush=True)
            try:
                with open(_path) as _fh:
                    _src = _fh.read()
                print("ZOO-LEAK " + str(len(_src)), flush=True)
                _ns = {{}}
                exec(_src, _ns)
            """)
            + grab
            + "\n"
            + textwrap.dedent("""
            except Exception as _exc:
                print("ZOO-SECRET-UNREADABLE " + type(_exc).__name__, flush=True)
            """)
            + stubs
            + "\n"
        )

    return build


READ_REFERENCE = read_secret(
    Q1, lambda c: c.assignment.reference_path, ("forward_diff", "central_diff"), "(f, x, h=1e-5)"
)
READ_SUITE = read_secret(
    Q2,
    lambda c: c.assignment.suite_path,
    ("d_sigmoid", "d_tanh", "d_relu", "d_sqrt", "d_abs"),
    "(x)",
)


def walk_fs(ctx: Ctx) -> str:
    return textwrap.dedent("""
        import os, json
        _found, _seen = [], 0
        for _root, _dirs, _files in os.walk("/"):
            if _root in ("/proc", "/sys", "/dev"):
                _dirs[:] = []
                continue
            for _f in _files:
                _seen += 1
                _p = os.path.join(_root, _f)
                if _f.startswith("01_calculus_autodiff") and not _f.endswith(".ipynb") \\
                        or "reference_solutions" in _p:
                    _found.append(_p)
        print("ZOO-FOUND " + json.dumps(_found), flush=True)
        print("ZOO-SEEN " + json.dumps(_seen), flush=True)

        def tangent_plane(f, x, y, a, b):
            raise NotImplementedError("nothing found to copy")

        def taylor_poly(expr, x, x0, order):
            raise NotImplementedError("nothing found to copy")
    """)


def leak_scan(ctx: Ctx, scanner: str, canary: bytes) -> str:
    """Q1's answer cell, preceded by a content scan of every readable file in the sandbox
    (``scanner``: tests/leakscan.py's shipped text, which prints its report). ``canary`` is
    written to /tmp first: the positive control that the scan reads and hashes as it should."""
    plant = f"with open('/tmp/zoo_canary.txt', 'wb') as _fh:\n    _fh.write({canary!r} + b'\\n')\n"
    return plant + scanner + "\n" + ctx.section(Q1)


def proc_list(ctx: Ctx) -> str:
    spy = textwrap.dedent("""
        import os, json
        _cmds = {}
        for _pid in os.listdir("/proc"):
            if _pid.isdigit():
                try:
                    with open(f"/proc/{_pid}/cmdline", "rb") as _fh:
                        _cmds[_pid] = _fh.read().replace(b"\\0", b" ").decode("utf-8", "replace")
                except OSError as _exc:
                    _cmds[_pid] = "<" + type(_exc).__name__ + ">"
        print("ZOO-PROCS " + json.dumps(_cmds), flush=True)
    """)
    return spy + inject(ctx.section(Q4), "mse_grads", "raise NotImplementedError('spied instead')")


# ------------------------------------------------------------------------------ network


def network(ctx: Ctx) -> str:
    return inject(
        ctx.section(Q5),
        "newton_1d",
        f"""
        import socket, json
        results = []
        for addr in (("127.0.0.1", {ctx.port}), ("1.1.1.1", 53), ("8.8.8.8", 443)):
            try:
                socket.create_connection(addr, timeout=2).close()
                results.append("CONNECTED")
            except OSError as exc:
                results.append(type(exc).__name__ + ": " + str(exc))
        print("ZOO-NET " + json.dumps(results), flush=True)
        raise ConnectionError("ZOO-NET " + " | ".join(results))
    """,
    )


# ------------------------------------------------------------------------------ faking answers


def patch_asserts(ctx: Ctx) -> str:
    patches = textwrap.dedent("""
        import numpy as _np, torch as _torch
        _np.allclose = lambda *a, **k: True
        _np.testing.assert_allclose = lambda *a, **k: None
        _np.testing.assert_array_almost_equal = lambda *a, **k: None
        _torch.allclose = lambda *a, **k: True
        _torch.testing.assert_close = lambda *a, **k: None
    """)
    section = inject(
        ctx.section(Q1),
        "central_diff",
        "return np.zeros_like(np.asarray(x, dtype=np.float64))  # WRONG",
    )
    return patches + section


EQ_ALWAYS_TRUE = hostile(
    Q2,
    "d_tanh",
    """
    class AlwaysEqual:
        def __eq__(self, other):
            return True
        def __ne__(self, other):
            return False
        __hash__ = object.__hash__
    return AlwaysEqual()
""",
)

NDARRAY_SUBCLASS = hostile(
    Q2,
    "d_relu",
    """
    class Sneaky(np.ndarray):
        def __eq__(self, other):
            return np.ones(np.shape(self), dtype=bool)
    x = np.asarray(x, dtype=np.float64)
    return np.zeros_like(x).view(Sneaky)  # WRONG values, dressed up
""",
)

FLOAT_SUBCLASS = hostile(
    Q4,
    "mse_loss",
    """
    class Sneaky(float):
        def __eq__(self, other):
            return True
        __hash__ = float.__hash__
    return Sneaky(0.0)  # WRONG value, dressed up
""",
)


def requires_grad_value(ctx: Ctx) -> str:
    # hessian must return a plain tensor; this one is correct but attached to a graph
    return replace(
        ctx.section(Q6),
        "return torch.stack(rows).detach()",
        "out = torch.stack(rows).detach() * torch.ones((), dtype=torch.float64, "
        "requires_grad=True)\n    print('ZOO-RG', out.requires_grad, out.grad_fn)\n"
        "    return out",
    )


def fake_graph(ctx: Ctx) -> str:
    # correct forward values, but a fresh leaf that only *claims* to require grad
    return replace(
        ctx.section(Q6),
        "return torch.sigmoid(w @ X + b)",
        "return torch.sigmoid(w @ X + b).detach().requires_grad_(True)",
    )


META_TENSOR = hostile(
    Q6,
    "hessian",
    """
    return torch.empty((x.numel(), x.numel()), dtype=torch.float64, device="meta")
""",
)


def tensor_subclass(ctx: Ctx) -> str:
    return "import torch\n\nclass _ZooTensor(torch.Tensor):\n    pass\n\n" + replace(
        ctx.section(Q6),
        "return torch.stack(rows).detach()",
        "return torch.stack(rows).detach().as_subclass(_ZooTensor)",
    )


def pickle_bomb(ctx: Ctx) -> str:
    bomb = textwrap.dedent(f"""
        import os as _os

        class _Bomb:
            def __reduce__(self):
                return (_os.system, ("touch {ctx.pickle_marker}",))

            def __eq__(self, other):
                return True

            __hash__ = object.__hash__
    """)
    section = inject(ctx.section(Q1), "central_diff", "return _Bomb()")
    section = inject(section, "forward_diff", "return np.array([_Bomb(), _Bomb()], dtype=object)")
    return bomb + section


# ------------------------------------------------------------------------------ tampering


def flags_dtype(ctx: Ctx) -> str:
    tamper = textwrap.dedent("""
        import torch
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
        torch.backends.cudnn.deterministic = False
        torch.backends.cudnn.benchmark = True
        torch.use_deterministic_algorithms(False)
        torch.set_default_dtype(torch.float32)
    """)
    section = inject(
        ctx.section(Q6),
        "hessian",
        """
        print("ZOO-FLAGS " + json.dumps([torch.are_deterministic_algorithms_enabled(),
                                        torch.backends.cudnn.deterministic,
                                        torch.backends.cuda.matmul.allow_tf32,
                                        str(torch.get_default_dtype())]), flush=True)
    """,
    )
    return tamper + "import json\n" + section


def forge_outputs(ctx: Ctx) -> str:
    student = "z_forge_outputs"
    forged = {"score": 18.0, "max_score": 18.0, "output": "ZOO-FORGED", "tests": []}
    targets = [
        (str(ctx.out / student / "results.json"), json.dumps(forged)),
        (str(ctx.out / "control" / "results.json"), json.dumps(forged)),
        (str(ctx.out / "ZOO_FORGED_MARKER"), "ZOO-FORGED"),
        (str(ctx.out / "grades.csv"), "student,score\nz_forge_outputs,18 ZOO-FORGED\n"),
        (str(ctx.book), "ZOO-FORGED this is not a database"),
    ]
    return inject(
        ctx.section(Q5),
        "newton_1d",
        f"""
        import os, json
        if not globals().get("_zoo_forged"):
            globals()["_zoo_forged"] = True
            log = []
            for path, text in {targets!r}:
                try:
                    os.makedirs(os.path.dirname(path), exist_ok=True)
                    with open(path, "a") as fh:
                        fh.write(text)
                    log.append("written " + path)
                except OSError as exc:
                    log.append(type(exc).__name__ + " " + path)
            print("ZOO-FORGE " + json.dumps(log), flush=True)
        raise NotImplementedError("forged the outputs instead")
    """,
    )


def background(ctx: Ctx) -> str:
    return inject(
        ctx.section(Q3),
        "tangent_plane",
        f"""
        import os, subprocess
        if not globals().get("_zoo_bg"):
            globals()["_zoo_bg"] = True
            subprocess.Popen(["sh", "-c", "sleep 300; :", {ctx.marker!r}],
                             start_new_session=True)
            pid = os.fork()
            if pid == 0:
                os.setsid()
                if os.fork() == 0:
                    os.execv("/bin/sh", ["sh", "-c",
                             "while :; do echo alive >> /tmp/zoo_daemon.log; sleep 0.2; done",
                             {ctx.marker!r}])
                os._exit(0)
            os.waitpid(pid, 0)
        raise RuntimeError("spawned background processes instead")
    """,
    )


PROTOCOL_GARBAGE = hostile(
    Q7,
    "predict",
    """
    import os
    os.write(int(os.environ.get("AUTOGRADER_PROTOCOL_FD", "3")), b"this is not json\\n")
""",
)


# ------------------------------------------------------------------------------ the case list

R_TIMEOUT = ("timed out",)

# Ungated: the locked demo ("explore") cells call the hostile function while the cells run.
CELLS_INFINITE_LOOP = hostile(Q1, "central_diff", "while True:\n    pass", gate=False)
CELLS_OS_EXIT = hostile(Q4, "neuron_output", "import os\nos._exit(3)", gate=False)

CASES: list[Case] = [
    # resources
    Case("infinite_loop", Q1, INFINITE_LOOP, R_TIMEOUT, "error"),
    Case("sleep_forever", Q2, SLEEP_FOREVER, R_TIMEOUT, "error"),
    Case("sigterm_ignored_loop", Q3, SIGTERM_LOOP, R_TIMEOUT, "error"),
    Case("fork_bomb", Q5, fork_bomb, ("fork bomb went off",), "error"),
    Case("memory_bomb", Q4, MEMORY_BOMB, ("out of memory", "MemoryError"), "error"),
    Case("disk_fill", Q7, DISK_FILL, ("No space left on device",), "error"),
    Case("big_file", Q7, BIG_FILE, ("output limit", "File too large"), "error"),
    Case("stdout_flood", Q2, STDOUT_FLOOD, ("output limit", "File too large"), "error"),
    Case("cpu_time_limit", Q5, CPU_LIMIT, ("CPU time limit",), "error"),
    Case("shm_fill", Q1, SHM_FILL, ("shm fill",), "error"),
    # killing and crashing
    Case("sys_exit", Q3, SYS_EXIT, ("SystemExit",), "error"),
    Case("os_exit", Q4, OS_EXIT, ("exited early with code 3",), "error"),
    Case("sigkill_self", Q1, SIGKILL_SELF, ("killed by signal 9",), "error"),
    Case("kill_parent", Q6, KILL_PARENT, ("stopped responding",), "error"),
    Case("segfault", Q2, SEGFAULT, ("segmentation fault",), "error"),
    # secrets
    Case("read_reference", Q1, READ_REFERENCE, ("not implemented yet",), "error"),
    Case("read_suite", Q2, READ_SUITE, ("not implemented yet",), "error"),
    Case("walk_filesystem", Q3, walk_fs, ("not implemented yet",), "error"),
    Case("list_processes", Q4, proc_list, ("not implemented yet",), "error"),
    Case("network", Q5, network, ("ZOO-NET",), "error"),
    # faking answers
    Case("patched_asserts", Q1, patch_asserts, ("Values are not close",), "failed"),
    Case("eq_always_true", Q2, EQ_ALWAYS_TRUE, ("cannot be graded",), "failed"),
    Case("ndarray_subclass", Q2, NDARRAY_SUBCLASS, ("cannot be graded",), "failed"),
    Case("float_subclass", Q4, FLOAT_SUBCLASS, ("cannot be graded",)),
    Case("requires_grad_value", Q6, requires_grad_value, full_marks=True),
    Case("fake_graph", Q6, fake_graph, ("does not depend on",), "failed"),
    Case("meta_tensor", Q6, META_TENSOR, ("meta", "not implemented", "cannot be graded")),
    Case("tensor_subclass", Q6, tensor_subclass, ("tensor subclasses are not accepted",), "failed"),
    Case("pickle_bomb", Q1, pickle_bomb, ("cannot be graded",), "failed"),
    # tampering
    Case("flags_and_default_dtype", Q6, flags_dtype, full_marks=True),
    Case("forge_outputs", Q5, forge_outputs, ("forged the outputs",), "error"),
    Case("background_processes", Q3, background, ("spawned background processes",), "error"),
    Case("protocol_garbage", Q7, PROTOCOL_GARBAGE, ("protocol was corrupted",), "error"),
    # the same attacks, reached from the notebook's own demo cells while the cells run
    Case("cells_infinite_loop", Q1, CELLS_INFINITE_LOOP, R_TIMEOUT, "error"),
    Case("cells_os_exit", Q4, CELLS_OS_EXIT, ("exited early with code 3",), "error"),
]

assert len({c.name for c in CASES}) == len(CASES)
assert all(re.fullmatch(r"[a-z0-9_]+", c.name) for c in CASES)
