"""Execution across the process boundary: timeouts, crashes and exits fail closed, per question,
and the questions after a failing one are still graded in a fresh process."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from autograder.course import Assignment
from autograder.exceptions import GraderError
from autograder.execution.base import PROTOCOL_CORRUPTED, Job, Limits, RunResult
from autograder.execution.contract import QuestionSpec
from autograder.execution.fake import NOTHING_RUN, FakeBackend, fake_backend
from autograder.execution.process import SubprocessBackend
from autograder.execution.registry import BackendOptions, make_backend
from autograder.grading.pipeline import NO_RESULT, grade_notebook, run_with_recovery
from autograder.protocol.calls import Call, CallOutcome
from tests.helpers import EXAMPLES, ROOT

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
    questions: list[QuestionSpec] = [
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
    reason = "timed out: the submission exceeded its 1.5 s time limit"
    assert run.failures == {"q0": reason} and run.whole_failure == reason
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


def test_the_subprocess_backend_copies_the_jobs_data_folder(tmp_path: Path) -> None:
    (tmp_path / "data.txt").write_text("7")
    cells = SOURCE + "\ndef read(x):\n    return float(open('data.txt').read()) * x\n"
    plain = job("read", cells=cells)
    run = SubprocessBackend().run(Job(plain.cells, plain.questions, data_dir=tmp_path), Limits(30))
    assert value(run, "q0", 0) == 7 * 1.5


# ------------------------------------------------------------------------------ fail closed
# The pipeline's handling of backends that misbehave, on scripted results (nothing runs).


def test_questions_a_backend_leaves_without_results_are_failed_closed() -> None:
    backend = FakeBackend(RunResult(finished={"q0"}))
    run = run_with_recovery(backend, job("twice", "twice"), Limits(30))
    assert run.failures == {"q1": NO_RESULT}
    assert len(backend.jobs) == 1


def test_a_crashed_question_is_retried_with_only_the_questions_after_it() -> None:
    crashed = RunResult(finished={"q0"}, failures={"q1": "killed"}, crashed_in="q1")
    backend = FakeBackend([crashed, RunResult(finished={"q2"})])
    run = run_with_recovery(backend, job("twice", "die", "twice"), Limits(30))
    assert [j.question_ids for j in backend.jobs] == [["q0", "q1", "q2"], ["q2"]]
    assert run.failures == {"q1": "killed"} and run.finished == {"q0", "q2"}


def test_a_corrupted_stream_in_a_cell_skips_that_cell_with_the_reason() -> None:
    broken = RunResult(cells_failure=PROTOCOL_CORRUPTED, crashed_cell="cell 1")
    backend = FakeBackend([broken, RunResult(finished={"q0"})])
    run = run_with_recovery(backend, job("twice"), Limits(30))
    assert run.skipped_cells == [("cell 1", PROTOCOL_CORRUPTED)]
    assert backend.jobs[1].cells == [] and run.cells_failure is None and not run.failures


def test_the_whole_submissions_time_limit_stops_the_retries() -> None:
    reason = "timed out: the submission exceeded its 30 s time limit"
    over = RunResult(whole_failure=reason, crashed_in="q0").fail_unfinished(["q0", "q1"], reason)
    backend = FakeBackend(over)
    run = run_with_recovery(backend, job("loop", "twice"), Limits(30))
    assert len(backend.jobs) == 1 and run.failures == {"q0": reason, "q1": reason}


def test_a_retry_that_fails_again_keeps_the_newest_reasons() -> None:
    first = RunResult(failures={"q0": "killed"}, crashed_in="q0")
    backend = FakeBackend(first, then=lambda j, _l: RunResult.failed(j, "killed again"))
    run = run_with_recovery(backend, job("die", "twice", "twice"), Limits(30))
    assert run.failures == {"q0": "killed", "q1": "killed again", "q2": "killed again"}
    assert [j.question_ids for j in backend.jobs] == [["q0", "q1", "q2"], ["q1", "q2"]]


def test_the_fake_backend_replays_copies_and_refuses_after_close() -> None:
    backend = FakeBackend(RunResult(finished={"q0"}))
    first = backend.run(job("twice"), Limits(30))
    first.finished.add("changed")
    assert backend.run(job("twice"), Limits(30)).finished == {"q0"}
    backend.close()
    with pytest.raises(GraderError, match="after close"):
        backend.run(job("twice"), Limits(30))
    with pytest.raises(GraderError, match="at least one outcome"):
        FakeBackend([])


def test_a_backend_that_runs_nothing_grades_every_check_as_an_error() -> None:
    a = Assignment.load("01_calculus_autodiff", ROOT)
    backend = make_backend("fake", a, BackendOptions())
    assert isinstance(backend, FakeBackend)
    result = grade_notebook(a, EXAMPLES / "alice.ipynb", "alice", backend=backend)
    checks = [c for q in result.questions for c in q.checks]
    assert checks and all(c.status == "error" for c in checks)
    assert {c.message for c in checks} == {f"Not graded: {NOTHING_RUN}."}
    assert result.limits_hit == {q.id: NOTHING_RUN for q in a.questions}
    assert fake_backend(a, BackendOptions()).run(job("twice"), Limits(1)).failures == {
        "q0": NOTHING_RUN
    }


def test_the_driver_speaks_only_the_declared_message_kinds() -> None:
    """Every message the sandboxed driver writes is one of ``protocol.messages``' kinds, in the
    order ``collect`` expects; anything else is read as a corrupted stream."""
    from autograder.protocol.messages import Message, kind_of
    from autograder.sandboxed.driver import run_job

    sent: list[Message] = []
    run_job(job("twice").wire(), sent.append)
    assert [kind_of(m) for m in sent] == [
        "cells_start",
        "cell",
        "cells_done",
        "question_start",
        "result",
        "question_done",
        "done",
    ]
    assert kind_of({"type": "celll"}) is None and kind_of("done") is None
