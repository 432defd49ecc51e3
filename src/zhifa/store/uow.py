"""Unit of work: `with uow: ...; uow.commit()` — the only place that commits."""

from __future__ import annotations

from types import TracebackType
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from zhifa.store.db import make_session_factory, readonly_bind


class UnitOfWork:
    """One transaction; leaving the block without commit() rolls back."""

    def __init__(
        self, engine: Engine, session_factory: sessionmaker[Any] | None = None, *, read_only: bool = False
    ) -> None:
        self.engine = engine
        self.read_only = read_only
        self._factory = session_factory or make_session_factory(engine)
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        """The open session (only inside the `with` block)."""
        if self._session is None:
            raise RuntimeError("UnitOfWork 未开启：请在 with 块内使用")
        return self._session

    def __enter__(self) -> UnitOfWork:
        if self._session is not None:
            raise RuntimeError("UnitOfWork 不可重入")
        if self.read_only:
            # Same pool, but SQLite begins deferred: readers never queue behind the write lock; on
            # PostgreSQL the reads run in autocommit (no BEGIN and ROLLBACK round trips: under READ
            # COMMITTED every statement takes its own snapshot inside a transaction too).
            self._session = self._factory(bind=readonly_bind(self.engine))
        else:
            self._session = self._factory()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._session is not None
        try:
            self._session.rollback()
        finally:
            self._session.close()
            self._session = None

    def reader(self) -> UnitOfWork:
        """A read-only sibling on the same engine and session factory, for the reads before a write
        (SQLite: deferred, never queued behind the write lock; PostgreSQL: autocommit, no BEGIN/ROLLBACK)."""
        return UnitOfWork(self.engine, self._factory, read_only=True)

    def commit(self) -> None:
        """Commit the transaction."""
        if self.read_only:
            raise RuntimeError("只读 UnitOfWork 不能提交")
        self.session.commit()

    def rollback(self) -> None:
        """Roll back explicitly."""
        self.session.rollback()

    def flush(self) -> None:
        """Flush pending changes (to get ids) without committing."""
        self.session.flush()
