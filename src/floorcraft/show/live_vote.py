"""The live night's vote and results: a poll per week through the voting service, its live tally (the
producer only), the week computed from the closed poll, the judges' save and the confirmed decision. The
public API is :mod:`floorcraft.show.live`.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping

from sqlalchemy import Engine

from floorcraft.errors import Conflict
from floorcraft.model.decision import Decision
from floorcraft.model.season import Season
from floorcraft.model.totals import couples_in
from floorcraft.show import live_state as ls
from floorcraft.show import service
from floorcraft.show.compute import PeriodComputation
from floorcraft.show.live_state import LiveState
from floorcraft.show.live_store import Publish, current, take_step

#: The voting preset (``floorcraft.voting.limits``) of each show; a final uses ``<preset>-final`` if known.
VOTING_PRESETS = {"dwts": "dwts", "strictly": "strictly", "charity": "charity"}


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
    return take_step(
        engine, season, "vote.opened", lambda s, _f: ls.vote_opened(s, pid), by=by, publish=publish
    )


def close_vote(engine: Engine, season: str, *, by: str, publish: Publish | None = None) -> LiveState:
    from floorcraft.voting import polls

    state = current(engine, season)
    if not state.poll_open or state.poll is None:
        raise Conflict(f"season {season}: the vote is not open")
    polls.close_poll(engine, state.poll, actor=by)
    return take_step(engine, season, "vote.closed", lambda s, _f: ls.vote_closed(s), by=by, publish=publish)


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
    """Record the closed poll's totals as the week's votes and compute the week with its explanation
    (without a poll, the votes must have been entered otherwise, e.g. ``floorcraft season votes``)."""
    state = current(engine, season)
    if state.week is None:
        raise Conflict(f"season {season}: no week is being played")
    if state.poll_open:
        raise Conflict(f"season {season}: close the vote before computing the results")
    facts = service.load(engine, season)
    if state.poll is None and not facts.votes_in(state.week):
        raise Conflict(f"week {state.week}: no public vote yet: open and close the vote first")
    if state.poll is not None:
        totals = tally(engine, season)["total"]
        votes = {
            c: int(totals.get(c, 0))
            for c in couples_in(facts, state.week)
            if c not in facts.period(state.week).withdrawn
        }
        service.record_votes(engine, season, state.week, votes, by=by)
    comp = service.compute_week(engine, season, state.week)
    take_step(
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
    take_step(
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
    take_step(
        engine,
        season,
        "week.confirmed",
        lambda s, _f: s.step(),
        by=by,
        detail={o.couple: o.outcome.value for o in decision.outcomes},
        publish=publish,
    )
    return decision
