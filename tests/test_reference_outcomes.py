"""Reference outcomes are computed once per plan, one computation at a time, in a clean random
state: whichever thread asks first, the bits are the same, and the process's RNGs do not move."""

from __future__ import annotations

import random
import threading
from pathlib import Path

import numpy as np
import torch

from autograder.course import Assignment
from autograder.grading.pipeline import make_plan, reference_outcomes

MASTER = '''"""A reference that draws from the global generators, as 06's model init does."""
import time

import numpy as np
import torch

# %% [setup]
import numpy as np

# %% [question q1]
# Noise.

# %% [answer]
def noisy(n):
    """A sum of draws from torch's and NumPy's global generators."""
    ### BEGIN SOLUTION
    total = torch.zeros(n, dtype=torch.float64)
    for _ in range(200):
        total = total + torch.randn(n, dtype=torch.float64) + float(np.random.normal())
        time.sleep(0)  # let other threads run, as real references do inside torch kernels
    return total
    ### END SOLUTION
'''

SUITE = """from autograder.authoring import Call, Question, Tolerance, ValueCheck

QUESTIONS = [Question(f"q1", points=1, title="noise", checks=tuple(
    ValueCheck(name=f"noise {k}", tol=Tolerance(0.0, 0.0), call=Call("noisy", (50,), seed=k))
    for k in range(6)))]
"""


def _course(tmp_path: Path) -> Assignment:
    (tmp_path / "assignments" / "noise").mkdir(parents=True)
    (tmp_path / "reference_solutions" / "noise").mkdir(parents=True)
    (tmp_path / "reference_solutions" / "noise" / "master.py").write_text(MASTER)
    (tmp_path / "reference_solutions" / "noise" / "suite.py").write_text(SUITE)
    return Assignment.load("noise", tmp_path)


def _bits(outcomes: dict) -> dict[str, bytes]:  # type: ignore[type-arg]
    return {name: outcomes[cid].value.tobytes() for name, cid in outcomes.items()}


def test_concurrent_reference_computations_give_identical_bits(tmp_path: Path) -> None:
    a = _course(tmp_path)
    (question,) = a.questions
    # four plans (different check subsets, so four computations), all asked for at once
    subsets = [question.checks[i:] for i in range(4)]
    plans = [make_plan(a, [type(question)(question.id, 1, s, "noise")]) for s in subsets]
    results: dict[int, dict] = {}  # type: ignore[type-arg]

    def compute(i: int) -> None:
        outcomes = reference_outcomes(a, plans[i])
        results[i] = {p.check.name: outcomes[p.call_ids[0]] for p in plans[i].checks}

    # numpy's stub types get_state() as the dict form; the legacy default is a tuple (key at [1])
    states = (
        random.getstate(),
        np.random.get_state()[1].copy(),  # type: ignore[index]
        torch.random.get_rng_state(),
    )
    threads = [threading.Thread(target=compute, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # the same check gives the same bits in every plan, and as a lone computation would
    alone = make_plan(a, [type(question)(question.id, 1, question.checks[5:], "noise")])
    single = reference_outcomes(a, alone)[alone.checks[0].call_ids[0]].value.array.tobytes()
    for i in range(4):
        assert results[i]["noise 5"].value.array.tobytes() == single, f"plan {i} differs"
    assert len({results[i]["noise 4"].value.array.tobytes() for i in range(4)}) == 1
    # and the process's own random state was left as it was
    assert random.getstate() == states[0]
    assert np.array_equal(np.random.get_state()[1], states[1])  # type: ignore[index]
    assert torch.equal(torch.random.get_rng_state(), states[2])


def test_reference_outcomes_are_computed_once_per_plan(tmp_path: Path) -> None:
    a = _course(tmp_path)
    plan = make_plan(a)
    assert reference_outcomes(a, plan) is reference_outcomes(a, make_plan(a))
