"""Starlette wiring of the security pieces: the session middleware, "who is asking", and route guards.

- :class:`SessionMiddleware` (pure ASGI, so it never buffers the SSE stream) reads the signed cookie into
  a :class:`SessionData` (honoured only while its server-side record is live), writes it back when it
  changed, and adds the security headers to every response.
- :func:`principal_of` turns the session into a :class:`~floorcraft.web.auth.roles.Principal`.
- :func:`guarded` wraps an endpoint: role table check, read-only roles refused on writes, CSRF check on
  every state-changing request. Refusals raise ``NotAllowed``; the site's error handler audits them.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from floorcraft.web.auth import csrf, session_store
from floorcraft.web.auth.roles import ANONYMOUS, Permission, Principal, Role, require, require_write
from floorcraft.web.auth.sessions import COOKIE_NAME, SessionSigner

SCOPE_KEY = "floorcraft.session"

#: Sent with every response: no inline script or foreign origin (everything is vendored), no framing.
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
}


class SessionData(dict):
    """The session dict of one request; remembers whether it must be written back."""

    modified = False

    def csrf_token(self) -> str:
        """This session's CSRF token, created on first use (so anonymous forms are covered too)."""
        if "csrf" not in self:
            self["csrf"] = csrf.new_token()
            self.modified = True
        return self["csrf"]

    def sign_in(self, principal: Principal, *, sid: str) -> None:
        """Start a fresh session for ``principal``: new id, CSRF token and absolute expiry (no fixation).

        ``sid`` names the server-side record (``session_store.start``) that must stay live.
        """
        self.clear()
        self.update(
            {"role": principal.role.value, "name": principal.name, "csrf": csrf.new_token(), "sid": sid}
        )
        if principal.account_id is not None:
            self["aid"] = principal.account_id
        if principal.judge_ref is not None:
            self["judge"] = principal.judge_ref
        self.modified = True

    def sign_out(self) -> None:
        self.clear()
        self["csrf"] = csrf.new_token()
        self.modified = True


class SessionMiddleware:
    """Loads the signed session; a signed-in session counts only while its server-side record is live."""

    def __init__(self, app: ASGIApp, *, signer: SessionSigner, engine: Engine, secure: bool = False):
        self.app = app
        self.signer = signer
        self.engine = engine
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookie = HTTPConnection(scope).cookies.get(COOKIE_NAME)
        session = SessionData(self.signer.loads(cookie) or {})
        sid = session.get("sid")
        if sid is not None and not await run_in_threadpool(session_store.is_live, self.engine, str(sid)):
            session = SessionData()  # signed out elsewhere, revoked or deactivated: the public again
            session.modified = True
        scope[SCOPE_KEY] = session

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                if session.modified:
                    headers.append("set-cookie", self._cookie(session))
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _cookie(self, session: SessionData) -> str:
        value = self.signer.dumps(session)
        parts = [
            f"{COOKIE_NAME}={value}",
            "Path=/",
            "HttpOnly",
            "SameSite=Lax",
            f"Max-Age={int(self.signer.max_age)}",
        ]
        if self.secure:
            parts.append("Secure")
        return "; ".join(parts)


def session_of(request: HTTPConnection) -> SessionData:
    return request.scope[SCOPE_KEY]


def principal_of(request: HTTPConnection) -> Principal:
    """Who is asking, from the signed session; the anonymous public when nobody signed in."""
    data = request.scope.get(SCOPE_KEY) or {}
    try:
        role = Role(data.get("role"))
    except ValueError:
        return ANONYMOUS
    return Principal(role, str(data.get("name", "")), account_id=data.get("aid"), judge_ref=data.get("judge"))


def client_ip(request: HTTPConnection) -> str:
    """The peer address (behind a reverse proxy, set uvicorn's ``--forwarded-allow-ips``)."""
    return request.client.host if request.client else "unknown"


async def verify_csrf(request: Request) -> None:
    """Raise ``CsrfRejected`` unless the request carries the session's token (header or form field)."""
    submitted = request.headers.get(csrf.HEADER)
    if submitted is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        submitted = (await request.form()).get(csrf.FIELD)
    csrf.check(session_of(request).get("csrf"), submitted if isinstance(submitted, str) else None)


Endpoint = Callable[[Request, Principal], Awaitable[Response]]


def guarded(
    permission: Permission, *, session_only: bool = False
) -> Callable[[Endpoint], Callable[[Request], Awaitable[Response]]]:
    """Decorate ``async def endpoint(request, principal)``: permission, read-only roles, then CSRF.

    ``session_only=True`` marks a POST that changes only the caller's own session (sign in, sign out):
    read-only roles may do it (a big screen can be signed out), the CSRF check still applies.
    """

    def decorate(endpoint: Endpoint) -> Callable[[Request], Awaitable[Response]]:
        @functools.wraps(endpoint)
        async def wrapper(request: Request) -> Response:
            principal = principal_of(request)
            require(principal, permission)
            if request.method not in csrf.SAFE_METHODS:
                if not session_only:
                    require_write(principal)
                await verify_csrf(request)
            return await endpoint(request, principal)

        return wrapper

    return decorate
