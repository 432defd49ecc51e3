"""statistics: case facts, officer activity, synthetic roster (docs/statistics.md)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 20:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stats_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("agency_code", sa.String(length=32), nullable=False),
        sa.Column("agency_path", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stats_activity")),
        sa.UniqueConstraint(
            "synthetic",
            "day",
            "user_id",
            "agency_code",
            name=op.f("uq_stats_activity_synthetic_day_user_id_agency_code"),
        ),
    )
    op.create_index(
        "ix_stats_activity_user_day", "stats_activity", ["synthetic", "user_id", "day"], unique=False
    )
    op.create_index(
        "ix_stats_activity_agency_day", "stats_activity", ["synthetic", "agency_code", "day"], unique=False
    )
    op.create_table(
        "stats_case_facts",
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("agency_path", sa.String(length=255), nullable=False),
        sa.Column("a1", sa.String(length=32), nullable=False),
        sa.Column("a2", sa.String(length=32), nullable=False),
        sa.Column("a3", sa.String(length=32), nullable=False),
        sa.Column("a4", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=24), nullable=False),
        sa.Column("grade", sa.String(length=8), nullable=False),
        sa.Column("procedure", sa.String(length=16), nullable=False),
        sa.Column("stage", sa.String(length=24), nullable=False),
        sa.Column("violation", sa.String(length=200), nullable=False),
        sa.Column("area", sa.String(length=32), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=True),
        sa.Column("declined_on", sa.Date(), nullable=True),
        sa.Column("reported_on", sa.Date(), nullable=True),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("outcome", sa.String(length=24), nullable=False),
        sa.Column("fine", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("confiscated_income", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("confiscated_property", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("publicity_required", sa.Boolean(), nullable=False),
        sa.Column("publicity_due_on", sa.Date(), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("online", sa.Boolean(), nullable=False),
        sa.Column("clue_due_on", sa.Date(), nullable=True),
        sa.Column("decision_due_on", sa.Date(), nullable=True),
        sa.Column("decision_end_on", sa.Date(), nullable=True),
        sa.Column("clock_paused", sa.Boolean(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_stats_case_facts")),
    )
    op.create_index("ix_stats_case_facts_a2", "stats_case_facts", ["synthetic", "a2"], unique=False)
    op.create_index("ix_stats_case_facts_a3", "stats_case_facts", ["synthetic", "a3"], unique=False)
    op.create_index(
        "ix_stats_case_facts_closed", "stats_case_facts", ["synthetic", "closed_on"], unique=False
    )
    op.create_index(
        "ix_stats_case_facts_decided", "stats_case_facts", ["synthetic", "decided_on"], unique=False
    )
    op.create_index(
        "ix_stats_case_facts_registered", "stats_case_facts", ["synthetic", "registered_on"], unique=False
    )
    op.create_table(
        "stats_synthetic_officers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_code", sa.String(length=32), nullable=False),
        sa.Column("agency_path", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stats_synthetic_officers")),
    )
    op.create_index(
        op.f("ix_stats_synthetic_officers_agency_path"),
        "stats_synthetic_officers",
        ["agency_path"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_stats_synthetic_officers_agency_path"), table_name="stats_synthetic_officers")
    op.drop_table("stats_synthetic_officers")
    op.drop_index("ix_stats_case_facts_registered", table_name="stats_case_facts")
    op.drop_index("ix_stats_case_facts_decided", table_name="stats_case_facts")
    op.drop_index("ix_stats_case_facts_closed", table_name="stats_case_facts")
    op.drop_index("ix_stats_case_facts_a3", table_name="stats_case_facts")
    op.drop_index("ix_stats_case_facts_a2", table_name="stats_case_facts")
    op.drop_table("stats_case_facts")
    op.drop_index("ix_stats_activity_agency_day", table_name="stats_activity")
    op.drop_index("ix_stats_activity_user_day", table_name="stats_activity")
    op.drop_table("stats_activity")
