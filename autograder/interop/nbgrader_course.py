"""An nbgrader course read from disk (trusted side): its config, an assignment's source
notebooks, the submissions, and each submitted notebook restored as nbgrader's autograde
sanitizes it before running it.

The restoring is nbgrader's own code: the source notebooks go through the preprocessors
``nbgrader generate_assignment`` runs up to ``SaveCells`` (header and footer, locked cells,
solutions cleared, checksums), saved into a private copy of the course's ``gradebook.db`` (or a new
one), and each submission through autograde's sanitizing chain (``ClearOutput``,
``DeduplicateIds``, ``OverwriteKernelspec``, ``OverwriteCells``, ``CheckCellMetadata``) against
that copy: locked and test cells, hidden tests included, come back from the source.
The course config is read with traitlets' loader, the way nbgrader reads it (it is Python, and
runs). Unlike nbgrader, ``OverwriteCells.add_missing_cells`` defaults to on (a deleted test cell
is put back and run); a course config may turn it off.
"""

from __future__ import annotations

import base64
import fnmatch
import logging
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode
from nbformat.corpus.words import generate_corpus_id

from autograder.exceptions import UsageError

log = logging.getLogger(__name__)
CONFIG_FILE = "nbgrader_config.py"
MAX_STUDENT_FILES_BYTES = 4 * 1024 * 1024


def has_nbgrader_metadata(nb: NotebookNode) -> bool:
    """Whether any cell of the notebook carries nbgrader's metadata."""
    return any("nbgrader" in cell.get("metadata", {}) for cell in nb.cells)


def is_nbgrader_notebook(path: Path) -> bool:
    """A readable notebook with nbgrader cell metadata."""
    try:
        return has_nbgrader_metadata(nbformat.read(path, as_version=4))
    except Exception:  # an unreadable file is simply not one
        return False


def is_nbgrader_course(path: Path) -> bool:
    """A folder with nbgrader's config file or its ``source/`` folder."""
    return path.is_dir() and ((path / CONFIG_FILE).is_file() or (path / "source").is_dir())


def load_config(root: Path | None) -> Any:
    """The course's ``nbgrader_config.py`` (when there is one) over our defaults."""
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = Config()
    config.OverwriteCells.add_missing_cells = True
    if root is not None and (root / CONFIG_FILE).is_file():
        try:
            config.merge(PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config())
        except Exception as exc:
            raise UsageError(f"cannot read {root / CONFIG_FILE}: {exc}") from None
    return config


@dataclass(frozen=True)
class ExecuteSettings:
    """nbgrader's ``Execute`` settings the sandboxed runner honours."""

    timeout: float | None
    error_on_timeout: dict[str, Any] | None

    @classmethod
    def from_config(cls, config: Any) -> ExecuteSettings:
        from nbgrader.preprocessors import Execute

        execute = Execute(config=config)
        timeout = execute.timeout
        return cls(
            float(timeout) if timeout and timeout > 0 else None,
            dict(execute.error_on_timeout) if execute.error_on_timeout else None,
        )


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


@dataclass
class NbgraderAssignment:
    """An assignment of an nbgrader course (or one source notebook), ready to restore
    submissions. ``close()`` removes the private gradebook copy and the data folder."""

    assignment: str
    source_notebooks: dict[str, Path]
    config: Any
    root: Path | None = None
    source_folder: Path | None = None
    gradebook: Path | None = None
    work: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="ag-nbgrader-")))

    def __post_init__(self) -> None:
        self.db_url = f"sqlite:///{self.work / 'gradebook.db'}"
        self.settings = ExecuteSettings.from_config(self.config)
        self.data_dir = self.work / "data"
        self.data_dir.mkdir()
        self.lock = threading.Lock()  # nbgrader's Gradebook opens (and may write) the file
        if self.gradebook is not None and self.gradebook.is_file():
            shutil.copy2(self.gradebook, self.work / "gradebook.db")
        else:
            self._create_tables()
        self._save_sources()
        self._copy_data()

    # ------------------------------------------------------------------ the source side

    @property
    def ignore(self) -> list[str]:
        from nbgrader.coursedir import CourseDirectory

        return list(CourseDirectory(config=self.config).ignore)

    def _resources(self, notebook: str, student: str = ".") -> dict[str, Any]:
        return {
            "nbgrader": {
                "notebook": notebook,
                "assignment": self.assignment,
                "student": student,
                "db_url": self.db_url,
            },
            "unique_key": notebook,
        }

    def _create_tables(self) -> None:
        """nbgrader's tables in the new private gradebook, made here: nbgrader would stamp a
        new file with its migration head by running the ``alembic`` command, which need not be
        on the PATH (nothing reads the stamp of this private copy)."""
        from nbgrader.api import Base
        from sqlalchemy import create_engine

        engine = create_engine(self.db_url)
        try:
            Base.metadata.create_all(bind=engine)
        finally:
            engine.dispose()

    def _save_sources(self) -> None:
        """Source cells into the private gradebook, unless the course's copy has them."""
        from nbgrader.api import Gradebook, MissingEntry
        from nbgrader.preprocessors import (
            CheckCellMetadata,
            ClearOutput,
            ClearSolutions,
            ComputeChecksums,
            IncludeHeaderFooter,
            LockCells,
            SaveCells,
        )

        with Gradebook(self.db_url) as gb:
            gb.update_or_create_assignment(self.assignment)
            missing = []
            for name in self.source_notebooks:
                try:
                    gb.find_notebook(name, self.assignment)
                except MissingEntry:
                    missing.append(name)
        for name in missing:
            nb = nbformat.read(self.source_notebooks[name], as_version=4)
            resources = self._resources(name)
            header_footer = IncludeHeaderFooter(config=self.config)
            for attr in ("header", "footer"):
                value = getattr(header_footer, attr)
                if value and self.root is not None and not Path(value).is_absolute():
                    setattr(header_footer, attr, str(self.root / value))
            chain = [
                header_footer,
                LockCells(config=self.config),
                ClearSolutions(config=self.config),
                ClearOutput(config=self.config),
                CheckCellMetadata(config=self.config),
                ComputeChecksums(config=self.config),
                SaveCells(config=self.config),
            ]
            for preprocessor in chain:
                nb, resources = preprocessor(nb, resources)

    def _copy_data(self) -> None:
        """The source folder's other files (never a notebook), as nbgrader's autograde copies
        them over the submission: the only course files the sandbox sees."""
        if self.source_folder is None:
            return
        ignore = [*self.ignore, "*.ipynb"]
        for path in sorted(self.source_folder.rglob("*")):
            rel = path.relative_to(self.source_folder)
            if not path.is_file():
                continue
            if any(fnmatch.fnmatch(part, pattern) for part in rel.parts for pattern in ignore):
                continue
            target = self.data_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)

    # ------------------------------------------------------------------ the submissions

    def restore(self, notebook: str, nb: NotebookNode, student: str) -> NotebookNode:
        """The submitted notebook as autograde's sanitizing step leaves it."""
        resources = self._resources(notebook, student)
        with self.lock:
            restored = self._restore(nb, resources)
        # cells OverwriteCells adds back hold plain dicts (attribute access everywhere) and have
        # no id, which nbformat 4.5 requires
        normal: NotebookNode = nbformat.from_dict(restored)
        if (normal.nbformat, normal.nbformat_minor) >= (4, 5):
            for cell in normal.cells:
                cell.setdefault("id", generate_corpus_id())
        return normal

    def _restore(self, nb: NotebookNode, resources: dict[str, Any]) -> NotebookNode:
        from nbgrader.preprocessors import (
            CheckCellMetadata,
            ClearOutput,
            DeduplicateIds,
            OverwriteCells,
            OverwriteKernelspec,
        )

        for cls in (
            ClearOutput,
            DeduplicateIds,
            OverwriteKernelspec,
            OverwriteCells,
            CheckCellMetadata,
        ):
            nb, resources = cls(config=self.config)(nb, resources)
        return nb

    def release_notebook(self, notebook: str) -> NotebookNode:
        """The notebook as the gradebook knows it (source cells, in order): what a student who
        submitted nothing is graded on."""
        from nbgrader.api import Gradebook

        with self.lock, Gradebook(self.db_url) as gb:
            source = gb.find_notebook(notebook, self.assignment)
            grades = {c.name: c for c in source.grade_cells}
            solutions = {c.name for c in source.solution_cells}
            cells = []
            for cell in source.source_cells:
                meta: dict[str, Any] = {
                    "grade": cell.name in grades,
                    "solution": cell.name in solutions,
                    "locked": cell.locked,
                    "grade_id": cell.name,
                    "checksum": cell.checksum,
                    "schema_version": 3,
                }
                if cell.name in grades:
                    meta["points"] = grades[cell.name].max_score
                kind = "code" if cell.cell_type == "code" else "markdown"
                cells.append(
                    getattr(nbformat.v4, f"new_{kind}_cell")(
                        cell.source, metadata={"nbgrader": meta}
                    )
                )
        released: NotebookNode = nbformat.v4.new_notebook(cells=cells)
        return released

    def close(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)

    def __enter__(self) -> NbgraderAssignment:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


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
    config = load_config(source.parent if (source.parent / CONFIG_FILE).is_file() else None)
    return NbgraderAssignment(name, {name: source}, config), found
