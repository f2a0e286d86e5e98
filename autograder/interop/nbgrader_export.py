"""``export_nbgrader``: one of our assignments as an nbgrader course, graded by our engine.

The exported course is what ``nbgrader generate_assignment`` expects::

    <out>/nbgrader_config.py          our answer stubs (see :class:`AutograderStubs`)
    <out>/source/<id>/<id>.ipynb      the source notebook, with nbgrader cell metadata
    <out>/source/<id>/public_*.py ... the files ``check("q1")`` reads beside the notebook

The source notebook is the one ``autograder assign`` generates, cell for cell and with the same
grade ids, except that each answer cell holds the master's answer with its
``### BEGIN SOLUTION`` / ``### END SOLUTION`` regions (nbgrader's own markers): nbgrader's release
then hands students exactly our stubs, and our grader finds their answers by the same grade ids.
Per question, the locked ``check("<q>")`` cell is the autograded grade cell, grade id
``<q>_check`` (:func:`grade_cell_id`), worth the question's points: grade ids must be unique in
nbgrader, and ``<q>`` is the answer cell's. The points in the gradebook come from our grader
(:mod:`autograder.interop.nbgrader_gradebook`), not from running that cell.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbgrader.preprocessors import ClearSolutions

from autograder.authoring.assign import build_notebook
from autograder.authoring.master import BEGIN, stub_code
from autograder.course import Assignment
from autograder.exceptions import UsageError

CHECK_SUFFIX = "_check"
PUBLIC_FILES = ("public_checks.py", "public_expected.json", "functions.py")
GRADE_CELL_NOTE = (
    "# Points for this question come from the course's autograder (autograder grade), written\n"
    "# into the gradebook; running this cell only runs the public checks.\n"
)
CONFIG = '''"""nbgrader configuration of a course exported by `autograder export-nbgrader`."""

c = get_config()  # noqa: F821 (nbgrader defines it)

# Students get the stubs `autograder assign` writes: each solution region inside a function
# becomes `raise NotImplementedError`, a top-level one (private helpers) is dropped.
c.ClearSolutions.code_stub = {"python": "raise NotImplementedError"}
c.GenerateAssignment.preprocessors = [
    "nbgrader.preprocessors.IncludeHeaderFooter",
    "nbgrader.preprocessors.InstantiateTests",
    "nbgrader.preprocessors.LockCells",
    "autograder.interop.nbgrader_export.AutograderStubs",
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.CheckCellMetadata",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.SaveCells",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbgrader.preprocessors.ClearMarkScheme",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.CheckCellMetadata",
]
'''


def grade_cell_id(question_id: str) -> str:
    """The grade id of a question's grade cell in an exported notebook (``q1`` -> ``q1_check``)."""
    return question_id + CHECK_SUFFIX


class AutograderStubs(ClearSolutions):  # type: ignore[misc]
    """nbgrader's ClearSolutions, writing our stubs into answer cells with our markers.

    nbgrader would put its stub even where a region sits at the top level of a cell (a private
    helper), and that line would raise before the cell's other functions are defined; this
    writes what ``autograder assign`` writes (:func:`autograder.authoring.master.stub_code`)."""

    def _replace_solution_region(self, cell: NotebookNode, language: str) -> bool:
        if cell.cell_type != "code" or not any(
            line.strip() == BEGIN for line in cell.source.splitlines()
        ):
            replaced: bool = super()._replace_solution_region(cell, language)
            return replaced
        cell.source = stub_code(cell.source)
        return True


def source_notebook(assignment: Assignment) -> NotebookNode:
    """The nbgrader source notebook: ours, answer cells with their solution regions, and a line
    in each grade cell saying where its points come from."""
    nb = build_notebook(assignment)
    answers = {
        c.question: c.source.strip("\n")
        for c in assignment.master.cells
        if c.kind == "answer" and c.question
    }
    grade_ids = {grade_cell_id(q) for q in answers}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        gid = meta.get("grade_id")
        if meta.get("solution") and gid in answers:
            cell.source = answers[gid]
        elif meta.get("grade") and gid in grade_ids:
            cell.source = GRADE_CELL_NOTE + cell.source
    return nb


def export_nbgrader(assignment_id: str, course_root: Path, out_course_dir: Path) -> Path:
    """Write ``assignment_id`` of the course at ``course_root`` as an nbgrader course in
    ``out_course_dir`` (created; files of an earlier export are replaced). Returns the source
    notebook's path; ``nbgrader generate_assignment <id>`` in ``out_course_dir`` comes next."""
    assignment = Assignment.load(assignment_id, course_root)
    if not assignment.reference_path.is_file():
        raise UsageError(
            f"{assignment_id} has no master ({assignment.reference_path.name}): "
            f"the solutions the nbgrader source notebook needs are there"
        )
    source = out_course_dir / "source" / assignment_id
    source.mkdir(parents=True, exist_ok=True)
    config = out_course_dir / "nbgrader_config.py"
    config.write_text(CONFIG)
    notebook = source / f"{assignment_id}.ipynb"
    nbformat.write(source_notebook(assignment), notebook)
    for name in PUBLIC_FILES:
        if (assignment.directory / name).is_file():
            shutil.copyfile(assignment.directory / name, source / name)
    return notebook
