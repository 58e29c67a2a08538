"""The ASGI app: ``create_app(db_url, ...)`` serves the voting API and ``/openapi.json``.

A bigger app (the live-show web app) can instead build a :class:`~floorcraft.voting.service.VotingService`,
mount ``voting_api.routes(service)`` and close the service in its own lifespan. ``app_from_env`` is the
factory ``floorcraft votes serve`` hands to uvicorn (one per worker process).
"""

from __future__ import annotations

import contextlib
import gc
import os

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.routing import Route

from floorcraft.store.db import open_store
from floorcraft.voting.abuse import ChallengeVerifier, RateLimits
from floorcraft.voting.service import Secrets, VotingService
from floorcraft.web import voting_api
from floorcraft.web.voting_fast import VotingFastPath
from floorcraft.web.voting_openapi import openapi_document


def create_app(
    db_url: str | None = None,
    *,
    secrets: Secrets | None = None,
    rate_limits: RateLimits | None = RateLimits(),
    challenge: ChallengeVerifier | None = None,
    max_batch: int | None = None,
    max_wait_ms: float | None = None,
    hash_helper: bool = True,
    service: VotingService | None = None,
) -> Starlette:
    """The voting app on ``db_url`` (migrated on start). ``secrets`` default to the environment
    (:meth:`Secrets.from_env`). ``hash_helper``: big SMS batches are hashed in a helper process
    (``voting/hash_helper.py``)."""
    owned = service is None  # a service handed in is closed by whoever made it
    if service is None:
        extra = {k: v for k, v in (("max_batch", max_batch), ("max_wait_ms", max_wait_ms)) if v is not None}
        service = VotingService(
            open_store(db_url),
            secrets or Secrets.from_env(),
            rate_limits=rate_limits,
            challenge=challenge,
            hash_helper=hash_helper,
            **extra,
        )
    document = openapi_document()

    async def openapi(_request: Request):
        return voting_api.json_response(document)

    async def http_error(_request: Request, exc: HTTPException):
        return voting_api.error_response(exc.status_code, "http_error", exc.detail, _request.url.path)

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        await service.preload()
        yield
        if owned:
            service.close()

    app = Starlette(
        routes=[*voting_api.routes(service), Route("/openapi.json", openapi, methods=["GET"])],
        exception_handlers={HTTPException: http_error},
        lifespan=lifespan,
        middleware=[Middleware(VotingFastPath, service=service)],  # the hot endpoints, raw ASGI
    )
    app.state.voting = service
    return app


def app_from_env() -> Starlette:
    """``FLOORCRAFT_DB`` + the secrets of :meth:`Secrets.from_env`; ``FLOORCRAFT_RATE_LIMITS=off`` switches
    the per-IP/per-voter rate limits off (load tests from one address); ``FLOORCRAFT_HASH_HELPER=off``
    hashes SMS batches on the event loop (no helper process)."""
    limits = None if os.environ.get("FLOORCRAFT_RATE_LIMITS") == "off" else RateLimits()
    wait = os.environ.get("FLOORCRAFT_MAX_WAIT_MS")
    batch = os.environ.get("FLOORCRAFT_MAX_BATCH")
    app = create_app(
        None,
        rate_limits=limits,
        max_wait_ms=float(wait) if wait else None,
        max_batch=int(batch) if batch else None,
        hash_helper=os.environ.get("FLOORCRAFT_HASH_HELPER") != "off",
    )
    # A server process (one per worker) freezes what it has built so far — the imported libraries and the
    # app — out of the garbage collector's reach: a full collection walking them stopped the event loop for
    # 76 ms in the middle of a vote load, every few seconds (docs/voting.md §7.1).
    # And it collects the youngest generation every 50,000 new objects, not every 700: an SMS batch of
    # 2,000 messages makes about 10,000 short-lived objects, which a collection in mid-batch would walk
    # while they are still alive (about 0.5 µs per message); collected later, most are already gone.
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    return app
