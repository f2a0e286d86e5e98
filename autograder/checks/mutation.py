"""No mutation of the inputs, looked for deep: arrays and tensors inside tuples and lists, and
the parameters and buffers of a ``torch.nn.Module`` built for the call in the sandbox."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from autograder.checks.base import PASS, Check, Verdict, fail
from autograder.protocol.calls import Call, CallOutcome
from autograder.protocol.wire import NestedCall, TensorArg, TensorValue


def _plain(x: Any) -> Any:
    if isinstance(x, (TensorArg, TensorValue)):
        return x.array
    return x


def _built_in_sandbox(arg: Any) -> bool:
    if isinstance(arg, NestedCall):
        return True
    return type(arg) in (tuple, list) and any(_built_in_sandbox(a) for a in arg)


def changed(before: Any, after: Any, where: str) -> str | None:
    """Where ``after`` differs from ``before`` (arrays bit for bit, NaN equal to NaN, and a
    tensor's ``requires_grad``), or None."""
    flags = (getattr(before, "requires_grad", None), getattr(after, "requires_grad", None))
    if None not in flags and flags[0] != flags[1]:
        return f"{where} (its requires_grad flag)"
    before, after = _plain(before), _plain(after)
    if isinstance(before, np.ndarray):
        if not isinstance(after, np.ndarray) or after.shape != before.shape:
            return where
        same = np.array_equal(after, before, equal_nan=before.dtype.kind in "fc")
        return None if same else where
    if type(before) in (tuple, list):
        if type(after) not in (tuple, list) or len(after) != len(before):
            return where
        for i, (b, a) in enumerate(zip(before, after, strict=True)):
            found = changed(b, a, f"{where}[{i}]")
            if found:
                return found
        return None
    if type(before) is dict:
        if type(after) is not dict or set(after) != set(before):
            return where
        for key in before:
            found = changed(before[key], after[key], f"{where}'s {key}")
            if found:
                return found
    return None


@dataclass(frozen=True, kw_only=True)
class NoMutationCheck(Check):
    """The call leaves its arguments unchanged, including arrays nested in containers and the
    parameters of modules (which are built in the sandbox, so their before-state comes from
    there; every other argument is compared with the grader's own copy)."""

    call: Call
    kind: ClassVar[str] = "contract"
    needs_reference: ClassVar[bool] = False
    gated: ClassVar[bool] = True

    def calls(self) -> list[Call]:
        return [
            Call(
                self.call.fn, self.call.args, self.call.kwargs, keep_args=True, seed=self.call.seed
            )
        ]

    def judge(self, student: Sequence[CallOutcome], reference: Sequence[CallOutcome]) -> Verdict:
        outcome = student[0]
        after, before = outcome.args_after, outcome.args_before
        count = len(self.call.args)
        if type(after) is not tuple or len(after) != count:
            return fail("the arguments could not be inspected after the call.")
        if type(before) is not tuple or len(before) != count:
            before = (None,) * count
        names = outcome.arg_names
        for i, original in enumerate(self.call.args):
            name = names[i] if i < len(names) else f"argument {i + 1}"
            start = before[i] if _built_in_sandbox(original) else original
            where = changed(start, after[i], name)
            if where:
                return fail(
                    f"{self.call.fn}() modified {where} in place; the task says not to modify "
                    f"the inputs: work on a copy instead."
                )
        return PASS
