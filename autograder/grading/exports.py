"""Grade exports: ``grades.csv``, with every enrolled student when there is a roster, and the CSV
that Canvas's gradebook import reads.

Without a roster, ``grades.csv`` is what it always was: one row per graded student, sorted, with
``student, score, max_score`` and one column per question. With a roster (:func:`read_roster`)
every enrolled student has a row, in the roster's order, and a last column ``status`` says
``graded``, ``grader error`` (provisional), ``late``, ``manual`` or ``no submission`` (score and
questions left empty); graded students the roster lacks follow, their status ending in
``, not on roster``.

The Canvas file has the layout of Canvas's own gradebook export, which its import reads back:
the header ``Student, ID, SIS User ID, SIS Login ID, Section``, then one column per assignment,
named ``<assignment> (<canvas id>)`` to update that assignment or by its name alone to create a
new one; a ``Points Possible`` row; one row per student, an empty cell meaning no score. Canvas
finds each student by ID, else SIS User ID, else SIS Login ID, else by name; without those from
a roster, the SIS Login ID column holds the student's name here (the hub login).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from autograder.exceptions import UsageError
from autograder.grading.policies import EffectiveScore, ScoreStatus

if TYPE_CHECKING:  # the records import the checks (SciPy): hub.admin must start fast
    from autograder.grading.results import SubmissionResult

GRADED = "graded"
GRADER_ERROR = "grader error"
NO_SUBMISSION = "no submission"
NOT_ON_ROSTER = "not on roster"
CANVAS_IDENTITY = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
POINTS_POSSIBLE = "    Points Possible"  # as Canvas writes it; its import looks for the words
ROSTER_COLUMNS = {
    "student": "student",
    "login": "student",
    "username": "student",
    "name": "name",
    "id": "canvas_id",
    "canvas_id": "canvas_id",
    "sis_user_id": "sis_user_id",
    "sis_login_id": "sis_login_id",
    "section": "section",
}


@dataclass(frozen=True)
class GradeRow:
    """One student's line of an export; ``score`` None means nothing to grade."""

    student: str
    score: float | None
    max_score: float | None
    questions: Mapping[str, float] = field(default_factory=dict)
    status: str = GRADED


@dataclass(frozen=True)
class RosterEntry:
    """An enrolled student: ``student`` is the name the gradebook uses (the hub login, or the
    file name given to ``autograder grade``); the rest is for Canvas."""

    student: str
    name: str = ""
    canvas_id: str = ""
    sis_user_id: str = ""
    sis_login_id: str = ""
    section: str = ""


@dataclass(frozen=True)
class CanvasColumn:
    """One assignment's column of a Canvas file: its points and each student's score."""

    assignment: str
    points_possible: float
    scores: Mapping[str, float | None]
    canvas_id: str = ""

    @property
    def title(self) -> str:
        return f"{self.assignment} ({self.canvas_id})" if self.canvas_id else self.assignment


def rows_from_results(results: Iterable[SubmissionResult]) -> list[GradeRow]:
    """Rows of graded records (today's latest-attempt grades)."""
    return [
        GradeRow(
            r.student,
            r.score,
            r.max_score,
            {q.id: q.score for q in r.questions},
            GRADER_ERROR if r.grader_errors else GRADED,
        )
        for r in results
    ]


def rows_from_scores(scores: Iterable[EffectiveScore]) -> list[GradeRow]:
    """Rows of effective scores under a policy (:mod:`autograder.grading.policies`)."""
    return [
        GradeRow(
            s.student,
            s.score,
            s.max_score,
            dict(s.questions),
            NO_SUBMISSION if s.status is ScoreStatus.NO_SUBMISSION else s.status.value,
        )
        for s in scores
    ]


def grades_csv(
    rows: Iterable[GradeRow],
    *,
    roster: Sequence[RosterEntry] | None = None,
    questions: Sequence[str] | None = None,
    max_score: float | None = None,
) -> str:
    """``grades.csv``; ``questions`` default to the first row's and ``max_score`` (for rows
    without one) to the first row's that has one: pass them so that an assignment nobody
    submitted yet still has its columns."""
    rows = list(rows)
    if questions is None:
        questions = list(rows[0].questions) if rows else []
    if max_score is None:
        max_score = next((r.max_score for r in rows if r.max_score is not None), None)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["student", "score", "max_score", *questions, *(["status"] if roster is not None else [])]
    )
    if roster is None:
        for r in sorted(rows, key=lambda r: r.student):
            writer.writerow(_grade_cells(r, questions, max_score))
        return out.getvalue()
    graded = {r.student: r for r in rows}
    enrolled = {e.student for e in roster}
    for entry in roster:
        row = graded.get(entry.student) or GradeRow(
            entry.student, None, max_score, {}, NO_SUBMISSION
        )
        writer.writerow([*_grade_cells(row, questions, max_score), row.status])
    for r in sorted((r for r in rows if r.student not in enrolled), key=lambda r: r.student):
        writer.writerow([*_grade_cells(r, questions, max_score), f"{r.status}, {NOT_ON_ROSTER}"])
    return out.getvalue()


def parse_grades_csv(text: str, *, source: str = "grades.csv") -> list[GradeRow]:
    """Rows of a ``grades.csv`` read back (the service's, for instance)."""
    table = list(csv.reader(io.StringIO(text)))
    if not table or table[0][:3] != ["student", "score", "max_score"]:
        raise UsageError(
            f"{source}: not a grades.csv (expected the header student,score,max_score)"
        )
    header = table[0]
    has_status = header[-1] == "status"
    questions = header[3 : len(header) - has_status]
    rows = []
    for line, cells in enumerate(table[1:], start=2):
        if not cells:
            continue
        if len(cells) != len(header):
            raise UsageError(f"{source}:{line}: {len(cells)} cells, the header has {len(header)}")
        try:
            scores = {q: float(c) for q, c in zip(questions, cells[3:], strict=False) if c}
            score, top = (float(c) if c else None for c in cells[1:3])
        except ValueError:
            raise UsageError(f"{source}:{line}: a score that is not a number") from None
        status = cells[-1] if has_status else (GRADED if score is not None else NO_SUBMISSION)
        rows.append(GradeRow(cells[0], score, top, scores, status))
    return rows


def read_roster(path: str | Path) -> list[RosterEntry]:
    """A roster file: a CSV with a ``student`` column (optionally ``name``, ``id``,
    ``sis_user_id``, ``sis_login_id``, ``section``), or Canvas's gradebook export as is, where
    the SIS Login ID is the student."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"roster {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read the roster {path}: {exc}") from None
    return parse_roster(text, source=str(path))


def parse_roster(text: str, *, source: str = "roster") -> list[RosterEntry]:
    """The entries of a roster file's text; one-line errors name the file and line."""
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not table:
        raise UsageError(f"{source}: the roster is empty")
    header = [h.strip() for h in table[0]]
    canvas = all(c in header for c in ("Student", "ID", "SIS Login ID"))
    if canvas:
        fields = dict(
            zip(
                CANVAS_IDENTITY,
                ("name", "canvas_id", "sis_user_id", "student", "section"),
                strict=True,
            )
        )
        columns = {i: fields[h] for i, h in enumerate(header) if h in fields}
    else:
        names = [h.lower().replace(" ", "_").replace("-", "_") for h in header]
        columns = {i: ROSTER_COLUMNS[n] for i, n in enumerate(names) if n in ROSTER_COLUMNS}
    if "student" not in columns.values():
        raise UsageError(
            f"{source}: no 'student' column in the header (expected student, and optionally "
            "name, id, sis_user_id, sis_login_id, section; or Canvas's gradebook export)"
        )
    entries: list[RosterEntry] = []
    seen: dict[str, int] = {}
    for line, cells in enumerate(table[1:], start=2):
        values = {f: cells[i].strip() for i, f in columns.items() if i < len(cells)}
        if not any(c.strip() for c in cells):
            continue
        student = values.get("student", "")
        if canvas and not student:
            continue  # Canvas's Points Possible row, its test student, a manual-posting row
        if not student:
            raise UsageError(f"{source}:{line}: no student name")
        if student in seen:
            raise UsageError(
                f"{source}:{line}: {student!r} is listed twice (also on line {seen[student]})"
            )
        seen[student] = line
        if canvas:
            values["sis_login_id"] = student
        entries.append(RosterEntry(**values))
    return entries


def not_on_roster(rows: Iterable[GradeRow], roster: Sequence[RosterEntry]) -> list[str]:
    """Students with a row whom the roster does not list (left out of a Canvas file)."""
    enrolled = {e.student for e in roster}
    return sorted({r.student for r in rows} - enrolled)


def canvas_column(
    assignment: str, rows: Iterable[GradeRow], *, points_possible: float, canvas_id: str = ""
) -> CanvasColumn:
    """An assignment's column from export rows; ``canvas_id`` is the number in the assignment's
    Canvas URL (empty: Canvas makes a new assignment of that name)."""
    scores = {r.student: r.score for r in rows}
    return CanvasColumn(assignment, points_possible, scores, check_canvas_id(canvas_id))


def check_canvas_id(canvas_id: str) -> str:
    """A Canvas assignment id (digits) or empty; a one-line :class:`UsageError` otherwise."""
    if canvas_id and not canvas_id.isdigit():
        raise UsageError(f"the Canvas assignment id must be a number, got {canvas_id!r}")
    return canvas_id


def canvas_csv(columns: Sequence[CanvasColumn], roster: Sequence[RosterEntry] | None = None) -> str:
    """Canvas's gradebook import file: every roster student (or, without a roster, every student
    with a score cell), a column per assignment."""
    if roster is None:
        roster = [RosterEntry(s) for s in sorted({s for c in columns for s in c.scores})]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*CANVAS_IDENTITY, *(c.title for c in columns)])
    writer.writerow(
        [POINTS_POSSIBLE, "", "", "", "", *(_points(c.points_possible) for c in columns)]
    )
    for e in roster:
        identity = [e.name or e.student, e.canvas_id, e.sis_user_id, e.sis_login_id or e.student]
        writer.writerow(
            [*identity, e.section, *(_points(c.scores.get(e.student)) for c in columns)]
        )
    return out.getvalue()


def _grade_cells(row: GradeRow, questions: Sequence[str], top: float | None) -> list[str]:
    scores = (_g(row.questions.get(q)) for q in questions)
    return [
        row.student,
        _g(row.score),
        _g(top if row.max_score is None else row.max_score),
        *scores,
    ]


def _g(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _points(value: float | None) -> str:
    """A score as Canvas takes it: up to 4 decimals, no exponent; empty for none."""
    return "" if value is None else f"{value:.4f}".rstrip("0").rstrip(".")
