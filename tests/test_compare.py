"""compare(): assert_close semantics and torch.testing-style messages."""

import numpy as np
import pytest

from autograder.checks.compare import Tolerance, compare
from autograder.protocol.wire import NumpyScalar, TensorValue, Unsupported


def test_equal_arrays_within_tolerance_pass() -> None:
    e = np.array([1.0, 2.0, 3.0])
    assert compare(e + 1e-9, e, Tolerance(1e-7, 0.0)) is None


def test_mismatch_message_gives_count_greatest_differences_index_and_tolerance() -> None:
    e = np.array([[1.0, 2.0], [3.0, 4.0]])
    a = e.copy()
    a[1, 0] = 3.5
    a[0, 1] = 2.1
    msg = compare(a, e, Tolerance(1e-5, 1e-8), path="f()", reveal=True)
    assert msg is not None
    assert "f(): Values are not close!" in msg
    assert "Mismatched elements: 2 / 4 (50.0%)" in msg
    assert "Greatest absolute difference: 0.5 at index (1, 0) (up to 1e-08 allowed)" in msg
    assert "Greatest relative difference: 0.166667 at index (1, 0) (up to 1e-05 allowed)" in msg


def test_hidden_mismatches_say_how_far_off_only_in_coarse_bands() -> None:
    """A student who knows their own output must not be able to solve for the expected value:
    no absolute and relative difference (expected = abs / rel), only a band."""
    e = np.array([[1.0, 2.0], [3.0, 4.0]])
    a = e.copy()
    a[1, 0] = 3.5
    hidden = compare(a, e, Tolerance(1e-5, 1e-8), path="f()")
    assert hidden is not None
    assert hidden.splitlines() == [
        "f(): Values are not close!",
        "Mismatched elements: 1 / 4 (25.0%)",
        "Greatest difference at index (1, 0): off by 10 % to 100 % (a missing factor or term?) "
        "(allowed: rtol 1e-05, atol 1e-08).",
    ]
    for value, band in [
        (3.0 + 1e-4, "less than 0.1 %"),
        (3.03, "0.1 % to 10 %"),
        (-3.0, "more than 100 %"),
    ]:
        a[1, 0] = value
        message = compare(a, e, Tolerance(1e-7, 1e-8))
        assert message is not None and band in message
        assert "0.0333" not in message and "difference:" not in message


def test_hidden_messages_never_print_expected_values() -> None:
    e = np.array([0.123456789, 9.87654321])
    a = np.array([0.5, 9.87654321])
    hidden = compare(a, e, Tolerance(1e-7, 1e-7))
    assert hidden is not None and "0.123456789" not in hidden and "Expected" not in hidden
    public = compare(a, e, Tolerance(1e-7, 1e-7), reveal=True)
    assert public is not None and "Expected: [0.12345679" in public


def test_rtol_scales_with_the_expected_value() -> None:
    assert compare(np.array([1000.1]), np.array([1000.0]), Tolerance(1e-3, 0.0)) is None
    assert compare(np.array([0.1]), np.array([0.0]), Tolerance(1e-3, 0.0)) is not None


def test_tolerances_must_be_given_together() -> None:
    with pytest.raises(ValueError, match="together"):
        Tolerance(1e-3, None)


def test_dtype_default_tolerance_for_float32_is_looser_than_float64() -> None:
    e32 = TensorValue(np.array([1.0], np.float32), "float32", False, None, "cpu")
    a32 = TensorValue(np.array([1.000001], np.float32), "float32", False, None, "cpu")
    assert compare(a32, e32) is None
    assert compare(np.array([1.000001]), np.array([1.0])) is not None


def test_wrong_shape_is_reported_before_values() -> None:
    msg = compare(np.zeros((3, 1)), np.zeros((1, 3)), reveal=True)
    assert msg == "output: expected shape (1, 3), got shape (3, 1)."
    hidden = compare(np.zeros((3, 1)), np.zeros((1, 3)))
    assert hidden == "output: got shape (3, 1), which is not the expected shape."


def test_wrong_dtype_is_reported() -> None:
    msg = compare(np.zeros(3, np.float32), np.zeros(3))
    assert msg == "output: expected dtype float64, got dtype float32."


def test_nan_in_the_output_is_reported_with_its_index() -> None:
    msg = compare(np.array([1.0, np.nan, 2.0]), np.array([1.0, 1.0, 2.0]))
    assert msg == "output: contains NaN at index (1,) (1 of 3 elements)."


def test_equal_nan_requires_the_same_nan_pattern() -> None:
    tol = Tolerance(1e-9, 0.0, equal_nan=True)
    assert compare(np.array([np.nan, 1.0]), np.array([np.nan, 1.0]), tol) is None
    msg = compare(np.array([np.inf, 1.0]), np.array([np.nan, 1.0]), tol)
    assert msg is not None and "NaN pattern" in msg and "index (0,)" in msg


def test_type_mismatch_names_both_types() -> None:
    msg = compare([1.0, 2.0], np.array([1.0, 2.0]))
    assert msg == "output: expected numpy.ndarray (dtype float64, shape (2,)), got list."


def test_float_scalars_of_numpy_and_python_are_interchangeable() -> None:
    assert compare(NumpyScalar(np.float64(0.5), "float64"), 0.5) is None
    assert compare(np.array(0.5), 0.5) is None


def test_tuples_are_compared_elementwise_with_a_path() -> None:
    msg = compare((np.zeros(2), 1.0), (np.zeros(2), 2.0), Tolerance(1e-9, 1e-9), path="g()")
    assert msg is not None and msg.startswith("g()[1]: Values are not close!")


def test_unsupported_values_are_never_accepted() -> None:
    msg = compare(Unsupported("evil.AlwaysEqual", "this type cannot be graded"), 1.0)
    assert msg is not None and "evil.AlwaysEqual" in msg and "cannot be graded" in msg


def test_integer_arrays_must_match_exactly() -> None:
    msg = compare(np.array([1, 0, 1]), np.array([1, 1, 1]))
    assert msg is not None and "Values are not equal!" in msg and "1 / 3" in msg
