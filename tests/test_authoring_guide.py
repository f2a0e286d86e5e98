"""The authoring guide cannot rot: its example assignment is copied, file by file, from
docs/authoring.md into an empty course folder, generated with ``autograder assign``, checked like
a student would, and validated (reference full marks, untouched 0, every mutant caught on its own
question, alternatives at full marks) in the real sandbox."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.execution.sandbox import bwrap_path
from tests.helpers import ROOT

GUIDE = ROOT / "docs" / "authoring.md"
FILE_BLOCK = re.compile(r"<!-- file: (\S+) -->\n```(?:python|markdown)\n(.*?)```", re.DOTALL)


def guide_files() -> dict[str, str]:
    return {path: body for path, body in FILE_BLOCK.findall(GUIDE.read_text())}


def run(course: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AUTOGRADER_COURSE": str(course)}
    return subprocess.run(
        [sys.executable, "-m", "autograder.cli", *args],
        env=env,
        cwd=course,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_guide_names_the_five_files_an_instructor_writes() -> None:
    assert sorted(guide_files()) == [
        "assignments/00_norms/public_checks.py",
        "reference_solutions/00_norms/master.py",
        "reference_solutions/00_norms/mutants.py",
        "reference_solutions/00_norms/requirements.md",
        "reference_solutions/00_norms/suite.py",
    ]


@pytest.mark.sandbox
@pytest.mark.skipif(bwrap_path() is None, reason="bubblewrap is not installed")
def test_the_guides_example_assigns_and_validates(tmp_path: Path) -> None:
    for path, body in guide_files().items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(body)

    stale = run(tmp_path, "assign", "--all", "--check")
    assert stale.returncode == 1 and "00_norms.ipynb differs" in stale.stderr

    assigned = run(tmp_path, "assign", "00_norms")
    assert assigned.returncode == 0, assigned.stderr
    notebook = json.loads((tmp_path / "assignments/00_norms/00_norms.ipynb").read_text())
    sources = ["".join(c["source"]) for c in notebook["cells"]]
    assert sources[2].startswith("## Question 1: A norm without overflow (2 points)")
    assert sources[3] == (
        'def l2_norm(x):\n    """Euclidean norm of a 1-D array as a Python '
        'float; ValueError if x is empty."""\n    raise NotImplementedError'
    )
    assert "BEGIN SOLUTION" not in json.dumps(notebook) and "np.sqrt" not in sources[3]

    # a student's view: the untouched notebook fails its public checks with a readable reason
    checked = run(tmp_path, "check", "assignments/00_norms/00_norms.ipynb")
    assert checked.returncode == 0, checked.stderr
    assert "NotImplementedError" in checked.stdout

    validated = run(tmp_path, "validate", "00_norms")
    assert validated.returncode == 0, validated.stdout + validated.stderr
    expected = GUIDE.read_text().split("For the example:\n\n```\n", 1)[1].split("```", 1)[0]
    assert validated.stdout.strip() == expected.strip()


@pytest.mark.sandbox
@pytest.mark.skipif(bwrap_path() is None, reason="bubblewrap is not installed")
def test_validate_reports_a_mutant_that_the_suite_misses(tmp_path: Path) -> None:
    """The content gate has teeth: a mistake no check catches makes validate fail by name."""
    for path, body in guide_files().items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(body)
    mutants = tmp_path / "reference_solutions/00_norms/mutants.py"
    mutants.write_text(
        mutants.read_text().replace(
            "MUTANTS = [",
            """MUTANTS = [
    Mutant("a harmless rewrite the suite cannot catch", "q1_norm",
           "if scale == 0:", "if scale <= 0:"),""",
            1,
        )
    )
    assert run(tmp_path, "assign", "00_norms").returncode == 0
    validated = run(tmp_path, "validate", "00_norms")
    assert validated.returncode == 1
    assert (
        "mutant 'a harmless rewrite the suite cannot catch' (q1_norm): kept full marks"
        in validated.stdout
    )
    assert "mutants caught on their own question only: 4 / 5" in validated.stdout
