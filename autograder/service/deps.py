"""FastAPI dependencies: the service's parts, taken from the application's state, and the caller
behind the request's token (any user, a student, an instructor)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request

from autograder.service.auth import Caller, HubAuth
from autograder.service.coursebook import Coursebook
from autograder.service.policy import Policy
from autograder.service.runner import Runner
from autograder.service.settings import Settings
from autograder.service.store import Store


@dataclass(frozen=True)
class Service:
    """Everything a route may use; one per application (``app.state.service``)."""

    settings: Settings
    auth: HubAuth
    store: Store
    runner: Runner
    policy: Policy
    coursebook: Coursebook
    # the enrolled students (the hub's students group, once plugged in); every export lists
    # them and everyone who ever submitted
    roster: Callable[[], list[str]] = field(default=lambda: [])

    @property
    def api(self) -> str:
        """The URL prefix of the API routes."""
        return f"{self.settings.prefix.rstrip('/')}/api"


def get_service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


def get_caller(
    service: Annotated[Service, Depends(get_service)],
    authorization: Annotated[str | None, Header()] = None,
) -> Caller:
    return service.auth.caller(authorization)


def get_student(who: Annotated[Caller, Depends(get_caller)]) -> Caller:
    if not who.is_student:
        raise HTTPException(
            403, "only students submit: your token lacks the scope custom:grader:submit"
        )
    return who


def get_instructor(who: Annotated[Caller, Depends(get_caller)]) -> Caller:
    if not who.is_instructor:
        raise HTTPException(
            403, "instructors only: your token lacks the scope custom:grader:manage"
        )
    return who


ServiceDep = Annotated[Service, Depends(get_service)]
AnyCaller = Annotated[Caller, Depends(get_caller)]
Student = Annotated[Caller, Depends(get_student)]
Instructor = Annotated[Caller, Depends(get_instructor)]
