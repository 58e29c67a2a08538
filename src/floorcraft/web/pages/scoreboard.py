"""The big-screen scoreboard shell: the latest announcement, kept live over SSE by ``static/live.js``."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from floorcraft.web.auth.guard import guarded
from floorcraft.web.auth.roles import Permission, Principal
from floorcraft.web.context import site_of
from floorcraft.web.live import Broker

#: Event kind the control shell publishes and the scoreboard shell shows.
ANNOUNCEMENT = "announcement"


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
