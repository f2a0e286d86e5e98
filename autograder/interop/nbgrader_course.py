"""An nbgrader course read from disk (trusted side): its config, an assignment's source
notebooks and the submissions, found in nbgrader's layout (``CourseDirectory``) or as one source
notebook beside a folder of submissions. Restoring them is :mod:`nbgrader_restore`'s.

The course config is read with traitlets' loader, the way nbgrader reads it (it is Python, and
runs). Unlike nbgrader, ``OverwriteCells.add_missing_cells`` defaults to on (a deleted test cell
is put back and run); a course config may turn it off.
"""

from __future__ import annotations

import base64
import fnmatch
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from autograder.exceptions import UsageError
from autograder.interop.formats import NBGRADER_CONFIG, is_nbgrader_notebook
from autograder.interop.nbgrader_restore import NbgraderAssignment

log = logging.getLogger(__name__)
MAX_STUDENT_FILES_BYTES = 4 * 1024 * 1024


def load_config(root: Path | None) -> Any:
    """The course's ``nbgrader_config.py`` (when there is one) over our defaults."""
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = Config()
    config.OverwriteCells.add_missing_cells = True
    if root is not None and (root / NBGRADER_CONFIG).is_file():
        try:
            config.merge(PyFileConfigLoader(NBGRADER_CONFIG, path=str(root)).load_config())
        except Exception as exc:
            raise UsageError(f"cannot read {root / NBGRADER_CONFIG}: {exc}") from None
    return config


@dataclass(frozen=True)
class SubmittedNotebook:
    """One submitted notebook: its nbgrader notebook id (the file's stem) and path."""

    name: str
    path: Path


@dataclass(frozen=True)
class Submission:
    """One student's submission of an assignment: notebooks, extra files, timestamp."""

    student: str
    assignment: str
    notebooks: tuple[SubmittedNotebook, ...]
    folder: Path | None = None
    timestamp: datetime | None = None

    def extra_files(self, ignore: list[str]) -> dict[str, str]:
        """The student's non-notebook files (base64), within a size budget; nbgrader copies
        them into the autograded folder, under the source's own files."""
        if self.folder is None:
            return {}
        files: dict[str, str] = {}
        total = 0
        for path in sorted(self.folder.rglob("*")):
            rel = path.relative_to(self.folder)
            if not path.is_file() or path.suffix == ".ipynb" or rel.name == "timestamp.txt":
                continue
            if any(fnmatch.fnmatch(part, pattern) for part in rel.parts for pattern in ignore):
                continue
            size = path.stat().st_size
            if total + size > MAX_STUDENT_FILES_BYTES:
                log.warning("%s: extra files beyond 4 MB are left out (%s)", self.student, rel)
                continue
            total += size
            files[str(rel)] = base64.b64encode(path.read_bytes()).decode()
        return files


def open_course(root: Path, assignment: str) -> tuple[NbgraderAssignment, list[Submission]]:
    """An nbgrader course folder's assignment and its submissions (clear errors for a missing
    assignment or submissions folder)."""
    from nbgrader.coursedir import CourseDirectory

    config = load_config(root)
    coursedir = CourseDirectory(config=config)
    configured = config.CourseDirectory.get("root") if "CourseDirectory" in config else None
    coursedir.root = str((root / configured).resolve() if configured else root.resolve())
    base = Path(coursedir.root)
    source = Path(coursedir.format_path(coursedir.source_directory, ".", assignment)).resolve()
    if not source.is_dir():
        known = sorted(p.name for p in (base / coursedir.source_directory).glob("*") if p.is_dir())
        raise UsageError(
            f"no assignment {assignment!r} in {base / coursedir.source_directory} "
            f"(found: {', '.join(known) or 'none'})"
        )
    notebooks = {p.stem: p for p in sorted(source.glob("*.ipynb"))}
    if not notebooks:
        raise UsageError(f"the source folder {source} holds no notebook")
    submitted = base / coursedir.submitted_directory
    if not submitted.is_dir():
        raise UsageError(f"no submissions folder {submitted} (nbgrader's submitted/)")
    submissions = []
    for student_dir in sorted(p for p in submitted.iterdir() if p.is_dir()):
        folder = Path(
            coursedir.format_path(coursedir.submitted_directory, student_dir.name, assignment)
        )
        if not folder.is_dir():
            continue
        found = tuple(
            SubmittedNotebook(p.stem, p)
            for p in sorted(folder.glob("*.ipynb"))
            if p.stem in notebooks
        )
        submissions.append(
            Submission(
                student_dir.name,
                assignment,
                found,
                folder,
                coursedir.get_existing_timestamp(str(folder)),
            )
        )
    if not submissions:
        raise UsageError(
            f"no student in {submitted} submitted {assignment!r} "
            f"(expected {submitted}/<student>/{assignment}/)"
        )
    gradebook = base / "gradebook.db"
    prepared = NbgraderAssignment(
        assignment,
        notebooks,
        config,
        root=base,
        source_folder=source,
        gradebook=gradebook if gradebook.is_file() else None,
    )
    return prepared, submissions


def open_notebook(source: Path, submissions: Path) -> tuple[NbgraderAssignment, list[Submission]]:
    """One nbgrader source notebook and a folder of submissions (``<student>.ipynb``,
    ``<student>/*.ipynb`` or ``<student>/<assignment>/*.ipynb``). No data files travel: the
    source's folder may hold anything."""
    if not source.is_file():
        raise UsageError(f"source notebook {source} does not exist")
    if not is_nbgrader_notebook(source):
        raise UsageError(f"{source} has no nbgrader cell metadata: not an nbgrader source notebook")
    if not submissions.is_dir():
        raise UsageError(f"submissions folder {submissions} does not exist")
    name = source.stem
    found = []
    for entry in sorted(submissions.iterdir()):
        if entry.is_file() and entry.suffix == ".ipynb":
            found.append(Submission(entry.stem, name, (SubmittedNotebook(name, entry),)))
        elif entry.is_dir():
            candidates = [*sorted(entry.glob("*.ipynb")), *sorted(entry.glob("*/*.ipynb"))]
            preferred = [p for p in candidates if p.stem == name]
            chosen = (preferred or candidates)[:1]
            if chosen:
                found.append(Submission(entry.name, name, (SubmittedNotebook(name, chosen[0]),)))
    if not found:
        raise UsageError(
            f"no submissions in {submissions} (expected <student>.ipynb or <student>/*.ipynb)"
        )
    config = load_config(source.parent if (source.parent / NBGRADER_CONFIG).is_file() else None)
    return NbgraderAssignment(name, {name: source}, config), found
