"""Renderings of result records for their readers: Gradescope's ``results.json`` (the contract
with the hub, the service's API and LMS exports) and the short text a student reads.

The Gradescope schema: ``score``, ``max_score``, ``execution_time``, ``output``, ``tests[]`` with
``name``, ``score``, ``max_score``, ``status``, ``output``, ``visibility`` and our ``extra_data``.
The terminal's tables are in :mod:`autograder.grading.report`.
"""

from __future__ import annotations

from typing import Any

from autograder.grading.results import CheckResult, QuestionResult, SubmissionResult

STATUS_LABEL = {
    "passed": "Passed",
    "failed": "Failed",
    "error": "Error",
    "grader_error": "Not graded yet",
}


def all_public_passed(hidden_follow: bool) -> str:
    """The one wording of "every public check passed", for the notebook, the CLI and feedback."""
    return "All public checks passed. " + (
        "Hidden checks run on other inputs when you submit."
        if hidden_follow
        else "Hidden checks are listed above."
    )


def shares(points: float, weights: list[float]) -> list[float]:
    """Each check's share of its question's points, rounded to 4 decimals so that the shares
    sum to ``points`` exactly (the rounding remainder goes to the largest share)."""
    total = sum(weights) or 1.0
    out = [round(points * w / total, 4) for w in weights]
    if out:
        biggest = max(range(len(out)), key=lambda i: out[i])
        out[biggest] = round(points - sum(out[:biggest]) - sum(out[biggest + 1 :]), 4)
    return out


def gradescope(result: SubmissionResult) -> dict[str, Any]:
    """Gradescope-schema dict: one test per check, scored as its share of the question."""
    tests = []
    for q in result.questions:
        for c, share in zip(q.checks, shares(q.points, [c.weight for c in q.checks]), strict=True):
            tests.append(
                {
                    "name": f"{q.id}: {c.name}",
                    "score": share if c.status == "passed" else 0.0,
                    "max_score": share,
                    "status": "passed" if c.status == "passed" else "failed",
                    "output": check_output(c),
                    "visibility": "after_published" if c.hidden else "visible",
                    "extra_data": {
                        "question": q.id,
                        "check": c.name,
                        "kind": c.kind,
                        "outcome": c.status,
                        "hidden": c.hidden,
                        "weight": c.weight,
                        "message": c.message,
                    },
                }
            )
    return {
        "score": result.score,
        "max_score": result.max_score,
        "execution_time": round(result.execution_time, 3),
        "output": student_summary(result),
        "tests": tests,
        "extra_data": {
            "assignment": result.assignment,
            "student": result.student,
            "sha256": result.sha256,
            "notes": list(result.notes),
            "questions": [
                {"id": q.id, "title": q.title, "points": q.points, "score": q.score}
                for q in result.questions
            ],
            "limits_hit": dict(result.limits_hit),
        },
    }


def from_gradescope(data: dict[str, Any]) -> SubmissionResult:
    """The record back from its ``gradescope`` rendering (gradebooks written before records
    were stored as columns)."""
    extra = data["extra_data"]
    checks: dict[str, list[CheckResult]] = {q["id"]: [] for q in extra["questions"]}
    for t in data["tests"]:
        e = t["extra_data"]
        checks[e["question"]].append(
            CheckResult(
                e["question"],
                e["check"],
                e["kind"],
                e["outcome"],
                e["weight"],
                e["hidden"],
                e["message"],
            )
        )
    questions = tuple(
        QuestionResult(q["id"], q["title"], q["points"], tuple(checks[q["id"]]))
        for q in extra["questions"]
    )
    return SubmissionResult(
        extra["assignment"],
        extra["student"],
        questions,
        tuple(extra["notes"]),
        data["execution_time"],
        extra["sha256"],
        dict(extra.get("limits_hit", {})),
    )


def check_output(c: CheckResult) -> str:
    scope = "hidden test" if c.hidden else "public test"
    return f"{STATUS_LABEL[c.status]} ({scope}, {c.kind})." + (
        f"\n{c.message}" if c.message else ""
    )


def student_summary(result: SubmissionResult) -> str:
    """Short feedback text for the student: notes about the file, then per-question scores."""
    lines = [f"{result.assignment}: {result.score:g} / {result.max_score:g} points"]
    if result.grader_errors:
        lines.append(
            f"Provisional: {result.grader_errors} check(s) could not be graded because of "
            f"a fault in the grader, not in your code; your instructor has been told and "
            f"will regrade them."
        )
    lines += [f"Note: {n}" for n in result.notes]
    for q in result.questions:
        failed = [c for c in q.checks if c.status != "passed"]
        mark = "ok" if not failed else f"{len(failed)} of {len(q.checks)} checks not passed"
        lines.append(f"  {q.id}: {q.score:g} / {q.points:g} ({mark})")
    public_failed = any(
        c.status != "passed" and not c.hidden for q in result.questions for c in q.checks
    )
    if not public_failed:
        lines.append(all_public_passed(hidden_follow=False))
    return "\n".join(lines)
