"""Grading analytics of one assignment: scores, questions, checks, attempts and time to full marks.

For INSTRUCTORS ONLY. The per-check failure messages (their examples in particular) are the
messages of every check, hidden checks included, and a hidden check's message may name the
expected value or the input it was called with: never show these figures to students, nor any
page built from them. ``CheckAnalytics.hidden`` says which checks are hidden.

Pure: graded records come in (every attempt, and per student the attempt that counts, which the
caller picks with the grading policy, :mod:`autograder.grading.policies`), frozen records come
out; nothing here reads storage or draws. The figures are in
:mod:`autograder.grading.analytics_plots`.

Populations: score, question and ``pass_rate``/``error_rate`` figures are over the COUNTED
attempts (one per student); ``attempt_pass_rate``, failure messages, grader errors, attempts per
student and time to full marks are over ALL attempts. Full marks are judged on the raw score of a
record (before overrides and late penalties), within 1e-9.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from itertools import accumulate, chain, compress, repeat
from operator import attrgetter
from typing import TypeVar

import numpy as np

from autograder.grading.policies import require_aware
from autograder.grading.results import CheckResult, SubmissionResult

EPS = 1e-9
T = TypeVar("T")
Numbers = Sequence[float] | np.ndarray
QUINTILES = 5


@dataclass(frozen=True)
class AttemptRecord:
    """One graded attempt of one student and when it was submitted (aware datetime)."""

    student: str
    submitted_at: datetime
    result: SubmissionResult

    def __post_init__(self) -> None:
        require_aware(self.submitted_at, f"attempt of {self.student}: submitted_at")


@dataclass(frozen=True)
class Histogram:
    """Counts of values in ``len(counts)`` equal bins; ``edges`` has one more entry."""

    edges: tuple[float, ...]
    counts: tuple[int, ...]


@dataclass(frozen=True)
class QuestionAnalytics:
    """One question over the counted attempts. Shares are in [0, 1]; None: no students.

    ``discrimination`` is the corrected item-total correlation: the Pearson correlation of the
    question's score with the total of the OTHER questions, over students. It is None when
    undefined: fewer than 2 students, or either series has zero variance (everyone scored the
    same on the question, or on the rest; always so for a one-question assignment).
    ``quintile_means`` are the question's mean score in each fifth of the class ranked by total,
    lowest fifth first (ties ranked by student name, so a tie can straddle two fifths); with
    fewer than 5 students there are no fifths and it is empty."""

    id: str
    title: str
    points: float
    mean: float | None
    full_share: float | None
    zero_share: float | None
    discrimination: float | None
    quintile_means: tuple[float, ...]
    histogram: Histogram


@dataclass(frozen=True)
class MessageGroup:
    """Failure messages that are equal once normalised (:func:`normalise_message`): the pattern,
    how many attempts showed one of them, and the first one seen, as it was."""

    pattern: str
    count: int
    example: str


@dataclass(frozen=True)
class CheckAnalytics:
    """One check. ``pass_rate``/``error_rate``: shares of the counted attempts that ran it
    (None when none did); ``attempt_pass_rate``: share of all attempts that ran it; ``failures``:
    the most common messages of failed or errored runs over all attempts, grouped by
    :func:`normalise_message`, most common first (ties: the one first seen, attempts taken in
    order of submission). ``hidden`` is as the first record seen says."""

    question: str
    name: str
    hidden: bool
    pass_rate: float | None
    error_rate: float | None
    attempt_pass_rate: float | None
    grader_errors: int
    failures: tuple[MessageGroup, ...]


@dataclass(frozen=True)
class AttemptsSummary:
    """How many attempts students made: ``distribution[k]`` students made k; ``mean`` per
    student (None: no attempts)."""

    distribution: Mapping[int, int]
    mean: float | None


@dataclass(frozen=True)
class TimeToFullMarks:
    """Time to each student's first attempt at full marks, from their own first attempt and
    (when the release time is given) from the release; median and 90th percentile (linear
    interpolation, NumPy's default) over the students who reached full marks (times from the
    release are not clamped: full marks before the release count as negative). ``share`` is
    ``reached / students``, students being those with at least one attempt."""

    students: int
    reached: int
    share: float | None
    median_from_first: timedelta | None
    p90_from_first: timedelta | None
    median_from_release: timedelta | None
    p90_from_release: timedelta | None


@dataclass(frozen=True)
class AssignmentAnalytics:
    """Everything about one assignment; score figures are None when no student counts."""

    assignment: str
    students: int
    max_score: float
    mean: float | None
    median: float | None
    max: float | None
    histogram: Histogram
    questions: tuple[QuestionAnalytics, ...]
    checks: tuple[CheckAnalytics, ...]
    attempts: AttemptsSummary
    time_to_full_marks: TimeToFullMarks


# --- failure messages ---------------------------------------------------------------------------

_QUOTED = re.compile(r"""'[^'\s]*'|"[^"\s]*"|`[^`\s]*`""")
_NUMBER = re.compile(  # led by a digit or point so that the search skips other text quickly
    r"[\d.](?<![\w.][\d.])"  # a digit or point with no word or point glued before it
    r"(?:(?<=0)[xX][0-9a-fA-F]+"  # hexadecimal
    r"|(?<=\d)\d*(?:\.\d+|\.(?!$))?"  # 12, 1.5, NumPy's 3. (not a full stop at the end)
    r"|(?<=\.)\d+)"  # .25
    r"(?:[eE][-+]?\d+)?(?!\w|\.\d)"  # an exponent; no word or decimals glued after
)
_SIGN = re.compile(r"(?<![\w.)\]])[-+](?=<num>)")
_NUMBERS = re.compile(r"<num>(?:[,;\s]+<num>)+")


@lru_cache(maxsize=1 << 15)  # a class's distinct messages, kept between page views
def normalise_message(message: str) -> str:
    """A failure message with what varies between students replaced, so that equal mistakes
    group together. The rules, in order:

    1. a quoted token without spaces ('w', "key", `x`) becomes ``<name>``;
    2. a number (signed, decimal, exponent, hexadecimal) not glued to a word becomes ``<num>``
       (``float32``, ``q3`` and ``1.2.3`` are kept; ``nan`` and ``inf`` are kept: they are
       distinct mistakes; a full stop that ends the message is not part of a number, NumPy's
       ``3.`` elsewhere is);
    3. two or more ``<num>`` separated only by commas, semicolons or spaces (an array, a shape)
       become one ``<nums>``;
    4. runs of white space become one space, and the ends are stripped.
    """
    text = _QUOTED.sub("<name>", message) if _has_quote(message) else message
    text = _NUMBER.sub("<num>", text)
    if "-<num>" in text or "+<num>" in text:
        text = _SIGN.sub("", text)
    if text.count("<num>") > 1:
        text = _NUMBERS.sub("<nums>", text)
    return " ".join(text.split())


def _has_quote(text: str) -> bool:
    return "'" in text or '"' in text or "`" in text


def group_messages(messages: Iterable[str], top: int = 5) -> tuple[MessageGroup, ...]:
    """The ``top`` most common normalised messages (ties: first seen first), each with its count
    and its first original message."""
    return _group(Counter(messages), top)


def _group(messages: Mapping[str, int], top: int) -> tuple[MessageGroup, ...]:
    """:func:`group_messages` of distinct messages with their counts, in order of first sight."""
    counts: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for message, n in messages.items():
        pattern = normalise_message(message)
        counts[pattern] += n
        if pattern not in examples:
            examples[pattern] = message
    return tuple(MessageGroup(p, n, examples[p]) for p, n in counts.most_common(top))


# --- numbers ------------------------------------------------------------------------------------


def histogram(values: Numbers, max_value: float, *, bins: int = 10) -> Histogram:
    """Counts in ``bins`` equal bins over [0, max_value] (max_value included in the last bin;
    values outside are counted in the end bins; max_value <= 0 draws over [0, 1])."""
    if bins < 1:
        raise ValueError(f"histogram: bins must be at least 1, got {bins}")
    top = float(max_value) if max_value > 0 else 1.0
    clipped = np.clip(np.asarray(values, dtype=float), 0.0, top)
    counts, edges = np.histogram(clipped, bins=bins, range=(0.0, top))
    return Histogram(tuple(float(e) for e in edges), tuple(int(c) for c in counts))


def pearson(x: Numbers, y: Numbers) -> float | None:
    """Pearson's correlation; None when undefined (fewer than 2 pairs, or a constant series)."""
    a, b = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(a) < 2 or np.ptp(a) == 0 or np.ptp(b) == 0:
        return None
    da, db = a - a.mean(), b - b.mean()
    r = float(da @ db / np.sqrt((da @ da) * (db @ db)))
    return max(-1.0, min(1.0, r))


def _percentile(seconds: list[float], q: float) -> timedelta | None:
    return timedelta(seconds=float(np.percentile(seconds, q))) if seconds else None


def _share(part: int | float, whole: int) -> float | None:
    return part / whole if whole else None


# --- the analytics ------------------------------------------------------------------------------


def _question_analytics(
    meta: tuple[str, str, float],
    scores: np.ndarray,
    totals: np.ndarray,
    order: np.ndarray,
    bins: int,
) -> QuestionAnalytics:
    qid, title, points = meta
    n = len(scores)
    quintiles: tuple[float, ...] = ()
    if n >= QUINTILES:
        groups = (np.arange(n) * QUINTILES) // n  # rank -> fifth, lowest first
        ranked = scores[order]
        quintiles = tuple(float(ranked[groups == g].mean()) for g in range(QUINTILES))
    rest = np.round(totals - scores, 9)  # float noise must not make a constant rest vary
    return QuestionAnalytics(
        id=qid,
        title=title,
        points=points,
        mean=float(scores.mean()) if n else None,
        full_share=_share(int(np.sum(scores >= points - EPS)), n),
        zero_share=_share(int(np.sum(scores <= EPS)), n),
        discrimination=pearson(scores, rest),
        quintile_means=quintiles,
        histogram=histogram(scores, points, bins=bins),
    )


_FAILING = frozenset({"failed", "error"})


@dataclass
class _CheckTally:
    """Counts of one check's statuses over the counted attempts and over all attempts, and the
    messages of its failed or errored runs over all attempts (each with how often it came)."""

    hidden: bool
    final: list[int] = field(default_factory=lambda: [0, 0, 0])  # runs, passed, errors
    every: list[int] = field(default_factory=lambda: [0, 0, 0])  # runs, passed, grader errors
    messages: Counter[str] = field(default_factory=Counter)

    def count(self, statuses: list[str], final: bool) -> None:
        """Add runs with these statuses (list.count: no hashing, C speed)."""
        into, third = (self.final, "error") if final else (self.every, "grader_error")
        into[0] += len(statuses)
        into[1] += statuses.count("passed")
        into[2] += statuses.count(third)

    def analytics(self, key: tuple[str, str], top: int) -> CheckAnalytics:
        (n_final, passed, errors), (n_every, passed_every, grader) = self.final, self.every
        return CheckAnalytics(
            question=key[0],
            name=key[1],
            hidden=self.hidden,
            pass_rate=_share(passed, n_final),
            error_rate=_share(errors, n_final),
            attempt_pass_rate=_share(passed_every, n_every),
            grader_errors=grader,
            failures=_group(self.messages, top),
        )


Row = tuple[int, float, tuple[CheckResult, ...]]
"""One record's results for one question: the record's ``id``, the question's points, checks."""


@dataclass
class _Walk:
    """What one pass over the records finds: every question (id -> id, title, points) and every
    check (question id, name) in order of first appearance; per question each record's score
    (records by ``id``), and per record its score and whether it has full marks."""

    questions: dict[str, tuple[str, str, float]] = field(default_factory=dict)
    checks: dict[tuple[str, str], _CheckTally] = field(default_factory=dict)
    scores: dict[str, dict[int, float]] = field(default_factory=dict)  # question -> record -> score
    totals: dict[int, float] = field(default_factory=dict)
    full: dict[int, bool] = field(default_factory=dict)

    def tally(self, qid: str, rows: Sequence[Row], final: set[int], every: bool) -> None:
        """Score one question in each row's record and count its checks: into ``final`` for the
        rows of counted records (``final``: their ids; each counted once) and, when ``every``,
        into ``every`` with the messages. The analytics' inner loop: each field is read once, row
        by row at C speed (map, in memory order), then sliced per check."""
        flat = list(chain.from_iterable(checks for _, _, checks in rows))
        statuses = list(map(_STATUS, flat))
        self._score(qid, rows, statuses, flat)
        counted = []
        for rid, _, checks in rows:
            counted.append(repeat(rid in final, len(checks)))
            final.discard(rid)
        in_final = list(chain.from_iterable(counted))
        names = list(map(_NAME, flat))
        for name, where in _layout(names, len(rows[0][2]) if rows else 0):
            own = _pick(statuses, where)
            tally = self.checks.get((qid, name))
            if tally is None:
                first = _pick(flat, where)[0]
                tally = self.checks[(qid, name)] = _CheckTally(first.hidden)
            tally.count(list(compress(own, _pick(in_final, where))), final=True)
            if every:
                tally.count(own, final=False)
                failing = compress(_pick(flat, where), map(_FAILING.__contains__, own))
                tally.messages.update(map(_MESSAGE, failing))
                tally.messages.pop("", None)

    def _score(
        self, qid: str, rows: Sequence[Row], statuses: list[str], flat: list[CheckResult]
    ) -> None:
        """Each row's score of the question, by ``QuestionResult.score``'s formula (the same
        sums in the same order, so the same float; tested), its sums at C speed."""
        weights = list(map(_WEIGHT, flat))
        passed = list(map("passed".__eq__, statuses))
        ends = list(accumulate(len(checks) for _, _, checks in rows))
        spans = list(map(slice, chain((0,), ends), ends))
        totals = map(sum, map(weights.__getitem__, spans))
        gains = map(
            sum, map(compress, map(weights.__getitem__, spans), map(passed.__getitem__, spans))
        )
        scores = [
            round(points * gained / total, 4) if total else 0.0
            for (_, points, _), gained, total in zip(rows, gains, totals, strict=True)
        ]
        rids = (rid for rid, _, _ in rows)
        self.scores.setdefault(qid, {}).update(zip(rids, scores, strict=True))


_STATUS, _MESSAGE, _NAME = attrgetter("status"), attrgetter("message"), attrgetter("name")
_WEIGHT = attrgetter("weight")


def _layout(names: list[str], width: int) -> list[tuple[str, slice | list[int]]]:
    """Where each check's results are in the flattened rows, in order of first appearance: a
    stride when every row lists the same checks in the same order (the usual case), else the
    positions one by one."""
    template = names[:width]
    if width and len(set(template)) == width and names == template * (len(names) // width):
        return [(name, slice(j, None, width)) for j, name in enumerate(template)]
    positions: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        positions.setdefault(name, []).append(i)
    return list(positions.items())


def _pick(values: list[T], where: slice | list[int]) -> list[T]:
    return values[where] if isinstance(where, slice) else [values[i] for i in where]


def _walk(attempts: Sequence[SubmissionResult], counted: Sequence[SubmissionResult]) -> _Walk:
    """Every record's scores (as ``SubmissionResult.score`` sums them) and the checks' tallies:
    one pass over the attempts in the order given (first sight decides the order of questions,
    checks and messages), then one over the counted records that are not among them."""
    walk = _Walk()
    final = {id(r) for r in counted}
    listed = {id(r) for r in attempts}
    extra = [r for r in counted if id(r) not in listed]
    for results, every in ((attempts, True), (extra, False)):
        rows: dict[str, list[Row]] = {}
        for result in results:
            rid = id(result)
            for q in result.questions:
                if q.id not in walk.questions:
                    walk.questions[q.id] = (q.id, q.title, float(q.points))
                rows.setdefault(q.id, []).append((rid, q.points, q.checks))
        for qid, entries in rows.items():
            walk.tally(qid, entries, set(final), every)
    for result in {id(r): r for r in (*attempts, *extra)}.values():
        rid = id(result)
        total = round(sum(walk.scores[q.id][rid] for q in result.questions), 4)
        walk.totals[rid] = total
        walk.full[rid] = total >= result.max_score - EPS
    return walk


def _attempts_and_time(
    attempts: Sequence[AttemptRecord], full: Mapping[int, bool], released_at: datetime | None
) -> tuple[AttemptsSummary, TimeToFullMarks]:
    by_student: dict[str, list[AttemptRecord]] = {}
    for a in attempts:
        by_student.setdefault(a.student, []).append(a)
    per_student = Counter(len(v) for v in by_student.values())
    n = len(by_student)
    summary = AttemptsSummary(dict(sorted(per_student.items())), len(attempts) / n if n else None)
    from_first: list[float] = []
    from_release: list[float] = []
    for own in by_student.values():
        first = min(a.submitted_at for a in own)
        reached = [a.submitted_at for a in own if full[id(a.result)]]
        if reached:
            from_first.append((min(reached) - first).total_seconds())
            if released_at is not None:
                from_release.append((min(reached) - released_at).total_seconds())
    timing = TimeToFullMarks(
        students=n,
        reached=len(from_first),
        share=_share(len(from_first), n),
        median_from_first=_percentile(from_first, 50),
        p90_from_first=_percentile(from_first, 90),
        median_from_release=_percentile(from_release, 50),
        p90_from_release=_percentile(from_release, 90),
    )
    return summary, timing


def assignment_analytics(
    attempts: Sequence[AttemptRecord],
    counted: Mapping[str, SubmissionResult],
    released_at: datetime | None = None,
    *,
    bins: int = 10,
    top_messages: int = 5,
) -> AssignmentAnalytics:
    """The analytics of one assignment from every attempt (any order) and, per student, the
    attempt that counts. A question missing from a student's counted record scores 0 for them;
    the assignment's maximum is the largest ``max_score`` of the counted records."""
    if released_at is not None:
        require_aware(released_at, "released_at")
    students = sorted(counted)
    results = [counted[s] for s in students]
    attempts = sorted(attempts, key=lambda a: a.submitted_at)
    walk = _walk([a.result for a in attempts], results)
    metas = list(walk.questions.values())
    index = {m[0]: i for i, m in enumerate(metas)}
    matrix = np.zeros((len(students), len(metas)))
    for row, result in enumerate(results):
        for q in result.questions:
            matrix[row, index[q.id]] = walk.scores[q.id][id(result)]
    totals = matrix.sum(axis=1)
    order = np.lexsort((np.arange(len(students)), totals))  # by total, then by name
    raw = np.array([walk.totals[id(r)] for r in results], dtype=float)
    max_score = max((r.max_score for r in results), default=sum(m[2] for m in metas))
    summary, timing = _attempts_and_time(attempts, walk.full, released_at)
    name = next((r.assignment for r in (*results, *(a.result for a in attempts))), "")
    return AssignmentAnalytics(
        assignment=name,
        students=len(students),
        max_score=float(max_score),
        mean=float(raw.mean()) if len(raw) else None,
        median=float(np.median(raw)) if len(raw) else None,
        max=float(raw.max()) if len(raw) else None,
        histogram=histogram(raw, max_score, bins=bins),
        questions=tuple(
            _question_analytics(m, matrix[:, i], totals, order, bins) for i, m in enumerate(metas)
        ),
        checks=tuple(t.analytics(key, top_messages) for key, t in walk.checks.items()),
        attempts=summary,
        time_to_full_marks=timing,
    )
