"""Reading a whole season back from its tables (:meth:`floorcraft.store.season_repo.SeasonRepo.load`).

Plain row selects (no ORM identity map): a season is loaded for every floor action, so this is the hot path.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from fractions import Fraction
from types import MappingProxyType

from sqlalchemy import select
from sqlalchemy.orm import Session

from floorcraft.model.couple import Couple
from floorcraft.model.decision import CoupleOutcome, Decision, Outcome, SaveVote
from floorcraft.model.judge import Judge, JudgeRole
from floorcraft.model.performance import Performance, PerformanceKind, performance_id
from floorcraft.model.period import Period, Substitute, Withdrawal
from floorcraft.model.scores import Bonus, JudgeScore, ScoreCorrection, VoteCount
from floorcraft.model.season import Season
from floorcraft.store.season_tables import (
    SeasonBonusRow,
    SeasonCoupleRow,
    SeasonDecisionRow,
    SeasonJudgeRow,
    SeasonOutcomeRow,
    SeasonPanelRow,
    SeasonPerformanceCoupleRow,
    SeasonPerformanceRow,
    SeasonPeriodCoupleRow,
    SeasonPeriodRow,
    SeasonRow,
    SeasonSaveVoteRow,
    SeasonScoreCorrectionRow,
    SeasonScoreRow,
    SeasonVotesRow,
)


def utc(value: datetime | None) -> datetime | None:
    """Datetimes read back from SQLite are naive; they were written in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def read_season(session: Session, row: SeasonRow) -> Season:
    """The whole season stored under ``row`` as a :class:`Season` (plain rows, no ORM identity map)."""
    s, sid = session, row.id
    couples = s.execute(
        select(SeasonCoupleRow.__table__)
        .where(SeasonCoupleRow.season_id == sid)
        .order_by(SeasonCoupleRow.position)
    )
    couple_key: dict[int, str] = {}
    couple_list = []
    for c in couples:
        couple_key[c.id] = c.key
        couple_list.append(Couple(c.key, c.celebrity, c.professional))
    judge_key: dict[int, str] = {}
    judge_list = []
    for j in s.execute(
        select(SeasonJudgeRow.__table__)
        .where(SeasonJudgeRow.season_id == sid)
        .order_by(SeasonJudgeRow.position)
    ):
        judge_key[j.id] = j.key
        judge_list.append(Judge(j.key, j.name, JudgeRole(j.role)))
    period_rows = list(
        s.execute(
            select(SeasonPeriodRow.__table__)
            .where(SeasonPeriodRow.season_id == sid)
            .order_by(SeasonPeriodRow.number)
        )
    )
    number = {p.id: p.number for p in period_rows}
    pids = list(number)

    def by_period(table, *order):
        if not pids:
            return []
        return list(s.execute(select(table.__table__).where(table.period_id.in_(pids)).order_by(*order)))

    panel: dict[int, list[str]] = {}
    for r in by_period(SeasonPanelRow, SeasonPanelRow.period_id, SeasonPanelRow.position):
        panel.setdefault(r.period_id, []).append(judge_key[r.judge_id])
    facts: dict[int, list[SeasonPeriodCoupleRow]] = {}
    for r in by_period(
        SeasonPeriodCoupleRow, SeasonPeriodCoupleRow.period_id, SeasonPeriodCoupleRow.couple_id
    ):
        facts.setdefault(r.period_id, []).append(r)
    periods = []
    for p in period_rows:
        pf = facts.get(p.id, [])
        periods.append(
            Period(
                number=p.number,
                title=p.title,
                nights=p.nights,
                panel=tuple(panel.get(p.id, ())),
                eliminate=p.eliminate,
                bottom=p.bottom,
                final=p.final,
                carry_over=p.carry_over,
                immune=tuple(couple_key[f.couple_id] for f in pf if f.immune),
                substitutes=tuple(
                    Substitute(couple_key[f.couple_id], f.substitute) for f in pf if f.substitute is not None
                ),
                withdrawals=tuple(
                    Withdrawal(couple_key[f.couple_id], f.withdrawal_reason) for f in pf if f.withdrawn
                ),
            )
        )
    perf_rows = by_period(
        SeasonPerformanceRow, SeasonPerformanceRow.period_id, SeasonPerformanceRow.running_order
    )
    perf_key = {r.id: performance_id(number[r.period_id], r.running_order) for r in perf_rows}
    members: dict[int, list[str]] = {}
    if perf_key:
        for r in s.execute(
            select(SeasonPerformanceCoupleRow.__table__)
            .where(SeasonPerformanceCoupleRow.performance_id.in_(list(perf_key)))
            .order_by(SeasonPerformanceCoupleRow.performance_id, SeasonPerformanceCoupleRow.position)
        ):
            members.setdefault(r.performance_id, []).append(couple_key[r.couple_id])
    performances = tuple(
        Performance(
            id=perf_key[r.id],
            period=number[r.period_id],
            order=r.running_order,
            couples=tuple(members.get(r.id, ())),
            dance=r.dance,
            song=r.song,
            kind=PerformanceKind(r.kind),
            night=r.night,
        )
        for r in perf_rows
    )
    scores = _read_scores(session, perf_key, judge_key)
    votes = tuple(
        VoteCount(number[r.period_id], couple_key[r.couple_id], r.votes)
        for r in by_period(SeasonVotesRow, SeasonVotesRow.period_id, SeasonVotesRow.couple_id)
    )
    bonuses = tuple(
        Bonus(number[r.period_id], couple_key[r.couple_id], Fraction(r.points), r.reason)
        for r in by_period(SeasonBonusRow, SeasonBonusRow.id)
    )
    save_votes = tuple(
        SaveVote(number[r.period_id], judge_key[r.judge_id], couple_key[r.couple_id])
        for r in by_period(SeasonSaveVoteRow, SeasonSaveVoteRow.period_id, SeasonSaveVoteRow.judge_id)
    )
    outcomes: dict[int, list[CoupleOutcome]] = {}
    for r in by_period(SeasonOutcomeRow, SeasonOutcomeRow.period_id, SeasonOutcomeRow.position):
        outcomes.setdefault(r.period_id, []).append(
            CoupleOutcome(couple_key[r.couple_id], Outcome(r.outcome), r.place)
        )
    decisions = tuple(
        Decision(
            period=number[r.period_id],
            outcomes=tuple(outcomes.get(r.period_id, ())),
            explanation=tuple(json.loads(r.explanation)),
            confirmed_by=r.confirmed_by,
            confirmed_at=utc(r.confirmed_at),
            rolled_over=r.rolled_over,
        )
        for r in by_period(SeasonDecisionRow, SeasonDecisionRow.period_id)
    )
    return Season(
        id=row.key,
        title=row.title,
        show=row.show,
        preset=row.preset,
        settings=MappingProxyType(json.loads(row.settings)),
        couples=tuple(couple_list),
        judges=tuple(judge_list),
        periods=tuple(periods),
        performances=performances,
        scores=scores,
        bonuses=bonuses,
        votes=votes,
        save_votes=save_votes,
        decisions=decisions,
    )


def _read_scores(
    session: Session, perf_key: dict[int, str], judge_key: dict[int, str]
) -> tuple[JudgeScore, ...]:
    if not perf_key:
        return ()
    rows = list(
        session.execute(
            select(SeasonScoreRow.__table__)
            .where(SeasonScoreRow.performance_id.in_(list(perf_key)))
            .order_by(SeasonScoreRow.performance_id, SeasonScoreRow.id)
        )
    )
    history: dict[int, list[ScoreCorrection]] = {}
    if rows:
        for c in session.execute(
            select(SeasonScoreCorrectionRow.__table__)
            .where(SeasonScoreCorrectionRow.score_id.in_([r.id for r in rows]))
            .order_by(SeasonScoreCorrectionRow.id)
        ):
            history.setdefault(c.score_id, []).append(
                ScoreCorrection(
                    Fraction(c.old_value),
                    Fraction(c.new_value),
                    c.corrected_by,
                    utc(c.corrected_at),
                    c.reason,
                )
            )
    return tuple(
        JudgeScore(
            performance=perf_key[r.performance_id],
            judge=judge_key[r.judge_id],
            value=Fraction(r.value),
            entered_by=r.entered_by,
            entered_at=utc(r.entered_at),
            history=tuple(history.get(r.id, ())),
        )
        for r in rows
    )
