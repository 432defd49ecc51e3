"""outbox leases, target settings and the log of administrators' actions

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 20:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("outbox", sa.Column("lease_owner", sa.String(length=80), nullable=True))
    op.add_column("outbox", sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_outbox_queue", "outbox", ["status", "id"], unique=False)
    op.create_table(
        "outbox_targets",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("secret_enc", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_outbox_targets")),
    )
    op.create_table(
        "outbox_actions",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("outbox_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("target", sa.String(length=32), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_actions")),
    )
    op.create_index(op.f("ix_outbox_actions_outbox_id"), "outbox_actions", ["outbox_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_outbox_actions_outbox_id"), table_name="outbox_actions")
    op.drop_table("outbox_actions")
    op.drop_table("outbox_targets")
    op.drop_index("ix_outbox_queue", table_name="outbox")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("lease_until")
        batch.drop_column("lease_owner")
