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
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from floorcraft.errors import Conflict, InvalidInput
from floorcraft.model.scores import format_points, parse_points
from floorcraft.model.season import Season
from floorcraft.show import live_state as ls
from floorcraft.show import service
from floorcraft.show.live_state import LiveState, Phase
from floorcraft.show.live_store import (
    UNDOABLE,
    Publish,
    announce,
    current,
    panel_of,
    reset,
    running_order,
    steps,
    take_step,
    undo,
)
from floorcraft.show.live_vote import (
    VOTING_PRESETS,
    close_vote,
    compute_results,
    confirm,
    open_vote,
    poll_id,
    record_save_votes,
    tally,
    voting_preset,
)
from floorcraft.store.db import transaction
from floorcraft.store.live_tables import LiveSubmissionRow
from floorcraft.store.season_repo import now

__all__ = [
    "UNDOABLE",
    "VOTING_PRESETS",
    "LiveState",
    "Phase",
    "Publish",
    "Receipt",
    "announce",
    "begin_week",
    "close_vote",
    "compute_results",
    "confirm",
    "correct_score",
    "current",
    "finish_performance",
    "open_judging",
    "open_vote",
    "poll_id",
    "record_save_votes",
    "reset",
    "reveal_next",
    "running_order",
    "start_performance",
    "steps",
    "submissions",
    "submit_score",
    "tally",
    "undo",
    "voting_preset",
]


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


def submissions(engine: Engine, season: str, performance: str) -> dict[str, Receipt]:
    """The tablet submissions stored for one performance, by judge."""
    with transaction(engine) as session:
        rows = session.execute(
            select(LiveSubmissionRow).where(
                LiveSubmissionRow.season == season, LiveSubmissionRow.performance == performance
            )
        )
        return {r.judge: _receipt(r) for r in rows.scalars()}


# -- the producer's steps ----------------------------------------------------------------------------------
def begin_week(
    engine: Engine, season: str, week: int, *, by: str, publish: Publish | None = None
) -> LiveState:
    """Play ``week`` tonight (its running order and panel from the season)."""

    def go(state: LiveState, facts: Season) -> LiveState:
        facts.period(week)
        if facts.decision(week) is not None:
            raise Conflict(f"season {season}: week {week} is already confirmed")
        return ls.begin_week(state, week, running_order(facts, week), panel_of(facts, week))

    return take_step(engine, season, "week.begun", go, by=by, detail={"week": week}, publish=publish)


def _performance_step(
    engine: Engine, season: str, action: str, transition, performance: str, by: str, publish: Publish | None
) -> LiveState:
    """One step about one performance: the pure ``transition`` taken, stored and audited as ``action``."""
    return take_step(
        engine,
        season,
        action,
        lambda s, _f: transition(s, performance),
        by=by,
        detail={"performance": performance},
        publish=publish,
    )


def start_performance(
    engine: Engine, season: str, performance: str, *, by: str, publish: Publish | None = None
) -> LiveState:
    """The couple takes the floor (the previous performance must be fully revealed)."""
    return _performance_step(
        engine, season, "performance.started", ls.start_performance, performance, by, publish
    )


def finish_performance(
    engine: Engine, season: str, performance: str, *, by: str, publish: Publish | None = None
) -> LiveState:
    """The couple has danced; judging can be opened next."""
    return _performance_step(
        engine, season, "performance.finished", ls.finish_performance, performance, by, publish
    )


def open_judging(
    engine: Engine, season: str, performance: str, *, by: str, publish: Publish | None = None
) -> LiveState:
    """Judges may now submit their scores for ``performance`` (and only for it)."""
    return _performance_step(engine, season, "judging.opened", ls.open_judging, performance, by, publish)


def reveal_next(engine: Engine, season: str, *, by: str, publish: Publish | None = None) -> LiveState:
    """Show the next judge's official score (panel order) on every screen."""

    def go(state: LiveState, facts: Season) -> LiveState:
        scores = {s.judge: s.value for s in facts.scores_for(state.performance or "")}
        return ls.reveal_next(state, scores)

    return take_step(engine, season, "reveal", go, by=by, publish=publish)


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
    take_step(
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
    take_step(
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
