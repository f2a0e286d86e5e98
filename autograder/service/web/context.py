"""What every page shares: the Jinja2 environment, the logged-in caller, forms' CSRF check, and
HTML error pages (API routes keep their JSON errors)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from autograder.service.auth import Caller
from autograder.service.deps import Service, get_service
from autograder.service.web.sessions import SESSION_COOKIE, Sessions

TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")


def _when(value: str | datetime | None) -> str:
    """An ISO moment as people read it: ``2026-12-03 16:40 UTC``."""
    if value is None or value == "":
        return "—"
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.strftime("%Y-%m-%d %H:%M %Z").strip()


def _points(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


@dataclass
class Web:
    """The pages' parts: sessions (login through the hub) and templates."""

    sessions: Sessions
    env: Environment

    @classmethod
    def create(cls, sessions: Sessions) -> Web:
        env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.filters["when"] = _when
        env.filters["points"] = _points
        return cls(sessions, env)


def get_web(request: Request) -> Web:
    web: Web = request.app.state.web
    return web


def here(request: Request) -> str:
    """The page's own path and query (where a login comes back to)."""
    query = f"?{request.url.query}" if request.url.query else ""
    return f"{request.url.path}{query}"


def page_caller(request: Request, web: Annotated[Web, Depends(get_web)]) -> Caller:
    return web.sessions.caller(request.cookies.get(SESSION_COOKIE), here(request))


WebDep = Annotated[Web, Depends(get_web)]
PageCaller = Annotated[Caller, Depends(page_caller)]
ServiceDep = Annotated[Service, Depends(get_service)]


def render(
    request: Request, template: str, who: Caller | None, *, status: int = 200, **values: Any
) -> HTMLResponse:
    """A page of the service, with the names every template uses."""
    web = get_web(request)
    service = get_service(request)
    session = request.cookies.get(SESSION_COOKIE)
    html = web.env.get_template(template).render(
        base=service.settings.prefix.rstrip("/"),
        hub=service.settings.hub_prefix.rstrip("/"),
        who=who,
        csrf=web.sessions.csrf(session) if session else "",
        **values,
    )
    return HTMLResponse(html, status_code=status)


def check_form(request: Request, web: Web, form: Any) -> None:
    """A POSTed form must carry the session's CSRF token."""
    value = form.get("csrf")
    web.sessions.check_csrf(request.cookies.get(SESSION_COOKIE), str(value) if value else None)
