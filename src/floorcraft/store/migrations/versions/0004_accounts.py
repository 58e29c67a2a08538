"""Web sign-in: accounts, display tokens, sessions, the append-only security audit (store/account_tables.py).

Revision ID: 0004_accounts
Revises: 0000_base
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_accounts"
down_revision = "0000_base"
branch_labels = ("accounts",)
depends_on = None

TZ = sa.DateTime(timezone=True)
APPEND_ONLY = "auth_audit is append-only"


def upgrade() -> None:
    op.create_table(
        "auth_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("judge_ref", sa.String(80), nullable=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_auth_accounts"),
        sa.UniqueConstraint("username", name="uq_auth_accounts_username"),
    )
    op.create_table(
        "auth_display_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("token_sha256", sa.String(64), nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("revoked_at", TZ, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_auth_display_tokens"),
        sa.UniqueConstraint("token_sha256", name="uq_auth_display_tokens_token_sha256"),
    )
    op.create_table(
        "auth_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sid_sha256", sa.String(64), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("ip", sa.String(64), nullable=False),
        sa.Column("started_at", TZ, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
        sa.Column("ended_at", TZ, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_auth_sessions"),
        sa.UniqueConstraint("sid_sha256", name="uq_auth_sessions_sid_sha256"),
    )
    op.create_table(
        "auth_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("ip", sa.String(64), nullable=False),
        sa.Column("where", sa.String(300), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_auth_audit"),
    )
    op.create_index("ix_auth_audit_at", "auth_audit", ["at"])
    _forbid_changes_to_audit()


def _forbid_changes_to_audit() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION auth_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER auth_audit_append_only BEFORE UPDATE OR DELETE ON auth_audit "
            "FOR EACH ROW EXECUTE FUNCTION auth_audit_append_only()"
        )
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER auth_audit_no_{verb.lower()} BEFORE {verb} ON auth_audit "
            f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS auth_audit_append_only ON auth_audit")
        op.execute("DROP FUNCTION IF EXISTS auth_audit_append_only()")
    op.drop_index("ix_auth_audit_at", table_name="auth_audit")
    for table in ("auth_audit", "auth_sessions", "auth_display_tokens", "auth_accounts"):
        op.drop_table(table)
