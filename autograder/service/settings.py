"""Settings of the grading service, from the command line and the environment the hub sets.

A hub-managed service receives ``JUPYTERHUB_API_URL``, ``JUPYTERHUB_SERVICE_PREFIX``,
``JUPYTERHUB_SERVICE_NAME`` and ``JUPYTERHUB_SERVICE_URL`` from the hub; flags override them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from autograder.exceptions import UsageError


def default_workers() -> int:
    """Uploads graded at once by default: one per core, 2 to 4 (each grading is one process;
    a second worker keeps one student's slow notebook from holding up the next student)."""
    return max(2, min(4, os.cpu_count() or 1))


@dataclass(frozen=True)
class Settings:
    """Everything the service needs to start; see ``autograder serve --help``."""

    data: Path
    hub_api_url: str
    prefix: str = "/services/grader/"
    service_name: str = "grader"
    host: str = "127.0.0.1"
    port: int = 10101
    course_root: Path | None = None
    gradebook: str | None = None
    attempts_per_hour: int = 10
    max_upload_bytes: int = 10 * 1024 * 1024
    workers: int = field(default_factory=default_workers)
    submission_seconds: float = 120.0
    device: str = "cpu"
    sandbox: bool = True
    # the execution backend by its registered name (``autograder.execution.registry``), and the
    # Dask scheduler's address for ``dask``
    backend: str = "pool"
    scheduler: str | None = None
    # the pages' login through the hub (JupyterHub's OAuth for services); the hub sets these
    api_token: str = ""
    oauth_client_id: str = ""
    oauth_callback_url: str = ""
    hub_prefix: str = "/hub/"
    # where the service reaches users' servers through the proxy ("open in my server")
    public_url: str = ""

    @property
    def client_id(self) -> str:
        return self.oauth_client_id or f"service-{self.service_name}"

    @property
    def callback_url(self) -> str:
        return self.oauth_callback_url or f"{self.prefix.rstrip('/')}/oauth_callback"

    def __post_init__(self) -> None:
        for name in ("attempts_per_hour", "max_upload_bytes", "workers"):
            if getattr(self, name) < 1:
                raise UsageError(f"--{name.replace('_', '-')} must be at least 1")

    @classmethod
    def from_env(
        cls,
        data: str,
        *,
        port: int | None = None,
        host: str | None = None,
        hub_api_url: str | None = None,
        **options: Any,
    ) -> Settings:
        """Fill the hub-provided parts from the environment; a clear error if they are missing."""
        api_url = hub_api_url or os.environ.get("JUPYTERHUB_API_URL", "")
        if not api_url:
            raise UsageError(
                "the hub's API URL is unknown: run the service from the hub "
                "(it sets JUPYTERHUB_API_URL) or pass --hub-api-url"
            )
        prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/grader/")
        name = os.environ.get("JUPYTERHUB_SERVICE_NAME", prefix.rstrip("/").rsplit("/", 1)[-1])
        url = urlsplit(os.environ.get("JUPYTERHUB_SERVICE_URL", ""))
        base = os.environ.get("JUPYTERHUB_BASE_URL", "/").rstrip("/")
        options.setdefault("api_token", os.environ.get("JUPYTERHUB_API_TOKEN", ""))
        options.setdefault("oauth_client_id", os.environ.get("JUPYTERHUB_CLIENT_ID", ""))
        options.setdefault(
            "oauth_callback_url", os.environ.get("JUPYTERHUB_OAUTH_CALLBACK_URL", "")
        )
        options.setdefault("hub_prefix", f"{base}/hub/")
        options.setdefault("public_url", os.environ.get("AUTOGRADER_PUBLIC_URL", ""))
        return cls(
            data=Path(data),
            hub_api_url=api_url,
            prefix=prefix,
            service_name=name,
            host=host or url.hostname or "127.0.0.1",
            port=port or url.port or 10101,
            **options,
        )
