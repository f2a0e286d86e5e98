"""The student flow in a real browser: log in to the hub, open the assignment in JupyterLab, run
it (its self-check cells report on the public checks), submit from a cell and read the score.
Debian's chromium driven by Playwright; screenshots of each step are kept as artifacts in
``out/artifacts/browser/`` (or ``$AUTOGRADER_ARTIFACTS``)."""

from __future__ import annotations

import os
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.helpers import EXAMPLES, ROOT
from tests.hubtools import RealHub

pytestmark = [pytest.mark.hub, pytest.mark.sandbox, pytest.mark.browser]

A = "01_calculus_autodiff"
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("AUTOGRADER_ARTIFACTS", ROOT / "out" / "artifacts")) / "browser"
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _place_work(hub: RealHub, name: str) -> None:
    """What nbgitpuller or a fetch would do: the released bundle in the student's home, with
    their finished answers in the notebook."""
    reply = hub.admin("POST", f"/users/{name}/tokens", json={"note": "setup"})
    token = reply.json()["token"]
    bundle = zipfile.ZipFile(BytesIO(hub.call(token, "GET", f"/assignments/{A}/download").content))
    home = hub.state / "home" / name / A
    home.mkdir(parents=True, exist_ok=True)
    for member in bundle.namelist():
        (home.parent / member).write_bytes(bundle.read(member))
    (home / f"{A}.ipynb").write_text((EXAMPLES / "alice.ipynb").read_text())
    # no autosave: the unsaved edit below must stay unsaved until the test saves it
    settings = httpx.put(
        f"{hub.url}/user/{name}/lab/api/settings/@jupyterlab/docmanager-extension:plugin",
        timeout=30,
        headers={"Authorization": f"token {token}"},
        json={"raw": '{"autosave": false}'},
    )
    assert settings.status_code in (200, 204), settings.text


def _restart_and_run_all(page: Any) -> None:
    """Kernel > Restart Kernel and Run All, as students are told to do; on a loaded machine
    JupyterLab sometimes drops the request while the kernel reconnects (the notebook stays
    unrun and idle), so it is asked again, up to three times, once nothing has run for 60 s."""
    from playwright.sync_api import expect

    for attempt in range(3):
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Restart Kernel and Run All").click()
        page.locator(".jp-Dialog-button.jp-mod-accept").click()
        started = page.locator(".jp-InputPrompt", has_text="[1]").first
        try:
            expect(started).to_be_visible(timeout=60_000)
            return
        except AssertionError:
            page.screenshot(path=ARTIFACTS / f"run-all-not-started-{attempt + 1}.png")
    raise AssertionError("Restart Kernel and Run All never started the notebook (3 tries)")


def test_student_runs_the_self_checks_submits_and_sees_the_score(hub: RealHub) -> None:
    if not CHROMIUM.exists():
        raise RuntimeError(
            "chromium is missing: run `bash hub_config/install.sh` as root, or "
            "apt-get install chromium"
        )
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=120_000)  # a first kernel start and Run All take seconds
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = "browser-student"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(90_000)
        try:
            page.goto(f"{hub.url}/hub/login")
            page.fill("#username_input", name)
            page.fill("#password_input", "any")
            page.screenshot(path=ARTIFACTS / "1-login.png")
            page.click("#login_submit")
            page.wait_for_url(f"**/user/{name}/lab**")
            groups = hub.admin("GET", f"/users/{name}").json()["groups"]
            assert groups == ["students"]  # the login put them in the students group
            _place_work(hub, name)

            page.goto(f"{hub.url}/user/{name}/lab/tree/{A}/{A}.ipynb")
            expect(page.locator(".jp-Notebook .jp-Cell").first).to_be_visible()
            expect(
                page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")
            ).to_have_count(1)
            page.screenshot(path=ARTIFACTS / "2-assignment.png")

            _restart_and_run_all(page)
            check = page.locator(".jp-OutputArea-output", has_text="q7_")
            expect(check.filter(has_text="public checks passed").first).to_be_visible()
            first = page.locator(".jp-OutputArea-output", has_text="q1_finite_differences: ").first
            expect(first).to_contain_text("All public checks passed")
            first.scroll_into_view_if_needed()
            page.screenshot(path=ARTIFACTS / "3-self-check.png")

            # an answer edited and run but not saved: submit() refuses in one line
            answer = page.locator(".jp-Notebook .jp-CodeCell", has_text="def forward_diff(")
            answer.first.locator(".cm-content").click()
            page.keyboard.press("Control+End")
            page.keyboard.type("\nEDITED_IN_THE_TAB = True")
            page.keyboard.press("Shift+Enter")  # the kernel runs it; the file holds the old cell
            page.keyboard.press("Escape")
            page.locator(".jp-Notebook .jp-Cell").last.click()
            page.keyboard.press("Escape")
            page.keyboard.press("b")
            page.keyboard.press("Enter")  # edit mode in the new cell
            page.keyboard.type("from autograder.hub.client import submit; submit()")
            page.keyboard.press("Shift+Enter")
            expect(page.locator(".lm-TabBar-tab.jp-mod-dirty")).to_have_count(1)  # unsaved
            refused = page.locator(
                ".jp-OutputArea-output",
                has_text="Not submitted: cell for question q1_finite_differences on disk is "
                "not what the kernel ran: save the notebook (Ctrl+S) and run it, then submit",
            )
            expect(refused).to_be_visible()
            refused.scroll_into_view_if_needed()
            page.screenshot(path=ARTIFACTS / "4-refused-unsaved.png")

            # the same submit cell again, after saving
            submit_cell = page.locator(".jp-Notebook .jp-CodeCell", has_text="submit()").last
            submit_cell.locator(".cm-content").click()
            page.keyboard.press("Control+s")
            expect(page.locator(".lm-TabBar-tab.jp-mod-dirty")).to_have_count(0)  # saved
            page.keyboard.press("Shift+Enter")
            score = page.locator(".jp-OutputArea-output", has_text=f"{A}: 18 / 18 points")
            expect(score).to_be_visible()
            score.scroll_into_view_if_needed()
            page.screenshot(path=ARTIFACTS / "4-score.png")
        except Exception:
            page.screenshot(path=ARTIFACTS / "failure.png")
            raise
        finally:
            browser.close()

    # the service holds that submission, graded, for this student
    token = hub.admin("POST", f"/users/{name}/tokens", json={"note": "check"}).json()["token"]
    mine = hub.call(token, "GET", "/submissions").json()
    assert [(s["status"], s["score"]) for s in mine] == [("graded", 18.0)]
    submitted = httpx.get(
        f"{hub.service}/submissions/{mine[0]['id']}/notebook",
        timeout=30,
        headers={"Authorization": f"token {token}"},
    ).json()
    assert any("submit()" in "".join(c["source"]) for c in submitted["cells"])
    for shot in ("1-login", "2-assignment", "3-self-check", "4-refused-unsaved", "4-score"):
        assert (ARTIFACTS / f"{shot}.png").stat().st_size > 10_000
