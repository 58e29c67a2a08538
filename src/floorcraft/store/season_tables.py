"""SQLAlchemy tables of TV seasons (migration ``0001_season``).

One source of truth per fact: a judge's official score is one row of ``season_score`` and every change to it
one row of ``season_score_correction``; totals, ranks and tables are derived, never stored. Exact numbers
(scores, bonus points) are stored as text of a :class:`fractions.Fraction` (``"7"``, ``"15/2"``) so that
SQLite and PostgreSQL hold exactly the same value. ``season_audit`` logs every score change and decision.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from floorcraft.store.base import Base

_CASCADE = {"ondelete": "CASCADE"}


class SeasonRow(Base):
    __tablename__ = "season"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    show: Mapped[str] = mapped_column(String(80))
    preset: Mapped[str] = mapped_column(String(80))
    settings: Mapped[str] = mapped_column(Text, default="{}")  # JSON object of preset overrides
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SeasonCoupleRow(Base):
    __tablename__ = "season_couple"
    __table_args__ = (UniqueConstraint("season_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    season_id: Mapped[int] = mapped_column(ForeignKey("season.id", **_CASCADE), index=True)
    key: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer)
    celebrity: Mapped[str] = mapped_column(String(200))
    professional: Mapped[str] = mapped_column(String(200))


class SeasonJudgeRow(Base):
    __tablename__ = "season_judge"
    __table_args__ = (UniqueConstraint("season_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    season_id: Mapped[int] = mapped_column(ForeignKey("season.id", **_CASCADE), index=True)
    key: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))


class SeasonPeriodRow(Base):
    __tablename__ = "season_period"
    __table_args__ = (UniqueConstraint("season_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    season_id: Mapped[int] = mapped_column(ForeignKey("season.id", **_CASCADE), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200), default="")
    nights: Mapped[int] = mapped_column(Integer, default=1)
    eliminate: Mapped[int] = mapped_column(Integer, default=1)
    bottom: Mapped[int] = mapped_column(Integer, default=0)
    final: Mapped[bool] = mapped_column(Boolean, default=False)
    carry_over: Mapped[bool] = mapped_column(Boolean, default=True)


class SeasonPanelRow(Base):
    """A judge on one period's panel (absent judges have no row; guests do)."""

    __tablename__ = "season_panel"

    period_id: Mapped[int] = mapped_column(ForeignKey("season_period.id", **_CASCADE), primary_key=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("season_judge.id", **_CASCADE), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class SeasonPeriodCoupleRow(Base):
    """Per-period facts of one couple: immunity, a substitute professional, a withdrawal (with its reason)."""

    __tablename__ = "season_period_couple"

    period_id: Mapped[int] = mapped_column(ForeignKey("season_period.id", **_CASCADE), primary_key=True)
    couple_id: Mapped[int] = mapped_column(ForeignKey("season_couple.id", **_CASCADE), primary_key=True)
    immune: Mapped[bool] = mapped_column(Boolean, default=False)
    substitute: Mapped[str | None] = mapped_column(String(200), nullable=True)
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)
    withdrawal_reason: Mapped[str] = mapped_column(Text, default="")


class SeasonVotesRow(Base):
    __tablename__ = "season_votes"

    period_id: Mapped[int] = mapped_column(ForeignKey("season_period.id", **_CASCADE), primary_key=True)
    couple_id: Mapped[int] = mapped_column(ForeignKey("season_couple.id", **_CASCADE), primary_key=True)
    votes: Mapped[int] = mapped_column(BigInteger)


class SeasonPerformanceRow(Base):
    __tablename__ = "season_performance"
    __table_args__ = (UniqueConstraint("period_id", "running_order"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("season_period.id", **_CASCADE), index=True)
    running_order: Mapped[int] = mapped_column(Integer)
    night: Mapped[int] = mapped_column(Integer, default=1)
    kind: Mapped[str] = mapped_column(String(20))
    dance: Mapped[str] = mapped_column(String(120), default="")
    song: Mapped[str] = mapped_column(String(300), default="")


class SeasonPerformanceCoupleRow(Base):
    """A couple dancing in a performance (a team dance has several, each credited with the team score)."""

    __tablename__ = "season_performance_couple"

    performance_id: Mapped[int] = mapped_column(
        ForeignKey("season_performance.id", **_CASCADE), primary_key=True
    )
    couple_id: Mapped[int] = mapped_column(ForeignKey("season_couple.id", **_CASCADE), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class SeasonScoreRow(Base):
    """A judge's official score for one performance (exact, as text of a Fraction)."""

    __tablename__ = "season_score"
    __table_args__ = (UniqueConstraint("performance_id", "judge_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    performance_id: Mapped[int] = mapped_column(ForeignKey("season_performance.id", **_CASCADE), index=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("season_judge.id", **_CASCADE))
    value: Mapped[str] = mapped_column(String(40))
    entered_by: Mapped[str] = mapped_column(String(120), default="")
    entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SeasonScoreCorrectionRow(Base):
    """One correction of an official score: old and new value, who, when, why (tv-rules.md §1.2)."""

    __tablename__ = "season_score_correction"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    score_id: Mapped[int] = mapped_column(ForeignKey("season_score.id", **_CASCADE), index=True)
    old_value: Mapped[str] = mapped_column(String(40))
    new_value: Mapped[str] = mapped_column(String(40))
    corrected_by: Mapped[str] = mapped_column(String(120))
    corrected_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str] = mapped_column(Text)


class SeasonBonusRow(Base):
    __tablename__ = "season_bonus"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("season_period.id", **_CASCADE), index=True)
    couple_id: Mapped[int] = mapped_column(ForeignKey("season_couple.id", **_CASCADE))
    points: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text, default="")


class SeasonSaveVoteRow(Base):
    """A judge's vote to save one couple of the bottom group (tv-rules.md §2.2, §3.3)."""

    __tablename__ = "season_save_vote"

    period_id: Mapped[int] = mapped_column(ForeignKey("season_period.id", **_CASCADE), primary_key=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("season_judge.id", **_CASCADE), primary_key=True)
    couple_id: Mapped[int] = mapped_column(ForeignKey("season_couple.id", **_CASCADE))


class SeasonDecisionRow(Base):
    __tablename__ = "season_decision"

    period_id: Mapped[int] = mapped_column(ForeignKey("season_period.id", **_CASCADE), primary_key=True)
    confirmed_by: Mapped[str] = mapped_column(String(120))
    confirmed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    rolled_over: Mapped[bool] = mapped_column(Boolean, default=False)
    explanation: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of lines


class SeasonOutcomeRow(Base):
    __tablename__ = "season_outcome"

    period_id: Mapped[int] = mapped_column(
        ForeignKey("season_decision.period_id", **_CASCADE), primary_key=True
    )
    couple_id: Mapped[int] = mapped_column(ForeignKey("season_couple.id", **_CASCADE), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(20))
    place: Mapped[int | None] = mapped_column(Integer, nullable=True)


class SeasonAuditRow(Base):
    """The append-only trail of every score change and decision: ``action`` like ``score.corrected``."""

    __tablename__ = "season_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    season_id: Mapped[int] = mapped_column(ForeignKey("season.id", **_CASCADE), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(80))
    subject: Mapped[str] = mapped_column(String(200))
    old: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON
    new: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON
    reason: Mapped[str] = mapped_column(Text, default="")
