"""Submitted nbgrader notebooks restored as nbgrader's autograde sanitizes them before running
them (trusted side), with nbgrader's own code.

The source notebooks go through the preprocessors ``nbgrader generate_assignment`` runs up to
``SaveCells`` (header and footer, locked cells, solutions cleared, checksums), saved into a
private copy of the course's ``gradebook.db`` (or a new one; the course's file is only read), and
each submission through autograde's sanitizing chain (``ClearOutput``, ``DeduplicateIds``,
``OverwriteKernelspec``, ``OverwriteCells``, ``CheckCellMetadata``) against that copy's rows, read
once per notebook at the start (:mod:`autograder.interop.nbgrader_sources`): locked and test
cells, hidden tests included, come back from the source.
"""

from __future__ import annotations

import fnmatch
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode
from nbformat.corpus.words import generate_corpus_id


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
        if self.gradebook is not None and self.gradebook.is_file():
            shutil.copy2(self.gradebook, self.work / "gradebook.db")
        else:
            self._create_tables()
        self._save_sources()
        self._copy_data()
        from autograder.interop.nbgrader_sources import MetadataChecker, SourceNotebook

        # the source rows, read once: nothing writes them while submissions are restored
        self.sources = {
            name: SourceNotebook.read(self.db_url, name, self.assignment)
            for name in self.source_notebooks
        }
        self.checker = MetadataChecker()

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
        """The submitted notebook as autograde's sanitizing step leaves it: ``ClearOutput``,
        ``DeduplicateIds``, then kernelspec, cells and metadata checked against the source
        (:mod:`autograder.interop.nbgrader_sources`, nbgrader's code on a snapshot)."""
        from nbgrader.preprocessors import ClearOutput, DeduplicateIds

        from autograder.interop.nbgrader_sources import (
            OverwriteCellsFrom,
            check_cell_metadata,
            overwrite_kernelspec,
        )

        source = self.sources[notebook]
        resources = self._resources(notebook, student)
        nb, resources = ClearOutput(config=self.config)(nb, resources)
        nb, resources = DeduplicateIds(config=self.config)(nb, resources)
        overwrite_kernelspec(nb, source)
        nb, resources = OverwriteCellsFrom(source, config=self.config)(nb, resources)
        check_cell_metadata(nb, self.checker)
        # cells OverwriteCells adds back hold plain dicts (attribute access everywhere) and have
        # no id, which nbformat 4.5 requires
        normal: NotebookNode = nbformat.from_dict(nb)
        if (normal.nbformat, normal.nbformat_minor) >= (4, 5):
            for cell in normal.cells:
                cell.setdefault("id", generate_corpus_id())
        return normal

    def release_notebook(self, notebook: str) -> NotebookNode:
        """The notebook as the gradebook knows it (source cells, in order): what a student who
        submitted nothing is graded on."""
        source = self.sources[notebook]
        points = {c.name: c.max_score for c in source.grade_cells}
        solutions = {c.name for c in source.solution_cells}
        cells = []
        for cell in source.source_cells:
            meta: dict[str, Any] = {
                "grade": cell.name in points,
                "solution": cell.name in solutions,
                "locked": cell.locked,
                "grade_id": cell.name,
                "checksum": cell.checksum,
                "schema_version": 3,
            }
            if cell.name in points:
                meta["points"] = points[cell.name]
            kind = "code" if cell.cell_type == "code" else "markdown"
            cells.append(
                getattr(nbformat.v4, f"new_{kind}_cell")(cell.source, metadata={"nbgrader": meta})
            )
        released: NotebookNode = nbformat.v4.new_notebook(cells=cells)
        return released

    def close(self) -> None:
        shutil.rmtree(self.work, ignore_errors=True)

    def __enter__(self) -> NbgraderAssignment:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
