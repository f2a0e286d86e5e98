"""Durable storage of the grading service: uploaded notebooks, releases and exports.

Layout under the service's data folder (nothing here is ever mounted into a sandbox)::

    released/<assignment>/         the student bundle as released (a snapshot of assignments/<id>/)
    uploads/<assignment>/<student>/<n>-<sha12>.ipynb     every notebook received, never overwritten
    exports/<assignment>/           grades.csv and per-student results.json of the last batch

An upload is written to a temporary file, flushed to disk and renamed before its gradebook row is
committed, and the row is committed before the HTTP response returns: an acknowledged submission
survives a crash of the service.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from autograder.course import Assignment
from autograder.exceptions import GraderError
from autograder.grading.gradebook import Gradebook, Upload
from autograder.grading.render import gradescope
from autograder.grading.results import SubmissionResult
from autograder.service import manual
from autograder.service.status import UploadStatus

# student-facing files only: a released bundle never holds anything but these kinds of file
BUNDLE_SUFFIXES = (".ipynb", ".py", ".json", ".csv", ".npz", ".npy", ".txt", ".png", ".md")
RELEASE_MARKER = ".released.json"


@dataclass(frozen=True)
class UploadView:
    """An upload as the API shows it."""

    id: int
    assignment: str
    student: str
    sha256: str
    size: int
    received_at: str
    status: UploadStatus
    score: float | None
    max_score: float | None
    graded_at: str | None
    error: str
    path: str  # relative to the data folder; internal, never shown by the API

    @classmethod
    def of(cls, row: Upload) -> UploadView:
        return cls(
            row.id,
            row.assignment,
            row.student,
            row.sha256,
            row.size,
            iso_utc(row.received_at),
            UploadStatus(row.status),
            row.score,
            row.max_score,
            iso_utc(row.graded_at) if row.graded_at else None,
            row.error,
            row.path,
        )


def _utc(moment: datetime) -> datetime:
    """SQLite drops the zone; every stored moment is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def iso_utc(moment: datetime) -> str:
    return _utc(moment).isoformat(timespec="seconds")


def _fsync_write(path: Path, data: bytes) -> None:
    """Write bytes so that they are on disk once this returns (temporary file, fsync, rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Store:
    """Files and gradebook rows of the service; safe to use from several threads."""

    def __init__(self, data: Path, gradebook: Gradebook) -> None:
        self.data = data
        self.gradebook = gradebook
        manual.create_tables(gradebook.engine)  # the coursebook's, in a gradebook of any age
        data.mkdir(parents=True, exist_ok=True)

    # releases -------------------------------------------------------------------------------

    def released_dir(self, assignment_id: str) -> Path:
        return self.data / "released" / assignment_id

    def is_released(self, assignment_id: str) -> bool:
        return (self.released_dir(assignment_id) / RELEASE_MARKER).is_file()

    def released_at(self, assignment_id: str) -> str | None:
        marker = self.released_dir(assignment_id) / RELEASE_MARKER
        return str(json.loads(marker.read_text())["released_at"]) if marker.is_file() else None

    def release(self, assignment: Assignment, by: str) -> list[str]:
        """Snapshot the student-facing folder of the assignment; returns the released files."""
        target = self.released_dir(assignment.id)
        staging = target.with_name(target.name + ".staging")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        files = []
        for source in sorted(assignment.directory.rglob("*")):
            rel = source.relative_to(assignment.directory)
            if (
                not source.is_file()
                or source.suffix not in BUNDLE_SUFFIXES
                or any(part.startswith(".") or part == "__pycache__" for part in rel.parts)
            ):
                continue
            (staging / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, staging / rel)
            files.append(str(rel))
        marker = {"released_at": iso_utc(datetime.now(UTC)), "by": by, "files": files}
        (staging / RELEASE_MARKER).write_text(json.dumps(marker, indent=2))
        shutil.rmtree(target, ignore_errors=True)
        os.replace(staging, target)
        return files

    def unrelease(self, assignment_id: str) -> bool:
        """Withdraw a release: students no longer see the assignment nor submit to it; uploads
        and grades stay, and releasing again works. False if it was not released."""
        target = self.released_dir(assignment_id)
        if not self.is_released(assignment_id):
            return False
        withdrawn = target.with_name(target.name + ".withdrawn")
        shutil.rmtree(withdrawn, ignore_errors=True)
        os.replace(target, withdrawn)  # atomic: the marker disappears at once
        shutil.rmtree(withdrawn, ignore_errors=True)
        return True

    def bundle_files(self, assignment_id: str) -> list[Path]:
        root = self.released_dir(assignment_id)
        return [p for p in sorted(root.rglob("*")) if p.is_file() and p.name != RELEASE_MARKER]

    # uploads --------------------------------------------------------------------------------

    def add_upload(self, assignment_id: str, student: str, data: bytes) -> UploadView:
        """Store the notebook on disk, then its row; both are durable when this returns."""
        digest = hashlib.sha256(data).hexdigest()
        folder = self.data / "uploads" / assignment_id / student
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        path = folder / f"{stamp}-{digest[:12]}.ipynb"
        _fsync_write(path, data)
        with Session(self.gradebook.engine) as session, session.begin():
            row = Upload(
                assignment=assignment_id,
                student=student,
                sha256=digest,
                path=str(path.relative_to(self.data)),
                size=len(data),
                received_at=datetime.now(UTC),
                status=UploadStatus.QUEUED,
                error="",
            )
            session.add(row)
            session.flush()
            return UploadView.of(row)

    def upload_path(self, view: UploadView) -> Path:
        return self.data / view.path

    def get(self, upload_id: int) -> UploadView | None:
        with Session(self.gradebook.engine) as session:
            row = session.get(Upload, upload_id)
            return UploadView.of(row) if row else None

    def uploads(
        self,
        *,
        assignment: str | None = None,
        student: str | None = None,
        status: tuple[str, ...] = (),
    ) -> list[UploadView]:
        with Session(self.gradebook.engine) as session:
            query = select(Upload).order_by(Upload.id)
            if assignment:
                query = query.where(Upload.assignment == assignment)
            if student:
                query = query.where(Upload.student == student)
            if status:
                query = query.where(Upload.status.in_(status))
            return [UploadView.of(r) for r in session.scalars(query).all()]

    def latest(self, assignment: str) -> list[UploadView]:
        """Each student's most recent upload of the assignment (what collection and grading use)."""
        newest: dict[str, UploadView] = {}
        for view in self.uploads(assignment=assignment):
            newest[view.student] = view
        return [newest[s] for s in sorted(newest)]

    def latest_results(self, assignment: str) -> list[SubmissionResult]:
        """The graded results of each student's most recent upload (ungraded ones left out)."""
        return [r for view in self.latest(assignment) if (r := self.result(view)) is not None]

    def summary(self) -> dict[str, tuple[int, int, int]]:
        """Per assignment: uploads, students who uploaded, uploads waiting or being graded (one
        grouped query: the dashboard's figures for a whole course)."""
        waiting = case((Upload.status.in_(("queued", "grading")), 1), else_=0)
        with Session(self.gradebook.engine) as session:
            rows = session.execute(
                select(
                    Upload.assignment,
                    func.count(Upload.id),
                    func.count(func.distinct(Upload.student)),
                    func.sum(waiting),
                ).group_by(Upload.assignment)
            ).all()
        return {a: (int(n), int(students), int(w or 0)) for a, n, students, w in rows}

    def recent_count(
        self, assignment: str, student: str, window: timedelta
    ) -> tuple[int, datetime | None]:
        """Uploads of this student for this assignment inside the window, and the oldest one's
        time in UTC (a slot frees up one window after it)."""
        since = datetime.now(UTC) - window
        with Session(self.gradebook.engine) as session:
            count, oldest = session.execute(
                select(func.count(Upload.id), func.min(Upload.received_at)).where(
                    Upload.assignment == assignment,
                    Upload.student == student,
                    Upload.received_at >= since,
                )
            ).one()
        return int(count), _utc(oldest) if oldest else None

    def set_status(
        self,
        upload_id: int,
        status: UploadStatus,
        *,
        score: float | None = None,
        max_score: float | None = None,
        error: str = "",
    ) -> None:
        with Session(self.gradebook.engine) as session, session.begin():
            row = session.get(Upload, upload_id)
            if row is None:
                raise GraderError(f"upload {upload_id} is not in the gradebook")
            row.status, row.error = status, error
            if status in (UploadStatus.GRADED, UploadStatus.ERROR):
                row.graded_at = datetime.now(UTC)
            if score is not None:
                row.score, row.max_score = score, max_score

    def requeue_unfinished(self) -> list[int]:
        """After a restart: uploads acknowledged but not graded go back into the queue."""
        with Session(self.gradebook.engine) as session, session.begin():
            unfinished = (UploadStatus.QUEUED, UploadStatus.GRADING)
            rows = session.scalars(
                select(Upload).where(Upload.status.in_(unfinished)).order_by(Upload.id)
            ).all()
            for row in rows:
                row.status = UploadStatus.QUEUED
            return [r.id for r in rows]

    def result(self, view: UploadView) -> SubmissionResult | None:
        """The graded result of an upload, from the gradebook."""
        return self.gradebook.stored(view.assignment, view.student, view.sha256)

    def results(self, view: UploadView) -> dict[str, Any] | None:
        """The graded results.json payload of an upload (Gradescope schema)."""
        stored = self.result(view)
        return gradescope(stored) if stored is not None else None
