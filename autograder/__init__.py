"""autograder: trusted, gradient-aware grading of machine-learning notebooks.

The library grades a student's notebook against a reference implementation. Student code runs in a
separate process (:mod:`autograder.driver`); outputs come back as plain data
(:mod:`autograder.wire`) and are compared in the trusted process (:mod:`autograder.checks`).
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
