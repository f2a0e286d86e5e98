"""Symbolic checks: SymPy equivalence by simplification, with a random-point numeric fallback."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from autograder.checks.base import PASS, Check, Verdict, fail
from autograder.checks.compare import kind_of
from autograder.protocol.calls import Call, CallOutcome


def equivalent(
    actual: Any,
    expected: Any,
    *,
    points: int = 20,
    domain: tuple[float, float] = (-2.0, 2.0),
    rtol: float = 1e-10,
    seed: int = 0,
) -> str | None:
    """``None`` when two SymPy expressions are equal, else the reason they are not."""
    import sympy

    if not isinstance(actual, sympy.Basic):
        return f"expected a SymPy expression, got {kind_of(actual)}."
    return _equivalent(actual, expected, points, domain, rtol, seed)


# a class's answers repeat (most right answers are the same expression, and so are common
# slips), and simplify() takes milliseconds: verdicts are kept by (answer, reference, options)
@functools.lru_cache(maxsize=4096)
def _equivalent(
    actual: Any,
    expected: Any,
    points: int,
    domain: tuple[float, float],
    rtol: float,
    seed: int,
) -> str | None:
    import sympy

    if actual.has(sympy.Order):
        return (
            "the expression still contains an order term O(...); remove it (for a series, "
            "call .removeO())."
        )
    extra = actual.free_symbols - expected.free_symbols
    if extra:
        return (
            f"the expression uses symbols {sorted(map(str, extra))} that the answer "
            f"does not depend on."
        )
    try:
        if sympy.simplify(actual - expected) == 0:
            return None
    except (TypeError, ValueError, RecursionError):
        pass
    symbols = sorted(expected.free_symbols, key=str)
    rng = np.random.default_rng(seed)
    f_e = sympy.lambdify(symbols, expected, "numpy")
    try:
        f_a = sympy.lambdify(symbols, actual, "numpy")
    except Exception as exc:  # the student's expression: a failure, not the grader's fault
        return f"the expression cannot be evaluated numerically ({type(exc).__name__})."
    worst = 0.0
    for _ in range(points):
        values = rng.uniform(*domain, size=len(symbols))
        with np.errstate(all="ignore"):
            e = complex(f_e(*values))
            try:
                a = complex(f_a(*values))
            except Exception as exc:
                return f"the expression cannot be evaluated numerically ({type(exc).__name__})."
        if not np.isfinite(e):
            continue
        err = abs(a - e) / max(abs(e), 1.0)
        worst = max(worst, err if np.isfinite(err) else np.inf)
    if worst <= rtol:
        return None
    return (
        f"not equivalent to the expected expression: at random points the greatest relative "
        f"difference is {worst:.3g} (up to {rtol:g} allowed)."
    )


@dataclass(frozen=True, kw_only=True)
class SymbolicCheck(Check):
    """The student's SymPy expression (or matrix) equals the reference one symbolically."""

    call: Call
    domain: tuple[float, float] = (-2.0, 2.0)
    rtol: float = 1e-10
    kind: ClassVar[str] = "symbolic"

    def calls(self) -> list[Call]:
        return [self.call]

    def judge(self, student: Sequence[CallOutcome], reference: Sequence[CallOutcome]) -> Verdict:
        import sympy

        actual, expected = student[0].value, reference[0].value
        if isinstance(expected, sympy.MatrixBase):
            if not isinstance(actual, sympy.MatrixBase) or actual.shape != expected.shape:
                return fail(
                    f"{self.call.fn}() should return a SymPy Matrix of shape "
                    f"{expected.shape}, got {kind_of(actual)}."
                )
            pairs = list(zip(actual, expected, strict=True))
        else:
            pairs = [(actual, expected)]
        for k, (a, e) in enumerate(pairs):
            msg = equivalent(a, e, domain=self.domain, rtol=self.rtol)
            if msg:
                where = f" (entry {divmod(k, expected.shape[1])})" if len(pairs) > 1 else ""
                return fail(f"{self.call.fn}(){where}: {msg}")
        return PASS
