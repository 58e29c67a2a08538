"""The control room: the producer runs the live night (issue #5 §1), publishes to screens, issues tokens.

``GET /control`` (page) and ``GET /api/control`` (its JSON twin) show the night: the running order, the
current performance and phase, which judges have submitted, the scores revealed, the vote, the computed
results with the rulebook explanation, the decision and the audit trail. Every step is a POST:

    /control/{action}   and   /api/control/{action}      (RUN_SHOW; ``correct`` needs CORRECT_SCORE)

    week (week), start (performance), finish (performance), judging (performance), reveal, undo,
    vote/open, vote/close, results, save-votes (judge -> couple, as ``save.<judge>`` form fields or a JSON
    object ``votes``), confirm, correct (performance, judge, score, reason)

A browser's form POST is answered with a redirect back to the page (303; a refused step is shown there on
top, kept in the session until then), an htmx call with 204 and
``HX-Refresh``, an API call with the new control view as JSON. Live tallies: ``/control/tally`` (an HTML
fragment the page polls) and ``/api/control/tally`` (VIEW_TALLIES: the producer only).
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from floorcraft.errors import Conflict, FloorcraftError, InvalidInput, NotFound
from floorcraft.show import live, service
from floorcraft.show.live_board import computation_view, control_view
from floorcraft.web.auth import accounts
from floorcraft.web.auth.guard import guarded, session_of
from floorcraft.web.auth.roles import Permission, Principal
from floorcraft.web.context import is_htmx, site_of, wants_html
from floorcraft.web.live import Broker
from floorcraft.web.pages.scoreboard import ANNOUNCEMENT
from floorcraft.web.show_context import call, live_season, publisher

MAX_ANNOUNCEMENT = 280
FLASH = "control_flash"


def _flash(request: Request, message: str) -> None:
    """Keep a refusal in the session for the next control-room page (a browser form's POST-redirect-GET)."""
    session = session_of(request)
    session[FLASH] = message[:500]
    session.modified = True


def _control(broker: Broker) -> dict:
    return {"last_event_id": broker.last_id, "connected_screens": broker.subscriber_count}


def night(engine, season: str | None) -> dict | None:
    """Everything the control room shows of the live night (None when the site runs no live season)."""
    if not season:
        return None
    try:
        facts = service.load(engine, season)
    except NotFound:
        return None
    state = live.current(engine, season)
    view = control_view(facts, state)
    view["computation"] = None
    week = state.week
    if week is not None and (facts.votes_in(week) or facts.decision(week) is not None):
        try:
            view["computation"] = computation_view(facts, service.compute_week(engine, season, week))
        except FloorcraftError as exc:
            view["computation_problem"] = str(exc)
    view["weeks"] = [
        {"number": p.number, "title": p.title, "confirmed": facts.decision(p.number) is not None}
        for p in facts.periods
    ]
    view["steps"] = live.steps(engine, season)[-12:][::-1]
    view["performances"] = [
        {"id": p.id, "title": " & ".join(facts.couple(c).name for c in p.couples), "dance": p.dance}
        for p in (facts.performances_in(week) if week is not None else ())
    ]
    return view


def _season(request: Request) -> str | None:
    return getattr(request.app.state, "live_season", None)


async def _night(request: Request) -> dict | None:
    return await run_in_threadpool(night, site_of(request).engine, _season(request))


@guarded(Permission.VIEW_CONTROL)
async def control_page(request: Request, principal: Principal) -> Response:
    site = site_of(request)
    session = session_of(request)
    flash = session.pop(FLASH, None)
    if flash is not None:
        session.modified = True
    context = {"control": _control(site.broker), "night": await _night(request), "flash": flash}
    return site.render(request, "control.html", context)


@guarded(Permission.VIEW_CONTROL)
async def control_api(request: Request, principal: Principal) -> Response:
    return JSONResponse({**_control(site_of(request).broker), "night": await _night(request)})


@guarded(Permission.RUN_SHOW)
async def announce(request: Request, principal: Principal) -> Response:
    """Publish a short message to every screen (the control room's first live action)."""
    text = str((await request.form()).get("message", "")).strip()
    if not text or len(text) > MAX_ANNOUNCEMENT:
        raise InvalidInput(f"message: must have 1 to {MAX_ANNOUNCEMENT} characters (got {len(text)})")
    event = site_of(request).broker.publish(ANNOUNCEMENT, {"message": text, "by": principal.name})
    if is_htmx(request):
        return Response(status_code=204)
    if wants_html(request):
        return RedirectResponse("/control", status_code=303)
    return JSONResponse({"event_id": event.id}, status_code=201)


@guarded(Permission.MANAGE_ACCOUNTS)
async def issue_display_token(request: Request, principal: Principal) -> Response:
    site = site_of(request)
    name = str((await request.form()).get("name", ""))
    token = await run_in_threadpool(
        accounts.issue_display_token, site.engine, name=name, created_by=principal.name
    )
    await site.audit(request, "display_token.issued", principal, detail=f"screen {name.strip()!r}")
    url = str(request.url_for("display", token=token))
    if not wants_html(request):
        return JSONResponse({"name": name.strip(), "token": token, "url": url}, status_code=201)
    context = {"control": _control(site.broker), "new_token_url": url, "night": await _night(request)}
    return site.render(request, "control.html", context)


# -- the night's steps -------------------------------------------------------------------------------------
async def _input(request: Request) -> dict:
    if request.headers.get("content-type", "").startswith("application/json"):
        body = await request.json()
        if not isinstance(body, dict):
            raise InvalidInput("body: a JSON object")
        return body
    return dict(await request.form())


def _field(data: dict, name: str) -> str:
    value = data.get(name)
    if value is None or not str(value).strip():
        raise InvalidInput(f"{name}: required")
    return str(value).strip()


def _save_votes(data: dict) -> dict[str, str]:
    votes = data.get("votes")
    if votes is None:
        votes = {k.removeprefix("save."): v for k, v in data.items() if k.startswith("save.") and v}
    if not isinstance(votes, dict) or not votes:
        raise InvalidInput("votes: judge -> couple saved, one per judge")
    return {str(k): str(v) for k, v in votes.items()}


def _week(data: dict) -> int:
    raw = _field(data, "week")
    if not raw.isdigit():
        raise InvalidInput(f"week: a week number, got {raw!r}")
    return int(raw)


#: action -> what it does with (engine, season, input, by, publish)
STEPS = {
    "week": lambda e, s, d, by, p: live.begin_week(e, s, _week(d), by=by, publish=p),
    "start": lambda e, s, d, by, p: live.start_performance(e, s, _field(d, "performance"), by=by, publish=p),
    "finish": lambda e, s, d, by, p: live.finish_performance(
        e, s, _field(d, "performance"), by=by, publish=p
    ),
    "judging": lambda e, s, d, by, p: live.open_judging(e, s, _field(d, "performance"), by=by, publish=p),
    "reveal": lambda e, s, d, by, p: live.reveal_next(e, s, by=by, publish=p),
    "undo": lambda e, s, d, by, p: live.undo(e, s, by=by, publish=p),
    "vote/open": lambda e, s, d, by, p: live.open_vote(e, s, by=by, publish=p),
    "vote/close": lambda e, s, d, by, p: live.close_vote(e, s, by=by, publish=p),
    "results": lambda e, s, d, by, p: live.compute_results(e, s, by=by, publish=p),
    "save-votes": lambda e, s, d, by, p: live.record_save_votes(e, s, _save_votes(d), by=by, publish=p),
    "confirm": lambda e, s, d, by, p: live.confirm(e, s, by=by, publish=p),
}


async def _run_step(request: Request, principal: Principal, action: str, step) -> Response:
    season = live_season(request)
    data = await _input(request)
    site = site_of(request)
    browser_form = wants_html(request) and not is_htmx(request)
    try:
        await call(step, site.engine, season, data, principal.name, publisher(request))
    except (Conflict, InvalidInput) as exc:
        if not browser_form:
            raise
        _flash(request, f"{action}: {exc}")  # back to the control room, the refusal shown on top
        return RedirectResponse("/control", status_code=303)
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Refresh": "true"})
    if wants_html(request):
        return RedirectResponse("/control", status_code=303)
    return JSONResponse({"action": action, "night": await _night(request)})


@guarded(Permission.RUN_SHOW)
async def control_step(request: Request, principal: Principal) -> Response:
    action = request.path_params["action"]
    step = STEPS.get(action)
    if step is None:
        raise NotFound(f"control action {action!r}: unknown (known: {', '.join(sorted(STEPS))}, correct)")
    return await _run_step(request, principal, action, step)


@guarded(Permission.CORRECT_SCORE)
async def correct(request: Request, principal: Principal) -> Response:
    def step(e, s, d, by, p):
        return live.correct_score(
            e,
            s,
            _field(d, "performance"),
            _field(d, "judge"),
            _field(d, "score"),
            by=by,
            reason=_field(d, "reason"),
            publish=p,
        )

    return await _run_step(request, principal, "correct", step)


# -- tallies and the audit trail -----------------------------------------------------------------------------
@guarded(Permission.VIEW_TALLIES)
async def tally_api(request: Request, principal: Principal) -> Response:
    return JSONResponse(await call(live.tally, site_of(request).engine, live_season(request)))


@guarded(Permission.VIEW_TALLIES)
async def tally_fragment(request: Request, principal: Principal) -> Response:
    site = site_of(request)
    data = await call(live.tally, site.engine, live_season(request))
    names = {}
    season = live_season(request)
    facts = await call(service.load, site.engine, season)
    for couple in data.get("total", {}):
        names[couple] = facts.couple(couple).name
    response = site.render(request, "control_tally.html", {"tally": data, "names": names})
    return HTMLResponse(response.body, headers={"cache-control": "no-store"})


@guarded(Permission.VIEW_AUDIT)
async def steps_api(request: Request, principal: Principal) -> Response:
    return JSONResponse(await call(live.steps, site_of(request).engine, live_season(request)))


def routes() -> list:
    """The live-night control routes (the page and its JSON twin are site routes)."""
    from starlette.routing import Route

    return [
        Route("/control/tally", tally_fragment),
        Route("/api/control/tally", tally_api),
        Route("/api/control/steps", steps_api),
        Route("/control/correct", correct, methods=["POST"]),
        Route("/api/control/correct", correct, methods=["POST"]),
        Route("/control/{action:path}", control_step, methods=["POST"]),
        Route("/api/control/{action:path}", control_step, methods=["POST"]),
    ]
