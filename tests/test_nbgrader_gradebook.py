"""Grades written into nbgrader's gradebook, read back through ``nbgrader.api.Gradebook``:
students, submissions, auto scores, ``needs_manual_grade`` and auto comments as nbgrader's
autograde writes them; manual grades and comments survive a regrade, through the API and
through formgrader in a browser."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.error import URLError
from urllib.request import urlopen

import nbformat
import pytest
from nbformat import NotebookNode
from nbgrader.api import Gradebook

from autograder.exceptions import GraderError, UsageError
from autograder.grading.results import SubmissionResult
from autograder.interop.nbgrader_export import export_nbgrader, grade_cell_id
from autograder.interop.nbgrader_gradebook import (
    default_db_url,
    feedback_notebook,
    write_nbgrader_results,
    write_notebook_grades,
    write_submission_result,
)
from tests import test_nbgrader_export as exported
from tests.helpers import EXAMPLES, ROOT
from tests.test_nbgrader_export import A, answered, nbgrader_env

ARTIFACTS = Path(os.environ.get("AUTOGRADER_ARTIFACTS", ROOT / "out" / "artifacts")) / "nbgrader"
Q1, Q2, Q4 = (
    grade_cell_id(q) for q in ("q1_finite_differences", "q2_derivative_rules", "q4_single_neuron")
)
MAX = {Q1: 2.0, Q2: 2.0, Q4: 4.0}
# the exported, released course and bob's graded submission (fixtures of the export tests)
released_course, course, bob_graded = exported.released_course, exported.course, exported.bob_graded


@dataclass(frozen=True)
class Graded:
    """``nbgrader_grade.NotebookGrades``, as far as the writer cares (a Protocol)."""

    student: str
    assignment: str
    notebook: str
    executed: NotebookNode
    scores: dict[str, float | None]
    max_scores: dict[str, float]
    timestamp: datetime | str | None


def released(course: Path) -> NotebookNode:
    nb: NotebookNode = nbformat.read(course / "release" / A / f"{A}.ipynb", as_version=4)
    return nb


def gradebook(course: Path) -> Gradebook:
    return Gradebook(default_db_url(course), course_id="")


def test_results_read_back_through_nbgraders_api(course: Path) -> None:
    carol = answered(released(course), EXAMPLES / "bob.ipynb", {"q2_derivative_rules"})
    written = write_notebook_grades(
        course,
        Graded("carol", A, A, carol, {Q1: 1.5, Q2: 0.0, Q4: None}, MAX, "2026-01-03 09:30:00"),
    )
    assert written.path == course / "autograded" / "carol" / A / f"{A}.ipynb"
    assert nbformat.read(written.path, as_version=4).cells == carol.cells
    with gradebook(course) as gb:
        assert [s.id for s in gb.students] == ["carol"]
        submission = gb.find_submission(A, "carol")
        assert str(submission.timestamp) == "2026-01-03 09:30:00"
        grades = {g.name: g for n in submission.notebooks for g in n.grades}
        assert grades[Q1].auto_score == 1.5 and grades[Q1].needs_manual_grade is False
        assert grades[Q2].auto_score == 0.0 and grades[Q2].needs_manual_grade is False
        # no auto score: left to a grader, as nbgrader marks it
        assert grades[Q4].auto_score is None and grades[Q4].needs_manual_grade is True
        unscored = set(grades) - set(MAX)
        assert unscored and all(grades[n].needs_manual_grade for n in unscored)
        assert submission.score == pytest.approx(1.5)
        assert submission.max_score == 18.0
        assert submission.needs_manual_grade is True
        comments = {c.name: c.auto_comment for n in submission.notebooks for c in n.comments}
        assert comments["q2_derivative_rules"] == "No response."  # left as released
        assert comments["q1_finite_differences"] is None  # answered
    assert set(written.needs_manual_grade) == {Q4} | unscored


def test_a_regrade_keeps_manual_grades_and_comments(course: Path) -> None:
    nb = released(course)
    write_nbgrader_results(course, A, "dan", A, nb, {Q1: 0.5, Q4: 1.0}, MAX)
    with gradebook(course) as gb:
        grade = gb.find_grade(Q1, A, A, "dan")
        grade.manual_score, grade.extra_credit = 1.75, 0.25
        gb.find_comment("q1_finite_differences", A, A, "dan").manual_comment = "see me"
        gb.db.commit()
    write_nbgrader_results(course, A, "dan", A, nb, {Q1: 2.0, Q4: 3.0}, MAX, "2026-01-04 08:00")
    with gradebook(course) as gb:
        grade = gb.find_grade(Q1, A, A, "dan")
        assert (grade.auto_score, grade.manual_score, grade.extra_credit) == (2.0, 1.75, 0.25)
        assert grade.score == 2.0  # the manual score, plus extra credit, wins
        assert grade.needs_manual_grade is True  # nbgrader: a manual grade is to be reviewed
        comment = gb.find_comment("q1_finite_differences", A, A, "dan")
        assert comment.manual_comment == "see me" and comment.comment == "see me"
        assert comment.auto_comment == "No response."
        other = gb.find_grade(Q4, A, A, "dan")
        assert (other.auto_score, other.manual_score, other.score) == (3.0, None, 3.0)
        assert len(gb.find_assignment(A).submissions) == 1


def test_a_course_without_generate_assignment_is_told_what_to_run(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    with pytest.raises(UsageError, match=f"nbgrader generate_assignment {A}"):
        write_nbgrader_results(tmp_path, A, "eve", A, nb, {}, {})
    assert not (tmp_path / "gradebook.db").exists()  # no empty gradebook left behind
    export_nbgrader(A, ROOT, tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", "db", "student", "add", "someone"],
        cwd=tmp_path,
        env=nbgrader_env(),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    with pytest.raises(UsageError, match=f"no assignment '{A}'.*generate_assignment {A}"):
        write_nbgrader_results(tmp_path, A, "eve", A, nb, {}, {})


def test_scores_that_disagree_with_the_gradebook_are_refused(course: Path) -> None:
    nb = released(course)
    with pytest.raises(GraderError, match="worth 2 points in the gradebook but 3"):
        write_nbgrader_results(course, A, "fay", A, nb, {Q1: 1.0}, {Q1: 3.0})
    with pytest.raises(GraderError, match="no grade cells \\['q9_check'\\]"):
        write_nbgrader_results(course, A, "fay", A, nb, {"q9_check": 1.0}, {})
    with pytest.raises(GraderError, match=r"outside 0\.\.2"):
        write_nbgrader_results(course, A, "fay", A, nb, {Q1: 2.5}, MAX)
    with pytest.raises(UsageError, match="no notebook 'other'"):
        write_nbgrader_results(course, A, "fay", "other", nb, {}, {})
    with pytest.raises(UsageError, match=r"student '\.\./x' cannot name a folder"):
        write_nbgrader_results(course, A, "../x", A, nb, {Q1: 1.0}, MAX)
    with gradebook(course) as gb:
        assert gb.students == []


def shot(page: Any, name: str) -> None:
    """The view around q4's answer and grade cell, where the grader works in this test."""
    page.locator("textarea#q4_single_neuron-comment").scroll_into_view_if_needed()
    page.mouse.wheel(0, 300)
    page.screenshot(path=ARTIFACTS / f"{name}.png")


def wait_for(what: str, condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


@pytest.fixture
def formgrader(course: Path, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """nbgrader's formgrader in a real ``jupyter server`` (its server extension, enabled in
    the environment) on a free loopback port, in the course: the URL with its token."""
    from tests.hubtools import free_port

    port, token = free_port(), secrets.token_hex(16)
    env = {
        **nbgrader_env(),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "jupyter-config"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "jupyter-runtime"),
        "JUPYTER_DATA_DIR": str(tmp_path / "jupyter-data"),
    }
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter_server",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={course}",
            *(["--allow-root"] if os.geteuid() == 0 else []),
        ],
        cwd=course,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"

    def up() -> bool:
        assert server.poll() is None, (tmp_path / "server.log").read_text()
        try:
            with urlopen(f"{url}/api/status?token={token}", timeout=2) as reply:
                return bool(reply.status == 200)
        except (URLError, ConnectionError):
            return False

    try:
        wait_for("jupyter server", up, 120)
        yield url, token
    finally:
        server.terminate()
        server.wait(30)
        log.close()


@pytest.mark.browser
@pytest.mark.slow
def test_formgrader_shows_our_scores_and_keeps_manual_grades_after_a_regrade(
    course: Path,
    bob_graded: tuple[NotebookNode, SubmissionResult],
    formgrader: tuple[str, str],
) -> None:
    from playwright.sync_api import expect, sync_playwright

    from tests.test_hub_browser import CHROMIUM, FLAGS
    from tests.test_web_browser import Outside

    if not CHROMIUM.exists():
        raise RuntimeError("chromium is missing: run `bash hub_config/install.sh` as root")
    url, token = formgrader
    submitted, result = bob_graded
    scores = {grade_cell_id(q.id): q.score for q in result.questions}
    write_submission_result(course, result, submitted, "2026-01-05 12:00:00")
    with gradebook(course) as gb:
        page_id = gb.find_submission_notebook(A, A, "bob").id
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    outside = Outside()
    expect.set_options(timeout=60_000)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
            ctx.route("**/*", outside.route)
            page = ctx.new_page()
            page.set_default_timeout(60_000)
            # log in with the token, as a grader does (a cookie, and XSRF for the saves)
            page.goto(f"{url}/login?next=/formgrader/submissions/{page_id}/")
            page.fill("#password_input", token)
            page.click("#login_submit")
            page.wait_for_url(f"**/formgrader/submissions/{page_id}/")
            for gid, score in scores.items():  # formgrader shows the auto score as placeholder
                expect(page.locator(f"input.score#{gid}")).to_have_attribute(
                    "placeholder", f"{score:g}"
                )
            expect(page.get_by_text("q5_newton: 0 / 2 points (autograder)")).to_be_visible()
            shot(page, "1-auto-scores")

            # a grader overrides q4 and comments on its answer, in the page
            page.locator(f"input.score#{Q4}").fill("3")
            page.locator(f"input.score#{Q4}").press("Tab")
            comment = "Sign slip in the bias gradient; the rest is right."
            page.locator("textarea#q4_single_neuron-comment").fill(comment)
            page.locator("textarea#q4_single_neuron-comment").press("Tab")

            def saved() -> bool:
                with gradebook(course) as gb:
                    grade = gb.find_grade(Q4, A, A, "bob")
                    note = gb.find_comment("q4_single_neuron", A, A, "bob")
                    return bool(grade.manual_score == 3.0 and note.manual_comment == comment)

            wait_for("the manual grade and comment saved by formgrader", saved)
            shot(page, "2-manual-grade")

            # the regrade: new auto scores, manual grade and comment kept
            regraded = {**scores, Q4: 4.0}
            write_nbgrader_results(
                course,
                A,
                "bob",
                A,
                feedback_notebook(result, submitted),
                regraded,
                {grade_cell_id(q.id): q.points for q in result.questions},
            )
            with gradebook(course) as gb:
                grade = gb.find_grade(Q4, A, A, "bob")
                assert (grade.auto_score, grade.manual_score, grade.score) == (4.0, 3.0, 3.0)
                note = gb.find_comment("q4_single_neuron", A, A, "bob")
                assert note.manual_comment == comment
                total = gb.find_submission(A, "bob").score
            assert total == pytest.approx(sum(regraded.values()) - 1.0)
            page.reload()
            expect(page.locator(f"input.score#{Q4}")).to_have_attribute("placeholder", "4")
            expect(page.locator(f"input.score#{Q4}")).to_have_value("3")
            expect(page.locator("textarea#q4_single_neuron-comment")).to_have_value(comment)
            shot(page, "3-after-regrade")
        finally:
            browser.close()
