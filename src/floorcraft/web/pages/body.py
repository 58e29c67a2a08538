"""Reading a JSON submission from a tablet or phone: the body object, its idempotency key, and whose it is."""

from __future__ import annotations

from starlette.requests import Request

from floorcraft.errors import InvalidInput
from floorcraft.web.auth.roles import Principal, require_own_score

MAX_KEY = 120


async def json_body(request: Request) -> dict:
    """The request's JSON object (InvalidInput for anything else)."""
    try:
        body = await request.json()
    except ValueError as exc:
        raise InvalidInput(f"body: not JSON ({exc})") from None
    if not isinstance(body, dict):
        raise InvalidInput("body: must be a JSON object")
    return body


def idempotency_key(body: dict, header: str | None, *, field: str = "key") -> str:
    """The submission's key from ``body[field]`` or the ``Idempotency-Key`` header (two different ones are
    refused, so a client cannot confuse itself)."""
    in_body = body.get(field)
    if in_body is not None and not isinstance(in_body, str):
        raise InvalidInput(f"{field}: must be a string")
    if in_body and header and in_body != header:
        raise InvalidInput(f"{field}: differs from the Idempotency-Key header")
    key = (in_body or header or "").strip()
    if not key or len(key) > MAX_KEY:
        raise InvalidInput(
            f"{field}: required, 1 to {MAX_KEY} characters (in the body or the Idempotency-Key header)"
        )
    return key


async def own_submission(request: Request, principal: Principal) -> tuple[dict, str]:
    """A judge's submission: its body and the judge it names (default: the signed-in judge), refused with
    ``NotAllowed`` (403) unless that is the signed-in judge (``require_own_score``)."""
    body = await json_body(request)
    judge = body.get("judge", principal.judge_ref)
    if not isinstance(judge, str):
        raise InvalidInput("judge: must be a judge id (TV) or letter (DanceSport)")
    require_own_score(principal, judge)
    return body, judge
