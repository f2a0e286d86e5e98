"""The dashboard's policy form to the policy dict that ``policy_file.policy_from_dict`` reads
(which validates it; its one-line errors go back to the instructor as they are)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from autograder.grading.penalties import PolicyError


def _text(form: Mapping[str, Any], name: str) -> str:
    return str(form.get(name) or "").strip()


def _number(form: Mapping[str, Any], name: str, label: str) -> float | None:
    text = _text(form, name)
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise PolicyError(f"{label}: expected a number, got {text!r}") from None


def policy_from_form(form: Mapping[str, Any]) -> dict[str, Any]:
    """Fields: due (``YYYY-MM-DDTHH:MM`` from a datetime-local input), timezone, counts,
    max_attempts, penalty (none | zero | linear) with percent, per and cap, and extensions as
    lines of ``student = 2d 12h`` or ``student = 2026-12-20T23:59``."""
    data: dict[str, Any] = {"counts": _text(form, "counts") or "latest"}
    due = _text(form, "due")
    if due:
        data["due"] = due
        data["timezone"] = _text(form, "timezone") or "UTC"
    attempts = _number(form, "max_attempts", "max attempts")
    if attempts is not None:
        if attempts != int(attempts):
            raise PolicyError(f"max attempts: expected a whole number, got {attempts:g}")
        data["max_attempts"] = int(attempts)
    penalty = _text(form, "penalty") or "none"
    late: dict[str, Any] = {"penalty": penalty}
    if penalty == "linear":
        for name in ("percent", "cap"):
            value = _number(form, name, f"late {name}")
            if value is not None:
                late[name] = value
        late["per"] = _text(form, "per") or "day"
    data["late"] = late
    extensions: dict[str, str] = {}
    for number, line in enumerate(_text(form, "extensions").splitlines(), start=1):
        if not line.strip():
            continue
        student, sep, extra = line.partition("=")
        if not sep or not student.strip() or not extra.strip():
            raise PolicyError(
                f"extensions, line {number}: expected 'student = 2d' or "
                f"'student = 2026-12-20T23:59', got {line.strip()!r}"
            )
        extensions[student.strip()] = extra.strip()
    if extensions:
        data["extensions"] = extensions
    return data
