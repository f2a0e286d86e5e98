"""The grading service's REST API (FastAPI), mounted under the hub's service prefix.

Students list and fetch released assignments, submit notebooks and read their own feedback;
instructors release, collect, start batch grading and download grades. The layers: routes per
resource (``routes/``) take the service's parts as dependencies (``deps``) from the
application's state and ask one policy layer (``policy``) who may see and do what. Every route
states its errors; the OpenAPI document is served at ``<prefix>api/openapi.json`` (interactive
docs at ``<prefix>api/docs``, served offline). The pages for people (``web/``: the
instructor's dashboard and the student's assignments, logged in through the hub) share the
same layers. Nothing here reads ``reference_solutions/`` except through the
engine, and no route returns any of it.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI

from autograder.service.auth import HubAuth
from autograder.service.coursebook import Coursebook
from autograder.service.deps import Service
from autograder.service.policy import Policy
from autograder.service.routes import assignments, grading, jobs, submissions, system
from autograder.service.runner import Runner
from autograder.service.settings import Settings
from autograder.service.store import Store
from autograder.service.web.login import install_pages


def create_app(
    settings: Settings,
    auth: HubAuth,
    store: Store,
    runner: Runner,
    *,
    roster: Callable[[], list[str]] | None = None,
) -> FastAPI:
    """The FastAPI application; ``settings.prefix`` is the hub's service prefix, ``roster``
    names the enrolled students (default: none beyond those who submitted)."""
    coursebook = Coursebook(store, settings.course_root, load=runner.assignments)
    policy = Policy(settings, store, runner.assignments, coursebook)
    service = Service(settings, auth, store, runner, policy, coursebook, roster or (lambda: []))
    app = FastAPI(
        title="Course grading service",
        version="1",
        description="Submit notebooks and read feedback (students); release, collect, "
        "grade and export (instructors). Authenticate with 'Authorization: token "
        "<JupyterHub token>'.",
        openapi_url=f"{service.api}/openapi.json",
        docs_url=None,  # served by the pages, from the service's own copy of Swagger UI
        redoc_url=None,
    )
    app.state.service = service
    for module in (system, assignments, grading, submissions, jobs):
        app.include_router(module.router, prefix=service.api)
    install_pages(app, service, auth)
    return app
