"""intake registry: the embedded market-entity registry

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 20:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "registry_entities",
        sa.Column("uscc", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("entity_type", sa.String(length=64), nullable=False),
        sa.Column("legal_representative", sa.String(length=64), nullable=False),
        sa.Column("domicile", sa.String(length=300), nullable=False),
        sa.Column("division_code", sa.String(length=6), nullable=False),
        sa.Column("authority", sa.String(length=128), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("established_on", sa.Date(), nullable=True),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("demo", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("uscc", name=op.f("pk_registry_entities")),
    )
    op.create_index(op.f("ix_registry_entities_name"), "registry_entities", ["name"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_registry_entities_name"), table_name="registry_entities")
    op.drop_table("registry_entities")
