"""Logging in to the service's pages with the hub session: JupyterHub's OAuth for services.

A page request without a session is redirected to the hub's ``/hub/api/oauth2/authorize``; the
hub (where the user is already logged in, and where the service is configured with
``oauth_no_confirm``) redirects back to ``<prefix>oauth_callback`` with a code, which the service
exchanges at ``/hub/api/oauth2/token`` for an OAuth token of that user. The token is kept on the
server (an in-memory session table; a restart only means a silent new login) and resolved
through :class:`~autograder.service.auth.HubAuth` on every request, so a revoked token or a
changed role takes effect within the auth cache's 30 s. The browser holds only a random session
id in an HttpOnly, SameSite=Lax cookie scoped to the service's prefix; forms carry a CSRF token
derived from it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx

from autograder.service.auth import AuthError, Caller, HubAuth

SESSION_COOKIE = "grader-session"
STATE_COOKIE = "grader-oauth-state"
SESSION_SECONDS = 8 * 3600
STATE_SECONDS = 600


class LoginRequired(Exception):
    """No usable session: send the browser through the hub's OAuth (to come back to ``next``)."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


@dataclass(frozen=True)
class OAuthClient:
    """What the hub told the service about its OAuth client (see ``Settings``)."""

    client_id: str
    client_secret: str  # the service's own API token
    callback_url: str  # as registered with the hub: <prefix>oauth_callback
    authorize_url: str  # browser-facing: /hub/api/oauth2/authorize
    token_url: str  # service-facing: <hub api>/oauth2/token


@dataclass
class _Session:
    token: str
    created: float


class Sessions:
    """Browser sessions of the pages: the OAuth dance, then session id -> hub token."""

    def __init__(
        self, client: OAuthClient, auth: HubAuth, prefix: str, *, secure: bool = False
    ) -> None:
        self.client = client
        self.auth = auth
        self.prefix = prefix
        self.secure = secure
        self._key = secrets.token_bytes(32)  # CSRF tokens are HMACs of the session id
        self._sessions: dict[str, _Session] = {}
        self._states: dict[str, tuple[float, str]] = {}
        self._lock = threading.Lock()

    # the OAuth dance ------------------------------------------------------------------------

    def authorize_redirect(self, next_url: str) -> tuple[str, str]:
        """The hub URL to send the browser to, and the state to keep in its cookie."""
        state = secrets.token_urlsafe(24)
        with self._lock:
            self._prune()
            self._states[state] = (time.monotonic(), self.safe_next(next_url))
        query = urlencode(
            {
                "client_id": self.client.client_id,
                "redirect_uri": self.client.callback_url,
                "response_type": "code",
                "state": state,
            }
        )
        return f"{self.client.authorize_url}?{query}", state

    def finish(self, code: str, state: str, cookie_state: str | None) -> tuple[str, str]:
        """Exchange the hub's code for a token; returns (session id, where to go next).
        Raises :class:`AuthError` on a forged, replayed or expired state."""
        if not cookie_state or not hmac.compare_digest(state, cookie_state):
            raise AuthError(
                403, "the login did not start here (OAuth state mismatch); log in again"
            )
        with self._lock:
            started = self._states.pop(state, None)
        if started is None or time.monotonic() - started[0] > STATE_SECONDS:
            raise AuthError(403, "the login took too long or was already used; log in again")
        try:
            reply = httpx.post(
                self.client.token_url,
                data={
                    "client_id": self.client.client_id,
                    "client_secret": self.client.client_secret,
                    "grant_type": "authorization_code",
                    "code": code,
                    "redirect_uri": self.client.callback_url,
                },
                timeout=10,
            )
        except httpx.HTTPError as exc:
            raise AuthError(
                503, f"the hub could not be reached to finish the login ({exc})"
            ) from None
        if reply.status_code != 200 or "access_token" not in reply.json():
            raise AuthError(
                403, f"the hub refused the login (HTTP {reply.status_code}); log in again"
            )
        token = str(reply.json()["access_token"])
        self.auth.caller(f"token {token}")  # a token the service cannot use is refused now
        session_id = secrets.token_urlsafe(32)
        with self._lock:
            self._sessions[session_id] = _Session(token, time.monotonic())
        return session_id, started[1]

    # requests -------------------------------------------------------------------------------

    def caller(self, session_id: str | None, here: str) -> Caller:
        """The user of a page request; :class:`LoginRequired` (back to ``here``) without one."""
        with self._lock:
            found = self._sessions.get(session_id or "")
        if found is None or time.monotonic() - found.created > SESSION_SECONDS:
            raise LoginRequired(here)
        try:
            return self.auth.caller(f"token {found.token}")
        except AuthError as exc:
            if exc.status == 401:  # revoked or expired at the hub: log in again
                self.end(session_id)
                raise LoginRequired(here) from None
            raise

    def end(self, session_id: str | None) -> None:
        with self._lock:
            self._sessions.pop(session_id or "", None)

    def token(self, session_id: str | None) -> str | None:
        """The session's hub token (to act for the user at their own server)."""
        with self._lock:
            found = self._sessions.get(session_id or "")
        return found.token if found else None

    def csrf(self, session_id: str | None) -> str:
        return hmac.new(self._key, (session_id or "").encode(), hashlib.sha256).hexdigest()

    def check_csrf(self, session_id: str | None, value: str | None) -> None:
        if not session_id or not value or not hmac.compare_digest(self.csrf(session_id), value):
            raise AuthError(403, "the form is stale or came from another site; reload the page")

    def safe_next(self, next_url: str) -> str:
        """Only pages of this service are places to return to (no open redirect)."""
        if next_url.startswith(self.prefix) and "//" not in next_url and "\\" not in next_url:
            return next_url
        return self.prefix

    def _prune(self) -> None:
        now = time.monotonic()
        self._states = {k: v for k, v in self._states.items() if now - v[0] < STATE_SECONDS}
        self._sessions = {
            k: v for k, v in self._sessions.items() if now - v.created < SESSION_SECONDS
        }
