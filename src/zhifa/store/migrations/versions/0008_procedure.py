"""procedure: review, enforcement and calendar records

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 16:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # 行政处罚法 第五十八条第二款: the 法律职业资格 binds those who first engage in 法制审核.
    op.add_column("users", sa.Column("legal_review_since", sa.Date(), nullable=True))
    # A year the holiday package does not know counts as known only once its whole table is marked complete.
    op.create_table(
        "calendar_years",
        sa.Column("year", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("marked_by", sa.String(length=64), nullable=False),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("calendar_years")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("legal_review_since")
