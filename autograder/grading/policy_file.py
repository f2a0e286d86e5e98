"""Policy files: ``policy.toml`` (or a dict, such as a web form's) to a validated
:class:`~autograder.grading.policies.Policy`, and back. A file looks like::

    due = 2025-03-01T23:59:00+01:00    # or "2025-03-01 23:59" with timezone = "Europe/Berlin"
    counts = "best"                    # latest (default) | best | last_before_deadline
    max_attempts = 5                   # graded attempts per student in all (default: unlimited)

    [late]
    penalty = "linear"                 # none (default) | zero | linear | function
    percent = 10                       # linear: percent of the points per hour or day late
    per = "day"                        # linear: hour | day (default)
    cap = 50                           # linear: at most this percent in all (default 100)
    whole_units = true                 # linear: a started day counts in full (default)
    # function = "mycourse.late:half_off"   (penalty = "function": module:callable)

    [extensions]
    alice = 2025-03-03T23:59:00+01:00  # her own due date
    bob = "2d 12h"                     # extra time: d, h and m

Every error is one line naming the source and the field, e.g.
``policy.toml: late.percent: expected a number >= 0, got 'ten'``.
"""

from __future__ import annotations

import contextlib
import importlib
import re
import tomllib
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from autograder.grading.penalties import (
    FunctionPenalty,
    LinearPenalty,
    NoPenalty,
    PenaltyFunction,
    PolicyError,
    ZeroPenalty,
)
from autograder.grading.policies import Extension, Policy

FIELDS = ("due", "timezone", "counts", "max_attempts", "late", "extensions")
LATE_FIELDS = {
    "none": ("penalty",),
    "zero": ("penalty",),
    "linear": ("penalty", "percent", "per", "cap", "whole_units"),
    "function": ("penalty", "function"),
}
LATE_ALL = ("penalty", "percent", "per", "cap", "whole_units", "function")
_DURATION = re.compile(r"\s*(?:\d+(?:\.\d+)?\s*[dhm]\s*)+")
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([dhm])")
_UNIT = {"d": timedelta(days=1), "h": timedelta(hours=1), "m": timedelta(minutes=1)}
_EXAMPLE = "2025-03-01T23:59:00+01:00"
Fail = Callable[[str, str], NoReturn]


def load_policy(path: str | Path) -> Policy:
    """The policy in a TOML file; :class:`PolicyError` with one line when it cannot be used."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PolicyError(f"{path}: no such policy file") from None
    except OSError as exc:
        raise PolicyError(f"{path}: cannot read it ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise PolicyError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{path}: not valid TOML ({exc})") from None
    return policy_from_dict(data, source=str(path))


def policy_from_dict(data: Mapping[str, Any], *, source: str = "policy") -> Policy:
    """A validated policy from a dict shaped like the file (strings are fine for dates)."""

    def fail(name: str, reason: str) -> NoReturn:
        raise PolicyError(f"{source}: {name}: {reason}")

    if not isinstance(data, Mapping):
        raise PolicyError(f"{source}: expected a table of fields, got {type(data).__name__}")
    _known(data, FIELDS, "", fail)
    zone = _zone(data["timezone"], fail) if "timezone" in data else None
    due = _datetime(data["due"], "due", zone, fail) if "due" in data else None
    late = _table(data.get("late", {}), "late", fail)
    extensions = _table(data.get("extensions", {}), "extensions", fail)
    counts = data.get("counts", "latest")
    try:
        return Policy(
            due=due,
            extensions={
                str(k): _extension(v, f"extensions.{k}", zone, fail) for k, v in extensions.items()
            },
            penalty=_penalty(late, fail),
            counts=counts,
            max_attempts=data.get("max_attempts"),
        )
    except PolicyError as exc:
        if str(exc).startswith(f"{source}: "):
            raise
        raise PolicyError(f"{source}: {exc}") from None


def policy_to_dict(policy: Policy) -> dict[str, Any]:
    """The policy as ``policy_from_dict`` reads it (dates as ISO 8601 strings with offsets)."""
    data: dict[str, Any] = {"counts": policy.counts.value}
    if policy.due is not None:
        data["due"] = policy.due.isoformat()
    penalty = policy.penalty
    if isinstance(penalty, NoPenalty):
        late: dict[str, Any] = {"penalty": "none"}
    elif isinstance(penalty, ZeroPenalty):
        late = {"penalty": "zero"}
    elif isinstance(penalty, LinearPenalty):
        late = {"penalty": "linear", "percent": penalty.percent, "per": penalty.per}
        late |= {"cap": penalty.cap, "whole_units": penalty.whole_units}
    elif isinstance(penalty, FunctionPenalty):
        late = {"penalty": "function", "function": penalty.name}
    else:
        raise PolicyError("late: a penalty given as a Python callable has no name to write")
    data["late"] = late
    if policy.max_attempts is not None:
        data["max_attempts"] = policy.max_attempts
    if policy.extensions:
        data["extensions"] = {s: _extension_text(e) for s, e in policy.extensions.items()}
    return data


def parse_duration(text: str) -> timedelta | None:
    """``"2d"``, ``"36h"``, ``"1d 12h"``, ``"90m"``, ``"1.5d"``; None if ``text`` is not one."""
    if not _DURATION.fullmatch(text):
        return None
    return sum((float(n) * _UNIT[u] for n, u in _PART.findall(text)), timedelta(0))


def format_duration(value: timedelta) -> str:
    """The inverse of :func:`parse_duration`, to the minute."""
    minutes = round(value.total_seconds() / 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [f"{n}{u}" for n, u in ((days, "d"), (hours, "h"), (mins, "m")) if n]
    return " ".join(parts) or "0m"


def _known(table: Mapping[str, Any], allowed: tuple[str, ...], prefix: str, fail: Fail) -> None:
    for key in table:
        if key not in allowed:
            fail(f"{prefix}{key}", f"unknown field (expected one of: {', '.join(allowed)})")


def _table(value: Any, name: str, fail: Fail) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        fail(name, f"expected a table, got {value!r}")
    return value


def _zone(value: Any, fail: Fail) -> ZoneInfo:
    try:
        return ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        fail("timezone", f"unknown time zone {value!r} (expected a name such as 'Europe/Berlin')")


def _datetime(value: Any, name: str, zone: ZoneInfo | None, fail: Fail) -> datetime:
    if isinstance(value, str):
        if _DATE_ONLY.fullmatch(value.strip()):
            fail(name, f"expected a date and time such as {_EXAMPLE}, got a date without a time")
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            fail(name, f"expected a date and time such as {_EXAMPLE}, got {value!r}")
    if not isinstance(value, datetime):
        what = "a date without a time" if isinstance(value, date) else repr(value)
        fail(name, f"expected a date and time such as {_EXAMPLE}, got {what}")
    moment: datetime = value
    if moment.tzinfo is None:
        if zone is None:
            fail(name, f"no UTC offset: write it as {_EXAMPLE}, or set timezone")
        moment = moment.replace(tzinfo=zone)
    return moment


def _extension(value: Any, name: str, zone: ZoneInfo | None, fail: Fail) -> Extension:
    if isinstance(value, timedelta):
        return value
    if isinstance(value, str):
        duration = parse_duration(value)
        if duration is not None:
            return duration
        with contextlib.suppress(ValueError):
            value = datetime.fromisoformat(value.strip())
    if not isinstance(value, datetime):
        fail(
            name,
            f"expected a due date such as {_EXAMPLE} or extra time such as '2d', got {value!r}",
        )
    return _datetime(value, name, zone, fail)


def _penalty(late: Mapping[str, Any], fail: Fail) -> PenaltyFunction:
    kind = late.get("penalty", "none")
    if kind not in LATE_FIELDS:
        fail("late.penalty", f"expected one of {', '.join(LATE_FIELDS)}, got {kind!r}")
    for key in late:
        if key not in LATE_FIELDS[kind]:
            used = [k for k, fields in LATE_FIELDS.items() if key in fields]
            where = f"only used with penalty = {' or '.join(used)}, not {kind}"
            if not used:
                where = f"unknown field (expected one of: {', '.join(LATE_ALL)})"
            fail(f"late.{key}", where)
    if kind == "zero":
        return ZeroPenalty()
    if kind == "linear":
        if "percent" not in late:
            fail("late.percent", "required with penalty = linear")
        whole = late.get("whole_units", True)
        if not isinstance(whole, bool):
            fail("late.whole_units", f"expected true or false, got {whole!r}")
        return LinearPenalty(late["percent"], late.get("per", "day"), late.get("cap", 100), whole)
    if kind == "function":
        return _plugin(late.get("function"), fail)
    return NoPenalty()


def _plugin(spec: Any, fail: Fail) -> PenaltyFunction:
    """``module:function``, imported now so that a typo fails when the policy is loaded."""
    if callable(spec):
        return FunctionPenalty(spec, getattr(spec, "__qualname__", repr(spec)))
    if not isinstance(spec, str) or spec.count(":") != 1:
        fail("late.function", f"expected 'module:function', got {spec!r}")
    module_name, attribute = spec.split(":")
    try:
        found = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as exc:
        fail("late.function", f"cannot import {spec!r} ({type(exc).__name__}: {exc})")
    if not callable(found):
        fail("late.function", f"{spec!r} is not callable")
    return FunctionPenalty(found, spec)


def _extension_text(value: Extension) -> str:
    return value.isoformat() if isinstance(value, datetime) else format_duration(value)
