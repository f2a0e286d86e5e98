"""Start the grading service: storage, hub authentication, background grading, HTTP server."""

from __future__ import annotations

import logging
from collections.abc import Callable

import uvicorn

from autograder.course import Assignment, list_assignments
from autograder.execution.base import ExecutionBackend
from autograder.execution.registry import BackendOptions, make_backend
from autograder.execution.sandbox import check_available
from autograder.grading.gradebook import Gradebook
from autograder.service.app import create_app
from autograder.service.auth import HubAuth
from autograder.service.roster import HubRoster
from autograder.service.runner import Runner
from autograder.service.settings import Settings
from autograder.service.store import Store
from autograder.service.web import insight


def backends(settings: Settings) -> Callable[[Assignment], ExecutionBackend]:
    """How the service builds an assignment's backend: the registry's ``settings.backend``."""
    options = BackendOptions(
        workers=settings.workers,
        device=settings.device,
        sandbox=settings.sandbox,
        scheduler=settings.scheduler,
    )

    def backend(assignment: Assignment) -> ExecutionBackend:
        return make_backend(settings.backend, assignment, options)

    return backend


def serve(settings: Settings) -> None:
    """Run until interrupted; uploads still queued are graded after the next start."""
    logging.basicConfig(level=logging.INFO, format="[grader %(asctime)s] %(message)s")
    if settings.sandbox and settings.backend == "pool":
        check_available()  # refuse to start rather than fail on the first submission
    settings.data.mkdir(parents=True, exist_ok=True)
    gradebook = Gradebook(settings.gradebook or settings.data / "gradebook.sqlite")
    store = Store(settings.data, gradebook)
    assignments: dict[str, Assignment] = {}

    def load(assignment_id: str) -> Assignment:
        """One loaded assignment per id, shared by the API and the graders."""
        if assignment_id not in assignments:
            assignments[assignment_id] = Assignment.load(assignment_id, settings.course_root)
        return assignments[assignment_id]

    runner = Runner(
        store,
        load,
        backends(settings),
        workers=settings.workers,
        submission_seconds=settings.submission_seconds,
        device=settings.device,
    )
    auth = HubAuth(settings.hub_api_url, settings.service_name)
    roster = HubRoster(settings.hub_api_url, settings.api_token) if settings.api_token else None
    app = create_app(settings, auth, store, runner, roster=roster)
    runner.start()
    insight.warm(app.state.service)  # the analytics pages answer at once from the first view
    for assignment_id in list_assignments(settings.course_root):
        if store.is_released(assignment_id):
            runner.warm(assignment_id)
    try:
        uvicorn.run(
            app, host=settings.host, port=settings.port, log_level="warning", access_log=False
        )
    finally:
        runner.close()
        auth.close()
        if roster is not None:
            roster.close()
        gradebook.close()
