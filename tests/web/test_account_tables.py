"""Migration 0004_accounts creates exactly store.account_tables; the audit is append-only (both backends)."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, inspect, text
from sqlalchemy.exc import DBAPIError

from floorcraft.store import account_tables
from floorcraft.web.auth import accounts, audit
from floorcraft.web.auth.passwords import fast_passwords

OURS = ("auth_accounts", "auth_display_tokens", "auth_sessions", "auth_audit")


def _our_metadata() -> MetaData:
    md = MetaData(naming_convention=account_tables.Base.metadata.naming_convention)
    for name in OURS:
        account_tables.Base.metadata.tables[name].to_metadata(md)
    return md


def _touches_ours(diff) -> bool:
    if isinstance(diff, list):
        return any(_touches_ours(d) for d in diff)
    return any(name in repr(part) for part in diff[1:] for name in OURS)


def test_open_store_creates_the_account_tables_as_declared(store):
    assert set(OURS) <= set(inspect(store).get_table_names())
    with store.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), _our_metadata())
    assert [d for d in diff if _touches_ours(d)] == []


def test_the_audit_refuses_updates_and_deletes(store):
    audit.record(store, "login.failed", actor="pat", role="public", ip="10.0.0.1", where="POST /login")
    for statement in ("UPDATE auth_audit SET actor = 'someone else'", "DELETE FROM auth_audit"):
        with pytest.raises(DBAPIError, match="append-only"), store.begin() as conn:
            conn.execute(text(statement))
    assert [(e.action, e.actor) for e in audit.recent(store)] == [("login.failed", "pat")]


def test_accounts_round_trip_and_usernames_are_unique(store):
    from floorcraft.errors import Conflict, InvalidInput

    pw = fast_passwords()
    made = accounts.create_account(
        store, pw, username=" Ana ", password="correct horse", role="judge", judge_ref="A"
    )
    assert (made.name, made.judge_ref) == ("ana", "A")
    assert accounts.authenticate(store, pw, "ANA", "correct horse") == made
    (created,) = audit.recent(store)
    assert (created.action, created.actor, created.detail) == (
        "account.created",
        "setup",
        "judge 'ana' judge 'A'",
    )
    assert accounts.authenticate(store, pw, "ana", "wrong horse") is None
    with pytest.raises(Conflict, match="already taken"):
        accounts.create_account(
            store, pw, username="ana", password="correct horse", role="judge", judge_ref="B"
        )
    with pytest.raises(InvalidInput) as bad:
        accounts.create_account(store, pw, username="no spaces!", password="short", role="judge")
    assert len(bad.value.problems) == 3  # username, missing judge_ref, password: all reported at once
    with pytest.raises(InvalidInput, match="role 'display'"):
        accounts.create_account(store, pw, username="screen", password="correct horse", role="display")


def test_display_tokens_are_stored_hashed(store):
    token = accounts.issue_display_token(store, name="big screen", created_by="pat")
    with store.connect() as conn:
        stored = conn.execute(text("SELECT token_sha256 FROM auth_display_tokens")).scalar()
    assert token not in stored and len(stored) == 64
    assert accounts.display_principal(store, token).name == "display:big screen"
