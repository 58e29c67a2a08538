"""Tables of DanceSport events: the event, its panel and couples, rounds, marks and mark corrections.

Marks are stored one row per judge per dance per couple (never only sums; skating-system.md §6). A round is
``open`` while marks are entered and ``computed`` once its result was taken; the marks of a computed round are
locked, and a correction keeps the old value, who changed it, when and why (``ds_mark_corrections``, never
deleted); once the Chairman has set a PIN (stored only as an Argon2id hash) a correction also needs it.
Migration: ``migrations/versions/0002_dancesport.py`` (kept identical to this module by a test).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from floorcraft.store.base import Base


class EventRow(Base):
    __tablename__ = "ds_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    event_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    dances: Mapped[str] = mapped_column(Text)  # JSON list of dance codes, in dancing order
    chairman_pin_hash: Mapped[str | None] = mapped_column(
        String(200), nullable=True
    )  # Argon2id, never the PIN
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class JudgeRow(Base):
    __tablename__ = "ds_judges"
    __table_args__ = (UniqueConstraint("event_id", "letter"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("ds_events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    letter: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))


class CoupleRow(Base):
    __tablename__ = "ds_couples"
    __table_args__ = (UniqueConstraint("event_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("ds_events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))


class RoundRow(Base):
    __tablename__ = "ds_rounds"
    __table_args__ = (UniqueConstraint("event_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("ds_events.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))  # heat | semi | final
    dances: Mapped[str] = mapped_column(Text)  # JSON list of dance codes
    recall: Mapped[int | None] = mapped_column(Integer, nullable=True)
    tie_policy: Mapped[str] = mapped_column(String(10))  # more | fewer | ask
    status: Mapped[str] = mapped_column(String(10))  # open | computed
    took: Mapped[str | None] = mapped_column(String(10), nullable=True)  # fewer | more, when a tie was met
    computed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class RoundCoupleRow(Base):
    """The couples dancing a round: every couple in round 1, the recalled ones afterwards."""

    __tablename__ = "ds_round_couples"

    round_id: Mapped[int] = mapped_column(ForeignKey("ds_rounds.id", ondelete="CASCADE"), primary_key=True)
    couple_id: Mapped[int] = mapped_column(ForeignKey("ds_couples.id", ondelete="CASCADE"), primary_key=True)


class MarkRow(Base):
    __tablename__ = "ds_marks"
    __table_args__ = (UniqueConstraint("round_id", "dance", "judge_id", "couple_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("ds_rounds.id", ondelete="CASCADE"), index=True)
    dance: Mapped[str] = mapped_column(String(20))
    judge_id: Mapped[int] = mapped_column(ForeignKey("ds_judges.id"))
    couple_id: Mapped[int] = mapped_column(ForeignKey("ds_couples.id"))
    value: Mapped[int] = mapped_column(Integer)  # placing 1..N in a final; 1 = X, 0 = no X before it
    entered_by: Mapped[str] = mapped_column(String(100))
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class MarkCorrectionRow(Base):
    """An audit entry: a mark changed after it was first entered (never updated or deleted)."""

    __tablename__ = "ds_mark_corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mark_id: Mapped[int] = mapped_column(ForeignKey("ds_marks.id", ondelete="CASCADE"), index=True)
    old_value: Mapped[int] = mapped_column(Integer)
    new_value: Mapped[int] = mapped_column(Integer)
    corrected_by: Mapped[str] = mapped_column(String(100))
    corrected_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    reason: Mapped[str] = mapped_column(Text)
