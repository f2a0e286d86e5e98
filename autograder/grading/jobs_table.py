"""Grading jobs in the gradebook, the record of truth for exactly-once grading.

One row per idempotency key (assignment, assignment version, student, submission sha256) with a
state (queued, running, done, failed), the lease of the grader running it, its attempt count and
the graded attempt it produced. A grader claims a row before grading, renews its lease while it
works, and records the result and marks the row done in ONE transaction that first checks the
row is not done already: so a result that arrives twice (a task Dask re-ran after a worker died,
two graders racing, a batch run again) is recorded once. Rows left queued or running with an
expired lease (a lost client or scheduler) are what a new batch resumes.

The table lives on the gradebook's ``Base``; ``grading.batch`` imports this module, so
``Gradebook(...)`` creates it with the others, and :func:`create_tables` makes sure of it in a
gradebook opened before. (The gradebook does not import this module: that would be a cycle.)
"""

from __future__ import annotations

import hashlib
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from sqlalchemy import DateTime, Integer, String, Text, UniqueConstraint, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from autograder.course import Assignment
from autograder.grading.gradebook import Base, write_record
from autograder.grading.results import SubmissionResult

State = Literal["queued", "running", "done", "failed"]
UNFINISHED: tuple[State, ...] = ("queued", "running")


class GradingJob(Base):
    """One submission to grade under one version of the assignment, and how far it got."""

    __tablename__ = "grading_jobs"
    __table_args__ = (UniqueConstraint("assignment", "version", "student", "sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment: Mapped[str] = mapped_column(String(100), index=True)
    version: Mapped[str] = mapped_column(String(64))
    student: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    path: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(10), default="queued", index=True)
    owner: Mapped[str] = mapped_column(String(80), default="")
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    result_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    error: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class JobKey:
    """The idempotency key of a grading job."""

    assignment: str
    version: str
    student: str
    sha256: str


def create_tables(engine: Engine) -> None:
    """Create the grading-jobs table where it is missing (idempotent)."""
    Base.metadata.create_all(engine, tables=[Base.metadata.tables[GradingJob.__tablename__]])


def assignment_version(assignment: Assignment) -> str:
    """A hash of the files that decide the grades: the reference (master), the suite files and
    the course functions, so a changed suite grades again under a new key."""
    digest = hashlib.sha256()
    paths = [assignment.reference_path, *assignment.suite_paths]
    paths += [assignment.directory / "functions.py", assignment.instructor_dir / "functions.py"]
    for path in paths:
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()


def new_owner() -> str:
    """A grader's owner id: host, process id and a random part (unique per batch)."""
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:16]}"


def owner_gone(owner: str) -> bool:
    """Whether the owner is a grader process of this host that no longer runs (its rows can be
    taken over at once instead of when its lease ends)."""
    host, _, rest = owner.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname()[:30] or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _expired(row: GradingJob, now: datetime) -> bool:
    lease = _aware(row.lease_until)
    return lease is None or lease <= now or owner_gone(row.owner)


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes: they were stored in UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def _where(key: JobKey) -> list[ColumnElement[bool]]:
    return [
        GradingJob.assignment == key.assignment,
        GradingJob.version == key.version,
        GradingJob.student == key.student,
        GradingJob.sha256 == key.sha256,
    ]


Claim = Literal["claimed", "done", "busy"]


def claim(
    engine: Engine, key: JobKey, path: str, owner: str, lease_seconds: float, force: bool = False
) -> Claim:
    """Take the job for ``owner`` (creating its row): ``done`` if it was recorded already (and
    not ``force``), ``busy`` while another grader's lease on it runs, else ``claimed``."""
    now = _now()
    with Session(engine) as session, session.begin():
        # a write first, so SQLite takes its write lock before this transaction reads anything
        session.execute(update(GradingJob).where(*_where(key)).values(updated_at=now))
        row = session.scalar(select(GradingJob).where(*_where(key)))
        if row is None:
            row = _new_job(key, path, "running", now)
            session.add(row)
        elif row.state in ("done", "failed") and not force:
            return "done"
        elif row.state == "running" and row.owner != owner and not _expired(row, now):
            return "busy"
        row.state, row.owner, row.path = "running", owner, path
        row.lease_until = now + timedelta(seconds=lease_seconds)
        row.attempts = (row.attempts or 0) + 1
        row.updated_at = now
        row.error = ""
        return "claimed"


def enqueue(engine: Engine, jobs: list[tuple[JobKey, str]]) -> None:
    """Create the rows of these jobs (key, path) that do not exist yet, queued, in one
    transaction: from now on a lost batch leaves them to be resumed."""
    now = _now()
    with Session(engine) as session, session.begin():
        for key, path in jobs:
            session.execute(update(GradingJob).where(*_where(key)).values(updated_at=now))
            if session.scalar(select(GradingJob.id).where(*_where(key))) is None:
                session.add(_new_job(key, path, "queued", now))


def renew(engine: Engine, owner: str, lease_seconds: float) -> int:
    """Extend the leases of every job ``owner`` is running; returns how many."""
    now = _now()
    with Session(engine) as session, session.begin():
        done = session.execute(
            update(GradingJob)
            .where(GradingJob.owner == owner, GradingJob.state == "running")
            .values(lease_until=now + timedelta(seconds=lease_seconds))
        )
        return int(getattr(done, "rowcount", 0) or 0)


def release(engine: Engine, key: JobKey, owner: str, error: str) -> None:
    """Put a job ``owner`` could not finish back in the queue, with the reason."""
    with Session(engine) as session, session.begin():
        session.execute(
            update(GradingJob)
            .where(*_where(key), GradingJob.owner == owner, GradingJob.state == "running")
            .values(state="queued", lease_until=None, error=error[:2000], updated_at=_now())
        )


def record_done(
    engine: Engine, key: JobKey, owner: str, result: SubmissionResult, state: State = "done"
) -> int | None:
    """In one transaction: mark ``owner``'s job ``state`` (done, or failed for a provisional
    result) and store ``result`` in the gradebook; None, storing nothing, when the job was
    recorded already (by a re-run task or another grader). Returns the attempt number."""
    with Session(engine) as session, session.begin():
        marked = session.execute(
            update(GradingJob)
            .where(*_where(key), GradingJob.state.not_in(("done", "failed")))
            .values(state=state, lease_until=None, updated_at=_now())
        )
        if not getattr(marked, "rowcount", 0):
            return None
        row = write_record(session, result)
        session.execute(update(GradingJob).where(*_where(key)).values(result_id=row.id))
        return row.attempt


def _new_job(
    key: JobKey, path: str, state: State, now: datetime, result_id: int | None = None
) -> GradingJob:
    """A new row for ``key`` (no attempt made yet)."""
    return GradingJob(
        assignment=key.assignment,
        version=key.version,
        student=key.student,
        sha256=key.sha256,
        path=path,
        state=state,
        attempts=0,
        result_id=result_id,
        updated_at=now,
    )


def note_done(engine: Engine, key: JobKey, path: str, result_id: int | None = None) -> None:
    """Record that this key's result is already in the gradebook (taken from it, not graded)."""
    with Session(engine) as session, session.begin():
        session.execute(update(GradingJob).where(*_where(key)).values(updated_at=_now()))
        row = session.scalar(select(GradingJob).where(*_where(key)))
        if row is None:
            session.add(_new_job(key, path, "done", _now(), result_id))
        elif row.state not in ("done", "failed"):
            row.state, row.lease_until = "done", None


def unfinished(engine: Engine, assignment: str, version: str) -> list[GradingJob]:
    """Jobs of this assignment version left queued, or running under an expired lease: what a
    lost client or scheduler left behind, to resume."""
    now = _now()
    with Session(engine) as session:
        rows = session.scalars(
            select(GradingJob)
            .where(
                GradingJob.assignment == assignment,
                GradingJob.version == version,
                GradingJob.state.in_(UNFINISHED),
            )
            .order_by(GradingJob.id)
        ).all()
    return [r for r in rows if r.state == "queued" or _expired(r, now)]


def mark_failed(engine: Engine, row_id: int, error: str) -> None:
    """Give up on a job that cannot be resumed (its file is gone or changed), saying why."""
    with Session(engine) as session, session.begin():
        session.execute(
            update(GradingJob)
            .where(GradingJob.id == row_id)
            .values(state="failed", lease_until=None, error=error[:2000], updated_at=_now())
        )


def count_states(engine: Engine, assignment: str) -> dict[str, int]:
    """How many jobs of the assignment are in each state."""
    with Session(engine) as session:
        states = session.scalars(
            select(GradingJob.state).where(GradingJob.assignment == assignment)
        ).all()
    counts: dict[str, int] = {}
    for state in states:
        counts[state] = counts.get(state, 0) + 1
    return counts
