"""Who is enrolled: the members of the hub's ``students`` group, asked of the hub's REST API with
the service's own token (the course RBAC grants it ``read:groups!group=students``), cached for a
minute. If the hub cannot say, the roster is empty and the pages and exports list those who
submitted, with a warning in the service log rather than an error for the instructor."""

from __future__ import annotations

import logging
import threading
import time

import httpx

log = logging.getLogger(__name__)
CACHE_SECONDS = 60.0


class HubRoster:
    """``roster()`` -> the names in a hub group, sorted."""

    def __init__(
        self,
        api_url: str,
        token: str,
        group: str = "students",
        *,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.url = f"{api_url.rstrip('/')}/groups/{group}"
        self.group = group
        self.client = httpx.Client(
            timeout=10, headers={"Authorization": f"token {token}"}, transport=transport
        )
        self._cached: tuple[float, list[str]] | None = None
        self._lock = threading.Lock()

    def __call__(self) -> list[str]:
        with self._lock:
            if self._cached and time.monotonic() - self._cached[0] < CACHE_SECONDS:
                return self._cached[1]
        names = self._fetch()
        with self._lock:
            self._cached = (time.monotonic(), names)
        return names

    def _fetch(self) -> list[str]:
        try:
            reply = self.client.get(self.url)
        except httpx.HTTPError as exc:
            log.warning("the roster (hub group %s) could not be read: %s", self.group, exc)
            return []
        if reply.status_code == 404:
            return []  # no such group yet: nobody enrolled
        if reply.status_code != 200:
            log.warning(
                "the roster (hub group %s) could not be read: HTTP %s; does the service's role "
                "grant read:groups!group=%s?",
                self.group,
                reply.status_code,
                self.group,
            )
            return []
        return sorted(str(name) for name in reply.json().get("users", []))

    def close(self) -> None:
        self.client.close()
