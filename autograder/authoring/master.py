"""The master of an assignment: one Python file from which the notebook and the reference come.

``reference_solutions/<id>/master.py`` is plain Python in "percent" cells::

    '''Module docstring: notes for instructors.'''
    import numpy as np                    # the header: the reference module's own imports

    # %% [markdown]                       a markdown cell, each line behind "# "
    # %% [setup]                          the locked setup cell (imports, Checker)
    # %% [question q1_id]                 starts question q1_id; its markdown follows, behind "# ";
                                          the heading "## Question N: title (P points)" is
                                          generated from the suite
    # %% [answer]                         the answer cell: signatures and docstrings as students
                                          see them, the solution between
                                          "### BEGIN SOLUTION" and "### END SOLUTION"
    # %% [explore]                        a locked exploration cell (plots, demos) of the question

The reference module is the header plus every answer cell, solution included (the other cells'
lines are blanked, so line numbers in tracebacks are the master's). The student's stub is the
answer cell with each solution region replaced by ``raise NotImplementedError`` at its
indentation; a region at the top level (helpers) is removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from autograder.exceptions import GraderError

CellKind = Literal["markdown", "setup", "question", "answer", "explore"]
MARKER = re.compile(r"^# %% \[(markdown|setup|question|answer|explore)(?: (\S+))?\]\s*$")
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
STUB = "raise NotImplementedError"


@dataclass(frozen=True)
class MasterCell:
    """One cell of the master: its kind, question (answer/explore/question cells), text, line."""

    kind: CellKind
    question: str | None
    source: str
    line: int  # 1-based line of the cell's marker in master.py


@dataclass
class Master:
    """A parsed master file."""

    path: Path
    header: str
    cells: list[MasterCell] = field(default_factory=list)

    @property
    def questions(self) -> list[str]:
        return [c.question for c in self.cells if c.kind == "question" and c.question]

    def answers(self) -> dict[str, str]:
        """The answer cells' full code (solution included, markers removed), by question."""
        return {
            c.question: solution_code(c.source)
            for c in self.cells
            if c.kind == "answer" and c.question
        }

    def reference_source(self) -> str:
        """Source of the reference module: the header and the answer cells, other lines blank."""
        text = self.path.read_text()
        lines = text.splitlines()
        keep = [False] * len(lines)
        header_end = self.cells[0].line - 1 if self.cells else len(lines)
        for i in range(header_end):
            keep[i] = True
        for index, cell in enumerate(self.cells):
            if cell.kind != "answer":
                continue
            end = self.cells[index + 1].line - 1 if index + 1 < len(self.cells) else len(lines)
            for i in range(cell.line, end):
                keep[i] = True
        return "\n".join(line if k else "" for line, k in zip(lines, keep, strict=True)) + "\n"


def _error(path: Path, line: int, message: str) -> GraderError:
    return GraderError(f"{path}:{line}: {message}")


def parse(path: Path) -> Master:
    """Read a master file; a clear error with its line for anything malformed."""
    text = path.read_text()
    lines = text.splitlines()
    starts = [(i, MARKER.match(line)) for i, line in enumerate(lines)]
    marks = [(i, m) for i, m in starts if m]
    stray = [
        i for i, line in enumerate(lines) if line.startswith("# %%") and not MARKER.match(line)
    ]
    if stray:
        raise _error(
            path,
            stray[0] + 1,
            "unknown cell marker; use # %% [markdown], [setup], "
            "[question <id>], [answer] or [explore]",
        )
    master = Master(path, "\n".join(lines[: marks[0][0]] if marks else lines).strip("\n"))
    question: str | None = None
    for n, (i, m) in enumerate(marks):
        end = marks[n + 1][0] if n + 1 < len(marks) else len(lines)
        body = "\n".join(lines[i + 1 : end]).strip("\n")
        kind = m.group(1)
        if kind == "question":
            if not m.group(2):
                raise _error(path, i + 1, "a question cell needs its id: # %% [question q1_id]")
            question = m.group(2)
            if question in master.questions:
                raise _error(path, i + 1, f"question {question} appears twice")
        elif m.group(2):
            raise _error(path, i + 1, f"a {kind} cell takes no argument")
        if kind in ("answer", "explore") and question is None:
            raise _error(path, i + 1, f"an {kind} cell must follow a # %% [question <id>] cell")
        if kind in ("markdown", "setup"):
            question = None if kind == "setup" else question
        if kind in ("markdown", "question"):
            body = _uncomment(path, i + 2, body)
        if kind == "answer":
            _check_regions(path, i + 2, body)
        owner = question if kind in ("question", "answer", "explore") else None
        master.cells.append(MasterCell(kind, owner, body, i + 1))  # type: ignore[arg-type]
    _check_structure(master)
    return master


def _uncomment(path: Path, first_line: int, body: str) -> str:
    """Markdown is written behind "# " (or a bare "#" for an empty line)."""
    out = []
    for k, line in enumerate(body.splitlines()):
        if line == "#" or line == "":
            out.append("")
        elif line.startswith("# "):
            out.append(line[2:])
        else:
            raise _error(path, first_line + k, "markdown lines start with '# '")
    return "\n".join(out).strip("\n")


def _check_regions(path: Path, first_line: int, body: str) -> None:
    depth = 0
    for k, line in enumerate(body.splitlines()):
        stripped = line.strip()
        if stripped == BEGIN:
            if depth:
                raise _error(path, first_line + k, "solution regions cannot nest")
            depth = 1
        elif stripped == END:
            if not depth:
                raise _error(path, first_line + k, f"{END} without {BEGIN}")
            depth = 0
    if depth:
        raise _error(path, first_line, f"a {BEGIN} region is never closed")
    if BEGIN not in body:
        raise _error(path, first_line, f"the answer cell has no {BEGIN} region")


def _check_structure(master: Master) -> None:
    seen: dict[str, list[str]] = {}
    for cell in master.cells:
        if cell.question:
            seen.setdefault(cell.question, []).append(cell.kind)
    for qid, kinds in seen.items():
        if kinds.count("answer") != 1:
            raise GraderError(
                f"{master.path}: question {qid} needs exactly one answer cell "
                f"(has {kinds.count('answer')})"
            )
        if kinds.count("explore") > 1:
            raise GraderError(f"{master.path}: question {qid} has more than one explore cell")
    if sum(c.kind == "setup" for c in master.cells) != 1:
        raise GraderError(f"{master.path}: the master needs exactly one # %% [setup] cell")


def solution_code(source: str) -> str:
    """The answer cell as the reference has it: the region markers removed."""
    return (
        "\n".join(line for line in source.splitlines() if line.strip() not in (BEGIN, END)).strip(
            "\n"
        )
        + "\n"
    )


def stub_code(source: str) -> str:
    """The answer cell as students get it: each region replaced by ``raise NotImplementedError``
    at its indentation (top-level regions, such as helpers, are dropped)."""
    out: list[str] = []
    inside = False
    for line in source.splitlines():
        stripped = line.strip()
        if stripped == BEGIN:
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            if indent:
                out.append(indent + STUB)
            continue
        if stripped == END:
            inside = False
            continue
        if not inside:
            out.append(line)
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n\n", text).strip("\n")
