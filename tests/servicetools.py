"""The grading service in process for tests: the real app, store, gradebook and runner (never
started: tests grade by hand with ``runner.grade_upload``), with the hub answered by a
``httpx.MockTransport``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from autograder.course import Assignment
from autograder.execution.process import SubprocessBackend
from autograder.grading.gradebook import Gradebook
from autograder.service.app import create_app
from autograder.service.auth import HubAuth
from autograder.service.runner import Runner
from autograder.service.settings import Settings
from autograder.service.store import Store
from tests.helpers import ROOT


def service_app(
    tmp_path: Path,
    hub: Callable[[httpx.Request], httpx.Response],
    *,
    roster: Callable[[], list[str]] | None = None,
    **settings: Any,
) -> tuple[FastAPI, Store, Runner]:
    """The application, its store and its runner; ``settings`` override the test defaults."""
    config = Settings(
        data=tmp_path / "data",
        hub_api_url="http://hub.invalid/hub/api",
        course_root=ROOT,
        **settings,
    )
    store = Store(config.data, Gradebook(tmp_path / "book.sqlite"))
    loaded: dict[str, Assignment] = {}
    runner = Runner(
        store,
        lambda i: loaded.setdefault(i, Assignment.load(i, ROOT)),
        lambda a: SubprocessBackend(),
    )
    runner.warm = lambda assignment_id: None  # type: ignore[method-assign]
    auth = HubAuth(config.hub_api_url, "grader", transport=httpx.MockTransport(hub))
    return create_app(config, auth, store, runner, roster=roster), store, runner
