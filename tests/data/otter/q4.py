"""Exception-based otter test file for q4; replaces the OK-format one ``otter assign`` writes."""

from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3


@test_case(points=1)
def test_windows(moving_average, np):
    assert np.allclose(moving_average([1.0, 2.0, 3.0, 4.0], 2), [1.5, 2.5, 3.5])


@test_case(points=2, hidden=True)
def test_lengths(moving_average, np):
    x = np.arange(10.0)
    for k in (1, 3, 10):
        assert len(moving_average(x, k)) == len(x) - k + 1, f"wrong length for k={k}"
    assert np.allclose(moving_average(x, 3), np.arange(1.0, 9.0))
