"""Loading and saving TV seasons (tables in :mod:`floorcraft.store.season_tables`).

:class:`SeasonRepo` works inside the caller's session, i.e. inside one transaction opened with
:func:`floorcraft.store.db.transaction`; it never commits. It loads a whole
:class:`~floorcraft.model.season.Season` and saves either a whole season (:meth:`SeasonRepo.add`, used by
``season create`` and by importers) or one fact at a time (scores, corrections, votes, decisions, ...).
Every score change and decision is also written to the append-only audit table with :meth:`SeasonRepo.audit`
(the show service does that; importers may too).

Reading a season back lives in :mod:`floorcraft.store.season_reader`; this module stays one class because
every write of the season aggregate shares its id look-ups (:class:`_Ids`).

Public API (stable; add, don't rename)::

    repo = SeasonRepo(session)
    repo.exists(key) -> bool;  repo.keys() -> list[str];  repo.load(key) -> Season;  repo.delete(key)
    repo.add(season, *, at=None)                       # whole aggregate; Conflict if the key exists
    repo.add_period(key, period);  repo.update_period(key, period)
    repo.add_performance(key, performance)
    repo.add_score(key, score);  repo.correct_score(key, performance_id, judge, correction)
    repo.set_votes(key, period, couple, votes);  repo.add_bonus(key, bonus)
    repo.set_save_vote(key, vote);  repo.add_decision(key, decision)
    repo.audit(key, action=..., subject=..., actor=..., old=..., new=..., reason=..., at=...)
    repo.audit_log(key) -> list[AuditEntry]
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from floorcraft.errors import Conflict, NotFound
from floorcraft.model.decision import Decision, SaveVote
from floorcraft.model.performance import Performance, performance_id
from floorcraft.model.period import Period
from floorcraft.model.scores import Bonus, JudgeScore, ScoreCorrection
from floorcraft.model.season import Season
from floorcraft.store.season_reader import read_season, utc
from floorcraft.store.season_tables import (
    SeasonAuditRow,
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


@dataclass(frozen=True)
class AuditEntry:
    """One line of a season's audit trail. ``old``/``new`` are the JSON-decoded values (or None)."""

    at: datetime
    actor: str
    action: str
    subject: str
    old: object
    new: object
    reason: str


def now() -> datetime:
    return datetime.now(UTC)


class _Ids:
    """Row ids of one season's parts, looked up by their domain keys."""

    def __init__(self, session: Session, season_row: SeasonRow):
        self.season = season_row.id
        sid = season_row.id
        self.couples = dict(
            session.execute(
                select(SeasonCoupleRow.key, SeasonCoupleRow.id).where(SeasonCoupleRow.season_id == sid)
            ).all()
        )
        self.judges = dict(
            session.execute(
                select(SeasonJudgeRow.key, SeasonJudgeRow.id).where(SeasonJudgeRow.season_id == sid)
            ).all()
        )
        self.periods = dict(
            session.execute(
                select(SeasonPeriodRow.number, SeasonPeriodRow.id).where(SeasonPeriodRow.season_id == sid)
            ).all()
        )
        self.performances: dict[str, int] = {}
        if self.periods:
            rows = session.execute(
                select(SeasonPeriodRow.number, SeasonPerformanceRow.running_order, SeasonPerformanceRow.id)
                .join(SeasonPeriodRow, SeasonPerformanceRow.period_id == SeasonPeriodRow.id)
                .where(SeasonPeriodRow.season_id == sid)
            )
            self.performances = {performance_id(n, o): i for n, o, i in rows}

    def couple(self, key: str) -> int:
        if key not in self.couples:
            raise NotFound(f"no couple {key!r}")
        return self.couples[key]

    def judge(self, key: str) -> int:
        if key not in self.judges:
            raise NotFound(f"no judge {key!r}")
        return self.judges[key]

    def period(self, number: int) -> int:
        if number not in self.periods:
            raise NotFound(f"no week {number}")
        return self.periods[number]

    def performance(self, key: str) -> int:
        if key not in self.performances:
            raise NotFound(f"no performance {key!r}")
        return self.performances[key]


class SeasonRepo:
    def __init__(self, session: Session):
        self.session = session
        self._ids: dict[str, _Ids] = {}

    # -- seasons ------------------------------------------------------------------------------------------
    def _row(self, key: str) -> SeasonRow:
        row = self.session.execute(select(SeasonRow).where(SeasonRow.key == key)).scalar_one_or_none()
        if row is None:
            raise NotFound(f"no season {key!r}")
        return row

    def _idmap(self, key: str) -> _Ids:
        if key not in self._ids:
            self._ids[key] = _Ids(self.session, self._row(key))
        return self._ids[key]

    def exists(self, key: str) -> bool:
        return self.session.execute(select(SeasonRow.id).where(SeasonRow.key == key)).first() is not None

    def keys(self) -> list[str]:
        return list(self.session.execute(select(SeasonRow.key).order_by(SeasonRow.key)).scalars())

    def delete(self, key: str) -> None:
        """Remove a season and everything recorded about it (its audit trail too)."""
        sid = self._row(key).id
        self._ids.pop(key, None)
        # explicit child-first deletes: SQLite's ON DELETE CASCADE needs foreign_keys=ON, which
        # floorcraft's engines set, but a session may come from elsewhere.
        pids = select(SeasonPeriodRow.id).where(SeasonPeriodRow.season_id == sid)
        perf_ids = select(SeasonPerformanceRow.id).where(SeasonPerformanceRow.period_id.in_(pids))
        score_ids = select(SeasonScoreRow.id).where(SeasonScoreRow.performance_id.in_(perf_ids))
        s = self.session
        s.execute(delete(SeasonScoreCorrectionRow).where(SeasonScoreCorrectionRow.score_id.in_(score_ids)))
        s.execute(delete(SeasonScoreRow).where(SeasonScoreRow.performance_id.in_(perf_ids)))
        s.execute(
            delete(SeasonPerformanceCoupleRow).where(SeasonPerformanceCoupleRow.performance_id.in_(perf_ids))
        )
        s.execute(delete(SeasonPerformanceRow).where(SeasonPerformanceRow.period_id.in_(pids)))
        for table in (
            SeasonOutcomeRow,
            SeasonDecisionRow,
            SeasonSaveVoteRow,
            SeasonBonusRow,
            SeasonVotesRow,
            SeasonPeriodCoupleRow,
            SeasonPanelRow,
        ):
            s.execute(delete(table).where(table.period_id.in_(pids)))
        for table in (SeasonPeriodRow, SeasonJudgeRow, SeasonCoupleRow, SeasonAuditRow):
            s.execute(delete(table).where(table.season_id == sid))
        s.execute(delete(SeasonRow).where(SeasonRow.id == sid))

    def add(self, season: Season, *, at: datetime | None = None) -> None:
        """Insert a whole season (cast, judges, periods, performances, scores with their history, votes,
        bonuses, save votes, decisions). Conflict if a season with this id exists."""
        if self.exists(season.id):
            raise Conflict(f"season {season.id!r} already exists")
        row = SeasonRow(
            key=season.id,
            title=season.title,
            show=season.show,
            preset=season.preset,
            settings=json.dumps(dict(season.settings), sort_keys=True),
            created_at=at or now(),
        )
        self.session.add(row)
        self.session.flush()
        for i, c in enumerate(season.couples):
            self.session.add(
                SeasonCoupleRow(
                    season_id=row.id, key=c.id, position=i, celebrity=c.celebrity, professional=c.professional
                )
            )
        for i, j in enumerate(season.judges):
            self.session.add(
                SeasonJudgeRow(season_id=row.id, key=j.id, position=i, name=j.name, role=j.role.value)
            )
        self.session.flush()
        self._ids.pop(season.id, None)
        self._add_parts(season)

    def _add_parts(self, season: Season) -> None:
        """Bulk insert of everything below the cast and judges (one flush per level, for importers)."""
        s, key = self.session, season.id
        ids = self._idmap(key)
        periods = {}
        for p in season.periods:
            if p.number in periods:
                raise Conflict(f"season {key!r}: week {p.number} listed twice")
            periods[p.number] = SeasonPeriodRow(season_id=ids.season, number=p.number)
            self._fill_period(periods[p.number], p)
        s.add_all(periods.values())
        s.flush()
        ids.periods.update({n: r.id for n, r in periods.items()})
        for p in season.periods:
            self._write_period_parts(ids, ids.periods[p.number], p, flush=False)
        perfs = {}
        for perf in season.performances:
            if perf.id in perfs:
                raise Conflict(f"season {key!r}: performance {perf.id} listed twice")
            perfs[perf.id] = SeasonPerformanceRow(
                period_id=ids.period(perf.period),
                running_order=perf.order,
                night=perf.night,
                kind=perf.kind.value,
                dance=perf.dance,
                song=perf.song,
            )
        s.add_all(perfs.values())
        s.flush()
        ids.performances.update({k: r.id for k, r in perfs.items()})
        s.add_all(
            SeasonPerformanceCoupleRow(
                performance_id=ids.performances[perf.id], couple_id=ids.couple(c), position=i
            )
            for perf in season.performances
            for i, c in enumerate(perf.couples)
        )
        scores = [
            (
                score,
                SeasonScoreRow(
                    performance_id=ids.performance(score.performance),
                    judge_id=ids.judge(score.judge),
                    value=str(score.value),
                    entered_by=score.entered_by,
                    entered_at=score.entered_at or now(),
                ),
            )
            for score in season.scores
        ]
        s.add_all(row for _, row in scores)
        s.flush()
        s.add_all(
            SeasonScoreCorrectionRow(
                score_id=row.id,
                old_value=str(c.old),
                new_value=str(c.new),
                corrected_by=c.by,
                corrected_at=c.at,
                reason=c.reason,
            )
            for score, row in scores
            for c in score.history
        )
        s.add_all(
            SeasonVotesRow(period_id=ids.period(v.period), couple_id=ids.couple(v.couple), votes=v.votes)
            for v in season.votes
        )
        s.add_all(
            SeasonBonusRow(
                period_id=ids.period(b.period),
                couple_id=ids.couple(b.couple),
                points=str(b.points),
                reason=b.reason,
            )
            for b in season.bonuses
        )
        s.add_all(
            SeasonSaveVoteRow(
                period_id=ids.period(v.period), judge_id=ids.judge(v.judge), couple_id=ids.couple(v.couple)
            )
            for v in season.save_votes
        )
        s.flush()
        for d in season.decisions:
            self.add_decision(key, d)

    def update_settings(self, key: str, settings: dict) -> None:
        self._row(key).settings = json.dumps(settings, sort_keys=True)

    # -- periods ------------------------------------------------------------------------------------------
    def add_period(self, key: str, period: Period) -> None:
        ids = self._idmap(key)
        if period.number in ids.periods:
            raise Conflict(f"season {key!r}: week {period.number} already exists")
        row = SeasonPeriodRow(season_id=ids.season, number=period.number)
        self._fill_period(row, period)
        self.session.add(row)
        self.session.flush()
        ids.periods[period.number] = row.id
        self._write_period_parts(ids, row.id, period)

    def update_period(self, key: str, period: Period) -> None:
        """Replace a period's settings, panel, immunity, substitutes and withdrawals."""
        ids = self._idmap(key)
        pid = ids.period(period.number)
        row = self.session.get(SeasonPeriodRow, pid)
        self._fill_period(row, period)
        self.session.execute(delete(SeasonPanelRow).where(SeasonPanelRow.period_id == pid))
        self.session.execute(delete(SeasonPeriodCoupleRow).where(SeasonPeriodCoupleRow.period_id == pid))
        self.session.flush()
        self._write_period_parts(ids, pid, period)

    @staticmethod
    def _fill_period(row: SeasonPeriodRow, period: Period) -> None:
        row.title = period.title
        row.nights = period.nights
        row.eliminate = period.eliminate
        row.bottom = period.bottom
        row.final = period.final
        row.carry_over = period.carry_over

    def _write_period_parts(self, ids: _Ids, pid: int, period: Period, *, flush: bool = True) -> None:
        for i, judge in enumerate(period.panel):
            self.session.add(SeasonPanelRow(period_id=pid, judge_id=ids.judge(judge), position=i))
        facts: dict[str, SeasonPeriodCoupleRow] = {}

        def fact(couple: str) -> SeasonPeriodCoupleRow:
            if couple not in facts:
                facts[couple] = SeasonPeriodCoupleRow(
                    period_id=pid,
                    couple_id=ids.couple(couple),
                    immune=False,
                    substitute=None,
                    withdrawn=False,
                    withdrawal_reason="",
                )
            return facts[couple]

        for couple in period.immune:
            fact(couple).immune = True
        for sub in period.substitutes:
            fact(sub.couple).substitute = sub.professional
        for w in period.withdrawals:
            fact(w.couple).withdrawn = True
            fact(w.couple).withdrawal_reason = w.reason
        self.session.add_all(facts.values())
        if flush:
            self.session.flush()

    # -- performances and scores --------------------------------------------------------------------------
    def add_performance(self, key: str, perf: Performance) -> None:
        ids = self._idmap(key)
        if perf.id in ids.performances:
            raise Conflict(f"season {key!r}: performance {perf.id} already exists")
        row = SeasonPerformanceRow(
            period_id=ids.period(perf.period),
            running_order=perf.order,
            night=perf.night,
            kind=perf.kind.value,
            dance=perf.dance,
            song=perf.song,
        )
        self.session.add(row)
        self.session.flush()
        ids.performances[perf.id] = row.id
        for i, couple in enumerate(perf.couples):
            self.session.add(
                SeasonPerformanceCoupleRow(performance_id=row.id, couple_id=ids.couple(couple), position=i)
            )
        self.session.flush()

    def _score_row(self, key: str, perf: str, judge: str) -> SeasonScoreRow | None:
        ids = self._idmap(key)
        return self.session.execute(
            select(SeasonScoreRow).where(
                SeasonScoreRow.performance_id == ids.performance(perf),
                SeasonScoreRow.judge_id == ids.judge(judge),
            )
        ).scalar_one_or_none()

    def add_score(self, key: str, score: JudgeScore, *, initial: bool = False, checked: bool = False) -> None:
        """Store a judge's official score (it must be new: Conflict otherwise, unless the caller ``checked``).
        With ``initial`` (a whole-season import) the score's correction history is stored too."""
        if not checked and self._score_row(key, score.performance, score.judge) is not None:
            raise Conflict(
                f"performance {score.performance}: judge {score.judge!r} already scored (use a correction)"
            )
        ids = self._idmap(key)
        row = SeasonScoreRow(
            performance_id=ids.performance(score.performance),
            judge_id=ids.judge(score.judge),
            value=str(score.value),
            entered_by=score.entered_by,
            entered_at=score.entered_at or now(),
        )
        self.session.add(row)
        self.session.flush()
        if initial:
            for c in score.history:
                self._add_correction(row.id, c)

    def correct_score(self, key: str, perf: str, judge: str, correction: ScoreCorrection) -> None:
        """Replace the official value and keep the old one in the correction history."""
        row = self._score_row(key, perf, judge)
        if row is None:
            raise NotFound(f"performance {perf}: judge {judge!r} has no score to correct")
        row.value = str(correction.new)
        self._add_correction(row.id, correction)

    def _add_correction(self, score_id: int, c: ScoreCorrection) -> None:
        self.session.add(
            SeasonScoreCorrectionRow(
                score_id=score_id,
                old_value=str(c.old),
                new_value=str(c.new),
                corrected_by=c.by,
                corrected_at=c.at,
                reason=c.reason,
            )
        )
        self.session.flush()

    # -- votes, bonuses, save votes, decisions ------------------------------------------------------------
    def set_votes(self, key: str, period: int, couple: str, votes: int) -> int | None:
        """Set a couple's vote total for a period; returns the previous total (None if there was none)."""
        ids = self._idmap(key)
        pk = (ids.period(period), ids.couple(couple))
        row = self.session.get(SeasonVotesRow, pk)
        if row is None:
            self.session.add(SeasonVotesRow(period_id=pk[0], couple_id=pk[1], votes=votes))
            self.session.flush()
            return None
        old, row.votes = row.votes, votes
        return old

    def add_bonus(self, key: str, bonus: Bonus) -> None:
        ids = self._idmap(key)
        self.session.add(
            SeasonBonusRow(
                period_id=ids.period(bonus.period),
                couple_id=ids.couple(bonus.couple),
                points=str(bonus.points),
                reason=bonus.reason,
            )
        )
        self.session.flush()

    def set_save_vote(self, key: str, vote: SaveVote) -> str | None:
        """Record a judge's save vote; returns the couple they had voted for before (None if new)."""
        ids = self._idmap(key)
        pk = (ids.period(vote.period), ids.judge(vote.judge))
        row = self.session.get(SeasonSaveVoteRow, pk)
        couple_id = ids.couple(vote.couple)
        if row is None:
            self.session.add(SeasonSaveVoteRow(period_id=pk[0], judge_id=pk[1], couple_id=couple_id))
            self.session.flush()
            return None
        old = next(k for k, v in ids.couples.items() if v == row.couple_id)
        row.couple_id = couple_id
        return old

    def add_decision(self, key: str, decision: Decision) -> None:
        ids = self._idmap(key)
        pid = ids.period(decision.period)
        if self.session.get(SeasonDecisionRow, pid) is not None:
            raise Conflict(f"season {key!r}: week {decision.period} is already confirmed")
        self.session.add(
            SeasonDecisionRow(
                period_id=pid,
                confirmed_by=decision.confirmed_by,
                confirmed_at=decision.confirmed_at or now(),
                rolled_over=decision.rolled_over,
                explanation=json.dumps(list(decision.explanation)),
            )
        )
        self.session.flush()
        for i, o in enumerate(decision.outcomes):
            self.session.add(
                SeasonOutcomeRow(
                    period_id=pid,
                    couple_id=ids.couple(o.couple),
                    position=i,
                    outcome=o.outcome.value,
                    place=o.place,
                )
            )
        self.session.flush()

    # -- audit --------------------------------------------------------------------------------------------
    def audit(
        self,
        key: str,
        *,
        action: str,
        subject: str,
        actor: str,
        old: object = None,
        new: object = None,
        reason: str = "",
        at: datetime | None = None,
    ) -> None:
        """Append one line to the season's audit trail (``action`` like ``score.corrected``)."""
        self.session.add(
            SeasonAuditRow(
                season_id=self._idmap(key).season,
                at=at or now(),
                actor=actor,
                action=action,
                subject=subject,
                old=None if old is None else json.dumps(old, default=str),
                new=None if new is None else json.dumps(new, default=str),
                reason=reason,
            )
        )
        self.session.flush()

    def audit_log(self, key: str) -> list[AuditEntry]:
        rows = self.session.execute(
            select(SeasonAuditRow)
            .where(SeasonAuditRow.season_id == self._idmap(key).season)
            .order_by(SeasonAuditRow.id)
        ).scalars()
        return [
            AuditEntry(
                at=utc(r.at),
                actor=r.actor,
                action=r.action,
                subject=r.subject,
                old=None if r.old is None else json.loads(r.old),
                new=None if r.new is None else json.loads(r.new),
                reason=r.reason,
            )
            for r in rows
        ]

    def load(self, key: str) -> Season:
        """The whole season as a :class:`Season` (NotFound if there is none)."""
        return read_season(self.session, self._row(key))
