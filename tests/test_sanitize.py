"""Mangled notebooks: each gets a clear message, and every question that can still be graded
is graded (unit tests of sanitize, then one batch through the sandbox)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import nbformat
import pytest
from pytest import TempPathFactory

from autograder.course import Assignment
from autograder.exceptions import SubmissionError
from autograder.execution.pool import WarmPoolBackend
from autograder.execution.sandbox import SandboxConfig
from autograder.grading.batch import grade_batch
from autograder.grading.gradebook import Gradebook
from autograder.grading.pipeline import cell_error_note
from autograder.grading.results import SubmissionResult
from autograder.grading.sanitize import Sanitized, build_cells, read_submission
from autograder.grading.submissions import SubmissionFile
from tests.helpers import ROOT, notebook_with

A = Assignment.load("01_calculus_autodiff", ROOT)


def solved() -> dict[str, Any]:
    nb = notebook_with(A)
    assert isinstance(nb, nbformat.NotebookNode)
    data: dict[str, Any] = json.loads(nbformat.writes(nb))
    return data


def gid(cell: dict[str, Any]) -> str | None:
    grade_id: str | None = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    return grade_id


def write(tmp_path: Path, name: str, data: dict[str, Any] | bytes | str) -> Path:
    path = tmp_path / f"{name}.ipynb"
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def sanitize(path: Path) -> Sanitized:
    nb, notes = read_submission(path)
    out = build_cells(nb, A.released)
    out.notes[:0] = notes
    return out


# -- the file itself -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"cells": [', "is not valid JSON (line 1, column 12"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "is not a notebook (the file is not text"),
        ('{"hello": "world"}', "is JSON but not a Jupyter notebook (no cells)"),
        ('{"cells": [], "nbformat": 5, "metadata": {}}', "unsupported notebook format version 5"),
    ],
)
def test_unreadable_files_raise_a_message_for_the_student(
    tmp_path: Path, content: str | bytes, message: str
) -> None:
    with pytest.raises(SubmissionError, match=r"x\.ipynb: ") as info:
        read_submission(write(tmp_path, "x", content))
    assert message in str(info.value)


def test_huge_saved_outputs_are_dropped_and_do_not_matter(tmp_path: Path) -> None:
    data = solved()
    code = [c for c in data["cells"] if c["cell_type"] == "code"]
    for c, fill in zip(code[:2], "xy", strict=True):
        c["outputs"] = [{"output_type": "stream", "name": "stdout", "text": fill * 60_000_000}]
    path = write(tmp_path, "big", data)
    assert path.stat().st_size > 100_000_000
    nb, _ = read_submission(path)
    assert all(not c.get("outputs") for c in nb.cells)
    assert len(build_cells(nb, A.released).cells) == len(
        sanitize(write(tmp_path, "ok", solved())).cells
    )


# -- cells ------------------------------------------------------------------------------------


def test_duplicated_cell_ids_are_repaired_with_a_note(tmp_path: Path) -> None:
    data = solved()
    data["cells"][3]["id"] = data["cells"][2]["id"]
    out = sanitize(write(tmp_path, "dup", data))
    assert "Some cells share the same id" in out.notes[0]
    assert len(out.cells) == len(sanitize(write(tmp_path, "ok", solved())).cells)


def test_deleted_answer_cell_is_noted(tmp_path: Path) -> None:
    data = solved()
    data["cells"] = [c for c in data["cells"] if gid(c) != "q3_symbolic"]
    out = sanitize(write(tmp_path, "del", data))
    assert "The answer cell for q3_symbolic is missing from the notebook." in out.notes


def with_markdown_answer(question: str) -> dict[str, Any]:
    """The solved notebook with one answer cell turned into a markdown cell."""
    data = solved()
    for c in data["cells"]:
        if gid(c) == question:
            c["cell_type"] = "markdown"
            c.pop("outputs", None)
            c.pop("execution_count", None)
    return data


def test_answer_cell_turned_into_markdown_is_noted_and_not_run(tmp_path: Path) -> None:
    out = sanitize(write(tmp_path, "md", with_markdown_answer("q5_newton")))
    assert any("q5_newton is a markdown cell" in n for n in out.notes)
    assert not any("def newton_1d" in c["source"] for c in out.cells)


def test_edited_locked_cell_is_restored(tmp_path: Path) -> None:
    data = solved()
    for c in data["cells"]:
        if gid(c) == "setup":
            c["source"] = "import numpy as np  # I removed the other imports"
    out = sanitize(write(tmp_path, "locked", data))
    assert "The locked cell setup was edited; the released version was run instead." in out.notes
    assert "import torch" in out.cells[0]["source"]


def test_edited_test_cells_are_never_run(tmp_path: Path) -> None:
    data = solved()
    for c in data["cells"]:
        if gid(c) == "q1_finite_differences_check":
            c["source"] = "import os\nos._exit(1)"
    out = sanitize(write(tmp_path, "test", data))
    assert not any("os._exit" in c["source"] for c in out.cells)


def test_deleted_locked_setup_cell_is_restored_first(tmp_path: Path) -> None:
    data = solved()
    data["cells"] = [c for c in data["cells"] if gid(c) != "setup"]
    out = sanitize(write(tmp_path, "nosetup", data))
    assert out.cells[0]["name"] == "restored cell (setup)"


def test_stripped_metadata_runs_all_code_cells_and_restores_locked_ones(tmp_path: Path) -> None:
    data = solved()
    for c in data["cells"]:
        c["metadata"] = {}
    out = sanitize(write(tmp_path, "stripped", data))
    assert any("grading metadata is missing" in n for n in out.notes)
    sources = "\n".join(c["source"] for c in out.cells)
    assert "def central_diff" in sources and "def predict" in sources


# -- cells the student added ------------------------------------------------------------------

HUB_CELLS = [
    "from autograder.hub.client import submit, status\nsubmit()",
    "status()  # imported in an earlier cell",
    "import autograder.hub.client as hc\nhc.feedback('01_calculus_autodiff')",
    "from autograder.hub import client\nresult = client.fetch('01_calculus_autodiff')",
    "from autograder.hub.client import request\nrequest('GET', '/submissions')",  # raises
]
FAILING = "def _sq(t):\n    return t ** 2\n\n\n_sq(None)  # raises TypeError after defining _sq"
HELPER = "def _one_minus_sq(t):\n    return 1.0 - _sq(t)"
Q2_WITH_HELPER = "return _one_minus_sq(np.tanh(x))"


def code_cell(source: str, cell_id: str) -> dict[str, Any]:
    return {
        "cell_type": "code",
        "id": cell_id,
        "metadata": {},
        "source": source,
        "outputs": [],
        "execution_count": None,
    }


def with_added_cells() -> dict[str, Any]:
    """The solved notebook where q2's d_tanh calls a helper from an added cell, which calls one
    from another added cell that then raises; and cells at the end that call the hub client."""
    data = solved()
    at = next(i for i, c in enumerate(data["cells"]) if gid(c) == "q2_derivative_rules")
    answer = data["cells"][at]
    source = "".join(answer["source"])  # nbformat writes sources as lists of lines
    answer["source"] = source.replace("return 1.0 - np.tanh(x) ** 2", Q2_WITH_HELPER)
    assert Q2_WITH_HELPER in answer["source"]
    data["cells"][at:at] = [code_cell(FAILING, "mine-1"), code_cell(HELPER, "mine-2")]
    data["cells"] += [code_cell(src, f"hub-{i}") for i, src in enumerate(HUB_CELLS)]
    return data


def test_cells_calling_the_hub_client_are_not_run_and_helpers_are(tmp_path: Path) -> None:
    out = sanitize(write(tmp_path, "added", with_added_cells()))
    sources = [c["source"] for c in out.cells]
    assert FAILING in sources and HELPER in sources
    assert not any(src in sources for src in HUB_CELLS)
    assert out.notes == []  # the hub cells define nothing else: nothing to say


def test_added_cells_map_to_the_answers_that_use_what_they_define(tmp_path: Path) -> None:
    out = sanitize(write(tmp_path, "added", with_added_cells()))
    names = {c["source"]: c["name"] for c in out.cells}
    assert out.added == {
        names[FAILING]: ("q2_derivative_rules",),  # through _one_minus_sq, which calls _sq
        names[HELPER]: ("q2_derivative_rules",),
    }
    assert not any("(" in name for name in out.added)  # answer and setup cells are not added


@pytest.mark.parametrize(
    "source, skipped",
    [
        ("from autograder.hub.client import *\nsubmit()", True),
        ("import autograder.hub.client\nautograder.hub.client.status()", True),
        ("from autograder.hub.client import submit as send\nsend()", True),
        ("def submit():\n    return 1\n\n\nsubmit()", False),  # not the hub's submit
        ("import autograder.public\nstatus = 'ok'", False),
        ("from autograder.hub.client import submit\nsubmit(", False),  # a SyntaxError: run
        ("%time x = 1", False),
    ],
)
def test_hub_client_cells_are_found_by_parsing(source: str, skipped: bool, tmp_path: Path) -> None:
    data = solved()
    data["cells"].append(code_cell(source, "mine"))
    out = sanitize(write(tmp_path, "one", data))
    assert (source not in [c["source"] for c in out.cells]) is skipped


def test_a_hub_cell_that_also_defines_a_helper_says_so(tmp_path: Path) -> None:
    data = solved()
    source = "from autograder.hub.client import submit\n\n\ndef helper(x):\n    return x\n"
    data["cells"].append(code_cell(source, "mine"))
    assert sanitize(write(tmp_path, "unused", data)).notes == []  # nothing else uses helper
    data["cells"].append(code_cell("print(helper(1))", "uses"))
    out = sanitize(write(tmp_path, "mixed", data))
    index = len(data["cells"]) - 1
    assert out.notes == [
        f"Cell {index} calls the hub client, so it was not run when grading, and what it defines "
        "(helper) was missing: move that to another cell."
    ]


def test_an_error_in_an_added_cell_is_noted_as_such() -> None:
    added = {"cell 40": ("q2_derivative_rules", "q4_single_neuron"), "cell 41": ()}
    error = {"cell": "cell 40", "type": "TypeError", "message": "bad operand"}
    assert cell_error_note(error, added) == (
        "cell 40, a cell you added, raised TypeError: bad operand. A cell you add is not graded "
        "itself; it may have affected q2_derivative_rules, q4_single_neuron, which use what it "
        "defines."
    )
    error = {"cell": "cell 41", "type": "NameError", "message": "name 'x' is not defined"}
    assert cell_error_note(error, added).endswith(
        "is not graded itself; no answer uses what it defines."
    )
    answer = {"cell": "cell 12 (q2_derivative_rules)", "type": "ZeroDivisionError", "message": "x"}
    assert (
        cell_error_note(answer, added)
        == "cell 12 (q2_derivative_rules) raised ZeroDivisionError: x"
    )


# -- through the sandbox: what can be graded is graded -----------------------------------------


@pytest.fixture(scope="module")
def mangled(tmp_path_factory: TempPathFactory) -> dict[str, SubmissionResult]:
    folder = tmp_path_factory.mktemp("mangled")
    cases: dict[str, dict[str, Any]] = {}
    stripped = solved()
    for c in stripped["cells"]:
        c["metadata"] = {}
    cases["stripped"] = stripped
    cases["markdown"] = with_markdown_answer("q5_newton")
    deleted = solved()
    deleted["cells"] = [c for c in deleted["cells"] if gid(c) not in ("q3_symbolic", "setup")]
    cases["deleted"] = deleted
    dup = solved()
    dup["cells"].insert(5, copy.deepcopy(dup["cells"][4]))
    cases["duplicated"] = dup
    cases["added"] = with_added_cells()
    subs = [SubmissionFile(name, write(folder, name, data)) for name, data in cases.items()]
    with WarmPoolBackend(2, SandboxConfig(data_dir=A.directory)) as backend:
        results = grade_batch(
            A,
            subs,
            folder / "out",
            backend=backend,
            gradebook=Gradebook(folder / "book.sqlite"),
            workers=2,
        )
    return {r.student: r for r in results}


def scores(result: SubmissionResult) -> dict[str, float]:
    return {q.id: q.score for q in result.questions}


@pytest.mark.sandbox
def test_stripped_metadata_still_gets_full_marks(mangled: dict[str, SubmissionResult]) -> None:
    assert mangled["stripped"].score == 18.0


@pytest.mark.sandbox
def test_markdown_answer_cell_loses_only_its_question(mangled: dict[str, SubmissionResult]) -> None:
    s = scores(mangled["markdown"])
    assert s.pop("q5_newton") == 0.0 and all(
        v == p for v, p in zip(s.values(), [2, 2, 2, 4, 4, 2], strict=True)
    )


@pytest.mark.sandbox
def test_deleted_answer_cell_loses_only_its_question(mangled: dict[str, SubmissionResult]) -> None:
    s = scores(mangled["deleted"])
    assert s.pop("q3_symbolic") == 0.0 and sum(s.values()) == 16.0


@pytest.mark.sandbox
def test_duplicated_answer_cell_is_graded_once(mangled: dict[str, SubmissionResult]) -> None:
    assert mangled["duplicated"].score == 18.0


@pytest.mark.sandbox
def test_added_cells_keep_full_marks_and_get_their_own_note(
    mangled: dict[str, SubmissionResult],
) -> None:
    result = mangled["added"]
    assert result.score == 18.0  # the helper works; the hub cells never ran
    assert not any("ServiceError" in n or "hub server" in n for n in result.notes)
    assert "hub server" not in result.log["stderr"]  # what submit() etc. print there
    (note,) = [n for n in result.notes if "raised" in n]
    assert note.startswith("cell ") and ", a cell you added, raised TypeError: " in note
    assert note.endswith("it may have affected q2_derivative_rules, which uses what it defines.")


def test_locked_exploration_cells_are_not_run_when_grading(tmp_path: Path) -> None:
    out = sanitize(write(tmp_path, "explore", solved()))
    assert not any("_explore" in c["name"] for c in out.cells)
    assert any("(setup)" in c["name"] for c in out.cells)


def test_a_notebook_saved_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    assignment = Assignment.load("02_optimization", ROOT)
    plain = notebook_with(assignment, None, tmp_path / "plain.ipynb")
    bom = tmp_path / "bom.ipynb"
    bom.write_bytes(b"\xef\xbb\xbf" + plain.read_bytes())
    nb, _ = read_submission(bom)
    assert nb.cells == read_submission(plain)[0].cells
