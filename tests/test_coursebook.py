"""The coursebook over a real store and gradebook: its tables (new and existing databases), the
manual grading trail and the overrides in force, stored policies and their validation, attempts
and their limit, effective scores of a whole roster, overrides outliving a regrade, and
withdrawing a release."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect

from autograder.course import Assignment
from autograder.exceptions import UsageError
from autograder.grading.gradebook import Gradebook
from autograder.grading.penalties import PolicyError
from autograder.grading.policies import AttemptRule, Policy, ScoreStatus
from autograder.grading.results import CheckResult, QuestionResult, SubmissionResult
from autograder.service.coursebook import Coursebook
from autograder.service.status import UploadStatus
from autograder.service.store import Store
from tests.helpers import ROOT

A = "01_calculus_autodiff"  # questions q1..q7, 18 points; q1 is worth 2


@pytest.fixture(scope="module")
def assignment() -> Assignment:
    return Assignment.load(A, ROOT)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "data", Gradebook(tmp_path / "book.sqlite"))


@pytest.fixture
def book(store: Store, assignment: Assignment, tmp_path: Path) -> Coursebook:
    (tmp_path / "course").mkdir()
    return Coursebook(store, tmp_path / "course", load=lambda _: assignment)


def result(assignment: Assignment, student: str, sha: str, passed: set[str]) -> SubmissionResult:
    """A graded record in which exactly the questions in ``passed`` earn their points."""
    questions = tuple(
        QuestionResult(
            q.id,
            q.title,
            q.points,
            (CheckResult(q.id, "c", "value", "passed" if q.id in passed else "failed", 1, False),),
        )
        for q in assignment.questions
    )
    return SubmissionResult(assignment.id, student, questions, sha256=sha)


def submit(store: Store, assignment: Assignment, student: str, passed: set[str]) -> str:
    """An upload of the student, graded: only ``passed`` questions earn points."""
    data = json.dumps({"student": student, "passed": sorted(passed), "n": len(store.uploads())})
    view = store.add_upload(assignment.id, student, data.encode())
    graded = result(assignment, student, view.sha256, passed)
    store.gradebook.record(graded)
    store.set_status(view.id, UploadStatus.GRADED, score=graded.score, max_score=18)
    return view.sha256


def test_the_tables_are_created_in_new_and_existing_gradebooks(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    Gradebook(path).close()
    assert {"manual_grades", "assignment_policies"} <= set(
        inspect(Gradebook(path).engine).get_table_names()
    )
    with sqlite3.connect(path) as db:  # a gradebook from before the coursebook existed
        db.execute("DROP TABLE manual_grades")
        db.execute("DROP TABLE assignment_policies")
    opened = Gradebook(path)
    Store(tmp_path / "data", opened)
    tables = set(inspect(opened.engine).get_table_names())
    assert {"manual_grades", "assignment_policies", "uploads", "graded_attempts"} <= tables


def test_a_manual_grade_wins_and_the_trail_is_append_only(
    store: Store, assignment: Assignment, book: Coursebook
) -> None:
    submit(store, assignment, "ann", {"q1_finite_differences", "q2_derivative_rules"})
    assert book.scores(A)["ann"].score == 4.0
    first = book.override(A, "ann", "q3_symbolic", 1.5, "partial credit", "teacher")
    assert (first["before"], first["after"], first["who"]) == (4.0, 5.5, "teacher")
    book.override(A, "ann", "q3_symbolic", 2.0, "full marks after all", "ta")
    book.override(A, "ann", "q1_finite_differences", 0.5, "copied", "teacher")
    ann = book.scores(A)["ann"]
    assert ann.score == 4.5 and ann.overridden == ("q1_finite_differences", "q3_symbolic")
    assert ann.questions["q3_symbolic"] == 2.0 and ann.status is ScoreStatus.GRADED

    removed = book.override(A, "ann", "q1_finite_differences", None, "not copied", "teacher")
    assert (removed["before"], removed["after"], removed["score"]) == (4.5, 6.0, None)
    assert book.scores(A)["ann"].questions["q1_finite_differences"] == 2.0
    assert [o.question for o in book.overrides(A)["ann"]] == ["q3_symbolic"]

    trail = book.audit(A)
    assert [(e["question"], e["score"], e["who"]) for e in trail] == [
        ("q1_finite_differences", None, "teacher"),
        ("q1_finite_differences", 0.5, "teacher"),
        ("q3_symbolic", 2.0, "ta"),
        ("q3_symbolic", 1.5, "teacher"),
    ]
    assert [(e["before"], e["after"]) for e in trail] == [
        (4.5, 6.0),
        (6.0, 4.5),
        (5.5, 6.0),
        (4.0, 5.5),
    ]
    assert trail[-1]["comment"] == "partial credit" and trail[0]["at"].endswith("+00:00")
    assert book.audit(A, "bob") == []


@pytest.mark.parametrize(
    "question, score, message",
    [
        ("q9", 1.0, "01_calculus_autodiff has no question 'q9'; its questions: q1_finite"),
        ("q1_finite_differences", -1.0, "q1_finite_differences: the score must be from 0 to 2 "),
        ("q1_finite_differences", 2.5, "q1_finite_differences: the score must be from 0 to 2 "),
        ("q1_finite_differences", float("nan"), "q1_finite_differences: the score must be from"),
    ],
)
def test_a_manual_grade_outside_the_question_is_refused_and_not_stored(
    book: Coursebook, question: str, score: float, message: str
) -> None:
    with pytest.raises(UsageError) as caught:
        book.override(A, "ann", question, score, "", "teacher")
    assert str(caught.value).startswith(message)
    assert book.audit(A) == [] and book.overrides(A) == {}


def test_a_student_with_only_manual_grades_scores_them(book: Coursebook) -> None:
    book.override(A, "cat", "q4_single_neuron", 3.0, "graded on paper", "teacher")
    cat = book.scores(A)["cat"]
    assert (cat.status, cat.score) == (ScoreStatus.MANUAL, 3.0)


def test_regrading_never_erases_a_manual_grade(
    store: Store, assignment: Assignment, book: Coursebook
) -> None:
    sha = submit(store, assignment, "ann", {"q1_finite_differences"})
    book.override(A, "ann", "q3_symbolic", 2.0, "", "teacher")
    assert book.scores(A)["ann"].score == 4.0
    # the regrade (a fixed check, say) now passes q2 too and writes the attempt's rows again
    store.gradebook.record(
        result(assignment, "ann", sha, {"q1_finite_differences", "q2_derivative_rules"})
    )
    ann = book.scores(A)["ann"]
    assert ann.score == 6.0 and ann.questions["q3_symbolic"] == 2.0
    assert ann.overridden == ("q3_symbolic",)


def test_the_policy_stored_beats_the_course_file_which_beats_the_default(
    book: Coursebook, tmp_path: Path
) -> None:
    assert book.policy(A) == Policy() and book.policy_source(A) == {"source": "default"}
    folder = tmp_path / "course" / "reference_solutions" / A
    folder.mkdir(parents=True)
    (folder / "policy.toml").write_text('counts = "best"\nmax_attempts = 3\n')
    assert book.policy(A) == Policy(counts=AttemptRule.BEST, max_attempts=3)
    stored = book.set_policy(A, {"due": "2026-01-10T12:00:00+00:00", "max_attempts": 2}, "t")
    assert book.policy(A) == stored and stored.max_attempts == 2 and stored.due is not None
    assert book.policy(A).counts is AttemptRule.LATEST
    assert book.policy_source(A)["source"] == "service"


@pytest.mark.parametrize(
    "data, message",
    [
        ({"max_attempts": 0}, "policy of 01_calculus_autodiff: max_attempts: expected an integer"),
        ({"counts": "first"}, "policy of 01_calculus_autodiff: counts: expected one of latest"),
        ({"due": "tomorrow"}, "policy of 01_calculus_autodiff: due: expected a date and time"),
    ],
)
def test_an_unusable_policy_is_refused_and_nothing_stored(
    book: Coursebook, data: dict[str, object], message: str
) -> None:
    book.set_policy(A, {"max_attempts": 4}, "teacher")
    with pytest.raises(PolicyError) as caught:
        book.set_policy(A, data, "teacher")
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)
    assert book.policy(A) == Policy(max_attempts=4)


def test_attempts_are_the_graded_uploads_in_order_and_the_limit_counts_every_upload(
    store: Store, assignment: Assignment, book: Coursebook
) -> None:
    submit(store, assignment, "ann", {"q1_finite_differences"})
    submit(store, assignment, "ann", {"q1_finite_differences", "q4_single_neuron"})
    waiting = store.add_upload(A, "ann", b'{"cells": [], "nbformat": 4}')
    failed = store.add_upload(A, "ann", b'{"cells": [1], "nbformat": 4}')
    store.set_status(failed.id, UploadStatus.ERROR, error="the grader failed")
    attempts = book.attempts(A)["ann"]
    assert [(a.number, a.score, a.max_score) for a in attempts] == [(1, 2.0, 18.0), (2, 6.0, 18.0)]
    assert attempts[1].questions["q4_single_neuron"] == 4.0
    assert attempts[0].submitted_at < attempts[1].submitted_at
    assert waiting.status == UploadStatus.QUEUED
    assert book.attempts_used(A, "ann") == 3  # two graded, one waiting; the grader's fault is free
    assert book.attempts_left(A, "ann") is None
    book.set_policy(A, {"max_attempts": 5}, "teacher")
    assert (book.attempts_left(A, "ann"), book.attempts_left(A, "bob")) == (2, 5)
    book.set_policy(A, {"max_attempts": 2}, "teacher")
    assert book.attempts_left(A, "ann") == 0


def test_every_roster_student_has_an_effective_score_under_the_policy(
    store: Store, assignment: Assignment, book: Coursebook
) -> None:
    submit(store, assignment, "ann", {"q4_single_neuron", "q6_autograd"})
    submit(store, assignment, "ann", {"q1_finite_differences"})
    submit(store, assignment, "bob", {"q1_finite_differences"})
    scores = book.scores(A, roster=["ann", "dan"])
    assert sorted(scores) == ["ann", "bob", "dan"]
    assert scores["ann"].score == 2.0 and scores["ann"].attempt is not None
    assert (scores["dan"].status, scores["dan"].score) == (ScoreStatus.NO_SUBMISSION, None)
    assert scores["dan"].max_score == 18.0

    book.set_policy(A, {"counts": "best"}, "teacher")
    best = book.scores(A)["ann"]
    assert best.score == 8.0 and best.attempt is not None and best.attempt.number == 1

    past = (datetime.now(UTC) - timedelta(days=2)).isoformat()
    late = {"due": past, "late": {"penalty": "linear", "percent": 25, "per": "day"}}
    book.set_policy(A, {**late, "extensions": {"bob": "5d"}}, "teacher")
    scores = book.scores(A)
    assert scores["ann"].status is ScoreStatus.LATE and scores["ann"].penalty == 2.0
    assert scores["ann"].score == 0.0  # 2 points less 75 % of 18, never below zero
    assert (scores["bob"].status, scores["bob"].score) == (ScoreStatus.GRADED, 2.0)


def test_withdrawing_a_release_keeps_uploads_and_grades_and_can_be_undone(
    store: Store, assignment: Assignment, book: Coursebook
) -> None:
    assert store.unrelease(A) is False
    store.release(assignment, "teacher")
    submit(store, assignment, "ann", {"q1_finite_differences"})
    assert store.unrelease(A) is True
    assert not store.is_released(A) and store.released_at(A) is None
    assert not store.released_dir(A).exists()
    assert len(store.uploads(assignment=A)) == 1 and book.scores(A)["ann"].score == 2.0
    store.release(assignment, "teacher")
    assert store.is_released(A) and store.bundle_files(A)
