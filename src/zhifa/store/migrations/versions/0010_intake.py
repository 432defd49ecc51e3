"""clue intake: source systems and received clues

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 17:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "intake_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("callback_url", sa.String(length=500), nullable=True),
        sa.Column("key_hash", sa.String(length=64), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_intake_sources_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake_sources")),
        sa.UniqueConstraint("code", name=op.f("uq_intake_sources_code")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_intake_sources_key_hash")),
    )
    op.create_table(
        "intake_clues",
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("source_ref", sa.String(length=64), nullable=False),
        sa.Column("idempotency_key", sa.String(length=255), nullable=True),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("grade", sa.String(length=8), nullable=False),
        sa.Column("agency_code", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_intake_clues_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["source_id"], ["intake_sources.id"], name=op.f("fk_intake_clues_source_id_intake_sources")
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_intake_clues")),
        sa.UniqueConstraint(
            "source_id", "idempotency_key", name=op.f("uq_intake_clues_source_id_idempotency_key")
        ),
        sa.UniqueConstraint("source_id", "source_ref", name=op.f("uq_intake_clues_source_id_source_ref")),
    )
    op.create_index(op.f("ix_intake_clues_source_id"), "intake_clues", ["source_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_intake_clues_source_id"), table_name="intake_clues")
    op.drop_table("intake_clues")
    op.drop_table("intake_sources")
