"""Test functions that the public checks pass to your code (``course.<name>``).
"""


def square_d1(x: float) -> float:
    return 2.0 * x
