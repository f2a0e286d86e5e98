"""Assignments: the released notebook, its questions and checks, and the reference solution.

On disk an assignment ``<id>`` is::

    assignments/<id>/<id>.ipynb          the student notebook (nbgrader cell metadata)
    assignments/<id>/public_checks.py    public checks, by question (students see these)
    assignments/<id>/public_expected.json  reference outcomes of the public checks' calls
    autograder/suites/<id>.py            the hidden suite: ``QUESTIONS``, a list of Question
    reference_solutions/<id>.py          the reference module, one ``# %% [answer] <q>`` section
                                         per answer cell
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any

from autograder.checks import Check
from autograder.exceptions import GraderError, UsageError

SECTION = re.compile(r"^# %% \[answer\] (\S+)\s*$", re.MULTILINE)
PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Question:
    """A graded question: its points, its checks (partial credit by weight) and time limit."""

    id: str
    points: float
    checks: tuple[Check, ...] = ()
    title: str = ""
    timeout: float = 60.0

    def __post_init__(self) -> None:
        names = [c.name for c in self.checks]
        if len(set(names)) != len(names):
            raise GraderError(f"question {self.id} has duplicate check names")


def find_course_root(start: Path | None = None) -> Path:
    """The directory holding ``assignments/``: ``$AUTOGRADER_COURSE``, else the nearest
    ancestor of the working directory that has one, else the source checkout of this package."""
    env = os.environ.get("AUTOGRADER_COURSE")
    if env:
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "assignments").is_dir() and (candidate / "reference_solutions").is_dir():
            return candidate
    return PACKAGE_DIR.parent


def load_module(path: Path, name: str) -> ModuleType:
    """Import a Python file under a private module name (suites and references have digits)."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise GraderError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[name]
        raise GraderError(f"{path.name} failed to import: {type(exc).__name__}: {exc}") from exc
    return module


@dataclass
class Assignment:
    """One assignment of the course, loaded lazily from the course root."""

    id: str
    root: Path
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, assignment_id: str, root: Path | None = None) -> Assignment:
        root = root or find_course_root()
        if not (root / "assignments" / assignment_id).is_dir():
            known = ", ".join(list_assignments(root)) or "none"
            raise UsageError(f"unknown assignment {assignment_id!r} (known: {known})")
        return cls(assignment_id, root)

    @property
    def directory(self) -> Path:
        return self.root / "assignments" / self.id

    @property
    def notebook_path(self) -> Path:
        return self.directory / f"{self.id}.ipynb"

    @property
    def suite_path(self) -> Path:
        return self.root / "autograder" / "suites" / f"{self.id}.py"

    @property
    def reference_path(self) -> Path:
        return self.root / "reference_solutions" / f"{self.id}.py"

    @property
    def public_expected_path(self) -> Path:
        return self.directory / "public_expected.json"

    @cached_property
    def released(self) -> Any:
        """The released notebook (an ``nbformat.NotebookNode``)."""
        import nbformat  # imported here: students' notebooks import this module via Checker

        return nbformat.read(self.notebook_path, as_version=4)

    @cached_property
    def public_checks(self) -> dict[str, tuple[Check, ...]]:
        path = self.directory / "public_checks.py"
        if not path.exists():
            return {}
        module = load_module(path, f"_autograder_public_{self.id}")
        return {q: tuple(checks) for q, checks in module.PUBLIC.items()}

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        """The suite's questions, each with its public checks first, then the hidden ones."""
        if not self.suite_path.exists():
            raise GraderError(f"assignment {self.id} has no hidden suite at {self.suite_path}")
        suite = load_module(self.suite_path, f"_autograder_suite_{self.id}")
        questions = []
        public = self.public_checks
        for q in suite.QUESTIONS:
            for check in public.get(q.id, ()):
                if check.hidden:
                    raise GraderError(f"public check {check.name} of {q.id} is marked hidden")
            questions.append(Question(q.id, q.points, public.get(q.id, ()) + tuple(q.checks),
                                      q.title, q.timeout))
        unknown = set(public) - {q.id for q in questions}
        if unknown:
            raise GraderError(f"public checks for unknown questions: {sorted(unknown)}")
        return tuple(questions)

    @property
    def max_score(self) -> float:
        return float(sum(q.points for q in self.questions))

    @cached_property
    def reference_module(self) -> ModuleType:
        return load_module(self.reference_path, f"_autograder_reference_{self.id}")

    def reference_sections(self) -> dict[str, str]:
        """Answer-cell code by grade_id, cut from the reference module's section markers."""
        text = self.reference_path.read_text()
        marks = list(SECTION.finditer(text))
        sections = {}
        for i, m in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
            body = text[m.end():end]
            body = re.split(r"^# %%", body, maxsplit=1, flags=re.MULTILINE)[0]
            sections[m.group(1)] = body.strip("\n") + "\n"
        return sections


def list_assignments(root: Path | None = None) -> list[str]:
    """Ids of the assignments under the course root, sorted."""
    root = root or find_course_root()
    base = root / "assignments"
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if (p / f"{p.name}.ipynb").exists())
