"""The show service: one function per floor action on a season (style.md §7: check, commit, audit).

Each function opens one transaction on ``engine`` (:func:`floorcraft.store.db.transaction`), loads the season,
checks the action against the rulebook and the recorded facts, writes, and appends an audit line (actions
``season.created``, ``week.added``, ``performance.added``, ``score.recorded``, ``score.corrected``,
``votes.recorded``, ``bonus.added``, ``couple.withdrawn``, ``save_vote.recorded``, ``week.confirmed``).
Any error rolls the whole action back: the database is left as it was. ``by`` names who acted; ``at``
(default now, UTC) when — the demo passes fixed times so that its runs are reproducible. The scoring
actions live in :mod:`floorcraft.show.scoring` and are re-exported here, so callers use one module.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from floorcraft.errors import Conflict, InvalidInput, Problems
from floorcraft.model.decision import CoupleOutcome, Decision, Outcome, SaveVote
from floorcraft.model.performance import Performance
from floorcraft.model.period import Period, Withdrawal
from floorcraft.model.scores import Bonus, parse_points
from floorcraft.model.season import Season
from floorcraft.model.totals import couples_in
from floorcraft.show.checks import check_in_play, check_open, find_performance
from floorcraft.show.compute import PeriodComputation, compute, rules_of
from floorcraft.show.scoring import correct_score, record_score_sheet, record_scores
from floorcraft.show.season_file import performance_from_dict, period_from_dict, read_toml, season_from_dict
from floorcraft.store.db import transaction
from floorcraft.store.season_repo import SeasonRepo, now

__all__ = [
    "add_bonus",
    "add_performance",
    "add_week",
    "audit_log",
    "compute_week",
    "confirm_week",
    "correct_score",
    "create_season",
    "decision_from",
    "find_performance",
    "load",
    "record_save_votes",
    "record_score_sheet",
    "record_scores",
    "record_votes",
    "season_keys",
    "store_season",
    "withdraw",
]


def load(engine: Engine, key: str) -> Season:
    with transaction(engine) as session:
        return SeasonRepo(session).load(key)


def season_keys(engine: Engine) -> list[str]:
    with transaction(engine) as session:
        return SeasonRepo(session).keys()


# -- creating ---------------------------------------------------------------------------------------------
def create_season(
    engine: Engine,
    source: str | Path | Mapping,
    *,
    by: str,
    replace: bool = False,
    at: datetime | None = None,
) -> Season:
    """Create a season from a TOML file (or its parsed data). ``replace`` drops an existing season of the
    same id first (in the same transaction); otherwise an existing id is a Conflict."""
    data = source if isinstance(source, Mapping) else read_toml(source)
    where = "season data" if isinstance(source, Mapping) else str(source)
    season, _rules = season_from_dict(data, source=where)
    return store_season(engine, season, by=by, replace=replace, at=at)


def store_season(
    engine: Engine, season: Season, *, by: str, replace: bool = False, at: datetime | None = None
) -> Season:
    """Store a whole season (a created one, or one read from floorcraft's JSON export or an importer)."""
    rules_of(season)  # the preset and settings must be valid
    with transaction(engine) as session:
        repo = SeasonRepo(session)
        if replace and repo.exists(season.id):
            repo.delete(season.id)
        repo.add(season, at=at)
        repo.audit(season.id, action="season.created", subject=season.id, actor=by, new=season.preset, at=at)
    return season


# -- weeks and performances -------------------------------------------------------------------------------
def add_week(
    engine: Engine, key: str, data: Mapping[str, Any], *, by: str, at: datetime | None = None
) -> Period:
    """Add a week (``data`` as in a ``[[weeks]]`` table of the season file, performances included)."""
    with transaction(engine) as session:
        repo = SeasonRepo(session)
        season = repo.load(key)
        finals = [p.number for p in season.periods if p.final and season.decision(p.number) is not None]
        if finals:
            raise Conflict(f"season {key}: the final (week {finals[0]}) is confirmed; the season is over")
        period, performances = period_from_dict(data, season, rules_of(season), where="week")
        repo.add_period(key, period)
        for perf in performances:
            repo.add_performance(key, perf)
        repo.audit(
            key, action="week.added", subject=f"week {period.number}", actor=by, new=period.title, at=at
        )
    return period


def add_performance(
    engine: Engine, key: str, week: int, data: Mapping[str, Any], *, by: str, at: datetime | None = None
) -> Performance:
    """Add a performance at the end of the week's running order."""
    with transaction(engine) as session:
        repo = SeasonRepo(session)
        season = repo.load(key)
        period = season.period(week)
        check_open(season, week)
        order = max((p.order for p in season.performances_in(week)), default=0) + 1
        perf = performance_from_dict(data, season, period, order=order, where=f"week {week} performance")
        check_in_play(season, week, perf.couples)
        repo.add_performance(key, perf)
        repo.audit(
            key,
            action="performance.added",
            subject=perf.id,
            actor=by,
            new={"couples": list(perf.couples)},
            at=at,
        )
    return perf


# -- votes, bonuses, withdrawals, save votes --------------------------------------------------------------
def record_votes(
    engine: Engine, key: str, week: int, votes: Mapping[str, object], *, by: str, at: datetime | None = None
) -> None:
    """Record public vote totals (couple id -> non-negative whole number); a re-entry replaces the old total
    (audited with both values)."""
    with transaction(engine) as session:
        repo = SeasonRepo(session)
        season = repo.load(key)
        check_open(season, week)
        playing = couples_in(season, week)
        problems = Problems()
        counts = {}
        for couple, raw in votes.items():
            where = f"week {week}, couple {couple}"
            if couple not in [c.id for c in season.couples]:
                problems.add(f"{where}: unknown couple")
            elif couple not in playing:
                problems.add(f"{where}: not in the competition this week")
            if isinstance(raw, float) and raw.is_integer():
                raw = int(raw)
            if isinstance(raw, str) and raw.strip().isdigit():
                raw = int(raw.strip())
            if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
                problems.add(f"{where}: votes must be a non-negative whole number, got {raw!r}")
                continue
            counts[couple] = raw
        if not votes:
            problems.add(f"week {week}: no vote totals given")
        problems.raise_if_any()
        for couple, count in counts.items():
            old = repo.set_votes(key, week, couple, count)
            repo.audit(
                key,
                action="votes.recorded",
                subject=f"week {week}/{couple}",
                actor=by,
                old=old,
                new=count,
                at=at,
            )


def add_bonus(
    engine: Engine,
    key: str,
    week: int,
    couple: str,
    raw: object,
    *,
    reason: str,
    by: str,
    at: datetime | None = None,
) -> Bonus:
    """Add bonus points to a couple's judges' total for the week (tv-rules.md §1.5)."""
    with transaction(engine) as session:
        repo = SeasonRepo(session)
        season = repo.load(key)
        check_open(season, week)
        check_in_play(season, week, [couple])
        bonus = Bonus(week, couple, parse_points(raw, what=f"week {week}, couple {couple}, bonus"), reason)
        repo.add_bonus(key, bonus)
        repo.audit(
            key,
            action="bonus.added",
            subject=f"week {week}/{couple}",
            actor=by,
            new=str(bonus.points),
            reason=reason,
            at=at,
        )
    return bonus


def withdraw(
    engine: Engine, key: str, week: int, couple: str, *, reason: str, by: str, at: datetime | None = None
) -> Period:
    """A couple withdraws in ``week``: it is left out of the week's standings and leaves the season when the
    week is confirmed (tv-rules.md §2.4)."""
    with transaction(engine) as session:
        repo = SeasonRepo(session)
        season = repo.load(key)
        check_open(season, week)
        check_in_play(season, week, [couple])
        period = season.period(week)
        updated = Period(
            **{**period.__dict__, "withdrawals": (*period.withdrawals, Withdrawal(couple, reason))}
        )
        repo.update_period(key, updated)
        repo.audit(
            key, action="couple.withdrawn", subject=f"week {week}/{couple}", actor=by, reason=reason, at=at
        )
    return updated


def record_save_votes(
    engine: Engine, key: str, week: int, votes: Mapping[str, str], *, by: str, at: datetime | None = None
) -> PeriodComputation:
    """Record the judges' save votes (judge id -> couple saved) on the week's bottom two and return the
    recomputed week with the judges' decision (tv-rules.md §2.2, §3.3)."""
    with transaction(engine) as session:
        repo = SeasonRepo(session)
        season = repo.load(key)
        check_open(season, week)
        before = compute(season, week)
        if before.kind != "bottom":
            raise Conflict(f"week {week} has no bottom group for a judges' vote")
        problems = Problems()
        period = season.period(week)
        for judge, couple in votes.items():
            if judge not in period.panel:
                problems.add(
                    f"week {week}, judge {judge}: not on the week's panel ({', '.join(period.panel)})"
                )
            if couple not in before.result.bottom:
                bottom = ", ".join(sorted(before.result.bottom))
                problems.add(f"week {week}, judge {judge}: {couple} is not in the bottom group ({bottom})")
        problems.raise_if_any()
        for judge, couple in votes.items():
            old = repo.set_save_vote(key, SaveVote(week, judge, couple))
            repo.audit(
                key,
                action="save_vote.recorded",
                subject=f"week {week}/{judge}",
                actor=by,
                old=old,
                new=couple,
                at=at,
            )
        return compute(repo.load(key), week)


# -- computing and confirming -----------------------------------------------------------------------------
def compute_week(engine: Engine, key: str, week: int) -> PeriodComputation:
    """The week's standings and explanation (read-only; derived from the recorded facts)."""
    return compute(load(engine, key), week)


def confirm_week(engine: Engine, key: str, week: int, *, by: str, at: datetime | None = None) -> Decision:
    """Confirm the week's decision: eliminations (double ones too), the judges' save, withdrawals, or the
    final's placings and winner. Recorded with its explanation and audited as ``week.confirmed``."""
    at = at or now()
    with transaction(engine) as session:
        repo = SeasonRepo(session)
        season = repo.load(key)
        check_open(season, week)
        comp = compute(season, week)
        decision = decision_from(comp, by=by, at=at, carry_over=season.period(week).carry_over)
        repo.add_decision(key, decision)
        repo.audit(
            key,
            action="week.confirmed",
            subject=f"week {week}",
            actor=by,
            new={o.couple: o.outcome.value for o in decision.outcomes},
            reason="; ".join(decision.explanation),
            at=at,
        )
    return decision


def decision_from(comp: PeriodComputation, *, by: str, at: datetime, carry_over: bool) -> Decision:
    """The decision a computed week leads to (InvalidInput when the judges' save votes are still missing)."""
    result = comp.result
    outcomes: list[CoupleOutcome] = []
    lines = list(comp.explanation)
    if comp.kind == "final":
        firsts = [line for line in result.standings if line.rank == 1]
        for line in result.standings:
            won = line.rank == 1 and len(firsts) == 1
            outcomes.append(CoupleOutcome(line.id, Outcome.WINNER if won else Outcome.PLACED, line.rank))
        if len(firsts) == 1:
            lines.append(f"{firsts[0].id} wins the season")
        else:
            lines.append(f"{' and '.join(f.id for f in firsts)} tie for first place: a genuine tie")
    elif comp.kind == "bottom":
        if result.tied_at_cut:
            outcomes += [CoupleOutcome(c, Outcome.BOTTOM) for c in sorted(result.bottom)]
            outcomes += [CoupleOutcome(c, Outcome.TIED) for c in sorted(result.tied_at_cut)]
            lines.append("the bottom group is not settled (a tie at the cut): nobody leaves on this decision")
        elif comp.save is None:
            bottom = " and ".join(line.id for line in result.standings if line.id in result.bottom)
            raise InvalidInput(
                f"week {comp.period}: the judges' save on {bottom} is not decided: {'; '.join(comp.pending)}"
            )
        else:
            outcomes.append(CoupleOutcome(comp.save.saved, Outcome.SAVED))
            outcomes.append(CoupleOutcome(comp.save.eliminated, Outcome.ELIMINATED))
    else:
        outcomes += [
            CoupleOutcome(line.id, Outcome.ELIMINATED)
            for line in result.standings
            if line.id in result.eliminated
        ]
        outcomes += [CoupleOutcome(c, Outcome.TIED) for c in sorted(result.tied_at_cut)]
    outcomes += [CoupleOutcome(c, Outcome.WITHDRAWN) for c in comp.withdrawn]
    return Decision(
        period=comp.period,
        outcomes=tuple(outcomes),
        explanation=tuple(lines),
        confirmed_by=by,
        confirmed_at=at,
        rolled_over=comp.kind == "no_cut" and carry_over,
    )


def audit_log(engine: Engine, key: str):
    with transaction(engine) as session:
        return SeasonRepo(session).audit_log(key)
