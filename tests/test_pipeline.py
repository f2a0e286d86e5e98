"""End to end through the CLI and a real subprocess per submission: the example submissions get
the right per-check results and messages, and the outputs follow their contracts."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from autograder.grading.gradebook import Gradebook

pytestmark = pytest.mark.sandbox


def results(out: Path, student: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / student / "results.json").read_text())
    return data


def failing(out: Path, student: str) -> dict[str, dict[str, Any]]:
    return {t["name"]: t for t in results(out, student)["tests"] if t["status"] != "passed"}


def test_reference_gets_full_marks_and_untouched_notebook_zero(examples_graded: Path) -> None:
    assert results(examples_graded, "alice")["score"] == 18.0
    carol = results(examples_graded, "carol")
    assert carol["score"] == 0.0
    assert "is not implemented yet" in carol["tests"][0]["output"]


def test_results_json_follows_the_gradescope_schema(examples_graded: Path) -> None:
    data = results(examples_graded, "bob")
    assert {"score", "execution_time", "tests", "output"} <= set(data)
    for test in data["tests"]:
        assert {"name", "score", "max_score", "output", "visibility", "status"} <= set(test)
        assert test["visibility"] in ("visible", "after_published")
        assert 0 <= test["score"] <= test["max_score"]
    assert abs(sum(t["score"] for t in data["tests"]) - data["score"]) < 1e-3


def test_typical_mistakes_lose_points_on_their_own_questions(examples_graded: Path) -> None:
    bob = results(examples_graded, "bob")
    lost = {t["extra_data"]["question"] for t in bob["tests"] if t["status"] != "passed"}
    assert lost == {
        "q1_finite_differences",
        "q4_single_neuron",
        "q5_newton",
        "q6_autograd",
        "q7_logistic_regression",
    }
    fails = failing(examples_graded, "bob")
    fd = fails["q4_single_neuron: mse_grads against central differences of your loss"]
    assert "(d loss/d w) vs central differences of your loss: Values are not close!" in fd["output"]
    detached = fails["q6_autograd: autograd through sigmoid_neuron w.r.t. w and b"]
    assert "not connected to the autograd graph" in detached["output"]
    dtype = fails["q7_logistic_regression: predict returns int64 labels of shape (1, m)"]
    assert "expected dtype int64, got dtype float64" in dtype["output"]


def test_broken_code_gets_a_message_that_says_what_and_where(examples_graded: Path) -> None:
    fails = failing(examples_graded, "dave")
    shape = fails["q1_finite_differences: central_diff of tanh on a 3x4 array"]
    assert "central_diff(): got shape (12,), which is not the expected shape." in shape["output"]
    assert "(3, 4)" not in shape["output"]  # hidden: the expected shape is not told
    nan = fails[
        "q2_derivative_rules: d_sigmoid on a grid with 0, -0.0, NaN, tiny and |x| = 800 entries"
    ]
    assert "NaN where a number was expected" in nan["output"]
    dtype = fails["q2_derivative_rules: d_tanh on a 2x3x4 array with zeros and a NaN"]
    assert "expected dtype float64, got dtype float32" in dtype["output"]
    missing = fails["q3_symbolic: Taylor polynomial of e^x, order 4 at 0"]
    assert missing["extra_data"]["outcome"] == "error"
    assert "taylor_poly() was not found: name 'taylor_poly' is not defined" in missing["output"]
    raised = fails["q5_newton: Newton on x^2 from 3.7 (one step)"]
    assert (
        "newton_1d() raised IndexError: list index out of range (cell 20 (q5_newton), "
        "line 9)" in raised["output"]
    )
    assert results(examples_graded, "dave")["score"] == 13.7037


def test_a_damaged_file_is_graded_zero_with_a_readable_reason(examples_graded: Path) -> None:
    erin = results(examples_graded, "erin")
    assert erin["score"] == 0.0
    assert all(t["extra_data"]["outcome"] == "error" for t in erin["tests"])
    assert "erin.ipynb: is not valid JSON (line" in erin["tests"][0]["output"]


def test_hidden_checks_never_print_expected_values(examples_graded: Path) -> None:
    for student in ("bob", "dave"):
        for test in results(examples_graded, student)["tests"]:
            if test["extra_data"]["hidden"]:
                assert "Expected:" not in test["output"]


def test_grades_csv_has_one_row_per_student_with_question_scores(examples_graded: Path) -> None:
    with (examples_graded / "grades.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert [r["student"] for r in rows] == ["alice", "bob", "carol", "dave", "erin"]
    assert rows[0]["score"] == "18" and rows[0]["q6_autograd"] == "4"
    assert rows[3]["q5_newton"] == "0"


def test_gradebook_keeps_one_row_per_attempt(examples_graded: Path) -> None:
    book = Gradebook(examples_graded / "gradebook.sqlite")
    rows = book.submissions("01_calculus_autodiff")
    assert sorted(r.student for r in rows) == ["alice", "bob", "carol", "dave", "erin"]
    assert {r.student: r.score for r in rows}["dave"] == 13.7037
