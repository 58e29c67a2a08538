"""What the live-show pages share: which season is live tonight, the publisher, and running a service call.

``create_show_app(..., season=...)`` sets ``app.state.live_season``; every live page (control room, big
screen, judge tablets, voter phones, results) asks :func:`live_season`. Service calls are blocking (SQL), so
pages run them with :func:`call` in the thread pool, passing :func:`publisher` so that screens update.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection

from floorcraft.errors import NotFound
from floorcraft.web.context import site_of

#: The season a site serves when ``create_show_app`` was given none (the demo's season id).
DEFAULT_SEASON = "demo"


def live_season(request: HTTPConnection) -> str:
    """The id of the season the live pages run (``app.state.live_season``)."""
    season = getattr(request.app.state, "live_season", None)
    if not season:
        raise NotFound("no live season is configured on this site")
    return season


def publisher(request: HTTPConnection) -> Callable[..., object]:
    """``publish(kind, data, channel=...)`` onto the site's live broker (``publish=`` of show.live)."""
    return site_of(request).broker.publish


async def call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a blocking service function in the thread pool."""
    return await run_in_threadpool(lambda: fn(*args, **kwargs))
