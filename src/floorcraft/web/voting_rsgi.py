"""The voting app on Granian's native RSGI interface (``floorcraft votes serve --server granian``).

RSGI hands the application a scope object and a protocol object instead of ASGI's per-message dicts and
``receive``/``send`` awaitables: the body comes in one ``await proto()`` and the answer goes out in one
``proto.response_bytes(...)`` call. On this machine that saves about 30 µs of server CPU per request
against a raw-ASGI app that reads the body (docs/voting.md §7.1).

:class:`VotingRSGI` answers the two hot endpoints (``POST /api/polls/{poll_id}/votes`` and
``POST /api/webhooks/sms/{poll_id}``) natively, through the same functions as the Starlette routes and the
raw-ASGI fast path (:func:`~floorcraft.web.voting_api.vote_answer`,
:func:`~floorcraft.web.voting_api.sms_answer`: same validation, error bodies, idempotency and limits).
Every other request goes to the Starlette app through a small RSGI→ASGI shim: one ASGI scope built from
the RSGI scope, the body fed to ``receive``, the ``send`` messages collected into one buffered response.
The Starlette app's lifespan (it closes the service and its ledger writer) runs in Granian's
``__rsgi_init__`` / ``__rsgi_del__`` hooks.
"""

from __future__ import annotations

import asyncio
import logging

from granian.rsgi import ProtocolClosed

from floorcraft.voting.service import VotingService
from floorcraft.web.voting_api import HEADER, sms_answer, vote_answer
from floorcraft.web.voting_fast import _poll_in

log = logging.getLogger(__name__)

_HEADERS = [("content-type", "application/json")]  # Granian adds content-length for response_bytes
_SIGNATURE = HEADER.lower()
_ASGI = {"version": "3.0", "spec_version": "2.3"}


def _address(text: str) -> tuple[str, int] | None:
    """``"host:port"`` (RSGI; IPv6 hosts may be bracketed) as ASGI's ``(host, port)``."""
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit():
        return None
    return host.strip("[]"), int(port)


def _latin1(text: str) -> bytes:
    """A header name or value as the bytes ASGI carries (RSGI hands out ``str``)."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("utf-8")


class VotingRSGI:
    """RSGI application: the hot endpoints of ``service`` answered natively, everything else by the ASGI
    ``app`` (the Starlette app of :func:`floorcraft.web.app.create_app`, whose service is ``service``)."""

    def __init__(self, app, service: VotingService):
        self.app = app
        self.service = service
        self.state: dict = {}  # the ASGI lifespan state, copied into every request scope
        self._lifespan_task: asyncio.Task | None = None
        self._to_app: asyncio.Queue | None = None
        self._from_app: asyncio.Queue | None = None

    # -- Granian hooks: the ASGI app's lifespan -----------------------------------------------------------

    def __rsgi_init__(self, loop) -> None:
        """Called by Granian with the worker's event loop before it serves: run the app's startup."""
        self._to_app, self._from_app = asyncio.Queue(), asyncio.Queue()
        self._lifespan_task = loop.create_task(self._lifespan())
        answer = loop.run_until_complete(self._lifespan_step("lifespan.startup"))
        if answer == "lifespan.startup.failed":
            raise RuntimeError("the voting app's lifespan startup failed")

    def __rsgi_del__(self, loop) -> None:
        """Called by Granian after the worker stopped serving: run the app's shutdown."""
        if self._lifespan_task is not None and not self._lifespan_task.done():
            loop.run_until_complete(self._lifespan_step("lifespan.shutdown"))
            loop.run_until_complete(asyncio.wait([self._lifespan_task], timeout=5))

    async def _lifespan(self) -> None:
        scope = {"type": "lifespan", "asgi": _ASGI, "state": self.state}
        try:
            await self.app(scope, self._to_app.get, self._from_app.put)
        except BaseException as exc:  # an app without lifespan support: carry on without it (uvicorn "auto")
            log.debug("ASGI lifespan ended: %r", exc)
        await self._from_app.put({"type": "lifespan.ended"})

    async def _lifespan_step(self, message: str) -> str:
        await self._to_app.put({"type": message})
        return (await self._from_app.get())["type"]

    # -- requests ------------------------------------------------------------------------------------------

    async def __rsgi__(self, scope, proto) -> None:
        if scope.proto == "http" and scope.method == "POST":
            path = scope.path  # percent-decoded, as ASGI's
            kind, poll_id = _poll_in(path)
            if poll_id is not None:
                return await self._hot(kind, poll_id, path, scope, proto)
        if scope.proto != "http":  # no websockets in the voting API
            return proto.close(1000)
        return await self._asgi(scope, proto)

    async def _hot(self, kind: str, poll_id: str, path: str, scope, proto) -> None:
        where = path.replace("?", "%3F").replace("#", "%23").replace("\\", "%5C")  # as Starlette's url.path
        try:
            body = await proto()
        except ProtocolClosed:  # the client went away first
            return None
        if kind == "vote":
            client = _address(scope.client)
            key = scope.headers.get("idempotency-key")
            status, answer = await vote_answer(
                self.service, poll_id, body, key, client[0] if client else None, where
            )
        else:
            signature = scope.headers.get(_SIGNATURE)
            status, answer = await sms_answer(self.service, poll_id, body, signature, where)
        proto.response_bytes(status, _HEADERS, answer)
        return None

    async def _asgi(self, scope, proto) -> None:
        """The RSGI→ASGI shim: one buffered response (the voting API streams nothing)."""
        asgi_scope = {
            "type": "http",
            "asgi": _ASGI,
            "http_version": scope.http_version,
            "method": scope.method,
            "scheme": scope.scheme,
            "path": scope.path,
            "raw_path": scope.path.encode(),
            "query_string": scope.query_string.encode("latin-1"),
            "root_path": "",
            "headers": [(_latin1(k), _latin1(v)) for k, v in scope.headers.items()],
            "client": _address(scope.client),
            "server": _address(scope.server),
            "state": self.state.copy(),
            "extensions": {},
        }
        received = False

        async def receive() -> dict:
            nonlocal received
            if not received:
                received = True
                try:
                    return {"type": "http.request", "body": await proto(), "more_body": False}
                except ProtocolClosed:
                    return {"type": "http.disconnect"}
            await proto.client_disconnect()
            return {"type": "http.disconnect"}

        status = 0
        headers: list[tuple[str, str]] = []
        chunks: list[bytes] = []
        sent = False

        async def send(message: dict) -> None:
            nonlocal status, headers, sent
            kind = message["type"]
            if kind == "http.response.start":
                status = message["status"]
                headers = [
                    (k.decode("latin-1"), v.decode("latin-1"))
                    for k, v in message.get("headers", ())
                    if k.lower() != b"content-length"  # Granian sets it from the buffered body
                ]
            elif kind == "http.response.body" and not sent:
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    sent = True
                    proto.response_bytes(status, headers, b"".join(chunks))

        await self.app(asgi_scope, receive, send)
        if status and not sent:  # the app returned without a final body message
            proto.response_bytes(status, headers, b"".join(chunks))


def rsgi_app_from_env() -> VotingRSGI:
    """The factory ``floorcraft votes serve --server granian`` hands to Granian (one per worker):
    :func:`floorcraft.web.app.app_from_env` (same environment) wrapped for RSGI."""
    from floorcraft.web.app import app_from_env

    app = app_from_env()
    return VotingRSGI(app, app.state.voting)
