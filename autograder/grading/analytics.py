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
from itertools import compress
from operator import attrgetter

import numpy as np

from autograder.grading.policies import require_aware
from autograder.grading.results import CheckResult, SubmissionResult

EPS = 1e-9
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
    order of submission). A check hidden in any record is ``hidden``."""

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
    interpolation, NumPy's default) over the students who reached full marks. ``share`` is
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
_NUMBER = re.compile(
    r"(?<![\w.])[-+]?(?:0[xX][0-9a-fA-F]+|(?:\d+(?:\.\d+|\.(?!$))?|\.\d+)(?:[eE][-+]?\d+)?)"
    r"(?!\w|\.\d)"
)
_NUMBERS = re.compile(r"<num>(?:[,;\s]+<num>)+")


@lru_cache(maxsize=8192)
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
    final: Counter[str] = field(default_factory=Counter)
    every: Counter[str] = field(default_factory=Counter)
    messages: Counter[str] = field(default_factory=Counter)

    def analytics(self, key: tuple[str, str], top: int) -> CheckAnalytics:
        n_final, n_every = self.final.total(), self.every.total()
        return CheckAnalytics(
            question=key[0],
            name=key[1],
            hidden=self.hidden,
            pass_rate=_share(self.final["passed"], n_final),
            error_rate=_share(self.final["error"], n_final),
            attempt_pass_rate=_share(self.every["passed"], n_every),
            grader_errors=self.every["grader_error"],
            failures=_group(self.messages, top),
        )


@dataclass
class _Walk:
    """What one pass over the records finds: every question (id -> id, title, points) and every
    check (question id, name) in order of first appearance, counted records first; per record
    (by ``id``) its question scores, its score and whether it has full marks."""

    questions: dict[str, tuple[str, str, float]] = field(default_factory=dict)
    checks: dict[tuple[str, str], _CheckTally] = field(default_factory=dict)
    scores: dict[int, dict[str, float]] = field(default_factory=dict)
    totals: dict[int, float] = field(default_factory=dict)
    full: dict[int, bool] = field(default_factory=dict)

    def tally(self, qid: str, rows: Sequence[tuple[CheckResult, ...]], final: bool) -> None:
        """Count one question's checks over ``rows`` (one per record): into ``final`` (counted
        records) or ``every`` (all attempts, messages included). Column by column at C speed
        (map, Counter, compress): this is the analytics' inner loop."""
        for column in _columns(rows):
            first = column[0]
            tally = self.checks.get((qid, first.name))
            if tally is None:
                tally = self.checks[(qid, first.name)] = _CheckTally(first.hidden)
            statuses = list(map(_STATUS, column))
            if final:
                tally.final.update(statuses)
                continue
            tally.hidden = tally.hidden or any(map(_HIDDEN, column))
            tally.every.update(statuses)
            failing = map(_FAILING.__contains__, statuses)
            tally.messages.update(compress(map(_MESSAGE, column), failing))
            tally.messages.pop("", None)


_STATUS, _MESSAGE = attrgetter("status"), attrgetter("message")
_NAME, _HIDDEN = attrgetter("name"), attrgetter("hidden")


def _columns(rows: Sequence[tuple[CheckResult, ...]]) -> list[Sequence[CheckResult]]:
    """One question's check results grouped by check name, in order of first appearance. The
    rows (one per record) are transposed at C speed when they list the same checks in the same
    order, the usual case; else grouped one by one."""
    if rows and all(len(r) == len(rows[0]) for r in rows):
        columns: list[Sequence[CheckResult]] = list(zip(*rows, strict=True))
        unique = len({c[0].name for c in columns}) == len(columns)
        if unique and all(len(set(map(_NAME, c))) == 1 for c in columns):
            return columns
    grouped: dict[str, list[CheckResult]] = {}
    for row in rows:
        for check in row:
            grouped.setdefault(check.name, []).append(check)
    return list(grouped.values())


def _walk(attempts: Sequence[SubmissionResult], counted: Sequence[SubmissionResult]) -> _Walk:
    """Each distinct record once for its scores (``QuestionResult.score`` of each question,
    summed as ``SubmissionResult.score`` does); then the checks of the counted records and of the
    attempts, in the order given (first sight decides the order of checks and of messages)."""
    walk = _Walk()
    for result in {id(r): r for r in (*counted, *attempts)}.values():
        own = walk.scores[id(result)] = {}
        points = 0.0
        for q in result.questions:
            if q.id not in walk.questions:
                walk.questions[q.id] = (q.id, q.title, float(q.points))
            own[q.id] = q.score
            points += q.points
        walk.totals[id(result)] = total = round(sum(own.values()), 4)
        walk.full[id(result)] = total >= points - EPS
    for final, results in ((True, counted), (False, attempts)):
        rows: dict[str, list[tuple[CheckResult, ...]]] = {qid: [] for qid in walk.questions}
        for result in results:
            for q in result.questions:
                rows[q.id].append(q.checks)
        for qid, checks in rows.items():
            walk.tally(qid, checks, final=final)
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
        for qid, score in walk.scores[id(result)].items():
            matrix[row, index[qid]] = score
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
