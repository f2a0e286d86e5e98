"""The authoring surface: masters parse strictly, ``assign`` regenerates every committed notebook
and public outcome exactly, stale files are noticed, and the import surface is pinned."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import autograder.authoring
from autograder.authoring.assign import build_notebook, notebook_text, stale
from autograder.authoring.cases import affected_questions
from autograder.authoring.master import parse, solution_code, stub_code
from autograder.course import Assignment, list_assignments
from autograder.exceptions import GraderError
from autograder.grading.penalties import PolicyError
from autograder.protocol.wire import load_npy
from tests.helpers import ROOT

IDS = list_assignments(ROOT)


@pytest.mark.parametrize("assignment_id", IDS)
def test_committed_notebook_and_public_outcomes_are_what_assign_generates(
    assignment_id: str,
) -> None:
    problems = stale(Assignment.load(assignment_id, ROOT))
    assert not problems, f"run `autograder assign {assignment_id}`: {problems}"


def _course_copy(tmp_path: Path, assignment_id: str) -> Assignment:
    for tree in ("assignments", "reference_solutions"):
        shutil.copytree(ROOT / tree / assignment_id, tmp_path / tree / assignment_id)
    return Assignment.load(assignment_id, tmp_path)


def test_an_edited_master_makes_the_notebook_stale(tmp_path: Path) -> None:
    a = _course_copy(tmp_path, "03_probability")
    assert stale(a) == []
    text = a.reference_path.read_text().replace(
        "# %% [question q2_bayes_rule]\n", "# %% [question q2_bayes_rule]\n# One more line.\n#\n"
    )
    a.reference_path.write_text(text)
    fresh = Assignment.load("03_probability", tmp_path)
    assert stale(fresh) == ["03_probability.ipynb differs from what the master generates"]
    cells = {c.id: c for c in build_notebook(fresh).cells}
    assert cells["q2_bayes_rule_text"].source.split("\n")[2] == "One more line."


def test_public_outcomes_moved_beyond_rounding_are_stale(tmp_path: Path) -> None:
    a = _course_copy(tmp_path, "04_linear_regression")
    stored = json.loads(a.public_expected_path.read_text())
    key, record = next(
        (k, r)
        for k, r in stored["expected"].items()
        if r.get("ok")
        and r["value"].get("$") == "ndarray"
        and load_npy(r["value"]["npy"]).dtype.kind == "f"
    )

    def write_scaled(factor: float) -> None:
        import base64
        import io

        import numpy as np

        changed = json.loads(json.dumps(stored))
        values = load_npy(record["value"]["npy"])
        buffer = io.BytesIO()
        np.save(buffer, values * factor, allow_pickle=False)
        changed["expected"][key]["value"]["npy"] = base64.b64encode(buffer.getvalue()).decode()
        a.public_expected_path.write_text(json.dumps(changed))

    write_scaled(1 + 1e-14)  # last-bit BLAS differences between CPUs are not staleness
    assert stale(Assignment.load(a.id, tmp_path)) == []
    write_scaled(1 + 1e-3)
    assert stale(Assignment.load(a.id, tmp_path)) == [f"public_expected.json: {key} changed"]


def test_assign_command_writes_and_checks(tmp_path: Path) -> None:
    a = _course_copy(tmp_path, "02_optimization")
    a.notebook_path.unlink()
    env = {"AUTOGRADER_COURSE": str(tmp_path), "PATH": "/usr/bin:/bin"}
    cmd = [sys.executable, "-m", "autograder.cli", "assign"]
    check = subprocess.run(
        [*cmd, "02_optimization", "--check"], env=env, capture_output=True, text=True
    )
    assert check.returncode == 1
    assert "02_optimization.ipynb differs from what the master generates" in check.stderr
    assert "run `autograder assign 02_optimization`" in check.stderr
    wrote = subprocess.run([*cmd, "02_optimization"], env=env, capture_output=True, text=True)
    assert wrote.returncode == 0, wrote.stderr
    assert (
        a.notebook_path.read_bytes()
        == (ROOT / "assignments" / "02_optimization" / "02_optimization.ipynb").read_bytes()
    )
    again = subprocess.run([*cmd, "--all", "--check"], env=env, capture_output=True, text=True)
    assert again.returncode == 0 and "up to date" in again.stdout


def test_generated_notebook_has_headings_points_and_nbgrader_metadata() -> None:
    a = Assignment.load("01_calculus_autodiff", ROOT)
    nb = build_notebook(a)
    by_id = {c.id: c for c in nb.cells}
    assert by_id["q4_single_neuron_text"].source.startswith(
        "## Question 4: A single linear neuron trained by gradient descent (4 points)\n"
    )
    check = by_id["q4_single_neuron_check"]
    assert check.source == 'check("q4_single_neuron")'
    assert check.metadata["nbgrader"] == {
        "grade": True,
        "grade_id": "q4_single_neuron_check",
        "locked": True,
        "points": 4,
        "schema_version": 3,
        "solution": False,
    }
    stub = by_id["q4_single_neuron"]
    assert stub.metadata["nbgrader"]["solution"] and not stub.metadata["nbgrader"]["locked"]
    assert "### BEGIN SOLUTION" not in stub.source and "raise NotImplementedError" in stub.source
    assert by_id["setup"].metadata["nbgrader"]["locked"]


def test_stub_replaces_nested_regions_and_drops_top_level_ones() -> None:
    source = (
        "### BEGIN SOLUTION\ndef _helper(x):\n    return x\n### END SOLUTION\n\n\n"
        'def f(x):\n    """Doc."""\n    ### BEGIN SOLUTION\n    return _helper(x) + 1\n'
        "    ### END SOLUTION\n"
    )
    assert stub_code(source) == 'def f(x):\n    """Doc."""\n    raise NotImplementedError'
    assert solution_code(source) == (
        'def _helper(x):\n    return x\n\n\ndef f(x):\n    """Doc."""\n    return _helper(x) + 1\n'
    )


MINIMAL = '''"""Header."""
import math

# %% [setup]
from autograder.public import Checker
check = Checker("x", globals())

# %% [question q1_a]
# Text.

# %% [answer]
def f(x):
    ### BEGIN SOLUTION
    return math.sqrt(x)
    ### END SOLUTION
'''


@pytest.mark.parametrize(
    "edit, message",
    [
        (("# %% [answer]", "# %% [anwser]"), ":11: unknown cell marker"),
        (("    ### END SOLUTION\n", ""), "region is never closed"),
        (("# %% [question q1_a]\n# Text.\n", ""), ":9: an answer cell must follow"),
        (
            (
                "# %% [setup]\nfrom autograder.public import Checker\n"
                'check = Checker("x", globals())\n',
                "",
            ),
            "needs exactly one # %% [setup] cell",
        ),
        (("# Text.", "Text without a hash"), ":9: markdown lines start with '# '"),
        (("    ### BEGIN SOLUTION\n", ""), "without ### BEGIN SOLUTION"),
    ],
)
def test_malformed_masters_are_refused_with_their_line(
    tmp_path: Path, edit: tuple[str, str], message: str
) -> None:
    path = tmp_path / "master.py"
    path.write_text(MINIMAL.replace(*edit))
    with pytest.raises(GraderError, match=message.replace("[", r"\[").replace("(", r"\(")):
        parse(path)


def test_the_reference_module_keeps_the_masters_line_numbers(tmp_path: Path) -> None:
    """A failing reference points at the master's own line, so an instructor can find it."""
    for tree in ("assignments", "reference_solutions"):
        (tmp_path / tree / "x").mkdir(parents=True)
    (tmp_path / "assignments" / "x" / "x.ipynb").write_text("{}")
    master = tmp_path / "reference_solutions" / "x" / "master.py"
    master.write_text(MINIMAL)
    module = Assignment.load("x", tmp_path).reference_module
    with pytest.raises(ValueError) as info:
        module.f(-1.0)
    assert info.traceback[-1].path == master and info.traceback[-1].lineno + 1 == 14


def test_the_authoring_surface_is_pinned() -> None:
    assert sorted(autograder.authoring.__all__) == [
        "AutogradCheck",
        "Call",
        "Callable_",
        "Check",
        "FiniteDifferenceCheck",
        "FlagsCheck",
        "GradcheckCheck",
        "LossThresholdCheck",
        "Mutant",
        "NestedCall",
        "NoMutationCheck",
        "NoWarningsCheck",
        "PredictionCheck",
        "Question",
        "RaisesCheck",
        "SeedCheck",
        "ShapeCheck",
        "StatisticalCheck",
        "SymbolicCheck",
        "TensorArg",
        "ThresholdCheck",
        "Tolerance",
        "TrajectoryCheck",
        "UpdateStepCheck",
        "ValueCheck",
    ]
    for name in autograder.authoring.__all__:
        assert getattr(autograder.authoring, name) is not None


@pytest.mark.parametrize(
    "path",
    sorted(
        str(p.relative_to(ROOT))
        for p in [
            *ROOT.glob("reference_solutions/*/suite*.py"),
            *ROOT.glob("reference_solutions/*/mutants.py"),
            *ROOT.glob("assignments/*/public_checks.py"),
        ]
    ),
)
def test_course_files_import_the_engine_only_through_the_authoring_surface(path: str) -> None:
    text = (ROOT / path).read_text()
    imports = [
        line
        for line in text.splitlines()
        if line.startswith(("from autograder", "import autograder"))
    ]
    assert imports and all(
        line.startswith("from autograder.authoring import") for line in imports
    ), imports


def test_the_benchmark_course_is_generated_from_its_master_too() -> None:
    bench = Assignment.load("bench_torch", ROOT / "bench" / "course")
    assert stale(bench) == []


TWO_QUESTIONS = '''"""Two questions; the second's answer uses the first's function."""
import numpy as np

# %% [setup]
import numpy as np

# %% [question q1]
# Double.

# %% [answer]
def double(x):
    """2x."""
    ### BEGIN SOLUTION
    return 2 * x
    ### END SOLUTION


# %% [question q2]
# Quadruple.

# %% [answer]
def quadruple(x):
    """4x."""
    ### BEGIN SOLUTION
    return double(double(x))
    ### END SOLUTION


# %% [question q3]
# Negate.

# %% [answer]
def negate(x):
    """-x."""
    ### BEGIN SOLUTION
    return -x
    ### END SOLUTION
'''

THREE_SUITE = """from autograder.authoring import Call, Question, ValueCheck

QUESTIONS = [Question(q, points=1, title=q, checks=(ValueCheck(name="v", call=Call(fn, (1.0,))),))
             for q, fn in (("q1", "double"), ("q2", "quadruple"), ("q3", "negate"))]
"""


def test_a_changed_answer_reaches_the_questions_that_use_its_names(tmp_path: Path) -> None:
    """Content gate grading: a mutant of q1 can change q2 (whose answer calls double), not q3."""
    (tmp_path / "assignments" / "x").mkdir(parents=True)
    (tmp_path / "reference_solutions" / "x").mkdir(parents=True)
    (tmp_path / "reference_solutions" / "x" / "master.py").write_text(TWO_QUESTIONS)
    (tmp_path / "reference_solutions" / "x" / "suite.py").write_text(THREE_SUITE)
    a = Assignment.load("x", tmp_path)
    wrong_double = "def double(x):\n    return 3 * x\n"
    assert affected_questions(a, "q1", wrong_double) == {"q1", "q2"}
    assert affected_questions(a, "q2", "def quadruple(x):\n    return 4 * x\n") == {"q2"}
    # a new helper name bound by the mutant that q3 happens to use reaches q3 too
    assert affected_questions(a, "q1", wrong_double + "negate = abs\n") == {"q1", "q2", "q3"}


# -- the generated "Before you submit" section -------------------------------------------------


@pytest.mark.parametrize("assignment_id", IDS)
def test_every_notebook_ends_with_the_locked_before_you_submit_section(assignment_id: str) -> None:
    a = Assignment.load(assignment_id, ROOT)
    nb = build_notebook(a)
    last = nb.cells[-1]
    assert last.cell_type == "markdown" and last.id == "before_you_submit"
    assert last.metadata["nbgrader"]["locked"] and not last.metadata["nbgrader"]["solution"]
    assert last.source.startswith("## Before you submit\n")
    for needed in ("Restart and run all", "check(", "from autograder.hub.client import submit"):
        assert needed in last.source
    assert "`status()`" in last.source and "`feedback()`" in last.source
    assert "refuses a notebook whose saved" in last.source  # save first
    assert last.source.endswith(
        "The due date and your attempts left are shown by `status()` and on the course page."
    )
    assert sum("Before you submit" in c.source for c in nb.cells) == 1  # the master's is gone
    assert notebook_text(a) == notebook_text(Assignment.load(assignment_id, ROOT))  # deterministic


POLICY = """due = "2025-03-01 23:59"
timezone = "Europe/Berlin"
counts = "best"
max_attempts = 5

[extensions]
alice = "2d"
"""


def test_a_policy_file_puts_due_date_attempt_rule_and_limit_in_the_section(tmp_path: Path) -> None:
    a = _course_copy(tmp_path, "02_optimization")
    assert stale(a) == []
    (a.instructor_dir / "policy.toml").write_text(POLICY)
    fresh = Assignment.load(a.id, tmp_path)
    assert stale(fresh) == ["02_optimization.ipynb differs from what the master generates"]
    text = build_notebook(fresh).cells[-1].source
    terms = text.split("**Due date and attempts.** ")[1]
    assert terms.startswith(
        "Due **Saturday 1 March 2025 at 23:59** (Europe/Berlin). Your best submission counts. "
        "You can submit at most 5 times; `status()` shows how many attempts you have left."
    )
    assert "alice" not in text and "2d" not in text  # extensions are nobody else's business
    assert "course page" in terms  # the service may change the terms later


@pytest.mark.parametrize(
    "policy, expected",
    [
        ('due = 2025-03-03T09:30:00-05:00\nmax_attempts = 1\ncounts = "last_before_deadline"',
         "Due **Monday 3 March 2025 at 09:30** (UTC-05:00). Your last submission before the due "
         "date counts (your latest one, with its late penalty, if none was on time). You can "
         "submit at most 1 time;"),
        ("due = 2025-12-24T18:00:00Z",
         "Due **Wednesday 24 December 2025 at 18:00** (UTC). Your latest submission counts. You "
         "can submit as often as you like."),
        ("", "There is no due date. Your latest submission counts. You can submit as often"),
    ],
)  # fmt: skip
def test_the_section_states_each_policy_in_words(
    tmp_path: Path, policy: str, expected: str
) -> None:
    a = _course_copy(tmp_path, "02_optimization")
    (a.instructor_dir / "policy.toml").write_text(policy)
    text = build_notebook(Assignment.load(a.id, tmp_path)).cells[-1].source
    assert text.split("**Due date and attempts.** ")[1].startswith(expected)


def test_a_broken_policy_file_stops_assign_with_the_field_named(tmp_path: Path) -> None:
    a = _course_copy(tmp_path, "02_optimization")
    (a.instructor_dir / "policy.toml").write_text("max_attempts = 0\n")
    with pytest.raises(PolicyError, match=r"policy\.toml: max_attempts: expected an integer"):
        build_notebook(Assignment.load(a.id, tmp_path))
