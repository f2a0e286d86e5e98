"""Exceptions raised by the autograder library.

Hierarchy::

    AutograderError            base class; the CLI turns it into a one-line reason and exit code 2
    ├── UsageError             a bad invocation: unknown assignment, missing path, bad option
    ├── SubmissionError        a submission that cannot be read at all (not JSON, not a notebook)
    └── GraderError            our own fault (a broken suite or reference); exit code 1
    WireError (ValueError)     data from the untrusted side that breaks the wire contract

Student mistakes are never exceptions on the trusted side: they become check results.
"""

from __future__ import annotations


class AutograderError(Exception):
    """Base class of every error the library raises on purpose."""

    exit_code = 2


class UsageError(AutograderError):
    """The caller asked for something that does not exist or makes no sense."""


class SubmissionError(AutograderError):
    """A submission file is unreadable; the message is written for the student."""


class GraderError(AutograderError):
    """A fault in the grader, a suite or a reference solution: never the student's fault."""

    exit_code = 1


class WireError(ValueError):
    """Data that came back from the sandbox violates the wire format."""
