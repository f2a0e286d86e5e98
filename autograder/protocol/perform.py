"""Perform one call on a namespace and return its plain-data record.

Used on both sides of the boundary: inside the sandbox on the student's namespace, and in the
trusted process on the reference module, so that both outputs go through exactly the
same encoding. Also the determinism and random-state helpers every call needs.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import random
import sys
import time
import traceback
import warnings
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from autograder.exceptions import WireError
from autograder.protocol import rng, wire

CALLABLE_PREFIXES = ("numpy.", "math.", "torch.")


COURSE_PREFIX = "course."


def configure_determinism(kernels: bool = True) -> None:
    """Disable TF32 and enable deterministic algorithms (warn-only); re-applied before every call.

    ``kernels`` also sets inductor's determinism flag through the public API."""
    torch = sys.modules.get("torch")
    if torch is None:
        return
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cudnn.deterministic = True
    torch.backends.cudnn.benchmark = False
    if (
        torch.are_deterministic_algorithms_enabled()
        and torch.is_deterministic_algorithms_warn_only_enabled()
    ):
        return
    setter = getattr(torch._C, "_set_deterministic_algorithms", None)
    if kernels or setter is None:
        torch.use_deterministic_algorithms(True, warn_only=True)
    else:
        setter(True, warn_only=True)


def configure_for(device: str) -> None:
    """Determinism for a job on ``device``. The public switch also sets torch.compile's
    (inductor's) flag, whose first import costs 1.4 s; that matters only on CUDA, so CPU jobs set
    the kernel flag alone."""
    configure_determinism(kernels=device == "cuda")


@contextlib.contextmanager
def isolated_rng() -> Iterator[None]:
    """Run a block without touching the process's random state: Python's, NumPy's global and
    torch's CPU generators are saved before and restored after (the grader's own reference runs
    reseed them on every call)."""
    py_state, np_state = random.getstate(), np.random.get_state()
    torch = sys.modules.get("torch")
    torch_state = torch.random.get_rng_state() if torch is not None else None
    try:
        yield
    finally:
        random.setstate(py_state)
        np.random.set_state(np_state)
        if torch is not None and torch_state is not None:
            torch.random.set_rng_state(torch_state)


@contextlib.contextmanager
def preserved_state() -> Iterator[None]:
    """Run a block and then put the process back as it was: random states and torch's
    determinism flags. ``check()`` runs inside the student's kernel and must not change it."""
    torch = sys.modules.get("torch")
    flags = None
    if torch is not None:
        flags = (
            torch.are_deterministic_algorithms_enabled(),
            torch.is_deterministic_algorithms_warn_only_enabled(),
            torch.backends.cuda.matmul.allow_tf32,
            torch.backends.cudnn.allow_tf32,
            torch.backends.cudnn.deterministic,
            torch.backends.cudnn.benchmark,
        )
    try:
        with isolated_rng():
            yield
    finally:
        if torch is not None and flags is not None:
            setter = getattr(torch._C, "_set_deterministic_algorithms", None)
            if setter is not None:  # the kernel flag alone: the public API also imports inductor
                setter(flags[0], warn_only=flags[1])
            else:  # pragma: no cover - older torch
                torch.use_deterministic_algorithms(flags[0], warn_only=flags[1])
            torch.backends.cuda.matmul.allow_tf32 = flags[2]
            torch.backends.cudnn.allow_tf32 = flags[3]
            torch.backends.cudnn.deterministic = flags[4]
            torch.backends.cudnn.benchmark = flags[5]


def _warning_facts(w: warnings.WarningMessage) -> dict[str, Any]:
    return {
        "type": w.category.__name__,
        "mro": [c.__name__ for c in w.category.__mro__],
        "message": str(w.message)[:500],
    }


def _snapshot(obj: Any, depth: int = 0) -> Any:
    """A copy of an argument's state for the mutation checks: containers recursively, a
    ``torch.nn.Module`` as its parameters and buffers by name (``Parameter`` data included)."""
    if depth > 8:
        return None
    if type(obj) in (list, tuple):
        items = [_snapshot(x, depth + 1) for x in obj]
        return items if type(obj) is list else tuple(items)
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(obj, torch.nn.Module):
        state = {f"parameter {n}": p.detach().clone() for n, p in obj.named_parameters()}
        state.update({f"buffer {n}": b.detach().clone() for n, b in obj.named_buffers()})
        return state
    if torch is not None and isinstance(obj, torch.Tensor):
        copy = obj.detach().clone()
        return copy.requires_grad_(obj.requires_grad) if copy.is_floating_point() else copy
    if isinstance(obj, np.ndarray):
        return obj.copy()
    return obj


def _arg_names(fn: Any, count: int) -> list[str]:
    """The names of the first ``count`` positional parameters, for messages ("modified x0")."""
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return []
    names = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return names[:count]


def seed_everything(seed: int, device: str = "cpu") -> None:
    """Seed Python, NumPy and torch so that a call never depends on what ran before it.

    On ``cpu`` with CUDA never initialized, torch's CPU generator is seeded directly:
    ``torch.manual_seed`` would also queue a lazy seeding of every accelerator, formatting a
    stack trace for each (0.3-0.5 ms a call, a third of the protocol's cost per notebook), for
    devices a CPU job never initializes. The CPU generator's state is the same either way."""
    random.seed(seed)
    np.random.seed(seed)
    torch = sys.modules.get("torch")
    if torch is None:
        return
    if device == "cpu" and not torch.cuda.is_initialized():
        torch.random.default_generator.manual_seed(seed)
    else:
        torch.manual_seed(seed)


def describe_exception(exc: BaseException) -> dict[str, Any]:
    """Exception facts for the trusted side: type, MRO names, message and the student's frames."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith("<cell")]
    lines = traceback.format_list(frames)
    where = f"{frames[-1].filename[1:-1]}, line {frames[-1].lineno}" if frames else None
    return {
        "type": type(exc).__name__,
        "mro": [c.__name__ for c in type(exc).__mro__],
        "message": str(exc)[:2000],
        "where": where,
        "traceback": "".join(lines)[-4000:],
    }


class _Materializer:
    """Turns wire arguments into live objects: arrays, tensors, callables and nested calls."""

    def __init__(
        self, namespace: dict[str, Any], device: str, functions: dict[str, Any] | None = None
    ) -> None:
        self.namespace = namespace
        self.device = device
        self.functions = functions or {}
        self.leaves: dict[str, Any] = {}

    def __call__(self, tag: str, data: dict[str, Any]) -> Any:
        if tag == "tensor_arg":
            import torch

            tensor = torch.from_numpy(wire.load_npy(data["npy"])).to(self.device)
            if data.get("requires_grad"):
                tensor.requires_grad_(True)
            if data.get("grad_name"):
                self.leaves[data["grad_name"]] = tensor
            return tensor
        if tag == "callable":
            return resolve_callable(data["name"], self.namespace, self.functions)
        if tag == "call":
            fn = resolve(self.namespace, data["fn"])
            args = wire.decode(data["args"], hook=self)
            kwargs = wire.decode(data["kwargs"], hook=self)
            result = fn(*args, **kwargs)
            return result if data.get("index") is None else result[int(data["index"])]
        raise WireError(f"unknown argument tag {tag}")


def resolve(namespace: dict[str, Any], dotted: str) -> Any:
    """Look up ``name`` or ``Class.attr`` in the namespace; a clear NameError when missing."""
    head, *rest = dotted.split(".")
    if head not in namespace:
        raise NameError(f"name '{head}' is not defined")
    obj = namespace[head]
    for part in rest:
        obj = getattr(obj, part)
    return obj


def load_functions(source: str) -> dict[str, Any]:
    """The course's test functions (``course.<name>`` callables), defined from their source.

    The trusted side sends their source with the job, so no course file is mounted here."""
    functions: dict[str, Any] = {"__name__": "autograder_course_functions"}
    if source:
        exec(compile(source, "<course functions>", "exec"), functions)
    return functions


def resolve_callable(
    name: str, namespace: dict[str, Any], functions: dict[str, Any] | None = None
) -> Any:
    """Resolve a callable argument: a whitelisted library function, one of the course's test
    functions, or one of the namespace's."""
    if name.startswith("ns:"):
        return resolve(namespace, name[3:])
    if name.startswith(COURSE_PREFIX):
        attr = name[len(COURSE_PREFIX) :]
        if not functions or attr.startswith("_") or not callable(functions.get(attr)):
            raise WireError(f"course function {attr!r} is not defined")
        return functions[attr]
    if not name.startswith(CALLABLE_PREFIXES):
        raise WireError(f"callable {name!r} is not allowed")
    module_name, _, attr = name.rpartition(".")
    return getattr(importlib.import_module(module_name), attr)


def perform(
    call: Mapping[str, Any],
    namespace: dict[str, Any],
    device: str = "cpu",
    *,
    trusted: bool = False,
    functions: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Perform one call and return its plain-data record (``ok`` with outputs, or the error).

    ``trusted`` marks the grader's own reference runs (CPU only); ``functions`` are the course's
    test functions that ``course.<name>`` callables name."""
    configure_for("cpu" if trusted else device)
    seed_everything(int(call.get("seed", 0)), "cpu" if trusted else device)
    seeded = rng.numpy_fingerprint()
    materializer = _Materializer(namespace, device, functions)
    started = time.perf_counter()
    try:
        fn = resolve(namespace, call["fn"])
        args = wire.decode(call["args"], hook=materializer)
        kwargs = wire.decode(call["kwargs"], hook=materializer)
        keep = bool(call.get("keep_args"))
        before = _snapshot(tuple(args)) if keep else None
        # nested calls in the arguments may have drawn: then NumPy's full state is compared
        states = rng.snapshot(numpy_fresh=seeded is not None and rng.numpy_fingerprint() == seeded)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = fn(*args, **kwargs)
        record: dict[str, Any] = {
            "ok": True,
            "value": wire.encode(out),
            "warnings": [_warning_facts(w) for w in caught[:20]],
            "rng_touched": rng.touched(states),
        }
        mode = call.get("mode", "value")
        if mode == "vjp":
            record["grads"] = _vjp(out, materializer.leaves, int(call.get("seed", 0)))
        elif mode == "jacobian":
            record["grads"] = _jacobian(out, materializer.leaves)
        if keep:
            record["args_before"] = wire.encode(before)
            record["args_after"] = wire.encode(_snapshot(tuple(args)))
            record["arg_names"] = _arg_names(fn, len(args))
    except (Exception, SystemExit) as exc:
        record = {"ok": False, "error": describe_exception(exc)}
    record["seconds"] = round(time.perf_counter() - started, 6)
    return record


def _outputs(out: Any) -> list[Any]:
    return list(out) if type(out) in (tuple, list) else [out]


def _vjp(out: Any, leaves: dict[str, Any], seed: int) -> list[dict[str, Any]]:
    """Vector-Jacobian products of each output with a seeded random cotangent, per marked input."""
    import torch

    result = []
    for i, o in enumerate(_outputs(out)):
        status = _grad_status(o, torch)
        entry: dict[str, Any] = {"output": i, "status": status, "by_input": {}}
        if status == "ok":
            gen = torch.Generator().manual_seed(seed + i)
            cot = torch.randn(o.shape, generator=gen, dtype=torch.float64).to(o.dtype).to(o.device)
            names = list(leaves)
            grads = torch.autograd.grad(
                o, [leaves[n] for n in names], cot, retain_graph=True, allow_unused=True
            )
            entry["by_input"] = {
                n: (wire.encode(g) if g is not None else None)
                for n, g in zip(names, grads, strict=True)
            }
        result.append(entry)
    return result


def _jacobian(out: Any, leaves: dict[str, Any]) -> list[dict[str, Any]]:
    """Full Jacobians d output_i / d input_j, one backward pass per output element."""
    import torch

    result = []
    names = list(leaves)
    for i, o in enumerate(_outputs(out)):
        status = _grad_status(o, torch)
        entry: dict[str, Any] = {"output": i, "status": status, "by_input": {}}
        if status == "ok":
            flat = o.reshape(-1)
            rows: dict[str, list[Any]] = {n: [] for n in names}
            for k in range(flat.numel()):
                grads = torch.autograd.grad(
                    flat[k], [leaves[n] for n in names], retain_graph=True, allow_unused=True
                )
                for n, g in zip(names, grads, strict=True):
                    rows[n].append(torch.zeros_like(leaves[n]) if g is None else g)
            entry["by_input"] = {
                n: wire.encode(
                    torch.stack(rows[n]).reshape(*o.shape, *leaves[n].shape)
                    if rows[n]
                    else torch.zeros(0)
                )
                for n in names
            }
        result.append(entry)
    return result


def _grad_status(o: Any, torch: Any) -> str:
    if not isinstance(o, torch.Tensor):
        return "not_tensor"
    if not o.requires_grad:
        return "detached"
    return "ok"
