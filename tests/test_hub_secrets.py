"""What a user's server on the real hub can reach, by content and by path.

A student's server is an allowlist sandbox (hub_config/local/jupyterhub_config.py): the system,
the two Python environments, the engine package, the kernelspec and their own home. The proof is
a content scan (tests/leakscan.py) run by the student's own kernel over every readable file:
no line of the instructor tree that students do not already have, and no folder named
``reference_solutions`` or ``.git``. Then the paths a student would try, ``submit()`` of a file
they cannot see, and an instructor's server, which can run the instructors' commands.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import textwrap
import uuid
import zipfile
from pathlib import Path

import pytest

from autograder.course import Assignment
from tests.helpers import EXAMPLES, ROOT
from tests.hubtools import RealHub, execute
from tests.leakscan import (
    Probe,
    course_secrets,
    digest,
    parse_report,
    scanner_code,
    secret_lines,
    which_lines,
)

pytestmark = [pytest.mark.hub, pytest.mark.sandbox]

A = "01_calculus_autodiff"


# ------------------------------------------------------------------------------ the scanner


def test_the_secret_lines_are_many_and_only_their_hashes_travel() -> None:
    course = course_secrets()
    print(
        f"\nsecret lines: {len(course.lines)}, also in published software: "
        f"{len(course.library)}, searched: {len(course.searched)}"
    )
    assert len(course.lines) >= 500  # hundreds: a scan for them means something
    assert len(course.library) <= len(course.lines) // 50  # a few generic lines, not a tree
    assert course.lines == secret_lines(ROOT)
    code = scanner_code(course.probe)
    shipped = [line for line in course.lines if line.decode(errors="replace") in code]
    assert shipped == []


def test_the_scanner_finds_a_leak_in_any_form_and_nothing_in_student_material(
    tmp_path: Path,
) -> None:
    """Positive controls: a copy of the reference, a notebook whose JSON quotes its lines, a
    zip holding the suite, a folder named reference_solutions and a .git folder are all found;
    the student-facing files of every assignment give no hit at all. Run as the shipped text
    by a bare interpreter (-I -S: no site-packages), as in a kernel or the sandbox."""
    course = course_secrets()
    lesson = Assignment.load(A, ROOT)
    student = tmp_path / "student"
    for folder in sorted((ROOT / "assignments").iterdir()):
        for path in folder.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                target = student / path.relative_to(ROOT / "assignments")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(path.read_bytes())
    leaks = tmp_path / "leaks"
    (leaks / "reference_solutions").mkdir(parents=True)
    (leaks / "repo" / ".git").mkdir(parents=True)
    (leaks / "copied_reference.txt").write_bytes(lesson.reference_path.read_bytes())
    (leaks / "renamed_notebook.dat").write_bytes((EXAMPLES / "alice.ipynb").read_bytes())
    with zipfile.ZipFile(leaks / "bundle.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("x/suite.py", lesson.suite_path.read_bytes())
    reports = {}
    for name in ("student", "leaks"):
        script = tmp_path / f"scan_{name}.py"  # a file: the probe outgrew a command line
        script.write_text(scanner_code(course.probe, top=str(tmp_path / name)))
        run = subprocess.run(
            [sys.executable, "-I", "-S", str(script)], capture_output=True, text=True, timeout=300
        )
        assert run.returncode == 0, run.stderr
        reports[name] = parse_report(run.stdout)
    clean = reports["student"]
    assert clean["files_read"] >= 20 and clean["json_docs"] >= 6
    assert clean["hit_count"] == 0, which_lines(clean, course.lines)
    assert clean["secret_paths"] == []
    found = reports["leaks"]
    assert set(found["hit_files"]) == {
        str(leaks / "copied_reference.txt"),
        str(leaks / "renamed_notebook.dat"),
        str(leaks / "bundle.zip") + "!x/suite.py",
    }
    assert found["hit_count"] >= 100
    assert sorted(found["secret_paths"]) == [
        str(leaks / "reference_solutions"),
        str(leaks / "repo" / ".git"),
    ]


def test_a_line_of_published_software_is_not_counted_as_a_leak() -> None:
    course = course_secrets()
    assert course.library.isdisjoint(course.searched)
    if course.library:  # e.g. `x = np.asarray(x, dtype=np.float64)` is numpy's line as well
        assert all(digest(line) not in course.probe.hashes for line in course.library)


# ------------------------------------------------------------------------------ on the hub


def _run(hub: RealHub, user: str, token: str, code: str, timeout: float = 120) -> str:
    out = asyncio.run(execute(hub, user, token, code, timeout=timeout))
    assert out["error"] is None, out
    return str(out["stdout"])


@pytest.mark.slow
def test_a_students_kernel_finds_no_line_of_the_instructor_tree_anywhere(hub: RealHub) -> None:
    """Every readable file of the student's server (the system, both environments, the engine,
    their home with the fetched assignment), hashed line by line: not one secret line, no
    ``reference_solutions`` or ``.git`` folder. A canary line in their home is the positive
    control: the scan reached the home and hashes as the trusted side does."""
    course = course_secrets()
    student, token = hub.create_user("students")
    hub.start_server(student)
    canary = f"canary line {uuid.uuid4().hex} that only this test knows".encode()
    probe = Probe.of(set(course.searched) | {canary})
    _run(
        hub,
        student,
        token,
        textwrap.dedent(f"""
        from autograder.hub.client import fetch
        fetch({A!r})
        open("canary.txt", "wb").write({canary!r} + b"\\n")
    """),
    )
    stdout = _run(hub, student, token, scanner_code(probe), timeout=600)
    report = parse_report(stdout)
    print(
        f"\nstudent kernel scan: {report['files_read']} files, "
        f"{report['bytes_read'] / 1e6:.0f} MB read ({report['files_seen']} seen, "
        f"{report['binary_skipped']} binary skipped, {report['zip_members']} zip members, "
        f"{report['json_docs']} JSON documents, {report['mount_points']} mount points) in "
        f"{report['seconds']} s"
    )
    home = hub.state / "home" / student
    hits = which_lines(report, course.lines | {canary})
    assert hits == [(str(home / "canary.txt"), canary.decode())], hits
    assert report["secret_paths"] == [] and report["secret_path_count"] == 0
    assert report["files_read"] >= 10_000  # the environments alone hold tens of thousands
    assert report["bytes_read"] >= 200 * 10**6
    assert report["json_docs"] >= 1 and report["mount_points"] >= 5


def test_a_student_cannot_reach_the_checkout_the_instructor_tree_or_other_homes(
    hub: RealHub,
) -> None:
    student, token = hub.create_user("students")
    hub.start_server(student)
    other, _ = hub.create_user("students")
    other_home = hub.state / "home" / other
    other_home.mkdir(parents=True, exist_ok=True)
    (other_home / "my_answers.ipynb").write_text("{}")
    listed = hub.call(hub.instructor_token, "GET", "/assignments").json()
    unreleased = next(a["id"] for a in listed if not a["released"])
    lesson, hidden = Assignment.load(A, ROOT), Assignment.load(unreleased, ROOT)
    targets = {
        "checkout": ROOT,
        "git": ROOT / ".git",
        "git_head": ROOT / ".git" / "HEAD",
        "tests": ROOT / "tests",
        "tests_file": ROOT / "tests" / "test_hub_secrets.py",
        "reference_solutions": ROOT / "reference_solutions",
        "instructor_dir": lesson.instructor_dir,
        "assignments": ROOT / "assignments",
        "unreleased": hidden.directory,
        "unreleased_notebook": hidden.notebook_path,
        "released_in_checkout": lesson.notebook_path,
        "hub_config": ROOT / "hub_config" / "local",
        "other_home": other_home,
        "other_file": other_home / "my_answers.ipynb",
        "state": hub.state,
        "homes": hub.state / "home",
        "grader": hub.state / "grader",
        "hub_db": hub.state / "jupyterhub.sqlite",
    }
    for path in sorted(lesson.instructor_dir.rglob("*")):  # whatever the files are called now
        if path.is_file() and "__pycache__" not in path.parts:
            targets[f"secret:{path.relative_to(ROOT)}"] = path
    assert all(p.exists() for p in targets.values())  # every probe names a real host path
    probe = textwrap.dedent(f"""
        import json, os, subprocess
        def attempt(path):
            try:
                if os.path.isdir(path):
                    return "LISTED " + repr(sorted(os.listdir(path))[:5])
                with open(path, "rb") as fh:
                    return f"READ {{len(fh.read())}} bytes"
            except OSError as exc:
                return type(exc).__name__
        seen = {{k: attempt(v) for k, v in {
        json.dumps({k: str(v) for k, v in targets.items()})
    }.items()}}
        try:
            git = subprocess.run(["git", "-C", {str(ROOT)!r}, "show",
                                  "HEAD:" + {str(lesson.suite_path.relative_to(ROOT))!r}],
                                 capture_output=True, text=True)
            seen["git_show"] = [git.returncode, git.stdout[:80], git.stderr[-200:]]
        except OSError as exc:
            seen["git_show"] = type(exc).__name__
        print("PROBE", json.dumps(seen))
    """)
    seen = json.loads(_run(hub, student, token, probe).split("PROBE ", 1)[1])
    print("\n" + "\n".join(f"  {k}: {v}" for k, v in seen.items()))
    reached = {
        k: v
        for k, v in seen.items()
        if k != "git_show" and v not in ("FileNotFoundError", "PermissionError")
    }
    assert reached == {}, reached
    git = seen["git_show"]
    assert git == "FileNotFoundError" or (git[0] != 0 and git[1] == ""), git
    assert Assignment.load(A, ROOT).suite_path.is_file()  # hidden from them, not gone


def test_submitting_a_file_the_student_cannot_see_fails_readably_and_stores_nothing(
    hub: RealHub,
) -> None:
    student, token = hub.create_user("students")
    hub.start_server(student)
    example = sorted(EXAMPLES.glob("*.ipynb"))[0]
    out = asyncio.run(
        execute(
            hub,
            student,
            token,
            textwrap.dedent(f"""
        from autograder.hub.client import submit
        print("RESULT", submit({A!r}, path={str(example)!r}))
    """),
        )
    )
    assert out["error"] is None, out
    assert "RESULT None" in out["stdout"], out
    assert "Not submitted:" in out["stderr"] and "does not exist" in out["stderr"], out
    assert hub.call(token, "GET", "/submissions").json() == []


def test_an_instructors_server_runs_the_instructor_commands_and_sees_the_course(
    hub: RealHub, tmp_path: Path
) -> None:
    """Instructors are trusted: their server also sees the checkout, read-only (the hub's own
    config is in it and runs as root); never the hub's state. `python` and `autograder` are the
    course environment's, as in a terminal of their server."""
    teacher, token = hub.create_user("instructors")
    hub.start_server(teacher)
    lesson = Assignment.load(A, ROOT)
    code = textwrap.dedent(f"""
        import json, os, shutil, subprocess
        out = {{"cwd": os.getcwd(), "python": shutil.which("python"),
                "autograder": shutil.which("autograder")}}
        for key, cmd in {{"help": ["autograder", "--help"],
                          "admin_help": ["python", "-m", "autograder.hub.admin", "--help"],
                          "grades": ["python", "-m", "autograder.hub.admin", "grades", {A!r},
                                     "--out", "grades.csv"],
                          "list": ["autograder", "list"]}}.items():
            run = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
            out[key] = [run.returncode, run.stdout[:600], run.stderr[-400:]]
        def attempt(f):
            try:
                return f()
            except OSError as exc:
                return type(exc).__name__
        out["suite"] = attempt(lambda: len(open({str(lesson.suite_path)!r}).read()))
        out["write_checkout"] = attempt(lambda: open({str(ROOT / "planted.txt")!r}, "w"))
        out["hub_db"] = attempt(lambda: os.stat({str(hub.state / "jupyterhub.sqlite")!r}).st_size)
        out["grader"] = attempt(lambda: os.listdir({str(hub.state / "grader")!r}))
        print("PROBE", json.dumps(out, default=str))
    """)
    seen = json.loads(_run(hub, teacher, token, code, timeout=400).split("PROBE ", 1)[1])
    home = str(hub.state / "home" / teacher)
    assert seen["cwd"] == home
    assert seen["python"] == str(ROOT / ".venv" / "bin" / "python")
    assert seen["autograder"] == str(ROOT / ".venv" / "bin" / "autograder")
    assert seen["help"][0] == 0 and "usage: autograder" in seen["help"][1], seen["help"]
    assert seen["admin_help"][0] == 0 and "release" in seen["admin_help"][1], seen["admin_help"]
    assert seen["grades"][0] == 0, seen["grades"]
    assert (hub.state / "home" / teacher / "grades.csv").read_text().startswith("student,")
    assert seen["list"][0] == 0 and A in seen["list"][1], seen["list"]
    assert isinstance(seen["suite"], int) and seen["suite"] > 0
    assert seen["write_checkout"] in ("OSError", "PermissionError")  # read-only file system
    assert not (ROOT / "planted.txt").exists()
    assert seen["hub_db"] == "FileNotFoundError" and seen["grader"] == "FileNotFoundError"
