"""The student notebook in a real Jupyter kernel: it runs top to bottom, ``check("q")`` answers
quickly, and the stored public outcomes match the reference."""

from __future__ import annotations

from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient
from pytest import MonkeyPatch

from autograder.authoring.solve import solved_notebook
from autograder.course import Assignment
from autograder.public import Checker
from tests.helpers import ROOT

pytestmark = pytest.mark.slow

A = Assignment.load("01_calculus_autodiff", ROOT)


def execute(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    client = NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(A.directory)}}
    )
    client.execute()
    return nb


def outputs(nb: nbformat.NotebookNode, grade_id: str) -> str:
    for cell in nb.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id:
            return "".join(o.get("text", "") for o in cell.get("outputs", []))
    raise AssertionError(grade_id)


def test_solved_notebook_runs_in_a_kernel_and_passes_every_public_check() -> None:
    nb = execute(solved_notebook(A))
    for q in A.questions:
        text = outputs(nb, f"{q.id}_check")
        assert "All public checks passed" in text, text


def test_untouched_notebook_runs_top_to_bottom_and_reports_stubs() -> None:
    nb = execute(nbformat.from_dict(A.released))
    text = outputs(nb, "q1_finite_differences_check")
    assert "0 / 2 public checks passed" in text and "not implemented yet" in text


def test_check_runs_in_the_notebook_process_on_its_namespace(monkeypatch: MonkeyPatch) -> None:
    monkeypatch.chdir(A.directory)
    namespace: dict[str, Any] = {}
    exec(
        compile("import numpy as np\nimport torch\nimport sympy as sp\n", "<setup>", "exec"),
        namespace,
    )
    exec(A.reference_sections()["q4_single_neuron"], namespace)
    checker = Checker(A.id, namespace)
    verdicts = checker.run("q4_single_neuron")
    assert [name for name, _ in verdicts] == [
        "neuron_output on a 2x3 example",
        "mse_loss of a 1x2 example",
    ]
    assert all(v.passed for _, v in verdicts)
    namespace["mse_loss"] = lambda Y_hat, Y: float(((Y_hat - Y) ** 2).mean())
    verdicts = checker.run("q4_single_neuron")
    assert not verdicts[1][1].passed and "Expected: 1.25" in verdicts[1][1].message
