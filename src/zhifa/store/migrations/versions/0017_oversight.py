"""oversight facts: decided penalties' position in the statutory range, and the events the 纪检 view lists

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 20:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "oversight_penalties",
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("agency_path", sa.String(length=255), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("procedure", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=24), nullable=False),
        sa.Column("violation_type", sa.String(length=80), nullable=False),
        sa.Column("violation_name", sa.String(length=200), nullable=False),
        sa.Column("tier", sa.String(length=16), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("party_code", sa.String(length=32), nullable=False),
        sa.Column("fine", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("statutory_low", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("statutory_high", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("suggested_fine", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("position", sa.Float(), nullable=True),
        sa.Column("adherence", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_oversight_penalties_case_id_cases")),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_oversight_penalties")),
    )
    op.create_index(
        "ix_oversight_penalties_agency_path",
        "oversight_penalties",
        ["agency_path"],
        unique=False,
        postgresql_ops={"agency_path": "varchar_pattern_ops"},
    )
    op.create_index(
        op.f("ix_oversight_penalties_decided_on"), "oversight_penalties", ["decided_on"], unique=False
    )
    op.create_index(
        "ix_oversight_penalties_type_tier", "oversight_penalties", ["violation_type", "tier"], unique=False
    )
    op.create_table(
        "oversight_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("agency_path", sa.String(length=255), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("ground", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("before", sa.String(length=300), nullable=False),
        sa.Column("after", sa.String(length=300), nullable=False),
        sa.Column("fine_before", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("fine_after", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("lowered", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_oversight_events_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oversight_events")),
        sa.UniqueConstraint("case_id", "seq", "kind", name=op.f("uq_oversight_events_case_id_seq_kind")),
    )
    op.create_index(
        "ix_oversight_events_agency_path",
        "oversight_events",
        ["agency_path"],
        unique=False,
        postgresql_ops={"agency_path": "varchar_pattern_ops"},
    )
    op.create_index(op.f("ix_oversight_events_case_id"), "oversight_events", ["case_id"], unique=False)
    op.create_index("ix_oversight_events_kind_on", "oversight_events", ["kind", "happened_on"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_oversight_events_kind_on", table_name="oversight_events")
    op.drop_index(op.f("ix_oversight_events_case_id"), table_name="oversight_events")
    op.drop_index("ix_oversight_events_agency_path", table_name="oversight_events")
    op.drop_table("oversight_events")
    op.drop_index("ix_oversight_penalties_type_tier", table_name="oversight_penalties")
    op.drop_index(op.f("ix_oversight_penalties_decided_on"), table_name="oversight_penalties")
    op.drop_index("ix_oversight_penalties_agency_path", table_name="oversight_penalties")
    op.drop_table("oversight_penalties")
