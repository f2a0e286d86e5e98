"""Crash safety: a grader killed with SIGKILL mid-batch resumes and grades every submission
exactly once; two graders sharing one gradebook do not corrupt it."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder.grading.gradebook import Gradebook
from autograder.grading.render import gradescope
from tests.helpers import EXAMPLES, ROOT

pytestmark = pytest.mark.sandbox

N = 6


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "autograder.cli", "grade", "01_calculus_autodiff", *args]


def make_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "subs"
    folder.mkdir()
    for i in range(N):
        source = EXAMPLES / ("alice.ipynb" if i % 2 else "bob.ipynb")
        shutil.copy(source, folder / f"student{i}.ipynb")
    return folder


def env() -> dict[str, str]:
    return dict(os.environ, AUTOGRADER_COURSE=str(ROOT))


def test_sigkill_mid_batch_then_rerun_grades_each_submission_exactly_once(tmp_path: Path) -> None:
    folder, out = make_folder(tmp_path), tmp_path / "out"
    proc = subprocess.Popen(
        cli(str(folder), "--out", str(out), "--workers", "1"),
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while len(list(out.glob("*/results.json"))) < 2 and time.monotonic() < deadline:
        assert proc.poll() is None, "the batch finished before it could be killed"
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    graded_before = len(list(out.glob("*/results.json")))
    assert 2 <= graded_before < N

    rerun = subprocess.run(
        cli(str(folder), "--out", str(out), "--workers", "1"),
        env=env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert f"of {N} submissions were already in the gradebook" in rerun.stdout
    rows = Gradebook(out / "gradebook.sqlite").submissions()
    assert sorted(r.student for r in rows) == [f"student{i}" for i in range(N)]
    assert all(r.attempt == 1 for r in rows)
    book = Gradebook(out / "gradebook.sqlite")
    for r in rows:
        data = json.loads((out / r.student / "results.json").read_text())
        stored = book.stored(r.assignment, r.student, r.sha256)
        assert stored is not None
        assert data == gradescope(stored)
        assert data["score"] == (18.0 if int(r.student[-1]) % 2 else 11.8937)
    assert len((out / "grades.csv").read_text().splitlines()) == N + 1


def test_two_graders_on_one_gradebook_do_not_corrupt_it(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    book = tmp_path / "shared.sqlite"
    procs = [
        subprocess.Popen(
            cli(
                str(folder),
                "--out",
                str(tmp_path / f"out{k}"),
                "--workers",
                "1",
                "--gradebook",
                str(book),
            ),
            env=env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in range(2)
    ]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    rows = Gradebook(book).submissions()
    assert sorted(r.student for r in rows) == [f"student{i}" for i in range(N)]
    assert all(r.attempt == 1 for r in rows)
    import sqlite3

    with sqlite3.connect(book) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        n_checks = db.execute("SELECT COUNT(*) FROM graded_checks").fetchone()[0]
    assert n_checks == N * len(rows[0].checks)
