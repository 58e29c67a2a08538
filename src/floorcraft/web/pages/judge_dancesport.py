"""The DanceSport judge's tablet: the judge's card for the current round of a scrutineer-run event.

    page                       JSON twin                          what
    /judge/events/{ref}        /api/judge/events/{ref}            the round, its dances and couples
                               POST /api/judge/events/{ref}/marks the signed-in judge's card

``ref`` is the event's id (or its name). A judge account's ``judge_ref`` is the judge's letter on the
event's panel. The card is ``{"round": n, "judge": "A", "marks": {dance: {couple: value}}}`` for every
dance of the round:

- a preliminary round: value 1 for a recall mark (X), 0 or absent for none; **exactly** the round's
  requested number of X per dance (skating-system.md §3: each judge marks the number asked for);
- the final: the judge's placings, a permutation of 1..N per dance (skating-system.md §4, Rule 4 check
  by the engine).

Both are checked here (every problem named, nothing stored) and again by
:func:`floorcraft.scrutineer.events.enter_marks` (C's validation: known dances and couples, final cards
1..N); the tablet disables its submit button until the card is exact. Re-sending the same card is
harmless (the same marks replace themselves), so a retry after a lost answer needs no key.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from floorcraft.errors import Conflict, InvalidInput, Problems
from floorcraft.model.dancesport import Card
from floorcraft.scrutineer import events
from floorcraft.store import dancesport_repo
from floorcraft.store.db import transaction
from floorcraft.web.auth.guard import guarded
from floorcraft.web.auth.roles import Permission, Principal
from floorcraft.web.context import site_of
from floorcraft.web.pages.body import own_submission


def event_choices(engine) -> list[dict]:
    with transaction(engine) as session:
        rows = dancesport_repo.list_events(session)
    return [{"event": str(i), "name": name, "url": f"/judge/events/{i}"} for i, name, _date in rows]


def card_state(engine, ref: str, judge: str | None) -> dict:
    """The current round as the judge's tablet shows it, with the marks this judge has already entered."""
    event, views = events.load(engine, ref)
    number = events.current_round(views)
    view = next(v for v in views if v.round.number == number)
    rnd = view.round
    mine: dict[str, dict[str, int]] = {d: {} for d in rnd.dances}
    for m in view.marks:
        if m.judge == judge:
            mine[m.dance][m.couple] = m.value
    letters = {j.letter for j in event.judges}
    return {
        "event": ref,
        "name": event.name,
        "judge": {"letter": judge, "name": event.judge(judge).name if judge in letters else None},
        "on_panel": judge in letters,
        "round": {
            "number": rnd.number,
            "title": rnd.title,
            "final": rnd.is_final,
            "dances": list(rnd.dances),
            "recall": rnd.recall,
            "status": view.status,
        },
        "couples": [{"number": c, "name": event.couple(c).name} for c in view.couples],
        "open": view.status == "open" and bool(view.couples),
        "marks": mine,
    }


def check_card(state: dict, marks: object) -> list[Card]:
    """The judge's cards for every dance of the round, or InvalidInput naming every problem (nothing is
    repaired): exactly ``recall`` X per dance in a preliminary round, a permutation 1..N in the final."""
    problems = Problems()
    rnd, judge = state["round"], state["judge"]["letter"]
    couples = [c["number"] for c in state["couples"]]
    if not isinstance(marks, dict):
        raise InvalidInput("marks: must be an object {dance: {couple: value}}")
    for dance in sorted(set(marks) - set(rnd["dances"])):
        problems.add(f"dance {dance}: not danced in {rnd['title'].lower()}")
    cards = []
    for dance in rnd["dances"]:
        card = marks.get(dance)
        where = f"dance {dance}, judge {judge}"
        if not isinstance(card, dict) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in card.values()
        ):
            problems.add(f"{where}: no card (give {{couple: mark}} with whole numbers)")
            continue
        for couple in sorted(set(card) - set(couples)):
            problems.add(f"{where}, couple {couple}: does not dance in this round")
        if rnd["final"]:
            places = sorted(card.get(c) for c in couples if c in card)
            if len(places) != len(couples) or places != list(range(1, len(couples) + 1)):
                problems.add(f"{where}: the placings must be 1 to {len(couples)}, each once (got {places})")
        else:
            bad = sorted(c for c, v in card.items() if v not in (0, 1))
            if bad:
                problems.add(f"{where}: a recall mark is X (1) or nothing (0); couples {', '.join(bad)}")
            crossed = sum(1 for c in couples if card.get(c) == 1)
            if crossed != rnd["recall"]:
                problems.add(f"{where}: exactly {rnd['recall']} recall marks are asked for (got {crossed})")
        cards.append(Card(dance, judge, {c: v for c, v in card.items() if c in couples}))
    problems.raise_if_any()
    return cards


def enter_card(engine, ref: str, judge: str, body: dict, *, by: str) -> dict:
    state = card_state(engine, ref, judge)
    if not state["on_panel"]:
        raise Conflict(f"event {ref}: judge {judge!r} is not on the panel")
    number = state["round"]["number"]
    if body.get("round") != number:
        raise Conflict(f"event {ref}: round {number} takes marks now, not {body.get('round')!r}")
    if not state["open"]:
        raise Conflict(f"event {ref}: round {number} is not open for marks")
    cards = check_card(state, body.get("marks"))
    events.enter_marks(engine, ref, cards, round_no=number, by=by)
    return {"stored": True, **card_state(engine, ref, judge)}


# -- routes -----------------------------------------------------------------------------------------------
@guarded(Permission.VIEW_TABLET)
async def card_page(request: Request, principal: Principal) -> Response:
    state = await run_in_threadpool(
        card_state, site_of(request).engine, request.path_params["ref"], principal.judge_ref
    )
    return site_of(request).render(request, "judge_dancesport.html", {"card": state})


@guarded(Permission.VIEW_TABLET)
async def card_api(request: Request, principal: Principal) -> Response:
    ref = request.path_params["ref"]
    return JSONResponse(
        await run_in_threadpool(card_state, site_of(request).engine, ref, principal.judge_ref)
    )


@guarded(Permission.SUBMIT_OWN_SCORE)
async def submit_card(request: Request, principal: Principal) -> Response:
    body, judge = await own_submission(request, principal)
    out = await run_in_threadpool(
        enter_card, site_of(request).engine, request.path_params["ref"], judge, body, by=principal.name
    )
    return JSONResponse(out, status_code=201)


def routes() -> list[BaseRoute]:
    return [
        Route("/judge/events/{ref}", card_page),
        Route("/api/judge/events/{ref}", card_api),
        Route("/api/judge/events/{ref}/marks", submit_card, methods=["POST"]),
    ]
