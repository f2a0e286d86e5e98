"""'Open in my server': copy a released assignment into the student's own Jupyter server through
its contents API (with the student's own hub token, through the proxy), never over a file they
already have, and return where JupyterLab opens it. The service never writes into homes
directly, so this works for servers on other nodes (Kubernetes pods, Slurm jobs) too."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from urllib.parse import quote

import httpx

from autograder.service.deps import Service


class ServerCopyError(Exception):
    """The copy did not happen; ``server_down`` when the student's server is not running."""

    def __init__(self, message: str, *, server_down: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.server_down = server_down


@dataclass(frozen=True)
class CopyOutcome:
    copied: list[str]
    kept: list[str]  # already in the server: left as the student has them
    lab_url: str


def copy_release(service: Service, user: str, assignment_id: str, token: str) -> CopyOutcome:
    """Copy the release's files into ``<assignment>/`` of the user's server."""
    settings = service.settings
    if not settings.public_url:
        raise ServerCopyError(
            "opening in your server is not set up on this hub (the service has no --public-url); "
            f"download the assignment instead, or run fetch('{assignment_id}') in your server"
        )
    base_url = settings.hub_prefix.rstrip("/").removesuffix("/hub") + "/"
    server = f"{settings.public_url.rstrip('/')}{base_url}user/{quote(user)}"
    contents = f"{server}/api/contents"
    headers = {"Authorization": f"token {token}"}
    root = service.store.released_dir(assignment_id)
    copied: list[str] = []
    kept: list[str] = []
    with httpx.Client(headers=headers, timeout=30, follow_redirects=False) as client:
        try:
            alive = client.get(f"{server}/api/status")
        except httpx.HTTPError as exc:
            raise ServerCopyError(f"your server could not be reached ({exc})") from None
        if alive.status_code != 200:
            raise ServerCopyError("your server is not running", server_down=True)
        folders = {assignment_id}
        for path in service.store.bundle_files(assignment_id):
            rel = path.relative_to(root)
            folders.update(
                f"{assignment_id}/{p}" for p in map(str, rel.parents) if p not in (".", "")
            )
        for folder in sorted(folders, key=lambda f: f.count("/")):
            _put(client, f"{contents}/{quote(folder)}", {"type": "directory"}, folder)
        for path in service.store.bundle_files(assignment_id):
            name = f"{assignment_id}/{path.relative_to(root)}"
            body = {
                "type": "file",
                "format": "base64",
                "content": base64.b64encode(path.read_bytes()).decode(),
            }
            created = _put(client, f"{contents}/{quote(name)}", body, name)
            (copied if created else kept).append(name)
    notebook = f"{assignment_id}/{assignment_id}.ipynb"
    return CopyOutcome(copied, kept, f"{base_url}user/{quote(user)}/lab/tree/{quote(notebook)}")


def _put(client: httpx.Client, url: str, body: dict[str, str], name: str) -> bool:
    """Create ``name`` unless it exists; True when it was created."""
    exists = client.get(url, params={"content": "0"})
    if exists.status_code == 200:
        return False
    if exists.status_code != 404:
        raise ServerCopyError(
            f"your server refused to show {name} (HTTP {exists.status_code}); "
            "is the hub's grader service allowed to access your server?"
        )
    made = client.put(url, json=body)
    if made.status_code not in (200, 201):
        raise ServerCopyError(f"your server refused to create {name} (HTTP {made.status_code})")
    return True
