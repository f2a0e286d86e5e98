"""Regenerate the example submissions of 01_calculus_autodiff used by ``make demo`` and the tests.

    python -m tests.make_examples

alice: the reference (full marks); bob: typical mistakes; carol: the untouched notebook;
dave: code that breaks in the ways students' code breaks; erin: a damaged file (not JSON).
"""

from __future__ import annotations

import nbformat

from autograder.authoring.cases import known_answers
from autograder.course import Assignment
from tests.helpers import ROOT, mutant_source, notebook_with

OUT = ROOT / "reference_solutions" / "01_calculus_autodiff" / "examples"


def _mutants(assignment: Assignment, names: list[str]) -> dict[str, str]:
    chosen = [m for m in known_answers(assignment)[0] if m.name in names]
    assert len(chosen) == len(names)
    return {m.question: mutant_source(assignment, m) for m in chosen}


def _edit(section: str, old: str, new: str) -> str:
    assert old in section, old
    return section.replace(old, new)


def dave_answers(assignment: Assignment) -> dict[str, str]:
    """One broken thing per question, each with a message the tests pin down."""
    s = assignment.reference_sections()
    return {
        # wrong shape: flattens its output
        "q1_finite_differences": _edit(
            s["q1_finite_differences"],
            "return np.asarray((f(x + h) - f(x - h)) / (2.0 * h), dtype=np.float64)",
            "return np.ravel((f(x + h) - f(x - h)) / (2.0 * h))",
        ),
        # NaN from an unstable sigmoid, and float32 from d_tanh
        "q2_derivative_rules": _edit(
            _edit(
                s["q2_derivative_rules"],
                "return s * (1.0 - s)",
                "e = np.exp(-x)\n    return e / (1 + e) ** 2",
            ),
            "return 1.0 - np.tanh(x) ** 2",
            "return (1.0 - np.tanh(x) ** 2).astype(np.float32)",
        ),
        # taylor_poly deleted
        "q3_symbolic": s["q3_symbolic"].split("def taylor_poly")[0],
        # untouched, but correct
        "q4_single_neuron": s["q4_single_neuron"],
        # an exception inside the student's function
        "q5_newton": _edit(
            s["q5_newton"],
            "path = [float(x0)]",
            "path = [float(x0)]\n    history = []\n    history[len(path)]",
        ),
        "q6_autograd": s["q6_autograd"],
        "q7_logistic_regression": s["q7_logistic_regression"],
    }


def main() -> None:
    assignment = Assignment.load("01_calculus_autodiff")
    OUT.mkdir(parents=True, exist_ok=True)
    notebook_with(assignment, None, OUT / "alice.ipynb")
    notebook_with(
        assignment,
        _mutants(
            assignment,
            [
                "forward instead of central differences",
                "gradient with 1/(2m) like the loss",
                "Newton step ddf/df instead of df/ddf",
                "detached sigmoid output",
                "predict returns float labels",
            ],
        ),
        OUT / "bob.ipynb",
    )
    nbformat.write(assignment.released, OUT / "carol.ipynb")
    notebook_with(assignment, dave_answers(assignment), OUT / "dave.ipynb")
    text = (OUT / "alice.ipynb").read_text()
    (OUT / "erin.ipynb").write_text(text[: len(text) // 2])


if __name__ == "__main__":
    main()
