"""Students' side of the grading service, for use inside their hub server (notebook or terminal).

    from autograder.hub.client import feedback, fetch, submit
    fetch("01_calculus_autodiff")      # the released notebook and its public checks, into ./<id>/
    submit()                            # this notebook (save it first); prints the graded feedback
    feedback("01_calculus_autodiff")   # the latest submission's feedback again

or ``python -m autograder.hub.client fetch|submit|status|feedback ...``. Failures print one line
(``Not submitted: ...``) and return None, never a traceback. In a notebook's kernel, ``submit()``
refuses a file whose answer cells are not what the kernel last ran (:mod:`.unsaved`). It needs
``AUTOGRADER_SERVICE_URL`` and ``JUPYTERHUB_API_TOKEN``, which the hub sets in every student
server; elsewhere (for instance in the grading sandbox) ``submit()`` says so and does nothing.
Standard library only.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from autograder.hub.unsaved import unsaved_work

SERVICE_ENV = "AUTOGRADER_SERVICE_URL"


class ServiceError(Exception):
    """The service refused or failed a request; the message is the service's own."""


class Reply(dict[str, Any]):
    """The service's answer about a submission; shown in a notebook as one short line."""

    def __repr__(self) -> str:
        score = "" if self.get("score") is None else f", {self['score']:g} / {self['max_score']:g}"
        return f"<submission {self.get('id')}: {self.get('status')}{score}>"


def _endpoint() -> tuple[str, str] | None:
    url, token = os.environ.get(SERVICE_ENV), os.environ.get("JUPYTERHUB_API_TOKEN")
    return (url.rstrip("/") + "/api", token) if url and token else None


def request(method: str, path: str, body: bytes | None = None) -> bytes:
    """One authenticated request to the service; :class:`ServiceError` with its reason."""
    endpoint = _endpoint()
    if endpoint is None:
        raise ServiceError(
            f"not inside a hub server ({SERVICE_ENV} or JUPYTERHUB_API_TOKEN is "
            "not set): open the notebook on the course hub to submit"
        )
    base, token = endpoint
    req = urllib.request.Request(
        base + path,
        data=body,
        method=method,
        headers={"Authorization": f"token {token}", "Content-Type": "application/x-ipynb+json"},
    )
    try:
        with urllib.request.urlopen(req, timeout=60) as reply:
            return bytes(reply.read())
    except urllib.error.HTTPError as exc:
        try:
            detail = json.loads(exc.read()).get("detail", exc.reason)
        except ValueError:
            detail = exc.reason
        raise ServiceError(f"{detail} (HTTP {exc.code})") from None
    except urllib.error.URLError as exc:
        raise ServiceError(f"the grading service cannot be reached ({exc.reason})") from None


def fetch(assignment: str, dest: str | Path = ".") -> Path | None:
    """Unpack the released assignment into ``dest/<assignment>/``; files already there (your
    work) are kept, never overwritten. On failure, one line on stderr and None."""
    try:
        return _fetch(assignment, Path(dest))
    except ServiceError as exc:
        print(f"Not fetched: {exc}", file=sys.stderr)
    except zipfile.BadZipFile:
        print("Not fetched: the service's reply is not a zip archive", file=sys.stderr)
    except OSError as exc:
        print(f"Not fetched: {exc.filename}: {exc.strerror}", file=sys.stderr)
    return None


def _fetch(assignment: str, dest: Path) -> Path:
    data = request("GET", f"/assignments/{quote(assignment, safe='')}/download")
    archive = zipfile.ZipFile(io.BytesIO(data))
    root = dest.resolve()
    kept = []
    for name in archive.namelist():
        target = (root / name).resolve()
        if not target.is_relative_to(root):
            continue  # never write outside dest
        if target.exists():
            kept.append(name)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(archive.read(name))
    print(
        f"Fetched {assignment} into {root / assignment}"
        + (f" (kept your existing {', '.join(kept)})" if kept else "")
    )
    return root / assignment


def _notebook_path(assignment: str | None, path: str | Path | None) -> Path:
    if path is not None:
        return Path(path)
    session = os.environ.get("JPY_SESSION_NAME")  # set by Jupyter Server: this notebook's path
    if session and session.endswith(".ipynb"):
        for candidate in (Path(session), Path(Path(session).name)):  # the kernel runs beside it
            if candidate.is_file():
                return candidate
    if assignment:
        return Path(f"{assignment}.ipynb")
    raise ServiceError("which notebook? pass submit(path='NN_topic.ipynb')")


def submit(
    assignment: str | None = None,
    path: str | Path | None = None,
    *,
    wait: bool = True,
    timeout: float = 300.0,
    force: bool = False,
) -> Reply | None:
    """Submit the notebook (save it first!) and, with ``wait``, print the graded feedback.

    Run from the notebook's own kernel, it refuses when an answer cell in the file differs from
    what the kernel last ran (unsaved changes, or saved but not run); ``force=True`` sends the
    file as it is."""
    try:
        notebook = _notebook_path(assignment, path)
        assignment = assignment or notebook.stem
        if not notebook.is_file():
            raise ServiceError(f"{notebook} does not exist")
        if not force and (reason := unsaved_work(notebook)):
            raise ServiceError(reason)
        reply = Reply(
            json.loads(
                request("POST", f"/assignments/{assignment}/submissions", notebook.read_bytes())
            )
        )
        print(f"Submitted {notebook.name} as submission {reply['id']}; grading...")
        if reply.get("attempts_left") is not None:
            print(f"Graded attempts left for {assignment} after this one: {reply['attempts_left']}")
        deadline = time.monotonic() + timeout
        shown = None
        while wait and reply["status"] in ("queued", "grading"):
            if time.monotonic() > deadline:
                print("Still grading; look again later with status().")
                return reply
            place = reply.get("queue_position")
            if isinstance(place, int) and place > 1 and place != shown:
                print(f"In the queue: {place - 1} submission(s) ahead of yours.")
                shown = place
            time.sleep(0.25)
            reply = Reply(json.loads(request("GET", f"/submissions/{reply['id']}")))
    except ServiceError as exc:
        print(f"Not submitted: {exc}", file=sys.stderr)
        return None
    show(reply)
    return reply


def feedback(assignment: str | None = None) -> Reply | None:
    """Print the feedback of your latest submission of ``assignment`` again (default: this
    notebook's); one line on stderr and None when there is none."""
    try:
        assignment = assignment or _notebook_path(None, None).stem
        rows = json.loads(request("GET", f"/submissions?assignment={quote(assignment, safe='')}"))
        if not rows:
            raise ServiceError(f"no submission of {assignment} yet; submit() sends one")
        latest = max(rows, key=lambda row: row["id"])
        reply = Reply(json.loads(request("GET", f"/submissions/{latest['id']}")))
    except ServiceError as exc:
        print(f"No feedback: {exc}", file=sys.stderr)
        return None
    print(f"Submission {reply['id']} of {assignment}, received {reply['received_at']}:")
    show(reply)
    return reply


def show(reply: dict[str, Any]) -> None:
    """Print a submission's feedback, or where its grading stands."""
    if reply.get("results"):
        print(render_feedback(reply["results"]))
    elif reply.get("status") == "error":
        print(f"Grading failed: {reply.get('error')}")
    elif reply.get("status") in ("queued", "grading"):
        print("Still grading; look again later with feedback().")


OUTCOME = {"passed": "passed", "failed": "FAILED", "error": "ERROR", "grader_error": "not graded"}


def render_feedback(results: dict[str, Any]) -> str:
    """The service's results.json as text: its summary (score, notes, question totals) with each
    question's checks under its line: outcome, check name, "(hidden)", the check's message."""
    by_question: dict[str, list[dict[str, Any]]] = {}
    for test in results.get("tests") or []:
        extra = test.get("extra_data") or {}
        qid = str(extra.get("question") or str(test.get("name", "")).split(":")[0])
        by_question.setdefault(qid, []).append(test)
    lines: list[str] = []
    for line in str(results.get("output", "")).splitlines():
        lines.append(line)
        qid = line.strip().split(":")[0] if line.startswith("  ") else ""
        for test in by_question.pop(qid, []):
            lines += check_lines(test)
    for rest in by_question.values():  # questions the summary does not list
        for test in rest:
            lines += check_lines(test)
    return "\n".join(lines)


def check_lines(test: dict[str, Any]) -> list[str]:
    extra = test.get("extra_data") or {}
    outcome = str(extra.get("outcome") or test.get("status") or "")
    name = extra.get("check") or test.get("name", "")
    hidden = extra.get("hidden", test.get("visibility") == "after_published")
    if "message" in extra:
        message = str(extra["message"] or "")
    else:  # the check's output, without its "Failed (hidden test, value)." first line
        message = "\n".join(str(test.get("output", "")).splitlines()[1:])
    head = f"    {OUTCOME.get(outcome, outcome):<10} {name}" + (" (hidden)" if hidden else "")
    return [head] + [f"        {m.rstrip()}" for m in message.splitlines() if m.strip()]


def status() -> list[dict[str, Any]] | None:
    """Your submissions with their status and score, then each assignment's due date and the
    attempts you have left where they are known; one line on stderr and None on failure."""
    try:
        rows: list[dict[str, Any]] = json.loads(request("GET", "/submissions"))
    except ServiceError as exc:
        print(f"No status: {exc}", file=sys.stderr)
        return None
    several = len({row.get("student") for row in rows}) > 1  # an instructor sees everyone's
    for row in rows:
        score = "" if row["score"] is None else f"{row['score']:g} / {row['max_score']:g}"
        who = f"{row.get('student', ''):<16} " if several else ""
        print(
            f"{row['id']:>5}  {who}{row['assignment']:<26} {row['received_at']}  "
            f"{row['status']:<8} {score}"
        )
    try:
        assignments: list[dict[str, Any]] = json.loads(request("GET", "/assignments"))
    except ServiceError:
        return rows  # the submissions are what was asked for; the deadlines are extra
    for line in filter(None, map(deadline_line, assignments)):
        print(line)
    return rows


def deadline_line(assignment: dict[str, Any]) -> str | None:
    """``<id>  due <when>  <n> of <max> attempts left``; None when neither is known."""
    parts = []
    if assignment.get("due"):
        parts.append(f"due {assignment['due']}")
    if assignment.get("attempts_left") is not None:
        parts.append(f"{assignment['attempts_left']} of {assignment['max_attempts']} attempts left")
    return f"       {assignment['id']:<26} " + "  ".join(parts) if parts else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m autograder.hub.client",
        description="Fetch and submit assignments on the course hub.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("fetch", help="download a released assignment")
    p.add_argument("assignment")
    p.add_argument("--dest", default=".")
    p = sub.add_parser("submit", help="submit a notebook and wait for its feedback")
    p.add_argument("notebook")
    p.add_argument("--assignment", help="default: the notebook's file name")
    sub.add_parser("status", help="list your submissions")
    p = sub.add_parser("feedback", help="print your latest submission's feedback again")
    p.add_argument("assignment")
    args = parser.parse_args(argv)
    actions = {
        "fetch": lambda: fetch(args.assignment, args.dest),
        "submit": lambda: submit(args.assignment, args.notebook),
        "status": status,
        "feedback": lambda: feedback(args.assignment),
    }
    return run_command(actions[args.command])


def run_command(action: Callable[[], object]) -> int:
    """Exit status of a command-line action: 1 with the service's reason on stderr when it
    failed (the students' commands report their own failure and return None), else 0."""
    try:
        return 0 if action() is not None else 1
    except ServiceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
