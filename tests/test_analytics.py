"""Grading analytics: every figure on small classes computed by hand, the message normaliser's
rules, the edge cases (no attempts, one student, equal scores) and the histograms' SVG/PNG."""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from autograder.checks.base import Status
from autograder.grading.analytics import (
    AttemptRecord,
    Histogram,
    assignment_analytics,
    group_messages,
    histogram,
    normalise_message,
    pearson,
)
from autograder.grading.analytics_plots import (
    histogram_png,
    histogram_svg,
    histogram_svg_of,
)
from autograder.grading.penalties import PolicyError
from autograder.grading.results import CheckResult, QuestionResult, SubmissionResult

RELEASE = datetime(2025, 3, 1, 9, tzinfo=UTC)
P: Status = "passed"
F: Status = "failed"
E: Status = "error"
G: Status = "grader_error"

# --- building records ---------------------------------------------------------------------------

# question id -> (title, points, [(check name, weight, hidden)])
LAYOUT = {
    "q1": ("One", 2.0, [("a", 1.0, False), ("b", 1.0, False)]),
    "q2": ("Two", 3.0, [("c", 1.0, True), ("d", 2.0, False)]),
}


def record(student: str, outcomes: dict[str, tuple[Status, str] | Status]) -> SubmissionResult:
    """A graded record on LAYOUT: per check name its status (and message)."""
    questions = []
    for qid, (title, points, checks) in LAYOUT.items():
        results = []
        for name, weight, hidden in checks:
            got = outcomes[name]
            status, message = got if isinstance(got, tuple) else (got, "")
            results.append(CheckResult(qid, name, "value", status, weight, hidden, message))
        questions.append(QuestionResult(qid, title, points, tuple(results)))
    return SubmissionResult("hw", student, tuple(questions))


def at(hours: float) -> datetime:
    return RELEASE + timedelta(hours=hours)


def _class() -> tuple[list[AttemptRecord], dict[str, SubmissionResult]]:
    """Four students, eight attempts; the counted one is each student's latest. Totals of the
    counted: ann 5, bob 3, cat 1, dan 2 (dan had full marks before, at +4 h)."""
    ann0 = record("ann", {"a": P, "b": (F, "b: expected 2, got 3"), "c": (F, "x"), "d": P})
    ann1 = record("ann", {"a": P, "b": P, "c": P, "d": P})
    bob = record("bob", {"a": P, "b": (F, "b: expected 2, got 7"), "c": F, "d": P})
    cat0 = record("cat", {"a": F, "b": G, "c": P, "d": (F, "d() returned 0.5; expected 1.25.")})
    cat1 = record("cat", {"a": F, "b": F, "c": P, "d": (F, "d() returned 2; expected 1.25.")})
    cat2 = record("cat", {"a": F, "b": F, "c": P, "d": (F, "d() returned 'x'; expected 1.25.")})
    dan0 = record("dan", {"a": P, "b": P, "c": P, "d": P})
    dan1 = record("dan", {"a": P, "b": P, "c": F, "d": (E, "d() raised KeyError: 'w'")})
    attempts = [
        AttemptRecord("ann", at(1), ann0),
        AttemptRecord("ann", at(3), ann1),
        AttemptRecord("bob", at(2), bob),
        AttemptRecord("cat", at(1.5), cat0),
        AttemptRecord("cat", at(5), cat1),
        AttemptRecord("cat", at(10), cat2),
        AttemptRecord("dan", at(4), dan0),
        AttemptRecord("dan", at(6), dan1),
    ]
    counted = {"ann": ann1, "bob": bob, "cat": cat2, "dan": dan1}
    return attempts, counted


def scored(student: str, scores: dict[str, tuple[int, int]]) -> SubmissionResult:
    """A record whose question q scores ``passed`` of ``n`` one-point checks (points = n)."""
    questions = []
    for qid, (passed, n) in scores.items():
        checks = tuple(
            CheckResult(qid, f"{qid}.{i}", "value", P if i < passed else F, 1.0, False)
            for i in range(n)
        )
        questions.append(QuestionResult(qid, qid.upper(), float(n), checks))
    return SubmissionResult("hw", student, tuple(questions))


def counted_only(records: dict[str, SubmissionResult]) -> list[AttemptRecord]:
    return [AttemptRecord(s, at(i), r) for i, (s, r) in enumerate(records.items())]


# --- the class, figure by figure -----------------------------------------------------------------


def test_the_counted_scores_give_the_class_figures_and_histogram() -> None:
    attempts, counted = _class()
    result = assignment_analytics(attempts, counted, RELEASE, bins=5)
    assert result.assignment == "hw"
    assert result.students == 4
    assert result.max_score == 5.0
    assert result.mean == pytest.approx(11 / 4)
    assert result.median == pytest.approx(2.5)
    assert result.max == 5.0
    assert result.histogram == Histogram((0.0, 1.0, 2.0, 3.0, 4.0, 5.0), (0, 1, 1, 1, 1))


def test_each_question_has_its_mean_shares_and_histogram() -> None:
    attempts, counted = _class()
    q1, q2 = assignment_analytics(attempts, counted, bins=2).questions
    assert (q1.id, q1.title, q1.points) == ("q1", "One", 2.0)
    # q1 of ann, bob, cat, dan: 2, 1, 0, 2; q2: 3, 2, 1, 0
    assert q1.mean == pytest.approx(1.25)
    assert (q1.full_share, q1.zero_share) == (0.5, 0.25)
    assert q2.mean == pytest.approx(1.5)
    assert (q2.full_share, q2.zero_share) == (0.25, 0.25)
    assert q1.histogram.counts == (1, 3)  # [0, 1): 0; [1, 2]: 1, 2, 2
    assert q2.histogram.counts == (2, 2)  # [0, 1.5): 0, 1; [1.5, 3]: 2, 3


def test_discrimination_is_the_correlation_with_the_rest_score() -> None:
    attempts, counted = _class()
    q1, q2 = assignment_analytics(attempts, counted).questions
    q1_scores, q2_scores = [2, 1, 0, 2], [3, 2, 1, 0]
    # with two questions the rest score of one is the other's score
    assert q1.discrimination == pytest.approx(np.corrcoef(q1_scores, q2_scores)[0, 1])
    assert q1.discrimination == pytest.approx(0.5 / np.sqrt(2.75 * 5))  # by hand
    assert q2.discrimination == pytest.approx(q1.discrimination)


def test_discrimination_leaves_the_question_out_of_the_total() -> None:
    rng = random.Random(3)
    records = {
        f"s{i}": scored(f"s{i}", {q: (rng.randint(0, 4), 4) for q in ("q1", "q2", "q3")})
        for i in range(30)
    }
    result = assignment_analytics(counted_only(records), records)
    matrix = np.array(
        [[q.score for q in records[s].questions] for s in sorted(records)], dtype=float
    )
    for j, question in enumerate(result.questions):
        rest = matrix.sum(axis=1) - matrix[:, j]
        assert question.discrimination == pytest.approx(np.corrcoef(matrix[:, j], rest)[0, 1])
        total = matrix.sum(axis=1)  # the uncorrected item-total correlation is another figure
        assert question.discrimination != pytest.approx(np.corrcoef(matrix[:, j], total)[0, 1])


def test_quintile_means_follow_the_ranking_by_total() -> None:
    q1 = [0, 1, 1, 2, 2, 3, 3, 4, 4, 4]
    q2 = [0, 0, 1, 0, 1, 0, 1, 0, 1, 1]  # totals 0 1 2 2 3 3 4 4 5 5; ties in one fifth
    names = [f"s{(7 * i) % 10}" for i in range(10)]  # name order is not rank order
    records = {n: scored(n, {"q1": (q1[i], 4), "q2": (q2[i], 1)}) for i, n in enumerate(names)}
    first, second = assignment_analytics(counted_only(records), records).questions
    assert first.quintile_means == pytest.approx((0.5, 1.5, 2.5, 3.5, 4.0))
    assert second.quintile_means == pytest.approx((0.0, 0.5, 0.5, 0.5, 1.0))


def test_quintiles_rank_ties_by_name_and_need_five_students() -> None:
    # every total is 1: the ranking is by name, one student per fifth
    splits = {"e": (1, 0), "a": (0, 1), "d": (1, 0), "b": (0, 1), "c": (1, 0)}
    records = {s: scored(s, {"q1": (x, 1), "q2": (y, 1)}) for s, (x, y) in splits.items()}
    q1, _ = assignment_analytics(counted_only(records), records).questions
    assert q1.quintile_means == (0.0, 0.0, 1.0, 1.0, 1.0)  # a, b, c, d, e
    del records["e"]
    q1, _ = assignment_analytics(counted_only(records), records).questions
    assert q1.quintile_means == ()


def test_checks_have_pass_and_error_rates_and_grouped_messages() -> None:
    attempts, counted = _class()
    result = assignment_analytics(attempts, counted, top_messages=2)
    checks = {c.name: c for c in result.checks}
    assert [c.name for c in result.checks] == ["a", "b", "c", "d"]
    assert [c.question for c in result.checks] == ["q1", "q1", "q2", "q2"]
    assert [c.hidden for c in result.checks] == [False, False, True, False]
    # counted: a passes for ann, bob, dan; d passes for ann, bob, fails for cat, errs for dan
    assert (checks["a"].pass_rate, checks["a"].error_rate) == (0.75, 0.0)
    assert (checks["d"].pass_rate, checks["d"].error_rate) == (0.5, 0.25)
    # all eight attempts: d passed in ann's two, bob's, dan's first
    assert checks["d"].attempt_pass_rate == 0.5
    assert checks["b"].grader_errors == 1
    assert checks["a"].grader_errors == 0
    failures = checks["d"].failures
    assert [(g.pattern, g.count) for g in failures] == [
        ("d() returned <num>; expected <num>.", 2),
        ("d() raised KeyError: <name>", 1),  # at +6 h, before cat's 'x' at +10 h
    ]
    assert failures[0].example == "d() returned 0.5; expected 1.25."  # the first, as it was
    assert [(g.pattern, g.count) for g in checks["b"].failures] == [
        ("b: expected <num>, got <num>", 2)
    ]
    assert checks["a"].failures == ()  # failed without a message: nothing to group


def test_attempts_per_student() -> None:
    attempts, counted = _class()
    summary = assignment_analytics(attempts, counted).attempts
    assert summary.distribution == {1: 1, 2: 2, 3: 1}  # bob; ann, dan; cat
    assert summary.mean == 2.0


def test_time_to_first_full_marks() -> None:
    attempts, counted = _class()
    timing = assignment_analytics(attempts, counted, RELEASE).time_to_full_marks
    # ann: first at +1 h, full at +3 h; dan: full at his first, +4 h; bob and cat never
    assert (timing.students, timing.reached, timing.share) == (4, 2, 0.5)
    assert timing.median_from_first == timedelta(hours=1)
    assert timing.p90_from_first == timedelta(hours=1.8)
    assert timing.median_from_release == timedelta(hours=3.5)
    assert timing.p90_from_release == timedelta(hours=3.9)
    without = assignment_analytics(attempts, counted).time_to_full_marks
    assert without.median_from_release is None and without.p90_from_release is None
    assert without.median_from_first == timedelta(hours=1)


def test_the_order_of_the_attempts_does_not_matter() -> None:
    attempts, counted = _class()
    shuffled = random.Random(7).sample(attempts, len(attempts))
    assert assignment_analytics(shuffled, counted, RELEASE) == assignment_analytics(
        attempts, counted, RELEASE
    )


def test_checks_listed_in_another_order_are_matched_by_name() -> None:
    attempts, counted = _class()
    ann = counted["ann"]
    q1 = ann.questions[0]
    swapped = QuestionResult(q1.id, q1.title, q1.points, q1.checks[::-1])
    counted["ann"] = SubmissionResult("hw", "ann", (swapped, ann.questions[1]))
    attempts[1] = AttemptRecord("ann", at(3), counted["ann"])
    checks = {c.name: c for c in assignment_analytics(attempts, counted).checks}
    assert checks["a"].pass_rate == 0.75
    assert checks["b"].pass_rate == 0.5


def test_the_scores_are_those_of_the_records_to_the_last_bit() -> None:
    rng = random.Random(5)
    records: dict[str, SubmissionResult] = {}
    for i in range(300):  # awkward weights and points: any other summation shows in the floats
        questions = []
        for qid in ("q1", "q2", "q3"):
            checks = tuple(
                CheckResult(
                    qid, f"c{j}", "value", rng.choice([P, F]), rng.choice([0.1, 0.7, 1 / 3]), False
                )
                for j in range(rng.randint(1, 6))
            )
            questions.append(QuestionResult(qid, qid, rng.choice([1.0, 2.5, 10 / 3]), checks))
        records[f"s{i:03d}"] = SubmissionResult("hw", f"s{i:03d}", tuple(questions))
    result = assignment_analytics(counted_only(records), records, bins=300)
    ordered = [records[s] for s in sorted(records)]
    assert result.max == max(r.score for r in ordered)
    assert result.median == np.median([r.score for r in ordered])
    for j, question in enumerate(result.questions):
        assert question.mean == np.mean([r.questions[j].score for r in ordered])
    full = sum(r.score >= r.max_score for r in ordered)
    assert result.time_to_full_marks.reached == full


def test_counted_records_need_not_be_among_the_attempts() -> None:
    attempts, counted = _class()
    alone = record("eve", {"a": P, "b": P, "c": P, "d": (F, "d() returned 9; expected 1.25.")})
    result = assignment_analytics(attempts, {**counted, "eve": alone})
    checks = {c.name: c for c in result.checks}
    assert result.students == 5
    assert checks["a"].pass_rate == 4 / 5
    assert checks["d"].pass_rate == 2 / 5
    assert checks["d"].attempt_pass_rate == 0.5  # eve made no attempt: the same as without her
    assert checks["d"].failures[0].count == 2
    assert result.attempts.distribution == {1: 1, 2: 2, 3: 1}


# --- edge cases ---------------------------------------------------------------------------------


def test_no_attempts_gives_empty_figures() -> None:
    result = assignment_analytics([], {}, RELEASE)
    assert result.students == 0
    assert (result.mean, result.median, result.max) == (None, None, None)
    assert result.histogram.counts == (0,) * 10
    assert result.questions == () and result.checks == ()
    assert result.attempts.distribution == {} and result.attempts.mean is None
    timing = result.time_to_full_marks
    assert (timing.students, timing.reached, timing.share) == (0, 0, None)
    assert timing.median_from_first is None and timing.p90_from_release is None


def test_one_student() -> None:
    records = {"ann": scored("ann", {"q1": (1, 2), "q2": (3, 3)})}
    result = assignment_analytics(counted_only(records), records)
    assert (result.students, result.mean, result.median, result.max) == (1, 4.0, 4.0, 4.0)
    q1, q2 = result.questions
    assert q1.discrimination is None and q2.discrimination is None
    assert q1.quintile_means == ()
    assert (q1.mean, q1.full_share, q1.zero_share) == (1.0, 0.0, 0.0)
    assert result.time_to_full_marks.share == 0.0


def test_equal_scores_have_no_discrimination() -> None:
    records = {s: scored(s, {"q1": (1, 2), "q2": (i % 2, 1)}) for i, s in enumerate("abcdef")}
    q1, q2 = assignment_analytics(counted_only(records), records).questions
    assert q1.discrimination is None  # everyone scored 1 on q1
    assert q2.discrimination is None  # q2 varies, but its rest (q1) does not
    single = {s: scored(s, {"q1": (i % 3, 2)}) for i, s in enumerate("abcdef")}
    (only,) = assignment_analytics(counted_only(single), single).questions
    assert only.discrimination is None  # one question: the rest is 0 for all


def test_a_question_missing_from_a_record_scores_zero() -> None:
    records = {
        "a": scored("a", {"q1": (2, 2), "q2": (1, 1)}),
        "b": scored("b", {"q1": (1, 2)}),
    }
    _, q2 = assignment_analytics(counted_only(records), records).questions
    assert (q2.mean, q2.zero_share) == (0.5, 0.5)


def test_naive_times_are_refused() -> None:
    naive = datetime(2025, 3, 1, 9)
    with pytest.raises(PolicyError, match="attempt of ann: submitted_at"):
        AttemptRecord("ann", naive, scored("ann", {"q1": (1, 1)}))
    with pytest.raises(PolicyError, match="released_at"):
        assignment_analytics([], {}, naive)


# --- the normaliser -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "normalised"),
    [
        # rule 2: numbers, any form, become <num>
        ("expected 0.5, got 0.4731", "expected <num>, got <num>"),
        ("expected 1.5, got 2", "expected <num>, got <num>"),
        ("got -1e-05 at 0x7f3a; expected +3.", "got <num> at <num>; expected <num>."),
        ("off by .25", "off by <num>"),
        ("shape (3, -1) at x-1", "shape (<nums>) at x-<num>"),
        # ... but not inside words, versions, nan or inf
        ("float32 at q3 in v1.2.3 gave nan, not inf", "float32 at q3 in v1.2.3 gave nan, not inf"),
        ("version 1.2.3 is old", "version 1.2.3 is old"),
        # rule 1: quoted tokens become <name>; apostrophes of English do not
        ("KeyError: 'alpha'", "KeyError: <name>"),
        ('missing key "beta" and `gamma`', "missing key <name> and <name>"),
        ("the student's answer doesn't match", "the student's answer doesn't match"),
        ("KeyError: 'k12'", "KeyError: <name>"),
        # rule 3: runs of numbers (arrays, shapes) become one <nums>
        ("expected shape (3, 4), got shape (3,)", "expected shape (<nums>), got shape (<num>,)"),
        ("returned [0.1 0.2\n 0.3]", "returned [<nums>]"),
        ("returned [1. 2. 3.]; expected 3.", "returned [<nums>]; expected <num>."),
        # rule 4: white space
        ("  two\n\nlines \t here ", "two lines here"),
    ],
)
def test_normaliser_rules(message: str, normalised: str) -> None:
    assert normalise_message(message) == normalised


def test_group_messages_counts_orders_and_keeps_the_first_example() -> None:
    messages = [
        "KeyError: 'a'",
        "expected 0.5, got 0.4731",
        "expected 1.5, got 2",
        "KeyError: 'b'",
        "timed out",
        "expected 3, got 4",
    ]
    groups = group_messages(messages, top=2)
    assert [(g.pattern, g.count, g.example) for g in groups] == [
        ("expected <num>, got <num>", 3, "expected 0.5, got 0.4731"),
        ("KeyError: <name>", 2, "KeyError: 'a'"),
    ]
    assert [g.pattern for g in group_messages(["b 1", "a", "b 2", "a"])] == ["b <num>", "a"]
    assert group_messages([]) == ()


# --- numbers ------------------------------------------------------------------------------------


def test_histogram_bins_include_the_maximum_and_clip_outliers() -> None:
    h = histogram([0, 0.5, 1, 4, 4, 5, 7, -1], 5, bins=5)
    assert h.edges == (0.0, 1.0, 2.0, 3.0, 4.0, 5.0)
    assert h.counts == (3, 1, 0, 0, 4)  # -1 in the first bin; 5 and 7 in the last
    assert histogram([0, 0], 0, bins=2).counts == (2, 0)  # nothing to score: drawn over [0, 1]
    with pytest.raises(ValueError, match="bins must be at least 1"):
        histogram([1], 5, bins=0)


def test_pearson_matches_numpy_and_is_none_when_undefined() -> None:
    x, y = [1.0, 2.0, 4.0, 3.0], [2.0, 1.0, 5.0, 4.0]
    assert pearson(x, y) == pytest.approx(np.corrcoef(x, y)[0, 1])
    assert pearson([1, 1, 1], [1, 2, 3]) is None
    assert pearson([1], [2]) is None
    assert pearson([], []) is None


# --- figures ------------------------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"
NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


def test_svg_is_well_formed_and_titled() -> None:
    svg = histogram_svg([1, 2, 2, 3.5, 5], 5, bins=5, title="Q1 <scores> & more")
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    title = root[0]
    assert title.tag == f"{SVG}title"
    assert title.text == "Q1 <scores> & more: 5 students in 5 bins from 0 to 5"
    assert root.get("role") == "img" and root.get("aria-labelledby") == title.get("id")
    # Matplotlib's style sheet is kept to this figure: inline, it would style the whole page
    style = root.find(f"{SVG}defs/{SVG}style")
    assert style is not None and style.text is not None
    assert style.text.startswith(f"#{root.get('id')} *{{")


def test_svg_fetches_nothing() -> None:
    svg = histogram_svg([0.2, 0.4, 0.9], 1, title="Q2")
    root = ET.fromstring(svg)
    for element in root.iter():
        assert not element.tag.endswith(("image", "script", "foreignObject")), element.tag
        for attribute, value in element.attrib.items():
            if attribute.endswith("href"):
                assert value.startswith("#"), (attribute, value)
    # the only URLs are the namespace names declared on the root; no font, no @import
    declared = set(re.findall(r'xmlns(?::\w+)?="([^"]+)"', svg))
    assert declared == NAMESPACES
    urls = set(re.findall(r"https?://[^\s\"')]+", svg))
    assert urls <= NAMESPACES
    assert "@import" not in svg and "@font-face" not in svg and "<text" not in svg


def test_figures_on_one_page_have_ids_of_their_own() -> None:
    first = histogram_svg([1, 2], 5, title="A")
    second = histogram_svg([3, 4], 5, title="B")
    ids = [set(re.findall(r'\bid="([^"]+)"', s)) for s in (first, second)]
    assert ids[0] and ids[1] and not ids[0] & ids[1]
    for svg in (first, second):  # every reference inside points into the same figure
        defined = set(re.findall(r'\bid="([^"]+)"', svg))
        assert set(re.findall(r'(?:url\(#|href="#)([^")]+)', svg)) <= defined


def test_svg_of_a_binned_histogram_is_the_same_figure() -> None:
    values, title = [1.0, 2.0, 2.5], "Total"
    assert histogram_svg_of(histogram(values, 5), title=title) == histogram_svg(
        values, 5, title=title
    )


def test_png_is_a_png_and_no_pyplot_figure_is_left() -> None:
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    png = histogram_png([1, 2, 3], 3, title="Q3")
    histogram_svg([1, 2, 3], 3, title="Q3")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert plt.get_fignums() == before
