"""Shared fixtures: the course root and a graded batch of the example submissions."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, ROOT

os.environ.setdefault("AUTOGRADER_COURSE", str(ROOT))
# reference outcomes cached by the tests (and the processes they start) go to a folder of this
# run, removed at exit, never to the user's own cache
_CACHE = tempfile.TemporaryDirectory(prefix="autograder-test-cache-")
os.environ["AUTOGRADER_CACHE"] = _CACHE.name


@pytest.fixture(scope="session")
def examples_graded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example submissions graded once through the CLI, on two workers."""
    from autograder.cli import main

    out = tmp_path_factory.mktemp("examples")
    assert (
        main(["grade", "01_calculus_autodiff", str(EXAMPLES), "--out", str(out), "--workers", "2"])
        == 0
    )
    return out


@pytest.fixture(scope="session")
def hub(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A real course hub (local config, npm proxy, grading service) with 01 released."""
    from tests.hubtools import RealHub

    running = RealHub(tmp_path_factory.mktemp("hub"))
    running.start()
    try:
        _, teacher = running.create_user("instructors")
        reply = running.call(teacher, "POST", "/assignments/01_calculus_autodiff/release")
        assert reply.status_code == 200, reply.text
        running.instructor_token = teacher
        yield running
    finally:
        running.stop()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _CACHE.cleanup()
