"""Server-side session records: a signed cookie is honoured only while its session row is live.

The cookie (``sessions.py``) proves the session was issued by this site; the row in ``auth_sessions`` says
it still stands. Signing out ends the row, so a cookie copied before that stops working at once; revoking
a screen's display tokens ends that screen's sessions; a deactivated account's sessions stop too. Only the
SHA-256 of the random session id is stored.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select

from floorcraft.store.account_tables import AccountRow, SessionRow
from floorcraft.store.db import transaction
from floorcraft.web.auth.roles import Principal


def sha256_hex(secret: str) -> str:
    """How random secrets (session ids, display tokens) are stored: their SHA-256, never themselves."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def start(engine: Engine, principal: Principal, *, ip: str, max_age: float) -> str:
    """Record a new session for ``principal``; returns its id (goes into the signed cookie only)."""
    sid = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    with transaction(engine) as session:
        session.add(
            SessionRow(
                sid_sha256=sha256_hex(sid),
                role=principal.role.value,
                name=principal.name[:120],
                account_id=principal.account_id,
                ip=ip[:64],
                started_at=now,
                expires_at=now + timedelta(seconds=max_age),
            )
        )
    return sid


def is_live(engine: Engine, sid: str) -> bool:
    """True while the session was not ended, has not expired, and its account (if any) is active."""
    with transaction(engine) as session:
        row = session.scalars(select(SessionRow).where(SessionRow.sid_sha256 == sha256_hex(sid))).first()
        if row is None or row.ended_at is not None or _aware(row.expires_at) <= datetime.now(UTC):
            return False
        if row.account_id is None:
            return True
        return bool(session.scalar(select(AccountRow.active).where(AccountRow.id == row.account_id)))


def end(engine: Engine, sid: str) -> None:
    """End one session (sign-out)."""
    with transaction(engine) as session:
        row = session.scalars(select(SessionRow).where(SessionRow.sid_sha256 == sha256_hex(sid))).first()
        if row is not None and row.ended_at is None:
            row.ended_at = datetime.now(UTC)


def end_all(engine: Engine, *, name: str) -> int:
    """End every live session of the principal ``name`` (a username or ``display:<screen>``)."""
    with transaction(engine) as session:
        rows = session.scalars(
            select(SessionRow).where(SessionRow.name == name, SessionRow.ended_at.is_(None))
        ).all()
        for row in rows:
            row.ended_at = datetime.now(UTC)
        return len(rows)
