"""Instructor tools: the solved notebook, validation of an assignment, and public checks."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.authoring.lazy import LAZY_KINDS, lazy_answers
from autograder.authoring.requirements import problems as requirement_problems
from autograder.checks.public import expected_outcomes, public_questions
from autograder.course import Assignment
from autograder.exceptions import GraderError
from autograder.execution.base import ExecutionBackend
from autograder.grading.pipeline import grade_notebook, make_plan
from autograder.grading.results import SubmissionResult


def solved_notebook(
    assignment: Assignment, answers: Mapping[str, str] | None = None
) -> nbformat.NotebookNode:
    """The released notebook with each answer cell holding the reference's code, or, for the
    questions in ``answers``, the code given there (a mutant, an alternative, a test case)."""
    sections = {**assignment.reference_sections(), **(answers or {})}
    nb: nbformat.NotebookNode = nbformat.from_dict(assignment.released)
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("solution"):
            gid = meta.get("grade_id")
            if gid not in sections:
                raise GraderError(f"the master has no answer cell for question {gid}")
            cell.source = sections[gid].rstrip("\n")
    return nb


def solve_notebook(assignment: Assignment, out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(solved_notebook(assignment), out)
    return out


@dataclass
class ValidationReport:
    ok: bool = True
    lines: list[str] = field(default_factory=list)


def validate(
    assignment: Assignment, backend: ExecutionBackend, *, mutants: bool = True
) -> ValidationReport:
    """Reference notebook must score full marks; the untouched notebook and the lazy ones must
    score 0; every requirement must be traced to a check; with ``mutants``, the known answers
    of ``mutants.py`` must behave (see the authoring guide)."""
    report = ValidationReport()
    with tempfile.TemporaryDirectory() as tmp:
        solved = solve_notebook(assignment, Path(tmp) / f"{assignment.id}.ipynb")
        ref = grade_notebook(assignment, solved, "reference", backend=backend)
        blank = grade_notebook(assignment, assignment.notebook_path, "untouched", backend=backend)
    full = ref.score == ref.max_score
    report.lines.append(
        f"reference solution: {ref.score:g} / {ref.max_score:g} "
        f"({'full marks' if full else 'NOT full marks'})"
    )
    for q in ref.questions:
        for c in q.checks:
            if c.status != "passed":
                report.lines.append(f"  {q.id}/{c.name}: {c.status}: {c.message}")
    report.lines.append(
        f"untouched notebook: {blank.score:g} / {blank.max_score:g} "
        f"({'zero' if blank.score == 0 else 'NOT zero'})"
    )
    for q in blank.questions:
        for c in q.checks:
            if c.status == "passed":
                report.lines.append(f"  {q.id}/{c.name} passes on the untouched notebook")
    report.ok = full and blank.score == 0
    report.ok = _validate_lazy(assignment, backend, report) and report.ok
    problems = requirement_problems(assignment)
    report.lines.append(
        f"requirements traced to checks: {'yes' if not problems else 'NO'}"
        + "".join(f"\n  {p}" for p in problems)
    )
    report.ok = report.ok and not problems
    if mutants:
        report.ok = _validate_known_answers(assignment, backend, report) and report.ok
    return report


def _validate_lazy(
    assignment: Assignment, backend: ExecutionBackend, report: ValidationReport
) -> bool:
    """Notebooks whose functions return None, 0.0 or their first argument must score 0."""
    scores = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind in LAZY_KINDS:
            path = Path(tmp) / f"lazy-{kind}.ipynb"
            nbformat.write(solved_notebook(assignment, lazy_answers(assignment, kind)), path)
            result = grade_notebook(assignment, path, f"lazy-{kind}", backend=backend)
            scores[kind] = result.score
            report.lines += [
                f"  lazy ({LAZY_KINDS[kind]}) earns on {q.id}/{c.name}"
                for q in result.questions
                for c in q.checks
                if c.status == "passed"
            ]
    zero = not any(scores.values())
    report.lines.append(
        "lazy notebooks: "
        + ", ".join(f"{kind} {score:g}" for kind, score in scores.items())
        + f" points ({'all zero' if zero else 'NOT all zero'})"
    )
    return zero


def _validate_known_answers(
    assignment: Assignment, backend: ExecutionBackend, report: ValidationReport
) -> bool:
    """The content gate: every mutant loses points on its own question and nowhere else; every
    alternative keeps full marks. Returns whether all of them behaved."""
    from autograder.authoring.cases import known_answers, mutant_source

    wrong, right = known_answers(assignment)
    if not wrong and not right:
        report.lines.append("no mutants.py: no known wrong answers were tried")
        return True
    good = {"mutant": 0, "alternative": 0}
    with tempfile.TemporaryDirectory() as tmp:
        for kind, cases in (("mutant", wrong), ("alternative", right)):
            for i, case in enumerate(cases):
                nb = solved_notebook(assignment, {case.question: mutant_source(assignment, case)})
                path = Path(tmp) / f"{kind}{i}.ipynb"
                nbformat.write(nb, path)
                result = grade_notebook(assignment, path, f"{kind}{i}", backend=backend)
                lost = [q.id for q in result.questions if q.score < q.points]
                if lost == ([case.question] if kind == "mutant" else []):
                    good[kind] += 1
                    continue
                problem = f"lost points on {', '.join(lost)}" if lost else "kept full marks"
                report.lines.append(f"  {kind} {case.name!r} ({case.question}): {problem}")
    report.lines.append(
        f"mutants caught on their own question only: {good['mutant']} / {len(wrong)}"
    )
    report.lines.append(f"alternatives at full marks: {good['alternative']} / {len(right)}")
    return good["mutant"] == len(wrong) and good["alternative"] == len(right)


def run_public_checks(
    assignment: Assignment, notebook: Path, backend: ExecutionBackend
) -> SubmissionResult:
    """Grade a notebook on the public checks only, against the stored public outcomes."""
    questions = public_questions(assignment)
    plan = make_plan(assignment, questions)
    ids: dict[str, list[list[int]]] = {}
    for planned in plan.checks:
        ids.setdefault(planned.question, []).append(list(planned.call_ids))
    reference = expected_outcomes(assignment.directory, questions, ids)
    return grade_notebook(
        assignment,
        notebook,
        notebook.stem,
        backend=backend,
        questions=questions,
        reference=reference,
        pay_contracts_alone=True,
    )
