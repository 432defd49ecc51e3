"""verification lookup: index document_texts.sm3 for the public /verify/<sm3> page

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 20:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_document_texts_sm3"), "document_texts", ["sm3"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_document_texts_sm3"), table_name="document_texts")
