"""Grading policies: due dates, extensions, late penalties, which attempt counts and manual
overrides, each with hand-computed expected scores; policy files and their one-line errors."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from autograder.grading.penalties import FunctionPenalty, LinearPenalty, PolicyError, ZeroPenalty
from autograder.grading.policies import (
    Attempt,
    AttemptRule,
    EffectiveScore,
    Override,
    Policy,
    ScoreStatus,
    attempt_from_result,
    effective_score,
    effective_scores,
)
from autograder.grading.policy_file import (
    format_duration,
    load_policy,
    parse_duration,
    policy_from_dict,
    policy_to_dict,
)
from autograder.grading.results import CheckResult, QuestionResult, SubmissionResult

CET = timezone(timedelta(hours=1))
DUE = datetime(2025, 3, 1, 23, 59, tzinfo=CET)
HOUR, DAY = timedelta(hours=1), timedelta(days=1)


def at(offset: timedelta) -> datetime:
    return DUE + offset


def attempt(offset: timedelta, questions: Mapping[str, float], number: int = 0) -> Attempt:
    """An attempt of a 20-point assignment (q1: 10, q2: 10) submitted ``offset`` after DUE."""
    return Attempt(at(offset), sum(questions.values()), 20.0, dict(questions), number)


def score(policy: Policy, attempts: list[Attempt], *overrides: Override) -> float | None:
    return effective_score(policy, "sam", attempts, overrides).score


def half_off_after_two_days(lateness: timedelta, score: float, max_score: float) -> float:
    """A plug-in penalty for the policy-file test (imported by name)."""
    return score / 2 if lateness > 2 * DAY else score


# --- the defaults are today's behaviour ---------------------------------------------------


def test_without_a_policy_the_latest_attempt_counts_and_nothing_is_late() -> None:
    attempts = [attempt(-DAY, {"q1": 10, "q2": 8}), attempt(30 * DAY, {"q1": 2, "q2": 0})]
    result = effective_score(Policy(), "sam", attempts)
    assert (result.score, result.status, result.lateness) == (2.0, ScoreStatus.GRADED, timedelta())
    assert result.questions == {"q1": 2, "q2": 0} and result.attempts == 2
    assert result.due is None and result.attempt is attempts[1]


def test_attempts_are_ordered_by_submission_time_not_by_position() -> None:
    later, earlier = attempt(HOUR, {"q1": 3}), attempt(-HOUR, {"q1": 9})
    assert score(Policy(), [later, earlier]) == 3.0


# --- due dates and extensions --------------------------------------------------------------


def test_an_attempt_exactly_at_the_due_time_is_on_time_and_one_second_later_is_late() -> None:
    policy = Policy(due=DUE, penalty=ZeroPenalty())
    on_time = effective_score(policy, "sam", [attempt(timedelta(0), {"q1": 10, "q2": 8})])
    assert (on_time.score, on_time.status, on_time.penalty) == (18.0, ScoreStatus.GRADED, 0.0)
    late = effective_score(policy, "sam", [attempt(timedelta(seconds=1), {"q1": 10, "q2": 8})])
    assert (late.score, late.status, late.raw_score, late.penalty) == (
        0.0,
        ScoreStatus.LATE,
        18.0,
        18.0,
    )
    assert late.lateness == timedelta(seconds=1) and late.questions == {"q1": 10, "q2": 8}


def test_the_due_time_compares_instants_across_time_zones() -> None:
    policy = Policy(due=DUE, penalty=ZeroPenalty())  # 23:59 CET is 22:59 UTC
    in_utc = Attempt(datetime(2025, 3, 1, 22, 59, tzinfo=UTC), 18.0, 20.0)
    assert score(policy, [in_utc]) == 18.0
    assert score(policy, [Attempt(datetime(2025, 3, 1, 23, 0, tzinfo=UTC), 18.0, 20.0)]) == 0.0


def test_an_extension_moves_the_due_date_for_that_student_only() -> None:
    policy = Policy(
        due=DUE,
        extensions={"ann": DUE + 2 * DAY, "bob": timedelta(hours=36)},
        penalty=ZeroPenalty(),
    )
    one_day_late = [attempt(DAY, {"q1": 10, "q2": 8})]
    assert policy.due_for("ann") == DUE + 2 * DAY and policy.due_for("bob") == DUE + 36 * HOUR
    assert effective_score(policy, "ann", one_day_late).score == 18.0
    assert effective_score(policy, "bob", one_day_late).score == 18.0
    assert effective_score(policy, "cat", one_day_late).score == 0.0
    bob_late = effective_score(policy, "bob", [attempt(36 * HOUR + timedelta(seconds=1), {})])
    assert bob_late.status is ScoreStatus.LATE and bob_late.lateness == timedelta(seconds=1)
    exactly = effective_score(policy, "bob", [attempt(36 * HOUR, {"q1": 5})])
    assert (exactly.score, exactly.status, exactly.due) == (
        5.0,
        ScoreStatus.GRADED,
        DUE + 36 * HOUR,
    )


def test_a_student_of_their_own_due_date_needs_no_assignment_due_date() -> None:
    policy = Policy(extensions={"ann": DUE}, penalty=ZeroPenalty())
    assert score(policy, [attempt(HOUR, {"q1": 10})]) == 10.0  # "sam": no due date at all
    assert effective_score(policy, "ann", [attempt(HOUR, {"q1": 10})]).score == 0.0


# --- late penalties -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "late, expected",
    [
        (timedelta(seconds=1), 16.0),  # a started day: 10 % of 20 points off
        (DAY, 16.0),  # exactly one day
        (DAY + timedelta(seconds=1), 14.0),  # the second day started
        (3 * DAY, 12.0),
        (5 * DAY, 8.0),  # 50 %: the cap is reached
        (7 * DAY, 8.0),  # and holds
    ],
)
def test_linear_per_day_counts_started_days_up_to_the_cap(late: timedelta, expected: float) -> None:
    policy = Policy(due=DUE, penalty=LinearPenalty(percent=10, per="day", cap=50))
    assert score(policy, [attempt(late, {"q1": 10, "q2": 8})]) == expected


def test_a_linear_penalty_never_takes_a_score_below_zero() -> None:
    policy = Policy(due=DUE, penalty=LinearPenalty(percent=10, per="day"))
    result = effective_score(policy, "sam", [attempt(3 * DAY, {"q1": 4})])
    assert (result.score, result.penalty) == (0.0, 4.0)  # 6 points due, only 4 to take


def test_linear_per_hour_pro_rata_with_a_cap() -> None:
    penalty = LinearPenalty(percent=5, per="hour", cap=20, whole_units=False)
    policy = Policy(due=DUE, penalty=penalty)
    assert score(policy, [attempt(90 * timedelta(minutes=1), {"q1": 10, "q2": 8})]) == 16.5
    assert score(policy, [attempt(10 * HOUR, {"q1": 10, "q2": 8})]) == 14.0  # 50 % capped at 20
    assert penalty.deduction(timedelta(minutes=30), 20.0) == 0.5


def test_a_plug_in_penalty_gets_lateness_score_and_maximum() -> None:
    seen: list[tuple[timedelta, float, float]] = []

    def penalty(lateness: timedelta, score: float, max_score: float) -> float:
        seen.append((lateness, score, max_score))
        return score - 1

    policy = Policy(due=DUE, penalty=penalty)
    assert score(policy, [attempt(-HOUR, {"q1": 7}), attempt(2 * HOUR, {"q1": 9})]) == 8.0
    assert seen == [(2 * HOUR, 9.0, 20.0)]  # called for the late attempt only


@pytest.mark.parametrize("returned, expected", [(25.0, 18.0), (-3.0, 0.0)])
def test_a_plug_in_penalty_never_raises_a_score_nor_goes_below_zero(
    returned: float, expected: float
) -> None:
    policy = Policy(due=DUE, penalty=lambda *_: returned)
    assert score(policy, [attempt(HOUR, {"q1": 10, "q2": 8})]) == expected


def test_a_plug_in_penalty_that_returns_no_number_is_a_policy_error() -> None:
    policy = Policy(due=DUE, penalty=lambda *_: None)  # type: ignore[arg-type]
    with pytest.raises(PolicyError, match=r"late: the penalty returned None, not a number"):
        score(policy, [attempt(HOUR, {"q1": 1})])


# --- which attempt counts -------------------------------------------------------------------

ATTEMPTS = [
    attempt(-2 * HOUR, {"q1": 6, "q2": 6}, 1),  # 12, on time
    attempt(-HOUR, {"q1": 10, "q2": 6}, 2),  # 16, on time
    attempt(3 * HOUR, {"q1": 10, "q2": 10}, 3),  # 20, late: 20 - 2 = 18
    attempt(5 * HOUR, {"q1": 4, "q2": 2}, 4),  # 6, late: 6 - 2 = 4
]
TEN_PERCENT_A_DAY = LinearPenalty(percent=10, per="day")


@pytest.mark.parametrize(
    "rule, expected_score, expected_attempt, status",
    [
        (AttemptRule.LATEST, 4.0, 4, ScoreStatus.LATE),
        (AttemptRule.BEST, 18.0, 3, ScoreStatus.LATE),
        (AttemptRule.LAST_BEFORE_DEADLINE, 16.0, 2, ScoreStatus.GRADED),
    ],
)
def test_latest_best_and_last_before_the_deadline(
    rule: AttemptRule, expected_score: float, expected_attempt: int, status: ScoreStatus
) -> None:
    result = effective_score(Policy(DUE, penalty=TEN_PERCENT_A_DAY, counts=rule), "sam", ATTEMPTS)
    assert (result.score, result.status) == (expected_score, status)
    assert result.attempt is not None and result.attempt.number == expected_attempt


def test_under_best_a_later_lower_attempt_does_not_replace_a_better_one() -> None:
    attempts = [attempt(-DAY, {"q1": 10, "q2": 8}, 1), attempt(-HOUR, {"q1": 2, "q2": 0}, 2)]
    best = effective_score(Policy(counts=AttemptRule.BEST), "sam", attempts)
    assert best.score == 18.0 and best.attempt is attempts[0]
    assert score(Policy(), attempts) == 2.0  # the default: the latest


def test_best_compares_scores_after_the_penalty_and_prefers_the_earlier_of_equals() -> None:
    attempts = [attempt(-HOUR, {"q1": 10, "q2": 8}, 1), attempt(HOUR, {"q1": 10, "q2": 10}, 2)]
    policy = Policy(DUE, penalty=TEN_PERCENT_A_DAY, counts=AttemptRule.BEST)
    result = effective_score(policy, "sam", attempts)  # 18 on time, 20 - 2 = 18 late
    assert result.score == 18.0 and result.attempt is attempts[0]
    assert result.status is ScoreStatus.GRADED


def test_last_before_the_deadline_falls_back_to_the_latest_when_none_was_on_time() -> None:
    policy = Policy(DUE, penalty=TEN_PERCENT_A_DAY, counts=AttemptRule.LAST_BEFORE_DEADLINE)
    attempts = [attempt(HOUR, {"q1": 10, "q2": 10}), attempt(DAY + HOUR, {"q1": 10})]
    assert score(policy, attempts) == 6.0  # 10 - 2 days x 2 points
    no_due_date = Policy(counts=AttemptRule.LAST_BEFORE_DEADLINE)
    assert score(no_due_date, attempts) == 10.0  # the latest


# --- manual overrides -----------------------------------------------------------------------


def test_a_manual_override_wins_over_the_automatic_score() -> None:
    fix = Override("q2", 9.5, comment="right idea, sign slip", who="ta", when=DUE)
    result = effective_score(Policy(), "sam", [attempt(-HOUR, {"q1": 10, "q2": 3})], [fix])
    assert (result.score, result.raw_score) == (19.5, 19.5)
    assert result.questions == {"q1": 10, "q2": 9.5} and result.overridden == ("q2",)


def test_an_override_survives_recomputation_with_new_attempts() -> None:
    fix = Override("q1", 1.0, who="ta")
    attempts = [attempt(-DAY, {"q1": 10, "q2": 10})]
    assert score(Policy(), attempts, fix) == 11.0
    attempts.append(attempt(-HOUR, {"q1": 10, "q2": 4}))  # a new attempt, graded automatically
    assert score(Policy(), attempts, fix) == 5.0
    assert score(Policy(counts=AttemptRule.BEST), attempts, fix) == 11.0


def test_best_chooses_with_the_overrides_applied() -> None:
    attempts = [attempt(-2 * HOUR, {"q1": 0, "q2": 9}, 1), attempt(-HOUR, {"q1": 8, "q2": 0}, 2)]
    result = effective_score(Policy(counts=AttemptRule.BEST), "sam", attempts, [Override("q1", 10)])
    assert result.score == 19.0 and result.attempt is attempts[0]  # 10 + 9 beats 10 + 0


def test_the_latest_override_of_a_question_wins() -> None:
    first = Override("q1", 2.0, who="ta", when=DUE)
    second = Override("q1", 7.0, who="prof", when=DUE + HOUR)
    assert score(Policy(), [attempt(-HOUR, {"q1": 10})], second, first) == 7.0
    assert score(Policy(), [attempt(-HOUR, {"q1": 10})], Override("q1", 1), Override("q1", 3)) == 3


def test_the_late_penalty_applies_to_the_total_after_overrides() -> None:
    policy = Policy(DUE, penalty=TEN_PERCENT_A_DAY)
    result = effective_score(
        policy, "sam", [attempt(HOUR, {"q1": 4, "q2": 10})], [Override("q1", 8)]
    )
    assert (result.raw_score, result.penalty, result.score) == (18.0, 2.0, 16.0)
    assert result.questions == {"q1": 8, "q2": 10}  # per question: before the penalty


def test_an_override_of_a_question_the_attempt_lacks_adds_to_its_total() -> None:
    result = effective_score(Policy(), "sam", [attempt(-HOUR, {"q1": 6})], [Override("essay", 3)])
    assert result.score == 9.0 and result.questions == {"q1": 6, "essay": 3}


def test_overrides_without_any_attempt_are_a_manual_grade() -> None:
    result = effective_score(Policy(), "sam", [], [Override("q1", 4), Override("q2", 2.5)])
    assert (result.status, result.score, result.attempt) == (ScoreStatus.MANUAL, 6.5, None)


# --- a class at once --------------------------------------------------------------------------


def test_every_rostered_student_has_an_effective_score() -> None:
    scores = effective_scores(
        Policy(DUE, penalty=ZeroPenalty()),
        {"ann": [attempt(-HOUR, {"q1": 10})], "bob": [attempt(HOUR, {"q1": 10})]},
        {"dan": [Override("q1", 5)]},
        students=["cat", "ann"],
        max_score=20.0,
    )
    assert list(scores) == ["ann", "bob", "cat", "dan"]
    summary = {s: (r.status.value, r.score, r.max_score) for s, r in scores.items()}
    assert summary == {
        "ann": ("graded", 10.0, 20.0),
        "bob": ("late", 0.0, 20.0),
        "cat": ("no submission", None, 20.0),
        "dan": ("manual", 5.0, 20.0),
    }
    assert isinstance(scores["cat"], EffectiveScore) and scores["cat"].questions == {}
    assert effective_score(Policy(), "cat", []).max_score is None  # no attempt, none given


def test_an_attempt_from_a_graded_record() -> None:
    check = CheckResult("q1", "c", "value", "passed", 1.0, True)
    failed = CheckResult("q1", "d", "value", "failed", 1.0, True)
    record = SubmissionResult("a", "sam", (QuestionResult("q1", "Q", 4.0, (check, failed)),))
    made = attempt_from_result(record, DUE, 3)
    assert made == Attempt(DUE, 2.0, 4.0, {"q1": 2.0}, 3)


# --- validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: Policy(due=datetime(2025, 3, 1)), "due: 2025-03-01T00:00:00 has no UTC offset"),
        (
            lambda: Policy(counts="first"),  # type: ignore[arg-type]
            "counts: expected one of latest, best, last_before",
        ),
        (lambda: Policy(extensions={"a": DAY}), "extensions.a: extra time needs the assignment's"),
        (
            lambda: Policy(DUE, extensions={"a": -DAY}),
            "extensions.a: extra time cannot be negative",
        ),
        (
            lambda: Policy(penalty=3),  # type: ignore[arg-type]
            "late: the penalty must be callable",
        ),
        (lambda: LinearPenalty(percent=-1), "late.percent: expected a number >= 0, got -1"),
        (
            lambda: LinearPenalty(10, per="week"),  # type: ignore[arg-type]
            "late.per: expected 'hour' or 'day', got 'week'",
        ),
        (lambda: LinearPenalty(10, cap=150), "late.cap: expected a percentage from 0 to 100"),
        (lambda: Attempt(datetime(2025, 1, 1), 1, 2), "submitted_at: 2025-01-01T00:00:00 has no"),
        (lambda: Override("q1", -1), "override of q1: expected a score >= 0"),
        (lambda: Policy(max_attempts=0), "max_attempts: expected an integer >= 1, got 0"),
    ],
)
def test_an_unusable_policy_is_a_one_line_error_naming_the_field(
    build: Callable[[], object], message: str
) -> None:
    with pytest.raises(PolicyError) as caught:
        build()
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)


# --- policy files ----------------------------------------------------------------------------

FULL = """
due = 2025-03-01T23:59:00+01:00
counts = "best"
max_attempts = 5

[late]
penalty = "linear"
percent = 10
per = "day"
cap = 50

[extensions]
ann = 2025-03-03T23:59:00+01:00
"bob.smith@uni.example" = "1d 12h"
"""


def test_a_policy_file_with_every_field(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(FULL)
    policy = load_policy(path)
    assert policy == Policy(
        due=DUE,
        extensions={"ann": DUE + 2 * DAY, "bob.smith@uni.example": 36 * HOUR},
        penalty=LinearPenalty(10, "day", 50),
        counts=AttemptRule.BEST,
        max_attempts=5,
    )
    assert policy_to_dict(policy)["max_attempts"] == 5
    assert policy_from_dict(policy_to_dict(policy)) == policy


def test_without_max_attempts_attempts_are_unlimited_and_the_dict_omits_it() -> None:
    assert Policy().max_attempts is None
    assert "max_attempts" not in policy_to_dict(Policy())


def test_an_empty_policy_file_is_todays_behaviour(tmp_path: Path) -> None:
    (tmp_path / "policy.toml").write_text("")
    assert load_policy(tmp_path / "policy.toml") == Policy() == policy_from_dict({})


def test_local_times_take_the_policy_time_zone_with_its_summer_time() -> None:
    policy = policy_from_dict(
        {
            "due": "2025-03-30 12:00",
            "timezone": "Europe/Berlin",
            "extensions": {"a": "2025-03-20T12:00"},
        }
    )
    assert policy.due is not None and policy.due.utcoffset() == 2 * HOUR  # CEST from March 30
    extension = policy.extensions["a"]
    assert isinstance(extension, datetime) and extension.utcoffset() == HOUR


def test_a_plug_in_penalty_named_in_a_file_is_imported_and_written_back() -> None:
    name = f"{__name__}:half_off_after_two_days"
    policy = policy_from_dict({"due": DUE, "late": {"penalty": "function", "function": name}})
    assert policy.penalty == FunctionPenalty(half_off_after_two_days, name)
    assert score(policy, [attempt(3 * DAY, {"q1": 10, "q2": 8})]) == 9.0
    assert score(policy, [attempt(2 * DAY, {"q1": 10, "q2": 8})]) == 18.0
    assert policy_to_dict(policy)["late"] == {"penalty": "function", "function": name}


def test_a_penalty_given_as_a_bare_callable_cannot_be_written_to_a_file() -> None:
    with pytest.raises(PolicyError, match="late: a penalty given as a Python callable"):
        policy_to_dict(Policy(penalty=lambda lateness, score, top: score))


@pytest.mark.parametrize(
    "text, duration",
    [("2d", 2 * DAY), ("36h", 36 * HOUR), ("1d 12h", 36 * HOUR), ("90m", 90 * HOUR / 60)],
)
def test_extra_time_is_written_in_days_hours_and_minutes(text: str, duration: timedelta) -> None:
    assert parse_duration(text) == duration
    assert parse_duration(format_duration(duration)) == duration
    assert parse_duration("1.5d") == 36 * HOUR and parse_duration("two days") is None


@pytest.mark.parametrize(
    "data, message",
    [
        ({"dew": 1}, "dew: unknown field (expected one of: due, timezone, counts, max_attempts"),
        (
            {"due": "2025-03-01"},
            "due: expected a date and time such as 2025-03-01T23:59:00+01:00, ",
        ),
        ({"due": "2025-03-01T23:59"}, "due: no UTC offset: write it as 2025-03-01T23:59:00+01:00"),
        ({"due": "soon"}, "due: expected a date and time such as 2025-03-01T23:59:00+01:00, got"),
        ({"timezone": "Mars/Olympus"}, "timezone: unknown time zone 'Mars/Olympus'"),
        ({"counts": "first"}, "counts: expected one of latest, best, last_before_deadline, got"),
        ({"max_attempts": 0}, "max_attempts: expected an integer >= 1, got 0"),
        ({"max_attempts": "5"}, "max_attempts: expected an integer >= 1, got '5'"),
        ({"max_attempts": 2.5}, "max_attempts: expected an integer >= 1, got 2.5"),
        ({"max_attempts": True}, "max_attempts: expected an integer >= 1, got True"),
        ({"late": 5}, "late: expected a table, got 5"),
        ({"late": {"penalty": "half"}}, "late.penalty: expected one of none, zero, linear, fun"),
        ({"late": {"percent": 5}}, "late.percent: only used with penalty = linear, not none"),
        ({"late": {"penalty": "linear"}}, "late.percent: required with penalty = linear"),
        ({"late": {"penalty": "linear", "percent": "ten"}}, "late.percent: expected a number >="),
        ({"late": {"penalty": "linear", "percent": 5, "cap": 101}}, "late.cap: expected a percen"),
        ({"late": {"penalty": "linear", "percent": 5, "whole_units": "yes"}}, "late.whole_units:"),
        ({"late": {"penalty": "zero", "colour": 1}}, "late.colour: unknown field (expected one"),
        ({"late": {"penalty": "function"}}, "late.function: expected 'module:function', got None"),
        ({"late": {"penalty": "function", "function": "os:nope"}}, "late.function: cannot import"),
        ({"late": {"penalty": "function", "function": "os:sep"}}, "late.function: 'os:sep' is not"),
        ({"extensions": {"bob": "2 days"}}, "extensions.bob: expected a due date such as 2025-"),
        ({"extensions": {"bob": "2d"}}, "extensions.bob: extra time needs the assignment's due"),
        ({"extensions": {"bob": "2025-03-03T10:00"}}, "extensions.bob: no UTC offset"),
    ],
)
def test_a_bad_policy_is_one_line_naming_the_source_and_field(
    data: dict[str, object], message: str
) -> None:
    with pytest.raises(PolicyError) as caught:
        policy_from_dict(data, source="policy.toml")
    text = str(caught.value)
    assert text.startswith(f"policy.toml: {message}") and "\n" not in text, text


def test_an_unreadable_policy_file_is_one_line_naming_the_path(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match=r"policy.toml: no such policy file$"):
        load_policy(tmp_path / "policy.toml")
    (tmp_path / "policy.toml").write_text("due = \n")
    with pytest.raises(PolicyError) as caught:
        load_policy(tmp_path / "policy.toml")
    assert "policy.toml: not valid TOML (" in str(caught.value)
    assert "\n" not in str(caught.value)
