"""The wire vocabulary between the trusted grader and the sandboxed side, in one place: the job
payload the driver reads, the requests a warm worker reads, and the messages both stream back
(one JSON object per line on the protocol descriptor). Plain data only: both sides import this.
"""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypedDict, cast, get_args

# ------------------------------------------------------------------------------ the job payload


class CallSpec(TypedDict):
    """One call the sandbox performs (``Call.to_wire``): function, encoded arguments, mode."""

    id: int
    fn: str
    args: Any
    kwargs: Any
    mode: str
    keep_args: bool
    seed: int


class QuestionSpec(TypedDict):
    """One question of a job: its id and the calls whose records grade it."""

    id: str
    calls: list[CallSpec]


class CellSpec(TypedDict):
    """One notebook cell to execute, by its display name."""

    name: str
    source: str


class JobPayload(TypedDict):
    """What the driver reads on stdin (and a warm worker inside a ``JobRequest``)."""

    cells: list[CellSpec]
    questions: list[QuestionSpec]
    device: NotRequired[str]
    functions: NotRequired[str]
    # a foreign-format job (nbgrader, otter): the sandboxed runner that replaces the cells-then-
    # calls flow (a name in ``autograder.sandboxed.driver.RUNNERS``) and its plain-data input
    runner: NotRequired[str]
    runner_input: NotRequired[dict[str, Any]]


class JobRequest(TypedDict):
    """A warm worker's request line: run ``job`` under ``limits`` in a fresh child."""

    id: int
    job: JobPayload
    limits: dict[str, Any]


class KillRequest(TypedDict):
    """A warm worker's request line: kill the child running job ``kill``."""

    kill: int


# ------------------------------------------------------------------------------ the messages

MessageKind = Literal[
    "ready",  # a warm worker finished its imports
    "cells_start",
    "cell",  # a cell is about to run
    "cells_done",
    "question_start",
    "result",  # one call's record
    "question_done",
    "done",  # the job finished normally
    "exit",  # a warm worker's child ended (normally or not), with its output tails
    "garbage",  # a line that was not JSON: the protocol stream is corrupted
]
KINDS: frozenset[str] = frozenset(get_args(MessageKind))


class Ready(TypedDict):
    type: Literal["ready"]


class CellsStart(TypedDict):
    type: Literal["cells_start"]
    job: NotRequired[int]


class CellStart(TypedDict):
    type: Literal["cell"]
    name: str
    job: NotRequired[int]


class CellsDone(TypedDict):
    type: Literal["cells_done"]
    errors: list[dict[str, Any]]
    job: NotRequired[int]


class QuestionStart(TypedDict):
    type: Literal["question_start"]
    question: str
    job: NotRequired[int]


class CallResult(TypedDict):
    type: Literal["result"]
    question: str
    call: int
    record: dict[str, Any]
    job: NotRequired[int]


class QuestionDone(TypedDict):
    type: Literal["question_done"]
    question: str
    job: NotRequired[int]


class Done(TypedDict):
    type: Literal["done"]
    job: NotRequired[int]


class ChildExit(TypedDict):
    type: Literal["exit"]
    job: int
    returncode: int
    killed: bool
    stdout: str
    stderr: str


class Garbage(TypedDict):
    type: Literal["garbage"]


Message = (
    Ready
    | CellsStart
    | CellStart
    | CellsDone
    | QuestionStart
    | CallResult
    | QuestionDone
    | Done
    | ChildExit
    | Garbage
)
"""Every message either side writes; the trusted side still checks each field it reads, since
the stream passes through code the student controls."""

GARBAGE: Garbage = {"type": "garbage"}


def kind_of(message: object) -> MessageKind | None:
    """The message's kind when it is a known one, else ``None`` (a corrupted stream). Typed as
    the Literal, so a kind misspelt where it is compared is a type error, not a silent miss."""
    if isinstance(message, dict):
        kind = message.get("type")
        if isinstance(kind, str) and kind in KINDS:
            return cast(MessageKind, kind)
    return None
