"""The site: one Starlette app serving sign-in, the live feed, static files and the first pages.

``create_site(db_url, secret=...)`` builds it. Pages are named for what they show and each has a JSON twin
(style.md §10)::

    page            JSON twin          who
    /               -                  everyone
    /login          (form, POST)       everyone (CSRF-protected like every form)
    /me             /api/me            everyone: who am I, what may I do
    /scoreboard     /api/scoreboard    everyone: the big-screen shell, live over SSE
    /control        /api/control       producer: publish to the live feed, issue display tokens
    /audit          /api/audit         producer: the security audit
    /display/<tok>  -                  a screen exchanges its display token for a read-only session
    /live           (SSE)              everyone: public channel; ``?channels=control`` producer only

Later pages plug in through ``routes=`` (Starlette routes, guarded with :func:`guard.guarded`) and whole
apps, such as the voting API, through ``mounts=`` (tried after every site route, so ``Mount("/", api)``
serves ``/openapi.json`` and the API paths). :class:`SiteContext` (``request.app.state.site``) gives a
page the engine, the broker and :meth:`SiteContext.render`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from floorcraft.errors import FloorcraftError, InvalidInput, NotAllowed
from floorcraft.store.db import open_store
from floorcraft.web import errors
from floorcraft.web.auth import accounts, audit, session_store
from floorcraft.web.auth.csrf import CsrfRejected
from floorcraft.web.auth.guard import (
    SessionMiddleware,
    client_ip,
    guarded,
    principal_of,
    session_of,
)
from floorcraft.web.auth.passwords import Passwords
from floorcraft.web.auth.roles import DESCRIPTIONS, Permission, Principal, require
from floorcraft.web.auth.sessions import DEFAULT_MAX_AGE, SessionSigner
from floorcraft.web.auth.throttle import GENERIC_MESSAGE, LoginThrottle
from floorcraft.web.live import CONTROL, PUBLIC, Broker, EventStream, parse_last_event_id

HERE = Path(__file__).parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"
#: Event kind the control shell publishes and the scoreboard shell shows.
ANNOUNCEMENT = "announcement"
MAX_ANNOUNCEMENT = 280


@dataclass
class SiteContext:
    """What every page of the site shares (``request.app.state.site``)."""

    engine: Engine
    broker: Broker
    passwords: Passwords
    signer: SessionSigner
    throttle: LoginThrottle
    templates: Jinja2Templates
    title: str

    def render(self, request: Request, template: str, context: dict | None = None, *, status: int = 200):
        """Render ``template`` with the principal, the CSRF token and the site title in its context."""
        principal = principal_of(request)
        base = {
            "title": self.title,
            "principal": principal,
            "csrf_token": session_of(request).csrf_token(),
            "can": principal.can,
            "Permission": Permission,
        }
        return self.templates.TemplateResponse(
            request, template, {**base, **(context or {})}, status_code=status
        )

    async def sign_in(self, request: Request, principal: Principal) -> None:
        """Start a server-side session for ``principal`` (ending the request's previous one) and put it in
        the request's new cookie."""
        previous = session_of(request).get("sid")
        if previous is not None:
            await run_in_threadpool(session_store.end, self.engine, str(previous))
        sid = await run_in_threadpool(
            session_store.start, self.engine, principal, ip=client_ip(request), max_age=self.signer.max_age
        )
        session_of(request).sign_in(principal, sid=sid)

    async def sign_out(self, request: Request) -> None:
        """End the request's server-side session and give it an anonymous one."""
        sid = session_of(request).get("sid")
        if sid is not None:
            await run_in_threadpool(session_store.end, self.engine, str(sid))
        session_of(request).sign_out()

    async def audit(self, request: Request, action: str, principal: Principal, detail: str = "") -> None:
        await run_in_threadpool(
            audit.record_for,
            self.engine,
            action,
            principal,
            ip=client_ip(request),
            where=errors.where(request),
            detail=detail,
        )


def site_of(request: Request) -> SiteContext:
    return request.app.state.site


def wants_html(request: Request) -> bool:
    """Browsers navigating get HTML pages; ``/api/`` paths and every other client get JSON."""
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", "")


def is_htmx(request: Request) -> bool:
    """An htmx call (``HX-Request``): answer with a fragment or 204, never a whole page or a redirect."""
    return request.headers.get("hx-request") == "true"


def safe_next(value: object) -> str | None:
    """A post-login redirect target, only when it is a local path (no open redirect)."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//"):
        return None
    parts = urlsplit(value)
    return None if parts.scheme or parts.netloc or "\\" in value else value


# --- pages -----------------------------------------------------------------------------------------------


async def index(request: Request) -> Response:
    return site_of(request).render(request, "index.html")


@guarded(Permission.VIEW_PUBLIC)
async def login_form(request: Request, principal: Principal) -> Response:
    return site_of(request).render(
        request, "login.html", {"next": safe_next(request.query_params.get("next"))}
    )


@guarded(Permission.VIEW_PUBLIC)
async def login_submit(request: Request, principal: Principal) -> Response:
    site = site_of(request)
    form = await request.form()
    username, password = str(form.get("username", "")), str(form.get("password", ""))
    target = safe_next(form.get("next"))
    try:
        site.throttle.check(username, client_ip(request))
        found = await run_in_threadpool(
            accounts.authenticate, site.engine, site.passwords, username, password
        )
        if found is None:
            site.throttle.failed(username, client_ip(request))
            raise errors.NotAuthenticated("wrong username or password")
    except (errors.Throttled, errors.NotAuthenticated) as exc:
        action = "login.throttled" if isinstance(exc, errors.Throttled) else "login.failed"
        await site.audit(request, action, Principal(principal.role, username.strip()[:80] or "(empty)"))
        if not wants_html(request):
            return errors.error_json(exc, request)
        response = site.render(
            request, "login.html", {"error": str(exc), "next": target}, status=errors.status_for(exc)
        )
        if isinstance(exc, errors.Throttled):
            response.headers["retry-after"] = str(max(1, round(exc.retry_after)))
        return response
    await site.sign_in(request, found)
    await site.audit(request, "login.succeeded", found)
    if not wants_html(request):
        return JSONResponse(_me(found))
    return RedirectResponse(target or "/me", status_code=303)


@guarded(Permission.VIEW_PUBLIC)
async def logout(request: Request, principal: Principal) -> Response:
    await site_of(request).sign_out(request)
    await site_of(request).audit(request, "logout", principal)
    return (
        RedirectResponse("/", status_code=303) if wants_html(request) else JSONResponse({"signed_out": True})
    )


def _me(principal: Principal) -> dict:
    return {
        "role": principal.role.value,
        "name": principal.name,
        "judge_ref": principal.judge_ref,
        "permissions": [
            {"permission": p.value, "means": DESCRIPTIONS[p]} for p in Permission if principal.can(p)
        ],
    }


@guarded(Permission.VIEW_PUBLIC)
async def me_page(request: Request, principal: Principal) -> Response:
    return site_of(request).render(request, "me.html", {"me": _me(principal)})


@guarded(Permission.VIEW_PUBLIC)
async def me_api(request: Request, principal: Principal) -> Response:
    return JSONResponse(_me(principal))


def _scoreboard(broker: Broker) -> dict:
    latest = broker.latest(ANNOUNCEMENT)
    return {"last_event_id": broker.last_id, "announcement": latest.as_json() if latest else None}


@guarded(Permission.VIEW_PUBLIC)
async def scoreboard_page(request: Request, principal: Principal) -> Response:
    return site_of(request).render(
        request, "scoreboard.html", {"board": _scoreboard(site_of(request).broker)}
    )


@guarded(Permission.VIEW_PUBLIC)
async def scoreboard_api(request: Request, principal: Principal) -> Response:
    return JSONResponse(_scoreboard(site_of(request).broker))


def _control(broker: Broker) -> dict:
    return {"last_event_id": broker.last_id, "connected_screens": broker.subscriber_count}


@guarded(Permission.VIEW_CONTROL)
async def control_page(request: Request, principal: Principal) -> Response:
    return site_of(request).render(request, "control.html", {"control": _control(site_of(request).broker)})


@guarded(Permission.VIEW_CONTROL)
async def control_api(request: Request, principal: Principal) -> Response:
    return JSONResponse(_control(site_of(request).broker))


@guarded(Permission.RUN_SHOW)
async def announce(request: Request, principal: Principal) -> Response:
    """Publish a short message to every screen (the control room's first live action)."""
    text = str((await request.form()).get("message", "")).strip()
    if not text or len(text) > MAX_ANNOUNCEMENT:
        raise InvalidInput(f"message: must have 1 to {MAX_ANNOUNCEMENT} characters (got {len(text)})")
    event = site_of(request).broker.publish(ANNOUNCEMENT, {"message": text, "by": principal.name})
    if is_htmx(request):
        return Response(status_code=204)
    if wants_html(request):
        return RedirectResponse("/control", status_code=303)
    return JSONResponse({"event_id": event.id}, status_code=201)


@guarded(Permission.MANAGE_ACCOUNTS)
async def issue_display_token(request: Request, principal: Principal) -> Response:
    site = site_of(request)
    name = str((await request.form()).get("name", ""))
    token = await run_in_threadpool(
        accounts.issue_display_token, site.engine, name=name, created_by=principal.name
    )
    await site.audit(request, "display_token.issued", principal, detail=f"screen {name.strip()!r}")
    url = str(request.url_for("display", token=token))
    if not wants_html(request):
        return JSONResponse({"name": name.strip(), "token": token, "url": url}, status_code=201)
    return site.render(request, "control.html", {"control": _control(site.broker), "new_token_url": url})


async def display(request: Request) -> Response:
    """A screen opens ``/display/<token>`` once; it gets a read-only session and lands on the scoreboard."""
    site = site_of(request)
    ip = client_ip(request)
    wait = site.throttle.per_ip.retry_after(ip)  # wrong tokens count against the IP's sign-in throttle
    if wait > 0:
        raise errors.Throttled(GENERIC_MESSAGE, retry_after=wait)
    found = await run_in_threadpool(accounts.display_principal, site.engine, request.path_params["token"])
    if found is None:
        site.throttle.per_ip.hit(ip)
        await site.audit(request, "display_token.refused", principal_of(request))
        raise NotAllowed("unknown or revoked display token")
    await site.sign_in(request, found)
    await site.audit(request, "display_token.used", found)
    return RedirectResponse("/scoreboard", status_code=303)


@guarded(Permission.VIEW_AUDIT)
async def audit_page(request: Request, principal: Principal) -> Response:
    entries = await run_in_threadpool(audit.recent, site_of(request).engine)
    return site_of(request).render(request, "audit.html", {"entries": entries})


@guarded(Permission.VIEW_AUDIT)
async def audit_api(request: Request, principal: Principal) -> Response:
    entries = await run_in_threadpool(audit.recent, site_of(request).engine)
    return JSONResponse({"entries": [e.as_json() for e in entries]})


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
    if isinstance(exc, errors.Throttled):
        response.headers["retry-after"] = str(max(1, round(exc.retry_after)))
    return response


def site_routes() -> list[BaseRoute]:
    return [
        Route("/", index),
        Route("/login", login_form, methods=["GET"]),
        Route("/login", login_submit, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/me", me_page),
        Route("/api/me", me_api),
        Route("/scoreboard", scoreboard_page),
        Route("/api/scoreboard", scoreboard_api),
        Route("/control", control_page),
        Route("/api/control", control_api),
        Route("/control/announce", announce, methods=["POST"]),
        Route("/control/display-tokens", issue_display_token, methods=["POST"]),
        Route("/display/{token}", display, name="display"),
        Route("/audit", audit_page),
        Route("/api/audit", audit_api),
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
