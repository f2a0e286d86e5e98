"""Sanitize a submission: parse it, find its answer cells by nbgrader metadata, restore locked
cells from the released copy, and say in plain words what was wrong with the file.

The result is the ordered list of code cells the sandbox runs. nbgrader test cells (``grade`` and
``locked``: in our notebooks they only call the public ``check``) and locked exploration cells
(grade_id ending in ``_explore``: plots and demos for the student) are never run when grading:
they decide nothing and can cost seconds (a training demo) or call a hanging answer.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from autograder.exceptions import SubmissionError

MAX_NOTEBOOK_BYTES = 200 * 1024 * 1024
EXPLORE_SUFFIX = "_explore"  # locked exploration/plot cells: for the student, not for grading


@dataclass
class Sanitized:
    """Cells to execute (name + source) and notes for the student about the file itself."""

    cells: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _nbgrader(cell: Any) -> dict[str, Any]:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta if isinstance(meta, dict) else {}


def _source(cell: Any) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def read_submission(path: Path) -> tuple[nbformat.NotebookNode, list[str]]:
    """Parse a submitted notebook, or raise :class:`SubmissionError` saying what is wrong.

    Saved outputs are dropped at once (they are never graded, and may be huge); duplicated cell
    ids are repaired. Returns the notebook and notes about the file for the student."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SubmissionError(f"{path.name}: cannot be read ({exc.strerror})") from None
    if len(raw) > MAX_NOTEBOOK_BYTES:
        raise SubmissionError(
            f"{path.name}: the file is {len(raw) / 2**20:.0f} MB, above the "
            f"{MAX_NOTEBOOK_BYTES // 2**20} MB limit; clear the outputs and "
            f"submit again."
        )
    try:
        data = json.loads(raw.decode("utf-8-sig"))  # editors on Windows may add a BOM
    except UnicodeDecodeError:
        raise SubmissionError(
            f"{path.name}: is not a notebook (the file is not text; was something else uploaded?)"
        ) from None
    except json.JSONDecodeError as exc:
        raise SubmissionError(
            f"{path.name}: is not valid JSON (line {exc.lineno}, column "
            f"{exc.colno}: {exc.msg}); the notebook file is damaged. Open it in "
            f"a text editor or download a fresh copy and re-enter your "
            f"answers."
        ) from None
    if not isinstance(data, dict) or ("cells" not in data and "worksheets" not in data):
        raise SubmissionError(f"{path.name}: is JSON but not a Jupyter notebook (no cells).")
    major = data.get("nbformat")
    if major not in (3, 4):
        raise SubmissionError(
            f"{path.name}: unsupported notebook format version {major!r} (expected 4)."
        )
    notes = []
    cells = data.get("cells")
    if isinstance(cells, list):
        ids = [c.get("id") for c in cells if isinstance(c, dict) and c.get("id")]
        if len(ids) != len(set(ids)):
            notes.append("Some cells share the same id (copied cells?); the ids were repaired.")
        for cell in cells:
            if isinstance(cell, dict) and "outputs" in cell:
                cell["outputs"] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return nbformat.reads(json.dumps(data), as_version=4), notes
    except Exception as exc:  # nbformat raises a variety of errors on malformed cells
        raise SubmissionError(f"{path.name}: the notebook structure is damaged ({exc}).") from None


def build_cells(submission: nbformat.NotebookNode, released: nbformat.NotebookNode) -> Sanitized:
    """Merge the submission with the released notebook into the cells the sandbox runs."""
    out = Sanitized()
    locked: dict[str, str] = {}
    order: list[str] = []
    answers: set[str] = set()
    tests: set[str] = set()
    for cell in released.cells:
        meta = _nbgrader(cell)
        gid = meta.get("grade_id")
        if cell.cell_type != "code" or not gid:
            continue
        order.append(gid)
        is_test = meta.get("grade") and meta.get("locked") and not meta.get("solution")
        if is_test or (meta.get("locked") and gid.endswith(EXPLORE_SUFFIX)):
            tests.add(gid)  # never run when grading
        elif meta.get("solution"):
            answers.add(gid)
        elif meta.get("locked"):
            locked[gid] = _source(cell)

    has_metadata = any(_nbgrader(c).get("grade_id") for c in submission.cells)
    if not has_metadata:
        out.notes.append(
            "The notebook's grading metadata is missing (another editor may have "
            "stripped it); all code cells were run in order and the locked cells "
            "were restored from the released notebook."
        )
    seen: set[str] = set()
    entries: list[tuple[str | None, str, str]] = []  # (grade_id, name, source)
    for index, cell in enumerate(submission.cells, start=1):
        gid = _nbgrader(cell).get("grade_id")
        if gid in answers and cell.cell_type != "code":
            out.notes.append(
                f"The answer cell for {gid} is a {cell.cell_type} cell, so it was "
                f"not run; change it back to a code cell."
            )
            continue
        if cell.cell_type != "code":
            continue
        if gid in seen:
            out.notes.append(f"Cell {index} repeats the id {gid}; only its first copy was used.")
            continue
        if gid:
            seen.add(gid)
        if gid in tests:
            continue
        source = _source(cell)
        if gid in locked:
            if source != locked[gid]:
                out.notes.append(
                    f"The locked cell {gid} was edited; the released version was run instead."
                )
            source = locked[gid]
        name = f"cell {index}" + (f" ({gid})" if gid else "")
        entries.append((gid, name, source))

    for gid in answers - seen:
        out.notes.append(f"The answer cell for {gid} is missing from the notebook.")
    _restore_missing_locked(entries, order, locked, seen)
    out.cells = [{"name": name, "source": src} for _, name, src in entries]
    return out


def _restore_missing_locked(
    entries: list[tuple[str | None, str, str]],
    order: list[str],
    locked: dict[str, str],
    seen: set[str],
) -> None:
    """Insert released locked cells the student deleted, after their released predecessor."""
    for pos, gid in enumerate(order):
        if gid not in locked or gid in seen:
            continue
        before = set(order[:pos])
        at = 0
        for i, (eg, _, _) in enumerate(entries):
            if eg in before:
                at = i + 1
        entries.insert(at, (gid, f"restored cell ({gid})", locked[gid]))
        seen.add(gid)
