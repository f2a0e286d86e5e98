"""Whether a call moved the global random generators (Python's, NumPy's legacy one, torch's
CPU one), for the checks that a function depends on its seed alone and leaves them alone.

Two snapshots a call. NumPy's ``get_state()`` copies its 624-word state into a new tuple (33 us,
two thirds of the protocol's cost of a small call), so when nothing has drawn since the call's
seeding, NumPy's generator is fingerprinted by reading those words straight from its bit
generator (1 us). That is exact then: with the Gaussian cache empty, as seeding leaves it, any
draw advances the Mersenne Twister."""

from __future__ import annotations

import ctypes
import random
import struct
import sys
from typing import Any

import numpy as np

_MT_WORDS = 624


def numpy_fingerprint() -> bytes | None:
    """The key and position of NumPy's global MT19937, read from its C struct; None when this
    NumPy lays the state out otherwise than ``get_state()`` reports it."""
    try:
        bitgen = np.random.mtrand._rand._bit_generator
        if _checked[0] is not bitgen:
            _checked[:] = [bitgen, _state_address(bitgen)]
        address = _checked[1]
        return None if address is None else ctypes.string_at(address, _MT_WORDS * 4 + 4)
    except (AttributeError, KeyError, TypeError, ValueError):
        return None


# the global bit generator whose layout was checked (kept, so that a new one is told apart),
# and its state's address, None when the layout is not the expected one
_checked: list[Any] = [None, None]


def _state_address(bitgen: Any) -> int | None:
    address = int(bitgen.ctypes.state_address)
    state = bitgen.state["state"]
    expected = np.asarray(state["key"], dtype=np.uint32).tobytes() + struct.pack("i", state["pos"])
    return address if ctypes.string_at(address, len(expected)) == expected else None


def snapshot(numpy_fresh: bool) -> dict[str, Any]:
    """The generators' states; NumPy's as a fingerprint when ``numpy_fresh`` (nothing drew
    from it since it was seeded) and the fingerprint is available."""
    torch = sys.modules.get("torch")
    fingerprint = numpy_fingerprint() if numpy_fresh else None
    return {
        "random": random.getstate(),
        "numpy": fingerprint if fingerprint is not None else np.random.get_state(),
        "torch": torch.random.get_rng_state() if torch is not None else None,
    }


def touched(before: dict[str, Any]) -> list[str]:
    """Names of the global generators (``random``, ``numpy``, ``torch``) whose state moved."""
    moved = []
    if random.getstate() != before["random"]:
        moved.append("random")
    if type(before["numpy"]) is bytes:
        if numpy_fingerprint() != before["numpy"]:
            moved.append("numpy")
    else:
        b, a = before["numpy"], tuple(np.random.get_state())
        if b[0] != a[0] or not np.array_equal(b[1], a[1]) or b[2:] != a[2:]:
            moved.append("numpy")
    if before["torch"] is not None:
        torch = sys.modules["torch"]
        after = torch.random.get_rng_state()
        if not torch.equal(before["torch"], after):
            moved.append("torch")
    return moved
