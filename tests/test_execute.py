"""Execution across the process boundary: timeouts, crashes and exits fail closed, per question,
and the questions after a failing one are still graded in a fresh process."""

from __future__ import annotations

from typing import Any

import pytest

from autograder.execution.base import Job, Limits, RunResult
from autograder.execution.process import SubprocessBackend
from autograder.grading.pipeline import run_with_recovery
from autograder.protocol.calls import Call, CallOutcome

SOURCE = """
import os, sys, time

def loop(x):
    while True:
        pass

def die(x):
    os._exit(3)

def twice(x):
    print("student output goes to stdout, not the protocol")
    return 2 * x
"""


def job(*fns: str, cells: str = SOURCE) -> Job:
    questions = [
        {"id": f"q{i}", "calls": [Call(fn, (1.5,)).to_wire(i)]} for i, fn in enumerate(fns)
    ]
    return Job([{"name": "cell 1", "source": cells}], questions)


def value(run: RunResult, qid: str, call_id: int) -> Any:
    outcome = CallOutcome.from_record(run.records[(qid, call_id)])
    assert outcome.ok, outcome.error
    return outcome.value


def test_a_normal_run_streams_every_result() -> None:
    run = SubprocessBackend().run(job("twice", "twice"), Limits(30))
    assert run.finished == {"q0", "q1"} and not run.failures
    assert value(run, "q1", 1) == 3.0
    assert "student output goes to stdout" in run.stdout


def test_a_question_that_hangs_times_out_and_the_rest_is_still_graded() -> None:
    limits = Limits(60, {"q0": 1.0})
    run = run_with_recovery(SubprocessBackend(), job("loop", "twice"), limits)
    assert run.failures["q0"] == "timed out: this question exceeded its 1 s time limit"
    assert value(run, "q1", 1) == 3.0


def test_os_exit_inside_a_question_is_reported_and_later_questions_recover() -> None:
    run = run_with_recovery(SubprocessBackend(), job("twice", "die", "twice"), Limits(60))
    assert value(run, "q0", 0) == 3.0
    assert run.failures["q1"].startswith("the process exited early with code 3")
    assert value(run, "q2", 2) == 3.0
    assert ("q1", 1) not in run.records


def test_the_whole_submission_has_a_time_limit() -> None:
    run = run_with_recovery(
        SubprocessBackend(), job("twice", cells=SOURCE + "\ntime.sleep(60)"), Limits(1.5)
    )
    assert run.failures["q0"] == "timed out: the submission exceeded its 1.5 s time limit"
    assert not run.records


def test_sys_exit_in_a_cell_is_an_error_of_that_cell_only() -> None:
    cells = SOURCE + "\nsys.exit('bye')\n"
    run = SubprocessBackend().run(job("twice", cells=cells), Limits(30))
    assert [e["type"] for e in run.cell_errors] == ["SystemExit"]
    assert value(run, "q0", 0) == 3.0


@pytest.mark.parametrize("magic", ["%matplotlib inline", "!pip install torch"])
def test_ipython_magics_do_not_break_a_cell(magic: str) -> None:
    run = SubprocessBackend().run(job("twice", cells=magic + "\n" + SOURCE), Limits(30))
    assert not run.cell_errors and value(run, "q0", 0) == 3.0
