"""Vote ledger tables (``floorcraft.store.voting_tables``).

Revision ID: 0003_voting
Revises: 0000_base
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_voting"
down_revision = "0000_base"
branch_labels = None
depends_on = None

SEQ = sa.BigInteger().with_variant(sa.Integer, "sqlite")
KEY = sa.String(64)


def upgrade() -> None:
    op.create_table(
        "voting_polls",
        sa.Column("id", KEY, nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("season_ref", KEY),
        sa.Column("period_ref", KEY),
        sa.Column("preset", sa.String(40)),
        sa.Column("opens_at", sa.BigInteger),
        sa.Column("closes_at", sa.BigInteger),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_voting_polls"),
    )
    op.create_table(
        "voting_choices",
        sa.Column("poll_id", KEY, nullable=False),
        sa.Column("couple_id", KEY, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["voting_polls.id"], name="fk_voting_choices_poll_id_voting_polls"
        ),
        sa.PrimaryKeyConstraint("poll_id", "couple_id", name="pk_voting_choices"),
    )
    op.create_table(
        "voting_channels",
        sa.Column("poll_id", KEY, nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("paused", sa.Boolean, nullable=False),
        sa.Column("cap", sa.Integer),
        sa.Column("cap_scope", sa.String(30), nullable=False),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("price_cents", sa.Integer),
        sa.Column("challenge", sa.Boolean, nullable=False),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["voting_polls.id"], name="fk_voting_channels_poll_id_voting_polls"
        ),
        sa.PrimaryKeyConstraint("poll_id", "channel", name="pk_voting_channels"),
    )
    op.create_table(
        "voting_votes",
        sa.Column("seq", SEQ, nullable=False, autoincrement=True),
        sa.Column("poll_id", KEY, nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("idem_key", sa.String(255), nullable=False),
        sa.Column("request_hash", KEY, nullable=False),
        sa.Column("voter_hash", KEY, nullable=False),
        sa.Column("ip", sa.String(45)),
        sa.Column("received_at", sa.BigInteger, nullable=False),
        sa.Column("allocation", sa.Text, nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("amount_cents", sa.BigInteger),
        sa.Column("receipt", KEY, nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_voting_votes"),
        sa.UniqueConstraint(
            "poll_id", "channel", "idem_key", name="uq_voting_votes_poll_id_channel_idem_key"
        ),
    )
    op.create_index("ix_voting_votes_voter", "voting_votes", ["poll_id", "channel", "voter_hash"])
    op.create_index("ix_voting_votes_receipt", "voting_votes", ["receipt"])
    op.create_table(
        "voting_counters",
        sa.Column("poll_id", KEY, nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("voter_hash", KEY, nullable=False),
        sa.Column("scope", KEY, nullable=False),
        sa.Column("n", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("poll_id", "channel", "voter_hash", "scope", name="pk_voting_counters"),
    )
    op.create_table(
        "voting_allocations",
        sa.Column("poll_id", KEY, nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("voter_hash", KEY, nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("allocation", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("poll_id", "channel", "voter_hash", name="pk_voting_allocations"),
    )
    op.create_table(
        "voting_tallies",
        sa.Column("poll_id", KEY, nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("couple_id", KEY, nullable=False),
        sa.Column("n", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("poll_id", "channel", "couple_id", name="pk_voting_tallies"),
    )
    op.create_table(
        "voting_voids",
        sa.Column("id", SEQ, nullable=False, autoincrement=True),
        sa.Column("poll_id", KEY, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("target", sa.String(100), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("created_at", sa.BigInteger, nullable=False),
        sa.Column("lifted_at", sa.BigInteger),
        sa.Column("lifted_by", sa.String(100)),
        sa.PrimaryKeyConstraint("id", name="pk_voting_voids"),
    )
    op.create_table(
        "voting_audit",
        sa.Column("id", SEQ, nullable=False, autoincrement=True),
        sa.Column("poll_id", KEY),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("at", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_voting_audit"),
    )
    op.create_table(
        "voting_certifications",
        sa.Column("poll_id", KEY, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("certified_at", sa.BigInteger, nullable=False),
        sa.Column("root", KEY, nullable=False),
        sa.Column("leaves", sa.Integer, nullable=False),
        sa.Column("tally", sa.Text, nullable=False),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("poll_id", "version", name="pk_voting_certifications"),
    )


def downgrade() -> None:
    op.drop_index("ix_voting_votes_receipt", "voting_votes")
    op.drop_index("ix_voting_votes_voter", "voting_votes")
    for name in (
        "voting_certifications",
        "voting_audit",
        "voting_voids",
        "voting_tallies",
        "voting_allocations",
        "voting_counters",
        "voting_votes",
        "voting_channels",
        "voting_choices",
        "voting_polls",
    ):
        op.drop_table(name)
