"""Which format an ``autograder grade`` invocation names: one of our assignments, an nbgrader
course or source notebook, or an otter autograder. Standard library only, so that the command
line decides before it loads nbformat, the gradebook or otter's code."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

NBGRADER_CONFIG = "nbgrader_config.py"
OTTER_CONFIG = "otter_config.json"


def is_nbgrader_notebook(path: Path) -> bool:
    """A readable notebook with nbgrader cell metadata."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        return any("nbgrader" in (cell.get("metadata") or {}) for cell in cells)
    except Exception:  # an unreadable file is simply not one
        return False


def is_nbgrader_course(path: Path) -> bool:
    """A folder with nbgrader's config file or its ``source/`` folder."""
    return path.is_dir() and ((path / NBGRADER_CONFIG).is_file() or (path / "source").is_dir())


def nbgrader_kind(assignment: str, submissions: str) -> str | None:
    """``"notebook"`` for an nbgrader source notebook, ``"course"`` for an nbgrader course
    folder, ``None`` for our own format."""
    if assignment.endswith(".ipynb") and Path(assignment).is_file():
        return "notebook" if is_nbgrader_notebook(Path(assignment)) else None
    return "course" if is_nbgrader_course(Path(submissions)) else None


def is_otter_assignment(path: Path | str) -> bool:
    """Whether ``path`` looks like an otter autograder: a zip or folder with its tests and
    config (or ``run_autograder``), or a folder holding such a zip."""
    path = Path(path)
    if path.is_file():
        if not zipfile.is_zipfile(path):
            return False
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
        return any(n.startswith("tests/") for n in names) and (
            OTTER_CONFIG in names or "run_autograder" in names
        )
    if not path.is_dir():
        return False
    if (path / OTTER_CONFIG).is_file() and (path / "tests").is_dir():
        return True
    return any(is_otter_assignment(z) for z in path.glob("*.zip"))
