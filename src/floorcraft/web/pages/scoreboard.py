"""The big screen / broadcast overlay: the live night's board, kept live over SSE.

``/scoreboard`` renders a full-screen page; ``static/scoreboard.js`` draws the board from the JSON twin
``/api/scoreboard`` and redraws it on every ``show`` event of the public live feed (published by
:mod:`floorcraft.show.live` after each step), so screens follow the night within a second. Producers'
announcements (``announcement`` events) are shown too (``static/live.js``). The board holds only public
facts (:func:`floorcraft.show.live_board.board`): a score appears when it is revealed, never before.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from floorcraft.errors import NotFound
from floorcraft.show import live, service
from floorcraft.show.live_board import board
from floorcraft.web.auth.guard import guarded
from floorcraft.web.auth.roles import Permission, Principal
from floorcraft.web.context import site_of
from floorcraft.web.live import Broker

#: Event kind the control shell publishes and the scoreboard shell shows.
ANNOUNCEMENT = "announcement"


def live_board(engine, season: str | None) -> dict | None:
    """The public board of the live season (None when the site runs none)."""
    if not season:
        return None
    try:
        return board(service.load(engine, season), live.current(engine, season))
    except NotFound:
        return None


async def _scoreboard(request: Request, broker: Broker) -> dict:
    last_id = broker.last_id  # read before the state: anything published after is replayed to the screen
    latest = broker.latest(ANNOUNCEMENT)
    season = getattr(request.app.state, "live_season", None)
    return {
        "last_event_id": last_id,
        "announcement": latest.as_json() if latest else None,
        "board": await run_in_threadpool(live_board, site_of(request).engine, season),
    }


@guarded(Permission.VIEW_PUBLIC)
async def scoreboard_page(request: Request, principal: Principal) -> Response:
    board_ = await _scoreboard(request, site_of(request).broker)
    return site_of(request).render(request, "scoreboard.html", {"board": board_})


@guarded(Permission.VIEW_PUBLIC)
async def scoreboard_api(request: Request, principal: Principal) -> Response:
    return JSONResponse(await _scoreboard(request, site_of(request).broker))
