"""Plain-data wire format between the sandbox and the trusted grader.

Everything that crosses the process boundary is JSON. Arrays travel as base64 `.npy` bytes that are
loaded with ``allow_pickle=False``; SymPy expressions travel as trees of whitelisted class names.
Only exact built-in types are encoded as themselves: subclasses, objects with a custom ``__eq__``
and anything else arrive on the trusted side as :class:`Unsupported`, which no check accepts.
Nothing is ever unpickled and no string from the sandbox is evaluated.
"""

from __future__ import annotations

import base64
import math
import re
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder.exceptions import WireError

MAX_DEPTH = 64
MAX_SYMPY_NODES = 20_000
MAX_SYMPY_DEPTH = 60
MAX_INT_DIGITS = 2_000
_ARRAY_KINDS = frozenset("biufc")
_INT_LIMIT = 10**MAX_INT_DIGITS


@dataclass(frozen=True)
class TensorValue:
    """A torch tensor as seen by the trusted side: its data plus the autograd facts that matter."""

    array: np.ndarray
    dtype: str
    requires_grad: bool
    grad_fn: str | None
    device: str
    parameter: bool = False

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(self.array.shape)


@dataclass(frozen=True)
class NumpyScalar:
    """A numpy scalar such as ``np.float64(1.5)``: kept apart from Python floats."""

    value: Any
    dtype: str


@dataclass(frozen=True)
class Unsupported:
    """A value of a type the wire does not carry; checks report it and never pass it."""

    type_name: str
    summary: str


@dataclass(frozen=True)
class Callable_:
    """A named callable the sandbox resolves on its side (trusted side never calls it)."""

    name: str


@dataclass(frozen=True)
class NestedCall:
    """A call performed in the sandbox whose result becomes an argument of the outer call."""

    fn: str
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] | None = None
    index: int | None = None


@dataclass(frozen=True)
class TensorArg:
    """A tensor argument built in the sandbox; ``grad_name`` marks a leaf to differentiate."""

    array: np.ndarray
    requires_grad: bool = False
    grad_name: str | None = None


def type_name(obj: object) -> str:
    """Qualified type name used in messages, e.g. ``numpy.ndarray``."""
    cls = type(obj)
    return f"{cls.__module__}.{cls.__qualname__}" if cls.__module__ != "builtins" else cls.__name__


# ---------------------------------------------------------------------------- encoding


_NPY_MAGIC = b"\x93NUMPY\x01\x00"
# the header np.save writes for the plain dtypes that travel; no other is read
_NPY_HEADER = re.compile(
    rb"\{'descr': '([<>|=]?[biufc][0-9]{1,2})', 'fortran_order': (False|True), "
    rb"'shape': \(((?:[0-9]{1,12}, ?)*[0-9]{0,12})\), \} *\n"
)


def _npy(array: np.ndarray) -> str:
    """The array as base64 ``.npy`` bytes (format 1.0), written here: np.save took 8 us an array,
    and a notebook's calls and records carry hundreds of small ones."""
    if array.dtype.kind not in _ARRAY_KINDS:  # encode sends other dtypes as unsupported
        raise TypeError(f"no .npy is written for dtype {array.dtype}")
    header = f"{{'descr': '{array.dtype.str}', 'fortran_order': False, 'shape': {array.shape!r}, }}"
    header += " " * (-(len(header) + 11) % 64) + "\n"  # the data starts 64-byte aligned
    raw = _NPY_MAGIC + len(header).to_bytes(2, "little") + header.encode("latin1")
    return base64.b64encode(raw + array.tobytes(order="C")).decode("ascii")


def encode(obj: Any, depth: int = 0) -> Any:
    """Encode a value into JSON-compatible plain data (sandbox and reference side alike)."""
    if depth > MAX_DEPTH:
        return {"$": "unsupported", "type": "nesting", "summary": "structure nested too deeply"}
    cls = type(obj)
    if obj is None or cls in (bool, str):
        return obj
    if cls is int:
        return obj if abs(obj) < _INT_LIMIT else _unsupported(obj, "integer too large")
    if cls is float:
        return {"$": "float", "v": repr(obj)}
    if cls is complex:
        return {"$": "complex", "re": repr(obj.real), "im": repr(obj.imag)}
    if cls is np.ndarray:
        if obj.dtype.kind not in _ARRAY_KINDS:
            return _unsupported(obj, f"array of dtype {obj.dtype}")
        return {"$": "ndarray", "npy": _npy(obj)}
    if isinstance(obj, np.generic) and cls.__module__ == "numpy" and obj.dtype.kind in _ARRAY_KINDS:
        return {"$": "npscalar", "dtype": str(obj.dtype), "npy": _npy(np.asarray(obj))}
    if cls in (list, tuple):
        items = [encode(x, depth + 1) for x in obj]
        return items if cls is list else {"$": "tuple", "items": items}
    if cls is dict:
        return {
            "$": "dict",
            "items": [[encode(k, depth + 1), encode(v, depth + 1)] for k, v in obj.items()],
        }
    if cls is TensorArg:
        return {
            "$": "tensor_arg",
            "npy": _npy(obj.array),
            "requires_grad": obj.requires_grad,
            "grad_name": obj.grad_name,
        }
    if cls is Callable_:
        return {"$": "callable", "name": obj.name}
    if cls is NestedCall:
        return {
            "$": "call",
            "fn": obj.fn,
            "args": encode(tuple(obj.args), depth + 1),
            "kwargs": encode(dict(obj.kwargs or {}), depth + 1),
            "index": obj.index,
        }
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(obj, torch.Tensor):
        return _encode_tensor(obj, torch)
    sympy = sys.modules.get("sympy")
    if sympy is not None:
        if cls in (sympy.Matrix, sympy.ImmutableMatrix, sympy.MutableDenseMatrix):
            return {
                "$": "sympy_matrix",
                "rows": obj.rows,
                "cols": obj.cols,
                "items": [_sympy_tree(x, sympy) for x in obj],
            }
        if isinstance(obj, sympy.Basic):
            try:
                return {"$": "sympy", "tree": _sympy_tree(obj, sympy)}
            except _NotEncodable as exc:
                return _unsupported(obj, str(exc))
    return _unsupported(obj, "this type cannot be graded")


def _unsupported(obj: object, why: str) -> dict[str, Any]:
    return {"$": "unsupported", "type": type_name(obj), "summary": why}


def _encode_tensor(t: Any, torch: Any) -> dict[str, Any]:
    if type(t) not in (torch.Tensor, torch.nn.Parameter):
        return _unsupported(t, "tensor subclasses are not accepted")
    if t.device.type not in ("cpu", "cuda") or t.layout != torch.strided:
        return _unsupported(t, f"tensor on device {t.device.type} with layout {t.layout}")
    if (
        t.is_complex()
        or t.is_floating_point()
        or t.dtype in (torch.bool, torch.int64, torch.int32, torch.int16, torch.int8, torch.uint8)
    ):
        data = t.detach().to("cpu")
        if data.dtype in (torch.bfloat16, torch.float16):
            data = data.to(torch.float32)
        array = data.contiguous().numpy()
    else:
        return _unsupported(t, f"tensor of dtype {t.dtype}")
    return {
        "$": "tensor",
        "npy": _npy(array),
        "dtype": str(t.dtype).removeprefix("torch."),
        "requires_grad": bool(t.requires_grad),
        "grad_fn": type(t.grad_fn).__name__ if t.grad_fn is not None else None,
        "device": str(t.device),
        "parameter": type(t) is not torch.Tensor,
    }


class _NotEncodable(Exception):
    pass


SYMPY_CLASSES = frozenset(
    {
        "Add",
        "Mul",
        "Pow",
        "exp",
        "log",
        "sin",
        "cos",
        "tan",
        "asin",
        "acos",
        "atan",
        "sinh",
        "cosh",
        "tanh",
        "Abs",
        "sign",
        "sqrt",
        "Heaviside",
        "Max",
        "Min",
        "Piecewise",
        "ExprCondPair",
        "Eq",
        "Ne",
        "Lt",
        "Le",
        "Gt",
        "Ge",
        "StrictLessThan",
        "StrictGreaterThan",
        "LessThan",
        "GreaterThan",
        "Equality",
        "Unequality",
        "And",
        "Or",
        "Not",
        "Tuple",
        "FiniteSet",
        "Derivative",
        "factorial",
        "binomial",
        "gamma",
        "erf",
        "Order",
    }
)
SYMPY_CONSTANTS = frozenset(
    {
        "pi",
        "E",
        "I",
        "oo",
        "zoo",
        "nan",
        "true",
        "false",
        "Half",
        "One",
        "Zero",
        "NegativeOne",
        "NegativeInfinity",
        "Exp1",
        "ImaginaryUnit",
        "Infinity",
        "ComplexInfinity",
        "NaN",
        "Pi",
        "BooleanTrue",
        "BooleanFalse",
    }
)


def _sympy_tree(expr: Any, sympy: Any, counter: list[int] | None = None) -> Any:
    counter = counter if counter is not None else [0]
    counter[0] += 1
    if counter[0] > MAX_SYMPY_NODES:
        raise _NotEncodable("expression too large")
    name = type(expr).__name__
    if isinstance(expr, sympy.Symbol):
        assumptions = {k: v for k, v in expr.assumptions0.items() if isinstance(v, bool)}
        return ["Symbol", expr.name, assumptions]
    if isinstance(expr, sympy.Integer):
        return ["Integer", str(int(expr))]
    if isinstance(expr, sympy.Rational):
        return ["Rational", str(expr.p), str(expr.q)]
    if isinstance(expr, sympy.Float):
        return ["Float", str(expr), int(expr._prec)]
    if name in SYMPY_CONSTANTS:
        return ["Const", name]
    if name in SYMPY_CLASSES:
        return [name, [_sympy_tree(a, sympy, counter) for a in expr.args]]
    raise _NotEncodable(f"SymPy object of type {name} is not supported")


# ---------------------------------------------------------------------------- decoding


ArgHook = Callable[[str, dict[str, Any]], Any]


def decode(data: Any, depth: int = 0, hook: ArgHook | None = None) -> Any:
    """Decode plain data, validating every node; raises :class:`WireError` and nothing else on
    the trusted side, whatever the data (a missing key, a wrong type, a broken SymPy tree).

    ``hook`` handles the argument-only tags (``tensor_arg``, ``callable``, ``call``); it is given
    only inside the sandbox, so the trusted side rejects those tags when they come back. With a
    hook, exceptions raised by the calls it makes (the student's code) pass through unchanged.
    """
    if hook is not None:
        return _decode(data, depth, hook)
    try:
        return _decode(data, depth, None)
    except WireError:
        raise
    except Exception as exc:  # no student code runs here: anything else is malformed data
        raise WireError(f"malformed data ({type(exc).__name__}: {str(exc)[:80]})") from None


def _decode(data: Any, depth: int, hook: ArgHook | None) -> Any:
    if depth > MAX_DEPTH:
        raise WireError("structure nested too deeply")
    if data is None or type(data) in (bool, str):
        return data
    if type(data) is int:
        return data
    if type(data) is float:  # never produced by encode, but harmless
        return data
    if type(data) is list:
        return [_decode(x, depth + 1, hook) for x in data]
    if type(data) is not dict or not isinstance(data.get("$"), str):
        raise WireError(f"unexpected JSON node of type {type(data).__name__}")
    tag = data["$"]
    if tag == "float":
        return _float(data["v"])
    if tag == "complex":
        return complex(_float(data["re"]), _float(data["im"]))
    if tag == "ndarray":
        return load_npy(data["npy"])
    if tag == "npscalar":
        arr = load_npy(data["npy"])
        if arr.shape != ():
            raise WireError("numpy scalar with a shape")
        return NumpyScalar(arr[()], str(arr.dtype))
    if tag == "tuple":
        return tuple(_decode(x, depth + 1, hook) for x in _list(data["items"]))
    if tag == "dict":
        return {
            _key(_decode(k, depth + 1, hook)): _decode(v, depth + 1, hook)
            for k, v in _list(data["items"])
        }
    if hook is not None and tag in ("tensor_arg", "callable", "call"):
        return hook(tag, data)
    if tag == "tensor":
        return TensorValue(
            load_npy(data["npy"]),
            _str(data["dtype"]),
            bool(data["requires_grad"]),
            _opt_str(data.get("grad_fn")),
            _str(data["device"]),
            bool(data.get("parameter", False)),
        )
    if tag == "unsupported":
        return Unsupported(_str(data["type"])[:200], _str(data.get("summary", ""))[:200])
    if tag == "sympy":
        return _rebuild_sympy(data["tree"], [0])
    if tag == "sympy_matrix":
        import sympy

        rows, cols = int(data["rows"]), int(data["cols"])
        items = [_rebuild_sympy(x, [0]) for x in _list(data["items"])]
        if rows * cols != len(items):
            raise WireError("matrix size does not match its items")
        return sympy.ImmutableMatrix(rows, cols, items)
    raise WireError(f"unknown tag {tag!r}")


def _float(text: Any) -> float:
    if type(text) is not str or len(text) > 40:
        raise WireError("malformed float")
    return float(text)


def _str(x: Any) -> str:
    if type(x) is not str:
        raise WireError("expected a string")
    return x


def _opt_str(x: Any) -> str | None:
    return None if x is None else _str(x)


def _list(x: Any) -> list[Any]:
    if type(x) is not list:
        raise WireError("expected a list")
    return x


def _key(k: Any) -> Any:
    if type(k) not in (str, int, bool, float, tuple) and k is not None:
        raise WireError("unhashable dict key")
    return k


# CPython 3.11 builds AST objects with per-interpreter state that is not safe across threads
# (cpython#106905: "SystemError: AST constructor recursion depth mismatch", seen in two-worker
# batches): every AST the grading threads build (sanitize's cell analysis) is built under this
# one lock
AST_LOCK = threading.Lock()


def load_npy(b64: Any) -> np.ndarray:
    """An array from base64 ``.npy`` bytes, read by a strict pattern of the header np.save
    writes for plain dtypes: anything else (pickles, object or structured dtypes, a header
    np.load would evaluate, a shape its data does not fill) is refused before any allocation.
    np.load read the header with ``ast.literal_eval``: 39 us an array, under a lock."""
    try:
        return _plain_npy(base64.b64decode(_str(b64), validate=True))
    except ValueError as exc:
        raise WireError(f"malformed array: {exc}") from None


def _plain_npy(raw: bytes) -> np.ndarray:
    """The array of a format-1.0 ``.npy`` whose header matches ``_NPY_HEADER``."""
    if raw[:8] != _NPY_MAGIC or len(raw) < 10:
        raise ValueError("not an .npy file of format 1.0")
    end = 10 + int.from_bytes(raw[8:10], "little")
    match = _NPY_HEADER.fullmatch(raw[10:end])
    if match is None:
        raise ValueError("not the header of a plain array")
    dtype = np.dtype(match[1].decode("ascii"))
    shape = tuple(int(n) for n in match[3].split(b",") if n.strip())
    count = math.prod(shape)
    if len(raw) - end != count * dtype.itemsize:
        raise ValueError(f"{len(raw) - end} bytes of data for {count} items of {dtype}")
    flat = np.frombuffer(raw, dtype=dtype, count=count, offset=end).copy()
    if match[2] == b"True":
        return flat.reshape(shape[::-1]).transpose()
    return flat.reshape(shape)


def _rebuild_sympy(node: Any, counter: list[int], depth: int = 0) -> Any:
    import sympy

    counter[0] += 1
    if counter[0] > MAX_SYMPY_NODES:
        raise WireError("expression too large")
    if depth > MAX_SYMPY_DEPTH:
        raise WireError(f"expression nested more than {MAX_SYMPY_DEPTH} levels deep")
    if type(node) is not list or not node or type(node[0]) is not str:
        raise WireError("malformed expression tree")
    kind = node[0]
    if kind == "Symbol":
        assumptions = node[2] if len(node) > 2 else {}
        if type(assumptions) is not dict or any(type(v) is not bool for v in assumptions.values()):
            raise WireError("malformed symbol assumptions")
        try:
            return sympy.Symbol(_str(node[1]), **assumptions)
        except (TypeError, ValueError, AttributeError) as exc:
            raise WireError(f"bad symbol: {exc}") from None
    if kind == "Integer":
        return sympy.Integer(_int_text(node[1]))
    if kind == "Rational":
        return sympy.Rational(_int_text(node[1]), _int_text(node[2]))
    if kind == "Float":
        text = _str(node[1])
        if len(text) > 200:
            raise WireError("float literal too long")
        return sympy.Float(text, precision=min(int(node[2]), 3000))
    if kind == "Const":
        name = _str(node[1])
        if name not in SYMPY_CONSTANTS:
            raise WireError(f"unknown constant {name!r}")
        return getattr(sympy.S, name) if hasattr(sympy.S, name) else getattr(sympy, name)
    if kind not in SYMPY_CLASSES:
        raise WireError(f"SymPy class {kind!r} is not allowed")
    args = [_rebuild_sympy(a, counter, depth + 1) for a in _list(node[1])]
    cls = getattr(sympy, kind)
    try:
        return cls(*args, evaluate=False)
    except TypeError:
        return cls(*args)


def _int_text(x: Any) -> int:
    text = _str(x)
    if len(text) > MAX_INT_DIGITS or not text.lstrip("-").isdigit():
        raise WireError("malformed integer")
    return int(text)
