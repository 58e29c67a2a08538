"""SQLAlchemy tables of the live night (migration ``0005_live``).

``live_night``: one row per season, the current :class:`~floorcraft.show.live_state.LiveState` as JSON with
its version (optimistic concurrency: a write names the version it read). ``live_step``: every step of the
night, append-only, with the state before and after (the audit trail and what ``undo`` restores).
``live_submission``: each judge's tablet submission with its idempotency key and receipt.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from floorcraft.store.base import Base


class LiveNightRow(Base):
    __tablename__ = "live_night"

    season: Mapped[str] = mapped_column(String(80), primary_key=True)
    state: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LiveStepRow(Base):
    __tablename__ = "live_step"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    season: Mapped[str] = mapped_column(String(80), index=True)
    version: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(60))
    actor: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    detail: Mapped[str] = mapped_column(Text)
    before: Mapped[str] = mapped_column(Text)
    after: Mapped[str] = mapped_column(Text)
    undone: Mapped[bool] = mapped_column(Boolean, default=False)


class LiveSubmissionRow(Base):
    __tablename__ = "live_submission"
    __table_args__ = (
        UniqueConstraint("season", "key"),
        UniqueConstraint("season", "performance", "judge"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    season: Mapped[str] = mapped_column(String(80))
    key: Mapped[str] = mapped_column(String(120))
    performance: Mapped[str] = mapped_column(String(120))
    judge: Mapped[str] = mapped_column(String(80))
    score: Mapped[str] = mapped_column(String(20))
    receipt: Mapped[str] = mapped_column(String(64))
    by: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
