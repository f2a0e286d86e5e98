"""The GPU check (``bench/gpu.py``) before a GPU is lent: its dry run on the CPU goes through the
same steps in the real sandbox (solved notebook and every wrong answer of 07's training question,
graded on the CPU and twice on the device under test, then the cost against the code's own run
time), so a lent machine's minutes are not spent finding a broken script; without CUDA, the
real run says so and exits 0."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.course import Assignment
from tests.helpers import ROOT

GPU_CHECK = ROOT / "bench" / "gpu.py"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(GPU_CHECK), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_without_cuda_the_gpu_check_says_so_and_succeeds() -> None:
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA: the real check runs instead")
    done = _run("07_rnn")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "no GPU: nothing to measure"


@pytest.mark.slow
@pytest.mark.sandbox
def test_the_dry_run_grades_in_the_sandbox_and_reports_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "gpu.json"
    done = _run("--device", "cpu", "07_rnn", "--out", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(out.read_text())
    assert report["device"] == "cpu (dry run)" and report["sandbox"] == ["bwrap"]
    r = report["07_rnn"]
    max_score = Assignment.load("07_rnn", ROOT).max_score
    assert r["questions"] == ["q6_train_sine"] and r["notebooks"] >= 2
    for run in ("cpu", "device", "device_again"):
        assert r[run]["solved_score"] == max_score, r[run]["solved_not_passed"]
        assert r[run]["escaped"] == [] and r[run]["caught"] == r["notebooks"] - 1
    assert r["repeatable"] and r["ok"]
    assert 0 < r["own_s"] <= r["own_with_protocol_s"] and r["grading_s"] > 0
    assert r["grading_over_own"] == pytest.approx(r["grading_s"] / r["own_s"])
    assert "07_rnn: two cpu runs agree" in done.stdout
