"""The instructors' commands (``python -m autograder.hub.admin``) against the real hub, with an
instructor's token as their server would have it; students' tokens are refused."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import ROOT
from tests.hubtools import RealHub

pytestmark = [pytest.mark.hub, pytest.mark.sandbox]

A = "04_linear_regression"


def admin(hub: RealHub, token: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ, AUTOGRADER_SERVICE_URL=f"{hub.url}/services/grader/", JUPYTERHUB_API_TOKEN=token
    )
    return subprocess.run(
        [sys.executable, "-m", "autograder.hub.admin", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_an_instructor_releases_grades_and_exports_from_the_command_line(
    hub: RealHub, tmp_path: Path
) -> None:
    teacher = hub.instructor_token
    released = admin(hub, teacher, "release", A)
    assert released.returncode == 0 and f"Released {A} (17 points)" in released.stdout
    work = (ROOT / "assignments" / A / f"{A}.ipynb").read_bytes()  # the untouched notebook
    name, token = hub.create_user("students")
    sub = hub.call(token, "POST", f"/assignments/{A}/submissions", content=work).json()
    hub.wait_graded(token, sub["id"])

    graded = admin(hub, teacher, "grade", A)
    assert graded.returncode == 0 and "1 / 1 (finished)" in graded.stdout, graded
    assert admin(hub, teacher, "grades", A, "--out", str(tmp_path / "g.csv")).returncode == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "g.csv").read_text())))
    assert [(r["student"], r["score"], r["max_score"]) for r in rows] == [(name, "0", "17")]
    assert admin(hub, teacher, "collect", A, "--out", str(tmp_path / "s.zip")).returncode == 0
    assert zipfile.ZipFile(tmp_path / "s.zip").read(f"submitted/{name}/{A}/{A}.ipynb") == work

    refused = admin(hub, token, "release", A)
    assert refused.returncode == 1
    assert "instructors only" in refused.stderr and "(HTTP 403)" in refused.stderr
    outside = admin(hub, "", "grades", A, "--out", str(tmp_path / "x.csv"))
    assert outside.returncode == 1 and "not inside a hub server" in outside.stderr
