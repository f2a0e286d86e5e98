"""Who is calling: the caller's JupyterHub token, resolved by the hub into a user and scopes.

The service keeps no accounts of its own. Each request carries ``Authorization: token <t>`` (a
token issued by the hub: a user's API token, or ``$JUPYTERHUB_API_TOKEN`` inside their server);
the service asks the hub's ``GET /user`` who owns it and which scopes it holds, and caches the
answer briefly. Two custom scopes, granted to groups by roles in the hub config, decide what the
caller may do:

    custom:grader:submit   submit notebooks, read one's own submissions and feedback (students)
    custom:grader:manage   release, collect, grade, export; read everyone's (instructors)

and the token must also hold ``access:services!service=<name>`` (or ``access:services``).
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass

import httpx

SUBMIT_SCOPE = "custom:grader:submit"
MANAGE_SCOPE = "custom:grader:manage"
CACHE_SECONDS = 30.0


class AuthError(Exception):
    """The request may not proceed; ``status`` is 401 (who are you?) or 403 (not allowed)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Caller:
    """An authenticated hub user and what the service lets them do."""

    name: str
    scopes: frozenset[str]

    @property
    def is_instructor(self) -> bool:
        return MANAGE_SCOPE in self.scopes

    @property
    def is_student(self) -> bool:
        return SUBMIT_SCOPE in self.scopes


def token_from_header(value: str | None) -> str:
    """The token of an ``Authorization: token <t>`` (or ``Bearer <t>``) header."""
    if not value:
        raise AuthError(
            401,
            "no token: send 'Authorization: token <your JupyterHub API token>' "
            "(inside your server, $JUPYTERHUB_API_TOKEN works)",
        )
    kind, _, token = value.strip().partition(" ")
    if kind.lower() not in ("token", "bearer") or not token.strip():
        raise AuthError(401, "malformed Authorization header: expected 'token <token>'")
    return token.strip()


class HubAuth:
    """Resolves tokens through the hub's REST API, with a short cache."""

    def __init__(
        self,
        api_url: str,
        service_name: str,
        *,
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.service_name = service_name
        self.client = httpx.Client(timeout=timeout, transport=transport)
        self._cache: dict[str, tuple[float, Caller]] = {}
        self._lock = threading.Lock()

    def caller(self, authorization: str | None) -> Caller:
        """The caller behind the header, or :class:`AuthError` with a message for them."""
        token = token_from_header(authorization)
        key = hashlib.sha256(token.encode()).hexdigest()
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(key)
        if hit and now - hit[0] < CACHE_SECONDS:
            return hit[1]
        caller = self._resolve(token)
        with self._lock:
            self._cache[key] = (now, caller)
        return caller

    def _resolve(self, token: str) -> Caller:
        try:
            reply = self.client.get(
                f"{self.api_url}/user", headers={"Authorization": f"token {token}"}
            )
        except httpx.HTTPError as exc:
            raise AuthError(
                503, f"the hub could not be asked who you are ({exc}); try again in a moment"
            ) from None
        if reply.status_code in (401, 403, 404):
            raise AuthError(
                401,
                "the hub does not accept this token (expired, revoked or not issued by this hub)",
            )
        if reply.status_code != 200:
            raise AuthError(503, f"the hub answered {reply.status_code} when asked who you are")
        model = reply.json()
        if model.get("kind", "user") != "user" or not model.get("name"):
            raise AuthError(403, "only hub users can use the grading service")
        scopes = frozenset(model.get("scopes") or ())
        access = {"access:services", f"access:services!service={self.service_name}"}
        if not scopes & access:
            raise AuthError(
                403,
                f"this token may not access the {self.service_name} service; "
                f"it needs the scope access:services!service={self.service_name}",
            )
        return Caller(str(model["name"]), scopes)

    def close(self) -> None:
        self.client.close()
