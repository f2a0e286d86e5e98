"""Numeric comparison with ``torch.testing.assert_close`` semantics and messages.

``|actual - expected| <= atol + rtol * |expected|`` elementwise, rtol and atol given together,
per-dtype defaults. Types, dtypes and shapes are checked first and reported on their own. A
mismatch message gives the mismatched count, the greatest absolute and relative difference with
its index, and the tolerance allowed. Without ``reveal`` (hidden checks) nothing is printed from
which an expected value follows: no expected shape or length, and the distance only in coarse
bands (the student knows their own output, so any precise difference would give it away).
Containers are compared recursively and every message names the path, e.g. ``output[1]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from autograder.protocol.wire import NumpyScalar, TensorValue, Unsupported

# (rtol, atol) defaults by dtype, as in torch.testing.
DEFAULT_TOLERANCES: dict[str, tuple[float, float]] = {
    "float16": (1e-3, 1e-5),
    "bfloat16": (1.6e-2, 1e-5),
    "float32": (1.3e-6, 1e-5),
    "float64": (1e-7, 1e-7),
    "complex64": (1.3e-6, 1e-5),
    "complex128": (1e-7, 1e-7),
}


@dataclass(frozen=True)
class Tolerance:
    """rtol and atol, always given together; ``None`` picks the dtype default. ``gpu`` is the
    (rtol, atol) a check allows when the student's code ran on a GPU (``--device cuda``): the
    reference always runs on the CPU, and GPU kernels sum in another order."""

    rtol: float | None = None
    atol: float | None = None
    equal_nan: bool = False
    gpu: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        if (self.rtol is None) != (self.atol is None):
            raise ValueError("rtol and atol must be given together")
        if self.gpu is not None and (len(self.gpu) != 2 or min(self.gpu) < 0):
            raise ValueError("gpu must be a pair (rtol, atol) of non-negative numbers")

    def on(self, device: str) -> Tolerance:
        """The tolerance for a student run on ``device``: ``gpu`` on a CUDA device, if given."""
        if self.gpu is None or not device.startswith("cuda"):
            return self
        return Tolerance(self.gpu[0], self.gpu[1], self.equal_nan)

    def resolve(self, dtype: str) -> tuple[float, float]:
        if self.rtol is not None and self.atol is not None:
            return self.rtol, self.atol
        return DEFAULT_TOLERANCES.get(dtype, (0.0, 0.0))


def kind_of(value: Any) -> str:
    """A readable description of a decoded value's type, used in messages."""
    if isinstance(value, TensorValue):
        return f"torch.Tensor (dtype {value.dtype}, shape {_shape(value.shape)})"
    if isinstance(value, np.ndarray):
        return f"numpy.ndarray (dtype {value.dtype}, shape {_shape(value.shape)})"
    if isinstance(value, NumpyScalar):
        return f"numpy.{value.dtype} scalar"
    if isinstance(value, Unsupported):
        return f"{value.type_name} ({value.summary})"
    return type(value).__name__


def _shape(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def _is_float_scalar(v: Any) -> bool:
    if type(v) is float:
        return True
    if isinstance(v, NumpyScalar):
        return np.dtype(v.dtype).kind == "f"
    return isinstance(v, np.ndarray) and v.shape == () and v.dtype.kind == "f"


def _as_array(v: Any) -> np.ndarray:
    if isinstance(v, TensorValue):
        return v.array
    if isinstance(v, NumpyScalar):
        return np.asarray(v.value)
    return np.asarray(v)


def _dtype(v: Any) -> str:
    if isinstance(v, TensorValue):
        return v.dtype
    if isinstance(v, NumpyScalar):
        return v.dtype
    if isinstance(v, np.ndarray):
        return str(v.dtype)
    return {float: "float64", int: "int64", bool: "bool", complex: "complex128"}.get(
        type(v), type(v).__name__
    )


def compare(
    actual: Any,
    expected: Any,
    tol: Tolerance = Tolerance(),
    *,
    path: str = "output",
    check_dtype: bool = True,
    lenient_scalars: bool = True,
    reveal: bool = False,
) -> str | None:
    """Return ``None`` when ``actual`` matches ``expected``, else a message for the student."""
    if isinstance(actual, Unsupported):
        return (
            f"{path}: returned {kind_of(actual)}, which cannot be graded; "
            f"expected {kind_of(expected)}."
        )
    if lenient_scalars and _is_float_scalar(expected) and _is_float_scalar(actual):
        return _numeric(_as_array(actual), _as_array(expected), tol, "float64", path, reveal)
    if type(actual) is not type(expected):
        return f"{path}: expected {kind_of(expected)}, got {kind_of(actual)}."
    if isinstance(expected, (tuple, list)):
        if len(actual) != len(expected):
            if not reveal:  # a length can be a hidden count (steps taken, items kept)
                kind = type(actual).__name__
                return f"{path}: a {kind} of length {len(actual)} is not the expected length."
            return (
                f"{path}: expected a {type(expected).__name__} of length {len(expected)}, "
                f"got length {len(actual)}."
            )
        for i, (a, e) in enumerate(zip(actual, expected, strict=True)):
            msg = compare(
                a,
                e,
                tol,
                path=f"{path}[{i}]",
                check_dtype=check_dtype,
                lenient_scalars=lenient_scalars,
                reveal=reveal,
            )
            if msg:
                return msg
        return None
    if isinstance(expected, dict):
        if set(actual) != set(expected):
            return (
                f"{path}: expected keys {sorted(map(str, expected))}, "
                f"got {sorted(map(str, actual))}."
            )
        for k in expected:
            msg = compare(
                actual[k],
                expected[k],
                tol,
                path=f"{path}[{k!r}]",
                check_dtype=check_dtype,
                lenient_scalars=lenient_scalars,
                reveal=reveal,
            )
            if msg:
                return msg
        return None
    if isinstance(expected, (TensorValue, np.ndarray, NumpyScalar, float, int, bool, complex)):
        a, e = _as_array(actual), _as_array(expected)
        if check_dtype and _dtype(actual) != _dtype(expected):
            return f"{path}: expected dtype {_dtype(expected)}, got dtype {_dtype(actual)}."
        if a.shape != e.shape:
            if not reveal:  # the expected shape can be a hidden count (the reference's steps)
                return f"{path}: got shape {_shape(a.shape)}, which is not the expected shape."
            return f"{path}: expected shape {_shape(e.shape)}, got shape {_shape(a.shape)}."
        msg = _numeric(a, e, tol, _dtype(expected), path, reveal)
        if msg and _dtype(actual) != _dtype(expected):
            msg += (
                f"\nNote: your result has dtype {_dtype(actual)}, the expected one "
                f"{_dtype(expected)}; lower precision alone can explain a mismatch."
            )
        return msg
    if expected is None or isinstance(expected, str):
        if actual == expected:
            return None
        return (
            f"{path}: expected {expected!r}, got {actual!r}."
            if reveal
            else f"{path}: the value is not the expected one."
        )
    return f"{path}: cannot compare values of type {kind_of(expected)}."


def _numeric(
    a: np.ndarray, e: np.ndarray, tol: Tolerance, dtype: str, path: str, reveal: bool
) -> str | None:
    """Elementwise closeness of two same-shape arrays, with a torch-style report."""
    if e.dtype.kind in "biu" and a.dtype.kind in "biu":
        bad = a != e
        if not bad.any():
            return None
        return _report(
            path,
            bad,
            np.abs(a.astype(np.float64) - e),
            None,
            (0.0, 0.0),
            a,
            e,
            reveal,
            "Values are not equal!",
        )
    rtol, atol = tol.resolve(dtype)
    a64 = a.astype(np.complex128 if a.dtype.kind == "c" else np.float64)
    e64 = e.astype(np.complex128 if e.dtype.kind == "c" else np.float64)
    nan_a, nan_e = np.isnan(a64), np.isnan(e64)
    if not tol.equal_nan and nan_a.any():
        idx = _first(nan_a)
        return f"{path}: contains NaN at index {idx} ({int(nan_a.sum())} of {a.size} elements)."
    if tol.equal_nan and (nan_a != nan_e).any():
        where = nan_a != nan_e
        idx = _first(where)
        which = (
            "NaN where a number was expected"
            if nan_a[idx]
            else "a number where NaN was expected (the derivative is undefined there)"
        )
        return (
            f"{path}: {int(where.sum())} of {a.size} elements differ in NaN pattern; "
            f"first at index {idx}: {which}."
        )
    both = ~(nan_a & nan_e)
    inf_e, inf_a = np.isinf(e64), np.isinf(a64)
    if (inf_a & ~inf_e & both).any():
        idx = _first(inf_a & ~inf_e)
        return f"{path}: contains inf at index {idx} where a finite value was expected."
    with np.errstate(invalid="ignore", over="ignore"):
        diff = np.where(both, np.abs(a64 - e64), 0.0)
        diff = np.where(inf_e & (a64 == e64), 0.0, diff)
        allowed = atol + rtol * np.abs(e64)
        bad = (diff > allowed) | (inf_e & (a64 != e64) & both)
        if not bad.any():
            return None
        rel = np.where(e64 != 0, diff / np.abs(np.where(e64 != 0, e64, 1)), np.inf)
        rel = np.where(bad | (diff > 0), rel, 0.0)
    return _report(
        path,
        bad,
        diff.real if diff.dtype.kind == "c" else diff,
        rel,
        (rtol, atol),
        a,
        e,
        reveal,
        "Values are not close!",
    )


def _band(relative: float) -> str:
    """A hidden check's distance from the expected value, in words a student can act on but not
    invert: knowing their own value and the band leaves a wide range for the expected one."""
    if relative < 1e-3:
        return "close, but outside the tolerance (off by less than 0.1 %)"
    if relative < 0.1:
        return "off by 0.1 % to 10 % (a small error in a constant, a step or a rounding?)"
    if relative < 1.0:
        return "off by 10 % to 100 % (a missing factor or term?)"
    return "off by more than 100 % (check the sign, the scale and the formula)"


def _first(mask: np.ndarray) -> tuple[int, ...]:
    return tuple(int(i) for i in np.argwhere(mask)[0]) if mask.ndim else ()


def _argmax(x: np.ndarray) -> tuple[int, ...]:
    return tuple(int(i) for i in np.unravel_index(int(np.nanargmax(x)), x.shape)) if x.ndim else ()


def _report(
    path: str,
    bad: np.ndarray,
    diff: np.ndarray,
    rel: np.ndarray | None,
    tol: tuple[float, float],
    a: np.ndarray,
    e: np.ndarray,
    reveal: bool,
    title: str,
) -> str:
    n_bad, total = int(bad.sum()), max(a.size, 1)
    lines = [
        f"{path}: {title}",
        f"Mismatched elements: {n_bad} / {total} ({100.0 * n_bad / total:.1f}%)",
    ]
    idx = _argmax(diff)
    if not reveal:  # hidden: how far off in coarse bands only, never a number to solve for
        worst = float(np.max(np.where(bad, rel, 0.0))) if rel is not None else np.inf
        lines.append(
            f"Greatest difference at index {idx}: {_band(worst)} (allowed: rtol "
            f"{tol[0]:g}, atol {tol[1]:g})."
        )
        return "\n".join(lines)
    lines.append(
        f"Greatest absolute difference: {float(diff[idx]):.6g} at index {idx} "
        f"(up to {tol[1]:g} allowed)"
    )
    if rel is not None:
        ridx = _argmax(
            np.where(np.isfinite(rel), rel, np.nanmax(np.where(np.isfinite(rel), rel, 0)) + 1)
        )
        value = float(rel[ridx])
        lines.append(
            f"Greatest relative difference: {value:.6g} at index {ridx} (up to {tol[0]:g} allowed)"
        )
    if reveal and a.size <= 20:
        lines.append(f"Expected: {np.array2string(e, precision=8)}")
        lines.append(f"Got:      {np.array2string(a, precision=8)}")
    return "\n".join(lines)
