"""An nbgrader course made for the tests: one source notebook with visible and hidden tests, a
partial-credit test, a manually graded answer, and students who get it right, wrong, partly right,
warn on stderr, raise, delete or edit test cells, hang, or attack the grader. Also the helpers
that run the real ``nbgrader`` command on such a course and read its gradebook."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat

VENV_BIN = Path(sys.executable).parent
ASSIGNMENT = "hw1"
CELL_TIMEOUT = 3

CONFIG = f"""c = get_config()
c.ExecutePreprocessor.timeout = {CELL_TIMEOUT}
c.OverwriteCells.add_missing_cells = True
"""


def _cell(kind: str, source: str, grade_id: str = "", **flags: Any) -> Any:
    cell = getattr(nbformat.v4, f"new_{kind}_cell")(source)
    if grade_id:
        meta = {"grade_id": grade_id, "schema_version": 3, "grade": False, "solution": False}
        meta.update(flags)
        meta.setdefault("locked", bool(meta["grade"] and not meta["solution"]))
        cell.metadata["nbgrader"] = meta
    return cell


def source_notebook() -> Any:
    """The instructor's notebook: solutions between BEGIN/END SOLUTION, hidden tests."""
    cells = [
        _cell("markdown", "# Homework 1"),
        _cell("code", "import warnings\nFACTOR = 2", "setup", locked=True),
        _cell(
            "code",
            "def double(x):\n    ### BEGIN SOLUTION\n    return FACTOR * x\n    ### END SOLUTION",
            "answer_double",
            solution=True,
        ),
        _cell(
            "code",
            "assert double(2) == 4\n### BEGIN HIDDEN TESTS\nassert double(-3) == -6\n"
            "### END HIDDEN TESTS",
            "test_double",
            grade=True,
            points=1,
        ),
        _cell(
            "code",
            "def quality():\n    ### BEGIN SOLUTION\n    return 2.0\n    ### END SOLUTION",
            "answer_quality",
            solution=True,
        ),
        _cell("code", "quality()", "test_partial", grade=True, points=2),
        _cell(
            "code",
            "def noisy():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION",
            "answer_noisy",
            solution=True,
        ),
        _cell("code", "assert noisy() == 1", "test_quiet", grade=True, points=1),
        _cell(
            "code",
            "def slow():\n    ### BEGIN SOLUTION\n    return 3\n    ### END SOLUTION",
            "answer_slow",
            solution=True,
        ),
        _cell("code", "assert slow() == 3", "test_slow", grade=True, points=1),
        _cell("code", "assert double(5) == 10", "test_after", grade=True, points=1),
        _cell(
            "code",
            "# explain in code\n### BEGIN SOLUTION\nexplanation = 'doubling'\n### END SOLUTION",
            "free_answer",
            grade=True,
            solution=True,
            points=2,
        ),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


def _answer(name: str, body: str) -> str:
    return f"def {name}():\n{body}" if name != "double" else f"def double(x):\n{body}"


# each student: grade_id -> new source (None deletes the cell)
STUDENTS: dict[str, dict[str, str | None]] = {
    "right": {
        "answer_double": _answer("double", "    return 2 * x"),
        "answer_quality": _answer("quality", "    return 2.0"),
        "answer_noisy": _answer("noisy", "    return 1"),
        "answer_slow": _answer("slow", "    return 3"),
    },
    "wrong": {  # passes the visible test, fails the hidden one
        "answer_double": _answer("double", "    return x + 2"),
        "answer_noisy": _answer("noisy", "    return 1"),
        "answer_slow": _answer("slow", "    return 3"),
    },
    "partial": {
        "answer_double": _answer("double", "    return 2 * x"),
        "answer_quality": _answer("quality", "    return 0.5"),
        "answer_slow": _answer("slow", "    return 3"),
    },
    "warns": {
        "answer_double": _answer("double", "    return 2 * x"),
        "answer_noisy": _answer("noisy", "    warnings.warn('careful')\n    return 1"),
        "answer_slow": _answer("slow", "    return 3"),
    },
    "raises": {
        "answer_double": _answer("double", "    return undefined_name * x"),
        "answer_noisy": _answer("noisy", "    return 1"),
        "answer_slow": _answer("slow", "    raise RuntimeError('broken')"),
    },
    "deleted_test": {
        "answer_double": _answer("double", "    return 2 * x"),
        "test_double": None,
        "test_quiet": None,
        "answer_slow": _answer("slow", "    return 3"),
    },
    "edited_locked": {  # the test cells and the setup are restored from the source
        "setup": "import warnings\nFACTOR = 3",
        "answer_double": _answer("double", "    return FACTOR * x"),
        "test_double": "assert True",
        "test_quiet": "pass",
        "answer_slow": _answer("slow", "    return 3"),
    },
    "hangs": {
        "answer_double": _answer("double", "    return 2 * x"),
        "answer_noisy": _answer("noisy", "    return 1"),
        "answer_slow": _answer("slow", "    while True:\n        pass"),
    },
    "untouched": {},
    "manual": {
        "answer_double": _answer("double", "    return 2 * x"),
        "answer_slow": _answer("slow", "    return 3"),
        "free_answer": "explanation = 'it doubles'",
    },
    "stderr_elsewhere": {  # stderr outside a test cell costs nothing
        "answer_double": _answer("double", "    import sys\n    return 2 * x")
        + "\nimport sys\nprint('debug', file=sys.stderr)",
        "answer_slow": _answer("slow", "    return 3"),
    },
    "magics": {
        "answer_double": "%time y = 1\n" + _answer("double", "    return 2 * x"),
        "answer_noisy": _answer("noisy", "    print('hello')\n    return 1"),
        "answer_slow": _answer("slow", "    return 3"),
        "answer_quality": _answer(  # the source's data files are in the working folder
            "quality", "    return 1 if open('data.txt').read() == 'course data\\n' else 0"
        ),
    },
    "sleeps": {  # a sleep the per-cell timeout interrupts (as SIGINT does a kernel)
        "answer_double": _answer("double", "    return 2 * x"),
        "answer_slow": _answer("slow", "    import time\n    time.sleep(60)\n    return 3"),
    },
}

HOSTILE: dict[str, dict[str, str | None]] = {
    "exits": {
        "answer_double": _answer("double", "    return 2 * x"),
        "answer_noisy": "import os\nos._exit(3)",
    },
    "stubborn": {  # swallows every interrupt: only the notebook's time limit stops it
        "answer_double": _answer("double", "    return 2 * x"),
        "answer_slow": _answer(
            "slow",
            "    import time\n    while True:\n        try:\n            time.sleep(1)\n"
            "        except BaseException:\n            pass",
        ),
    },
}


def snooping(course: Path) -> dict[str, str | None]:
    """A student who looks for the course's files (source with solutions and hidden tests,
    other submissions, the gradebook) and prints what the sandbox lets them see."""
    probe = (
        "import os\n"
        f"targets = {[str(course / p) for p in ('source', 'submitted', 'gradebook.db')]!r}\n"
        "print('SEEN', [t for t in targets if os.path.exists(t)])\n"
        "print('DATA', sorted(os.listdir('/grading/data')) if os.path.isdir('/grading/data') "
        "else None)\n"
        "print('HERE', sorted(os.listdir('.')))"
    )
    return {
        "answer_double": _answer("double", "    return 2 * x") + "\n" + probe,
        "answer_slow": _answer("slow", "    return 3"),
    }


def student_notebook(release: Any, edits: dict[str, str | None]) -> Any:
    """The released notebook with a student's edits (``None`` deletes the cell)."""
    nb = nbformat.from_dict(json.loads(json.dumps(release)))
    cells = []
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in edits:
            new = edits[grade_id]
            if new is None:
                continue
            cell.source = new
        cells.append(cell)
    nb.cells = cells
    return nb


def nbgrader(course: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """The real ``nbgrader`` command of this environment, run in the course folder."""
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        [str(VENV_BIN / "nbgrader"), *args],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


DUMP = """
import json, sys
from nbgrader.api import Gradebook
out = {}
with Gradebook("sqlite:///gradebook.db") as gb:
    for sub in gb.find_assignment(sys.argv[1]).submissions:
        out[sub.student.id] = {
            nb.name: {g.name: g.auto_score for g in nb.grades} for nb in sub.notebooks
        }
print(json.dumps(out))
"""


def nbgrader_scores(course: Path, assignment: str) -> dict[str, dict[str, dict[str, float | None]]]:
    """nbgrader's auto scores from its gradebook: student -> notebook -> grade id -> score."""
    done = subprocess.run(
        [sys.executable, "-c", DUMP, assignment],
        cwd=course,
        capture_output=True,
        text=True,
        check=True,
    )
    scores: dict[str, dict[str, dict[str, float | None]]] = json.loads(done.stdout)
    return scores


def make_course(
    root: Path, students: dict[str, dict[str, str | None]], source_nb: Any = None
) -> Path:
    """The course folder: config, source notebook (``source_notebook()`` unless given),
    release by the real nbgrader (which also writes its gradebook), and one submission per
    student made from the release."""
    source = root / "source" / ASSIGNMENT
    source.mkdir(parents=True)
    (root / "nbgrader_config.py").write_text(CONFIG)
    nbformat.write(source_nb or source_notebook(), source / f"{ASSIGNMENT}.ipynb")
    (source / "data.txt").write_text("course data\n")
    done = nbgrader(root, "generate_assignment", ASSIGNMENT)
    assert done.returncode == 0, done.stdout + done.stderr
    release = nbformat.read(root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    for student, edits in students.items():
        folder = root / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(student_notebook(release, edits), folder / f"{ASSIGNMENT}.ipynb")
        (folder / "timestamp.txt").write_text("2026-01-05 10:00:00.000000 UTC")
    return root


def copy_course(course: Path, target: Path) -> Path:
    """A copy of the course as it is (before nbgrader's autograde writes into it)."""
    shutil.copytree(course, target)
    return target
