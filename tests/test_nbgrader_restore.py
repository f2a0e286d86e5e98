"""Submissions restored from a snapshot of the source cells (``nbgrader_sources``) come out
exactly as nbgrader's own sanitizing chain on the gradebook leaves them: every student of the
generated course and every way of tampering with a notebook we could think of, errors included."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbformat import NotebookNode

from autograder.interop.nbgrader_course import open_course
from autograder.interop.nbgrader_restore import NbgraderAssignment
from tests.nbgrader_cases import ASSIGNMENT, STUDENTS, _cell, make_course, source_notebook


def _with_task() -> Any:
    """The generated course's source notebook with a task cell (markdown, points, locked)."""
    nb = source_notebook()
    nb.cells.insert(
        2, _cell("markdown", "Describe your plan.", "task_plan", task=True, points=1, locked=True)
    )
    return nb


def _ours(prepared: NbgraderAssignment) -> Restore:
    return lambda nb, student: prepared.restore(ASSIGNMENT, nb, student)


def _theirs(prepared: NbgraderAssignment) -> Restore:
    """nbgrader's own chain on the private gradebook, as ``nbgrader autograde`` runs it."""
    from nbgrader.preprocessors import (
        CheckCellMetadata,
        ClearOutput,
        DeduplicateIds,
        OverwriteCells,
        OverwriteKernelspec,
    )

    def restore(nb: NotebookNode, student: str) -> NotebookNode:
        resources = prepared._resources(ASSIGNMENT, student)
        for kind in (ClearOutput, DeduplicateIds, OverwriteKernelspec, OverwriteCells):
            nb, resources = kind(config=prepared.config)(nb, resources)
        CheckCellMetadata(config=prepared.config)(nb, resources)
        restored: NotebookNode = nbformat.from_dict(nb)
        return restored

    return restore


Restore = Callable[[NotebookNode, str], NotebookNode]


def _outcome(restore: Restore, nb: NotebookNode, student: str) -> Any:
    """The restored copy of ``nb`` as JSON without cell ids (added back cells get random
    ones), or the error's type and message."""
    try:
        nb = restore(copy.deepcopy(nb), student)
    except Exception as exc:
        return (type(exc).__name__, str(exc))
    plain = json.loads(json.dumps(nb))
    for cell in plain["cells"]:
        cell.pop("id", None)
    return plain


def _find(nb: NotebookNode, grade_id: str) -> NotebookNode:
    cell: NotebookNode = next(
        c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id
    )
    return cell


def _meta(nb: NotebookNode, grade_id: str) -> dict[str, Any]:
    meta: dict[str, Any] = _find(nb, grade_id).metadata.nbgrader
    return meta


def _retype(nb: NotebookNode) -> None:
    cell = _find(nb, "test_double")
    cell.cell_type = "markdown"
    del cell["outputs"], cell["execution_count"]


def _drop(*grade_ids: str) -> Callable[[NotebookNode], None]:
    def edit(nb: NotebookNode) -> None:
        nb.cells = [
            c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") not in grade_ids
        ]

    return edit


def _unlock(nb: NotebookNode) -> None:
    _meta(nb, "setup").update(locked=False)
    _find(nb, "setup").source = "FACTOR = 3"


def _invent(nb: NotebookNode) -> None:
    nb.cells.append(_cell("code", "assert True", "invented", grade=True, points=5))


def _duplicate(nb: NotebookNode) -> None:
    nb.cells.append(copy.deepcopy(_find(nb, "test_double")))


def _forge_outputs(nb: NotebookNode) -> None:
    cell = _find(nb, "test_partial")
    cell.execution_count = 3
    cell.outputs = [
        nbformat.v4.new_output("execute_result", data={"text/plain": "2.0"}, execution_count=3)
    ]


def _strip_metadata(nb: NotebookNode) -> None:
    del _find(nb, "test_quiet").metadata["nbgrader"]


TAMPERINGS: dict[str, Callable[[NotebookNode], None]] = {
    "retyped test cell": _retype,
    "more points": lambda nb: _meta(nb, "test_partial").update(points=20),
    "unlocked and edited setup": _unlock,
    "duplicated test cell": _duplicate,
    "invented grade cell": _invent,
    "other kernel": lambda nb: nb.metadata.update(
        kernelspec={"name": "evil", "display_name": "Evil", "language": "python"}
    ),
    "deleted task cell": _drop("task_plan"),
    "deleted first cells": _drop("setup", "task_plan", "answer_double", "test_double"),
    "old schema": lambda nb: _meta(nb, "test_quiet").update(schema_version=2),
    "newer schema": lambda nb: _meta(nb, "test_quiet").update(schema_version=4),
    "points not a number": lambda nb: _meta(nb, "test_after").update(points="many"),
    "points as a string": lambda nb: _meta(nb, "test_after").update(points="1"),
    "grade flag removed": lambda nb: _meta(nb, "test_slow").pop("grade"),
    "forged outputs": _forge_outputs,
    "nbgrader metadata stripped": _strip_metadata,
}


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_course(tmp_path_factory.mktemp("restore"), STUDENTS, _with_task())


def test_every_student_is_restored_as_nbgrader_restores_them(course: Path) -> None:
    prepared, submissions = open_course(course, ASSIGNMENT)
    with prepared:
        assert len(submissions) == len(STUDENTS)
        for sub in submissions:
            (submitted,) = sub.notebooks
            nb = nbformat.read(submitted.path, as_version=4)
            ours = _outcome(_ours(prepared), nb, sub.student)
            theirs = _outcome(_theirs(prepared), nb, sub.student)
            assert isinstance(ours, dict), (sub.student, ours)
            assert ours == theirs, sub.student


@pytest.mark.parametrize("tampering", sorted(TAMPERINGS))
def test_a_tampered_notebook_is_restored_or_refused_as_nbgrader_does(
    course: Path, tampering: str
) -> None:
    prepared, submissions = open_course(course, ASSIGNMENT)
    with prepared:
        right = next(s for s in submissions if s.student == "right")
        original = nbformat.read(right.notebooks[0].path, as_version=4)
        nb = copy.deepcopy(original)
        TAMPERINGS[tampering](nb)
        assert nb != original  # the case is not vacuous
        ours = _outcome(_ours(prepared), nb, "right")
        theirs = _outcome(_theirs(prepared), nb, "right")
        assert ours == theirs
