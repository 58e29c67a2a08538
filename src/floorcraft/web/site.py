"""The site: one Starlette app serving sign-in, the live feed, static files and the first pages.

``create_site(db_url, secret=...)`` builds it. Pages are named for what they show and each has a JSON twin
(style.md §10)::

    page            JSON twin          who
    /               -                  everyone
    /login          (form, POST)       everyone (CSRF-protected like every form)
    /me             /api/me            everyone: who am I, what may I do
    /scoreboard     /api/scoreboard    everyone: the big-screen shell, live over SSE
    /control        /api/control       producer: run the live night (steps under /control/<action>, see
                                       web/pages/control.py), publish to the live feed, issue display tokens
    /audit          /api/audit         producer: the security audit
    /display/<tok>  -                  a screen exchanges its display token for a read-only session
    /live           (SSE)              everyone: public channel; ``?channels=control`` producer only

Later pages plug in through ``routes=`` (Starlette routes, guarded with :func:`guard.guarded`) and whole
apps, such as the voting API, through ``mounts=`` (tried after every site route, so ``Mount("/", api)``
serves ``/openapi.json`` and the API paths). The pages live in ``web/pages/`` (one module per thing
shown); ``web/context.py``'s :class:`SiteContext` (``request.app.state.site``) gives a page the engine,
the broker, :meth:`SiteContext.render`, sign-in/out and the audit.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from pathlib import Path

import jinja2
from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from floorcraft.errors import FloorcraftError, InvalidInput, NotAllowed
from floorcraft.store.db import open_store
from floorcraft.web import errors
from floorcraft.web.auth.csrf import CsrfRejected
from floorcraft.web.auth.guard import SessionMiddleware, principal_of
from floorcraft.web.auth.passwords import Passwords
from floorcraft.web.auth.roles import Permission, require
from floorcraft.web.auth.sessions import DEFAULT_MAX_AGE, SessionSigner
from floorcraft.web.auth.throttle import LoginThrottle
from floorcraft.web.context import SiteContext, site_of, wants_html
from floorcraft.web.live import CONTROL, PUBLIC, Broker, EventStream, parse_last_event_id
from floorcraft.web.pages import account, audit, control, scoreboard

HERE = Path(__file__).parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"


async def index(request: Request) -> Response:
    return site_of(request).render(request, "index.html")


async def live(request: Request):
    """The SSE feed: ``?channels=public`` (default) or ``public,control`` (control room only)."""
    principal = principal_of(request)
    require(principal, Permission.VIEW_PUBLIC)
    channels = {c for c in request.query_params.get("channels", PUBLIC).split(",") if c}
    unknown = sorted(channels - {PUBLIC, CONTROL})
    if unknown or not channels:
        raise InvalidInput(f"channels: unknown channel(s) {unknown}; use {PUBLIC!r} and/or {CONTROL!r}")
    if CONTROL in channels:
        require(principal, Permission.VIEW_CONTROL)
    header = request.headers.get("last-event-id") or request.query_params.get("last_event_id")
    return EventStream(site_of(request).broker, channels, last_event_id=parse_last_event_id(header))


# --- errors ----------------------------------------------------------------------------------------------


async def _on_error(request: Request, exc: Exception) -> Response:
    """The site's one error handler: audit refusals, then the one error shape (HTML page or JSON)."""
    if isinstance(exc, HTTPException):
        status, code, message = (
            exc.status_code,
            errors.HTTP_CODES.get(exc.status_code, "error"),
            str(exc.detail),
        )
    else:
        assert isinstance(exc, FloorcraftError)
        status, code, message = errors.status_for(exc), exc.code, str(exc)
        if isinstance(exc, NotAllowed) and not isinstance(exc, errors.NotAuthenticated):
            action = "csrf.refused" if isinstance(exc, CsrfRejected) else "permission.refused"
            await site_of(request).audit(request, action, principal_of(request), detail=message)
    if wants_html(request):
        body = errors.error_body(code, message, errors.where(request))["error"]
        response = site_of(request).render(request, "error.html", {"error": body}, status=status)
    elif isinstance(exc, FloorcraftError):
        response = errors.error_json(exc, request)
    else:
        response = JSONResponse(errors.error_body(code, message, errors.where(request)), status_code=status)
    return errors.with_retry_after(response, exc)


def site_routes() -> list[BaseRoute]:
    return [
        Route("/", index),
        Route("/login", account.login_form, methods=["GET"]),
        Route("/login", account.login_submit, methods=["POST"]),
        Route("/logout", account.logout, methods=["POST"]),
        Route("/me", account.me_page),
        Route("/api/me", account.me_api),
        Route("/scoreboard", scoreboard.scoreboard_page),
        Route("/api/scoreboard", scoreboard.scoreboard_api),
        Route("/control", control.control_page),
        Route("/api/control", control.control_api),
        Route("/control/announce", control.announce, methods=["POST"]),
        Route("/control/display-tokens", control.issue_display_token, methods=["POST"]),
        Route("/display/{token}", account.display, name="display"),
        Route("/audit", audit.audit_page),
        Route("/api/audit", audit.audit_api),
        Route("/live", live),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ]


def create_site(
    db_url: str | None = None,
    *,
    secret: str,
    engine: Engine | None = None,
    broker: Broker | None = None,
    passwords: Passwords | None = None,
    throttle: LoginThrottle | None = None,
    session_max_age: float = DEFAULT_MAX_AGE,
    cookie_secure: bool = False,
    routes: Sequence[BaseRoute] = (),
    mounts: Sequence[BaseRoute] = (),
    on_close: Sequence[Callable[[], None]] = (),
    title: str = "floorcraft",
) -> Starlette:
    """The site's ASGI app on the store at ``db_url`` (migrated on open) or on ``engine``.

    ``secret`` signs the session cookies (at least 16 characters; keep it across restarts or everyone
    signs in again). ``cookie_secure=True`` when served over HTTPS. ``routes`` are extra pages; ``mounts``
    are whole apps tried after every site route. Starlette does not run a mounted app's lifespan, so
    whatever a mounted app must close at shutdown (e.g. the voting service) goes in ``on_close``.
    """
    engine = engine or open_store(db_url)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=jinja2.select_autoescape())
    signer = SessionSigner(secret, max_age=session_max_age)
    context = SiteContext(
        engine=engine,
        broker=broker or Broker(),
        passwords=passwords or Passwords(),
        signer=signer,
        throttle=throttle or LoginThrottle.default(),
        templates=Jinja2Templates(env=env),
        title=title,
    )

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        yield
        context.broker.close_all()
        for close in on_close:
            close()

    app = Starlette(
        routes=[*site_routes(), *routes, *mounts],
        middleware=[Middleware(SessionMiddleware, signer=signer, engine=engine, secure=cookie_secure)],
        exception_handlers={FloorcraftError: _on_error, HTTPException: _on_error},
        lifespan=lifespan,
    )
    app.state.site = context
    return app
