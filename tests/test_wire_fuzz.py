"""The trusted decoder is total: whatever comes back from the sandbox, a malformed record is a
``WireError`` (one check not graded), never a ``KeyError`` or ``TypeError`` that would fail the
whole submission. Records are real ones, mutated at random (seeded, so failures reproduce)."""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from typing import Any, NoReturn

import numpy as np
import sympy as sp
import torch
from numpy.typing import NDArray

from autograder.exceptions import WireError
from autograder.protocol.calls import Call, CallOutcome
from autograder.protocol.perform import perform
from autograder.protocol.wire import TensorArg

JUNK: list[Any] = [
    None,
    0,
    -1,
    1.5,
    "",
    "x",
    "AAAA",
    [],
    {},
    [1],
    {"$": "ndarray"},
    {"$": "nope"},
    {"$": "tuple"},
    True,
    10**30,
    "k05VTVBZ",
    [[1, 2, 3]],
]


def _records() -> list[dict[str, Any]]:
    def many(x: NDArray[np.float64]) -> tuple[Any, ...]:
        return (
            x * 2.0,
            torch.tensor([1.0, 2.0], requires_grad=True) * 3,
            {"a": [1, 2.5, "s", None, True], 3: (1, 2)},
            sp.sin(sp.Symbol("x")) + 1,
            3 + 2j,
            np.float32(1.5),
            sp.Matrix([[1, sp.Symbol("y")]]),
        )

    def boom(x: object) -> NoReturn:
        raise ValueError("boom")

    ns = {"many": many, "boom": boom, "sq": lambda t: (t * t).sum()}
    leaf = TensorArg(np.ones(3), True, "t")
    calls = [
        Call("many", (np.arange(6.0).reshape(2, 3),), keep_args=True),
        Call("boom", (1,)),
        Call("sq", (leaf,), mode="vjp"),
        Call("sq", (leaf,), mode="jacobian"),
    ]
    return [json.loads(json.dumps(perform(c.to_wire(0), ns))) for c in calls]


def _paths(obj: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _paths(v, (*prefix, i))


def _mutate(record: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    record = copy.deepcopy(record)
    for _ in range(rng.randint(1, 3)):
        path = rng.choice(list(_paths(record))[1:])
        parent = record
        for key in path[:-1]:
            parent = parent[key]
        here = parent[path[-1]]
        roll = rng.random()
        if roll < 0.4:
            parent[path[-1]] = copy.deepcopy(rng.choice(JUNK))
        elif roll < 0.6 and isinstance(parent, dict):
            del parent[path[-1]]
        elif roll < 0.85 and isinstance(here, str):
            parent[path[-1]] = here[: rng.randrange(len(here) + 1)] + rng.choice(
                ["", "=", "!", "A"]
            )
        else:
            parent[path[-1]] = copy.deepcopy(record)  # a self-similar, deeper structure
    return record


def test_every_malformed_record_is_a_wire_error() -> None:
    rng = random.Random(2026)
    records = _records()
    assert all(CallOutcome.from_record(r) for r in records)  # the originals decode
    outcomes = {"decoded": 0, "wire_error": 0}
    for _ in range(5000):
        mutated = _mutate(rng.choice(records), rng)
        try:
            CallOutcome.from_record(mutated)
            outcomes["decoded"] += 1
        except WireError:
            outcomes["wire_error"] += 1
    # both happen: harmless mutations decode, damaging ones are refused (as WireError only)
    assert outcomes["wire_error"] > 1000 and outcomes["decoded"] > 100, outcomes


def test_non_json_shapes_are_wire_errors() -> None:
    junk: object
    for junk in (
        None,
        [],
        "ok",
        3,
        {"ok": "yes"},
        {"ok": True, "grads": 5},
        {"ok": False, "error": {"type": 3}},
        {"ok": True, "value": {"$": "ndarray"}},
    ):
        try:
            CallOutcome.from_record(junk)
        except WireError:
            continue
        raise AssertionError(f"{junk!r} decoded")
