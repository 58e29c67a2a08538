"""The live night: the producer's steps through a week, persisted, audited and published to every screen.

The transitions themselves are pure (:mod:`floorcraft.show.live_state`); this module loads the season's
:class:`LiveState` (table ``live_night``), applies one transition, writes the new state only if nobody else
wrote in between (optimistic version check, retried), appends the step to ``live_step`` (who, when, the
state before and after: the audit trail and what :func:`undo` restores) and then publishes the new state.

Publishing: every function takes ``publish=`` — a callable ``publish(kind, data, channel=...)`` such as
:meth:`floorcraft.web.live.Broker.publish`. Two kinds are published after each step: ``show`` (public: the
big-screen board of :func:`floorcraft.show.live_board.board`) and ``control`` (control channel: the state
with who has submitted). Facts of the season (scores, votes, save votes, the decision) go through the show
service (:mod:`floorcraft.show.service`), which audits them in the season's own trail.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.exc import IntegrityError

from floorcraft.errors import Conflict, InvalidInput
from floorcraft.model.decision import Decision
from floorcraft.model.scores import format_points, parse_points
from floorcraft.model.season import Season
from floorcraft.model.totals import couples_in
from floorcraft.show import live_state as ls
from floorcraft.show import service
from floorcraft.show.compute import PeriodComputation
from floorcraft.show.live_state import LiveState, Phase
from floorcraft.store.db import transaction
from floorcraft.store.live_tables import LiveNightRow, LiveStepRow, LiveSubmissionRow
from floorcraft.store.season_repo import now

__all__ = [
    "LiveState",
    "Phase",
    "Receipt",
    "begin_week",
    "close_vote",
    "compute_results",
    "confirm",
    "correct_score",
    "current",
    "finish_performance",
    "open_judging",
    "open_vote",
    "record_save_votes",
    "reveal_next",
    "start_performance",
    "steps",
    "submit_score",
    "tally",
    "undo",
]

#: ``publish(kind, data, channel=...)`` — e.g. ``Broker.publish``.
Publish = Callable[..., object]
#: Steps a producer may undo before the week's decision is confirmed (scores, votes and decisions have
#: their own audited corrections).
UNDOABLE = frozenset(
    {"week.begun", "performance.started", "performance.finished", "judging.opened", "reveal"}
)
#: The voting preset (``floorcraft.voting.limits``) of each show; a final uses ``<preset>-final`` if known.
VOTING_PRESETS = {"dwts": "dwts", "strictly": "strictly", "charity": "charity"}
RETRIES = 20


@dataclass(frozen=True)
class Receipt:
    """A judge's stored score: shown on the tablet as "sent" only once this exists."""

    season: str
    performance: str
    judge: str
    score: Fraction
    key: str
    receipt: str
    at: datetime
    replayed: bool = False

    def as_json(self) -> dict:
        return {
            "season": self.season,
            "performance": self.performance,
            "judge": self.judge,
            "score": format_points(self.score),
            "key": self.key,
            "receipt": self.receipt,
            "at": self.at.isoformat(),
            "replayed": self.replayed,
        }


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
    return _initial(service.load(engine, season))


def _initial(season: Season) -> LiveState:
    open_weeks = [p.number for p in season.periods if season.decision(p.number) is None]
    if not open_weeks:
        return LiveState(season=season.id)
    week = open_weeks[0]
    return LiveState(
        season=season.id, week=week, running_order=running_order(season, week), panel=_panel(season, week)
    )


def running_order(season: Season, week: int) -> tuple[str, ...]:
    """The week's judged performances in running order (a marathon carries bonus points, not scores)."""
    return tuple(p.id for p in season.performances_in(week) if p.kind.counts_towards_total)


def _panel(season: Season, week: int) -> tuple[str, ...]:
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


def submissions(engine: Engine, season: str, performance: str) -> dict[str, Receipt]:
    """The tablet submissions stored for one performance, by judge."""
    with transaction(engine) as session:
        rows = session.execute(
            select(LiveSubmissionRow).where(
                LiveSubmissionRow.season == season, LiveSubmissionRow.performance == performance
            )
        )
        return {r.judge: _receipt(r) for r in rows.scalars()}


# -- the one way a step is taken ---------------------------------------------------------------------------
def _step(
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
                before = ls.from_json(json.loads(row.state)) if row else _initial(facts)
                after = transition(before, facts)
                _write(session, row, season, before, after)
                session.add(_step_row(season, action, by, detail, before, after))
        except _Raced:
            continue
        except IntegrityError:  # two first steps inserted the row at once
            continue
        announce(engine, after, publish)
        return after
    raise Conflict(f"season {season}: too many simultaneous changes; try again")


class _Raced(Exception):
    pass


def _write(session, row, season: str, before: LiveState, after: LiveState) -> None:
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
        raise _Raced()


def _step_row(season, action, by, detail, before: LiveState, after: LiveState) -> LiveStepRow:
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


# -- the producer's steps ----------------------------------------------------------------------------------
def begin_week(
    engine: Engine, season: str, week: int, *, by: str, publish: Publish | None = None
) -> LiveState:
    """Play ``week`` tonight (its running order and panel from the season)."""

    def go(state: LiveState, facts: Season) -> LiveState:
        facts.period(week)
        if facts.decision(week) is not None:
            raise Conflict(f"season {season}: week {week} is already confirmed")
        return ls.begin_week(state, week, running_order(facts, week), _panel(facts, week))

    return _step(engine, season, "week.begun", go, by=by, detail={"week": week}, publish=publish)


def start_performance(
    engine: Engine, season: str, performance: str, *, by: str, publish: Publish | None = None
) -> LiveState:
    """The couple takes the floor (the previous performance must be fully revealed)."""
    return _step(
        engine,
        season,
        "performance.started",
        lambda s, _f: ls.start_performance(s, performance),
        by=by,
        detail={"performance": performance},
        publish=publish,
    )


def finish_performance(
    engine: Engine, season: str, performance: str, *, by: str, publish: Publish | None = None
) -> LiveState:
    return _step(
        engine,
        season,
        "performance.finished",
        lambda s, _f: ls.finish_performance(s, performance),
        by=by,
        detail={"performance": performance},
        publish=publish,
    )


def open_judging(
    engine: Engine, season: str, performance: str, *, by: str, publish: Publish | None = None
) -> LiveState:
    """Judges may now submit their scores for ``performance`` (and only for it)."""
    return _step(
        engine,
        season,
        "judging.opened",
        lambda s, _f: ls.open_judging(s, performance),
        by=by,
        detail={"performance": performance},
        publish=publish,
    )


def reveal_next(engine: Engine, season: str, *, by: str, publish: Publish | None = None) -> LiveState:
    """Show the next judge's official score (panel order) on every screen."""

    def go(state: LiveState, facts: Season) -> LiveState:
        scores = {s.judge: s.value for s in facts.scores_for(state.performance or "")}
        return ls.reveal_next(state, scores)

    return _step(engine, season, "reveal", go, by=by, publish=publish)


# -- judges' scores ----------------------------------------------------------------------------------------
def submit_score(
    engine: Engine,
    season: str,
    performance: str,
    judge: str,
    score: object,
    *,
    by: str,
    key: str,
    publish: Publish | None = None,
) -> Receipt:
    """A judge's score from their tablet, stored as the official score (``score.recorded``).

    Only while judging is open for ``performance``. Idempotent on ``key``: a retry (same judge, performance
    and score) returns the original receipt with ``replayed=True``; the same key with anything else is a
    Conflict. A second submission by the same judge for the performance is a Conflict (corrections go
    through :func:`correct_score`)."""
    key = (key or "").strip()
    if not key or len(key) > 120:
        raise InvalidInput("idempotency key: 1 to 120 characters")
    value = parse_points(score, what=f"performance {performance}, judge {judge}")
    earlier = _submission_by_key(engine, season, key)
    if earlier is not None:
        if (earlier.performance, earlier.judge, earlier.score) != (performance, judge, value):
            raise Conflict(f"idempotency key {key!r} was already used for another submission")
        return Receipt(**{**earlier.__dict__, "replayed": True})
    state = current(engine, season)
    if not ls.judging_open_for(state, performance):
        raise Conflict(f"performance {performance}: judging is not open (now: {state.phase.value})")
    if judge not in state.panel:
        raise Conflict(f"performance {performance}, judge {judge}: not on week {state.week}'s panel")
    if judge in state.submitted:
        raise Conflict(
            f"performance {performance}, judge {judge}: already submitted; the producer corrects it"
        )
    facts = service.load(engine, season)
    stored = facts.score(performance, judge)
    if stored is None:
        service.record_scores(engine, season, state.week, performance, {judge: value}, by=by)
    elif stored.value != value:  # a score stored by another route (e.g. the producer's sheet)
        raise Conflict(f"performance {performance}, judge {judge}: already scored")
    at = now()
    receipt = Receipt(
        season, performance, judge, value, key, _receipt_hash(season, performance, judge, value, key), at
    )
    try:
        with transaction(engine) as session:
            session.add(
                LiveSubmissionRow(
                    season=season,
                    key=key,
                    performance=performance,
                    judge=judge,
                    score=str(value),
                    receipt=receipt.receipt,
                    by=by,
                    at=at,
                )
            )
    except IntegrityError:  # a concurrent retry with the same key won
        return submit_score(engine, season, performance, judge, score, by=by, key=key, publish=publish)
    _step(
        engine,
        season,
        "score.submitted",
        lambda s, _f: ls.score_submitted(s, performance, judge),
        by=by,
        detail={"performance": performance, "judge": judge, "receipt": receipt.receipt},
        publish=publish,
    )
    return receipt


def _receipt_hash(season: str, performance: str, judge: str, value: Fraction, key: str) -> str:
    return hashlib.sha256(f"{season}\0{performance}\0{judge}\0{value}\0{key}".encode()).hexdigest()


def _receipt(row: LiveSubmissionRow) -> Receipt:
    return Receipt(row.season, row.performance, row.judge, Fraction(row.score), row.key, row.receipt, row.at)


def _submission_by_key(engine: Engine, season: str, key: str) -> Receipt | None:
    with transaction(engine) as session:
        row = session.execute(
            select(LiveSubmissionRow).where(LiveSubmissionRow.season == season, LiveSubmissionRow.key == key)
        ).scalar_one_or_none()
        return None if row is None else _receipt(row)


def correct_score(
    engine: Engine,
    season: str,
    performance: str,
    judge: str,
    score: object,
    *,
    by: str,
    reason: str,
    publish: Publish | None = None,
):
    """The producer's audited correction of an official score (``score.corrected``, with the reason)."""
    week = int(service.load(engine, season).performance(performance).period)
    correction = service.correct_score(engine, season, week, performance, judge, score, by=by, reason=reason)
    _step(
        engine,
        season,
        "score.corrected",
        lambda s, _f: s.step(),
        by=by,
        detail={
            "performance": performance,
            "judge": judge,
            "old": str(correction.old),
            "new": str(correction.new),
        },
        publish=publish,
    )
    return correction


# -- the vote ----------------------------------------------------------------------------------------------
def poll_id(season: str, week: int) -> str:
    """A new poll id for the week (a short random suffix: a season played again never reuses old votes)."""
    return f"{season}-week-{week}-{secrets.token_hex(3)}"


def voting_preset(facts: Season, week: int) -> str:
    """The voting limits of the season's show (tv-rules.md §5); ``dwts`` when the show has no preset."""
    from floorcraft.voting.limits import PRESETS

    name = VOTING_PRESETS.get(facts.show, "dwts")
    if facts.period(week).final and f"{name}-final" in PRESETS:
        return f"{name}-final"
    return name


def open_vote(engine: Engine, season: str, *, by: str, publish: Publish | None = None) -> LiveState:
    """Open the week's public vote: a poll per week, the couples in play as choices, the show's limits
    (created on first opening; opening again re-opens the same poll)."""
    from floorcraft.voting import polls
    from floorcraft.voting.limits import find_preset

    state = current(engine, season)
    if state.week is None:
        raise Conflict(f"season {season}: no week is being played")
    facts = service.load(engine, season)
    pid = state.poll or poll_id(season, state.week)
    if state.poll is None:
        preset = voting_preset(facts, state.week)
        polls.create_poll(
            engine,
            poll_id=pid,
            title=f"{facts.title} — week {state.week}",
            choices=[(c, facts.couple(c).name) for c in couples_in(facts, state.week)],
            channels=find_preset(preset).build(),
            actor=by,
            season_ref=season,
            period_ref=str(state.week),
            preset=preset,
        )
    if state.poll_open:
        raise Conflict(f"season {season}: the vote is already open")
    polls.open_poll(engine, pid, actor=by)
    return _step(engine, season, "vote.opened", lambda s, _f: ls.vote_opened(s, pid), by=by, publish=publish)


def close_vote(engine: Engine, season: str, *, by: str, publish: Publish | None = None) -> LiveState:
    from floorcraft.voting import polls

    state = current(engine, season)
    if not state.poll_open or state.poll is None:
        raise Conflict(f"season {season}: the vote is not open")
    polls.close_poll(engine, state.poll, actor=by)
    return _step(engine, season, "vote.closed", lambda s, _f: ls.vote_closed(s), by=by, publish=publish)


def tally(engine: Engine, season: str) -> dict:
    """The live tally of the week's poll (producer only: never public while open)."""
    from floorcraft.voting import tally as voting_tally

    state = current(engine, season)
    if state.poll is None:
        return {"poll": None, "open": False, "total": {}, "by_channel": {}}
    return {"poll": state.poll, "open": state.poll_open, **voting_tally.live_tally(engine, state.poll)}


# -- results -----------------------------------------------------------------------------------------------
def compute_results(
    engine: Engine, season: str, *, by: str, publish: Publish | None = None
) -> PeriodComputation:
    """Record the closed poll's totals as the week's votes and compute the week with its explanation."""
    state = current(engine, season)
    if state.week is None:
        raise Conflict(f"season {season}: no week is being played")
    if state.poll_open:
        raise Conflict(f"season {season}: close the vote before computing the results")
    if state.poll is not None:
        facts = service.load(engine, season)
        totals = tally(engine, season)["total"]
        votes = {
            c: int(totals.get(c, 0))
            for c in couples_in(facts, state.week)
            if c not in facts.period(state.week).withdrawn
        }
        service.record_votes(engine, season, state.week, votes, by=by)
    comp = service.compute_week(engine, season, state.week)
    _step(
        engine,
        season,
        "results.computed",
        lambda s, _f: s.step(),
        by=by,
        detail={"kind": comp.kind},
        publish=publish,
    )
    return comp


def record_save_votes(
    engine: Engine, season: str, votes: Mapping[str, str], *, by: str, publish: Publish | None = None
) -> PeriodComputation:
    """The judges' save (or dance-off) votes on the bottom couples (judge id -> couple saved)."""
    state = current(engine, season)
    if state.week is None:
        raise Conflict(f"season {season}: no week is being played")
    comp = service.record_save_votes(engine, season, state.week, votes, by=by)
    _step(
        engine,
        season,
        "save_votes.recorded",
        lambda s, _f: s.step(),
        by=by,
        detail=dict(votes),
        publish=publish,
    )
    return comp


def confirm(engine: Engine, season: str, *, by: str, publish: Publish | None = None) -> Decision:
    """Confirm the week's decision (after this nothing of the week can be undone)."""
    state = current(engine, season)
    if state.week is None:
        raise Conflict(f"season {season}: no week is being played")
    if state.poll_open:
        raise Conflict(f"season {season}: close the vote before confirming")
    decision = service.confirm_week(engine, season, state.week, by=by)
    _step(
        engine,
        season,
        "week.confirmed",
        lambda s, _f: s.step(),
        by=by,
        detail={o.couple: o.outcome.value for o in decision.outcomes},
        publish=publish,
    )
    return decision


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
                _write(session, row, season, state, after)
                last.undone = True
                session.add(
                    _step_row(season, "undo", by, {"undid": last.action, "step": last.id}, state, after)
                )
        except _Raced:
            continue
        announce(engine, after, publish)
        return after
    raise Conflict(f"season {season}: too many simultaneous changes; try again")
