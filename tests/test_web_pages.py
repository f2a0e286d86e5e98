"""The service's pages in process: FastAPI's test client against the real app, store, gradebook
and engine (uploads graded for real, without a sandbox), with the hub's ``GET /user`` and its
OAuth token endpoint answered by an ``httpx.MockTransport``. The same flows run in a real
browser on the real hub in ``test_web_browser.py``."""

from __future__ import annotations

import gc
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from autograder.course import Assignment
from autograder.service.runner import Runner
from autograder.service.store import Store
from autograder.service.web import insight
from tests.helpers import EXAMPLES, ROOT
from tests.servicetools import service_app

A = "01_calculus_autodiff"
P = "/services/grader"
ACCESS = "access:services!service=grader"
SCOPES = {
    "ann": [ACCESS, "custom:grader:submit"],
    "ben": [ACCESS, "custom:grader:submit"],
    "teacher": [ACCESS, "custom:grader:manage"],
}


def fake_hub(request: httpx.Request) -> httpx.Response:
    """The hub: ``/user`` for a token, and the OAuth token endpoint (code 'ann-code' is ann's)."""
    if request.url.path == "/hub/api/oauth2/token":
        form = parse_qs(request.content.decode())
        assert form["client_id"] == ["service-grader"]
        assert form["client_secret"] == ["service-secret"]
        assert form["redirect_uri"] == [f"{P}/oauth_callback"]
        user = form["code"][0].removesuffix("-code")
        return httpx.Response(200, json={"access_token": f"{user}-token", "token_type": "Bearer"})
    assert request.url.path == "/hub/api/user"
    token = request.headers.get("Authorization", "").removeprefix("token ")
    user = token.removesuffix("-token")
    if user not in SCOPES:
        return httpx.Response(403)
    return httpx.Response(200, json={"kind": "user", "name": user, "scopes": SCOPES[user]})


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    real_post = httpx.post

    def post(url: str, **kwargs: Any) -> httpx.Response:  # the token exchange goes to the fake hub
        with httpx.Client(transport=httpx.MockTransport(fake_hub)) as client:
            return client.post(url, **kwargs)

    monkeypatch.setattr(httpx, "post", post)
    app, store, runner = service_app(tmp_path, fake_hub, api_token="service-secret")
    yield app, store, runner
    monkeypatch.setattr(httpx, "post", real_post)
    for backend in runner.backends.values():
        backend.close()


def login(app: Any, user: str) -> TestClient:
    """A browser of ``user`` after the OAuth round trip through the (fake) hub."""
    browser = TestClient(app, follow_redirects=False)
    first = browser.get(f"{P}/")
    assert first.status_code == 302
    target = urlsplit(first.headers["location"])
    assert target.path == "/hub/api/oauth2/authorize"
    query = parse_qs(target.query)
    assert query["client_id"] == ["service-grader"]
    assert query["redirect_uri"] == [f"{P}/oauth_callback"]
    back = browser.get(
        f"{P}/oauth_callback", params={"code": f"{user}-code", "state": query["state"][0]}
    )
    assert back.status_code == 303, back.text
    assert back.headers["location"] == f"{P}/"
    return browser


def csrf(page: httpx.Response) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def submit_and_grade(store: Store, runner: Runner, student: str, notebook: Path) -> int:
    view = store.add_upload(A, student, notebook.read_bytes())
    runner.grade_upload(view.id)
    return view.id


def test_login_goes_through_the_hub_and_refuses_a_forged_state(site: Any) -> None:
    app, _, _ = site
    browser = TestClient(app, follow_redirects=False)
    first = browser.get(f"{P}/instructor/")
    state = parse_qs(urlsplit(first.headers["location"]).query)["state"][0]
    forged = browser.get(
        f"{P}/oauth_callback", params={"code": "teacher-code", "state": "x" + state}
    )
    assert forged.status_code == 403
    assert "OAuth state mismatch" in forged.text
    good = browser.get(f"{P}/oauth_callback", params={"code": "teacher-code", "state": state})
    assert good.headers["location"] == f"{P}/instructor/"  # back where the login started
    cookie = good.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and f"Path={P}/" in cookie
    assert browser.get(f"{P}/").headers["location"] == f"{P}/instructor/"
    replay = TestClient(app, follow_redirects=False)
    assert (
        replay.get(
            f"{P}/oauth_callback", params={"code": "teacher-code", "state": state}
        ).status_code
        == 403
    )


def test_instructor_releases_and_the_student_sees_it_with_csrf_required(site: Any) -> None:
    app, store, _ = site
    teacher, ann = login(app, "teacher"), login(app, "ann")
    assert A not in ann.get(f"{P}/student/").text
    home = teacher.get(f"{P}/instructor/")
    assert home.status_code == 200 and "not released" in home.text
    refused = teacher.post(f"{P}/instructor/{A}/release", data={"csrf": "forged"})
    assert refused.status_code == 403 and not store.is_released(A)
    done = teacher.post(f"{P}/instructor/{A}/release", data={"csrf": csrf(home)})
    assert done.status_code == 303 and store.is_released(A)
    listed = ann.get(f"{P}/student/")
    assert f'data-assignment="{A}"' in listed.text and "no due date" in listed.text
    # a student's page is not an instructor's, and the other way round
    assert ann.get(f"{P}/instructor/").status_code == 403
    assert ann.get(f"{P}/instructor/{A}/gradebook").status_code == 403
    assert teacher.get(f"{P}/student/").status_code == 403


@pytest.mark.slow  # grades real notebooks (seconds each)
def test_feedback_is_rendered_per_check_and_private(site: Any) -> None:
    app, store, runner = site
    store.release(Assignment.load(A, ROOT), "teacher")
    upload = submit_and_grade(store, runner, "ann", EXAMPLES / "bob.ipynb")
    ann, ben = login(app, "ann"), login(app, "ben")
    page = ann.get(f"{P}/student/submissions/{upload}")
    assert page.status_code == 200
    view = store.get(upload)
    assert view is not None
    result = store.result(view)
    assert result is not None and result.score < result.max_score
    assert f"{result.score:g} / {result.max_score:g}" in page.text
    failed = [c for q in result.questions for c in q.checks if c.status != "passed"]
    assert failed and all(str(escape(c.name)) in page.text for c in failed)
    assert 'class="status-failed"' in page.text or 'class="status-error"' in page.text
    kept = ann.get(f"{P}/student/submissions/{upload}/feedback.html")
    assert "attachment" in kept.headers["content-disposition"]
    assert "<style>" in kept.text and "http" not in kept.text.replace("http-equiv", ""), (
        "the kept document links to nothing"
    )
    assert ben.get(f"{P}/student/submissions/{upload}").status_code == 404
    assert ben.get(f"{P}/student/submissions/{upload}/feedback.html").status_code == 404
    history = ann.get(f"{P}/student/{A}/")
    assert f"/student/submissions/{upload}" in history.text


@pytest.mark.slow  # grades real notebooks (seconds each)
def test_manual_grade_with_comment_wins_is_audited_and_survives_a_regrade(site: Any) -> None:
    app, store, runner = site
    store.release(Assignment.load(A, ROOT), "teacher")
    upload = submit_and_grade(store, runner, "ann", EXAMPLES / "bob.ipynb")
    teacher = login(app, "teacher")
    page = teacher.get(f"{P}/instructor/{A}/students/ann")
    assert page.status_code == 200
    q1 = Assignment.load(A, ROOT).questions[0]
    no_comment = teacher.post(
        f"{P}/instructor/{A}/students/ann/override",
        data={"csrf": csrf(page), "question": q1.id, "score": "1"},
    )
    assert "comment" in parse_qs(urlsplit(no_comment.headers["location"]).query)["flash"][0]
    too_high = teacher.post(
        f"{P}/instructor/{A}/students/ann/override",
        data={"csrf": csrf(page), "question": q1.id, "score": str(q1.points + 1), "comment": "x"},
    )
    assert "must be from 0" in parse_qs(urlsplit(too_high.headers["location"]).query)["flash"][0]
    teacher.post(
        f"{P}/instructor/{A}/students/ann/override",
        data={
            "csrf": csrf(page),
            "question": q1.id,
            "score": "0.5",
            "comment": "derivation copied",
        },
    )
    after = teacher.get(f"{P}/instructor/{A}/students/ann")
    assert "derivation copied" in after.text and "teacher" in after.text  # the audit trail
    book = teacher.get(f"{P}/instructor/{A}/gradebook")
    row = re.search(r'<tr data-student="ann">(.*?)</tr>', book.text, re.S)
    assert row and "manual" in row.group(1) and ">0.5" in row.group(1)
    mine = login(app, "ann").get(f"{P}/student/{A}/")
    assert (
        "Graded by hand" in mine.text and "derivation copied" in mine.text
    )  # the student reads it
    runner.regrade([upload])
    assert runner.queue.get() == upload
    runner.grade_upload(upload)
    again = teacher.get(f"{P}/instructor/{A}/gradebook")
    row = re.search(r'<tr data-student="ann">(.*?)</tr>', again.text, re.S)
    assert row and "manual" in row.group(1) and ">0.5" in row.group(1)


@pytest.mark.slow  # grades real notebooks (seconds each)
def test_gradebook_lists_the_roster_and_sorts_by_a_question(site: Any) -> None:
    app, store, runner = site
    store.release(Assignment.load(A, ROOT), "teacher")
    submit_and_grade(store, runner, "ann", EXAMPLES / "alice.ipynb")
    submit_and_grade(store, runner, "ben", EXAMPLES / "bob.ipynb")
    teacher = login(app, "teacher")
    q = Assignment.load(A, ROOT).questions[-1].id
    up = teacher.get(f"{P}/instructor/{A}/gradebook", params={"sort": "score"})
    down = teacher.get(f"{P}/instructor/{A}/gradebook", params={"sort": "score", "desc": 1})

    def order(page: httpx.Response) -> list[str]:
        return re.findall(r'<tr data-student="(\w+)">', page.text)

    assert order(up) == list(reversed(order(down))) and len(order(up)) == 2
    assert teacher.get(f"{P}/instructor/{A}/gradebook", params={"sort": q}).status_code == 200
    assert teacher.get(f"{P}/instructor/{A}/gradebook", params={"sort": "nope"}).status_code == 404


@pytest.mark.slow  # grades real notebooks (seconds each)
def test_analytics_similarity_and_exports_pages(site: Any) -> None:
    app, store, runner = site
    store.release(Assignment.load(A, ROOT), "teacher")
    for student, example in (("ann", "alice"), ("ben", "bob"), ("cat", "alice")):
        submit_and_grade(store, runner, student, EXAMPLES / f"{example}.ipynb")
    teacher = login(app, "teacher")
    page = teacher.get(f"{P}/instructor/{A}/analytics")
    assert page.status_code == 200
    assert page.text.count("<svg") == 1 + len(Assignment.load(A, ROOT).questions)
    assert "Discrimination" in page.text
    similar = teacher.get(f"{P}/instructor/{A}/similarity")
    rows = re.findall(r"<tr><td>(\w+)</td><td>(\w+)</td>", similar.text)
    assert ("ann", "cat") in rows and ("cat", "ann") in rows  # the same notebook twice
    pair = teacher.get(f"{P}/instructor/{A}/similarity/ann")
    assert pair.status_code == 200 and "<mark" in pair.text
    canvas = teacher.get(f"{P}/instructor/{A}/export/canvas.csv")
    assert canvas.status_code == 200 and canvas.text.splitlines()[0].startswith("Student")
    grades = teacher.get(f"{P}/instructor/{A}/export/grades.csv")
    assert {"ann", "ben", "cat"} <= {line.split(",")[0] for line in grades.text.splitlines()}
    ann = login(app, "ann")
    assert ann.get(f"{P}/instructor/{A}/analytics").status_code == 403
    assert ann.get(f"{P}/instructor/{A}/export/grades.csv").status_code == 403


def test_the_start_computes_analytics_and_freezes_them_out_of_full_collections(
    site: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, store, runner = site
    store.release(Assignment.load(A, ROOT), "teacher")
    submit_and_grade(store, runner, "ann", EXAMPLES / "alice.ipynb")
    service = app.state.service
    monkeypatch.setattr(insight, "CACHE", insight.Cache())  # nothing computed yet
    computed: list[str] = []
    compute = insight.compute_analytics

    def counted(service: Any, a: str, *rest: Any) -> Any:
        computed.append(a)
        return compute(service, a, *rest)

    monkeypatch.setattr(insight, "compute_analytics", counted)
    frozen = gc.get_freeze_count()
    try:
        insight.warm(service).join(timeout=120)
        assert computed == [A]
        assert gc.get_freeze_count() > frozen  # the start's objects left the full passes
        found, stale = insight.analytics_of(service, A)  # the first view: from the warm-up
        assert computed == [A] and stale is None and found.data.students == 1
    finally:
        gc.unfreeze()


def test_api_docs_are_served_offline(site: Any) -> None:
    app, _, _ = site
    browser = TestClient(app)
    page = browser.get(f"{P}/api/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith(f"{P}/api/") for s in sources)
    for source in sources:
        assert browser.get(source).status_code == 200, source


def test_the_roster_is_the_hubs_students_group() -> None:
    from autograder.service.roster import HubRoster

    def hub(request: httpx.Request) -> httpx.Response:
        assert request.headers["Authorization"] == "token service-secret"
        if request.url.path == "/hub/api/groups/students":
            return httpx.Response(200, json={"name": "students", "users": ["zoe", "ann"]})
        return httpx.Response(403)

    roster = HubRoster(
        "http://hub.invalid/hub/api", "service-secret", transport=httpx.MockTransport(hub)
    )
    assert roster() == ["ann", "zoe"]
    refused = HubRoster(
        "http://hub.invalid/hub/api", "service-secret", "tas", transport=httpx.MockTransport(hub)
    )
    assert refused() == []  # logged, not raised: the pages still list who submitted
    roster.close()
    refused.close()


def test_insight_is_served_stale_while_a_newer_one_is_computed() -> None:
    import threading

    from autograder.service.web.insight import Cache

    cache = Cache()
    release = threading.Event()
    calls: list[int] = []

    def slow(value: int) -> Any:
        def compute() -> int:
            calls.append(value)
            if value == 2:
                release.wait(10)
            return value

        return compute

    assert cache.get("k", "a", 1, slow(1)) == (1, None)  # first ever: computed in line
    value, since = cache.get("k", "a", 2, slow(2))  # changed: the old value at once
    assert value == 1 and since is not None
    assert cache.get("k", "a", 2, slow(3))[0] == 1  # the refresh is not started twice
    release.set()
    for _ in range(100):
        if cache.get("k", "a", 2, slow(4)) == (2, None):
            break
        threading.Event().wait(0.05)
    assert cache.get("k", "a", 2, slow(5)) == (2, None)
    assert calls == [1, 2]
