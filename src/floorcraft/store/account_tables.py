"""Tables of the web sign-in: accounts, display tokens and the append-only security audit.

- ``auth_accounts``: one row per person who signs in (producer, judge, scrutineer). Only the Argon2id hash
  of the password is stored. A judge's account names their judge in the season model (``judge_ref``).
- ``auth_display_tokens``: read-only tokens for big screens; only the SHA-256 of a token is stored, the token
  itself is shown once when issued. Revoked tokens keep their row.
- ``auth_sessions``: one row per sign-in (account or display screen); the cookie names it by a random id of
  which only the SHA-256 is stored. Signing out ends the row, so a copied cookie stops working at once.
- ``auth_audit``: every sign-in (succeeded, failed, throttled), sign-out, token use and permission refusal.
  Append-only: the migration adds triggers on both backends that refuse UPDATE and DELETE.

Migration: ``migrations/versions/0004_accounts.py`` (kept identical to this module by a test).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from floorcraft.store.base import Base


class AccountRow(Base):
    __tablename__ = "auth_accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)  # trimmed and case-folded
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    judge_ref: Mapped[str | None] = mapped_column(String(80), nullable=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DisplayTokenRow(Base):
    __tablename__ = "auth_display_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class SessionRow(Base):
    __tablename__ = "auth_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sid_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(120))  # username or "display:<screen>"
    account_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    ip: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class AuthAuditRow(Base):
    """One security-relevant happening; ``action`` is dotted (``login.failed``, ``permission.refused``)."""

    __tablename__ = "auth_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    action: Mapped[str] = mapped_column(String(60))
    actor: Mapped[str] = mapped_column(String(120))  # username, "display:<name>" or "anonymous"
    role: Mapped[str] = mapped_column(String(20))
    ip: Mapped[str] = mapped_column(String(64))
    where: Mapped[str] = mapped_column(String(300))  # "POST /login"
    detail: Mapped[str] = mapped_column(Text, default="")
