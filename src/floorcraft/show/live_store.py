"""The live night's store: the state of each season's night (``live_night``), every step taken
(``live_step``), and the one way a step is taken (:func:`take_step`): load, apply a pure transition of
:mod:`floorcraft.show.live_state`, write over the version read (retried when another step won), record the
step with the state before and after, then publish. :func:`undo` restores the state before the last step.
The public API is :mod:`floorcraft.show.live`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.exc import IntegrityError

from floorcraft.errors import Conflict
from floorcraft.model.season import Season
from floorcraft.show import live_state as ls
from floorcraft.show import service
from floorcraft.show.live_state import LiveState
from floorcraft.store.db import transaction
from floorcraft.store.live_tables import LiveNightRow, LiveStepRow, LiveSubmissionRow
from floorcraft.store.season_repo import now

#: ``publish(kind, data, channel=...)`` — e.g. ``Broker.publish``.
Publish = Callable[..., object]
#: Steps a producer may undo before the week's decision is confirmed (scores, votes and decisions have
#: their own audited corrections).
UNDOABLE = frozenset(
    {"week.begun", "performance.started", "performance.finished", "judging.opened", "reveal"}
)
RETRIES = 20


def reset(engine: Engine, season: str) -> None:
    """Forget the season's live night (state, steps, submissions): only when the season itself is replaced
    (``floorcraft demo --fresh``); the season's own audit trail is untouched."""
    with transaction(engine) as session:
        for table in (LiveNightRow, LiveStepRow, LiveSubmissionRow):
            session.execute(delete(table).where(table.season == season))


# -- reading ----------------------------------------------------------------------------------------------
def current(engine: Engine, season: str) -> LiveState:
    """The season's live state; before the first step, the first week without a confirmed decision."""
    with transaction(engine) as session:
        row = session.get(LiveNightRow, season)
        if row is not None:
            return ls.from_json(json.loads(row.state))
    return initial_state(service.load(engine, season))


def initial_state(season: Season) -> LiveState:
    open_weeks = [p.number for p in season.periods if season.decision(p.number) is None]
    if not open_weeks:
        return LiveState(season=season.id)
    week = open_weeks[0]
    return LiveState(
        season=season.id, week=week, running_order=running_order(season, week), panel=panel_of(season, week)
    )


def running_order(season: Season, week: int) -> tuple[str, ...]:
    """The week's judged performances in running order (a marathon carries bonus points, not scores)."""
    return tuple(p.id for p in season.performances_in(week) if p.kind.counts_towards_total)


def panel_of(season: Season, week: int) -> tuple[str, ...]:
    return tuple(season.period(week).panel)


def steps(engine: Engine, season: str) -> list[dict]:
    """The night's audit trail, oldest first: who did what, when, and whether it was undone."""
    with transaction(engine) as session:
        rows = session.execute(
            select(LiveStepRow).where(LiveStepRow.season == season).order_by(LiveStepRow.id)
        )
        return [
            {
                "id": r.id,
                "version": r.version,
                "action": r.action,
                "actor": r.actor,
                "at": r.at.isoformat(),
                "detail": json.loads(r.detail),
                "undone": r.undone,
            }
            for r in rows.scalars()
        ]


# -- the one way a step is taken ---------------------------------------------------------------------------
def take_step(
    engine: Engine,
    season: str,
    action: str,
    transition: Callable[[LiveState, Season], LiveState],
    *,
    by: str,
    detail: Mapping | None = None,
    publish: Publish | None = None,
) -> LiveState:
    """Load, transition, write (only over the version read), record the step; retried when another step
    won the race. Then publish."""
    for _attempt in range(RETRIES):
        facts = service.load(engine, season)
        try:
            with transaction(engine) as session:
                row = session.get(LiveNightRow, season)
                before = ls.from_json(json.loads(row.state)) if row else initial_state(facts)
                after = transition(before, facts)
                write_state(session, row, season, before, after)
                session.add(step_row(season, action, by, detail, before, after))
        except Raced:
            continue
        except IntegrityError:  # two first steps inserted the row at once
            continue
        announce(engine, after, publish)
        return after
    raise Conflict(f"season {season}: too many simultaneous changes; try again")


class Raced(Exception):
    """Another step wrote the state first: load it again and retry."""


def write_state(session, row, season: str, before: LiveState, after: LiveState) -> None:
    state = json.dumps(ls.to_json(after))
    if row is None:
        session.add(LiveNightRow(season=season, state=state, version=after.version, updated_at=now()))
        session.flush()
        return
    done = session.execute(
        update(LiveNightRow)
        .where(LiveNightRow.season == season, LiveNightRow.version == before.version)
        .values(state=state, version=after.version, updated_at=now())
        .execution_options(synchronize_session=False)
    ).rowcount
    if done != 1:
        raise Raced()


def step_row(season, action, by, detail, before: LiveState, after: LiveState) -> LiveStepRow:
    return LiveStepRow(
        season=season,
        version=after.version,
        action=action,
        actor=by,
        at=now(),
        detail=json.dumps(dict(detail or {}), default=str, sort_keys=True),
        before=json.dumps(ls.to_json(before)),
        after=json.dumps(ls.to_json(after)),
        undone=False,
    )


def announce(engine: Engine, state: LiveState, publish: Publish | None) -> None:
    """Publish the public board (``show``) and the control view (``control``) of ``state``."""
    if publish is None:
        return
    from floorcraft.show.live_board import board, control_view
    from floorcraft.web.live import CONTROL, PUBLIC

    facts = service.load(engine, state.season)
    publish("show", board(facts, state), channel=PUBLIC)
    publish("control", control_view(facts, state), channel=CONTROL)


# -- undo --------------------------------------------------------------------------------------------------
def undo(engine: Engine, season: str, *, by: str, publish: Publish | None = None) -> LiveState:
    """Undo the last step (start, finish, open judging, a reveal, a week begun) before the week's decision is
    confirmed. Stored scores, votes and decisions are never undone (correct a score instead)."""
    for _attempt in range(RETRIES):
        facts = service.load(engine, season)
        try:
            with transaction(engine) as session:
                row = session.get(LiveNightRow, season)
                last = session.execute(
                    select(LiveStepRow)
                    .where(
                        LiveStepRow.season == season,
                        LiveStepRow.undone.is_(False),
                        LiveStepRow.action != "undo",
                    )
                    .order_by(LiveStepRow.id.desc())
                    .limit(1)
                ).scalar_one_or_none()
                if row is None or last is None:
                    raise Conflict(f"season {season}: nothing to undo")
                state = ls.from_json(json.loads(row.state))
                if state.week is not None and facts.decision(state.week) is not None:
                    raise Conflict(f"season {season}: week {state.week} is confirmed; nothing can be undone")
                if last.action not in UNDOABLE:
                    raise Conflict(
                        f"season {season}: the last step ({last.action}) cannot be undone"
                        + ("; correct the score instead" if last.action.startswith("score") else "")
                    )
                after = ls.undo_to(state, ls.from_json(json.loads(last.before)))
                write_state(session, row, season, state, after)
                last.undone = True
                session.add(
                    step_row(season, "undo", by, {"undid": last.action, "step": last.id}, state, after)
                )
        except Raced:
            continue
        announce(engine, after, publish)
        return after
    raise Conflict(f"season {season}: too many simultaneous changes; try again")
