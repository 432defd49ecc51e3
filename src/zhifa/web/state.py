"""Process-wide objects the web layer hands to services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from zhifa.config import Settings
from zhifa.store.db import check_connection, make_engine, make_session_factory
from zhifa.store.uow import UnitOfWork


@dataclass
class AppState:
    """Settings, engine and session factory shared by requests."""

    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Any]

    @classmethod
    def build(cls, settings: Settings) -> AppState:
        """Create the engine for the configured database."""
        engine = make_engine(settings.database_url)
        return cls(settings=settings, engine=engine, session_factory=make_session_factory(engine))

    def uow(self) -> UnitOfWork:
        """A fresh unit of work."""
        return UnitOfWork(self.engine, self.session_factory)

    def check_database(self) -> None:
        """Raise StorageUnavailable when the database does not answer."""
        check_connection(self.engine)
