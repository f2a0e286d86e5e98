"""The statuses the service reports, as enums (their values are what the API and the database
hold, so they compare equal to the plain strings clients see)."""

from __future__ import annotations

from enum import StrEnum


class UploadStatus(StrEnum):
    """An upload's way through the service: stored, being graded, graded, or failed to grade."""

    QUEUED = "queued"
    GRADING = "grading"
    GRADED = "graded"
    ERROR = "error"


class JobStatus(StrEnum):
    """A batch grading job's state."""

    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"
