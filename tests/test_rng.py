"""Whether a call moved the global random generators: exact on the fast path (NumPy's state read
from its bit generator) and on the full comparison it falls back to."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from autograder.protocol import rng
from autograder.protocol.calls import Call, CallOutcome
from autograder.protocol.perform import perform
from autograder.protocol.wire import NestedCall

SOURCE = """
import random
import numpy as np
import torch

def quiet(x):
    return x + 1

def one_normal(x):
    return x + np.random.randn()

def one_uniform(x):
    return x + random.random()

def one_torch(x):
    return x + float(torch.rand(1))

def three_normals():
    return float(np.random.randn() + np.random.randn() + np.random.randn())
"""


def touched(call: Call) -> tuple[str, ...]:
    namespace: dict[str, Any] = {}
    exec(SOURCE, namespace)
    outcome = CallOutcome.from_record(perform(call.to_wire(0), namespace))
    assert outcome.ok, outcome.error
    return outcome.rng_touched


@pytest.mark.parametrize(
    ("fn", "moved"),
    [
        ("quiet", ()),
        ("one_normal", ("numpy",)),
        ("one_uniform", ("random",)),
        ("one_torch", ("torch",)),
    ],
)
def test_each_generator_a_call_draws_from_is_named_and_no_other(fn: str, moved: tuple[str]) -> None:
    assert touched(Call(fn, (1.0,))) == moved


def test_a_normal_taken_from_the_cache_a_nested_call_left_is_still_a_draw() -> None:
    """Three normals in the arguments leave NumPy's Gaussian cache full; the outer call's one
    normal then comes from that cache without advancing the Mersenne Twister. The fast
    fingerprint would miss it, so this call compares NumPy's whole state."""
    assert touched(Call("quiet", (NestedCall("three_normals"),))) == ()
    assert touched(Call("one_normal", (NestedCall("three_normals"),))) == ("numpy",)


def test_the_fingerprint_is_numpys_state_as_get_state_reports_it() -> None:
    np.random.seed(7)
    np.random.rand(700)  # past one regeneration of the 624 words
    state: Any = np.random.get_state()
    _, key, pos, *_ = state
    fingerprint = rng.numpy_fingerprint()
    assert fingerprint is not None
    assert fingerprint[:-4] == key.astype(np.uint32).tobytes()
    assert int.from_bytes(fingerprint[-4:], "little", signed=True) == pos
