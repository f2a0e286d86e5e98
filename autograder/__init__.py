"""autograder: trusted, gradient-aware grading of machine-learning notebooks.

The library grades a student's notebook against a reference implementation. Student code runs in
a separate process (:mod:`autograder.sandboxed.driver`); outputs come back as plain data
(:mod:`autograder.protocol.wire`) and are compared in the trusted process
(:mod:`autograder.checks`, :mod:`autograder.grading`).
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
