"""The benchmark exercise in both formats, from one source of truth.

* ``reference_solutions/bench_torch/master.py`` (under ``bench/course/``) holds the notebook text
  and the answers between ``### BEGIN SOLUTION`` / ``### END SOLUTION``, the markers nbgrader uses;
* ``reference_solutions/bench_torch/suite.py`` holds our hidden checks;
* this module holds the nbgrader test cells, which re-check the same calls on the same inputs
  (``default_rng(2026)``, drawn in the suite's order) against values computed inline by formula.

``python bench/exercise.py`` rewrites the student notebook of our format (the same as
``autograder assign``); ``bench/run.py`` calls :func:`nbgrader_source` to build the nbgrader
version in a temporary course directory.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from autograder.authoring.assign import build_notebook
from autograder.course import Assignment

ASSIGNMENT = "bench_torch"
BENCH_DIR = Path(__file__).resolve().parent
COURSE = BENCH_DIR / "course"
NOTEBOOK = COURSE / "assignments" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"

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
    "q1_neuron": _DATA
    + """
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
    "q2_grad_w": _DATA
    + """
for w in (_W, _W2):
    g = grad_w(_t(w), _t(_B), _t(_X), _t(_Y))
    s = 1.0 / (1.0 + np.exp(-(w @ _X + _B)))
    expected = (s - _Y) @ _X.T / _X.shape[1]
    assert tuple(g.shape) == (1, 4), f"grad_w returned shape {tuple(g.shape)}"
    torch.testing.assert_close(g.detach().cpu().numpy(), expected, rtol=1e-7, atol=1e-10)
""",
    "q3_standardize": _DATA
    + """
got = standardize(_XS)
expected = (_XS - _XS.mean(axis=1, keepdims=True)) / _XS.std(axis=1, keepdims=True)
np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-12)
""",
}


def assignment() -> Assignment:
    return Assignment.load(ASSIGNMENT, COURSE)


def reference_sections() -> dict[str, str]:
    """Answer code by question id, solution included (the engine's own rule)."""
    return assignment().reference_sections()


def our_notebook() -> nbformat.NotebookNode:
    """The released notebook of our format, generated from the master as ``assign`` does."""
    return build_notebook(assignment())


def nbgrader_source(device: str = "cpu") -> nbformat.NotebookNode:
    """nbgrader's source notebook: our notebook with the master's answer cells (solution regions
    marked as nbgrader marks them) and, for each check cell, a test cell of asserts (the hidden
    tests, inline) carrying the question's points."""
    a = assignment()
    answers = {c.question: c.source for c in a.master.cells if c.kind == "answer"}
    nb = build_notebook(a)
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution"):
            cell.source = answers[meta["grade_id"]]
        elif meta.get("grade"):
            qid = meta["grade_id"].removesuffix("_check")
            cell.source = NBGRADER_TESTS[qid].replace("{device}", device)
            meta["grade_id"] = f"{qid}_test"
    return nb


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
