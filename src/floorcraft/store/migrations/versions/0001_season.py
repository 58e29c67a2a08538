"""TV seasons: cast, judges, periods, performances, scores with their corrections, votes, decisions, audit.

Mirrors ``floorcraft.store.season_tables`` exactly (``tests/store/test_season_schema.py`` compares them).

Revision ID: 0001_season
Revises: 0000_base
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_season"
down_revision = "0000_base"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "season",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("show", sa.String(length=80), nullable=False),
        sa.Column("preset", sa.String(length=80), nullable=False),
        sa.Column("settings", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_season")),
        sa.UniqueConstraint("key", name=op.f("uq_season_key")),
    )
    op.create_table(
        "season_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("season_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=80), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("old", sa.Text(), nullable=True),
        sa.Column("new", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["season_id"], ["season.id"], name=op.f("fk_season_audit_season_id_season"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_season_audit")),
    )
    op.create_index(op.f("ix_season_audit_season_id"), "season_audit", ["season_id"], unique=False)
    op.create_table(
        "season_couple",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("season_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("celebrity", sa.String(length=200), nullable=False),
        sa.Column("professional", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["season_id"], ["season.id"], name=op.f("fk_season_couple_season_id_season"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_season_couple")),
        sa.UniqueConstraint("season_id", "key", name=op.f("uq_season_couple_season_id_key")),
    )
    op.create_index(op.f("ix_season_couple_season_id"), "season_couple", ["season_id"], unique=False)
    op.create_table(
        "season_judge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("season_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["season_id"], ["season.id"], name=op.f("fk_season_judge_season_id_season"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_season_judge")),
        sa.UniqueConstraint("season_id", "key", name=op.f("uq_season_judge_season_id_key")),
    )
    op.create_index(op.f("ix_season_judge_season_id"), "season_judge", ["season_id"], unique=False)
    op.create_table(
        "season_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("season_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("nights", sa.Integer(), nullable=False),
        sa.Column("eliminate", sa.Integer(), nullable=False),
        sa.Column("bottom", sa.Integer(), nullable=False),
        sa.Column("final", sa.Boolean(), nullable=False),
        sa.Column("carry_over", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["season_id"], ["season.id"], name=op.f("fk_season_period_season_id_season"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_season_period")),
        sa.UniqueConstraint("season_id", "number", name=op.f("uq_season_period_season_id_number")),
    )
    op.create_index(op.f("ix_season_period_season_id"), "season_period", ["season_id"], unique=False)
    op.create_table(
        "season_bonus",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("couple_id", sa.Integer(), nullable=False),
        sa.Column("points", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["couple_id"],
            ["season_couple.id"],
            name=op.f("fk_season_bonus_couple_id_season_couple"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["season_period.id"],
            name=op.f("fk_season_bonus_period_id_season_period"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_season_bonus")),
    )
    op.create_index(op.f("ix_season_bonus_period_id"), "season_bonus", ["period_id"], unique=False)
    op.create_table(
        "season_decision",
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("confirmed_by", sa.String(length=120), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rolled_over", sa.Boolean(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["season_period.id"],
            name=op.f("fk_season_decision_period_id_season_period"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("period_id", name=op.f("pk_season_decision")),
    )
    op.create_table(
        "season_panel",
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("judge_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["judge_id"],
            ["season_judge.id"],
            name=op.f("fk_season_panel_judge_id_season_judge"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["season_period.id"],
            name=op.f("fk_season_panel_period_id_season_period"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("period_id", "judge_id", name=op.f("pk_season_panel")),
    )
    op.create_table(
        "season_performance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("running_order", sa.Integer(), nullable=False),
        sa.Column("night", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("dance", sa.String(length=120), nullable=False),
        sa.Column("song", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["season_period.id"],
            name=op.f("fk_season_performance_period_id_season_period"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_season_performance")),
        sa.UniqueConstraint(
            "period_id", "running_order", name=op.f("uq_season_performance_period_id_running_order")
        ),
    )
    op.create_index(
        op.f("ix_season_performance_period_id"), "season_performance", ["period_id"], unique=False
    )
    op.create_table(
        "season_period_couple",
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("couple_id", sa.Integer(), nullable=False),
        sa.Column("immune", sa.Boolean(), nullable=False),
        sa.Column("substitute", sa.String(length=200), nullable=True),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.Column("withdrawal_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["couple_id"],
            ["season_couple.id"],
            name=op.f("fk_season_period_couple_couple_id_season_couple"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["season_period.id"],
            name=op.f("fk_season_period_couple_period_id_season_period"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("period_id", "couple_id", name=op.f("pk_season_period_couple")),
    )
    op.create_table(
        "season_save_vote",
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("judge_id", sa.Integer(), nullable=False),
        sa.Column("couple_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["couple_id"],
            ["season_couple.id"],
            name=op.f("fk_season_save_vote_couple_id_season_couple"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["judge_id"],
            ["season_judge.id"],
            name=op.f("fk_season_save_vote_judge_id_season_judge"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["season_period.id"],
            name=op.f("fk_season_save_vote_period_id_season_period"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("period_id", "judge_id", name=op.f("pk_season_save_vote")),
    )
    op.create_table(
        "season_votes",
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("couple_id", sa.Integer(), nullable=False),
        sa.Column("votes", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["couple_id"],
            ["season_couple.id"],
            name=op.f("fk_season_votes_couple_id_season_couple"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["season_period.id"],
            name=op.f("fk_season_votes_period_id_season_period"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("period_id", "couple_id", name=op.f("pk_season_votes")),
    )
    op.create_table(
        "season_outcome",
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("couple_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("place", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["couple_id"],
            ["season_couple.id"],
            name=op.f("fk_season_outcome_couple_id_season_couple"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["season_decision.period_id"],
            name=op.f("fk_season_outcome_period_id_season_decision"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("period_id", "couple_id", name=op.f("pk_season_outcome")),
    )
    op.create_table(
        "season_performance_couple",
        sa.Column("performance_id", sa.Integer(), nullable=False),
        sa.Column("couple_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["couple_id"],
            ["season_couple.id"],
            name=op.f("fk_season_performance_couple_couple_id_season_couple"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["performance_id"],
            ["season_performance.id"],
            name=op.f("fk_season_performance_couple_performance_id_season_performance"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("performance_id", "couple_id", name=op.f("pk_season_performance_couple")),
    )
    op.create_table(
        "season_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("performance_id", sa.Integer(), nullable=False),
        sa.Column("judge_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.String(length=40), nullable=False),
        sa.Column("entered_by", sa.String(length=120), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["judge_id"],
            ["season_judge.id"],
            name=op.f("fk_season_score_judge_id_season_judge"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["performance_id"],
            ["season_performance.id"],
            name=op.f("fk_season_score_performance_id_season_performance"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_season_score")),
        sa.UniqueConstraint(
            "performance_id", "judge_id", name=op.f("uq_season_score_performance_id_judge_id")
        ),
    )
    op.create_index(op.f("ix_season_score_performance_id"), "season_score", ["performance_id"], unique=False)
    op.create_table(
        "season_score_correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("score_id", sa.Integer(), nullable=False),
        sa.Column("old_value", sa.String(length=40), nullable=False),
        sa.Column("new_value", sa.String(length=40), nullable=False),
        sa.Column("corrected_by", sa.String(length=120), nullable=False),
        sa.Column("corrected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["score_id"],
            ["season_score.id"],
            name=op.f("fk_season_score_correction_score_id_season_score"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_season_score_correction")),
    )
    op.create_index(
        op.f("ix_season_score_correction_score_id"), "season_score_correction", ["score_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_season_score_correction_score_id"), table_name="season_score_correction")
    op.drop_table("season_score_correction")
    op.drop_index(op.f("ix_season_score_performance_id"), table_name="season_score")
    op.drop_table("season_score")
    op.drop_table("season_performance_couple")
    op.drop_table("season_outcome")
    op.drop_table("season_votes")
    op.drop_table("season_save_vote")
    op.drop_table("season_period_couple")
    op.drop_index(op.f("ix_season_performance_period_id"), table_name="season_performance")
    op.drop_table("season_performance")
    op.drop_table("season_panel")
    op.drop_table("season_decision")
    op.drop_index(op.f("ix_season_bonus_period_id"), table_name="season_bonus")
    op.drop_table("season_bonus")
    op.drop_index(op.f("ix_season_period_season_id"), table_name="season_period")
    op.drop_table("season_period")
    op.drop_index(op.f("ix_season_judge_season_id"), table_name="season_judge")
    op.drop_table("season_judge")
    op.drop_index(op.f("ix_season_couple_season_id"), table_name="season_couple")
    op.drop_table("season_couple")
    op.drop_index(op.f("ix_season_audit_season_id"), table_name="season_audit")
    op.drop_table("season_audit")
    op.drop_table("season")
