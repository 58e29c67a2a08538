"""DanceSport events: panel, couples, rounds, marks per judge per dance per couple, mark corrections.

Revision ID: 0002_dancesport
Revises: 0000_base
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_dancesport"
down_revision = "0000_base"
branch_labels = ("dancesport",)
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "ds_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("event_date", sa.Date(), nullable=True),
        sa.Column("dances", sa.Text(), nullable=False),
        sa.Column("chairman_pin_hash", sa.String(200), nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ds_events"),
        sa.UniqueConstraint("name", name="uq_ds_events_name"),
    )
    for table in ("ds_judges", "ds_couples"):
        code = "letter" if table == "ds_judges" else "number"
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("event_id", sa.Integer(), nullable=False),
            sa.Column("position", sa.Integer(), nullable=False),
            sa.Column(code, sa.String(20), nullable=False),
            sa.Column("name", sa.String(200), nullable=False),
            sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
            sa.UniqueConstraint("event_id", code, name=f"uq_{table}_event_id_{code}"),
            sa.ForeignKeyConstraint(
                ["event_id"], ["ds_events.id"], name=f"fk_{table}_event_id_ds_events", ondelete="CASCADE"
            ),
        )
        op.create_index(f"ix_{table}_event_id", table, ["event_id"])
    op.create_table(
        "ds_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("dances", sa.Text(), nullable=False),
        sa.Column("recall", sa.Integer(), nullable=True),
        sa.Column("tie_policy", sa.String(10), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("took", sa.String(10), nullable=True),
        sa.Column("computed_at", TZ, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_ds_rounds"),
        sa.UniqueConstraint("event_id", "number", name="uq_ds_rounds_event_id_number"),
        sa.ForeignKeyConstraint(
            ["event_id"], ["ds_events.id"], name="fk_ds_rounds_event_id_ds_events", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_ds_rounds_event_id", "ds_rounds", ["event_id"])
    op.create_table(
        "ds_round_couples",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("couple_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("round_id", "couple_id", name="pk_ds_round_couples"),
        sa.ForeignKeyConstraint(
            ["round_id"], ["ds_rounds.id"], name="fk_ds_round_couples_round_id_ds_rounds", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["couple_id"],
            ["ds_couples.id"],
            name="fk_ds_round_couples_couple_id_ds_couples",
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "ds_marks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("dance", sa.String(20), nullable=False),
        sa.Column("judge_id", sa.Integer(), nullable=False),
        sa.Column("couple_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("entered_by", sa.String(100), nullable=False),
        sa.Column("entered_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ds_marks"),
        sa.UniqueConstraint(
            "round_id", "dance", "judge_id", "couple_id", name="uq_ds_marks_round_id_dance_judge_id_couple_id"
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["ds_rounds.id"], name="fk_ds_marks_round_id_ds_rounds", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["judge_id"], ["ds_judges.id"], name="fk_ds_marks_judge_id_ds_judges"),
        sa.ForeignKeyConstraint(["couple_id"], ["ds_couples.id"], name="fk_ds_marks_couple_id_ds_couples"),
    )
    op.create_index("ix_ds_marks_round_id", "ds_marks", ["round_id"])
    op.create_table(
        "ds_mark_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mark_id", sa.Integer(), nullable=False),
        sa.Column("old_value", sa.Integer(), nullable=False),
        sa.Column("new_value", sa.Integer(), nullable=False),
        sa.Column("corrected_by", sa.String(100), nullable=False),
        sa.Column("corrected_at", TZ, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ds_mark_corrections"),
        sa.ForeignKeyConstraint(
            ["mark_id"], ["ds_marks.id"], name="fk_ds_mark_corrections_mark_id_ds_marks", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_ds_mark_corrections_mark_id", "ds_mark_corrections", ["mark_id"])


def downgrade() -> None:
    for table in (
        "ds_mark_corrections",
        "ds_marks",
        "ds_round_couples",
        "ds_rounds",
        "ds_couples",
        "ds_judges",
    ):
        op.drop_table(table)
    op.drop_table("ds_events")
