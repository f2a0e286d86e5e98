"""The grading routes of the service in process (as ``test_service_api.py``: the real app, store
and gradebook, the hub's ``GET /user`` answered by a stub transport): policies, the attempt
limit, per-student due dates, manual grades and their trail, the gradebook and the exports of
effective scores for a whole roster, and withdrawing a release."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from autograder.grading.results import CheckResult, QuestionResult, SubmissionResult
from autograder.service.deps import Service
from autograder.service.status import UploadStatus
from tests.servicetools import service_app
from tests.test_service_api import WORK, A, call, fake_hub


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    # the runner is never started: grading is written into the store by hand (``grade``)
    app, _, _ = service_app(tmp_path, fake_hub, roster=lambda: ["dan", "ann"])
    return TestClient(app)


def service(client: TestClient) -> Service:
    found: Service = client.app.state.service  # type: ignore[attr-defined]
    return found


def grade(client: TestClient, upload: dict[str, Any], passed: set[str]) -> None:
    """Record the upload as graded: the questions in ``passed`` earn their points."""
    store = service(client).store
    a = service(client).runner.assignments(A)
    questions = tuple(
        QuestionResult(
            q.id,
            q.title,
            q.points,
            (CheckResult(q.id, "c", "value", "passed" if q.id in passed else "failed", 1, False),),
        )
        for q in a.questions
    )
    result = SubmissionResult(A, upload["student"], questions, sha256=upload["sha256"])
    store.gradebook.record(result)
    store.set_status(upload["id"], UploadStatus.GRADED, score=result.score, max_score=18)


def submit(client: TestClient, token: str, content: bytes = WORK) -> httpx.Response:
    return call(client, token, "POST", f"/assignments/{A}/submissions", content=content)


def test_the_attempt_limit_refuses_the_next_upload_and_stores_nothing(client: TestClient) -> None:
    call(client, "teacher-token", "POST", f"/assignments/{A}/release")
    put = call(client, "teacher-token", "PUT", f"/assignments/{A}/policy", json={"max_attempts": 2})
    assert put.status_code == 200 and put.json()["max_attempts"] == 2
    assert [submit(client, "ann-token").json()["attempts_left"] for _ in range(2)] == [1, 0]
    refused = submit(client, "ann-token")
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        f"you have used all 2 graded attempts that {A} allows (max_attempts); nothing was stored."
    )
    assert len(call(client, "ann-token", "GET", "/submissions").json()) == 2
    mine = call(client, "ann-token", "GET", f"/assignments/{A}").json()
    assert (mine["max_attempts"], mine["attempts_used"], mine["attempts_left"]) == (2, 2, 0)
    assert submit(client, "ben-token").json()["attempts_left"] == 1


def test_without_a_limit_attempts_left_is_none(client: TestClient) -> None:
    call(client, "teacher-token", "POST", f"/assignments/{A}/release")
    assert submit(client, "ann-token").json()["attempts_left"] is None
    mine = call(client, "ann-token", "GET", "/assignments").json()[0]
    assert (mine["counts"], mine["due"], mine["attempts_used"], mine["attempts_left"]) == (
        "latest",
        None,
        1,
        None,
    )
    teacher = call(client, "teacher-token", "GET", f"/assignments/{A}").json()
    assert "attempts_used" not in teacher and teacher["max_attempts"] is None


def test_each_student_sees_their_own_due_date(client: TestClient) -> None:
    call(client, "teacher-token", "POST", f"/assignments/{A}/release")
    policy = {
        "due": "2026-03-01T23:59:00+01:00",
        "counts": "best",
        "extensions": {"ann": "2d"},
    }
    assert call(client, "teacher-token", "PUT", f"/assignments/{A}/policy", json=policy).is_success
    due = {
        token: call(client, token, "GET", f"/assignments/{A}").json()["due"]
        for token in ("ann-token", "ben-token", "teacher-token")
    }
    assert due == {
        "ann-token": "2026-03-03T23:59:00+01:00",
        "ben-token": "2026-03-01T23:59:00+01:00",
        "teacher-token": "2026-03-01T23:59:00+01:00",
    }
    stored = call(client, "teacher-token", "GET", f"/assignments/{A}/policy").json()
    assert stored["counts"] == "best" and stored["extensions"] == {"ann": "2d"}


def test_an_unusable_policy_is_a_422_naming_the_field_and_only_instructors_set_one(
    client: TestClient,
) -> None:
    path = f"/assignments/{A}/policy"
    bad = call(client, "teacher-token", "PUT", path, json={"max_attempts": 0})
    assert bad.status_code == 422
    assert bad.json()["detail"] == f"policy of {A}: max_attempts: expected an integer >= 1, got 0"
    assert call(client, "teacher-token", "GET", path).json() == {
        "counts": "latest",
        "late": {"penalty": "none"},
    }
    assert call(client, "ann-token", "PUT", path, json={"max_attempts": 9}).status_code == 403
    assert call(client, "ann-token", "GET", path).status_code == 403
    unknown = call(client, "teacher-token", "GET", "/assignments/99_nothing/policy")
    assert unknown.status_code == 404


def test_manual_grades_the_gradebook_and_the_exports(client: TestClient) -> None:
    call(client, "teacher-token", "POST", f"/assignments/{A}/release")
    grade(client, submit(client, "ann-token").json(), {"q1_finite_differences"})
    submit(client, "ben-token")  # still waiting to be graded
    path = f"/assignments/{A}/overrides"
    body = {"student": "ann", "question": "q3_symbolic", "score": 1.5, "comment": "partly right"}
    made = call(client, "teacher-token", "POST", path, json=body)
    assert made.status_code == 201, made.text
    assert (made.json()["before"], made.json()["after"], made.json()["who"]) == (
        2.0,
        3.5,
        "teacher",
    )
    refused = [
        call(client, "teacher-token", "POST", path, json={**body, **change})
        for change in ({"question": "q9"}, {"score": 3}, {"score": -1})
    ]
    assert [r.status_code for r in refused] == [422, 422, 422]
    assert refused[0].json()["detail"].startswith(f"{A} has no question 'q9'; its questions: ")
    assert refused[1].json()["detail"] == (
        "q3_symbolic: the score must be from 0 to 2 (its points), got 3"
    )
    assert call(client, "ann-token", "POST", path, json=body).status_code == 403

    trail = call(client, "teacher-token", "GET", f"/assignments/{A}/audit").json()
    assert [(e["student"], e["question"], e["score"]) for e in trail] == [
        ("ann", "q3_symbolic", 1.5)
    ]
    assert call(client, "teacher-token", "GET", f"/assignments/{A}/audit?student=ben").json() == []

    book = call(client, "teacher-token", "GET", f"/assignments/{A}/gradebook").json()
    students = {s["student"]: s for s in book["students"]}
    assert sorted(students) == ["ann", "ben", "dan"]
    ann = students["ann"]
    assert (ann["score"], ann["status"], ann["overridden"]) == (3.5, "graded", ["q3_symbolic"])
    assert ann["questions"]["q3_symbolic"] == 1.5 and ann["counted_attempt"] == 1
    assert [a["number"] for a in ann["attempts"]] == [1]
    assert (students["dan"]["status"], students["dan"]["score"]) == ("no submission", None)
    assert students["ben"]["attempts"] == [] and book["max_score"] == 18.0 and book["released"]

    text = call(client, "teacher-token", "GET", f"/assignments/{A}/grades.csv").text
    rows = {r["student"]: r for r in csv.DictReader(io.StringIO(text))}
    assert sorted(rows) == ["ann", "ben", "dan"]
    assert (rows["ann"]["score"], rows["ann"]["q3_symbolic"], rows["ann"]["status"]) == (
        "3.5",
        "1.5",
        "graded",
    )
    assert (rows["dan"]["score"], rows["dan"]["max_score"], rows["dan"]["status"]) == (
        "",
        "18",
        "no submission",
    )
    canvas = call(client, "teacher-token", "GET", f"/assignments/{A}/canvas.csv?canvas_id=77")
    lines = canvas.text.splitlines()
    assert lines[0].endswith(f",{A} (77)") and lines[1].endswith(",18")
    assert "ann,,,ann,,3.5" in lines and "dan,,,dan,," in lines
    bad_id = call(client, "teacher-token", "GET", f"/assignments/{A}/canvas.csv?canvas_id=x")
    assert bad_id.status_code == 422 and "must be a number" in bad_id.json()["detail"]

    removed = call(client, "teacher-token", "POST", path, json={**body, "score": None})
    assert removed.status_code == 201 and removed.json()["after"] == 2.0
    book = call(client, "teacher-token", "GET", f"/assignments/{A}/gradebook").json()
    assert next(s for s in book["students"] if s["student"] == "ann")["overridden"] == []


def test_a_withdrawn_release_hides_the_assignment_and_keeps_the_submissions(
    client: TestClient,
) -> None:
    call(client, "teacher-token", "POST", f"/assignments/{A}/release")
    assert submit(client, "ann-token").status_code == 202
    assert call(client, "ann-token", "POST", f"/assignments/{A}/unrelease").status_code == 403
    withdrawn = call(client, "teacher-token", "POST", f"/assignments/{A}/unrelease").json()
    assert withdrawn["withdrawn"] is True and withdrawn["released"] is False
    assert call(client, "ann-token", "GET", "/assignments").json() == []
    refused = submit(client, "ann-token")
    assert refused.status_code == 404 and "has not been released yet" in refused.json()["detail"]
    assert len(call(client, "ann-token", "GET", "/submissions").json()) == 1
    call(client, "teacher-token", "POST", f"/assignments/{A}/release")
    assert submit(client, "ann-token").status_code == 202
