"""The students' hub client without a hub: the unsaved-work gate of ``submit()`` (in a real
Jupyter kernel, stopping before the network: with no service configured, a submission that
passes the gate fails with "not inside a hub server"), one-line errors of ``fetch``, ``status``
and ``feedback``, and the printed per-check feedback."""

from __future__ import annotations

import io
import json
import os
import queue
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.manager import KernelManager, start_new_kernel
from pytest import CaptureFixture, MonkeyPatch

from autograder.course import Assignment
from autograder.grading.render import gradescope
from autograder.grading.results import CheckResult, QuestionResult, SubmissionResult
from autograder.hub import client
from autograder.hub.client import ServiceError, feedback, fetch, render_feedback, status, submit
from autograder.hub.unsaved import answer_cells, first_stale, normalise
from tests.helpers import ROOT

NOT_ON_HUB = "not inside a hub server"
REFUSED = "on disk is not what the kernel ran: save the notebook (Ctrl+S) and run it"

V1 = "def f(x):\n    return x + 1\n"
V2 = "def f(x):\n    return x + 2\n"
G = "def g(x):\n    return 2 * x"


def answer(gid: str, source: str) -> dict[str, Any]:
    meta = {"grade_id": gid, "locked": False, "schema_version": 3, "solution": True}
    return {
        "cell_type": "code",
        "id": gid,
        "metadata": {"nbgrader": meta},
        "source": source,
        "outputs": [],
        "execution_count": None,
    }


def notebook(*cells: dict[str, Any]) -> dict[str, Any]:
    check: dict[str, Any] = {
        "cell_type": "code",
        "id": "q1_check",
        "metadata": {"nbgrader": {"grade_id": "q1_check", "grade": True, "locked": True}},
        "source": 'print("check")',
        "outputs": [],
        "execution_count": None,
    }
    return {"cells": [*cells, check], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def history(*entries: str) -> tuple[list[str], list[str]]:
    return ["", *entries], ["", *entries]


# --- the gate's decision, on given histories


def test_the_answer_cells_are_found_in_a_released_notebook() -> None:
    a = Assignment.load("01_calculus_autodiff", ROOT)
    assert [gid for gid, _ in answer_cells(a.released)] == [q.id for q in a.questions]


def test_normalise_ignores_trailing_whitespace_and_blank_edges() -> None:
    assert normalise("\n\ndef f(x):   \r\n    return x\t\n\n\n") == "def f(x):\n    return x"


def test_saved_and_run_passes_even_after_scratch_cells() -> None:
    nb = notebook(answer("q1", V1), answer("q2", G))
    assert first_stale(nb, *history(V1 + "   \n\n", G, "f(3)", "x = g(2)")) is None


def test_the_kernel_ran_a_newer_version_than_the_file_holds() -> None:
    """The tab has unsaved changes: the kernel's latest version of q1 is not the file's."""
    nb = notebook(answer("q1", V1), answer("q2", G))
    assert first_stale(nb, *history(V1, G, V2)) == "q1"


def test_the_file_holds_an_edit_that_was_never_run() -> None:
    nb = notebook(answer("q1", V2), answer("q2", G))
    assert first_stale(nb, *history(V1, G)) == "q1"


def test_an_answer_cell_never_run_is_named() -> None:
    nb = notebook(answer("q1", V1), answer("q2", G))
    assert first_stale(nb, *history(V1, "f(2)")) == "q2"
    assert first_stale(nb, *history()) == "q1"


def test_running_the_saved_version_again_clears_an_older_mismatch() -> None:
    nb = notebook(answer("q1", V2), answer("q2", G))
    assert first_stale(nb, *history(V1, G, V2)) is None


def test_a_cell_magic_is_read_in_its_transformed_source() -> None:
    nb = notebook(answer("q1", V1))
    raw, parsed = history(V1, "%%time\n" + V2)
    parsed[2] = "get_ipython().run_cell_magic('time', '', " + repr(V2) + ")\n"
    assert first_stale(nb, raw, parsed) is None  # defines nothing visibly: not a version of q1
    parsed[2] = "%%time\n" + V2  # never what IPython stores; a parse error defines nothing
    assert first_stale(nb, raw, parsed) is None
    parsed[2] = V2
    assert first_stale(nb, raw, parsed) == "q1"


def test_outside_a_kernel_submit_sends_the_file_as_today(
    tmp_path: Path, monkeypatch: MonkeyPatch, capsys: CaptureFixture[str]
) -> None:
    monkeypatch.delenv(client.SERVICE_ENV, raising=False)
    monkeypatch.setenv("JPY_SESSION_NAME", "nb.ipynb")
    monkeypatch.chdir(tmp_path)
    Path("nb.ipynb").write_text(json.dumps(notebook(answer("q1", V1))))
    assert submit(path="nb.ipynb") is None
    err = capsys.readouterr().err
    assert NOT_ON_HUB in err and REFUSED not in err and len(err.splitlines()) == 1


# --- the gate in a real kernel


@pytest.fixture(scope="module")
def kernel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], str]]:
    """A real ipykernel in a fresh folder whose notebook session is ``nb.ipynb``, as Jupyter
    Server starts one for a notebook; returns a function running code and returning its
    stdout + stderr."""
    folder = tmp_path_factory.mktemp("kernel")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in (client.SERVICE_ENV, "JUPYTERHUB_API_TOKEN", "JPY_SESSION_NAME")
    }
    env["JPY_SESSION_NAME"] = "work/nb.ipynb"  # relative to the server root, as Jupyter sets it
    km: KernelManager
    kc: BlockingKernelClient
    km, kc = start_new_kernel(kernel_name="python3", cwd=str(folder), env=env)

    def run(code: str) -> str:
        out: list[str] = []

        def hook(msg: dict[str, Any]) -> None:
            if msg["msg_type"] == "stream":
                out.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                out.append("\n".join(msg["content"]["traceback"]))

        try:
            kc.execute_interactive(code, timeout=60, output_hook=hook)
        except queue.Empty:  # pragma: no cover - a hung kernel
            raise AssertionError("the kernel did not answer") from None
        return "".join(out)

    try:
        yield run
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def save(folder: str, *cells: dict[str, Any]) -> str:
    """Code for the kernel: write the notebook file, as JupyterLab's save does."""
    text = json.dumps(nbformat.from_dict(notebook(*cells)))
    return f"import pathlib; pathlib.Path({folder!r}, 'nb.ipynb').write_text({text!r})\n"


def test_submit_in_a_kernel_refuses_unsaved_or_unrun_answers(kernel: Callable[[str], str]) -> None:
    setup = "from autograder.hub.client import submit\nimport os\n"
    assert kernel(setup + save(".", answer("q1", V1), answer("q2", G))) == ""
    submit_here = "print('RESULT', submit(path='nb.ipynb'))"

    # never run: refused, naming the first answer cell
    out = kernel(submit_here)
    assert f"Not submitted: cell for question q1 {REFUSED}" in out and "RESULT None" in out
    assert "Traceback" not in out and len(out.splitlines()) == 2, out

    # saved and run (trailing spaces differ): the gate passes, the network is next
    kernel(V1 + "   \n")
    kernel(G)
    out = kernel(submit_here)
    assert NOT_ON_HUB in out and REFUSED not in out, out

    # the tab's unsaved change: the kernel ran V2, the file still holds V1
    kernel(V2)
    kernel("print(f(1))")
    out = kernel(submit_here)
    assert f"cell for question q1 {REFUSED}" in out, out
    assert NOT_ON_HUB in kernel("submit(path='nb.ipynb', force=True)")
    out = kernel("submit()")  # the default notebook is the session's, refused the same way
    assert f"cell for question q1 {REFUSED}" in out, out

    # saved: passes; then an edit saved but not run: refused
    kernel(save(".", answer("q1", V2), answer("q2", G)))
    assert NOT_ON_HUB in kernel(submit_here)
    kernel(save(".", answer("q1", V2), answer("q2", G + " + 1")))
    assert f"cell for question q2 {REFUSED}" in kernel(submit_here)

    # another notebook than the kernel's own: its history says nothing about that file
    kernel("os.makedirs('other', exist_ok=True)\n" + save("other", answer("q1", "x = 1")))
    assert NOT_ON_HUB in kernel("submit(path='other/nb.ipynb')")


# --- one-line errors and the feedback's text


def result() -> dict[str, Any]:
    checks = (
        CheckResult("q1_sum", "sum of two numbers", "value", "passed", 1.0, False),
        CheckResult(
            "q1_sum", "large inputs", "value", "failed", 1.0, True, "off by 0.1-10 %\nsee q1"
        ),
    )
    other = (CheckResult("q2_mean", "mean of a vector", "value", "error", 1.0, False, "boom"),)
    return gradescope(
        SubmissionResult(
            "demo",
            "alice",
            (
                QuestionResult("q1_sum", "Sum", 2.0, checks),
                QuestionResult("q2_mean", "Mean", 1.0, other),
            ),
            ("The answer cell for q3 is missing from the notebook.",),
            0.5,
            "0" * 64,
            {},
        )
    )


def test_feedback_lists_each_check_under_its_question() -> None:
    text = render_feedback(result())
    assert text.splitlines() == [
        "demo: 1 / 3 points",
        "Note: The answer cell for q3 is missing from the notebook.",
        "  q1_sum: 1 / 2 (1 of 2 checks not passed)",
        "    passed     sum of two numbers",
        "    FAILED     large inputs (hidden)",
        "        off by 0.1-10 %",
        "        see q1",
        "  q2_mean: 0 / 1 (1 of 1 checks not passed)",
        "    ERROR      mean of a vector",
        "        boom",
    ]


def test_feedback_without_the_engines_extra_data_uses_the_test_fields() -> None:
    data = result()
    for test in data["tests"]:
        del test["extra_data"]
    lines = render_feedback(data).splitlines()
    assert "    FAILED     q1_sum: large inputs (hidden)" in lines
    assert "        off by 0.1-10 %" in lines


class Then(list[Any]):
    """Replies given one after the other to repeated requests (the last one repeats)."""


def replies(monkeypatch: MonkeyPatch, answers: dict[str, Any]) -> list[str]:
    asked: list[str] = []

    def request(method: str, path: str, body: bytes | None = None) -> bytes:
        asked.append(path)
        reply = answers[path]
        if isinstance(reply, Then):  # successive replies to the same request
            reply = reply.pop(0) if len(reply) > 1 else reply[0]
        if isinstance(reply, Exception):
            raise reply
        return reply if isinstance(reply, bytes) else json.dumps(reply).encode()

    monkeypatch.setattr(client, "request", request)
    return asked


def test_feedback_prints_the_latest_submission_again(
    monkeypatch: MonkeyPatch, capsys: CaptureFixture[str]
) -> None:
    row = {"received_at": "2026-12-03T10:00:00", "status": "graded", "score": 1, "max_score": 3}
    replies(
        monkeypatch,
        {
            "/submissions?assignment=demo": [{**row, "id": 4}, {**row, "id": 9}],
            "/submissions/9": {**row, "id": 9, "results": result()},
        },
    )
    reply = feedback("demo")
    assert reply is not None and reply["id"] == 9
    out = capsys.readouterr().out
    assert out.startswith("Submission 9 of demo, received 2026-12-03T10:00:00:\ndemo: 1 / 3")
    assert "    FAILED     large inputs (hidden)\n        off by 0.1-10 %" in out


def test_feedback_before_any_submission_says_so_in_one_line(
    monkeypatch: MonkeyPatch, capsys: CaptureFixture[str]
) -> None:
    replies(monkeypatch, {"/submissions?assignment=demo": []})
    assert feedback("demo") is None
    assert capsys.readouterr().err == "No feedback: no submission of demo yet; submit() sends one\n"


def test_submit_prints_the_per_check_lines(
    tmp_path: Path, monkeypatch: MonkeyPatch, capsys: CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.ipynb"
    path.write_text(json.dumps(notebook(answer("q1", V1))))
    replies(
        monkeypatch,
        {
            "/assignments/demo/submissions": {"id": 3, "status": "queued"},
            "/submissions/3": {"id": 3, "status": "graded", "results": result()},
        },
    )
    assert submit(path=path) is not None
    assert "    passed     sum of two numbers\n" in capsys.readouterr().out


def test_submit_says_how_many_graded_attempts_are_left(
    tmp_path: Path, monkeypatch: MonkeyPatch, capsys: CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.ipynb"
    path.write_text(json.dumps(notebook(answer("q1", V1))))
    replies(
        monkeypatch,
        {
            "/assignments/demo/submissions": {"id": 3, "status": "queued", "attempts_left": 2},
            "/submissions/3": {"id": 3, "status": "graded", "results": result()},
        },
    )
    assert submit(path=path) is not None
    assert "Graded attempts left for demo after this one: 2\n" in capsys.readouterr().out


def test_status_names_the_student_when_it_lists_several_students(
    monkeypatch: MonkeyPatch, capsys: CaptureFixture[str]
) -> None:
    row = {"assignment": "demo", "received_at": "t", "status": "graded", "score": 1, "max_score": 3}
    replies(
        monkeypatch,
        {
            "/submissions": [
                {**row, "id": 1, "student": "ann"},
                {**row, "id": 2, "student": "ben"},
            ],
            "/assignments": [],
        },
    )
    assert status() is not None
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[:2] for line in lines] == [["1", "ann"], ["2", "ben"]]


def test_status_lists_each_assignments_due_date_and_attempts_left(
    monkeypatch: MonkeyPatch, capsys: CaptureFixture[str]
) -> None:
    row = {"id": 4, "assignment": "demo", "received_at": "2026-12-03T10:00:00+00:00"}
    replies(
        monkeypatch,
        {
            "/submissions": [{**row, "status": "graded", "score": 1, "max_score": 3}],
            "/assignments": [
                {
                    "id": "demo",
                    "due": "2026-12-24T23:59:00+01:00",
                    "max_attempts": 5,
                    "attempts_left": 4,
                },
                {"id": "open", "due": None, "max_attempts": None, "attempts_left": None},
                {
                    "id": "later",
                    "due": "2027-01-10T12:00:00+00:00",
                    "max_attempts": None,
                    "attempts_left": None,
                },
            ],
        },
    )
    assert status() is not None
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["4", "demo", "2026-12-03T10:00:00+00:00", "graded", "1", "/", "3"]
    assert [line.split() for line in lines[1:]] == [
        ["demo", "due", "2026-12-24T23:59:00+01:00", "4", "of", "5", "attempts", "left"],
        ["later", "due", "2027-01-10T12:00:00+00:00"],
    ]


def test_a_waiting_student_is_told_how_many_submissions_are_ahead(
    tmp_path: Path, monkeypatch: MonkeyPatch, capsys: CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.ipynb"
    path.write_text(json.dumps(notebook(answer("q1", V1))))
    monkeypatch.setattr("autograder.hub.client.time.sleep", lambda s: None)
    queued = {"id": 3, "status": "queued"}
    replies(
        monkeypatch,
        {
            "/assignments/demo/submissions": {**queued, "queue_position": 3},
            "/submissions/3": Then(
                [
                    {**queued, "queue_position": 3},
                    {**queued, "queue_position": 2},
                    {**queued, "queue_position": 1},
                    {"id": 3, "status": "grading"},
                    {"id": 3, "status": "graded", "results": result()},
                ]
            ),
        },
    )
    assert submit(path=path) is not None
    lines = [line for line in capsys.readouterr().out.splitlines() if "queue" in line]
    assert lines == [
        "In the queue: 2 submission(s) ahead of yours.",
        "In the queue: 1 submission(s) ahead of yours.",
    ]


def test_fetch_errors_are_one_line(
    tmp_path: Path, monkeypatch: MonkeyPatch, capsys: CaptureFixture[str]
) -> None:
    monkeypatch.delenv(client.SERVICE_ENV, raising=False)
    assert fetch("demo", tmp_path) is None
    assert capsys.readouterr().err.startswith(f"Not fetched: {NOT_ON_HUB} (")

    unknown = ServiceError("unknown assignment 'nope' (HTTP 404)")
    replies(
        monkeypatch,
        {"/assignments/nope/download": unknown, "/assignments/demo/download": b"<html>"},
    )
    assert fetch("nope", tmp_path) is None
    assert capsys.readouterr().err == "Not fetched: unknown assignment 'nope' (HTTP 404)\n"
    assert fetch("demo", tmp_path) is None
    assert capsys.readouterr().err == "Not fetched: the service's reply is not a zip archive\n"
    assert list(tmp_path.iterdir()) == []


def test_fetch_still_unpacks_and_keeps_existing_work(
    tmp_path: Path, monkeypatch: MonkeyPatch, capsys: CaptureFixture[str]
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("demo/demo.ipynb", "{}")
        archive.writestr("demo/public_checks.py", "")
    replies(monkeypatch, {"/assignments/demo/download": buffer.getvalue()})
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "demo.ipynb").write_text("mine")
    assert fetch("demo", tmp_path) == tmp_path.resolve() / "demo"
    assert (tmp_path / "demo" / "demo.ipynb").read_text() == "mine"
    assert "kept your existing demo/demo.ipynb" in capsys.readouterr().out


def test_status_and_the_command_line_fail_in_one_line(
    monkeypatch: MonkeyPatch, capsys: CaptureFixture[str]
) -> None:
    monkeypatch.delenv(client.SERVICE_ENV, raising=False)
    assert status() is None
    assert client.main(["feedback", "demo"]) == 1
    assert client.main(["fetch", "demo"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert [line.split(":")[0] for line in err] == ["No status", "No feedback", "Not fetched"]
