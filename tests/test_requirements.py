"""Requirement tables (parsing, quoting the task text, tracing to checks), lazy answers, and
the points each check is shown to be worth."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from autograder.authoring.lazy import LAZY_KINDS, lazy_answers
from autograder.authoring.requirements import Requirement, parse, problems, quoted
from autograder.course import Assignment, list_assignments
from autograder.grading.render import shares
from tests.helpers import ROOT


def test_rows_are_read_per_question_with_escaped_pipes(tmp_path: Path) -> None:
    path = tmp_path / "requirements.md"
    path.write_text(
        "# x: requirements\n\n## q1_a\n\n| id | requirement (quoted from the task text) |\n"
        "|---|---|\n| norm | the step \\|eta g\\| is at most eps |\n| dtype | float64 |\n\n"
        "## q2_b\n\n| id | requirement |\n|---|---|\n| raises | raise `ValueError` |\n"
    )
    table = parse(path)
    assert [r.id for r in table["q1_a"]] == ["norm", "dtype"]
    assert table["q1_a"][0].text == "the step |eta g| is at most eps"
    assert table["q2_b"][0].line == 14


def test_a_quote_must_appear_in_the_task_text_in_order() -> None:
    text = "return a float64 array of shape (k + 1, d). never modify x0; work on a copy."
    assert quoted(Requirement("q", "a", "Return a float64   array", 1), text)
    assert quoted(Requirement("q", "b", "float64 ... work on a copy", 1), text)
    assert not quoted(Requirement("q", "c", "work on a copy ... float64", 1), text)
    assert not quoted(Requirement("q", "d", "return a float32 array", 1), text)


@pytest.mark.parametrize("assignment_id", list_assignments(ROOT))
def test_every_requirement_is_tested_and_every_check_tests_one(assignment_id: str) -> None:
    """The course gate for traceability: the table quotes the task text, every row is covered
    by a check of the hidden suite, and every check names the rows it tests."""
    assert problems(Assignment.load(assignment_id, ROOT)) == []


def test_lazy_answers_return_none_zero_or_the_first_argument() -> None:
    assignment = Assignment.load("02_optimization", ROOT)
    returned = {"none": None, "zero": 0.0, "first": np.sign}
    for kind in LAZY_KINDS:
        namespace: dict[str, object] = {"np": np}
        code = lazy_answers(assignment, kind)["q1_gradient_descent"]
        assert "NotImplementedError" not in code
        exec(compile(code, "<lazy>", "exec"), namespace)
        gradient_descent = namespace["gradient_descent"]
        assert callable(gradient_descent)
        if kind in returned:
            assert gradient_descent(np.sign, np.ones(2), 0.1) == returned[kind]
        else:
            with pytest.raises(TypeError):  # np.sign * 0: a function times 0
                gradient_descent(np.sign, np.ones(2), 0.1)


def test_shown_shares_sum_exactly_to_the_question_points() -> None:
    parts = shares(18.0, [1.0] * 7)
    assert math.fsum(parts) == 18.0 and len(parts) == 7  # plain rounding gave 17.9998
    assert max(parts) - min(parts) < 1e-3
    assert shares(3.0, [2.0, 1.0]) == [2.0, 1.0]
