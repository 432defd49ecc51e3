"""oversight: cases per officer and party (the 纪检 view finds repeated officer–party pairs from this small
table), filled from the existing handler rows and cases

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05 13:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "oversight_pair_tallies",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("party_code", sa.String(length=32), nullable=False),
        sa.Column("cases", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "party_code", name=op.f("pk_oversight_pair_tallies")),
    )
    op.execute(
        "INSERT INTO oversight_pair_tallies (user_id, party_code, cases) "
        "SELECT h.user_id, c.party_code, count(*) FROM case_handlers h JOIN cases c ON c.id = h.case_id "
        "WHERE c.party_code <> '' GROUP BY h.user_id, c.party_code"
    )


def downgrade() -> None:
    op.drop_table("oversight_pair_tallies")
