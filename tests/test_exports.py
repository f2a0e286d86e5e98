"""Exports: grades.csv (unchanged without a roster; every enrolled student with one), Canvas's
gradebook import file read back with the csv module, rosters, and the options of
``autograder grade`` and ``hub.admin grades`` (no sandbox, no hub: graded records come from the
gradebook, the service's replies from a stub)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytest import CaptureFixture, MonkeyPatch

from autograder import cli
from autograder.checks.base import Status
from autograder.cli import main
from autograder.course import Assignment
from autograder.exceptions import UsageError
from autograder.grading.batch import grades_csv as batch_grades_csv
from autograder.grading.exports import (
    POINTS_POSSIBLE,
    GradeRow,
    RosterEntry,
    canvas_column,
    canvas_csv,
    grades_csv,
    not_on_roster,
    parse_grades_csv,
    parse_roster,
    read_roster,
    rows_from_results,
    rows_from_scores,
)
from autograder.grading.gradebook import Gradebook
from autograder.grading.penalties import LinearPenalty
from autograder.grading.policies import Attempt, Policy, effective_scores
from autograder.grading.results import CheckResult, QuestionResult, SubmissionResult
from autograder.hub import admin
from tests.helpers import ROOT


def record(student: str, q1: float, q2: float, *, fault: bool = False) -> SubmissionResult:
    """A graded record of a 6-point assignment: q1 (4 points, 4 checks), q2 (2 points, 1 check)."""
    checks = tuple(
        CheckResult("q1", f"c{i}", "value", "passed" if i < q1 else "failed", 1.0, True)
        for i in range(4)
    )
    status: Status = "grader_error" if fault else "passed" if q2 else "failed"
    last = (CheckResult("q2", "d", "value", status, 1.0, True),)
    questions = (QuestionResult("q1", "One", 4.0, checks), QuestionResult("q2", "Two", 2.0, last))
    return SubmissionResult("hw1", student, questions)


RESULTS = [record("zoe", 3, 1), record("amy", 4, 0), record("kim", 1, 0, fault=True)]
ROSTER = [
    RosterEntry("kim", "Kim, Lee", "101", "S-1", "klee", "A"),
    RosterEntry("bob", "Bob, Ray", "102", "S-2", "bray", "B"),
    RosterEntry("zoe", "Zoe, Ann", "103", "", "", "A"),
]


def table(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


# --- grades.csv ---------------------------------------------------------------------------


def test_without_a_roster_grades_csv_is_what_it_always_was() -> None:
    assert batch_grades_csv(RESULTS) == (
        "student,score,max_score,q1,q2\r\namy,4,6,4,0\r\nkim,1,6,1,0\r\nzoe,5,6,3,2\r\n"
    )
    assert batch_grades_csv([]) == "student,score,max_score\r\n"


def test_with_a_roster_every_enrolled_student_has_a_row_and_a_status() -> None:
    assert table(batch_grades_csv(RESULTS, roster=ROSTER)) == [
        ["student", "score", "max_score", "q1", "q2", "status"],
        ["kim", "1", "6", "1", "0", "grader error"],
        ["bob", "", "6", "", "", "no submission"],
        ["zoe", "5", "6", "3", "2", "graded"],
        ["amy", "4", "6", "4", "0", "graded, not on roster"],
    ]


def test_an_assignment_nobody_submitted_lists_every_roster_row_not_only_a_header() -> None:
    text = grades_csv([], roster=ROSTER, questions=["q1", "q2"], max_score=6.0)
    assert table(text) == [
        ["student", "score", "max_score", "q1", "q2", "status"],
        ["kim", "", "6", "", "", "no submission"],
        ["bob", "", "6", "", "", "no submission"],
        ["zoe", "", "6", "", "", "no submission"],
    ]


def test_grades_csv_reads_back_into_the_same_rows() -> None:
    rows = rows_from_results(RESULTS)
    for roster in (None, ROSTER):
        back = parse_grades_csv(grades_csv(rows, roster=roster))
        assert {r.student: (r.score, r.max_score, dict(r.questions)) for r in back} == {
            **({"bob": (None, 6.0, {})} if roster else {}),
            "amy": (4.0, 6.0, {"q1": 4.0, "q2": 0.0}),
            "kim": (1.0, 6.0, {"q1": 1.0, "q2": 0.0}),
            "zoe": (5.0, 6.0, {"q1": 3.0, "q2": 2.0}),
        }
    with pytest.raises(UsageError, match=r"^x.csv: not a grades.csv"):
        parse_grades_csv("name,points\n", source="x.csv")
    with pytest.raises(UsageError, match=r"^x.csv:2: a score that is not a number$"):
        parse_grades_csv("student,score,max_score\nann,lots,6\n", source="x.csv")


def test_effective_scores_under_a_policy_export_with_their_status() -> None:
    due = datetime(2025, 3, 1, 12, tzinfo=UTC)
    attempts = {
        "kim": [Attempt(due - timedelta(hours=1), 5.0, 6.0, {"q1": 3, "q2": 2})],
        "zoe": [Attempt(due + timedelta(hours=2), 6.0, 6.0, {"q1": 4, "q2": 2})],
    }
    policy = Policy(due, penalty=LinearPenalty(percent=25, per="day"))
    scores = effective_scores(policy, attempts, students=["bob"])  # bob's maximum: unknown
    text = grades_csv(rows_from_scores(scores.values()), roster=ROSTER, questions=["q1", "q2"])
    assert table(text)[1:] == [
        ["kim", "5", "6", "3", "2", "graded"],
        ["bob", "", "6", "", "", "no submission"],
        ["zoe", "4.5", "6", "4", "2", "late"],  # 6 - 25 % of 6 for a started day
    ]


def test_the_readme_example_of_a_policy_and_a_roster_runs_as_written(
    tmp_path: Path, monkeypatch: MonkeyPatch, capsys: CaptureFixture[str]
) -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("### Rosters, Canvas and grading policies") :]
    toml = section[section.index("```toml\n") + 8 : section.index("```\n\n")]
    code = section[section.index("```python\n") + 10 :]
    (tmp_path / "policy.toml").write_text(toml)
    (tmp_path / "roster.csv").write_text('student,name\nalice,"A, Alice"\nbob,\n')
    monkeypatch.chdir(tmp_path)
    exec(compile(code[: code.index("```")], "README.md", "exec"), {})
    assert [r for r in table(capsys.readouterr().out) if r] == [
        ["student", "score", "max_score", "q1", "status"],
        ["alice", "19", "20", "5", "graded"],  # on time by her extension; q1: 4 -> 5 by hand
        ["bob", "", "20", "", "no submission"],
    ]


# --- rosters --------------------------------------------------------------------------------


def test_a_plain_roster_needs_a_student_column_and_keeps_the_rest_for_canvas() -> None:
    text = 'Student,Name,ID,Section,email\nkim,"Kim, Lee",101,A,k@x\n\n bob ,,,,\n'
    assert parse_roster(text) == [
        RosterEntry("kim", "Kim, Lee", "101", "", "", "A"),
        RosterEntry("bob"),
    ]
    assert parse_roster("login\nann\n") == [RosterEntry("ann")]


def test_canvas_gradebook_export_is_a_roster_keyed_by_sis_login_id(tmp_path: Path) -> None:
    exported = (
        "\ufeffStudent,ID,SIS User ID,SIS Login ID,Section,Quiz 1 (111)\r\n"
        "    Points Possible,,,,,10\r\n"
        '"Lee, Kim",101,S-1,klee,A,9\r\n'
        '"Student, Test",999,,,A,\r\n'
        '"Ray, Bob",102,S-2,bray,B,\r\n'
    )
    path = tmp_path / "export.csv"
    path.write_text(exported, encoding="utf-8")
    assert read_roster(path) == [
        RosterEntry("klee", "Lee, Kim", "101", "S-1", "klee", "A"),
        RosterEntry("bray", "Ray, Bob", "102", "S-2", "bray", "B"),
    ]


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "r.csv: the roster is empty"),
        ("name,section\nKim,A\n", "r.csv: no 'student' column in the header"),
        ("student\nkim\nbob\nkim\n", "r.csv:4: 'kim' is listed twice (also on line 2)"),
        ("student,name\n,Kim\n", "r.csv:2: no student name"),
    ],
)
def test_a_bad_roster_is_one_line_naming_file_and_line(text: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_roster(text, source="r.csv")
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)


def test_a_missing_roster_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"roster .*nope.csv does not exist"):
        read_roster(tmp_path / "nope.csv")


# --- Canvas ---------------------------------------------------------------------------------


def test_canvas_csv_with_a_roster_reads_back_as_canvas_import_expects() -> None:
    rows = rows_from_results(RESULTS)
    column = canvas_column("hw1", rows, points_possible=6.0, canvas_id="4242")
    parsed = table(canvas_csv([column], ROSTER))
    assert parsed == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "hw1 (4242)"],
        [POINTS_POSSIBLE, "", "", "", "", "6"],
        ["Kim, Lee", "101", "S-1", "klee", "A", "1"],
        ["Bob, Ray", "102", "S-2", "bray", "B", ""],
        ["Zoe, Ann", "103", "", "zoe", "A", "5"],  # no SIS Login ID given: the student's name
    ]
    assert parsed[1][0].strip() == "Points Possible"
    assert not_on_roster(rows, ROSTER) == ["amy"]  # left out of the Canvas file


def test_canvas_csv_without_a_roster_and_with_several_assignments() -> None:
    first = canvas_column("hw1", rows_from_results(RESULTS), points_possible=6.0)
    second = canvas_column(
        "hw2", [GradeRow("amy", 11.8937, 17.0), GradeRow("new", None, 17.0)], points_possible=17
    )
    rows = list(csv.DictReader(io.StringIO(canvas_csv([first, second]))))
    assert [r["Student"] for r in rows] == [POINTS_POSSIBLE, "amy", "kim", "new", "zoe"]
    assert rows[0]["hw1"] == "6" and rows[0]["hw2"] == "17"
    amy = rows[1]
    assert (amy["ID"], amy["SIS User ID"], amy["SIS Login ID"], amy["Section"]) == (
        "",
        "",
        "amy",
        "",
    )
    assert (amy["hw1"], amy["hw2"]) == ("4", "11.8937")
    assert (rows[3]["hw1"], rows[3]["hw2"]) == ("", "")  # "new": no score in either


def test_a_canvas_id_must_be_a_number() -> None:
    with pytest.raises(UsageError, match="the Canvas assignment id must be a number, got 'hw1'"):
        canvas_column("hw1", [], points_possible=6, canvas_id="hw1")


# --- autograder grade --roster --format canvas ----------------------------------------------

A = "01_calculus_autodiff"


@pytest.fixture
def graded(tmp_path: Path) -> tuple[Path, Path, Assignment]:
    """A submission folder whose one notebook is already in OUT's gradebook (full marks), so
    that ``autograder grade`` grades nothing and only writes its outputs."""
    assignment = Assignment.load(A)
    folder, out = tmp_path / "subs", tmp_path / "out"
    folder.mkdir()
    out.mkdir()
    notebook = folder / "kim.ipynb"
    notebook.write_text('{"cells": []}')
    questions = tuple(
        QuestionResult(
            q.id, q.title, q.points, (CheckResult(q.id, "c", "value", "passed", 1.0, True),)
        )
        for q in assignment.questions
    )
    sha = hashlib.sha256(notebook.read_bytes()).hexdigest()
    book = Gradebook(out / "gradebook.sqlite")
    book.record(SubmissionResult(A, "kim", questions, sha256=sha))
    book.close()
    return folder, out, assignment


def grade(folder: Path, out: Path, *options: str) -> int:
    """``autograder grade`` with the fixture's gradebook (which holds the notebook already)."""
    book = folder.parent / "out" / "gradebook.sqlite"
    argv = ["grade", A, str(folder), "--out", str(out), "--gradebook", str(book)]
    return main([*argv, "--no-sandbox", *options])


def test_grade_writes_every_roster_student_and_a_canvas_file(
    graded: tuple[Path, Path, Assignment],
    tmp_path: Path,
    capsys: CaptureFixture[str],
    monkeypatch: MonkeyPatch,
) -> None:
    folder, out, assignment = graded
    monkeypatch.setattr(cli.out_console(), "width", 1000)  # long paths stay on one line
    plain = out / "plain"
    assert grade(folder, plain) == 0  # without the options: today's grades.csv
    top = f"{assignment.max_score:g}"
    points = [f"{q.points:g}" for q in assignment.questions]
    assert table((plain / "grades.csv").read_text()) == [
        ["student", "score", "max_score", *(q.id for q in assignment.questions)],
        ["kim", top, top, *points],
    ]
    assert not (plain / "canvas.csv").exists()

    roster = tmp_path / "roster.csv"
    roster.write_text('student,name,id\nbob,"Ray, Bob",7\nkim,"Lee, Kim",8\n')
    assert (
        grade(folder, out, "--roster", str(roster), "--format", "canvas", "--canvas-id", "55") == 0
    )
    printed = capsys.readouterr().out
    assert "1 of 1 submissions were already in the gradebook" in printed  # nothing was graded
    assert f"Wrote {out / 'grades.csv'}, {out / 'canvas.csv'}, 1 results.json" in printed
    rows = table((out / "grades.csv").read_text())
    assert rows[0][-1] == "status" and [r[0] for r in rows[1:]] == ["bob", "kim"]
    assert rows[1] == ["bob", "", top, *([""] * len(points)), "no submission"]
    assert rows[2] == ["kim", top, top, *points, "graded"]
    assert table((out / "canvas.csv").read_text()) == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", f"{A} (55)"],
        [POINTS_POSSIBLE, "", "", "", "", top],
        ["Ray, Bob", "7", "", "bob", "", ""],
        ["Lee, Kim", "8", "", "kim", "", top],
    ]


@pytest.mark.parametrize(
    "options, reason",
    [
        (["--roster", "missing.csv"], "roster missing.csv does not exist"),
        (["--canvas-id", "5"], "--canvas-id names the Canvas column: use it with --format canvas"),
        (["--format", "canvas", "--canvas-id", "x"], "the Canvas assignment id must be a number"),
    ],
)
def test_bad_export_options_fail_before_grading(
    graded: tuple[Path, Path, Assignment],
    options: list[str],
    reason: str,
    capsys: CaptureFixture[str],
    monkeypatch: MonkeyPatch,
) -> None:
    folder, out, _ = graded
    monkeypatch.chdir(folder)
    assert grade(folder, out / "x", *options) == 2
    assert capsys.readouterr().err.strip().startswith(f"autograder: error: {reason}")
    assert not (out / "x").exists()


# --- python -m autograder.hub.admin grades --roster --format canvas -------------------------


def student(name: str, score: float | None, q1: float, q2: float, status: str) -> dict[str, Any]:
    questions = {} if score is None else {"q1": q1, "q2": q2}
    return {
        "student": name,
        "score": score,
        "max_score": 6.0,
        "questions": questions,
        "status": status,
    }


BOOK = {
    "assignment": "hw1",
    "released": True,
    "max_score": 6.0,
    "questions": ["q1", "q2"],
    "students": [student("kim", 5, 3, 2, "graded"), student("zed", 1, 1, 0, "late")],
}


def stub_service(monkeypatch: MonkeyPatch, book: dict[str, Any]) -> list[str]:
    asked: list[str] = []

    def request(method: str, path: str, body: bytes | None = None) -> bytes:
        asked.append(path)
        return json.dumps(book).encode()

    monkeypatch.setattr(admin, "request", request)
    return asked


def test_admin_grades_without_options_writes_every_students_effective_score(
    monkeypatch: MonkeyPatch, tmp_path: Path
) -> None:
    asked = stub_service(monkeypatch, BOOK)
    assert admin.main(["grades", "hw1", "--out", str(tmp_path / "g.csv")]) == 0
    assert table((tmp_path / "g.csv").read_text()) == [
        ["student", "score", "max_score", "q1", "q2", "status"],
        ["kim", "5", "6", "3", "2", "graded"],
        ["zed", "1", "6", "1", "0", "late"],
    ]
    assert asked == ["/assignments/hw1/gradebook"]


def test_admin_grades_with_a_roster_and_for_canvas(
    monkeypatch: MonkeyPatch, tmp_path: Path, capsys: CaptureFixture[str]
) -> None:
    stub_service(monkeypatch, BOOK)
    roster = tmp_path / "roster.csv"
    roster.write_text('student,name\nkim,"Lee, Kim"\nbob,"Ray, Bob"\n')
    out = tmp_path / "g.csv"
    assert admin.main(["grades", "hw1", "--out", str(out), "--roster", str(roster)]) == 0
    assert table(out.read_text()) == [
        ["student", "score", "max_score", "q1", "q2", "status"],
        ["kim", "5", "6", "3", "2", "graded"],
        ["bob", "", "6", "", "", "no submission"],
        ["zed", "1", "6", "1", "0", "late, not on roster"],
    ]
    canvas = tmp_path / "c.csv"
    argv = ["grades", "hw1", "--out", str(canvas), "--roster", str(roster), "--format", "canvas"]
    assert admin.main([*argv, "--canvas-id", "9"]) == 0
    assert table(canvas.read_text())[0][-1] == "hw1 (9)"
    assert [r[0] for r in table(canvas.read_text())[2:]] == ["Lee, Kim", "Ray, Bob"]
    assert "1 graded student(s) are not on the roster and are left out: zed" in (
        capsys.readouterr().err
    )


def test_admin_grades_of_an_assignment_nobody_submitted_lists_every_roster_row(
    monkeypatch: MonkeyPatch, tmp_path: Path
) -> None:
    stub_service(monkeypatch, {**BOOK, "students": [student("dan", None, 0, 0, "no submission")]})
    roster = tmp_path / "roster.csv"
    roster.write_text("student\nkim\nbob\n")
    out = tmp_path / "g.csv"
    assert admin.main(["grades", "hw1", "--out", str(out), "--roster", str(roster)]) == 0
    assert table(out.read_text()) == [
        ["student", "score", "max_score", "q1", "q2", "status"],
        ["kim", "", "6", "", "", "no submission"],
        ["bob", "", "6", "", "", "no submission"],
        ["dan", "", "6", "", "", "no submission, not on roster"],
    ]


def test_admin_grades_of_an_unreleased_assignment_says_how_to_release_it(
    monkeypatch: MonkeyPatch, tmp_path: Path, capsys: CaptureFixture[str]
) -> None:
    nobody = [student("dan", None, 0, 0, "no submission")]
    stub_service(monkeypatch, {**BOOK, "released": False, "students": nobody})
    assert admin.main(["grades", "hw1", "--out", str(tmp_path / "g.csv")]) == 1
    assert capsys.readouterr().err == (
        "error: hw1 is not released, so nobody could submit and there are no grades: release "
        "it first with python -m autograder.hub.admin release hw1\n"
    )
    assert not (tmp_path / "g.csv").exists()
    stub_service(monkeypatch, {**BOOK, "released": False})  # withdrawn after it was graded
    assert admin.main(["grades", "hw1", "--out", str(tmp_path / "g.csv")]) == 0
    assert len(table((tmp_path / "g.csv").read_text())) == 3


def test_admin_grades_with_a_bad_roster_asks_the_service_nothing(
    monkeypatch: MonkeyPatch, tmp_path: Path, capsys: CaptureFixture[str]
) -> None:
    asked = stub_service(monkeypatch, BOOK)
    argv = ["grades", "hw1", "--out", str(tmp_path / "g.csv"), "--roster", str(tmp_path / "r")]
    assert admin.main(argv) == 2
    assert capsys.readouterr().err.startswith("error: roster ") and asked == []
