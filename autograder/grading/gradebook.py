"""The gradebook: one row per submission attempt, with its questions and checks as columns.

An attempt is identified by (assignment, student, sha256 of the notebook): grading the same file
again replaces that attempt's results instead of adding a row, so re-grading is idempotent. The
default store is an SQLite file; any SQLAlchemy URL (e.g. ``postgresql://...``) works too.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple, cast

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from autograder.checks.base import Status
from autograder.exceptions import UsageError
from autograder.grading.render import from_gradescope
from autograder.grading.results import CheckResult, QuestionResult, SubmissionResult


class Base(DeclarativeBase):
    pass


class Submission(Base):
    """One graded submission attempt: its score and the record's own fields."""

    __tablename__ = "graded_attempts"
    __table_args__ = (UniqueConstraint("assignment", "student", "sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment: Mapped[str] = mapped_column(String(100), index=True)
    student: Mapped[str] = mapped_column(String(200), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    attempt: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    max_score: Mapped[float] = mapped_column(Float)
    graded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    execution_time: Mapped[float] = mapped_column(Float, default=0.0)
    notes: Mapped[list[str]] = mapped_column(JSON, default=list)
    limits_hit: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    questions: Mapped[list[QuestionRow]] = relationship(
        back_populates="submission",
        cascade="all, delete-orphan",
        order_by="QuestionRow.position",
        lazy="selectin",
    )
    checks: Mapped[list[CheckRow]] = relationship(
        back_populates="submission",
        cascade="all, delete-orphan",
        order_by="CheckRow.position",
        lazy="selectin",
    )


class QuestionRow(Base):
    """One question of a graded attempt: its title, points and score."""

    __tablename__ = "graded_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("graded_attempts.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    question: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    points: Mapped[float] = mapped_column(Float)
    score: Mapped[float] = mapped_column(Float)
    submission: Mapped[Submission] = relationship(back_populates="questions")


class CheckRow(Base):
    """One check's outcome within a graded attempt (``status`` as in the result records)."""

    __tablename__ = "graded_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("graded_attempts.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    question: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), index=True)
    weight: Mapped[float] = mapped_column(Float)
    hidden: Mapped[bool] = mapped_column(Boolean)
    message: Mapped[str] = mapped_column(Text)
    submission: Mapped[Submission] = relationship(back_populates="checks")


class Upload(Base):
    """A notebook received by the grading service: stored before the upload is acknowledged,
    graded in the background; ``status`` is queued, grading, graded or error."""

    __tablename__ = "uploads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment: Mapped[str] = mapped_column(String(100), index=True)
    student: Mapped[str] = mapped_column(String(200), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    path: Mapped[str] = mapped_column(String(500))
    size: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    status: Mapped[str] = mapped_column(String(10), default="queued")
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    max_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    graded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    error: Mapped[str] = mapped_column(Text, default="")


def database_url(value: str | Path) -> str:
    """Accept a URL or a plain file path (SQLite)."""
    text = str(value)
    return text if "://" in text else f"sqlite:///{Path(text).resolve()}"


class Gradebook:
    """Records graded submissions; safe to share between grader processes."""

    def __init__(self, url: str | Path) -> None:
        self.url = database_url(url)
        try:
            self.engine: Engine = create_engine(self.url)
            if self.url.startswith("sqlite"):
                event.listen(self.engine, "connect", _sqlite_pragmas)
            _create_tables(self.engine)
            _import_legacy(self.engine)
        except (SQLAlchemyError, ImportError) as exc:
            raise UsageError(
                f"cannot open the gradebook {self.url}: {str(exc).splitlines()[0]}"
            ) from None

    def record(self, result: SubmissionResult) -> int:
        """Store (or replace) the attempt for this exact notebook; returns its attempt number.

        Safe when two grader processes record the same attempt at once: the loser of the insert
        race retries and updates the winner's row."""
        try:
            return self._record(result)
        except IntegrityError:
            return self._record(result)

    def _record(self, result: SubmissionResult) -> int:
        with Session(self.engine) as session, session.begin():
            return write_record(session, result).attempt

    def stored(self, assignment: str, student: str, sha256: str) -> SubmissionResult | None:
        """The result of this exact attempt, if it was graded."""
        with Session(self.engine) as session:
            row = session.scalar(
                select(Submission).where(
                    Submission.assignment == assignment,
                    Submission.student == student,
                    Submission.sha256 == sha256,
                )
            )
            return to_result(row) if row is not None else None

    def close(self) -> None:
        """Close every pooled connection (SQLite folds its write-ahead log back in)."""
        self.engine.dispose()

    def submissions(self, assignment: str | None = None) -> list[Submission]:
        with Session(self.engine) as session:
            query = select(Submission).order_by(Submission.student, Submission.attempt)
            if assignment:
                query = query.where(Submission.assignment == assignment)
            return list(session.scalars(query).all())

    def question_scores(
        self, assignment: str
    ) -> dict[tuple[str, str], tuple[float, float, dict[str, float]]]:
        """Per attempt (student, sha256): its score, maximum and per-question scores; two flat
        queries and no check rows, so a class's gradebook is computed in milliseconds."""
        with Session(self.engine) as session:
            heads = session.execute(
                select(Submission.id, Submission.student, Submission.sha256)
                .add_columns(Submission.score, Submission.max_score)
                .where(Submission.assignment == assignment)
            ).all()
            parts = session.execute(
                select(QuestionRow.submission_id, QuestionRow.question, QuestionRow.score)
                .join(Submission, QuestionRow.submission_id == Submission.id)
                .where(Submission.assignment == assignment)
            ).all()
        questions: dict[int, dict[str, float]] = {}
        for submission_id, question, score in parts:
            questions.setdefault(submission_id, {})[question] = score
        return {
            (student, sha): (score, top, questions.get(row_id, {}))
            for row_id, student, sha, score, top in heads
        }

    def results(self, assignment: str) -> dict[tuple[str, str], SubmissionResult]:
        """Every stored attempt of the assignment as records, by (student, sha256), from three
        flat queries (no ORM objects: a class's 150,000 check rows load in about a second)."""
        with Session(self.engine) as session:
            heads = session.execute(
                select(
                    Submission.id,
                    Submission.student,
                    Submission.sha256,
                    Submission.notes,
                    Submission.execution_time,
                    Submission.limits_hit,
                ).where(Submission.assignment == assignment)
            ).all()
            questions = session.execute(
                select(
                    QuestionRow.submission_id,
                    QuestionRow.question,
                    QuestionRow.title,
                    QuestionRow.points,
                )
                .join(Submission, QuestionRow.submission_id == Submission.id)
                .where(Submission.assignment == assignment)
                .order_by(QuestionRow.submission_id, QuestionRow.position)
            ).all()
            checks = session.execute(
                select(
                    CheckRow.submission_id,
                    CheckRow.question,
                    CheckRow.name,
                    CheckRow.kind,
                    CheckRow.status,
                    CheckRow.weight,
                    CheckRow.hidden,
                    CheckRow.message,
                )
                .join(Submission, CheckRow.submission_id == Submission.id)
                .where(Submission.assignment == assignment)
                .order_by(CheckRow.submission_id, CheckRow.position)
            ).all()
        found: dict[tuple[int, str], list[CheckResult]] = {}
        for sid, question, name, kind, status, weight, hidden, message in checks:
            found.setdefault((sid, question), []).append(
                CheckResult(question, name, kind, cast(Status, status), weight, hidden, message)
            )
        parts: dict[int, list[QuestionResult]] = {}
        for sid, question, title, points in questions:
            parts.setdefault(sid, []).append(
                QuestionResult(question, title, points, tuple(found.get((sid, question), ())))
            )
        return {
            (student, sha): SubmissionResult(
                assignment,
                student,
                tuple(parts.get(sid, ())),
                tuple(notes or ()),
                execution_time,
                sha,
                dict(limits or {}),
            )
            for sid, student, sha, notes, execution_time, limits in heads
        }


class Recorded(NamedTuple):
    """Where a record was written: its attempt row's id and its attempt number."""

    id: int
    attempt: int


def write_record(
    session: Session,
    result: SubmissionResult,
    *,
    attempt: int | None = None,
    graded_at: datetime | None = None,
) -> Recorded:
    """Write the record into the session's transaction: its attempt's row, replaced if that
    file was graded before, else a new attempt numbered after the student's others (or
    ``attempt``, for an imported one). Written with bulk statements, not ORM objects: a record
    has ~120 check rows, and building them as ORM objects took most of the 16 ms a record cost."""
    key = (
        Submission.assignment == result.assignment,
        Submission.student == result.student,
        Submission.sha256 == result.sha256,
    )
    head = {
        "score": result.score,
        "max_score": result.max_score,
        "graded_at": graded_at or datetime.now(UTC),
        "execution_time": result.execution_time,
        "notes": list(result.notes),
        "limits_hit": dict(result.limits_hit),
    }
    found = session.execute(select(Submission.id, Submission.attempt).where(*key)).first()
    if found is None:
        if attempt is None:
            count = session.scalar(
                select(func.count(Submission.id)).where(
                    Submission.assignment == result.assignment,
                    Submission.student == result.student,
                )
            )
            attempt = int(count or 0) + 1
        row_id = _insert_head(session, result, attempt, head)
    else:
        row_id, attempt = int(found.id), int(found.attempt)
        session.execute(update(_table(Submission)).where(*key).values(**head))
        session.execute(delete(_table(QuestionRow)).where(QuestionRow.submission_id == row_id))
        session.execute(delete(_table(CheckRow)).where(CheckRow.submission_id == row_id))
    _insert_parts(session, row_id, result)
    return Recorded(row_id, attempt)


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


def _insert_head(
    session: Session, result: SubmissionResult, attempt: int, head: dict[str, object]
) -> int:
    """Insert an attempt's row; its id."""
    table = _table(Submission)
    inserted = session.execute(
        insert(table)
        .values(
            assignment=result.assignment,
            student=result.student,
            sha256=result.sha256,
            attempt=attempt,
            **head,
        )
        .returning(table.c.id)
    )
    return int(inserted.scalar_one())


def _insert_parts(session: Session, row_id: int, result: SubmissionResult) -> None:
    """Insert the attempt's question and check rows, each table in one statement."""
    questions = [
        {
            "submission_id": row_id,
            "position": i,
            "question": q.id,
            "title": q.title,
            "points": q.points,
            "score": q.score,
        }
        for i, q in enumerate(result.questions)
    ]
    checks = [
        {
            "submission_id": row_id,
            "position": i,
            "question": c.question,
            "name": c.name,
            "kind": c.kind,
            "status": c.status,
            "weight": c.weight,
            "hidden": c.hidden,
            "message": c.message,
        }
        for i, c in enumerate(c for q in result.questions for c in q.checks)
    ]
    if questions:
        session.execute(insert(_table(QuestionRow)), questions)
    if checks:
        session.execute(insert(_table(CheckRow)), checks)


def to_result(row: Submission) -> SubmissionResult:
    """The record of a stored attempt (its relationships loaded)."""
    by_question: dict[str, list[CheckResult]] = {q.question: [] for q in row.questions}
    for c in row.checks:
        by_question[c.question].append(
            CheckResult(
                c.question, c.name, c.kind, cast(Status, c.status), c.weight, c.hidden, c.message
            )
        )
    questions = tuple(
        QuestionResult(q.question, q.title, q.points, tuple(by_question[q.question]))
        for q in row.questions
    )
    return SubmissionResult(
        row.assignment,
        row.student,
        questions,
        tuple(row.notes),
        row.execution_time,
        row.sha256,
        dict(row.limits_hit),
    )


def _import_legacy(engine: Engine) -> None:
    """Gradebooks written before records were stored as columns kept the Gradescope payload in
    ``submissions.results``: copy those attempts into the new tables once (nothing is lost; the
    old tables are left as they were)."""
    tables = inspect(engine).get_table_names()
    if "submissions" not in tables:
        return
    with Session(engine) as session, session.begin():
        if session.scalar(select(func.count()).select_from(Submission)):
            return
        legacy = session.execute(
            text("SELECT assignment, student, sha256, attempt, graded_at, results FROM submissions")
        ).all()
        for assignment, student, sha256, attempt, graded_at, payload in legacy:
            data = json.loads(payload) if isinstance(payload, str) else payload
            result = replace(
                from_gradescope(data), assignment=assignment, student=student, sha256=sha256
            )
            when = graded_at if isinstance(graded_at, datetime) else None
            write_record(session, result, attempt=attempt, graded_at=when)


def _create_tables(engine: Engine) -> None:
    """Create missing tables; another grader creating them at the same moment is fine."""
    for attempt in range(5):
        try:
            Base.metadata.create_all(engine)
            return
        except OperationalError as exc:
            if "already exists" not in str(exc) or attempt == 4:
                raise
            time.sleep(0.05 * (attempt + 1))


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    """Wait up to 30 s for another grader's lock, and switch the file to WAL once.

    The busy timeout goes first so it covers the switch. The switch itself can still answer
    "database is locked" at once, without waiting, while another process opens the same new
    file (SQLite does not call the busy handler there), so it is retried for up to 10 s."""
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    try:
        cursor.execute("PRAGMA busy_timeout=30000")
        for attempt in range(40):
            try:
                if cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                    return
                cursor.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or attempt == 39:
                    raise
                time.sleep(0.05 + 0.01 * attempt)
    finally:
        cursor.close()
