"""documents and the electronic dossier

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 16:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "document_texts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("sm3", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("docno", sa.String(length=64), nullable=False),
        sa.Column("party_name", sa.String(length=200), nullable=False),
        sa.Column("agency_path", sa.String(length=255), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_document_texts_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_texts")),
        sa.UniqueConstraint("case_id", "sm3", name=op.f("uq_document_texts_case_id_sm3")),
    )
    op.create_index(op.f("ix_document_texts_case_id"), "document_texts", ["case_id"])
    op.create_index(op.f("ix_document_texts_kind"), "document_texts", ["kind"])
    op.create_index(op.f("ix_document_texts_agency_path"), "document_texts", ["agency_path"])
    op.create_index(op.f("ix_document_texts_year"), "document_texts", ["year"])


def downgrade() -> None:
    op.drop_table("document_texts")
