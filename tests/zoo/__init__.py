"""Hostile submissions for the sandbox zoo (see tests/test_zoo.py)."""
