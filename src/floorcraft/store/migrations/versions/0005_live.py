"""The live night: its state, its steps (audit and undo) and the judges' tablet submissions
(store/live_tables.py).

Revision ID: 0005_live
Revises: 0000_base
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_live"
down_revision = "0000_base"
branch_labels = ("live",)
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "live_night",
        sa.Column("season", sa.String(80), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("season", name="pk_live_night"),
    )
    op.create_table(
        "live_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("season", sa.String(80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("after", sa.Text(), nullable=False),
        sa.Column("undone", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_live_step"),
    )
    op.create_index("ix_live_step_season", "live_step", ["season"])
    op.create_table(
        "live_submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("season", sa.String(80), nullable=False),
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("performance", sa.String(120), nullable=False),
        sa.Column("judge", sa.String(80), nullable=False),
        sa.Column("score", sa.String(20), nullable=False),
        sa.Column("receipt", sa.String(64), nullable=False),
        sa.Column("by", sa.String(120), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_live_submission"),
        sa.UniqueConstraint("season", "key", name="uq_live_submission_season_key"),
        sa.UniqueConstraint(
            "season", "performance", "judge", name="uq_live_submission_season_performance_judge"
        ),
    )


def downgrade() -> None:
    op.drop_table("live_submission")
    op.drop_index("ix_live_step_season", table_name="live_step")
    op.drop_table("live_step")
    op.drop_table("live_night")
