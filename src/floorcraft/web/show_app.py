"""The live-show app: the site (sign-in, live feed, pages) + the live night's pages + the voting API.

``create_show_app(db_url, secret=...)`` is what ``floorcraft demo`` serves: one ASGI app for the control
room, the big screen, the judges' tablets, the voter phones and the public results pages (their route
lists, when their modules are present), the voting JSON API (``voting_api.routes``) and ``/openapi.json``
(the voting API's document with the live-night page APIs added). The voting service is closed at shutdown.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence

from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from floorcraft.store.db import open_store
from floorcraft.voting.abuse import RateLimits
from floorcraft.voting.service import Secrets, VotingService
from floorcraft.web import voting_api
from floorcraft.web.live import Broker
from floorcraft.web.pages import control
from floorcraft.web.show_context import DEFAULT_SEASON
from floorcraft.web.site import create_site

#: Modules whose ``routes()`` add pages to the live show (judge tablets, voter phones, results).
PAGE_MODULES = ("floorcraft.web.pages.judge", "floorcraft.web.pages.vote", "floorcraft.web.pages.results")

#: The live-night page APIs added to the voting API's OpenAPI document (method, path, summary, security).
PAGE_APIS = (
    ("get", "/api/me", "Who am I: role and permissions", None),
    ("get", "/api/scoreboard", "The big screen's board (public)", None),
    ("get", "/api/control", "The control room: the live night, who has submitted, results", "session"),
    (
        "post",
        "/api/control/{action}",
        "A control-room step (week, start, finish, judging, reveal, undo, "
        "vote/open, vote/close, results, save-votes, confirm)",
        "session",
    ),
    (
        "post",
        "/api/control/correct",
        "Correct a judge's score (audited; performance, judge, score, reason)",
        "session",
    ),
    ("get", "/api/control/tally", "The live vote tally (producer only)", "session"),
    ("get", "/api/control/steps", "The night's audit trail (producer only)", "session"),
)


def page_routes(modules: Sequence[str] = PAGE_MODULES) -> list[BaseRoute]:
    """The routes of the page modules that exist (each exposes ``routes()``)."""
    found: list[BaseRoute] = []
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        found.extend(module.routes())
    return found


def openapi_with_pages() -> dict:
    """F's voting API document with the live-night page APIs (session cookie + CSRF header) added."""
    from floorcraft.web.voting_openapi import openapi_document

    document = openapi_document()
    document.setdefault("info", {})["title"] = "floorcraft live show"
    error = {
        "description": "error",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    for method, path, summary, security in PAGE_APIS:
        op = {
            "summary": summary,
            "operationId": f"{method}_{path.strip('/').replace('/', '_').replace('{', '').replace('}', '')}",
            "responses": {"200": {"description": "OK (JSON)"}, "default": error},
        }
        if "{action}" in path:
            op["parameters"] = [
                {"name": "action", "in": "path", "required": True, "schema": {"type": "string"}}
            ]
        if security:
            op["description"] = (
                "Needs a signed-in session (POST /login); state changes need the X-CSRF-Token header."
            )
        document.setdefault("paths", {}).setdefault(path, {})[method] = op
    return document


def create_show_app(
    db_url: str | None = None,
    *,
    secret: str,
    season: str = DEFAULT_SEASON,
    engine: Engine | None = None,
    broker: Broker | None = None,
    voting_secrets: Secrets | None = None,
    rate_limits: RateLimits | None = RateLimits(),
    routes: Sequence[BaseRoute] = (),
    **site_options,
) -> Starlette:
    """The whole live show on the store at ``db_url`` (or ``engine``), running ``season``.

    ``voting_secrets`` default to fresh random ones (voter hashes are then only comparable within one run;
    pass :meth:`Secrets.from_env` in production). ``rate_limits`` are the voting API's per-IP/per-voter
    limits (``None``: off, e.g. a test voting from one address). Other options go to ``create_site``.
    """
    engine = engine or open_store(db_url)
    voting = VotingService(engine, voting_secrets or Secrets.random(), rate_limits=rate_limits)
    document = openapi_with_pages()

    async def openapi(_request: Request):
        return JSONResponse(document)

    app = create_site(
        engine=engine,
        secret=secret,
        broker=broker,
        routes=[
            *control.routes(),
            *page_routes(),
            *voting_api.routes(voting),
            Route("/openapi.json", openapi, methods=["GET"]),
            *routes,
        ],
        on_close=[voting.close],
        **site_options,
    )
    app.state.live_season = season
    app.state.voting = voting
    return app
