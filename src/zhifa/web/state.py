"""Process-wide objects the web layer hands to services."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from zhifa.config import Settings
from zhifa.identity.actor_cache import ActorCache
from zhifa.store.db import check_connection, make_engine, make_session_factory
from zhifa.store.uow import UnitOfWork


@dataclass
class AppState:
    """Settings, engine, session factory and the actor cache shared by requests."""

    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Any]
    actors: ActorCache = field(default_factory=ActorCache)  # token / session → Actor, a few seconds

    @classmethod
    def build(cls, settings: Settings) -> AppState:
        """Create the engine for the configured database."""
        engine = make_engine(settings.database_url)
        return cls(settings=settings, engine=engine, session_factory=make_session_factory(engine))

    def uow(self, read_only: bool = False) -> UnitOfWork:
        """A fresh unit of work (read-only ones never wait for SQLite's write lock)."""
        return UnitOfWork(self.engine, self.session_factory, read_only=read_only)

    def check_database(self) -> None:
        """Raise StorageUnavailable when the database does not answer."""
        check_connection(self.engine)
