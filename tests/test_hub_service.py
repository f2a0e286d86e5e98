"""The grading service under stress on a real hub: an acknowledged upload is already durable,
and a hanging submission occupies one worker while other students' work is graded."""

from __future__ import annotations

import json
import sqlite3
import time

from tests.conftest import EXAMPLES
from tests.hubtools import RealHub

A = "01_calculus_autodiff"


def _hanging_notebook() -> bytes:
    nb = json.loads((EXAMPLES / "carol.ipynb").read_text())
    for cell in nb["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "q1_finite_differences":
            cell["source"] = "import time\ntime.sleep(3600)\n"
    return json.dumps(nb).encode()


def test_an_acknowledged_submission_is_already_on_disk_and_in_the_gradebook(hub: RealHub):
    name, token = hub.create_user("students")
    work = (EXAMPLES / "dave.ipynb").read_bytes()
    reply = hub.call(token, "POST", f"/assignments/{A}/submissions", content=work)
    assert reply.status_code == 202
    sub = reply.json()
    # read straight from the service's storage the moment the response is in
    stored = list((hub.state / "grader" / "uploads" / A / name).glob("*.ipynb"))
    assert [p.read_bytes() for p in stored] == [work]
    with sqlite3.connect(hub.state / "grader" / "gradebook.sqlite") as db:
        row = db.execute("select student, sha256, size from uploads where id = ?",
                         (sub["id"],)).fetchone()
    assert row == (name, sub["sha256"], len(work))
    assert sub["status"] == "queued"


def test_a_hanging_submission_does_not_hold_up_other_students(hub: RealHub):
    _, slow_token = hub.create_user("students")
    _, fast_token = hub.create_user("students")
    slow = hub.call(slow_token, "POST", f"/assignments/{A}/submissions",
                    content=_hanging_notebook()).json()
    time.sleep(0.5)  # let a worker pick the hanging one up first
    fast = hub.call(fast_token, "POST", f"/assignments/{A}/submissions",
                    content=(EXAMPLES / "alice.ipynb").read_bytes()).json()
    graded = hub.wait_graded(fast_token, fast["id"])
    assert graded["score"] == 18.0
    still = hub.call(slow_token, "GET", f"/submissions/{slow['id']}").json()
    assert still["status"] in ("queued", "grading"), still
    assert hub.call(None, "GET", "/health").json()["status"] == "ok"
    # the hanging cell is cut off by its time limit, and the rest of the notebook is graded
    done = hub.wait_graded(slow_token, slow["id"], timeout=180)
    assert done["status"] == "graded" and done["score"] == 0.0
    assert "(q1_finite_differences) was skipped" in done["results"]["output"], done["results"]
