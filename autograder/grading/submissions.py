"""Finding the submissions of a batch on disk, and the student id each one is graded under.

Kept apart from :mod:`autograder.grading.batch` (which loads the gradebook's SQLAlchemy) so that
the command line can count a batch and start its sandboxes before the heavy imports."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from autograder.exceptions import UsageError

_STUDENT = re.compile(r"[^A-Za-z0-9_.@+-]")


@dataclass(frozen=True)
class SubmissionFile:
    student: str
    path: Path


def student_name(raw: str) -> str:
    """A student id safe to use as a directory name."""
    name = _STUDENT.sub("_", raw).strip("._") or "anonymous"
    return name[:100]


def discover(path: Path, assignment_id: str) -> list[SubmissionFile]:
    """Find submissions in any accepted layout; a clear :class:`UsageError` when there are none."""
    if not path.exists():
        raise UsageError(f"submission path {path} does not exist")
    if path.is_file():
        return [SubmissionFile(student_name(path.stem), path)]
    try:
        entries = sorted(path.iterdir())
    except OSError as exc:
        raise UsageError(f"cannot read submission folder {path}: {exc.strerror}") from None
    found = []
    for entry in entries:
        if entry.is_file() and entry.suffix == ".ipynb":
            found.append(SubmissionFile(student_name(entry.stem), entry))
        elif entry.is_dir():
            nested = entry / assignment_id
            candidates = sorted(nested.glob("*.ipynb")) if nested.is_dir() else []
            preferred = nested / f"{assignment_id}.ipynb"
            if candidates:
                chosen = preferred if preferred in candidates else candidates[0]
                found.append(SubmissionFile(student_name(entry.name), chosen))
    if not found:
        raise UsageError(
            f"no submissions found in {path} (expected <student>.ipynb files or "
            f"submitted/<student>/{assignment_id}/*.ipynb)"
        )
    names = [f.student for f in found]
    if len(set(names)) != len(names):
        raise UsageError(f"two submissions in {path} map to the same student id")
    return found
