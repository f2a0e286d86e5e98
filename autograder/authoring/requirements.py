"""Requirement traceability: every requirement a question's task text states is a row of
``reference_solutions/<id>/requirements.md``, and every hidden check names (``covers``) the rows
it tests. The course gate fails on a requirement no check tests, a check that tests no
requirement, or a row that does not quote the task text.

The file has one ``## <question id>`` section per question, each with a table
``| id | requirement (quoted from the task text) |``. A requirement quotes the question's
markdown, its answer cell as the student gets it (signature and docstring) or the assignment's
introduction (rules that hold for every question); whitespace and
case are ignored; verbatim fragments may be joined with `` ... ``; ``\\|`` is a literal ``|``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from autograder.authoring.master import stub_code
from autograder.course import Assignment
from autograder.exceptions import GraderError

FILE = "requirements.md"
_ROW = re.compile(r"^\|(?P<id>(?:[^|\\]|\\.)*)\|(?P<text>(?:[^|\\]|\\.)*)\|\s*$")


@dataclass(frozen=True)
class Requirement:
    """One row: its id (unique within the question) and its quote of the task text."""

    question: str
    id: str
    text: str
    line: int


def requirements_path(assignment: Assignment) -> Path:
    return assignment.instructor_dir / FILE


def parse(path: Path) -> dict[str, list[Requirement]]:
    """The rows of a requirements file, by question, in order; a clear error when malformed."""
    table: dict[str, list[Requirement]] = {}
    question: str | None = None
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if line.startswith("## "):
            question = line[3:].strip()
            if question in table:
                raise GraderError(f"{path}:{number}: question {question} appears twice")
            table[question] = []
            continue
        match = _ROW.match(line.strip())
        if question is None or not match:
            continue
        rid = match["id"].strip()
        text = match["text"].strip().replace("\\|", "|")
        if rid in ("id", "") or set(rid) <= {"-", ":"}:
            continue  # the header and its rule
        if any(r.id == rid for r in table[question]):
            raise GraderError(f"{path}:{number}: requirement {question}/{rid} appears twice")
        table[question].append(Requirement(question, rid, text, number))
    return table


def _normal(text: str) -> str:
    return " ".join(text.split()).lower()


def task_texts(assignment: Assignment) -> dict[str, str]:
    """What a student reads for each question: its markdown, its answer cell's stub, and the
    assignment's own markdown cells (rules for every question, e.g. "never modify the inputs")."""
    texts: dict[str, str] = {}
    rules = "\n".join(c.source for c in assignment.master.cells if c.kind == "markdown")
    for cell in assignment.master.cells:
        if cell.question is None or cell.kind not in ("question", "answer"):
            continue
        body = cell.source if cell.kind == "question" else stub_code(cell.source)
        texts[cell.question] = texts.get(cell.question, "") + "\n" + body
    return {q: _normal(t + "\n" + rules) for q, t in texts.items()}


def quoted(requirement: Requirement, text: str) -> bool:
    """Whether the requirement's fragments all appear in the normalised task text, in order."""
    start = 0
    for fragment in requirement.text.split(" ... "):
        found = text.find(_normal(fragment), start)
        if not fragment.strip() or found < 0:
            return False
        start = found + len(_normal(fragment))
    return True


def problems(assignment: Assignment) -> list[str]:
    """Everything that breaks traceability between the task text, the table and the suite."""
    path = requirements_path(assignment)
    if not path.is_file():
        return [f"{assignment.id}: no {FILE} beside the master"]
    table = parse(path)
    texts = task_texts(assignment)
    found: list[str] = []
    for q in assignment.questions:
        rows = table.get(q.id)
        if not rows:
            found.append(f"{q.id}: no requirements in {FILE}")
            continue
        ids = {r.id for r in rows}
        for r in rows:
            if not quoted(r, texts.get(q.id, "")):
                found.append(f"{q.id}/{r.id} (line {r.line}) is not quoted from the task text")
        covered: set[str] = set()
        for check in q.checks:
            if not check.covers:
                found.append(f"{q.id}: check {check.name!r} names no requirement")
            unknown = set(check.covers) - ids
            if unknown:
                found.append(
                    f"{q.id}: check {check.name!r} covers unknown {', '.join(sorted(unknown))}"
                )
            covered |= set(check.covers)
        found += [
            f"{q.id}/{r.id}: no check tests this requirement" for r in rows if r.id not in covered
        ]
    extra = set(table) - {q.id for q in assignment.questions}
    found += [f"{FILE} has a section for unknown question {q}" for q in sorted(extra)]
    return found


def trace(assignment: Assignment) -> str:
    """The table as a reader wants it: each requirement with the checks that test it."""
    table = parse(requirements_path(assignment))
    lines = [f"# {assignment.id}: requirements and the checks that test them", ""]
    for q in assignment.questions:
        lines += [f"## {q.id}", ""]
        for r in table.get(q.id, []):
            checks = [c.name for c in q.checks if r.id in c.covers]
            lines.append(f"- {r.id}: {r.text}")
            lines += [f"    - {name}" for name in checks] or ["    - (no check)"]
        lines.append("")
    return "\n".join(lines)
