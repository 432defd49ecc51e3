"""ledger guards: truncate triggers and checkpoints

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 16:40:00

- PostgreSQL: BEFORE TRUNCATE triggers refuse to wipe ledger_events, ledger_heads, ledger_checkpoints and
  docno_issued (the append-only tables); UPDATE/DELETE are refused on ledger_checkpoints and docno_issued
  as 0001 does for ledger_events.
- Both backends: a sealed head row may not be deleted, nor moved backwards (a rewound stream), nor
  renamed; SQLite has no TRUNCATE (a `DELETE` without WHERE is refused by the same DELETE triggers).
- Table ledger_checkpoints: every signed checkpoint taken (zhifa.ledger.checkpoint).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = ("ledger_checkpoints", "docno_issued")  # no UPDATE, no DELETE (ledger_events: 0001)
NO_TRUNCATE = ("ledger_events", "ledger_heads", "ledger_checkpoints", "docno_issued")


def upgrade() -> None:
    op.create_table(
        "ledger_checkpoints",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.Column("stream_count", sa.Integer(), nullable=False),
        sa.Column("record_count", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("root", sa.String(length=64), nullable=False),
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_checkpoints")),
    )
    with op.batch_alter_table("ledger_checkpoints", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ledger_checkpoints_created_at"), ["created_at"], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_guards()
    else:
        _sqlite_guards()


def _postgresql_guards() -> None:
    op.execute(
        """
        CREATE OR REPLACE FUNCTION zhifa_append_only() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only: % rejected', TG_TABLE_NAME, TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END;
        $$ LANGUAGE plpgsql
        """
    )
    op.execute(
        """
        CREATE OR REPLACE FUNCTION zhifa_ledger_head_forward() RETURNS trigger AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                RAISE EXCEPTION 'ledger_heads: DELETE rejected' USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF NEW.stream_id <> OLD.stream_id OR NEW.seq <= OLD.seq THEN
                RAISE EXCEPTION 'ledger_heads: a head only moves forward (% -> %)', OLD.seq, NEW.seq
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql
        """
    )
    for table in NO_TRUNCATE:
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION zhifa_append_only()"
        )
    for table in APPEND_ONLY:
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION zhifa_append_only()"
        )
    op.execute(
        "CREATE TRIGGER ledger_heads_forward_only BEFORE UPDATE OR DELETE ON ledger_heads "
        "FOR EACH ROW EXECUTE FUNCTION zhifa_ledger_head_forward()"
    )


def _sqlite_guards() -> None:
    for table in APPEND_ONLY:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {action} rejected'); END"
            )
    op.execute(
        "CREATE TRIGGER ledger_heads_no_delete BEFORE DELETE ON ledger_heads "
        "BEGIN SELECT RAISE(ABORT, 'ledger_heads: DELETE rejected'); END"
    )
    op.execute(
        "CREATE TRIGGER ledger_heads_forward_only BEFORE UPDATE ON ledger_heads "
        "WHEN NEW.stream_id <> OLD.stream_id OR NEW.seq <= OLD.seq "
        "BEGIN SELECT RAISE(ABORT, 'ledger_heads: a head only moves forward'); END"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS ledger_heads_forward_only ON ledger_heads")
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        for table in NO_TRUNCATE:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS zhifa_ledger_head_forward()")
        op.execute("DROP FUNCTION IF EXISTS zhifa_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS ledger_heads_forward_only")
        op.execute("DROP TRIGGER IF EXISTS ledger_heads_no_delete")
        for table in APPEND_ONLY:
            for action in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action}")
    with op.batch_alter_table("ledger_checkpoints", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_checkpoints_created_at"))
    op.drop_table("ledger_checkpoints")
