"""The voting HTTP API: thin Starlette routes over :class:`floorcraft.voting.service.VotingService`.

JSON in and out with msgspec (no ORM on the hot path); one error shape
``{"error": {"code", "message", "where"}}`` (style.md §10), statuses from one table (:data:`STATUS`).
``routes(service)`` returns the routes so a bigger app can mount them; ``openapi_document()`` describes them.
"""

from __future__ import annotations

import collections
import hmac
from datetime import datetime

import msgspec
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from floorcraft.errors import Conflict, FloorcraftError, InvalidInput, LimitExceeded, NotAllowed, NotFound
from floorcraft.voting import abuse, polls, tally
from floorcraft.voting.ledger import Outcome
from floorcraft.voting.limits import find_preset
from floorcraft.voting.model import CapScope, Channel, ChannelRules, Mode
from floorcraft.voting.service import VotingService
from floorcraft.voting.webhooks import HEADER, SignatureError, verify_signature
from floorcraft.web.voting_schemas import (
    DonationIn,
    DonationOut,
    Error,
    ErrorBody,
    PollIn,
    Receipt,
    SmsBatchIn,
    SmsBatchOut,
    SmsResult,
    VoidIn,
    VoteIn,
    WindowIn,
    check_ids,
)

STATUS = {
    InvalidInput: 422,
    NotFound: 404,
    Conflict: 409,
    LimitExceeded: 429,
    SignatureError: 401,
    NotAllowed: 403,
}
OUTCOME_STATUS = {
    "window_closed": 403,
    "channel_paused": 403,
    "channel_voided": 403,
    "cap_exceeded": 429,
    "idempotency_key_reused": 409,
    "not_found": 404,
    "invalid_choice": 422,
    "unavailable": 503,
}

UNAVAILABLE_BATCH = "the vote ledger could not store this batch; none of it was stored, send it again"
MAX_ID = 2**53  # ids in paths: beyond this no row exists (and SQLite integers would overflow)
_encoder = msgspec.json.Encoder()
JSON = "application/json"
Answer = tuple[int, bytes]  # (HTTP status, JSON body): what the hot path hands to any ASGI layer


def json_response(obj, status: int = 200) -> Response:
    return Response(_encoder.encode(obj), status_code=status, media_type=JSON)


def error_response(status: int, code: str, message: str, where: str | None = None) -> Response:
    return json_response(Error(ErrorBody(code, message, where)), status)


def _status_of(exc: FloorcraftError) -> int:
    for cls, status in STATUS.items():
        if isinstance(exc, cls):
            return status
    return 400


def _outcome_error(outcome: Outcome, where: str) -> Response:
    status, body = _outcome_answer(outcome, where)
    return Response(body, status_code=status, media_type=JSON)


class Unauthorized(NotAllowed):
    code = "unauthorized"


def error_answer(exc: Exception, path: str) -> Answer | None:
    """The one error shape for a floorcraft or decoding error (``None``: not ours, let it propagate)."""
    if isinstance(exc, Unauthorized):
        status, code, where = 401, exc.code, "Authorization"
    elif isinstance(exc, FloorcraftError):
        status, code, where = _status_of(exc), exc.code, path
    elif isinstance(exc, msgspec.ValidationError):
        status, code = 422, "invalid_body"
        where = str(exc).rsplit(" - at ", 1)[-1] if " - at " in str(exc) else "$"
    elif isinstance(exc, msgspec.DecodeError):
        status, code, where = 422, "invalid_json", "$"
    else:
        return None
    return status, _encoder.encode(Error(ErrorBody(code, str(exc), where)))


def api(handler):
    """Turn floorcraft and decoding errors into the one error shape."""

    async def endpoint(request: Request) -> Response:
        try:
            return await handler(request)
        except (FloorcraftError, msgspec.ValidationError, msgspec.DecodeError) as exc:
            status, body = error_answer(exc, request.url.path)
            return Response(body, status_code=status, media_type=JSON)

    endpoint.__name__ = handler.__name__
    endpoint.__doc__ = handler.__doc__
    return endpoint


async def _answer(call, path: str) -> Answer:
    """``await call()`` -> ``(status, body)``, errors in the one error shape."""
    try:
        return await call()
    except (FloorcraftError, msgspec.ValidationError, msgspec.DecodeError) as exc:
        return error_answer(exc, path)


def _outcome_answer(outcome: Outcome, where: str) -> Answer:
    body = Error(ErrorBody(outcome.code, outcome.message or "", where))
    return OUTCOME_STATUS.get(outcome.code, 400), _encoder.encode(body)


async def vote_answer(
    service: VotingService, poll_id: str, body: bytes, key_header: str | None, ip: str | None, path: str
) -> Answer:
    """``POST /api/polls/{poll_id}/votes``, independent of the ASGI framework: the Starlette route and the
    raw-ASGI fast path (:mod:`floorcraft.web.voting_fast`) both answer through here."""

    async def call() -> Answer:
        vote = msgspec.json.decode(body, type=VoteIn)
        outcome = await service.cast(
            poll_id,
            idempotency_key=_idempotency_key(vote.idempotency_key, key_header),
            voter=vote.voter,
            votes=vote.votes,
            ip=ip,
            challenge=vote.challenge,
        )
        if not outcome.ok:
            return _outcome_answer(outcome, "votes")
        replayed = outcome.status == "replayed"
        receipt = Receipt(outcome.receipt, poll_id, "web", outcome.total, outcome.received_at, replayed)
        return 200 if replayed else 201, _encoder.encode(receipt)

    return await _answer(call, path)


async def sms_answer(
    service: VotingService, poll_id: str, body: bytes, signature: str | None, path: str
) -> Answer:
    """``POST /api/webhooks/sms/{poll_id}``: the signature is checked once for the whole batch, the batch
    decoded in one msgspec call, and its messages go to the ledger as one group."""

    async def call() -> Answer:
        verify_signature(_secret(service.secrets.sms), signature, body)
        batch = msgspec.json.decode(body, type=SmsBatchIn)
        messages = batch.messages
        ids, senders = [m.id for m in messages], [m.sender for m in messages]
        couples = [m.couple for m in messages]
        check_ids(couples, "$.messages[{}].couple")
        statuses, receipts, codes = await service.sms_batch(poll_id, ids, senders, couples)
        if "unavailable" in codes:  # the ledger stored none of the batch: the aggregator sends it again
            return 503, _encoder.encode(Error(ErrorBody("unavailable", UNAVAILABLE_BATCH, path)))
        out = list(map(SmsResult, ids, statuses, receipts, codes))
        counts = collections.Counter(statuses)
        return 200, _encoder.encode(
            SmsBatchOut(batch.batch_id, counts["accepted"], counts["replayed"], counts["rejected"], out)
        )

    return await _answer(call, path)


async def _decode(request: Request, cls):
    return msgspec.json.decode(await request.body(), type=cls)


def _idempotency_key(in_body: str | None, in_header: str | None) -> str:
    """The submission's key, from the body or the ``Idempotency-Key`` header (not two different ones)."""
    if in_header is not None and not 1 <= len(in_header) <= 255:
        raise InvalidInput("Idempotency-Key: 1 to 255 characters")
    if in_body and in_header and in_body != in_header:
        raise InvalidInput("idempotency_key: differs from the Idempotency-Key header")
    key = in_body or in_header
    if not key:
        raise InvalidInput("idempotency_key: required (in the body or the Idempotency-Key header)")
    return key


def _secret(secret: bytes | None) -> bytes:
    """A webhook without a configured secret accepts nothing (an empty key would sign anything)."""
    if not secret:
        raise SignatureError("this webhook has no signing secret configured on the server")
    return secret


def _client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def _poll_public(info: polls.PollInfo, now: int) -> dict:
    return {
        "id": info.id,
        "title": info.title,
        "season_ref": info.season_ref,
        "period_ref": info.period_ref,
        "open": info.is_open(now),
        "opens_at": info.window.opens_at,
        "closes_at": info.window.closes_at,
        "choices": [{"id": c, "name": n} for c, n in info.choices.items()],
        "channels": {
            ch: {
                "cap": r.cap,
                "cap_scope": str(r.cap_scope),
                "mode": str(r.mode),
                "price_cents": r.price_cents,
                "paused": info.paused.get(ch, False),
                "voided": ch in info.voided_channels(),
            }
            for ch, r in info.channels.items()
        },
    }


def routes(service: VotingService) -> list[Route]:
    """The voting API's routes, bound to ``service``."""
    engine = service.engine

    def producer(request: Request) -> str:
        token = service.secrets.producer_token
        given = request.headers.get("authorization", "")
        if not token or not given.startswith("Bearer ") or not hmac.compare_digest(given[7:], token):
            raise Unauthorized("producer token required (Authorization: Bearer ...)")
        return request.headers.get("x-actor", "producer")[:100]

    async def cast_vote(request: Request) -> Response:
        status, body = await vote_answer(
            service,
            request.path_params["poll_id"],
            await request.body(),
            request.headers.get("idempotency-key"),
            _client_ip(request),
            request.url.path,
        )
        return Response(body, status_code=status, media_type=JSON)

    async def sms_webhook(request: Request) -> Response:
        status, body = await sms_answer(
            service,
            request.path_params["poll_id"],
            await request.body(),
            request.headers.get(HEADER),
            request.url.path,
        )
        return Response(body, status_code=status, media_type=JSON)

    @api
    async def donation_webhook(request: Request) -> Response:
        body = await request.body()
        verify_signature(_secret(service.secrets.donations), request.headers.get(HEADER), body)
        event = msgspec.json.decode(body, type=DonationIn)
        outcome = await service.donation(
            request.path_params["poll_id"],
            event_id=event.id,
            payer=event.payer,
            couple=event.couple,
            amount_cents=event.amount_cents,
        )
        if outcome is None:
            return json_response(DonationOut(event.id, "no_vote", 0))
        if not outcome.ok:
            return _outcome_error(outcome, "event")
        return json_response(DonationOut(event.id, outcome.status, outcome.total, outcome.receipt))

    @api
    async def poll_public(request: Request) -> Response:
        info = await run_in_threadpool(polls.get_poll, engine, request.path_params["poll_id"])
        return json_response(_poll_public(info, polls.now_us()))

    @api
    async def results(request: Request) -> Response:
        """Certified results only: nothing is public while a poll is open (voting-at-scale.md §7)."""
        poll_id = request.path_params["poll_id"]
        info = await run_in_threadpool(polls.get_poll, engine, poll_id)
        cert = await run_in_threadpool(tally.certification, engine, poll_id)
        if cert is None or info.is_open(polls.now_us()):
            return error_response(403, "results_hidden", "results are published once certified", "results")
        return json_response(cert)

    @api
    async def receipt(request: Request) -> Response:
        rec = request.path_params["receipt"]
        if len(rec) != 64 or any(ch not in "0123456789abcdef" for ch in rec):
            raise InvalidInput("receipt: 64 lowercase hex digits")
        return json_response(await run_in_threadpool(tally.verify_receipt, engine, rec))

    @api
    async def create_poll(request: Request) -> Response:
        actor = producer(request)
        body = await _decode(request, PollIn)
        if body.preset:
            preset = find_preset(body.preset)
            channels = preset.build()
        elif body.channels:
            channels = tuple(
                ChannelRules(
                    channel=Channel(c.channel),
                    cap=c.cap,
                    cap_scope=CapScope(c.cap_scope),
                    mode=Mode(c.mode),
                    price_cents=c.price_cents,
                    challenge=c.challenge,
                )
                for c in body.channels
            )
        else:
            raise InvalidInput("preset or channels: one is required")
        info = await run_in_threadpool(
            lambda: polls.create_poll(
                engine,
                poll_id=body.id,
                title=body.title,
                choices=[(c.id, c.name) for c in body.choices],
                channels=channels,
                actor=actor,
                season_ref=body.season_ref,
                period_ref=body.period_ref,
                preset=body.preset,
            )
        )
        return json_response(_poll_public(info, polls.now_us()), 201)

    def _us(value: datetime | None) -> int | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise InvalidInput("times need a time zone (e.g. 2026-11-26T20:00:00Z)")
        return int(value.timestamp() * 1_000_000)

    @api
    async def open_poll(request: Request) -> Response:
        actor = producer(request)
        raw = await request.body()
        window = msgspec.json.decode(raw, type=WindowIn) if raw.strip() else WindowIn()
        info = await run_in_threadpool(
            lambda: polls.open_poll(
                engine,
                request.path_params["poll_id"],
                actor=actor,
                opens_at=_us(window.opens_at),
                closes_at=_us(window.closes_at),
            )
        )
        return json_response(_poll_public(info, polls.now_us()))

    @api
    async def close_poll(request: Request) -> Response:
        actor = producer(request)
        info = await run_in_threadpool(
            lambda: polls.close_poll(engine, request.path_params["poll_id"], actor=actor)
        )
        return json_response(_poll_public(info, polls.now_us()))

    @api
    async def channel_action(request: Request) -> Response:
        actor = producer(request)
        poll_id, channel = request.path_params["poll_id"], request.path_params["channel"]
        action = request.path_params["action"]
        if action == "pause":
            await run_in_threadpool(lambda: polls.set_paused(engine, poll_id, channel, True, actor=actor))
        elif action == "resume":
            await run_in_threadpool(lambda: polls.set_paused(engine, poll_id, channel, False, actor=actor))
        elif action == "restore":
            await run_in_threadpool(lambda: polls.restore_channel(engine, poll_id, channel, actor=actor))
        else:
            raise NotFound(f"channel action {action!r}: one of pause, resume, restore")
        info = await run_in_threadpool(polls.get_poll, engine, poll_id)
        return json_response(_poll_public(info, polls.now_us()))

    @api
    async def add_void(request: Request) -> Response:
        actor = producer(request)
        body = await _decode(request, VoidIn)
        target = body.target
        if body.kind == "voter":
            if body.channel is None:
                raise InvalidInput("channel: required to void a voter (identities are per channel)")
            target = service.voter(body.channel, body.target)
        poll_id = request.path_params["poll_id"]
        void_id = await run_in_threadpool(
            lambda: polls.add_void(engine, poll_id, body.kind, target, actor=actor, reason=body.reason)
        )
        return json_response({"void_id": void_id, "kind": body.kind, "target": target}, 201)

    @api
    async def lift_void(request: Request) -> Response:
        actor = producer(request)
        poll_id, void_id = request.path_params["poll_id"], request.path_params["void_id"]
        if not 1 <= void_id <= MAX_ID:
            raise NotFound(f"void {void_id}: no such void")
        await run_in_threadpool(lambda: polls.lift_void(engine, poll_id, void_id, actor=actor))
        return json_response({"void_id": void_id, "lifted": True})

    def producer_read(fn):
        @api
        async def handler(request: Request) -> Response:
            producer(request)
            return json_response(await run_in_threadpool(fn, engine, request.path_params["poll_id"]))

        handler.__name__ = fn.__name__
        return handler

    @api
    async def certify(request: Request) -> Response:
        actor = producer(request)
        return json_response(
            await run_in_threadpool(
                lambda: tally.certify(engine, request.path_params["poll_id"], actor=actor)
            )
        )

    prefix = "/api/producer/polls/{poll_id}"
    return [
        Route("/api/polls/{poll_id}", poll_public, methods=["GET"]),
        Route("/api/polls/{poll_id}/votes", cast_vote, methods=["POST"]),
        Route("/api/polls/{poll_id}/results", results, methods=["GET"]),
        Route("/api/receipts/{receipt}", receipt, methods=["GET"]),
        Route("/api/webhooks/sms/{poll_id}", sms_webhook, methods=["POST"]),
        Route("/api/webhooks/donations/{poll_id}", donation_webhook, methods=["POST"]),
        Route("/api/producer/polls", create_poll, methods=["POST"]),
        Route(prefix + "/open", open_poll, methods=["POST"]),
        Route(prefix + "/close", close_poll, methods=["POST"]),
        Route(prefix + "/channels/{channel}/{action}", channel_action, methods=["POST"]),
        Route(prefix + "/voids", add_void, methods=["POST"]),
        Route(prefix + "/voids/{void_id:int}/lift", lift_void, methods=["POST"]),
        Route(prefix + "/tally", producer_read(tally.live_tally), methods=["GET"]),
        Route(prefix + "/recount", producer_read(tally.check_recount), methods=["GET"]),
        Route(prefix + "/audit", producer_read(polls.audit_log), methods=["GET"]),
        Route(prefix + "/anomalies", producer_read(abuse.anomaly_report), methods=["GET"]),
        Route(prefix + "/certify", certify, methods=["POST"]),
    ]
