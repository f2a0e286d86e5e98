"""The gradebook: one row per submission attempt, with its per-check results (SQLAlchemy).

An attempt is identified by (assignment, student, sha256 of the notebook): grading the same file
again replaces that attempt's results instead of adding a row, so re-grading is idempotent. The
default store is an SQLite file; any SQLAlchemy URL (e.g. ``postgresql://...``) works too.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

from autograder.exceptions import UsageError
from autograder.results import SubmissionResult


class Base(DeclarativeBase):
    pass


class Submission(Base):
    """One submission attempt and its score."""

    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("assignment", "student", "sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment: Mapped[str] = mapped_column(String(100), index=True)
    student: Mapped[str] = mapped_column(String(200), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    attempt: Mapped[int] = mapped_column(Integer)
    score: Mapped[float] = mapped_column(Float)
    max_score: Mapped[float] = mapped_column(Float)
    graded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    results: Mapped[dict[str, object]] = mapped_column(JSON)
    tests: Mapped[list[TestRow]] = relationship(back_populates="submission",
                                                cascade="all, delete-orphan")


class TestRow(Base):
    """One check's outcome within a submission attempt."""

    __tablename__ = "test_results"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    question: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(10))
    score: Mapped[float] = mapped_column(Float)
    max_score: Mapped[float] = mapped_column(Float)
    output: Mapped[str] = mapped_column(Text)
    submission: Mapped[Submission] = relationship(back_populates="tests")


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
        except (SQLAlchemyError, ImportError) as exc:
            raise UsageError(f"cannot open the gradebook {self.url}: "
                             f"{str(exc).splitlines()[0]}") from None

    def record(self, result: SubmissionResult) -> int:
        """Store (or replace) the attempt for this exact notebook; returns its attempt number.

        Safe when two grader processes record the same attempt at once: the loser of the insert
        race retries and updates the winner's row."""
        try:
            return self._record(result)
        except IntegrityError:
            return self._record(result)

    def _record(self, result: SubmissionResult) -> int:
        payload = json.loads(json.dumps(result.to_gradescope()))
        with Session(self.engine) as session, session.begin():
            row = session.scalar(select(Submission).where(
                Submission.assignment == result.assignment, Submission.student == result.student,
                Submission.sha256 == result.sha256))
            if row is None:
                count = len(session.scalars(select(Submission.id).where(
                    Submission.assignment == result.assignment,
                    Submission.student == result.student)).all())
                row = Submission(assignment=result.assignment, student=result.student,
                                 sha256=result.sha256, attempt=count + 1)
                session.add(row)
            row.score, row.max_score = result.score, result.max_score
            row.graded_at = datetime.now(UTC)
            row.results = payload
            row.tests = [TestRow(question=t["extra_data"]["question"], name=t["name"],
                                 status=t["extra_data"]["outcome"], score=t["score"],
                                 max_score=t["max_score"], output=t["output"])
                         for t in payload["tests"]]
            session.flush()
            return row.attempt

    def stored(self, assignment: str, student: str, sha256: str) -> dict[str, object] | None:
        """The stored results.json payload of this exact attempt, if it was graded."""
        with Session(self.engine) as session:
            return session.scalar(select(Submission.results).where(
                Submission.assignment == assignment, Submission.student == student,
                Submission.sha256 == sha256))

    def close(self) -> None:
        """Close every pooled connection (SQLite folds its write-ahead log back in)."""
        self.engine.dispose()

    def submissions(self, assignment: str | None = None) -> list[Submission]:
        with Session(self.engine) as session:
            query = select(Submission).order_by(Submission.student, Submission.attempt)
            if assignment:
                query = query.where(Submission.assignment == assignment)
            return list(session.scalars(query).all())


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
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
