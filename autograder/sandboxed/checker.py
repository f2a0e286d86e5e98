"""``check("q1")`` inside a student's notebook: the question's public checks on the notebook's
own functions, against the stored public outcomes. It runs in the student's process and
decides nothing: grades are decided by ``autograder grade`` in a separate trusted process.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from autograder.checks import Check
from autograder.checks.base import Verdict
from autograder.checks.evaluate import evaluate
from autograder.checks.public import load_expected, outcome_key
from autograder.course import find_course_root, load_module
from autograder.exceptions import UsageError
from autograder.grading.render import all_public_passed
from autograder.protocol.calls import CallOutcome
from autograder.protocol.perform import load_functions, perform, preserved_state


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
            module = load_module(
                directory / "public_checks.py", f"_autograder_public_{self.assignment_id}"
            )
            functions = directory / "functions.py"
            self._functions = load_functions(functions.read_text() if functions.is_file() else "")
            self._directory, self._checks = directory, dict(module.PUBLIC)
        return self._directory, self._checks

    def run(self, question: str) -> list[tuple[str, Verdict]]:
        """Run the public checks of one question; returns (check name, verdict) pairs."""
        directory, checks = self._load()
        if question not in checks:
            raise UsageError(f"no public checks for {question!r}; known: {sorted(checks)}")
        stored = load_expected(directory)
        verdicts = []
        with preserved_state():  # the student's kernel keeps its RNG states and torch flags
            for check in checks[question]:
                verdicts.append((check.name, self._one(question, check, stored)))
        return verdicts

    def _one(self, question: str, check: Check, stored: dict[str, Any]) -> Verdict:
        """One check on the notebook's functions against the stored public outcomes."""
        student = [
            CallOutcome.from_record(
                perform(c.to_wire(i), self.namespace, functions=self._functions)
            )
            for i, c in enumerate(check.calls())
        ]
        expected = [
            CallOutcome.from_record(stored[outcome_key(question, check, i)])
            for i in range(len(student))
        ]
        return evaluate(check, student, expected, where=question)

    def __call__(self, question: str) -> None:
        started = time.perf_counter()
        verdicts = self.run(question)
        passed = sum(v.passed for _, v in verdicts)
        lines = [
            f"{question}: {passed} / {len(verdicts)} public checks passed "
            f"({time.perf_counter() - started:.2f} s)"
        ]
        for name, verdict in verdicts:
            lines.append(f"  [{'PASS' if verdict.passed else 'FAIL'}] {name}")
            if verdict.message:
                lines.extend("      " + line for line in verdict.message.splitlines())
        if passed == len(verdicts):
            lines.append(all_public_passed(hidden_follow=True))
        print("\n".join(lines))
