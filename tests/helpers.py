"""Helpers for the tests: build submissions from the reference with chosen answer cells."""

from __future__ import annotations

from pathlib import Path
from typing import overload

import nbformat

from autograder.authoring import Mutant
from autograder.authoring.cases import mutant_source
from autograder.authoring.solve import solved_notebook
from autograder.course import Assignment

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "reference_solutions" / "01_calculus_autodiff" / "examples"


@overload
def notebook_with(
    assignment: Assignment, answers: dict[str, str] | None = None, path: None = None
) -> nbformat.NotebookNode: ...


@overload
def notebook_with(assignment: Assignment, answers: dict[str, str] | None, path: Path) -> Path: ...


def notebook_with(
    assignment: Assignment, answers: dict[str, str] | None = None, path: Path | None = None
) -> nbformat.NotebookNode | Path:
    """The solved notebook with some answer cells replaced; written to ``path`` if given."""
    nb = solved_notebook(assignment, answers)
    if path is None:
        return nb
    nbformat.write(nb, path)
    return path


def write_mutant(assignment: Assignment, mutant: Mutant, path: Path) -> Path:
    out = notebook_with(assignment, {mutant.question: mutant_source(assignment, mutant)}, path)
    assert isinstance(out, Path)
    return out


__all__ = ["EXAMPLES", "ROOT", "mutant_source", "notebook_with", "write_mutant"]
