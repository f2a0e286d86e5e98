"""One way to judge a check, for every caller: grading, the in-notebook ``check()`` and the tests.

The order is fixed: a reference that failed a call it was needed for is the grader's fault; a
student call that raised is the student's error (unless the check expects an exception); then the
check judges, and an exception inside ``judge`` is again the grader's fault. Grader faults are
logged with the check, the submission and the traceback, and never cost the student points
silently: their status is ``grader_error`` and the batch reports them for a regrade.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from autograder.checks.base import Check, Verdict, error, fail, first_error, grader_error
from autograder.exceptions import WireError
from autograder.protocol.calls import CallOutcome

log = logging.getLogger("autograder.grading.pipeline")


def evaluate(
    check: Check,
    student: Sequence[CallOutcome],
    reference: Sequence[CallOutcome],
    *,
    where: str = "",
) -> Verdict:
    """The verdict of ``check`` on the student's outcomes, against the reference's.

    ``where`` names the submission (and question) in the log when the grader is at fault."""
    if check.needs_reference:
        failed = next((i for i, ref in enumerate(reference) if not ref.ok), None)
        if failed is not None:
            ref = reference[failed]
            log.error(
                "grader fault in check %r%s: the reference fails %s(): %s",
                check.name,
                f" ({where})" if where else "",
                check.calls()[failed].fn,
                ref.error.describe() if ref.error else "no result",
            )
            return grader_error()
    early = first_error(check, student)
    if early is not None:
        return early
    try:
        return check.judge(student, reference)
    except Exception:
        log.exception(
            "grader fault in check %r%s: judge() raised", check.name, f" ({where})" if where else ""
        )
        return grader_error()


def decode_outcomes(records: Sequence[Any]) -> list[CallOutcome] | Verdict:
    """Student records decoded, or the ``error`` verdict for the first unreadable one."""
    outcomes = []
    for record in records:
        try:
            outcomes.append(CallOutcome.from_record(record))
        except WireError as exc:
            return error(f"The result could not be read ({exc}).", "unreadable")
    return outcomes


def unpaid_contracts(
    checks: Sequence[Check], verdicts: Mapping[str, Verdict]
) -> dict[str, Verdict]:
    """The passed gated checks of one question that earn nothing, as failed verdicts by name:
    a contract (shape, no mutation, flags, errors...) pays only when a value check of one of
    its functions in the same question passed, so a function that does no work scores 0."""
    working = {
        fn
        for c in checks
        if not c.needs_company and verdicts[c.name].passed
        for fn in c.functions()
    }
    unpaid = {}
    for c in checks:
        if c.needs_company and verdicts[c.name].passed and not c.functions() & working:
            fns = " or ".join(f"{fn}()" for fn in sorted(c.functions()))
            what = "contract holds" if c.gated else "check passes"
            unpaid[c.name] = fail(
                f"This {what}, but it earns its share only once a value check of {fns} "
                f"in this question passes: code that does no real work earns nothing."
            )
    return unpaid
