"""What the fixed cost of a batch was cut by, and that each cut changes nothing a grade sees:
workers import only the libraries the assignment's notebook imports, torch is seeded without
the accelerators' lazy queue on CPU jobs, and SciPy is imported only where a statistical check
is judged."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.execution.base import Job, Limits
from autograder.execution.pool import DEFAULT_WARM, WarmPoolBackend, notebook_imports, warm_modules
from autograder.execution.sandbox import SandboxConfig, bwrap_path
from autograder.protocol.calls import Call, CallOutcome
from tests.helpers import ROOT

ASSIGNMENTS = ROOT / "assignments"


def test_notebook_imports_names_modules_and_possible_submodules() -> None:
    source = (
        "%matplotlib inline\n!pip list\nimport numpy as np, torch.nn\n"
        "from scipy import stats\nfrom . import local\n"
    )
    assert notebook_imports(source) == {"numpy", "torch.nn", "scipy", "scipy.stats"}
    assert notebook_imports("def broken(:\n") == set()


def test_warm_modules_are_the_heavy_libraries_the_notebook_imports(tmp_path: Path) -> None:
    assert warm_modules(ASSIGNMENTS / "01_calculus_autodiff") == DEFAULT_WARM
    assert warm_modules(ASSIGNMENTS / "03_probability") == ("matplotlib.pyplot", "numpy")
    assert "sklearn.datasets" in warm_modules(ASSIGNMENTS / "08_probabilistic_ml")
    assert "torch" not in warm_modules(ASSIGNMENTS / "08_probabilistic_ml")
    cell = {"cell_type": "code", "source": ["import os, requests\n", "import sympy\n"]}
    (tmp_path / "nb.ipynb").write_text(json.dumps({"cells": [cell]}))
    assert warm_modules(tmp_path) == ("sympy",)  # not the standard library, not unknown ones
    assert warm_modules(None) == DEFAULT_WARM
    assert warm_modules(tmp_path / "empty") == DEFAULT_WARM


def test_cpu_seeding_leaves_torch_exactly_as_manual_seed_does() -> None:
    script = (
        "import torch\nfrom autograder.protocol.perform import seed_everything\n"
        "for seed in (0, 7, 2**32 - 1):\n"
        "    seed_everything(seed)\n"
        "    a = (torch.get_rng_state(), torch.randn(5), torch.initial_seed())\n"
        "    torch.manual_seed(seed)\n"
        "    b = (torch.get_rng_state(), torch.randn(5), torch.initial_seed())\n"
        "    assert torch.equal(a[0], b[0]) and torch.equal(a[1], b[1]) and a[2] == b[2], seed\n"
        "assert not torch.cuda.is_initialized()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_checks_load_without_scipy() -> None:
    script = "import sys, autograder.public, autograder.checks\nprint('scipy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr


PROBE = """
import sys
def loaded():
    return ",".join(m for m in ("sympy", "torch", "sklearn") if m in sys.modules)
def late():
    import sympy
    return str(sympy.diff(sympy.Symbol("x") ** 3))
"""


@pytest.mark.sandbox
@pytest.mark.skipif(bwrap_path() is None, reason="bubblewrap is not installed")
def test_a_worker_imports_only_what_its_assignment_uses() -> None:
    """A pool for a numpy-only assignment starts without SymPy or torch; a submission that
    imports SymPy anyway still gets it (in its own child), and the next child starts clean."""
    job = Job(
        [{"name": "cell 1", "source": PROBE}],
        [{"id": "q", "calls": [Call("loaded").to_wire(0), Call("late").to_wire(1)]}],
    )
    config = SandboxConfig(data_dir=ASSIGNMENTS / "03_probability")
    with WarmPoolBackend(1, config) as pool:
        runs = [pool.run(job, Limits(60)) for _ in range(2)]
    for run in runs:
        loaded, late = (CallOutcome.from_record(run.records[("q", i)]) for i in (0, 1))
        assert loaded.ok and late.ok, (loaded.error, late.error)
        assert loaded.value == ""  # neither SymPy nor torch was imported before the call
        assert late.value == "3*x**2"


RUNNER_PROBE = """
import sys
def loaded():
    names = ("IPython.core.interactiveshell", "stack_data", "pygments.lexers.python", "torch")
    return ",".join(m for m in names if m in sys.modules)
"""


@pytest.mark.sandbox
@pytest.mark.skipif(bwrap_path() is None, reason="bubblewrap is not installed")
def test_a_foreign_format_runner_warms_its_worker_and_only_its_worker() -> None:
    """A pool told to warm ``nbgrader_runner`` has IPython and its traceback formatter (stack
    data, Pygments' Python lexer) loaded before any child forks, and nothing else heavy; a pool
    for an assignment of ours does not load IPython at all."""
    job = Job(
        [{"name": "cell 1", "source": RUNNER_PROBE}],
        [{"id": "q", "calls": [Call("loaded").to_wire(0)]}],
    )
    warm = ("autograder.sandboxed.nbgrader_runner",)
    with WarmPoolBackend(1, SandboxConfig(), modules=warm) as pool:
        run = pool.run(job, Limits(60))
    loaded = CallOutcome.from_record(run.records[("q", 0)])
    assert loaded.ok, loaded.error
    assert loaded.value == "IPython.core.interactiveshell,stack_data,pygments.lexers.python"
    config = SandboxConfig(data_dir=ASSIGNMENTS / "03_probability")
    with WarmPoolBackend(1, config) as pool:
        run = pool.run(job, Limits(60))
    assert CallOutcome.from_record(run.records[("q", 0)]).value == ""
