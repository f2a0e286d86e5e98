"""``autograder assign``: the student notebook and the stored public outcomes, from the master.

The master (``reference_solutions/<id>/master.py``) and the suite (question ids, titles and
points) are the only places an instructor writes; this module generates

- ``assignments/<id>/<id>.ipynb``: markdown, the locked setup cell, per question a generated
  heading, the answer stub, the locked ``check("<q>")`` cell carrying the question's points, and
  the locked exploration cell, all with nbgrader cell metadata; last, the locked markdown cell
  "Before you submit" (:func:`submit_section`: how to check and submit, and the due date, the
  attempt that counts and the attempt limit from ``reference_solutions/<id>/policy.toml``);
- ``assignments/<id>/public_expected.json``: the reference's outcomes of the public checks.

Generation is deterministic (fixed cell ids), so a test can tell a stale file from a fresh one.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import nbformat

from autograder.authoring.master import Master, MasterCell, stub_code
from autograder.course import Assignment, Question
from autograder.exceptions import GraderError

NOTEBOOK_METADATA = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python", "version": "3.11"},
}


def _nbgrader(
    grade_id: str, *, solution: bool = False, grade: bool = False, points: float | None = None
) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": not solution,
        "schema_version": 3,
        "solution": solution,
    }
    if points is not None:
        meta["points"] = int(points) if float(points).is_integer() else points
    return {"nbgrader": meta}


def heading(number: int, question: Question) -> str:
    """``## Question N: title (P points)``, from the suite's title and points."""
    unit = "point" if question.points == 1 else "points"
    return f"## Question {number}: {question.title} ({question.points:g} {unit})"


def build_notebook(assignment: Assignment) -> nbformat.NotebookNode:
    """The student notebook generated from the master and the suite's question metadata."""
    master = assignment.master
    questions = {q.id: q for q in assignment.questions}
    _match_questions(master, questions)
    cells: list[nbformat.NotebookNode] = []
    markdown_count = 0
    numbers = {qid: n for n, qid in enumerate(master.questions, start=1)}
    for cell in master.cells:
        if cell.kind == "markdown":
            markdown_count += 1
            cells.append(nbformat.v4.new_markdown_cell(cell.source, id=f"md-{markdown_count}"))
        elif cell.kind == "setup":
            cells.append(
                nbformat.v4.new_code_cell(cell.source, id="setup", metadata=_nbgrader("setup"))
            )
        elif cell.kind == "question":
            qid = _qid(cell)
            text = heading(numbers[qid], questions[qid]) + (
                "\n\n" + cell.source if cell.source else ""
            )
            cells.append(nbformat.v4.new_markdown_cell(text, id=f"{qid}_text"))
        elif cell.kind == "answer":
            qid = _qid(cell)
            cells.append(
                nbformat.v4.new_code_cell(
                    stub_code(cell.source), id=qid, metadata=_nbgrader(qid, solution=True)
                )
            )
            cells.append(
                nbformat.v4.new_code_cell(
                    f'check("{qid}")',
                    id=f"{qid}_check",
                    metadata=_nbgrader(f"{qid}_check", grade=True, points=questions[qid].points),
                )
            )
        else:
            qid = _qid(cell)
            cells.append(
                nbformat.v4.new_code_cell(
                    cell.source, id=f"{qid}_explore", metadata=_nbgrader(f"{qid}_explore")
                )
            )
    cells.append(
        nbformat.v4.new_markdown_cell(
            submit_section(assignment), id=SUBMIT_CELL, metadata=_nbgrader(SUBMIT_CELL)
        )
    )
    nb: nbformat.NotebookNode = nbformat.v4.new_notebook(cells=cells, metadata=NOTEBOOK_METADATA)
    nb.nbformat, nb.nbformat_minor = 4, 5
    return nb


SUBMIT_CELL = "before_you_submit"
POLICY_FILE = "policy.toml"  # reference_solutions/<id>/policy.toml, optional
_SUBMIT_STEPS = """## Before you submit

1. **Restart and run all** (*Kernel → Restart Kernel and Run All Cells*): every cell should run
   without an error, and no answer may depend on a variable made in a scratch cell you have since
   changed or deleted.
2. **The public checks**: every `check("...")` cell should report that its public checks pass.
   They are a sample: the hidden checks call your functions on other inputs, so try edge cases
   yourself, and keep the functions' names and arguments as they are given.
3. **Save the notebook** (*File → Save*, or Ctrl+S): `submit()` refuses a notebook whose saved
   answer cells differ from what the kernel last ran.
4. **Submit** on the course hub, from a new cell at the end of this notebook:

   ```python
   from autograder.hub.client import submit, status, feedback
   submit()
   ```

   `submit()` sends this notebook and prints its feedback once it is graded; `status()` lists
   your submissions and the attempts you have left, and `feedback()` prints the feedback of
   your latest submission again. A cell that calls the hub client is not run when your notebook
   is graded, so it can stay in the notebook.
"""
_COUNTS = {
    "latest": "Your latest submission counts.",
    "best": "Your best submission counts.",
    "last_before_deadline": (
        "Your last submission before the due date counts (your latest one, with its late "
        "penalty, if none was on time)."
    ),
}
_CHANGES = "Should these change, `status()` and the course page show the new terms."
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS: tuple[str, ...] = ("January", "February", "March", "April", "May", "June", "July")
_MONTHS += ("August", "September", "October", "November", "December")


def submit_section(assignment: Assignment) -> str:
    """The notebook's last cell: how to check and submit, then the due date, which attempt
    counts and the attempt limit when the assignment has a ``policy.toml`` (written once here,
    not in each master)."""
    path = assignment.instructor_dir / POLICY_FILE
    if not path.is_file():
        terms = (
            "The due date and your attempts left are shown by `status()` and on the course page."
        )
    else:
        from autograder.grading.policy_file import load_policy

        policy = load_policy(path)
        due = "There is no due date." if policy.due is None else f"Due {due_text(policy.due)}."
        limit = policy.max_attempts
        attempts = (
            "You can submit as often as you like."
            if limit is None
            else f"You can submit at most {limit} time{'s' if limit != 1 else ''}; "
            "`status()` shows how many attempts you have left."
        )
        terms = f"{due} {_COUNTS[policy.counts.value]} {attempts} {_CHANGES}"
    return f"{_SUBMIT_STEPS}\n**Due date and attempts.** {terms}"


def due_text(due: datetime) -> str:
    """``Saturday 1 March 2025 at 23:59 (Europe/Berlin)``: the due date in its own time zone,
    spelt the same whatever the machine's locale."""
    zone = getattr(due.tzinfo, "key", None) or _utc_offset(due)
    day, month = _DAYS[due.weekday()], _MONTHS[due.month - 1]
    return f"**{day} {due.day} {month} {due.year} at {due:%H:%M}** ({zone})"


def _utc_offset(moment: datetime) -> str:
    minutes = round((moment.utcoffset() or timedelta(0)).total_seconds() / 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}" if minutes else "UTC"


def _qid(cell: MasterCell) -> str:
    if cell.question is None:  # parse() guarantees it; kept for the type checker
        raise GraderError(f"cell at line {cell.line} belongs to no question")
    return cell.question


def _match_questions(master: Master, questions: dict[str, Question]) -> None:
    in_master, in_suite = master.questions, list(questions)
    if sorted(in_master) != sorted(in_suite):
        raise GraderError(
            f"{master.path}: its questions {in_master} differ from the suite's {in_suite}"
        )
    for qid in in_master:
        if not questions[qid].title:
            raise GraderError(f"question {qid} has no title in the suite")


def notebook_text(assignment: Assignment) -> str:
    text: str = nbformat.writes(build_notebook(assignment))
    return text + "\n"


@dataclass(frozen=True)
class Generated:
    """A generated file: where it goes and its fresh content."""

    path: Path
    text: str


def generate(assignment: Assignment) -> list[Generated]:
    """Every file ``assign`` writes for the assignment, with its content."""
    from autograder.authoring.public_outcomes import build_expected

    expected = json.dumps(build_expected(assignment), indent=1, sort_keys=True) + "\n"
    return [
        Generated(assignment.notebook_path, notebook_text(assignment)),
        Generated(assignment.public_expected_path, expected),
    ]


def stale(assignment: Assignment) -> list[str]:
    """What differs between the committed generated files and fresh ones (empty when fresh).

    The notebook must match byte for byte. Public outcomes may differ in the last bits from
    CPU to CPU (BLAS rounding, an optimiser's stopping point), so a stored number counts as
    stale only when it moved by more than 1 % of the tolerance its check allows."""
    fresh = generate(assignment)
    problems: list[str] = []
    notebook, expected = fresh
    if not notebook.path.is_file() or notebook.path.read_text() != notebook.text:
        problems.append(f"{notebook.path.name} differs from what the master generates")
    if not expected.path.is_file():
        problems.append(f"{expected.path.name} is missing")
    else:
        stored = json.loads(expected.path.read_text())["expected"]
        new = json.loads(expected.text)["expected"]
        tolerances = _public_tolerances(assignment)
        if stored.keys() != new.keys():
            problems.append(f"{expected.path.name}: its checks differ from public_checks.py")
        for key in sorted(stored.keys() & new.keys()):
            if not _close(stored[key], new[key], tolerances.get(key, (0.0, 0.0))):
                problems.append(f"{expected.path.name}: {key} changed")
    return problems


def _public_tolerances(assignment: Assignment) -> dict[str, tuple[float, float]]:
    """(rtol, atol) of each stored public outcome's check, scaled to 1 %."""
    out = {}
    for qid, checks in assignment.public_checks.items():
        for check in checks:
            tol = getattr(check, "tol", None)
            rtol, atol = (tol.rtol or 0.0, tol.atol or 0.0) if tol is not None else (0.0, 0.0)
            for i, _ in enumerate(check.calls()):
                out[f"{qid}/{check.name}/{i}"] = (rtol / 100, atol / 100)
    return out


def _close(stored: Any, fresh: Any, tol: tuple[float, float]) -> bool:
    """Equal records, numbers within ``atol + rtol |fresh|`` (and at most 1e-12 relative)."""
    if isinstance(stored, dict) and isinstance(fresh, dict):
        if stored.keys() != fresh.keys():
            return False
        if "npy" in stored:
            return _close_arrays(stored, fresh, tol)
        return all(_close(stored[k], fresh[k], tol) for k in stored)
    if isinstance(stored, list) and isinstance(fresh, list):
        return len(stored) == len(fresh) and all(
            _close(a, b, tol) for a, b in zip(stored, fresh, strict=True)
        )
    if isinstance(stored, float) and isinstance(fresh, float):
        rtol, atol = max(tol[0], 1e-12), tol[1]
        return math.isclose(stored, fresh, rel_tol=rtol, abs_tol=atol) or (
            math.isnan(stored) and math.isnan(fresh)
        )
    return bool(stored == fresh)


def _close_arrays(stored: dict[str, Any], fresh: dict[str, Any], tol: tuple[float, float]) -> bool:
    import numpy as np

    from autograder.protocol.wire import load_npy

    if any(stored[k] != fresh[k] for k in stored if k != "npy"):
        return False
    a, b = load_npy(stored["npy"]), load_npy(fresh["npy"])
    if a.shape != b.shape or a.dtype != b.dtype:
        return False
    if np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"):
        return True
    return a.dtype.kind in "fc" and bool(
        np.allclose(a, b, rtol=max(tol[0], 1e-12), atol=tol[1], equal_nan=True)
    )


def assign(assignment: Assignment) -> list[Path]:
    """Write the generated files; returns their paths."""
    written = []
    for item in generate(assignment):
        item.path.parent.mkdir(parents=True, exist_ok=True)
        item.path.write_text(item.text)
        written.append(item.path)
    return written
