"""intake_sources.enabled_at: when the source's current key was issued (the 来源系统管理 page shows it; a
source re-enabled after revocation was enabled later than it was registered), filled from created_at

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("intake_sources") as batch:
        batch.add_column(sa.Column("enabled_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE intake_sources SET enabled_at = created_at WHERE active")


def downgrade() -> None:
    with op.batch_alter_table("intake_sources") as batch:
        batch.drop_column("enabled_at")
