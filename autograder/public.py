"""Public checks: what students can run themselves, inside their notebook or from the shell.

Public checks live beside the notebook (``public_checks.py``) with the reference's outcomes for
their calls (``public_expected.json``, written by ``autograder build-public``). Nothing here needs
the hidden suite or the reference solution, so it works on a student's laptop. These checks only
inform the student; grades are decided by ``autograder grade`` in a separate trusted process.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from autograder import driver
from autograder.assignment import Assignment, Question, find_course_root, load_module
from autograder.calls import CallOutcome
from autograder.checks import Check
from autograder.checks.base import Verdict
from autograder.checks.evaluate import evaluate
from autograder.exceptions import GraderError, UsageError
from autograder.render import all_public_passed


def _key(question: str, check: Check, index: int) -> str:
    return f"{question}/{check.name}/{index}"


def build_expected(assignment: Assignment) -> dict[str, Any]:
    """Reference outcome records for every public call (instructor side: needs the reference)."""
    from autograder.grading import REFERENCE_LOCK

    with REFERENCE_LOCK, driver.isolated_rng():
        return _build_expected(assignment)


def _build_expected(assignment: Assignment) -> dict[str, Any]:
    namespace = vars(assignment.reference_module)
    expected: dict[str, Any] = {}
    for qid, checks in sorted(assignment.public_checks.items()):
        for check in checks:
            for i, call in enumerate(check.calls()):
                record = driver.perform(call.to_wire(0), namespace, trusted=True,
                                        functions=assignment.functions)
                record.pop("seconds", None)
                if not record["ok"] and check.needs_reference:
                    raise GraderError(f"reference fails public check {qid}/{check.name}")
                expected[_key(qid, check, i)] = record
    return {"assignment": assignment.id, "expected": expected}


def write_expected(assignment: Assignment) -> Path:
    path = assignment.public_expected_path
    path.write_text(json.dumps(build_expected(assignment), indent=1, sort_keys=True) + "\n")
    return path


def load_expected(directory: Path) -> dict[str, Any]:
    path = directory / "public_expected.json"
    if not path.exists():
        raise UsageError(f"{path} is missing; the instructor must run `autograder build-public`")
    data: dict[str, Any] = json.loads(path.read_text())["expected"]
    return data


def public_questions(assignment: Assignment) -> tuple[Question, ...]:
    """The assignment's questions reduced to their public checks (no hidden suite needed)."""
    return tuple(Question(qid, 0.0, checks) for qid, checks in assignment.public_checks.items())


def expected_outcomes(directory: Path, questions: tuple[Question, ...],
                      call_ids: dict[str, list[list[int]]]) -> dict[int, CallOutcome]:
    """Map plan call ids to the stored reference outcomes."""
    stored = load_expected(directory)
    out: dict[int, CallOutcome] = {}
    for q in questions:
        for check, ids in zip(q.checks, call_ids[q.id], strict=True):
            for i, cid in enumerate(ids):
                record = stored.get(_key(q.id, check, i))
                if record is None:
                    raise UsageError("public_expected.json is out of date; run "
                                     "`autograder build-public`")
                out[cid] = CallOutcome.from_record(record)
    return out


class Checker:
    """``check("q1")`` inside a notebook: run the question's public checks on the functions
    defined in the notebook and print a short report. Takes well under a second."""

    def __init__(self, assignment_id: str, namespace: dict[str, Any]) -> None:
        self.assignment_id = assignment_id
        self.namespace = namespace
        self._directory: Path | None = None
        self._checks: dict[str, tuple[Check, ...]] | None = None
        self._functions: dict[str, Any] = {}

    def _load(self) -> tuple[Path, dict[str, tuple[Check, ...]]]:
        if self._checks is None or self._directory is None:
            here = Path.cwd()
            if (here / "public_checks.py").exists():
                directory = here
            else:
                directory = find_course_root() / "assignments" / self.assignment_id
            module = load_module(directory / "public_checks.py",
                                 f"_autograder_public_{self.assignment_id}")
            functions = directory / "functions.py"
            self._functions = driver.load_functions(functions.read_text()
                                                    if functions.is_file() else "")
            self._directory, self._checks = directory, dict(module.PUBLIC)
        return self._directory, self._checks

    def run(self, question: str) -> list[tuple[str, Verdict]]:
        """Run the public checks of one question; returns (check name, verdict) pairs."""
        directory, checks = self._load()
        if question not in checks:
            raise UsageError(f"no public checks for {question!r}; known: {sorted(checks)}")
        stored = load_expected(directory)
        verdicts = []
        for check in checks[question]:
            student = [CallOutcome.from_record(driver.perform(c.to_wire(0), self.namespace,
                                                              functions=self._functions))
                       for c in check.calls()]
            expected = [CallOutcome.from_record(stored[_key(question, check, i)])
                        for i in range(len(student))]
            verdicts.append((check.name, evaluate(check, student, expected, where=question)))
        return verdicts

    def __call__(self, question: str) -> None:
        started = time.perf_counter()
        verdicts = self.run(question)
        passed = sum(v.passed for _, v in verdicts)
        lines = [f"{question}: {passed} / {len(verdicts)} public checks passed "
                 f"({time.perf_counter() - started:.2f} s)"]
        for name, verdict in verdicts:
            lines.append(f"  [{'PASS' if verdict.passed else 'FAIL'}] {name}")
            if verdict.message:
                lines.extend("      " + line for line in verdict.message.splitlines())
        if passed == len(verdicts):
            lines.append(all_public_passed(hidden_follow=True))
        print("\n".join(lines))
