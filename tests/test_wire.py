"""The wire format: plain data only, exact types only, nothing evaluated or unpickled."""

import json
from typing import Any

import numpy as np
import pytest
import sympy as sp
import torch

from autograder.exceptions import WireError
from autograder.protocol import wire


def roundtrip(value: object) -> Any:
    return wire.decode(json.loads(json.dumps(wire.encode(value))))


def test_arrays_scalars_and_containers_round_trip_exactly() -> None:
    value = (np.arange(6.0).reshape(2, 3), 1.5, 3, True, None, "s", [1, 2], {"a": 1.0})
    back = roundtrip(value)
    assert np.array_equal(back[0], value[0]) and back[0].dtype == np.float64
    assert back[1:] == value[1:]


def test_tensors_carry_dtype_autograd_state_and_device() -> None:
    t = torch.ones(2, dtype=torch.float32, requires_grad=True) * 2
    back = roundtrip(t)
    assert isinstance(back, wire.TensorValue)
    assert back.dtype == "float32" and back.requires_grad and back.grad_fn == "MulBackward0"
    assert back.device == "cpu" and np.array_equal(back.array, [2.0, 2.0])


def test_numpy_subclasses_and_custom_objects_become_unsupported() -> None:
    class Sneaky(np.ndarray):
        pass

    class AlwaysEqual:
        def __eq__(self, other: object) -> bool:
            return True

    assert isinstance(roundtrip(np.zeros(2).view(Sneaky)), wire.Unsupported)
    back = roundtrip(AlwaysEqual())
    assert isinstance(back, wire.Unsupported) and "AlwaysEqual" in back.type_name


def test_float_subclass_is_not_a_float() -> None:
    class F(float):
        def __eq__(self, other: object) -> bool:
            return True

    assert isinstance(roundtrip(F(1.0)), wire.Unsupported)


def test_object_arrays_are_refused_on_both_sides() -> None:
    assert isinstance(roundtrip(np.array([object()])), wire.Unsupported)
    import base64
    import io
    import pickle

    buf = io.BytesIO()
    np.save(buf, np.array([{"x": 1}], dtype=object), allow_pickle=True)
    payload = {"$": "ndarray", "npy": base64.b64encode(buf.getvalue()).decode()}
    with pytest.raises(WireError):
        wire.decode(payload)
    assert pickle  # the payload above is a pickle inside .npy, and it was refused


def test_sympy_expressions_round_trip_through_a_whitelist() -> None:
    x = sp.Symbol("x", positive=True)
    expr = sp.exp(3 * x + 1) + sp.Rational(1, 3) * sp.sin(x) ** 2
    assert sp.simplify(roundtrip(expr) - expr) == 0
    assert roundtrip(sp.Matrix([[1, x], [x, 2]])).shape == (2, 2)


def test_sympy_tree_with_a_forbidden_class_is_rejected() -> None:
    with pytest.raises(WireError, match="not allowed"):
        wire.decode({"$": "sympy", "tree": ["Function", [["Symbol", "x", {}]]]})


def test_argument_tags_are_refused_on_the_trusted_side() -> None:
    with pytest.raises(WireError, match="unknown tag"):
        wire.decode({"$": "callable", "name": "os.system"})


def test_malformed_nodes_raise_wire_errors() -> None:
    for bad in ({"$": "float", "v": 3}, {"no": "tag"}, {"$": "ndarray", "npy": "!!"}):
        with pytest.raises(WireError):
            wire.decode(bad)


def test_meta_and_sparse_tensors_are_unsupported() -> None:
    assert isinstance(roundtrip(torch.empty(3, device="meta")), wire.Unsupported)
    assert isinstance(roundtrip(torch.eye(3).to_sparse()), wire.Unsupported)


def test_zero_dimensional_arrays_and_numpy_scalars_keep_their_shape() -> None:
    assert roundtrip(np.array(2.5)).shape == ()
    back = roundtrip(np.float64(2.5))
    assert isinstance(back, wire.NumpyScalar) and back.value == 2.5


ARRAYS = [
    np.arange(12.0).reshape(3, 4),
    np.asfortranarray(np.arange(12.0).reshape(3, 4)),
    np.arange(10.0)[::3],
    np.array(2.5),
    np.zeros((0, 3), dtype=np.float32),
    np.array([True, False]),
    np.arange(6, dtype=">i4").reshape(2, 3),
    np.array([1 + 2j, 3j], dtype=np.complex64),
    np.ones((1, 1, 2), dtype=np.uint8),
]


@pytest.mark.parametrize("array", ARRAYS, ids=lambda a: f"{a.dtype.str}{a.shape}")
def test_arrays_are_npy_files_that_np_load_reads_and_we_read_back_alike(array: Any) -> None:
    """Our own .npy writer and header parser (np.save and np.load's header parsing took 8 and 39
    us an array) keep dtype, shape and values, give writable arrays, and read np.save's own
    bytes (Fortran order included) the same way."""
    import base64
    import io

    ours = wire._npy(array)
    raw = base64.b64decode(ours)
    assert (len(raw) - len(array.tobytes())) % 64 == 0  # the data is 64-byte aligned
    for back in (wire.load_npy(ours), np.load(io.BytesIO(raw))):
        assert back.dtype == array.dtype and back.shape == array.shape
        assert np.array_equal(back, array) and back.flags.writeable
    buf = io.BytesIO()
    np.save(buf, array)
    theirs = wire.load_npy(base64.b64encode(buf.getvalue()).decode())
    assert theirs.dtype == array.dtype and np.array_equal(theirs, array)


def test_an_npy_whose_data_does_not_match_its_header_is_refused() -> None:
    import base64

    raw = base64.b64decode(wire._npy(np.arange(4.0)))
    for bad in (raw[:-8], raw + b"\0" * 8):
        with pytest.raises(WireError, match="malformed array"):
            wire.load_npy(base64.b64encode(bad).decode())
    huge = raw.replace(b"(4,)", b"(999999999999,)").replace(b"    \n", b"\n", 1)
    with pytest.raises(WireError, match="malformed array"):
        wire.load_npy(base64.b64encode(huge).decode())
