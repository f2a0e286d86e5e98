"""Discipline checks: no warnings during a call, and randomness that comes only from the seed
or generator the function is given (same seed, same result; another seed, another result; the
global ``random``, NumPy and torch generators untouched)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from autograder.checks.base import PASS, Check, Verdict, fail
from autograder.checks.compare import Tolerance, compare
from autograder.protocol.calls import Call, CallOutcome


@dataclass(frozen=True, kw_only=True)
class NoWarningsCheck(Check):
    """The call emits no warning of ``category`` (a class name, ``Warning`` for all) that the
    reference does not emit on the same inputs: overflow in ``exp``, division by zero..."""

    call: Call
    category: str = "Warning"
    kind: ClassVar[str] = "contract"
    gated: ClassVar[bool] = True

    def calls(self) -> list[Call]:
        return [self.call]

    def judge(self, student: Sequence[CallOutcome], reference: Sequence[CallOutcome]) -> Verdict:
        allowed = {(w.type, w.message) for w in reference[0].warnings}
        for w in student[0].warnings:
            if w.is_a(self.category) and (w.type, w.message) not in allowed:
                return fail(
                    f"{self.call.fn}() emitted {w.type}: {w.message!r}; the task asks for no "
                    f"warnings (look for an overflow, a log of 0 or a division by zero)."
                )
        return PASS


@dataclass(frozen=True, kw_only=True)
class SeedCheck(Check):
    """Seed discipline of ``call``: its ``seed_arg`` keyword set to ``seeds[0]`` twice (with the
    global generators seeded differently each time) must give identical results; set to
    ``seeds[1]`` it must give a different one; and no call may move a global generator."""

    call: Call
    seed_arg: str = "seed"
    seeds: tuple[int, int] = (11, 12)
    kind: ClassVar[str] = "contract"
    needs_reference: ClassVar[bool] = False
    gated: ClassVar[bool] = True

    def calls(self) -> list[Call]:
        first, second = self.seeds
        base = dict(self.call.kwargs)
        return [
            replace(self.call, kwargs={**base, self.seed_arg: first}, seed=101),
            replace(self.call, kwargs={**base, self.seed_arg: first}, seed=202),
            replace(self.call, kwargs={**base, self.seed_arg: second}, seed=101),
        ]

    def judge(self, student: Sequence[CallOutcome], reference: Sequence[CallOutcome]) -> Verdict:
        fn = f"{self.call.fn}()"
        for outcome in student:
            if outcome.rng_touched:
                which = ", ".join(outcome.rng_touched)
                return fail(
                    f"{fn} changed the global random state ({which}); the task asks it to draw "
                    f"only from the {self.seed_arg!r} it is given (e.g. a local "
                    f"np.random.default_rng({self.seed_arg}) or torch.Generator)."
                )
        exact = Tolerance(0.0, 0.0, equal_nan=True)
        if compare(student[1].value, student[0].value, exact, path=fn) is not None:
            return fail(
                f"{fn} gave different results for the same {self.seed_arg}: it must depend on "
                f"{self.seed_arg} alone, not on the global random state."
            )
        if compare(student[2].value, student[0].value, exact, path=fn) is None:
            return fail(
                f"{fn} gave identical results for two different values of {self.seed_arg}: "
                f"the seed is not used."
            )
        return PASS
