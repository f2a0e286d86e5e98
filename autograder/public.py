"""The notebooks' import path for ``check()``: ``from autograder.public import Checker``.

Every generated notebook's setup cell (and every notebook already in students' hands) imports
this name. The code lives on the untrusted side, in :mod:`autograder.sandboxed.checker`.
"""

from autograder.sandboxed.checker import Checker

__all__ = ["Checker"]
