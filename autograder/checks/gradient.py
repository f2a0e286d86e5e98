"""Gradient checks: autograd through the student's forward pass, hand-written gradients against
finite differences of the student's own loss, and ``gradcheck`` for custom autograd Functions.

Finite differences are taken on the trusted side from forward values computed in the sandbox, so a
submission cannot influence the verdict by patching ``torch.autograd.gradcheck``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

import numpy as np

from autograder.checks.base import PASS, Check, Verdict, fail
from autograder.checks.compare import Tolerance, compare
from autograder.checks.value import select
from autograder.exceptions import GraderError
from autograder.protocol.calls import Call, CallOutcome, OutputGrad
from autograder.protocol.wire import TensorArg, TensorValue

_DETACHED = (
    "output {i} of {fn}() is not connected to the autograd graph (it does not require "
    "grad): it was detached, rebuilt with torch.tensor(), or computed through NumPy."
)


def _grad_problem(fn: str, got: OutputGrad | None, want: OutputGrad) -> str | None:
    if got is None:
        return f"{fn}() returned fewer outputs than expected (output {want.output} is missing)."
    if got.status == "detached":
        return _DETACHED.format(i=got.output, fn=fn)
    if got.status == "not_tensor":
        return f"output {got.output} of {fn}() is not a torch.Tensor, so it has no gradient."
    return None


@dataclass(frozen=True, kw_only=True)
class AutogradCheck(Check):
    """Backpropagate a seeded random cotangent through the student's forward pass and compare the
    gradient with respect to every named input with the reference, pair by pair."""

    call: Call
    tol: Tolerance = field(default_factory=lambda: Tolerance(1e-7, 1e-9))
    kind: ClassVar[str] = "gradient"

    def calls(self) -> list[Call]:
        return [replace(self.call, mode="vjp")]

    def judge(self, student: Sequence[CallOutcome], reference: Sequence[CallOutcome]) -> Verdict:
        got = {g.output: g for g in student[0].grads}
        for want in reference[0].grads:
            problem = _grad_problem(self.call.fn, got.get(want.output), want)
            if problem:
                return fail(problem)
            mine = got[want.output].by_input
            for name, expected in want.by_input.items():
                pair = f"d(output {want.output})/d({name})"
                if expected is None:  # the reference's output does not reach this input
                    leaked = mine.get(name)
                    if isinstance(leaked, TensorValue) and np.any(leaked.array != 0):
                        return fail(
                            f"{pair}: output {want.output} of {self.call.fn}() passes gradients "
                            f"back to `{name}`, which the task keeps out of the graph (detach "
                            f"it, or compute it under torch.no_grad())."
                        )
                    continue
                if mine.get(name) is None:
                    return fail(
                        f"{pair}: output {want.output} of {self.call.fn}() does "
                        f"not depend on `{name}` through autograd."
                    )
                msg = compare(
                    mine[name],
                    expected,
                    self.tol,
                    path=f"{pair} of {self.call.fn}()",
                    reveal=self.reveal,
                )
                if msg:
                    return fail(msg)
        return PASS


Perturbation = tuple[int, tuple[int, ...], tuple[Any, ...], tuple[Any, ...]]


def _perturbed(args: tuple[Any, ...], eps: float) -> list[Perturbation]:
    """For each element of each named TensorArg: (arg index, element index, args+, args-)."""
    out = []
    for pos, arg in enumerate(args):
        if not (isinstance(arg, TensorArg) and arg.grad_name):
            continue
        for idx in np.ndindex(arg.array.shape):
            plus, minus = arg.array.copy(), arg.array.copy()
            plus[idx] += eps
            minus[idx] -= eps
            out.append(
                (
                    pos,
                    idx,
                    (*args[:pos], TensorArg(plus), *args[pos + 1 :]),
                    (*args[:pos], TensorArg(minus), *args[pos + 1 :]),
                )
            )
    return out


@dataclass(frozen=True, kw_only=True)
class GradcheckCheck(Check):
    """``torch.autograd.gradcheck`` across the process boundary, for custom autograd Functions:
    the Jacobian from the student's backward against central differences of the student's
    forward (float64, eps 1e-6, atol 1e-5, rtol 1e-3) and against the reference Jacobian."""

    call: Call
    eps: float = 1e-6
    tol: Tolerance = field(default_factory=lambda: Tolerance(1e-3, 1e-5))
    kind: ClassVar[str] = "gradient"

    def calls(self) -> list[Call]:
        calls = [replace(self.call, mode="jacobian")]
        for _, _, plus, minus in _perturbed(tuple(self.call.args), self.eps):
            calls += [
                replace(self.call, args=plus, mode="value"),
                replace(self.call, args=minus, mode="value"),
            ]
        return calls

    def judge(self, student: Sequence[CallOutcome], reference: Sequence[CallOutcome]) -> Verdict:
        fn = self.call.fn
        jac = {g.output: g for g in student[0].grads}
        want = reference[0].grads[0]
        problem = _grad_problem(fn, jac.get(0), want)
        if problem:
            return fail(problem)
        names = [a.grad_name for a in self.call.args if isinstance(a, TensorArg) and a.grad_name]
        analytic = {n: jac[0].by_input.get(n) for n in names}
        for n in names:
            if not isinstance(analytic[n], TensorValue):
                return fail(f"output 0 of {fn}() does not depend on `{n}` through autograd.")
        numeric = self._numeric_jacobian(student[1:], analytic)
        if isinstance(numeric, str):
            return fail(numeric)
        for n in names:
            a = analytic[n]
            if not isinstance(a, TensorValue):
                raise GraderError(f"the Jacobian for {n} is not a tensor")
            msg = compare(
                a.array,
                numeric[n],
                self.tol,
                reveal=self.reveal,
                path=f"backward of {fn}(): d(output 0)/d({n}) vs finite differences of forward",
            )
            if msg:
                return fail(msg)
            msg = compare(
                a,
                want.by_input[n],
                Tolerance(1e-7, 1e-9),
                path=f"backward of {fn}(): d(output 0)/d({n})",
                reveal=self.reveal,
            )
            if msg:
                return fail(msg)
        return PASS

    def _numeric_jacobian(
        self, outcomes: Sequence[CallOutcome], analytic: dict[str, Any]
    ) -> dict[str, np.ndarray] | str:
        cols: dict[str, list[np.ndarray]] = {n: [] for n in analytic}
        pairs = _perturbed(tuple(self.call.args), self.eps)
        for k, (pos, _, _, _) in enumerate(pairs):
            plus, minus = outcomes[2 * k].value, outcomes[2 * k + 1].value
            if not (isinstance(plus, TensorValue) and isinstance(minus, TensorValue)):
                return f"{self.call.fn}() did not return a tensor on perturbed inputs."
            name = self.call.args[pos].grad_name
            cols[name].append((plus.array.astype(float) - minus.array) / (2 * self.eps))
        result = {}
        for n, columns in cols.items():
            shape = analytic[n].array.shape
            stacked = np.stack(columns, axis=-1) if columns else np.zeros(shape)
            result[n] = stacked.reshape(shape)
        return result


@dataclass(frozen=True, kw_only=True)
class FiniteDifferenceCheck(Check):
    """A hand-written gradient (NumPy) against central differences, in float64, of the
    student's own loss: catches gradients that do not belong to the loss they claim to. The
    gradient call returns one gradient per parameter (a tuple), or a bare array for one."""

    grad: Call
    loss: Callable[[tuple[Any, ...]], Call]
    params: tuple[Any, ...]
    names: tuple[str, ...]
    h: float = 1e-6
    tol: Tolerance = field(default_factory=lambda: Tolerance(1e-5, 1e-7))
    kind: ClassVar[str] = "gradient"
    needs_reference: ClassVar[bool] = False

    def _points(self) -> list[Perturbation]:
        points = []
        for i, p in enumerate(self.params):
            arr = np.asarray(p, dtype=np.float64)
            scalar = isinstance(p, float)
            for idx in np.ndindex(arr.shape):
                plus, minus = arr.copy(), arr.copy()
                plus[idx] += self.h
                minus[idx] -= self.h
                up: Any = float(plus) if scalar else plus
                down: Any = float(minus) if scalar else minus
                points.append(
                    (
                        i,
                        idx,
                        (*self.params[:i], up, *self.params[i + 1 :]),
                        (*self.params[:i], down, *self.params[i + 1 :]),
                    )
                )
        return points

    def calls(self) -> list[Call]:
        calls = [self.grad]
        for _, _, plus, minus in self._points():
            calls += [self.loss(plus), self.loss(minus)]
        return calls

    def judge(self, student: Sequence[CallOutcome], reference: Sequence[CallOutcome]) -> Verdict:
        numeric = [np.zeros(np.shape(p)) for p in self.params]
        for k, (i, idx, _, _) in enumerate(self._points()):
            plus, minus = student[1 + 2 * k].value, student[2 + 2 * k].value
            if type(plus) is not float or type(minus) is not float:
                return fail(f"{self.loss(self.params).fn}() must return a Python float.")
            numeric[i][idx] = (plus - minus) / (2 * self.h)
        value = student[0].value
        single = len(self.params) == 1 and type(value) not in (tuple, list)
        for i, name in enumerate(self.names):
            got = value if single else select(value, (i,))
            want: Any = numeric[i] if isinstance(self.params[i], np.ndarray) else float(numeric[i])
            msg = compare(
                got,
                want,
                self.tol,
                path=f"{self.grad.fn}()[{i}] (d loss/d {name}) vs central differences of your loss",
                reveal=self.reveal,
            )
            if msg:
                return fail(msg)
        return PASS
