"""The benchmark exercise in both formats, from one source of truth.

* ``reference_solutions/bench_torch.py`` (under ``bench/course/``) holds the answers, one
  ``# %% [answer] <qid>`` section per question;
* ``autograder/suites/bench_torch.py`` (under ``bench/course/``) holds our hidden checks;
* this module holds the notebook text (setup cell, question prompts) and the nbgrader test cells,
  which re-check the same calls on the same inputs (``default_rng(2026)``, drawn in the suite's
  order) against values computed inline by formula.

``python bench/exercise.py`` rewrites the student notebook of our format
(``bench/course/assignments/bench_torch/bench_torch.ipynb``); ``bench/run.py`` calls
:func:`nbgrader_source` to build the nbgrader version in a temporary course directory.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

ASSIGNMENT = "bench_torch"
BENCH_DIR = Path(__file__).resolve().parent
COURSE = BENCH_DIR / "course"
NOTEBOOK = COURSE / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
REFERENCE = COURSE / "reference_solutions" / f"{ASSIGNMENT}.py"

SETUP = "import numpy as np\nimport torch"
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}

# (question id, points, prompt, stub shown to students)
QUESTIONS = [
    ("q1_neuron", 2,
     "## Question 1: a sigmoid neuron (2 points)\n\n"
     "Implement `sigmoid_neuron(w, b, X)` returning `torch.sigmoid(w @ X + b)` for `w` of shape "
     "`(1, k)`, a 0-d `b` and `X` of shape `(k, m)`. It must stay differentiable.",
     "def sigmoid_neuron(w, b, X):\n    raise NotImplementedError"),
    ("q2_grad_w", 2,
     "## Question 2: the gradient by autograd (2 points)\n\n"
     "Implement `grad_w(w, b, X, Y)`: the gradient with respect to `w` of the mean binary "
     "cross-entropy between `sigmoid_neuron(w, b, X)` and the labels `Y`, computed with autograd. "
     "Return a tensor shaped like `w`.",
     "def grad_w(w, b, X, Y):\n    raise NotImplementedError"),
    ("q3_standardize", 1,
     "## Question 3: standardize with NumPy (1 point)\n\n"
     "Implement `standardize(X)`: each row of `X` to zero mean and unit (population) standard "
     "deviation.",
     "def standardize(X):\n    raise NotImplementedError"),
]

# The inputs of the hidden suite, drawn in the same order; {device} is filled in by run.py.
_DATA = """\
_rng = np.random.default_rng(2026)
_W = _rng.normal(size=(1, 4))
_X = _rng.normal(size=(4, 32))
_Y = (_rng.uniform(size=(1, 32)) > 0.5).astype(np.float64)
_W2 = _rng.normal(size=(1, 4))
_XS = _rng.normal(size=(3, 20)) * 2.0 + 1.0
_B = 0.25
_dev = "{device}"


def _t(a):
    return torch.tensor(np.asarray(a, dtype=np.float64), device=_dev)

"""

NBGRADER_TESTS = {
    "q1_neuron": _DATA + """
w, b = _t(_W).requires_grad_(True), _t(_B).requires_grad_(True)
out = sigmoid_neuron(w, b, _t(_X))
s = 1.0 / (1.0 + np.exp(-(_W @ _X + _B)))
torch.testing.assert_close(out.detach().cpu().numpy(), s, rtol=1e-9, atol=1e-12)
cot = torch.randn(out.shape, generator=torch.Generator().manual_seed(11), dtype=torch.float64)
gw, gb = torch.autograd.grad(out, (w, b), cot.to(_dev))
d = cot.numpy() * s * (1.0 - s)
torch.testing.assert_close(gw.cpu().numpy(), d @ _X.T, rtol=1e-7, atol=1e-9)
torch.testing.assert_close(gb.cpu().numpy(), np.array(d.sum()), rtol=1e-7, atol=1e-9)
""",
    "q2_grad_w": _DATA + """
for w in (_W, _W2):
    g = grad_w(_t(w), _t(_B), _t(_X), _t(_Y))
    s = 1.0 / (1.0 + np.exp(-(w @ _X + _B)))
    expected = (s - _Y) @ _X.T / _X.shape[1]
    assert tuple(g.shape) == (1, 4), f"grad_w returned shape {tuple(g.shape)}"
    torch.testing.assert_close(g.detach().cpu().numpy(), expected, rtol=1e-7, atol=1e-10)
""",
    "q3_standardize": _DATA + """
got = standardize(_XS)
expected = (_XS - _XS.mean(axis=1, keepdims=True)) / _XS.std(axis=1, keepdims=True)
np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-12)
""",
}


def reference_sections() -> dict[str, str]:
    """Answer code by question id, cut from the reference module (same rule as the engine)."""
    text = REFERENCE.read_text()
    marks = list(re.finditer(r"^# %% \[answer\] (\S+)\s*$", text, re.MULTILINE))
    sections = {}
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        sections[m.group(1)] = text[m.end():end].strip("\n")
    return sections


def _meta(grade_id: str, *, grade: bool, solution: bool, locked: bool,
          points: float | None = None) -> dict:
    meta = {"grade": grade, "solution": solution, "locked": locked, "grade_id": grade_id,
            "schema_version": 3}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _code(cell_id: str, source: str, metadata: dict) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source, metadata=metadata)
    cell.id = cell_id
    return cell


def _markdown(cell_id: str, source: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_markdown_cell(source)
    cell.id = cell_id
    return cell


def _notebook(cells: list) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}}
    return nb


def our_notebook() -> nbformat.NotebookNode:
    """The released notebook of our format: stubs in the answer cells; the check cells carry the
    points but are never run by our grader (the hidden suite decides the grade)."""
    cells = [_markdown("title", "# Benchmark exercise: a tiny torch autograd task"),
             _code("setup", SETUP, _meta("setup", grade=False, solution=False, locked=True))]
    for qid, points, prompt, stub in QUESTIONS:
        cells.append(_markdown(f"{qid}-prompt", prompt))
        cells.append(_code(f"{qid}-answer", stub,
                           _meta(qid, grade=False, solution=True, locked=False)))
        cells.append(_code(f"{qid}-check", f"# {qid} is graded by the hidden suite",
                           _meta(f"{qid}_check", grade=True, solution=False, locked=True,
                                 points=points)))
    return _notebook(cells)


def nbgrader_source(device: str = "cpu") -> nbformat.NotebookNode:
    """nbgrader's source notebook: the reference between BEGIN/END SOLUTION, then a test cell
    of asserts per question (the hidden tests, inline)."""
    sections = reference_sections()
    cells = [_markdown("title", "# Benchmark exercise: a tiny torch autograd task"),
             _code("setup", SETUP, _meta("setup", grade=False, solution=False, locked=True))]
    for qid, points, prompt, _stub in QUESTIONS:
        cells.append(_markdown(f"{qid}-prompt", prompt))
        cells.append(_code(f"{qid}-answer",
                           f"### BEGIN SOLUTION\n{sections[qid]}\n### END SOLUTION",
                           _meta(qid, grade=False, solution=True, locked=False)))
        cells.append(_code(f"{qid}-test", NBGRADER_TESTS[qid].replace("{device}", device),
                           _meta(f"{qid}_test", grade=True, solution=False, locked=True,
                                 points=points)))
    return _notebook(cells)


def fill_answers(release: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A student's submission: nbgrader's release notebook with the answers typed in."""
    sections = reference_sections()
    nb = nbformat.from_dict(release)
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("solution"):
            cell.source = sections[meta["grade_id"]]
    return nb


if __name__ == "__main__":
    NOTEBOOK.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(our_notebook(), NOTEBOOK)
    print(f"wrote {NOTEBOOK}")
