"""Feedback as the pages show it: one graded submission's questions and checks (the fields the
API already returns to its student: names, statuses and safe messages, never hidden inputs or
reference values), and a student's standing on an assignment under its grading policy."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment

from autograder.service.deps import Service
from autograder.service.status import UploadStatus
from autograder.service.store import UploadView

STYLE = Path(__file__).with_name("static") / "course.css"


def feedback_view(service: Service, view: UploadView) -> dict[str, Any] | None:
    """Questions with their checks and scores, or None while not graded."""
    if view.status != UploadStatus.GRADED:
        return None
    result = service.store.result(view)
    if result is None:
        return None
    return {
        "score": result.score,
        "max_score": result.max_score,
        "notes": list(result.notes),
        "questions": [
            {
                "id": q.id,
                "title": q.title,
                "points": q.points,
                "score": q.score,
                "checks": [
                    {
                        "name": c.name,
                        "status": str(c.status),
                        "hidden": c.hidden,
                        "message": c.message,
                    }
                    for c in q.checks
                ],
            }
            for q in result.questions
        ],
    }


def standalone_feedback(env: Environment, view: UploadView, feedback: dict[str, Any] | None) -> str:
    """A self-contained HTML document of the feedback (its stylesheet inline)."""
    return env.get_template("feedback_document.html").render(
        upload=view, feedback=feedback, style=STYLE.read_text()
    )


def student_info(service: Service, assignment_id: str, student: str) -> dict[str, Any]:
    """The student's due date (theirs, extensions included), the counting rule, attempts used
    and left, and whether the due date has passed."""
    book = service.coursebook
    policy = book.policy(assignment_id)
    due = policy.due_for(student)
    return {
        "due": due,
        "past_due": due is not None and datetime.now(UTC) > due,
        "counts": str(policy.counts).replace("_", " "),
        "max_attempts": policy.max_attempts,
        "attempts_used": book.attempts_used(assignment_id, student),
        "attempts_left": book.attempts_left(assignment_id, student, policy),
    }
