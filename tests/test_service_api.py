"""The grading service's API in process: FastAPI's test client against the real app, store and
gradebook, with the hub's ``GET /user`` answered by an ``httpx.MockTransport`` (tokens -> users
and scopes). The same rules are tested through the real hub in ``test_hub_rbac.py``; these run in
a second, without a hub, and pin the layers: routes, policy, dependencies."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.helpers import EXAMPLES
from tests.servicetools import service_app

A = "01_calculus_autodiff"
API = "/services/grader/api"
ACCESS = "access:services!service=grader"
USERS = {
    "ann-token": {"kind": "user", "name": "ann", "scopes": [ACCESS, "custom:grader:submit"]},
    "ben-token": {"kind": "user", "name": "ben", "scopes": [ACCESS, "custom:grader:submit"]},
    "teacher-token": {
        "kind": "user",
        "name": "teacher",
        "scopes": [ACCESS, "custom:grader:manage"],
    },
    "no-access-token": {"kind": "user", "name": "eve", "scopes": ["custom:grader:submit"]},
    "service-token": {"kind": "service", "name": "other", "scopes": [ACCESS]},
}
WORK = (EXAMPLES / "bob.ipynb").read_bytes()


def fake_hub(request: httpx.Request) -> httpx.Response:
    assert request.url.path == "/hub/api/user"
    token = request.headers.get("Authorization", "").removeprefix("token ")
    return httpx.Response(200, json=USERS[token]) if token in USERS else httpx.Response(403)


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    app, _, _ = service_app(
        tmp_path, fake_hub, attempts_per_hour=2, max_upload_bytes=2 * 1024 * 1024
    )  # the runner is never started: nothing is graded here
    return TestClient(app)


def call(
    client: TestClient, token: str | None, method: str, path: str, **kwargs: Any
) -> httpx.Response:
    headers = {"Authorization": f"token {token}"} if token else {}
    # starlette's TestClient is typed against an httpx it may not find, so its replies are Any
    reply: httpx.Response = client.request(method, API + path, headers=headers, **kwargs)
    return reply


@pytest.mark.parametrize(
    "token, header, status, detail",
    [
        (None, None, 401, "no token"),
        (None, "Basic abc", 401, "malformed Authorization header"),
        ("nobody", None, 401, "the hub does not accept this token"),
        ("no-access-token", None, 403, "may not access the grader service"),
        ("service-token", None, 403, "only hub users"),
    ],
)
def test_who_may_call(
    client: TestClient, token: str | None, header: str | None, status: int, detail: str
) -> None:
    headers = {"Authorization": header} if header else {}
    reply = (
        call(client, token, "GET", "/whoami")
        if token
        else client.get(API + "/whoami", headers=headers)
    )
    assert reply.status_code == status and detail in reply.json()["detail"]


def test_students_see_released_assignments_only(client: TestClient) -> None:
    assert call(client, "ann-token", "GET", "/assignments").json() == []
    reply = call(client, "ann-token", "GET", f"/assignments/{A}")
    assert (
        reply.status_code == 404
        and reply.json()["detail"] == f"assignment {A} has not been released yet"
    )
    unknown = call(client, "ann-token", "GET", "/assignments/99_nothing").json()["detail"]
    assert unknown == "no assignment '99_nothing'; released so far: none"
    every = [a["id"] for a in call(client, "teacher-token", "GET", "/assignments").json()]
    assert A in every and len(every) >= 6

    assert call(client, "ann-token", "POST", f"/assignments/{A}/release").status_code == 403
    released = call(client, "teacher-token", "POST", f"/assignments/{A}/release").json()
    assert released["released"] and "functions.py" in released["files"]
    assert [a["id"] for a in call(client, "ann-token", "GET", "/assignments").json()] == [A]
    bundle = call(client, "ann-token", "GET", f"/assignments/{A}/download")
    names = zipfile.ZipFile(io.BytesIO(bundle.content)).namelist()
    assert f"{A}/{A}.ipynb" in names and f"{A}/public_checks.py" in names
    assert not [n for n in names if "reference" in n or "suite" in n or "mutant" in n]


def test_uploads_are_checked_limited_and_private(client: TestClient) -> None:
    call(client, "teacher-token", "POST", f"/assignments/{A}/release")
    path = f"/assignments/{A}/submissions"
    bad = call(client, "ann-token", "POST", path, content=b"not json")
    assert bad.status_code == 400 and "not valid JSON" in bad.json()["detail"]
    other = call(client, "ann-token", "POST", path, content=json.dumps({"a": 1}).encode())
    assert other.status_code == 400 and "not a Jupyter notebook" in other.json()["detail"]
    big = call(client, "ann-token", "POST", path, content=b"x" * (3 * 1024 * 1024))
    assert big.status_code == 413 and "2 MB limit" in big.json()["detail"]
    assert call(client, "teacher-token", "POST", path, content=WORK).status_code == 403

    first = call(client, "ann-token", "POST", path, content=WORK)
    assert first.status_code == 202, first.text
    assert first.json()["status"] == "queued" and first.json()["student"] == "ann"
    assert call(client, "ann-token", "POST", path, content=WORK).status_code == 202
    third = call(client, "ann-token", "POST", path, content=WORK)
    assert third.status_code == 429 and "Nothing was stored" in third.json()["detail"]
    assert int(third.headers["Retry-After"]) > 0
    assert len(call(client, "ann-token", "GET", "/submissions").json()) == 2

    sub = first.json()["id"]
    assert call(client, "ben-token", "GET", f"/submissions/{sub}").status_code == 404
    assert call(client, "ben-token", "GET", "/submissions").json() == []
    assert call(client, "ben-token", "GET", "/submissions?student=ann").json() == []
    mine = call(client, "ann-token", "GET", f"/submissions/{sub}").json()
    assert mine["results"] is None and "path" not in mine
    assert call(client, "teacher-token", "GET", f"/submissions/{sub}/notebook").content == WORK
    assert len(call(client, "teacher-token", "GET", "/submissions?student=ann").json()) == 2


def test_instructor_exports_and_unknown_jobs(client: TestClient) -> None:
    assert call(client, "ann-token", "GET", f"/assignments/{A}/grades.csv").status_code == 403
    csv = call(client, "teacher-token", "GET", f"/assignments/{A}/grades.csv")
    assert csv.status_code == 200 and csv.text.startswith("student,score,max_score")
    missing = call(client, "teacher-token", "GET", "/jobs/nope")
    assert missing.status_code == 404 and "no batch job 'nope'" in missing.json()["detail"]
    assert call(client, None, "GET", "/health").json()["status"] == "ok"


def test_the_openapi_document_lists_every_route(client: TestClient) -> None:
    paths = client.get(API + "/openapi.json").json()["paths"]
    assert sorted(p.removeprefix(API) for p in paths) == sorted(
        [
            "/health",
            "/whoami",
            "/assignments",
            "/assignments/{assignment_id}",
            "/assignments/{assignment_id}/download",
            "/assignments/{assignment_id}/release",
            "/assignments/{assignment_id}/collect",
            "/assignments/{assignment_id}/grade",
            "/assignments/{assignment_id}/grades.csv",
            "/assignments/{assignment_id}/canvas.csv",
            "/assignments/{assignment_id}/unrelease",
            "/assignments/{assignment_id}/policy",
            "/assignments/{assignment_id}/overrides",
            "/assignments/{assignment_id}/audit",
            "/assignments/{assignment_id}/gradebook",
            "/assignments/{assignment_id}/results",
            "/assignments/{assignment_id}/submissions",
            "/submissions",
            "/submissions/{submission_id}",
            "/submissions/{submission_id}/notebook",
            "/jobs/{job_id}",
        ]
    )


def test_a_waiting_student_sees_their_place_in_a_queue_that_takes_students_in_turn(
    client: TestClient,
) -> None:
    """Ann submits twice, then Ben once: Ben's upload is graded second, not third."""
    call(client, "teacher-token", "POST", f"/assignments/{A}/release")
    path = f"/assignments/{A}/submissions"
    ann1, ann2, ben = (
        call(client, token, "POST", path, content=WORK).json()
        for token in ("ann-token", "ann-token", "ben-token")
    )
    assert (ann1["queue_position"], ann2["queue_position"], ben["queue_position"]) == (1, 2, 2)
    now = {  # Ben's arrival moved Ann's second upload back
        up["id"]: call(client, token, "GET", f"/submissions/{up['id']}").json()
        for token, up in (("ann-token", ann1), ("ann-token", ann2), ("ben-token", ben))
    }
    assert [now[up["id"]]["queue_position"] for up in (ann1, ann2, ben)] == [1, 3, 2]
    assert {v["status"] for v in now.values()} == {"queued"}
