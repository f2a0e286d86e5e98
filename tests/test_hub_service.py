"""The grading service under stress on a real hub: an acknowledged upload is already durable, a
hanging submission occupies one worker while other students' work is graded, and a killed
service loses nothing."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import time

import httpx
import nbformat
import pytest

from autograder.course import Assignment
from tests.helpers import EXAMPLES, notebook_with
from tests.hubtools import RealHub

pytestmark = [pytest.mark.hub, pytest.mark.sandbox]

A = "01_calculus_autodiff"


def _hanging_notebook() -> bytes:
    """Full marks, except that q1's answer cell sleeps for an hour."""
    nb = notebook_with(
        Assignment.load(A), {"q1_finite_differences": "import time\ntime.sleep(3600)\n"}
    )
    text: str = nbformat.writes(nb)
    return text.encode()


def test_an_acknowledged_submission_is_already_on_disk_and_in_the_gradebook(hub: RealHub) -> None:
    name, token = hub.create_user("students")
    work = (EXAMPLES / "dave.ipynb").read_bytes()
    reply = hub.call(token, "POST", f"/assignments/{A}/submissions", content=work)
    assert reply.status_code == 202
    sub = reply.json()
    # read straight from the service's storage the moment the response is in
    stored = list((hub.state / "grader" / "uploads" / A / name).glob("*.ipynb"))
    assert [p.read_bytes() for p in stored] == [work]
    with sqlite3.connect(hub.state / "grader" / "gradebook.sqlite") as db:
        row = db.execute(
            "select student, sha256, size from uploads where id = ?", (sub["id"],)
        ).fetchone()
    assert row == (name, sub["sha256"], len(work))
    assert sub["status"] == "queued"


def test_a_hanging_submission_does_not_hold_up_other_students(hub: RealHub) -> None:
    _, slow_token = hub.create_user("students")
    _, fast_token = hub.create_user("students")
    slow = hub.call(
        slow_token, "POST", f"/assignments/{A}/submissions", content=_hanging_notebook()
    ).json()
    time.sleep(0.5)  # let a worker pick the hanging one up first
    fast = hub.call(
        fast_token,
        "POST",
        f"/assignments/{A}/submissions",
        content=(EXAMPLES / "alice.ipynb").read_bytes(),
    ).json()
    graded = hub.wait_graded(fast_token, fast["id"])
    assert graded["score"] == 18.0
    still = hub.call(slow_token, "GET", f"/submissions/{slow['id']}").json()
    assert still["status"] in ("queued", "grading"), still
    assert hub.call(None, "GET", "/health").json()["status"] == "ok"
    # the hanging cell is cut off by its time limit, and the rest of the notebook is graded
    done = hub.wait_graded(slow_token, slow["id"], timeout=180)
    assert done["status"] == "graded" and done["score"] == 16.0  # all but q1's 2 points
    assert "(q1_finite_differences) was skipped" in done["results"]["output"], done["results"]


def test_a_killed_service_is_restarted_by_the_hub_and_loses_nothing(hub: RealHub) -> None:
    """SIGKILL the grading service while one upload is being graded and another waits: the hub
    starts it again (it polls its managed services every 30 s) and both get graded."""
    _, slow_token = hub.create_user("students")
    _, next_token = hub.create_user("students")
    slow = hub.call(
        slow_token, "POST", f"/assignments/{A}/submissions", content=_hanging_notebook()
    ).json()
    waiting = [
        hub.call(
            next_token,
            "POST",
            f"/assignments/{A}/submissions",
            content=(EXAMPLES / name).read_bytes(),
        ).json()
        for name in ("alice.ipynb", "bob.ipynb", "dave.ipynb")
    ]
    pids = subprocess.run(
        ["pgrep", "-f", f"autograder serve --data {hub.state / 'grader'}"],
        capture_output=True,
        text=True,
    ).stdout.split()
    assert len(pids) == 1, pids
    os.kill(int(pids[0]), signal.SIGKILL)
    deadline = time.monotonic() + 90
    while True:  # the proxy answers 503 until the hub has started the service again
        try:
            if hub.call(None, "GET", "/health").status_code == 200:
                break
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline, hub.log_tail()
        time.sleep(0.5)
    scores = [hub.wait_graded(next_token, w["id"])["score"] for w in waiting]
    assert scores == [18.0, 11.8937, 13.7037]
    assert hub.wait_graded(slow_token, slow["id"], timeout=180)["status"] == "graded"
    assert "Service grader exited" in hub.log_tail(400)


async def _post_all(hub: RealHub, posts: list[tuple[str, bytes]]) -> list[httpx.Response]:
    async with httpx.AsyncClient(timeout=120, limits=httpx.Limits(max_connections=50)) as client:
        return list(
            await asyncio.gather(
                *(
                    client.post(
                        f"{hub.service}/assignments/{A}/submissions",
                        content=data,
                        headers={"Authorization": f"token {token}"},
                    )
                    for token, data in posts
                )
            )
        )


def test_concurrent_submissions_are_all_stored_and_graded(hub: RealHub) -> None:
    """Twenty students at the same instant: twenty distinct acknowledged uploads, each graded
    with the score its file deserves (the load benchmark does this with a hundred)."""
    kinds = {"alice.ipynb": 18.0, "bob.ipynb": 11.8937, "carol.ipynb": 0.0, "dave.ipynb": 13.7037}
    students = [hub.create_user("students")[1] for _ in range(20)]
    files = [list(kinds)[i % len(kinds)] for i in range(20)]
    replies = asyncio.run(
        _post_all(
            hub, [(t, (EXAMPLES / f).read_bytes()) for t, f in zip(students, files, strict=True)]
        )
    )
    assert [r.status_code for r in replies] == [202] * 20
    ids = [r.json()["id"] for r in replies]
    assert len(set(ids)) == 20
    scores = [hub.wait_graded(t, i)["score"] for t, i in zip(students, ids, strict=True)]
    assert scores == [kinds[f] for f in files]


def test_parallel_uploads_of_one_student_cannot_exceed_the_attempt_limit(hub: RealHub) -> None:
    _, token = hub.create_user("students")
    work = (EXAMPLES / "alice.ipynb").read_bytes()
    replies = asyncio.run(_post_all(hub, [(token, work)] * (hub.attempts_per_hour + 3)))
    codes = sorted(r.status_code for r in replies)
    assert codes == [202] * hub.attempts_per_hour + [429] * 3
    assert len(hub.call(token, "GET", "/submissions").json()) == hub.attempts_per_hour
