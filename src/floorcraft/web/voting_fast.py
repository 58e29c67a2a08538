"""The raw-ASGI fast path of the two hot endpoints: ``POST /api/polls/{poll_id}/votes`` and
``POST /api/webhooks/sms/{poll_id}``.

A pure ASGI middleware in front of the Starlette app (docs/voting.md §7): for those two paths it reads the
body straight from ``receive``, answers through the same functions as the Starlette routes
(:func:`~floorcraft.web.voting_api.vote_answer`, :func:`~floorcraft.web.voting_api.sms_answer`: same
validation, error shape, idempotency and limits) and sends pre-built headers — no per-request ``Request``
object, router walk or ``Response`` class. Everything else (other paths and methods, a mounted app with a
``root_path``) passes through to Starlette unchanged.
"""

from __future__ import annotations

from floorcraft.voting.service import VotingService
from floorcraft.web.voting_api import HEADER, sms_answer, vote_answer

VOTES_PREFIX, VOTES_SUFFIX = "/api/polls/", "/votes"
SMS_PREFIX = "/api/webhooks/sms/"
_KEY_HEADER = b"idempotency-key"
_SIGNATURE = HEADER.encode()
_CONTENT_TYPE = (b"content-type", b"application/json")


def _poll_in(path: str) -> tuple[str, str | None]:
    """``("vote"|"sms", poll_id)`` when ``path`` is a hot path (one non-empty segment, like Starlette's
    ``{poll_id}``), else ``("", None)``."""
    if path.startswith(VOTES_PREFIX) and path.endswith(VOTES_SUFFIX):
        poll_id = path[len(VOTES_PREFIX) : -len(VOTES_SUFFIX)]
        if poll_id and "/" not in poll_id:
            return "vote", poll_id
    elif path.startswith(SMS_PREFIX):
        poll_id = path[len(SMS_PREFIX) :]
        if poll_id and "/" not in poll_id:
            return "sms", poll_id
    return "", None


def _header(headers, name: bytes) -> str | None:
    """The first value of header ``name`` (ASGI names are lower case), as Starlette's ``Headers.get``."""
    for key, value in headers:
        if key == name:
            return value.decode("latin-1")
    return None


async def _body(receive) -> bytes | None:
    """The whole request body; ``None`` when the client went away first."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


class VotingFastPath:
    """ASGI middleware: the hot endpoints of ``service`` answered directly, everything else by ``app``."""

    def __init__(self, app, service: VotingService):
        self.app = app
        self.service = service

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope.get("root_path"):
            return await self.app(scope, receive, send)
        path = scope["path"]
        kind, poll_id = _poll_in(path)
        if poll_id is None:
            return await self.app(scope, receive, send)
        where = path.replace("?", "%3F").replace("#", "%23").replace("\\", "%5C")  # as Starlette's url.path
        body = await _body(receive)
        if body is None:
            return None
        if kind == "vote":
            client = scope.get("client")
            key = _header(scope["headers"], _KEY_HEADER)
            status, answer = await vote_answer(
                self.service, poll_id, body, key, client[0] if client else None, where
            )
        else:
            signature = _header(scope["headers"], _SIGNATURE)
            status, answer = await sms_answer(self.service, poll_id, body, signature, where)
        headers = [_CONTENT_TYPE, (b"content-length", str(len(answer)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": answer})
        return None
