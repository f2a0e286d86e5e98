"""Helpers for the tests: build submissions from the reference with chosen answer cells."""

from __future__ import annotations

from pathlib import Path

import nbformat

from autograder.assignment import Assignment
from autograder.solve import solved_notebook
from tests.mutants import Mutant

ROOT = Path(__file__).resolve().parent.parent


def notebook_with(assignment: Assignment, answers: dict[str, str] | None = None,
                  path: Path | None = None) -> nbformat.NotebookNode | Path:
    """The solved notebook with some answer cells replaced; written to ``path`` if given."""
    nb = solved_notebook(assignment)
    for cell in nb.cells:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if answers and gid in answers and cell.cell_type == "code":
            cell.source = answers[gid]
    if path is None:
        return nb
    nbformat.write(nb, path)
    return path


def mutant_source(assignment: Assignment, mutant: Mutant) -> str:
    """The mutant's answer-cell code; fails loudly if the mutation no longer applies."""
    section = assignment.reference_sections()[mutant.question]
    assert mutant.old in section, f"mutant {mutant.name!r} no longer matches the reference"
    return section.replace(mutant.old, mutant.new)


def write_mutant(assignment: Assignment, mutant: Mutant, path: Path) -> Path:
    out = notebook_with(assignment, {mutant.question: mutant_source(assignment, mutant)}, path)
    assert isinstance(out, Path)
    return out
