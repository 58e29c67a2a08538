"""Accounts and display tokens: create, authenticate, issue, resolve.

Accounts belong to producers, judges and scrutineers (``roles.ACCOUNT_ROLES``); the public never has one.
Usernames are matched trimmed and case-folded. A display token is 32 random bytes shown once; only its
SHA-256 is stored, so a database leak does not open the big screen.
"""

from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from floorcraft.errors import Conflict, InvalidInput, NotFound, Problems
from floorcraft.store.account_tables import AccountRow, DisplayTokenRow
from floorcraft.store.db import transaction
from floorcraft.web.auth import audit, session_store
from floorcraft.web.auth.passwords import MIN_PASSWORD_LENGTH, Passwords
from floorcraft.web.auth.roles import ACCOUNT_ROLES, Principal, Role
from floorcraft.web.auth.throttle import account_key

USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,79}")


def create_account(
    engine: Engine,
    passwords: Passwords,
    *,
    username: str,
    password: str,
    role: Role | str,
    judge_ref: str | None = None,
    display_name: str | None = None,
    created_by: str = "setup",
) -> Principal:
    """Create one account (audited as ``account.created``); every problem is reported at once."""
    key = account_key(username)
    problems = Problems()
    if not USERNAME.fullmatch(key):
        problems.add(f"username {username!r}: use letters, digits, '.', '_' or '-' (at most 80)")
    if role not in {r.value for r in ACCOUNT_ROLES}:
        problems.add(f"role {role!r}: must be one of {', '.join(r.value for r in ACCOUNT_ROLES)}")
    elif (Role(role) is Role.JUDGE) != bool(judge_ref):
        problems.add(f"judge_ref: a {role} account {'needs' if role == Role.JUDGE else 'takes no'} judge_ref")
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.add(f"password: must have at least {MIN_PASSWORD_LENGTH} characters")
    problems.raise_if_any()
    row = AccountRow(
        username=key,
        display_name=display_name or username.strip(),
        role=Role(role).value,
        judge_ref=judge_ref,
        password_hash=passwords.hash(password),
        active=True,
        created_at=datetime.now(UTC),
    )
    try:
        with transaction(engine) as session:
            session.add(row)
            session.flush()
            account_id = row.id
    except IntegrityError:
        raise Conflict(f"username {key!r} is already taken") from None
    detail = f"{Role(role).value} {key!r}" + (f" judge {judge_ref!r}" if judge_ref else "")
    audit.record(engine, "account.created", actor=created_by, role="", ip="", where="accounts", detail=detail)
    return Principal(Role(role), key, account_id=account_id, judge_ref=judge_ref)


def authenticate(engine: Engine, passwords: Passwords, username: str, password: str) -> Principal | None:
    """The account's principal when the password matches an active account, else None (same cost)."""
    with transaction(engine) as session:
        row = session.scalars(select(AccountRow).where(AccountRow.username == account_key(username))).first()
        stored = row.password_hash if row is not None and row.active else None
        if not passwords.verify(stored, password):
            return None
        if passwords.needs_rehash(stored):
            row.password_hash = passwords.hash(password)
        return Principal(Role(row.role), row.username, account_id=row.id, judge_ref=row.judge_ref)


def set_active(engine: Engine, username: str, active: bool) -> None:
    """Deactivate (or reactivate) an account; a deactivated account cannot sign in and its sessions stop."""
    with transaction(engine) as session:
        row = session.scalars(select(AccountRow).where(AccountRow.username == account_key(username))).first()
        if row is None:
            raise NotFound(f"username {account_key(username)!r}: no such account")
        row.active = active


def issue_display_token(engine: Engine, *, name: str, created_by: str) -> str:
    """A new read-only token for a screen named ``name``; the token is returned once and never stored."""
    if not name.strip():
        raise InvalidInput("name: a display token needs a name (e.g. 'big screen')")
    token = secrets.token_urlsafe(32)
    with transaction(engine) as session:
        session.add(
            DisplayTokenRow(
                name=name.strip()[:120],
                token_sha256=session_store.sha256_hex(token),
                created_by=created_by,
                created_at=datetime.now(UTC),
            )
        )
    return token


def display_principal(engine: Engine, token: str) -> Principal | None:
    """The display principal of a valid, unrevoked token, else None."""
    with transaction(engine) as session:
        row = session.scalars(
            select(DisplayTokenRow).where(DisplayTokenRow.token_sha256 == session_store.sha256_hex(token))
        ).first()
        if row is None or row.revoked_at is not None:
            return None
        return Principal(Role.DISPLAY, f"display:{row.name}")


def revoke_display_tokens(engine: Engine, *, name: str) -> int:
    """Revoke every token of the screen ``name`` and end its sessions; returns how many tokens."""
    with transaction(engine) as session:
        rows = session.scalars(
            select(DisplayTokenRow).where(DisplayTokenRow.name == name, DisplayTokenRow.revoked_at.is_(None))
        ).all()
        for row in rows:
            row.revoked_at = datetime.now(UTC)
    session_store.end_all(engine, name=f"display:{name}")
    return len(rows)


def new_secret() -> str:
    """A fresh random session secret (for demos; a deployment keeps its own in FLOORCRAFT_SECRET)."""
    return secrets.token_urlsafe(48)
