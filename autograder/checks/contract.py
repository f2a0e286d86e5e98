"""Contract checks: type, dtype and shape; exact flags; the exception raised and its message.

Contracts are ``gated``: they pay only beside a passing value check of the same function, since
a function that does no work can still return the right shape or raise the right error.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from autograder.checks.base import PASS, Check, Verdict, fail
from autograder.checks.compare import kind_of
from autograder.checks.value import describe_path, select
from autograder.exceptions import GraderError
from autograder.protocol.calls import Call, CallOutcome
from autograder.protocol.wire import NumpyScalar, TensorValue


def _signature(value: Any, shapes: bool = True) -> Any:
    """Type, dtype and (with ``shapes``) shape of a decoded value, recursively, no numbers."""
    if type(value) in (tuple, list):
        return (type(value).__name__, tuple(_signature(v, shapes) for v in value))
    if isinstance(value, TensorValue):
        return f"torch.Tensor (dtype {value.dtype}" + (f", shape {value.shape})" if shapes else ")")
    if isinstance(value, np.ndarray):
        if not shapes:
            return f"numpy.ndarray (dtype {value.dtype}, {value.ndim}-d)"
        return kind_of(value)
    return type(value).__name__ if not isinstance(value, NumpyScalar) else kind_of(value)


def _render(sig: Any) -> str:
    if isinstance(sig, tuple):
        return f"a {sig[0]} of ({', '.join(_render(s) for s in sig[1])})"
    return str(sig)


@dataclass(frozen=True, kw_only=True)
class ShapeCheck(Check):
    """The output has the reference's type, dtype and shape (values are not compared).

    A hidden check never prints the expected shape (it may be a hidden count, such as the
    reference's number of steps): it says what was returned and, if given, ``expect``, the
    shape rule in the task's own words (e.g. ``"(k + 1, d)"``)."""

    call: Call
    expect: str = ""
    kind: ClassVar[str] = "contract"
    gated: ClassVar[bool] = True

    def calls(self) -> list[Call]:
        return [self.call]

    def judge(self, student: Sequence[CallOutcome], reference: Sequence[CallOutcome]) -> Verdict:
        want, got = _signature(reference[0].value), _signature(student[0].value)
        if want == got:
            return PASS
        rule = f" The task asks for {self.expect}." if self.expect else ""
        if self.reveal:
            return fail(f"{self.call.fn}() returned {_render(got)}; expected {_render(want)}.")
        loose_want = _signature(reference[0].value, shapes=False)
        loose_got = _signature(student[0].value, shapes=False)
        if loose_want == loose_got:
            return fail(
                f"{self.call.fn}() returned {_render(got)}: the type and dtype are right, "
                f"the shape is not.{rule}"
            )
        return fail(
            f"{self.call.fn}() returned {_render(got)}; expected {_render(loose_want)}.{rule}"
        )


def _tensors(value: Any, path: str) -> list[tuple[str, Any]]:
    if type(value) in (tuple, list):
        return [t for i, v in enumerate(value) for t in _tensors(v, f"{path}[{i}]")]
    return [(path, value)]


@dataclass(frozen=True, kw_only=True)
class FlagsCheck(Check):
    """Exact facts the task text states about the output (or ``part`` of it), from the text,
    not from the reference: ``python_type`` (``"float"`` is a Python float, not a NumPy scalar
    or 0-d array; ``"ndarray"``, ``"Tensor"``, ``"tuple"``...), ``dtype`` of every array or
    tensor in it, ``requires_grad`` and ``device`` (``"cpu"``, ``"cuda"``) of every tensor in it."""

    call: Call
    part: tuple[int, ...] = ()
    python_type: str | None = None
    dtype: str | None = None
    requires_grad: bool | None = None
    device: str | None = None
    kind: ClassVar[str] = "contract"
    needs_reference: ClassVar[bool] = False
    gated: ClassVar[bool] = True

    def calls(self) -> list[Call]:
        return [self.call]

    def judge(self, student: Sequence[CallOutcome], reference: Sequence[CallOutcome]) -> Verdict:
        path = describe_path(self.call.fn, self.part)
        value = select(student[0].value, self.part)
        if self.python_type is not None and _type_name(value) != self.python_type:
            return fail(f"{path} must be a {self.python_type}, got {kind_of(value)}.")
        for where, leaf in _tensors(value, path):
            dtype = (
                leaf.dtype
                if isinstance(leaf, TensorValue)
                else str(leaf.dtype)
                if isinstance(leaf, np.ndarray)
                else None
            )
            if self.dtype is not None and dtype is not None and dtype != self.dtype:
                return fail(f"{where} must have dtype {self.dtype}, got {kind_of(leaf)}.")
            if self.requires_grad is not None and isinstance(leaf, TensorValue):
                if leaf.requires_grad != self.requires_grad:
                    state = "requires" if leaf.requires_grad else "does not require"
                    return fail(
                        f"{where} {state} grad; the task asks for requires_grad="
                        f"{self.requires_grad}."
                    )
            elif self.requires_grad is not None:
                return fail(f"{where} must be a torch.Tensor, got {kind_of(leaf)}.")
            if self.device is not None:
                if not isinstance(leaf, TensorValue):
                    return fail(f"{where} must be a torch.Tensor, got {kind_of(leaf)}.")
                if leaf.device.split(":")[0] != self.device:
                    return fail(f"{where} is on {leaf.device}; the task asks for {self.device}.")
        return PASS


def _type_name(value: Any) -> str:
    if isinstance(value, TensorValue):
        return "Tensor"
    if isinstance(value, NumpyScalar):
        return f"numpy.{value.dtype}"
    return type(value).__name__


@dataclass(frozen=True, kw_only=True)
class RaisesCheck(Check):
    """The call must raise ``exception`` (or a subclass), e.g. on an undefined input; with
    ``match``, a regular expression that the message must contain (case-insensitive), and
    ``says``, what the message must say in the task's words (shown when it does not)."""

    call: Call
    exception: str
    match: str | None = None
    says: str = ""
    kind: ClassVar[str] = "contract"
    expects_error: ClassVar[bool] = True
    needs_reference: ClassVar[bool] = False
    gated: ClassVar[bool] = True

    def calls(self) -> list[Call]:
        return [self.call]

    def judge(self, student: Sequence[CallOutcome], reference: Sequence[CallOutcome]) -> Verdict:
        outcome = student[0]
        if outcome.ok:
            return fail(
                f"{self.call.fn}() should raise {self.exception} here, but it returned normally."
            )
        if outcome.error is None:
            raise GraderError("a failed call record carries no error")
        if not outcome.error.is_a(self.exception):
            return fail(
                f"{self.call.fn}() should raise {self.exception} here, but it "
                f"raised {outcome.error.describe()}."
            )
        if self.match is not None and not re.search(self.match, outcome.error.message, re.I):
            want = self.says or f"text matching {self.match!r}"
            return fail(
                f"{self.call.fn}() raised {self.exception} as it should, but its message "
                f"{outcome.error.message!r} does not say {want}."
            )
        return PASS
