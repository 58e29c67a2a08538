"""The append-only security audit: sign-ins, sign-outs, display tokens, permission refusals.

One writer function, :func:`record`; rows are never changed or deleted (the database refuses it, see
``store/account_tables.py``). The producer reads them on ``/audit`` and ``/api/audit``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, select

from floorcraft.store.account_tables import AuthAuditRow
from floorcraft.store.db import transaction
from floorcraft.web.auth.roles import Principal

#: The actions written, so that readers and docs know the whole vocabulary.
ACTIONS = (
    "account.created",
    "login.succeeded",
    "login.failed",
    "login.throttled",
    "logout",
    "display_token.issued",
    "display_token.used",
    "display_token.refused",
    "permission.refused",
    "csrf.refused",
)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    action: str
    actor: str
    role: str
    ip: str
    where: str
    detail: str

    def as_json(self) -> dict:
        return {**self.__dict__, "at": self.at.isoformat()}


def record(
    engine: Engine, action: str, *, actor: str, role: str, ip: str, where: str, detail: str = ""
) -> None:
    """Append one entry (its own transaction: a refusal is audited even though the request fails)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    row = AuthAuditRow(
        at=datetime.now(UTC),
        action=action,
        actor=actor[:120],
        role=role,
        ip=ip[:64],
        where=where[:300],
        detail=detail,
    )
    with transaction(engine) as session:
        session.add(row)


def record_for(
    engine: Engine, action: str, principal: Principal, *, ip: str, where: str, detail: str = ""
) -> None:
    """:func:`record` with the actor and role taken from ``principal``."""
    record(engine, action, actor=principal.name, role=principal.role.value, ip=ip, where=where, detail=detail)


def recent(engine: Engine, *, limit: int = 200) -> list[AuditEntry]:
    """The newest ``limit`` entries, newest first."""
    with transaction(engine) as session:
        rows = session.scalars(select(AuthAuditRow).order_by(AuthAuditRow.id.desc()).limit(limit)).all()
        return [_entry(r) for r in rows]


def _entry(row: AuthAuditRow) -> AuditEntry:
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=UTC)
    return AuditEntry(row.id, at, row.action, row.actor, row.role, row.ip, row.where, row.detail)
