"""Alembic environment: runs against the connection handed in by zhifa.store.migrate."""

from __future__ import annotations

from alembic import context

import zhifa.store.models  # noqa: F401  (registers every table)
from zhifa.store.db import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Run with the connection given in config.attributes['connection']."""
    connection = config.attributes.get("connection")
    if connection is None:
        from zhifa.store.db import make_engine

        engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
        with engine.begin() as conn:
            _run(conn)
        return
    _run(connection)


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
