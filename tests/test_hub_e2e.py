"""End to end on a real hub: a student's server runs a cell through the kernel API that fetches
the released assignment, submits their notebook from inside the server, and gets graded
feedback; the instructor sees the submission, collects it, grades the batch and downloads
grades.csv."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import time
import zipfile

import httpx
import pytest

from autograder.course import Assignment
from tests.helpers import EXAMPLES, ROOT
from tests.hubtools import RealHub, execute

pytestmark = [pytest.mark.hub, pytest.mark.sandbox]

A = "01_calculus_autodiff"


def test_student_flow_from_server_to_feedback_and_instructor_export(hub: RealHub) -> None:
    student, token = hub.create_user("students")
    teacher = hub.instructor_token
    hub.start_server(student)

    # a cell run by the student's kernel fetches the released bundle into their home
    fetched = asyncio.run(
        execute(
            hub,
            student,
            token,
            (
                "from autograder.hub.client import fetch\n"
                f"p = fetch({A!r})\n"
                "import os; print(sorted(os.listdir(p)))"
            ),
        )
    )
    assert fetched["error"] is None, fetched
    assert f"'{A}.ipynb'" in fetched["stdout"] and "'public_checks.py'" in fetched["stdout"]

    # the student's finished work replaces the fetched notebook (Contents API), then a cell
    # submits it from inside the server with the server's own token and waits for feedback
    work = json.loads((EXAMPLES / "alice.ipynb").read_text())
    put = httpx.put(
        f"{hub.url}/user/{student}/api/contents/{A}/{A}.ipynb",
        timeout=30,
        headers={"Authorization": f"token {token}"},
        json={"type": "notebook", "format": "json", "content": work},
    )
    assert put.status_code in (200, 201), put.text
    started = time.monotonic()
    submitted = asyncio.run(
        execute(
            hub,
            student,
            token,
            (
                "import os; os.chdir(" + repr(A) + ")\n"
                "from autograder.hub.client import submit\n"
                f"r = submit(path={A + '.ipynb'!r})\n"
                "print('RESULT', r['id'], r['status'], r['score'])"
            ),
        )
    )
    elapsed = time.monotonic() - started
    assert submitted["error"] is None, submitted
    assert "18 / 18 points" in submitted["stdout"], submitted["stdout"]
    sub_id = int(submitted["stdout"].split("RESULT ")[1].split()[0])
    print(f"submit-to-feedback from the student's kernel: {elapsed:.2f} s")

    # fetching again (a student unsure they have the latest release) never overwrites their work
    again = asyncio.run(
        execute(hub, student, token, (f"from autograder.hub.client import fetch; fetch({A!r})"))
    )
    assert f"kept your existing {A}/{A}.ipynb" in again["stdout"], again
    mine_now = httpx.get(
        f"{hub.url}/user/{student}/api/contents/{A}/{A}.ipynb",
        timeout=30,
        headers={"Authorization": f"token {token}"},
    ).json()["content"]
    assert [c["source"] for c in mine_now["cells"]] == [
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in work["cells"]
    ]

    # the graded result, through the service, as the student
    mine = hub.call(token, "GET", f"/submissions/{sub_id}").json()
    assert mine["status"] == "graded" and mine["score"] == mine["max_score"] == 18.0
    assert mine["results"]["score"] == 18.0 and len(mine["results"]["tests"]) > 7

    # the instructor sees it, collects it, grades the batch and downloads the grades
    listed = hub.call(teacher, "GET", "/submissions", params={"assignment": A}).json()
    assert any(s["id"] == sub_id and s["student"] == student for s in listed)
    collected = zipfile.ZipFile(
        io.BytesIO(hub.call(teacher, "GET", f"/assignments/{A}/collect").content)
    )
    assert json.loads(collected.read(f"submitted/{student}/{A}/{A}.ipynb")) == work
    job = hub.call(teacher, "POST", f"/assignments/{A}/grade")
    assert job.status_code == 202, job.text
    deadline = time.monotonic() + 120
    while (state := hub.call(teacher, "GET", f"/jobs/{job.json()['id']}").json())[
        "status"
    ] == "running":
        assert time.monotonic() < deadline, state
        time.sleep(0.2)
    assert state["status"] == "finished" and state["done"] == state["total"] >= 1, state
    grades = hub.call(teacher, "GET", f"/assignments/{A}/grades.csv")
    assert grades.status_code == 200 and grades.headers["content-type"].startswith("text/csv")
    rows = {r["student"]: r for r in csv.DictReader(io.StringIO(grades.text))}
    assert rows[student]["score"] == "18" and rows[student]["max_score"] == "18"
    results = zipfile.ZipFile(
        io.BytesIO(hub.call(teacher, "GET", f"/assignments/{A}/results").content)
    )
    assert json.loads(results.read(f"{student}/results.json"))["score"] == 18.0


def test_a_students_server_sees_no_reference_no_hidden_suite_and_no_hub_state(hub: RealHub) -> None:
    """The local hub runs each student's server (and so their kernels and terminals) in
    bubblewrap with an allowlist: the checkout, the instructor tree and the hub's state are not
    there at all, other processes are invisible, only the home is writable (the content scan and
    the other paths: tests/test_hub_secrets.py)."""
    student, token = hub.create_user("students")
    hub.start_server(student)
    lesson = Assignment.load(A, ROOT)
    probe = f"""
import json, os
from pathlib import Path
def attempt(f):
    try:
        return f()
    except OSError as exc:
        return type(exc).__name__
root, state = Path({str(ROOT)!r}), Path({str(hub.state)!r})
print("PROBE", json.dumps({{
    "reference": attempt(lambda: os.listdir(root / "reference_solutions")),
    "instructor_dir": attempt(lambda: os.listdir({str(lesson.instructor_dir)!r})),
    "suite": attempt(lambda: open({str(lesson.suite_path)!r}).read()),
    "checkout": attempt(lambda: os.listdir(root)),
    "state": attempt(lambda: os.listdir(state)),
    "homes": attempt(lambda: os.listdir(state / "home")),
    "db": attempt(lambda: (state / "jupyterhub.sqlite").stat().st_size),
    "pids": len([p for p in os.listdir("/proc") if p.isdigit()]),
    "write_repo": attempt(lambda: (root / "planted.txt").write_text("x")),
    "write_root": attempt(lambda: Path("/planted.txt").write_text("x")),
    "write_home": attempt(lambda: Path("mine.txt").write_text("x")),
    "engine": __import__("autograder.public").__name__,
}}))
"""
    out = asyncio.run(execute(hub, student, token, probe))
    assert out["error"] is None, out
    seen = json.loads(out["stdout"].split("PROBE ", 1)[1])
    absent = ("FileNotFoundError", "PermissionError")  # not mounted; mount-point folders unlistable
    assert seen["reference"] in absent and seen["instructor_dir"] in absent
    assert seen["suite"] == "FileNotFoundError"
    assert seen["checkout"] in absent and seen["state"] in absent and seen["homes"] in absent
    assert seen["db"] == "FileNotFoundError"
    assert seen["pids"] < 10  # the server, its kernel and bwrap's init: not the hub's processes
    assert seen["write_repo"] in ("OSError", "PermissionError")  # read-only file system
    assert seen["write_root"] in ("OSError", "PermissionError")
    assert seen["write_home"] == 1 and seen["engine"] == "autograder"
    assert lesson.suite_path.is_file() and lesson.reference_path.is_file()  # hidden, not gone
