"""The public results pages, each with its JSON twin (style.md §10); everyone may read them.

    page                                 JSON twin                                template
    /results                             /api/results                             results_index.html
    /results/{season}                    /api/results/{season}                    results_season.html
    /results/{season}/weeks/{week}       /api/results/{season}/weeks/{week}       results_week.html

What is published (confirmed weeks only, never vote counts) is decided in :mod:`.results_data`.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from floorcraft.errors import NotFound
from floorcraft.show import service
from floorcraft.web.auth.guard import guarded
from floorcraft.web.auth.roles import Permission, Principal
from floorcraft.web.context import site_of
from floorcraft.web.pages import results_data


def _index(engine) -> dict:
    return {
        "seasons": [results_data.season_summary(service.load(engine, k)) for k in service.season_keys(engine)]
    }


def _week(engine, key: str, week: str) -> dict:
    if not week.isdigit():
        raise NotFound(f"season {key!r}: no week {week!r}")
    return results_data.week_results(service.load(engine, key), int(week))


def _season(engine, key: str) -> dict:
    return results_data.season_results(service.load(engine, key))


async def _data(request: Request) -> tuple[str, dict]:
    """(template, data) of the page named by the request's path parameters."""
    engine, params = site_of(request).engine, request.path_params
    if "week" in params:
        return "results_week.html", await run_in_threadpool(_week, engine, params["season"], params["week"])
    if "season" in params:
        return "results_season.html", await run_in_threadpool(_season, engine, params["season"])
    return "results_index.html", await run_in_threadpool(_index, engine)


@guarded(Permission.VIEW_PUBLIC)
async def results_page(request: Request, principal: Principal) -> Response:
    template, data = await _data(request)
    return site_of(request).render(request, template, {"results": data})


@guarded(Permission.VIEW_PUBLIC)
async def results_api(request: Request, principal: Principal) -> Response:
    _template, data = await _data(request)
    return JSONResponse(data)


def routes() -> list[BaseRoute]:
    return [
        Route(prefix + path, endpoint)
        for path in ("", "/{season}", "/{season}/weeks/{week}")
        for prefix, endpoint in (("/results", results_page), ("/api/results", results_api))
    ]
