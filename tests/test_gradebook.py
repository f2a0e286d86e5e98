"""The gradebook on SQLite and on a real PostgreSQL server: one row per attempt, idempotent
re-grading, and results that round-trip."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest import FixtureRequest

from autograder.grading.gradebook import Gradebook
from autograder.grading.results import CheckResult, QuestionResult, SubmissionResult


def result(student: str, sha: str, passed: bool) -> SubmissionResult:
    check = CheckResult(
        "q1",
        "c",
        "value",
        "passed" if passed else "failed",
        1.0,
        True,
        "" if passed else "Values are not close!",
    )
    faulty = CheckResult("q2", "d", "gradient", "grader_error", 2.0, False, "Not graded yet")
    return SubmissionResult(
        "01_x",
        student,
        (QuestionResult("q1", "Q", 2.0, (check,)), QuestionResult("q2", "R", 1.5, (faulty,))),
        notes=("a note",),
        execution_time=1.25,
        sha256=sha,
        limits_hit={"q2": "timed out"},
    )


def _pg_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    assert found, "PostgreSQL is not installed; `make install` installs it (Debian, as root)"
    return Path(found[-1]).parent


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL cluster on a Unix socket, run as an unprivileged user."""
    bindir = _pg_bin()
    base = Path(tempfile.mkdtemp(prefix="autograder-pg-"))
    os.chmod(base, 0o755)
    data = base / "data"
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]

    def run(*cmd: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([*as_user, *cmd], check=True, capture_output=True)

    run(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres")
    run(
        str(bindir / "pg_ctl"),
        "-D",
        str(data),
        "-w",
        "-l",
        str(base / "log"),
        "-o",
        f"-k {base} -c listen_addresses=''",
        "start",
    )
    try:
        run(str(bindir / "createdb"), "-h", str(base), "-U", "postgres", "gradebook")
        yield f"postgresql+psycopg://postgres@/gradebook?host={base}"
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def book(request: FixtureRequest, tmp_path: Path) -> Iterator[Gradebook]:
    """A gradebook on each database; closed afterwards (its pooled connections too)."""
    if request.param == "sqlite":
        gradebook = Gradebook(tmp_path / "book.sqlite")
    else:
        gradebook = Gradebook(request.getfixturevalue("postgres_url"))
        from autograder.grading.gradebook import Base

        Base.metadata.drop_all(gradebook.engine)
        Base.metadata.create_all(gradebook.engine)
    yield gradebook
    gradebook.close()


def test_one_row_per_attempt_and_regrading_is_idempotent(book: Gradebook) -> None:
    assert book.record(result("ann", "a" * 64, False)) == 1
    assert book.record(result("ann", "a" * 64, True)) == 1  # same file: replaced
    assert book.record(result("ann", "b" * 64, True)) == 2  # new file: new attempt
    assert book.record(result("bob", "a" * 64, False)) == 1
    rows = book.submissions("01_x")
    assert [(r.student, r.attempt, r.score) for r in rows] == [
        ("ann", 1, 2.0),
        ("ann", 2, 2.0),
        ("bob", 1, 0.0),
    ]
    assert [(c.question, c.status) for c in rows[0].checks] == [
        ("q1", "passed"),
        ("q2", "grader_error"),
    ]


def test_the_stored_record_is_the_record(book: Gradebook) -> None:
    """Stored as columns (no rendering inside), read back equal, field for field."""
    original = result("cid", "c" * 64, False)
    book.record(original)
    assert book.stored("01_x", "cid", "c" * 64) == original
    assert book.stored("01_x", "cid", "d" * 64) is None


def test_a_gradebook_from_before_the_columns_is_imported(tmp_path: Path) -> None:
    """Gradebooks that kept the Gradescope payload are read once into the new tables."""
    import json
    import sqlite3

    from autograder.grading.render import gradescope

    path = tmp_path / "old.sqlite"
    original = result("dan", "e" * 64, True)
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE submissions (id INTEGER PRIMARY KEY, assignment VARCHAR(100), "
            "student VARCHAR(200), sha256 VARCHAR(64), attempt INTEGER, score FLOAT, "
            "max_score FLOAT, graded_at DATETIME, results JSON NOT NULL)"
        )
        db.execute(
            "INSERT INTO submissions VALUES (1, '01_x', 'dan', ?, 3, 2.0, 3.5, "
            "'2026-11-30 10:00:00.000000', ?)",
            ("e" * 64, json.dumps(gradescope(original))),
        )
    book = Gradebook(path)
    assert book.stored("01_x", "dan", "e" * 64) == original
    # imported once, as the attempt it was (the older two were replaced files, say)
    assert [(r.student, r.attempt) for r in Gradebook(path).submissions()] == [("dan", 3)]


def test_the_services_upload_rows_work_on_both_databases(book: Gradebook, tmp_path: Path) -> None:
    """The grading service's uploads table: stored, counted in the attempt window, latest per
    student, requeued after a crash, times in UTC."""
    from datetime import timedelta

    from autograder.service.status import UploadStatus
    from autograder.service.store import Store, iso_utc

    store = Store(tmp_path / "data", book)
    first = store.add_upload("01_x", "ann", b'{"cells": [], "nbformat": 4}')
    second = store.add_upload("01_x", "ann", b'{"cells": [1], "nbformat": 4}')
    store.add_upload("01_x", "bob", b'{"cells": [], "nbformat": 4}')
    count, oldest = store.recent_count("01_x", "ann", timedelta(hours=1))
    assert count == 2 and oldest is not None and oldest.utcoffset() == timedelta(0)
    assert iso_utc(oldest) == first.received_at
    assert [(v.student, v.id) for v in store.latest("01_x")] == [
        ("ann", second.id),
        ("bob", second.id + 1),
    ]
    store.set_status(first.id, UploadStatus.GRADING)
    store.set_status(second.id, UploadStatus.GRADED, score=1.5, max_score=2.0)
    assert store.requeue_unfinished() == [first.id, second.id + 1]
    view = store.get(second.id)
    assert view is not None and view.score == 1.5 and view.graded_at is not None
    assert store.upload_path(view).read_bytes() == b'{"cells": [1], "nbformat": 4}'


def test_the_flat_reads_give_the_same_records_as_the_orm(book: Gradebook) -> None:
    """``results`` and ``question_scores`` (the pages' fast reads) agree with the ORM's records."""
    from autograder.grading.gradebook import to_result

    for r in (result("ann", "a" * 64, True), result("ben", "b" * 64, False)):
        book.record(r)
    book.record(SubmissionResult("another", "cat", (), sha256="c" * 64))  # not in 01_x
    rows = {(row.student, row.sha256): to_result(row) for row in book.submissions("01_x")}
    assert set(rows) == {("ann", "a" * 64), ("ben", "b" * 64)}
    assert book.results("01_x") == rows
    scores = book.question_scores("01_x")
    for key, record in rows.items():
        top, total, per = scores[key]
        assert (top, total) == (record.score, record.max_score)
        assert per == {q.id: q.score for q in record.questions}
