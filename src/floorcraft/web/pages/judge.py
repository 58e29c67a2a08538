"""The judges' tablets, each page with its JSON twin (style.md §10). Judges only (``view_tablet``).

    page                        JSON twin                        what
    /judge                      /api/judge                       the seasons and DanceSport events to open
    /judge/{season}             /api/judge/{season}              TV tablet: the current performance, 1–10
                                POST /api/judge/{season}/scores  submit the signed-in judge's own score
    /judge/events/{ref}         /api/judge/events/{ref}          DanceSport tablet (judge_dancesport.py)
                                POST /api/judge/events/{ref}/marks

A submission is ``{"performance", "judge", "score", "key"}`` (``key`` — the idempotency key the tablet
makes once per submission — may come in the ``Idempotency-Key`` header instead). The server checks, in
order: the role table and CSRF (``guarded``), that the judge is the signed-in judge
(``require_own_score``: 403 otherwise), then :func:`floorcraft.show.live.submit_score` checks that judging
is open for that performance (409 otherwise) and stores the score once per key (a retry gets the same
receipt, ``replayed: true``). The tablet shows "sent" only after a 2xx answer.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from floorcraft.errors import InvalidInput
from floorcraft.model.scores import format_points
from floorcraft.show import live, service
from floorcraft.show.compute import rules_of
from floorcraft.show.live_state import judging_open_for
from floorcraft.show.rulebook import score_scale
from floorcraft.web.auth.guard import guarded
from floorcraft.web.auth.roles import Permission, Principal
from floorcraft.web.context import site_of
from floorcraft.web.pages import judge_dancesport
from floorcraft.web.pages.body import idempotency_key, own_submission


def scale_values(season) -> list[str]:
    """Every score the season's rulebook allows, low to high (``1`` … ``10``, with halves when allowed)."""
    scale = score_scale(rules_of(season))
    values, value = [], scale.minimum
    while value <= scale.maximum:
        values.append(format_points(value))
        value += scale.step
    return values


def tablet_state(engine, key: str, judge: str | None) -> dict:
    """What the TV tablet of ``judge`` shows: the performance on the floor, whether judging is open for it,
    whether this judge is on tonight's panel and the score they already sent."""
    season = service.load(engine, key)
    state = live.current(engine, key)
    out = {
        "season": key,
        "title": season.title,
        "judge": {
            "id": judge,
            "name": season.judge(judge).name if judge in {j.id for j in season.judges} else None,
        },
        "week": state.week,
        "phase": state.phase.value,
        "version": state.version,
        "on_panel": judge in state.panel,
        "scores": scale_values(season),
        "performance": None,
        "judging_open": False,
        "my_score": None,
    }
    if state.performance is not None:
        perf = season.performance(state.performance)
        mine = season.score(perf.id, judge) if judge else None
        out |= {
            "performance": {
                "id": perf.id,
                "dance": perf.dance,
                "couples": [season.couple(c).name for c in perf.couples],
                "song": perf.song,
            },
            "judging_open": judging_open_for(state, perf.id) and judge in state.panel,
            "my_score": format_points(mine.value) if mine else None,
        }
    return out


# -- routes -----------------------------------------------------------------------------------------------
def _choices(engine) -> dict:
    seasons = [service.load(engine, k) for k in service.season_keys(engine)]
    return {
        "seasons": [{"season": s.id, "title": s.title, "url": f"/judge/{s.id}"} for s in seasons],
        "events": judge_dancesport.event_choices(engine),
    }


@guarded(Permission.VIEW_TABLET)
async def choose_page(request: Request, principal: Principal) -> Response:
    """The live season's tablet when the site runs one (``create_show_app``), else the list to choose from."""
    season = getattr(request.app.state, "live_season", None)
    if season:
        return RedirectResponse(f"/judge/{season}", status_code=303)
    data = await run_in_threadpool(_choices, site_of(request).engine)
    return site_of(request).render(request, "judge_choose.html", {"choices": data})


@guarded(Permission.VIEW_TABLET)
async def choose_api(request: Request, principal: Principal) -> Response:
    return JSONResponse(await run_in_threadpool(_choices, site_of(request).engine))


@guarded(Permission.VIEW_TABLET)
async def tablet_page(request: Request, principal: Principal) -> Response:
    key = request.path_params["season"]
    state = await run_in_threadpool(tablet_state, site_of(request).engine, key, principal.judge_ref)
    return site_of(request).render(request, "judge_tablet.html", {"tablet": state})


@guarded(Permission.VIEW_TABLET)
async def tablet_api(request: Request, principal: Principal) -> Response:
    key = request.path_params["season"]
    return JSONResponse(
        await run_in_threadpool(tablet_state, site_of(request).engine, key, principal.judge_ref)
    )


@guarded(Permission.SUBMIT_OWN_SCORE)
async def submit(request: Request, principal: Principal) -> Response:
    body, judge = await own_submission(request, principal)
    performance = body.get("performance")
    if not isinstance(performance, str) or not performance:
        raise InvalidInput("performance: must be a performance id")
    key = idempotency_key(body, request.headers.get("idempotency-key"))
    site = site_of(request)
    receipt = await run_in_threadpool(
        live.submit_score,
        site.engine,
        request.path_params["season"],
        performance,
        judge,
        body.get("score"),
        by=principal.name,
        key=key,
        publish=site.broker.publish,
    )
    return JSONResponse({"stored": True, **receipt.as_json()}, status_code=200 if receipt.replayed else 201)


def routes() -> list[BaseRoute]:
    return [
        Route("/judge", choose_page),
        Route("/api/judge", choose_api),
        *judge_dancesport.routes(),
        Route("/judge/{season}", tablet_page),
        Route("/api/judge/{season}", tablet_api),
        Route("/api/judge/{season}/scores", submit, methods=["POST"]),
    ]
