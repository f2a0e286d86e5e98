"""The pages' entry points: the course page (by role), the hub's OAuth callback, logout, the
stylesheet and the API docs, all served by the service itself so that nothing is fetched from
outside the machine (Swagger UI 5's files come from the ``swagger-ui-py`` package; version 5
reads the OpenAPI 3.1 document FastAPI writes, which Swagger UI 4 cannot)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import HTTPException
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from autograder.service.auth import AuthError, HubAuth
from autograder.service.deps import Service
from autograder.service.web.context import STATIC, PageCaller, Web, WebDep, render
from autograder.service.web.sessions import (
    SESSION_COOKIE,
    STATE_COOKIE,
    STATE_SECONDS,
    LoginRequired,
    OAuthClient,
    Sessions,
)

router = APIRouter(include_in_schema=False)

HEADINGS = {401: "Please log in", 403: "Not allowed", 404: "Not found", 409: "Not possible now"}


@router.get("/")
def home(who: PageCaller, request: Request) -> RedirectResponse:
    """Instructors land on their dashboard, students on their assignments."""
    base = request.app.state.service.settings.prefix.rstrip("/")
    return RedirectResponse(f"{base}/instructor/" if who.is_instructor else f"{base}/student/")


@router.get("/oauth_callback")
def oauth_callback(
    request: Request, web: WebDep, code: str = "", state: str = "", error: str = ""
) -> Response:
    if error or not code:
        raise AuthError(403, f"the hub did not log you in ({error or 'no code'}); try again")
    session_id, next_url = web.sessions.finish(code, state, request.cookies.get(STATE_COOKIE))
    reply = RedirectResponse(next_url, status_code=303)
    reply.delete_cookie(STATE_COOKIE, path=web.sessions.prefix)
    reply.set_cookie(
        SESSION_COOKIE,
        session_id,
        path=web.sessions.prefix,
        httponly=True,
        samesite="lax",
        secure=web.sessions.secure,
    )
    return reply


@router.get("/logout")
def logout(request: Request, web: WebDep) -> RedirectResponse:
    web.sessions.end(request.cookies.get(SESSION_COOKIE))
    service: Service = request.app.state.service
    reply = RedirectResponse(f"{service.settings.hub_prefix.rstrip('/')}/logout")
    reply.delete_cookie(SESSION_COOKIE, path=web.sessions.prefix)
    return reply


def swagger_assets() -> Path:
    """The folder of Swagger UI's files in the installed ``swagger-ui-py`` (not imported: only
    its files are used)."""
    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("swagger-ui-py is not installed; run `make install`")
    return Path(next(iter(spec.submodule_search_locations))) / "static"


def docs_page(assets: str, init: str) -> HTMLResponse:
    """Swagger UI from the service's own copy of its files."""
    return HTMLResponse(f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Course grading service: API</title>
<link rel="stylesheet" href="{assets}/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script src="{init}"></script>
</body></html>""")


def install_pages(app: FastAPI, service: Service, auth: HubAuth) -> None:
    """Mount the pages, their static files, the offline API docs and the HTML error pages."""
    settings = service.settings
    base = settings.prefix.rstrip("/")
    client = OAuthClient(
        client_id=settings.client_id,
        client_secret=settings.api_token,
        callback_url=settings.callback_url,
        authorize_url=f"{settings.hub_prefix.rstrip('/')}/api/oauth2/authorize",
        token_url=f"{settings.hub_api_url.rstrip('/')}/oauth2/token",
    )
    app.state.web = Web.create(Sessions(client, auth, settings.prefix))
    app.mount(f"{base}/static", StaticFiles(directory=STATIC), name="static")
    app.mount(f"{service.api}/docs-assets", StaticFiles(directory=swagger_assets()), name="swagger")
    openapi_url = f"{service.api}/openapi.json"

    @app.get(f"{service.api}/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return docs_page(f"{service.api}/docs-assets", f"{service.api}/docs-init.js")

    @app.get(f"{service.api}/docs-init.js", include_in_schema=False)
    def docs_init() -> Response:
        """Swagger UI's start, as a file: the page has no inline script."""
        script = f"window.ui = SwaggerUIBundle({{url: {openapi_url!r}, dom_id: '#swagger-ui'}});"
        return Response(script, media_type="text/javascript")

    app.include_router(router, prefix=base)
    from autograder.service.web import (  # the pages themselves
        gradebook_pages,
        insight,
        instructor,
        student,
    )

    for module in (instructor, gradebook_pages, insight, student):
        app.include_router(module.router, prefix=base)

    @app.exception_handler(LoginRequired)
    def _login(request: Request, exc: LoginRequired) -> Response:
        web: Web = request.app.state.web
        if request.method != "GET":
            raise AuthError(401, "your session ended; reload the page to log in again")
        url, state = web.sessions.authorize_redirect(exc.next_url)
        reply = RedirectResponse(url, status_code=302)
        reply.set_cookie(
            STATE_COOKIE,
            state,
            max_age=STATE_SECONDS,
            path=web.sessions.prefix,
            httponly=True,
            samesite="lax",
        )
        return reply

    def is_api(request: Request) -> bool:
        return request.url.path.startswith(f"{service.api}/")

    @app.exception_handler(AuthError)
    def _auth_error(request: Request, exc: AuthError) -> Response:
        if is_api(request):
            return JSONResponse({"detail": exc.message}, status_code=exc.status)
        return error_page(request, exc.status, exc.message)

    @app.exception_handler(StarletteHTTPException)
    def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if is_api(request) or not request.url.path.startswith(base):
            headers = getattr(exc, "headers", None)
            return JSONResponse(
                {"detail": exc.detail}, status_code=exc.status_code, headers=headers
            )
        return error_page(request, exc.status_code, str(exc.detail))


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(
        request,
        "error.html",
        None,
        status=status,
        status_text=status,
        heading=HEADINGS.get(status, "Something went wrong"),
        message=message,
    )


__all__ = ["HTTPException", "install_pages"]
