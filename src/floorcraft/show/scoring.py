"""Scoring actions of the show service: official judges' scores and their corrections (tv-rules.md §1.2).

Same shape as every service action (:mod:`floorcraft.show.service`): one transaction, checks, write, audit
(``score.recorded``, ``score.corrected``, ``score.corrected_after_confirmation``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from fractions import Fraction

from sqlalchemy import Engine

from floorcraft.errors import InvalidInput, NotFound, Problems
from floorcraft.model.performance import Performance, PerformanceKind
from floorcraft.model.scores import JudgeScore, ScoreCorrection, format_points, parse_points
from floorcraft.model.season import Season
from floorcraft.show.checks import check_open, find_performance
from floorcraft.show.compute import rules_of
from floorcraft.show.rulebook import score_scale
from floorcraft.store.db import transaction
from floorcraft.store.season_repo import SeasonRepo, now


def record_scores(
    engine: Engine,
    key: str,
    week: int,
    ref: str,
    scores: Mapping[str, object],
    *,
    by: str,
    dance: str | None = None,
    at: datetime | None = None,
) -> Performance:
    """Record judges' official scores (judge id -> score) for one performance; all or none are stored.
    ``ref`` is a couple id (with ``dance`` when it danced several times) or a performance id."""
    with transaction(engine) as session:
        repo = SeasonRepo(session)
        season = repo.load(key)
        perf = find_performance(season, week, ref, dance=dance)
        _store_scores(repo, season, week, {perf.id: scores}, by=by, at=at or now())
    return perf


def record_score_sheet(
    engine: Engine,
    key: str,
    week: int,
    sheet: Mapping[str, Mapping[str, object]],
    *,
    by: str,
    at: datetime | None = None,
) -> None:
    """Record a whole week's score sheet (performance id -> judge id -> score) in one transaction."""
    with transaction(engine) as session:
        repo = SeasonRepo(session)
        _store_scores(repo, repo.load(key), week, sheet, by=by, at=at or now())


def _store_scores(repo: SeasonRepo, season: Season, week: int, sheet, *, by: str, at: datetime) -> None:
    check_open(season, week)
    period = season.period(week)
    scale = score_scale(rules_of(season))
    judges = {j.id for j in season.judges}
    problems = Problems()
    values: list[tuple[str, str, Fraction]] = []
    for perf_id, scores in sheet.items():
        perf = season.performance(perf_id)
        if perf.period != week:
            problems.add(f"performance {perf_id}: not in week {week}")
        if perf.kind is PerformanceKind.MARATHON:
            problems.add(f"performance {perf.id}: a marathon carries bonus points, not judges' scores")
        if not scores:
            problems.add(f"performance {perf.id}: no scores given")
        for judge, raw in scores.items():
            where = f"performance {perf.id}, judge {judge}"
            if judge not in judges:
                problems.add(f"{where}: unknown judge")
                continue
            if judge not in period.panel:
                problems.add(f"{where}: not on week {week}'s panel ({', '.join(period.panel)})")
            if season.score(perf.id, judge) is not None:
                problems.add(f"{where}: already scored; correct it with --correct --reason")
            try:
                value = parse_points(raw, what=where)
            except InvalidInput as exc:
                problems.items.extend(exc.problems)
                continue
            if (problem := scale.problem(value)) is not None:
                problems.add(f"{where}: {problem}")
            values.append((perf.id, judge, value))
    problems.raise_if_any()
    for perf_id, judge, value in values:
        repo.add_score(season.id, JudgeScore(perf_id, judge, value, by, at), checked=True)
        repo.audit(
            season.id, action="score.recorded", subject=f"{perf_id}/{judge}", actor=by, new=str(value), at=at
        )


def correct_score(
    engine: Engine,
    key: str,
    week: int,
    ref: str,
    judge: str,
    raw: object,
    *,
    by: str,
    reason: str,
    dance: str | None = None,
    at: datetime | None = None,
) -> ScoreCorrection:
    """Correct a judge's official score; the old value stays in the history with who, when and why
    (tv-rules.md §1.2)."""
    at = at or now()
    with transaction(engine) as session:
        repo = SeasonRepo(session)
        season = repo.load(key)
        perf = find_performance(season, week, ref, dance=dance)
        where = f"performance {perf.id}, judge {judge}"
        current = season.score(perf.id, judge)
        if current is None:
            raise NotFound(f"{where}: no score to correct")
        if not reason or not reason.strip():
            raise InvalidInput(f"{where}: a correction needs a reason")
        value = parse_points(raw, what=where)
        if (problem := score_scale(rules_of(season)).problem(value)) is not None:
            raise InvalidInput(f"{where}: {problem}")
        if value == current.value:
            raise InvalidInput(f"{where}: the score is already {format_points(value)}")
        correction = ScoreCorrection(current.value, value, by, at, reason.strip())
        repo.correct_score(key, perf.id, judge, correction)
        repo.audit(
            key,
            action="score.corrected",
            subject=f"{perf.id}/{judge}",
            actor=by,
            old=str(current.value),
            new=str(value),
            reason=correction.reason,
            at=at,
        )
        if season.decision(week) is not None:
            repo.audit(
                key,
                action="score.corrected_after_confirmation",
                subject=f"week {week}",
                actor=by,
                reason="the confirmed decision stands; recompute to compare",
                at=at,
            )
    return correction
