"""The voter's phone page and its JSON twin (style.md §10): choose couples, split the allowed votes.

    page      JSON twin             what
    /vote     /api/vote             the live season's poll: choices, the limit, this phone's votes so far
              POST /api/vote        cast: ``{"votes": {couple: n}, "key": idempotency key}``

What identifies a web voter (the demo): a random voter id kept in this browser's **signed session cookie**
(created when the page or its twin is first read; ``voter_id``). It is passed to F's
:meth:`floorcraft.voting.service.VotingService.cast` as the web identity, which stores only a keyed hash
of it. Clearing cookies makes a new voter — acceptable for a demo; a real show signs voters in (e-mail or
phone verification) and passes that account id instead. The cast goes through the site (role table and
CSRF like every form) rather than straight to ``POST /api/polls/{id}/votes``, so the identity cannot be
chosen by the client.

The voting service decides everything (window, caps, idempotency); refusals come back in the one error
shape with a message a voter understands (:data:`REFUSALS`). The receipt can be checked at
``/api/receipts/{receipt}`` (F's voting API). Tallies are never shown here.
"""

from __future__ import annotations

import secrets

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from floorcraft.errors import Conflict, FloorcraftError, InvalidInput, LimitExceeded, NotAllowed, NotFound
from floorcraft.show import live
from floorcraft.voting import polls
from floorcraft.voting.journal import voter_usage
from floorcraft.voting.model import Channel, Mode
from floorcraft.web.auth.guard import client_ip, guarded, session_of
from floorcraft.web.auth.roles import Permission, Principal
from floorcraft.web.context import site_of
from floorcraft.web.pages.body import idempotency_key, json_body
from floorcraft.web.show_context import live_season

SESSION_KEY = "voter"

#: The voting ledger's refusal codes, as a voter reads them (and the error class they are answered with).
REFUSALS: dict[str, tuple[type[FloorcraftError], str]] = {
    "window_closed": (NotAllowed, "The vote is closed: votes are not being taken now."),
    "channel_paused": (NotAllowed, "Online voting is paused for a moment; please try again shortly."),
    "channel_voided": (NotAllowed, "Online voting has been stopped for this poll."),
    "cap_exceeded": (LimitExceeded, "You have reached your vote limit for this poll."),
    "idempotency_key_reused": (Conflict, "This submission was already used for different votes."),
    "not_found": (NotFound, "There is no vote open now."),
    "invalid_choice": (InvalidInput, "That couple is not in this vote."),
}


def voter_id(request: Request) -> str:
    """This browser's voter id from its signed session (created on first use)."""
    session = session_of(request)
    if SESSION_KEY not in session:
        session[SESSION_KEY] = secrets.token_hex(16)
        session.modified = True
    return str(session[SESSION_KEY])


def voting_service(request: Request):
    service = getattr(request.app.state, "voting", None)
    if service is None:
        raise NotFound("voting is not served on this site")
    return service


def _mine(engine, poll_id: str, voter_hash: str, rules) -> dict[str, int]:
    """This voter's votes so far: the current allocation (re-assignable channels) or the used counters."""
    with engine.connect() as conn:
        return voter_usage(conn, poll_id, Channel.WEB.value, voter_hash, rules.mode, rules.cap_scope)


def phone_state(engine, season: str, service, voter: str) -> dict:
    """What the phone shows: the poll of the week being played, whether it is open, its limit and what
    this voter has used (never any tally)."""
    state = live.current(engine, season)
    poll_id = state.poll or (live.poll_id(season, state.week) if state.week is not None else None)
    out = {
        "season": season,
        "week": state.week,
        "poll": None,
        "open": False,
        "message": "There is no vote yet.",
    }
    if poll_id is None:
        return out
    try:
        info = polls.get_poll(engine, poll_id)
    except NotFound:
        return out | {"message": "The vote has not opened yet."}
    rules = info.channels.get(Channel.WEB)
    is_open = info.is_open(polls.now_us()) and rules is not None and not info.paused.get(Channel.WEB, False)
    mine = _mine(engine, poll_id, service.voter(Channel.WEB, voter), rules) if rules else {}
    reassignable = rules is not None and rules.mode == Mode.ALLOCATION
    used = 0 if reassignable else sum(mine.values())
    return out | {
        "poll": poll_id,
        "title": info.title,
        "open": is_open,
        "message": "" if is_open else REFUSALS["window_closed"][1],
        "choices": [{"id": c, "name": n} for c, n in info.choices.items()],
        "limit": {
            "cap": rules.cap if rules else None,
            "scope": str(rules.cap_scope) if rules else None,
            "reassignable": reassignable,
            "used": used,
            "remaining": None if rules is None or rules.cap is None else max(0, rules.cap - used),
        },
        "mine": mine if reassignable else {},
    }


async def _state(request: Request) -> dict:
    service = voting_service(request)
    voter = voter_id(request)
    return await run_in_threadpool(phone_state, site_of(request).engine, live_season(request), service, voter)


@guarded(Permission.VIEW_PUBLIC)
async def vote_page(request: Request, principal: Principal) -> Response:
    return site_of(request).render(request, "vote.html", {"phone": await _state(request)})


@guarded(Permission.VIEW_PUBLIC)
async def vote_api(request: Request, principal: Principal) -> Response:
    return JSONResponse(await _state(request))


@guarded(Permission.VOTE)
async def cast(request: Request, principal: Principal) -> Response:
    body = await json_body(request)
    votes = body.get("votes")
    if not isinstance(votes, dict) or not votes:
        raise InvalidInput("votes: give at least one couple and a number of votes")
    key = idempotency_key(body, request.headers.get("idempotency-key"))
    service = voting_service(request)
    state = await _state(request)
    if state["poll"] is None:
        raise NotAllowed(state["message"])
    outcome = await service.cast(
        state["poll"], idempotency_key=key, voter=voter_id(request), votes=votes, ip=client_ip(request)
    )
    if not outcome.ok:
        error, message = REFUSALS.get(outcome.code or "", (Conflict, outcome.message or "refused"))
        detail = f" ({outcome.message})" if outcome.code == "cap_exceeded" and outcome.message else ""
        raise error(message + detail)
    return JSONResponse(
        {
            "receipt": outcome.receipt,
            "check": f"/api/receipts/{outcome.receipt}",
            "votes": outcome.total,
            "replayed": outcome.status == "replayed",
            "state": await _state(request),
        },
        status_code=200 if outcome.status == "replayed" else 201,
    )


def routes() -> list[BaseRoute]:
    return [
        Route("/vote", vote_page),
        Route("/api/vote", vote_api),
        Route("/api/vote", cast, methods=["POST"]),
    ]
