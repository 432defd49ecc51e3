"""Hot-path statements: a prebuilt Core statement compiled once and sent with as little Python as possible.

On PostgreSQL a `Hot` statement goes straight to the session's own psycopg connection (same connection,
same transaction, same autocommit setting as the session's other statements): no per-call compile or
cache-key lookup, no execution context, no result object — measured ~95 µs of CPU per statement
against ~175 µs through `session.execute` (2026-11-26, bench/ops_cpu.py). psycopg returns the column
types SQLAlchemy would (timestamptz → aware datetime, numeric → Decimal, date → date), and its errors
are wrapped as SQLAlchemy's (`IntegrityError` …) with a lost connection invalidated, as
`session.execute` does. On SQLite the statement runs through `session.execute`, because there SQLAlchemy
does the type conversion (dates are stored as text).

Only for statements whose rows are plain columns: bind parameters by name (`bindparam("b_x")`), no
expanding IN — a PostgreSQL-only variant can be given as `pg=` (`in_list` does so for an IN list).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Select, any_, bindparam
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, Executable

SENT = [0]  # statements sent straight to psycopg by this process (bench/ops_cpu.py counts them)


class Hot:
    """A statement for the hot path (see the module docstring)."""

    def __init__(self, stmt: Executable, *, pg: Executable | None = None, columns: Sequence[str] = ()):
        self.stmt = stmt
        self.pg_stmt = pg if pg is not None else stmt
        self.columns = list(columns)  # INSERT … VALUES for executemany: the column keys
        self._sql: str | None = None
        self._fixed: dict[str, Any] = {}  # values the statement carries itself (LIMIT 1 → param_1)

    def _pg_sql(self, dialect: Any) -> str:
        if self._sql is None:
            if self.columns:
                compiled = self.pg_stmt.compile(
                    dialect=dialect, column_keys=self.columns, for_executemany=True
                )
            else:
                compiled = self.pg_stmt.compile(dialect=dialect)
            self._fixed = {k: v for k, v in compiled.params.items() if v is not None}
            for column in (*compiled.insert_prefetch, *compiled.update_prefetch):
                # a column the statement leaves to its Python-side default (SQLAlchemy fills these in
                # per execution): constants are sent along, anything else must be given by the caller
                if column.default is None or not column.default.is_scalar:
                    raise ValueError(
                        f"Hot statement: give column {column.key!r}, its default is not a constant"
                    )
                self._fixed.setdefault(column.key, column.default.arg)
            self._sql = compiled.string
        return self._sql

    def _run(self, session: Session, params: Any, *, many: bool = False, fetch: bool = True) -> Any:
        if session.autoflush and (session.new or session.dirty or session.deleted):
            session.flush()  # as session.execute would: pending ORM objects go out first
        conn = session.connection()
        dialect = conn.dialect
        if dialect.name != "postgresql":
            result = session.execute(self.stmt, params)
            if fetch:
                return [tuple(r) for r in result], result.rowcount  # type: ignore[attr-defined]
            return None, result.rowcount  # type: ignore[attr-defined]
        sql = self._pg_sql(dialect)
        if self._fixed:
            params = [{**self._fixed, **p} for p in params] if many else {**self._fixed, **params}
        raw = conn.connection.driver_connection
        assert raw is not None
        cursor = raw.cursor()
        SENT[0] += 1
        try:
            if many:
                cursor.executemany(sql, params)
            else:
                cursor.execute(sql, params)
            rows = cursor.fetchall() if fetch and cursor.description is not None else None
            return rows, cursor.rowcount
        except dialect.loaded_dbapi.Error as error:
            lost = dialect.is_disconnect(error, raw, cursor)
            if lost:
                conn.invalidate(error)
            raise sa_exc.DBAPIError.instance(
                sql, params, error, dialect.loaded_dbapi.Error, connection_invalidated=lost, dialect=dialect
            ) from error
        finally:
            cursor.close()

    def all(self, session: Session, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Every row, as tuples."""
        rows: list[tuple[Any, ...]] = self._run(session, params or {})[0]
        return rows

    def first(self, session: Session, params: Mapping[str, Any] | None = None) -> tuple[Any, ...] | None:
        """The first row, or None."""
        rows = self.all(session, params)
        return rows[0] if rows else None

    def scalar(self, session: Session, params: Mapping[str, Any] | None = None) -> Any:
        """The first column of the first row, or None."""
        row = self.first(session, params)
        return row[0] if row else None

    def rowcount(self, session: Session, params: Mapping[str, Any] | None = None) -> int:
        """Run a write; the number of rows it matched."""
        count: int = self._run(session, params or {}, fetch=False)[1]
        return count

    def many(self, session: Session, params: Sequence[Mapping[str, Any]]) -> None:
        """Run a write once per parameter set (psycopg pipelines them). One set goes as a plain execute:
        entering and leaving pipeline mode cost more CPU than the statement itself (most calls here write
        one ledger record, one case row or one handler)."""
        if len(params) == 1:
            self._run(session, params[0], fetch=False)
        elif params:
            self._run(session, list(params), many=True, fetch=False)


def in_list(stmt: Select[Any], column: ColumnElement[Any], name: str) -> Hot:
    """`stmt` restricted to `column IN (:name)` for a list given at run time. On PostgreSQL it is
    `= ANY(:name)` with an array: one statement text for any length of list (expanding IN is rendered
    anew for each length, which the raw path cannot do)."""
    return Hot(
        stmt.where(column.in_(bindparam(name, expanding=True))),
        pg=stmt.where(column == any_(bindparam(name, type_=ARRAY(column.type)))),
    )
