"""The course pages in a real browser on the real hub (local config, npm proxy, the grading
service started by the hub), logged in through the hub: an instructor releases an assignment,
sees a submission arrive, overrides a score with a comment, sees the histogram and downloads the
Canvas CSV; a student opens an assignment from their list in their own server, reads the
rendered feedback of their submission; a student gets 403 on an instructor page and 404 on
someone else's feedback. Every request the browser makes must stay on this machine: one to any
other host fails the test. Screenshots are kept in ``out/artifacts/web/`` (or
``$AUTOGRADER_ARTIFACTS``). (submit() from JupyterLab, and its refusal of unsaved work, are
driven in ``test_hub_browser.py``.)"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.helpers import EXAMPLES, ROOT
from tests.hubtools import RealHub
from tests.test_hub_browser import CHROMIUM, FLAGS

pytestmark = [pytest.mark.hub, pytest.mark.sandbox, pytest.mark.browser]

A = "01_calculus_autodiff"
B = "02_optimization"
SHOTS = Path(os.environ.get("AUTOGRADER_ARTIFACTS", ROOT / "out" / "artifacts")) / "web"
LOCAL = {"127.0.0.1", "localhost"}


class Outside:
    """Records (and blocks) every request to a host other than this machine."""

    def __init__(self) -> None:
        self.requests: list[str] = []

    def route(self, route: Any) -> None:
        host = urlsplit(route.request.url).hostname
        if host in LOCAL or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()


def login(context: Any, hub: RealHub, name: str) -> Any:
    """Log in at the hub (dummy authenticator) and land on the course pages."""
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(f"{hub.url}/hub/login?next=/services/grader/")
    page.fill("#username_input", name)
    page.fill("#password_input", "any")
    page.click("#login_submit")
    page.wait_for_url("**/services/grader/**")
    return page


def shot(page: Any, name: str) -> None:
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def test_instructor_and_student_pages_in_the_browser(hub: RealHub) -> None:
    if not CHROMIUM.exists():
        raise RuntimeError("chromium is missing: run `bash hub_config/install.sh` as root")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=90_000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    student = "web-student"
    # someone else's graded submission, which the student must not be able to read
    _, other_token = hub.create_user("students")
    theirs = hub.call(
        other_token,
        "POST",
        f"/assignments/{A}/submissions",
        content=(EXAMPLES / "bob.ipynb").read_bytes(),
    ).json()["id"]
    outside = Outside()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        teacher_ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        student_ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        for ctx in (teacher_ctx, student_ctx):
            ctx.route("**/*", outside.route)
        teacher = login(teacher_ctx, hub, "instructor")
        try:
            # the hub home lists the course pages for the instructor
            teacher.goto(f"{hub.url}/hub/home")
            teacher.get_by_role("button", name="Services").click()
            expect(teacher.get_by_role("link", name="grader")).to_be_visible()
            shot(teacher, "1-hub-home")
            teacher.goto(f"{hub.url}/services/grader/instructor/")
            row = teacher.locator(f"tr[data-assignment='{B}']")
            expect(row).to_contain_text("not released")
            row.get_by_role("button", name="Release").click()
            expect(teacher.locator(".flash")).to_contain_text(f"{B} is released")
            shot(teacher, "2-released")

            # the student: their list, open in their server, then a submission's feedback
            page = login(student_ctx, hub, student)
            expect(page.locator(f"tr[data-assignment='{B}']")).to_be_visible()
            shot(page, "3-student-list")
            page.locator(f"tr[data-assignment='{A}']").get_by_role(
                "link", name="Open in my server"
            ).click()  # the server is not running: the hub starts it, then the copy is made
            page.wait_for_url(f"**/user/{student}/lab/tree/{A}/{A}.ipynb", timeout=180_000)
            expect(page.locator(".jp-Notebook .jp-Cell").first).to_be_visible()
            shot(page, "4-opened-in-lab")
            token = hub.admin("POST", f"/users/{student}/tokens", json={"note": "t"}).json()
            mine = hub.call(
                token["token"],
                "POST",
                f"/assignments/{A}/submissions",
                content=(EXAMPLES / "bob.ipynb").read_bytes(),
            ).json()["id"]
            graded = hub.wait_graded(token["token"], mine)
            page.goto(f"{hub.url}/services/grader/student/{A}/")
            page.get_by_role("link", name="Feedback").first.click()
            expect(page.locator(".total")).to_contain_text(f"{graded['score']:g} / 18")
            expect(page.locator("td.status-failed").first).to_be_visible()
            shot(page, "5-student-feedback")
            denied = page.goto(f"{hub.url}/services/grader/instructor/")
            assert denied is not None and denied.status == 403
            expect(page.locator("h1")).to_have_text("Not allowed")
            hidden = page.goto(f"{hub.url}/services/grader/student/submissions/{theirs}")
            assert hidden is not None and hidden.status == 404
            shot(page, "6-student-denied")

            # the instructor sees it arrive, grades a question by hand, reads the analytics
            teacher.goto(f"{hub.url}/services/grader/instructor/{A}/")
            expect(teacher.locator("#submissions")).to_contain_text(student)
            shot(teacher, "7-submissions")
            teacher.goto(f"{hub.url}/services/grader/instructor/{A}/students/{student}")
            form = teacher.locator("form.override").first
            form.locator("input[name=score]").fill("1")
            form.locator("input[name=comment]").fill("partial credit for the derivation")
            form.get_by_role("button", name="Set").click()
            expect(teacher.locator(".flash")).to_contain_text("set to 1 by hand")
            expect(teacher.locator("#audit")).to_contain_text("partial credit for the derivation")
            shot(teacher, "8-manual-grade")
            teacher.goto(f"{hub.url}/services/grader/instructor/{A}/gradebook")
            expect(teacher.locator(f"tr[data-student='{student}'] .manual")).to_have_count(1)
            shot(teacher, "9-gradebook")
            teacher.goto(f"{hub.url}/services/grader/instructor/{A}/analytics")
            expect(teacher.locator("#histogram-total svg")).to_be_visible()
            shot(teacher, "10-analytics")
            with teacher.expect_download() as download:
                teacher.get_by_role("link", name="Canvas CSV").click()
            csv = Path(download.value.path()).read_text()
            assert csv.splitlines()[0].startswith("Student")
            assert any(
                line.startswith(student) or f",{student}," in line for line in csv.splitlines()
            )
            teacher.goto(f"{hub.url}/services/grader/api/docs")
            expect(teacher.locator(".swagger-ui .info")).to_be_visible()
            shot(teacher, "11-api-docs")
        except Exception:
            for failed in (*teacher_ctx.pages, *student_ctx.pages):
                failed.screenshot(path=SHOTS / f"failure-{len(list(SHOTS.glob('failure*')))}.png")
            raise
        finally:
            browser.close()
            # the hub is shared by the session's hub tests: leave 02 unreleased, as found
            hub.call(hub.instructor_token, "POST", f"/assignments/{B}/unrelease")
    assert outside.requests == [], f"the pages fetched from outside the machine: {outside.requests}"
