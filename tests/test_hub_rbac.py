"""Who may do what in the grading service, on a real hub with real tokens: students see only
their own work and cannot act as instructors; instructors can do all of their tasks; no route
exposes the hidden suites or the reference solutions; bad requests get clear 4xx answers."""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Any

import httpx
import pytest

from tests.helpers import EXAMPLES
from tests.hubtools import RealHub
from tests.leakscan import course_secrets, file_lines

pytestmark = [pytest.mark.hub, pytest.mark.sandbox]

A = "01_calculus_autodiff"
WORK = (EXAMPLES / "bob.ipynb").read_bytes()


def submit(hub: RealHub, token: str, data: bytes = WORK, assignment: str = A) -> dict[str, Any]:
    reply = hub.call(token, "POST", f"/assignments/{assignment}/submissions", content=data)
    assert reply.status_code == 202, reply.text
    return dict(reply.json())


@pytest.fixture(scope="module")
def two_students(hub: RealHub) -> dict[str, tuple[str, str, int]]:
    """Two students with one graded submission each: name, token, submission id."""
    out = {}
    for key in ("ann", "ben"):
        name, token = hub.create_user("students")
        sub = submit(hub, token)
        hub.wait_graded(token, sub["id"])
        out[key] = (name, token, sub["id"])
    return out


def test_a_student_cannot_read_another_students_submissions_or_feedback(
    hub: RealHub, two_students: dict[str, tuple[str, str, int]]
) -> None:
    ann, _ann_token, ann_sub = two_students["ann"]
    ben, ben_token, ben_sub = two_students["ben"]
    for path in (f"/submissions/{ann_sub}", f"/submissions/{ann_sub}/notebook"):
        reply = hub.call(ben_token, "GET", path)
        assert reply.status_code == 404 and "of yours" in reply.json()["detail"]
    for params in ({}, {"student": ann}, {"assignment": A, "student": ann}):
        listed = hub.call(ben_token, "GET", "/submissions", params=params).json()
        assert [s["id"] for s in listed] == [ben_sub]
    own = hub.call(ben_token, "GET", f"/submissions/{ben_sub}").json()
    assert own["student"] == ben and own["results"]["score"] == own["score"] < 18


@pytest.mark.parametrize(
    "method,path",
    [
        ("POST", f"/assignments/{A}/release"),
        ("GET", f"/assignments/{A}/collect"),
        ("POST", f"/assignments/{A}/grade"),
        ("GET", f"/assignments/{A}/grades.csv"),
        ("GET", f"/assignments/{A}/results"),
        ("POST", "/assignments/02_optimization/release"),
    ],
)
def test_a_student_cannot_release_collect_grade_or_export(
    hub: RealHub, two_students: dict[str, tuple[str, str, int]], method: str, path: str
) -> None:
    _, token, _ = two_students["ann"]
    reply = hub.call(token, method, path)
    assert reply.status_code == 403
    assert "instructors only" in reply.json()["detail"]


def test_an_instructor_can_do_all_of_their_tasks(
    hub: RealHub, two_students: dict[str, tuple[str, str, int]]
) -> None:
    teacher = hub.instructor_token
    ann, _, ann_sub = two_students["ann"]
    assert hub.call(teacher, "GET", "/whoami").json()["instructor"] is True
    everything = {a["id"]: a for a in hub.call(teacher, "GET", "/assignments").json()}
    assert everything[A]["released"] and not everything["02_optimization"]["released"]
    assert hub.call(teacher, "POST", "/assignments/03_probability/release").status_code == 200
    assert hub.call(teacher, "GET", f"/submissions/{ann_sub}").json()["results"] is not None
    assert hub.call(teacher, "GET", f"/submissions/{ann_sub}/notebook").content == WORK
    listed = hub.call(teacher, "GET", "/submissions", params={"student": ann}).json()
    assert [s["id"] for s in listed] == [ann_sub]
    collected = zipfile.ZipFile(
        io.BytesIO(hub.call(teacher, "GET", f"/assignments/{A}/collect").content)
    )
    assert collected.read(f"submitted/{ann}/{A}/{A}.ipynb") == WORK
    grades = hub.call(teacher, "GET", f"/assignments/{A}/grades.csv").text
    assert re.search(rf"^{re.escape(ann)},11\.8937,18,", grades, re.M), grades
    results = zipfile.ZipFile(
        io.BytesIO(hub.call(teacher, "GET", f"/assignments/{A}/results").content)
    )
    assert json.loads(results.read(f"{ann}/results.json"))["score"] == 11.8937
    # students see what was released, and only that
    _, token, _ = two_students["ann"]
    visible = {a["id"] for a in hub.call(token, "GET", "/assignments").json()}
    assert A in visible and "03_probability" in visible and "02_optimization" not in visible


def _secret_lines() -> set[str]:
    """Lines of the instructor tree that students do not have (tests/leakscan.py: every file
    under reference_solutions/, minus the student-facing material), less what the submitted
    untouched notebook holds itself; each also as it reads inside a JSON string."""
    sent = file_lines(EXAMPLES / "carol.ipynb")
    lines = {line.decode(errors="replace") for line in course_secrets().searched - sent}
    assert len(lines) > 500  # the probe is meaningful
    return lines | {json.dumps(line)[1:-1] for line in lines}


def test_no_route_exposes_the_hidden_suites_or_the_reference_solutions(hub: RealHub) -> None:
    """Every GET route, called as a student with a graded submission of the untouched notebook
    (so nothing they sent contains reference code), returns no line of either."""
    _, token = hub.create_user("students")
    sub = submit(hub, token, (EXAMPLES / "carol.ipynb").read_bytes())
    hub.wait_graded(token, sub["id"])
    spec = hub.call(None, "GET", "/openapi.json").json()
    bodies, calls = [], 0
    for path, methods in spec["paths"].items():
        if "get" not in methods:
            continue
        concrete = path.split("/services/grader/api", 1)[1].format(
            assignment_id=A, submission_id=sub["id"], job_id="x"
        )
        reply = hub.call(token, "GET", concrete)
        calls += reply.status_code == 200
        bodies.append(reply.content)
        if reply.headers.get("content-type") == "application/zip":
            archive = zipfile.ZipFile(io.BytesIO(reply.content))
            names = archive.namelist()
            assert not any("suites" in n or "reference" in n for n in names), names
            bodies.extend(archive.read(n) for n in names)
    assert calls >= 8  # the student could read most routes: the probe covered real answers
    text = b"\n".join(bodies).decode(errors="replace")
    leaked = [line for line in _secret_lines() if line in text]
    assert not leaked, leaked[:5]
    # and the course's secret folders are not reachable as "assignments"
    for probe in ("..%2Freference_solutions", "suites", f"..%2Freference_solutions%2F{A}"):
        reply = hub.call(token, "GET", f"/assignments/{probe}/download")
        assert reply.status_code == 404


def test_bad_requests_get_clear_4xx_answers(
    hub: RealHub, two_students: dict[str, tuple[str, str, int]]
) -> None:
    _, token, _ = two_students["ann"]
    cases = [
        (
            hub.call(token, "POST", "/assignments/99_nothing/submissions", content=WORK),
            404,
            "no assignment '99_nothing'; released so far: 01_calculus_autodiff",
        ),
        (
            hub.call(token, "POST", "/assignments/02_optimization/submissions", content=WORK),
            404,
            "has not been released yet",
        ),
        (
            hub.call(token, "POST", f"/assignments/{A}/submissions", content=b"\x89PNG\r\n"),
            400,
            "not a Jupyter notebook (not valid JSON)",
        ),
        (
            hub.call(token, "POST", f"/assignments/{A}/submissions", content=b'{"a": 1}'),
            400,
            "JSON but not a Jupyter notebook",
        ),
        (
            hub.call(
                token, "POST", f"/assignments/{A}/submissions", content=b" " * (11 * 1024 * 1024)
            ),
            413,
            "larger than the 10 MB limit",
        ),
        (hub.call(None, "GET", "/submissions"), 401, "no token"),
        (hub.call("not-a-hub-token", "GET", "/submissions"), 401, "does not accept this token"),
        (
            hub.call(None, "GET", "/submissions", headers={"Authorization": "Basic eDp5"}),
            401,
            "malformed Authorization header",
        ),
        (
            hub.call(hub.instructor_token, "POST", f"/assignments/{A}/submissions", content=WORK),
            403,
            "only students submit",
        ),
        (hub.call(token, "GET", "/submissions/999999"), 404, "no submission 999999 of yours"),
    ]
    for reply, status, message in cases:
        assert reply.status_code == status, (status, reply.text)
        assert message in reply.json()["detail"], reply.text


def test_a_token_without_the_service_scope_is_refused(hub: RealHub) -> None:
    name, _ = hub.create_user("students")
    narrow = hub.admin(
        "POST", f"/users/{name}/tokens", json={"scopes": ["read:users:name!user"]}
    ).json()["token"]
    reply = hub.call(narrow, "GET", "/submissions")
    assert reply.status_code == 403
    assert "access:services!service=grader" in reply.json()["detail"]


def test_graded_attempts_are_rate_limited_and_nothing_is_stored_beyond(hub: RealHub) -> None:
    _, token = hub.create_user("students")
    for _ in range(hub.attempts_per_hour):
        submit(hub, token)
    refused = hub.call(token, "POST", f"/assignments/{A}/submissions", content=WORK)
    assert refused.status_code == 429
    assert f"your {hub.attempts_per_hour} graded attempts per hour" in refused.json()["detail"]
    assert 0 < int(refused.headers["Retry-After"]) <= 3600
    assert len(hub.call(token, "GET", "/submissions").json()) == hub.attempts_per_hour


def test_the_api_is_documented_in_openapi(hub: RealHub) -> None:
    spec = hub.call(None, "GET", "/openapi.json").json()
    routes = {(m.upper(), p.split("/api", 1)[1]) for p, ms in spec["paths"].items() for m in ms}
    assert {
        ("POST", "/assignments/{assignment_id}/submissions"),
        ("GET", "/submissions"),
        ("POST", "/assignments/{assignment_id}/release"),
        ("GET", "/assignments/{assignment_id}/grades.csv"),
    } <= routes
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            assert op.get("summary"), f"{method} {path} has no summary"
    assert hub.call(None, "GET", "/docs").status_code == 200
    body = spec["paths"]["/services/grader/api/assignments/{assignment_id}/submissions"]["post"]
    assert "application/x-ipynb+json" in body["requestBody"]["content"]
    docs = hub.call(None, "GET", "/docs").text
    assert "swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()  # served by the service
    # a browser without a session is sent to log in through the hub (OAuth for services)
    index = httpx.get(f"{hub.url}/services/grader/", timeout=30)
    assert index.status_code == 302
    assert index.headers["location"].startswith(
        "/hub/api/oauth2/authorize?client_id=service-grader"
    )
