"""oversight: officers' decided cases counted per violation type and tier (the consistency report finds the
officers with enough cases in a group from this small table), filled from the existing facts

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05 12:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "oversight_officer_tallies",
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("violation_type", sa.String(length=80), nullable=False),
        sa.Column("tier", sa.String(length=16), nullable=False),
        sa.Column("cases", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "officer_id", "violation_type", "tier", name=op.f("pk_oversight_officer_tallies")
        ),
    )
    op.create_index(
        "ix_oversight_penalties_officer", "oversight_penalties", ["officer_id", "violation_type", "tier"]
    )
    op.execute(
        "INSERT INTO oversight_officer_tallies (officer_id, violation_type, tier, cases) "
        "SELECT officer_id, violation_type, tier, count(*) FROM oversight_penalties "
        "WHERE officer_id IS NOT NULL AND position IS NOT NULL GROUP BY officer_id, violation_type, tier"
    )


def downgrade() -> None:
    op.drop_index("ix_oversight_penalties_officer", table_name="oversight_penalties")
    op.drop_table("oversight_officer_tallies")
