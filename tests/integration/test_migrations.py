"""The Alembic migrations and the SQLAlchemy models describe the same schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

import zhifa.store.models  # noqa: F401
from zhifa.store.db import Base
from zhifa.store.migrate import current_revision


def test_models_and_migrations_agree(engine: Engine) -> None:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == [], f"模型与迁移不一致，请生成新的 Alembic 迁移：{diff}"


def test_database_is_at_head(engine: Engine) -> None:
    from alembic.script import ScriptDirectory

    from zhifa.store.migrate import alembic_config

    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    assert current_revision(engine) == head
    assert "ledger_events" in inspect(engine).get_table_names()
