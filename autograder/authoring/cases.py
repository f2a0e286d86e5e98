"""Known answers of an assignment, discovered beside it: mutants, alternatives and examples.

``reference_solutions/<id>/mutants.py`` defines ``MUTANTS`` (realistic mistakes, each must lose
points on its own question only), ``VARIANTS`` (more wrong answers, written by hand from the task
text alone before its suite was read; judged like ``MUTANTS``) and ``ALTERNATIVES`` (other correct
answers, full marks). The
content gate finds them by path, so a new assignment needs no registration anywhere.
"""

from __future__ import annotations

import ast
from pathlib import Path

from autograder.authoring import Mutant
from autograder.course import Assignment, load_module
from autograder.exceptions import GraderError


def mutants_path(assignment: Assignment) -> Path:
    return assignment.instructor_dir / "mutants.py"


def known_answers(assignment: Assignment) -> tuple[list[Mutant], list[Mutant]]:
    """``(MUTANTS + VARIANTS, ALTERNATIVES)`` of the assignment; empty lists without a mutants
    file."""
    path = mutants_path(assignment)
    if not path.is_file():
        return [], []
    module = load_module(path, f"_autograder_mutants_{assignment.id}")
    mutants, alternatives = (
        list(getattr(module, "MUTANTS", [])) + list(getattr(module, "VARIANTS", [])),
        list(getattr(module, "ALTERNATIVES", [])),
    )
    for m in mutants + alternatives:
        if not isinstance(m, Mutant):
            raise GraderError(f"{path}: {m!r} is not a Mutant")
    return mutants, alternatives


def mutant_source(assignment: Assignment, mutant: Mutant) -> str:
    """The answer-cell code of ``mutant``; a clear error when its text no longer matches."""
    sections = assignment.reference_sections()
    if mutant.question not in sections:
        raise GraderError(f"mutant {mutant.name!r}: no answer section {mutant.question!r}")
    section = sections[mutant.question]
    if mutant.old not in section:
        raise GraderError(
            f"mutant {mutant.name!r} no longer matches the reference of "
            f"{mutant.question}: {mutant.old!r} is not in it"
        )
    return section.replace(mutant.old, mutant.new)


def _defined(source: str) -> set[str]:
    """Names a code section binds at its top level (functions, classes, assignments)."""
    names: set[str] = set()
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return names


def _used(source: str) -> set[str]:
    return {n.id for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Name)}


def affected_questions(assignment: Assignment, question: str, source: str) -> frozenset[str]:
    """The questions whose grade can change when ``question``'s answer section becomes
    ``source``: that question, and every question whose checks call, or whose answer code uses,
    a name the old or new section binds (transitively). Every other question runs code identical
    to the reference's on the same inputs, so grading it again proves nothing new."""
    sections = assignment.reference_sections()
    changed = _defined(sections.get(question, "")) | _defined(source)
    affected = {question}
    grew = True
    while grew:
        grew = False
        for q in assignment.questions:
            if q.id in affected:
                continue
            called = {fn.split(".")[0] for c in q.checks for fn in c.functions()}
            code = sections.get(q.id, "")
            if (called | _used(code)) & changed:
                affected.add(q.id)
                changed |= _defined(code)
                grew = True
    return frozenset(affected)


def examples_dir(assignment: Assignment) -> Path:
    """Example submissions (``<student>.ipynb``) used by the tests and ``make demo``."""
    return assignment.instructor_dir / "examples"
