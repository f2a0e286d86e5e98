"""The course's RBAC, shared by the local and the Slurm hub configs (the Kubernetes values carry
the same roles in YAML): two custom scopes of the grading service, the roles that grant them to
the groups `students` and `instructors`, and the login hook that puts users into those groups."""

from collections.abc import Callable
from typing import Any

CUSTOM_SCOPES = {
    "custom:grader:submit": {
        "description": "Submit notebooks to the grading service and read "
        "one's own submissions and feedback."
    },
    "custom:grader:manage": {
        "description": "Release, collect and grade assignments; read every "
        "submission; download grades."
    },
}


def grader_pages(service: str) -> dict[str, Any]:
    """What the grading service's entry needs for its web pages: listed on the hub home (to the
    users whose roles may access it), login through the hub's OAuth without a confirmation page
    (it is part of the course), and tokens that carry the course scopes and may reach the
    user's own server ("open in my server" copies the release there)."""
    return {
        "display": True,
        "oauth_no_confirm": True,
        "oauth_client_allowed_scopes": [
            "custom:grader:submit",
            "custom:grader:manage",
            "access:servers!user",
        ],
    }


def course_roles(service: str) -> list[dict[str, Any]]:
    """Students submit; instructors manage and may read the students' hub accounts; a server's
    own token acts for its user, so `submit()` works inside it."""
    return [
        {
            "name": "course-student",
            "groups": ["students"],
            "scopes": [f"access:services!service={service}", "custom:grader:submit"],
        },
        {
            "name": "course-instructor",
            "groups": ["instructors"],
            "scopes": [
                f"access:services!service={service}",
                "custom:grader:manage",
                "list:users!group=students",
                "read:users!group=students",
                "read:groups!group=students",
            ],
        },
        {"name": "server", "scopes": ["inherit"]},
        {
            # the service itself: who is enrolled (the roster of grades.csv and the dashboard)
            "name": "grader-service",
            "services": [service],
            "scopes": ["read:groups!group=students"],
        },
    ]


def group_hook(instructors: set[str]) -> Callable[..., dict[str, Any]]:
    """A post-auth hook (with Authenticator.manage_groups): instructors by name, everyone else a
    student. The group decides the role."""

    def assign_group(
        authenticator: Any, handler: Any, auth_model: dict[str, Any]
    ) -> dict[str, Any]:
        auth_model["groups"] = ["instructors" if auth_model["name"] in instructors else "students"]
        return auth_model

    return assign_group
