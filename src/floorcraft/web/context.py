"""What every page of the site shares: :class:`SiteContext` (``request.app.state.site``) and request tests.

A page gets the engine, the live broker and :meth:`SiteContext.render` from ``site_of(request)``; it signs
people in and out and writes the security audit through the same object, so every page does it alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.templating import Jinja2Templates

from floorcraft.web import errors
from floorcraft.web.auth import audit, session_store
from floorcraft.web.auth.guard import client_ip, principal_of, session_of
from floorcraft.web.auth.passwords import Passwords
from floorcraft.web.auth.roles import Permission, Principal
from floorcraft.web.auth.sessions import SessionSigner
from floorcraft.web.auth.throttle import LoginThrottle
from floorcraft.web.live import Broker


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
