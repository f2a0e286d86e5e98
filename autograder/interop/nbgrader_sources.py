"""nbgrader's sanitizing step against a snapshot of an assignment's source cells (trusted side).

nbgrader's ``OverwriteKernelspec``, ``OverwriteCells`` and ``CheckCellMetadata`` open the
gradebook and query it cell by cell, and validate each cell's metadata with a JSON schema that
``jsonschema.validate`` checks anew on every call: about 45 ms for a ten-cell notebook, more than
running it in the sandbox. The source cells never change while a batch is graded, so they are read
once per notebook into a :class:`SourceNotebook`; nbgrader's own ``OverwriteCells`` then runs
against it (the same code, the same warnings and errors), and its own validator with the schema
compiled once. ``tests/test_nbgrader_restore.py`` holds the result equal to nbgrader's chain on
the database, tampered submissions included.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from jsonschema import validators
from jsonschema.exceptions import best_match
from nbformat import NotebookNode
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.nbgraderformat import MetadataValidator, SchemaTooNewError, SchemaTooOldError
from nbgrader.nbgraderformat.common import BaseMetadataValidator, ValidationError
from nbgrader.preprocessors import NbGraderPreprocessor, OverwriteCells


@dataclass(frozen=True)
class SourceCell:
    """One source cell row: what ``OverwriteCells`` reads of it."""

    name: str
    cell_type: str
    locked: bool
    source: str
    checksum: str | None


@dataclass(frozen=True)
class GradedCell:
    """One grade or task cell row."""

    name: str
    max_score: float


@dataclass
class SourceNotebook:
    """A notebook's rows of the gradebook, answering the ``Gradebook`` queries that nbgrader's
    sanitizing preprocessors make, with the same ``MissingEntry`` where a row does not exist."""

    name: str
    kernelspec: str | None
    source_cells: list[SourceCell] = field(default_factory=list)
    grade_cells: list[GradedCell] = field(default_factory=list)
    solution_cells: list[GradedCell] = field(default_factory=list)  # names only (score 0)
    task_cells: list[GradedCell] = field(default_factory=list)

    @classmethod
    def read(cls, db_url: str, notebook: str, assignment: str) -> SourceNotebook:
        with Gradebook(db_url) as gb:
            row = gb.find_notebook(notebook, assignment)
            return cls(
                name=notebook,
                kernelspec=row.kernelspec,
                source_cells=[
                    SourceCell(c.name, c.cell_type, bool(c.locked), c.source, c.checksum)
                    for c in row.source_cells
                ],
                grade_cells=[GradedCell(c.name, float(c.max_score)) for c in row.grade_cells],
                solution_cells=[GradedCell(c.name, 0.0) for c in row.solution_cells],
                task_cells=[GradedCell(c.name, float(c.max_score)) for c in row.task_cells],
            )

    def find_notebook(self, notebook: str, assignment: str) -> SourceNotebook:
        return self

    def find_source_cell(self, name: str, notebook: str, assignment: str) -> SourceCell:
        for cell in self.source_cells:
            if cell.name == name:
                return cell
        raise MissingEntry(f"No such source cell: {assignment}/{notebook}/{name}")

    def find_graded_cell(self, name: str, notebook: str, assignment: str) -> GradedCell:
        """A grade cell of that name, else a task cell, as ``Gradebook.find_graded_cell``."""
        for cell in (*self.grade_cells, *self.task_cells):
            if cell.name == name:
                return cell
        raise MissingEntry(f"No such grade cell: {assignment}/{notebook}/{name}")


class OverwriteCellsFrom(OverwriteCells):  # type: ignore[misc]
    """nbgrader's ``OverwriteCells`` reading a :class:`SourceNotebook` instead of the database."""

    def __init__(self, source: SourceNotebook, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.source = source

    def preprocess(self, nb: NotebookNode, resources: Any) -> tuple[NotebookNode, Any]:
        self.notebook_id = resources["nbgrader"]["notebook"]
        self.assignment_id = resources["nbgrader"]["assignment"]
        self.gradebook = self.source
        nb, resources = NbGraderPreprocessor.preprocess(self, nb, resources)
        if self.add_missing_cells:
            nb, resources = self.add_missing_grade_cells(nb, resources)
            nb, resources = self.add_missing_task_cells(nb, resources)
        return nb, resources


def overwrite_kernelspec(nb: NotebookNode, source: SourceNotebook) -> None:
    """The source's kernelspec over the submission's, as ``OverwriteKernelspec``."""
    if source.kernelspec is not None and (kernelspec := json.loads(source.kernelspec)):
        nb.metadata["kernelspec"] = kernelspec


class _CompiledSchema(BaseMetadataValidator):  # type: ignore[misc]
    """``BaseMetadataValidator.validate_cell`` with its JSON schema checked and compiled once,
    not on every cell; placed after nbgrader's validator in the MRO (see ``MetadataChecker``)."""

    def __init__(self) -> None:
        super().__init__()
        kind = validators.validator_for(self.schema)
        kind.check_schema(self.schema)
        self._compiled = kind(self.schema)

    def validate_cell(self, cell: NotebookNode) -> None:
        if "nbgrader" not in cell.metadata:
            return
        meta = cell.metadata["nbgrader"]
        version = meta.get("schema_version", 0)
        if version < self.schema_version:
            raise SchemaTooOldError(
                f"Outdated schema version: {version} (expected {self.schema_version})",
                version,
                self.schema_version,
            )
        if version > self.schema_version:
            raise SchemaTooNewError(
                f"Schema version is too new: {version} (expected {self.schema_version})",
                version,
                self.schema_version,
            )
        error = best_match(self._compiled.iter_errors(meta))
        if error is not None:
            raise error


class MetadataChecker(MetadataValidator, _CompiledSchema):  # type: ignore[misc]
    """nbgrader's current metadata validator, its schema step compiled once: its
    ``validate_cell`` calls ``super().validate_cell``, which the MRO sends to
    ``_CompiledSchema`` instead of ``BaseMetadataValidator``."""


def check_cell_metadata(nb: NotebookNode, checker: MetadataChecker) -> None:
    """``CheckCellMetadata``: the notebook's nbgrader metadata valid, else its error."""
    try:
        checker.validate_nb(nb)
    except ValidationError as exc:
        raise ValidationError(
            "Notebook failed to validate; the nbgrader metadata may be corrupted."
        ) from exc
